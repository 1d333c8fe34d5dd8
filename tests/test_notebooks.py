"""The notebooks as documents: saved from one fresh run, no hand-typed figures, the package imported."""

from __future__ import annotations

import ast
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


# --- notebooks orchestrate: no functions or classes, short cells that call the library -------------------

MAX_LOGIC_LINES = 8  # per code cell; imports, asserts, comments and blank lines do not count


def code_cells(path: Path) -> list[str]:
    return ["".join(c["source"]) for c in cells(path) if c["cell_type"] == "code"]


def python_of(source: str) -> str:
    """The cell without IPython magics (``%matplotlib inline``), which are not Python."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def definitions(source: str) -> list[str]:
    """Names of the functions, lambdas and classes a cell defines."""
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
    return [getattr(n, "name", "lambda") for n in ast.walk(ast.parse(python_of(source))) if isinstance(n, kinds)]


def logic_lines(source: str) -> int:
    """Lines of a cell that hold logic: not blank, not a comment, not part of an import or an assert."""
    text = python_of(source)
    skipped: set[int] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import | ast.ImportFrom | ast.Assert):
            skipped.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return sum(
        1
        for number, line in enumerate(text.splitlines(), 1)
        if number not in skipped and line.strip() and not line.strip().startswith("#")
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_defines_no_function_or_class(path: Path):
    for number, source in enumerate(code_cells(path), 1):
        assert not definitions(source), f"{path.name}: code cell {number} defines {definitions(source)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_are_short(path: Path):
    for number, source in enumerate(code_cells(path), 1):
        n = logic_lines(source)
        assert n <= MAX_LOGIC_LINES, f"{path.name}: code cell {number} has {n} lines of logic (> {MAX_LOGIC_LINES})"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_reads_the_pair_context_from_its_parameters(path: Path):
    params = [c for c in cells(path) if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1, f"{path.name}: one cell tagged 'parameters'"
    names = {t.id for t in ast.walk(ast.parse("".join(params[0]["source"]))) if isinstance(t, ast.Name)}
    assert {"reporter", "partner", "data_path", "context_path"} <= names
    code = "\n".join(code_cells(path))
    assert "pair.context(reporter, partner, data_path, context_path)" in code
    # whether this is the bundled case study is decided once, in analysis.pair (PairContext.case_study)
    assert not re.search(r"""\(\s*["']CHN["']\s*,\s*["']BLR["']\s*\)""", code)
    assert "data_path is None" not in code


def test_the_rules_catch_definitions_and_long_cells():
    assert definitions("def f():\n    return 1") == ["f"]
    assert definitions("class A:\n    pass\nkey = lambda x: x") == ["A", "lambda"]
    assert definitions("%matplotlib inline\nx = [y for y in range(3)]") == []
    cell = "import pandas as pd\n\n# a comment\nx = 1\nassert (\n    x == 1\n)\nif x:\n    y = 2\n"
    assert logic_lines(cell) == 3
    assert logic_lines("\n".join(f"v{i} = {i}" for i in range(MAX_LOGIC_LINES + 1))) > MAX_LOGIC_LINES
