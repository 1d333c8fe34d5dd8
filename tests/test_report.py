"""The headless report: CLI help, parameter injection, failures naming the notebook and the cell."""

from __future__ import annotations

import html
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis import narrate, pair, report
from analysis.__main__ import main
from analysis.pair import TRADE_HEADER


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


# --- the pair context: read once before the kernels start, injected into every notebook ------------------


def page_text(path: Path) -> str:
    """The text of an HTML page, tags stripped and entities decoded (whitespace collapsed)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))
    return " ".join(text.split())


def user_files(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "sources.csv").write_text(
        "source_id,publisher,title,url,published,accessed,quote,reliability,note\nmine,Me,,,2024,,q,high,\n"
    )
    rows = [
        f"{year},{a},{b},{flow},{value},USD,{valuation},annual,exact,mine"
        for year, scale in ((2019, 1), (2020, 2))
        for a, b in (("THA", "CHN"), ("CHN", "THA"))
        for flow, valuation, value in (("export", "FOB", 10_000_000 * scale), ("import", "CIF", 11_000_000 * scale))
    ]
    path = folder / "trade.csv"
    path.write_text(",".join(TRADE_HEADER) + "\n" + "\n".join(rows) + "\n")
    return path


def test_the_index_page_states_notebook_01s_headline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ANALYSIS_OUTPUT_ROOT", str(tmp_path))  # the bundled pair's chart goes to reports/figures
    index = report.build_report(tmp_path / "out", only=["01_trade_growth"], stream=io.StringIO())
    headline = narrate.headline(pair.build_context("CHN", "BLR"))
    assert headline.startswith("By China's own statistics") and "in 2022: 83.5×" in headline
    paragraphs = [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", index.read_text(encoding="utf-8"))]
    assert paragraphs[0] == headline
    assert headline in page_text(tmp_path / "out" / "01_trade_growth.html")


def test_notebooks_get_the_saved_context_and_never_reparse_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    tiny_notebook(
        folder / "01_ctx.ipynb",
        "from analysis import pair\nctx = pair.context(reporter, partner, data_path, context_path)\n"
        "print('context', ctx.origin, len(ctx.trade), context_path)",
    )
    data = user_files(tmp_path / "mine")
    run = report.run_notebook

    def without_the_file(*args, **kwargs):  # the user's file is gone once the context is saved
        data.unlink(missing_ok=True)
        return run(*args, **kwargs)

    monkeypatch.setattr(report, "notebooks_dir", lambda: folder)
    monkeypatch.setattr(report, "run_notebook", without_the_file)
    monkeypatch.setattr(report, "_headline", lambda *a: ("chart.png", ["A sentence."]))
    out = tmp_path / "out"
    report.build_report(out, report.Parameters(data=data, reporter="THA", partner="CHN"), stream=io.StringIO())
    saved = (out / report.CONTEXT_FOLDER).resolve()
    assert f"context user file 8 {saved}" in page_text(out / "01_ctx.html")
    assert pair.load_context(saved).data_path == data.resolve()


def test_injected_parameters_are_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    data = user_files(tmp_path / "mine")
    monkeypatch.chdir(tmp_path)
    ctx = pair.build_context("THA", "CHN", "mine/trade.csv")
    given = report.notebook_parameters(ctx, Path("out/pair-context"), {"year": 2018})
    assert given == {
        "reporter": "THA",
        "partner": "CHN",
        "data_path": str(data.resolve()),
        "context_path": str((tmp_path / "out" / "pair-context").resolve()),
        "year": 2018,
    }
    assert "data_path" not in report.notebook_parameters(pair.build_context(), Path("x"))


def test_a_relative_data_path_works_from_another_folder(tmp_path: Path):
    user_files(tmp_path / "mydata")
    (tmp_path / "elsewhere").mkdir()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "report",
            "--data",
            "../mydata/trade.csv",
            "--reporter",
            "THA",
            "--partner",
            "CHN",
            "--only",
            "01_trade",
            "--output",
            "out",
        ],
        cwd=tmp_path / "elsewhere",
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "[1/1] 01_trade_growth.ipynb ... ok" in run.stdout
    out = tmp_path / "elsewhere" / "out"
    manifest = json.loads((out / "pair-context" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["data_path"] == str((tmp_path / "mydata" / "trade.csv").resolve())
    assert "By Thailand's own statistics, Thailand–China trade grew from US$21.0 million in 2019" in page_text(
        out / "index.html"
    )
    assert "By Thailand's own statistics" in page_text(out / "01_trade_growth.html")


def test_bad_data_fails_before_any_notebook_in_one_line(tmp_path: Path, capsys):
    code = main(["report", "--data", str(tmp_path / "missing.csv"), "--output", str(tmp_path / "out")])
    err = capsys.readouterr()
    assert code == 1 and err.out == ""
    assert err.err.startswith(f"report failed: the pair's data: {tmp_path / 'missing.csv'}; expected ")
    assert err.err.endswith("(file not found)\n") and err.err.count("\n") == 1
