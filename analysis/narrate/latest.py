"""Sentences for the latest years (notebook 07): China customs' figures in yuan, conversions stated, growth
printed beside recomputed, shares from one source, constant dollars. Every figure comes from arguments."""

from __future__ import annotations

import pandas as pd

from analysis import formatting as fmt
from analysis.currency import Converted
from analysis.economy import Share
from analysis.latest import LatestHeadline
from analysis.months import YtdGrowth, ytd_label
from analysis.prices import DESCRIPTIONS

CUSTOMS = "China customs (GACC)"


def yuan(value: float, digits: int = 4) -> str:
    """Yuan in words by magnitude: '63.30 billion yuan'.

    >>> yuan(63_302_042_520), yuan(4.38e13, 3)
    ('63.30 billion yuan', '43.8 trillion yuan')
    """
    return fmt.money(value, digits, currency="") + " yuan"


def full_year_sentence(partner: str, year: int, converted: Converted) -> str:
    """'China customs recorded 63.30 billion yuan of trade with Belarus in 2025 (US$8.80 billion, converted ...).'"""
    return (
        f"{CUSTOMS} recorded {yuan(converted.value)} of trade with {fmt.country(partner)} in {year}, the December "
        f"cumulative value (China's statistics): {fmt.money(converted.usd)}, {converted.words}."
    )


def ytd_growth_sentence(g: YtdGrowth) -> str:
    """Year-to-date growth in yuan, GACC's printed rate beside the recomputed one, the difference explained."""
    year = int(g.period[:4])
    return (
        f"In {g.label}, China's trade with {fmt.country(g.partner)} was {yuan(g.value)}: "
        f"{fmt.percent(g.printed, signed=True)} on the same months of {year - 1} as {CUSTOMS} prints it, "
        f"{fmt.percent(g.recomputed, 2, signed=True)} recomputed from the {year - 1} bulletin "
        f"({yuan(g.base)}). The printed rate is measured against GACC's revised {year - 1} figure, "
        f"about {yuan(g.revised_base)}, so the two differ by {abs(g.difference) * 100:.2f} percentage points. "
        "Growth is in yuan: there is no sourced exchange rate for part of a year."
    )


def share_sentence(partner: str, share: float, other: str, other_share: float, period: str) -> str:
    """A partner's share of China's trade with the world, beside another partner's, one source and currency."""
    return (
        f"{fmt.country(partner)} accounted for {fmt.percent(share, 2)} of China's trade with the world in "
        f"{ytd_label(period)} ({fmt.country(other)}: {fmt.percent(other_share)}), both shares of GACC's own "
        "world total, in yuan."
    )


def revisions_sentence(revisions: pd.DataFrame, partner: str) -> str:
    """How far the cumulative values are from the sum of the months as first published."""
    worst = revisions.loc[revisions["gap"].abs().idxmax()]
    return (
        f"For {fmt.country(partner)}, the cumulative values differ from the sum of the months as first published "
        f"by up to {abs(worst['gap']) * 100:.2f}% ({ytd_label(str(worst['period']))}): GACC revises earlier "
        "months inside its cumulative column, so the cumulative value is used for every period."
    )


def headline_sentence(h: LatestHeadline) -> str:
    """Growth from the start year to the latest full year, China's side, currency and conversion stated."""
    g = h.growth
    return (
        f"By China's statistics, trade with {fmt.country(h.partner)} grew from {fmt.money(h.start_usd)} in "
        f"{h.start} (IMF, Direction of Trade Statistics) to {yuan(h.end_value)} in {h.end} ({CUSTOMS}), that is "
        f"{fmt.money(h.end_usd)} {h.converted.words}: {fmt.ratio(g['nominal_multiple'])} in current dollars and "
        f"{fmt.ratio(g['real_multiple'])} in constant dollars ({DESCRIPTIONS['cpi']}), "
        f"{fmt.percent(g['nominal_cagr'])} and {fmt.percent(g['real_cagr'])} a year."
    )


def constant_dollar_sentence(growth: dict[str, float], start: int, end: int, kind: str = "cpi") -> str:
    """A multiple in current and in constant dollars, with the deflator named."""
    return (
        f"From {start} to {end} the value rose {fmt.ratio(growth['nominal_multiple'])} in current dollars; prices "
        f"rose {fmt.ratio(growth['price_ratio'], 3)} ({DESCRIPTIONS[kind]}), so in constant dollars the rise is "
        f"{fmt.ratio(growth['real_multiple'])}: {fmt.percent(growth['real_cagr'])} a year in real terms against "
        f"{fmt.percent(growth['nominal_cagr'])} nominal."
    )


def gdp_share_sentence(share: Share) -> str:
    """Trade as a share of GDP (or merchandise trade), with both sources named."""
    what = "GDP" if share.of == "gdp" else "merchandise trade"
    return (
        f"That trade equals {fmt.percent(share.value, 2)} of {fmt.possessive(share.iso3)} {what} in {share.year} "
        f"({fmt.money(share.denominator)}); {share.sources}."
    )


def statements_sentence(table: pd.DataFrame) -> str:
    """Recent statements beside China customs where a same-period, same-currency comparison exists."""
    usable = table.dropna(subset=["customs_usd"])
    if usable.empty:
        return "No recent statement can be set beside China customs' figures in the same period and currency."
    parts = [
        f"{fmt.possessive(r.reporter)} {r.period} {r.year} figure of {fmt.hedged_money(r.statement_usd, r.qualifier)} "
        f"is {fmt.ratio(r.ratio, 2)} China customs' {fmt.money(r.customs_usd)}"
        for r in usable.itertuples(index=False)
    ]
    no_rate = int(table["note"].str.contains("no sourced rate").sum())
    no_bulletin = int(table["note"].str.contains("has no bulletin").sum())
    return (
        "Of the recent statements, " + "; ".join(parts) + f". Not compared: {no_rate} part-year figure(s) in US "
        f"dollars (no sourced rate for part of a year) and {no_bulletin} figure(s) for periods before the customs "
        "table starts."
    )


def recent_claims_sentence(table: pd.DataFrame, claims: pd.DataFrame) -> str:
    """Each recent multiple or level of the ledger, computed on each side, the conversion and hedges stated."""
    if table.empty:
        return "No claim of the ledger ends in a full year of China customs' table."
    out = []
    for claim_id, rows in table.groupby("claim_id", sort=False):
        first = rows.iloc[0]
        words = claims.set_index("claim_id").loc[claim_id, "claim"]
        parts = []
        for r in rows.itertuples(index=False):
            bound = "lower" if r.end_qualifier == "over" else None
            shown = fmt.ratio(r.computed, 1, bound) if r.check == "multiple" else fmt.money(r.computed, 3, bound)
            how = f", the end value {r.conversion}" if r.conversion else ""
            parts.append(f"by {fmt.possessive(r.side)} statistics {fmt.hedge(r.end_qualifier)}{shown}{how}")
        span = f"{first['start']}-{first['end']}" if first["check"] == "multiple" else str(first["end"])
        out.append(f"'{words}' ({span}): " + "; ".join(parts) + ".")
    return " ".join(out) + " Start years come from the IMF's Direction of Trade Statistics, each side's own."
