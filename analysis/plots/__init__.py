"""Charts as matplotlib ``Figure`` objects, in the house style, each saying whose data it shows.

One module per subject, one shared base:

- ``base``: the contract and what every chart shares (a figure to draw on, 'Source:' footers,
  money and ratio axes, lines that break at missing years, deterministic ``save_figure``);
- ``trade``: a pair's trade over time, exports and imports, the mirror gap, the base year;
- ``park``: dated observations (the park's residents, students, ...);
- ``claims``: the fact check;
- ``latest``: China customs' months in yuan (first published and cumulative), printed vs recomputed growth;
- ``world``: one pair in the IMF DOTS matrix (partner rank, trade intensity, mirror ratios).

Every function takes an optional ``ax`` and returns the ``Figure``; none calls ``plt.show()``
or ``savefig`` or changes global rcParams. Every public name of the submodules is importable from
here: ``from analysis import plots; plots.trade_over_time(...)``.
"""

from __future__ import annotations

from analysis.plots.base import FOOTER_TAG, footer_text, save_figure
from analysis.plots.claims import VERDICT_COLOURS, claims_chart
from analysis.plots.latest import growth_chart, monthly_chart
from analysis.plots.park import observations, park_residents
from analysis.plots.trade import base_year_sensitivity, exports_imports, key_events, mirror_ratio, trade_over_time
from analysis.plots.world import (
    ALL_PAIRS_COLOUR,
    DOTS_SOURCE,
    INTENSITY_NOTE,
    MIRROR_NOTE,
    RANK_NOTE,
    Mark,
    importer_medians_chart,
    mirror_distribution_chart,
    partner_rank_chart,
    trade_intensity_chart,
)

__all__ = [
    "ALL_PAIRS_COLOUR",
    "DOTS_SOURCE",
    "FOOTER_TAG",
    "INTENSITY_NOTE",
    "MIRROR_NOTE",
    "RANK_NOTE",
    "VERDICT_COLOURS",
    "Mark",
    "base_year_sensitivity",
    "claims_chart",
    "exports_imports",
    "footer_text",
    "growth_chart",
    "importer_medians_chart",
    "key_events",
    "mirror_distribution_chart",
    "mirror_ratio",
    "monthly_chart",
    "observations",
    "park_residents",
    "partner_rank_chart",
    "save_figure",
    "trade_intensity_chart",
    "trade_over_time",
]
