"""Charts of a pair's trade: both sides over time, exports and imports, the mirror gap, the base year.

Each function follows the contract of ``analysis.plots.base``: an optional ``ax``, a ``Figure``
returned, the house style, whose statistics in the title or legend, a 'Source:' footer built from
the plotted rows' ``source_id``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from analysis import formatting as fmt
from analysis.errors import ArgumentError
from analysis.narrate import whose
from analysis.observations import year_fraction
from analysis.plots.base import add_footer, full_years, hollow_points, log_money_axes, log_ratio_axis, new_axes
from analysis.series import cited_sources
from analysis.style import FLOW_STYLES, MUTED, colour, house_style

__all__ = ["base_year_sensitivity", "exports_imports", "key_events", "mirror_ratio", "trade_over_time"]


def _events(ax: Axes, events: pd.DataFrame, first: float, last: float) -> list[str]:
    """Dotted lines at sourced milestones, labelled along the bottom of the axes."""
    ids = []
    shown = events[[first <= year_fraction(d) <= last + 1 for d in events["date"]]]
    xmid = (first + last) / 2
    for i, row in enumerate(shown.itertuples(index=False)):
        x = year_fraction(row.date)
        ax.axvline(x, color=MUTED, linewidth=0.8, linestyle=":", zorder=0)
        ax.annotate(
            row.label,
            xy=(x, 0.02 + 0.045 * (i % 4)),
            xycoords=("data", "axes fraction"),
            xytext=(3 if x < xmid else -3, 0),
            textcoords="offset points",
            fontsize=7.5,
            color=MUTED,
            ha="left" if x < xmid else "right",
            va="bottom",
        )
        ids.append(row.source_id)
    return ids


def key_events(events: pd.DataFrame) -> pd.DataFrame:
    """The milestones worth drawing on a long chart: diplomatic steps and state visits."""
    keep = (events["category"] == "diplomacy") | (
        (events["category"] == "visit") & events["label"].str.contains("state visit", case=False, regex=False)
    )
    return events[keep]


def trade_over_time(
    series: pd.DataFrame,
    sources: pd.DataFrame,
    events: pd.DataFrame | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Bilateral trade per year on a log axis, one line per reporter side.

    ``series`` is long (``analysis.series.both_sides``): values with known valuation (the IMF
    statistical series) are drawn as lines, values from statements (valuation 'unknown') as
    markers, hollow where the source hedged ('over', 'nearly', 'about').
    """
    if series.empty:
        raise ArgumentError("nothing to plot: the series is empty")
    reporters = list(dict.fromkeys(series["reporter"]))
    with house_style():
        fig, ax = new_axes(ax)
        for reporter in reporters:
            side = series[series["reporter"] == reporter]
            stats = side[side["valuation"] != "unknown"]
            said = side[side["valuation"] == "unknown"]
            c = colour(reporter, reporters)
            values = full_years(stats)
            ax.plot(values.index, values.to_numpy(), color=c, label=f"{whose(reporter)} (IMF DOTS)")
            if not said.empty:
                exact = said[said["qualifier"] == "exact"]
                hedged = said[said["qualifier"] != "exact"]
                ax.plot(
                    exact["year"],
                    exact["value"],
                    "o",
                    color=c,
                    markersize=6,
                    label=f"{whose(reporter)} (official statements)",
                )
                hollow_points(
                    ax,
                    hedged["year"],
                    hedged["value"],
                    c,
                    f"{whose(reporter)} (statement: 'over'/'nearly')" if len(hedged) else None,
                )
        log_money_axes(ax)
        ax.set_xlabel("year")
        ax.set_ylabel("US dollars, current prices (log scale)")
        countries = " and ".join(fmt.country(r) for r in reporters)
        ax.set_title(title or f"Trade between {countries}, as each side reports it")
        ids = cited_sources(series)
        if events is not None and not events.empty:
            ids += [i for i in _events(ax, events, series["year"].min(), series["year"].max()) if i not in ids]
        ax.legend(loc="upper left", fontsize=8)
        add_footer(fig, ids, sources)
    return fig


def exports_imports(series: pd.DataFrame, sources: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Exports and imports as each side reports them (colour = reporter, dash = flow), US$."""
    if series.empty:
        raise ArgumentError("nothing to plot: the series is empty")
    reporters = list(dict.fromkeys(series["reporter"]))
    with house_style():
        fig, ax = new_axes(ax)
        for (reporter, flow), part in series.groupby(["reporter", "flow"], sort=False):
            stats = part[part["valuation"] != "unknown"]
            values = full_years(stats)
            partner = fmt.country(str(part["partner"].iloc[0]))
            direction = "to" if flow == "export" else "from"
            ax.plot(
                values.index,
                values.to_numpy(),
                FLOW_STYLES[str(flow)],
                color=colour(str(reporter), reporters),
                label=f"{fmt.possessive(str(reporter))} {flow}s {direction} {partner} "
                f"({stats['valuation'].iloc[0] if len(stats) else 'n/a'})",
            )
        log_money_axes(ax)
        ax.set_ylabel("US dollars (log scale)")
        ax.set_xlabel("year")
        ax.set_title("Exports and imports, each side's own statistics")
        ax.legend(fontsize=8, loc="lower right")
        add_footer(fig, cited_sources(series), sources)
    return fig


def mirror_ratio(table: pd.DataFrame, sources: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Importer-reported imports / exporter-reported exports per year, one line per direction."""
    if table.empty:
        raise ArgumentError("nothing to plot: the mirror table is empty")
    order = list(dict.fromkeys(table["importer"]))
    with house_style():
        fig, ax = new_axes(ax)
        for (exporter, importer), part in table.groupby(["exporter", "importer"], sort=False):
            years = np.arange(part["year"].min(), part["year"].max() + 1)
            ratio = part.set_index("year")["ratio"].reindex(years)
            ax.plot(
                years,
                ratio.to_numpy(),
                color=colour(str(importer), order),
                marker=".",
                label=f"{fmt.country(str(exporter))} → {fmt.country(str(importer))}: "
                f"{whose(str(importer))} imports ÷ {whose(str(exporter))} exports",
            )
        ax.axhline(1.0, color=MUTED, linewidth=1)
        log_ratio_axis(ax, "y", subs=(0.5, 1.0, 2.0, 5.0))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("importer's figure ÷ exporter's figure (log scale)")
        ax.set_xlabel("year")
        ax.set_title("The mirror gap: how far the two sides' records of the same goods differ")
        ax.legend(fontsize=8, loc="upper right")
        add_footer(fig, cited_sources(table), sources, note="Imports are valued CIF, exports FOB; 1× = both agree.")
    return fig


def base_year_sensitivity(
    table: pd.DataFrame,
    reporter: str,
    end_year: int,
    sources: pd.DataFrame,
    source_ids: list[str],
    ax: Axes | None = None,
) -> Figure:
    """Compound annual growth to ``end_year`` from each candidate base year (bars, % a year)."""
    if table.empty:
        raise ArgumentError("nothing to plot: the sensitivity table is empty")
    with house_style():
        fig, ax = new_axes(ax)
        ax.bar(table["base_year"], table["cagr"] * 100, color=colour(reporter), width=0.8)
        ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("base year")
        ax.set_ylabel(f"growth a year to {end_year}")
        ax.set_title(f"Growth to {end_year} depends on the base year ({whose(reporter)} totals)")
        add_footer(fig, source_ids, sources)
    return fig
