"""Sentences placing the pair in world trade (notebook 06)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from analysis import formatting as fmt
from analysis.narrate.common import by_statistics, capitalised, whose
from analysis.pair import PairContext

if TYPE_CHECKING:
    from analysis.world import MirrorPosition


def share_text(share: float) -> str:
    """A share of a country's total trade: two decimals, four for very small shares.

    >>> share_text(0.0720), share_text(0.000645)
    ('7.20%', '0.0645%')
    """
    return fmt.percent(share, 2 if share >= 0.001 else 4)


def world_matrix_note(ctx: PairContext) -> str | None:
    """Why the world-context notebook uses the bundled IMF matrix for a user file that is not one (else None)."""
    if ctx.data_path is None or ctx.world_matrix is not None:
        return None
    return f"*{ctx.data_path} is not a DOTS matrix (.parquet): this notebook uses the bundled IMF matrix.*"


def partner_rank(ranks: pd.DataFrame, reporter: str, partner: str, steps: tuple[int, ...] = (1995, 2005, 2015)) -> str:
    """The reporter's rank and share among the partner's partners, by the partner's statistics.

    ``ranks`` is the reporter's rows of ``world.partner_shares(dots, partner)``, indexed by year.
    """
    last = int(ranks.index.max())
    years = [y for y in dict.fromkeys([*steps, last]) if y in ranks.index]
    first = years[0]
    return (
        f"{capitalised(by_statistics(partner))}, {fmt.country(reporter)} was {fmt.possessive(partner)} partner number "
        + ", ".join(f"{int(ranks.loc[y, 'rank'])} of {int(ranks.loc[y, 'n_ranked'])} in {y}" for y in years[:-1])
        + f" and {int(ranks.loc[last, 'rank'])} of {int(ranks.loc[last, 'n_ranked'])} in {last}"
        + f". Its share of {fmt.possessive(partner)} trade went from {share_text(ranks.loc[first, 'share'])} in "
        f"{first} to {share_text(ranks.loc[last, 'share'])} in {last} "
        f"({fmt.ratio(ranks.loc[last, 'share'] / ranks.loc[first, 'share'], 1)} the {first} share)."
    )


def both_views(mine: pd.DataFrame, theirs: pd.DataFrame, reporter: str, partner: str) -> str:
    """Each country's share of the other's trade, each by its own statistics, in the last year of both.

    ``mine``: the reporter's rows in the partner's ``partner_shares``; ``theirs``: the partner's rows in the
    reporter's; both indexed by year.
    """
    r_name, p_name = fmt.country(reporter), fmt.country(partner)
    end = int(theirs.index.intersection(mine.index).max())
    here, there = mine.loc[end, "share"], theirs.loc[end, "share"]
    more, less = (p_name, r_name) if here >= there else (r_name, p_name)
    weight = max(here, there) / min(here, there)
    return (
        f"{capitalised(by_statistics(reporter))}, {p_name} took {share_text(there)} "
        f"of {fmt.possessive(reporter)} trade in {end}, partner number {int(theirs.loc[end, 'rank'])} of "
        f"{int(theirs.loc[end, 'n_ranked'])}. Each by its own statistics, {r_name} was {share_text(here)} of "
        f"{fmt.possessive(partner)} trade that year and {p_name} {share_text(there)} of {fmt.possessive(reporter)}: "
        f"as a share of each country's trade, their trade matters {fmt.ratio(weight, 0 if weight >= 10 else 1)} as "
        f"much to {more} as to {less}."
    )


def intensity_sentence(intensity: pd.DataFrame, back: pd.DataFrame, reporter: str, partner: str) -> str:
    """Trade intensity both ways (``world.trade_intensity``, indexed by year): last year, high and low."""
    high, low = intensity["intensity"].idxmax(), intensity["intensity"].idxmin()
    last_i, last_b = int(intensity.index.max()), int(back.index.max())
    return (
        f"The trade intensity of {fmt.possessive(reporter)} exports to {fmt.country(partner)} ({whose(reporter)}) "
        f"was {intensity.loc[last_i, 'intensity']:.3g} in {last_i}, after a high of "
        f"{intensity.loc[high, 'intensity']:.3g} in {high} and a low of {intensity.loc[low, 'intensity']:.3g} in "
        f"{low}. The other way, "
        f"{fmt.possessive(partner)} exports to {fmt.country(reporter)} ({whose(partner)}): "
        f"{back.loc[last_b, 'intensity']:.3g} in {last_b}."
    )


def mirror_positions(year: int, positions: list[MirrorPosition], min_value_musd: float) -> str:
    """Where each direction's mirror ratio falls among all pairs of ``year`` (``world.MirrorPosition`` items)."""
    big = fmt.money(min_value_musd * 1e6, 2)
    lines = [
        f"- {fmt.country(p.exporter)} → {fmt.country(p.importer)}: {whose(p.importer)} imports "
        f"{fmt.money(p.imports_cif_usd_millions * 1e6)} against {whose(p.exporter)} exports "
        f"{fmt.money(p.exports_fob_usd_millions * 1e6)}, a ratio of {fmt.ratio(p.ratio, 2)}: higher than "
        f"{fmt.percent(p.percentile / 100, 0)} of all {fmt.count(p.n_pairs)} pairs and than "
        f"{fmt.percent(p.percentile_min_value / 100, 0)} of the {fmt.count(p.n_pairs_min_value)} pairs where both "
        f"figures are at least {big}."
        for p in positions
    ]
    first = positions[0]
    return (
        f"Mirror ratios in {year} (importer's figure ÷ exporter's figure; median of all pairs "
        f"{fmt.ratio(first.median_ratio, 2)}, of the pairs of at least {big} "
        f"{fmt.ratio(first.median_ratio_min_value, 2)}):"
        "\n\n" + "\n".join(lines)
    )


def importer_position(
    ranked: pd.DataFrame, as_exporter: pd.DataFrame, reporter: str, partner: str, year: int, min_pairs: int
) -> str:
    """The partner's median mirror ratio as an importer among ranked importers, and the reporter's as an exporter.

    ``ranked``: ``tables.ranked_importers``; ``as_exporter``: ``world.exporter_medians`` indexed by exporter.
    """
    r_name, p_name = fmt.country(reporter), fmt.country(partner)
    me, other_side = ranked.loc[partner], as_exporter.loc[reporter]
    tail = (
        f"; {r_name} as an importer: {fmt.ratio(ranked.loc[reporter, 'median_ratio'], 2)}, number "
        f"{int(ranked.loc[reporter, 'place'])}."
        if reporter in ranked.index
        else "."
    )
    return (
        f"In {year} the median mirror ratio of {p_name} as an importer, over its {int(me['n_pairs'])} partners, "
        f"is {fmt.ratio(me['median_ratio'], 2)}: number {int(me['place'])} of the {len(ranked)} importers with at "
        f"least {min_pairs} pairs, whose median is {fmt.ratio(ranked['median_ratio'].median(), 2)}. Weighted by "
        f"value (all its imports from these partners ÷ their exports to it) the ratio is "
        f"{fmt.ratio(me['weighted_ratio'], 2)}. {r_name} as an exporter: median "
        f"{fmt.ratio(other_side['median_ratio'], 2)} over {int(other_side['n_pairs'])} partners" + tail
    )
