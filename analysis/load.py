"""The one loader: read a CSV as text, convert types, validate against its contract.

Every ``load_*`` function returns a new frame with explicit dtypes (years ``int64``, codes and
text ``str``, values ``float64``, flags ``bool``) or raises ``DataError`` listing *every*
problem in the file with its line number (header = line 1), column, value and expectation.
Nothing is dropped, coerced silently or written back. Text is never evaluated: a cell such as
``=SUM(A1)`` stays that string. Line numbers are physical lines (``analysis.csvtext``); problems
are collected in one ``analysis.problems.ProblemLog`` per file.
"""

from __future__ import annotations

import dataclasses
import functools
import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.contract import columns, dtypes, messages
from analysis.csvtext import CsvSyntaxError, RecordLines, csv_records, decode, text_lines
from analysis.errors import DataError, Problem, require_file
from analysis.paths import data_file
from analysis.problems import ProblemLog
from analysis.verified import is_verified

PathLike = str | Path

# The trade layout before values carried their currency: ``value_usd`` and no ``currency`` column. Such a file
# (a user's, written for an earlier version) is read as US dollars, and the frame says so in
# ``frame.attrs["currency_assumed"]``.
LEGACY_TRADE_COLUMNS = [("value_usd" if c == "value" else c) for c in columns("trade.csv") if c != "currency"]
CURRENCY_ASSUMED = "USD"


def _with_currency(frame: pd.DataFrame) -> pd.DataFrame:
    """A legacy trade frame (``value_usd``, no currency) in today's layout, its values in US dollars."""
    out = frame.rename(columns={"value_usd": "value"})
    out.insert(out.columns.get_loc("value") + 1, "currency", CURRENCY_ASSUMED)
    return out


def _line_of(lines: RecordLines, index: object) -> int | None:
    return lines.line(index)


def _malformed(raw: bytes, label: str, n_fields: int, exc: Exception) -> DataError:
    """The first record whose number of fields differs from the header's, at its line."""
    try:
        for line, record, blank in csv_records(text_lines(raw.decode("utf-8-sig"))):
            if not blank and len(record) != n_fields:
                text = ",".join(record)
                value = text[:120] + ("..." if len(text) > 120 else "")
                return DataError(
                    Problem(label, line, None, value, f"{n_fields} fields like the header (got {len(record)})")
                )
    except CsvSyntaxError as err:
        return DataError(Problem(label, err.line, None, None, f"well-formed CSV ({err.message})"))
    return DataError(Problem(label, None, None, None, f"well-formed CSV ({exc})"))


Known = dict[str, tuple[set[str], str]]


def _verified_frame(raw: bytes, model_name: str) -> pd.DataFrame:
    """A bundled file that CI validated (its hash is recorded): typed from the contract, no pandera."""
    types = dtypes(model_name)
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False, na_filter=False)
    if list(frame.columns) != list(types):
        raise DataError(Problem(model_name, 1, None, ",".join(frame.columns), "the header " + ",".join(types)))
    typed = {}
    for col, dtype in types.items():
        if dtype == "bool":
            typed[col] = frame[col].str.lower().eq("true")
        else:
            typed[col] = frame[col].astype(dtype)
    return pd.DataFrame(typed, index=frame.index)


def read_table(
    path: PathLike,
    model_name: str,
    known: Known | Callable[[], Known] | None = None,
    validate: bool | None = None,
) -> pd.DataFrame:
    """Read and validate one CSV against the model registered for ``model_name`` (e.g. ``trade.csv``).

    ``known`` maps a column to (allowed values, what to call them) for checks against other
    tables (source ids, country codes), or is a function returning that map; they are reported
    together with the schema's problems. ``validate=None`` skips the checks only for a bundled
    file whose bytes match the hash CI validated (``analysis.verified``); ``True`` always checks.
    """
    path = require_file(path, f"a {model_name}-style CSV file")
    label = str(path)
    raw = path.read_bytes()
    if validate is None and is_verified(path, raw):
        return _verified_frame(raw, model_name)

    import pandera.pandas as pa

    from analysis.schema import model as model_of

    model = model_of(model_name)
    EXPECTED = messages(model_name)  # this table's words for what each column and check accepts
    types = dtypes(model_name)
    header = list(types)
    if not raw.strip():
        raise DataError(Problem(label, 1, None, "", "a header line: " + ",".join(header) + " (the file is empty)"))
    decode(raw, label)  # raises DataError, with the line, on bytes that are not UTF-8 (text not kept)
    try:
        frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False, na_filter=False)
    except pd.errors.ParserError as exc:
        raise _malformed(raw, label, len(header), exc) from None
    got = list(frame.columns)
    assumed = model_name == "trade.csv" and got == LEGACY_TRADE_COLUMNS
    if assumed:
        frame = _with_currency(frame)
        got = list(frame.columns)
    if got != header:
        problems = []
        missing = [c for c in header if c not in got]
        extra = [c for c in got if c not in header]
        for c in missing:
            problems.append(Problem(label, 1, c, None, f"column '{c}' in the header (it is missing)"))
        for c in extra:
            problems.append(
                Problem(label, 1, c, c, "no such column (unexpected column; header must be " + ",".join(header) + ")")
            )
        if not problems:
            problems.append(Problem(label, 1, None, ",".join(got), "columns in this order: " + ",".join(header)))
        raise DataError(problems)
    if not isinstance(frame.index, pd.RangeIndex):  # every row had one field more: pandas made it the index
        raise _malformed(raw, label, len(frame.columns), ValueError("more fields than the header"))
    lines = RecordLines(raw, label)
    problems = ProblemLog(label)
    unparsed: set[tuple[object, str]] = set()
    typed: dict[str, pd.Series] = {}
    for col, dtype in types.items():
        s = frame[col]
        if dtype.startswith(("int", "float")):
            num = pd.to_numeric(s.str.strip(), errors="coerce")
            bad = num.isna() | ~np.isfinite(num.fillna(0))
            if dtype.startswith("int"):
                bad |= num.notna() & (num != num.round())
            for i in np.flatnonzero(bad.to_numpy()):
                problems.append(Problem(label, int(lines[i]), col, s.iloc[i], EXPECTED.get(col, dtype)))
                unparsed.add((frame.index[i], col))
            typed[col] = num.fillna(0).astype("int64" if dtype.startswith("int") else "float64")
        elif dtype == "bool":
            low = s.str.strip().str.lower()
            bad = ~low.isin(["true", "false"])
            for i in np.flatnonzero(bad.to_numpy()):
                problems.append(Problem(label, int(lines[i]), col, s.iloc[i], EXPECTED.get(col, "true or false")))
                unparsed.add((frame.index[i], col))
            typed[col] = low.eq("true").astype("bool")
        else:
            typed[col] = s.astype("str")
    out = pd.DataFrame(typed, index=frame.index)
    try:
        model.validate(out, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        keep = [(i, c) not in unparsed for i, c in zip(cases["index"], cases["column"], strict=True)]
        problems.extend(_pandera_problems(cases[keep], label, lines, frame, EXPECTED))
    key = list(getattr(model.Config, "unique", None) or [])
    if key:
        problems.add_duplicates(out[key], lines, f"a unique {'/'.join(key)}", "duplicate key: the same is on {where}")
    flagged = {(p.line, p.column) for p in problems}
    known = known() if callable(known) else known
    for col, (allowed, what) in (known or {}).items():
        bad = ~out[col].isin(allowed)
        for i in np.flatnonzero(bad.to_numpy()):
            if (int(lines[i]), col) in flagged:
                continue  # already reported as malformed
            problems.append(Problem(label, int(lines[i]), col, out[col].iloc[i], what))
    if assumed:
        try:
            problems.raise_if_any()
        except DataError as exc:  # name the column as the file writes it
            raise DataError(
                [dataclasses.replace(p, column="value_usd") if p.column == "value" else p for p in exc.problems]
            ) from None
        out.attrs["currency_assumed"] = CURRENCY_ASSUMED
    problems.raise_if_any()
    return out


def _pandera_problems(
    cases: pd.DataFrame, label: str, lines: RecordLines, frame: pd.DataFrame, expected: dict[str, str]
) -> list[Problem]:
    problems = []
    row_checks: set[tuple[object, str]] = set()
    for case in cases.itertuples(index=False):
        check = str(case.check)
        if check == "multiple_fields_uniqueness":
            continue  # reported once per row, with the other line, by ProblemLog.add_duplicates
        if case.schema_context == "DataFrameSchema":
            # a whole-row check (e.g. "as_of_precision must match the length of as_of"): pandera
            # lists every column of a failing row; report it once, under the column its message
            # names first, with the message as the expectation
            if (case.index, check) in row_checks:
                continue
            row_checks.add((case.index, check))
            first = check.split(" ", 1)[0]
            col = first if first in frame.columns else None
            value = str(frame.loc[case.index, col]) if col is not None and case.index in frame.index else None
            problems.append(Problem(label, _line_of(lines, case.index), col, value, check))
            continue
        col = case.column if isinstance(case.column, str) and case.column in frame.columns else None
        line = _line_of(lines, case.index)
        if "unique" in check and col:
            what = f"a value not used on another line (duplicate '{col}')"
        elif col is None:
            what = check
        else:
            what = expected.get(col, check)
        try:  # show the text as written in the file, not the converted value
            value = str(frame.loc[case.index, col]) if col else None
        except KeyError:
            value = None if case.failure_case is None else str(case.failure_case)
        problems.append(Problem(label, line, col, value, what))
    return problems


def load_sources(path: PathLike | None = None, validate: bool | None = None) -> pd.DataFrame:
    """The sources table (``data/sources.csv`` by default): one row per cited source."""
    return read_table(path or data_file("sources.csv"), "sources.csv", validate=validate)


def load_countries(path: PathLike | None = None, validate: bool | None = None) -> pd.DataFrame:
    """The ISO3 codes the package knows (``data/countries.csv``)."""
    return read_table(path or data_file("countries.csv"), "countries.csv", validate=validate)


def _resolve_sources(path: Path, sources: PathLike | pd.DataFrame | None) -> tuple[set[str], str]:
    if isinstance(sources, pd.DataFrame):
        return set(sources["source_id"]), "the sources given"
    src_path = Path(sources) if sources is not None else path.parent / "sources.csv"
    require_file(src_path, f"a sources.csv next to {path.name} (or pass sources=...): every source_id must resolve")
    stat = src_path.stat()
    return set(_source_ids(str(src_path.resolve()), stat.st_mtime_ns, stat.st_size)), str(src_path)


@functools.lru_cache(maxsize=8)
def _source_ids(path: str, _mtime_ns: int, _size: int) -> frozenset[str]:
    """The ids of a validated sources file; cached while the file is unchanged (keyed on its stat)."""
    return frozenset(load_sources(path)["source_id"])


def _known_sources(path: Path, sources: PathLike | pd.DataFrame | None) -> Known:
    if not path.is_file():
        return {}  # read_table reports the missing file itself
    known, where = _resolve_sources(path, sources)
    return {"source_id": (known, f"a source_id listed in {where}")}


def _known_countries(columns: list[str]) -> Known:
    countries = set(load_countries()["iso3"])
    return {c: (countries, "an ISO3 code of a known country (see data/countries.csv)") for c in columns}


def load_trade(
    path: PathLike | None = None, sources: PathLike | pd.DataFrame | None = None, validate: bool | None = None
) -> pd.DataFrame:
    """Bilateral goods trade in tidy form (``data/trade.csv`` by default), validated.

    Columns: year (int), reporter and partner (ISO3: whose statistics, and with whom), flow
    (export/import from the reporter's view, total only where only a total was published),
    value (US dollars), valuation (FOB/CIF/unknown), period ('annual' or e.g. 'Jan-Nov'),
    qualifier (exact/about/over/nearly: the source's hedge) and source_id. Every source_id must
    resolve in ``sources`` (default: ``sources.csv`` in the same folder as the file).
    """
    path = Path(path) if path is not None else data_file("trade.csv")
    return read_table(
        path, "trade.csv", lambda: _known_sources(path, sources) | _known_countries(["reporter", "partner"]), validate
    )


def load_park(
    path: PathLike | None = None, sources: PathLike | pd.DataFrame | None = None, validate: bool | None = None
) -> pd.DataFrame:
    """Dated, sourced observations about the China-Belarus Industrial Park (``data/park.csv``)."""
    path = Path(path) if path is not None else data_file("park.csv")
    return read_table(path, "park.csv", lambda: _known_sources(path, sources), validate)


def load_exchanges(
    path: PathLike | None = None, sources: PathLike | pd.DataFrame | None = None, validate: bool | None = None
) -> pd.DataFrame:
    """People-to-people observations (``data/exchanges.csv``): students, Confucius Institutes, visits,
    vaccine deliveries, rail freight, tourists; the same layout as ``load_park``."""
    path = Path(path) if path is not None else data_file("exchanges.csv")
    return read_table(path, "exchanges.csv", lambda: _known_sources(path, sources), validate)


def load_events(
    path: PathLike | None = None, sources: PathLike | pd.DataFrame | None = None, validate: bool | None = None
) -> pd.DataFrame:
    """Dated milestones of the relationship (``data/events.csv``): date, date_precision, label,
    description, category (diplomacy/visit/agreement/park/other) and source_id."""
    path = Path(path) if path is not None else data_file("events.csv")
    return read_table(path, "events.csv", lambda: _known_sources(path, sources), validate)


def load_claims(
    path: PathLike | None = None, sources: PathLike | pd.DataFrame | None = None, validate: bool | None = None
) -> pd.DataFrame:
    """The fact-check ledger (``data/claims.csv``): one row per numeric claim, with its source,
    what it asserts in structured form (metric, value, unit, qualifier, years or date, side) and
    how it is checked (see ``analysis.claims``)."""
    path = Path(path) if path is not None else data_file("claims.csv")
    return read_table(path, "claims.csv", lambda: _known_sources(path, sources), validate)


def load_gacc(
    path: PathLike | None = None, sources: PathLike | pd.DataFrame | None = None, validate: bool | None = None
) -> pd.DataFrame:
    """China customs' monthly bulletin in yuan (``data/gacc_monthly.csv``): period (YYYY-MM), reporter (CHN),
    partner (ISO3, WLD = world), flow, month_value (first published) and ytd_value (cumulative, as published
    that month), both whole yuan, currency (CNY), ytd_growth_pct (GACC's printed rate, percent), source_id."""
    path = Path(path) if path is not None else data_file("gacc_monthly.csv")
    return read_table(path, "gacc_monthly.csv", lambda: _known_sources(path, sources), validate)


def load_wdi(
    path: PathLike | None = None, sources: PathLike | pd.DataFrame | None = None, validate: bool | None = None
) -> pd.DataFrame:
    """The World Bank WDI indicators the package uses (``data/wdi.csv``): indicator, iso3, year, value, source_id."""
    path = Path(path) if path is not None else data_file("wdi.csv")
    return read_table(path, "wdi.csv", lambda: _known_sources(path, sources), validate)


def load_cpi(
    path: PathLike | None = None, sources: PathLike | pd.DataFrame | None = None, validate: bool | None = None
) -> pd.DataFrame:
    """US CPI-U, all items, 1982-84=100 (``data/us_cpi.csv``): series_id, year, period (M01-M12, M13 = annual
    average), value, source_id."""
    path = Path(path) if path is not None else data_file("us_cpi.csv")
    return read_table(path, "us_cpi.csv", lambda: _known_sources(path, sources), validate)
