"""The data for one pair of countries, whichever file it comes from.

``pair_data(reporter, partner, data_path=None)`` returns the tidy trade table (the
``data/trade.csv`` layout) and the sources table that the notebooks and the report use:

- no ``data_path`` and a pair the bundled ``trade.csv`` covers (China-Belarus): the bundled
  table, IMF DOTS plus official statements;
- no ``data_path`` and any other pair: both countries' rows from the bundled IMF DOTS matrix
  (``data/dots.parquet``), converted to US dollars, IMF "e" estimates kept with qualifier 'about';
- a ``data_path`` in the ``trade.csv`` layout: that file, with the ``sources.csv`` beside it;
- a ``data_path`` that is a UN Comtrade or IMF DOTS download: read by ``analysis.importers``; only
  its all-products (TOTAL) rows between the two countries are used, and the file itself is the
  cited source.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.errors import ArgumentError, require_file

TRADE_HEADER = ["year", "reporter", "partner", "flow", "value_usd", "valuation", "period", "qualifier", "source_id"]
MATRIX_SOURCE = "imf-dots-matrix"


@dataclass(frozen=True)
class PairData:
    """Trade rows for a pair, the sources they cite, and where they came from."""

    trade: pd.DataFrame
    sources: pd.DataFrame
    origin: str


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        return next(csv.reader(fh), [])


def trade_from_dots(dots: pd.DataFrame, reporter: str, partner: str) -> pd.DataFrame:
    """Both countries' statistics of their bilateral trade from the DOTS matrix, trade.csv layout."""
    from analysis.world import _entity

    for code in (reporter, partner):
        _entity(dots, code, what="country", role="country", types=("economy", "historical", "composite"))
    rows = dots[
        ((dots["reporter_iso3"] == reporter) & (dots["partner_iso3"] == partner))
        | ((dots["reporter_iso3"] == partner) & (dots["partner_iso3"] == reporter))
    ]
    if rows.empty:
        raise ArgumentError(f"the IMF DOTS matrix has no trade between {reporter} and {partner}")
    out = pd.DataFrame(
        {
            "year": rows["year"].astype("int64"),
            "reporter": rows["reporter_iso3"].astype("str"),
            "partner": rows["partner_iso3"].astype("str"),
            "flow": rows["flow"].astype("str"),
            "value_usd": rows["value_usd_millions"].astype("float64") * 1_000_000,
            "valuation": rows["valuation"].astype("str"),
            "period": "annual",
            "qualifier": rows["is_estimate"].map({True: "about", False: "exact"}).astype("str"),
            "source_id": MATRIX_SOURCE,
        }
    )
    return out[out["value_usd"] > 0].sort_values(["reporter", "flow", "year"]).reset_index(drop=True)


def _downloaded(path: Path, reporter: str, partner: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    from analysis.importers import read_download

    frame = read_download(path)  # the layout is sniffed from the file's head
    if "product" in frame.columns:
        frame = frame[frame["product"] == "TOTAL"]
    pair = frame[
        ((frame["reporter"] == reporter) & (frame["partner"] == partner))
        | ((frame["reporter"] == partner) & (frame["partner"] == reporter))
    ]
    if pair.empty:
        raise ArgumentError(
            f"{path.name} has no all-products (TOTAL) rows between {reporter} and {partner}; "
            "download total trade, or use analysis.growth.panel_change for product-level rows"
        )
    sid = str(pair["source_id"].iloc[0])
    sources = pd.DataFrame(
        {
            "source_id": [sid],
            "publisher": [f"user-supplied download {path.name}"],
            "title": [""],
            "url": [""],
            "published": [""],
            "accessed": [""],
            "quote": [path.name],
            "reliability": ["high"],
            "note": ["read by analysis.importers"],
        }
    )
    return pair.loc[:, TRADE_HEADER].reset_index(drop=True), sources


def pair_data(reporter: str, partner: str, data_path: str | Path | None = None) -> PairData:
    """Trade and sources for ``reporter`` and ``partner`` (ISO3), from the best available file."""
    from analysis.load import load_sources, load_trade

    if reporter == partner:
        raise ArgumentError("a pair needs two different countries")
    if data_path is not None:
        path = require_file(data_path, "a data file (trade.csv layout, or a UN Comtrade or IMF DOTS download)")
        if _header(path) == TRADE_HEADER:
            return PairData(load_trade(path), load_sources(path.parent / "sources.csv"), str(path))
        trade, sources = _downloaded(path, reporter, partner)
        return PairData(trade, sources, str(path))
    bundled = load_trade()
    covered = set(zip(bundled["reporter"], bundled["partner"], strict=True))
    if (reporter, partner) in covered and (partner, reporter) in covered:
        return PairData(bundled, load_sources(), "bundled trade.csv")
    from analysis.dots import load_dots

    return PairData(trade_from_dots(load_dots(), reporter, partner), load_sources(), "bundled IMF DOTS matrix")
