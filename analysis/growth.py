"""Growth arithmetic: fold changes, CAGR, doubling time, indices, year-over-year of a series.

Conventions (all tested):

- **Values** are amounts in any one unit (e.g. US dollars); only ratios of them are used, so the
  unit cancels. A rate is a **fraction**: ``0.159`` means 15.9 % a year. ``percent_change`` and
  the index helpers are the only functions that speak in percent.
- **Years are integers** and growth counts the **intervals** between them, never rows:
  1992 -> 2022 is 30 intervals, whatever years in between are missing.
- **Index form vs growth form**: "117 % of the previous year" (index, 117.0) is +17 % growth
  (0.17); convert with ``index_to_growth`` / ``growth_to_index``, never by eye.
- **Missing is missing**: a year nobody published is absent (or NaN, which counts as absent); it
  is never zero and never interpolated. Year-over-year growth of a year whose previous year is
  missing is NaN, because there is nothing to compare with; that is the only place a NaN is the
  answer. With ``annualise_gaps=True`` the change over a k-year gap is annualised instead.
- **Bad arguments raise** ``ArgumentError`` (a ``ValueError``) with a plain message: a zero,
  negative or NaN start, a negative or NaN end, an end year not after the start year, an unknown
  base year, misaligned Series, a rate that never doubles. Scalar functions never return NaN and
  no numpy ``RuntimeWarning`` escapes.
- **Tables explain their gaps**: the table functions (``base_year_sensitivity`` here,
  ``panel_change`` and ``panel_yoy`` in ``analysis.panel``) do not raise for a bad group or row:
  they give NaN *and* a categorical ``reason`` column saying why ("no value for 1992", "start
  value not positive"); ``reason`` is ``""`` where the numbers are valid.

Scalar functions (``fold_change``, ``times_increase``, ``percent_change``, ``cagr``,
``doubling_time``, ``index_to_growth``, ``growth_to_index``) accept numbers or pandas Series;
two Series must have the same index (they are never silently aligned).

The same arithmetic over every group of a tidy panel (reporter, partner, flow, product, ...)
is ``analysis.panel``, which reads growth off adjacent rows with ``step_growth`` below, so that
a Series and a panel give the same answers. Inputs are never modified.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.errors import ArgumentError

Number = float | int | np.floating | np.integer
Values = Number | pd.Series

__all__ = [
    "base_year_sensitivity",
    "cagr",
    "doubling_time",
    "fold_change",
    "growth_to_index",
    "index_to_base",
    "index_to_growth",
    "log_growth",
    "percent_change",
    "times_increase",
    "yoy",
]

_SHOWN = 3  # offending labels quoted in a message

# ---------------------------------------------------------------------------------------------
# argument checking for scalar-or-Series functions
# ---------------------------------------------------------------------------------------------


def _num(x: object, name: str) -> float | pd.Series:
    """A float, or a float64 Series (NA -> NaN); anything else is an ``ArgumentError``."""
    if isinstance(x, bool | np.bool_):
        raise ArgumentError(f"{name} must be a number, got the boolean {x!r}")
    if isinstance(x, int | float | np.integer | np.floating):
        return float(x)
    if isinstance(x, pd.Series):
        if pd.api.types.is_bool_dtype(x.dtype) or not pd.api.types.is_numeric_dtype(x.dtype):
            raise ArgumentError(f"{name} must hold numbers, got a Series of dtype {x.dtype}")
        return pd.Series(x.to_numpy(dtype="float64", na_value=np.nan), index=x.index, name=x.name, copy=False)
    raise ArgumentError(f"{name} must be a number or a pandas Series of numbers, got {type(x).__name__}")


def _years(x: object, name: str) -> int | pd.Series:
    """Whole years: an int, or an int64 Series."""
    if isinstance(x, bool | np.bool_):
        raise ArgumentError(f"{name} must be a year (an integer), got the boolean {x!r}")
    if isinstance(x, int | np.integer):
        return int(x)
    if isinstance(x, float | np.floating):
        if math.isfinite(x) and float(x).is_integer():
            return int(x)
        raise ArgumentError(f"{name} must be a whole year, got {float(x)!r}")
    if isinstance(x, pd.Series):
        values = _num(x, name)
        arr = values.to_numpy()
        if not np.isfinite(arr).all() or not (arr == np.round(arr)).all():
            raise ArgumentError(f"{name} must hold whole years (no missing or fractional values)")
        return pd.Series(arr.astype("int64"), index=x.index, name=x.name)
    raise ArgumentError(f"{name} must be a year (an integer) or a pandas Series of years, got {type(x).__name__}")


def whole_year(x: object, name: str) -> int:
    """One whole year (an int)."""
    if isinstance(x, pd.Series):
        raise ArgumentError(f"{name} must be a single year here, not a Series")
    return int(_years(x, name))


def _where(x: pd.Series, mask: np.ndarray) -> str:
    labels = [repr(v) if isinstance(v, str) else str(v) for v in x.index[mask][:_SHOWN]]
    count = int(mask.sum())
    more = f" and {count - _SHOWN} more" if count > _SHOWN else ""
    return f" at {', '.join(labels)}{more}"


def _require(x: float | pd.Series, bad: object, message: str) -> None:
    """Raise ``message`` (plus where / what) when ``bad`` (a bool or boolean array) is set."""
    if isinstance(x, pd.Series):
        mask = np.asarray(bad, dtype=bool)
        if mask.any():
            first = float(x.to_numpy()[mask][0])
            raise ArgumentError(f"{message}; got {first!r}{_where(x, mask)}")
    elif bad:
        raise ArgumentError(f"{message}; got {x!r}")


def _values(x: float | pd.Series) -> np.ndarray | float:
    return x.to_numpy() if isinstance(x, pd.Series) else x


def _aligned(**named: object) -> None:
    """Series arguments must share one index (same labels, same order): never silently aligned."""
    series = [(name, s) for name, s in named.items() if isinstance(s, pd.Series)]
    for name, s in series[1:]:
        first_name, first = series[0]
        if not s.index.equals(first.index):
            raise ArgumentError(
                f"misaligned inputs: {first_name} and {name} have different indexes "
                f"({len(first)} vs {len(s)} labels); select the same labels in the same order first"
            )


def _check_start(start: float | pd.Series) -> None:
    v = _values(start)
    _require(start, np.isnan(v), "start is missing (NaN): growth needs a known start value")
    _require(start, np.isinf(v), "start must be finite")
    _require(start, v <= 0, "start must be positive: growth from zero or from a negative value is undefined")


def _check_end(end: float | pd.Series) -> None:
    v = _values(end)
    _require(end, np.isnan(v), "end is missing (NaN): growth needs a known end value")
    _require(end, np.isinf(v), "end must be finite")
    _require(end, v < 0, "end must not be negative")


def _finite(result: float | pd.Series, what: str) -> float | pd.Series:
    """Overflow (e.g. a ratio beyond 1.8e308) is an error, never a silent inf."""
    v = _values(result)
    if not np.isfinite(v).all():
        raise ArgumentError(f"{what} is too large to represent as a float")
    return float(result) if not isinstance(result, pd.Series) else result


def _ratio(start: object, end: object) -> float | pd.Series:
    s = _num(start, "start")
    e = _num(end, "end")
    _aligned(start=s, end=e)
    _check_start(s)
    _check_end(e)
    with np.errstate(all="ignore"):
        fold = e / s
    return _finite(fold, "the fold change")


# ---------------------------------------------------------------------------------------------
# scalar (or aligned Series) helpers
# ---------------------------------------------------------------------------------------------


def fold_change(start: Values, end: Values) -> float | pd.Series:
    """How many times ``start`` fits into ``end`` (``end / start``; unit-free).

    ``start`` must be positive, ``end`` non-negative; both numbers or Series with one index.

    >>> round(fold_change(60.8e6, 5.08e9), 2)
    83.55
    """
    return _ratio(start, end)


def times_increase(start: Values, end: Values) -> float | pd.Series:
    """The increase as a multiple of ``start`` (``end / start - 1``).

    This is what "an increase of 82.55 times" means; the fold change is one more (83.55×).

    >>> round(times_increase(60.8e6, 5.08e9), 2)
    82.55
    """
    return _ratio(start, end) - 1.0


def percent_change(start: Values, end: Values) -> float | pd.Series:
    """Change in percent of ``start`` (``(end / start - 1) * 100``).

    >>> percent_change(200.0, 250.0)
    25.0
    """
    return (_ratio(start, end) - 1.0) * 100.0


def cagr(start: Values, end: Values, start_year: object, end_year: object) -> float | pd.Series:
    """Compound annual growth rate as a fraction (0.159 = 15.9 % a year).

    ``(end / start) ** (1 / n) - 1`` with ``n = end_year - start_year``, the number of
    **intervals** between the years (1992 -> 2022 is 30), never the number of rows.

    >>> round(cagr(60.8e6, 5.08e9, 1992, 2022), 4)
    0.159
    >>> cagr(100.0, 121.0, 2020, 2022)
    0.10000000000000009
    """
    fold = _ratio(start, end)
    y0 = _years(start_year, "start_year")
    y1 = _years(end_year, "end_year")
    _aligned(start=start, end=end, start_year=y0, end_year=y1)
    n = y1 - y0
    if isinstance(n, pd.Series):
        bad = n.to_numpy() <= 0
        if bad.any():
            raise ArgumentError(f"end year must be after start year{_where(n, bad)}")
        exponent: float | pd.Series = 1.0 / n.astype("float64")
    else:
        if n <= 0:
            raise ArgumentError(f"end year {y1} must be after start year {y0}")
        exponent = 1.0 / n
    with np.errstate(all="ignore"):
        rate = fold**exponent - 1.0
    return _finite(rate, "the growth rate")


def doubling_time(rate: Values) -> float | pd.Series:
    """Years to double at a constant annual ``rate`` (a fraction): ``ln 2 / ln(1 + rate)``.

    A rate of 0 or below never doubles and is an error, as is a rate of -100 % or less.

    >>> round(doubling_time(0.1590), 2)
    4.7
    >>> round(doubling_time(0.07), 1)
    10.2
    """
    r = _num(rate, "rate")
    v = _values(r)
    _require(r, np.isnan(v), "rate is missing (NaN)")
    _require(r, np.isinf(v), "rate must be finite")
    _require(r, v <= -1, "rate must be greater than -1 (a rate of -100 % or less is not a growth rate)")
    _require(r, v <= 0, "a rate of 0 or below never doubles")
    with np.errstate(all="ignore"):
        years = math.log(2.0) / np.log1p(r)
    return _finite(years, "the doubling time (the rate is too close to 0)")


def index_to_growth(index_pct: Values) -> float | pd.Series:
    """Index form to growth form: "117 % of the previous year" (117.0) -> 0.17.

    >>> index_to_growth(117.0)
    0.17
    >>> index_to_growth(95)
    -0.05
    """
    x = _num(index_pct, "index_pct")
    v = _values(x)
    _require(x, np.isnan(v), "index_pct is missing (NaN)")
    _require(x, np.isinf(v), "index_pct must be finite")
    _require(x, v < 0, "index_pct must not be negative (it is a percentage of the previous value)")
    return (x - 100.0) / 100.0


def growth_to_index(rate: Values) -> float | pd.Series:
    """Growth form to index form: 0.17 -> 117.0 ("117 % of the previous year").

    >>> growth_to_index(0.17)
    117.0
    """
    r = _num(rate, "rate")
    v = _values(r)
    _require(r, np.isnan(v), "rate is missing (NaN)")
    _require(r, np.isinf(v), "rate must be finite")
    _require(r, v < -1, "rate must not be below -1 (-100 %)")
    return 100.0 * (1.0 + r)


# ---------------------------------------------------------------------------------------------
# year-indexed Series
# ---------------------------------------------------------------------------------------------


def _year_series(series: object, name: str = "series") -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """Validate a Series indexed by unique integer years; return it with int64 years, float values."""
    if not isinstance(series, pd.Series):
        raise ArgumentError(f"{name} must be a pandas Series indexed by year, got {type(series).__name__}")
    index = series.index
    if pd.api.types.is_bool_dtype(index.dtype) or not pd.api.types.is_integer_dtype(index.dtype):
        raise ArgumentError(f"{name} must be indexed by integer years, got an index of dtype {index.dtype}")
    if index.hasnans:
        raise ArgumentError(f"{name} has a missing (NA) year in its index")
    if not index.is_unique:
        dup = index[index.duplicated()].unique()
        raise ArgumentError(f"{name} has duplicate years: {', '.join(str(y) for y in dup[:_SHOWN])}")
    values = _num(series, name).to_numpy()
    return series, index.to_numpy(dtype="int64"), values


def index_to_base(series: pd.Series, base_year: int) -> pd.Series:
    """Rebase a year-indexed Series so that ``base_year`` = 100 (unit-free index).

    Missing (NaN) years stay missing. The base year must be in the index with a positive value.

    >>> index_to_base(pd.Series([50.0, 75.0], index=[1992, 1993]), 1992).tolist()
    [100.0, 150.0]
    """
    series, years, values = _year_series(series)
    base = whole_year(base_year, "base_year")
    hit = np.flatnonzero(years == base)
    if hit.size == 0:
        span = f"{years.min()}–{years.max()}" if years.size else "none"
        raise ArgumentError(f"unknown base year {base}: the series has years {span}")
    base_value = values[hit[0]]
    if np.isnan(base_value):
        raise ArgumentError(f"unknown base year {base}: its value is missing (NaN)")
    if base_value <= 0:
        raise ArgumentError(f"the base year's value must be positive, got {float(base_value)!r} for {base}")
    return pd.Series(values / base_value * 100.0, index=series.index, name=series.name)


# reason codes of step_growth, shared by the Series functions here and the panels of analysis.panel
(
    REASON_OK,
    REASON_MISSING,
    REASON_NEGATIVE,
    REASON_NONPOSITIVE,
    REASON_PREV_NONPOSITIVE,
    REASON_NO_EARLIER,
    REASON_TOO_LARGE,
    REASON_NO_PREV_YEAR,
) = range(8)
REASON_TEXT = {
    REASON_OK: "",
    REASON_MISSING: "value missing",
    REASON_NEGATIVE: "value negative",
    REASON_NONPOSITIVE: "value not positive",
    REASON_PREV_NONPOSITIVE: "previous value not positive",
    REASON_NO_EARLIER: "no earlier value",
    REASON_TOO_LARGE: "growth too large to represent",
}
# REASON_NO_PREV_YEAR + k means "no value for <first year + k - 1>"


def step_growth(
    first: np.ndarray, offsets: np.ndarray, values: np.ndarray, annualise: bool, log: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Growth from each row's predecessor; rows sorted by (group, year), no NaN values.

    ``first`` flags each group's first row, ``offsets`` are years minus the panel's first year.
    Returns (growth, int32 reason code) per row; growth is NaN wherever the code is not ``REASON_OK``.
    Works on whole arrays (no masked gathers) to keep 10M-row panels fast and lean.
    """
    m = values.size
    gap = np.zeros(m, dtype=np.int64)
    np.subtract(offsets[1:], offsets[:-1], out=gap[1:])
    has_prev = ~first
    if not annualise:
        has_prev &= gap == 1
    growth = np.empty(m, dtype=np.float64)
    growth[:1] = np.nan
    with np.errstate(all="ignore"):
        if log:
            logs = np.log(values)
            np.subtract(logs[1:], logs[:-1], out=growth[1:])
            del logs
            if annualise:
                growth /= gap
        else:
            np.divide(values[1:], values[:-1], out=growth[1:])
            if annualise:
                longer = np.flatnonzero(has_prev & (gap > 1))
                growth[longer] **= 1.0 / gap[longer]
            growth -= 1.0
    del gap
    prev_ok = np.zeros(m, dtype=bool)
    np.greater(values[:-1], 0, out=prev_ok[1:])

    code = np.zeros(m, dtype=np.int32)
    no_prev = np.flatnonzero(~has_prev)
    code[no_prev] = REASON_NO_EARLIER if annualise else REASON_NO_PREV_YEAR + offsets[no_prev]
    del no_prev
    prev_ok |= ~has_prev
    code[~prev_ok] = REASON_PREV_NONPOSITIVE
    code[(values <= 0) if log else (values < 0)] = REASON_NONPOSITIVE if log else REASON_NEGATIVE
    ok = code == REASON_OK
    overflow = ok & ~np.isfinite(growth)
    if overflow.any():
        code[overflow] = REASON_TOO_LARGE
        ok &= ~overflow
    growth[~ok] = np.nan
    return growth, code


def _series_growth(series: pd.Series, annualise_gaps: bool, log: bool) -> pd.Series:
    series, years, values = _year_series(series)
    order = np.argsort(years, kind="stable")
    present = ~np.isnan(values[order])
    rows = order[present]
    result = np.full(values.size, np.nan, dtype=np.float64)
    if rows.size:
        first = int(years[rows[0]])
        first_row = np.zeros(rows.size, dtype=bool)
        first_row[:1] = True
        growth, code = step_growth(first_row, years[rows] - first, values[rows], annualise_gaps, log)
        bad = (code != REASON_OK) & (code < REASON_NO_EARLIER) | (code == REASON_TOO_LARGE)
        if bad.any():
            i = np.flatnonzero(bad)[0]
            year, what = int(years[rows][i]), REASON_TEXT[int(code[i])]
            if code[i] == REASON_PREV_NONPOSITIVE:
                what = f"the previous value ({float(values[rows][i - 1])!r}) is not positive"
            elif code[i] in (REASON_NEGATIVE, REASON_NONPOSITIVE):
                what = f"the value ({float(values[rows][i])!r}) is {what.removeprefix('value ')}"
            kind = "log growth" if log else "year-over-year growth"
            raise ArgumentError(f"{kind} for {year} is undefined: {what}")
        result[rows] = growth
    return pd.Series(result, index=series.index, name=series.name)


def yoy(series: pd.Series, annualise_gaps: bool = False) -> pd.Series:
    """Year-over-year growth (fraction) of a Series indexed by integer year.

    A year whose previous year is missing (absent or NaN) gets NaN, as does the first year:
    growth is never bridged across a gap. With ``annualise_gaps=True`` the change since the
    last available year, k years earlier, is annualised: ``(v / prev) ** (1 / k) - 1``.
    Values must not be negative and a value that has a successor must be positive.
    The result has the input's index and order.

    >>> trade = pd.Series([100.0, 110.0, 150.0], index=[2000, 2001, 2003])
    >>> yoy(trade).round(3).tolist()
    [nan, 0.1, nan]
    >>> yoy(trade, annualise_gaps=True).round(3).tolist()
    [nan, 0.1, 0.168]
    """
    return _series_growth(series, annualise_gaps, log=False)


def log_growth(series: pd.Series, annualise_gaps: bool = False) -> pd.Series:
    """Year-over-year growth in log form, ``ln(v) - ln(prev)`` (natural log, per year).

    Same gap rule as ``yoy``; with ``annualise_gaps=True`` a k-year change is divided by k.
    Values must be positive.
    """
    return _series_growth(series, annualise_gaps, log=True)


def base_year_sensitivity(series: pd.Series, end_year: int, base_years: Sequence[int] | None = None) -> pd.DataFrame:
    """How the headline growth to ``end_year`` depends on the base year chosen.

    One row per candidate base year (default: every year of the series before ``end_year``
    that has a value) with columns base_year, start_value, end_value, intervals (years between),
    fold_change, cagr (fraction a year), doubling_time (years) and ``reason`` ("" when valid).
    A base year with a non-positive value gives NaN and reason "start value not positive"; a
    base from which the series does not grow gives a NaN doubling time and reason "never
    doubles". An explicitly requested base year that is not in the series is an error.
    """
    series, years, values = _year_series(series)
    end = whole_year(end_year, "end_year")
    have = ~np.isnan(values)
    hit = np.flatnonzero((years == end) & have)
    if hit.size == 0:
        raise ArgumentError(f"unknown end year {end}: the series has no value for it")
    end_value = float(values[hit[0]])
    _check_end(end_value)
    if base_years is None:
        bases = np.sort(years[have & (years < end)])
        if bases.size == 0:
            raise ArgumentError(f"no base years: the series has no value before {end}")
    else:
        bases = np.asarray([whole_year(b, "base year") for b in base_years], dtype=np.int64)
        known = set(years[have].tolist())
        unknown = [int(b) for b in bases if int(b) not in known]
        if unknown:
            raise ArgumentError(f"unknown base year {unknown[0]}: the series has no value for it")
        late = bases[bases >= end]
        if late.size:
            raise ArgumentError(f"base year {late[0]} is not before end year {end}")
    lookup = pd.Series(values[have], index=years[have])
    start = lookup.reindex(bases).to_numpy(dtype=np.float64)
    n = end - bases
    positive = start > 0
    with np.errstate(all="ignore"):
        fold = np.where(positive, end_value / start, np.nan)
        representable = ~positive | np.isfinite(fold)
        fold = np.where(representable, fold, np.nan)
        rate = fold ** (1.0 / n) - 1.0
        grows = rate > 0
        doubling = np.where(grows, math.log(2.0) / np.log1p(np.where(grows, rate, 1.0)), np.nan)
    reason = np.select(
        [~positive, ~representable, ~grows],
        ["start value not positive", "growth too large to represent", "never doubles"],
        default="",
    )
    return pd.DataFrame(
        {
            "base_year": pd.Series(bases, dtype="int64"),
            "start_value": pd.Series(start, dtype="float64"),
            "end_value": pd.Series(np.full(bases.size, end_value), dtype="float64"),
            "intervals": pd.Series(n, dtype="int64"),
            "fold_change": pd.Series(fold, dtype="float64"),
            "cagr": pd.Series(rate, dtype="float64"),
            "doubling_time": pd.Series(doubling, dtype="float64"),
            "reason": pd.Series(reason, dtype="category"),
        }
    )
