"""The notebooks as documents: saved from one fresh run, no hand-typed figures, the package imported."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
# money, multiples, percentages typed into prose: '$60.8m', 'US$5.08 billion', '83 times', '15.9%', '2.4×', '50-fold'
HAND_TYPED = re.compile(
    r"(?:US)?\$\s?\d[\d.,]*\s*(?:million|billion|bn|m|b)?|\b\d[\d.,]*\s?(?:%|×|-fold|times)\b", re.IGNORECASE
)


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 4


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_saved_from_one_fresh_top_to_bottom_run(path: Path):
    code = [c for c in cells(path) if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_hand_typed_figures_in_markdown(path: Path):
    for cell in cells(path):
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            assert not HAND_TYPED.findall(text), f"{path.name}: narrate computed values instead of {text[:80]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_opens_with_title_and_summary_and_uses_the_installed_package(path: Path):
    first = "".join(cells(path)[0]["source"])
    assert first.startswith("# ") and len(first.split("\n\n", 1)[-1]) > 200
    sources = "\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "code")
    assert "sys.path" not in sources
    assert "from analysis" in sources
    assert "%matplotlib inline" in "".join(cells(path)[1]["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_errors_warnings_or_volatile_output_saved(path: Path):
    for cell in cells(path):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error"
            assert out.get("name") != "stderr", f"{path.name}: stderr output {out.get('text')!r}"
            text = json.dumps(out.get("data", {}).get("text/plain", ""))
            assert " at 0x" not in text and "dtype:" not in text


def test_the_rule_catches_typed_figures():
    assert HAND_TYPED.findall("grew from US$60.8 million, nearly 83 times, 15.9% a year")
    assert not HAND_TYPED.findall("from 1992 to 2022, by China's own statistics")
