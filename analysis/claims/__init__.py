"""Check published claims against the data: one verdict per ledger row, for anyone's ledger.

**Sides.** A claim that names whose statistics it uses (``reporter``) is read against that side
only. A claim that names none is read against each side of the pair; the verdict says which
side(s) it fits (``fits``), and the figure shown (``side``, ``computed``) is that of a side it fits,
the speaker's or outlet's country first (``speaker_country``); when it fits none, the speaker's
side, else the nearest figure. A claim is never checked against its own document: every data row
whose source has the same URL (or, without a URL, the same outlet, date and title) is left out.

**Tolerance** (what a claimed figure admits, from ``analysis.hedges``; ``u`` is one unit of the
claim's last significant digit as written: 1 for "83", 0.01 billion for "5.08 billion"):

- exact  "US$5.08 billion":  v - u/2 .. v + u/2    (the data round to the claimed figure)
- about  "about $30m":       v ± max(u/2, 10% of v)
- over   "over 7,000":       v .. no upper limit
- nearly "nearly 83":        v - min(u, 10% of v) .. v

A data value that is itself hedged ("over US$3.8 billion") or a ratio of hedged values is a range;
so is a *bracket*, the figures of other documents before and after the claim's date. A claim
holds where its band and the data's range overlap.

**Revision band.** Customs figures are revised after first publication. The band is the largest
revision of a cumulative value in China customs' monthly tables (``revisions.revision_band``,
computed from the table: about 0.65%). A trade claim that fails its tolerance but holds once each
figure of the data may move by the band (a level by ±band; a ratio of two figures by the ratio of
(1 + band) to (1 - band)) is *within revision band*: a preliminary or unrevised figure, not an
error. Official statements against the IMF's later figures test the band
(``revisions`` docstring); they do not set it.

**Difference** (``difference_pct``): (the data's figure - the claimed figure) / the claimed figure
× 100; for a range, the nearer end, and 0 when the claimed figure lies inside it.

Verdicts (``VERDICTS``):

- ``consistent``: the claim's primary reading holds (``fits`` lists the sides);
- ``consistent under a reading``: only another reading holds (an increase rather than a multiple,
  another candidate end year); ``reading`` says which;
- ``within revision band``: no reading holds within the tolerance, one does within the revision band;
- ``inconsistent``: no reading holds, even within the revision band;
- ``not checkable``: the data cannot test it (no data for the year, or no document but the claim's
  own) -- never marked consistent by default.

The data's vintage (``data_vintage``): IMF DOTS as downloaded in the snapshot ``sources.csv`` names.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.claims.check import RESULT_COLUMNS, VERDICTS, Context, difference_pct, evaluate, flow_of
from analysis.claims.ledger import document_keys, excerpt, load_out_of_scope, read_ledger, validate_ledger
from analysis.claims.revisions import RevisionBand, gacc_revisions, load_gacc_table, revision_band

__all__ = [
    "RESULT_COLUMNS",
    "VERDICTS",
    "RevisionBand",
    "check_claims",
    "data_vintage",
    "difference_pct",
    "document_keys",
    "excerpt",
    "flow_of",
    "gacc_revisions",
    "load_gacc_table",
    "load_out_of_scope",
    "read_ledger",
    "revision_band",
    "statement_revisions",
    "summary",
    "validate_ledger",
]

PathOrFrame = str | Path | pd.DataFrame | None


def check_claims(
    claims: PathOrFrame = None,
    trade: PathOrFrame = None,
    observations: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    pair: tuple[str, str] = ("CHN", "BLR"),
    sources: PathOrFrame = None,
    band: RevisionBand | None = None,
) -> pd.DataFrame:
    """Judge every ledger row; one result row per claim (``RESULT_COLUMNS``).

    ``claims``: a ledger frame, or the path of a ledger CSV in the bundled layout (its
    ``sources.csv`` beside it unless ``sources`` is given; every problem reported at once with file,
    line and column), default the bundled ledger. ``trade``: a trade frame or a trade CSV (the
    ``data/trade.csv`` layout, sources beside it), default the bundled data; for another pair pass
    e.g. ``analysis.pair.trade_from_dots(load_dots(), a, b)`` and ``pair=(a, b)``. ``observations``
    is park.csv and exchanges.csv stacked. ``band`` defaults to ``revision_band()``.
    """
    from analysis import load

    label = "claims.csv"
    if isinstance(claims, str | Path):
        label = str(claims)
        claims, ledger_sources = read_ledger(claims, None if isinstance(sources, pd.DataFrame) else sources, pair)
    else:
        claims = load.load_claims() if claims is None else claims
        ledger_sources = None
    if isinstance(trade, str | Path):
        trade = load.load_trade(trade)
    trade = load.load_trade() if trade is None else trade
    if observations is None:
        observations = pd.concat([load.load_park(), load.load_exchanges()], ignore_index=True)
    events = load.load_events() if events is None else events
    known = sources if isinstance(sources, pd.DataFrame) else load.load_sources()
    if ledger_sources is not None:
        known = pd.concat([known, ledger_sources], ignore_index=True).drop_duplicates("source_id")
    ctx = Context(trade, observations, events, known, pair, band or revision_band())
    return evaluate(claims, ctx, label)


def summary(results: pd.DataFrame) -> dict[str, int]:
    """How many claims got each verdict (every verdict, zeros included)."""
    counts = results["verdict"].value_counts()
    return {v: int(counts.get(v, 0)) for v in VERDICTS}


def data_vintage(sources: pd.DataFrame, source_ids: tuple[str, ...] = ("imf-dots-chn", "imf-dots-blr")) -> str:
    """Which IMF DOTS vintage the check uses, from ``sources.csv``: 'values as downloaded on 2022-02-02
    (snapshot of 2022-05-09)'."""
    rows = sources[sources["source_id"].isin(source_ids)]
    published = sorted(set(rows["published"]))
    accessed = sorted(set(rows["accessed"]))
    return f"values as downloaded on {', '.join(published)} (snapshot of {', '.join(accessed)})"


def statement_revisions(results: pd.DataFrame) -> pd.DataFrame:
    """Official statements that name their statistics and give an exact trade level, against the data of
    that side (rows of ``check_claims`` results): claim_id, side, value, computed, difference_pct, verdict."""
    named = results[
        results["metric"].isin(["trade_total", "trade_export", "trade_import"])
        & (results["qualifier"] == "exact")
        & results["reporter"].ne("")
        & results["computed"].notna()
    ]
    return named.loc[:, ["claim_id", "side", "value", "computed", "difference_pct", "verdict"]].reset_index(drop=True)
