"""Benchmark the whole-matrix DOTS functions against naive per-pair / per-reporter Python loops.

Run from the repository root::

    .venv/bin/python benchmarks/bench_world.py                 # prints a Markdown table
    .venv/bin/python benchmarks/bench_world.py --budget 60     # extrapolate naive loops above 60 s

Data: the bundled IMF DOTS matrix (``data/dots.parquet``, 2,581,017 rows, 1960-2020). Tasks:

1. ``load_dots()``: read the parquet and validate every rule of ``DotsModel``;
2. mirror ratios of all directed economy pairs for all years (``analysis.world.mirror.mirror_ratios``),
   against a naive loop that, for each exporter-reported export row (a pair-year), looks the mirror
   import row up with a boolean mask over that year's rows;
3. partner ranks of all reporters for all years (``analysis.world.partners.partner_ranks``), against a naive
   loop that, for each reporter-year, selects its rows with a mask, sums trade per partner in a Python
   dict and ranks the sorted list.

Each task runs in a **fresh subprocess** that loads the data first (not timed, except in task 1).
Wall time is ``time.perf_counter`` around the task. Memory is resident set size (RSS), not
tracemalloc (which misses Arrow's allocations): **peak RSS** of the process from
``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (includes the loaded matrix and the interpreter), and
the **task's own peak** = peak RSS during the task minus RSS just before it (Linux: the peak is reset
by writing 5 to ``/proc/self/clear_refs``, then read from ``VmHWM``).

A naive loop is first timed on a random sample (fixed seed) of its iterations; when the estimate for
all iterations exceeds ``--budget`` seconds (default 180) it is not run in full and its time is the
sample's time per iteration times the number of iterations (marked "extrapolated"). Its results on
the sample are checked against the vectorised function's. Timings never go into tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
COUNTRY_TYPES = ("economy", "historical", "composite")


# --- memory -------------------------------------------------------------------------------------------------


def _status(field: str) -> int | None:
    """A /proc/self/status field in bytes (Linux), else None."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _maxrss() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


# --- naive loops --------------------------------------------------------------------------------------------


def _naive_mirror(dots: pd.DataFrame, sample: np.ndarray | None) -> tuple[pd.DataFrame, int, float, float]:
    """Mirror ratios by a loop over export rows, one boolean-mask lookup per pair-year.

    Returns the ratios, the number of iterations of the full loop, the setup time and the loop time.
    """
    start = time.perf_counter()
    econ = dots.loc[(dots["reporter_entity_type"] == "economy") & (dots["partner_entity_type"] == "economy")]
    by_year = {int(y): g for y, g in econ.groupby("year")}
    exports = econ.loc[(econ["flow"] == "export") & (econ["value_usd_millions"] > 0) & ~econ["is_estimate"]]
    items = list(
        zip(
            exports["year"].tolist(),
            exports["reporter_name"].tolist(),
            exports["partner_name"].tolist(),
            exports["value_usd_millions"].tolist(),
            strict=True,
        )
    )
    chosen = items if sample is None else [items[i] for i in sample if i < len(items)]
    setup = time.perf_counter() - start
    out = []
    for year, exporter, importer, x in chosen:
        g = by_year[year]
        m = g.loc[(g["reporter_name"] == importer) & (g["partner_name"] == exporter) & (g["flow"] == "import")]
        if len(m) and m["value_usd_millions"].iloc[0] > 0 and not m["is_estimate"].iloc[0]:
            value = float(m["value_usd_millions"].iloc[0])
            out.append((year, exporter, importer, x, value, value / x))
    loop = time.perf_counter() - start - setup
    cols = ["year", "exporter_name", "importer_name", "exports", "imports", "ratio"]
    return pd.DataFrame(out, columns=cols), len(items), setup, loop


def _naive_ranks(dots: pd.DataFrame, sample: np.ndarray | None) -> tuple[pd.DataFrame, int, float, float]:
    """Partner ranks by a loop over reporter-years: mask, dict of trade per partner, sorted list."""
    start = time.perf_counter()
    reps = dots.loc[~dots["reporter_is_aggregate"]]
    keys = list(reps[["reporter_name", "year"]].drop_duplicates().itertuples(index=False, name=None))
    chosen = keys if sample is None else [keys[i] for i in sample if i < len(keys)]
    setup = time.perf_counter() - start
    out = []
    for reporter, year in chosen:
        sub = reps.loc[(reps["reporter_name"] == reporter) & (reps["year"] == year)]
        trade: dict[str, float] = {}
        for partner, kind, value in zip(
            sub["partner_name"].tolist(),
            sub["partner_entity_type"].tolist(),
            sub["value_usd_millions"].tolist(),
            strict=True,
        ):
            if kind in COUNTRY_TYPES:
                trade[partner] = trade.get(partner, 0.0) + value
        ordered = sorted(((v, p) for p, v in trade.items() if v > 0), reverse=True)
        rank, previous = 0, None
        for position, (value, partner) in enumerate(ordered, start=1):
            if value != previous:
                rank, previous = position, value
            out.append((reporter, int(year), partner, value, rank, len(ordered)))
    loop = time.perf_counter() - start - setup
    cols = ["reporter_name", "year", "partner_name", "trade", "rank", "n_ranked"]
    return pd.DataFrame(out, columns=cols), len(keys), setup, loop


def _naive_count(dots: pd.DataFrame, task: str) -> int:
    if task == "naive_mirror":
        econ = (dots["reporter_entity_type"] == "economy") & (dots["partner_entity_type"] == "economy")
        rows = econ & (dots["flow"] == "export") & (dots["value_usd_millions"] > 0) & ~dots["is_estimate"]
        return int(rows.sum())
    reps = dots.loc[~dots["reporter_is_aggregate"], ["reporter_name", "year"]]
    return len(reps.drop_duplicates())


def _agrees(task: str, naive: pd.DataFrame, dots: pd.DataFrame) -> bool:
    """The naive loop's results equal the vectorised function's on the rows it computed."""
    from analysis.world.mirror import mirror_ratios
    from analysis.world.partners import partner_ranks

    if naive.empty:
        return True
    if task == "naive_mirror":
        full = mirror_ratios(dots).astype({"exporter_name": "str", "importer_name": "str"})
        keys = ["year", "exporter_name", "importer_name"]
        merged = naive.astype({"exporter_name": "str", "importer_name": "str"}).merge(
            full, on=keys, how="left", validate="one_to_one"
        )
        return bool(np.array_equal(merged["ratio_x"].to_numpy(), merged["ratio_y"].to_numpy()))
    full = partner_ranks(dots).astype({"reporter_name": "str", "partner_name": "str"})
    full = full.assign(year=full["year"].astype("int64"))
    merged = naive.astype({"reporter_name": "str", "partner_name": "str"}).merge(
        full, on=["reporter_name", "year", "partner_name"], how="left", validate="one_to_one"
    )
    same_rank = (merged["rank_x"] == merged["rank_y"].astype("float64")).all()
    same_n = (merged["n_ranked_x"] == merged["n_ranked_y"]).all()
    return bool(same_rank and same_n and np.allclose(merged["trade"], merged["trade_usd_millions"], rtol=1e-12))


# --- one task in this process -------------------------------------------------------------------------------


def run_task(task: str, budget: float, sample_size: int, seed: int) -> dict[str, object]:
    import pandera.pandas  # noqa: F401  (imported before timing: a one-off cost of the first validation)

    from analysis.dots import load_dots
    from analysis.world.mirror import mirror_ratios
    from analysis.world.partners import partner_ranks

    result: dict[str, object] = {"task": task}
    if task == "load":
        before = _status("VmRSS")
        reset = _reset_peak()
        start = time.perf_counter()
        dots = load_dots()
        result["seconds"] = time.perf_counter() - start
        result["rows"] = len(dots)
    else:
        dots = load_dots()
        before = _status("VmRSS")
        reset = _reset_peak()
        if task == "mirror":
            start = time.perf_counter()
            out = mirror_ratios(dots)
            result["seconds"] = time.perf_counter() - start
            result["rows"] = len(out)
        elif task == "ranks":
            start = time.perf_counter()
            out = partner_ranks(dots)
            result["seconds"] = time.perf_counter() - start
            result["rows"] = len(out)
        else:
            naive = _naive_mirror if task == "naive_mirror" else _naive_ranks
            total = _naive_count(dots, task)
            rng = np.random.default_rng(seed)
            sample = np.sort(rng.choice(total, size=min(sample_size, total), replace=False))
            out, total, setup, loop = naive(dots, sample)
            estimate = setup + loop / len(sample) * total
            result.update(iterations=total, sample=len(sample), sample_seconds=loop, setup_seconds=setup)
            if estimate <= budget:
                start = time.perf_counter()
                out, total, _, _ = naive(dots, None)
                result["seconds"] = time.perf_counter() - start
                result["extrapolated"] = False
            else:
                result["seconds"] = estimate
                result["extrapolated"] = True
            result["rows"] = len(out)
    if before is not None and reset:
        result["task_peak_bytes"] = max(0, (_status("VmHWM") or 0) - before)
    result["process_peak_bytes"] = _maxrss()
    if task.startswith("naive"):
        result["agrees"] = _agrees(task, out, dots)  # after the measurement
    return result


# --- driver -------------------------------------------------------------------------------------------------

TASKS = [
    ("load", "load + validate (`load_dots`)", "all 2,581,017 rows"),
    ("mirror", "mirror ratios, `mirror_ratios` (vectorised)", "all pairs, all years"),
    ("naive_mirror", "mirror ratios, naive per-pair loop", "all pairs, all years"),
    ("ranks", "partner ranks, `partner_ranks` (vectorised)", "all reporters, all years"),
    ("naive_ranks", "partner ranks, naive per-reporter-year loop", "all reporters, all years"),
]


def _mb(value: object) -> str:
    return "n/a" if value is None else f"{int(value) / 2**20:,.0f} MB"  # type: ignore[call-overload]


def _seconds(value: float) -> str:
    return f"{value:,.2f} s" if value < 100 else f"{value:,.0f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=180.0, help="run a naive loop in full below this (s)")
    parser.add_argument("--sample", type=int, default=2000, help="pair-years timed before deciding (mirror)")
    parser.add_argument("--sample-ranks", type=int, default=300, help="reporter-years timed before deciding")
    parser.add_argument("--seed", type=int, default=20190)
    parser.add_argument("--task", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.task:
        print(json.dumps(run_task(args.task, args.budget, args.sample, args.seed)))
        return

    results = {}
    for task, _, _ in TASKS:
        print(f"running {task} ...", file=sys.stderr, flush=True)
        run = subprocess.run(
            [
                sys.executable,
                __file__,
                "--task",
                task,
                "--budget",
                str(args.budget),
                "--sample",
                str(args.sample_ranks if task == "naive_ranks" else args.sample),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        results[task] = json.loads(run.stdout.strip().splitlines()[-1])

    import pandas

    print(
        f"\nMachine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"pandas {pandas.__version__}, numpy {np.__version__}; load average {os.getloadavg()[0]:.1f} at the end.\n"
    )
    print("| task | method | scope | rows out | wall time | peak RSS (process) | task's own peak RSS |")
    print("|---|---|---|---|---|---|---|")
    for task, method, scope in TASKS:
        r = results[task]
        wall = _seconds(float(r["seconds"]))
        if r.get("extrapolated"):
            wall = (
                f"~{wall} (extrapolated: setup {r['setup_seconds']:.1f} s + {r['sample']:,} of "
                f"{r['iterations']:,} iterations in {r['sample_seconds']:.1f} s, scaled)"
            )
        elif "iterations" in r:
            wall += f" ({r['iterations']:,} iterations)"
        rows = f"{r['rows']:,}" + (" (sample)" if r.get("extrapolated") else "")
        if "agrees" in r:
            rows += ", equal to vectorised" if r["agrees"] else ", DIFFERS from vectorised"
        print(
            f"| {task.replace('_', ' ')} | {method} | {scope} | {rows} | {wall} | "
            f"{_mb(r['process_peak_bytes'])} | {_mb(r.get('task_peak_bytes'))} |"
        )
    speed = {
        "mirror": results["naive_mirror"]["seconds"] / results["mirror"]["seconds"],
        "ranks": results["naive_ranks"]["seconds"] / results["ranks"]["seconds"],
    }
    print(f"\nSpeed-up of the vectorised functions: mirror {speed['mirror']:,.0f}x, ranks {speed['ranks']:,.0f}x.")


if __name__ == "__main__":
    main()
