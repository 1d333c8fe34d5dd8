"""Tiny DOTS-shaped matrices for the tests of analysis.world (and their entities)."""

from __future__ import annotations

import pandas as pd

from analysis.schema import DotsModel

ENTITIES = {
    "Alpha": ("ALP", "economy"),
    "Beta": ("BET", "economy"),
    "Gamma": ("GAM", "economy"),
    "Delta": ("DEL", "economy"),
    "USSR": ("SUN", "historical"),
    "Belgium-Luxembourg": ("BLX", "composite"),
    "World": (None, "aggregate"),
    "Europe": (None, "aggregate"),
    "Countries & Areas not specified": (None, "residual"),
}


def make(*rows: tuple) -> pd.DataFrame:
    """A DOTS-shaped frame from (reporter, partner, flow, year, value[, is_estimate]) tuples."""
    records = []
    for reporter, partner, flow, year, value, *estimate in rows:
        rep_iso3, rep_type = ENTITIES[reporter]
        par_iso3, par_type = ENTITIES[partner]
        records.append(
            {
                "reporter_name": reporter,
                "reporter_iso3": rep_iso3,
                "reporter_is_aggregate": rep_type == "aggregate",
                "reporter_entity_type": rep_type,
                "partner_name": partner,
                "partner_iso3": par_iso3,
                "partner_is_aggregate": par_type == "aggregate",
                "partner_entity_type": par_type,
                "flow": flow,
                "valuation": {"export": "FOB", "import": "CIF"}[flow],
                "year": year,
                "value_usd_millions": float(value),
                "is_estimate": bool(estimate and estimate[0]),
                "workbook": f"{reporter}.xlsx",
                "sheet_row": 8,
            }
        )
    frame = pd.DataFrame.from_records(records, columns=list(DotsModel.to_schema().columns))
    text = [c for c in frame.columns if str(DotsModel.to_schema().columns[c].dtype) == "category"]
    return frame.assign(
        **{c: frame[c].astype("category") for c in text},
        year=frame["year"].astype("int16"),
        sheet_row=frame["sheet_row"].astype("int16"),
        value_usd_millions=frame["value_usd_millions"].astype("float64"),
        is_estimate=frame["is_estimate"].astype(bool),
    )


def alpha_2000() -> pd.DataFrame:
    """Alpha's own statistics for 2000, with ties, a residual, an aggregate, an estimate and a zero partner."""
    return make(
        ("Alpha", "World", "export", 2000, 102),  # = the partners below, as in DOTS
        ("Alpha", "World", "import", 2000, 68),
        ("Alpha", "Europe", "export", 2000, 150),  # aggregate: never a partner, never summed
        ("Alpha", "Beta", "export", 2000, 10),
        ("Alpha", "Beta", "import", 2000, 20),
        ("Alpha", "Gamma", "export", 2000, 30),
        ("Alpha", "Gamma", "import", 2000, 0, True),  # tie with Beta at 30
        ("Alpha", "Delta", "import", 2000, 40),  # imports only
        ("Alpha", "USSR", "export", 2000, 5),
        ("Alpha", "Belgium-Luxembourg", "export", 2000, 7),
        ("Alpha", "Countries & Areas not specified", "export", 2000, 50),  # larger than every country
        ("Alpha", "Countries & Areas not specified", "import", 2000, 8),
        ("Alpha", "World", "export", 2001, 10),  # 2001: exports only
        ("Alpha", "Beta", "export", 2001, 10),
        ("Alpha", "Gamma", "export", 2001, 0, True),  # zero trade: not ranked
        ("Beta", "World", "export", 2000, 999),
        ("Beta", "Alpha", "export", 2000, 999),
    )


def intensity_matrix() -> pd.DataFrame:
    return make(
        ("Alpha", "Beta", "export", 2000, 20),
        ("Alpha", "World", "export", 2000, 100),
        ("Beta", "World", "export", 2000, 50),
        ("Gamma", "Beta", "export", 2000, 30, True),  # an estimate: counts in the world totals
        ("Gamma", "World", "export", 2000, 250, True),
        ("World", "Beta", "export", 2000, 999),  # the IMF's aggregate reporter: not used
        ("World", "World", "export", 2000, 9999),
        ("Alpha", "Beta", "import", 2000, 77),  # imports: not used
        ("Alpha", "World", "export", 2001, 100),  # 2001: no exports to Beta -> no row
    )


def mirror_matrix() -> pd.DataFrame:
    """Four economies in 2019: ratios 0.5, 1, 2 and 4 plus pairs that must be left out."""
    return make(
        ("Alpha", "Beta", "export", 2019, 100),
        ("Beta", "Alpha", "import", 2019, 50),  # Alpha -> Beta 0.5
        ("Beta", "Alpha", "export", 2019, 10),
        ("Alpha", "Beta", "import", 2019, 10),  # Beta -> Alpha 1.0
        ("Gamma", "Alpha", "export", 2019, 20),
        ("Alpha", "Gamma", "import", 2019, 40),  # Gamma -> Alpha 2.0
        ("Alpha", "Gamma", "export", 2019, 200),
        ("Gamma", "Alpha", "import", 2019, 800),  # Alpha -> Gamma 4.0
        ("Delta", "Alpha", "export", 2019, 10, True),
        ("Alpha", "Delta", "import", 2019, 30),  # Delta -> Alpha: estimate, 3.0
        ("Delta", "Beta", "export", 2019, 0),
        ("Beta", "Delta", "import", 2019, 5),  # zero: never a ratio
        ("Delta", "Gamma", "export", 2019, 5),  # no mirror: not a pair
        ("USSR", "Alpha", "export", 2019, 10),
        ("Alpha", "USSR", "import", 2019, 10),  # historical: not an economy pair
        ("Alpha", "World", "export", 2019, 310),
        ("Alpha", "World", "import", 2019, 90),
        ("Alpha", "Beta", "export", 1990, 1),
    )
