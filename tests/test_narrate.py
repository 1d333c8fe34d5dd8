"""Sentences: computed figures, the reporter named, hedges carried and rounded the safe way."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import ArgumentError, load_sources, load_trade
from analysis.narrate import by_statistics, growth_sentence, source_footer, two_sides_sentence, whose
from analysis.series import annual_series


@pytest.fixture(scope="module")
def trade() -> pd.DataFrame:
    return load_trade()


def one(year: int, value: float, qualifier: str = "exact", reporter: str = "CHN", partner: str = "BLR") -> dict:
    return {
        "year": year,
        "reporter": reporter,
        "partner": partner,
        "flow": "total",
        "value_usd": value,
        "qualifier": qualifier,
        "valuation": "unknown",
        "source_id": "s",
    }


def test_headline_growth_sentence(trade):
    text = growth_sentence(annual_series(trade, "CHN", "BLR"), 1992, 2022)
    assert text.startswith("By China's own statistics, China–Belarus trade grew from US$60.8 million in 1992")
    assert "US$5.08 billion in 2022" in text
    # 5.08e9 / 60.811e6 = 83.54 (the article's rounded 60.8m gives 83.55)
    assert "83.5× the starting level (an increase of 82.5 times)" in text
    assert "15.9% a year compounded over 30 years" in text
    assert "doubled every 4.7 years" in text


def test_lower_bound_end_value_makes_the_multiple_a_lower_bound():
    series = pd.DataFrame([one(2000, 1e9), one(2010, 12.99e9, "over")])
    text = growth_sentence(series, 2000, 2010)
    assert "to over US$12.9 billion in 2010" in text
    assert "over 12.9× the starting level" in text  # 12.99 floored, never rounded up to 13.0


def test_upper_bound_start_value_also_makes_a_lower_bound():
    series = pd.DataFrame([one(2000, 1e9, "nearly"), one(2010, 5e9)])
    assert "over 5.0×" in growth_sentence(series, 2000, 2010)


def test_decline_is_said_as_a_decline():
    series = pd.DataFrame([one(2000, 2e9), one(2002, 1e9)])
    assert "-29.3% a year over 2 years" in growth_sentence(series, 2000, 2002)


def test_sentence_errors():
    series = pd.DataFrame([one(2000, 1e9), one(2010, 2e9)])
    with pytest.raises(ArgumentError, match="must be after start year"):
        growth_sentence(series, 2010, 2000)
    with pytest.raises(ArgumentError, match="no value for 2005"):
        growth_sentence(series, 2005, 2010)


def test_two_sides_sentence(trade):
    text = two_sides_sentence(annual_series(trade, "CHN", "BLR"), annual_series(trade, "BLR", "CHN"), 1992)
    assert text == (
        "For 1992, China reports US$60.8 million of trade with Belarus, while Belarus reports "
        "US$34.0 million: 0.56× the China-reported figure."
    )


def test_labels():
    assert whose("BLR") == "Belarus-reported"
    assert by_statistics("CHN") == "by China's own statistics"


def test_source_footer_collapses_imf_and_lists_statements():
    sources = load_sources()
    footer = source_footer(["imf-dots-chn", "imf-dots-blr", "biang-ru-2023-09-30"], sources)
    assert footer == "Source: IMF, Direction of Trade Statistics; biang.ru (reprint of Interfax) (2023-09-30)"
    many = source_footer(list(sources["source_id"][3:12]), sources, limit=2)
    assert many.endswith("more (data/sources.csv)")
    with pytest.raises(ArgumentError, match="not in the sources table: nope"):
        source_footer(["nope"], sources)
