"""Bilateral annual series from the tidy trade table, one reporter's statistics at a time.

Conventions (tested):
- A series is always *one reporter's* statistics; two sides are never averaged or spliced.
- Only ``period == 'annual'`` rows enter an annual series; part-year values never do.
- ``total`` = export + import where both flows exist for that year and reporter (the derived
  total carries both source ids and the hedge of a sum, ``analysis.hedges.combine_qualifiers``);
  a published total is used only where the flows are not both there. A year with neither stays
  missing: no zero, no interpolation.
- Where several sources give the same reporter/year/flow, the least hedged wins (exact, then
  about, then nearly/over: ``analysis.hedges.PREFERENCE``); equal values are merged and cite
  every source; two different values equally hedged are ambiguous and raise ``ArgumentError``
  (filter the sources first).
- ``valuation`` is FOB/CIF for statistical series, ``FOB+CIF`` for a total derived from both,
  and ``unknown`` for values from statements (which do not say): the charts use it to draw
  statements distinctly from the IMF series.

Values are US dollars; a table whose rows for the series are in several currencies raises
``MixedCurrencyError`` (one series, one currency: convert with ``analysis.currency`` first).
"""

from __future__ import annotations

import pandas as pd

from analysis.contract import dtypes
from analysis.currency import one_currency
from analysis.errors import ArgumentError
from analysis.hedges import PREFERENCE, combine_qualifiers

FLOWS = ("export", "import", "total")
# A derived layout, not a file: trade.csv's columns without period (always annual here); valuation may be
# "FOB+CIF" and source_id several ';'-joined ids. The dtypes are trade.csv's (analysis.contract).
SERIES_COLUMNS = ["year", "reporter", "partner", "flow", "value", "qualifier", "valuation", "source_id"]


def _pick(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per year/flow: the least hedged value; equal values merge their sources."""
    ranked = rows.assign(_rank=rows["qualifier"].map(PREFERENCE))
    best = ranked[ranked["_rank"] == ranked.groupby(["year", "flow"])["_rank"].transform("min")]
    distinct = best.groupby(["year", "flow"])["value"].nunique()
    if (distinct > 1).any():
        year, flow = distinct[distinct > 1].index[0]
        clash = best[(best["year"] == year) & (best["flow"] == flow)]
        listing = "; ".join(f"{v:,.0f} ({s})" for v, s in zip(clash["value"], clash["source_id"], strict=True))
        raise ArgumentError(
            f"ambiguous {flow} for {clash['reporter'].iloc[0]}->{clash['partner'].iloc[0]} in {year}: "
            f"equally hedged sources disagree ({listing}); filter the trade frame to one source first"
        )
    return (
        best.groupby(["year", "flow"], as_index=False)
        .agg(
            reporter=("reporter", "first"),
            partner=("partner", "first"),
            value=("value", "first"),
            qualifier=("qualifier", "first"),
            valuation=("valuation", "first"),
            source_id=("source_id", lambda s: ";".join(sorted(set(s)))),
        )
        .loc[:, SERIES_COLUMNS]
    )


def annual_series(trade: pd.DataFrame, reporter: str, partner: str, flow: str = "total") -> pd.DataFrame:
    """One reporter's annual series of trade with a partner, US dollars, one row per year.

    Columns: year, reporter, partner, flow, value, qualifier, valuation, source_id (';'-joined
    when several sources support the value). Years nobody published are absent.
    """
    if flow not in FLOWS:
        raise ArgumentError(f"unknown flow {flow!r}: expected one of {', '.join(FLOWS)}")
    for name, code in (("reporter", reporter), ("partner", partner)):
        if code not in set(trade[name]):
            raise ArgumentError(f"no rows with {name} {code!r} in the trade table")
    rows = trade[(trade["reporter"] == reporter) & (trade["partner"] == partner) & (trade["period"] == "annual")]
    if "currency" in rows and not rows.empty:
        one_currency(rows["currency"], f"{reporter}'s annual series with {partner}")
    rows = rows.loc[:, SERIES_COLUMNS]
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in _DTYPES.items()})
    picked = _pick(rows)
    if flow != "total":
        out = picked[picked["flow"] == flow]
    else:
        out = _totals(picked)
    return out.sort_values("year").reset_index(drop=True).astype(_DTYPES)


_DTYPES = {c: dtypes("trade.csv")[c] for c in SERIES_COLUMNS}


def _totals(picked: pd.DataFrame) -> pd.DataFrame:
    flows = picked[picked["flow"].isin(["export", "import"])]
    per_year = flows.groupby("year")["flow"].nunique()
    both_years = per_year[per_year == 2].index
    both = flows[flows["year"].isin(both_years)]
    derived = both.groupby("year", as_index=False).agg(
        reporter=("reporter", "first"),
        partner=("partner", "first"),
        value=("value", "sum"),
        qualifier=("qualifier", lambda q: combine_qualifiers(list(q))),
        valuation=("valuation", lambda v: "+".join(dict.fromkeys(sorted(v, key=["FOB", "CIF", "unknown"].index)))),
        source_id=("source_id", lambda s: ";".join(sorted(set(";".join(s).split(";"))))),
    )
    derived = derived.assign(flow="total", valuation=derived["valuation"].replace({"unknown+unknown": "unknown"}))
    published = picked[(picked["flow"] == "total") & ~picked["year"].isin(both_years)]
    return pd.concat([derived.loc[:, SERIES_COLUMNS], published], ignore_index=True)


def both_sides(trade: pd.DataFrame, country_a: str, country_b: str, flow: str = "total") -> pd.DataFrame:
    """Both countries' own statistics of their bilateral trade, long form (a ``reporter`` column).

    ``flow`` is from each reporter's own view: with ``flow='export'`` the rows are A's exports to
    B (A's statistics) and B's exports to A (B's statistics).
    """
    parts = [annual_series(trade, country_a, country_b, flow), annual_series(trade, country_b, country_a, flow)]
    return pd.concat(parts, ignore_index=True)


def value_in(series: pd.DataFrame, year: int) -> float:
    """The series value (US$) for ``year``; ``ArgumentError`` when the year has no value."""
    hit = series.loc[series["year"] == year, "value"]
    if hit.empty:
        have = series["year"].tolist()
        span = f"{min(have)}-{max(have)}" if have else "none"
        raise ArgumentError(f"no value for {year} in this series (years with values: {span}; gaps stay gaps)")
    return float(hit.iloc[0])


def row_in(series: pd.DataFrame, year: int) -> pd.Series:
    """The whole row (value, qualifier, sources) for ``year``."""
    value_in(series, year)
    return series.loc[series["year"] == year].iloc[0]


def as_values(series: pd.DataFrame) -> pd.Series:
    """Just the values, indexed by year (the form ``analysis.growth`` takes)."""
    return pd.Series(series["value"].to_numpy(), index=pd.Index(series["year"], name="year"), name="value")


def cited_sources(*frames: pd.DataFrame) -> list[str]:
    """Every source id behind the rows of the given series, in first-seen order."""
    ids: dict[str, None] = {}
    for frame in frames:
        for joined in frame["source_id"]:
            for sid in str(joined).split(";"):
                ids.setdefault(sid, None)
    return list(ids)
