"""Indicators over the whole IMF DOTS matrix: partner shares and ranks, trade intensity, mirror ratios.

Every function takes the frame returned by ``analysis.dots.load_dots`` (or any frame with the columns of
``analysis.schema.DotsModel``), never modifies it, and works on all reporters, partners and years at once
with group-wise pandas operations (no Python loops over pairs or reporters). Values are US$ millions as
published by the IMF; each result says whose statistics it uses.

Rules shared by all functions:

- **Whose figures.** A reporter's exports (FOB) and imports (CIF) are its own statistics. The two sides
  of one trade flow are never averaged or spliced: mirror ratios put them side by side.
- **Aggregates are never summed with countries.** World, the IMF regions and groups and "Other Countries
  n.i.e." (``*_is_aggregate``) are used only as the totals they are: a reporter's trade with "World" is its
  total. Residual rows ("Countries & Areas not specified", "Special Categories", "... not specified") are
  part of that total but are not partners: they never get a rank.
- **Countries** are the entity types economy, historical and composite. Dissolved economies keep their own
  codes (USSR = SUN, Yugoslavia = YUG, Czechoslovakia = CSK ...) and are never merged into successors.
  Belgium-Luxembourg is one partner, code BLX (assigned by ``load_dots``).
- **Estimates** (IMF "e" cells, ``is_estimate``) are kept and flagged in the results; the mirror-ratio
  functions leave them out unless ``include_estimates=True``, because an estimate of one side is often
  derived from the other side.
- A country can be given as its ISO3 code (``"BLR"``, any case) or its exact IMF name
  (``"Belarus, Rep. of"``). Unknown codes, aggregates or residual rows where a country is needed and years
  outside the data raise ``analysis.errors.ArgumentError``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.dots import WORLD
from analysis.errors import ArgumentError

COUNTRY_TYPES = ("economy", "historical", "composite")
ECONOMY = ("economy",)
RESIDUAL = "residual"

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


# --- resolving arguments ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entity:
    """A reporter or partner of the DOTS matrix, as found in the data."""

    name: str
    iso3: str | None
    entity_type: str
    is_reporter: bool
    is_partner: bool

    @property
    def label(self) -> str:
        return f"{self.iso3} ({self.name})" if self.iso3 else repr(self.name)


def _find(dots: pd.DataFrame, side: str, code: str) -> tuple[str, str | None, str] | None:
    """(name, iso3, entity type) of the first row whose ``side`` has this ISO3 code or IMF name."""
    for column in (f"{side}_iso3", f"{side}_name"):
        value = code.upper() if column.endswith("iso3") else code
        hit = (dots[column] == value).to_numpy()
        if hit.any():
            row = dots.iloc[int(np.argmax(hit))]
            iso3 = row[f"{side}_iso3"]
            return str(row[f"{side}_name"]), (None if pd.isna(iso3) else str(iso3)), str(row[f"{side}_entity_type"])
    return None


def _entity(dots: pd.DataFrame, code: object, *, what: str, role: str, types: tuple[str, ...]) -> Entity:
    """Resolve an ISO3 code or IMF name, or raise ArgumentError saying why it cannot be used as ``what``."""
    if not isinstance(code, str) or not code.strip():
        raise ArgumentError(f"{what} must be an ISO3 code such as 'CHN' or an IMF name, got {code!r}")
    code = code.strip()
    as_reporter = _find(dots, "reporter", code)
    as_partner = _find(dots, "partner", code)
    found = as_reporter or as_partner
    if found is None:
        names = {str(n) for s in ("reporter", "partner") for n in dots[f"{s}_name"].cat.categories}
        codes = {str(c) for s in ("reporter", "partner") for c in dots[f"{s}_iso3"].cat.categories}
        close = difflib.get_close_matches(code, sorted(names), n=3) + difflib.get_close_matches(
            code.upper(), sorted(codes), n=3
        )
        hint = f" (close: {', '.join(repr(c) for c in close)})" if close else ""
        raise ArgumentError(
            f"unknown {what} {code!r}: no reporter or partner in the DOTS data has this ISO3 code or IMF name{hint}"
        )
    name, iso3, kind = found
    entity = Entity(name, iso3, kind, as_reporter is not None, as_partner is not None)
    if kind == "aggregate":
        raise ArgumentError(
            f"{entity.label} is an aggregate (a sum of other partners); {what} must be a country, e.g. 'CHN'"
        )
    if kind == RESIDUAL:
        raise ArgumentError(f"{entity.label} is a residual row (partners not specified), not a country")
    if kind not in types:
        allowed = " or ".join(types)
        raise ArgumentError(
            f"{entity.label} is {kind}; {what} must be of entity type {allowed} (the mirror distribution covers "
            "current economies only, so that dissolved states and composites are not compared with their parts)"
        )
    if role == "reporter" and not entity.is_reporter:
        raise ArgumentError(f"{entity.label} publishes no statistics in DOTS (it appears only as a partner)")
    if role == "partner" and not entity.is_partner:
        raise ArgumentError(f"{entity.label} appears in DOTS only as a reporter, never as a partner")
    return entity


def _check_year(dots: pd.DataFrame, year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        raise ArgumentError(f"year must be a whole number such as 2019, got {year!r}")
    years = dots["year"].to_numpy()
    if not len(years):
        raise ArgumentError("the DOTS frame is empty")
    low, high = int(years.min()), int(years.max())
    if not low <= int(year) <= high:
        raise ArgumentError(f"year {year} is outside the data ({low}-{high})")
    if not (years == year).any():
        raise ArgumentError(f"the data has no values for {year} (it covers {low}-{high} with gaps)")
    return int(year)


def _is(dots: pd.DataFrame, column: str, value: str) -> np.ndarray:
    return (dots[column] == value).to_numpy()


def _names_to(dots: pd.DataFrame, side: str, attribute: str) -> dict[str, object]:
    """Map each name on ``side`` to its ``attribute`` (iso3 or entity type), from one row per name."""
    codes = dots[f"{side}_name"].cat.codes.to_numpy()
    _, first = np.unique(codes, return_index=True)
    rows = dots.iloc[first]
    return dict(zip(rows[f"{side}_name"].astype("str"), rows[f"{side}_{attribute}"].astype("object"), strict=True))


def _as_str_category(values: pd.Series) -> pd.Series:
    return values.astype("str").astype("category")


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
    exports = _is(dots, "flow", "export")
    cols = ["reporter_name", "partner_name", "year", "value_usd_millions", "is_estimate"]

    world_mask = reporters & _is(dots, "partner_name", WORLD)
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
    types = out["partner_name"].map(_names_to(dots, "partner", "entity_type")).astype("str")
    rankable = (types != RESIDUAL).to_numpy() & (out["trade_usd_millions"] > 0).to_numpy()
    ranked = out.loc[rankable]
    rank = ranked.groupby(keys, observed=True, sort=False)["trade_usd_millions"].rank(method="min", ascending=False)
    out = out.assign(
        reporter_iso3=_as_str_category(out["reporter_name"].map(_names_to(dots, "reporter", "iso3"))),
        partner_iso3=_as_str_category(out["partner_name"].map(_names_to(dots, "partner", "iso3"))),
        partner_entity_type=_as_str_category(types),
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
    entity = _entity(dots, reporter, what="reporter", role="reporter", types=COUNTRY_TYPES)
    return partner_ranks(dots.loc[_is(dots, "reporter_name", entity.name)])


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
    i = _entity(dots, reporter, what="reporter", role="reporter", types=COUNTRY_TYPES)
    j = _entity(dots, partner, what="partner", role="partner", types=COUNTRY_TYPES)
    if i.name == j.name:
        raise ArgumentError(f"reporter and partner are both {i.label}; a country does not trade with itself")
    mask = ~dots["reporter_is_aggregate"].to_numpy() & _is(dots, "flow", "export")
    to_world = mask & _is(dots, "partner_name", WORLD)
    to_j = mask & _is(dots, "partner_name", j.name)
    from_i = _is(dots, "reporter_name", i.name)
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


# --- mirror ratios ------------------------------------------------------------------------------------------

_MIRROR_COLUMNS = [
    "year",
    "exporter_name",
    "exporter_iso3",
    "importer_name",
    "importer_iso3",
    "exports_fob_usd_millions",
    "imports_cif_usd_millions",
    "ratio",
    "is_estimate",
]


def mirror_ratios(dots: pd.DataFrame, include_estimates: bool = False) -> pd.DataFrame:
    """Mirror ratio of every directed pair of economies, every year: importer's CIF / exporter's FOB.

    For exporter A and importer B in a year: ``exports_fob_usd_millions`` is A's exports to B in A's
    statistics, ``imports_cif_usd_millions`` is B's imports from A in B's statistics, and ``ratio`` =
    imports / exports. CIF includes freight and insurance, so about 1.0-1.1 is expected; far above 1 means
    the importer records more than the exporter says it sent (e.g. goods recorded by country of origin
    that the exporter recorded as going elsewhere).

    Pairs: both sides of entity type "economy" (no aggregates, residual rows, dissolved states or
    composites), both values published and > 0, and, unless ``include_estimates``, neither value an IMF
    "e" estimate (``is_estimate`` says whether one is). Sorted by year, exporter, importer.
    """
    econ = _is(dots, "reporter_entity_type", "economy") & _is(dots, "partner_entity_type", "economy")
    positive = (dots["value_usd_millions"] > 0).to_numpy()
    if not include_estimates:
        positive = positive & ~dots["is_estimate"].to_numpy()
    keep = econ & positive
    exports = _is(dots, "flow", "export")
    names = dots["reporter_name"].cat.categories.union(dots["partner_name"].cat.categories)
    cols = ["reporter_name", "partner_name", "year", "value_usd_millions", "is_estimate"]

    def side(rows: np.ndarray, own: str, other: str, value: str) -> pd.DataFrame:
        frame = dots.loc[rows, cols]
        return pd.DataFrame(
            {
                own: frame["reporter_name"].cat.set_categories(names),
                other: frame["partner_name"].cat.set_categories(names),
                "year": frame["year"],
                value: frame["value_usd_millions"],
                f"{value}_e": frame["is_estimate"],
            }
        )

    x = side(keep & exports, "exporter_name", "importer_name", "exports_fob_usd_millions")
    m = side(keep & ~exports, "importer_name", "exporter_name", "imports_cif_usd_millions")
    out = x.merge(m, on=["exporter_name", "importer_name", "year"], how="inner", validate="one_to_one")
    iso3 = _names_to(dots, "reporter", "iso3") | _names_to(dots, "partner", "iso3")
    out = out.assign(
        exporter_name=out["exporter_name"].cat.remove_unused_categories(),
        importer_name=out["importer_name"].cat.remove_unused_categories(),
    )
    out = out.assign(
        year=out["year"].astype("int64"),
        exporter_iso3=_as_str_category(out["exporter_name"].map(iso3)),
        importer_iso3=_as_str_category(out["importer_name"].map(iso3)),
        ratio=out["imports_cif_usd_millions"] / out["exports_fob_usd_millions"],
        is_estimate=out["exports_fob_usd_millions_e"] | out["imports_cif_usd_millions_e"],
    )
    return out.sort_values(["year", "exporter_name", "importer_name"])[_MIRROR_COLUMNS].reset_index(drop=True)


def mirror_distribution(dots: pd.DataFrame, year: int, include_estimates: bool = False) -> pd.DataFrame:
    """All mirror pairs of one year (see ``mirror_ratios``): the distribution a single pair is placed in.

    2019, without estimates: 19,912 pairs, median ratio 1.129 (p10 0.258, p90 8.435).
    """
    year = _check_year(dots, year)
    return mirror_ratios(dots.loc[(dots["year"] == year).to_numpy()], include_estimates=include_estimates)


@dataclass(frozen=True)
class MirrorPosition:
    """Where one exporter -> importer pair sits among all pairs of a year (``mirror_percentile``).

    Percentiles are in percent: the share of pairs whose ratio is strictly lower than this pair's (the pair
    itself counts in the denominator). The ``*_min_value`` fields use only the pairs where both the
    exports and the imports are at least ``min_value_musd`` US$ millions.
    """

    exporter: str
    importer: str
    year: int
    exports_fob_usd_millions: float
    imports_cif_usd_millions: float
    ratio: float
    n_pairs: int
    percentile: float
    median_ratio: float
    min_value_musd: float
    n_pairs_min_value: int
    percentile_min_value: float
    median_ratio_min_value: float
    include_estimates: bool


def mirror_percentile(
    dots: pd.DataFrame,
    exporter: str,
    importer: str,
    year: int,
    min_value_musd: float = 0,
    include_estimates: bool = False,
) -> MirrorPosition:
    """Place the ``exporter`` -> ``importer`` mirror ratio of ``year`` in the distribution of all pairs.

    The ratio is the importer's imports CIF / the exporter's exports FOB (see ``mirror_ratios``). The
    percentile is the share of pairs with a lower ratio, in percent, among all pairs and among the pairs
    where both values are at least ``min_value_musd`` (US$ millions; small flows have noisy ratios).

    2019, China -> Belarus: 3,807.59 / 1,777.68 = 2.142, the 75.7th percentile of 19,912 pairs and the
    90.5th of the 8,471 pairs >= US$10M (``min_value_musd=10``).
    """
    ex = _entity(dots, exporter, what="exporter", role="reporter", types=ECONOMY)
    im = _entity(dots, importer, what="importer", role="reporter", types=ECONOMY)
    if ex.name == im.name:
        raise ArgumentError(f"exporter and importer are both {ex.label}")
    if isinstance(min_value_musd, bool) or not isinstance(min_value_musd, int | float) or not min_value_musd >= 0:
        raise ArgumentError(f"min_value_musd must be a number of US$ millions >= 0, got {min_value_musd!r}")
    dist = mirror_distribution(dots, year, include_estimates=include_estimates)
    hit = (dist["exporter_name"] == ex.name).to_numpy() & (dist["importer_name"] == im.name).to_numpy()
    if not hit.any():
        raise ArgumentError(_why_no_pair(dots, ex, im, int(year), include_estimates))
    pair = dist.loc[hit].iloc[0]
    ratios = dist["ratio"].to_numpy()
    big = (dist["exports_fob_usd_millions"] >= min_value_musd) & (dist["imports_cif_usd_millions"] >= min_value_musd)
    big_ratios = ratios[big.to_numpy()]
    r = float(pair["ratio"])
    return MirrorPosition(
        exporter=ex.iso3 or ex.name,
        importer=im.iso3 or im.name,
        year=int(year),
        exports_fob_usd_millions=float(pair["exports_fob_usd_millions"]),
        imports_cif_usd_millions=float(pair["imports_cif_usd_millions"]),
        ratio=r,
        n_pairs=len(ratios),
        percentile=100.0 * float(np.mean(ratios < r)),
        median_ratio=float(np.median(ratios)),
        min_value_musd=float(min_value_musd),
        n_pairs_min_value=len(big_ratios),
        percentile_min_value=100.0 * float(np.mean(big_ratios < r)) if len(big_ratios) else float("nan"),
        median_ratio_min_value=float(np.median(big_ratios)) if len(big_ratios) else float("nan"),
        include_estimates=include_estimates,
    )


def _why_no_pair(dots: pd.DataFrame, ex: Entity, im: Entity, year: int, include_estimates: bool) -> str:
    """Say which side is missing, zero or an estimate (for the error message)."""
    in_year = (dots["year"] == year).to_numpy()
    reasons = []
    for who, other, flow, label in ((ex, im, "export", "exports FOB"), (im, ex, "import", "imports CIF")):
        rows = (
            in_year
            & _is(dots, "reporter_name", who.name)
            & _is(dots, "partner_name", other.name)
            & _is(dots, "flow", flow)
        )
        if not rows.any():
            reasons.append(f"{who.label} published no {label} with {other.label} for {year}")
            continue
        row = dots.loc[rows].iloc[0]
        if not row["value_usd_millions"] > 0:
            reasons.append(f"{who.label}'s {label} are {row['value_usd_millions']}")
        if row["is_estimate"] and not include_estimates:
            reasons.append(f"{who.label}'s {label} are an IMF estimate (pass include_estimates=True to use them)")
    detail = "; ".join(reasons) or "the pair is not in the distribution"
    return f"no mirror ratio for {ex.label} -> {im.label} in {year}: {detail}"


def _side_medians(dist: pd.DataFrame, side: str) -> pd.DataFrame:
    keys = [f"{side}_name", f"{side}_iso3"]
    out = (
        dist.groupby(keys, observed=True)
        .agg(
            n_pairs=("ratio", "size"),
            median_ratio=("ratio", "median"),
            imports_cif_usd_millions=("imports_cif_usd_millions", "sum"),
            exports_fob_usd_millions=("exports_fob_usd_millions", "sum"),
        )
        .reset_index()
    )
    out = out.assign(weighted_ratio=out["imports_cif_usd_millions"] / out["exports_fob_usd_millions"])
    return out.drop(columns=["imports_cif_usd_millions", "exports_fob_usd_millions"]).sort_values(keys[0])


def importer_medians(dots: pd.DataFrame, year: int, include_estimates: bool = False) -> pd.DataFrame:
    """For each economy as importer: its number of mirror pairs in ``year`` and their median ratio.

    A high median across all of an importer's partners points at the importer's statistics (e.g. imports
    recorded by country of origin, or transit) rather than at any one exporter: in 2019 Belarus's median
    over its 100 pairs is about 2.18, China's median as an exporter 1.03. ``weighted_ratio`` = the
    importer's total imports CIF / its partners' exports FOB over the same pairs. Columns: importer_name,
    importer_iso3, n_pairs, median_ratio, weighted_ratio.
    """
    return _side_medians(mirror_distribution(dots, year, include_estimates), "importer").reset_index(drop=True)


def exporter_medians(dots: pd.DataFrame, year: int, include_estimates: bool = False) -> pd.DataFrame:
    """As ``importer_medians``, per economy as exporter (China in 2019: median 1.034 over 185 pairs)."""
    return _side_medians(mirror_distribution(dots, year, include_estimates), "exporter").reset_index(drop=True)
