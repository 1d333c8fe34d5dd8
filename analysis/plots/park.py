"""Charts of dated observations: the park's residents as a step line, any metric's reports as dots.

Dates are positioned as ``analysis.observations`` places them (a month on its 15th, a year on
1 July); nothing is interpolated between reports. Contract as in ``analysis.plots.base``.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.errors import ArgumentError
from analysis.hedges import SYMBOLS
from analysis.plots.base import add_footer, hollow_points, new_axes
from analysis.series import cited_sources
from analysis.style import ALERT, MUTED, colour, house_style

__all__ = ["observations", "park_residents"]


def park_residents(residents: pd.DataFrame, sources: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Park residents: a step line through the observations (no interpolation), a dot for each
    observation, and observations that conflict with another source at the same date marked.

    ``residents`` is ``analysis.park.residents(park)`` (columns date, value, source_id, conflict).
    """
    if residents.empty:
        raise ArgumentError("nothing to plot: no resident observations")
    with house_style():
        fig, ax = new_axes(ax)
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
        add_footer(fig, cited_sources(residents), sources)
    return fig


def observations(frame: pd.DataFrame, sources: pd.DataFrame, title: str, ylabel: str, ax: Axes | None = None) -> Figure:
    """Dated observations of one metric (``analysis.park.residents(frame, metric=...)``): a dot per
    report, hollow where the source hedged, no line between reports (nothing is interpolated)."""
    if frame.empty:
        raise ArgumentError("nothing to plot: no observations")
    with house_style():
        fig, ax = new_axes(ax, (9.0, 4.0))
        exact = frame[frame["qualifier"] == "exact"]
        hedged = frame[frame["qualifier"] != "exact"]
        ax.plot(exact["date"], exact["value"], "o", color=colour("BLR"), label="reported figure")
        if not hedged.empty:
            label = "hedged figure ('over', 'nearly', 'about')"
            hollow_points(ax, hedged["date"], hedged["value"], colour("BLR"), label)
            for row in hedged.itertuples(index=False):
                mark = SYMBOLS[row.qualifier]
                ax.annotate(
                    mark, (row.date, row.value), xytext=(6, -3), textcoords="offset points", fontsize=8, color=MUTED
                )
        ax.set_ylim(bottom=0)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.legend(fontsize=8, loc="upper left")
        add_footer(fig, cited_sources(frame), sources)
    return fig
