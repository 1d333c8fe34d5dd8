"""Benchmark: load and validate a 1,000,000-row user file in the data/trade.csv layout.

Writes a synthetic file (fixed seed) to a temporary folder, then loads it with
``analysis.load_trade`` in a fresh subprocess and reports wall time and peak resident memory
(``resource.getrusage``: the process peak, and the peak minus the memory in use just before the
call). Run: ``python benchmarks/bench_load.py [--rows N]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
import analysis.load as load
import pandera.pandas  # import outside the timed part, as any second call would
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
frame = load.load_trade(sys.argv[1])
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rows": len(frame), "seconds": seconds, "peak_mb": peak / 1024, "own_mb": (peak - before) / 1024,
                  "frame_mb": frame.memory_usage(deep=True).sum() / 2**20}))
"""


def write_file(folder: Path, rows: int) -> Path:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(20240601)
    countries = pd.read_csv(Path(__file__).resolve().parents[1] / "data" / "countries.csv")["iso3"].to_numpy()
    frame = pd.DataFrame(
        {
            "year": rng.integers(1960, 2021, rows),
            "reporter": rng.choice(countries, rows),
            "partner": rng.choice(countries, rows),
            "flow": rng.choice(["export", "import"], rows),
            "value": rng.lognormal(16, 3, rows).round(2) + 1,
            "valuation": "FOB",
            "period": "annual",
            "qualifier": "exact",
            "source_id": "bench",
        }
    )
    frame["source_id"] = "bench-" + pd.Series(np.arange(rows) % 1000).astype(str)
    key = ["year", "reporter", "partner", "flow", "period", "source_id"]
    frame = frame.drop_duplicates(subset=key)  # random keys collide a few dozen times in a million
    path = folder / "trade.csv"
    frame.to_csv(path, index=False)
    sources = pd.DataFrame(
        {
            "source_id": [f"bench-{i}" for i in range(1000)],
            "publisher": "synthetic",
            "title": "",
            "url": "",
            "published": "2024",
            "accessed": "",
            "quote": "synthetic benchmark row",
            "reliability": "low",
            "note": "",
        }
    )
    sources.to_csv(folder / "sources.csv", index=False)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = write_file(Path(tmp), args.rows)
        size_mb = path.stat().st_size / 2**20
        run = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True)
        if run.returncode:
            print(run.stderr[-3000:], file=sys.stderr)
            return 1
    result = json.loads(run.stdout)
    print(
        "| rows | file (MB) | load + validate (s) | rows/s | peak RSS (MB) | extra RSS for the call (MB) "
        "| extra / file size |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {result['rows']:,} | {size_mb:,.0f} | {result['seconds']:.2f} | {result['rows'] / result['seconds']:,.0f} "
        f"| {result['peak_mb']:,.0f} | {result['own_mb']:,.0f} | {result['own_mb'] / size_mb:.1f}× |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
