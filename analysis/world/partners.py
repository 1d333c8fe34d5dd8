"""A partner in each reporter's own statistics: shares and ranks of its trade, and trade intensity.

Functions on the whole IMF DOTS matrix (``analysis.world``); every reporter, partner and year at once
with group-wise pandas operations, values in US$ millions as published by the IMF. A reporter's
exports (FOB) and imports (CIF) are its own statistics, so shares and ranks are that reporter's view.
Aggregates are used only as the totals they are (a reporter's trade with "World" is its total); residual
rows are part of that total but never get a rank. IMF "e" estimates are kept and flagged
(``is_estimate``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.dots import WORLD
from analysis.errors import ArgumentError
from analysis.world.entities import (
    COUNTRY_TYPES,
    RESIDUAL,
    as_str_category,
    names_to,
    resolve_entity,
    rows_where,
)

__all__ = ["partner_ranks", "partner_shares", "trade_intensity"]

_PARTNER_COLUMNS = [
    "reporter_name",
    "reporter_iso3",
    "year",
    "partner_name",
    "partner_iso3",
    "partner_entity_type",
    "exports_usd_millions",
    "imports_usd_millions",
    "trade_usd_millions",
    "reporter_trade_usd_millions",
    "share",
    "rank",
    "n_ranked",
    "both_flows",
    "is_estimate",
]


# --- partner shares and ranks -------------------------------------------------------------------------------


def partner_ranks(dots: pd.DataFrame) -> pd.DataFrame:
    """Every reporter's partners ranked by trade, for every year, from the reporter's own statistics.

    One row per non-aggregate reporter, year and partner (countries and residual rows; aggregates are not
    partners). Columns, values in US$ millions:

    - ``exports_usd_millions`` / ``imports_usd_millions``: the reporter's exports FOB to / imports CIF from
      the partner (NaN where the reporter published no value for that flow);
    - ``trade_usd_millions``: exports + imports, over the flows published;
    - ``reporter_trade_usd_millions``: the reporter's exports + imports with "World" (its total trade);
    - ``share``: trade / reporter trade, a fraction (0.072 = 7.2%);
    - ``rank``: 1 = largest partner that year; ties share the lower rank ("min" method). Only countries
      (economy, historical, composite) with trade > 0 are ranked; residual "not specified" rows and
      partners with zero trade get <NA>;
    - ``n_ranked``: how many partners are ranked for that reporter and year ("rank 3 of 187");
    - ``both_flows``: whether the reporter published both its World exports and imports that year (in the
      104 reporter-years where only one flow exists, all but 7 before 1980, shares refer to that flow alone);
    - ``is_estimate``: a value used in the row is an IMF "e" estimate.

    Rows are sorted by reporter, year and rank (unranked last).
    """
    keys = ["reporter_name", "year"]
    reporters = ~dots["reporter_is_aggregate"].to_numpy()
    exports = rows_where(dots, "flow", "export")
    cols = ["reporter_name", "partner_name", "year", "value_usd_millions", "is_estimate"]

    world_mask = reporters & rows_where(dots, "partner_name", WORLD)
    world = dots.loc[world_mask, cols].assign(_export=exports[world_mask])
    totals = (
        world.groupby(keys, observed=True, sort=False)
        .agg(
            _nx=("_export", "sum"),
            _n=("_export", "size"),
            reporter_trade_usd_millions=("value_usd_millions", "sum"),
            _west=("is_estimate", "any"),
        )
        .assign(both_flows=lambda d: (d["_nx"] > 0) & (d["_nx"] < d["_n"]))
        .drop(columns=["_nx", "_n"])
        .reset_index()
    )

    partner_mask = reporters & ~dots["partner_is_aggregate"].to_numpy()
    part = dots.loc[partner_mask, cols]
    is_export = exports[partner_mask]
    part = part.assign(
        exports_usd_millions=part["value_usd_millions"].where(is_export),
        imports_usd_millions=part["value_usd_millions"].where(~is_export),
    )
    pair = (
        part.groupby([*keys, "partner_name"], observed=True, sort=False)
        .agg(
            exports_usd_millions=("exports_usd_millions", "sum"),
            imports_usd_millions=("imports_usd_millions", "sum"),
            _nx=("exports_usd_millions", "count"),
            _nm=("imports_usd_millions", "count"),
            trade_usd_millions=("value_usd_millions", "sum"),
            is_estimate=("is_estimate", "any"),
        )
        .reset_index()
    )
    pair = pair.assign(
        exports_usd_millions=pair["exports_usd_millions"].where(pair["_nx"] > 0),
        imports_usd_millions=pair["imports_usd_millions"].where(pair["_nm"] > 0),
    ).drop(columns=["_nx", "_nm"])

    out = pair.merge(totals, on=keys, how="left", validate="many_to_one")
    types = out["partner_name"].map(names_to(dots, "partner", "entity_type")).astype("str")
    rankable = (types != RESIDUAL).to_numpy() & (out["trade_usd_millions"] > 0).to_numpy()
    ranked = out.loc[rankable]
    rank = ranked.groupby(keys, observed=True, sort=False)["trade_usd_millions"].rank(method="min", ascending=False)
    out = out.assign(
        reporter_iso3=as_str_category(out["reporter_name"].map(names_to(dots, "reporter", "iso3"))),
        partner_iso3=as_str_category(out["partner_name"].map(names_to(dots, "partner", "iso3"))),
        partner_entity_type=as_str_category(types),
        share=out["trade_usd_millions"] / out["reporter_trade_usd_millions"],
        rank=rank.reindex(out.index).astype("Int64"),
        n_ranked=pd.Series(rankable, index=out.index).groupby([out[k] for k in keys], observed=True).transform("sum"),
        is_estimate=out["is_estimate"] | out["_west"].fillna(False).astype(bool),
        both_flows=out["both_flows"].fillna(False).astype(bool),
    )
    out = out.assign(n_ranked=out["n_ranked"].astype("int64"))
    out = out.sort_values(["reporter_name", "year", "rank", "partner_name"], na_position="last", kind="stable")
    return out[_PARTNER_COLUMNS].reset_index(drop=True)


def partner_shares(dots: pd.DataFrame, reporter: str) -> pd.DataFrame:
    """Each partner's share of ``reporter``'s total trade and its rank, every year, in the reporter's statistics.

    ``reporter`` is an ISO3 code or IMF name of a country that publishes statistics. Share = (exports FOB to
    + imports CIF from the partner) / (exports + imports with World), both from the reporter's own
    statistics, so shares and ranks are the reporter's view: Belarus's figures for China differ from China's
    figures for Belarus. Columns and rules as in ``partner_ranks`` (rank 1 = largest; residual rows and
    aggregates never rank).

    Example: ``partner_shares(load_dots(), "BLR").query("year == 2020 and partner_iso3 == 'CHN'")`` gives
    rank 3 of 187 (``n_ranked``) and share 0.0720: China is Belarus's third partner in Belarus's figures.
    """
    entity = resolve_entity(dots, reporter, what="reporter", role="reporter", types=COUNTRY_TYPES)
    return partner_ranks(dots.loc[rows_where(dots, "reporter_name", entity.name)])


# --- trade intensity ----------------------------------------------------------------------------------------


def trade_intensity(dots: pd.DataFrame, reporter: str, partner: str) -> pd.DataFrame:
    """The trade intensity index of ``reporter``'s exports to ``partner``, every year with data.

    TII = (x_ij / X_i) / (x_wj / X_w), as defined by the World Bank's WITS ("Trade Indicators",
    https://wits.worldbank.org/wits/wits/witshelp/content/data_retrieval/p/intro/C2.Trade_Indicators.htm):
    x_ij is i's exports to j, X_i i's total exports, x_wj world exports to j and X_w total world exports.
    TII > 1 means i exports more to j than j's share of world imports would suggest.

    Which figures (all exports FOB, US$ millions, one year at a time):

    - x_ij: ``reporter``'s exports to ``partner`` in the reporter's own statistics;
    - X_i: ``reporter``'s exports to "World" (its own total);
    - x_wj: the sum of the exports to ``partner`` reported by every non-aggregate reporter (economy,
      historical and composite workbooks, ``reporter`` included), i.e. exporter-side statistics;
    - X_w: the sum of the "World" export rows of the same reporters.

    The IMF's own aggregate reporters ("World", "Advanced Economies", ...) are not used, so that world
    totals are built from the same exporter-reported figures as x_ij. IMF "e" estimates are included in the
    world totals (they fill in non-reporting exporters) and flagged in ``is_estimate`` when x_ij or X_i is
    one. Known overlaps: the "Netherlands Antilles" workbook runs to 2020 beside Curaçao and Sint Maarten
    (2010-2020), a small double count in the world totals of those years. Years where the reporter
    published no exports to the partner are absent (missing is not zero).

    Columns: year, reporter/partner names and ISO3, ``exports_usd_millions`` (x_ij),
    ``reporter_exports_usd_millions`` (X_i), ``world_exports_to_partner_usd_millions`` (x_wj),
    ``world_exports_usd_millions`` (X_w), ``n_world_reporters`` (reporters summed in X_w), ``intensity``
    and ``is_estimate``.
    """
    i = resolve_entity(dots, reporter, what="reporter", role="reporter", types=COUNTRY_TYPES)
    j = resolve_entity(dots, partner, what="partner", role="partner", types=COUNTRY_TYPES)
    if i.name == j.name:
        raise ArgumentError(f"reporter and partner are both {i.label}; a country does not trade with itself")
    mask = ~dots["reporter_is_aggregate"].to_numpy() & rows_where(dots, "flow", "export")
    to_world = mask & rows_where(dots, "partner_name", WORLD)
    to_j = mask & rows_where(dots, "partner_name", j.name)
    from_i = rows_where(dots, "reporter_name", i.name)
    cols = ["year", "value_usd_millions", "is_estimate"]

    def by_year(rows: np.ndarray, name: str) -> pd.DataFrame:
        return dots.loc[rows, cols].rename(columns={"value_usd_millions": name, "is_estimate": f"{name}_e"})

    world = (
        dots.loc[to_world, cols]
        .groupby("year")
        .agg(world_exports_usd_millions=("value_usd_millions", "sum"), n_world_reporters=("value_usd_millions", "size"))
        .reset_index()
    )
    world_j = (
        dots.loc[to_j, cols]
        .groupby("year")
        .agg(world_exports_to_partner_usd_millions=("value_usd_millions", "sum"))
        .reset_index()
    )
    out = (
        by_year(to_j & from_i, "exports_usd_millions")
        .merge(by_year(to_world & from_i, "reporter_exports_usd_millions"), on="year", validate="one_to_one")
        .merge(world_j, on="year", validate="one_to_one")
        .merge(world, on="year", validate="one_to_one")
    )
    out = out.assign(
        reporter_name=i.name,
        reporter_iso3=i.iso3,
        partner_name=j.name,
        partner_iso3=j.iso3,
        intensity=(out["exports_usd_millions"] / out["reporter_exports_usd_millions"])
        / (out["world_exports_to_partner_usd_millions"] / out["world_exports_usd_millions"]),
        is_estimate=out["exports_usd_millions_e"] | out["reporter_exports_usd_millions_e"],
        year=out["year"].astype("int64"),
    )
    columns = [
        "year",
        "reporter_name",
        "reporter_iso3",
        "partner_name",
        "partner_iso3",
        "exports_usd_millions",
        "reporter_exports_usd_millions",
        "world_exports_to_partner_usd_millions",
        "world_exports_usd_millions",
        "n_world_reporters",
        "intensity",
        "is_estimate",
    ]
    return out.sort_values("year")[columns].reset_index(drop=True)
