"""The bundled tables: what each file holds, its fields in order, its key and its table-level checks."""

from __future__ import annotations

from analysis.contract import checks
from analysis.contract.base import Field, Link, Table, TableCheck
from analysis.contract.fields import (
    AS_OF,
    AS_OF_PRECISION,
    CURRENCY,
    DATE_INFERRED,
    FLOW,
    ISO3,
    METRIC,
    NOTE,
    PARTNER,
    PERIOD_RE,
    PUBLISHED,
    PUBLISHED_RE,
    QUALIFIER,
    RELIABILITY,
    REPORTER,
    SOURCE_ID,
    SOURCE_ID_RE,
    UNIT,
    VALUATION,
    VALUE,
    YEAR,
)
from analysis.contract.sourced import CPI, GACC, WDI

TRADE = Table(
    "trade.csv",
    "China-Belarus goods trade, one row per published value",
    "Tidy long table. 1992-2020: IMF Direction of Trade Statistics, both reporters' own statistics, "
    "exports FOB and imports CIF as published (US$ millions, stored as whole dollars). After 2020: full-year and "
    "part-year official "
    "statements, each reporter side separately. Totals are stored only where a source published only a total; "
    "otherwise they are derived in code. A year nobody published is absent.",
    (
        YEAR,
        REPORTER,
        PARTNER,
        FLOW,
        Field(
            "value",
            "number",
            "Value in units of `currency` (whole units, not millions), current prices, as published.",
            expected="a positive number in whole units of the row's currency (US dollars, not millions); a year "
            "nobody published is left out, not 0",
            unit="currency",
            exclusive_minimum=0,
        ),
        CURRENCY,
        VALUATION,
        Field(
            "period",
            "string",
            "'annual', or the months covered for a part-year value (e.g. 'Jan-Nov'); part-year values "
            "never enter an annual series.",
            expected="'annual' or a named part of a year such as 'Jan-Nov'",
            pattern=PERIOD_RE,
        ),
        QUALIFIER,
        SOURCE_ID,
    ),
    unique_key=("year", "reporter", "partner", "flow", "period", "currency", "source_id"),
)

OBSERVATION_FIELDS = (AS_OF, AS_OF_PRECISION, DATE_INFERRED, METRIC, VALUE, UNIT, QUALIFIER, SOURCE_ID, NOTE)
OBSERVATION_KEY = ("as_of", "metric", "value", "unit", "source_id")
AS_OF_MATCHES = TableCheck(
    "precision_matches_date",
    ("as_of_precision", "as_of"),
    "as_of_precision must match the length of as_of (YYYY=year, YYYY-MM=month, YYYY-MM-DD=day)",
    checks.precision_matches("as_of", "as_of_precision"),
)

PARK = Table(
    "park.csv",
    "China-Belarus Industrial Park 'Great Stone': dated, sourced observations",
    "Residents, countries, declared and invested capital, area, jobs and growth multiples, as "
    "stated by officials, state media and the park. Conflicting statements are all kept.",
    OBSERVATION_FIELDS,
    unique_key=OBSERVATION_KEY,
    checks=(AS_OF_MATCHES,),
)

EXCHANGES = (
    Table(
        "exchanges.csv",
        "People-to-people figures: students, Confucius Institutes, visits, vaccines, rail freight",
        "Dated, sourced observations in the same layout as park.csv. Only figures with a source.",
        OBSERVATION_FIELDS,
        unique_key=OBSERVATION_KEY,
        checks=(AS_OF_MATCHES,),
    )
    .override("metric", description="What is counted, e.g. chinese_students_in_belarus, confucius_institutes.")
    .override("unit", description="Unit as published (people, institutes, visits, doses, TEU, ...).")
)

EVENTS = Table(
    "events.csv",
    "Milestones of China-Belarus relations",
    "Dated events used to annotate charts; each has a source.",
    (
        AS_OF.override(name="date", description="Date of the event (YYYY, YYYY-MM or YYYY-MM-DD)."),
        AS_OF_PRECISION.override(
            name="date_precision",
            description="year, month or day: how precise the date is.",
            expected="one of {enum}, matching date",
        ),
        Field(
            "label",
            "string",
            "Short label drawn on charts.",
            expected="a short label for a chart (1-{max_length} characters)",
            max_length=60,
        ),
        Field("description", "string", "What happened.", expected="what happened (not empty)"),
        Field(
            "category",
            "string",
            "diplomacy, visit, agreement, park or other.",
            enum=("diplomacy", "visit", "agreement", "park", "other"),
        ),
        SOURCE_ID,
    ),
    unique_key=("date", "label"),
    checks=(
        TableCheck(
            "precision_matches_date",
            ("date_precision", "date"),
            "date_precision must match the length of date (YYYY=year, YYYY-MM=month, YYYY-MM-DD=day)",
            checks.precision_matches("date", "date_precision"),
        ),
    ),
)

SOURCES = Table(
    "sources.csv",
    "Sources of every figure in data/",
    "One row per cited source (a URL and the verbatim quote that carries the figure).",
    (
        SOURCE_ID.override(
            description="Identifier used by the other tables.",
            expected="a unique source id (lower-case letters, digits, '-')",
            unique=True,
            references=None,
        ),
        Field("publisher", "string", "Publisher or outlet.", expected="the publisher or outlet (not empty)"),
        Field(
            "title",
            "string",
            "Title where recorded (empty where the research file did not record it).",
            expected="any text (may be empty)",
            required=False,
        ),
        Field(
            "url",
            "string",
            "URL, or empty where none is known (the seed article).",
            expected="an http(s) URL, or empty when none is known",
            pattern=r"^https?://\S+$",
            required=False,
        ),
        PUBLISHED,
        Field(
            "accessed",
            "string",
            "Date the material was retrieved, where recorded.",
            expected="a date YYYY-MM-DD, or empty",
            pattern=r"^\d{4}-\d{2}-\d{2}$",
            required=False,
        ),
        Field(
            "quote",
            "string",
            "Short verbatim quote carrying the figure (original language).",
            expected="a short verbatim quote (not empty)",
        ),
        Field(
            "reliability",
            "string",
            "Rough triage: high (primary/official, explicit attribution), medium (state media, "
            "reprints), low (aggregators, mirrors, inferred years).",
            enum=RELIABILITY,
        ),
        NOTE.override(description="Context: date caveats, what the figure covers."),
    ),
)

COUNTRIES = Table(
    "countries.csv",
    "Countries and historical units known to the package",
    "ISO 3166 alpha-3 codes with the IMF DOTS names; historical (dissolved) units keep their own codes.",
    (
        ISO3.override(description="ISO 3166 alpha-3 code (BLX: Belgium-Luxembourg, UN Comtrade's code).", unique=True),
        Field("name", "string", "IMF DOTS name.", expected="a name (not empty)"),
        Field(
            "entity_type",
            "string",
            "economy, historical (dissolved) or composite.",
            enum=("economy", "historical", "composite"),
        ),
        SOURCE_ID,
        NOTE.override(description="Mapping notes."),
    ),
)

CLAIM_METRICS = (
    "trade_total",
    "trade_export",
    "trade_import",
    "trade_multiple",
    "trade_growth_index",
    "trade_growth_pct",
    "years_of_relations",
    "visit_ordinal",
    "park_residents",
    "park_profit_growth",
    "park_investment",
    "students",
    "confucius_institutes",
    "confucius_classrooms",
    "event_years",
    "supplies_tons",
    "vaccine_batches",
    "contest_edition",
    "trade_export_multiple",
    "trade_import_multiple",
    "trade_export_growth_index",
    "trade_import_growth_index",
    "trade_export_growth_pct",
    "trade_import_growth_pct",
)
CLAIM_CHECKS = ("level", "multiple", "growth_index", "growth_pct", "years_since", "bracket", "observation")
YEARS_RE = r"^\d{4}(\|\d{4})*$"

CLAIMS = Table(
    "claims.csv",
    "Fact-check ledger: numeric claims of the seed article and of officials",
    "One row per numeric claim, verbatim, with its source and what it asserts in structured "
    "form; analysis.claims.check_claims() evaluates each against the bundled data.",
    (
        Field(
            "claim_id",
            "string",
            "Identifier of the claim.",
            expected="a unique claim id (lower-case letters, digits, '-')",
            pattern=SOURCE_ID_RE,
            unique=True,
        ),
        Field(
            "claim",
            "string",
            "The claim's words, verbatim and short (original language).",
            expected="the claim's words, verbatim (not empty)",
        ),
        Field(
            "figure",
            "string",
            "The words of the claim that state the tested figure, verbatim (a part of `claim`).",
            expected="the part of the claim that states the figure, verbatim (not empty)",
        ),
        Field("speaker", "string", "Who made the claim.", expected="who said it (not empty)"),
        REPORTER.override(
            name="speaker_country",
            description="Country of the speaker or outlet (ISO3), whose side a claim that names no statistics is "
            "shown against first; empty when neither is of a country of the pair.",
            expected="an ISO 3166 alpha-3 code in capitals (the speaker's or outlet's country), or empty",
            required=False,
        ),
        Field("outlet", "string", "Where it was published.", expected="where it was published (not empty)"),
        PUBLISHED.override(
            description="Publication date ('~' first when inferred; 'unknown' when not shown).",
            expected="a date YYYY[-MM[-DD]], '~' first when inferred, or the word 'unknown' when the date is not "
            "shown (not empty)",
            pattern=rf"^({PUBLISHED_RE.removeprefix('^').removesuffix('$')}|unknown)$",
            required=True,
        ),
        SOURCE_ID,
        METRIC.override(
            description="What the claim asserts (trade_total, trade_multiple, park_residents, students, ...).",
            expected=None,
            pattern=None,
            enum=CLAIM_METRICS,
        ),
        VALUE.override(
            description="The claimed number, in `unit` (US$ for money, x for multiples, % for growth).",
            expected="a positive number (> {exclusive_minimum}) in the claim's unit: a claim states a figure",
            minimum=None,
            exclusive_minimum=0,
        ),
        UNIT.override(description="Unit of the claimed number."),
        QUALIFIER.override(description="The claim's hedge: exact, about, over or nearly."),
        Field(
            "year_start",
            "string",
            "First year of a growth claim (empty for levels).",
            expected="a year YYYY, or empty",
            pattern=YEARS_RE,
            required=False,
        ),
        Field(
            "year_end",
            "string",
            "Year of a level, or last year of a growth claim; '|' separates candidate years.",
            expected="a year YYYY, several candidate years joined by '|', or empty",
            pattern=YEARS_RE,
            required=False,
        ),
        AS_OF.override(
            description="Date an observation claim refers to (YYYY, YYYY-MM or YYYY-MM-DD), else empty.",
            expected="a date YYYY, YYYY-MM or YYYY-MM-DD, or empty",
            required=False,
        ),
        REPORTER.override(
            description="Whose statistics the claim says it uses (ISO3), empty when it does not say.",
            expected="an ISO 3166 alpha-3 code in capitals (whose statistics the claim uses), or empty when it "
            "does not say",
            required=False,
        ),
        Field(
            "check",
            "string",
            "How it is checked: level, multiple, growth_index, growth_pct, years_since, bracket or "
            "observation (see analysis.claims).",
            enum=CLAIM_CHECKS,
        ),
        METRIC.override(
            name="data_metric",
            description="For observation/bracket checks: the metric in park.csv or exchanges.csv.",
            expected="a park/exchanges metric name in lower_snake_case, or empty",
            required=False,
        ),
        NOTE.override(description="Context and the reading used."),
    ),
)

CLAIMS_OUT_OF_SCOPE = Table(
    "claims_out_of_scope.csv",
    "Numeric statements the fact check leaves out, with the reason",
    "Every figure of the sourced trade statements that is not a row of claims.csv: its statement's "
    "quote, the words that state the figure, and why it is not checked (a part-year figure, a forecast).",
    (
        SOURCE_ID,
        Field(
            "quote",
            "string",
            "The statement's words, verbatim (original language).",
            expected="the statement's words, verbatim (not empty)",
        ),
        Field(
            "figure",
            "string",
            "The words of the quote that state the figure left out, verbatim.",
            expected="the part of the quote that states the figure, verbatim (not empty)",
        ),
        Field(
            "reason",
            "string",
            "Why the figure is not checked.",
            expected="why the figure is not checked (not empty)",
        ),
    ),
)

# --- IMF Direction of Trade Statistics: the full reporter x partner matrix ---------------------------------------

DOTS_FLOWS = ("export", "import")
DOTS_VALUATIONS = ("FOB", "CIF")
DOTS_VALUATION_OF_FLOW = {"export": "FOB", "import": "CIF"}
ENTITY_TYPES = ("economy", "historical", "composite", "residual", "aggregate")
IMF = Link(
    "IMF data: reusable under the IMF copyright and usage terms with attribution "
    "'Source: IMF, Direction of Trade Statistics'",
    "https://www.imf.org/external/terms.htm",
)


def _side(side: str, iso3_nulls: str, name_means: str, aggregate_means: str) -> tuple[Field, ...]:
    """The four columns that describe the reporter or the partner of a DOTS row."""
    return (
        Field(
            f"{side}_name",
            "string",
            f"IMF name of the {name_means}.",
            expected=f"the IMF name of the {side} (not empty)",
        ),
        ISO3.override(
            name=f"{side}_iso3",
            description=f"ISO 3166 alpha-3 of the {side}; null for {iso3_nulls}",
            expected="an ISO 3166 alpha-3 code in capitals, or null",
            required=False,
            references=("countries.csv", "iso3"),
        ),
        Field(
            f"{side}_is_aggregate",
            "boolean",
            f"true when the {aggregate_means} (World, regions, groups).",
            expected="true or false",
        ),
        Field(
            f"{side}_entity_type",
            "string",
            "economy, historical (dissolved), composite, residual or aggregate.",
            enum=ENTITY_TYPES,
        ),
    )


DOTS = Table(
    "dots.parquet",
    "IMF Direction of Trade Statistics: every reporter x partner, 1960-2020 (US$ millions)",
    "The full IMF DOTS matrix, annual goods trade in long form: every reporter's exports FOB to "
    "and imports CIF from every partner, one row per reporter, partner, flow and year (2,581,017 rows, 234 "
    "reporters, 242 partners, 1960-2020). Values are US dollars, millions, current prices, as stored in the "
    "IMF workbooks (vintage: early 2022; the IMF revises DOTS). Partners include World, regional and group "
    "aggregates (is_aggregate), residual 'not specified' rows, dissolved economies (historical: USSR=SUN, "
    "Yugoslavia=YUG, Czechoslovakia=CSK, ...) and composites (Belgium-Luxembourg, whose ISO3 is null here; "
    "the loader assigns UN Comtrade's code BLX). Never add aggregate rows to country rows. IMF 'e' estimates "
    "are kept and flagged (is_estimate). A blank IMF cell has no row: missing is not zero. Text columns are "
    "parquet dictionary columns. Source: IMF, Direction of Trade Statistics.",
    (
        *_side(
            "reporter",
            "aggregates, SACCA, Belgium-Luxembourg (BLX assigned on loading) and Yemen Arab Rep.",
            "reporter: whose statistics these are (e.g. 'Belarus, Rep. of')",
            "reporter is a sum of others",
        ),
        *_side(
            "partner",
            "aggregates, residual rows, Belgium-Luxembourg (BLX assigned on loading), Yemen Arab Rep. and "
            "Malaysia, West.",
            "partner row (country, aggregate or 'not specified' residual)",
            "partner row is a sum of other rows",
        ),
        FLOW.override(description="export or import, from the reporter's point of view.", enum=DOTS_FLOWS),
        VALUATION.override(
            description="FOB for exports, CIF for imports (the IMF sheets' valuation).", enum=DOTS_VALUATIONS
        ),
        YEAR.override(description="Calendar year (int16).", dtype="int16"),
        Field(
            "value_usd_millions",
            "number",
            "Value in US dollars, MILLIONS, current prices, exactly as stored in the IMF "
            "workbook. Negative only for 13 cells of aggregate reporters (World / Advanced Economies vs Malaysia, "
            "1960-1963).",
            expected="a finite number of US$ millions",
            unit="USD millions",
        ),
        Field(
            "is_estimate",
            "boolean",
            "true for IMF estimates (cells printed with the suffix ' e'); all zeros are estimates.",
            expected="true or false",
        ),
        Field(
            "workbook",
            "string",
            "IMF workbook the value was read from, e.g. DOTS_18.xlsx (Belarus).",
            expected="the source workbook's file name (not empty)",
        ),
        Field(
            "sheet_row",
            "integer",
            "Excel row number of the value in its sheet (int16), for tracing it back to its cell.",
            expected="the Excel row number ({minimum} or more)",
            minimum=1,
            dtype="int16",
        ),
    ),
    unique_key=("reporter_name", "partner_name", "flow", "year"),
    checks=(
        TableCheck(
            "valuation_matches_flow",
            ("flow", "valuation"),
            "valuation FOB for exports and CIF for imports",
            checks.valuation_matches_flow(DOTS_VALUATION_OF_FLOW),
        ),
        *(
            TableCheck(
                f"{side}_flag_matches_type",
                (f"{side}_is_aggregate", f"{side}_entity_type"),
                f"{side}_is_aggregate true exactly when {side}_entity_type is aggregate",
                checks.flag_matches_type(side),
            )
            for side in ("reporter", "partner")
        ),
        *(
            TableCheck(
                f"{side}_groups_have_no_iso3",
                (f"{side}_iso3", f"{side}_entity_type"),
                f"no {side}_iso3 for an aggregate or residual {side}",
                checks.groups_have_no_iso3(side),
            )
            for side in ("reporter", "partner")
        ),
        TableCheck(
            "value_not_negative",
            ("reporter_is_aggregate", "value_usd_millions"),
            "a value >= 0 (negative values are accepted only from aggregate reporters)",
            checks.value_not_negative,
        ),
        TableCheck(
            "one_entity_per_name",
            checks.ENTITY_COLUMNS,
            "one iso3, is_aggregate and entity_type per name (as reporter and as partner) and one name per iso3",
            checks.one_entity_per_name,
        ),
    ),
    sources=(
        Link(
            "Source: IMF, Direction of Trade Statistics (Exports, FOB to / Imports, CIF from Partner "
            "Countries, US Dollars, Millions)",
            "https://data.imf.org",
        ),
        Link(
            "IMF DOTS reporter workbooks as downloaded by Sam LeBlanc, Direction-of-Trade-Map, "
            "commit a0b40afbac7cefc59a4b35c1ebe541ac546aafad (data/DOTS/DOTS_1.xlsx ... DOTS_235.xlsx)",
            "https://github.com/SamLeBlanc/Direction-of-Trade-Map/tree/"
            "a0b40afbac7cefc59a4b35c1ebe541ac546aafad/data/DOTS",
        ),
    ),
    licenses=(IMF,),
)

TABLES: dict[str, Table] = {
    t.file: t
    for t in (TRADE, PARK, EXCHANGES, EVENTS, SOURCES, COUNTRIES, CLAIMS, CLAIMS_OUT_OF_SCOPE, DOTS, GACC, WDI, CPI)
}
