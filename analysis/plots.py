"""Charts as matplotlib ``Figure`` objects, in the house style, each saying whose data it shows.

Every function takes an optional ``ax`` (to draw into a figure of the caller's) and returns the
``Figure``; none calls ``plt.show()`` or ``savefig`` or changes global rcParams. Each figure gets
a 'Source:' footer built from the ``source_id`` values of the points it plots. ``save_figure``
writes PNG and SVG deterministically (identical figure -> identical bytes).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, PercentFormatter

from analysis import formatting as fmt
from analysis.errors import ArgumentError
from analysis.narrate import source_footer, whose
from analysis.paths import output_dir
from analysis.series import cited_sources
from analysis.style import ALERT, FLOW_STYLES, FOOTER_SIZE, MUTED, RC, colour, house_style

FOOTER_TAG = "source-footer"


def _axes(ax: Axes | None, figsize: tuple[float, float] | None = None) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    fig, new_ax = plt.subplots(figsize=figsize or RC["figure.figsize"], layout="constrained")
    return fig, new_ax


def _short_money(value: float, _pos: object = None) -> str:
    if value <= 0:
        return ""
    for scale, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if value >= scale:
            scaled = value / scale
            text = f"{scaled:,.0f}" if scaled >= 10 or scaled == int(scaled) else f"{scaled:,.1f}"
            return f"${text}{suffix}"
    return f"${value:,.0f}"


def _footer(fig: Figure, ids: list[str], sources: pd.DataFrame, note: str = "") -> None:
    text = textwrap.fill(source_footer(ids, sources), width=150, subsequent_indent="  ")
    if note:
        text = note + "\n" + text
    label = fig.text(0.005, 0.0, text, fontsize=FOOTER_SIZE, color=MUTED, ha="left", va="top")
    label.set_gid(FOOTER_TAG)
    lines = text.count("\n") + 1
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        # constrained layout does not see figure texts: reserve a band at the bottom for the footer
        band = 0.035 * lines + 0.01
        engine.set(rect=(0, band, 1, 1 - band))
        label.set_y(band - 0.005)
    else:
        label.set_va("bottom")


def footer_text(fig: Figure) -> str:
    """The 'Source:' footer of a figure made here (for tests and captions)."""
    for text in fig.texts:
        if text.get_gid() == FOOTER_TAG:
            return text.get_text()
    raise ArgumentError("this figure has no source footer")


def _year_position(date: str) -> float:
    parts = [int(p) for p in date.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 7
    return year + (month - 1) / 12


def _events(ax: Axes, events: pd.DataFrame, first: float, last: float) -> list[str]:
    """Dotted lines at sourced milestones, labelled along the bottom of the axes."""
    ids = []
    shown = events[[first <= _year_position(d) <= last + 1 for d in events["date"]]]
    xmid = (first + last) / 2
    for i, row in enumerate(shown.itertuples(index=False)):
        x = _year_position(row.date)
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


def _log_money_axes(ax: Axes) -> None:
    """Log scale of US dollars on y ('$500m', '$2bn'), whole years on x."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(_short_money))
    ax.yaxis.set_minor_formatter(FuncFormatter(lambda *_: ""))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _full_years(frame: pd.DataFrame) -> pd.Series:
    """Values on a complete year range, NaN where missing, so lines break at gaps."""
    if frame.empty:
        return pd.Series(dtype="float64")
    years = np.arange(frame["year"].min(), frame["year"].max() + 1)
    return frame.set_index("year")["value_usd"].reindex(years)


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
        fig, ax = _axes(ax)
        for reporter in reporters:
            side = series[series["reporter"] == reporter]
            stats = side[side["valuation"] != "unknown"]
            said = side[side["valuation"] == "unknown"]
            c = colour(reporter, reporters)
            values = _full_years(stats)
            ax.plot(values.index, values.to_numpy(), color=c, label=f"{whose(reporter)} (IMF DOTS)")
            if not said.empty:
                exact = said[said["qualifier"] == "exact"]
                hedged = said[said["qualifier"] != "exact"]
                ax.plot(
                    exact["year"],
                    exact["value_usd"],
                    "o",
                    color=c,
                    markersize=6,
                    label=f"{whose(reporter)} (official statements)",
                )
                ax.plot(
                    hedged["year"],
                    hedged["value_usd"],
                    "o",
                    markerfacecolor="white",
                    markeredgecolor=c,
                    markersize=6,
                    label=f"{whose(reporter)} (statement: 'over'/'nearly')" if len(hedged) else None,
                )
        _log_money_axes(ax)
        ax.set_xlabel("year")
        ax.set_ylabel("US dollars, current prices (log scale)")
        countries = " and ".join(fmt.country(r) for r in reporters)
        ax.set_title(title or f"Trade between {countries}, as each side reports it")
        ids = cited_sources(series)
        if events is not None and not events.empty:
            ids += [i for i in _events(ax, events, series["year"].min(), series["year"].max()) if i not in ids]
        ax.legend(loc="upper left", fontsize=8)
        _footer(fig, ids, sources)
    return fig


def exports_imports(series: pd.DataFrame, sources: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Exports and imports as each side reports them (colour = reporter, dash = flow), US$."""
    if series.empty:
        raise ArgumentError("nothing to plot: the series is empty")
    reporters = list(dict.fromkeys(series["reporter"]))
    with house_style():
        fig, ax = _axes(ax)
        for (reporter, flow), part in series.groupby(["reporter", "flow"], sort=False):
            stats = part[part["valuation"] != "unknown"]
            values = _full_years(stats)
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
        _log_money_axes(ax)
        ax.set_ylabel("US dollars (log scale)")
        ax.set_xlabel("year")
        ax.set_title("Exports and imports, each side's own statistics")
        ax.legend(fontsize=8, loc="lower right")
        _footer(fig, cited_sources(series), sources)
    return fig


def mirror_ratio(table: pd.DataFrame, sources: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Importer-reported imports / exporter-reported exports per year, one line per direction."""
    if table.empty:
        raise ArgumentError("nothing to plot: the mirror table is empty")
    order = list(dict.fromkeys(table["importer"]))
    with house_style():
        fig, ax = _axes(ax)
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
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=(0.5, 1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}×"))
        ax.yaxis.set_minor_formatter(FuncFormatter(lambda *_: ""))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("importer's figure ÷ exporter's figure (log scale)")
        ax.set_xlabel("year")
        ax.set_title("The mirror gap: how far the two sides' records of the same goods differ")
        ax.legend(fontsize=8, loc="upper right")
        _footer(fig, cited_sources(table), sources, note="Imports are valued CIF, exports FOB; 1× = both agree.")
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
        fig, ax = _axes(ax)
        ax.bar(table["base_year"], table["cagr"] * 100, color=colour(reporter), width=0.8)
        ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("base year")
        ax.set_ylabel(f"growth a year to {end_year}")
        ax.set_title(f"Growth to {end_year} depends on the base year ({whose(reporter)} totals)")
        _footer(fig, source_ids, sources)
    return fig


def park_residents(residents: pd.DataFrame, sources: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Park residents: a step line through the observations (no interpolation), a dot for each
    observation, and observations that conflict with another source at the same date marked.

    ``residents`` is ``analysis.park.residents(park)`` (columns date, value, source_id, conflict).
    """
    if residents.empty:
        raise ArgumentError("nothing to plot: no resident observations")
    with house_style():
        fig, ax = _axes(ax)
        ax.step(
            residents["date"],
            residents["value"],
            where="post",
            color=MUTED,
            linewidth=1.2,
            label="last reported count (held until the next report)",
        )
        ax.plot(residents["date"], residents["value"], "o", color=colour("BLR"), markersize=4, label="reported count")
        clash = residents[residents["conflict"]]
        if not clash.empty:
            ax.plot(
                clash["date"],
                clash["value"],
                "x",
                color=ALERT,
                markersize=8,
                mew=2,
                label="sources disagree (same date)",
            )
        ax.set_ylabel("resident companies")
        ax.set_xlabel("date of the report")
        ax.set_title("China–Belarus Industrial Park 'Great Stone': resident companies")
        ax.legend(fontsize=8, loc="upper left")
        _footer(fig, cited_sources(residents), sources)
    return fig


def observations(frame: pd.DataFrame, sources: pd.DataFrame, title: str, ylabel: str,
                 ax: Axes | None = None) -> Figure:
    """Dated observations of one metric (``analysis.park.residents(frame, metric=...)``): a dot per
    report, hollow where the source hedged, no line between reports (nothing is interpolated)."""
    if frame.empty:
        raise ArgumentError("nothing to plot: no observations")
    with house_style():
        fig, ax = _axes(ax, (9.0, 4.0))
        exact = frame[frame["qualifier"] == "exact"]
        hedged = frame[frame["qualifier"] != "exact"]
        ax.plot(exact["date"], exact["value"], "o", color=colour("BLR"), label="reported figure")
        if not hedged.empty:
            ax.plot(hedged["date"], hedged["value"], "o", markerfacecolor="white", markeredgecolor=colour("BLR"),
                    label="hedged figure ('over', 'nearly', 'about')")
            for row in hedged.itertuples(index=False):
                mark = {"over": "▲", "nearly": "▼", "about": "≈"}[row.qualifier]
                ax.annotate(mark, (row.date, row.value), xytext=(6, -3), textcoords="offset points", fontsize=8,
                            color=MUTED)
        ax.set_ylim(bottom=0)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.legend(fontsize=8, loc="upper left")
        _footer(fig, cited_sources(frame), sources)
    return fig


VERDICT_COLOURS = {
    "consistent": "#1b7837",
    "consistent under a reading": "#e08214",
    "inconsistent": "#b2182b",
}


def claims_chart(results: pd.DataFrame, sources: pd.DataFrame, data_source_ids: list[str] | None = None,
                 ax: Axes | None = None) -> Figure:
    """Computed value ÷ claimed value for every checkable claim (log scale; 1× = the claim's own
    figure), coloured by verdict. ``results`` is ``analysis.claims.check_claims()``; the footer
    cites ``data_source_ids`` (what the claims were checked against) and the claims' sources."""
    checked = results[results["verdict"] != "not checkable"].reset_index(drop=True)
    if checked.empty:
        raise ArgumentError("nothing to plot: no claim could be checked")
    ratio = checked["computed"] / checked["value"]
    with house_style():
        fig, ax = _axes(ax, (9.0, max(4.0, 0.22 * len(checked) + 1.5)))
        y = np.arange(len(checked))[::-1]
        for verdict, c in VERDICT_COLOURS.items():
            mask = (checked["verdict"] == verdict).to_numpy()
            ax.scatter(ratio[mask], y[mask], color=c, s=28, label=verdict, zorder=3)
        ax.axvline(1.0, color=MUTED, linewidth=1)
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}×"))
        ax.xaxis.set_minor_formatter(FuncFormatter(lambda *_: ""))
        ax.set_yticks(y)
        ax.set_yticklabels(checked["claim_id"], fontsize=7)
        ax.set_xlabel("computed from the data ÷ claimed (log scale)")
        ax.set_title("Published claims against the data")
        ax.legend(fontsize=8, loc="lower right")
        _footer(fig, list(dict.fromkeys([*(data_source_ids or []), *checked["source_id"]])), sources)
    return fig


def save_figure(fig: Figure, name: str, folder: Path | None = None) -> list[Path]:
    """Write ``name.png`` and ``name.svg`` deterministically; returns the paths.

    PNG: no 'Software' tag; SVG: no date or creator, fixed hash salt. Unchanged figures give
    unchanged bytes.
    """
    if not name or "/" in name or name.startswith("."):
        raise ArgumentError(f"figure name must be a plain file stem, got {name!r}")
    folder = folder or output_dir("figures")
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    with house_style():
        fig.savefig(paths[0], format="png", metadata={"Software": None})
        fig.savefig(paths[1], format="svg", metadata={"Date": None, "Creator": None})
    return paths
