"""The fact-check chart: each checkable claim's computed value ÷ its claimed value, by verdict.

Contract as in ``analysis.plots.base``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.errors import ArgumentError
from analysis.plots.base import add_footer, log_ratio_axis, new_axes
from analysis.style import MUTED, house_style

__all__ = ["VERDICT_COLOURS", "claims_chart"]


VERDICT_COLOURS = {
    "consistent": "#1b7837",
    "consistent under a reading": "#e08214",
    "inconsistent": "#b2182b",
}


def claims_chart(
    results: pd.DataFrame, sources: pd.DataFrame, data_source_ids: list[str] | None = None, ax: Axes | None = None
) -> Figure:
    """Computed value ÷ claimed value for every checkable claim (log scale; 1× = the claim's own
    figure), coloured by verdict. ``results`` is ``analysis.claims.check_claims()``; the footer
    cites ``data_source_ids`` (what the claims were checked against) and the claims' sources."""
    checked = results[results["verdict"] != "not checkable"].reset_index(drop=True)
    if checked.empty:
        raise ArgumentError("nothing to plot: no claim could be checked")
    ratio = checked["computed"] / checked["value"]
    with house_style():
        fig, ax = new_axes(ax, (9.0, max(4.0, 0.22 * len(checked) + 1.5)))
        y = np.arange(len(checked))[::-1]
        for verdict, c in VERDICT_COLOURS.items():
            mask = (checked["verdict"] == verdict).to_numpy()
            ax.scatter(ratio[mask], y[mask], color=c, s=28, label=verdict, zorder=3)
        ax.axvline(1.0, color=MUTED, linewidth=1)
        log_ratio_axis(ax, "x")
        ax.set_yticks(y)
        ax.set_yticklabels(checked["claim_id"], fontsize=7)
        ax.set_xlabel("computed from the data ÷ claimed (log scale)")
        ax.set_title("Published claims against the data")
        ax.legend(fontsize=8, loc="lower right")
        add_footer(fig, list(dict.fromkeys([*(data_source_ids or []), *checked["source_id"]])), sources)
    return fig
