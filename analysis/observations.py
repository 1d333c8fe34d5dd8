"""Dated observations: figures published "as of" a partial date, kept as step series.

An observation is one published figure with its date and source: the layout of
``data/park.csv`` and ``data/exchanges.csv`` (as_of, as_of_precision, date_inferred, metric,
value, unit, qualifier, source_id, note; ``analysis.load_park`` / ``load_exchanges``). The
functions here work on any metric of such a frame (resident companies, Chinese students,
Confucius Institutes...); ``analysis.park`` adds what is specific to the park. Inputs are never
modified; every function returns a new object.

Conventions (all tested):

- **Partial dates.** ``as_of`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: a date with a
  precision (year, month or day) that names an interval of days, ``start`` to ``end``
  (``parse_as_of``, ``as_of_intervals``). To sort and to count days, a partial date is placed
  today at a *position* in the middle of its interval: a month on its 15th, a year on 1 July
  (``as_of_timestamp``, ``as_of_dates``); the error in elapsed time is then at most half the
  period either way, and the original ``as_of`` and its precision are kept beside it. Whether
  two dates can be ordered or subtracted at all is what their intervals say
  (``PartialDate.overlaps``).
- **Step series, no interpolation.** An observation holds from its date until the next one
  (``until``, ``step_series``); nothing is estimated between observations. ``changes`` gives
  the differences between consecutive observations, with the coarser precision of each pair.
- **Conflicts are kept.** Two sources giving different values for the same metric and date are
  both kept and flagged (``conflict``); ``conflicts`` lists them side by side. Nothing here
  chooses between sources silently.
- **Hedges** are ``analysis.hedges``'s: a change up to an 'over' figure is a lower bound.
- **Bad arguments** raise ``analysis.errors.ArgumentError`` with a plain message.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import contract
from analysis.errors import ArgumentError
from analysis.hedges import derived_bounds

__all__ = [
    "AS_OF_PATTERN",
    "DAYS_PER_YEAR",
    "OBSERVATION_COLUMNS",
    "PRECISIONS",
    "PartialDate",
    "as_of_dates",
    "as_of_intervals",
    "as_of_timestamp",
    "changes",
    "check_observations",
    "conflicts",
    "date_label",
    "metric_rows",
    "parse_as_of",
    "precision_rank",
    "step_series",
    "year_fraction",
]

OBSERVATION_COLUMNS = tuple(contract.columns("park.csv"))  # the same layout as exchanges.csv
AS_OF_PATTERN = contract.PARTIAL_DATE_RE
PRECISIONS = ("day", "month", "year")  # finest first: a precision's rank is its position here
DAYS_PER_YEAR = 365.25  # mean Gregorian-Julian year used to turn days into fractional years

_DATE_RE = re.compile(AS_OF_PATTERN)
_RANK_OF_LENGTH = {10: 0, 7: 1, 4: 2}  # YYYY-MM-DD, YYYY-MM, YYYY
_SHOWN = 3


# ---------------------------------------------------------------------------------------------
# partial dates
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartialDate:
    """A date as published: its label, its precision and the interval of days it names.

    ``start`` and ``end`` are the first and last day (inclusive) the label can mean;
    ``position`` is where the package places it today to sort and to count days (the middle
    of the period: a month on its 15th, a year on 1 July).
    """

    label: str
    precision: str
    start: pd.Timestamp
    end: pd.Timestamp
    position: pd.Timestamp

    def overlaps(self, other: PartialDate) -> bool:
        """Whether the two dates may name the same day: then neither is known to come first."""
        return bool(self.start <= other.end and other.start <= self.end)


def parse_as_of(label: str) -> PartialDate:
    """A partial date label (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) with its precision and interval.

    >>> d = parse_as_of("2023-02")
    >>> d.precision, d.start.date(), d.end.date(), d.position.date()
    ('month', datetime.date(2023, 2, 1), datetime.date(2023, 2, 28), datetime.date(2023, 2, 15))
    >>> parse_as_of("2025").overlaps(parse_as_of("2025-06-30"))
    True
    """
    if not isinstance(label, str):
        raise ArgumentError(f"as_of must be a string YYYY, YYYY-MM or YYYY-MM-DD, got {type(label).__name__}")
    row = as_of_intervals(pd.Series([label])).iloc[0]
    return PartialDate(label, str(row["precision"]), row["start"], row["end"], row["position"])


def _validated(as_of: object) -> pd.Series:
    if not isinstance(as_of, pd.Series):
        raise ArgumentError(f"as_of must be a pandas Series of dates, got {type(as_of).__name__}")
    text = as_of.astype("str")
    bad = ~text.str.match(AS_OF_PATTERN).fillna(False).to_numpy(dtype=bool)
    if bad.any():
        shown = ", ".join(repr(v) for v in text[bad].unique()[:_SHOWN])
        raise ArgumentError(f"as_of must be YYYY, YYYY-MM or YYYY-MM-DD, got {shown}")
    return text


def _to_dates(text: np.ndarray, index: pd.Index) -> pd.Series:
    try:
        return pd.to_datetime(pd.Series(text, index=index), format="%Y-%m-%d")
    except ValueError:
        raise ArgumentError("as_of names a day that does not exist (e.g. 2023-02-30)") from None


def as_of_dates(as_of: pd.Series) -> pd.Series:
    """Vectorised ``as_of_timestamp``: the position of each date, a datetime Series with the input's index."""
    text = _validated(as_of)
    n = text.str.len().to_numpy()
    full = np.where(n == 4, text + "-07-01", np.where(n == 7, text + "-15", text))
    return _to_dates(full, as_of.index).rename(as_of.name)


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


def as_of_intervals(as_of: pd.Series) -> pd.DataFrame:
    """Each partial date as an interval: ``start`` and ``end`` (first and last day), ``precision``, ``position``.

    One row per input row, with the input's index; ``position`` is ``as_of_dates``.
    """
    text = _validated(as_of)
    n = text.str.len().to_numpy()
    start = _to_dates(np.where(n == 4, text + "-01-01", np.where(n == 7, text + "-01", text)), as_of.index)
    first = start.to_numpy(dtype="datetime64[D]")
    one_day = np.timedelta64(1, "D")
    end = np.where(
        n == 4,
        (first.astype("datetime64[Y]") + 1).astype("datetime64[D]") - one_day,
        np.where(n == 7, (first.astype("datetime64[M]") + 1).astype("datetime64[D]") - one_day, first),
    )
    return pd.DataFrame(
        {
            "start": start,
            "end": pd.Series(end.astype("datetime64[ns]"), index=as_of.index),
            "precision": pd.Series(np.asarray(PRECISIONS, dtype=object)[precision_rank(text)], index=as_of.index),
            "position": as_of_dates(as_of),
        },
        index=as_of.index,
    ).astype({"precision": "str"})


def precision_rank(as_of: pd.Series) -> np.ndarray:
    """0 for a day, 1 for a month, 2 for a year (from the text of validated dates; see ``PRECISIONS``)."""
    return as_of.astype("str").str.len().map(_RANK_OF_LENGTH).to_numpy(dtype=np.int64)


def date_label(when: object, name: str) -> str:
    """An ``as_of`` label from a label string or a date (a date means that exact day).

    >>> date_label("2023-02", "start"), date_label(_dt.date(2023, 4, 30), "end")
    ('2023-02', '2023-04-30')
    """
    if isinstance(when, str):
        if not _DATE_RE.match(when):
            raise ArgumentError(f"{name} must be a date label YYYY, YYYY-MM or YYYY-MM-DD, got {when!r}")
        return when
    if when is pd.NaT:
        raise ArgumentError(f"{name} is missing (NaT)")
    if isinstance(when, pd.Timestamp | _dt.datetime | _dt.date):
        return when.strftime("%Y-%m-%d")
    raise ArgumentError(f"{name} must be a date label such as '2023-02' or a date, got {type(when).__name__}")


def year_fraction(date: str) -> float:
    """Where a dated event sits on a chart's axis of years: the year plus the month's start (a year alone: July).

    >>> year_fraction("2023-04-30"), year_fraction("1992-01"), year_fraction("2006")
    (2023.25, 1992.0, 2006.5)
    """
    date = date_label(date, "date")
    parts = [int(p) for p in date.split("-")]
    month = parts[1] if len(parts) > 1 else 7
    return parts[0] + (month - 1) / 12


# ---------------------------------------------------------------------------------------------
# frames of observations
# ---------------------------------------------------------------------------------------------


def check_observations(frame: object, name: str = "observations") -> pd.DataFrame:
    """``frame`` if it has the observation columns and numeric values, else an ``ArgumentError``."""
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(
            f"{name} must be a pandas DataFrame (from load_park() or load_exchanges()), got {type(frame).__name__}"
        )
    missing = [c for c in OBSERVATION_COLUMNS if c not in frame.columns]
    if missing:
        raise ArgumentError(
            f"{name} lacks column(s) {', '.join(missing)}: pass the frame load_park() or load_exchanges() returns"
        )
    if pd.api.types.is_bool_dtype(frame["value"].dtype) or not pd.api.types.is_numeric_dtype(frame["value"].dtype):
        raise ArgumentError(f"{name} column 'value' must hold numbers, got dtype {frame['value'].dtype}")
    return frame


def metric_rows(frame: pd.DataFrame, metric: object) -> pd.DataFrame:
    """The observations of one ``metric``; an unknown metric is an error suggesting close names."""
    if not isinstance(metric, str):
        raise ArgumentError(f"metric must be a string such as 'residents_count', got {type(metric).__name__}")
    rows = frame[frame["metric"] == metric]
    if rows.empty:
        known = sorted(set(frame["metric"].astype("str")))
        close = difflib.get_close_matches(metric, known, n=_SHOWN)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise ArgumentError(f"unknown metric {metric!r}: no observation of it in the frame{hint}")
    return rows


def step_series(frame: pd.DataFrame, metric: str, name: str = "observations") -> pd.DataFrame:
    """One metric over time, as a step series.

    Returns a new frame sorted by date, one row per published observation, with columns
    ``date`` (the position of ``as_of``, see ``as_of_timestamp``), ``until`` (the next later
    date, NaT for the last: the value holds until then, nothing is interpolated), as_of,
    as_of_precision, date_inferred, value (in ``unit``), unit, qualifier, source_id, note and
    ``conflict`` (True where another source gives a different value for the same as_of).
    Conflicting observations are all kept. Ties on the same date list the more precise date
    first, then by value and source. ``name`` is how errors call ``frame``.
    """
    rows = metric_rows(check_observations(frame, name), metric)
    ordered = rows.assign(
        date=as_of_dates(rows["as_of"]),
        _rank=precision_rank(rows["as_of"]),
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


def changes(series: pd.DataFrame) -> pd.DataFrame:
    """Changes between consecutive observations of a ``step_series``, in its order.

    One row per pair with from_/to_ as_of, date, value and source_id, ``days`` between the
    dates, ``change`` (to - from, in the series' unit; can be negative), ``per_year``
    (change / days * 365.25; NaN when both share a date), ``bound`` (``analysis.hedges``: a
    change up to an "over" figure is a lower bound), ``same_date`` (a change between two
    observations on the same date is a disagreement between sources, not a change) and
    ``precision``, the coarser of the two dates' precisions. The changes sum to last minus first.
    """
    needed = ["date", "as_of", "value", "qualifier", "source_id"]
    if not isinstance(series, pd.DataFrame) or any(c not in series.columns for c in needed):
        raise ArgumentError(f"series must be a step series (from step_series), with columns {', '.join(needed)}")
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
    rank = np.maximum(precision_rank(head["as_of"]), precision_rank(tail["as_of"]))
    coarser = np.asarray(PRECISIONS, dtype=object)[rank]
    return pd.DataFrame(
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


def conflicts(frame: pd.DataFrame, metric: str | None = None) -> pd.DataFrame:
    """Conflicting statements: the same metric, as_of and unit, different values, side by side.

    One row per pair of observations that disagree (a group of three different values gives
    three pairs), ``value_a < value_b``, with each side's qualifier, source_id and note and
    ``difference`` = value_b - value_a (in ``unit``). Sources that agree are not listed. The
    qualifiers are shown, not judged: "over 80" and 85 may both be true. Nothing is resolved.
    Restrict to one ``metric`` if given. Sorted by metric, date, values.
    """
    obs = check_observations(frame)
    if metric is not None:
        obs = metric_rows(obs, metric)
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
