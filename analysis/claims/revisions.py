"""How much published trade figures are revised: the revision band of the fact check, from the data.

Evidence (all computed here, nothing typed):

- **China customs (GACC) monthly tables** (``gacc``: period ``YYYY-MM``, partner, flow, month_value,
  ytd_value; any one currency): a month's cumulative (year-to-date) value is not the previous
  cumulative value plus the month's first-published value, because GACC revises earlier months
  inside the cumulative column. The *revision* of a cumulative value is
  ``|ytd(m) - ytd(m-1) - month(m)| / ytd(m)`` (January has none). The band is the largest such
  revision over every partner, flow and month of the table.
- **Statements against the IMF's later figures** (``statement_revisions``): official statements that
  name their statistics and give an exact figure, against the IMF DOTS value of the same side, flow
  and year. They are shown beside the band as a test of it, not used to set it (they are the claims
  being judged; a band drawn from them would pass them by construction).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.errors import ArgumentError

__all__ = ["GACC_COLUMNS", "RevisionBand", "gacc_revisions", "load_gacc_table", "revision_band"]

GACC_COLUMNS = ("period", "partner", "flow", "month_value", "ytd_value")
GACC_FILE = "external/gacc_monthly_rmb_blr_rus_world.csv"  # in the shared research folder
GACC_SOURCE = (
    "China customs (GACC) monthly bulletin, imports and exports by country, RMB edition "
    "(as kept in the GitHub repository Ex-Caliburn/funny, commit 08b25ef)"
)


@dataclass(frozen=True)
class RevisionBand:
    """The largest revision in the evidence: ``fraction`` (0.0065 = 0.65%) and where it was seen."""

    fraction: float
    period: str
    partner: str
    flow: str
    n_revisions: int
    source: str = GACC_SOURCE

    @property
    def percent(self) -> float:
        """The band in percent (0.65 for 0.65%)."""
        return 100.0 * self.fraction


def load_gacc_table(path: str | Path | None = None) -> pd.DataFrame:
    """The GACC monthly table in ``GACC_COLUMNS`` (values in 10,000 yuan, as published).

    Default: the bundled ``data/gacc_monthly.csv`` when the data carry it (same columns, yuan), else
    the research copy beside the repository (``../shared/data``). A missing file is a
    ``FileNotFoundError`` naming it.
    """
    from analysis.paths import data_file, repo_root

    if path is None and data_file("gacc_monthly.csv").is_file():
        bundled = pd.read_csv(data_file("gacc_monthly.csv"), dtype={"period": "string", "partner": "string"})
        return bundled.loc[:, list(GACC_COLUMNS)]
    if path is None:
        root = repo_root()
        if root is None:
            raise FileNotFoundError("the GACC monthly table: pass its path (no source checkout to find it in)")
        path = root.parent / "shared" / "data" / GACC_FILE
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"the GACC monthly table {path} is missing")
    raw = pd.read_csv(path, dtype={"period": "string", "partner": "string", "flow": "string"})
    return raw.rename(columns={"month_value_10k_cny": "month_value", "ytd_value_10k_cny": "ytd_value"}).loc[
        :, list(GACC_COLUMNS)
    ]


def gacc_revisions(gacc: pd.DataFrame) -> pd.DataFrame:
    """One row per cumulative value after January: period, partner, flow, ytd_value, expected (the previous
    cumulative value plus the month's first-published value) and revision (a fraction of ytd_value)."""
    missing = [c for c in GACC_COLUMNS if c not in gacc.columns]
    if missing:
        raise ArgumentError(f"the GACC table needs the columns {', '.join(GACC_COLUMNS)}; missing {', '.join(missing)}")
    table = gacc.assign(
        year=gacc["period"].str.slice(0, 4), month=gacc["period"].str.slice(5, 7).astype("int64")
    ).sort_values(["partner", "flow", "year", "month"])
    previous = table.groupby(["partner", "flow", "year"])["ytd_value"].shift(1)
    expected = previous + table["month_value"]
    out = table.assign(expected=expected, revision=(table["ytd_value"] - expected).abs() / table["ytd_value"])
    out = out[out["month"] > 1].dropna(subset=["expected"])
    return out.loc[:, ["period", "partner", "flow", "ytd_value", "expected", "revision"]].reset_index(drop=True)


def revision_band(gacc: pd.DataFrame | None = None) -> RevisionBand:
    """The revision band: the largest revision of a GACC cumulative value (``gacc_revisions``).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"period": ["2024-01", "2024-02"], "partner": ["BLR"] * 2, "flow": ["total"] * 2,
    ...                   "month_value": [100.0, 50.0], "ytd_value": [100.0, 151.0]})
    >>> round(revision_band(t).percent, 3)
    0.662
    """
    revisions = gacc_revisions(load_gacc_table() if gacc is None else gacc)
    if revisions.empty:
        raise ArgumentError("the GACC table has no cumulative value after January: no revision to measure")
    worst = revisions.loc[revisions["revision"].idxmax()]
    return RevisionBand(
        float(worst["revision"]), str(worst["period"]), str(worst["partner"]), str(worst["flow"]), len(revisions)
    )
