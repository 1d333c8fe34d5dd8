"""Compatibility name for ``analysis.plots.world`` (the world-context charts), kept while notebooks import it.

New code: ``from analysis import plots; plots.partner_rank_chart(...)``.
"""

from __future__ import annotations

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
    "INTENSITY_NOTE",
    "MIRROR_NOTE",
    "RANK_NOTE",
    "Mark",
    "importer_medians_chart",
    "mirror_distribution_chart",
    "partner_rank_chart",
    "trade_intensity_chart",
]
