"""CSV text as a person sees it in an editor: decoding, physical line numbers, records with their lines.

Every reader of text files (``analysis.load``, ``analysis.importers``) goes through these helpers,
so that a line number means the same thing in every message: the 1-based **physical** line of the
file as an editor shows it (the header is line 1). ``\\r\\n``, ``\\n`` and a lone ``\\r`` each end
one line (``LINE_END``); a quoted value holding a line break spans several lines and its record is
reported at the line where it starts; blank lines count as lines but hold no record.

- ``decode``: UTF-8 text (a byte-order mark is dropped); bytes that are not UTF-8 are reported at
  their own line, or decoded with a fallback (Latin-1) where a reader accepts one.
- ``csv_records``: ``(line, fields, blank)`` for every record of a stream of lines.
- ``record_lines`` / ``RecordLines``: the line of each data record that ``pandas.read_csv`` keeps
  (it skips lines holding only spaces and tabs), for a loader that parsed the text with pandas.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from analysis.errors import DataError, Problem

LINE_END = re.compile(r"\r\n|\r|\n")  # what ends one physical line (also csv's and pandas' rule)
LINE_END_BYTES = re.compile(rb"\r\n|\r|\n")
BLANK = " \t"  # a line holding only these (or nothing) is blank: pandas skips it
UTF8_EXPECTED = "UTF-8 text (save the file as UTF-8; Latin-1 is not accepted)"


def line_at(data: bytes | str, offset: int) -> int:
    """1-based physical line of ``data`` holding position ``offset`` (a byte or character index)."""
    pattern = LINE_END_BYTES if isinstance(data, bytes) else LINE_END
    return 1 + sum(1 for _ in pattern.finditer(data, 0, offset))  # type: ignore[arg-type]


def undecodable(raw: bytes, exc: UnicodeDecodeError, label: str, expected: str = UTF8_EXPECTED) -> Problem:
    """The problem for bytes that are not UTF-8: their line, and the bytes in hex (they are no text)."""
    bad = raw[exc.start : exc.end]
    return Problem(label, line_at(raw, exc.start), None, bad.hex(" "), expected)


def decode(raw: bytes, label: str, *, fallback: str | None = None) -> tuple[str, str]:
    """``(text, encoding)`` of a whole file: UTF-8 (with or without BOM), else ``fallback`` if given.

    Without a fallback, bytes that are not UTF-8 raise ``DataError`` at the line where they are.
    """
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        if fallback is None:
            raise DataError(undecodable(raw, exc, label)) from None
        return raw.decode(fallback), fallback


def decode_head(raw: bytes) -> str:
    """Text of the first bytes of a file (which may end inside a character): UTF-8, else Latin-1."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= len(raw) - 3:  # cut in the middle of the last character: drop it
            try:
                return raw[: exc.start].decode("utf-8-sig")
            except UnicodeDecodeError:
                pass
        return raw.decode("latin-1")


def is_utf8(path: Path) -> bool:
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


def count_lines(path: Path, block_bytes: int = 1 << 20) -> int:
    """Physical lines of a file (``LINE_END`` rule; a last line without a line end counts), in blocks.

    Fast (vectorised byte counts into one reused buffer, no decoding: about 3 GB/s): a reader that
    assumes one record per line compares this with the records it read, to find line breaks
    inside quoted values.
    """
    lines = 0
    last = -1  # the file's last byte so far (-1: empty)
    buf = bytearray(block_bytes)
    view = np.frombuffer(buf, dtype=np.uint8)
    with path.open("rb", buffering=0) as fh:
        while n := fh.readinto(buf):  # type: ignore[attr-defined]
            block = view[:n]
            is_cr = block == 13
            cr = int(np.count_nonzero(is_cr))
            lf = int(np.count_nonzero(block == 10))
            crlf = int(np.count_nonzero(is_cr[:-1] & (block[1:] == 10))) if cr and lf else 0
            if last == 13 and block[0] == 10:
                crlf += 1  # '\r' + '\n' across two blocks: one line end, already counted as the '\r'
            lines += cr + lf - crlf
            last = int(block[-1])
    return lines + (0 if last in (-1, 10, 13) else 1)


def text_lines(text: str) -> io.StringIO:
    """``text`` as a stream of physical lines, line ends kept (what ``csv_records`` reads)."""
    return io.StringIO(text, newline="")


class CsvSyntaxError(Exception):
    """Python's csv module could not split the text into records from ``line`` on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def csv_records(lines: Iterable[str], first_line: int = 1) -> Iterator[tuple[int, list[str], bool]]:
    """``(line, fields, blank)`` for each record of ``lines`` (a file opened with ``newline=""``,
    or ``text_lines(text)``): the physical line where the record starts, its fields, and whether
    it is a blank line (nothing, or only spaces and tabs, on one line). ``first_line`` is the
    number of the stream's first line. A record the csv module cannot split raises
    ``CsvSyntaxError`` with the line where that record starts.
    """
    last = ""

    def feed() -> Iterator[str]:
        nonlocal last
        for line in lines:
            last = line
            yield line

    reader = csv.reader(feed())
    start = first_line
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CsvSyntaxError(start, str(exc)) from None
        end = first_line + reader.line_num - 1
        blank = end == start and last.strip(BLANK + "\r\n") == ""
        yield start, fields, blank
        start = end + 1


def record_lines(text: str) -> np.ndarray:
    """Line of each data record (header excluded) of the records ``pandas.read_csv`` keeps."""
    starts = [line for line, _, blank in csv_records(text_lines(text)) if not blank]
    return np.asarray(starts[1:], dtype=np.int64)


class RecordLines:
    """Line numbers of a CSV's data records, worked out only when a problem needs one (a full csv pass).

    Indexed like the frame ``pandas.read_csv`` made of the same bytes: ``lines[i]`` is the line of
    row ``i``, ``lines[mask]`` those of the rows selected. If the csv module cannot split the text,
    raises ``DataError`` with the line where it stopped.
    """

    def __init__(self, raw: bytes, label: str) -> None:
        self._raw = raw
        self._label = label
        self._lines: np.ndarray | None = None

    def _all(self) -> np.ndarray:
        if self._lines is None:
            try:
                self._lines = record_lines(self._raw.decode("utf-8-sig"))
            except CsvSyntaxError as exc:
                raise DataError(
                    Problem(self._label, exc.line, None, None, f"well-formed CSV ({exc.message})")
                ) from None
        return self._lines

    def __getitem__(self, key: object) -> np.ndarray:
        return self._all()[key]  # type: ignore[index]

    def __len__(self) -> int:
        return len(self._all())

    def line(self, row: object) -> int | None:
        """The line of row ``row`` (a position), or None when there is no such row."""
        try:
            index = int(row)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return None
        lines = self._all()
        return int(lines[index]) if 0 <= index < len(lines) else None
