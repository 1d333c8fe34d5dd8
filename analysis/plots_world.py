"""Compatibility name for ``analysis.plots.world`` (the world-context charts), kept while notebooks import it.

New code: ``from analysis import plots; plots.partner_rank_chart(...)``.
"""

from __future__ import annotations

from analysis.plots.world import *  # noqa: F403  (every public name, and only those)
from analysis.plots.world import __all__  # noqa: F401
