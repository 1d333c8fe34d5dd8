"""The column contract of every bundled file, declared once.

This package is the one place where a column's type, unit, description, constraints and the
plain words of its error message are written (``Field``), and where a table's fields, key and
table-level checks are (``Table``); a field several tables use is declared once in
``contract.fields`` and a table overrides only what differs. Everything else is generated from it:

- the pandera models (``analysis.schema``: ``TradeModel``, ``MODELS``, ``model(name)``, ...);
- the messages of ``DataError``: ``expected(table, column)``, ``messages(table)``;
- ``data/datapackage.json`` (``contract.datapackage``, written by ``scripts/build_datapackage.py``);
- the header and dtypes the loaders use: ``columns(table)``, ``dtypes(table)``.

``tests/test_contract.py`` fails if any of them drifts from the declarations. Tables are named by
their file (``"trade.csv"``, ``"dots.parquet"``). Importing this package does not import pandera.
"""

from __future__ import annotations

from analysis.contract.base import THIS_YEAR, Field, Link, Table, TableCheck
from analysis.contract.fields import (
    CURRENCIES,
    FLOWS,
    ISO3_RE,
    MAX_YEAR,
    MIN_YEAR,
    PARTIAL_DATE_RE,
    PERIOD_RE,
    PRECISIONS,
    QUALIFIERS,
    RELIABILITY,
    SOURCE_ID_RE,
    VALUATIONS,
)
from analysis.contract.tables import (
    CLAIM_CHECKS,
    CLAIM_METRICS,
    DOTS_FLOWS,
    DOTS_VALUATION_OF_FLOW,
    DOTS_VALUATIONS,
    ENTITY_TYPES,
    TABLES,
    YEARS_RE,
)

__all__ = [
    "CLAIM_CHECKS",
    "CLAIM_METRICS",
    "CURRENCIES",
    "DOTS_FLOWS",
    "DOTS_VALUATIONS",
    "DOTS_VALUATION_OF_FLOW",
    "ENTITY_TYPES",
    "FLOWS",
    "ISO3_RE",
    "MAX_YEAR",
    "MIN_YEAR",
    "PARTIAL_DATE_RE",
    "PERIOD_RE",
    "PRECISIONS",
    "QUALIFIERS",
    "RELIABILITY",
    "SOURCE_ID_RE",
    "TABLES",
    "THIS_YEAR",
    "VALUATIONS",
    "YEARS_RE",
    "Field",
    "Link",
    "Table",
    "TableCheck",
    "columns",
    "dtypes",
    "expected",
    "messages",
    "table",
]


def table(name: str) -> Table:
    """The declaration of a bundled table, by file name (e.g. ``"claims.csv"``)."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"no table {name!r} in the contract (known: {', '.join(TABLES)})") from None


def columns(name: str) -> list[str]:
    """The table's column names in file order (a CSV's header)."""
    return table(name).columns


def dtypes(name: str) -> dict[str, str]:
    """Column -> pandas dtype of the loaded table (``int64``, ``float64``, ``bool``, ``str``; ``category``...)."""
    return table(name).dtypes


def messages(name: str) -> dict[str, str]:
    """Column or check name -> what a valid value (or row) looks like in this table, in plain words."""
    return table(name).messages


def expected(name: str, column: str) -> str:
    """The plain words of what ``column`` (or the table check of that name) accepts in table ``name``.

    >>> expected("claims.csv", "value")
    "a positive number (> 0) in the claim's unit: a claim states a figure"
    >>> expected("park.csv", "value")
    'a number >= 0'
    """
    found = messages(name).get(column)
    if found is None:
        raise KeyError(f"{name} has no column or check {column!r}")
    return found
