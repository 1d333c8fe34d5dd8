"""What every chart shares: a figure to draw on, source footers, money and ratio axes, gaps, saving.

The contract of every chart in ``analysis.plots``: it draws inside ``house_style()``, takes an
optional ``ax`` (to draw into a figure of the caller's) and returns the ``Figure``; it never
calls ``plt.show()`` or ``savefig`` or changes global rcParams; it says in its title or legend
whose statistics it shows; and it gets a 'Source:' footer built from the ``source_id`` values of
the points it plots (``add_footer``). ``save_figure`` writes PNG and SVG deterministically
(identical figure -> identical bytes).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator

from analysis.errors import ArgumentError
from analysis.narrate import source_footer
from analysis.paths import output_dir
from analysis.style import FOOTER_SIZE, MUTED, RC, house_style

__all__ = [
    "FOOTER_TAG",
    "add_footer",
    "footer_text",
    "full_years",
    "hollow_points",
    "log_money_axes",
    "log_ratio_axis",
    "new_axes",
    "ratio_tick",
    "save_figure",
    "short_money",
]

FOOTER_TAG = "source-footer"


def new_axes(ax: Axes | None, figsize: tuple[float, float] | None = None) -> tuple[Figure, Axes]:
    """The caller's ``ax`` and its figure, or a new figure (constrained layout, house size) and axes."""
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    fig, new_ax = plt.subplots(figsize=figsize or RC["figure.figsize"], layout="constrained")
    return fig, new_ax


def add_footer(fig: Figure, ids: list[str], sources: pd.DataFrame, note: str = "") -> None:
    """The 'Source:' footer of the plotted ``ids`` (``analysis.narrate.source_footer``), under an optional note."""
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


def short_money(value: float, _pos: object = None) -> str:
    """Tick label of a US-dollar axis: '$500m', '$2bn', '$60k' (empty for zero or below)."""
    if value <= 0:
        return ""
    for scale, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if value >= scale:
            scaled = value / scale
            text = f"{scaled:,.0f}" if scaled >= 10 or scaled == int(scaled) else f"{scaled:,.1f}"
            return f"${text}{suffix}"
    return f"${value:,.0f}"


def ratio_tick(value: float, _pos: object = None) -> str:
    """Tick label of a ratio axis: 0.001×, 0.5×, 1×, 20× (empty for zero or below)."""
    return f"{value:g}×" if value > 0 else ""


def _no_label(*_: object) -> str:
    return ""


def log_money_axes(ax: Axes) -> None:
    """Log scale of US dollars on y ('$500m', '$2bn'), whole years on x."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(short_money))
    ax.yaxis.set_minor_formatter(FuncFormatter(_no_label))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def log_ratio_axis(ax: Axes, which: str, subs: tuple[float, ...] = (1.0, 2.0, 5.0)) -> Axis:
    """A log scale of ratios ('0.5×', '1×', '2×') on the ``which`` ('x' or 'y') axis of ``ax``; returns the axis."""
    if which not in ("x", "y"):
        raise ArgumentError(f"which must be 'x' or 'y', got {which!r}")
    axis = ax.xaxis if which == "x" else ax.yaxis
    (ax.set_xscale if which == "x" else ax.set_yscale)("log")
    axis.set_major_locator(LogLocator(base=10, subs=subs))
    axis.set_major_formatter(FuncFormatter(ratio_tick))
    axis.set_minor_formatter(FuncFormatter(_no_label))
    return axis


def hollow_points(ax: Axes, x: object, y: object, colour: str, label: str | None) -> list[Line2D]:
    """Hollow round markers (white inside, a ``colour`` edge) for points that are hedged or estimated."""
    return ax.plot(x, y, "o", markerfacecolor="white", markeredgecolor=colour, markersize=6, label=label)


def full_years(frame: pd.DataFrame, column: str = "value") -> pd.Series:
    """``column`` by year on a complete year range, NaN where a year is missing, so that lines break at gaps.

    An empty frame gives an empty float Series.
    """
    if frame.empty:
        return pd.Series(dtype="float64")
    years = np.arange(int(frame["year"].min()), int(frame["year"].max()) + 1)
    by_year = pd.Series(frame[column].to_numpy(dtype="float64"), index=frame["year"].to_numpy(dtype="int64"))
    return by_year.reindex(years)


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
