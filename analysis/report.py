"""Headless report: run every notebook in a fresh kernel and write HTML plus an index page.

The committed notebooks are read, never written: each is executed in memory (optionally with
parameters injected after its ``parameters`` cell, papermill-style) and exported to
``build/report/<name>.html``. ``index.html`` links them and shows the headline chart and
sentences, computed here from the data. Progress is one line per notebook with its time; a
failing cell stops the run with the notebook, the cell number and the error.
"""

from __future__ import annotations

import html
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from analysis.formatting import country
from analysis.paths import notebooks_dir, output_dir


class ReportError(RuntimeError):
    """A notebook failed while the report ran (names the notebook and the cell)."""


@dataclass
class Parameters:
    """Values injected into notebooks that have a cell tagged ``parameters``."""

    data: str | None = None
    reporter: str | None = None
    partner: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        given = {"data_path": self.data, "reporter": self.reporter, "partner": self.partner}
        return {k: v for k, v in {**given, **self.extra}.items() if v is not None}


def inject_parameters(nb: object, params: dict[str, object]) -> bool:
    """Insert an ``injected-parameters`` cell after the ``parameters`` cell; False if there is none."""
    import nbformat

    cells = nb.cells  # type: ignore[attr-defined]
    for i, cell in enumerate(cells):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "# Parameters injected by `python -m analysis report`\n" + "\n".join(
                f"{k} = {v!r}" for k, v in params.items()
            )
            new = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
            cells.insert(i + 1, new)
            return True
    return False


def _failed_cell(nb: object) -> tuple[int, str]:
    for i, cell in enumerate(nb.cells):  # type: ignore[attr-defined]
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return i + 1, f"{out.get('ename')}: {out.get('evalue')}"
    return 0, "unknown error"


def execute(nb: object, cwd: Path, timeout: int = 600) -> None:
    """Run a notebook node top to bottom in a fresh kernel, working directory ``cwd``.

    The kernel talks over local IPC sockets in a temporary folder (not TCP), so nothing listens on
    the network and no socket files are left behind.
    """
    import tempfile

    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from traitlets import CaselessStrEnum, Unicode

    with tempfile.TemporaryDirectory(prefix="analysis-kernel-") as tmp:
        ipc = type(
            "IPCKernelManager",
            (KernelManager,),
            {
                "transport": CaselessStrEnum(["tcp", "ipc"], default_value="ipc"),
                "ip": Unicode(str(Path(tmp) / "kernel")),
            },
        )
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            kernel_manager_class=ipc,
            resources={"metadata": {"path": str(cwd)}},
        )
        client.execute()


def run_notebook(path: Path, out_dir: Path, params: dict[str, object], timeout: int = 600) -> Path:
    """Execute one notebook in a fresh kernel and write its HTML; returns the HTML path."""
    import nbformat
    from nbclient.exceptions import CellExecutionError
    from nbconvert import HTMLExporter

    nb = nbformat.read(path, as_version=4)
    if params and not inject_parameters(nb, params):
        params = {}
    try:
        execute(nb, path.parent, timeout)
    except CellExecutionError as exc:
        number, error = _failed_cell(nb)
        raise ReportError(f"{path.name}: cell {number} failed: {error}") from exc
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    target = out_dir / f"{path.stem}.html"
    target.write_text(body, encoding="utf-8")
    return target


def _headline(out_dir: Path, reporter: str, partner: str, data: str | None) -> tuple[str, list[str]]:
    """The headline chart (saved to reports/figures and the report) and sentences."""
    import matplotlib

    matplotlib.use("Agg")
    from analysis import narrate, plots
    from analysis.load import load_events
    from analysis.pair import pair_data
    from analysis.series import annual_series, both_sides

    pair = pair_data(reporter, partner, data)
    trade, sources = pair.trade, pair.sources
    bundled = data is None and (reporter, partner) == ("CHN", "BLR")
    events = plots.key_events(load_events()) if bundled else None
    fig = plots.trade_over_time(both_sides(trade, reporter, partner), sources, events=events)
    name = f"trade_over_time_{reporter}_{partner}".lower()
    # charts from bundled data go to reports/figures (the README shows them); a user file's stay in the report
    saved = plots.save_figure(fig, name, output_dir("figures") if data is None else out_dir)
    if saved[0].parent != out_dir:
        shutil.copy(saved[0], out_dir / saved[0].name)
    own = annual_series(trade, reporter, partner)
    other = annual_series(trade, partner, reporter)
    sentences = [narrate.growth_sentence(own, int(own["year"].min()), int(own["year"].max()))]
    common = sorted(set(own["year"]) & set(other["year"]))
    if common:
        sentences.append(narrate.two_sides_sentence(own, other, common[-1]))
    return saved[0].name, sentences


def _index(out_dir: Path, pages: list[tuple[str, str, float]], chart: str, sentences: list[str], title: str) -> Path:
    items = "\n".join(
        f'<li><a href="{html.escape(f)}">{html.escape(t)}</a> <small>({s:.1f} s)</small></li>' for f, t, s in pages
    )
    paras = "\n".join(f"<p>{html.escape(s)}</p>" for s in sentences)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}: report</title>
<style>body{{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;line-height:1.5}}
img{{max-width:100%;border:1px solid #eee}} li{{margin:.3em 0}}</style></head>
<body>
<h1>{html.escape(title)}</h1>
{paras}
<p><img src="{html.escape(chart)}" alt="Trade per year as each side reports it"></p>
<h2>Notebooks</h2>
<ol>
{items}
</ol>
<p><small>Every figure is computed from the package's sourced data (data/sources.csv).</small></p>
</body></html>
"""
    index = out_dir / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def _title(path: Path) -> str:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def build_report(
    out_dir: Path | None = None,
    params: Parameters | None = None,
    only: list[str] | None = None,
    stream: TextIO | None = None,
    timeout: int = 600,
) -> Path:
    """Run the notebooks and write the report; returns the path of ``index.html``."""
    params = params or Parameters()
    stream = stream or sys.stdout
    out_dir = out_dir or output_dir("report")
    out_dir.mkdir(parents=True, exist_ok=True)
    notebooks = sorted(notebooks_dir().glob("*.ipynb"))
    if only:
        notebooks = [p for p in notebooks if any(o in p.name for o in only)]
        if not notebooks:
            raise ReportError(f"no notebook matches {only}")
    pages = []
    injected = params.as_dict()
    for i, path in enumerate(notebooks, 1):
        print(f"[{i}/{len(notebooks)}] {path.name} ...", end=" ", file=stream, flush=True)
        start = time.perf_counter()
        try:
            target = run_notebook(path, out_dir, injected, timeout)
        except ReportError:
            print("FAILED", file=stream, flush=True)
            raise
        seconds = time.perf_counter() - start
        print(f"ok ({seconds:.1f} s)", file=stream, flush=True)
        pages.append((target.name, _title(path), seconds))
    reporter, partner = params.reporter or "CHN", params.partner or "BLR"
    chart, sentences = _headline(out_dir, reporter, partner, params.data)
    title = f"{country(reporter).removeprefix('the ')}–{country(partner).removeprefix('the ')} trade statistics"
    index = _index(out_dir, pages, chart, sentences, title)
    print(f"report: {index}", file=stream, flush=True)
    return index
