"""Read your own UN Comtrade and IMF DOTS downloads into the package's tidy trade layout.

``read_comtrade`` reads both CSV layouts UN Comtrade gives people (Comtrade+ and the legacy
API/website layout, told apart by the header) and ``read_dots`` reads IMF Direction of Trade
Statistics tables with one column per year. Both work for any pair of countries and return a
new frame with the ``data/trade.csv`` columns

    year, reporter, partner, flow, value_usd, valuation, period, qualifier, source_id

followed by two extra columns:

- ``product``: the commodity code as written in the file (``27``, ``270900``), ``TOTAL`` for
  all commodities. ``TOTAL`` and the chapters overlap: never add them up together.
- ``is_aggregate``: True when the reporter or the partner is not a single economy: World, a
  region or group, or an area "not elsewhere specified" (nes). ``countries_only`` drops those
  rows; World already contains the countries, so adding both would count trade twice.

Conventions (see ``analysis/reference/README.md`` for the code lists):

- Countries are ISO 3166 alpha-3 codes. UN Comtrade's numeric codes are the key (the file's
  ISO text columns are not used: legacy files leave them empty for "nes" areas and Comtrade+
  writes ``W00`` for World). Codes that differ from UN M49 (251 France, 381 Italy, 579 Norway,
  699 India, 757 Switzerland, 842 USA, 58 Belgium-Luxembourg -> ``BLX`` ...) are mapped; World
  is ``WLD``; aggregates and "nes" areas get this package's ``X..`` codes. A code or name not in
  the reference lists is reported, never guessed.
- Flows keep the reporter's view: export, import, re-export, re-import (never merged).
- Values are US dollars. ``valuation`` says which value column was used: for imports and
  re-imports the CIF column, else the FOB column; for exports and re-exports the FOB column,
  else the CIF column; when neither is filled, Comtrade's headline value (``primaryValue`` or
  ``Trade Value (US$)``) with valuation ``unknown``, because that value is whatever the
  reporter reported and the file does not say which (UN Comtrade only says imports are
  *usually* CIF and exports FOB). DOTS tables state FOB/CIF in their titles; DOTS values are
  scaled to dollars from the units the file states (``US Dollars, Millions``), with exact
  decimal arithmetic and one rounding.
- ``period`` is ``annual`` or, for monthly data, the month (``May``): a month never enters an
  annual series. ``qualifier`` is ``exact`` (``about`` for IMF "e" estimates).
- ``source_id`` names the file (``file-<file name as a slug>``; pass ``source_id=`` to use an id
  from your sources table).

Bad input: a missing file, an unknown layout or a missing required column raise ``DataError``
(file, line 1, column). Every row-level problem (unparseable number, unknown code, unknown flow,
zero or negative value, duplicate row...) is a ``Problem`` with file, line (header = line 1),
column, value and what was expected. With ``errors="raise"`` (default) they are all raised
together; with ``errors="report"`` you get ``(rows, rejected)``, where ``rejected`` has one
row per problem (``line, column, value, reason``). No row is dropped silently: the only lines
skipped are blank ones.

Performance: ``read_comtrade`` streams the file with pyarrow's CSV reader in blocks, reads only
the columns it needs as text and converts them with vectorised pyarrow/numpy code, so memory
stays near the size of the output (see ``benchmarks/bench_importers.py``). Files with a
malformed line (wrong number of fields, a line break inside a quoted value) are re-read with
Python's ``csv`` module, which knows the line of every record.
"""

from __future__ import annotations

import codecs
import copy
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from analysis.contract import MAX_YEAR, MIN_YEAR, SOURCE_ID_RE, columns
from analysis.errors import ArgumentError, DataError, Problem
from analysis.schema import TradeModel

PathLike = str | Path
Errors = Literal["raise", "report"]

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
COMTRADE_AREAS = REFERENCE_DIR / "comtrade_areas.csv"
DOTS_AREAS = REFERENCE_DIR / "imf_dots_areas.csv"

TRADE_COLUMNS = columns("trade.csv")  # year, reporter, ... source_id (the contract of data/trade.csv)
EXTRA_COLUMNS = ["product", "is_aggregate"]
COLUMNS = [*TRADE_COLUMNS, *EXTRA_COLUMNS]
REJECTED_COLUMNS = ["line", "column", "value", "reason"]
KEY = ["year", "reporter", "partner", "flow", "period", "product"]

AGGREGATE_KINDS = ("aggregate", "residual")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
PRODUCT_RE = r"^[0-9A-Za-z]+$"

_BLOCK_BYTES = 1 << 20  # pyarrow parses 1 MB blocks (fastest here: they stay in the CPU cache)
_GROUP_ROWS = 200_000  # records converted and checked together (amortises per-call overhead)
_PY_BATCH_ROWS = 100_000  # records per batch on the slow (Python csv) path
_INT_RE = r"^[0-9]{1,9}$"
_NUM_RE = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"


# --------------------------------------------------------------------------------------------
# Public helpers
# --------------------------------------------------------------------------------------------


def countries_only(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows whose reporter and partner are both single economies (``is_aggregate`` False).

    World, regions, country groups and areas "not elsewhere specified" are left out, so that
    summing the result over partners never counts the same trade twice (World already holds
    every partner). Note that the sum over countries is then *less* than World: the "nes"
    areas are in World but are no country. Returns a new frame; the input is not changed.
    """
    if "is_aggregate" not in frame.columns:
        raise ArgumentError("countries_only needs an 'is_aggregate' column, as read_comtrade and read_dots return")
    flags = frame["is_aggregate"]
    if not pd.api.types.is_bool_dtype(flags):
        raise ArgumentError(f"'is_aggregate' must hold True/False values (got dtype {flags.dtype})")
    return frame.loc[~flags.to_numpy()]


def comtrade_areas() -> pd.DataFrame:
    """UN Comtrade area codes -> ISO3 (``analysis/reference/comtrade_areas.csv``), with ``is_aggregate``.

    Columns: code (int), iso3, name, kind (economy/historical/composite/aggregate/residual),
    note, is_aggregate. A new frame each call.
    """
    return _comtrade_areas().copy()


def dots_areas() -> pd.DataFrame:
    """IMF DOTS names -> ISO3 (``analysis/reference/imf_dots_areas.csv``), with ``is_aggregate``.

    Columns: imf_name, iso3, kind, note, is_aggregate. A new frame each call.
    """
    return _dots_areas().copy()


@cache
def _comtrade_areas() -> pd.DataFrame:
    frame = pd.read_csv(
        COMTRADE_AREAS,
        dtype={"code": "int64", "iso3": "str", "name": "str", "kind": "str", "note": "str"},
        keep_default_na=False,
    )
    return frame.assign(is_aggregate=frame["kind"].isin(AGGREGATE_KINDS))


@cache
def _dots_areas() -> pd.DataFrame:
    frame = pd.read_csv(DOTS_AREAS, dtype="str", keep_default_na=False)
    return frame.assign(is_aggregate=frame["kind"].isin(AGGREGATE_KINDS))


# --------------------------------------------------------------------------------------------
# Arguments, files, problems
# --------------------------------------------------------------------------------------------


def _check_errors(errors: str) -> None:
    if errors not in ("raise", "report"):
        raise ArgumentError(f"errors must be 'raise' or 'report' (got {errors!r})")


def _source_id(path: Path, source_id: str | None) -> str:
    if source_id is not None:
        if not isinstance(source_id, str) or not re.match(SOURCE_ID_RE, source_id):
            raise ArgumentError(f"source_id must be lower-case letters, digits and '-' (got {source_id!r})")
        return source_id
    slug = re.sub(r"[^a-z0-9]+", "-", path.name.lower()).strip("-")
    return f"file-{slug}" if slug else "file"


def _check_file(path: Path, label: str, what: str) -> None:
    if not path.is_file():
        raise DataError(Problem(label, None, None, None, f"an existing {what} file (file not found)"))
    if path.stat().st_size == 0:
        raise DataError(Problem(label, 1, None, "", f"a header line of {what} (the file is empty)"))


def _norm(name: str) -> str:
    """Header key: lower case, letters and digits only ('Trade Value (US$)' -> 'tradevalueus')."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _decode_bytes(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _is_utf8(path: Path) -> bool:
    """True when the whole file is valid UTF-8 (checked in blocks, without reading it at once)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        try:
            while block := fh.read(16 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


class _Problems:
    """Problems of one file, collected as columns (line, column, value, reason)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.parts: list[pd.DataFrame] = []

    def add(
        self, lines: np.ndarray, column: str | None, values: list[str | None] | None, reason: str | list[str]
    ) -> None:
        """One problem per line; ``values`` and ``reason`` are per line or (reason) one for all."""
        if len(lines) == 0:
            return
        vals = values if values is not None else [None] * len(lines)
        reasons = [reason] * len(lines) if isinstance(reason, str) else reason
        self.parts.append(
            pd.DataFrame(
                {
                    "line": np.asarray(lines, dtype="int64"),
                    "column": pd.Series([column] * len(lines), dtype="object"),
                    "value": pd.Series(vals, dtype="object"),
                    "reason": pd.Series(reasons, dtype="object"),
                }
            )
        )

    def add_one(self, line: int, column: str | None, value: str | None, reason: str) -> None:
        self.add(np.array([line]), column, [value], reason)

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            out = pd.DataFrame({c: pd.Series(dtype="object") for c in REJECTED_COLUMNS})
            return out.astype({"line": "int64", "column": "str", "value": "str", "reason": "str"})
        out = pd.concat(self.parts, ignore_index=True)
        out = out.sort_values(["line", "column"], kind="stable", na_position="first").reset_index(drop=True)
        return out.astype({"line": "int64", "column": "str", "value": "str", "reason": "str"})

    def error(self) -> DataError:
        rejected = self.frame()
        return DataError(
            [
                Problem(
                    self.label,
                    int(line),
                    None if pd.isna(column) else str(column),
                    None if pd.isna(value) else str(value),
                    str(reason),
                )
                for line, column, value, reason in rejected.itertuples(index=False)
            ]
        )


def _header_problem(label: str, column: str | None, value: str | None, expected: str) -> DataError:
    return DataError(Problem(label, 1, column, value, expected))


# --------------------------------------------------------------------------------------------
# Validation of the output
# --------------------------------------------------------------------------------------------


@cache
def _output_schema():  # type: ignore[no-untyped-def]
    """TradeModel (strict, ordered) plus the two extra columns; uniqueness is checked separately.

    TradeModel's unique key has no product, so a file with several commodities would fail it;
    ``_duplicates`` checks the same key plus ``product`` instead and names the lines.
    """
    import pandera.pandas as pa_

    schema = copy.deepcopy(TradeModel.to_schema())
    schema = schema.add_columns(
        {
            "product": pa_.Column(str, pa_.Check.str_matches(PRODUCT_RE)),
            "is_aggregate": pa_.Column(bool),
        }
    )
    schema.unique = None
    return schema


def _duplicates(frame: pd.DataFrame, problems: _Problems) -> np.ndarray:
    """Mark rows whose year/reporter/partner/flow/period/product repeats; one problem per row."""
    if "_key" in frame.columns:  # the same key as one int64 per row (see _comtrade_batch): fast
        ordered = np.sort(frame["_key"].to_numpy())
        if not (ordered[1:] == ordered[:-1]).any():  # the usual case, without hashing
            return np.zeros(len(frame), dtype=bool)
        dup = frame["_key"].duplicated(keep=False).to_numpy()
    else:
        dup = frame.duplicated(KEY, keep=False).to_numpy()
    if not dup.any():
        return dup
    # Each repeated row names another line with the same key: the group's first line, or for
    # the first line itself the next one (vectorised: a file may repeat millions of rows).
    rows = frame.loc[dup, [*KEY, "_line"]]
    rows = rows.assign(_group=rows.groupby(KEY, sort=False).ngroup()).sort_values(["_group", "_line"])
    lines = rows["_line"].to_numpy()
    rank = rows.groupby("_group").cumcount().to_numpy()
    first = rows.groupby("_group")["_line"].transform("first").to_numpy()
    following = np.append(lines[1:], 0)
    other = np.where(rank == 0, following, first)
    value = rows["year"].astype(str)
    for column in KEY[1:]:
        value = value + "/" + rows[column].astype(str)
    problems.add(
        lines,
        "+".join(KEY),
        value.tolist(),
        [
            f"one row per year/reporter/partner/flow/period/product (the same is on line {o}; "
            "keeping both would count it twice)"
            for o in other.tolist()
        ],
    )
    return dup


def _finish(
    label: str, good: pd.DataFrame, problems: _Problems, errors: str
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Drop duplicate keys, validate against TradeModel + extras, raise or return (rows, rejected)."""
    import pandera.errors as pa_errors

    dup = _duplicates(good, problems)
    if dup.any():
        good = good.loc[~dup]
    try:
        _output_schema().validate(good[COLUMNS], lazy=True)
    except pa_errors.SchemaErrors as exc:  # a safety net: the checks above should catch everything
        cases = exc.failure_cases
        bad_index = set()
        for case in cases.itertuples(index=False):
            index = case.index
            line = int(good.loc[index, "_line"]) if index is not None and index in good.index else None
            column = case.column if isinstance(case.column, str) else None
            problems.add_one(
                line or 0, column, None if case.failure_case is None else str(case.failure_case), str(case.check)
            )
            if index is not None:
                bad_index.add(index)
        good = good.drop(index=[i for i in bad_index if i in good.index])
    rejected = problems.frame()
    if errors == "raise" and len(rejected):
        raise problems.error()
    out = good[COLUMNS].reset_index(drop=True)
    return (out, rejected) if errors == "report" else out


# --------------------------------------------------------------------------------------------
# UN Comtrade
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    name: str
    example: str
    required: dict[str, str]  # role -> normalised header key
    optional: dict[str, str]


COMTRADE_PLUS = _Layout(
    name="Comtrade+",
    example="typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,...,primaryValue,...",
    required={
        "freq": "freqcode",
        "year": "refyear",
        "month": "refmonth",
        "reporter": "reportercode",
        "partner": "partnercode",
        "flow": "flowcode",
        "product": "cmdcode",
        "primary": "primaryvalue",
    },
    optional={
        "type": "typecode",
        "cif": "cifvalue",
        "fob": "fobvalue",
        "partner2": "partner2code",
        "customs": "customscode",
        "mot": "motcode",
    },
)
COMTRADE_LEGACY = _Layout(
    name="legacy UN Comtrade",
    example="Classification,Year,Period,...,Trade Flow Code,...,Reporter Code,...,Trade Value (US$),...",
    required={
        "year": "year",
        "period": "period",
        "flow": "tradeflowcode",
        "reporter": "reportercode",
        "partner": "partnercode",
        "product": "commoditycode",
        "primary": "tradevalueus",
    },
    optional={"cif": "ciftradevalueus", "fob": "fobtradevalueus"},
)
PLUS_FLOWS = {"M": "import", "X": "export", "RM": "re-import", "RX": "re-export"}
LEGACY_FLOWS = {"1": "import", "2": "export", "3": "re-export", "4": "re-import"}


@dataclass(frozen=True)
class _Plan:
    layout: _Layout
    columns: dict[str, int]  # role -> field index
    names: dict[str, str]  # role -> column name as written in the file
    n_header: int
    n_fields: int  # fields per data line (header + 1 when lines end with a comma)


def _read_head(path: Path) -> tuple[list[str], list[str] | None]:
    """The header fields and the first data record's fields (None when there is none)."""
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    text = _decode_bytes(head)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return [], None
    try:
        first = next(reader)
        while not first:
            first = next(reader)
    except (StopIteration, csv.Error):
        first = None
    return header, first


def _plan(path: Path, label: str) -> _Plan:
    header, first = _read_head(path)
    header = [h.strip() for h in header]
    while header and header[-1] == "":
        header = header[:-1]  # a header line ending with a comma
    keys = [_norm(h) for h in header]
    present = set(keys)
    scores = []
    for layout in (COMTRADE_PLUS, COMTRADE_LEGACY):
        found = sum(key in present for key in layout.required.values())
        scores.append((found / len(layout.required), layout))
    scores.sort(key=lambda s: s[0], reverse=True)
    (best, layout), (second, _) = scores
    if best < 0.5 or best == second:
        shown = ",".join(header)
        raise _header_problem(
            label,
            None,
            shown[:200] + ("..." if len(shown) > 200 else ""),
            "a UN Comtrade CSV header: Comtrade+ ("
            + COMTRADE_PLUS.example
            + ") or legacy ("
            + COMTRADE_LEGACY.example
            + "); unknown layout",
        )
    problems = []
    columns: dict[str, int] = {}
    names: dict[str, str] = {}
    for role, key in {**layout.required, **layout.optional}.items():
        hits = [i for i, k in enumerate(keys) if k == key]
        if len(hits) > 1:
            problems.append(
                Problem(
                    label, 1, header[hits[1]], header[hits[1]], f"one column '{header[hits[0]]}' (it appears twice)"
                )
            )
        elif hits:
            columns[role] = hits[0]
            names[role] = header[hits[0]]
        elif role in layout.required:
            wanted = _display_name(layout, role)
            problems.append(
                Problem(label, 1, wanted, None, f"column '{wanted}' in the {layout.name} header (it is missing)")
            )
    if problems:
        raise DataError(problems)
    n_fields = len(header)
    if first is not None and len(first) == len(header) + 1 and first[-1].strip() == "":
        n_fields += 1  # every data line ends with a comma: one more, empty, field
    return _Plan(layout, columns, names, len(header), n_fields)


_DISPLAY = {
    "freqcode": "freqCode",
    "refyear": "refYear",
    "refmonth": "refMonth",
    "reportercode": "reporterCode",
    "partnercode": "partnerCode",
    "flowcode": "flowCode",
    "cmdcode": "cmdCode",
    "primaryvalue": "primaryValue",
    "year": "Year",
    "period": "Period",
    "tradeflowcode": "Trade Flow Code",
    "commoditycode": "Commodity Code",
    "tradevalueus": "Trade Value (US$)",
}


def _display_name(layout: _Layout, role: str) -> str:
    key = layout.required[role]
    if layout is COMTRADE_LEGACY and key == "reportercode":
        return "Reporter Code"
    if layout is COMTRADE_LEGACY and key == "partnercode":
        return "Partner Code"
    return _DISPLAY.get(key, key)


Batch = tuple[dict[str, pa.Array], np.ndarray]


class _Malformed(Exception):
    """pyarrow met a line it cannot split into the header's fields: re-read with Python's csv."""


def _arrow_batches(path: Path, plan: _Plan, encoding: str) -> Iterator[Batch]:
    """Blocks of the needed columns as text, with the 1-based line of each record.

    Blank lines become all-empty records (``ignore_empty_lines=False``) so that record ``i``
    after the header is line ``i + 2``; a line break inside a quoted value or a wrong number
    of fields makes pyarrow fail, and the caller switches to ``_python_batches``.
    """
    names = [f"c{i}" for i in range(plan.n_fields)]
    wanted = {role: names[i] for role, i in plan.columns.items()}
    read_options = pacsv.ReadOptions(
        column_names=names, skip_rows=1, block_size=_BLOCK_BYTES, encoding=encoding, use_threads=True
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
        line = 2
        group: list[pa.RecordBatch] = []
        rows = 0
        for batch in reader:
            group.append(batch)
            rows += batch.num_rows
            if rows >= _GROUP_ROWS:
                yield _group(group, wanted, line)
                line += rows
                group, rows = [], 0
        if rows:
            yield _group(group, wanted, line)
    except pa.ArrowInvalid as exc:
        raise _Malformed(str(exc)) from None


def _group(batches: list[pa.RecordBatch], wanted: dict[str, str], line: int) -> Batch:
    table = pa.Table.from_batches(batches).combine_chunks()
    cols = {
        role: table.column(name).chunk(0) if table.num_rows else pa.array([], pa.string())
        for role, name in wanted.items()
    }
    return cols, np.arange(line, line + table.num_rows, dtype="int64")


def _python_batches(path: Path, plan: _Plan, problems: _Problems) -> Iterator[Batch]:
    """The slow, exact path: Python's csv module, which knows where every record starts."""
    encoding = "utf-8-sig" if _is_utf8(path) else "latin-1"
    roles = list(plan.columns.items())
    with path.open(newline="", encoding=encoding) as fh:
        reader = csv.reader(fh)
        next(reader, None)
        start = reader.line_num + 1
        cols: dict[str, list[str]] = {role: [] for role, _ in roles}
        lines: list[int] = []
        records = iter(reader)
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except csv.Error as exc:  # e.g. a quote never closed: the rest cannot be split into records
                problems.add_one(start, None, None, f"well-formed CSV from here on ({exc}); the rest was not read")
                break
            line, start = start, reader.line_num + 1
            n = len(record)
            if n == 0:
                continue  # a blank line
            if n != plan.n_header and not (n == plan.n_header + 1 and record[-1].strip() == ""):
                text = ",".join(record)
                problems.add_one(
                    line,
                    None,
                    text[:120] + ("..." if len(text) > 120 else ""),
                    f"{plan.n_header} fields like the header (got {n}: a missing or extra comma or quote)",
                )
                continue
            for role, i in roles:
                cols[role].append(record[i])
            lines.append(line)
            if len(lines) >= _PY_BATCH_ROWS:
                yield {r: pa.array(v, pa.string()) for r, v in cols.items()}, np.asarray(lines, dtype="int64")
                cols = {role: [] for role, _ in roles}
                lines = []
        if lines:
            yield {r: pa.array(v, pa.string()) for r, v in cols.items()}, np.asarray(lines, dtype="int64")


class _Codes:
    """The Comtrade reference list as lookup arrays indexed by numeric code (0-999)."""

    def __init__(self) -> None:
        areas = _comtrade_areas()
        if len(areas) >= 1 << 10:  # positions are packed into 10 bits of the duplicate key
            raise ValueError("comtrade_areas.csv has too many rows for the packed key")
        size = 1000
        self.position = np.full(size, -1, dtype="int32")  # row of the code in the reference list
        codes = areas["code"].to_numpy()
        self.position[codes] = np.arange(len(areas), dtype="int32")
        self.iso3 = pa.array(areas["iso3"].tolist(), pa.string())
        self.aggregate = areas["is_aggregate"].to_numpy(dtype=bool)

    def lookup(self, codes: np.ndarray, ok: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(known mask, position in the reference list (0 where unknown), is_aggregate)."""
        inside = ok & (codes >= 0) & (codes < len(self.position))
        pos = self.position[np.where(inside, codes, 0)]
        known = inside & (pos >= 0)
        pos = np.where(known, pos, 0)
        return known, pos, self.aggregate[pos] & known


def _np(a: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(a.to_numpy(zero_copy_only=False))


def _values(a: pa.Array, mask: np.ndarray) -> list[str]:
    return a.filter(pa.array(mask)).to_pylist()


def _empty(a: pa.Array) -> np.ndarray:
    return _np(pc.binary_length(a)) == 0


def _parse_ints(a: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(values, ok mask): whole numbers of up to 9 digits; anything else is not ok."""
    try:  # fast: the whole block converts
        vals = _np(pc.cast(a, pa.int64())).astype("int64", copy=False)
        return vals, (vals >= 0) & (vals < 10**9)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    trimmed = pc.utf8_trim_whitespace(a)
    ok = pc.fill_null(pc.match_substring_regex(trimmed, _INT_RE), False)
    vals = pc.cast(pc.if_else(ok, trimmed, pa.scalar("0")), pa.int64())
    return _np(vals), _np(ok)


def _parse_floats(a: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values with NaN where empty or bad, empty mask, bad mask); only finite decimal numbers are good."""
    empty = _empty(a)
    try:  # fast: every non-empty text converts
        nulled = pc.if_else(pa.array(empty), pa.scalar(None, pa.string()), a) if empty.any() else a
        vals = _np(pc.cast(nulled, pa.float64())).astype("float64", copy=False)
        bad = ~empty & ~np.isfinite(vals)
        return np.where(bad, np.nan, vals), empty, bad
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    trimmed = pc.utf8_trim_whitespace(a)
    empty = _empty(trimmed)
    ok = pc.fill_null(pc.match_substring_regex(trimmed, _NUM_RE), False)
    vals = _np(pc.cast(pc.if_else(ok, trimmed, pa.scalar(None, pa.string())), pa.float64())).astype("float64")
    vals = np.where(np.isfinite(vals), vals, np.nan)
    bad = ~empty & ~(_np(ok) & ~np.isnan(vals))
    return vals, empty, bad


def _dictionary(indices: np.ndarray, values: pa.Array) -> pa.Array:
    """Strings from a small vocabulary, without building Python strings row by row."""
    return pa.DictionaryArray.from_arrays(pa.array(indices.astype("int32", copy=False)), values).cast(pa.string())


_TEXT_ROLES = ("freq", "flow", "type", "partner2", "customs", "mot")
_MONTH_NAMES = pa.array(["annual", *MONTHS], pa.string())
_VALUATIONS = pa.array(["FOB", "CIF", "unknown"], pa.string())


def _comtrade_batch(
    cols: dict[str, pa.Array],
    lines: np.ndarray,
    plan: _Plan,
    codes: _Codes,
    problems: _Problems,
    products: dict[str, int],
) -> pa.Table | None:
    """Convert and check one group of records; problems are recorded, good rows returned."""
    blank = _empty(cols["reporter"])
    if blank.any():
        for col in cols.values():
            blank &= _empty(pc.utf8_trim_whitespace(col))
    if blank.any():  # blank lines are no records
        keep = pa.array(~blank)
        cols = {role: col.filter(keep) for role, col in cols.items()}
        lines = lines[~blank]
    n = len(lines)
    if n == 0:
        return None
    text = {role: pc.utf8_upper(pc.utf8_trim_whitespace(cols[role])) for role in _TEXT_ROLES if role in cols}
    bad = np.zeros(n, dtype=bool)
    name = plan.names
    plus = plan.layout is COMTRADE_PLUS

    def report(mask: np.ndarray, role: str, reason: str) -> None:
        nonlocal bad
        if mask.any():
            problems.add(lines[mask], name[role], _values(cols[role], mask), reason)
            bad |= mask

    # year
    year, year_ok = _parse_ints(cols["year"])
    report(~year_ok, "year", "a year such as 2019")
    out_of_range = year_ok & ((year < MIN_YEAR) | (year > MAX_YEAR))
    report(out_of_range, "year", f"a year between {MIN_YEAR} and {MAX_YEAR} (a year that has not happened is not data)")

    # period: annual, or one month
    if plus:
        freq = _np(pc.fill_null(pc.index_in(text["freq"], value_set=pa.array(["A", "M"])), -1))
        report(freq < 0, "freq", "A (annual) or M (monthly)")
        monthly = freq == 1
        ref_month, ok = _parse_ints(cols["month"])
        bad_month = monthly & ~(ok & (ref_month >= 1) & (ref_month <= 12))
        report(bad_month, "month", "a month 1-12 for monthly data (freqCode M)")
        month = np.where(monthly & ~bad_month, ref_month, 0)
    else:
        period, period_ok = _parse_ints(cols["period"])
        length = _np(pc.binary_length(pc.utf8_trim_whitespace(cols["period"])))
        annual = period_ok & (length == 4) & (period == year)
        mm = period % 100
        monthly = period_ok & (length == 6) & (period // 100 == year) & (mm >= 1) & (mm <= 12)
        report(
            year_ok & ~(annual | monthly),
            "period",
            "the year (e.g. 2014) or year and month (e.g. 201405) of the row's Year",
        )
        month = np.where(monthly, mm, 0)

    # reporter and partner
    position: dict[str, np.ndarray] = {}
    aggregate = np.zeros(n, dtype=bool)
    for role in ("reporter", "partner"):
        code, ok = _parse_ints(cols[role])
        report(~ok, role, "a numeric UN Comtrade area code, e.g. 156")
        known, pos, agg = codes.lookup(code, ok)
        report(
            ok & ~known,
            role,
            "a UN Comtrade area code listed in analysis/reference/comtrade_areas.csv "
            "(unknown codes are reported, not guessed)",
        )
        position[role] = pos
        aggregate |= agg

    # flow
    table = PLUS_FLOWS if plus else LEGACY_FLOWS
    keys = list(table)
    flow = _np(pc.fill_null(pc.index_in(text["flow"], value_set=pa.array(keys)), -1))
    expected_flows = ", ".join(f"{k} ({v})" for k, v in table.items())
    report(flow < 0, "flow", f"a trade flow code: {expected_flows}; other flows are not read")
    flow_names = pa.array(list(table.values()), pa.string())
    inward = np.isin(flow, [i for i, k in enumerate(keys) if table[k] in ("import", "re-import")])

    # product
    product = pc.utf8_trim_whitespace(cols["product"])
    product_ok = _np(pc.fill_null(pc.match_substring_regex(product, PRODUCT_RE), False))
    report(~product_ok, "product", "a commodity code such as 27, 270900 or TOTAL")

    # goods only, no breakdowns that would double count the totals (Comtrade+ "plus" mode)
    for role, allowed, reason in (
        ("type", ["", "C"], "C (goods); services (S) are not goods trade"),
        ("partner2", ["", "0"], "0 (second partner World): rows broken down by second partner repeat the totals"),
        ("customs", ["", "C00"], "C00 (all customs procedures): a breakdown would repeat the totals"),
        ("mot", ["", "0"], "0 (all modes of transport): a breakdown would repeat the totals"),
    ):
        if role in text:
            report(~_np(pc.is_in(text[role], value_set=pa.array(allowed))), role, reason)

    # values: CIF/FOB column by flow, else the headline value (valuation unknown)
    parsed: dict[str, np.ndarray] = {}
    present = np.zeros(n, dtype=bool)
    for role in ("cif", "fob", "primary"):
        if role not in cols:
            parsed[role] = np.full(n, np.nan)
            continue
        vals, empty, wrong = _parse_floats(cols[role])
        report(wrong, role, "a number of US dollars, or nothing")
        negative = ~wrong & (vals < 0)
        report(negative, role, "a value of at least 0 US dollars")
        parsed[role] = np.where(negative, np.nan, vals)
        present |= ~empty & ~wrong
    first = np.where(inward, parsed["cif"], parsed["fob"])
    second = np.where(inward, parsed["fob"], parsed["cif"])
    use_first = first > 0
    use_second = ~use_first & (second > 0)
    use_primary = ~use_first & ~use_second & (parsed["primary"] > 0)
    value = np.where(use_first, first, np.where(use_second, second, parsed["primary"]))
    # valuation index into _VALUATIONS: 0 FOB, 1 CIF, 2 unknown
    valuation = np.where(use_first, inward, np.where(use_second, ~inward, 2)).astype("int32")
    none = ~(use_first | use_second | use_primary) & ~bad
    report(
        none & present,
        "primary",
        "a positive value in US dollars (0 is no published value: leave the row out)",
    )
    report(none & ~present, "primary", "a trade value (the value columns of this row are all empty)")

    good = ~bad
    if not good.any():
        return None
    keep = pa.array(good)
    product = product.filter(keep)
    # year/reporter/partner/flow/period/product packed into one int64 (8+10+10+3+4+24 bits),
    # with product numbers shared by all groups of the file, for a fast duplicate check
    vocab = pc.unique(product)
    ids = np.array([products.setdefault(v, len(products)) for v in vocab.to_pylist()], dtype="int64")
    product_id = ids[_np(pc.index_in(product, value_set=vocab)).astype("int64")]
    key = (year[good] - MIN_YEAR).astype("int64")
    for part, size in (
        (position["reporter"][good], 1 << 10),
        (position["partner"][good], 1 << 10),
        (flow[good], 1 << 3),
        (month[good], 1 << 4),
        (product_id, 1 << 24),
    ):
        key = key * size + part
    return pa.table(
        {
            "year": pa.array(year[good], pa.int64()),
            "reporter": _dictionary(position["reporter"][good], codes.iso3),
            "partner": _dictionary(position["partner"][good], codes.iso3),
            "flow": _dictionary(flow[good], flow_names),
            "value_usd": pa.array(value[good], pa.float64()),
            "valuation": _dictionary(valuation[good], _VALUATIONS),
            "period": _dictionary(month[good], _MONTH_NAMES),
            "product": product,
            "is_aggregate": pa.array(aggregate[good], pa.bool_()),
            "_line": pa.array(lines[good], pa.int64()),
            "_key": pa.array(key, pa.int64()),
        }
    )


def _read_comtrade_rows(path: Path, plan: _Plan, problems: _Problems) -> tuple[list[pa.Table], bool]:
    """Good rows of the file in groups, and whether their packed ``_key`` is usable."""
    codes = _Codes()
    products: dict[str, int] = {}

    def convert(cols: dict[str, pa.Array], lines: np.ndarray) -> pa.Table | None:
        return _comtrade_batch(cols, lines, plan, codes, problems, products)

    def convert_all(batches: Iterator[Batch]) -> list[pa.Table]:
        return [part for cols, lines in batches if (part := convert(cols, lines)) is not None]

    for encoding in ("utf8", "latin-1"):
        problems.parts.clear()
        try:
            return convert_all(_arrow_batches(path, plan, encoding)), len(products) < 1 << 24
        except _Malformed as exc:
            if "UTF8" in str(exc) and encoding == "utf8":
                continue  # not UTF-8: Latin-1 (every byte is a character), still fast
            break
    problems.parts.clear()
    parts = convert_all(_python_batches(path, plan, problems))
    return parts, len(products) < 1 << 24


_EMPTY_SCHEMA = pa.schema(
    [
        ("year", pa.int64()),
        ("reporter", pa.string()),
        ("partner", pa.string()),
        ("flow", pa.string()),
        ("value_usd", pa.float64()),
        ("valuation", pa.string()),
        ("period", pa.string()),
        ("product", pa.string()),
        ("is_aggregate", pa.bool_()),
        ("_line", pa.int64()),
        ("_key", pa.int64()),
    ]
)


def read_comtrade(
    path: PathLike, errors: Errors = "raise", *, source_id: str | None = None
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Read a UN Comtrade CSV download (Comtrade+ or legacy layout) into tidy trade rows.

    The layout is told from the header (case, spaces and punctuation are ignored, so
    ``Trade Value (US$)`` and ``tradevalueus`` are the same column). UTF-8 (with or without BOM)
    and Latin-1 files, quoted values and a trailing comma on every line are read as they come.
    Older legacy files without ``CIF/FOB Trade Value (US$)`` columns are fine: their values get
    valuation ``unknown`` (see the module docstring for the rule).

    Returns the trade columns plus ``product`` and ``is_aggregate`` (US dollars, ISO3 codes;
    ``WLD`` for World). With ``errors="report"`` returns ``(rows, rejected)`` instead of raising
    ``DataError`` for row-level problems; a missing file, an unknown layout or a missing column
    always raise.
    """
    _check_errors(errors)
    path = Path(path)
    label = str(path)
    _check_file(path, label, "UN Comtrade CSV")
    sid = _source_id(path, source_id)
    plan = _plan(path, label)
    problems = _Problems(label)
    parts, key_ok = _read_comtrade_rows(path, plan, problems)
    table = pa.concat_tables(parts) if parts else _EMPTY_SCHEMA.empty_table()
    good = table.to_pandas()
    del table, parts
    if not key_ok:  # over 16 million product codes: compare the key columns themselves
        good = good.drop(columns="_key")
    good = good.assign(qualifier="exact", source_id=sid)
    return _finish(label, good, problems, errors)


# --------------------------------------------------------------------------------------------
# IMF Direction of Trade Statistics
# --------------------------------------------------------------------------------------------

_DOTS_ROLES = {
    "reporter": ["reporter", "countryname", "country"],
    "partner": ["partner", "counterpartcountryname", "counterpartcountry", "counterpart"],
    "units": ["units", "unit", "scale"],
}
_DOTS_FLOW_KEYS = ["indicatorname", "indicator", "title", "sheet"]
_SCALES = {"": 1, "thousands": 10**3, "millions": 10**6, "billions": 10**9}
_DOTS_NUMBER = re.compile(r"([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|[+-]?\.\d+)([eE][+-]?\d+)?(\s*e)?")


def _dots_scale(units: str) -> int | None:
    """10**k for 'US Dollars[, Thousands|Millions|Billions]'; None for anything else."""
    text = units.strip().lower()
    m = re.fullmatch(r"u\.?s\.?\s*dollars?(?:\s*[,;(]\s*(thousands|millions|billions)\)?)?", text)
    return None if m is None else _SCALES[m.group(1) or ""]


def _dots_flow(texts: list[str]) -> tuple[str, str] | None:
    """(flow, valuation) from the sheet/title/indicator texts, which must agree; None if unclear."""
    found = set()
    for text in texts:
        low = text.lower()
        if not low.strip():
            continue
        exp, imp = "export" in low, "import" in low
        if exp == imp or "balance" in low:
            return None
        flow = "export" if exp else "import"
        if re.search(r"\bfob\b|free on board", low):
            valuation = "FOB"
        elif re.search(r"\bcif\b|cost, insurance", low):
            valuation = "CIF"
        else:  # not stated: the IMF DOTS convention
            valuation = "FOB" if flow == "export" else "CIF"
        found.add((flow, valuation))
    return found.pop() if len(found) == 1 else None


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    return _decode_bytes(raw)


def read_dots(
    path: PathLike, errors: Errors = "raise", *, source_id: str | None = None
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Read an IMF Direction of Trade Statistics table (one column per year) into tidy trade rows.

    Expected columns (case and punctuation ignored): ``reporter`` (or ``Country Name``),
    ``partner`` (or ``Counterpart Country Name``) with IMF names such as "Belarus, Rep. of";
    ``units`` such as "US Dollars, Millions" (the scale is read from every row and applied
    exactly: 27.731 millions -> 27,731,000 dollars); the flow from ``sheet``/``title``/
    ``indicator`` text ("Exports, FOB" -> export FOB, "Imports, CIF" -> import CIF); and one
    column per year (``1992``, ``1993``...). An empty cell is a year nobody published: no row.
    A value marked as an IMF estimate ("1,247.27 e") gets qualifier ``about``.

    Returns the trade columns plus ``product`` (``TOTAL``) and ``is_aggregate``; with
    ``errors="report"``, ``(rows, rejected)``.
    """
    _check_errors(errors)
    path = Path(path)
    label = str(path)
    _check_file(path, label, "IMF DOTS CSV")
    sid = _source_id(path, source_id)
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise _header_problem(label, None, "", "a header line (the file is empty)") from None
    keys = [_norm(h) for h in header]
    roles: dict[str, int] = {}
    for role, candidates in _DOTS_ROLES.items():
        for key in candidates:
            if key in keys:
                roles[role] = keys.index(key)
                break
    flow_cols = [keys.index(k) for k in _DOTS_FLOW_KEYS if k in keys]
    years = {i: h for i, h in enumerate(header) if re.fullmatch(r"\d{4}", h)}
    if not years:
        shown = ",".join(header)
        raise _header_problem(
            label,
            None,
            shown[:200],
            "an IMF DOTS table: reporter, partner, units, sheet/title/indicator and one column per year "
            "(e.g. source_file,sheet,title,reporter,units,partner,1992,1993,...); unknown layout",
        )
    missing = []
    for role, candidates in _DOTS_ROLES.items():
        if role not in roles:
            why = (
                "the scale of the values (e.g. 'US Dollars, Millions') must be stated in the file"
                if role == "units"
                else f"the {role} of each row"
            )
            missing.append(Problem(label, 1, candidates[0], None, f"column '{candidates[0]}' in the header ({why})"))
    if not flow_cols:
        missing.append(
            Problem(
                label, 1, "sheet", None, "a column 'sheet', 'title' or 'indicator' naming the flow, e.g. 'Exports, FOB'"
            )
        )
    for h in header:
        if re.fullmatch(r"\d{4}\s*[QqMm]\d{1,2}", h):
            missing.append(
                Problem(label, 1, h, h, "annual columns (YYYY) only: quarterly and monthly columns are not read")
            )
    if missing:
        raise DataError(missing)

    areas = _dots_areas().set_index("imf_name")
    iso_of = areas["iso3"].to_dict()
    agg_of = areas["is_aggregate"].to_dict()
    problems = _Problems(label)
    rows: dict[str, list] = {c: [] for c in ["year", "reporter", "partner", "flow", "value_usd", "valuation"]}
    rows.update(qualifier=[], _line=[], is_aggregate=[])
    start = 2
    for record in reader:
        line, start = start, reader.line_num + 1
        if not record or not any(f.strip() for f in record):
            continue
        if len(record) != len(header):
            problems.add_one(
                line, None, ",".join(record)[:120], f"{len(header)} fields like the header (got {len(record)})"
            )
            continue
        cells = {i: record[i].strip() for i in years if record[i].strip()}
        if not cells:
            continue  # a row without values (e.g. "Memorandum Items"): nothing published
        row_ok = True
        codes = {}
        for role in ("reporter", "partner"):
            name = record[roles[role]].strip()
            if name not in iso_of:
                problems.add_one(
                    line,
                    header[roles[role]],
                    name,
                    "an IMF DOTS name listed in analysis/reference/imf_dots_areas.csv "
                    "(unknown names are reported, not guessed)",
                )
                row_ok = False
            codes[role] = name
        units = record[roles["units"]]
        scale = _dots_scale(units)
        if scale is None:
            problems.add_one(
                line, header[roles["units"]], units, "units in US dollars, e.g. 'US Dollars, Millions' or 'US Dollars'"
            )
            row_ok = False
        flow = _dots_flow([record[i] for i in flow_cols])
        if flow is None:
            problems.add_one(
                line,
                header[flow_cols[0]],
                " / ".join(record[i] for i in flow_cols),
                "one flow such as 'Exports, FOB' or 'Imports, CIF' (the flow columns disagree, or name a balance)",
            )
            row_ok = False
        for i, cell in cells.items():
            if not MIN_YEAR <= int(header[i]) <= MAX_YEAR:
                problems.add_one(line, header[i], cell, f"a value for a year between {MIN_YEAR} and {MAX_YEAR}")
                continue
            m = _DOTS_NUMBER.fullmatch(cell)
            if m is None:
                problems.add_one(line, header[i], cell, "a number (e.g. 27.731 or '1,247.27 e'), or an empty cell")
                continue
            number = Decimal((m.group(1) + (m.group(2) or "")).replace(",", ""))
            if number <= 0:
                problems.add_one(
                    line, header[i], cell, "a positive value (0 or less is no published value: leave the cell empty)"
                )
                continue
            if not row_ok or scale is None or flow is None:
                continue
            rows["year"].append(int(header[i]))
            rows["reporter"].append(iso_of[codes["reporter"]])
            rows["partner"].append(iso_of[codes["partner"]])
            rows["flow"].append(flow[0])
            rows["valuation"].append(flow[1])
            rows["value_usd"].append(float(number * scale))
            rows["qualifier"].append("about" if m.group(3) else "exact")
            rows["is_aggregate"].append(bool(agg_of[codes["reporter"]] or agg_of[codes["partner"]]))
            rows["_line"].append(line)
    good = pd.DataFrame(
        {
            "year": pd.Series(rows["year"], dtype="int64"),
            "reporter": pd.Series(rows["reporter"], dtype="str"),
            "partner": pd.Series(rows["partner"], dtype="str"),
            "flow": pd.Series(rows["flow"], dtype="str"),
            "value_usd": pd.Series(rows["value_usd"], dtype="float64"),
            "valuation": pd.Series(rows["valuation"], dtype="str"),
            "period": pd.Series(["annual"] * len(rows["year"]), dtype="str"),
            "qualifier": pd.Series(rows["qualifier"], dtype="str"),
            "source_id": pd.Series([sid] * len(rows["year"]), dtype="str"),
            "product": pd.Series(["TOTAL"] * len(rows["year"]), dtype="str"),
            "is_aggregate": pd.Series(rows["is_aggregate"], dtype="bool"),
            "_line": pd.Series(rows["_line"], dtype="int64"),
        }
    )
    return _finish(label, good, problems, errors)


__all__ = ["COLUMNS", "comtrade_areas", "countries_only", "dots_areas", "read_comtrade", "read_dots"]
