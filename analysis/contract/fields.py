"""The vocabularies and the fields that several tables share, each declared once.

A table uses a shared field as it is or overrides what differs (``FIELD.override(...)``), e.g.
``claims.csv`` takes ``VALUE`` with ``exclusive_minimum=0``.
"""

from __future__ import annotations

import datetime as _dt

from analysis.contract.base import THIS_YEAR, Field

QUALIFIERS = ("exact", "about", "over", "nearly")
FLOWS = ("export", "import", "total", "re-export", "re-import", "domestic-export", "foreign-import")
VALUATIONS = ("FOB", "CIF", "unknown")
# ISO 4217 codes of the currencies trade values are published in (a value is stored in its own currency;
# conversion is a computation with a sourced rate, never a stored figure)
CURRENCIES = ("USD", "CNY", "BYN", "RUB", "EUR")
RELIABILITY = ("high", "medium", "low")
PRECISIONS = ("year", "month", "day")
MIN_YEAR = 1900
MAX_YEAR = _dt.date.today().year  # a value for a year that has not happened is not data (THIS_YEAR)

MONTH_NAMES = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
PERIOD_RE = rf"^(annual|({MONTH_NAMES})(-({MONTH_NAMES}))?)$"
ISO3_RE = r"^[A-Z]{3}$"
SOURCE_ID_RE = r"^[a-z0-9][a-z0-9-]*$"
PARTIAL_DATE_RE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
METRIC_RE = r"^[a-z][a-z0-9_]*$"
PUBLISHED_RE = r"^~?\d{4}(-\d{2}(-\d{2})?)?$"

YEAR = Field(
    "year",
    "integer",
    "Calendar year the value refers to (1900 to the current year; never a future year).",
    expected="a whole year between {minimum} and {maximum}",
    minimum=MIN_YEAR,
    maximum=THIS_YEAR,
)
ISO3 = Field(
    "iso3",
    "string",
    "ISO 3166 alpha-3 code.",
    expected="an ISO 3166 alpha-3 code in capitals",
    pattern=ISO3_RE,
)
REPORTER = ISO3.override(
    name="reporter",
    description="ISO3 of the country whose statistics these are.",
    expected="an ISO 3166 alpha-3 code of a known country (see countries.csv), e.g. CHN",
)
PARTNER = ISO3.override(
    name="partner",
    description="ISO3 of the partner country.",
    expected="an ISO 3166 alpha-3 code of a known country (see countries.csv), e.g. BLR",
)
FLOW = Field(
    "flow",
    "string",
    "export or import from the reporter's point of view; total only where only a total was published.",
    enum=FLOWS,
)
VALUATION = Field(
    "valuation", "string", "FOB (exports), CIF (imports) or unknown (statements that do not say).", enum=VALUATIONS
)
CURRENCY = Field(
    "currency",
    "string",
    "ISO 4217 code of the currency the value is published in (USD for IMF DOTS and most statements, CNY for "
    "China customs' RMB tables); values are never stored converted.",
    expected="an ISO 4217 currency code the package knows: {enum}",
    enum=CURRENCIES,
)
QUALIFIER = Field(
    "qualifier",
    "string",
    "The source's hedge: exact, about, over (a lower bound) or nearly (an upper bound).",
    enum=QUALIFIERS,
)
SOURCE_ID = Field(
    "source_id",
    "string",
    "Key into sources.csv.",
    expected="a source id (lower-case letters, digits, '-') listed in sources.csv",
    pattern=SOURCE_ID_RE,
    references=("sources.csv", "source_id"),
)
NOTE = Field("note", "string", "Context: what is counted, caveats.", expected="any text (may be empty)", required=False)
PUBLISHED = Field(
    "published",
    "string",
    "Publication date; '~' first when inferred from content; empty when unknown.",
    expected="a date YYYY[-MM[-DD]], '~' first when inferred, or empty when unknown",
    pattern=PUBLISHED_RE,
    required=False,
)

# --- dated observations (park.csv, exchanges.csv; claims.csv uses some) ------------------------------------------

AS_OF = Field(
    "as_of",
    "string",
    "Date the value refers to (YYYY, YYYY-MM or YYYY-MM-DD).",
    expected="a date YYYY, YYYY-MM or YYYY-MM-DD",
    pattern=PARTIAL_DATE_RE,
)
AS_OF_PRECISION = Field(
    "as_of_precision",
    "string",
    "year, month or day: how precise as_of is.",
    expected="one of {enum}, matching as_of",
    enum=PRECISIONS,
)
DATE_INFERRED = Field(
    "date_inferred",
    "boolean",
    "true where the date was inferred from the article's content, not printed.",
    expected="true or false",
)
METRIC = Field(
    "metric",
    "string",
    "What is measured, e.g. residents_count, declared_investment_usd.",
    expected="a metric name in lower_snake_case",
    pattern=METRIC_RE,
)
VALUE = Field(
    "value",
    "number",
    "The number as published, in `unit`.",
    expected="a number >= {minimum}",
    minimum=0,
)
UNIT = Field(
    "unit",
    "string",
    "Unit as published (companies, USD, km2, 'x vs 2022', ...).",
    expected="a unit (not empty)",
)
