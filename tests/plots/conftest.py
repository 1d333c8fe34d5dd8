"""Shared by the chart tests: a non-interactive backend, figures closed after each test, the bundled tables."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from analysis import load_sources, load_trade


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def sources() -> pd.DataFrame:
    return load_sources()


@pytest.fixture(scope="session")
def trade() -> pd.DataFrame:
    return load_trade()
