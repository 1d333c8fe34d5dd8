"""Headless report: run every notebook in a fresh kernel and write HTML plus an index page.

The pair's data are read once, before any kernel starts: ``analysis.pair.build_context`` resolves
``--data`` against the folder where the command runs, parses the file and decides everything the
notebooks share; the context is saved to ``build/report/pair-context/`` (``manifest.json`` plus one
parquet file per table) and its absolute path is injected into every notebook that has a
``parameters`` cell, papermill-style. The committed notebooks are read, never written: each is
executed in memory and exported to ``build/report/<name>.html``. ``index.html`` links them and shows
the headline chart and the headline sentence (``analysis.narrate.headline``, the one notebook 01
shows). Progress is one line per notebook with its time; a failing cell stops the run with the
notebook, the cell number and the error.
"""

from __future__ import annotations

import html
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from analysis.errors import ArgumentError, DataError
from analysis.paths import notebooks_dir, output_dir, repo_root

if TYPE_CHECKING:
    from analysis.pair import PairContext

CONTEXT_FOLDER = "pair-context"  # inside the report's folder


class ReportError(RuntimeError):
    """A notebook failed while the report ran (names the notebook and the cell)."""


@dataclass
class Parameters:
    """What the report is asked for: the pair (default China, Belarus), the user's data file (a relative
    path is relative to the working directory) and extra values for the notebooks' ``parameters`` cells."""

    data: str | Path | None = None
    reporter: str | None = None
    partner: str | None = None
    extra: dict[str, object] = field(default_factory=dict)
    errors: str = "raise"  # "report": keep a download's good rows, list the rejected ones on the index page


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


def _failed_cell(nb: object) -> tuple[str, str]:
    """Which cell failed, numbered as in the notebook file (the injected parameters cell is not counted)."""
    number = 0
    for cell in nb.cells:  # type: ignore[attr-defined]
        injected = "injected-parameters" in cell.get("metadata", {}).get("tags", [])
        number += 0 if injected else 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                where = f"the injected parameters (after cell {number})" if injected else f"cell {number}"
                return where, f"{out.get('ename')}: {out.get('evalue')}"
    return "cell 0", "unknown error"


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
        where, error = _failed_cell(nb)
        raise ReportError(f"{path.name}: {where} failed: {error}") from exc
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    target = out_dir / f"{path.stem}.html"
    target.write_text(body, encoding="utf-8")
    return target


def _headline(out_dir: Path, ctx: PairContext) -> tuple[str, list[str]]:
    """The headline chart (saved to reports/figures and the report) and sentences."""
    import matplotlib

    matplotlib.use("Agg")
    from analysis import narrate, plots

    fig = plots.trade_over_time(ctx.both, ctx.sources, events=plots.key_events(ctx.events))
    name = f"trade_over_time_{ctx.reporter}_{ctx.partner}".lower()
    # charts from bundled data go to reports/figures (the README shows them); a user file's stay in the report
    in_checkout = ctx.data_path is None and repo_root() is not None
    saved = plots.save_figure(fig, name, output_dir("figures") if in_checkout else out_dir)
    if saved[0].parent != out_dir:
        shutil.copy(saved[0], out_dir / saved[0].name)
    latest = narrate.latest_sides(ctx)
    return saved[0].name, [narrate.headline(ctx), *([latest] if latest else [])]


def pair_context(params: Parameters, out_dir: Path) -> tuple[PairContext, Path]:
    """Build the pair context once for this run and save it under ``out_dir``; ``ReportError`` if it fails."""
    from analysis.pair import build_context

    try:
        ctx = build_context(params.reporter or "CHN", params.partner or "BLR", params.data, params.errors)
    except DataError as exc:
        raise ReportError(f"the pair's data: {exc.brief()}") from exc
    except ArgumentError as exc:
        raise ReportError(f"the pair's data: {exc}") from exc
    return ctx, ctx.save(out_dir / CONTEXT_FOLDER)


def notebook_parameters(ctx: PairContext, saved: Path, extra: dict[str, object] | None = None) -> dict[str, object]:
    """What the report injects into each notebook: the pair, the user's file (absolute) and the saved context."""
    given = {
        "reporter": ctx.reporter,
        "partner": ctx.partner,
        "data_path": None if ctx.data_path is None else str(ctx.data_path),
        "context_path": str(saved.resolve()),
    }
    return {k: v for k, v in {**given, **(extra or {})}.items() if v is not None}


def _about_data(ctx: PairContext) -> str:
    """The index page's section on the data: the importer's notes and the first rejected rows (HTML)."""
    from analysis.narrate.pair import REJECTED_SHOWN

    if not ctx.notes and not len(ctx.rejected):
        return ""
    notes = "".join(f"<li>{html.escape(note)}</li>" for note in ctx.notes)
    rejected = ""
    if len(ctx.rejected):
        shown = ctx.rejected.head(REJECTED_SHOWN)
        cells = ("line", "column", "value", "reason")
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(r[c]))}</td>" for c in cells) + "</tr>" for _, r in shown.iterrows()
        )
        rejected = (
            f"<p>{len(ctx.rejected):,} row(s) were rejected and left out (<code>--errors report</code>); "
            f"the first {len(shown)}:</p><table><tr><th>Line</th><th>Column</th><th>Value as written</th>"
            f"<th>Why</th></tr>{rows}</table>"
        )
    return f"<h2>About the data</h2><ul>{notes}</ul>{rejected}"


def _index(
    out_dir: Path,
    pages: list[tuple[str, str, float]],
    chart: str,
    sentences: list[str],
    title: str,
    about: str = "",
    skipped: list[tuple[str, str]] | None = None,
) -> Path:
    items = "\n".join(
        f'<li><a href="{html.escape(f)}">{html.escape(t)}</a> <small>({s:.1f} s)</small></li>' for f, t, s in pages
    )
    if skipped:
        items += "\n" + "\n".join(
            f"<li>{html.escape(t)}: <em>not run for this pair: {html.escape(why)}.</em></li>" for t, why in skipped
        )
    paras = "\n".join(f"<p>{html.escape(s)}</p>" for s in sentences)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}: report</title>
<style>body{{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;line-height:1.5}}
img{{max-width:100%;border:1px solid #eee}} li{{margin:.3em 0}}
td,th{{padding:.2em .6em;text-align:left}}</style></head>
<body>
<h1>{html.escape(title)}</h1>
{paras}
<p><img src="{html.escape(chart)}" alt="Trade per year as each side reports it"></p>
{about}
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


def _requires(path: Path) -> list[str]:
    """What a notebook needs of the pair (its metadata ``analysis.requires``: ``case_study``, ``both_sides``)."""
    import nbformat

    return list(nbformat.read(path, as_version=4).metadata.get("analysis", {}).get("requires", []))


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
    ctx, saved = pair_context(params, out_dir)
    pages, skipped = [], []
    injected = notebook_parameters(ctx, saved, params.extra)
    for i, path in enumerate(notebooks, 1):
        print(f"[{i}/{len(notebooks)}] {path.name} ...", end=" ", file=stream, flush=True)
        why = ctx.unmet(_requires(path))
        if why is not None:
            print(f"skipped: {why}", file=stream, flush=True)
            skipped.append((_title(path), why))
            continue
        start = time.perf_counter()
        try:
            target = run_notebook(path, out_dir, injected, timeout)
        except ReportError:
            print("FAILED", file=stream, flush=True)
            raise
        seconds = time.perf_counter() - start
        print(f"ok ({seconds:.1f} s)", file=stream, flush=True)
        pages.append((target.name, _title(path), seconds))
    try:
        chart, sentences = _headline(out_dir, ctx)
    except ArgumentError as exc:
        raise ReportError(f"index page: {exc}") from exc
    title = f"{ctx.reporter_name.removeprefix('the ')}–{ctx.partner_name.removeprefix('the ')} trade statistics"
    index = _index(out_dir, pages, chart, sentences, title, _about_data(ctx), skipped)
    print(f"report: {index}", file=stream, flush=True)
    return index
