"""Tests for analysis.growth: golden values, Hypothesis properties, every error path."""

from __future__ import annotations

import doctest
import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import ArgumentError, growth
from analysis.growth import (
    base_year_sensitivity,
    cagr,
    doubling_time,
    fold_change,
    growth_to_index,
    index_to_base,
    index_to_growth,
    log_growth,
    percent_change,
    times_increase,
    yoy,
)

START, END = 60.8e6, 5.08e9  # China's 1992 total (IMF DOTS) and 2022 total (China customs), US$

positive = st.floats(min_value=1e-3, max_value=1e12, allow_nan=False, allow_infinity=False)
intervals = st.integers(min_value=1, max_value=200)
base_years = st.integers(min_value=1900, max_value=2100)


def test_doctests_pass() -> None:
    result = doctest.testmod(growth, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 13
    assert result.failed == 0


# ---------------------------------------------------------------------------------------------
# golden values
# ---------------------------------------------------------------------------------------------


def test_golden_headline() -> None:
    assert round(fold_change(START, END), 2) == 83.55
    assert round(times_increase(START, END), 2) == 82.55
    assert percent_change(START, END) == pytest.approx(8255.263, abs=1e-3)
    rate = cagr(START, END, 1992, 2022)
    assert round(rate * 100, 2) == 15.90
    assert round(doubling_time(rate), 2) == 4.70


def test_cagr_counts_intervals_not_rows() -> None:
    # 30 intervals from 1992 to 2022; 31 "rows" would give 15.37 %
    assert cagr(START, END, 1992, 2022) == pytest.approx((END / START) ** (1 / 30) - 1, rel=1e-12)
    assert round(cagr(START, END, 1992, 2022), 4) != round((END / START) ** (1 / 31) - 1, 4)


def test_scalar_results_are_plain_floats() -> None:
    for value in (fold_change(1, 2), cagr(np.float64(1.0), np.int64(4), 2000, 2002), doubling_time(0.5)):
        assert type(value) is float


def _china_annual(trade: pd.DataFrame) -> pd.Series:
    rows = trade[trade["reporter"].eq("CHN") & trade["period"].eq("annual") & trade["flow"].isin(["export", "import"])]
    return rows.groupby("year")["value"].sum()


def test_bundled_data_golden_sums_and_headline() -> None:
    from analysis import load_trade

    trade = load_trade()
    assert list(trade.columns) == [
        "year",
        "reporter",
        "partner",
        "flow",
        "value",
        "currency",
        "valuation",
        "period",
        "qualifier",
        "source_id",
    ]
    china = _china_annual(trade)
    assert china[1992] == pytest.approx(60.811e6, abs=0.05e6)
    assert china[2009] == pytest.approx(810.0e6, abs=0.05e6)
    assert round(cagr(china[1992], END, 1992, 2022) * 100, 1) == 15.9  # 15.89 % from the unrounded 60.811M
    table = base_year_sensitivity(china, 2020)
    assert table["base_year"].tolist() == list(range(1992, 2020))
    row = table.set_index("base_year").loc[1992]
    assert row["cagr"] == pytest.approx(cagr(china[1992], china[2020], 1992, 2020), rel=1e-12)
    assert row["intervals"] == 28


# ---------------------------------------------------------------------------------------------
# Hypothesis properties
# ---------------------------------------------------------------------------------------------


# fold changes between 1e-6 and 1e6: beyond that, 1 + rate loses digits to cancellation
folds = st.one_of(st.floats(min_value=1e-6, max_value=1e6), st.just(0.0))


@settings(max_examples=60, deadline=None)
@given(start=positive, fold=folds, n=intervals)
def test_cagr_compounds_back_to_end(start: float, fold: float, n: int) -> None:
    end = start * fold
    rate = cagr(start, end, 2000, 2000 + n)
    assert start * (1 + rate) ** n == pytest.approx(end, rel=1e-9, abs=1e-300)


@settings(max_examples=60, deadline=None)
@given(a=positive, b=positive, c=positive)
def test_fold_changes_compose(a: float, b: float, c: float) -> None:
    assert fold_change(a, b) * fold_change(b, c) == pytest.approx(fold_change(a, c), rel=1e-12)
    assert times_increase(a, b) == pytest.approx(fold_change(a, b) - 1, rel=1e-12, abs=1e-12)
    assert percent_change(a, b) == pytest.approx(times_increase(a, b) * 100, rel=1e-12, abs=1e-10)


@settings(max_examples=60, deadline=None)
@given(x=positive, year=base_years, n=intervals)
def test_doubling_time_of_a_doubling_is_its_interval(x: float, year: int, n: int) -> None:
    assert doubling_time(cagr(x, 2 * x, year, year + n)) == pytest.approx(n, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(rate=st.floats(min_value=-1, max_value=10, allow_nan=False))
def test_growth_index_round_trip(rate: float) -> None:
    assert index_to_growth(growth_to_index(rate)) == pytest.approx(rate, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(index=st.floats(min_value=0, max_value=1e4, allow_nan=False))
def test_index_growth_round_trip(index: float) -> None:
    assert growth_to_index(index_to_growth(index)) == pytest.approx(index, rel=1e-12, abs=1e-12)


year_values = st.dictionaries(st.integers(min_value=1990, max_value=2020), positive, min_size=1, max_size=20).map(
    lambda d: pd.Series(d, dtype="float64").rename_axis("year")
)


@settings(max_examples=60, deadline=None)
@given(series=year_values, data=st.data())
def test_index_to_base_is_100_at_the_base(series: pd.Series, data: st.DataObject) -> None:
    base = data.draw(st.sampled_from(list(series.index)))
    rebased = index_to_base(series, base)
    assert rebased[base] == 100.0
    assert rebased.index.equals(series.index)
    assert np.allclose(rebased.to_numpy(), 100 * series.to_numpy() / series[base], rtol=1e-12, atol=0)


@settings(max_examples=60, deadline=None)
@given(series=year_values, order=st.randoms(use_true_random=False))
def test_yoy_never_bridges_a_gap(series: pd.Series, order) -> None:
    shuffled = series.iloc[order.sample(range(len(series)), len(series))]
    result = yoy(shuffled)
    logs = log_growth(shuffled)
    assert result.index.equals(shuffled.index)
    assert logs.index.equals(shuffled.index)
    lookup = series.to_dict()
    ratio = np.array([v / lookup.get(y - 1, math.nan) for y, v in shuffled.items()])  # NaN across a gap
    assert np.allclose(result.to_numpy(), ratio - 1, rtol=1e-12, atol=1e-12, equal_nan=True)
    assert np.allclose(np.exp(logs.to_numpy()), ratio, rtol=1e-9, atol=0, equal_nan=True)


@settings(max_examples=60, deadline=None)
@given(series=year_values)
def test_yoy_annualised_over_gaps(series: pd.Series) -> None:
    result = yoy(series, annualise_gaps=True)
    logs = log_growth(series, annualise_gaps=True)
    years = sorted(series.index)
    assert math.isnan(result[years[0]])
    assert math.isnan(logs[years[0]])
    for prev, y in itertools.pairwise(years):
        k = y - prev
        expected = (series[y] / series[prev]) ** (1 / k) - 1
        assert result[y] == pytest.approx(expected, rel=1e-9, abs=1e-12)
        assert logs[y] == pytest.approx(math.log(series[y] / series[prev]) / k, rel=1e-9, abs=1e-12)


# ---------------------------------------------------------------------------------------------
# scalar and Series helpers
# ---------------------------------------------------------------------------------------------


def test_index_and_growth_forms() -> None:
    assert index_to_growth(117) == 0.17
    assert growth_to_index(0.17) == 117.0
    assert index_to_growth(100.0) == 0.0
    assert growth_to_index(-1.0) == 0.0
    pd.testing.assert_series_equal(
        index_to_growth(pd.Series([117.0, 95.0], index=[2021, 2022])), pd.Series([0.17, -0.05], index=[2021, 2022])
    )


def test_series_inputs_stay_series() -> None:
    years = pd.Index([2020, 2021], name="year")
    start = pd.Series([100.0, 200.0], index=years)
    end = pd.Series([121.0, 800.0], index=years)
    pd.testing.assert_series_equal(fold_change(start, end), pd.Series([1.21, 4.0], index=years))
    pd.testing.assert_series_equal(times_increase(start, 121.0), pd.Series([0.21, -0.395], index=years))
    rates = cagr(start, end, 2018, pd.Series([2020, 2022], index=years))
    assert rates.to_numpy() == pytest.approx([0.1, 4 ** (1 / 4) - 1])
    assert doubling_time(pd.Series([1.0, 0.5])).to_numpy() == pytest.approx([1.0, math.log(2) / math.log(1.5)])
    nullable = pd.Series([100, 400], dtype="Int64")
    assert cagr(nullable, 1600.0, 2000, 2002).to_numpy() == pytest.approx([3.0, 1.0])


def test_yoy_examples_with_gap() -> None:
    series = pd.Series([100.0, 110.0, 121.0, np.nan, 150.0], index=[2000, 2001, 2002, 2003, 2005])
    before = series.copy(deep=True)
    result = yoy(series)
    index_to_base(series, 2000)
    base_year_sensitivity(series, 2005)
    fold_change(series.iloc[:2], series.iloc[1:3].set_axis(series.index[:2]))
    pd.testing.assert_series_equal(series, before)  # inputs are never modified
    assert result.iloc[:3].tolist()[1:] == pytest.approx([0.1, 0.1])
    assert result.iloc[[0, 3, 4]].isna().all()  # first year, missing year, year after a gap
    annual = yoy(series, annualise_gaps=True)
    assert annual[2005] == pytest.approx((150 / 121) ** (1 / 3) - 1)
    assert math.isnan(annual[2003])
    assert log_growth(series)[2001] == pytest.approx(math.log(1.1))
    assert log_growth(series, annualise_gaps=True)[2005] == pytest.approx(math.log(150 / 121) / 3)


def test_yoy_allows_a_zero_that_is_not_a_predecessor() -> None:
    series = pd.Series([100.0, 0.0, 50.0], index=[2000, 2001, 2003])
    assert yoy(series).tolist()[1] == -1.0
    assert math.isnan(yoy(series)[2003])


def test_index_to_base_keeps_missing_years() -> None:
    series = pd.Series([50.0, np.nan, 200.0], index=[2000, 2001, 2002], name="CHN")
    rebased = index_to_base(series, 2000)
    assert rebased.name == "CHN"
    assert rebased[2002] == 400.0
    assert math.isnan(rebased[2001])


def test_base_year_sensitivity_table() -> None:
    series = pd.Series([0.0, 50.0, np.nan, 100.0, 400.0, 200.0], index=[1990, 1992, 1993, 1994, 1996, 1998])
    table = base_year_sensitivity(series, 1998)
    assert list(table.columns) == [
        "base_year",
        "start_value",
        "end_value",
        "intervals",
        "fold_change",
        "cagr",
        "doubling_time",
        "reason",
    ]
    assert table["base_year"].tolist() == [1990, 1992, 1994, 1996]  # 1993 has no value
    assert table["intervals"].tolist() == [8, 6, 4, 2]
    assert str(table["base_year"].dtype) == "int64"
    by_base = table.set_index("base_year")
    assert by_base.loc[1992, "cagr"] == pytest.approx(cagr(50, 200, 1992, 1998))
    assert by_base.loc[1992, "doubling_time"] == pytest.approx(doubling_time(cagr(50, 200, 1992, 1998)))
    assert by_base.loc[1994, "fold_change"] == 2.0
    assert by_base.loc[1990, "reason"] == "start value not positive"
    assert math.isnan(by_base.loc[1990, "cagr"])
    assert by_base.loc[1996, "reason"] == "never doubles"
    assert by_base.loc[1996, "cagr"] == pytest.approx(math.sqrt(0.5) - 1)
    assert math.isnan(by_base.loc[1996, "doubling_time"])
    assert by_base.loc[1992, "reason"] == ""
    chosen = base_year_sensitivity(series, 1998, base_years=[1994, 1992])
    assert chosen["base_year"].tolist() == [1994, 1992]


# ---------------------------------------------------------------------------------------------
# every error path: exception type and a message fragment
# ---------------------------------------------------------------------------------------------

RATIO_FUNCTIONS = [
    fold_change,
    times_increase,
    percent_change,
    lambda s, e: cagr(s, e, 1992, 2022),
]


@pytest.mark.parametrize("func", RATIO_FUNCTIONS)
@pytest.mark.parametrize(
    ("start", "end", "fragment"),
    [
        (0.0, 1.0, "start must be positive"),
        (-5, 1.0, "start must be positive"),
        (math.nan, 1.0, "start is missing"),
        (math.inf, 1.0, "start must be finite"),
        (1.0, -1.0, "end must not be negative"),
        (1.0, math.nan, "end is missing"),
        (1.0, math.inf, "end must be finite"),
        (True, 1.0, "boolean"),
        ("60.8", 1.0, "must be a number"),
        (1.0, [2.0], "must be a number"),
        (1e-300, 1e300, "too large to represent"),
    ],
)
def test_ratio_errors(func, start: object, end: object, fragment: str) -> None:
    with pytest.raises(ArgumentError, match=fragment):
        func(start, end)


def test_series_errors_name_the_labels() -> None:
    start = pd.Series([1.0, 0.0, -1.0], index=[1994, 1995, 1996])
    with pytest.raises(ArgumentError, match=r"start must be positive.*got 0\.0 at 1995, 1996"):
        fold_change(start, 2.0)
    many = pd.Series([np.nan] * 5, index=range(5))
    with pytest.raises(ArgumentError, match="and 2 more"):
        fold_change(1.0, many)
    with pytest.raises(ArgumentError, match="misaligned inputs"):
        fold_change(pd.Series([1.0, 2.0], index=[1, 2]), pd.Series([1.0, 2.0], index=[2, 1]))
    with pytest.raises(ArgumentError, match="misaligned inputs"):
        cagr(pd.Series([1.0]), 2.0, pd.Series([2000], index=[5]), 2001)
    with pytest.raises(ArgumentError, match="must hold numbers"):
        fold_change(pd.Series(["1"]), 2.0)
    with pytest.raises(ArgumentError, match="must hold numbers"):
        fold_change(pd.Series([True]), 2.0)


@pytest.mark.parametrize(
    ("start_year", "end_year", "fragment"),
    [
        (2022, 2022, "must be after start year"),
        (2022, 1992, "must be after start year"),
        (1992.5, 2022, "whole year"),
        (1992, math.nan, "whole year"),
        (True, 2022, "boolean"),
        ("1992", 2022, "must be a year"),
        (pd.Series([1992, 2022]), 2022, "must be after start year at 1"),
        (pd.Series([1992.0, math.nan]), 2022, "whole years"),
    ],
)
def test_cagr_year_errors(start_year: object, end_year: object, fragment: str) -> None:
    with pytest.raises(ArgumentError, match=fragment):
        cagr(1.0, 2.0, start_year, end_year)


@pytest.mark.parametrize(
    ("rate", "fragment"),
    [
        (0.0, "never doubles"),
        (-0.5, "never doubles"),
        (-1.0, "greater than -1"),
        (-2.0, "greater than -1"),
        (math.nan, "rate is missing"),
        (math.inf, "rate must be finite"),
        (1e-320, "too large to represent"),
        (pd.Series([0.1, 0.0], index=[2020, 2021]), "never doubles; got 0.0 at 2021"),
    ],
)
def test_doubling_time_errors(rate: object, fragment: str) -> None:
    with pytest.raises(ArgumentError, match=fragment):
        doubling_time(rate)


@pytest.mark.parametrize(
    ("func", "value", "fragment"),
    [
        (index_to_growth, -1.0, "must not be negative"),
        (index_to_growth, math.nan, "index_pct is missing"),
        (index_to_growth, math.inf, "index_pct must be finite"),
        (growth_to_index, -1.5, "must not be below -1"),
        (growth_to_index, math.nan, "rate is missing"),
        (growth_to_index, -math.inf, "rate must be finite"),
    ],
)
def test_index_form_errors(func, value: float, fragment: str) -> None:
    with pytest.raises(ArgumentError, match=fragment):
        func(value)


SERIES = pd.Series([0.0, np.nan, 200.0], index=[2000, 2001, 2002])


@pytest.mark.parametrize(
    ("series", "base", "fragment"),
    [
        (SERIES, 1999, "unknown base year 1999: the series has years 2000–2002"),
        (SERIES, 2001, "unknown base year 2001: its value is missing"),
        (SERIES, 2000, "must be positive"),
        (SERIES, pd.Series([2002]), "single year"),
        ([1.0, 2.0], 2000, "must be a pandas Series"),
        (pd.Series([1.0], index=[2000.0]), 2000, "integer years"),
        (pd.Series([1.0, 2.0], index=[2000, 2000]), 2000, "duplicate years: 2000"),
        (pd.Series([1.0], index=pd.Index([pd.NA], dtype="Int64")), 2000, "missing"),
        (pd.Series(["a"], index=[2000]), 2000, "must hold numbers"),
    ],
)
def test_index_to_base_errors(series: object, base: object, fragment: str) -> None:
    with pytest.raises(ArgumentError, match=fragment):
        index_to_base(series, base)


@pytest.mark.parametrize(
    ("func", "series", "fragment"),
    [
        (yoy, pd.Series([1.0, 0.0, 2.0], index=[2000, 2001, 2002]), r"growth for 2002 .*previous value \(0\.0\)"),
        (yoy, pd.Series([1.0, -3.0], index=[2000, 2001]), r"for 2001 is undefined: the value \(-3\.0\) is negative"),
        (log_growth, pd.Series([1.0, 0.0], index=[2000, 2001]), r"log growth for 2001.*is not positive"),
        (yoy, pd.Series([1e-300, 1e300], index=[2000, 2001]), "too large to represent"),
        (yoy, pd.Series([1.0], index=["2000"]), "integer years"),
    ],
)
def test_yoy_errors(func, series: pd.Series, fragment: str) -> None:
    with pytest.raises(ArgumentError, match=fragment):
        func(series)


@pytest.mark.parametrize(
    ("end_year", "base_years", "fragment"),
    [
        (2003, None, "unknown end year 2003"),
        (2001, None, "unknown end year 2001"),
        (2002, [1999], "unknown base year 1999"),
        (2000, None, "no base years"),
        (2002, [2002], "base year 2002 is not before end year 2002"),
    ],
)
def test_base_year_sensitivity_errors(end_year: int, base_years: list[int] | None, fragment: str) -> None:
    with pytest.raises(ArgumentError, match=fragment):
        base_year_sensitivity(SERIES, end_year, base_years)


def test_base_year_sensitivity_negative_end() -> None:
    with pytest.raises(ArgumentError, match="end must not be negative"):
        base_year_sensitivity(pd.Series([1.0, -1.0], index=[2000, 2001]), 2001)
