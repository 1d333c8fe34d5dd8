"""The table-level rules of the contract: each reads a few columns of a frame, True where a row passes.

Every rule here is row-wise or depends only on the set of distinct combinations of the columns it
reads (see ``TableCheck``), so ``analysis.dots`` evaluates the DOTS rules on those combinations.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

PRECISION_OF_LENGTH = {4: "year", 7: "month", 10: "day"}  # YYYY, YYYY-MM, YYYY-MM-DD


def precision_matches(date: str, precision: str) -> Callable[[pd.DataFrame], pd.Series]:
    """Rule: the ``precision`` column names the precision the ``date`` column is written in."""

    def test(df: pd.DataFrame) -> pd.Series:
        return df[date].str.len().map(PRECISION_OF_LENGTH) == df[precision]

    return test


def value_is_finite(series: pd.Series) -> pd.Series:
    """Column rule for every ``number``: no infinities (a NaN is left to the not-null rule)."""
    return pd.Series(~np.isinf(series.to_numpy(dtype="float64")), index=series.index)


def valuation_matches_flow(valuation_of_flow: dict[str, str]) -> Callable[[pd.DataFrame], pd.Series]:
    """Rule: each known flow has its valuation (exports FOB, imports CIF); unknown values are reported elsewhere."""

    def test(df: pd.DataFrame) -> pd.Series:
        flow = df["flow"].astype("object")
        known = flow.isin(list(valuation_of_flow)) & df["valuation"].isin(list(valuation_of_flow.values()))
        return ~known | (flow.map(valuation_of_flow) == df["valuation"].astype("object"))

    return test


def flag_matches_type(side: str) -> Callable[[pd.DataFrame], pd.Series]:
    """Rule: ``<side>_is_aggregate`` is true exactly when ``<side>_entity_type`` is aggregate."""

    def test(df: pd.DataFrame) -> pd.Series:
        return df[f"{side}_is_aggregate"] == (df[f"{side}_entity_type"] == "aggregate")

    return test


def groups_have_no_iso3(side: str) -> Callable[[pd.DataFrame], pd.Series]:
    """Rule: aggregate and residual rows have no ISO3 code on that side."""

    def test(df: pd.DataFrame) -> pd.Series:
        return df[f"{side}_iso3"].isna() | ~df[f"{side}_entity_type"].isin(["aggregate", "residual"])

    return test


def value_not_negative(df: pd.DataFrame) -> pd.Series:
    """Rule: a value is >= 0 unless its reporter is an aggregate (kept as stored)."""
    return df["reporter_is_aggregate"] | ~(df["value_usd_millions"] < 0)


ENTITY_ATTRIBUTES = ("name", "iso3", "is_aggregate", "entity_type")
ENTITY_COLUMNS = tuple(f"{side}_{c}" for side in ("reporter", "partner") for c in ENTITY_ATTRIBUTES)


def one_entity_per_name(df: pd.DataFrame) -> pd.Series:
    """Rule: a name means the same entity as reporter and as partner; an ISO3 code names one entity."""
    cols = list(ENTITY_ATTRIBUTES)
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
