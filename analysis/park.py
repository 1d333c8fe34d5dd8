"""The China-Belarus Industrial Park "Great Stone": residents over time, additions, growth, bounds.

Pure functions on the frame ``analysis.load_park()`` returns: dated observations, one row per
published figure (see ``analysis.observations``, which holds what is general about them: partial
dates, step series, changes, conflicts; ``data/exchanges.csv`` has the same layout, so
``residents(..., metric=...)`` and ``conflicts`` work on it too). Inputs are never modified;
every function returns a new object.

Conventions (all tested):

- **Partial dates, step series, conflicts kept**: as in ``analysis.observations`` (a partial
  date is placed mid-period, an observation holds until the next one, nothing is interpolated,
  disagreeing sources are all kept and flagged; where a choice is needed the caller names the
  source).
- **Hedges become bounds** (``analysis.hedges``). ``qualifier`` is the source's hedge: ``over``
  is a lower bound, ``nearly`` an upper bound, ``about`` approximate. A value derived from hedged
  inputs carries ``bound`` = ``exact``, ``lower``, ``upper`` or ``approximate`` (an ``about``
  input, or hedges pulling in opposite directions). The bound reflects the values' hedges only,
  not the imprecision of partial dates. A lower bound is never rounded upward
  (``Bounded.rounded``).
- **Growth over irregular dates.** ``residents_cagr`` compounds over fractional years
  (days / 365.25) because observations fall on arbitrary days; when both observations are
  dated by year only it counts whole-year intervals, as ``analysis.growth.cagr`` does.
- **Bad arguments** raise ``analysis.errors.ArgumentError`` with a plain message.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.errors import ArgumentError
from analysis.hedges import Bounded, check_qualifier, derived_bound
from analysis.observations import (
    DAYS_PER_YEAR,
    as_of_dates,
    as_of_timestamp,
    changes,
    conflicts,
    date_label,
    step_series,
)

__all__ = [
    "Additions",
    "Bounded",
    "ResidentsGrowth",
    "conflicts",
    "investment_per_resident",
    "net_additions",
    "profit_multiplier",
    "residents",
    "residents_cagr",
]

RESIDENTS = "residents_count"
NEW_IN_YEAR = "residents_new_in_year"


# ---------------------------------------------------------------------------------------------
# argument checks
# ---------------------------------------------------------------------------------------------


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

    ``analysis.observations.step_series`` of ``metric``: a new frame sorted by date, one row per
    published observation, with columns ``date`` (mid-period timestamp, see ``as_of_timestamp``),
    ``until`` (the next later date, NaT for the last: the value holds until then, nothing is
    interpolated), as_of, as_of_precision, date_inferred, value (in ``unit``, companies for
    residents), unit, qualifier, source_id, note and ``conflict`` (True where another source
    gives a different value for the same as_of). Conflicting observations are all kept. Ties on
    the same timestamp list the more precise date first, then by value and source.
    """
    return step_series(park, metric, name="park")


def net_additions(park: pd.DataFrame) -> Additions:
    """Net additions of resident companies: observed changes and published yearly counts.

    ``observed``: ``analysis.observations.changes`` of the ``residents_count`` series, one row
    per pair of consecutive observations (in the order of ``residents``) with from_/to_ as_of,
    date, value and source_id, ``days`` between the dates, ``change`` (companies; entries minus
    exits, so it can be negative), ``per_year`` (change / days * 365.25; NaN when both share a
    date) and ``bound`` (from the two qualifiers: a change up to an "over" count is a lower
    bound). ``same_date`` marks pairs on the same date: their change is a disagreement between
    sources, not an addition. The changes sum to last minus first observation.

    ``precision`` is the coarser of the two dates' precisions: a per-year rate between a
    day-dated and a year-dated observation (placed on 1 July) says little.

    ``published``: the ``residents_new_in_year`` statements (companies that became residents in
    a year), with ``year`` and ``year_to_date`` (True when the count covers only part of the
    year: dated within the year, or its note says "year-to-date" and not "full-year"). Empty
    where none is published. Year-to-date counts never stand in for a full year.
    """
    observed = changes(residents(park, RESIDENTS))
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
    label = date_label(when, name)
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

    series = residents(park, metric)
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
