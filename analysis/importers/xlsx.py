"""Excel workbooks (.xlsx) read directly: each sheet as the rows of a CSV, one line per sheet row.

A download saved as a workbook (Comtrade+ "TradeData", a WITS partner time series, an IMF DOTS
country workbook with one sheet per flow) is read with the standard library (``zipfile`` and
``xml.etree``; no spreadsheet package is needed): shared strings and inline strings, numbers as
the text stored in the cell (``27.731000000000002`` stays exact), booleans as ``true``/``false``.
Each sheet becomes a CSV file in a temporary folder in which line *n* is sheet row *n* (empty
rows become blank lines), so that every problem names the sheet and the row a person sees in
Excel (``file.xlsx, sheet 'Exports, FOB', line 9``). ``read_workbook`` reads every sheet whose
layout the sniffer recognises, and says which sheets it read and which it skipped.
"""

from __future__ import annotations

import csv
import re
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd

from analysis.errors import DataError, Problem

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CELL_REF = re.compile(r"([A-Z]+)(\d+)")
MAX_CELLS = 50_000_000  # a workbook larger than this is refused rather than read into memory


def is_workbook(path: Path) -> bool:
    """True when ``path`` is a zip holding ``xl/workbook.xml`` (an .xlsx workbook)."""
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as z:
        return "xl/workbook.xml" in z.namelist()


def _column(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _text(element: ElementTree.Element | None) -> str:
    """All text of an element's ``t`` children (rich text runs joined)."""
    if element is None:
        return ""
    return "".join(t.text or "" for t in element.iter(f"{MAIN}t"))


def sheets(path: Path) -> list[tuple[str, list[list[str]]]]:
    """``(name, rows)`` for every sheet, in workbook order; ``rows[i]`` is sheet row ``i + 1`` (cells as text)."""
    label = str(path)
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            shared = []
            if "xl/sharedStrings.xml" in names:
                root = ElementTree.fromstring(z.read("xl/sharedStrings.xml"))
                shared = [_text(si) for si in root.iter(f"{MAIN}si")]
            rels = {}
            if "xl/_rels/workbook.xml.rels" in names:
                relations = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
                for rel in relations.iter(f"{PACKAGE_REL}Relationship"):
                    target = rel.get("Target", "").lstrip("/")
                    rels[rel.get("Id")] = target if target.startswith("xl/") else "xl/" + target
            out = []
            workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
            for number, sheet in enumerate(workbook.iter(f"{MAIN}sheet"), 1):
                target = rels.get(sheet.get(f"{REL}id"), f"xl/worksheets/sheet{number}.xml")
                out.append((sheet.get("name", f"Sheet{number}"), _rows(z.read(target), shared, label)))
            return out
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise DataError(Problem(label, None, None, None, f"a readable .xlsx workbook ({exc})")) from None


def _rows(xml: bytes, shared: list[str], label: str) -> list[list[str]]:
    rows: dict[int, dict[int, str]] = {}
    cells = 0
    for row in ElementTree.fromstring(xml).iter(f"{MAIN}row"):
        number = int(row.get("r", len(rows) + 1))
        values: dict[int, str] = {}
        for position, cell in enumerate(row.iter(f"{MAIN}c")):
            ref = CELL_REF.fullmatch(cell.get("r", ""))
            column = _column(ref.group(1)) if ref else position
            kind = cell.get("t", "n")
            value = cell.find(f"{MAIN}v")
            if kind == "inlineStr":
                text = _text(cell.find(f"{MAIN}is"))
            elif kind == "s" and value is not None and value.text is not None:
                text = shared[int(value.text)]
            elif kind == "b":
                text = "true" if (value is not None and value.text == "1") else "false"
            else:
                text = "" if value is None or value.text is None else value.text
            values[column] = text
        cells += len(values)
        if cells > MAX_CELLS:
            raise DataError(Problem(label, None, None, None, f"a workbook of at most {MAX_CELLS:,} cells"))
        rows[number] = values
    last = max(rows, default=0)
    width = max((max(values, default=-1) + 1 for values in rows.values()), default=0)  # Excel leaves out empty cells
    return [
        [values.get(i, "") for i in range(width)] if (values := rows.get(number, {})) else []
        for number in range(1, last + 1)
    ]


def read_workbook(
    path: Path,
    read_csv: Callable[[Path, str], pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]],
    recognised: Callable[[Path], bool],
    what: str,
) -> list[tuple[str, pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]]]:
    """Each sheet the sniffer recognises (``recognised(csv_path)``), read by ``read_csv(csv_path, label)``.

    Returns ``(sheet name, result)`` pairs; raises ``DataError`` naming every sheet when none is a
    known layout (``what`` describes the layouts).
    """
    found = sheets(path)
    results = []
    with tempfile.TemporaryDirectory(prefix="analysis-xlsx-") as tmp:
        for index, (name, rows) in enumerate(found):
            csv_path = Path(tmp) / f"{path.stem}.sheet{index + 1}.csv"
            with csv_path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                for row in rows:
                    writer.writerow(row) if any(cell.strip() for cell in row) else fh.write("\n")
            if rows and recognised(csv_path):
                results.append((name, read_csv(csv_path, f"{path}, sheet '{name}'")))
    if not results:
        listed = ", ".join(f"'{name}'" for name, _ in found) or "none"
        raise DataError(
            Problem(str(path), None, None, None, f"a sheet in the {what} layout (the workbook's sheets: {listed})")
        )
    return results


def sheet_names(results: Sequence[tuple[str, object]]) -> list[str]:
    """The names of the sheets read."""
    return [name for name, _ in results]
