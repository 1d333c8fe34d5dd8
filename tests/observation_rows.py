"""Tiny frames of dated observations (the park.csv / exchanges.csv layout) for the tests."""

from __future__ import annotations

import pandas as pd

COLUMNS = ["as_of", "as_of_precision", "date_inferred", "metric", "value", "unit", "qualifier", "source_id", "note"]
PRECISION = {4: "year", 7: "month", 10: "day"}


def row(as_of: str, value: float, qualifier: str = "exact", source: str | None = None, **kw: str) -> dict:
    """One observation of ``residents_count`` (or ``metric=``) as published on ``as_of``."""
    return {
        "as_of": as_of,
        "as_of_precision": PRECISION[len(as_of)],
        "date_inferred": False,
        "metric": kw.get("metric", "residents_count"),
        "value": float(value),
        "unit": kw.get("unit", "companies"),
        "qualifier": qualifier,
        "source_id": source or f"src-{as_of}-{value:g}",
        "note": kw.get("note", ""),
    }


def frame(*rows: dict) -> pd.DataFrame:
    """The rows as a frame with the loader's dtypes."""
    return pd.DataFrame(list(rows), columns=COLUMNS).astype({"value": "float64", "date_inferred": "bool"})
