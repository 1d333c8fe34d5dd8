"""Read World Bank WITS downloads: the raw trade-data ("bulk") file and the partner time series.

Both layouts are declared in ``analysis.importers.sniff`` (``WITS_BULK``, ``WITS_SERIES``); real
examples they were built against: ``brettmcc/nafta-migration`` (raw data, header
``"Nomenclature","ReporterISO3","ProductCode",...,"TradeValue in 1000 USD"``) and the WITS
"Partner-Timeseries" downloads in ``usfsipsentinelnetwork/phylogeography_efp_repository`` and
``KimSungYong97/ADSL-lab-Project`` (``Reporter Name,Partner Name,Trade Flow,Product Group,
Indicator,1988,...``). WITS data are UN Comtrade's, in **thousands of US dollars** (stated in the
header or in each row's indicator, e.g. ``Import (US$ Thousand)``): values are scaled exactly,
with decimal arithmetic, to dollars.

- Raw data list every value twice: ``Gross Exp.``/``Gross Imp.`` repeat ``Export``/``Import``
  (gross flows include re-exports). The ``Export``/``Import`` rows are read; the gross rows are
  left out and a note says how many (never both, which would double the figures).
- The time series carries other indicators in the same layout (``Import Partner Share (%)``):
  only money indicators (US$) are read; the rest are counted in a note, never read as dollars.
  Only ``All Products`` rows are totals (``product`` TOTAL); product groups are counted in a note.
- Names are stripped (WITS writes `` World`` and ``  All Products``); a partner or reporter name
  is looked up in the package's area names (IMF, UN Comtrade and WITS spellings); an unknown name
  is reported, never guessed. "Other Asia, nes" is Taiwan (TWN), with a note.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd

from analysis.contract import MAX_YEAR, MIN_YEAR
from analysis.importers.common import Errors, area_names, finish, good_frame, name_key, new_rows
from analysis.importers.records import number, records
from analysis.importers.sniff import Sniffed
from analysis.problems import ProblemLog

RAW_FLOWS = {"export": "export", "import": "import", "re-export": "re-export", "re-import": "re-import"}
GROSS_FLOWS = ("gross exp.", "gross imp.", "gross exports", "gross imports")
MONEY = re.compile(r"^\s*(export|import)s?\s*\(us\$\s*(thousand|thousands|mil|million|millions)?\s*\)\s*$", re.I)
SCALES = {None: 1, "thousand": 10**3, "thousands": 10**3, "mil": 10**6, "million": 10**6, "millions": 10**6}
TAIWAN_NOTE = (
    'WITS\'s partner "Other Asia, nes" (UN Comtrade\'s 490) is counted as Taiwan (TWN): it is Taiwan\'s trade in '
    "practice, which UN Comtrade does not list under Taiwan's name."
)
VALUATION = {"export": "FOB", "import": "CIF", "re-export": "FOB", "re-import": "CIF"}


def _area(name: str, line: int, column: str, problems: ProblemLog, notes: set[str]) -> tuple[str, bool] | None:
    found = area_names().get(name_key(name))
    if found is None:
        problems.add_one(
            line, column, name, "a country or area name known to the package (analysis/reference: IMF, UN Comtrade "
            "and WITS names; unknown names are reported, not guessed)"
        )
    elif name_key(name) == name_key("Other Asia, nes"):
        notes.add(TAIWAN_NOTE)
    return found


def _year_ok(year: int, line: int, column: str, cell: str, problems: ProblemLog) -> bool:
    if MIN_YEAR <= year <= MAX_YEAR:
        return True
    problems.add_one(line, column, cell, f"a year between {MIN_YEAR} and {MAX_YEAR}")
    return False


def _append(rows: dict[str, list], line: int, year: int, reporter: tuple[str, bool], partner: tuple[str, bool],
            flow: str, value: Decimal, product: str) -> None:
    rows["year"].append(year)
    rows["reporter"].append(reporter[0])
    rows["partner"].append(partner[0])
    rows["flow"].append(flow)
    rows["value"].append(float(value))
    rows["valuation"].append("unknown")  # WITS does not say which value UN Comtrade's reporter gave
    rows["period"].append("annual")
    rows["qualifier"].append("exact")
    rows["product"].append(product)
    rows["is_aggregate"].append(reporter[1] or partner[1])
    rows["_line"].append(line)


def read_bulk(sniffed: Sniffed, errors: Errors, source_id: str) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Read a WITS raw trade-data download (``WITS_BULK``)."""
    problems, notes, found = ProblemLog(sniffed.label), [], set()
    col, name = sniffed.columns, sniffed.names()
    scale = 10**3 if "1000" in name["value"] else 1
    rows, gross = new_rows(), 0
    for line, fields in records(sniffed, problems, notes):
        flow_text = fields[col["flow"]].strip().lower()
        if flow_text in GROSS_FLOWS:
            gross += 1
            continue
        flow = RAW_FLOWS.get(flow_text)
        if flow is None:
            problems.add_one(line, name["flow"], fields[col["flow"]], "Export, Import, Re-Export or Re-Import")
            continue
        sides = []
        for role in ("reporter", "partner"):
            code = fields[col[role]].strip().upper()
            sides.append(_code(code, line, name[role], problems, found))
        year_cell = fields[col["year"]].strip()
        if not re.fullmatch(r"\d{4}", year_cell):
            problems.add_one(line, name["year"], fields[col["year"]], "a year such as 2019")
            continue
        value = number(fields[col["value"]])
        if value is None or value <= 0:
            problems.add_one(line, name["value"], fields[col["value"]], "a positive number of thousands of US dollars")
            continue
        product = fields[col["product"]].strip().upper() if "product" in col else "TOTAL"
        if None in sides or not _year_ok(int(year_cell), line, name["year"], year_cell, problems):
            continue
        _append(rows, line, int(year_cell), sides[0], sides[1], flow, value * scale, product)
    if gross:
        notes.append(f"{gross} 'Gross Exp.'/'Gross Imp.' row(s) repeat the Export/Import rows (gross flows include "
                     "re-exports): they were not read, so nothing is counted twice.")
    return finish(good_frame(rows, source_id), problems, errors, notes=[*sorted(found), *notes])


def _code(code: str, line: int, column: str, problems: ProblemLog, notes: set[str]) -> tuple[str, bool] | None:
    """An ISO3 code of the WITS raw data: WLD is World (an aggregate); any other known code is a country."""
    from analysis.importers.common import cached_comtrade_areas

    areas = cached_comtrade_areas()
    known = dict(zip(areas["iso3"], areas["is_aggregate"], strict=True))
    if code in known:
        return code, bool(known[code])
    problems.add_one(line, column, code, "an ISO 3166 alpha-3 code (WLD for World); unknown codes are reported")
    return None


def read_series(sniffed: Sniffed, errors: Errors, source_id: str) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Read a WITS partner time series with one column per year (``WITS_SERIES``)."""
    problems, notes, found = ProblemLog(sniffed.label), [], set()
    col, name, header = sniffed.columns, sniffed.names(), sniffed.header
    years = sniffed.groups["year"]
    rows, other_indicators, other_products = new_rows(), {}, 0
    for line, fields in records(sniffed, problems, notes):
        indicator = fields[col["indicator"]].strip()
        money = MONEY.fullmatch(indicator)
        if money is None:
            other_indicators[indicator] = other_indicators.get(indicator, 0) + 1
            continue
        if "product" in col and name_key(fields[col["product"]]) != "allproducts":
            other_products += 1
            continue
        flow = money.group(1).lower()
        stated = fields[col["flow"]].strip().lower()
        if stated not in ("export", "import", flow) or stated != flow:
            problems.add_one(line, name["flow"], fields[col["flow"]], f"the flow of the indicator ({indicator})")
            continue
        scale = SCALES[money.group(2).lower() if money.group(2) else None]
        reporter = _area(fields[col["reporter"]], line, name["reporter"], problems, found)
        partner = _area(fields[col["partner"]], line, name["partner"], problems, found)
        for i in years:
            cell = fields[i]
            if not cell.strip():
                continue  # a year nobody published: no row
            value = number(cell)
            if value is None or value <= 0:
                problems.add_one(line, header[i], cell, f"a positive number of {indicator}, or an empty cell")
                continue
            if reporter is None or partner is None or not _year_ok(int(header[i]), line, header[i], cell, problems):
                continue
            _append(rows, line, int(header[i]), reporter, partner, flow, value * scale, "TOTAL")
    for indicator, count in sorted(other_indicators.items()):
        notes.append(f"{count} row(s) of the indicator '{indicator}' are no money values: not read.")
    if other_products:
        notes.append(f"{other_products} row(s) for product groups other than All Products: not read (totals only).")
    return finish(good_frame(rows, source_id), problems, errors, notes=[*sorted(found), *notes])
