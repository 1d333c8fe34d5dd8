"""The headless report: CLI help, parameter injection, failures naming the notebook and the cell."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis import report
from analysis.__main__ import main


def tiny_notebook(path: Path, body: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A tiny notebook\n\nFor the report's tests."),
        nbformat.v4.new_code_cell("reporter = 'CHN'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(body),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_help_explains_the_report():
    run = subprocess.run([sys.executable, "-m", "analysis", "report", "--help"], capture_output=True, text=True)
    assert run.returncode == 0
    assert "build/report" in run.stdout and "--reporter" in run.stdout and "cell" in run.stdout


def test_parameters_are_injected_after_the_parameters_cell(tmp_path: Path):
    nb = nbformat.read(tiny_notebook(tmp_path / "t.ipynb", "print(reporter)"), as_version=4)
    assert report.inject_parameters(nb, {"reporter": "RUS", "data_path": None})
    injected = nb.cells[2]
    assert injected.metadata["tags"] == ["injected-parameters"]
    assert "reporter = 'RUS'" in injected.source


def test_a_notebook_without_parameters_cell_is_left_alone(tmp_path: Path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    assert not report.inject_parameters(nb, {"reporter": "RUS"})
    assert len(nb.cells) == 1


def test_run_writes_html_and_never_touches_the_notebook(tmp_path: Path):
    path = tiny_notebook(tmp_path / "ok.ipynb", "print('hello', reporter)")
    before = path.read_bytes()
    html = report.run_notebook(path, tmp_path, {"reporter": "RUS"})
    assert "hello RUS" in html.read_text(encoding="utf-8")
    assert path.read_bytes() == before


def test_a_failing_cell_is_named(tmp_path: Path):
    path = tiny_notebook(tmp_path / "bad.ipynb", "raise ValueError('boom')")
    with pytest.raises(report.ReportError, match=r"bad\.ipynb: cell 3 failed: ValueError: boom"):
        report.run_notebook(path, tmp_path, {})


def test_cli_exits_non_zero_and_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    tiny_notebook(folder / "01_bad.ipynb", "1 / 0")
    monkeypatch.setattr(report, "notebooks_dir", lambda: folder)
    code = main(["report", "--output", str(tmp_path / "out")])
    err = capsys.readouterr()
    assert code == 1
    assert "01_bad.ipynb: cell 3 failed: ZeroDivisionError" in err.err
    assert "[1/1] 01_bad.ipynb ... FAILED" in err.out


def test_progress_is_one_line_per_notebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    tiny_notebook(folder / "01_ok.ipynb", "x = 1")
    monkeypatch.setattr(report, "notebooks_dir", lambda: folder)
    monkeypatch.setattr(report, "_headline", lambda *a: ("chart.png", ["A sentence."]))
    stream = io.StringIO()
    index = report.build_report(tmp_path / "out", stream=stream)
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("[1/1] 01_ok.ipynb ... ok (")
    assert 'href="01_ok.html"' in index.read_text(encoding="utf-8")
