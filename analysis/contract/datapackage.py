"""The Frictionless Data Package (v2) rendering of the contract: ``data/datapackage.json``.

``table_schema(table)`` is a table's Table Schema, ``resource(table, folder)`` adds the file's size
and sha256, ``package(folder)`` is the whole descriptor. ``scripts/build_datapackage.py`` writes it;
nothing the package runs writes into ``data/``. A moving bound (``THIS_YEAR``) is not rendered: the
descriptor is committed and hashed, and a field's description says it in words.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from analysis.contract import TABLES
from analysis.contract.base import THIS_YEAR, Field, Link, Table

PACKAGE: dict[str, Any] = {
    "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
    "name": "china-belarus-trade",
    "title": "China-Belarus trade statistics, industrial park and sources",
    "description": "Sourced figures behind the china-belarus-trade package. Every row cites a source in sources.csv.",
}
LICENSES = (
    {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0 (this compilation)",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    },
    {
        "title": "IMF data: reusable under the IMF copyright and usage terms with attribution "
        "'Source: IMF, Direction of Trade Statistics'",
        "path": "https://www.imf.org/external/terms.htm",
    },
    {
        "title": "World Bank data (wdi.csv): CC-BY-4.0, 'Source: World Bank, World Development Indicators'",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    },
    {"title": "US BLS data (us_cpi.csv): public domain", "path": "https://www.bls.gov/opub/copyright-information.htm"},
)
SOURCES = (
    Link("Source: IMF, Direction of Trade Statistics", "https://github.com/SamLeBlanc/Direction-of-Trade-Map"),
    Link(
        "Source: General Administration of Customs of the P.R. China (GACC), monthly bulletin (RMB)", "gacc_monthly.csv"
    ),
    Link(
        "Source: World Bank, World Development Indicators",
        "https://datatopics.worldbank.org/world-development-indicators/",
    ),
    Link("US Bureau of Labor Statistics, CPI-U (CUUR0000SA0)", "https://www.bls.gov/cpi/"),
    Link("Published statements of officials and state media (one row per source in sources.csv)", "sources.csv"),
)
MEDIATYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def field_descriptor(table: Table, field: Field) -> dict[str, Any]:
    """One field of a Table Schema. An empty CSV cell is a missing value, so ``required`` means non-empty."""
    out: dict[str, Any] = {"name": field.name, "type": field.type, "description": field.description}
    if field.unit is not None:
        out["unit"] = field.unit
    constraints: dict[str, Any] = {}
    if field.required:
        constraints["required"] = True
    if field.unique:
        constraints["unique"] = True
    if field.enum is not None:
        constraints["enum"] = list(field.enum)
    if field.pattern is not None:
        constraints["pattern"] = field.pattern
    if field.needs_text:
        constraints["minLength"] = 1
    if field.max_length is not None:
        constraints["maxLength"] = field.max_length
    if field.minimum is not None:
        constraints["minimum"] = _number(field.minimum)
    if field.maximum is not None and field.maximum != THIS_YEAR:
        constraints["maximum"] = _number(field.maximum)  # type: ignore[arg-type]
    if field.exclusive_minimum is not None:
        constraints["exclusiveMinimum"] = _number(field.exclusive_minimum)
    if constraints:
        out["constraints"] = constraints
    if field.type == "boolean" and table.format == "csv":
        out["trueValues"] = ["true"]
        out["falseValues"] = ["false"]
    return out


def table_schema(table: Table) -> dict[str, Any]:
    """The Table Schema of ``table``: fields, unique key and foreign keys."""
    out: dict[str, Any] = {"fields": [field_descriptor(table, f) for f in table.fields]}
    if table.unique_key:
        out["uniqueKeys"] = [list(table.unique_key)]
    foreign = [
        {"fields": [f.name], "reference": {"resource": f.references[0].rsplit(".", 1)[0], "fields": [f.references[1]]}}
        for f in table.fields
        if f.references is not None
    ]
    if foreign:
        out["foreignKeys"] = foreign
    return out


def _links(links: tuple[Link, ...]) -> list[dict[str, str]]:
    return [{"title": link.title, "path": link.path} for link in links]


def resource(table: Table, folder: Path) -> dict[str, Any]:
    """The resource of ``table``'s file in ``folder``: format, size, sha256, title, description, schema."""
    path = Path(folder) / table.file
    raw = path.read_bytes()
    out: dict[str, Any] = {
        "name": table.name,
        "path": table.file,
        "format": table.format,
        "mediatype": MEDIATYPES[table.format],
    }
    if table.format == "csv":
        out["encoding"] = "utf-8"
    out |= {
        "bytes": len(raw),
        "hash": "sha256:" + hashlib.sha256(raw).hexdigest(),
        "title": table.title,
        "description": table.description,
    }
    if table.sources:
        out["sources"] = _links(table.sources)
    if table.licenses:
        out["licenses"] = _links(table.licenses)
    out["schema"] = table_schema(table)
    return out


def package(folder: Path, tables: dict[str, Table] | None = None) -> dict[str, Any]:
    """The whole descriptor of the files in ``folder`` (default tables: every table of the contract)."""
    return {
        **PACKAGE,
        "licenses": [dict(x) for x in LICENSES],
        "sources": _links(SOURCES),
        "resources": [resource(t, folder) for t in (tables or TABLES).values()],
    }
