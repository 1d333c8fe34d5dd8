"""Read IMF Direction of Trade Statistics *table downloads* (one column per year) into trade rows.

Not to be confused with ``analysis.dots``, which loads the bundled, validated DOTS *matrix*
(``data/dots.parquet``). This module reads a table a user downloaded from the IMF (or exported
from its workbooks): one row per reporter, partner and flow, one column per year. The layout
(``DOTS_TABLE``: which header names mean reporter, partner, units, flow and years) is declared in
``analysis.importers.sniff``.

DOTS tables state FOB/CIF in their titles; values are scaled to dollars from the units the file
states (``US Dollars, Millions``), with exact decimal arithmetic and one rounding. An empty cell is
a year nobody published: no row. IMF "e" estimates get qualifier ``about``.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd

from analysis.contract import MAX_YEAR, MIN_YEAR
from analysis.importers.common import Errors, PathLike, area_names, finish, good_frame, name_key, new_rows
from analysis.importers.records import records
from analysis.importers.sniff import DOTS_LAYOUTS, Sniffed, read_as
from analysis.problems import ProblemLog

SCALES = {"": 1, "thousands": 10**3, "millions": 10**6, "billions": 10**9}
NUMBER = re.compile(r"([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|[+-]?\.\d+)([eE][+-]?\d+)?(\s*e)?")


def dots_scale(units: str) -> int | None:
    """10**k for 'US Dollars[, Thousands|Millions|Billions]'; None for anything else."""
    text = units.strip().lower()
    m = re.fullmatch(r"u\.?s\.?\s*dollars?(?:\s*[,;(]\s*(thousands|millions|billions)\)?)?", text)
    return None if m is None else SCALES[m.group(1) or ""]


def dots_flow(texts: list[str]) -> tuple[str, str] | None:
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
    return read_as(path, errors, source_id, DOTS_LAYOUTS)


def read_sniffed(sniffed: Sniffed, errors: Errors, source_id: str) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Read a file ``sniff`` recognised as an IMF DOTS table (the layout's reader).

    A sheet saved as CSV may state the reporter, the units or the flow on lines above the header
    ("Units: US Dollars, Millions"): ``sniffed.meta`` holds them and they apply to every row.
    """
    years = {i: sniffed.header[i] for i in sniffed.groups["year"]}
    problems, notes = ProblemLog(sniffed.label), []
    rows = new_rows()
    for line, record in records(sniffed, problems, notes):
        _read_row(line, record, sniffed, years, problems, rows)
    return finish(good_frame(rows, source_id), problems, errors, notes=notes)


def _read_row(
    line: int,
    record: list[str],
    sniffed: Sniffed,
    years: dict[int, str],
    problems: ProblemLog,
    rows: dict[str, list],
) -> None:
    """Check one table row; append its published values to ``rows``, its problems to ``problems``."""
    header, roles, meta = sniffed.header, sniffed.columns, sniffed.meta
    cells = {i: record[i].strip() for i in years if record[i].strip()}
    if not cells:
        return  # a row without values (e.g. "Memorandum Items"): nothing published
    row_ok = True
    sides = {}
    for role in ("reporter", "partner"):
        name = record[roles[role]] if role in roles else meta[role]
        sides[role] = area_names().get(name_key(name))
        if sides[role] is None:
            problems.add_one(
                line,
                header[roles[role]] if role in roles else role,
                name.strip(),
                "an IMF DOTS name listed in analysis/reference/imf_dots_areas.csv, old or new spelling "
                "(unknown names are reported, not guessed)",
            )
            row_ok = False
    units = record[roles["units"]] if "units" in roles else meta["units"]
    scale = dots_scale(units)
    if scale is None:
        problems.add_one(
            line, header[roles["units"]] if "units" in roles else "units", units,
            "units in US dollars, e.g. 'US Dollars, Millions' or 'US Dollars'",
        )
        row_ok = False
    flow_cols = sniffed.groups.get("flow", [])
    flow = dots_flow([record[i] for i in flow_cols] if flow_cols else [meta["flow"]])
    if flow is None:
        problems.add_one(
            line,
            header[flow_cols[0]] if flow_cols else "flow",
            " / ".join(record[i] for i in flow_cols) if flow_cols else meta["flow"],
            "one flow such as 'Exports, FOB' or 'Imports, CIF' (the flow columns disagree, or name a balance)",
        )
        row_ok = False
    for i, cell in cells.items():
        if not MIN_YEAR <= int(years[i]) <= MAX_YEAR:
            problems.add_one(line, header[i], cell, f"a value for a year between {MIN_YEAR} and {MAX_YEAR}")
            continue
        m = NUMBER.fullmatch(cell)
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
        reporter, partner = sides["reporter"], sides["partner"]
        assert reporter is not None and partner is not None  # row_ok
        rows["year"].append(int(years[i]))
        rows["reporter"].append(reporter[0])
        rows["partner"].append(partner[0])
        rows["flow"].append(flow[0])
        rows["valuation"].append(flow[1])
        rows["value"].append(float(number * scale))
        rows["period"].append("annual")
        rows["qualifier"].append("about" if m.group(3) else "exact")
        rows["product"].append("TOTAL")
        rows["is_aggregate"].append(reporter[1] or partner[1])
        rows["_line"].append(line)
