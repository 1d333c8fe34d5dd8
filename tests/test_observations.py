"""analysis.observations: partial dates with their precision, step series, changes, conflicts."""

from __future__ import annotations

import datetime as dt
import doctest
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from observation_rows import frame, row

from analysis import ArgumentError, observations
from analysis.observations import (
    PRECISIONS,
    as_of_dates,
    as_of_intervals,
    as_of_timestamp,
    changes,
    conflicts,
    date_label,
    parse_as_of,
    step_series,
    year_fraction,
)


def test_doctests_pass():
    result = doctest.testmod(observations, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8
    assert result.failed == 0


def test_the_date_rules_are_the_contracts():
    from analysis import schema

    assert observations.AS_OF_PATTERN == schema.PARTIAL_DATE_RE
    assert set(PRECISIONS) == set(schema.PRECISIONS)


# --------------------------------------------------------------------------------------------
# partial dates
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


def test_step_series_is_a_sorted_step_series_keeping_qualifier_and_source():
    park = frame(row("2021", 20, "over", "b"), row("2020-01-01", 10, source="a"), row("2020-06", 15, source="c"))
    series = step_series(park, "residents_count")
    assert series["as_of"].tolist() == ["2020-01-01", "2020-06", "2021"]
    assert series["value"].tolist() == [10.0, 15.0, 20.0]
    assert series["qualifier"].tolist() == ["exact", "exact", "over"]
    assert series["source_id"].tolist() == ["a", "c", "b"]
    assert series["until"].tolist()[:2] == [pd.Timestamp("2020-06-15"), pd.Timestamp("2021-07-01")]
    assert pd.isna(series["until"].iloc[-1])
    assert series.index.tolist() == [0, 1, 2]
    assert "metric" not in series.columns


def test_step_series_ties_put_the_more_precise_date_first_and_share_until():
    park = frame(row("2020-02", 5, source="m"), row("2020-02-15", 6, source="d"), row("2020-03", 7))
    series = step_series(park, "residents_count")
    assert series["as_of"].tolist() == ["2020-02-15", "2020-02", "2020-03"]
    assert (series["until"].iloc[:2] == pd.Timestamp("2020-03-15")).all()
    assert not series["conflict"].any()  # different as_of labels are not a conflict


def test_step_series_of_another_metric():
    park = frame(row("2020", 1), row("2019", 8, metric="resident_countries"))
    assert step_series(park, "resident_countries")["value"].tolist() == [8.0]


def test_unknown_metric_suggests_close_names():
    with pytest.raises(ArgumentError, match=r"unknown metric 'residents_cnt'.*did you mean 'residents_count'"):
        step_series(frame(row("2020", 1)), "residents_cnt")


@pytest.mark.parametrize(
    ("park", "message"),
    [
        ([1, 2], "must be a pandas DataFrame"),
        (pd.DataFrame({"as_of": ["2020"], "value": [1.0]}), r"lacks column\(s\) as_of_precision"),
        (frame(row("2020", 1)).astype({"value": "str"}), "must hold numbers"),
    ],
    ids=["not-a-frame", "missing-columns", "text-values"],
)
def test_step_series_rejects_frames_it_cannot_use(park, message):
    with pytest.raises(ArgumentError, match=message):
        step_series(park, "residents_count")


def test_metric_must_be_a_string():
    with pytest.raises(ArgumentError, match="metric must be a string"):
        step_series(frame(row("2020", 1)), 3)  # type: ignore[arg-type]


def test_changes_between_consecutive_observations():
    park = frame(row("2020-01-01", 10), row("2020-07-01", 16, "over"), row("2021-01-01", 14))
    observed = changes(step_series(park, "residents_count"))
    assert observed["days"].tolist() == [182, 184]
    assert observed["change"].tolist() == [6.0, -2.0]
    assert observed["per_year"].tolist() == pytest.approx([6 * 365.25 / 182, -2 * 365.25 / 184])
    # up to an "over" count the change is a lower bound; away from it an upper bound
    assert observed["bound"].tolist() == ["lower", "upper"]
    assert observed["precision"].tolist() == ["day", "day"]
    assert not observed["same_date"].any()


def test_a_same_date_conflict_is_not_an_addition():
    park = frame(row("2025", 142, source="x"), row("2025", 150, source="y"), row("2026-01-29", 171))
    observed = changes(step_series(park, "residents_count"))
    first = observed.iloc[0]
    assert bool(first["same_date"]) and first["days"] == 0 and math.isnan(first["per_year"])
    assert (first["from_source_id"], first["to_source_id"]) == ("x", "y")
    assert observed["precision"].tolist() == ["year", "year"]


def test_changes_of_a_single_observation_is_empty():
    observed = changes(step_series(frame(row("2020", 1)), "residents_count"))
    assert observed.empty
    assert "change" in observed.columns


dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))
labels = st.one_of(
    dates.map(lambda d: d.isoformat()), dates.map(lambda d: d.isoformat()[:7]), dates.map(lambda d: d.isoformat()[:4])
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(labels, st.integers(0, 500)), min_size=1, max_size=12))
def test_changes_sum_to_last_minus_first(points):
    park = frame(*[row(a, v, source=f"s{i}") for i, (a, v) in enumerate(points)])
    series = step_series(park, "residents_count")
    observed = changes(step_series(park, "residents_count"))
    assert len(observed) == len(series) - 1
    assert observed["change"].sum() == series["value"].iloc[-1] - series["value"].iloc[0]
    assert (observed["days"] >= 0).all()
    assert series["date"].is_monotonic_increasing


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



# --------------------------------------------------------------------------------------------
# partial dates as intervals (what the precision allows)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "precision", "start", "end", "position"),
    [
        ("2023-04-30", "day", "2023-04-30", "2023-04-30", "2023-04-30"),
        ("2023-02", "month", "2023-02-01", "2023-02-28", "2023-02-15"),
        ("2024-02", "month", "2024-02-01", "2024-02-29", "2024-02-15"),
        ("2025", "year", "2025-01-01", "2025-12-31", "2025-07-01"),
    ],
)
def test_a_partial_date_names_an_interval(label, precision, start, end, position):
    d = parse_as_of(label)
    assert (d.label, d.precision) == (label, precision)
    assert (d.start, d.end, d.position) == (pd.Timestamp(start), pd.Timestamp(end), pd.Timestamp(position))


def test_intervals_keep_the_index_and_the_positions_of_as_of_dates():
    s = pd.Series(["2025", "2025-06-30", "2023-12"], index=[5, 1, 9])
    out = as_of_intervals(s)
    assert out.index.tolist() == [5, 1, 9]
    assert out["precision"].tolist() == ["year", "day", "month"]
    assert out["end"].tolist() == [pd.Timestamp("2025-12-31"), pd.Timestamp("2025-06-30"), pd.Timestamp("2023-12-31")]
    pd.testing.assert_series_equal(out["position"], as_of_dates(s), check_names=False)


def test_a_year_overlaps_every_day_in_it_and_no_day_outside():
    year = parse_as_of("2025")
    assert year.overlaps(parse_as_of("2025-06-30")) and parse_as_of("2025-06-30").overlaps(year)
    assert year.overlaps(parse_as_of("2025-12"))
    assert not year.overlaps(parse_as_of("2026-01-29"))
    assert not parse_as_of("2023-02").overlaps(parse_as_of("2023-04-30"))


@settings(max_examples=100, deadline=None)
@given(labels)
def test_the_position_lies_inside_the_interval(label):
    d = parse_as_of(label)
    assert d.start <= d.position <= d.end
    assert d.precision == PRECISIONS[{10: 0, 7: 1, 4: 2}[len(label)]]


def test_parse_as_of_errors():
    with pytest.raises(ArgumentError, match="must be a string"):
        parse_as_of(2025)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="YYYY, YYYY-MM or YYYY-MM-DD"):
        parse_as_of("25")
    with pytest.raises(ArgumentError, match="does not exist"):
        as_of_intervals(pd.Series(["2023-02-30"]))


def test_date_labels_from_text_or_dates():
    assert date_label("2023-02", "start") == "2023-02"
    assert date_label(dt.date(2023, 4, 30), "end") == "2023-04-30"
    assert date_label(pd.Timestamp("2023-04-30"), "end") == "2023-04-30"
    with pytest.raises(ArgumentError, match="start must be a date label YYYY"):
        date_label("Feb 2023", "start")
    with pytest.raises(ArgumentError, match="end is missing"):
        date_label(pd.NaT, "end")
    with pytest.raises(ArgumentError, match="got int"):
        date_label(2023, "start")


def test_year_fraction_places_events_on_a_year_axis():
    assert year_fraction("2023-04-30") == 2023.25
    assert year_fraction("1992-01") == 1992.0
    assert year_fraction("2006") == 2006.5
    with pytest.raises(ArgumentError, match="date must be a date label"):
        year_fraction("soon")


def test_changes_need_a_step_series():
    with pytest.raises(ArgumentError, match="must be a step series"):
        changes(frame(row("2020", 1)))
