"""Re-execute notebooks in place from a fresh kernel so their saved outputs are current.

Run after changing the data, the library or a notebook (``make notebooks``); nbval in CI then
compares a fresh run against exactly these outputs. Each notebook is executed top to bottom
once, so execution counts run 1..N.

Usage: python scripts/run_notebooks.py [notebooks/NAME.ipynb ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat

from analysis.report import execute

ROOT = Path(__file__).resolve().parents[1]


def run(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
    execute(nb, path.parent)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # timestamps would change on every run
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


def main(args: list[str]) -> int:
    paths = [Path(a) for a in args] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        start = time.perf_counter()
        run(path)
        print(f"{path.name}: {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
