"""The records of a small download, with their physical lines: the careful path of the table layouts.

WITS and IMF portal downloads are small (one reporter, a few partners and years), so their
readers go through Python's ``csv`` module record by record, which knows the line of each
record. ``records`` yields ``(line, fields)`` of the data records (header excluded, blank lines
skipped), reports a record with the wrong number of fields and a CSV syntax error at its line,
and reads a file that is not UTF-8 as Latin-1 (every byte is a character), saying so in a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from analysis.csvtext import CsvSyntaxError, csv_records, decode, text_lines
from analysis.importers.sniff import Sniffed
from analysis.problems import ProblemLog


def records(sniffed: Sniffed, problems: ProblemLog, notes: list[str]) -> Iterator[tuple[int, list[str]]]:
    """``(line, fields)`` of every data record after the header line (``sniffed.header_line``)."""
    text, encoding = decode(sniffed.path.read_bytes(), sniffed.label, fallback="latin-1")
    if encoding != "utf-8":
        notes.append(f"{sniffed.path.name} is not UTF-8: it was read as Latin-1 (check names with accents).")
    try:
        for line, fields, blank in csv_records(text_lines(text)):
            if line <= sniffed.header_line or blank or not any(f.strip() for f in fields):
                continue
            if not sniffed.fits(fields):
                shown = ",".join(fields)[:120]
                problems.add_one(line, None, shown, f"{sniffed.n_header} fields like the header (got {len(fields)})")
                continue
            yield line, fields
    except CsvSyntaxError as exc:
        problems.add_one(exc.line, None, None, f"well-formed CSV from here on ({exc.message}); the rest was not read")


def number(cell: str) -> Decimal | None:
    """A plain decimal number as written ('1234567.89', '  144981.00'), or None: no thousands separators,
    no exponent, no 'inf'."""
    text = cell.strip()
    if not text or not all(ch.isdigit() or ch in ".-+" for ch in text) or text.count(".") > 1:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
