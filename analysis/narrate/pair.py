"""Sentences about the pair: the headline (notebook 01 and the index page) and the two sides (01, 02)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from analysis import formatting as fmt
from analysis.errors import ArgumentError
from analysis.mirror import VALUATION_CAVEAT
from analysis.narrate.common import growth_sentence, two_sides_sentence, whose
from analysis.pair import PairContext

if TYPE_CHECKING:
    from analysis.mirror import RatioSummary


def headline(ctx: PairContext) -> str:
    """The headline: growth of the reporter's own series between the context's headline years.

    Notebook 01 and the report's index page both show this sentence.
    """
    if ctx.start_year is None or ctx.end_year is None:
        raise ArgumentError(f"no headline: the trade table has no series of {ctx.reporter_name}'s own statistics")
    if ctx.single_year:
        return level_sentence(ctx)
    text = growth_sentence(ctx.own, ctx.start_year, ctx.end_year)
    if ctx.own_origin is not None:
        text += f" ({ctx.reporter_name}'s figures from the bundled IMF DOTS matrix: the file holds the partner's only.)"
    return text


def level_sentence(ctx: PairContext) -> str:
    """One year only: the level by the reporter's own statistics, and that no growth can be computed."""
    row = ctx.own.iloc[0]
    where = " (from the bundled IMF DOTS matrix)" if ctx.own_origin is not None else ""
    return (
        f"By {fmt.possessive(ctx.reporter)} own statistics{where}, {ctx.reporter_name}–{ctx.partner_name} trade was "
        f"{fmt.hedged_money(float(row['value']), str(row['qualifier']))} in {int(row['year'])}. The data hold this one "
        "year only: levels, shares and the gap between the two sides can be read, growth cannot."
    )


def latest_sides(ctx: PairContext) -> str | None:
    """Both sides' figures for the last year both report (None when they share no year)."""
    common = sorted(set(ctx.own["year"]) & set(ctx.other["year"]))
    return two_sides_sentence(ctx.own, ctx.other, common[-1]) if common else None


def first_year_sides(ctx: PairContext, claim: pd.Series | None = None) -> str:
    """Both sides' totals in the headline's first year, the reporter's flows, and the check of a ``claim``
    about that year (a row of ``analysis.claims.check_claims``), when given."""
    year = int(ctx.start_year) if ctx.start_year is not None else int(ctx.own["year"].min())
    exports, imports = ctx.flow_values(year)
    text = two_sides_sentence(ctx.own, ctx.other, year) + (
        f" The {whose(ctx.reporter)} total is the sum of {fmt.possessive(ctx.reporter)} exports "
        f"({fmt.money(exports)}) and imports ({fmt.money(imports)})."
    )
    if claim is not None:
        text += (
            f" The article's starting figure, {fmt.money(claim['value'])}, is therefore "
            f"{whose(claim['side'])}: the check against the data is *{claim['verdict']}*. {claim['reason']}"
        )
    return text


def claim_reading(claim: pd.Series) -> str:
    """A checked claim quoted with its tolerance, verdict and reason (a row of ``check_claims``)."""
    return (
        f"The article calls the rise *\u201c{claim['claim']}\u201d*. The claim admits {claim['tolerance']}. "
        f"Verdict: **{claim['verdict']}**. {claim['reason']}"
    )


def base_year_range(table: pd.DataFrame, end_year: int) -> str:
    """How far the yearly rate and the multiple move with the base year (``growth.base_year_sensitivity``)."""
    return (
        f"Depending on the base year between {table['base_year'].iloc[0]} and {table['base_year'].iloc[-1]}, "
        f"the yearly rate to {end_year} ranges from {fmt.percent(table['cagr'].min())} to "
        f"{fmt.percent(table['cagr'].max())}, and the multiple from "
        f"{fmt.ratio(table['fold_change'].min())} to {fmt.ratio(table['fold_change'].max())}."
    )


def totals_window(window: RatioSummary | None, numerator: str, denominator: str) -> str:
    """Range and median of one side's totals over the other's (an ``analysis.mirror.RatioSummary``); when the
    two statistical series share no year (``window`` None), says that the gap cannot be measured."""
    if window is None:
        return (
            f"{whose(numerator).capitalize()} and {whose(denominator)} statistical series share no year here, so "
            "the gap between the two records cannot be measured."
        )
    w = window
    return (
        f"In the two statistical series, from {w.first_year} to {w.last_year}, {whose(numerator)} totals are between "
        f"{fmt.ratio(w.min, 2)} and {fmt.ratio(w.max, 2)} the {whose(denominator)} totals "
        f"(median {fmt.ratio(w.median, 2)}, {w.n_years} years)."
    )


def statements_ratio(ratio: pd.DataFrame, after: int) -> str | None:
    """The ratio of the two sides' statements for the years after ``after`` (``mirror.totals_ratio``), or None."""
    later = ratio[ratio["year"] > after]
    if later.empty:
        return None
    years = "; ".join(
        f"{int(r.year)}: {fmt.ratio(r.ratio, 2)}"
        + (" (one side hedged)" if r.qualifier_num != "exact" or r.qualifier_den != "exact" else "")
        for r in later.itertuples()
    )
    return (
        f"After that only official statements exist, and the ratio of the two sides' statements is smaller: {years}. "
        "Statements are rounded and may use other definitions, so the two periods are not strictly comparable."
    )


def mirror_directions(mirror: pd.DataFrame, since: int) -> str:
    """One bullet per direction of trade: the median mirror ratio from ``since`` and the last year's figures
    (``analysis.mirror.mirror_table``), then the FOB/CIF caveat."""
    lines = []
    for (exporter, importer), part in mirror.groupby(["exporter", "importer"], sort=False):
        recent = part[part["year"] >= since]
        if recent.empty:
            continue
        lines.append(
            f"- {fmt.country(exporter)} → {fmt.country(importer)}: {whose(importer)} imports are "
            f"{fmt.ratio(recent['ratio'].median(), 2)} the {whose(exporter)} exports (median "
            f"{recent['year'].min()}–{recent['year'].max()}); in {part['year'].max()}: "
            f"{fmt.money(part['imports_usd'].iloc[-1])} against {fmt.money(part['exports_usd'].iloc[-1])}."
        )
    if not lines:
        return "No year has both sides' figures for the same direction of trade, so there is no mirror comparison."
    return "\n".join(lines) + "\n\n" + VALUATION_CAVEAT


def two_first_years(belarus: pd.Series, article: pd.Series) -> str:
    """The two first-year figures officials quote, each with its verdict (rows of ``check_claims``)."""
    return (
        f"{belarus['speaker']} (published {belarus['published']}): *\u201c{belarus['claim']}\u201d* \u2014 "
        f"{belarus['verdict']} with {whose(belarus['side'])} statistics. {belarus['reason']}\n\n"
        f"The 2023 article: *\u201c{article['claim']}\u201d* \u2014 {article['verdict']} with "
        f"{whose(article['side'])} statistics. {article['reason']}"
    )


def case_study_note(ctx: PairContext) -> str | None:
    """For a notebook about the bundled case study only: what it means for another pair (None for the case study)."""
    if ctx.case_study:
        return None
    return (
        f"*This notebook is about the bundled China–Belarus case study; its figures do not depend on the pair "
        f"({ctx.reporter}–{ctx.partner}) or the file given.*"
    )


REJECTED_SHOWN = 25  # rejected rows listed on the report's index page (all are in the saved pair context)


def data_notes(ctx: PairContext) -> str | None:
    """What a reader must know about the pair's data, as Markdown bullets (None when nothing): the importer's
    notes (a side missing from the file, the IMF DOTS side offered instead, rows left out and why) and, with
    ``errors="report"``, how many rows were rejected."""
    lines = [f"- {note}" for note in ctx.notes]
    if len(ctx.rejected):
        lines.append(
            f"- {len(ctx.rejected):,} row(s) of the file were rejected and left out (`--errors report`); the report's "
            f"index page lists the first {min(len(ctx.rejected), REJECTED_SHOWN)}."
        )
    return "\n".join(lines) if lines else None
