"""analysis.park: golden values from the bundled data, tiny fixtures for the rest, every error path."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from observation_rows import frame, row

from analysis import ArgumentError, load_park
from analysis.park import (
    conflicts,
    investment_per_resident,
    net_additions,
    profit_multiplier,
    residents,
    residents_cagr,
)


@pytest.fixture(scope="module")
def park() -> pd.DataFrame:
    return load_park()


# --------------------------------------------------------------------------------------------
# golden values from the bundled data
# --------------------------------------------------------------------------------------------


def test_article_107_in_february_2023_then_seetao_108_at_end_of_april(park):
    series = residents(park).set_index("as_of")
    assert series.loc["2023-02", "value"] == 107
    assert series.loc["2023-02", "source_id"] == "article-2023-03-03"
    assert series.loc["2023-02", "qualifier"] == "exact"
    assert series.loc["2023-04-30", "value"] == 108
    assert series.loc["2023-04-30", "source_id"] == "seetao-com-2023-05-18"
    # a step: 107 holds from mid-February until the next observation, nothing in between
    assert series.loc["2023-02", "until"] == pd.Timestamp("2023-04-30")


def test_first_batch_seven_vs_eight_is_a_conflict_with_both_sources(park):
    table = conflicts(park, metric="residents_first_batch")
    assert len(table) == 1
    pair = table.iloc[0]
    assert (pair["as_of"], pair["value_a"], pair["value_b"]) == ("2015-05-12", 7.0, 8.0)
    assert pair["source_id_a"] == "industrialpark-by-2015-b"
    assert pair["source_id_b"] == "salonsbyjcnaples-com-2020-05"
    assert pair["difference"] == 1.0


def test_conflicting_resident_counts_are_all_kept_and_flagged(park):
    series = residents(park)
    of_2025 = series[series["as_of"] == "2025"]
    assert sorted(of_2025["value"]) == [142.0, 150.0]
    assert of_2025["conflict"].all()
    assert not series.loc[series["as_of"] == "2023-02", "conflict"].any()
    assert len(series) == (park["metric"] == "residents_count").sum()  # nothing added or dropped


def test_investment_per_resident_is_a_lower_bound_never_rounded_up(park):
    article = park[park["source_id"] == "article-2023-03-03"].set_index("metric")
    inv = article.loc["declared_investment_usd"]
    result = investment_per_resident(inv["value"], article.loc["residents_count", "value"], inv["qualifier"])
    assert result.value == pytest.approx(12.149e6, rel=1e-4)
    assert result.value == 1.3e9 / 107
    assert result.bound == "lower"
    assert result.rounded(-5) == 12.1e6
    assert result.rounded(-3) == 12_149_000.0
    assert result.rounded(-6) == 12e6  # not 13e6, although 12.15 would round half up


def test_net_profit_plus_140_percent_is_2_4_times(park):
    growth = park.loc[(park["metric"] == "net_profit_growth_pct") & (park["source_id"] == "article-2023-03-03")]
    assert profit_multiplier(float(growth["value"].iloc[0])) == 2.4
    assert profit_multiplier("+140%") == 2.4


def test_cagr_on_the_bundled_series(park):
    g = residents_cagr(park, "2016-12", "2026-01-29")
    days = (pd.Timestamp("2026-01-29") - pd.Timestamp("2016-12-15")).days
    assert (g.start_value, g.end_value, g.multiple) == (8.0, 171.0, 21.375)
    assert g.years == pytest.approx(days / 365.25)
    assert g.rate == pytest.approx(21.375 ** (365.25 / days) - 1)
    assert g.bound == "exact"


def test_published_additions_separate_full_years_from_year_to_date(park):
    published = net_additions(park).published
    full = published[~published["year_to_date"]].set_index("year")["value"]
    assert full.to_dict() == {2020: 13.0, 2023: 26.0, 2024: 30.0, 2025: 34.0}
    assert set(published.loc[published["year_to_date"], "year"]) == {2022, 2023, 2024, 2025}


# --------------------------------------------------------------------------------------------
# residents and net additions
# --------------------------------------------------------------------------------------------


def test_errors_call_the_frame_park():
    with pytest.raises(ArgumentError, match="park must be a pandas DataFrame"):
        residents([1, 2])  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="park lacks column"):
        net_additions(pd.DataFrame({"as_of": ["2020"]}))


def test_residents_does_not_mutate_its_input():
    park = frame(row("2021", 20), row("2020", 10), row("2020", 11))
    before = park.copy(deep=True)
    residents(park)
    net_additions(park)
    conflicts(park)
    residents_cagr(park, "2020", "2021", start_source="src-2020-10")
    pd.testing.assert_frame_equal(park, before)


def test_published_additions_where_published():
    park = frame(
        row("2020", 5),
        row("2021", 13, metric="residents_new_in_year"),
        row("2022-10-10", 10, metric="residents_new_in_year"),
        row("2023", 23, metric="residents_new_in_year", note="2023 year-to-date"),
        row("2023", 26, metric="residents_new_in_year", note="full-year 2023 (cf. 23 year-to-date)"),
    )
    published = net_additions(park).published
    assert published["year"].tolist() == [2021, 2022, 2023, 2023]
    assert published["year_to_date"].tolist() == [False, True, True, False]
    assert published["year"].dtype == "int64"


def test_published_additions_empty_when_none_published():
    published = net_additions(frame(row("2020", 5), row("2021", 6))).published
    assert published.empty
    assert {"year", "value", "year_to_date"} <= set(published.columns)


def test_net_additions_need_resident_counts():
    with pytest.raises(ArgumentError, match="unknown metric 'residents_count'"):
        net_additions(frame(row("2020", 5, metric="resident_countries")))


# --------------------------------------------------------------------------------------------
# CAGR between two observations
# --------------------------------------------------------------------------------------------


def test_cagr_over_fractional_years_between_exact_dates():
    park = frame(row("2020-01-01", 100), row("2022-01-01", 121))
    g = residents_cagr(park, "2020-01-01", dt.date(2022, 1, 1))
    assert g.years == pytest.approx(731 / 365.25)
    assert g.rate == pytest.approx(1.21 ** (365.25 / 731) - 1)
    assert (g.start_as_of, g.end_as_of, g.multiple) == ("2020-01-01", "2022-01-01", 1.21)


def test_cagr_between_years_counts_whole_intervals():
    g = residents_cagr(frame(row("2020", 100), row("2022", 121)), "2020", "2022")
    assert g.years == 2.0
    assert g.rate == pytest.approx(0.1)


def test_cagr_accepts_timestamps_and_reports_sources():
    park = frame(row("2023-02", 107, source="article"), row("2023-04-30", 108, source="seetao"))
    g = residents_cagr(park, "2023-02", pd.Timestamp("2023-04-30"))
    assert (g.start_source, g.end_source) == ("article", "seetao")
    assert g.years == pytest.approx(74 / 365.25)


@pytest.mark.parametrize(
    ("q_start", "q_end", "bound"),
    [("exact", "over", "lower"), ("over", "exact", "upper"), ("about", "exact", "approximate")],
)
def test_cagr_bound_follows_the_hedges(q_start, q_end, bound):
    park = frame(row("2020", 10, q_start), row("2022", 20, q_end))
    assert residents_cagr(park, "2020", "2022").bound == bound


def test_cagr_at_a_conflicting_date_needs_a_source():
    park = frame(row("2025", 142, source="x"), row("2025", 150, source="y"), row("2026-01-29", 171))
    with pytest.raises(ArgumentError, match=r"2 conflicting observations .* at 2025: .*choose one with start_source"):
        residents_cagr(park, "2025", "2026-01-29")
    g = residents_cagr(park, "2025", "2026-01-29", start_source="y")
    assert g.start_value == 150


def test_cagr_sources_that_agree_are_joined():
    park = frame(row("2024-02-20", 127, source="a"), row("2024-02-20", 127, source="b"), row("2025", 150))
    assert residents_cagr(park, "2024-02-20", "2025").start_source == "a; b"


@pytest.mark.parametrize(
    ("start", "end", "kwargs", "message"),
    [
        ("2020-02", "2022", {}, r"no residents_count observation at 2020-02 .*nearest: 2020 \(100"),
        ("2020", "2023", {}, "no residents_count observation at 2023"),
        ("2020", "2022", {"end_source": "nope"}, "at 2022 from source 'nope'"),
        ("2022", "2020", {}, r"end \(2020\) must be after start \(2022\)"),
        ("Feb 2020", "2022", {}, "start must be a date label"),
        (2020, "2022", {}, "start must be a date label such as '2023-02' or a date, got int"),
        ("2020", pd.NaT, {}, "end is missing"),
        ("2020", "2022", {"start_source": 5}, "start_source must be a source_id string"),
    ],
)
def test_cagr_argument_errors(start, end, kwargs, message):
    park = frame(row("2020", 100), row("2022", 121))
    with pytest.raises(ArgumentError, match=message):
        residents_cagr(park, start, end, **kwargs)


def test_cagr_from_zero_is_an_error():
    with pytest.raises(ArgumentError, match="start must be positive"):
        residents_cagr(frame(row("2020-01-01", 0), row("2021-01-01", 5)), "2020-01-01", "2021-01-01")


def test_cagr_too_large_to_represent():
    park = frame(row("2020-01-01", 1), row("2020-01-02", 1e300))
    with pytest.raises(ArgumentError, match="too large"):
        residents_cagr(park, "2020-01-01", "2020-01-02")


@settings(max_examples=80, deadline=None)
@given(st.floats(1, 1e4), st.floats(0.05, 20), st.integers(180, 6000))
def test_cagr_compounds_back_to_the_end_value(start, multiple, days):
    d0 = dt.date(2010, 1, 1)
    end = start * multiple
    park = frame(row(d0.isoformat(), start), row((d0 + dt.timedelta(days=days)).isoformat(), end))
    g = residents_cagr(park, d0, d0 + dt.timedelta(days=days))
    assert start * (1 + g.rate) ** g.years == pytest.approx(end, rel=1e-9)


# --------------------------------------------------------------------------------------------
# investment per resident, bounds and rounding
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q_inv", "q_res", "bound"),
    [
        ("exact", "exact", "exact"),
        ("over", "exact", "lower"),
        ("nearly", "exact", "upper"),
        ("exact", "over", "upper"),
        ("exact", "nearly", "lower"),
        ("over", "nearly", "lower"),
        ("over", "over", "approximate"),
        ("about", "exact", "approximate"),
        ("exact", "about", "approximate"),
    ],
)
def test_investment_per_resident_bound(q_inv, q_res, bound):
    assert investment_per_resident(1e9, 100, q_inv, residents_qualifier=q_res).bound == bound


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((0, 107), {}, "investment_usd must be positive"),
        ((-1e9, 107), {}, "investment_usd must be positive"),
        ((1.3e9, 0), {}, "residents must be positive"),
        ((1.3e9, 107.5), {}, "whole number of companies"),
        ((float("nan"), 107), {}, "investment_usd must be finite"),
        ((1.3e9, float("inf")), {}, "residents must be finite"),
        ((True, 107), {}, "investment_usd must be a number"),
        (("1.3e9", 107), {}, "investment_usd must be a number"),
        ((1.3e9, 107, "roughly"), {}, "qualifier must be one of exact, about, over, nearly"),
        ((1.3e9, 107), {"residents_qualifier": "more"}, "residents_qualifier must be one of"),
    ],
)
def test_investment_per_resident_errors(args, kwargs, message):
    with pytest.raises(ArgumentError, match=message):
        investment_per_resident(*args, **kwargs)


# --------------------------------------------------------------------------------------------
# profit multiplier
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("growth", "multiplier"),
    [("+140%", 2.4), ("140%", 2.4), (" 140 % ", 2.4), ("140", 2.4), (140, 2.4), ("-25%", 0.75), ("\u221220%", 0.8)],
)
def test_profit_multiplier(growth, multiplier):
    assert profit_multiplier(growth) == pytest.approx(multiplier, rel=1e-15)


@pytest.mark.parametrize(
    ("growth", "message"),
    [
        ("-100%", "must be above -100"),
        (-150, "must be above -100"),
        ("lots", "percentage such as '\\+140%'"),
        ("140%%", "percentage such as"),
        (float("nan"), "must be finite"),
        (True, "must be a number or a string"),
        (None, "must be a number or a string"),
    ],
)
def test_profit_multiplier_errors(growth, message):
    with pytest.raises(ArgumentError, match=message):
        profit_multiplier(growth)


@given(st.floats(-99.99, 1e6))
def test_profit_multiplier_is_one_plus_growth(pct):
    m = profit_multiplier(pct)
    assert m > 0
    assert m == pytest.approx(1 + pct / 100, rel=1e-12, abs=1e-15)


def test_doctests_pass():
    import doctest

    from analysis import park as module

    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 3
    assert result.failed == 0
