"""Sentences for readers, computed from the data: every figure in them comes from arguments.

Each builder names whose statistics it uses, carries the source's hedge ("over", "nearly") into
the wording and rounds a bound only in its safe direction (see ``analysis.formatting``). The notebooks
and the report's index page build every sentence here (they define no functions of their own); the
builders are grouped by the notebook that uses them first. Money is US dollars throughout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from analysis import formatting as fmt
from analysis import growth
from analysis.errors import ArgumentError
from analysis.hedges import ratio_qualifier, rounding_of
from analysis.mirror import VALUATION_CAVEAT
from analysis.pair import PairContext
from analysis.series import row_in

if TYPE_CHECKING:
    from analysis.mirror import RatioSummary
    from analysis.park import Bounded, ResidentsGrowth
    from analysis.world import MirrorPosition

IMF_PUBLISHER_PREFIX = "International Monetary Fund"


def whose(reporter: str) -> str:
    """'China-reported' style label of a series."""
    return f"{fmt.country(reporter)}-reported"


def by_statistics(reporter: str) -> str:
    """'by China's own statistics'."""
    return f"by {fmt.possessive(reporter)} own statistics"


def _combined_bound(start_qualifier: str, end_qualifier: str) -> tuple[str, str | None]:
    """Hedge of a ratio end/start and the direction to round it in."""
    qualifier = ratio_qualifier(start_qualifier, end_qualifier)
    return qualifier, rounding_of(qualifier)


def growth_sentence(series: pd.DataFrame, start_year: int, end_year: int) -> str:
    """How much one reporter's series grew between two years, in words.

    ``series`` is one reporter's annual series (``analysis.series.annual_series``).
    """
    if end_year <= start_year:
        raise ArgumentError(f"end year {end_year} must be after start year {start_year}")
    start, end = row_in(series, start_year), row_in(series, end_year)
    reporter, partner = str(start["reporter"]), str(start["partner"])
    fold = growth.fold_change(start["value_usd"], end["value_usd"])
    rate = growth.cagr(start["value_usd"], end["value_usd"], start_year, end_year)
    qualifier, bound = _combined_bound(str(start["qualifier"]), str(end["qualifier"]))
    hedge = fmt.hedge(qualifier)
    text = (
        f"By {fmt.possessive(reporter)} own statistics, {fmt.country(reporter)}–{fmt.country(partner)} trade grew from "
        f"{fmt.hedged_money(start['value_usd'], str(start['qualifier']))} in {start_year} to "
        f"{fmt.hedged_money(end['value_usd'], str(end['qualifier']))} in {end_year}: "
        f"{hedge}{fmt.ratio(fold, 1, bound)} the starting level "
        f"(an increase of {hedge}{fmt.ratio(fold - 1, 1, bound).rstrip('×')} times)"
    )
    if rate > 0:
        text += (
            f", or {hedge}{fmt.percent(rate, 1, bound=bound)} a year compounded over "
            f"{end_year - start_year} years; at that pace trade doubled every "
            f"{fmt.years(growth.doubling_time(rate))}."
        )
    else:
        text += f", or {fmt.percent(rate, 1, signed=True)} a year over {end_year - start_year} years."
    return text


def two_sides_sentence(side_a: pd.DataFrame, side_b: pd.DataFrame, year: int) -> str:
    """The same year's bilateral trade as each side reports it, and the ratio between them."""
    a, b = row_in(side_a, year), row_in(side_b, year)
    ratio = float(b["value_usd"]) / float(a["value_usd"])
    qualifier, bound = _combined_bound(str(a["qualifier"]), str(b["qualifier"]))
    return (
        f"For {year}, {fmt.country(str(a['reporter']))} reports "
        f"{fmt.hedged_money(a['value_usd'], str(a['qualifier']))} of trade with {fmt.country(str(a['partner']))}, "
        f"while {fmt.country(str(b['reporter']))} reports {fmt.hedged_money(b['value_usd'], str(b['qualifier']))}: "
        f"{fmt.hedge(qualifier)}{fmt.ratio(ratio, 2, bound)} the {whose(str(a['reporter']))} figure."
    )


def source_footer(source_ids: list[str], sources: pd.DataFrame, limit: int = 4) -> str:
    """'Source: ...' line for a chart, built from the ids of the plotted points.

    IMF ids collapse to the IMF's required attribution; statements are listed as
    'publisher (date)'; beyond ``limit`` entries the rest are counted.
    """
    table = sources.set_index("source_id")
    missing = [s for s in source_ids if s not in table.index]
    if missing:
        raise ArgumentError(f"source ids not in the sources table: {', '.join(missing)}")
    parts: dict[str, None] = {}
    for sid in source_ids:
        row = table.loc[sid]
        if str(row["publisher"]).startswith(IMF_PUBLISHER_PREFIX):
            parts.setdefault("IMF, Direction of Trade Statistics", None)
        else:
            date = str(row["published"]).lstrip("~") or "undated"
            parts.setdefault(f"{row['publisher']} ({date})", None)
    names = list(parts)
    shown = names[:limit]
    more = len(names) - len(shown)
    tail = f"; and {more} more (data/sources.csv)" if more > 0 else ""
    return "Source: " + "; ".join(shown) + tail


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _publisher(sources: pd.DataFrame, source_id: str) -> str:
    return str(sources.set_index("source_id").loc[source_id, "publisher"])


# --- the pair: headline (notebook 01 and the index page), the two sides (01, 02) -------------------------


def headline(ctx: PairContext) -> str:
    """The headline: growth of the reporter's own series between the context's headline years.

    Notebook 01 and the report's index page both show this sentence.
    """
    if ctx.start_year is None or ctx.end_year is None:
        raise ArgumentError(f"no headline: the trade table has no series of {ctx.reporter_name}'s own statistics")
    return growth_sentence(ctx.own, ctx.start_year, ctx.end_year)


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
            f"{whose(claim['side'])}: the check against the data is *{claim['verdict']}* "
            f"({claim['reason']})."
        )
    return text


def claim_reading(claim: pd.Series) -> str:
    """A checked claim quoted with its tolerance, verdict and reason (a row of ``check_claims``)."""
    return (
        f"The article calls the rise *\u201c{claim['claim']}\u201d*. The claim admits {claim['tolerance']}. "
        f"Verdict: **{claim['verdict']}** \u2014 it {claim['reason']}."
    )


def base_year_range(table: pd.DataFrame, end_year: int) -> str:
    """How far the yearly rate and the multiple move with the base year (``growth.base_year_sensitivity``)."""
    return (
        f"Depending on the base year between {table['base_year'].iloc[0]} and {table['base_year'].iloc[-1]}, "
        f"the yearly rate to {end_year} ranges from {fmt.percent(table['cagr'].min())} to "
        f"{fmt.percent(table['cagr'].max())}, and the multiple from "
        f"{fmt.ratio(table['fold_change'].min())} to {fmt.ratio(table['fold_change'].max())}."
    )


def totals_window(window: RatioSummary, numerator: str, denominator: str) -> str:
    """Range and median of one side's totals over the other's (an ``analysis.mirror.RatioSummary``)."""
    w = window
    return (
        f"In the IMF series, from {w.first_year} to {w.last_year}, {whose(numerator)} totals are between "
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
        lines.append(
            f"- {fmt.country(exporter)} → {fmt.country(importer)}: {whose(importer)} imports are "
            f"{fmt.ratio(recent['ratio'].median(), 2)} the {whose(exporter)} exports (median "
            f"{recent['year'].min()}–{recent['year'].max()}); in {part['year'].max()}: "
            f"{fmt.money(part['imports_usd'].iloc[-1])} against {fmt.money(part['exports_usd'].iloc[-1])}."
        )
    return "\n".join(lines) + "\n\n" + VALUATION_CAVEAT


def two_first_years(belarus: pd.Series, article: pd.Series) -> str:
    """The two first-year figures officials quote, each with its verdict (rows of ``check_claims``)."""
    return (
        f"{belarus['speaker']} (published {belarus['published']}): *\u201c{belarus['claim']}\u201d* \u2014 "
        f"{belarus['verdict']} with {whose(belarus['side'])} statistics ({belarus['reason']}).\n\n"
        f"The 2023 article: *\u201c{article['claim']}\u201d* \u2014 {article['verdict']} with "
        f"{whose(article['side'])} statistics ({article['reason']})."
    )


def case_study_note(ctx: PairContext) -> str | None:
    """For a notebook about the bundled case study only: what it means for another pair (None for the case study)."""
    if ctx.case_study:
        return None
    return (
        f"*This notebook is about the bundled China–Belarus case study; its figures do not depend on the pair "
        f"({ctx.reporter}–{ctx.partner}) or the file given.*"
    )


# --- the industrial park (03) and people and projects (04) --------------------------------------------

ADDITIONS_NOTE = (
    "Reports a few days apart or dated only by month or year can show odd changes (even falls, where one "
    "source counts differently); the per-year rate is shown only for gaps of at least half a year."
)


def residents_sentence(residents: pd.DataFrame, growth_all: ResidentsGrowth) -> str:
    """First and last resident counts and the average growth between them (``park.residents_cagr``)."""
    first, last, g = residents.iloc[0], residents.iloc[-1], growth_all
    return (
        f"The park reported {fmt.count(first['value'])} resident companies in {first['as_of']} and "
        f"{fmt.count(last['value'])} in {last['as_of']} ({len(residents)} dated reports): "
        f"{fmt.ratio(g.multiple)} in {fmt.years(g.years)}, or "
        f"{fmt.percent(g.rate)} a year on average."
    )


def investment_and_profit(
    investment: pd.Series, residents: pd.Series, per: Bounded, profit_growth_pct: float, multiplier: float
) -> str:
    """The article's investment per resident (a ``park.Bounded``) and its profit growth as a multiplier."""
    lower = per.bound == "lower"
    growth_pct = float(profit_growth_pct)
    return (
        f"- {fmt.hedged_money(investment['value'], investment['qualifier'], 2)} of intended investment over "
        f"{fmt.count(residents['value'])} residents is **{'at least ' if lower else ''}"
        f"{fmt.money(per.value, 3, 'lower' if lower else None)} per resident** "
        f"(a {per.bound} bound: the source says \u201cexceeds\u201d).\n"
        f"- Net profit up by {fmt.percent(growth_pct / 100, 0)} means "
        f"**{fmt.ratio(multiplier, 1)}** the previous year's profit, not {fmt.ratio(growth_pct / 100, 1)}."
    )


def conflicts_sentence(conflicts: pd.DataFrame) -> str:
    """How many pairs of statements disagree (``park.conflicts``)."""
    return f"{len(conflicts)} pairs of park statements disagree for the same metric and date."


def students_sentence(claimed: pd.Series, latest: pd.Series, sources: pd.DataFrame) -> str:
    """The article's student count against the latest figure from any other source."""
    return (
        f"The article says the number of Chinese students in Belarus is {fmt.hedge(claimed['qualifier'])}"
        f"{fmt.count(claimed['value'])} ({claimed['as_of']}). The latest figure from any other source is "
        f"{fmt.hedge(latest['qualifier'])}{fmt.count(latest['value'])} ({latest['as_of']}, "
        f"{_publisher(sources, latest['source_id'])}); no other source in the bundle gives a national count "
        f"after {latest['as_of']}, so the article's figure can be neither confirmed nor refuted here. Three "
        f"figures published within {latest['as_of']} already disagree with each other."
    )


def institutes_sentence(institutes: pd.DataFrame) -> str:
    """How many reports of the Confucius Institutes count there are, and that the latest ones differ."""
    return (
        f"{len(institutes)} reports of the number of Confucius Institutes; the counts reported in "
        f"{institutes['as_of'].str.slice(0, 4).iloc[-2]} already differ between sources, so the article's count "
        "is recorded beside them rather than checked against a single figure."
    )


def visits_sentence(visits: pd.DataFrame, same_day: pd.DataFrame) -> str:
    """The article's visit ordinal and how many sources repeat it for the same day."""
    return (
        f"The article's count of the March 2023 visit ({fmt.count(same_day['value'].iloc[0])}) is repeated by "
        f"{len(same_day) - 1} other source(s) for the same day. A later aggregator page gives the same ordinal for a "
        f"{visits['as_of'].iloc[-1][:4]} trip, which contradicts the official numbering (kept, marked low reliability)."
    )


def only_article_sentence(metrics: list[str]) -> str:
    """The metrics no source but the article reports."""
    return (
        "Figures that only the article gives (no other source in the bundle reports the same metric): "
        + ", ".join(f"`{m}`" for m in metrics)
        + "."
    )


# --- the fact check (05) --------------------------------------------------------------------------


def verdict_counts(results: pd.DataFrame, counts: dict[str, int]) -> str:
    """'Of 53 claims, **26** consistent, ...' (``claims.summary``)."""
    return f"Of {len(results)} claims, " + ", ".join(f"**{n}** {v}" for v, n in counts.items()) + "."


def claim_reasons(claims: pd.DataFrame) -> str:
    """One bullet per claim (indexed by claim id): its verdict and the reason."""
    return "\n".join(f"- **{cid}** ({row['verdict']}): {row['reason']}" for cid, row in claims.iterrows())


def failed_claims(claims: pd.DataFrame) -> str:
    """One bullet per claim: who said it, when, the words (first 90 characters) and why it fails."""
    return "\n".join(
        f"- {row.speaker} ({row.published}): *\u201c{row.claim[:90]}\u201d* \u2014 {row.reason}"
        for row in claims.itertuples()
    )


def unchecked_claims(claims: pd.DataFrame) -> str:
    """One bullet per claim id: why the data cannot check it."""
    return "\n".join(f"- `{row.claim_id}`: {row.reason}" for row in claims.itertuples())


# --- world context (06) ---------------------------------------------------------------------------


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
        f"{_capitalised(by_statistics(partner))}, {fmt.country(reporter)} was {fmt.possessive(partner)} partner number "
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
        f"{_capitalised(by_statistics(reporter))}, {p_name} took {share_text(there)} "
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
