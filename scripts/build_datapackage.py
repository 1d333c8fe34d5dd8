"""Write data/datapackage.json (Frictionless Data Package v2) from the pandera models.

Usage: ``python scripts/build_datapackage.py [FOLDER]`` (default ``data/``): describes the files in FOLDER and
writes FOLDER/datapackage.json (``make data`` runs it after ``scripts/build_data.py``).

Field names, types and constraints come from ``analysis.schema`` so the descriptor cannot drift
from the contract; descriptions and units are written here. Run after a schema or data change;
``tests/test_datapackage.py`` fails when descriptor, schema and CSV headers disagree.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from analysis import schema

ROOT = Path(__file__).resolve().parents[1]

DESCRIPTIONS = {
    "trade.csv": {
        "title": "China-Belarus goods trade, one row per published value",
        "description": "Tidy long table. 1992-2020: IMF Direction of Trade Statistics, both reporters' own statistics, "
        "exports FOB and imports CIF as published (US$ millions x 1e6). After 2020: full-year and part-year official "
        "statements, each reporter side separately. Totals are stored only where a source published only a total; "
        "otherwise they are derived in code. A year nobody published is absent.",
        "fields": {
            "year": "Calendar year the value refers to (1900 to the current year; never a future year).",
            "reporter": "ISO3 of the country whose statistics these are.",
            "partner": "ISO3 of the partner country.",
            "flow": "export or import from the reporter's point of view; total only where only a total was published.",
            "value_usd": "Value in US dollars (not millions), current prices.",
            "valuation": "FOB (exports), CIF (imports) or unknown (statements that do not say).",
            "period": "'annual', or the months covered for a part-year value (e.g. 'Jan-Nov'); part-year values "
            "never enter an annual series.",
            "qualifier": "The source's hedge: exact, about, over (a lower bound) or nearly (an upper bound).",
            "source_id": "Key into sources.csv.",
        },
    },
    "park.csv": {
        "title": "China-Belarus Industrial Park 'Great Stone': dated, sourced observations",
        "description": "Residents, countries, declared and invested capital, area, jobs and growth multiples, as "
        "stated by officials, state media and the park. Conflicting statements are all kept.",
        "fields": {
            "as_of": "Date the value refers to (YYYY, YYYY-MM or YYYY-MM-DD).",
            "as_of_precision": "year, month or day: how precise as_of is.",
            "date_inferred": "true where the date was inferred from the article's content, not printed.",
            "metric": "What is measured, e.g. residents_count, declared_investment_usd.",
            "value": "The number as published, in `unit`.",
            "unit": "Unit as published (companies, USD, km2, 'x vs 2022', ...).",
            "qualifier": "The source's hedge: exact, about, over or nearly.",
            "source_id": "Key into sources.csv.",
            "note": "Context: what is counted, caveats.",
        },
    },
    "sources.csv": {
        "title": "Sources of every figure in data/",
        "description": "One row per cited source (a URL and the verbatim quote that carries the figure).",
        "fields": {
            "source_id": "Identifier used by the other tables.",
            "publisher": "Publisher or outlet.",
            "title": "Title where recorded (empty where the research file did not record it).",
            "url": "URL, or empty where none is known (the seed article).",
            "published": "Publication date; '~' first when inferred from content; empty when unknown.",
            "accessed": "Date the material was retrieved, where recorded.",
            "quote": "Short verbatim quote carrying the figure (original language).",
            "reliability": "Rough triage: high (primary/official, explicit attribution), medium (state media, "
            "reprints), low (aggregators, mirrors, inferred years).",
            "note": "Context: date caveats, what the figure covers.",
        },
    },
    "exchanges.csv": {
        "title": "People-to-people figures: students, Confucius Institutes, visits, vaccines, rail freight",
        "description": "Dated, sourced observations in the same layout as park.csv. Only figures with a source.",
        "fields": {
            "as_of": "Date the value refers to (YYYY, YYYY-MM or YYYY-MM-DD).",
            "as_of_precision": "year, month or day: how precise as_of is.",
            "date_inferred": "true where the date was inferred from the article's content, not printed.",
            "metric": "What is counted, e.g. chinese_students_in_belarus, confucius_institutes.",
            "value": "The number as published, in `unit`.",
            "unit": "Unit as published (people, institutes, visits, doses, TEU, ...).",
            "qualifier": "The source's hedge: exact, about, over or nearly.",
            "source_id": "Key into sources.csv.",
            "note": "Context: what is counted, caveats.",
        },
    },
    "events.csv": {
        "title": "Milestones of China-Belarus relations",
        "description": "Dated events used to annotate charts; each has a source.",
        "fields": {
            "date": "Date of the event (YYYY, YYYY-MM or YYYY-MM-DD).",
            "date_precision": "year, month or day: how precise the date is.",
            "label": "Short label drawn on charts.",
            "description": "What happened.",
            "category": "diplomacy, visit, agreement, park or other.",
            "source_id": "Key into sources.csv.",
        },
    },
    "claims.csv": {
        "title": "Fact-check ledger: numeric claims of the seed article and of officials",
        "description": "One row per numeric claim, verbatim, with its source and what it asserts in structured "
        "form; analysis.claims.check_claims() evaluates each against the bundled data.",
        "fields": {
            "claim_id": "Identifier of the claim.",
            "claim": "The claim's words, verbatim and short (original language).",
            "speaker": "Who made the claim.",
            "outlet": "Where it was published.",
            "published": "Publication date ('~' first when inferred; 'unknown' when not shown).",
            "source_id": "Key into sources.csv.",
            "metric": "What the claim asserts (trade_total, trade_multiple, park_residents, students, ...).",
            "value": "The claimed number, in `unit` (US$ for money, x for multiples, % for growth).",
            "unit": "Unit of the claimed number.",
            "qualifier": "The claim's hedge: exact, about, over or nearly.",
            "year_start": "First year of a growth claim (empty for levels).",
            "year_end": "Year of a level, or last year of a growth claim; '|' separates candidate years.",
            "as_of": "Date an observation claim refers to (YYYY, YYYY-MM or YYYY-MM-DD), else empty.",
            "reporter": "Whose statistics the claim says it uses (ISO3), empty when it does not say.",
            "check": "How it is checked: level, multiple, growth_index, growth_pct, years_since, bracket or "
            "observation (see analysis.claims).",
            "data_metric": "For observation/bracket checks: the metric in park.csv or exchanges.csv.",
            "note": "Context and the reading used.",
        },
    },
    "countries.csv": {
        "title": "Countries and historical units known to the package",
        "description": "ISO 3166 alpha-3 codes with the IMF DOTS names; "
        "historical (dissolved) units keep their own codes.",
        "fields": {
            "iso3": "ISO 3166 alpha-3 code (BLX: Belgium-Luxembourg, UN Comtrade's code).",
            "name": "IMF DOTS name.",
            "entity_type": "economy, historical (dissolved) or composite.",
            "source_id": "Key into sources.csv.",
            "note": "Mapping notes.",
        },
    },
}


# Binary resources (analysis.schema.PARQUET_MODELS): descriptions, provenance and licence per file.
PARQUET_DESCRIPTIONS = {
    "dots.parquet": {
        "title": "IMF Direction of Trade Statistics: every reporter x partner, 1960-2020 (US$ millions)",
        "description": "The full IMF DOTS matrix, annual goods trade in long form: every reporter's exports FOB to "
        "and imports CIF from every partner, one row per reporter, partner, flow and year (2,581,017 rows, 234 "
        "reporters, 242 partners, 1960-2020). Values are US dollars, millions, current prices, as stored in the "
        "IMF workbooks (vintage: early 2022; the IMF revises DOTS). Partners include World, regional and group "
        "aggregates (is_aggregate), residual 'not specified' rows, dissolved economies (historical: USSR=SUN, "
        "Yugoslavia=YUG, Czechoslovakia=CSK, ...) and composites (Belgium-Luxembourg, whose ISO3 is null here; "
        "the loader assigns UN Comtrade's code BLX). Never add aggregate rows to country rows. IMF 'e' estimates "
        "are kept and flagged (is_estimate). A blank IMF cell has no row: missing is not zero. Text columns are "
        "parquet dictionary columns. Source: IMF, Direction of Trade Statistics.",
        "sources": [
            {
                "title": "Source: IMF, Direction of Trade Statistics (Exports, FOB to / Imports, CIF from Partner "
                "Countries, US Dollars, Millions)",
                "path": "https://data.imf.org",
            },
            {
                "title": "IMF DOTS reporter workbooks as downloaded by Sam LeBlanc, Direction-of-Trade-Map, "
                "commit a0b40afbac7cefc59a4b35c1ebe541ac546aafad (data/DOTS/DOTS_1.xlsx ... DOTS_235.xlsx)",
                "path": "https://github.com/SamLeBlanc/Direction-of-Trade-Map/tree/"
                "a0b40afbac7cefc59a4b35c1ebe541ac546aafad/data/DOTS",
            },
        ],
        "licenses": [
            {
                "title": "IMF data: reusable under the IMF copyright and usage terms with attribution "
                "'Source: IMF, Direction of Trade Statistics'",
                "path": "https://www.imf.org/external/terms.htm",
            }
        ],
        "fields": {
            "reporter_name": "IMF name of the reporter: whose statistics these are (e.g. 'Belarus, Rep. of').",
            "reporter_iso3": "ISO 3166 alpha-3 of the reporter; null for aggregates, SACCA, Belgium-Luxembourg "
            "(BLX assigned on loading) and Yemen Arab Rep.",
            "reporter_is_aggregate": "true when the reporter is a sum of others (World, regions, groups).",
            "reporter_entity_type": "economy, historical (dissolved), composite, residual or aggregate.",
            "partner_name": "IMF name of the partner row (country, aggregate or 'not specified' residual).",
            "partner_iso3": "ISO 3166 alpha-3 of the partner; null for aggregates, residual rows, Belgium-Luxembourg "
            "(BLX assigned on loading), Yemen Arab Rep. and Malaysia, West.",
            "partner_is_aggregate": "true when the partner row is a sum of other rows (World, regions, groups).",
            "partner_entity_type": "economy, historical (dissolved), composite, residual or aggregate.",
            "flow": "export or import, from the reporter's point of view.",
            "valuation": "FOB for exports, CIF for imports (the IMF sheets' valuation).",
            "year": "Calendar year (int16).",
            "value_usd_millions": "Value in US dollars, MILLIONS, current prices, exactly as stored in the IMF "
            "workbook. Negative only for 13 cells of aggregate reporters (World / Advanced Economies vs Malaysia, "
            "1960-1963).",
            "is_estimate": "true for IMF estimates (cells printed with the suffix ' e'); all zeros are estimates.",
            "workbook": "IMF workbook the value was read from, e.g. DOTS_18.xlsx (Belarus).",
            "sheet_row": "Excel row number of the value in its sheet (int16), for tracing it back to its cell.",
        },
    },
}

TYPES = {
    "int64": "integer",
    "float64": "number",
    "bool": "boolean",
    "str": "string",
    "string[pyarrow]": "string",
    "string[python]": "string",
    "string": "string",
    "category": "string",
    "int16": "integer",
}


def field(name: str, column: object, description: str, csv: bool = True) -> dict[str, object]:
    dtype = TYPES[str(column.dtype)]  # type: ignore[attr-defined]
    out: dict[str, object] = {"name": name, "type": dtype, "description": description}
    constraints: dict[str, object] = {}
    for check in column.checks:  # type: ignore[attr-defined]
        stats = check.statistics
        if check.name == "isin":
            constraints["enum"] = list(stats["allowed_values"])
        elif check.name == "str_matches":
            constraints["pattern"] = stats["pattern"]
        elif check.name in ("greater_than_or_equal_to", "ge"):
            constraints["minimum"] = stats["min_value"]
        elif check.name in ("greater_than", "gt"):
            constraints["exclusiveMinimum"] = stats["min_value"]
        # the schema's maximum year is "this year" (no data for years that have not happened);
        # it moves, so the descriptor states it in words instead of a fixed number
        elif check.name == "str_length":
            constraints["minLength"] = stats["min_value"]
    if column.unique:  # type: ignore[attr-defined]
        constraints["unique"] = True
    if (
        dtype == "string"
        and "minLength" not in constraints
        and name not in ("title", "url", "published", "accessed", "note")
        and not column.nullable  # type: ignore[attr-defined]
    ):
        constraints["required"] = True
    if constraints:
        out["constraints"] = constraints
    if dtype == "boolean" and csv:
        out["trueValues"] = ["true"]
        out["falseValues"] = ["false"]
    return out


def parquet_resource(filename: str, model: object, data: Path) -> dict[str, object]:
    """A binary (parquet) resource: fields from the model, plus provenance, licence, size and sha256."""
    info = PARQUET_DESCRIPTIONS[filename]
    sch = model.to_schema()  # type: ignore[attr-defined]
    fields = [field(n, c, info["fields"][n], csv=False) for n, c in sch.columns.items()]
    for f, column in zip(fields, sch.columns.values(), strict=True):
        if not column.nullable:  # parquet has real nulls: every non-nullable column is required
            f["constraints"] = {**f.get("constraints", {}), "required": True}  # type: ignore[dict-item]
    table: dict[str, object] = {
        "fields": fields,
        "uniqueKeys": [list(model.Config.unique)],  # type: ignore[attr-defined]
        "foreignKeys": [
            {"fields": [side], "reference": {"resource": "countries", "fields": ["iso3"]}}
            for side in ("reporter_iso3", "partner_iso3")
            if side in sch.columns
        ],
    }
    path = data / filename
    return {
        "name": filename.removesuffix(".parquet"),
        "path": filename,
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "bytes": path.stat().st_size,
        "hash": "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest(),
        "title": info["title"],
        "description": info["description"],
        "sources": info["sources"],
        "licenses": info["licenses"],
        "schema": table,
    }


def build(data: Path = ROOT / "data") -> dict[str, object]:
    resources = []
    for filename, model in schema.MODELS.items():
        info = DESCRIPTIONS[filename]
        sch = model.to_schema()
        table: dict[str, object] = {
            "fields": [field(n, c, info["fields"][n]) for n, c in sch.columns.items()],
        }
        unique = getattr(model.Config, "unique", None)
        if unique:
            table["uniqueKeys"] = [list(unique)]
        if "source_id" in sch.columns and filename != "sources.csv":
            table["foreignKeys"] = [
                {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}}
            ]
        resources.append(
            {
                "name": filename.removesuffix(".csv"),
                "path": filename,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": (data / filename).stat().st_size,
                "hash": "sha256:" + hashlib.sha256((data / filename).read_bytes()).hexdigest(),
                "title": info["title"],
                "description": info["description"],
                "schema": table,
            }
        )
    for filename, model in schema.PARQUET_MODELS.items():
        resources.append(parquet_resource(filename, model, data))
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "china-belarus-trade",
        "title": "China-Belarus trade statistics, industrial park and sources",
        "description": "Sourced figures behind the china-belarus-trade package. "
        "Every row cites a source in sources.csv.",
        "licenses": [
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
        ],
        "sources": [
            {
                "title": "Source: IMF, Direction of Trade Statistics",
                "path": "https://github.com/SamLeBlanc/Direction-of-Trade-Map",
            },
            {
                "title": "Published statements of officials and state media (one row per source in sources.csv)",
                "path": "sources.csv",
            },
        ],
        "resources": resources,
    }


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data"
    out = folder / "datapackage.json"
    out.write_text(json.dumps(build(folder), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
