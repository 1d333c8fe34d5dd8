"""The building blocks of the contract: a field, a table-level check, a table.

Plain frozen dataclasses, no pandas or pandera: the renderers (``analysis.schema`` for pandera,
``analysis.contract.datapackage`` for Frictionless) read them; ``analysis.load`` and
``analysis.dots`` take column lists, dtypes and messages from them.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

Type = Literal["integer", "number", "boolean", "string"]
Format = Literal["csv", "parquet"]

THIS_YEAR = "this year"  # a moving upper bound: no value for a year that has not happened

# The pandas dtype each type loads as, per storage format (a field may override it with ``dtype``).
# Text in parquet files is stored as dictionary columns and loads as pandas ``category``.
DTYPES: dict[str, dict[str, str]] = {
    "csv": {"integer": "int64", "number": "float64", "boolean": "bool", "string": "str"},
    "parquet": {"integer": "int64", "number": "float64", "boolean": "bool", "string": "category"},
}


@dataclass(frozen=True)
class Link:
    """A title and a URL or file path (a source or licence of a table)."""

    title: str
    path: str


@dataclass(frozen=True)
class Field:
    """One column: its type, meaning, constraints and the plain words used when a value breaks them.

    ``type`` is a Frictionless type; dates of varying precision (YYYY, YYYY-MM, YYYY-MM-DD) are
    ``string`` with a ``pattern`` because a Frictionless ``date`` needs a full day. ``required``
    means a value must be there: a non-empty cell in a CSV, not null in a parquet file; a field
    that is not required also accepts an empty cell (CSV) or a null (parquet), and its ``enum`` and
    ``pattern`` describe the non-empty values. Every ``number`` is finite. ``expected`` is what an
    error message says a valid value looks like; ``{enum}``, ``{minimum}``, ``{maximum}``,
    ``{exclusive_minimum}`` and ``{max_length}`` in it are filled in from the constraints, and a
    field with an ``enum`` and no ``expected`` says "one of ...". ``references`` names the
    (table file, column) a value must be found in.
    """

    name: str
    type: Type
    description: str
    expected: str | None = None
    unit: str | None = None
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | str | None = None  # a number or THIS_YEAR
    exclusive_minimum: float | None = None
    max_length: int | None = None
    required: bool = True
    unique: bool = False
    references: tuple[str, str] | None = None
    dtype: str | None = None  # pandas dtype when not the format's default (e.g. int16 in a parquet file)

    def __post_init__(self) -> None:
        numeric = self.type in ("integer", "number")
        if (self.enum is not None or self.pattern is not None or self.max_length is not None) and (
            self.type != "string"
        ):
            raise ValueError(f"field {self.name}: enum, pattern and max_length apply to strings only")
        bounds = (self.minimum, self.maximum, self.exclusive_minimum)
        if any(b is not None for b in bounds) and not numeric:
            raise ValueError(f"field {self.name}: minimum/maximum apply to numbers only")
        if isinstance(self.maximum, str) and self.maximum != THIS_YEAR:
            raise ValueError(f"field {self.name}: maximum is a number or THIS_YEAR")
        if self.pattern is not None:
            re.compile(self.pattern)
            if re.match(self.pattern, ""):
                raise ValueError(f"field {self.name}: the pattern describes non-empty values (use required=False)")
        if self.expected is None and self.enum is None:
            raise ValueError(f"field {self.name}: needs the words of `expected`")
        _ = self.message  # a bad placeholder fails here, not when a user's file is wrong

    @property
    def needs_text(self) -> bool:
        """True for required free text (no enum or pattern): at least one character."""
        return self.type == "string" and self.required and self.enum is None and self.pattern is None

    @property
    def upper(self) -> float | None:
        """The largest allowed value, with THIS_YEAR resolved to the current calendar year."""
        return float(_dt.date.today().year) if self.maximum == THIS_YEAR else self.maximum  # type: ignore[return-value]

    @property
    def message(self) -> str:
        """The plain-language expectation shown in error messages."""
        text = self.expected if self.expected is not None else "one of {enum}"

        def show(x: float | None) -> str:
            return "" if x is None else f"{int(x):d}" if float(x).is_integer() else f"{x:g}"

        return text.format(
            enum=", ".join(self.enum or ()),
            minimum=show(self.minimum),
            maximum=show(self.upper),
            exclusive_minimum=show(self.exclusive_minimum),
            max_length="" if self.max_length is None else str(self.max_length),
        )

    def override(self, **changes: Any) -> Field:
        """This field with some of its declaration changed (a table's variant of a shared field)."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class TableCheck:
    """A rule over several columns of a row (or over the set of rows), with its message.

    ``test`` takes a frame and returns a boolean Series, True where a row passes. It reads only
    ``columns`` and is row-wise or depends only on the set of their distinct combinations, so a
    loader may evaluate it on those combinations alone (``analysis.dots`` does). ``expected`` is
    the message; for a CSV table it starts with the column a failure is reported under.
    """

    name: str
    columns: tuple[str, ...]
    expected: str
    test: Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class Table:
    """One bundled file: what it holds, its fields in order, its key and its table-level checks."""

    file: str
    title: str
    description: str
    fields: tuple[Field, ...]
    unique_key: tuple[str, ...] = ()
    checks: tuple[TableCheck, ...] = ()
    sources: tuple[Link, ...] = ()
    licenses: tuple[Link, ...] = ()

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.file}: a column is declared twice")
        checks = [c.name for c in self.checks]
        if set(checks) & set(names) or len(set(checks)) != len(checks):
            raise ValueError(f"{self.file}: a check needs a name of its own")
        for col in (*self.unique_key, *(c for check in self.checks for c in check.columns)):
            if col not in names:
                raise ValueError(f"{self.file}: no column {col!r}")
        if self.format == "csv":
            for f in self.fields:
                if f.type != "string" and not f.required:
                    raise ValueError(f"{self.file}: {f.name}: an empty cell cannot be a {f.type}")

    @property
    def name(self) -> str:
        """The resource name: the file name without its suffix."""
        return self.file.rsplit(".", 1)[0]

    @property
    def format(self) -> Format:
        suffix = self.file.rsplit(".", 1)[-1]
        if suffix not in ("csv", "parquet"):
            raise ValueError(f"{self.file}: a table is a .csv or a .parquet file")
        return suffix  # type: ignore[return-value]

    @property
    def columns(self) -> list[str]:
        """The column names, in file order (a CSV's header)."""
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.file} has no column {name!r}")

    def dtype(self, field: Field) -> str:
        """The pandas dtype ``field`` loads as in this table."""
        return field.dtype or DTYPES[self.format][field.type]

    @property
    def dtypes(self) -> dict[str, str]:
        """Column -> pandas dtype of the loaded frame."""
        return {f.name: self.dtype(f) for f in self.fields}

    @property
    def messages(self) -> dict[str, str]:
        """Column or check name -> the plain words of what a valid value (or row) is, in this table."""
        return {**{f.name: f.message for f in self.fields}, **{c.name: c.expected for c in self.checks}}

    def override(self, column: str, /, **changes: Any) -> Table:
        """This table with the declaration of its field ``column`` changed (``name=`` renames it)."""
        self.field(column)
        fields = tuple(f.override(**changes) if f.name == column else f for f in self.fields)
        return dataclasses.replace(self, fields=fields)
