"""Mirror statistics: golden ratios from IMF DOTS, any pair, errors."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import ArgumentError, load_trade
from analysis.mirror import VALUATION_CAVEAT, mirror_table, summarise_ratio, totals_ratio


@pytest.fixture(scope="module")
def trade() -> pd.DataFrame:
    return load_trade()


def test_golden_mirror_ratios_2019(trade):
    table = mirror_table(trade, "CHN", "BLR").set_index(["year", "exporter"])
    china_to_belarus = table.loc[(2019, "CHN")]
    assert china_to_belarus["ratio"] == pytest.approx(3807.5948 / 1777.67595, rel=1e-9)
    assert round(china_to_belarus["ratio"], 3) == 2.142
    assert round(table.loc[(2019, "BLR"), "ratio"], 3) == 1.358
    assert china_to_belarus["gap_usd"] == pytest.approx((3807.5948 - 1777.67595) * 1e6)
    assert (china_to_belarus["export_valuation"], china_to_belarus["import_valuation"]) == ("FOB", "CIF")


def test_mirror_only_where_both_sides_report(trade):
    table = mirror_table(trade, "CHN", "BLR")
    assert table["year"].max() == 2020  # after 2020 no side published both flows in the same year
    assert len(table) == 2 * 29


def test_median_ratio_of_totals_2006_2020(trade):
    summary = summarise_ratio(totals_ratio(trade, "BLR", "CHN"), 2006, 2020)
    assert round(summary.median, 2) == 1.70
    assert round(summary.min, 2) == 1.48
    assert round(summary.max, 2) == 2.36
    assert summary.n_years == 15


def test_totals_ratio_1992_about_thirty_against_sixty(trade):
    ratio = totals_ratio(trade, "BLR", "CHN").set_index("year").loc[1992]
    assert ratio["BLR_reported_usd"] == pytest.approx(33.953e6)
    assert ratio["CHN_reported_usd"] == pytest.approx(60.811e6)


def test_works_for_any_pair():
    frame = pd.DataFrame(
        {
            "year": [2000, 2000],
            "reporter": ["THA", "CHN"],
            "partner": ["CHN", "THA"],
            "flow": ["export", "import"],
            "value": [100.0, 110.0],
            "valuation": ["FOB", "CIF"],
            "period": ["annual", "annual"],
            "qualifier": ["exact", "exact"],
            "source_id": ["a", "b"],
        }
    )
    table = mirror_table(frame, "THA", "CHN")
    assert table[["exporter", "importer", "ratio"]].to_dict("records") == [
        {"exporter": "THA", "importer": "CHN", "ratio": pytest.approx(1.1)}
    ]


def test_errors(trade):
    with pytest.raises(ArgumentError, match="two different countries"):
        mirror_table(trade, "CHN", "CHN")
    table = totals_ratio(trade, "BLR", "CHN")
    with pytest.raises(ArgumentError, match="before start year"):
        summarise_ratio(table, 2020, 2006)
    with pytest.raises(ArgumentError, match="no years with both sides"):
        summarise_ratio(table, 1900, 1950)


def test_caveat_names_both_valuations():
    assert "FOB" in VALUATION_CAVEAT and "CIF" in VALUATION_CAVEAT
