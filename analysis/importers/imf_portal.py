"""Read IMF data portal CSV exports of trade by partner: the time-series export and the panel export.

Both carry the IMF's country names and codes and name the indicator in words, units included
(``Goods, Value of Exports, Free on board (FOB), US Dollars``), so flow, valuation and scale are
read from the indicator name (``dots_tables.dots_flow`` and ``dots_scale``); a non-money indicator
(a balance, a share) is counted in a note, never read as dollars. Real examples they were built
against: the time-series export (``"Country Name","Country Code","Indicator Name","Indicator Code",
"Counterpart Country Name","Counterpart Country Code","Attribute","2008","2009",...``, read with
``Attribute == "Value"`` in many public repositories' DOTS scripts) and the panel export
(``DOT_03-08-2023 16-25-54-79_panel.csv``: ``Country Name,...,Time Period,"Goods, Value of Exports,
Free on board (FOB), US Dollars (TXG_FOB_USD)",...``).

- Time-series export: each series has a ``Value`` row and may have a ``Status`` row (the IMF's
  flags, e.g. ``e`` for an estimate: the value gets qualifier ``about``). Period columns are years
  (``2023``), quarters (``2023Q4``) or months (``2024M2``): years and months are read (a month is
  its own period, never a year); quarters are counted in a note.
- Panel export: one row per country, counterpart and period (``Time Period`` ``2019`` or
  ``2019M05``), one column per indicator.
- Names are matched with ``common.name_key`` against the IMF's names (old and new spellings:
  ``China,P.R.: Mainland`` and ``China, P.R.: Mainland``); an unknown name is reported.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd

from analysis.contract import MAX_YEAR, MIN_YEAR
from analysis.importers.common import MONTHS, Errors, area_names, finish, good_frame, name_key, new_rows
from analysis.importers.dots_tables import dots_flow, dots_scale
from analysis.importers.records import number, records
from analysis.importers.sniff import Sniffed
from analysis.problems import ProblemLog

PERIOD = re.compile(r"(\d{4})(?:([MQ])(\d{1,2}))?")
INDICATOR_CODE = re.compile(r"\s*\(([A-Z0-9_]+)\)\s*$")  # "..., US Dollars (TXG_FOB_USD)"


def money_indicator(name: str) -> tuple[str, str, int] | None:
    """(flow, valuation, scale) of an indicator named like 'Goods, Value of Exports, FOB, US Dollars'; None for
    any other indicator (a balance, a share, a value in national currency)."""
    text = INDICATOR_CODE.sub("", name)
    flow = dots_flow([text])
    match = re.search(r"u\.?s\.?\s*dollars?(?:\s*[,;(]\s*(?:thousands|millions|billions)\)?)?\s*$", text, re.I)
    if flow is None or match is None:
        return None
    scale = dots_scale(match.group(0))
    return None if scale is None else (flow[0], flow[1], scale)


def period_of(text: str) -> tuple[int, str] | str | None:
    """(year, period) of '2023' (annual) or '2024M2' (Feb); 'quarter' for '2023Q4'; None if neither."""
    match = PERIOD.fullmatch(text.strip())
    if match is None:
        return None
    year, kind, sub = int(match.group(1)), match.group(2), match.group(3)
    if kind is None:
        return year, "annual"
    if kind == "Q":
        return "quarter"
    month = int(sub)
    return (year, MONTHS[month - 1]) if 1 <= month <= 12 else None


class _Rows:
    """The good rows, the problems and the notes of one file."""

    def __init__(self, sniffed: Sniffed) -> None:
        self.sniffed, self.problems, self.notes = sniffed, ProblemLog(sniffed.label), []
        self.rows, self.skipped = new_rows(), {}

    def area(self, line: int, fields: list[str], role: str) -> tuple[str, bool] | None:
        cell = fields[self.sniffed.columns[role]]
        found = area_names().get(name_key(cell))
        if found is None:
            self.problems.add_one(
                line, self.sniffed.names()[role], cell, "an IMF country name (analysis/reference: IMF names old and "
                "new, e.g. 'China, P.R.: Mainland'; unknown names are reported, not guessed)"
            )
        return found

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1

    def add(self, line: int, column: str, cell: str, when: tuple[int, str], sides: tuple, money: tuple,
            about: bool) -> None:
        value = number(cell)
        if value is None or value <= 0:
            self.problems.add_one(line, column, cell, "a positive number of US dollars, or an empty cell")
            return
        if not MIN_YEAR <= when[0] <= MAX_YEAR:
            self.problems.add_one(line, column, cell, f"a value for a year between {MIN_YEAR} and {MAX_YEAR}")
            return
        if None in sides:
            return
        rows = self.rows
        rows["year"].append(when[0])
        rows["reporter"].append(sides[0][0])
        rows["partner"].append(sides[1][0])
        rows["flow"].append(money[0])
        rows["valuation"].append(money[1])
        rows["value"].append(float(value * Decimal(money[2])))
        rows["period"].append(when[1])
        rows["qualifier"].append("about" if about else "exact")
        rows["product"].append("TOTAL")
        rows["is_aggregate"].append(sides[0][1] or sides[1][1])
        rows["_line"].append(line)

    def finish(self, errors: Errors, source_id: str) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
        notes = [*self.notes, *(f"{count} {why}: not read." for why, count in sorted(self.skipped.items()))]
        return finish(good_frame(self.rows, source_id), self.problems, errors, notes=notes)


def read_series(sniffed: Sniffed, errors: Errors, source_id: str) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Read an IMF data portal time-series export (``IMF_PORTAL_SERIES``)."""
    out = _Rows(sniffed)
    col, header = sniffed.columns, sniffed.header
    periods = {i: period_of(header[i]) for i in sniffed.groups["period"]}
    status: dict[tuple[str, ...], dict[int, str]] = {}
    values: list[tuple[int, list[str]]] = []
    for line, fields in records(sniffed, out.problems, out.notes):
        key = tuple(name_key(fields[col[r]]) for r in ("reporter", "partner", "indicator"))
        attribute = fields[col["attribute"]].strip().lower()
        if attribute == "status":
            status[key] = {i: fields[i].strip() for i in periods if fields[i].strip()}
        elif attribute == "value":
            values.append((line, fields))
        else:
            out.skip(f"row(s) with Attribute '{fields[col['attribute']].strip()}' (neither Value nor Status)")
    for line, fields in values:
        money = money_indicator(fields[col["indicator"]])
        if money is None:
            out.skip(f"row(s) of the indicator '{fields[col['indicator']].strip()}' (no value of goods in US dollars)")
            continue
        sides = (out.area(line, fields, "reporter"), out.area(line, fields, "partner"))
        flags = status.get(tuple(name_key(fields[col[r]]) for r in ("reporter", "partner", "indicator")), {})
        for i, when in periods.items():
            cell = fields[i]
            if not cell.strip():
                continue  # a period nobody published: no row
            if when == "quarter":
                out.skip("quarterly value(s) (years and months are read)")
                continue
            if when is None:
                continue
            out.add(line, header[i], cell, when, sides, money, "e" in flags.get(i, "").lower())
    return out.finish(errors, source_id)


def read_panel(sniffed: Sniffed, errors: Errors, source_id: str) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Read an IMF data portal panel export (``IMF_PORTAL_PANEL``): one column per indicator."""
    out = _Rows(sniffed)
    col, header = sniffed.columns, sniffed.header
    indicators = {i: money_indicator(header[i]) for i in range(len(header)) if i not in col.values()}
    money = {i: m for i, m in indicators.items() if m is not None}
    for i in sorted(set(indicators) - set(money)):
        out.notes.append(f"column '{header[i]}' is no value of goods in US dollars: not read.")
    for line, fields in records(sniffed, out.problems, out.notes):
        cell = fields[col["period"]]
        when = period_of(cell.replace("M0", "M"))
        if when is None:
            out.problems.add_one(line, header[col["period"]], cell, "a period such as 2019 or 2019M05")
            continue
        if when == "quarter":
            out.skip("quarterly row(s) (years and months are read)")
            continue
        sides = (out.area(line, fields, "reporter"), out.area(line, fields, "partner"))
        for i, m in money.items():
            if fields[i].strip():
                out.add(line, header[i], fields[i], when, sides, m, False)
    return out.finish(errors, source_id)
