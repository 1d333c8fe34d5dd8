"""Mirror ratios of every pair of economies in the IMF DOTS matrix: the importer's CIF ÷ the exporter's FOB.

The two sides of one trade flow are never averaged or spliced: a mirror ratio puts the importer's
statistics beside the exporter's (for one pair from the trade table, see ``analysis.mirror``). Pairs are
current economies only, and IMF "e" estimates are left out unless ``include_estimates=True``, because an
estimate of one side is often derived from the other side. Values in US$ millions as published.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.errors import ArgumentError
from analysis.world.entities import ECONOMY, Entity, as_str_category, check_year, names_to, resolve_entity, rows_where

__all__ = [
    "MirrorPosition",
    "exporter_medians",
    "importer_medians",
    "mirror_distribution",
    "mirror_percentile",
    "mirror_ratios",
]

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
    econ = rows_where(dots, "reporter_entity_type", "economy") & rows_where(dots, "partner_entity_type", "economy")
    positive = (dots["value_usd_millions"] > 0).to_numpy()
    if not include_estimates:
        positive = positive & ~dots["is_estimate"].to_numpy()
    keep = econ & positive
    exports = rows_where(dots, "flow", "export")
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
    iso3 = names_to(dots, "reporter", "iso3") | names_to(dots, "partner", "iso3")
    out = out.assign(
        exporter_name=out["exporter_name"].cat.remove_unused_categories(),
        importer_name=out["importer_name"].cat.remove_unused_categories(),
    )
    out = out.assign(
        year=out["year"].astype("int64"),
        exporter_iso3=as_str_category(out["exporter_name"].map(iso3)),
        importer_iso3=as_str_category(out["importer_name"].map(iso3)),
        ratio=out["imports_cif_usd_millions"] / out["exports_fob_usd_millions"],
        is_estimate=out["exports_fob_usd_millions_e"] | out["imports_cif_usd_millions_e"],
    )
    return out.sort_values(["year", "exporter_name", "importer_name"])[_MIRROR_COLUMNS].reset_index(drop=True)


def mirror_distribution(dots: pd.DataFrame, year: int, include_estimates: bool = False) -> pd.DataFrame:
    """All mirror pairs of one year (see ``mirror_ratios``): the distribution a single pair is placed in.

    2019, without estimates: 19,912 pairs, median ratio 1.129 (p10 0.258, p90 8.435).
    """
    year = check_year(dots, year)
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
    ex = resolve_entity(dots, exporter, what="exporter", role="reporter", types=ECONOMY)
    im = resolve_entity(dots, importer, what="importer", role="reporter", types=ECONOMY)
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
            & rows_where(dots, "reporter_name", who.name)
            & rows_where(dots, "partner_name", other.name)
            & rows_where(dots, "flow", flow)
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
