"""Shared by the tests of analysis.world: the bundled IMF DOTS matrix, loaded once (about 3 s)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.dots import load_dots


@pytest.fixture(scope="session")
def dots() -> pd.DataFrame:
    return load_dots()
