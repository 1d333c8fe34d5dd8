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
    "load_trade": "analysis.load",
    "load_park": "analysis.load",
    "load_sources": "analysis.load",
    "load_countries": "analysis.load",
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
