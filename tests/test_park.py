"""analysis.park: golden values from the bundled data, tiny fixtures for the rest, every error path."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import ArgumentError, load_park
from analysis.park import (
    as_of_dates,
    as_of_timestamp,
    conflicts,
    investment_per_resident,
    net_additions,
    profit_multiplier,
    residents,
    residents_cagr,
)

COLUMNS = ["as_of", "as_of_precision", "date_inferred", "metric", "value", "unit", "qualifier", "source_id", "note"]
PRECISION = {4: "year", 7: "month", 10: "day"}


def row(as_of: str, value: float, qualifier: str = "exact", source: str | None = None, **kw: str) -> dict:
    return {
        "as_of": as_of,
        "as_of_precision": PRECISION[len(as_of)],
        "date_inferred": False,
        "metric": kw.get("metric", "residents_count"),
        "value": float(value),
        "unit": kw.get("unit", "companies"),
        "qualifier": qualifier,
        "source_id": source or f"src-{as_of}-{value:g}",
        "note": kw.get("note", ""),
    }


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=COLUMNS).astype({"value": "float64", "date_inferred": "bool"})


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
# dates
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [("2023-04-30", "2023-04-30"), ("2023-02", "2023-02-15"), ("2019", "2019-07-01"), ("2024-02-29", "2024-02-29")],
)
def test_partial_dates_sit_mid_period(as_of, expected):
    assert as_of_timestamp(as_of) == pd.Timestamp(expected)


def test_as_of_dates_keeps_the_index():
    s = pd.Series(["2020", "2020-01"], index=[7, 3], name="as_of")
    out = as_of_dates(s)
    assert out.index.tolist() == [7, 3]
    assert out.tolist() == [pd.Timestamp("2020-07-01"), pd.Timestamp("2020-01-15")]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("2023/02", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("Feb 2023", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2023-13", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2023-02-30", "does not exist"),
    ],
)
def test_bad_dates_are_argument_errors(bad, message):
    with pytest.raises(ArgumentError, match=message):
        as_of_timestamp(bad)


def test_date_helpers_reject_non_strings():
    with pytest.raises(ArgumentError, match="must be a string"):
        as_of_timestamp(2023)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="pandas Series"):
        as_of_dates(["2023"])  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# residents
# --------------------------------------------------------------------------------------------


def test_residents_is_a_sorted_step_series_keeping_qualifier_and_source():
    park = frame(row("2021", 20, "over", "b"), row("2020-01-01", 10, source="a"), row("2020-06", 15, source="c"))
    series = residents(park)
    assert series["as_of"].tolist() == ["2020-01-01", "2020-06", "2021"]
    assert series["value"].tolist() == [10.0, 15.0, 20.0]
    assert series["qualifier"].tolist() == ["exact", "exact", "over"]
    assert series["source_id"].tolist() == ["a", "c", "b"]
    assert series["until"].tolist()[:2] == [pd.Timestamp("2020-06-15"), pd.Timestamp("2021-07-01")]
    assert pd.isna(series["until"].iloc[-1])
    assert series.index.tolist() == [0, 1, 2]
    assert "metric" not in series.columns


def test_residents_ties_put_the_more_precise_date_first_and_share_until():
    park = frame(row("2020-02", 5, source="m"), row("2020-02-15", 6, source="d"), row("2020-03", 7))
    series = residents(park)
    assert series["as_of"].tolist() == ["2020-02-15", "2020-02", "2020-03"]
    assert (series["until"].iloc[:2] == pd.Timestamp("2020-03-15")).all()
    assert not series["conflict"].any()  # different as_of labels are not a conflict


def test_residents_of_another_metric():
    park = frame(row("2020", 1), row("2019", 8, metric="resident_countries"))
    assert residents(park, "resident_countries")["value"].tolist() == [8.0]


def test_residents_does_not_mutate_its_input():
    park = frame(row("2021", 20), row("2020", 10), row("2020", 11))
    before = park.copy(deep=True)
    residents(park)
    net_additions(park)
    conflicts(park)
    residents_cagr(park, "2020", "2021", start_source="src-2020-10")
    pd.testing.assert_frame_equal(park, before)


def test_unknown_metric_suggests_close_names():
    with pytest.raises(ArgumentError, match=r"unknown metric 'residents_cnt'.*did you mean 'residents_count'"):
        residents(frame(row("2020", 1)), "residents_cnt")


@pytest.mark.parametrize(
    ("park", "message"),
    [
        ([1, 2], "must be a pandas DataFrame"),
        (pd.DataFrame({"as_of": ["2020"], "value": [1.0]}), r"lacks column\(s\) as_of_precision"),
        (frame(row("2020", 1)).astype({"value": "str"}), "must hold numbers"),
    ],
    ids=["not-a-frame", "missing-columns", "text-values"],
)
def test_residents_rejects_frames_it_cannot_use(park, message):
    with pytest.raises(ArgumentError, match=message):
        residents(park)


def test_metric_must_be_a_string():
    with pytest.raises(ArgumentError, match="metric must be a string"):
        residents(frame(row("2020", 1)), 3)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# net additions
# --------------------------------------------------------------------------------------------


def test_net_additions_between_consecutive_observations():
    park = frame(row("2020-01-01", 10), row("2020-07-01", 16, "over"), row("2021-01-01", 14))
    observed = net_additions(park).observed
    assert observed["days"].tolist() == [182, 184]
    assert observed["change"].tolist() == [6.0, -2.0]
    assert observed["per_year"].tolist() == pytest.approx([6 * 365.25 / 182, -2 * 365.25 / 184])
    # up to an "over" count the change is a lower bound; away from it an upper bound
    assert observed["bound"].tolist() == ["lower", "upper"]
    assert observed["precision"].tolist() == ["day", "day"]
    assert not observed["same_date"].any()


def test_a_same_date_conflict_is_not_an_addition():
    park = frame(row("2025", 142, source="x"), row("2025", 150, source="y"), row("2026-01-29", 171))
    observed = net_additions(park).observed
    first = observed.iloc[0]
    assert bool(first["same_date"]) and first["days"] == 0 and math.isnan(first["per_year"])
    assert (first["from_source_id"], first["to_source_id"]) == ("x", "y")
    assert observed["precision"].tolist() == ["year", "year"]


def test_net_additions_of_a_single_observation_is_empty():
    observed = net_additions(frame(row("2020", 1))).observed
    assert observed.empty
    assert "change" in observed.columns


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


dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))
labels = st.one_of(
    dates.map(lambda d: d.isoformat()), dates.map(lambda d: d.isoformat()[:7]), dates.map(lambda d: d.isoformat()[:4])
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(labels, st.integers(0, 500)), min_size=1, max_size=12))
def test_additions_sum_to_last_minus_first(points):
    park = frame(*[row(a, v, source=f"s{i}") for i, (a, v) in enumerate(points)])
    series = residents(park)
    observed = net_additions(park).observed
    assert len(observed) == len(series) - 1
    assert observed["change"].sum() == series["value"].iloc[-1] - series["value"].iloc[0]
    assert (observed["days"] >= 0).all()
    assert series["date"].is_monotonic_increasing


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


# --------------------------------------------------------------------------------------------
# conflicts
# --------------------------------------------------------------------------------------------


def test_three_different_values_give_three_pairs_and_agreeing_sources_none():
    park = frame(
        row("2025", 9, source="a"),
        row("2025", 11, source="b"),
        row("2025", 34, source="c"),
        row("2024", 30, source="d"),
        row("2024", 30, source="e"),
    )
    table = conflicts(park)
    assert list(zip(table["value_a"], table["value_b"], strict=True)) == [(9, 11), (9, 34), (11, 34)]
    assert list(zip(table["source_id_a"], table["source_id_b"], strict=True)) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert table["difference"].tolist() == [2.0, 25.0, 23.0]


def test_conflicts_need_the_same_unit_and_date():
    park = frame(
        row("2025", 1.7e9, unit="USD"),
        row("2025", 1.6, unit="USD billions"),
        row("2025-06", 150),
        row("2025-06-30", 157),
    )
    table = conflicts(park)
    assert table.empty
    assert list(table.columns[:5]) == ["metric", "as_of", "unit", "value_a", "qualifier_a"]


def test_conflicts_of_one_metric_and_sorted_by_date():
    park = frame(
        row("2026", 1, source="a"),
        row("2026", 2, source="b"),
        row("2015-05-12", 7, source="c"),
        row("2015-05-12", 8, source="d"),
        row("2015-05-12", 6, source="e", metric="residents_first_batch_chinese"),
        row("2015-05-12", 5, source="f", metric="residents_first_batch_chinese"),
    )
    assert conflicts(park)["as_of"].tolist() == ["2015-05-12", "2026", "2015-05-12"]
    only = conflicts(park, metric="residents_count")
    assert only["as_of"].tolist() == ["2015-05-12", "2026"]
    with pytest.raises(ArgumentError, match="unknown metric 'residents'"):
        conflicts(park, metric="residents")
