"""The data contracts: one pandera ``DataFrameModel`` per bundled table.

Each model is the single statement of a table's columns, types and allowed values; the loader
(`analysis.load`) reads every column as text, converts the typed ones, and validates here with
``lazy=True`` so that every problem in a file is reported at once. ``EXPECTED`` gives the plain
words used in error messages. A test keeps these models, ``data/datapackage.json`` and the CSV
headers in step.

Imported lazily by the loader (pandera is slow to import and ``import analysis`` must stay fast).
"""

from __future__ import annotations

import datetime as _dt

import pandera.pandas as pa
from pandera.typing import Series

QUALIFIERS = ["exact", "about", "over", "nearly"]
FLOWS = ["export", "import", "total", "re-export", "re-import"]
VALUATIONS = ["FOB", "CIF", "unknown"]
RELIABILITY = ["high", "medium", "low"]
PRECISIONS = ["year", "month", "day"]
MIN_YEAR = 1900
MAX_YEAR = _dt.date.today().year  # a value for a year that has not happened is not data

PERIOD_RE = (
    r"^(annual|(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))?)$"
)
ISO3_RE = r"^[A-Z]{3}$"
SOURCE_ID_RE = r"^[a-z0-9][a-z0-9-]*$"
PARTIAL_DATE_RE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


class TradeModel(pa.DataFrameModel):
    """``trade.csv``: one row per published value of goods trade between two countries."""

    year: Series[int] = pa.Field(ge=MIN_YEAR, le=MAX_YEAR)
    reporter: Series[str] = pa.Field(str_matches=ISO3_RE)
    partner: Series[str] = pa.Field(str_matches=ISO3_RE)
    flow: Series[str] = pa.Field(isin=FLOWS)
    value_usd: Series[float] = pa.Field(gt=0)
    valuation: Series[str] = pa.Field(isin=VALUATIONS)
    period: Series[str] = pa.Field(str_matches=PERIOD_RE)
    qualifier: Series[str] = pa.Field(isin=QUALIFIERS)
    source_id: Series[str] = pa.Field(str_matches=SOURCE_ID_RE)

    class Config:
        strict = True
        ordered = True
        unique = ["year", "reporter", "partner", "flow", "period", "source_id"]  # noqa: RUF012


class ObservationModel(pa.DataFrameModel):
    """Dated, sourced observations of one metric (shared layout of park.csv and exchanges.csv)."""

    as_of: Series[str] = pa.Field(str_matches=PARTIAL_DATE_RE)
    as_of_precision: Series[str] = pa.Field(isin=PRECISIONS)
    date_inferred: Series[bool]
    metric: Series[str] = pa.Field(str_matches=r"^[a-z][a-z0-9_]*$")
    value: Series[float] = pa.Field(ge=0)
    unit: Series[str] = pa.Field(str_length={"min_value": 1})
    qualifier: Series[str] = pa.Field(isin=QUALIFIERS)
    source_id: Series[str] = pa.Field(str_matches=SOURCE_ID_RE)
    note: Series[str]

    class Config:
        strict = True
        ordered = True
        unique = ["as_of", "metric", "value", "unit", "source_id"]  # noqa: RUF012

    @pa.dataframe_check(
        error="as_of_precision must match the length of as_of (YYYY=year, YYYY-MM=month, YYYY-MM-DD=day)"
    )
    @classmethod
    def precision_matches_date(cls, df):  # type: ignore[no-untyped-def]
        implied = df["as_of"].str.len().map({4: "year", 7: "month", 10: "day"})
        return implied == df["as_of_precision"]


class ParkModel(ObservationModel):
    """``park.csv``: dated, sourced observations about the China-Belarus Industrial Park."""


class ExchangesModel(ObservationModel):
    """``exchanges.csv``: people-to-people figures (students, institutes, visits, vaccines, rail)."""


class EventsModel(pa.DataFrameModel):
    """``events.csv``: dated milestones of the relationship, each with a source."""

    date: Series[str] = pa.Field(str_matches=PARTIAL_DATE_RE)
    date_precision: Series[str] = pa.Field(isin=PRECISIONS)
    label: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 60})
    description: Series[str] = pa.Field(str_length={"min_value": 1})
    category: Series[str] = pa.Field(isin=["diplomacy", "visit", "agreement", "park", "other"])
    source_id: Series[str] = pa.Field(str_matches=SOURCE_ID_RE)

    class Config:
        strict = True
        ordered = True
        unique = ["date", "label"]  # noqa: RUF012

    @pa.dataframe_check(error="date_precision must match the length of date (YYYY=year, YYYY-MM=month, YYYY-MM-DD=day)")
    @classmethod
    def precision_matches_date(cls, df):  # type: ignore[no-untyped-def]
        implied = df["date"].str.len().map({4: "year", 7: "month", 10: "day"})
        return implied == df["date_precision"]


class SourcesModel(pa.DataFrameModel):
    """``sources.csv``: every source a figure in ``data/`` cites."""

    source_id: Series[str] = pa.Field(str_matches=SOURCE_ID_RE, unique=True)
    publisher: Series[str] = pa.Field(str_length={"min_value": 1})
    title: Series[str]
    url: Series[str] = pa.Field(str_matches=r"^(https?://\S+)?$")
    published: Series[str] = pa.Field(str_matches=r"^(~?\d{4}(-\d{2}(-\d{2})?)?)?$")
    accessed: Series[str] = pa.Field(str_matches=r"^(\d{4}-\d{2}-\d{2})?$")
    quote: Series[str] = pa.Field(str_length={"min_value": 1})
    reliability: Series[str] = pa.Field(isin=RELIABILITY)
    note: Series[str]

    class Config:
        strict = True
        ordered = True


class CountriesModel(pa.DataFrameModel):
    """``countries.csv``: the ISO3 codes the package knows (economies, historical and composite units)."""

    iso3: Series[str] = pa.Field(str_matches=ISO3_RE, unique=True)
    name: Series[str] = pa.Field(str_length={"min_value": 1})
    entity_type: Series[str] = pa.Field(isin=["economy", "historical", "composite"])
    source_id: Series[str] = pa.Field(str_matches=SOURCE_ID_RE)
    note: Series[str]

    class Config:
        strict = True
        ordered = True


# Plain words for error messages, per column: what a valid value looks like.
EXPECTED: dict[str, str] = {
    "year": f"a whole year between {MIN_YEAR} and {MAX_YEAR}",
    "reporter": "an ISO 3166 alpha-3 code of a known country (see countries.csv), e.g. CHN",
    "partner": "an ISO 3166 alpha-3 code of a known country (see countries.csv), e.g. BLR",
    "flow": "one of " + ", ".join(FLOWS),
    "value_usd": "a positive number of US dollars (not millions); a year nobody published is left out, not 0",
    "valuation": "one of " + ", ".join(VALUATIONS),
    "period": "'annual' or a named part of a year such as 'Jan-Nov'",
    "qualifier": "one of " + ", ".join(QUALIFIERS),
    "source_id": "a source id (lower-case letters, digits, '-') listed in sources.csv",
    "as_of": "a date YYYY, YYYY-MM or YYYY-MM-DD",
    "as_of_precision": "one of " + ", ".join(PRECISIONS) + ", matching as_of",
    "date_inferred": "true or false",
    "metric": "a metric name in lower_snake_case",
    "value": "a number >= 0",
    "unit": "a unit (not empty)",
    "publisher": "the publisher or outlet (not empty)",
    "url": "an http(s) URL, or empty when none is known",
    "published": "a date YYYY[-MM[-DD]], '~' first when inferred, or empty when unknown",
    "accessed": "a date YYYY-MM-DD, or empty",
    "quote": "a short verbatim quote (not empty)",
    "reliability": "one of " + ", ".join(RELIABILITY),
    "iso3": "an ISO 3166 alpha-3 code",
    "name": "a name (not empty)",
    "entity_type": "one of economy, historical, composite",
    "date": "a date YYYY, YYYY-MM or YYYY-MM-DD",
    "date_precision": "one of " + ", ".join(PRECISIONS) + ", matching date",
    "label": "a short label for a chart (1-60 characters)",
    "description": "what happened (not empty)",
    "category": "one of diplomacy, visit, agreement, park, other",
}

MODELS = {
    "trade.csv": TradeModel,
    "park.csv": ParkModel,
    "sources.csv": SourcesModel,
    "countries.csv": CountriesModel,
}
