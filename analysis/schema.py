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

import numpy as np
import pandas as pd
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


# --- IMF Direction of Trade Statistics: the full reporter x partner matrix (dots.parquet) ------------------------

DOTS_FLOWS = ["export", "import"]
DOTS_VALUATIONS = ["FOB", "CIF"]
ENTITY_TYPES = ["economy", "historical", "composite", "residual", "aggregate"]
DOTS_VALUATION_OF_FLOW = {"export": "FOB", "import": "CIF"}


class DotsModel(pa.DataFrameModel):
    """``dots.parquet``: IMF DOTS, annual goods trade, every reporter x partner x flow x year (US$ millions).

    Text columns are categorical (parquet dictionary columns); ``year`` and ``sheet_row`` are int16 as stored.
    Entity types: economy (current ISO 3166 entries), historical (dissolved: USSR=SUN, YUG, CSK ... keep their
    own codes), composite (Belgium-Luxembourg, SACCA), residual ("... not specified", "Special Categories") and
    aggregate (World, regions, groups: sums of other rows). Negative values exist only for aggregate reporters
    (13 IMF cells, World / Advanced Economies vs Malaysia 1960-1963) and are kept as stored.

    Every dataframe check below reads only the columns listed for it in ``DOTS_CHECK_COLUMNS`` and is row-wise or
    set-wise over them, so the loader may evaluate it on the distinct combinations of those columns.
    """

    reporter_name: Series[pd.CategoricalDtype] = pa.Field(str_length={"min_value": 1})
    reporter_iso3: Series[pd.CategoricalDtype] = pa.Field(nullable=True, str_matches=ISO3_RE)
    reporter_is_aggregate: Series[bool]
    reporter_entity_type: Series[pd.CategoricalDtype] = pa.Field(isin=ENTITY_TYPES)
    partner_name: Series[pd.CategoricalDtype] = pa.Field(str_length={"min_value": 1})
    partner_iso3: Series[pd.CategoricalDtype] = pa.Field(nullable=True, str_matches=ISO3_RE)
    partner_is_aggregate: Series[bool]
    partner_entity_type: Series[pd.CategoricalDtype] = pa.Field(isin=ENTITY_TYPES)
    flow: Series[pd.CategoricalDtype] = pa.Field(isin=DOTS_FLOWS)
    valuation: Series[pd.CategoricalDtype] = pa.Field(isin=DOTS_VALUATIONS)
    year: Series[pa.Int16] = pa.Field(ge=MIN_YEAR, le=MAX_YEAR)
    value_usd_millions: Series[float]
    is_estimate: Series[bool]
    workbook: Series[pd.CategoricalDtype] = pa.Field(str_length={"min_value": 1})
    sheet_row: Series[pa.Int16] = pa.Field(ge=1)

    class Config:
        strict = True
        ordered = True
        unique = ["reporter_name", "partner_name", "flow", "year"]  # noqa: RUF012

    @pa.check("value_usd_millions", name="finite", error="a finite number")
    @classmethod
    def value_is_finite(cls, series):  # type: ignore[no-untyped-def]
        return pd.Series(~np.isinf(series.to_numpy(dtype="float64")), index=series.index)  # NaN: not_nullable

    @pa.dataframe_check(name="valuation_matches_flow", error="valuation FOB for exports, CIF for imports")
    @classmethod
    def valuation_matches_flow(cls, df):  # type: ignore[no-untyped-def]
        flow = df["flow"].astype("object")
        known = flow.isin(DOTS_FLOWS) & df["valuation"].isin(DOTS_VALUATIONS)
        return ~known | (flow.map(DOTS_VALUATION_OF_FLOW) == df["valuation"].astype("object"))

    @pa.dataframe_check(name="reporter_flag_matches_type", error="reporter_is_aggregate true exactly for aggregates")
    @classmethod
    def reporter_flag_matches_type(cls, df):  # type: ignore[no-untyped-def]
        return df["reporter_is_aggregate"] == (df["reporter_entity_type"] == "aggregate")

    @pa.dataframe_check(name="partner_flag_matches_type", error="partner_is_aggregate true exactly for aggregates")
    @classmethod
    def partner_flag_matches_type(cls, df):  # type: ignore[no-untyped-def]
        return df["partner_is_aggregate"] == (df["partner_entity_type"] == "aggregate")

    @pa.dataframe_check(name="reporter_groups_have_no_iso3", error="no reporter_iso3 for aggregate/residual rows")
    @classmethod
    def reporter_groups_have_no_iso3(cls, df):  # type: ignore[no-untyped-def]
        return df["reporter_iso3"].isna() | ~df["reporter_entity_type"].isin(["aggregate", "residual"])

    @pa.dataframe_check(name="partner_groups_have_no_iso3", error="no partner_iso3 for aggregate/residual rows")
    @classmethod
    def partner_groups_have_no_iso3(cls, df):  # type: ignore[no-untyped-def]
        return df["partner_iso3"].isna() | ~df["partner_entity_type"].isin(["aggregate", "residual"])

    @pa.dataframe_check(name="value_not_negative", error="a value >= 0 (negatives only for aggregate reporters)")
    @classmethod
    def value_not_negative(cls, df):  # type: ignore[no-untyped-def]
        return df["reporter_is_aggregate"] | ~(df["value_usd_millions"] < 0)

    @pa.dataframe_check(name="one_entity_per_name", error="one iso3/entity type per name, one name per iso3")
    @classmethod
    def one_entity_per_name(cls, df):  # type: ignore[no-untyped-def]
        """A name means the same entity as reporter and as partner; an ISO3 code names one entity."""
        cols = ["name", "iso3", "is_aggregate", "entity_type"]
        sides = [
            df[[f"{side}_{c}" for c in cols]].set_axis(cols, axis=1).astype("object").assign(_row=df.index)
            for side in ("reporter", "partner")
        ]
        both = pd.concat(sides, ignore_index=True)
        distinct = both.drop_duplicates(cols)
        attrs = (
            distinct.assign(_iso3=distinct["iso3"].fillna(""))
            .groupby("name")[["_iso3", "is_aggregate", "entity_type"]]
            .nunique()
        )
        bad_names = set(attrs.index[(attrs > 1).any(axis=1)])
        coded = distinct.dropna(subset=["iso3"]).drop_duplicates(["name", "iso3"])
        per_code = coded.groupby("iso3")["name"].nunique()
        bad_codes = set(per_code.index[per_code > 1])
        bad = both["name"].isin(bad_names) | both["iso3"].isin(bad_codes)
        bad_rows = both.loc[bad, "_row"].unique()
        return pd.Series(~df.index.isin(bad_rows), index=df.index)


# The columns each DotsModel dataframe check reads (see the class docstring).
DOTS_CHECK_COLUMNS: dict[str, list[str]] = {
    "valuation_matches_flow": ["flow", "valuation"],
    "reporter_flag_matches_type": ["reporter_is_aggregate", "reporter_entity_type"],
    "partner_flag_matches_type": ["partner_is_aggregate", "partner_entity_type"],
    "reporter_groups_have_no_iso3": ["reporter_iso3", "reporter_entity_type"],
    "partner_groups_have_no_iso3": ["partner_iso3", "partner_entity_type"],
    "value_not_negative": ["reporter_is_aggregate", "value_usd_millions"],
    "one_entity_per_name": [
        *[f"reporter_{c}" for c in ("name", "iso3", "is_aggregate", "entity_type")],
        *[f"partner_{c}" for c in ("name", "iso3", "is_aggregate", "entity_type")],
    ],
}

DOTS_EXPECTED: dict[str, str] = {
    "reporter_name": "the IMF name of the reporter (not empty)",
    "partner_name": "the IMF name of the partner (not empty)",
    "reporter_iso3": "an ISO 3166 alpha-3 code in capitals, or null",
    "partner_iso3": "an ISO 3166 alpha-3 code in capitals, or null",
    "reporter_is_aggregate": "true or false",
    "partner_is_aggregate": "true or false",
    "reporter_entity_type": "one of " + ", ".join(ENTITY_TYPES),
    "partner_entity_type": "one of " + ", ".join(ENTITY_TYPES),
    "flow": "one of " + ", ".join(DOTS_FLOWS),
    "valuation": "one of " + ", ".join(DOTS_VALUATIONS),
    "year": f"a whole year between {MIN_YEAR} and {MAX_YEAR}",
    "value_usd_millions": "a finite number of US$ millions",
    "is_estimate": "true or false",
    "workbook": "the source workbook's file name (not empty)",
    "sheet_row": "the Excel row number (1 or more)",
    "valuation_matches_flow": "valuation FOB for exports and CIF for imports",
    "reporter_flag_matches_type": "reporter_is_aggregate true exactly when reporter_entity_type is aggregate",
    "partner_flag_matches_type": "partner_is_aggregate true exactly when partner_entity_type is aggregate",
    "reporter_groups_have_no_iso3": "no reporter_iso3 for an aggregate or residual reporter",
    "partner_groups_have_no_iso3": "no partner_iso3 for an aggregate or residual partner",
    "value_not_negative": "a value >= 0 (negative values are accepted only from aggregate reporters)",
    "one_entity_per_name": "one iso3, is_aggregate and entity_type per name (as reporter and as partner) "
    "and one name per iso3",
}


CLAIM_METRICS = [
    "trade_total", "trade_export", "trade_import", "trade_multiple", "trade_growth_index", "trade_growth_pct",
    "years_of_relations", "visit_ordinal", "park_residents", "park_profit_growth", "park_investment", "students",
    "confucius_institutes", "confucius_classrooms", "event_years", "supplies_tons", "vaccine_batches",
    "contest_edition",
]
CLAIM_CHECKS = ["level", "multiple", "growth_index", "growth_pct", "years_since", "bracket", "observation"]
YEARS_RE = r"^(\d{4}(\|\d{4})*)?$"


class ClaimsModel(pa.DataFrameModel):
    """``claims.csv``: the fact-check ledger, one row per numeric claim, in structured form."""

    claim_id: Series[str] = pa.Field(str_matches=SOURCE_ID_RE, unique=True)
    claim: Series[str] = pa.Field(str_length={"min_value": 1})
    speaker: Series[str] = pa.Field(str_length={"min_value": 1})
    outlet: Series[str] = pa.Field(str_length={"min_value": 1})
    published: Series[str] = pa.Field(str_matches=r"^(~?\d{4}(-\d{2}(-\d{2})?)?|unknown)$")
    source_id: Series[str] = pa.Field(str_matches=SOURCE_ID_RE)
    metric: Series[str] = pa.Field(isin=CLAIM_METRICS)
    value: Series[float] = pa.Field(gt=0)
    unit: Series[str] = pa.Field(str_length={"min_value": 1})
    qualifier: Series[str] = pa.Field(isin=QUALIFIERS)
    year_start: Series[str] = pa.Field(str_matches=YEARS_RE)
    year_end: Series[str] = pa.Field(str_matches=YEARS_RE)
    as_of: Series[str] = pa.Field(str_matches=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$")
    reporter: Series[str] = pa.Field(str_matches=r"^([A-Z]{3})?$")
    check: Series[str] = pa.Field(isin=CLAIM_CHECKS)
    data_metric: Series[str] = pa.Field(str_matches=r"^([a-z][a-z0-9_]*)?$")
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
    "metric": "a metric name in lower_snake_case (in claims.csv one of: " + ", ".join(CLAIM_METRICS) + ")",
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
    "claim_id": "a unique claim id (lower-case letters, digits, '-')",
    "claim": "the claim's words, verbatim (not empty)",
    "speaker": "who said it (not empty)",
    "outlet": "where it was published (not empty)",
    "year_start": "a year YYYY, or empty",
    "year_end": "a year YYYY, several candidate years joined by '|', or empty",
    "check": "one of " + ", ".join(CLAIM_CHECKS),
    "data_metric": "a park/exchanges metric name, or empty",
}

MODELS = {
    "claims.csv": ClaimsModel,
    "trade.csv": TradeModel,
    "park.csv": ParkModel,
    "sources.csv": SourcesModel,
    "countries.csv": CountriesModel,
    "exchanges.csv": ExchangesModel,
    "events.csv": EventsModel,
}

# Binary (parquet) tables, loaded by ``analysis.dots`` rather than the CSV loader.
PARQUET_MODELS = {"dots.parquet": DotsModel}
