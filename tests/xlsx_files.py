"""Write small .xlsx workbooks for the importer tests (the OOXML parts Excel writes, with zipfile).

Cells are written as Excel writes them: text as shared strings, numbers as numeric cells (``t``
absent, the text of the number in ``<v>``), one ``<row r=...>`` per non-empty row.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

NUMBER = re.compile(r"-?\d+(\.\d+)?")
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>"
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def write_xlsx(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    """A workbook at ``path`` with one sheet per item (rows of cell texts; '' is an empty cell)."""
    shared: list[str] = []
    parts = {}
    for number, rows in enumerate(sheets.values(), 1):
        xml_rows = []
        for r, row in enumerate(rows, 1):
            cells = []
            for c, text in enumerate(row):
                if text == "":
                    continue
                ref = f"{_letters(c)}{r}"
                if NUMBER.fullmatch(text):
                    cells.append(f'<c r="{ref}"><v>{text}</v></c>')
                else:
                    shared.append(text)
                    cells.append(f'<c r="{ref}" t="s"><v>{len(shared) - 1}</v></c>')
            if cells:
                xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
        parts[f"xl/worksheets/sheet{number}.xml"] = (
            f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(xml_rows)}</sheetData></worksheet>'
        )
    strings = "".join(f"<si><t>{escape(s)}</t></si>" for s in shared)
    listed = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(sheets, 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                   f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{listed}</sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG}">{rels}</Relationships>')
        z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{strings}</sst>')
        for name, xml in parts.items():
            z.writestr(name, xml)
    return path
