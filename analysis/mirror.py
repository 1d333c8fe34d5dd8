"""Mirror statistics: one side's exports against the other side's imports of the same goods.

For a pair (A, B) and a year, the A->B direction compares A's reported exports to B (valued
FOB: at A's border) with B's reported imports from A (valued CIF: including the cost of
insurance and freight to B's border). Even when both sides record the same goods, the CIF figure
should be somewhat higher than the FOB one; a ratio far from 1 points to something else
(different partner attribution, such as country of origin against country of consignment,
timing, coverage, or errors). Values in US dollars; ratio = importer-reported / exporter-reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.errors import ArgumentError
from analysis.series import annual_series

VALUATION_CAVEAT = (
    "Exports are valued FOB (at the exporter's border) and imports CIF (including insurance and freight), "
    "so an importer's figure is expected to be somewhat above its partner's export figure even when both "
    "record the same goods."
)


def mirror_table(trade: pd.DataFrame, country_a: str, country_b: str) -> pd.DataFrame:
    """Per year and direction: exporter-reported exports vs importer-reported imports.

    One row per (year, direction) where both sides published an annual value. Columns: year,
    exporter, importer, exports_usd (exporter's statistics), imports_usd (importer's statistics),
    gap_usd (imports - exports), ratio (imports / exports), export_valuation, import_valuation,
    source_id (both sides' sources).
    """
    if country_a == country_b:
        raise ArgumentError("a mirror comparison needs two different countries")
    parts = []
    for exporter, importer in ((country_a, country_b), (country_b, country_a)):
        exports = annual_series(trade, exporter, importer, "export")
        imports = annual_series(trade, importer, exporter, "import")
        merged = exports.merge(imports, on="year", suffixes=("_x", "_m"), validate="one_to_one")
        parts.append(
            pd.DataFrame(
                {
                    "year": merged["year"],
                    "exporter": exporter,
                    "importer": importer,
                    "exports_usd": merged["value_x"],
                    "imports_usd": merged["value_m"],
                    "gap_usd": merged["value_m"] - merged["value_x"],
                    "ratio": merged["value_m"] / merged["value_x"],
                    "export_valuation": merged["valuation_x"],
                    "import_valuation": merged["valuation_m"],
                    "source_id": merged["source_id_x"] + ";" + merged["source_id_m"],
                }
            )
        )
    return pd.concat(parts, ignore_index=True).sort_values(["year", "exporter"]).reset_index(drop=True)


def totals_ratio(trade: pd.DataFrame, numerator: str, denominator: str) -> pd.DataFrame:
    """Per year: the total bilateral trade as each side reports it, and numerator / denominator.

    E.g. ``totals_ratio(trade, "BLR", "CHN")`` gives Belarus-reported over China-reported totals.
    Only years where both sides published an annual total (or both flows) are kept.
    """
    a = annual_series(trade, numerator, denominator, "total")
    b = annual_series(trade, denominator, numerator, "total")
    merged = a.merge(b, on="year", suffixes=("_num", "_den"), validate="one_to_one")
    return pd.DataFrame(
        {
            "year": merged["year"],
            f"{numerator}_reported_usd": merged["value_num"],
            f"{denominator}_reported_usd": merged["value_den"],
            "ratio": merged["value_num"] / merged["value_den"],
            "qualifier_num": merged["qualifier_num"],
            "qualifier_den": merged["qualifier_den"],
            "source_id": merged["source_id_num"] + ";" + merged["source_id_den"],
        }
    )


@dataclass(frozen=True)
class RatioSummary:
    """Summary of a per-year ratio over a period (inclusive years)."""

    median: float
    min: float
    max: float
    n_years: int
    first_year: int
    last_year: int


def summarise_ratio(table: pd.DataFrame, start_year: int, end_year: int, column: str = "ratio") -> RatioSummary:
    """Median, minimum, maximum and count of ``column`` over start_year..end_year inclusive."""
    if end_year < start_year:
        raise ArgumentError(f"end year {end_year} is before start year {start_year}")
    window = table[(table["year"] >= start_year) & (table["year"] <= end_year)]
    if window.empty:
        raise ArgumentError(f"no years with both sides' values between {start_year} and {end_year}")
    values = window[column]
    return RatioSummary(
        median=float(values.median()),
        min=float(values.min()),
        max=float(values.max()),
        n_years=len(values),
        first_year=int(window["year"].min()),
        last_year=int(window["year"].max()),
    )
