"""Lazy Dask readers for product-level trade files: BACI, UN Comtrade bulk CSV, partitioned parquet.

Each reader checks what it can cheaply on the calling machine (the files exist, the header is the
layout's, the BACI country table) and returns a ``dask.dataframe.DataFrame`` whose partitions are
blocks of the files, read and validated on the workers. Nothing is loaded to find a bad row: the
block that holds it raises ``analysis.errors.DataError`` naming the file, the 1-based physical
line (header = line 1), the column, the value and what was expected, in the words of the pandas
readers. All the problems of that block are listed; other blocks may hold more.

Layouts (columns of the result):

- **BACI** (CEPII; ``BACI_HS92_Y1995_V202401.csv``: ``t,i,j,k,v,q``, one file per year, with
  ``country_codes_V202401.csv`` beside them): year, exporter, importer (ISO3 from the country
  table's ``country_iso3``; BACI's own codes for "nes" areas such as ``S19`` are kept as written),
  product (HS6 as text; a code written without its leading zero, ``10121``, is read as
  ``010121``), ``value_kusd`` (thousands of US dollars, as published) and ``quantity_t``
  (tonnes). **Missing quantities**: BACI leaves ``q`` empty (older releases write ``NA``) where
  no quantity could be estimated; those rows are kept with ``quantity_t`` NaN, because the value
  is still known. Nothing here uses quantities; they are carried for the user.
- **UN Comtrade** bulk CSV in the layouts ``analysis.read_comtrade`` reads (Comtrade+ and
  legacy): each block is parsed by ``read_comtrade`` itself, so the columns, rules and messages
  are exactly its own (US dollars in ``value_usd``). A file up to ``blocksize`` is one block;
  a larger one is cut at line ends (this assumes no line break inside a quoted value, true of
  Comtrade's bulk files; pass ``blocksize=None`` to read every file whole). Duplicate rows are
  found within a block; two blocks holding the same flow and year are caught by the measures,
  which reject duplicate keys.
- **Parquet**: a file or a folder of files (hive partitions such as ``year=2019/`` allowed) with
  year, exporter, importer, product, one value column ``value_usd`` or ``value_kusd``, and
  optionally ``reporter`` and ``quantity_t``. Parquet has no lines: a problem names the row of
  its file (``analysis.errors.RowProblem``, 0-based, where the package has it; else the row as a
  1-based "line").

String columns are pandas' ``str`` dtype (not Dask's ``string[pyarrow]`` conversion), so that
partitions equal the pandas frames of the same rows.
"""

from __future__ import annotations

import csv
import glob
import io
import itertools
import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from analysis.errors import DataError, Problem
from analysis.schema import MAX_YEAR, MIN_YEAR

try:  # a parquet row is a "row" (0-based, as the loaded frame's index) where the package names it so
    from analysis.errors import RowProblem  # type: ignore[attr-defined]

    def _row_problem(file: str, row: int, column: str, value: str | None, expected: str) -> Problem:
        return RowProblem(file, row, column, value, expected)

except ImportError:  # else it is given as a 1-based line, as for the text formats

    def _row_problem(file: str, row: int, column: str, value: str | None, expected: str) -> Problem:
        return Problem(file, row + 1, column, value, expected)


PathLike = str | Path
DEFAULT_BLOCKSIZE = 64 << 20  # bytes of CSV per partition

BACI_HEADER = ["t", "i", "j", "k", "v", "q"]
BACI_COLUMNS = ["year", "exporter", "importer", "product", "value_kusd", "quantity_t"]
PANEL_REQUIRED = ["year", "exporter", "importer", "product"]
PANEL_VALUES = ["value_usd", "value_kusd"]
PANEL_OPTIONAL = ["reporter", "quantity_t"]
_COUNTRY_HEADERS = (  # (code column, iso3 column) of the releases' country tables
    ("country_code", "country_iso3"),  # V202401 and later: country_code,country_name,country_iso2,country_iso3
    ("country_code", "iso_3digit_alpha"),  # older: ...,country_name_full,iso_2digit_alpha,iso_3digit_alpha
)


class BlockError(DataError):
    """A ``DataError`` raised on a worker; it pickles with its problems (Dask sends it back)."""

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.problems,))


def _no_string_conversion():  # type: ignore[no-untyped-def]
    return dask.config.set({"dataframe.convert-string": False})


def to_dask(frame: pd.DataFrame, npartitions: int = 4) -> dd.DataFrame:
    """A pandas frame as a Dask frame with the same dtypes (``str`` columns stay ``str``)."""
    with _no_string_conversion():
        return dd.from_pandas(frame, npartitions=npartitions, sort=False)


# ---------------------------------------------------------------------------------------------
# files and blocks
# ---------------------------------------------------------------------------------------------


def expand(
    paths: PathLike | Sequence[PathLike], suffix: str, what: str, check: Callable[[Path], object] | None = None
) -> list[Path]:
    """Files named by ``paths``: files, folders (their ``*suffix`` files, sorted) or glob patterns.

    A name that matches nothing raises ``DataError`` ("an existing ... file (file not found)");
    ``check``, when given, is called first on a missing or empty file so that a reader's own
    message is used (``read_comtrade``'s for Comtrade files).
    """
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    if not items:
        raise DataError(Problem("(no input)", None, None, None, f"at least one {what} file"))
    files: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.name.lower().endswith(suffix))
            if not found:
                raise DataError(Problem(str(path), None, None, None, f"a folder holding {what} files (*{suffix})"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif any(ch in str(item) for ch in "*?["):
            found = sorted(Path(p) for p in glob.glob(str(item)) if Path(p).is_file())
            if not found:
                raise DataError(Problem(str(item), None, None, None, f"a pattern matching {what} files"))
            files.extend(found)
        else:
            if check is not None:
                check(path)
            raise DataError(Problem(str(path), None, None, None, f"an existing {what} file (file not found)"))
    for path in files:
        if path.stat().st_size == 0:
            if check is not None:
                check(path)
            raise DataError(Problem(str(path), 1, None, "", f"a header line of {what} (the file is empty)"))
    return files


def _header(path: Path) -> tuple[bytes, list[str]]:
    """The header line's bytes (with its line end) and its fields, stripped, without a BOM."""
    with path.open("rb") as fh:
        raw = fh.readline(1 << 20)
    text = raw.decode("utf-8-sig", errors="replace")
    fields = next(csv.reader([text.rstrip("\r\n")]), [])
    return raw, [f.strip() for f in fields]


def _blocks(path: Path, header_bytes: int, blocksize: int | None) -> list[tuple[int, int]]:
    """Byte ranges [start, end) of the data lines, cut just after a line end near every ``blocksize``."""
    size = path.stat().st_size
    if blocksize is None or size - header_bytes <= blocksize:
        return [(header_bytes, size)]
    cuts = [header_bytes]
    with path.open("rb") as fh:
        offset = header_bytes + blocksize
        while offset < size:
            fh.seek(offset)
            fh.readline()  # to the end of the line that holds the offset
            cut = fh.tell()
            if cut >= size:
                break
            cuts.append(cut)
            offset = cut + blocksize
    cuts.append(size)
    return list(itertools.pairwise(cuts))


def _lines_before(path: Path, offset: int) -> int:
    """Number of line ends in the first ``offset`` bytes (read in chunks; only on the error path)."""
    count = 0
    with path.open("rb") as fh:
        left = offset
        while left > 0:
            chunk = fh.read(min(left, 16 << 20))
            if not chunk:
                break
            count += chunk.count(b"\n")
            left -= len(chunk)
    return count


def _read_range(path: Path, start: int, end: int) -> bytes:
    with path.open("rb") as fh:
        fh.seek(start)
        return fh.read(end - start)


def _from_map(func: Callable[..., pd.DataFrame], parts: list[tuple], meta: pd.DataFrame, label: str) -> dd.DataFrame:
    with _no_string_conversion():
        return dd.from_map(func, parts, meta=meta, label=label, enforce_metadata=False)


# ---------------------------------------------------------------------------------------------
# BACI
# ---------------------------------------------------------------------------------------------


def _empty_baci() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": pd.Series(dtype="int64"),
            "exporter": pd.Series(dtype="str"),
            "importer": pd.Series(dtype="str"),
            "product": pd.Series(dtype="str"),
            "value_kusd": pd.Series(dtype="float64"),
            "quantity_t": pd.Series(dtype="float64"),
        }
    )


def find_country_table(first: Path) -> Path:
    """The BACI country table beside a trade file (``country_codes*.csv``), or ``DataError``."""
    found = sorted(first.parent.glob("country_codes*.csv"))
    if len(found) != 1:
        got = ", ".join(p.name for p in found) or "none"
        raise DataError(
            Problem(
                str(first.parent),
                None,
                None,
                got,
                "one BACI country table (country_codes_V<release>.csv) beside the trade files; "
                "pass countries= to name it",
            )
        )
    return found[0]


def read_country_table(path: PathLike) -> dict[int, str]:
    """BACI's country table: numeric code -> ISO3. Bad rows raise ``DataError`` (file, line, column)."""
    path = Path(path)
    label = str(path)
    if not path.is_file():
        raise DataError(Problem(label, None, None, None, "an existing BACI country table file (file not found)"))
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader, [])]
    layout = next(((c, i) for c, i in _COUNTRY_HEADERS if c in header and i in header), None)
    if layout is None:
        raise DataError(
            Problem(
                label,
                1,
                None,
                ",".join(header)[:200],
                "a BACI country table header: country_code,country_name,country_iso2,country_iso3; unknown layout",
            )
        )
    code_at, iso_at = header.index(layout[0]), header.index(layout[1])
    codes: dict[int, str] = {}
    problems: list[Problem] = []
    start = 2
    for record in reader:
        line, start = start, reader.line_num + 1
        if not record or not any(f.strip() for f in record):
            continue
        if len(record) != len(header):
            problems.append(Problem(label, line, None, ",".join(record)[:120], f"{len(header)} fields like the header"))
            continue
        code, iso3 = record[code_at].strip(), record[iso_at].strip()
        if not re.fullmatch(r"[0-9]{1,3}", code):
            problems.append(Problem(label, line, layout[0], code, "a numeric country code, e.g. 156"))
        elif not re.fullmatch(r"[A-Z0-9]{3}", iso3):
            problems.append(Problem(label, line, layout[1], iso3, "a three-letter code such as CHN"))
        elif int(code) in codes:
            problems.append(Problem(label, line, layout[0], code, "one row per country code (it appears twice)"))
        else:
            codes[int(code)] = iso3
    if problems:
        raise DataError(problems)
    return codes


def _numbers(a: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(float values, empty-or-NA mask, not-a-number mask) of a text column."""
    text = pc.utf8_trim_whitespace(a)
    empty = np.asarray(pc.or_(pc.equal(pc.binary_length(text), 0), pc.equal(text, "NA")).to_numpy(zero_copy_only=False))
    ok = np.asarray(
        pc.fill_null(
            pc.match_substring_regex(text, r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"), False
        ).to_numpy(zero_copy_only=False)
    )
    values = pc.cast(pc.if_else(pa.array(ok), text, pa.scalar(None, pa.string())), pa.float64())
    out = np.asarray(values.to_numpy(zero_copy_only=False), dtype="float64")
    out = np.where(ok & np.isfinite(out), out, np.nan)
    return out, empty, ~empty & np.isnan(out)


def _ints(a: pa.Array, pattern: str) -> tuple[np.ndarray, np.ndarray]:
    text = pc.utf8_trim_whitespace(a)
    ok = np.asarray(pc.fill_null(pc.match_substring_regex(text, pattern), False).to_numpy(zero_copy_only=False))
    values = pc.cast(pc.if_else(pa.array(ok), text, pa.scalar("0")), pa.int64())
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype="int64"), ok


def _baci_text(data: bytes) -> tuple[dict[str, pa.Array], np.ndarray, list[tuple[int, str, int]]]:
    """The six columns as text, each record's 0-based line within the block, and malformed lines.

    pyarrow splits the block (blank lines kept, so record r is line r); if a line has the wrong
    number of fields, Python's csv module reads the block instead and names those lines.
    """
    options = (
        pacsv.ReadOptions(column_names=BACI_HEADER, block_size=1 << 22),
        pacsv.ParseOptions(ignore_empty_lines=False),
        pacsv.ConvertOptions(column_types=dict.fromkeys(BACI_HEADER, pa.string()), strings_can_be_null=False),
    )
    try:
        table = pacsv.read_csv(io.BytesIO(data), *options)
        cols = {name: table.column(name).combine_chunks() for name in BACI_HEADER}
        return cols, np.arange(table.num_rows, dtype="int64"), []
    except pa.ArrowInvalid:
        pass
    rows: dict[str, list[str]] = {name: [] for name in BACI_HEADER}
    lines: list[int] = []
    bad: list[tuple[int, str, int]] = []
    text = data.decode("utf-8", errors="replace")
    for n, line in enumerate(text.removesuffix("\n").split("\n")):  # physical lines: only \n ends one
        line = line.removesuffix("\r")
        record = next(csv.reader([line]), [])
        if len(record) == len(BACI_HEADER):
            for name, field in zip(BACI_HEADER, record, strict=True):
                rows[name].append(field)
            lines.append(n)
        elif line.strip():
            bad.append((n, line, len(record)))
    return {k: pa.array(v, pa.string()) for k, v in rows.items()}, np.asarray(lines, dtype="int64"), bad


def read_baci_block(path: str, start: int, end: int, codes: dict[int, str], table_name: str) -> pd.DataFrame:
    """One block of a BACI trade file as validated rows (see ``read_baci``); runs on a worker."""
    label = path
    cols, rel, malformed = _baci_text(_read_range(Path(path), start, end))
    found: list[tuple[int, str | None, str | None, str]] = []  # (relative line, column, value, expected)
    for n, line, fields in malformed:
        found.append((n, None, line[:120], f"6 fields like the header t,i,j,k,v,q (got {fields})"))
    blank = np.asarray(pc.equal(pc.binary_length(pc.utf8_trim_whitespace(cols["t"])), 0).to_numpy(zero_copy_only=False))
    for name in BACI_HEADER[1:]:
        blank &= np.asarray(
            pc.equal(pc.binary_length(pc.utf8_trim_whitespace(cols[name])), 0).to_numpy(zero_copy_only=False)
        )
    if blank.any():  # blank lines are no records
        keep = pa.array(~blank)
        cols = {k: v.filter(keep) for k, v in cols.items()}
        rel = rel[~blank]
    bad = np.zeros(len(rel), dtype=bool)

    def report(mask: np.ndarray, column: str, expected: str) -> None:
        nonlocal bad
        if mask.any():
            values = cols[column].filter(pa.array(mask)).to_pylist()
            found.extend((int(n), column, v, expected) for n, v in zip(rel[mask], values, strict=True))
            bad |= mask

    year, ok = _ints(cols["t"], r"^[0-9]{4}$")
    report(~ok, "t", "a year such as 2019")
    report(
        ok & ((year < MIN_YEAR) | (year > MAX_YEAR)),
        "t",
        f"a year between {MIN_YEAR} and {MAX_YEAR} (a year that has not happened is not data)",
    )
    lookup = np.full(1000, -1, dtype="int64")
    iso = sorted(set(codes.values()))
    iso_at = {v: n for n, v in enumerate(iso)}
    for code, name in codes.items():
        lookup[code] = iso_at[name]
    position = {}
    for column in ("i", "j"):
        code, ok = _ints(cols[column], r"^[0-9]{1,3}$")
        report(~ok, column, "a numeric BACI country code, e.g. 156")
        pos = lookup[np.where(ok, code, 0)]
        report(
            ok & (pos < 0),
            column,
            f"a country code listed in {table_name} (unknown codes are reported, not guessed)",
        )
        position[column] = pos
    product = pc.utf8_trim_whitespace(cols["k"])
    product_ok = np.asarray(pc.fill_null(pc.match_substring_regex(product, r"^[0-9A-Z]{5,6}$"), False))
    product_ok &= ~(np.asarray(pc.binary_length(product).to_numpy(zero_copy_only=False)) == 5) | np.asarray(
        pc.fill_null(pc.match_substring_regex(product, r"^[0-9]{5}$"), False)
    )
    report(~product_ok, "k", "an HS 6-digit product code such as 010121")
    value, empty, wrong = _numbers(cols["v"])
    report(empty, "v", "a trade value in thousands of US dollars (the field is empty)")
    report(wrong, "v", "a number of thousands of US dollars")
    report(~empty & ~wrong & ~(value > 0), "v", "a positive value in thousands of US dollars (0 is no published value)")
    quantity, _, q_wrong = _numbers(cols["q"])
    report(q_wrong, "q", "a quantity in tonnes, or empty (NA) where BACI has none")
    report(~q_wrong & (quantity < 0), "q", "a quantity of at least 0 tonnes")

    good = ~bad
    products = np.asarray(pc.utf8_lpad(product, 6, "0").to_numpy(zero_copy_only=False), dtype=object)[good]
    frame = pd.DataFrame(
        {
            "year": pd.Series(year[good], dtype="int64"),
            "exporter": pd.Series(np.asarray(iso, dtype=object)[position["i"][good]], dtype="str"),
            "importer": pd.Series(np.asarray(iso, dtype=object)[position["j"][good]], dtype="str"),
            "product": pd.Series(products, dtype="str"),
            "value_kusd": pd.Series(value[good], dtype="float64"),
            "quantity_t": pd.Series(quantity[good], dtype="float64"),
        }
    )
    if len(frame) and not found:
        key = frame[["year", "exporter", "importer", "product"]]
        dup = key.duplicated(keep=False).to_numpy()
        if dup.any():
            lines = pd.Series(rel[good][dup])
            groups = key.loc[dup].reset_index(drop=True)
            by_key = lines.groupby(groups.groupby(list(groups.columns), sort=False).ngroup().to_numpy())
            low, high = by_key.transform("min"), by_key.transform("max")
            others = low.where(lines != low, high)  # another line with the same key
            for n, other, row in zip(lines, others, groups.itertuples(index=False), strict=True):
                found.append(
                    (
                        int(n),
                        "t+i+j+k",
                        "/".join(map(str, row)),
                        f"one row per year/exporter/importer/product (the same is on line {{{int(other)}}}; "
                        "keeping both would count it twice)",
                    )
                )
    if found:
        base = _lines_before(Path(path), start) + 1  # physical line of the block's first line
        problems = [
            Problem(label, base + n, column, value, re.sub(r"\{(\d+)\}", lambda m: str(base + int(m[1])), expected))
            for n, column, value, expected in sorted(found, key=lambda f: (f[0], f[1] or ""))
        ]
        raise BlockError(problems)
    return frame


def read_baci(
    paths: PathLike | Sequence[PathLike],
    countries: PathLike | None = None,
    blocksize: int | None = DEFAULT_BLOCKSIZE,
) -> dd.DataFrame:
    """BACI trade files (``t,i,j,k,v,q``) as a lazy Dask frame (see the module docstring).

    ``paths``: files, folders or glob patterns; ``countries``: the country table (default: the
    ``country_codes*.csv`` beside the first file). Columns: year, exporter, importer (ISO3),
    product (HS6 text), value_kusd (thousands of US$), quantity_t (tonnes, NaN where missing).
    """
    files = expand(paths, ".csv", "BACI trade CSV")
    files = [f for f in files if not f.name.lower().startswith(("country_codes", "product_codes"))] or files
    table = Path(countries) if countries is not None else find_country_table(files[0])
    codes = read_country_table(table)
    parts = []
    for path in files:
        raw, header = _header(path)
        if header != BACI_HEADER:
            raise DataError(
                Problem(str(path), 1, None, ",".join(header)[:200], "a BACI header t,i,j,k,v,q; unknown layout")
            )
        parts.extend((str(path), s, e, codes, table.name) for s, e in _blocks(path, len(raw), blocksize))
    return _from_map(_baci_part, parts, _empty_baci(), "read-baci")


def _baci_part(part: tuple) -> pd.DataFrame:
    return read_baci_block(*part)


# ---------------------------------------------------------------------------------------------
# UN Comtrade bulk CSV: read_comtrade per block
# ---------------------------------------------------------------------------------------------


def _comtrade_on(path: Path, body: bytes, header: bytes, label: str, first_line: Callable[[], int]) -> pd.DataFrame:
    """``read_comtrade`` on header + body, written to a temporary file named like the original;
    problems are given back with the original file name and physical lines."""
    from analysis import read_comtrade

    with tempfile.TemporaryDirectory(prefix="analysis-comtrade-") as tmp:
        copy = Path(tmp) / path.name
        with copy.open("wb") as fh:
            fh.write(header)
            if header and not header.endswith(b"\n"):
                fh.write(b"\n")
            fh.write(body)
        try:
            return read_comtrade(copy)
        except DataError as exc:
            base = first_line() - 2  # line 2 of the copy is the block's first line
            raise BlockError(
                [
                    Problem(label, p.line if p.line in (None, 1) else p.line + base, p.column, p.value, p.expected)
                    for p in exc.problems
                ]
            ) from None


def read_comtrade_block(path: str, start: int, end: int, whole: bool) -> pd.DataFrame:
    """One block of a Comtrade CSV through ``read_comtrade`` (see ``read_comtrade_files``); on a worker."""
    from analysis import read_comtrade

    file = Path(path)
    if whole:
        try:
            return read_comtrade(file)
        except DataError as exc:
            raise BlockError(exc.problems) from None
    raw, _ = _header(file)
    return _comtrade_on(file, _read_range(file, start, end), raw, path, lambda: _lines_before(file, start) + 1)


def read_comtrade_files(
    paths: PathLike | Sequence[PathLike], blocksize: int | None = DEFAULT_BLOCKSIZE
) -> dd.DataFrame:
    """UN Comtrade CSV files as a lazy Dask frame of ``read_comtrade`` rows, block by block.

    The header of every file is checked here (missing file, unknown layout, missing column: the
    ``read_comtrade`` messages); rows are checked on the workers.
    """
    from analysis import read_comtrade

    files = expand(paths, ".csv", "UN Comtrade CSV", check=read_comtrade)
    parts = []
    meta = None
    for path in files:
        raw, _ = _header(path)
        with path.open("rb") as fh:
            fh.readline()
            head = b"".join(fh.readline() for _ in range(2))
        sample = _comtrade_layout(path, raw, head)
        meta = sample if meta is None else meta
        blocks = _blocks(path, len(raw), blocksize)
        whole = len(blocks) == 1
        parts.extend((str(path), s, e, whole) for s, e in blocks)
    assert meta is not None
    return _from_map(_comtrade_part, parts, meta, "read-comtrade")


def _comtrade_layout(path: Path, header: bytes, head: bytes) -> pd.DataFrame:
    """Check a file's header with ``read_comtrade`` on its first lines; an empty frame of its columns."""
    from analysis import read_comtrade

    with tempfile.TemporaryDirectory(prefix="analysis-comtrade-") as tmp:
        copy = Path(tmp) / path.name
        copy.write_bytes(header + head)
        try:
            rows, _ = read_comtrade(copy, errors="report")
        except DataError as exc:
            raise DataError([Problem(str(path), p.line, p.column, p.value, p.expected) for p in exc.problems]) from None
    return rows.iloc[:0]


def _comtrade_part(part: tuple) -> pd.DataFrame:
    return read_comtrade_block(*part)


# ---------------------------------------------------------------------------------------------
# partitioned parquet
# ---------------------------------------------------------------------------------------------


def _panel_meta(schema: pa.Schema) -> pd.DataFrame:
    columns = {"year": "int64", "exporter": "str", "importer": "str", "product": "str"}
    for name in (*PANEL_VALUES, "quantity_t"):
        if name in schema.names:
            columns[name] = "float64"
    if "reporter" in schema.names:
        columns["reporter"] = "str"
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


def read_parquet_file(path: str, keys: dict[str, object], columns: list[str]) -> pd.DataFrame:
    """One parquet file of a panel (hive ``keys`` from its folder names), validated; on a worker."""
    table = pq.read_table(path, columns=[c for c in columns if c not in keys])
    for name, value in keys.items():
        if name in columns:
            table = table.append_column(name, pa.array([value] * table.num_rows))
    problems: list[Problem] = []

    def report(mask: np.ndarray, column: str, expected: str) -> None:
        cells = table.column(column)
        for row in np.flatnonzero(mask)[:25]:
            value = cells[int(row)].as_py()
            problems.append(_row_problem(path, int(row), column, None if value is None else str(value), expected))

    def numbers(column: str) -> np.ndarray:
        cells = table.column(column)
        try:
            return np.asarray(pc.cast(cells, pa.float64()).to_numpy(zero_copy_only=False), dtype="float64")
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return pd.to_numeric(cells.to_pandas(), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)

    year = numbers("year")
    report(~np.isfinite(year) | (year != np.round(year)), "year", "a whole year such as 2019")
    report(
        np.isfinite(year) & ((year < MIN_YEAR) | (year > MAX_YEAR)),
        "year",
        f"a year between {MIN_YEAR} and {MAX_YEAR} (a year that has not happened is not data)",
    )
    for name in ("exporter", "importer", "product", "reporter"):
        if name in columns:
            text = pc.cast(table.column(name), pa.string())
            empty = pc.fill_null(pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(text)), 0), True)
            report(np.asarray(empty.to_numpy(zero_copy_only=False)), name, "a code (the cell is empty)")
    for name in PANEL_VALUES:
        if name in columns:
            values = numbers(name)
            unit = "US dollars" if name == "value_usd" else "thousands of US dollars"
            report(~(np.isfinite(values) & (values > 0)), name, f"a positive value in {unit}")
    if problems:
        raise BlockError(problems)
    out = {}
    for name in columns:
        if name == "year":
            out[name] = pd.Series(year.astype("int64"), dtype="int64")
        elif name in (*PANEL_VALUES, "quantity_t"):
            out[name] = pd.Series(numbers(name), dtype="float64")
        else:
            out[name] = pd.Series(pc.cast(table.column(name), pa.string()).to_pandas(), dtype="str")
    return pd.DataFrame(out)


def read_parquet_panel(path: PathLike) -> dd.DataFrame:
    """A flow panel stored as parquet (one file or a folder, hive partitions allowed), lazily.

    Columns: year, exporter, importer, product, ``value_usd`` or ``value_kusd``, and ``reporter``
    and ``quantity_t`` when present. Each file is one partition, validated on a worker.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(Problem(str(path), None, None, None, "an existing parquet file or folder (file not found)"))
    try:
        dataset = pads.dataset(path, format="parquet", partitioning="hive")
        fragments = list(dataset.get_fragments())
    except (pa.ArrowInvalid, OSError) as exc:
        raise DataError(Problem(str(path), None, None, None, f"parquet files ({exc})")) from None
    if not fragments:
        raise DataError(Problem(str(path), None, None, None, "a folder holding parquet files"))
    names = dataset.schema.names
    missing = [c for c in PANEL_REQUIRED if c not in names]
    values = [c for c in PANEL_VALUES if c in names]
    if missing or len(values) != 1:
        what = (
            f"column '{missing[0]}'"
            if missing
            else ("one value column" if values else "a value column") + " (value_usd or value_kusd)"
        )
        raise DataError(
            Problem(
                str(path),
                None,
                missing[0] if missing else None,
                ",".join(names)[:200],
                f"{what} in a panel parquet: year, exporter, importer, product, value_usd or value_kusd "
                "[, reporter, quantity_t]; unknown layout",
            )
        )
    columns = [c for c in [*PANEL_REQUIRED, *values, *PANEL_OPTIONAL] if c in names]
    parts = [
        (fragment.path, pads.get_partition_keys(fragment.partition_expression) or {}, columns) for fragment in fragments
    ]
    return _from_map(_parquet_part, parts, _panel_meta(dataset.schema)[columns], "read-panel-parquet")


def _parquet_part(part: tuple) -> pd.DataFrame:
    return read_parquet_file(*part)


def years_of(frame: dd.DataFrame) -> tuple[int, int]:
    """First and last year of a lazy panel (one pass over its year column)."""
    low, high = dask.compute(frame["year"].min(), frame["year"].max())
    return int(low), int(high)
