"""The fact-check chart: for each checkable claim, the figure of the side used ÷ the claimed figure, by verdict.

Contract as in ``analysis.plots.base``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis import formatting as fmt
from analysis.errors import ArgumentError
from analysis.plots.base import add_footer, log_ratio_axis, new_axes
from analysis.style import MUTED, house_style

__all__ = ["VERDICT_COLOURS", "VERDICT_MARKERS", "claims_chart"]


VERDICT_COLOURS = {
    "consistent": "#1b7837",
    "consistent under a reading": "#5aae61",
    "within revision band": "#e08214",
    "inconsistent": "#b2182b",
}
VERDICT_MARKERS = {
    "consistent": "o",
    "consistent under a reading": "s",
    "within revision band": "D",
    "inconsistent": "X",
}


def claims_chart(
    results: pd.DataFrame, sources: pd.DataFrame, data_source_ids: list[str] | None = None, ax: Axes | None = None
) -> Figure:
    """The figure of the side used ÷ the claimed figure for every checkable claim (log scale; 1× = the claim's
    own figure), one marker shape and colour per verdict, the side named beside each point; a range of the data
    is drawn as a bar with the point at its end nearest the claim. ``results`` is ``check_claims()``; the
    footer cites ``data_source_ids`` (what the claims were checked against) and the claims' sources."""
    checked = results[results["verdict"].isin(list(VERDICT_COLOURS))].reset_index(drop=True)
    if checked.empty:
        raise ArgumentError("nothing to plot: no claim could be checked")
    ratio = (1 + checked["difference_pct"] / 100).to_numpy()
    low = (checked["computed_low"] / checked["value"]).to_numpy()
    high = (checked["computed_high"] / checked["value"]).to_numpy()
    with house_style():
        fig, ax = new_axes(ax, (9.0, max(4.0, 0.22 * len(checked) + 1.5)))
        y = np.arange(len(checked))[::-1]
        ax.axvline(1.0, color=MUTED, linewidth=1, zorder=1)
        for verdict, colour in VERDICT_COLOURS.items():
            mask = (checked["verdict"] == verdict).to_numpy()
            ranged = mask & (low != high)
            ax.hlines(y[ranged], low[ranged], high[ranged], color=colour, linewidth=2, alpha=0.5, zorder=2)
            ax.scatter(
                ratio[mask], y[mask], color=colour, marker=VERDICT_MARKERS[verdict], s=30, label=verdict, zorder=3
            )
        for yi, r, hi, side in zip(y, ratio, high, checked["side"], strict=True):
            if side:
                ax.annotate(
                    fmt.country(side), (max(r, hi), yi), xytext=(5, 0), textcoords="offset points",
                    fontsize=6, color=MUTED, va="center",
                )  # fmt: skip
        log_ratio_axis(ax, "x")
        ax.set_yticks(y)
        ax.set_yticklabels(checked["label"], fontsize=7)
        ax.set_ylim(-1, len(checked))
        ax.set_xlabel("figure of the side used (named beside each point) ÷ claimed figure (log scale)")
        ax.set_title("Published claims against the data")
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, title="verdict")
        add_footer(fig, list(dict.fromkeys([*(data_source_ids or []), *checked["source_id"]])), sources)
    return fig
