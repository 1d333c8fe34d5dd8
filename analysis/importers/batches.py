"""Stream the needed columns of a large CSV download as text, in groups of records with their lines.

Two readers give the same thing: ``(columns, lines)`` batches, where ``columns`` maps each role
of the ``Sniffed`` layout to a pyarrow string array and ``lines`` holds each record's 1-based
physical line (``analysis.csvtext``).

- ``arrow_batches``: the fast path. pyarrow's CSV reader parses 1 MB blocks (``BLOCK_BYTES``) and
  only the needed columns; records are grouped ``GROUP_ROWS`` at a time so that per-call costs are
  amortised. Each record is one line here (record ``i`` after the header is line ``i + 2``), so a
  line with the wrong number of fields, or a line break inside a quoted value (found by comparing
  the records read with ``csvtext.count_lines``), raises ``Malformed`` and the caller switches to:
- ``python_batches``: the careful path, Python's csv module through ``csvtext.csv_records``, which
  knows where every record starts; malformed records become problems with their line.

The vectorised converters below (``parse_ints``, ``parse_floats``, ``dictionary``...) turn those
text arrays into numbers and small vocabularies without a Python loop over rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from analysis.csvtext import CsvSyntaxError, count_lines, csv_records, is_utf8
from analysis.importers.sniff import Sniffed
from analysis.problems import ProblemLog

BLOCK_BYTES = 1 << 20  # pyarrow parses 1 MB blocks (fastest here: they stay in the CPU cache)
GROUP_ROWS = 200_000  # records converted and checked together (amortises per-call overhead)
PY_BATCH_ROWS = 100_000  # records per batch on the careful (Python csv) path
INT_RE = r"^[0-9]{1,9}$"
NUM_RE = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"

Batch = tuple[dict[str, pa.Array], np.ndarray]


class Malformed(Exception):
    """pyarrow met a line it cannot split into the header's fields (or bytes that are not UTF-8)."""


def arrow_batches(path: Path, sniffed: Sniffed, encoding: str) -> Iterator[Batch]:
    """Groups of the needed columns as text, with the line of each record (the fast path).

    Blank lines become all-empty records (``ignore_empty_lines=False``) so that record ``i``
    after the header is line ``i + 2``; the caller drops them.
    """
    names = [f"c{i}" for i in range(sniffed.n_fields)]
    wanted = {role: names[i] for role, i in sniffed.columns.items()}
    read_options = pacsv.ReadOptions(
        column_names=names, skip_rows=sniffed.header_line, block_size=BLOCK_BYTES, encoding=encoding, use_threads=True
    )
    parse_options = pacsv.ParseOptions(ignore_empty_lines=False, newlines_in_values=False)
    convert_options = pacsv.ConvertOptions(
        include_columns=list(wanted.values()),
        column_types=dict.fromkeys(wanted.values(), pa.string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    try:
        reader = pacsv.open_csv(
            path, read_options=read_options, parse_options=parse_options, convert_options=convert_options
        )
        line = sniffed.header_line + 1
        group: list[pa.RecordBatch] = []
        rows = 0
        for batch in reader:
            group.append(batch)
            rows += batch.num_rows
            if rows >= GROUP_ROWS:
                yield _group(group, wanted, line)
                line += rows
                group, rows = [], 0
        if rows:
            yield _group(group, wanted, line)
            line += rows
    except pa.ArrowInvalid as exc:
        raise Malformed(str(exc)) from None
    if line - 1 != count_lines(path):  # pyarrow may accept a line break inside quotes: lines would be off
        raise Malformed("a line break inside a quoted value (fewer records than lines)")


def _group(batches: list[pa.RecordBatch], wanted: dict[str, str], line: int) -> Batch:
    table = pa.Table.from_batches(batches).combine_chunks()
    cols = {
        role: table.column(name).chunk(0) if table.num_rows else pa.array([], pa.string())
        for role, name in wanted.items()
    }
    return cols, np.arange(line, line + table.num_rows, dtype="int64")


def python_batches(path: Path, sniffed: Sniffed, problems: ProblemLog) -> Iterator[Batch]:
    """The careful path: every record with the line where it starts; malformed ones are problems."""
    encoding = "utf-8-sig" if is_utf8(path) else "latin-1"
    roles = list(sniffed.columns.items())
    cols: dict[str, list[str]] = {role: [] for role, _ in roles}
    lines: list[int] = []
    with path.open(newline="", encoding=encoding) as fh:
        records = csv_records(fh)
        try:
            for line, record, _ in records:
                n = len(record)
                if n == 0 or line <= sniffed.header_line:
                    continue  # a blank line, the header or a blank line above it
                if not sniffed.fits(record):
                    text = ",".join(record)
                    problems.add_one(
                        line,
                        None,
                        text[:120] + ("..." if len(text) > 120 else ""),
                        f"{sniffed.n_header} fields like the header (got {n}: a missing or extra comma or quote)",
                    )
                    continue
                for role, i in roles:
                    cols[role].append(record[i])
                lines.append(line)
                if len(lines) >= PY_BATCH_ROWS:
                    yield {r: pa.array(v, pa.string()) for r, v in cols.items()}, np.asarray(lines, dtype="int64")
                    cols = {role: [] for role, _ in roles}
                    lines = []
        except CsvSyntaxError as exc:  # e.g. a quote never closed: the rest cannot be split into records
            problems.add_one(
                exc.line, None, None, f"well-formed CSV from here on ({exc.message}); the rest was not read"
            )
    if lines:
        yield {r: pa.array(v, pa.string()) for r, v in cols.items()}, np.asarray(lines, dtype="int64")


# --------------------------------------------------------------------------------------------
# Vectorised conversion of text columns
# --------------------------------------------------------------------------------------------


def to_numpy(a: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(a.to_numpy(zero_copy_only=False))


def values_at(a: pa.Array, mask: np.ndarray) -> list[str]:
    """The texts of ``a`` where ``mask`` is True (as written in the file)."""
    return a.filter(pa.array(mask)).to_pylist()


def is_empty(a: pa.Array) -> np.ndarray:
    return to_numpy(pc.binary_length(a)) == 0


def parse_ints(a: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(values, ok mask): whole numbers of up to 9 digits; anything else is not ok."""
    try:  # fast: the whole block converts
        vals = to_numpy(pc.cast(a, pa.int64())).astype("int64", copy=False)
        return vals, (vals >= 0) & (vals < 10**9)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    trimmed = pc.utf8_trim_whitespace(a)
    ok = pc.fill_null(pc.match_substring_regex(trimmed, INT_RE), False)
    vals = pc.cast(pc.if_else(ok, trimmed, pa.scalar("0")), pa.int64())
    return to_numpy(vals), to_numpy(ok)


def parse_floats(a: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values with NaN where empty or bad, empty mask, bad mask); only finite decimal numbers are good."""
    empty = is_empty(a)
    try:  # fast: every non-empty text converts
        nulled = pc.if_else(pa.array(empty), pa.scalar(None, pa.string()), a) if empty.any() else a
        vals = to_numpy(pc.cast(nulled, pa.float64())).astype("float64", copy=False)
        bad = ~empty & ~np.isfinite(vals)
        return np.where(bad, np.nan, vals), empty, bad
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    trimmed = pc.utf8_trim_whitespace(a)
    empty = is_empty(trimmed)
    ok = pc.fill_null(pc.match_substring_regex(trimmed, NUM_RE), False)
    vals = to_numpy(pc.cast(pc.if_else(ok, trimmed, pa.scalar(None, pa.string())), pa.float64())).astype("float64")
    vals = np.where(np.isfinite(vals), vals, np.nan)
    bad = ~empty & ~(to_numpy(ok) & ~np.isnan(vals))
    return vals, empty, bad


def dictionary(indices: np.ndarray, values: pa.Array) -> pa.Array:
    """Strings from a small vocabulary, without building Python strings row by row."""
    return pa.DictionaryArray.from_arrays(pa.array(indices.astype("int32", copy=False)), values).cast(pa.string())
