"""BACI (CEPII) trade files, ``t,i,j,k,v,q``, read lazily and validated block by block (see ``readers``)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

import dask.dataframe as dd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from analysis.errors import DataError, Problem
from analysis.scale.files import (
    DEFAULT_BLOCKSIZE,
    BlockError,
    PathLike,
    byte_blocks,
    expand,
    from_map,
    header_line,
    lines_before,
    read_range,
)
from analysis.schema import MAX_YEAR, MIN_YEAR

BACI_HEADER = ["t", "i", "j", "k", "v", "q"]
BACI_COLUMNS = ["year", "exporter", "importer", "product", "value_kusd", "quantity_t"]
_COUNTRY_HEADERS = (  # (code column, iso3 column) of the releases' country tables
    ("country_code", "country_iso3"),  # V202401 and later: country_code,country_name,country_iso2,country_iso3
    ("country_code", "iso_3digit_alpha"),  # older: ...,country_name_full,iso_2digit_alpha,iso_3digit_alpha
)


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
    cols, rel, malformed = _baci_text(read_range(Path(path), start, end))
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
        base = lines_before(Path(path), start) + 1  # physical line of the block's first line
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
        raw, header = header_line(path)
        if header != BACI_HEADER:
            raise DataError(
                Problem(str(path), 1, None, ",".join(header)[:200], "a BACI header t,i,j,k,v,q; unknown layout")
            )
        parts.extend((str(path), s, e, codes, table.name) for s, e in byte_blocks(path, len(raw), blocksize))
    return from_map(_baci_part, parts, _empty_baci(), "read-baci")


def _baci_part(part: tuple) -> pd.DataFrame:
    return read_baci_block(*part)
