"""Sentence parts shared by every notebook: whose statistics, growth and two-sides sentences, source footers."""

from __future__ import annotations

import pandas as pd

from analysis import formatting as fmt
from analysis import growth
from analysis.errors import ArgumentError
from analysis.hedges import ratio_qualifier, rounding_of
from analysis.series import row_in

IMF_PUBLISHER_PREFIX = "International Monetary Fund"


def whose(reporter: str) -> str:
    """'China-reported' style label of a series."""
    return f"{fmt.country(reporter)}-reported"


def by_statistics(reporter: str) -> str:
    """'by China's own statistics'."""
    return f"by {fmt.possessive(reporter)} own statistics"


def combined_bound(start_qualifier: str, end_qualifier: str) -> tuple[str, str | None]:
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
    fold = growth.fold_change(start["value"], end["value"])
    rate = growth.cagr(start["value"], end["value"], start_year, end_year)
    qualifier, bound = combined_bound(str(start["qualifier"]), str(end["qualifier"]))
    hedge = fmt.hedge(qualifier)
    text = (
        f"By {fmt.possessive(reporter)} own statistics, {fmt.country(reporter)}–{fmt.country(partner)} trade grew from "
        f"{fmt.hedged_money(start['value'], str(start['qualifier']))} in {start_year} to "
        f"{fmt.hedged_money(end['value'], str(end['qualifier']))} in {end_year}: "
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
    """The same year's bilateral trade as each side reports it, and the ratio between them; when one side has no
    figure for ``year`` (a one-sided file, a year the other side did not publish), says so instead of a ratio."""
    present = [side for side in (side_a, side_b) if (side["year"] == year).any()]
    if len(present) < 2:
        if not present:
            raise ArgumentError(f"neither side has a figure for {year}")
        have = row_in(present[0], year)
        reporter, partner = str(have["reporter"]), str(have["partner"])
        return (
            f"For {year}, {fmt.country(reporter)} reports {fmt.hedged_money(have['value'], str(have['qualifier']))} "
            f"of trade with {fmt.country(partner)}; {fmt.possessive(partner)} own figure for {year} is not in the "
            "data, so the two records cannot be compared for that year."
        )
    a, b = row_in(side_a, year), row_in(side_b, year)
    ratio = float(b["value"]) / float(a["value"])
    qualifier, bound = combined_bound(str(a["qualifier"]), str(b["qualifier"]))
    return (
        f"For {year}, {fmt.country(str(a['reporter']))} reports "
        f"{fmt.hedged_money(a['value'], str(a['qualifier']))} of trade with {fmt.country(str(a['partner']))}, "
        f"while {fmt.country(str(b['reporter']))} reports {fmt.hedged_money(b['value'], str(b['qualifier']))}: "
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


def capitalised(text: str) -> str:
    """The text with its first letter in capitals."""
    return text[:1].upper() + text[1:]


def publisher(sources: pd.DataFrame, source_id: str) -> str:
    """The publisher of a source id."""
    return str(sources.set_index("source_id").loc[source_id, "publisher"])
