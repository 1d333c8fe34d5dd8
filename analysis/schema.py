"""The pandera models of the bundled tables, rendered from the contract (``analysis.contract``).

Nothing is declared here: ``model(name)`` turns a ``contract.Table`` into a pandera
``DataFrameModel`` (strict, ordered, ``lazy=True``-friendly), and the module constants
(``TradeModel``, ``MODELS``, ``PARQUET_MODELS``, the vocabularies) are the same objects under
the names the rest of the package has always used. The loader (``analysis.load``) reads every
column as text, converts the typed ones, and validates with these models.

Imported lazily by the loaders (pandera is slow to import and ``import analysis`` must stay fast).
"""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from analysis import contract
from analysis.contract import checks as _checks
from analysis.contract.base import Field, Table

# The pandas dtype of a loaded column -> the pandera annotation.
_ANNOTATIONS: dict[str, Any] = {
    "int64": Series[int],
    "int16": Series[pa.Int16],
    "float64": Series[float],
    "bool": Series[bool],
    "str": Series[str],
    "category": Series[pd.CategoricalDtype],
}


def field_checks(table: Table, field: Field) -> dict[str, Any]:
    """The keyword arguments of ``pandera.Field`` that state ``field``'s constraints in ``table``.

    In a CSV a field that is not required also accepts the empty cell; in a parquet file it
    accepts a null instead (``nullable``).
    """
    empty_ok = table.format == "csv" and not field.required
    kwargs: dict[str, Any] = {"nullable": table.format == "parquet" and not field.required}
    if field.unique:
        kwargs["unique"] = True
    if field.enum is not None:
        kwargs["isin"] = [*field.enum, ""] if empty_ok else list(field.enum)
    if field.pattern is not None:
        kwargs["str_matches"] = f"^$|{field.pattern}" if empty_ok else field.pattern
    if field.needs_text:
        kwargs["str_length"] = {"min_value": 1, "max_value": field.max_length}
    elif field.max_length is not None:
        kwargs["str_length"] = {"max_value": field.max_length}
    if field.minimum is not None:
        kwargs["ge"] = field.minimum
    if field.upper is not None:
        kwargs["le"] = int(field.upper) if field.type == "integer" else field.upper
    if field.exclusive_minimum is not None:
        kwargs["gt"] = field.exclusive_minimum
    return kwargs


def _finite(name: str, message: str) -> classmethod:
    def check(cls: type, series: pd.Series) -> pd.Series:
        return _checks.value_is_finite(series)

    return pa.check(name, name="finite", error=message)(check)


def _frame_check(check: contract.TableCheck) -> classmethod:
    def run(cls: type, df: pd.DataFrame) -> pd.Series:
        return check.test(df)

    run.__doc__ = check.expected
    return pa.dataframe_check(name=check.name, error=check.expected)(run)


def _class_name(table: Table) -> str:
    return table.name.capitalize() + "Model"


@functools.cache
def model_for(table: Table) -> type[pa.DataFrameModel]:
    """The pandera model of a contract table (one class per distinct declaration)."""
    namespace: dict[str, Any] = {
        "__module__": __name__,
        "__qualname__": _class_name(table),
        "__doc__": f"``{table.file}``: {table.title} (rendered from ``analysis.contract``).\n\n{table.description}",
        "__annotations__": {f.name: _ANNOTATIONS[table.dtype(f)] for f in table.fields},
    }
    for f in table.fields:
        words = {"expected": f.message, "unit": f.unit}  # what error messages say; the unit, if any
        namespace[f.name] = pa.Field(**field_checks(table, f), description=f.description, metadata=words)
        if f.type == "number":
            namespace[f"_finite_{f.name}"] = _finite(f.name, f.message)
    for check in table.checks:
        namespace[f"_check_{check.name}"] = _frame_check(check)
    config: dict[str, Any] = {"strict": True, "ordered": True}
    if table.unique_key:
        config["unique"] = list(table.unique_key)
    namespace["Config"] = type("Config", (), config)
    return type(_class_name(table), (pa.DataFrameModel,), namespace)


def model(name: str) -> type[pa.DataFrameModel]:
    """The pandera model of the bundled table ``name`` (e.g. ``"trade.csv"``), as the contract declares it now."""
    return model_for(contract.table(name))


QUALIFIERS = list(contract.QUALIFIERS)
FLOWS = list(contract.FLOWS)
VALUATIONS = list(contract.VALUATIONS)
RELIABILITY = list(contract.RELIABILITY)
PRECISIONS = list(contract.PRECISIONS)
MIN_YEAR = contract.MIN_YEAR
MAX_YEAR = contract.MAX_YEAR
PERIOD_RE = contract.PERIOD_RE
ISO3_RE = contract.ISO3_RE
SOURCE_ID_RE = contract.SOURCE_ID_RE
PARTIAL_DATE_RE = contract.PARTIAL_DATE_RE
YEARS_RE = contract.YEARS_RE  # one year or '|'-joined candidates (claims.csv; the empty cell is also accepted)
CLAIM_METRICS = list(contract.CLAIM_METRICS)
CLAIM_CHECKS = list(contract.CLAIM_CHECKS)
DOTS_FLOWS = list(contract.DOTS_FLOWS)
DOTS_VALUATIONS = list(contract.DOTS_VALUATIONS)
ENTITY_TYPES = list(contract.ENTITY_TYPES)
DOTS_VALUATION_OF_FLOW = dict(contract.DOTS_VALUATION_OF_FLOW)

TradeModel = model("trade.csv")
ParkModel = model("park.csv")
ExchangesModel = model("exchanges.csv")
EventsModel = model("events.csv")
SourcesModel = model("sources.csv")
CountriesModel = model("countries.csv")
ClaimsModel = model("claims.csv")
DotsModel = model("dots.parquet")

MODELS = {name: model(name) for name, t in contract.TABLES.items() if t.format == "csv"}
# Binary (parquet) tables, loaded by ``analysis.dots`` rather than the CSV loader.
PARQUET_MODELS = {name: model(name) for name, t in contract.TABLES.items() if t.format == "parquet"}
# The columns each DotsModel dataframe check reads (dots.py evaluates a check on their distinct combinations).
DOTS_CHECK_COLUMNS: dict[str, list[str]] = {c.name: list(c.columns) for c in contract.table("dots.parquet").checks}
