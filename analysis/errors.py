"""The package's exceptions.

``DataError`` is raised for bad *input files*: it lists every problem found, each with the file,
the 1-based line number in that file (the header is line 1), the column, the offending value and
what was expected. Bad *arguments* to library functions raise ``ValueError`` subclasses with a
plain message instead (see ``ArgumentError``).
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_LISTED = 25


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, line {self.line}"
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


class ArgumentError(ValueError):
    """A library function was called with an argument it cannot use (zero base, reversed years...)."""
