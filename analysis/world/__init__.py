"""Indicators over the whole IMF DOTS matrix: partner shares and ranks, trade intensity, mirror ratios.

Every function takes the frame returned by ``analysis.dots.load_dots`` (or any frame with the columns of
``analysis.schema.DotsModel``), never modifies it, and works on all reporters, partners and years at once
with group-wise pandas operations (no Python loops over pairs or reporters). Values are US$ millions as
published by the IMF; each result says whose statistics it uses.

- ``entities``: resolving a country given as ISO3 code or IMF name, and the rules of what a country is;
- ``partners``: a partner's share and rank in each reporter's trade, trade intensity;
- ``mirror``: mirror ratios of all pairs, where one pair sits among them, medians by importer/exporter.

Rules shared by all functions:

- **Whose figures.** A reporter's exports (FOB) and imports (CIF) are its own statistics. The two sides
  of one trade flow are never averaged or spliced: mirror ratios put them side by side.
- **Aggregates are never summed with countries.** World, the IMF regions and groups and "Other Countries
  n.i.e." (``*_is_aggregate``) are used only as the totals they are: a reporter's trade with "World" is its
  total. Residual rows ("Countries & Areas not specified", "Special Categories", "... not specified") are
  part of that total but are not partners: they never get a rank.
- **Countries** are the entity types economy, historical and composite. Dissolved economies keep their own
  codes (USSR = SUN, Yugoslavia = YUG, Czechoslovakia = CSK ...) and are never merged into successors.
  Belgium-Luxembourg is one partner, code BLX (assigned by ``load_dots``).
- **Estimates** (IMF "e" cells, ``is_estimate``) are kept and flagged in the results; the mirror-ratio
  functions leave them out unless ``include_estimates=True``, because an estimate of one side is often
  derived from the other side.
- A country can be given as its ISO3 code (``"BLR"``, any case) or its exact IMF name
  (``"Belarus, Rep. of"``). Unknown codes, aggregates or residual rows where a country is needed and years
  outside the data raise ``analysis.errors.ArgumentError``.
"""

from __future__ import annotations

from analysis.world.entities import COUNTRY_TYPES, ECONOMY, RESIDUAL, Entity, resolve_entity
from analysis.world.mirror import (
    MirrorPosition,
    exporter_medians,
    importer_medians,
    mirror_distribution,
    mirror_percentile,
    mirror_ratios,
)
from analysis.world.partners import partner_ranks, partner_shares, trade_intensity

__all__ = [
    "COUNTRY_TYPES",
    "ECONOMY",
    "RESIDUAL",
    "Entity",
    "MirrorPosition",
    "exporter_medians",
    "importer_medians",
    "mirror_distribution",
    "mirror_percentile",
    "mirror_ratios",
    "partner_ranks",
    "partner_shares",
    "resolve_entity",
    "trade_intensity",
]
