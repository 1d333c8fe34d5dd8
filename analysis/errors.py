"""The package's exceptions.

``DataError`` is raised for bad *input files*: it lists every problem found, each with the file,
the 1-based line number in that file (the header is line 1), the column, the offending value and
what was expected. Bad *arguments* to library functions raise ``ValueError`` subclasses with a
plain message instead (see ``ArgumentError``).

A path that names no file is the same error in every entry point (``load_trade``, ``load_dots``,
``read_comtrade``, ``read_dots``, ``read_download``, ``pair_data``...): ``require_file`` raises
``MissingFileError`` ("file not found") or ``NotAFileError`` ("it is a directory"). Both are
``DataError`` (one ``except DataError`` handles every bad input) and also the matching built-in
``FileNotFoundError`` / ``IsADirectoryError`` (with ``errno`` and ``filename``), so code written
against Python's own file errors keeps working.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

MAX_LISTED = 25


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    expected: str

    _unit = "line"  # how the position is named in messages (a class attribute, not a field)

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, {self._unit} {self.line}"
        col = f", column '{self.column}'" if self.column else ""
        got = f": got {self.value!r}" if self.value is not None else ""
        return f"{where}{col}{got}; expected {self.expected}"


class DataError(ValueError):
    """An input file does not meet its contract. ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        if not self.problems:
            raise ValueError("DataError needs at least one problem")
        lines = [str(p) for p in self.problems[:MAX_LISTED]]
        more = len(self.problems) - MAX_LISTED
        if more > 0:
            lines.append(f"... and {more} more problem(s)")
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in input data:" if n > 1 else "problem in input data:"
        super().__init__(head + "\n  " + "\n  ".join(lines))

    def brief(self) -> str:
        """One line when there is one problem (for a command's one-line failure), else the full list."""
        return str(self.problems[0]) if len(self.problems) == 1 else str(self)


@dataclass(frozen=True)
class RowProblem(Problem):
    """A problem in a binary table such as a parquet file: ``line`` holds the 0-based row number there.

    A parquet file has no header line, so the position is the row's index in the file (the same as the
    loaded frame's index and pyarrow's ``table.slice(row, 1)``).
    """

    _unit = "row"


class _FileError(DataError):
    """A ``DataError`` that is also an ``OSError`` subclass: its text is the DataError message."""

    _errno = 0

    def __init__(self, path: Path, expected: str) -> None:
        super().__init__(Problem(str(path), None, None, None, expected))
        self.errno = self._errno
        self.strerror = expected
        self.filename = str(path)

    def __str__(self) -> str:  # OSError would print "[Errno 2] ..." instead of the problem list
        return str(self.args[0])

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (Path(self.filename), self.strerror))


class MissingFileError(_FileError, FileNotFoundError):
    """An input file that does not exist (``DataError`` and ``FileNotFoundError``)."""

    _errno = errno.ENOENT


class NotAFileError(_FileError, IsADirectoryError):
    """An input path that is a directory or another non-file (``DataError`` and ``IsADirectoryError``)."""

    _errno = errno.EISDIR


def require_file(path: str | Path, what: str) -> Path:
    """``path`` as a ``Path`` if it is an existing regular file; else ``MissingFileError`` / ``NotAFileError``.

    ``what`` says what the file should be, with its article ("a trade.csv-style CSV file"); the
    message reads "<path>; expected <what> (file not found)" or "... (it is a directory, not a file)".
    """
    path = Path(path)
    if path.is_file():
        return path
    if path.is_dir():
        raise NotAFileError(path, f"{what} (it is a directory, not a file)")
    if path.exists():
        raise NotAFileError(path, f"{what} (it is not a regular file)")
    raise MissingFileError(path, f"{what} (file not found)")


class ArgumentError(ValueError):
    """A library function was called with an argument it cannot use (zero base, reversed years...)."""


class UnknownCurrencyError(ArgumentError):
    """A currency code the package does not know (not one of ``analysis.contract.CURRENCIES``)."""


class NoRateError(ArgumentError):
    """A conversion asked for a currency and period that has no sourced exchange rate."""


class MixedCurrencyError(ArgumentError):
    """Values in different currencies put into one series or one growth rate."""


class PeriodError(ArgumentError):
    """A month or a year-to-date asked to join an annual series (or a period the data does not hold)."""


class DeflatorYearError(ArgumentError):
    """A deflation asked for a year the price index does not cover."""


class MissingValueError(ArgumentError):
    """An indicator value (GDP, merchandise trade ...) that the bundled data does not hold for that year."""
