"""Growth over every group of a tidy panel at once: ``panel_change`` and ``panel_yoy``.

A panel is a tidy frame with any grouping columns (reporter, partner, flow, product, ...) plus a
year and a value column, e.g. a Comtrade download of many partners and products. The arithmetic
and its conventions are ``analysis.growth``'s (rates are fractions, growth counts the intervals
between years, missing is missing, a gap is never bridged unless ``annualise_gaps=True``); a
group gives the same numbers as the same values passed to ``analysis.growth`` as a Series.

The engine is vectorised, so that a 10-million-row panel takes seconds: the groups are encoded as
integers, rows are sorted once by (group, year) and growth is read off adjacent rows
(``analysis.growth.step_growth``); there is no Python loop over groups. A bad group or row never
raises: it gets NaN *and* a categorical ``reason`` saying why ("no value for 1992", "start value
not positive"); ``reason`` is ``""`` where the numbers are valid. Bad arguments (a missing
column, duplicate group-years, non-numeric values) raise ``ArgumentError``. Inputs are never
modified.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from analysis.errors import ArgumentError
from analysis.growth import REASON_MISSING, REASON_NO_PREV_YEAR, REASON_OK, REASON_TEXT, step_growth, whole_year

__all__ = ["panel_change", "panel_yoy"]


def _plain(value: object) -> object:
    """A NumPy scalar as the Python value it holds (for readable messages)."""
    return value.item() if isinstance(value, np.generic) else value


_SORT_BITS = 63  # a (key, row) pair is packed into one int64 when the two fit
_MAX_KEY = 1 << 62  # beyond this many possible (group, year) keys, renumber the groups that occur


class _Panel:
    """A tidy frame prepared once: rows sorted by (group, year), duplicates rejected.

    ``order`` maps sorted position -> original row; ``first`` flags each group's first sorted
    row (groups come in the sort order of the grouping columns' values); ``offset`` = year -
    ``first_year``. Nothing here writes to the frame or to arrays that may share its memory.
    """

    def __init__(self, frame: pd.DataFrame, by: str | Sequence[str], year: str, value: str, outputs: Sequence[str]):
        if not isinstance(frame, pd.DataFrame):
            raise ArgumentError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
        self.by = [by] if isinstance(by, str) else list(by)
        self.year, self.value = year, value
        names = [*self.by, year, value]
        for name in names:
            if not isinstance(name, str):
                raise ArgumentError(f"column names must be strings, got {name!r}")
            if name not in frame.columns:
                raise ArgumentError(f"no column {name!r} in the frame (it has: {', '.join(map(str, frame.columns))})")
        if len(set(names)) != len(names):
            raise ArgumentError(f"a column is used twice among by={self.by}, year={year!r}, value={value!r}")
        if frame.columns[frame.columns.isin(names)].duplicated().any():
            raise ArgumentError("the frame has two columns with the same name among the ones used")
        clash = [c for c in outputs if c in self.by]
        if clash:
            raise ArgumentError(f"grouping column {clash[0]!r} has the name of an output column; rename it first")
        self.frame = frame
        self.n = len(frame)
        years = self._years(frame[year])
        self.amounts = self._values(frame[value])
        self.first_year = int(years.min()) if self.n else 0
        span = int(years.max()) - self.first_year + 1 if self.n else 1
        key, size = self._group_codes()
        if size * span >= _MAX_KEY:  # renumber only the groups that occur
            key, uniques = pd.factorize(key, sort=True)
            size = max(len(uniques), 1)
        key *= span  # key = group code * span + year offset, built in place
        key += years
        key -= self.first_year
        del years
        self.order, sorted_key = self._argsort(key, size * span)
        del key
        self._reject_duplicates(sorted_key)
        group_code, self.offset = np.divmod(sorted_key, span)
        del sorted_key
        self.first = np.ones(self.n, dtype=bool)
        np.not_equal(group_code[1:], group_code[:-1], out=self.first[1:])
        del group_code
        self.starts = np.flatnonzero(self.first)

    def _years(self, column: pd.Series) -> np.ndarray:
        dtype = column.dtype
        if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
            raise ArgumentError(f"year column {self.year!r} must hold integer years, got dtype {dtype}")
        if pd.api.types.is_integer_dtype(dtype) and not column.hasnans:
            years = column.to_numpy(dtype=np.int64)
        else:
            raw = column.to_numpy(dtype=np.float64, na_value=np.nan)
            if not np.isfinite(raw).all() or not (raw == np.round(raw)).all():
                raise ArgumentError(f"year column {self.year!r} has missing or fractional years")
            years = raw.astype(np.int64)
        if years.size and int(years.max()) - int(years.min()) >= 1 << 31:
            raise ArgumentError(f"year column {self.year!r} spans more than 2**31 years")
        return years

    def _values(self, column: pd.Series) -> np.ndarray:
        dtype = column.dtype
        if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
            raise ArgumentError(f"value column {self.value!r} must hold numbers, got dtype {dtype}")
        if dtype == np.float64:
            values = column.to_numpy()  # may share memory with the frame: read only
        else:
            values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        if np.isinf(values).any():
            raise ArgumentError(f"value column {self.value!r} has infinite values")
        return values

    def _group_codes(self) -> tuple[np.ndarray, int]:
        """One new int64 array numbering each row's group, in the sort order of the key columns,
        and the number of possible codes (product of the columns' distinct counts)."""
        code = np.zeros(self.n, dtype=np.int64)
        size = 1
        for name in self.by:
            codes, uniques = pd.factorize(self.frame[name], sort=True, use_na_sentinel=False)
            k = max(len(uniques), 1)
            if size * k >= _MAX_KEY:
                code, kept = pd.factorize(code, sort=True)
                size = max(len(kept), 1)
            code *= k
            code += codes
            size *= k
        return code, size

    def _argsort(self, key: np.ndarray, key_space: int) -> tuple[np.ndarray, np.ndarray]:
        """Stable argsort of non-negative int64 keys (consumed), and the sorted keys.

        When key and row number fit in 63 bits together, the packed values are sorted instead
        (a plain ``np.sort`` of int64 is several times faster than ``np.argsort``)."""
        row_bits = max(self.n - 1, 1).bit_length()
        if (key_space - 1).bit_length() + row_bits <= _SORT_BITS:
            key <<= row_bits
            key |= np.arange(self.n, dtype=np.int64)
            key.sort()
            sorted_key = key >> row_bits
            key &= (1 << row_bits) - 1
            return key, sorted_key
        order = np.argsort(key, kind="stable")
        return order, key[order]

    def _reject_duplicates(self, sorted_key: np.ndarray) -> None:
        dup = np.flatnonzero(sorted_key[1:] == sorted_key[:-1])
        if dup.size == 0:
            return
        row = int(self.order[dup[0]])
        keys = ", ".join(f"{name}={_plain(self.frame[name].iloc[row])!r}" for name in self.by)
        where = f"{keys}, " if keys else ""
        count = np.unique(sorted_key[dup]).size
        raise ArgumentError(
            f"duplicate rows for the same group and year ({count} group-year(s)), e.g. {where}"
            f"{self.year}={_plain(self.frame[self.year].iloc[row])!r}: "
            "aggregate them or filter to one source/period first"
        )

    def group(self) -> np.ndarray:
        """Dense group number (0..n_groups-1) of each sorted row."""
        group = np.cumsum(self.first, dtype=np.int64)
        group -= 1
        return group

    def keys(self) -> pd.DataFrame:
        """The grouping columns, one row per group (in group order)."""
        rows = self.order[self.starts]
        if not self.by:
            return pd.DataFrame(index=pd.RangeIndex(rows.size))
        return self.frame[self.by].take(rows).reset_index(drop=True)


def _categorical(code: np.ndarray, label: Callable[[int], str]) -> pd.Categorical:
    """Reason codes -> categorical strings; "" (code 0) and the codes that occur are categories."""
    used = np.flatnonzero(np.bincount(code, minlength=1))
    if used.size == 0 or used[0] != REASON_OK:
        used = np.concatenate([[REASON_OK], used])
    small = np.int8 if used.size < 127 else np.int32
    remap = np.zeros(int(used[-1]) + 1, dtype=small)
    remap[used] = np.arange(used.size, dtype=small)
    return pd.Categorical.from_codes(remap[code], categories=[label(int(c)) for c in used])


def panel_yoy(
    frame: pd.DataFrame,
    by: str | Sequence[str],
    year: str = "year",
    value: str = "value",
    annualise_gaps: bool = False,
) -> pd.DataFrame:
    """Year-over-year growth (fraction) within each group of a tidy frame.

    Returns a new frame: the input's rows, index and order plus ``yoy`` and a categorical
    ``reason``. The gap rule is ``yoy``'s: a row whose previous year is missing in its group gets
    NaN and reason "no value for <year - 1>" (with ``annualise_gaps=True`` the change since the
    group's last earlier value is annualised, and only a group's first value gets "no earlier
    value"). A NaN value counts as missing ("value missing"); a negative value gives "value
    negative"; a zero or negative previous value gives "previous value not positive".
    Duplicate (group, year) rows raise ``ArgumentError``. ``by`` may name any columns, or none.
    """
    for name in ("yoy", "reason"):
        if isinstance(frame, pd.DataFrame) and name in frame.columns:
            raise ArgumentError(f"the frame already has a {name!r} column; drop or rename it first")
    panel = _Panel(frame, by, year, value, outputs=("yoy", "reason"))
    sorted_values = panel.amounts[panel.order]
    present = ~np.isnan(sorted_values)
    if present.all():
        growth, code = step_growth(panel.first, panel.offset, sorted_values, annualise_gaps, log=False)
    else:  # NaN values are missing years: drop them, then a group's first row may move
        rows = np.flatnonzero(present)
        first = panel.first.copy()
        group = panel.group()
        first[rows[:1]] = True
        first[rows[1:]] |= group[rows[1:]] != group[rows[:-1]]
        del group
        growth = np.full(panel.n, np.nan, dtype=np.float64)
        code = np.full(panel.n, REASON_MISSING, dtype=np.int32)
        growth[rows], code[rows] = step_growth(
            first[rows], panel.offset[rows], sorted_values[rows], annualise_gaps, log=False
        )
    del sorted_values, present
    first_year = panel.first_year
    no_value = first_year - REASON_NO_PREV_YEAR - 1  # code REASON_NO_PREV_YEAR + k: no value for first_year + k - 1
    reason = _categorical(code, lambda c: REASON_TEXT.get(c, f"no value for {no_value + c}"))
    del code
    out_growth = np.empty(panel.n, dtype=np.float64)
    out_growth[panel.order] = growth
    del growth
    out_code = np.empty(panel.n, dtype=reason.codes.dtype)
    out_code[panel.order] = reason.codes
    return frame.assign(
        yoy=pd.Series(out_growth, index=frame.index, dtype="float64", copy=False),
        reason=pd.Series(pd.Categorical.from_codes(out_code, dtype=reason.dtype), index=frame.index, copy=False),
    )


_CHANGE_COLUMNS = ("start_value", "end_value", "intervals", "fold_change", "cagr", "reason")


def panel_change(
    frame: pd.DataFrame,
    by: str | Sequence[str],
    start_year: int,
    end_year: int,
    year: str = "year",
    value: str = "value",
) -> pd.DataFrame:
    """Fold change and CAGR from ``start_year`` to ``end_year`` for every group of a tidy frame.

    One row per group (sorted by the grouping columns) with the grouping columns, start_value,
    end_value, intervals (``end_year - start_year``), fold_change, cagr (fraction a year) and a
    categorical ``reason``: "" when valid, else why the numbers are NaN ("no value for 1992",
    "start value not positive", "end value negative"; several joined by "; "). A NaN value
    counts as missing. Duplicate (group, year) rows raise ``ArgumentError``.
    """
    y0 = whole_year(start_year, "start_year")
    y1 = whole_year(end_year, "end_year")
    if y1 <= y0:
        raise ArgumentError(f"end year {y1} must be after start year {y0}")
    panel = _Panel(frame, by, year, value, outputs=_CHANGE_COLUMNS)
    n_groups = panel.starts.size
    group = panel.group()
    ends = []
    for y in (y0, y1):
        at = np.flatnonzero(panel.offset == y - panel.first_year)
        v = np.full(n_groups, np.nan, dtype=np.float64)
        v[group[at]] = panel.amounts[panel.order[at]]
        ends.append(v)
    del group
    start, end = ends
    no_start, no_end = np.isnan(start), np.isnan(end)
    bad_start = ~no_start & ~(start > 0)
    bad_end = ~no_end & (end < 0)
    n = y1 - y0
    valid = ~(no_start | no_end | bad_start | bad_end)
    fold = np.full(n_groups, np.nan, dtype=np.float64)
    rate = np.full(n_groups, np.nan, dtype=np.float64)
    with np.errstate(all="ignore"):
        fold[valid] = end[valid] / start[valid]
        rate[valid] = fold[valid] ** (1.0 / n) - 1.0
    too_large = valid & ~np.isfinite(fold)
    fold[too_large] = np.nan
    rate[too_large] = np.nan
    # reason code = start part (0 ok, 1 missing, 2 not positive) * 4 + end part (0 ok, 1 missing,
    # 2 negative, 3 too large)
    code = (no_start * 1 + bad_start * 2) * 4 + (no_end * 1 + bad_end * 2 + too_large * 3)
    start_text = ["", f"no value for {y0}", "start value not positive"]
    end_text = ["", f"no value for {y1}", "end value negative", "growth too large to represent"]
    reason = _categorical(code, lambda c: "; ".join(t for t in (start_text[c // 4], end_text[c % 4]) if t))
    return panel.keys().assign(
        start_value=pd.Series(start, dtype="float64"),
        end_value=pd.Series(end, dtype="float64"),
        intervals=pd.Series(np.full(n_groups, n, dtype=np.int64), dtype="int64"),
        fold_change=pd.Series(fold, dtype="float64"),
        cagr=pd.Series(rate, dtype="float64"),
        reason=pd.Series(reason),
    )
