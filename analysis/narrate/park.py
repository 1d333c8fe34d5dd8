"""Sentences about the industrial park (notebook 03) and people and projects (04)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from analysis import formatting as fmt
from analysis.narrate.common import publisher

if TYPE_CHECKING:
    from analysis.park import Bounded, ResidentsGrowth


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
        f"{publisher(sources, latest['source_id'])}); no other source in the bundle gives a national count "
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
