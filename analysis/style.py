"""The house style: one set of matplotlib settings, colours per reporter, applied per figure.

Plot functions draw inside ``house_style()`` (a ``matplotlib.rc_context``), so the global
``rcParams`` of the user's session are never changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib as mpl

RC = {
    "figure.figsize": (9.0, 5.0),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "svg.hashsalt": "china-belarus-trade",
    "svg.fonttype": "path",
}

REPORTER_COLOURS = {"CHN": "#b2182b", "BLR": "#2166ac"}
OTHER_COLOURS = ["#1b7837", "#762a83", "#e08214", "#4d4d4d"]
FLOW_STYLES = {"export": "-", "import": "--", "total": "-"}
MUTED = "#7f7f7f"
ALERT = "#d95f02"
FOOTER_SIZE = 7.5


def colour(reporter: str, order: list[str] | None = None) -> str:
    """Colour of a reporter: fixed for CHN/BLR, else from a small palette by position."""
    if reporter in REPORTER_COLOURS:
        return REPORTER_COLOURS[reporter]
    others = [r for r in (order or [reporter]) if r not in REPORTER_COLOURS]
    index = others.index(reporter) if reporter in others else 0
    return OTHER_COLOURS[index % len(OTHER_COLOURS)]


@contextmanager
def house_style() -> Iterator[None]:
    """Apply the house style for the duration of a block."""
    with mpl.rc_context(RC):
        yield
