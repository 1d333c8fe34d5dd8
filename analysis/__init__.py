"""China-Belarus trade statistics: sourced data, growth and mirror maths, claims, narration.

Everything public is importable from here (``from analysis import load_trade, cagr``); the
submodules are imported on first use, so ``import analysis`` stays fast and never imports
matplotlib or pandera.
"""

from __future__ import annotations

import importlib
from typing import Any

from analysis.errors import ArgumentError, DataError

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    # data
    "load_trade": "analysis.load",
    "load_park": "analysis.load",
    "load_sources": "analysis.load",
    "load_countries": "analysis.load",
    "load_claims": "analysis.load",
    "load_events": "analysis.load",
    "load_exchanges": "analysis.load",
    "load_dots": "analysis.dots",
    "load_gacc": "analysis.load",
    "load_wdi": "analysis.load",
    "load_cpi": "analysis.load",
    "read_comtrade": "analysis.importers",
    "read_dots": "analysis.importers",
    "read_download": "analysis.importers",
    "countries_only": "analysis.importers",
    # growth
    "fold_change": "analysis.growth",
    "times_increase": "analysis.growth",
    "percent_change": "analysis.growth",
    "cagr": "analysis.growth",
    "doubling_time": "analysis.growth",
    "index_to_base": "analysis.growth",
    "yoy": "analysis.growth",
    "log_growth": "analysis.growth",
    "index_to_growth": "analysis.growth",
    "growth_to_index": "analysis.growth",
    "base_year_sensitivity": "analysis.growth",
    "panel_yoy": "analysis.panel",
    "panel_change": "analysis.panel",
    # series and mirror statistics
    "annual_series": "analysis.series",
    "both_sides": "analysis.series",
    "value_in": "analysis.series",
    "pair_data": "analysis.pair",
    "mirror_table": "analysis.mirror",
    "totals_ratio": "analysis.mirror",
    "summarise_ratio": "analysis.mirror",
    # park
    "residents": "analysis.park",
    "net_additions": "analysis.park",
    "residents_cagr": "analysis.park",
    "investment_per_resident": "analysis.park",
    "profit_multiplier": "analysis.park",
    "conflicts": "analysis.observations",
    "step_series": "analysis.observations",
    # claims
    "check_claims": "analysis.claims",
    # currencies, months, prices, size of economies (the latest years)
    "to_usd": "analysis.currency",
    "convert_frame": "analysis.currency",
    "ytd_growth": "analysis.months",
    "annual_totals": "analysis.months",
    "real_growth": "analysis.prices",
    "deflate": "analysis.prices",
    "share_of": "analysis.economy",
    "annual_to_latest": "analysis.latest",
    # world context (IMF DOTS matrix)
    "partner_shares": "analysis.world.partners",
    "partner_ranks": "analysis.world.partners",
    "trade_intensity": "analysis.world.partners",
    "mirror_ratios": "analysis.world.mirror",
    "mirror_distribution": "analysis.world.mirror",
    "mirror_percentile": "analysis.world.mirror",
    "importer_medians": "analysis.world.mirror",
    "exporter_medians": "analysis.world.mirror",
}

__all__ = ["ArgumentError", "DataError", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
