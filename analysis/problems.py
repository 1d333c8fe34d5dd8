"""One problem log for every reader: collect what is wrong with an input, then report it or raise.

A reader makes one ``ProblemLog`` per input file and adds every problem it finds, each with the
line (the 1-based physical line of the file, header = line 1: see ``analysis.csvtext``; or, for a
binary table such as parquet, the 0-based row, ``unit="row"``), the column, the value as written
in the file and what was expected. Problems are added one at a time (``add_one``, ``append``) or
in bulk for many rows at once (``add``: arrays of lines and values, vectorised for millions of
rows). ``add_duplicates`` finds rows whose key repeats and names, for each, the other line(s)
with the same key.

The log then gives, deduplicated and sorted (problems of the whole file first, then by line and
column, "... more not listed" summaries last):

- ``frame()``: the ``rejected`` frame of ``errors="report"`` (``line, column, value, reason``);
- ``problems()`` / ``error()`` / ``raise_if_any()``: ``Problem`` objects, a ``DataError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from analysis.errors import DataError, Problem, RowProblem

if TYPE_CHECKING:
    from analysis.csvtext import RecordLines

REJECTED_COLUMNS = ["line", "column", "value", "reason"]
MAX_OTHERS = 5  # other lines named by one duplicate-key problem (then "...")
NO_LINE = -1  # a problem of the whole file (no line), stored in the int64 line column
DENSE_CODES = 1 << 24  # key codes spanning fewer values than this are counted in an array

_Chunk = tuple[np.ndarray, str | None, Sequence[str | None] | None, str | Sequence[str], bool]


class ProblemLog:
    """Every problem of one input (``label`` names it in messages); ``unit`` is "line" or "row"."""

    def __init__(self, label: str, *, unit: Literal["line", "row"] = "line") -> None:
        self.label = label
        self.unit = unit
        self._chunks: list[_Chunk] = []
        self._singles: list[tuple[int, str | None, str | None, str, bool]] = []
        self._count = 0

    # ---- adding --------------------------------------------------------------------------

    def add(
        self,
        lines: np.ndarray | Sequence[int],
        column: str | None,
        values: Sequence[str | None] | None,
        reason: str | Sequence[str],
        *,
        limit: int | None = None,
    ) -> None:
        """One problem per entry of ``lines``, all in ``column``; ``values`` (the text as written)
        and ``reason`` are given per line, or ``values=None`` (no value) and one ``reason`` for all.
        With ``limit``, only the first ``limit`` are kept and one summary counts the rest."""
        lines = np.asarray(lines, dtype="int64")
        n = len(lines)
        if n == 0:
            return
        if limit is not None and n > limit:
            if not isinstance(reason, str):
                raise TypeError("a limit needs one reason for all lines")
            self.add_one(
                None, column, None, f"{reason} ({n - limit:,} more {self.unit}s fail, not listed)", summary=True
            )
            lines, n = lines[:limit], limit
            values = None if values is None else list(values[:limit])
        if values is not None and len(values) != n:
            raise ValueError("one value per line")
        self._chunks.append((lines, column, values, reason, False))
        self._count += n

    def add_one(
        self, line: int | None, column: str | None, value: str | None, reason: str, *, summary: bool = False
    ) -> None:
        """One problem (``line`` None: the file as a whole; ``summary``: a count of problems not listed)."""
        self._singles.append((NO_LINE if line is None else int(line), column, value, reason, summary))
        self._count += 1

    def append(self, problem: Problem) -> None:
        """A ready-made ``Problem`` of this input (its file must be this log's label)."""
        if problem.file != self.label:
            raise ValueError(f"a problem of {problem.file!r} in the log of {self.label!r}")
        self.add_one(problem.line, problem.column, problem.value, problem.expected)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def add_duplicates(
        self,
        keys: pd.DataFrame,
        lines: np.ndarray | RecordLines,
        what: str,
        why: str = "the same is on {where}",
        *,
        codes: np.ndarray | None = None,
        column: str | None = None,
        limit: int | None = None,
    ) -> np.ndarray:
        """Rows of ``keys`` whose key repeats: one problem per such row, and their mask.

        The problem is in ``column`` (default: the key columns joined by '+'), its value is the
        key as text ('2019/CHN/BLR/...'), its reason ``f"{what} ({why})"`` where ``{where}``
        names the other lines with the same key ("line 9", "lines 9, 12", at most ``MAX_OTHERS``
        then "..."). ``lines`` gives each row's line (or row number): an array, or a
        ``RecordLines``, indexed only when a key repeats. ``codes``, one integer per
        row equal exactly when the keys are equal, makes the check faster (no hashing of text).
        With ``limit``, the first ``limit`` rows by line are listed and one summary counts the rest.
        """
        n = len(keys)
        none = np.zeros(n, dtype=bool)
        if n < 2:
            return none
        if codes is not None:
            codes = np.asarray(codes, dtype="int64")
            low, high = int(codes.min()), int(codes.max())
            if high - low < DENSE_CODES:  # count each code in an array: no sorting, no hashing
                shifted = codes - low
                dup = np.bincount(shifted, minlength=high - low + 1)[shifted] > 1
                if not dup.any():
                    return none
            else:
                ordered = np.sort(codes)
                if not (ordered[1:] == ordered[:-1]).any():  # the usual case, without hashing
                    return none
                dup = pd.Series(codes).duplicated(keep=False).to_numpy()
            group = codes[dup]
        else:
            dup = keys.duplicated(keep=False).to_numpy()
            if not dup.any():
                return none
            group = keys.iloc[dup].groupby(list(keys.columns), sort=False, observed=True, dropna=False).ngroup()
            group = group.to_numpy()
        rows = np.flatnonzero(dup)
        found = np.asarray(lines[rows], dtype="int64")  # only now: ``lines`` may be worked out lazily
        order = np.lexsort((found, group))
        rows, found, group = rows[order], found[order], group[order]
        first = np.r_[True, group[1:] != group[:-1]]
        starts = np.flatnonzero(first)
        sizes = np.diff(np.r_[starts, len(group)])
        gid = np.cumsum(first) - 1
        start, size = starts[gid], sizes[gid]
        where = self._others(found, start, size, np.arange(len(rows)) - start)
        value = keys.iloc[rows, 0].astype(str).to_numpy(dtype=object)
        for i in range(1, keys.shape[1]):
            value = value + "/" + keys.iloc[rows, i].astype(str).to_numpy(dtype=object)
        before, _, after = why.partition("{where}")
        reasons = [f"{what} ({before}{w}{after})" for w in where]
        column = column or "+".join(str(c) for c in keys.columns)
        if limit is not None and len(rows) > limit:
            pick = np.sort(np.argsort(found, kind="stable")[:limit])
            more = len(rows) - limit
            self.add_one(None, column, None, f"{what} ({more:,} more duplicate {self.unit}s, not listed)", summary=True)
            found, value, reasons = found[pick], value[pick], [reasons[i] for i in pick]
        self.add(found, column, list(value), reasons)
        return dup

    def _others(self, lines: np.ndarray, start: np.ndarray, size: np.ndarray, rank: np.ndarray) -> list[str]:
        """For each row (sorted by group, then line): the other lines of its group, as text."""
        unit = self.unit
        if (size == 2).all():  # the usual case: pairs
            return [f"{unit} {o}" for o in lines[start + 1 - rank].tolist()]
        all_lines = lines.tolist()
        out = []
        for s, k, r in zip(start.tolist(), size.tolist(), rank.tolist(), strict=True):
            head = all_lines[s : s + min(k, MAX_OTHERS + 1)]
            others = [x for j, x in enumerate(head) if j != r][:MAX_OTHERS]
            text = ", ".join(str(x) for x in others) + (" ..." if k - 1 > MAX_OTHERS else "")
            out.append(f"{unit}{'s' if k > 2 else ''} {text}")
        return out

    # ---- reading -------------------------------------------------------------------------

    def __len__(self) -> int:
        """How many problems were added (before duplicates are merged)."""
        return self._count

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems())

    def clear(self) -> None:
        self._chunks.clear()
        self._singles.clear()
        self._count = 0

    def _table(self) -> pd.DataFrame:
        """All problems: line (int64, NO_LINE for none), column, value, reason, summary; sorted, deduped."""
        lines, columns, values, reasons, summaries = [], [], [], [], []
        for chunk_lines, column, chunk_values, reason, summary in self._chunks:
            n = len(chunk_lines)
            lines.append(chunk_lines)
            columns.append(_objects(column, n))
            values.append(_objects(None, n) if chunk_values is None else _objects(chunk_values, n))
            reasons.append(_objects(reason, n))
            summaries.append(np.full(n, summary))
        if self._singles:
            line, column, value, reason, summary = zip(*self._singles, strict=True)
            n = len(line)
            lines.append(np.asarray(line, dtype="int64"))
            columns.append(_objects(list(column), n))
            values.append(_objects(list(value), n))
            reasons.append(_objects(list(reason), n))
            summaries.append(np.asarray(summary, dtype=bool))
        table = pd.DataFrame(
            {
                "line": np.concatenate(lines) if lines else np.zeros(0, dtype="int64"),
                "column": np.concatenate(columns) if columns else _objects(None, 0),
                "value": np.concatenate(values) if values else _objects(None, 0),
                "reason": np.concatenate(reasons) if reasons else _objects(None, 0),
                "summary": np.concatenate(summaries) if summaries else np.zeros(0, dtype=bool),
            }
        )
        if len(self._chunks) + bool(self._singles) > 1 or self._singles:  # one bulk add never repeats a line
            table = table.drop_duplicates(["line", "column", "value", "reason"])
        by_column = pd.factorize(table["column"].fillna(""), sort=True)[0]  # None sorts first, as ""
        order = np.lexsort((by_column, table["line"].to_numpy(), table["summary"].to_numpy()))
        return table.iloc[order].reset_index(drop=True)

    def frame(self) -> pd.DataFrame:
        """The rejected frame: one row per problem, ``line`` (int64; 0 for the file as a whole),
        ``column``, ``value`` (as written in the file), ``reason`` (what was expected)."""
        table = self._table()
        table = table.assign(line=np.where(table["line"].to_numpy() == NO_LINE, 0, table["line"].to_numpy()))
        return table[REJECTED_COLUMNS].astype({"line": "int64", "column": "str", "value": "str", "reason": "str"})

    def problems(self) -> list[Problem]:
        """The problems as ``Problem`` (``RowProblem`` for ``unit="row"``) objects, sorted, without repeats."""
        kind = RowProblem if self.unit == "row" else Problem
        table = self._table()
        return [
            kind(
                self.label,
                None if line == NO_LINE else int(line),
                None if pd.isna(column) else str(column),
                None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value),
                str(reason),
            )
            for line, column, value, reason in zip(
                table["line"].tolist(), table["column"], table["value"], table["reason"], strict=True
            )
        ]

    def error(self) -> DataError:
        """A ``DataError`` listing every problem (the log must not be empty)."""
        return DataError(self.problems())

    def raise_if_any(self) -> None:
        if self._count:
            raise self.error()


def _objects(values: object, n: int) -> np.ndarray:
    """An object array of ``n`` items: ``values`` itself if it is a sequence, else ``values`` repeated."""
    out = np.empty(n, dtype=object)
    if isinstance(values, str) or values is None:
        out.fill(values)  # much faster than np.full for objects
    else:
        out[:] = values
    return out
