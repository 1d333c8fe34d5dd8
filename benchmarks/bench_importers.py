"""Benchmark ``analysis.importers.read_comtrade`` on a large synthetic Comtrade+ CSV.

Writes a Comtrade+-layout file (47 quoted columns, a trailing comma on every line, as the
Comtrade+ website writes them) of about ``--size-mb`` megabytes to a temporary folder, with a
fixed random seed and unique year/reporter/partner/flow/product keys, so every row is valid.
Then reads it with ``read_comtrade`` in a fresh Python process and reports wall time,
throughput and peak memory (``resource.getrusage`` max RSS of that process), and deletes the
file. Prints a Markdown table.

    .venv/bin/python benchmarks/bench_importers.py --size-mb 1024

Timings never go into tests; this script is the place for them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

HEADER = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,flowDesc,"
    "partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,classificationCode,"
    "classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,isLeaf,customsCode,customsDesc,"
    "mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,"
    "isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,"
    "legacyEstimationFlag,isReported,isAggregate"
).split(",")
assert len(HEADER) == 47

SEED = 20240229
CHUNK_ROWS = 400_000
FLOWS = [("M", "Import"), ("X", "Export"), ("RM", "Re-import"), ("RX", "Re-export")]
YEARS = list(range(2000, 2024))


def _areas() -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """Reporters (economies) and partners (economies, World, 'nes' areas) from the reference list."""
    import csv

    ref = Path(__file__).resolve().parents[1] / "analysis" / "reference" / "comtrade_areas.csv"
    with ref.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    economies, seen = [], set()
    for r in rows:  # one code per ISO3 (250 and 251 are both France): keys stay unique
        if r["kind"] == "economy" and r["iso3"] not in seen:
            seen.add(r["iso3"])
            economies.append((int(r["code"]), r["iso3"], r["name"]))
    others = [(int(r["code"]), r["iso3"], r["name"]) for r in rows if r["kind"] in ("aggregate", "residual")]
    reporters = economies[:30]
    partners = economies[:180] + others
    return reporters, partners


def _products() -> list[tuple[str, str, str]]:
    chapters = [f"{c:02d}" for c in range(1, 98) if c != 77]
    return [("TOTAL", "All Commodities", "0")] + [(c, f"Chapter {c} of the Harmonized System", "2") for c in chapters]


def _const(value: str, n: int) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, dtype="int32")), pa.array([value])).cast(pa.string())


def _pick(values: list[str], index: np.ndarray) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(index.astype("int32")), pa.array(values)).cast(pa.string())


def _chunk(start: int, n: int, rng: np.random.Generator, reporters, partners, products) -> pa.Table:
    """Rows start..start+n: key digits flow | reporter | partner | year | product (all unique)."""
    i = np.arange(start, start + n, dtype="int64")
    nf, nr, npt, ny = len(FLOWS), len(reporters), len(partners), len(YEARS)
    f = i % nf
    r = (i // nf) % nr
    p = (i // (nf * nr)) % npt
    y = (i // (nf * nr * npt)) % ny
    c = (i // (nf * nr * npt * ny)) % len(products)
    value = np.round(rng.lognormal(mean=12.0, sigma=3.0, size=n), 2)
    inward = (f == 0) | (f == 2)
    cif = np.where(inward, value, np.nan)
    fob = np.where(inward, np.round(value * 0.95, 2), value)
    year_text = [str(v) for v in YEARS]
    cols = {
        "typeCode": _const("C", n),
        "freqCode": _const("A", n),
        "refPeriodId": _pick([f"{v}0101" for v in YEARS], y),
        "refYear": _pick(year_text, y),
        "refMonth": _const("52", n),
        "period": _pick(year_text, y),
        "reporterCode": _pick([str(a[0]) for a in reporters], r),
        "reporterISO": _pick([a[1] for a in reporters], r),
        "reporterDesc": _pick([a[2] for a in reporters], r),
        "flowCode": _pick([fl[0] for fl in FLOWS], f),
        "flowDesc": _pick([fl[1] for fl in FLOWS], f),
        "partnerCode": _pick([str(a[0]) for a in partners], p),
        "partnerISO": _pick([a[1] for a in partners], p),
        "partnerDesc": _pick([a[2] for a in partners], p),
        "partner2Code": _const("0", n),
        "partner2ISO": _const("W00", n),
        "partner2Desc": _const("World", n),
        "classificationCode": _const("H6", n),
        "classificationSearchCode": _const("HS", n),
        "isOriginalClassification": _const("True", n),
        "cmdCode": _pick([pr[0] for pr in products], c),
        "cmdDesc": _pick([pr[1] for pr in products], c),
        "aggrLevel": _pick([pr[2] for pr in products], c),
        "isLeaf": _const("False", n),
        "customsCode": _const("C00", n),
        "customsDesc": _const("TOTAL CPC", n),
        "mosCode": _const("0", n),
        "motCode": _const("0", n),
        "motDesc": _const("TOTAL MOT", n),
        "qtyUnitCode": _const("-1", n),
        "qtyUnitAbbr": _const("N/A", n),
        "qty": _const("0", n),
        "isQtyEstimated": _const("False", n),
        "altQtyUnitCode": _const("-1", n),
        "altQtyUnitAbbr": _const("N/A", n),
        "altQty": _const("0", n),
        "isAltQtyEstimated": _const("False", n),
        "netWgt": pa.array(np.round(value / 3.0, 3)),
        "isNetWgtEstimated": _const("False", n),
        "grossWgt": _const("0", n),
        "isGrossWgtEstimated": _const("False", n),
        "cifvalue": pa.array(cif, from_pandas=True),
        "fobvalue": pa.array(fob),
        "primaryValue": pa.array(np.where(inward, cif, fob)),
        "legacyEstimationFlag": _const("0", n),
        "isReported": _const("True", n),
        "isAggregate": _const("False", n),
        "trailing": pa.nulls(n, pa.string()),  # the empty field after the trailing comma
    }
    return pa.table(cols)


def generate(path: Path, size_mb: float) -> tuple[int, int]:
    """Write the file; return (rows, bytes). Vectorised: numpy keys/values, pyarrow CSV writer."""
    reporters, partners = _areas()
    products = _products()
    capacity = len(FLOWS) * len(reporters) * len(partners) * len(YEARS) * len(products)
    rng = np.random.default_rng(SEED)
    target = int(size_mb * 1024 * 1024)
    options = pacsv.WriteOptions(include_header=False, quoting_style="all_valid", delimiter=",")
    rows = 0
    with path.open("wb") as fh:
        fh.write((",".join(HEADER) + "\n").encode())
        sink = pa.PythonFile(fh, mode="w")
        while fh.tell() < target:
            n = CHUNK_ROWS
            if rows:  # aim the last chunk at the target size
                per_row = fh.tell() / rows
                n = max(1, min(CHUNK_ROWS, int((target - fh.tell()) / per_row) + 1))
            if rows + n > capacity:
                raise SystemExit(f"--size-mb too large for unique keys ({capacity:,} rows at most)")
            pacsv.write_csv(_chunk(rows, n, rng, reporters, partners, products), sink, write_options=options)
            rows += n
            fh.flush()
        os.fsync(fh.fileno())  # written to disk now, so that write-back does not slow the read
    return rows, path.stat().st_size


MEASURE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from analysis.importers import read_comtrade
from analysis.importers.common import output_schema
output_schema()
import_s = time.perf_counter() - t0
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
frame = read_comtrade(sys.argv[1])
seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rows": len(frame), "seconds": seconds, "import_s": import_s,
                  "base_kb": base, "peak_kb": peak, "frame_mb": frame.memory_usage(deep=True).sum() / 2**20}))
"""


def measure(path: Path) -> dict:
    """Read the file with read_comtrade in a fresh interpreter (so max RSS is this read's peak)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONSTARTUP"}
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=float, default=1024.0, help="size of the synthetic CSV (default 1024)")
    parser.add_argument("--tmpdir", default=None, help="folder for the temporary file (default: system temp)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-importers-", dir=args.tmpdir) as tmp:
        path = Path(tmp) / "comtrade_plus_synthetic.csv"
        t0 = time.perf_counter()
        rows, size = generate(path, args.size_mb)
        gen_s = time.perf_counter() - t0
        print(f"generated {size / 2**20:,.0f} MB, {rows:,} rows in {gen_s:.1f} s", file=sys.stderr)
        result = measure(path)
    if result["rows"] != rows:
        raise SystemExit(f"read {result['rows']:,} rows, wrote {rows:,}")
    mb = size / 2**20
    peak_mb = result["peak_kb"] / 1024
    base_mb = result["base_kb"] / 1024
    load = os.getloadavg()[0]
    print(
        f"Machine: {os.cpu_count()} cores, load average {load:.1f} (other work running slows the timing), "
        f"Python {platform.python_version()}, pyarrow {pa.__version__}"
    )
    print()
    print(
        "| file (MB) | rows | read_comtrade (s) | throughput (MB/s) | peak RSS (MB) | RSS before read (MB) "
        "| peak / file size | output frame (MB) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {mb:,.0f} | {rows:,} | {result['seconds']:.1f} | {mb / result['seconds']:,.0f} | {peak_mb:,.0f} "
        f"| {base_mb:,.0f} | {peak_mb / mb:.2f} | {result['frame_mb']:,.0f} |"
    )


if __name__ == "__main__":
    main()
