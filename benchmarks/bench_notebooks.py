"""Benchmark: the nbval run of all notebooks against the floor of starting as many kernels.

Floor: for each notebook, a fresh kernel (started the same way the report starts them) runs one
cell importing pandas, matplotlib.pyplot and analysis. nbval: ``pytest notebooks`` exactly as CI
runs it (strict, current env). Also ``import analysis`` against ``import pandas`` (fresh
interpreters, best of N). Run: ``python benchmarks/bench_notebooks.py``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def floor(n: int) -> float:
    import nbformat

    from analysis.report import execute

    start = time.perf_counter()
    for _ in range(n):
        nb = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_code_cell("import pandas, matplotlib.pyplot, analysis\n%matplotlib inline")]
        )
        execute(nb, ROOT / "notebooks")
    return time.perf_counter() - start


def nbval() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", "-q", "notebooks"], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def import_time(module: str, repeat: int = 7) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    base = floor(len(notebooks))
    full = nbval()
    pandas_s, analysis_s = import_time("pandas"), import_time("analysis")
    print("| measure | seconds | ratio | target |")
    print("|---|---:|---:|---:|")
    print(f"| floor: {len(notebooks)} fresh kernels importing pandas, matplotlib, analysis | {base:.1f} | 1.00 | |")
    print(
        f"| nbval run of all {len(notebooks)} notebooks (`pytest notebooks`) | {full:.1f} | {full / base:.2f} | 1.3 |"
    )
    print(f"| `python -c 'import pandas'` (best of 7) | {pandas_s:.2f} | 1.00 | |")
    print(f"| `python -c 'import analysis'` (best of 7) | {analysis_s:.2f} | {analysis_s / pandas_s:.2f} | 1.15 |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
