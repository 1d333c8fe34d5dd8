"""Panel measures of product-level trade flows, in pandas: one implementation for pandas and Dask.

Every function takes a tidy **flow panel**, one row per flow and year, with the columns

    year (int), exporter, importer, product (text codes), <value> (a number; name it with ``value=``)

plus ``reporter`` (whose statistics the row is) for ``mirror``. BACI files give ``value_kusd``
(thousands of US dollars), UN Comtrade files ``value_usd``; the measures never mix units: shares,
ratios, indices and growth are unit-free, totals keep the unit of the value column (named
``<value>_...`` in the output). Inputs are never modified; each result is a new frame sorted by its
key columns with a fresh index.

**Why these functions also run on Dask.** Each measure is a chain of *steps* (public functions
below). A step reads only the rows of one key (an exporter and year, an importer and year, a
product and year, or a group of the panel engine) and first sorts them by all key columns, so
every sum is taken over the same rows in the same order wherever those rows sit.
``analysis.scale`` shuffles a Dask frame once on a step's key and applies the same step to each
partition with ``map_partitions``: the results are the pandas results bit for bit (tested with
Hypothesis). RCA's world totals come from a small table (products x years) that the runner
gathers; complementarity joins the exporter and importer steps on (product, year).

Rules shared by all measures (bad arguments raise ``analysis.errors.ArgumentError``):

- Rows are unique per key: the same (exporter, importer, product, year) twice (or, with a
  ``reporter`` column, the same key and reporter twice) is an error, as in the panel engine.
- Growth uses the panel engine (``panel_change`` / ``panel_yoy``) and its gap rules: a missing
  year is missing (NaN with a ``reason``), never zero and never interpolated.
- Shares, concentration, RCA and complementarity add values up, so every value must be a number
  greater than 0 (BACI and Comtrade publish no zero or negative flows; a missing value would be
  read as zero, so it is an error instead). Products must be of one level (all HS6, say): a
  ``TOTAL`` row or chapters next to HS6 codes would count the same trade twice.
- ``reason`` columns are plain text (``""`` where the number is valid), so that tables built
  partition by partition have one dtype.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis import panel_change, panel_yoy
from analysis.errors import ArgumentError

YEAR, EXPORTER, IMPORTER, PRODUCT, REPORTER = "year", "exporter", "importer", "product", "reporter"
FLOW_KEY = (EXPORTER, IMPORTER, PRODUCT)  # one flow; with YEAR, one row of the panel

__all__ = [
    "FLOW_KEY",
    "check_panel",
    "complementarity",
    "complementarity_pairs",
    "comtrade_flows",
    "export_shares",
    "growth",
    "growth_yoy",
    "hhi",
    "import_shares",
    "mirror",
    "own_reports",
    "rca",
    "rca_from_totals",
    "share_overlap",
    "share_pairs",
    "shares",
    "world_product_totals",
    "world_totals",
]


# ---------------------------------------------------------------------------------------------
# checks
# ---------------------------------------------------------------------------------------------


def check_panel(frame: pd.DataFrame, value: str, columns: Sequence[str] = FLOW_KEY, *, positive: bool = True) -> None:
    """Raise ``ArgumentError`` unless ``frame`` is a flow panel with these columns and ``value``.

    ``positive=True`` (measures that add up) also requires every value to be a finite number > 0
    and the products to be of one level.
    """
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    if not isinstance(value, str):
        raise ArgumentError(f"value must be a column name, got {value!r}")
    missing = [c for c in (YEAR, *columns, value) if c not in frame.columns]
    if missing:
        raise ArgumentError(
            f"no column {missing[0]!r} in the frame (a flow panel has year, exporter, importer, product and a "
            f"value column; it has: {', '.join(map(str, frame.columns))})"
        )
    dtype = frame[value].dtype
    if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
        raise ArgumentError(f"value column {value!r} must hold numbers, got dtype {dtype}")
    if not pd.api.types.is_integer_dtype(frame[YEAR].dtype) or pd.api.types.is_bool_dtype(frame[YEAR].dtype):
        raise ArgumentError(f"year column {YEAR!r} must hold integer years, got dtype {frame[YEAR].dtype}")
    if positive and len(frame):
        values = frame[value].to_numpy(dtype="float64", na_value=np.nan)
        bad = ~(np.isfinite(values) & (values > 0))
        if bad.any():
            first = values[bad][0]
            what = "missing (NaN)" if np.isnan(first) else repr(float(first))
            raise ArgumentError(
                f"value column {value!r} has {int(bad.sum())} value(s) that are not a number > 0 (first: {what}); "
                "shares and totals add values up, so a missing value would count as zero: drop or fill it first"
            )
    if positive and PRODUCT in columns and len(frame):
        lengths = frame[PRODUCT].astype("str").str.len()
        if (lengths != lengths.iloc[0]).any() or (frame[PRODUCT] == "TOTAL").any():
            raise ArgumentError(
                "products of different levels (e.g. TOTAL or 2-digit chapters beside 6-digit codes) overlap and "
                f"would be counted twice; keep one level (code lengths found: {sorted(set(lengths.tolist()))})"
            )


def _unique(ordered: pd.DataFrame, keys: list[str]) -> None:
    """Rows sorted by ``keys`` must differ from their neighbour in some key (no duplicates)."""
    if len(ordered) < 2:
        return
    same = np.ones(len(ordered) - 1, dtype=bool)
    for key in keys:
        col = ordered[key].to_numpy()
        same &= col[1:] == col[:-1]
    if same.any():
        row = ordered.iloc[int(np.argmax(same))]
        where = ", ".join(f"{k}={_plain(row[k])!r}" for k in keys)
        raise ArgumentError(
            f"duplicate rows for the same flow and year ({int(same.sum())} repeat(s)), e.g. {where}: "
            "aggregate them or filter to one source first"
        )


def _plain(value: object) -> object:
    return value.item() if isinstance(value, np.generic) else value


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys, kind="stable", ignore_index=True)


def _text(reason: pd.Series) -> pd.Series:
    return reason.astype("str")


# ---------------------------------------------------------------------------------------------
# growth: the panel engine per group
# ---------------------------------------------------------------------------------------------


def growth(
    frame: pd.DataFrame,
    start_year: int,
    end_year: int,
    by: Sequence[str] = FLOW_KEY,
    value: str = "value",
) -> pd.DataFrame:
    """Fold change and CAGR (fraction a year) of every group from ``start_year`` to ``end_year``.

    ``panel_change`` with its rules: intervals are ``end_year - start_year``; a group without a
    value in either year gets NaN and a reason ("no value for 1995"). One row per group, sorted by
    ``by``; columns by..., start_value, end_value (the unit of ``value``), intervals, fold_change,
    cagr, reason (text). Run per partition after a shuffle on ``by``.
    """
    by = list(by)
    check_panel(frame, value, by, positive=False)
    out = panel_change(frame, by, start_year, end_year, year=YEAR, value=value)
    return out.assign(reason=_text(out["reason"]))


def growth_yoy(
    frame: pd.DataFrame, by: Sequence[str] = FLOW_KEY, value: str = "value", annualise_gaps: bool = False
) -> pd.DataFrame:
    """Year-over-year growth (fraction) of every row within its group: ``panel_yoy``'s gap rules.

    Columns by..., year, value, yoy, reason (text); sorted by by + year. A row whose previous year
    is missing gets NaN and "no value for <year - 1>" unless ``annualise_gaps``.
    """
    by = list(by)
    check_panel(frame, value, by, positive=False)
    out = panel_yoy(frame[[*by, YEAR, value]], by, year=YEAR, value=value, annualise_gaps=annualise_gaps)
    return _sorted(out.assign(reason=_text(out["reason"])), [*by, YEAR])


# ---------------------------------------------------------------------------------------------
# mirror ratios
# ---------------------------------------------------------------------------------------------


def mirror(frame: pd.DataFrame, value: str = "value", by: Sequence[str] = FLOW_KEY) -> pd.DataFrame:
    """The exporter's and the importer's report of the same flow side by side, where both exist.

    ``frame`` has a ``reporter`` column: a row is the exporter's report when reporter == exporter
    and the importer's when reporter == importer (any other reporter is an error). One row per
    flow (``by``, which must include exporter and importer) and year that both sides reported:
    ``<value>_by_exporter`` (usually FOB), ``<value>_by_importer`` (usually CIF) and ``ratio`` =
    importer's / exporter's (about 1.0-1.1 when both record the same goods; CIF includes freight
    and insurance). Flows reported by one side only are not in the table: a ratio needs both.
    Run per partition after a shuffle on ``by``.
    """
    by = list(by)
    if EXPORTER not in by or IMPORTER not in by:
        raise ArgumentError(f"by must include {EXPORTER!r} and {IMPORTER!r}, got {by}")
    check_panel(frame, value, [*by, REPORTER])
    rows = _sorted(frame[[*by, YEAR, REPORTER, value]], [*by, YEAR, REPORTER])
    _unique(rows, [*by, YEAR, REPORTER])
    by_exporter = (rows[REPORTER] == rows[EXPORTER]).to_numpy()
    by_importer = (rows[REPORTER] == rows[IMPORTER]).to_numpy()
    other = ~(by_exporter | by_importer)
    if other.any():
        row = rows.loc[other].iloc[0]
        raise ArgumentError(
            f"reporter {row[REPORTER]!r} is neither the exporter {row[EXPORTER]!r} nor the importer "
            f"{row[IMPORTER]!r}: a mirror compares the two sides' own statistics"
        )
    x = rows.loc[by_exporter, [*by, YEAR, value]].rename(columns={value: f"{value}_by_exporter"})
    m = rows.loc[by_importer, [*by, YEAR, value]].rename(columns={value: f"{value}_by_importer"})
    out = x.merge(m, on=[*by, YEAR], how="inner", validate="one_to_one")
    out = out.assign(ratio=out[f"{value}_by_importer"] / out[f"{value}_by_exporter"])
    return _sorted(out, [*by, YEAR])


# ---------------------------------------------------------------------------------------------
# shares, ranks and concentration (per exporter)
# ---------------------------------------------------------------------------------------------


def _side_shares(frame: pd.DataFrame, value: str, side: str, item: str, other: str) -> pd.DataFrame:
    """Per (side, year, item): ``value`` summed over ``other`` in its order, the side's total, the share."""
    check_panel(frame, value)
    rows = _sorted(frame[[side, YEAR, item, other, value]], [side, YEAR, item, other])
    _unique(rows, [side, YEAR, item, other])
    per_item = rows.groupby([side, YEAR, item], sort=True, observed=True)[value].sum().reset_index()
    total = per_item.groupby([side, YEAR], sort=True, observed=True)[value].transform("sum")
    return per_item.assign(**{f"{side}_total": total, "share": per_item[value] / total})


def export_shares(frame: pd.DataFrame, value: str = "value", item: str = PRODUCT) -> pd.DataFrame:
    """Each exporter's exports per ``item`` (product or importer) and year, and its share of the total.

    Columns: exporter, year, item, ``value`` (summed over the other dimension, in its unit),
    ``exporter_total``, share (fraction). The per-exporter step of shares, HHI, RCA and
    complementarity; run per partition after a shuffle on (exporter, year).
    """
    return _side_shares(frame, value, EXPORTER, item, IMPORTER if item == PRODUCT else PRODUCT)


def import_shares(frame: pd.DataFrame, value: str = "value") -> pd.DataFrame:
    """Each importer's imports per product and year and its share of the importer's total.

    Columns: importer, year, product, ``value``, ``importer_total``, share. The per-importer step
    of complementarity; run per partition after a shuffle on (importer, year).
    """
    return _side_shares(frame, value, IMPORTER, PRODUCT, EXPORTER)


def shares(frame: pd.DataFrame, value: str = "value", of: str = "partner") -> pd.DataFrame:
    """Partner or product shares of every exporter's exports, every year, with ranks.

    ``of="partner"``: each importer's share of the exporter's exports (all products);
    ``of="product"``: each product's share. Columns: exporter, year, importer or product,
    ``value`` (in its unit), exporter_total, share (fraction), rank (1 = largest; ties share
    the lower rank, "min"), n_ranked. Sorted by exporter, year, rank, item. Per exporter.
    """
    if of not in ("partner", "product"):
        raise ArgumentError(f"of must be 'partner' or 'product', got {of!r}")
    item = IMPORTER if of == "partner" else PRODUCT
    out = export_shares(frame, value, item=item)
    groups = out.groupby([EXPORTER, YEAR], sort=False, observed=True)
    out = out.assign(
        rank=groups[value].rank(method="min", ascending=False).astype("int64"),
        n_ranked=groups[value].transform("size").astype("int64"),
    )
    return _sorted(out, [EXPORTER, YEAR, "rank", item])


def hhi(frame: pd.DataFrame, value: str = "value", per: str = "exporter") -> pd.DataFrame:
    """Herfindahl-Hirschman index of export concentration across products, every year.

    HHI = sum over products of s_k², s_k = the product's share of the exporter's exports
    (``per="exporter"``) or of its exports to one importer (``per="pair"``). A fraction from
    1/n (n products, equal shares) to 1 (one product); multiply by 10,000 for the "points"
    scale of competition authorities. Columns: exporter, [importer], year, ``<value>_total``,
    n_products, hhi. Per exporter.
    """
    if per not in ("exporter", "pair"):
        raise ArgumentError(f"per must be 'exporter' or 'pair', got {per!r}")
    check_panel(frame, value)
    keys = [EXPORTER, YEAR] if per == "exporter" else [EXPORTER, IMPORTER, YEAR]
    if per == "exporter":
        items = export_shares(frame, value, item=PRODUCT)
    else:
        rows = _sorted(frame[[EXPORTER, IMPORTER, YEAR, PRODUCT, value]], [EXPORTER, IMPORTER, YEAR, PRODUCT])
        _unique(rows, [EXPORTER, IMPORTER, YEAR, PRODUCT])
        total = rows.groupby(keys, sort=True, observed=True)[value].transform("sum")
        items = rows.assign(share=rows[value] / total)
    items = items.assign(_s2=items["share"] * items["share"])
    out = (
        items.groupby(keys, sort=True, observed=True)
        .agg(**{f"{value}_total": (value, "sum"), "n_products": (value, "size"), "hhi": ("_s2", "sum")})
        .reset_index()
    )
    return out.assign(n_products=out["n_products"].astype("int64"))


# ---------------------------------------------------------------------------------------------
# revealed comparative advantage (Balassa)
# ---------------------------------------------------------------------------------------------


def world_product_totals(exports: pd.DataFrame, value: str = "value") -> pd.DataFrame:
    """World exports per product and year: the sum over exporters (in exporter order) of
    ``export_shares(..., item="product")`` rows. Columns: product, year, ``world_product``.
    Per product (a small table: products x years)."""
    rows = _sorted(exports[[PRODUCT, YEAR, EXPORTER, value]], [PRODUCT, YEAR, EXPORTER])
    out = rows.groupby([PRODUCT, YEAR], sort=True, observed=True)[value].sum().reset_index()
    return out.rename(columns={value: "world_product"})


def world_totals(world_product: pd.DataFrame) -> pd.DataFrame:
    """World exports per year: the sum over products (in product order) of ``world_product``.
    Columns: year, world_total."""
    rows = _sorted(world_product[[YEAR, PRODUCT, "world_product"]], [YEAR, PRODUCT])
    out = rows.groupby(YEAR, sort=True)["world_product"].sum().reset_index()
    return out.rename(columns={"world_product": "world_total"})


def rca_from_totals(exports: pd.DataFrame, world: pd.DataFrame, value: str = "value") -> pd.DataFrame:
    """Balassa's index from the exporter step and the world tables (see ``rca``); per exporter."""
    out = exports.merge(world, on=[PRODUCT, YEAR], how="left", validate="many_to_one")
    index = (out[value] / out["exporter_total"]) / (out["world_product"] / out["world_total"])
    out = out.drop(columns="share").assign(rca=index)
    return _sorted(out, [EXPORTER, YEAR, PRODUCT])


def rca(frame: pd.DataFrame, value: str = "value") -> pd.DataFrame:
    """Revealed comparative advantage (Balassa 1965) of every exporter in every product and year.

    RCA_ik = (X_ik / X_i) / (X_wk / X_w): X_ik is i's exports of product k (to all importers),
    X_i i's total exports, X_wk the world's exports of k and X_w world exports, the world being
    every exporter in the panel. RCA > 1: k weighs more in i's exports than in the world's.
    Columns: exporter, year, product, ``value`` (X_ik), exporter_total, world_product,
    world_total, rca. Steps: ``export_shares`` per exporter, ``world_product_totals`` per
    product, ``world_totals``, then ``rca_from_totals``.
    """
    exports = export_shares(frame, value, item=PRODUCT)
    product_totals = world_product_totals(exports, value)
    world = product_totals.merge(world_totals(product_totals), on=YEAR, validate="many_to_one")
    return rca_from_totals(exports, world, value)


# ---------------------------------------------------------------------------------------------
# trade complementarity (WITS)
# ---------------------------------------------------------------------------------------------


def share_pairs(exports: pd.DataFrame, imports: pd.DataFrame) -> pd.DataFrame:
    """The ``export_shares`` (product) and ``import_shares`` rows of the same product and year
    joined: exporter, year, product, share_x, importer, share_m (one row per exporter-importer
    pair that has the product in common)."""
    return exports[[EXPORTER, YEAR, PRODUCT, "share"]].merge(
        imports[[IMPORTER, YEAR, PRODUCT, "share"]], on=[PRODUCT, YEAR], suffixes=("_x", "_m")
    )


def share_overlap(joined: pd.DataFrame) -> pd.DataFrame:
    """Sum over common products of min(x_ik, m_jk) per (exporter, importer, year), i != j, from
    ``share_pairs`` rows, added in product order (deterministic); per exporter. Columns:
    exporter, importer, year, overlap."""
    joined = joined.loc[(joined[EXPORTER] != joined[IMPORTER]).to_numpy()]
    joined = joined.assign(overlap=np.minimum(joined["share_x"].to_numpy(), joined["share_m"].to_numpy()))
    rows = _sorted(joined[[EXPORTER, IMPORTER, YEAR, PRODUCT, "overlap"]], [EXPORTER, IMPORTER, YEAR, PRODUCT])
    return rows.groupby([EXPORTER, IMPORTER, YEAR], sort=True, observed=True)["overlap"].sum().reset_index()


def complementarity_pairs(exporters: pd.DataFrame, importers: pd.DataFrame, overlap: pd.DataFrame) -> pd.DataFrame:
    """Every (exporter, importer, year) with exports by the one and imports by the other, with
    its index: 100 x overlap (0 where no product is common). Columns: exporter, importer, year,
    complementarity."""
    pairs = exporters[[EXPORTER, YEAR]].merge(importers[[IMPORTER, YEAR]], on=YEAR)
    pairs = pairs.loc[(pairs[EXPORTER] != pairs[IMPORTER]).to_numpy()]
    out = pairs.merge(overlap, on=[EXPORTER, IMPORTER, YEAR], how="left", validate="one_to_one")
    out = out.assign(complementarity=100.0 * out["overlap"].fillna(0.0)).drop(columns="overlap")
    return _sorted(out[[EXPORTER, IMPORTER, YEAR, "complementarity"]], [EXPORTER, IMPORTER, YEAR])


def complementarity(frame: pd.DataFrame, value: str = "value") -> pd.DataFrame:
    """Trade complementarity index of every exporter i with every importer j, every year.

    The World Bank's WITS definition ("Trade Indicators", TC,
    https://wits.worldbank.org/wits/wits/witshelp/content/data_retrieval/p/intro/C2.Trade_Indicators.htm):
    TC_ij = 100 (1 - sum_k |m_jk - x_ik| / 2), where x_ik is product k's share of i's total exports
    and m_jk its share of j's total imports. 0: i exports nothing j imports; 100: the two
    distributions match. Because both share vectors sum to 1, sum_k |m - x| / 2 = 1 - sum_k
    min(m, x), so it is computed as 100 sum_k min(x_ik, m_jk) over the products both have
    (equal to the formula up to rounding). Imports are the panel's flows seen from the importer
    (BACI: the reconciled values). Pairs: every exporter and importer of the year, i != j.
    Columns: exporter, importer, year, complementarity.
    """
    exports = export_shares(frame, value, item=PRODUCT)
    imports = import_shares(frame, value)
    overlap = share_overlap(share_pairs(exports, imports))
    exporters = exports[[EXPORTER, YEAR]].drop_duplicates()
    importers = imports[[IMPORTER, YEAR]].drop_duplicates()
    return complementarity_pairs(exporters, importers, overlap)


# ---------------------------------------------------------------------------------------------
# two-sided panels (UN Comtrade: both reporters' figures)
# ---------------------------------------------------------------------------------------------


def comtrade_flows(rows: pd.DataFrame) -> pd.DataFrame:
    """``read_comtrade`` rows as a flow panel with both sides' reports (``value_usd``, US dollars).

    An export row of reporter R to partner P is the flow R -> P as R reports it (exporter R,
    importer P, reporter R); an import row of R from P is the flow P -> R as R reports it
    (exporter P, importer R, reporter R). The panel holds the **annual export and import rows
    between single economies**; re-exports and re-imports (which Comtrade lists beside the
    totals), monthly rows and rows with World or an aggregate are not flows of this panel and
    are not included. The amount is ``value_usd``, or ``value`` where a ``currency`` column says
    USD. Columns: year, exporter, importer, product, reporter, value_usd.
    """
    needed = ["year", "reporter", "partner", "flow", "period", "product", "is_aggregate"]
    missing = [c for c in needed if c not in rows.columns]
    if "value_usd" in rows.columns:
        amount = rows["value_usd"]
    elif "value" in rows.columns and "currency" in rows.columns:  # value + ISO 4217 currency
        currencies = sorted(set(rows["currency"].astype("str").unique().tolist()) - {"USD"})
        if currencies:
            raise ArgumentError(f"values must be in US dollars to compare flows; found {', '.join(currencies)}")
        amount = rows["value"]
    else:
        missing.append("value_usd")
    if missing:
        raise ArgumentError(f"no column {missing[0]!r}: comtrade_flows takes the frame read_comtrade returns")
    keep = (
        rows["flow"].isin(["export", "import"]).to_numpy()
        & (rows["period"] == "annual").to_numpy()
        & ~rows["is_aggregate"].to_numpy(dtype=bool)
    )
    use = rows.loc[keep]
    export = (use["flow"] == "export").to_numpy()
    reporter = use["reporter"].astype("str").to_numpy()
    partner = use["partner"].astype("str").to_numpy()
    return pd.DataFrame(
        {
            YEAR: use["year"].to_numpy(dtype="int64"),
            EXPORTER: pd.Series(np.where(export, reporter, partner), dtype="str"),
            IMPORTER: pd.Series(np.where(export, partner, reporter), dtype="str"),
            PRODUCT: pd.Series(use["product"].astype("str").to_numpy(), dtype="str"),
            REPORTER: pd.Series(reporter, dtype="str"),
            "value_usd": amount.loc[keep].to_numpy(dtype="float64"),
        }
    )


def own_reports(frame: pd.DataFrame, side: str = EXPORTER) -> pd.DataFrame:
    """The rows of a two-sided panel (with ``reporter``) that ``side`` (exporter or importer)
    reported, without the reporter column: one report per flow, for shares, HHI, RCA and TC."""
    if side not in (EXPORTER, IMPORTER):
        raise ArgumentError(f"side must be {EXPORTER!r} or {IMPORTER!r}, got {side!r}")
    if REPORTER not in frame.columns:
        return frame
    mine = (frame[REPORTER] == frame[side]).to_numpy()
    return frame.loc[mine].drop(columns=REPORTER)
