"""Notebook 07 runs for any pair that China customs' table holds (its code cells, run with other parameters)."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import pytest

from analysis import ArgumentError

matplotlib.use("Agg")
import matplotlib.pyplot as plt

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "07_latest_years.ipynb"


def run(monkeypatch: pytest.MonkeyPatch, **parameters: object) -> tuple[dict, list[str]]:
    """Run the notebook's code cells (magics skipped) with ``parameters`` after its parameters cell."""
    import IPython.display

    shown: list[str] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(getattr(obj, "data", repr(obj))))
    monkeypatch.chdir(NOTEBOOK.parent)
    namespace: dict = {}
    for cell in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or source.startswith("%"):
            continue
        exec(compile(source, str(NOTEBOOK), "exec"), namespace)  # the committed notebook's own code
        if "parameters" in cell["metadata"].get("tags", []):
            namespace.update(parameters)
    plt.close("all")
    return namespace, [s for s in shown if isinstance(s, str)]


def test_it_runs_for_russia(monkeypatch):
    namespace, sentences = run(monkeypatch, partner="RUS")
    assert namespace["customs"] == "RUS" and namespace["other"] == "BLR"
    assert any(s.startswith("China customs (GACC) recorded") and "with Russia in 2025" in s for s in sentences)
    assert any("Russia accounted for" in s for s in sentences)


def test_it_runs_with_the_pair_the_other_way_round(monkeypatch):
    namespace, _ = run(monkeypatch, reporter="BLR", partner="CHN")
    assert namespace["customs"] == "BLR" and namespace["h"].end == 2025


def test_a_pair_the_customs_table_does_not_hold_stops_with_a_clear_error(monkeypatch):
    with pytest.raises(ArgumentError, match="the pair USA-DEU is not in it"):
        run(monkeypatch, reporter="USA", partner="DEU")
