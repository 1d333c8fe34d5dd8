"""``python -m analysis panel``: a panel measure over product-level files, on a Dask cluster.

    python -m analysis panel BACI_HS92_Y*.csv --layout baci --measure growth --start 2000 --end 2020 \\
        --output growth.parquet                        # a local cluster, one worker process per core
    python -m analysis panel panel/ --layout parquet --measure hhi --output hhi.parquet \\
        --scheduler tcp://10.0.0.5:8786                # an existing cluster

Reads lazily (``analysis.scale.readers``), keeps the years ``--start``..``--end``, runs the measure
(``analysis.scale.run_measure``: the pandas code of ``analysis.measures`` per partition), shows a
progress bar, writes partitioned parquet and prints what it wrote. Bad input, a year range outside
the data and an unreachable scheduler end with one line ``panel failed: ...`` and exit status 1.
This module imports Dask only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

LAYOUTS = ("baci", "comtrade", "parquet")
MEASURE_NAMES = ("growth", "yoy", "mirror", "shares", "hhi", "rca", "complementarity")
_SHOWN = 3


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the ``panel`` subcommand on ``python -m analysis``'s subparsers."""
    panel = sub.add_parser(
        "panel",
        help="compute a panel measure over product-level trade files on a Dask cluster (needs the [scale] extra)",
        description="Read BACI, UN Comtrade bulk CSV or parquet files lazily, compute growth, mirror ratios, "
        "shares, HHI, RCA or trade complementarity with the package's pandas code on a Dask cluster, and write "
        "partitioned parquet. Without --scheduler a local cluster is started (one worker process per core).",
    )
    panel.add_argument("input", nargs="+", help="files, folders or glob patterns (parquet: one file or folder)")
    panel.add_argument("--layout", required=True, choices=LAYOUTS, help="the files' layout")
    panel.add_argument("--measure", required=True, choices=MEASURE_NAMES, help="what to compute")
    panel.add_argument("--start", type=int, help="first year used (growth: the base year; required for growth)")
    panel.add_argument("--end", type=int, help="last year used (growth: the end year; required for growth)")
    panel.add_argument("--output", required=True, help="folder to write the result to (partitioned parquet)")
    panel.add_argument("--scheduler", help="address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786")
    panel.add_argument("--workers", type=int, help="local cluster: worker processes (default: one per core)")
    panel.add_argument("--memory-limit", help="local cluster: memory per worker, e.g. 2GB")
    panel.add_argument("--countries", help="BACI: the country table (default: country_codes*.csv beside the files)")
    panel.add_argument("--of", choices=("partner", "product"), default="partner", help="shares: of what")
    panel.add_argument("--per", choices=("exporter", "pair"), default="exporter", help="hhi: per exporter or pair")
    panel.add_argument(
        "--connect-timeout", type=float, default=5.0, help="seconds to reach --scheduler before giving up (default 5)"
    )
    panel.add_argument("--blocksize", default="64MB", help="CSV bytes per partition (default 64MB)")
    panel.set_defaults(func=run)


def _one_line(exc: BaseException) -> str:
    from analysis.errors import DataError

    if isinstance(exc, DataError):
        shown = "; ".join(str(p) for p in exc.problems[:_SHOWN])
        more = len(exc.problems) - _SHOWN
        return shown + (f" (and {more} more problem(s))" if more > 0 else "")
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def run(args: argparse.Namespace) -> int:
    """Run the command; 0 on success, 1 with one line on stderr on failure."""
    try:
        return _run(args)
    except Exception as exc:  # every failure is one line, never a Dask traceback
        from analysis.errors import ArgumentError, DataError

        known = (DataError, ArgumentError, OSError, ImportError)
        try:
            from analysis.scale import ClusterError

            known = (*known, ClusterError)
        except Exception:
            pass
        if not isinstance(exc, known):
            print(f"panel failed: {type(exc).__name__}: {_one_line(exc)}", file=sys.stderr)
        else:
            print(f"panel failed: {_one_line(exc)}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    from analysis.errors import ArgumentError

    if args.measure == "growth" and (args.start is None or args.end is None):
        raise ArgumentError("--measure growth needs --start and --end (the base year and the end year)")
    if args.start is not None and args.end is not None and args.end < args.start:
        raise ArgumentError(f"--end {args.end} is before --start {args.start}")
    if args.measure == "growth" and args.end == args.start:
        raise ArgumentError(f"--end {args.end} must be after --start {args.start} for growth")
    try:
        import dask
        from dask.utils import parse_bytes
        from distributed import progress
    except ImportError:
        raise ImportError(
            'the panel command needs Dask: pip install -e ".[scale]" (dask[dataframe] and distributed)'
        ) from None
    from analysis import measures
    from analysis.scale import cluster, read_baci, read_comtrade_files, read_parquet_panel, run_measure, years_of
    from analysis.scale.cluster import quiet

    quiet()
    output = Path(args.output)
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise ArgumentError(f"--output {output} exists and is not an empty folder; choose a new one")
    blocksize = None if args.blocksize.lower() == "none" else parse_bytes(args.blocksize)
    if args.layout == "baci":
        frame = read_baci(args.input, countries=args.countries, blocksize=blocksize)
    elif args.layout == "comtrade":
        rows = read_comtrade_files(args.input, blocksize=blocksize)
        frame = rows.map_partitions(measures.comtrade_flows, meta=measures.comtrade_flows(rows._meta))
    else:
        if len(args.input) != 1:
            raise ArgumentError("--layout parquet takes one file or folder")
        frame = read_parquet_panel(args.input[0])
    value = next(c for c in ("value_kusd", "value_usd") if c in frame.columns)
    two_sided = "reporter" in frame.columns
    if args.measure == "mirror" and not two_sided:
        raise ArgumentError(
            "mirror needs both reporters' figures (a 'reporter' column: the comtrade layout, or parquet with "
            "reporter); BACI reconciles the two reports into one value"
        )
    with cluster(args.scheduler, args.workers, args.memory_limit, timeout=args.connect_timeout) as client:
        n = len(client.scheduler_info()["workers"])
        where = args.scheduler or f"a local cluster of {n} worker{'s' if n != 1 else ''}"
        print(f"panel: {args.measure} on {where}", flush=True)
        low, high = years_of(frame)
        start = args.start if args.start is not None else low
        end = args.end if args.end is not None else high
        if start < low or end > high:
            raise ArgumentError(f"years {start}-{end} are outside the data, which covers {low}-{high}")
        frame = frame[(frame["year"] >= start) & (frame["year"] <= end)]
        by = [*measures.FLOW_KEY, "reporter"] if two_sided and args.measure in ("growth", "yoy") else None
        if two_sided and args.measure in ("shares", "hhi", "rca", "complementarity"):
            frame = frame.map_partitions(measures.own_reports, meta=measures.own_reports(frame._meta))
            print("panel: using each flow as its exporter reports it", flush=True)
        options = {"start_year": start, "end_year": end, "of": args.of, "per": args.per}
        if by is not None:
            options["by"] = by
        began = time.perf_counter()
        table = run_measure(frame, args.measure, value, **options)
        with dask.config.set({"dataframe.convert-string": False}):
            written = table.to_parquet(output, write_index=False, compute=False)
        future = client.compute(written)
        progress(future)
        future.result()
        print("", flush=True)
        elapsed = time.perf_counter() - began
    files = sorted(output.glob("*.parquet"))
    n_rows = sum(_rows(f) for f in files)
    print(
        f"panel: wrote {n_rows:,} rows ({', '.join(table.columns)}) in {len(files)} parquet file(s) to {output} "
        f"({elapsed:.1f} s; years {start}-{end})"
    )
    return 0


def _rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return int(pq.ParquetFile(path).metadata.num_rows)
