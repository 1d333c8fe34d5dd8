"""Benchmark the panel growth functions on a 10-million-row, UN Comtrade-shaped panel.

Run from the repository root::

    .venv/bin/python benchmarks/bench_growth.py            # full run, prints a Markdown table
    .venv/bin/python benchmarks/bench_growth.py --rows 1000000   # quicker, smaller panel

The panel: 25 reporters x 40 partners x 2 flows (X/M) x 250 HS6 products x 21 years
(2003-2023) = 10.5M cells, of which 500k are removed at random (fixed seed) to leave exactly
10,000,000 rows with gaps; 0.1 % of values are 0. Rows are in the order of a bulk download
(year, then reporter, partner, flow, product); the key columns are pandas ``str``, year int64,
value float64 (US dollars).

Three methods compute the same two things, the 2004->2023 change per group (``panel_change``)
and year-over-year growth per row that never bridges a gap (``panel_yoy``):

1. ``analysis.panel`` (the library);
2. a naive ``groupby(...).apply`` with a Python function per group; when the estimate for the full
   panel exceeds ~3 minutes it is timed on a subsample of products and extrapolated linearly
   by rows (printed as such);
3. a hand-written NumPy baseline: group codes from ``pd.factorize`` (hashing strings is not
   NumPy's job), one sort by (group, year), ``np.diff`` at group boundaries, no reasons and no
   frames. It runs twice: with ``np.argsort`` (the obvious idiom) and with the packed
   ``np.sort`` the library uses, so the library's own overhead can be read off.

Each method runs in a fresh subprocess that first builds the panel. Memory is the **peak
resident set size during the method minus the resident size just before it** (Linux: the
peak is reset by writing 5 to ``/proc/self/clear_refs`` after the build and a ``malloc_trim``,
then read from ``VmHWM``), so it counts every allocation (NumPy, pandas, Arrow) and includes
the results. Times are wall clock, best of ``--repeat`` runs (the naive method runs once).
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import math
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.panel import panel_change, panel_yoy

ROOT = Path(__file__).resolve().parents[1]

BY = ["reporter", "partner", "flow", "product"]
START, END = 2004, 2023
YEARS = np.arange(2003, 2024)
N_REPORTERS, N_PARTNERS, N_FLOWS, N_PRODUCTS = 25, 40, 2, 250
NAIVE_BUDGET_S = 180.0


# ---------------------------------------------------------------------------------------------
# the synthetic panel
# ---------------------------------------------------------------------------------------------


def build_panel(rows: int = 10_000_000, seed: int = 20240601) -> pd.DataFrame:
    """A Comtrade-shaped panel with ``rows`` rows (<= 10.5M), gaps where cells were removed."""
    rng = np.random.default_rng(seed)
    sizes = (len(YEARS), N_REPORTERS, N_PARTNERS, N_FLOWS, N_PRODUCTS)
    cells = math.prod(sizes)
    if not 0 < rows <= cells:
        raise SystemExit(f"--rows must be between 1 and {cells}")
    keep = np.sort(rng.permutation(cells)[:rows])
    y, r, p, f, k = np.unravel_index(keep, sizes)
    del keep
    reporters = pd.array([f"R{i:02d}" for i in range(N_REPORTERS)], dtype="str")
    partners = pd.array([f"P{i:02d}" for i in range(N_PARTNERS)], dtype="str")
    flows = pd.array(["X", "M"], dtype="str")
    hs6 = np.sort(rng.choice(np.arange(10_000, 999_999), N_PRODUCTS, replace=False))
    products = pd.array([f"{c:06d}" for c in hs6], dtype="str")
    value = np.round(rng.lognormal(mean=12.0, sigma=2.5, size=rows))
    value[rng.random(rows) < 0.001] = 0.0
    return pd.DataFrame(
        {
            "reporter": reporters.take(r),
            "partner": partners.take(p),
            "flow": flows.take(f),
            "product": products.take(k),
            "year": pd.Series(YEARS[y], dtype="int64"),
            "value": pd.Series(value, dtype="float64"),
        }
    )


# ---------------------------------------------------------------------------------------------
# the three methods; each returns a small checksum so the orchestrator can compare results
# ---------------------------------------------------------------------------------------------


def _checksum(yoy: np.ndarray, cagr: np.ndarray) -> dict[str, float]:
    return {
        "yoy_n": int(np.isfinite(yoy).sum()),
        "yoy_sum": float(np.nansum(yoy)),
        "cagr_n": int(np.isfinite(cagr).sum()),
        "cagr_sum": float(np.nansum(cagr)),
    }


def _same(a: dict[str, float], b: dict[str, float]) -> bool:
    counts = a["yoy_n"] == b["yoy_n"] and a["cagr_n"] == b["cagr_n"]
    sums = math.isclose(a["yoy_sum"], b["yoy_sum"], rel_tol=1e-9) and math.isclose(
        a["cagr_sum"], b["cagr_sum"], rel_tol=1e-9
    )
    return counts and sums


def run_library(frame: pd.DataFrame) -> tuple[dict[str, float], dict[str, float]]:
    t0 = time.perf_counter()
    change = panel_change(frame, BY, START, END)
    t1 = time.perf_counter()
    grown = panel_yoy(frame, BY)
    t2 = time.perf_counter()
    times = {"change": t1 - t0, "yoy": t2 - t1}
    return times, _checksum(grown["yoy"].to_numpy(), change["cagr"].to_numpy())


def _naive_change(group: pd.DataFrame) -> pd.Series:
    by_year = group.sort_values("year").set_index("year")["value"]
    start = by_year.get(START, np.nan)
    end = by_year.get(END, np.nan)
    if start > 0 and end >= 0:
        fold = end / start
        rate = fold ** (1 / (END - START)) - 1
    else:
        fold = rate = np.nan
    return pd.Series({"start_value": start, "end_value": end, "fold_change": fold, "cagr": rate})


def _naive_yoy(group: pd.DataFrame) -> pd.Series:
    ordered = group.sort_values("year")
    prev = ordered["value"].shift()
    gap = ordered["year"].diff()
    ok = gap.eq(1) & prev.gt(0)
    growth = ordered["value"].where(ok) / prev.where(ok) - 1
    return growth.reindex(group.index)


def run_naive(frame: pd.DataFrame) -> tuple[dict[str, float], dict[str, float]]:
    t0 = time.perf_counter()
    change = frame.groupby(BY, sort=True, observed=True).apply(_naive_change)
    t1 = time.perf_counter()
    yoy = frame.groupby(BY, sort=True, observed=True, group_keys=False).apply(_naive_yoy).reindex(frame.index)
    t2 = time.perf_counter()
    times = {"change": t1 - t0, "yoy": t2 - t1}
    return times, _checksum(yoy.to_numpy(dtype="float64"), change["cagr"].to_numpy(dtype="float64"))


def _numpy_sorted(frame: pd.DataFrame, packed: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Group codes, one sort by (group, year): order, sorted group code, sorted year, sorted value."""
    code = np.zeros(len(frame), dtype=np.int64)
    for name in BY:
        codes, uniques = pd.factorize(frame[name], sort=True)
        code = code * len(uniques) + codes
    year = frame["year"].to_numpy()
    first = year.min()
    span = int(year.max() - first) + 1
    key = code * span + (year - first)
    if packed:
        bits = max(len(frame) - 1, 1).bit_length()
        work = (key << bits) | np.arange(len(frame), dtype=np.int64)
        work.sort()
        skey = work >> bits
        order = work & ((1 << bits) - 1)
    else:
        order = np.argsort(key, kind="stable")
        skey = key[order]
    if (np.diff(skey) == 0).any():
        raise SystemExit("duplicate group-year")
    return order, skey // span, skey % span + first, frame["value"].to_numpy()[order]


def run_numpy(frame: pd.DataFrame, packed: bool = False) -> tuple[dict[str, float], dict[str, float]]:
    t0 = time.perf_counter()
    # change: group boundaries, then start/end values scattered per group
    _, g, y, v = _numpy_sorted(frame, packed)
    new = np.flatnonzero(np.diff(g)) + 1
    group = np.zeros(len(g), dtype=np.int64)
    group[new] = 1
    group = np.cumsum(group)
    n_groups = new.size + 1
    start = np.full(n_groups, np.nan)
    end = np.full(n_groups, np.nan)
    at = y == START
    start[group[at]] = v[at]
    at = y == END
    end[group[at]] = v[at]
    ok = (start > 0) & (end >= 0)
    cagr = np.full(n_groups, np.nan)
    cagr[ok] = (end[ok] / start[ok]) ** (1 / (END - START)) - 1
    t1 = time.perf_counter()
    # yoy: np.diff on sorted arrays, masked at group boundaries and gaps
    order, g, y, v = _numpy_sorted(frame, packed)
    ok = (np.diff(g) == 0) & (np.diff(y) == 1) & (v[:-1] > 0)
    growth = np.full(len(v), np.nan)
    growth[1:][ok] = v[1:][ok] / v[:-1][ok] - 1
    yoy = np.empty(len(v))
    yoy[order] = growth
    t2 = time.perf_counter()
    return {"change": t1 - t0, "yoy": t2 - t1}, _checksum(yoy, cagr)


METHODS = {
    "library": run_library,
    "naive": run_naive,
    "numpy": run_numpy,
    "numpy-packed": lambda frame: run_numpy(frame, packed=True),
}


# ---------------------------------------------------------------------------------------------
# memory: reset the peak RSS after building the frame, read it after the method
# ---------------------------------------------------------------------------------------------


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def _reset_peak() -> bool:
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:
        pass
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def child(method: str, rows: int, repeat: int, products: int) -> None:
    frame = build_panel(rows)
    if products < N_PRODUCTS:  # the naive method's subsample: the first `products` HS6 codes
        keep = np.sort(frame["product"].unique())[:products]
        frame = frame[frame["product"].isin(keep)].reset_index(drop=True)
    input_bytes = int(frame.memory_usage(deep=True).sum())
    reset = _reset_peak()
    before = _status_kib("VmRSS")
    times, checksum = METHODS[method](frame)
    peak = _status_kib("VmHWM")
    for _ in range(repeat - 1):
        again, _ = METHODS[method](frame)
        times = {k: min(times[k], again[k]) for k in times}
    reference = run_library(frame)[1] if method == "naive" else checksum  # same rows, library answer
    print(
        json.dumps(
            {
                "method": method,
                "rows": len(frame),
                "groups": int(frame.groupby(BY, observed=True).ngroups) if method == "naive" else None,
                "input_bytes": input_bytes,
                "extra_peak_bytes": (peak - before) * 1024,
                "peak_reset": reset,
                "times": times,
                "checksum": checksum,
                "agrees_with_library": _same(checksum, reference),
            }
        )
    )


def spawn(method: str, rows: int, repeat: int = 1, products: int = N_PRODUCTS) -> dict:
    cmd = [sys.executable, __file__, "--child", method, "--rows", str(rows), "--repeat", str(repeat)]
    cmd += ["--products", str(products)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="best-of runs for the fast methods")
    parser.add_argument("--child", choices=list(METHODS), help=argparse.SUPPRESS)
    parser.add_argument("--products", type=int, default=N_PRODUCTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.rows, args.repeat, args.products)
        return

    load_before = os.getloadavg()[0]
    print(f"building and measuring a {args.rows:,}-row panel; each method in a fresh process ...", flush=True)
    results = {m: spawn(m, args.rows, args.repeat) for m in ("library", "numpy", "numpy-packed")}
    # naive apply: a pilot on 2 % of the products, then the full panel or a larger subsample
    pilot = spawn("naive", args.rows, products=5)
    estimate = sum(pilot["times"].values()) * args.rows / pilot["rows"]
    note = ""
    if estimate > NAIVE_BUDGET_S:
        products = max(5, min(N_PRODUCTS, int(N_PRODUCTS * 60.0 / estimate)))
        naive = spawn("naive", args.rows, products=products)
        scale = args.rows / naive["rows"]
        note = (
            f"naive groupby().apply timed on a subsample of {products} of {N_PRODUCTS} products "
            f"({naive['rows']:,} rows, {naive['groups']:,} groups) and EXTRAPOLATED linearly to "
            f"{args.rows:,} rows (x{scale:.1f}); its memory is not reported (a subsample cut from the full "
            "panel reuses memory the allocator kept)"
        )
        naive["times"] = {k: v * scale for k, v in naive["times"].items()}
    else:
        naive = spawn("naive", args.rows)
    results["naive"] = naive

    lib = results["library"]
    for other in ("numpy", "numpy-packed"):
        if not _same(lib["checksum"], results[other]["checksum"]):
            raise SystemExit(f"library and {other} disagree: {lib['checksum']} vs {results[other]['checksum']}")
    if not naive["agrees_with_library"]:
        raise SystemExit("the naive apply and the library disagree on the naive method's rows")

    input_mb = lib["input_bytes"] / 1e6
    total = {m: sum(r["times"].values()) for m, r in results.items()}
    labels = {
        "library": "analysis.panel (panel_change + panel_yoy)",
        "naive": "naive groupby().apply" + (" (extrapolated)" if note else ""),
        "numpy": "NumPy baseline, np.argsort",
        "numpy-packed": "NumPy baseline, packed np.sort",
    }
    print(
        f"\n{args.rows:,} rows, {lib['input_bytes'] / 1e6:,.0f} MB input frame (memory_usage(deep=True)); "
        f"{os.cpu_count()} cores, load average {load_before:.1f} before / {os.getloadavg()[0]:.1f} after; "
        f"Python {platform.python_version()}, pandas {pd.__version__}, NumPy {np.__version__}. "
        "Results checked equal: library vs both NumPy baselines (full panel) and vs the naive apply "
        "(on the naive method's rows).\n"
    )
    print("| method | change (s) | yoy (s) | total (s) | × library time | extra peak RSS (MB) | × input frame |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for m in ("library", "naive", "numpy", "numpy-packed"):
        r = results[m]
        if m == "naive" and note:
            extra = ratio = "n/a (subsample)"
        else:
            extra = f"{r['extra_peak_bytes'] / 1e6:,.0f}"
            ratio = f"{r['extra_peak_bytes'] / r['input_bytes']:.2f}"
        print(
            f"| {labels[m]} | {r['times']['change']:.2f} | {r['times']['yoy']:.2f} | {total[m]:.2f} | "
            f"{total[m] / total['library']:.2f} | {extra} | {ratio} |"
        )
    print()
    if note:
        print(f"Note: {note}.")
    if not all(r["peak_reset"] for r in results.values()):
        print("Note: /proc/self/clear_refs was not writable; peak RSS includes the frame build.")
    print(
        f"Targets: >=30× faster than naive apply: {total['naive'] / total['library']:.0f}×; "
        f"within 2× of the NumPy baseline: {total['library'] / total['numpy']:.2f}× (argsort), "
        f"{total['library'] / total['numpy-packed']:.2f}× (packed sort); peak extra memory <= 3× the "
        f"{input_mb:,.0f} MB input: {lib['extra_peak_bytes'] / lib['input_bytes']:.2f}×."
    )


if __name__ == "__main__":
    main()
