"""Bilateral series: one reporter at a time, totals only from both flows, part-years excluded, gaps kept."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import ArgumentError, load_trade
from analysis.series import (
    annual_series,
    as_values,
    both_sides,
    cited_sources,
    row_in,
    value_in,
)


def tidy(*rows: tuple) -> pd.DataFrame:
    cols = ["year", "reporter", "partner", "flow", "value", "valuation", "period", "qualifier", "source_id"]
    return pd.DataFrame(rows, columns=cols).astype({"year": "int64", "value": "float64"})


@pytest.fixture(scope="module")
def trade() -> pd.DataFrame:
    return load_trade()


def test_golden_china_reported_totals(trade):
    china = annual_series(trade, "CHN", "BLR")
    assert value_in(china, 1992) == pytest.approx(60.811e6)
    assert value_in(china, 2009) == pytest.approx(810.0e6, abs=0.05e6)
    assert value_in(china, 2022) == 5.08e9
    assert row_in(china, 1992)["source_id"] == "imf-dots-chn"
    assert row_in(china, 2022)["source_id"] == "biang-ru-2023-09-30;ycwb-com-2023-08-23"


def test_golden_belarus_reported_totals(trade):
    belarus = annual_series(trade, "BLR", "CHN")
    assert value_in(belarus, 1992) == pytest.approx(33.953e6)
    assert value_in(belarus, 2019) == pytest.approx(4.4809e9, rel=1e-4)
    # 2022: Belarus published both flows (BelTA), so the total is derived: 1.61 + 4.18
    assert value_in(belarus, 2022) == pytest.approx(5.79e9)
    assert row_in(belarus, 2022)["valuation"] == "unknown"


def test_gaps_stay_gaps(trade):
    belarus = annual_series(trade, "BLR", "CHN")
    assert 2024 not in set(belarus["year"])
    with pytest.raises(ArgumentError, match="no value for 2024"):
        value_in(belarus, 2024)


def test_part_year_values_never_enter_annual_series():
    frame = tidy(
        (2023, "CHN", "BLR", "total", 3.72e9, "unknown", "Jan-May", "exact", "s1"),
        (2023, "CHN", "BLR", "total", 8.443e9, "unknown", "annual", "exact", "s2"),
        (2024, "CHN", "BLR", "total", 1.0e9, "unknown", "Jan-Nov", "exact", "s3"),
    )
    series = annual_series(frame, "CHN", "BLR")
    assert series["year"].tolist() == [2023]
    assert series["value"].tolist() == [8.443e9]


def test_total_needs_both_flows():
    frame = tidy(
        (2000, "AAA", "BBB", "export", 10.0, "FOB", "annual", "exact", "s1"),
        (2000, "AAA", "BBB", "import", 5.0, "CIF", "annual", "exact", "s1"),
        (2001, "AAA", "BBB", "export", 12.0, "FOB", "annual", "exact", "s1"),
    )
    series = annual_series(frame, "AAA", "BBB")
    assert series["year"].tolist() == [2000]
    assert series["value"].tolist() == [15.0]
    assert series["valuation"].tolist() == ["FOB+CIF"]


def test_flows_beat_a_published_total_for_the_same_year():
    frame = tidy(
        (2000, "AAA", "BBB", "export", 10.0, "FOB", "annual", "exact", "s1"),
        (2000, "AAA", "BBB", "import", 5.0, "CIF", "annual", "exact", "s1"),
        (2000, "AAA", "BBB", "total", 99.0, "unknown", "annual", "exact", "s2"),
    )
    assert annual_series(frame, "AAA", "BBB")["value"].tolist() == [15.0]


def test_least_hedged_value_wins_and_equal_values_merge_sources():
    frame = tidy(
        (2023, "CHN", "BLR", "total", 8.443e9, "unknown", "annual", "exact", "s-exact"),
        (2023, "CHN", "BLR", "total", 8.4e9, "unknown", "annual", "over", "s-over"),
        (2022, "CHN", "BLR", "total", 5.08e9, "unknown", "annual", "exact", "s-b"),
        (2022, "CHN", "BLR", "total", 5.08e9, "unknown", "annual", "exact", "s-a"),
    )
    series = annual_series(frame, "CHN", "BLR").set_index("year")
    assert series.loc[2023, "value"] == 8.443e9
    assert series.loc[2023, "source_id"] == "s-exact"
    assert series.loc[2022, "source_id"] == "s-a;s-b"


def test_equally_hedged_disagreement_is_an_error():
    frame = tidy(
        (2021, "BLR", "CHN", "total", 5.1e9, "unknown", "annual", "exact", "s1"),
        (2021, "BLR", "CHN", "total", 5.9e9, "unknown", "annual", "exact", "s2"),
    )
    with pytest.raises(ArgumentError, match=r"ambiguous total for BLR->CHN in 2021.*s1.*s2"):
        annual_series(frame, "BLR", "CHN")


def test_hedges_carry_into_a_derived_total():
    frame = tidy(
        (2000, "AAA", "BBB", "export", 10.0, "unknown", "annual", "exact", "s1"),
        (2000, "AAA", "BBB", "import", 5.0, "unknown", "annual", "over", "s2"),
    )
    row = annual_series(frame, "AAA", "BBB").iloc[0]
    assert (row["qualifier"], row["source_id"], row["valuation"]) == ("over", "s1;s2", "unknown")


def test_both_sides_keeps_the_reporter(trade):
    both = both_sides(trade, "CHN", "BLR")
    assert set(both["reporter"]) == {"CHN", "BLR"}
    by_side = both[both["year"] == 1992].set_index("reporter")["value"]
    assert by_side["CHN"] > by_side["BLR"]  # 60.8m against 34.0m: two different statistics


def test_unknown_flow_and_country_are_errors(trade):
    with pytest.raises(ArgumentError, match="unknown flow 'exports'"):
        annual_series(trade, "CHN", "BLR", "exports")
    with pytest.raises(ArgumentError, match="no rows with reporter 'RUS'"):
        annual_series(trade, "RUS", "BLR")


def test_inputs_are_not_mutated(trade):
    before = trade.copy()
    annual_series(trade, "BLR", "CHN")
    pd.testing.assert_frame_equal(trade, before)


def test_as_values_and_cited_sources(trade):
    china = annual_series(trade, "CHN", "BLR")
    values = as_values(china)
    assert values.index.name == "year"
    assert values.loc[1992] == pytest.approx(60.811e6)
    ids = cited_sources(china)
    assert ids[0] == "imf-dots-chn"
    assert "ycwb-com-2023-08-23" in ids


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1990, 2020), st.floats(1, 1e12), st.floats(1, 1e12)),
        min_size=1,
        max_size=15,
        unique_by=lambda t: t[0],
    )
)
def test_total_is_exactly_export_plus_import(rows):
    frame = tidy(
        *[(y, "AAA", "BBB", "export", x, "FOB", "annual", "exact", "s") for y, x, _ in rows],
        *[(y, "AAA", "BBB", "import", m, "CIF", "annual", "exact", "s") for y, _, m in rows],
    )
    series = annual_series(frame, "AAA", "BBB").set_index("year")["value"]
    for y, x, m in rows:
        assert series[y] == x + m
