"""Benchmark the scale-out path (``analysis.scale``) on synthetic BACI-shaped panels.

Run from the repository root (needs the ``scale`` and ``bench`` extras; ``make bench`` installs them)::

    .venv/bin/python benchmarks/bench_scale.py                      # 10M side by side, then 100M rows
    .venv/bin/python benchmarks/bench_scale.py --large 0            # only the 10M comparison
    .venv/bin/python benchmarks/bench_scale.py --small 1000000 --large 5000000   # a quick check

**The panel** (deterministic, seed 2026; written as parquet files of about 1M rows in a temporary
folder that is deleted at the end): 200 countries with three-letter codes and 5,000 HS6 products;
a universe of flows (exporter, importer, product) drawn with Zipf weights (exponent 1.1: a few
large exporters and importers, many small: the largest exporter has about a fifth of the flows);
25 years 1995-2019; each year a flow is reported by its exporter with probability 0.85 and by its
importer with probability 0.75 (gaps). Values in thousands of US dollars: a lognormal level per
flow, scaled by the exporter's size, with a trend and yearly noise; the importer's figure is the
exporter's times a lognormal CIF/FOB ratio (median 1.05). ``quantity_t`` is missing in 10% of
rows, as in BACI. Columns: year, exporter, importer, product, reporter, value_kusd, quantity_t;
the number of rows is about ``flows x 25 x 1.6``.

**Part 1, 10M rows side by side, on this machine's 2 cores**: the growth measure (fold change and
CAGR 1995->2019 per exporter, importer, product and reporter) by (a) pandas in memory,
``analysis.measures.growth`` after ``pd.read_parquet`` (timed with and without the read), (b) the
Dask path: ``read_parquet_panel`` + ``run_measure`` on a LocalCluster of 2 worker processes (1
thread each), result gathered to the client (the ratio to (a) with the read is the figure of
merit; target <= 2x), and (c) polars doing the same computation (read, filter the two years,
pivot, fold change, CAGR) for reference. The Dask result is checked equal to pandas, exactly.

**Part 2, 100M rows**: growth, mirror (both sides' reports) and HHI per exporter and year (the
exporters' reports) with 2 workers limited to ``--memory-limit`` each (default 2 GB, against an
in-memory panel of several GB, printed), each result written as parquet. Workers are restarted
before each measure, so that each worker's **peak resident memory** (``VmHWM`` read on the
worker afterwards) is the measure's own; a worker killed for memory would show as a changed
worker address. Rows per second = input rows / wall time.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import string
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis import measures
from analysis.scale import cluster, read_parquet_panel, run_measure

SEED = 2026
YEARS = np.arange(1995, 2020)
START, END = 1995, 2019
N_COUNTRIES, N_PRODUCTS = 200, 5000
P_EXPORTER, P_IMPORTER = 0.85, 0.75
FILE_ROWS = 1_000_000
BY = [*measures.FLOW_KEY, "reporter"]


def zipf(n: int, exponent: float, rng: np.random.Generator) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return rng.permutation(weights / weights.sum())


def generate(folder: Path, rows: int) -> dict[str, float]:
    """Write the synthetic panel (about ``rows`` rows) into ``folder``; return a summary."""
    rng = np.random.default_rng(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    letters = ["".join(t) for t in itertools.product(string.ascii_uppercase, repeat=3)]
    countries = pa.array(sorted(rng.choice(letters, N_COUNTRIES, replace=False).tolist()), pa.string())
    products = pa.array(sorted(f"{c:06d}" for c in rng.choice(999_999, N_PRODUCTS, replace=False) + 1), pa.string())
    n_flows = int(rows / (len(YEARS) * (P_EXPORTER + P_IMPORTER)))
    w_exporter, w_importer = zipf(N_COUNTRIES, 1.1, rng), zipf(N_COUNTRIES, 1.1, rng)
    w_product = zipf(N_PRODUCTS, 0.5, rng)
    draw = int(n_flows * 1.4) + 1000
    keys = np.empty(0, dtype=np.int64)
    while keys.size < n_flows:
        i = rng.choice(N_COUNTRIES, draw, p=w_exporter)
        j = rng.choice(N_COUNTRIES, draw, p=w_importer)
        k = rng.choice(N_PRODUCTS, draw, p=w_product)
        new = ((i * N_COUNTRIES + j) * N_PRODUCTS + k)[i != j]
        keys = np.unique(np.concatenate([keys, new]))
    keys = np.sort(rng.choice(keys, n_flows, replace=False))
    exporter, rest = np.divmod(keys, N_COUNTRIES * N_PRODUCTS)
    importer, product = np.divmod(rest, N_PRODUCTS)
    size = 1.0 / np.sqrt(np.argsort(np.argsort(-w_exporter)) + 1.0)  # big exporters ship more per flow
    level = rng.lognormal(2.0, 2.0, n_flows) * size[exporter] * 50
    trend = rng.normal(0.05, 0.1, n_flows)
    written = 0
    part = 0
    for year in YEARS:
        base = level * np.exp(trend * (year - START)) * rng.lognormal(0.0, 0.2, n_flows)
        for side, p in (("exporter", P_EXPORTER), ("importer", P_IMPORTER)):
            present = np.flatnonzero(rng.random(n_flows) < p)
            value = base[present] * (1.0 if side == "exporter" else rng.lognormal(np.log(1.05), 0.3, present.size))
            value = np.maximum(np.round(value, 3), 0.001)
            quantity = np.round(value * rng.lognormal(0, 1, present.size), 3)
            quantity[rng.random(present.size) < 0.1] = np.nan
            reporter = exporter[present] if side == "exporter" else importer[present]
            for lo in range(0, present.size, FILE_ROWS):
                sel = slice(lo, lo + FILE_ROWS)
                n = present[sel].size

                def text(codes: np.ndarray, vocab: pa.Array) -> pa.Array:
                    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), vocab).cast(pa.string())

                table = pa.table(
                    {
                        "year": pa.array(np.full(n, year, dtype=np.int64)),
                        "exporter": text(exporter[present][sel], countries),
                        "importer": text(importer[present][sel], countries),
                        "product": text(product[present][sel], products),
                        "reporter": text(reporter[sel], countries),
                        "value_kusd": pa.array(value[sel]),
                        "quantity_t": pa.array(quantity[sel], from_pandas=True),
                    }
                )
                pq.write_table(table, folder / f"part-{part:05d}.parquet", row_group_size=FILE_ROWS)
                part += 1
                written += n
    top = float(np.bincount(exporter, minlength=N_COUNTRIES).max() / n_flows)
    return {"rows": written, "flows": n_flows, "files": part, "largest_exporter_share_of_flows": round(top, 3)}


def in_memory_bytes(folder: Path) -> int:
    """The panel's size as a pandas frame, extrapolated from its first file (deep memory usage)."""
    files = sorted(folder.glob("*.parquet"))
    first = pd.read_parquet(files[0])
    rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    return int(first.memory_usage(deep=True).sum() / len(first) * rows)


def peak_rss() -> int:
    """This process's peak resident memory in bytes (Linux ``VmHWM``: per address space, so a
    spawned worker does not inherit its parent's peak as ``ru_maxrss`` does across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def polars_growth(folder: Path) -> tuple[float, int]:
    import polars as pl

    began = time.perf_counter()
    frame = pl.read_parquet(str(folder / "*.parquet"), columns=[*BY, "year", "value_kusd"])
    ends = frame.filter(pl.col("year").is_in([START, END]))
    start = ends.filter(pl.col("year") == START).select([*BY, pl.col("value_kusd").alias("start_value")])
    end = ends.filter(pl.col("year") == END).select([*BY, pl.col("value_kusd").alias("end_value")])
    groups = frame.select(BY).unique()
    out = (
        groups.join(start, on=BY, how="left")
        .join(end, on=BY, how="left")
        .with_columns(fold_change=pl.col("end_value") / pl.col("start_value"))
        .with_columns(cagr=pl.col("fold_change") ** (1.0 / (END - START)) - 1.0)
    )
    return time.perf_counter() - began, out.height


def side_by_side(rows: int, root: Path, memory_limit: str) -> dict[str, object]:
    folder = root / f"panel-{rows}"
    began = time.perf_counter()
    info = generate(folder, rows)
    print(f"10M part: generated {info} in {time.perf_counter() - began:.1f} s", flush=True)

    began = time.perf_counter()
    frame = pd.read_parquet(folder, columns=[*BY, "year", "value_kusd"])
    read_s = time.perf_counter() - began
    began = time.perf_counter()
    expected = measures.growth(frame, START, END, by=BY, value="value_kusd")
    pandas_s = time.perf_counter() - began
    del frame
    print(f"pandas: read {read_s:.2f} s, growth {pandas_s:.2f} s", flush=True)

    polars_s, polars_rows = polars_growth(folder)
    print(f"polars: read + growth {polars_s:.2f} s ({polars_rows} groups)", flush=True)

    with cluster(workers=2, memory_limit=memory_limit) as client:
        client.run(lambda: None)
        best = float("inf")
        for _ in range(2):  # the first run also warms the workers' imports
            began = time.perf_counter()
            got = run_measure(
                read_parquet_panel(folder), "growth", "value_kusd", start_year=START, end_year=END, by=BY
            ).compute()
            best = min(best, time.perf_counter() - began)
    print(f"dask: read + growth {best:.2f} s", flush=True)
    got = got.sort_values(BY, ignore_index=True)
    pd.testing.assert_frame_equal(got, expected.sort_values(BY, ignore_index=True), check_exact=True)
    shutil.rmtree(folder)
    return {
        **info,
        "pandas_read_s": round(read_s, 2),
        "pandas_growth_s": round(pandas_s, 2),
        "pandas_total_s": round(read_s + pandas_s, 2),
        "dask_total_s": round(best, 2),
        "dask_over_pandas": round(best / (read_s + pandas_s), 2),
        "polars_total_s": round(polars_s, 2),
        "dask_equals_pandas": True,
    }


def large(rows: int, root: Path, memory_limit: str) -> dict[str, object]:
    folder = root / f"panel-{rows}"
    began = time.perf_counter()
    info = generate(folder, rows)
    gen_s = time.perf_counter() - began
    size = in_memory_bytes(folder)
    disk = sum(f.stat().st_size for f in folder.glob("*.parquet"))
    print(
        f"100M part: generated {info} in {gen_s:.0f} s; {disk / 1e9:.2f} GB of parquet, "
        f"{size / 1e9:.1f} GB as a pandas frame",
        flush=True,
    )
    results: dict[str, object] = {**info, "parquet_gb": round(disk / 1e9, 2), "in_memory_gb": round(size / 1e9, 1)}
    with cluster(workers=2, memory_limit=memory_limit) as client:
        limit = next(iter(client.scheduler_info()["workers"].values()))["memory_limit"]
        results["worker_memory_limit_gb"] = round(limit / 1e9, 2)
        for name in ("growth", "mirror", "hhi"):
            client.restart()
            before = set(client.scheduler_info()["workers"])
            frame = read_parquet_panel(folder)
            if name == "hhi":
                frame = frame.map_partitions(measures.own_reports, meta=measures.own_reports(frame._meta))
            options = {"start_year": START, "end_year": END, "by": BY} if name == "growth" else {}
            began = time.perf_counter()
            table = run_measure(frame, name, "value_kusd", **options)
            table.to_parquet(root / f"out-{name}", write_index=False)
            seconds = time.perf_counter() - began
            peaks = client.run(peak_rss)
            after = set(client.scheduler_info()["workers"])
            out_rows = sum(pq.ParquetFile(f).metadata.num_rows for f in (root / f"out-{name}").glob("*.parquet"))
            entry = {
                "seconds": round(seconds, 1),
                "rows_per_s": round(info["rows"] / seconds),
                "output_rows": out_rows,
                "peak_worker_gb": sorted(round(v / 1e9, 2) for v in peaks.values()),
                "under_limit": all(v < limit for v in peaks.values()),
                "workers_restarted_during_run": len(before - after),
            }
            results[name] = entry
            print(f"{name}: {entry}", flush=True)
            shutil.rmtree(root / f"out-{name}")
    shutil.rmtree(folder)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000_000, help="rows of the side-by-side panel (0: skip)")
    parser.add_argument("--large", type=int, default=100_000_000, help="rows of the large panel (0: skip)")
    parser.add_argument("--memory-limit", default="2GB", help="memory limit of each of the 2 workers")
    parser.add_argument("--folder", help="where to write the temporary data (default: a new temp folder)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="bench-scale-", dir=args.folder))
    results: dict[str, object] = {"cores": os.cpu_count(), "python": sys.version.split()[0]}
    try:
        if args.small:
            results["side_by_side"] = side_by_side(args.small, root, args.memory_limit)
        if args.large:
            results["large"] = large(args.large, root, args.memory_limit)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
