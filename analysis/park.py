"""The China-Belarus Industrial Park "Great Stone": residents over time, additions, growth, conflicts.

Pure functions on the frame ``analysis.load_park()`` returns (one row per published
observation: as_of, as_of_precision, date_inferred, metric, value, unit, qualifier, source_id,
note). ``data/exchanges.csv`` has the same layout, so ``residents(..., metric=...)`` and
``conflicts`` work on it too. Inputs are never modified; every function returns a new object.

Conventions (all tested):

- **Partial dates.** ``as_of`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``. To sort and to count
  days, a partial date is placed in the *middle* of the period it names: a month on its 15th,
  a year on 1 July (``as_of_timestamp``). The error in elapsed time is then at most half the
  period either way; the original ``as_of`` and its precision are kept beside the timestamp.
- **Step series, no interpolation.** An observation holds from its date until the next one
  (``until``); nothing is estimated between observations.
- **Conflicts are kept.** Two sources giving different values for the same metric and date are
  both kept and flagged (``conflict``); ``conflicts`` lists them side by side. Nothing here
  chooses between sources silently: where a choice is needed the caller names the source.
- **Hedges become bounds.** ``qualifier`` is the source's hedge: ``over`` is a lower bound,
  ``nearly`` an upper bound, ``about`` approximate. A value derived from hedged inputs carries
  ``bound`` = ``exact``, ``lower``, ``upper`` or ``approximate`` (an ``about`` input, or
  hedges pulling in opposite directions). The bound reflects the values' hedges only, not the
  imprecision of partial dates. A lower bound is never rounded upward (``Bounded.rounded``).
- **Growth over irregular dates.** ``residents_cagr`` compounds over fractional years
  (days / 365.25) because observations fall on arbitrary days; when both observations are
  dated by year only it counts whole-year intervals, as ``analysis.growth.cagr`` does.
- **Bad arguments** raise ``analysis.errors.ArgumentError`` with a plain message.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
import re
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.errors import ArgumentError
from analysis.hedges import Bounded, check_qualifier, derived_bound, derived_bounds

__all__ = [
    "Additions",
    "Bounded",
    "ResidentsGrowth",
    "as_of_dates",
    "as_of_timestamp",
    "conflicts",
    "investment_per_resident",
    "net_additions",
    "profit_multiplier",
    "residents",
    "residents_cagr",
]

OBSERVATION_COLUMNS = (
    "as_of",
    "as_of_precision",
    "date_inferred",
    "metric",
    "value",
    "unit",
    "qualifier",
    "source_id",
    "note",
)
RESIDENTS = "residents_count"
NEW_IN_YEAR = "residents_new_in_year"
DAYS_PER_YEAR = 365.25  # mean Gregorian-Julian year used to turn days into fractional years

_DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}  # same midpoint: the more precise first
_RANK_OF_LENGTH = {10: 0, 7: 1, 4: 2}
_SHOWN = 3


# ---------------------------------------------------------------------------------------------
# dates
# ---------------------------------------------------------------------------------------------


def as_of_timestamp(as_of: str) -> pd.Timestamp:
    """A partial date as a timestamp in the middle of its period (year -> 1 July, month -> 15th).

    >>> as_of_timestamp("2023-02")
    Timestamp('2023-02-15 00:00:00')
    >>> as_of_timestamp("2019")
    Timestamp('2019-07-01 00:00:00')
    >>> as_of_timestamp("2023-04-30")
    Timestamp('2023-04-30 00:00:00')
    """
    if not isinstance(as_of, str):
        raise ArgumentError(f"as_of must be a string YYYY, YYYY-MM or YYYY-MM-DD, got {type(as_of).__name__}")
    return pd.Timestamp(as_of_dates(pd.Series([as_of])).iloc[0])


def as_of_dates(as_of: pd.Series) -> pd.Series:
    """Vectorised ``as_of_timestamp``: a datetime Series with the input's index."""
    if not isinstance(as_of, pd.Series):
        raise ArgumentError(f"as_of must be a pandas Series of dates, got {type(as_of).__name__}")
    text = as_of.astype("str")
    bad = ~text.str.match(_DATE_RE.pattern).fillna(False).to_numpy(dtype=bool)
    if bad.any():
        shown = ", ".join(repr(v) for v in text[bad].unique()[:_SHOWN])
        raise ArgumentError(f"as_of must be YYYY, YYYY-MM or YYYY-MM-DD, got {shown}")
    n = text.str.len().to_numpy()
    full = np.where(n == 4, text + "-07-01", np.where(n == 7, text + "-15", text))
    try:
        dates = pd.to_datetime(pd.Series(full, index=as_of.index), format="%Y-%m-%d")
    except ValueError:
        raise ArgumentError("as_of names a day that does not exist (e.g. 2023-02-30)") from None
    return dates.rename(as_of.name)


def _precision_rank(as_of: pd.Series) -> np.ndarray:
    """0 for a day, 1 for a month, 2 for a year (from the text of validated dates)."""
    return as_of.astype("str").str.len().map(_RANK_OF_LENGTH).to_numpy(dtype=np.int64)


def _label(when: object, name: str) -> str:
    """An ``as_of`` label from a label string or a date (a date means that exact day)."""
    if isinstance(when, str):
        if not _DATE_RE.match(when):
            raise ArgumentError(f"{name} must be a date label YYYY, YYYY-MM or YYYY-MM-DD, got {when!r}")
        return when
    if when is pd.NaT:
        raise ArgumentError(f"{name} is missing (NaT)")
    if isinstance(when, pd.Timestamp | _dt.datetime | _dt.date):
        return when.strftime("%Y-%m-%d")
    raise ArgumentError(f"{name} must be a date label such as '2023-02' or a date, got {type(when).__name__}")


# ---------------------------------------------------------------------------------------------
# argument checks
# ---------------------------------------------------------------------------------------------


def _observations(park: object) -> pd.DataFrame:
    if not isinstance(park, pd.DataFrame):
        raise ArgumentError(f"park must be a pandas DataFrame (from load_park()), got {type(park).__name__}")
    missing = [c for c in OBSERVATION_COLUMNS if c not in park.columns]
    if missing:
        raise ArgumentError(
            f"park lacks column(s) {', '.join(missing)}: pass the frame load_park() or load_exchanges() returns"
        )
    if pd.api.types.is_bool_dtype(park["value"].dtype) or not pd.api.types.is_numeric_dtype(park["value"].dtype):
        raise ArgumentError(f"park column 'value' must hold numbers, got dtype {park['value'].dtype}")
    return park


def _metric_rows(park: pd.DataFrame, metric: object) -> pd.DataFrame:
    if not isinstance(metric, str):
        raise ArgumentError(f"metric must be a string such as {RESIDENTS!r}, got {type(metric).__name__}")
    rows = park[park["metric"] == metric]
    if rows.empty:
        known = sorted(set(park["metric"].astype("str")))
        close = difflib.get_close_matches(metric, known, n=_SHOWN)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise ArgumentError(f"unknown metric {metric!r}: no observation of it in the frame{hint}")
    return rows


def _positive(x: object, name: str) -> float:
    if isinstance(x, bool | np.bool_) or not isinstance(x, int | float | np.integer | np.floating):
        raise ArgumentError(f"{name} must be a number, got {type(x).__name__}")
    v = float(x)
    if not math.isfinite(v):
        raise ArgumentError(f"{name} must be finite, got {v!r}")
    if v <= 0:
        raise ArgumentError(f"{name} must be positive, got {v!r}")
    return v


# ---------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResidentsGrowth:
    """Compound growth between two observations.

    ``rate`` is a fraction a year (0.25 = 25 %/yr); ``multiple`` = end / start; ``years`` the
    time between the two dates (whole intervals when both are dated by year only, else
    days / 365.25); ``bound`` from the two qualifiers; sources as ``source_id`` (several joined
    with '; ' when they agree on the value).
    """

    start_as_of: str
    end_as_of: str
    start_value: float
    end_value: float
    start_source: str
    end_source: str
    years: float
    multiple: float
    rate: float
    bound: str


class Additions(NamedTuple):
    """``net_additions`` result: changes between consecutive observations, and published counts."""

    observed: pd.DataFrame
    published: pd.DataFrame


# ---------------------------------------------------------------------------------------------
# public functions
# ---------------------------------------------------------------------------------------------


def residents(park: pd.DataFrame, metric: str = RESIDENTS) -> pd.DataFrame:
    """Resident companies (or any other ``metric``) over time, as a step series.

    Returns a new frame sorted by date, one row per published observation, with columns
    ``date`` (mid-period timestamp, see ``as_of_timestamp``), ``until`` (the next later date,
    NaT for the last: the value holds until then, nothing is interpolated), as_of,
    as_of_precision, date_inferred, value (in ``unit``, companies for residents), unit,
    qualifier, source_id, note and ``conflict`` (True where another source gives a different
    value for the same as_of). Conflicting observations are all kept. Ties on the same
    timestamp list the more precise date first, then by value and source.
    """
    rows = _metric_rows(_observations(park), metric)
    ordered = rows.assign(
        date=as_of_dates(rows["as_of"]),
        _rank=_precision_rank(rows["as_of"]),
    ).sort_values(["date", "_rank", "value", "source_id"], kind="stable")
    dates = ordered["date"]
    distinct = pd.Index(dates.unique()).sort_values()
    following = pd.Series(distinct, dtype=dates.dtype).shift(-1)
    until = following.iloc[distinct.get_indexer(dates)].to_numpy()
    conflict = ordered.groupby("as_of", sort=False)["value"].transform("nunique") > 1
    columns = ["date", "until", *[c for c in OBSERVATION_COLUMNS if c != "metric"], "conflict"]
    return (
        ordered.assign(until=pd.Series(until, index=ordered.index, dtype=dates.dtype), conflict=conflict)
        .loc[:, columns]
        .reset_index(drop=True)
    )


def net_additions(park: pd.DataFrame) -> Additions:
    """Net additions of resident companies: observed changes and published yearly counts.

    ``observed``: one row per pair of consecutive observations of ``residents_count`` (in the
    order of ``residents``) with from_/to_ as_of, date, value and source_id, ``days`` between
    the dates, ``change`` (companies; entries minus exits, so it can be negative),
    ``per_year`` (change / days * 365.25; NaN when both share a date) and ``bound`` (from the
    two qualifiers: a change up to an "over" count is a lower bound). ``same_date`` marks pairs
    on the same date: their change is a disagreement between sources, not an addition. The
    changes sum to last minus first observation.

    ``precision`` is the coarser of the two dates' precisions: a per-year rate between a
    day-dated and a year-dated observation (placed on 1 July) says little.

    ``published``: the ``residents_new_in_year`` statements (companies that became residents in
    a year), with ``year`` and ``year_to_date`` (True when the count covers only part of the
    year: dated within the year, or its note says "year-to-date" and not "full-year"). Empty
    where none is published. Year-to-date counts never stand in for a full year.
    """
    series = residents(_observations(park), RESIDENTS)
    head, tail = series.iloc[:-1].reset_index(drop=True), series.iloc[1:].reset_index(drop=True)
    days = (tail["date"] - head["date"]).dt.days.astype("int64")
    change = tail["value"] - head["value"]
    same = days.to_numpy() == 0
    per_year = np.divide(
        change.to_numpy(dtype=np.float64) * DAYS_PER_YEAR,
        days.to_numpy(dtype=np.float64),
        out=np.full(len(days), np.nan),
        where=~same,
    )
    rank = np.maximum(_precision_rank(head["as_of"]), _precision_rank(tail["as_of"]))
    coarser = np.asarray(list(_PRECISION_RANK), dtype=object)[rank]
    observed = pd.DataFrame(
        {
            "from_as_of": head["as_of"],
            "to_as_of": tail["as_of"],
            "from_date": head["date"],
            "to_date": tail["date"],
            "days": days,
            "from_value": head["value"],
            "to_value": tail["value"],
            "change": change,
            "per_year": pd.Series(per_year, dtype="float64"),
            "bound": pd.Series(derived_bounds(tail["qualifier"].to_numpy(), head["qualifier"].to_numpy()), dtype="str"),
            "same_date": pd.Series(same, dtype="bool"),
            "precision": pd.Series(coarser, dtype="str"),
            "from_source_id": head["source_id"],
            "to_source_id": tail["source_id"],
        }
    )
    return Additions(observed=observed, published=_published_additions(park))


def _published_additions(park: pd.DataFrame) -> pd.DataFrame:
    columns = ["year", "as_of", "as_of_precision", "date_inferred", "value", "qualifier", "source_id", "note"]
    rows = park[park["metric"] == NEW_IN_YEAR]
    note = rows["note"].astype("str").str.lower()
    says_partial = note.str.contains("year-to-date", regex=False) & ~note.str.contains("full-year", regex=False)
    partial = (rows["as_of_precision"] != "year") | says_partial
    return (
        rows.assign(
            year=rows["as_of"].astype("str").str.slice(0, 4).astype("int64"),
            year_to_date=partial.astype("bool"),
            _date=as_of_dates(rows["as_of"]),
        )
        .sort_values(["_date", "value", "source_id"], kind="stable")
        .loc[:, [*columns, "year_to_date"]]
        .reset_index(drop=True)
    )


def _pick(series: pd.DataFrame, when: object, source: str | None, name: str, metric: str) -> pd.DataFrame:
    label = _label(when, name)
    rows = series[series["as_of"] == label]
    if source is not None:
        if not isinstance(source, str):
            raise ArgumentError(f"{name}_source must be a source_id string, got {type(source).__name__}")
        rows = rows[rows["source_id"] == source]
    if rows.empty:
        target = as_of_timestamp(label)
        nearest = series.assign(_gap=(series["date"] - target).abs()).nsmallest(2, "_gap", keep="first")
        near = ", ".join(f"{r.as_of} ({r.value:g}, {r.source_id})" for r in nearest.itertuples())
        by = f" from source {source!r}" if source is not None else ""
        raise ArgumentError(f"no {metric} observation at {label}{by} (as_of must match exactly); nearest: {near}")
    if rows[["value", "qualifier"]].drop_duplicates().shape[0] > 1:
        listed = "; ".join(f"{r.value:g} {r.qualifier} ({r.source_id})" for r in rows.itertuples())
        raise ArgumentError(
            f"{len(rows)} conflicting observations of {metric} at {label}: {listed}; choose one with {name}_source=..."
        )
    return rows


def residents_cagr(
    park: pd.DataFrame,
    start: object,
    end: object,
    *,
    start_source: str | None = None,
    end_source: str | None = None,
    metric: str = RESIDENTS,
) -> ResidentsGrowth:
    """Compound annual growth of resident companies between two observations.

    ``start`` and ``end`` name observations by their ``as_of`` label (``"2023-02"``) or by a date
    (a ``date``/``Timestamp`` means that exact day, ``"YYYY-MM-DD"``); the label must match an
    observation exactly (no interpolation to other dates). Where sources disagree at a date,
    name one with ``start_source`` / ``end_source``. ``rate`` is a fraction a year over
    ``years`` = days / 365.25 between the mid-period dates (whole-year intervals via
    ``analysis.growth.cagr`` when both are dated by year only). The fold change is computed by
    ``analysis.growth.fold_change`` (a start value must be positive).
    """
    from analysis.growth import cagr, fold_change

    series = residents(_observations(park), metric)
    a = _pick(series, start, start_source, "start", metric)
    b = _pick(series, end, end_source, "end", metric)
    first, last = a.iloc[0], b.iloc[0]
    if last["date"] <= first["date"]:
        raise ArgumentError(f"end ({last['as_of']}) must be after start ({first['as_of']})")
    multiple = float(fold_change(float(first["value"]), float(last["value"])))
    if len(first["as_of"]) == 4 and len(last["as_of"]) == 4:
        y0, y1 = int(first["as_of"]), int(last["as_of"])
        years = float(y1 - y0)
        rate = float(cagr(float(first["value"]), float(last["value"]), y0, y1))
    else:
        years = (last["date"] - first["date"]).days / DAYS_PER_YEAR
        try:
            rate = math.pow(multiple, 1.0 / years) - 1.0
        except OverflowError:
            rate = math.inf
        if not math.isfinite(rate):
            raise ArgumentError("the growth rate is too large to represent (the dates are too close)")
    return ResidentsGrowth(
        start_as_of=str(first["as_of"]),
        end_as_of=str(last["as_of"]),
        start_value=float(first["value"]),
        end_value=float(last["value"]),
        start_source="; ".join(a["source_id"].unique()),
        end_source="; ".join(b["source_id"].unique()),
        years=years,
        multiple=multiple,
        rate=rate,
        bound=derived_bound(str(last["qualifier"]), str(first["qualifier"])),
    )


def investment_per_resident(
    investment_usd: float, residents: float, qualifier: str = "exact", *, residents_qualifier: str = "exact"
) -> Bounded:
    """Investment per resident company, in US dollars per company, with its bound.

    ``qualifier`` is the investment's hedge: "over US$1.3 billion" for 107 residents is at least
    US$12.15M each, so the result is a ``lower`` bound (``Bounded.rounded`` never rounds it up).

    >>> r = investment_per_resident(1.3e9, 107, "over")
    >>> r.bound, round(r.value)
    ('lower', 12149533)
    """
    inv = _positive(investment_usd, "investment_usd")
    count = _positive(residents, "residents")
    if not count.is_integer():
        raise ArgumentError(f"residents must be a whole number of companies, got {count!r}")
    q_inv = check_qualifier(qualifier, "qualifier")
    q_res = check_qualifier(residents_qualifier, "residents_qualifier")
    return Bounded(value=inv / count, bound=derived_bound(q_inv, q_res), unit="USD per resident company")


_PCT_RE = re.compile(r"^\s*([+\-\u2212]?)\s*(\d+(?:\.\d+)?)\s*%?\s*$")


def profit_multiplier(growth_pct: float | str) -> float:
    """Growth form to multiplier: "+140%" (or 140) -> 2.4, i.e. (100 + pct) / 100 times the base.

    "Increase by 140%" means 2.4 times the previous year, not 1.4 times.

    >>> profit_multiplier("+140%")
    2.4
    >>> profit_multiplier(-25)
    0.75
    """
    if isinstance(growth_pct, str):
        m = _PCT_RE.match(growth_pct)
        if m is None:
            raise ArgumentError(f"growth_pct must be a percentage such as '+140%' or a number, got {growth_pct!r}")
        sign = -1.0 if m.group(1) in ("-", "\u2212") else 1.0
        pct = sign * float(m.group(2))
    elif isinstance(growth_pct, bool | np.bool_) or not isinstance(growth_pct, int | float | np.integer | np.floating):
        raise ArgumentError(f"growth_pct must be a number or a string such as '+140%', got {type(growth_pct).__name__}")
    else:
        pct = float(growth_pct)
    if not math.isfinite(pct):
        raise ArgumentError(f"growth_pct must be finite, got {pct!r}")
    if pct <= -100:
        raise ArgumentError(f"growth_pct must be above -100 (a fall of 100% or more leaves nothing), got {pct:g}")
    return (100.0 + pct) / 100.0


def conflicts(park: pd.DataFrame, metric: str | None = None) -> pd.DataFrame:
    """Conflicting statements: the same metric, as_of and unit, different values, side by side.

    One row per pair of observations that disagree (a group of three different values gives
    three pairs), ``value_a < value_b``, with each side's qualifier, source_id and note and
    ``difference`` = value_b - value_a (in ``unit``). Sources that agree are not listed. The
    qualifiers are shown, not judged: "over 80" and 85 may both be true. Nothing is resolved.
    Restrict to one ``metric`` if given. Sorted by metric, date, values.
    """
    obs = _observations(park)
    if metric is not None:
        obs = _metric_rows(obs, metric)
    key = ["metric", "as_of", "unit"]
    side = ["value", "qualifier", "source_id", "note"]
    left = obs.loc[:, key + side].reset_index(drop=True)
    pairs = left.merge(left, on=key, suffixes=("_a", "_b"), validate="many_to_many")
    pairs = pairs[pairs["value_a"] < pairs["value_b"]]
    columns = [*key, *[f"{c}_a" for c in side], *[f"{c}_b" for c in side], "difference"]
    return (
        pairs.assign(difference=pairs["value_b"] - pairs["value_a"], _date=as_of_dates(pairs["as_of"]))
        .sort_values(["metric", "_date", "value_a", "value_b", "source_id_a", "source_id_b"], kind="stable")
        .loc[:, columns]
        .reset_index(drop=True)
    )
