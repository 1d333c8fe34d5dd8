"""The one layout sniffer: which download a file is, told from its first bytes and its header.

Every layout the package reads is declared once, here, in ``LAYOUTS``: a ``Layout`` has a name
("Comtrade+"), an example header for messages, the columns it needs (``Need``: a role such as
``reporter``, the header names accepted for it, or a pattern for a family of columns such as
years), optional columns, columns it refuses, and the function that reads it. ``sniff(path)``
reads the head of the file (``HEAD_BYTES``) and returns a ``Sniffed``: the layout it recognised
and where each role's column is. Otherwise it raises ``DataError`` at line 1:

- a file that is no CSV text (an Excel workbook, an HTML or JSON page, UTF-16 text) says so;
- a header close to one layout (at least half its needs, weighted) lists what that layout is
  missing, column by column;
- any other header is an "unknown layout" naming the closest layout and what it lacks.

Header names are compared by ``header_key`` (lower case, letters and digits only), so
``Trade Value (US$)`` and ``tradevalueus`` are the same column.

**Adding a layout** (e.g. a WITS download): declare ``Layout(name=..., needs=(Need(...), ...),
reader="analysis.importers.wits:read_sniffed", public="read_download")`` and add it to
``LAYOUTS``; write ``read_sniffed(sniffed, errors, source_id)`` in that module, returning the
``analysis.importers.common.COLUMNS`` frame through ``common.finish``; add a small real-shaped
fixture and a test that ``sniff`` names the layout. ``read_download`` then reads it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.csvtext import CsvSyntaxError, csv_records, decode_head, text_lines
from analysis.errors import DataError, Problem, require_file
from analysis.importers.common import Errors, check_errors, source_id_for

HEAD_BYTES = 1 << 20  # enough for the header and the first records of any download
CLOSE = 0.5  # a header with at least this share of a layout's needs is diagnosed against it


def header_key(name: str) -> str:
    """Header key: lower case, letters and digits only ('Trade Value (US$)' -> 'tradevalueus')."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass(frozen=True)
class Need:
    """One role a layout reads from the header: a column (``keys``) or a family of columns (``pattern``)."""

    role: str
    keys: tuple[str, ...] = ()  # header keys accepted, in order of preference
    pattern: str | None = None  # or: every column whose name (stripped) matches, e.g. r"\d{4}" for years
    shown: str = ""  # how messages name the column (default: the first key)
    expected: str = ""  # the whole expectation when it is missing (default: "column ... (it is missing)")
    many: bool = False  # every column with one of the keys (e.g. sheet, title, indicator), in key order
    weight: int = 1  # how much finding it counts towards recognising the layout

    @property
    def name(self) -> str:
        return self.shown or (self.keys[0] if self.keys else self.role)


@dataclass(frozen=True)
class Layout:
    """A download layout: how to recognise it in a header and which function reads it."""

    name: str
    example: str
    needs: tuple[Need, ...]
    optional: tuple[Need, ...] = ()
    refused: tuple[tuple[str, str], ...] = ()  # (column name pattern, why it is not read)
    reader: str = ""  # "module:function" taking (sniffed, errors, source_id)
    public: str = "read_download"  # the public function that reads only this family of layouts
    titled: bool = False  # the header may follow title lines ("Units: US Dollars, Millions"): its reader skips them

    def read(
        self, sniffed: Sniffed, errors: Errors, source_id: str
    ) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
        module, _, function = self.reader.partition(":")
        return getattr(importlib.import_module(module), function)(sniffed, errors, source_id)


@dataclass(frozen=True)
class Sniffed:
    """A file whose layout was recognised: where each role's column is."""

    path: Path
    label: str
    layout: Layout
    header: list[str]  # header fields, stripped, without the empty ones a trailing comma leaves
    columns: dict[str, int]  # role -> field index (single columns)
    groups: dict[str, list[int]] = field(default_factory=dict)  # role -> field indices (families)
    n_fields: int = 0  # fields per data line: len(header), + 1 when every line ends with a comma
    header_line: int = 1  # the physical line of the header (a sheet saved as CSV has title rows above it)
    meta: dict[str, str] = field(default_factory=dict)  # role -> what a line above the header states ("Units: ...")

    @property
    def name(self) -> str:
        """The layout's name, e.g. 'Comtrade+'."""
        return self.layout.name

    @property
    def n_header(self) -> int:
        return len(self.header)

    def names(self) -> dict[str, str]:
        """Role -> the column's name as written in the file."""
        return {role: self.header[i] for role, i in self.columns.items()}

    def fits(self, record: Sequence[str]) -> bool:
        """True when a record has the header's number of fields (or one more, empty: a trailing comma)."""
        n = len(record)
        return n == self.n_header or (n == self.n_header + 1 and record[-1].strip() == "")


# --------------------------------------------------------------------------------------------
# The layouts read (real examples: see tests/fixtures/importers and analysis/reference/README.md)
# --------------------------------------------------------------------------------------------

COMTRADE_PLUS = Layout(
    name="Comtrade+",
    example="typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,...,primaryValue,...",
    needs=(
        Need("freq", ("freqcode",), shown="freqCode"),
        Need("year", ("refyear",), shown="refYear"),
        Need("month", ("refmonth",), shown="refMonth"),
        Need("reporter", ("reportercode",), shown="reporterCode"),
        Need("partner", ("partnercode",), shown="partnerCode"),
        Need("flow", ("flowcode",), shown="flowCode"),
        Need("product", ("cmdcode",), shown="cmdCode"),
        Need("primary", ("primaryvalue",), shown="primaryValue"),
    ),
    optional=(
        Need("type", ("typecode",)),
        Need("cif", ("cifvalue",)),
        Need("fob", ("fobvalue",)),
        Need("partner2", ("partner2code",)),
        Need("customs", ("customscode",)),
        Need("mot", ("motcode",)),
        Need("mos", ("moscode",)),
    ),
    reader="analysis.importers.comtrade:read_sniffed",
    public="read_comtrade",
)
COMTRADE_LEGACY = Layout(
    name="legacy UN Comtrade",
    example="Classification,Year,Period,...,Trade Flow Code,...,Reporter Code,...,Trade Value (US$),...",
    needs=(
        Need("year", ("year",), shown="Year"),
        Need("flow", ("tradeflowcode", "tradeflow"), shown="Trade Flow Code"),
        Need("reporter", ("reportercode",), shown="Reporter Code"),
        Need("partner", ("partnercode",), shown="Partner Code"),
        Need("product", ("commoditycode",), shown="Commodity Code"),
        Need("primary", ("tradevalueus",), shown="Trade Value (US$)"),
    ),
    optional=(
        Need("period", ("period",)),
        Need("cif", ("ciftradevalueus",)),
        Need("fob", ("fobtradevalueus",)),
        Need("partner2", ("2ndpartnercode",)),
        Need("customs", ("customsproccode",)),
        Need("mot", ("modeoftransportcode",)),
    ),
    reader="analysis.importers.comtrade:read_sniffed",
    public="read_comtrade",
)
DOTS_TABLE = Layout(
    name="IMF DOTS table",
    example="source_file,sheet,title,reporter,units,partner,1992,1993,...",
    needs=(
        Need(
            "reporter",
            ("reporter", "countryname", "country"),
            expected="column 'reporter' in the header (the reporter of each row)",
        ),
        Need(
            "partner",
            ("partner", "counterpartcountryname", "counterpartcountry", "counterpart"),
            expected="column 'partner' in the header (the partner of each row)",
        ),
        Need(
            "units",
            ("units", "unit", "scale"),
            expected="column 'units' in the header (the scale of the values (e.g. 'US Dollars, Millions') "
            "must be stated in the file)",
        ),
        Need(
            "flow",
            ("indicatorname", "indicator", "title", "sheet"),
            shown="sheet",
            many=True,
            expected="a column 'sheet', 'title' or 'indicator' naming the flow, e.g. 'Exports, FOB'",
        ),
        # the year columns are what make a DOTS table: they count as much as four named columns
        Need("year", pattern=r"\d{4}", shown="1992", expected="one column per year (1992, 1993, ...)", weight=4),
    ),
    refused=((r"\d{4}\s*[QqMm]\d{1,2}", "annual columns (YYYY) only: quarterly and monthly columns are not read"),),
    reader="analysis.importers.dots_tables:read_sniffed",
    public="read_dots",
    titled=True,
)
IMF_PORTAL_SERIES = Layout(
    name="IMF data portal time series",
    example="Country Name,Country Code,Indicator Name,Indicator Code,Counterpart Country Name,"
    "Counterpart Country Code,Attribute,2023,2024M1,...",
    needs=(
        Need("reporter", ("countryname",), shown="Country Name"),
        Need("partner", ("counterpartcountryname",), shown="Counterpart Country Name"),
        Need("indicator", ("indicatorname",), shown="Indicator Name"),
        Need("attribute", ("attribute",), shown="Attribute"),
        Need(
            "period",
            pattern=r"\d{4}([MQ]\d{1,2})?",
            shown="2023",
            expected="one column per period (2023, 2024M1, ...)",
            weight=2,
        ),
    ),
    reader="analysis.importers.imf_portal:read_series",
    public="read_dots",
)
IMF_PORTAL_PANEL = Layout(
    name="IMF data portal panel",
    example='Country Name,Country Code,Counterpart Country Name,Counterpart Country Code,Time Period,'
    '"Goods, Value of Exports, Free on board (FOB), US Dollars (TXG_FOB_USD)",...',
    needs=(
        Need("reporter", ("countryname",), shown="Country Name"),
        Need("partner", ("counterpartcountryname",), shown="Counterpart Country Name"),
        Need("period", ("timeperiod",), shown="Time Period"),
    ),
    optional=(Need("reporter_code", ("countrycode",)), Need("partner_code", ("counterpartcountrycode",))),
    reader="analysis.importers.imf_portal:read_panel",
    public="read_dots",
)

WITS_BULK = Layout(
    name="WITS raw data",
    example="Nomenclature,ReporterISO3,ProductCode,ReporterName,PartnerISO3,PartnerName,Year,TradeFlowName,"
    "TradeFlowCode,TradeValue in 1000 USD,...",
    needs=(
        Need("reporter", ("reporteriso3",), shown="ReporterISO3"),
        Need("partner", ("partneriso3",), shown="PartnerISO3"),
        Need("year", ("year",), shown="Year"),
        Need("flow", ("tradeflowname",), shown="TradeFlowName"),
        Need("value", ("tradevaluein1000usd", "tradevalue1000usd"), shown="TradeValue in 1000 USD"),
    ),
    optional=(Need("product", ("productcode",)),),
    reader="analysis.importers.wits:read_bulk",
)
WITS_SERIES = Layout(
    name="WITS partner time series",
    example="Reporter Name,Partner Name,Trade Flow,Product Group,Indicator,1988,1989,...",
    needs=(
        Need("reporter", ("reportername",), shown="Reporter Name"),
        Need("partner", ("partnername",), shown="Partner Name"),
        Need("flow", ("tradeflow",), shown="Trade Flow"),
        Need("indicator", ("indicator",), shown="Indicator"),
        Need("year", pattern=r"\d{4}", shown="1988", expected="one column per year (1988, 1989, ...)", weight=2),
    ),
    optional=(Need("product", ("productgroup",)),),
    reader="analysis.importers.wits:read_series",
)

LAYOUTS: tuple[Layout, ...] = (
    COMTRADE_PLUS, COMTRADE_LEGACY, DOTS_TABLE, IMF_PORTAL_SERIES, IMF_PORTAL_PANEL, WITS_BULK, WITS_SERIES
)
COMTRADE_LAYOUTS = (COMTRADE_PLUS, COMTRADE_LEGACY)
DOTS_LAYOUTS = (DOTS_TABLE, IMF_PORTAL_SERIES, IMF_PORTAL_PANEL)


# --------------------------------------------------------------------------------------------
# Matching a header
# --------------------------------------------------------------------------------------------


@dataclass
class _Match:
    layout: Layout
    score: float
    columns: dict[str, int]
    groups: dict[str, list[int]]
    missing: list[Need]
    problems: list[tuple[str, str, str]]  # (column, value, expected) at line 1: duplicates, refused columns
    stated: dict[str, str] = field(default_factory=dict)  # role -> value stated above the header ("Units: ...")

    @property
    def complete(self) -> bool:
        return not self.missing


def _match(layout: Layout, header: list[str], keys: list[str], meta: dict[str, str] | None = None) -> _Match:
    columns: dict[str, int] = {}
    stated: dict[str, str] = {}
    meta = meta if layout.titled and meta else {}
    groups: dict[str, list[int]] = {}
    missing: list[Need] = []
    problems: list[tuple[str, str, str]] = []
    found = 0
    for need, required in [(n, True) for n in layout.needs] + [(n, False) for n in layout.optional]:
        hits: list[int] = []
        if need.pattern is not None:
            hits = [i for i, h in enumerate(header) if re.fullmatch(need.pattern, h)]
        elif need.many:
            hits = [i for key in need.keys for i, k in enumerate(keys) if k == key]
        else:
            for key in need.keys:
                at = [i for i, k in enumerate(keys) if k == key]
                if len(at) > 1:
                    problems.append((header[at[1]], header[at[1]], f"one column '{header[at[0]]}' (it appears twice)"))
                if at:
                    hits = at[:1]
                    break
        if hits:
            if need.pattern is not None or need.many:
                groups[need.role] = hits
            else:
                columns[need.role] = hits[0]
            found += need.weight if required else 0
        elif any(key in meta for key in need.keys):
            stated[need.role] = next(meta[key] for key in need.keys if key in meta)
            found += need.weight if required else 0
        elif required:
            missing.append(need)
    for pattern, why in layout.refused:
        problems += [(h, h, why) for h in header if re.fullmatch(pattern, h)]
    total = sum(need.weight for need in layout.needs)
    return _Match(layout, found / total, columns, groups, missing, problems, stated)


def _shown(header: list[str]) -> str:
    text = ",".join(header)
    return text[:200] + ("..." if len(text) > 200 else "")


def _describe(layouts: Sequence[Layout]) -> str:
    return " or ".join(f"{layout.name} ({layout.example})" for layout in layouts)


def _not_csv(head: bytes) -> str | None:
    """What the file is, when its first bytes show it is no CSV text; None when it may be CSV."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text (save it as UTF-8 CSV)"
    if head.startswith(b"PK\x03\x04"):
        return "an Excel workbook (.xlsx) or another zip archive (read_download reads .xlsx workbooks sheet by sheet)"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Excel workbook (.xls) (save the sheet as UTF-8 CSV)"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:256].lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start:
        return "an HTML page (a saved web page or an error page), not a data download"
    if start.startswith(b"<?xml"):
        return "an XML document, not a CSV download"
    if start.startswith(b"{") or start.startswith(b'["') or start.startswith(b"[{"):
        return "a JSON document (an API response), not a CSV download"
    if b"\x00" in head[:4096]:
        return "binary data or UTF-16 text (it holds zero bytes; save it as UTF-8 CSV)"
    return None


HEADER_SEARCH = 40  # a header is looked for in the first records of a titled layout (a sheet saved as CSV)


def read_head(path: Path) -> tuple[bytes, list[tuple[int, list[str]]]]:
    """The first bytes and the first non-blank records, ``(line, fields)`` (header candidates, then data)."""
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    found: list[tuple[int, list[str]]] = []
    try:
        for line, fields, blank in csv_records(text_lines(decode_head(head))):
            if not blank and any(f.strip() for f in fields):
                found.append((line, fields))
            if len(found) > HEADER_SEARCH:
                break
    except CsvSyntaxError:
        pass  # the head was cut inside a record, or is no CSV: what was read is enough to tell
    return head, found


def _meta(records: list[tuple[int, list[str]]]) -> dict[str, str]:
    """What title lines above a header state: 'Units: US Dollars, Millions' or 'Units:,US Dollars' -> {'units': ...};
    any other line is title text (several joined with ' / ')."""
    meta: dict[str, str] = {}
    for _, fields in records:
        cells = [f.strip() for f in fields if f.strip()]
        if len(cells) == 1 and re.match(r"^[\w ]{1,30}:", cells[0]):
            key, _, value = cells[0].partition(":")
            cells = [key + ":", value.strip()]
        if len(cells) == 2 and cells[0].endswith(":"):
            meta[header_key(cells[0])] = cells[1]
        elif cells:
            meta["title"] = " / ".join([*filter(None, [meta.get("title")]), " ".join(cells)])
    return meta


def sniff(path: str | Path, layouts: Sequence[Layout] = LAYOUTS, *, label: str | None = None) -> Sniffed:
    """The layout of the download at ``path``, among ``layouts`` (default: every layout read).

    Raises ``DataError`` for a missing or empty file, a file that is no CSV, a header that is
    close to a layout but lacks columns (each missing column named), a header of a layout that
    is not among ``layouts`` (naming it and the function that reads it), or an unknown layout
    (naming the closest layout and what it lacks).
    """
    names = " or ".join(layout.name for layout in layouts)
    path = require_file(path, f"a CSV download in the {names} layout")
    label = label or str(path)

    def fail(value: str | None, expected: str) -> DataError:
        return DataError(Problem(label, 1, None, value, expected))

    if path.stat().st_size == 0:
        raise fail("", f"a header line of a CSV download in the {names} layout (the file is empty)")
    head, found = read_head(path)
    kind = _not_csv(head)
    if kind is not None:
        raise fail(None, f"a CSV download in the {names} layout; this file is {kind}")
    if not found:
        raise fail(
            "",
            f"a header line of a CSV download in the {names} layout (the file is empty apart from a byte-order "
            "mark or blank lines: unknown layout)",
        )
    known = (*LAYOUTS, *(layout for layout in layouts if layout not in LAYOUTS))
    at = 0
    for index, (_, fields) in enumerate(found[:HEADER_SEARCH]):
        candidate, above = _header(fields), _meta(found[:index])
        keys = [header_key(h) for h in candidate]
        tried = (_match(layout, candidate, keys, above) for layout in known)
        if any(m.complete and (index == 0 or m.layout.titled) for m in tried):
            at = index
            break
    header_line, header = found[at][0], _header(found[at][1])
    keys = [header_key(h) for h in header]
    matches = [_match(layout, header, keys, _meta(found[:at])) for layout in known]
    complete = [m for m in matches if m.complete and (at == 0 or m.layout.titled)]
    if complete:
        best = max(complete, key=lambda m: len(m.columns) + len(m.groups))
        if best.layout not in layouts:
            raise fail(
                _shown(header),
                f"{_describe(layouts)}; unknown layout for this reader: the header is that of the {best.layout.name} "
                f"layout (read it with {best.layout.public} or read_download)",
            )
    else:
        page = _error_page(found)
        if page is not None:
            raise fail(None, f"a CSV download in the {names} layout; this file is {page}")
        ranked = sorted((m for m in matches if m.layout in layouts), key=lambda m: m.score, reverse=True)
        best = ranked[0]
        tied = len(ranked) > 1 and ranked[1].score == best.score
        if best.score < CLOSE or tied:
            lacks = ", ".join(need.name for need in best.missing)
            raise fail(
                _shown(header), f"{_describe(layouts)}; unknown layout (closest: {best.layout.name}, lacking {lacks})"
            )
    problems = [Problem(label, header_line, col, value, expected) for col, value, expected in best.problems]
    for need in best.missing:
        expected = need.expected or f"column '{need.name}' in the {best.layout.name} header (it is missing)"
        problems.append(Problem(label, header_line, need.name, None, expected))
    if problems:
        raise DataError(problems)
    n_fields = len(header)
    first = found[at + 1][1] if len(found) > at + 1 else None
    if first is not None and len(first) == len(header) + 1 and first[-1].strip() == "":
        n_fields += 1  # every data line ends with a comma: one more, empty, field
    return Sniffed(path, label, best.layout, header, best.columns, best.groups, n_fields, header_line, best.stated)


def _header(fields: list[str]) -> list[str]:
    """Header fields stripped, without the empty ones a trailing comma leaves."""
    header = [h.strip() for h in fields]
    while header and header[-1] == "":
        header = header[:-1]
    return header


NO_DATA = re.compile(
    r"no data (matches|found|available)|no records (found|match)|\bnot found\b|\berror\b.*\b(request|query|code)\b|"
    r"too many requests|rate limit|access denied|unauthori[sz]ed|invalid (subscription|key|parameter)",
    re.I,
)


def _error_page(found: list[tuple[int, list[str]]]) -> str | None:
    """'a saved error page ...' when the only text lines are a message such as 'No data matches your query'."""
    if len(found) > 3:
        return None
    text = " ".join(" ".join(fields) for _, fields in found)
    match = NO_DATA.search(text)
    if match is None:
        return None
    return f"a saved message, not data: '{text.strip()[:160]}' (download the data again, with a query that has data)"


def read_as(
    path: str | Path, errors: Errors, source_id: str | None, layouts: Sequence[Layout] = LAYOUTS
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Check the arguments, sniff the layout among ``layouts`` and read the file with its reader."""
    check_errors(errors)
    names = " or ".join(layout.name for layout in layouts)
    checked = require_file(path, f"a CSV download in the {names} layout")
    sid = source_id_for(checked, source_id)
    from analysis.importers.xlsx import is_workbook

    if is_workbook(checked):
        return read_workbook_as(checked, errors, sid, layouts)
    sniffed = sniff(checked, layouts)
    return sniffed.layout.read(sniffed, errors, sid)


def read_workbook_as(
    path: Path, errors: Errors, source_id: str, layouts: Sequence[Layout] = LAYOUTS
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Every sheet of an .xlsx workbook that is in one of ``layouts``, read and put together (see ``xlsx``)."""
    from analysis.importers.xlsx import read_workbook

    def recognised(csv_path: Path) -> bool:
        try:
            sniff(csv_path, layouts)
        except DataError:
            return False
        return True

    def read_csv(csv_path: Path, label: str) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
        sniffed = sniff(csv_path, layouts, label=label)
        return sniffed.layout.read(sniffed, errors, source_id)

    names = " or ".join(layout.name for layout in layouts)
    results = read_workbook(path, read_csv, recognised, names)
    parts = [result if isinstance(result, tuple) else (result, None) for _, result in results]
    rows = pd.concat([frame for frame, _ in parts], ignore_index=True)
    notes = [note for frame, _ in parts for note in frame.attrs.get("notes", [])]
    read = ", ".join(f"'{name}'" for name, _ in results)
    rows.attrs["notes"] = [f"{path.name} is an Excel workbook: read from sheet(s) {read}.", *dict.fromkeys(notes)]
    if errors == "report":
        rejected = pd.concat([r for _, r in parts if r is not None], ignore_index=True)
        return rows, rejected
    return rows
