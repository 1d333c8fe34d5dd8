"""The latest months: China customs' monthly figures in yuan, the months as first published and the cumulative line."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from analysis import formatting as fmt
from analysis.errors import ArgumentError
from analysis.months import growth_table, series
from analysis.plots.base import add_footer, new_axes
from analysis.style import MUTED, colour, house_style


def _yuan_billions(value: float, _pos: object = None) -> str:
    return f"{value / 1e9:,.0f}"


def monthly_chart(gacc: pd.DataFrame, partner: str, sources: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Bars: each month as first published; line (right axis): the cumulative value January to the month, as
    published that month (it includes revisions). Yuan, China's statistics; one line per year."""
    rows = series(gacc, partner)
    if rows.empty:
        raise ArgumentError(f"nothing to plot for partner {partner!r}")
    with house_style():
        fig, ax = new_axes(ax, (10.0, 5.0))
        x = pd.PeriodIndex(rows["period"], freq="M").to_timestamp()
        ax.bar(x, rows["month_value"], width=20, color=colour("CHN"), alpha=0.55, label="month, as first published")
        right = ax.twinx()
        for year, part in rows.assign(x=x).groupby(rows["period"].str[:4]):
            right.plot(part["x"], part["ytd_value"], color=MUTED, marker=".", label=f"cumulative {year}")
        for axis in (ax, right):
            axis.yaxis.set_major_formatter(FuncFormatter(_yuan_billions))
        right.set_ylim(bottom=0)
        right.grid(False)
        ax.set_ylabel("billion yuan, month")
        right.set_ylabel("billion yuan, cumulative January to month")
        ax.set_title(f"China's trade with {fmt.country(partner)} by month, yuan (China customs' statistics)")
        handles = ax.get_legend_handles_labels()
        more = right.get_legend_handles_labels()
        ax.legend(handles[0] + more[0], handles[1] + more[1], fontsize=8, loc="upper left")
        first, last = rows["period"].iloc[0], rows["period"].iloc[-1]
        add_footer(
            fig, list(dict.fromkeys(gacc["source_id"])), sources, f"{first} to {last}; current prices, not converted"
        )
    return fig


def growth_chart(gacc: pd.DataFrame, partner: str, sources: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """GACC's printed year-to-date growth minus the rate recomputed from the earlier bulletins, in percentage
    points, one bar per month: the effect of GACC's revised prior-year figures (growth in yuan)."""
    table = growth_table(gacc, partner)
    if table.empty:
        raise ArgumentError(f"no period of {partner!r} has a bulletin a year earlier to compare with")
    with house_style():
        fig, ax = new_axes(ax)
        x = pd.PeriodIndex(table["period"], freq="M").to_timestamp()
        ax.bar(x, table["difference"] * 100, width=20, color=colour("CHN"), label="printed minus recomputed")
        ax.axhline(0, color=MUTED, lw=0.8)
        ax.set_ylabel("percentage points")
        ax.set_title(
            f"China's trade with {fmt.country(partner)}: GACC's printed year-to-date growth minus the recomputed one"
        )
        ax.legend(fontsize=8)
        note = "growth of cumulative values in yuan; printed rates use GACC's revised prior-year figures and have "
        note += "one decimal (±0.05 points)"
        add_footer(fig, list(dict.fromkeys(gacc["source_id"])), sources, note)
    return fig
