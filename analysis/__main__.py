"""Command line: ``python -m analysis report`` (the main job) and ``python -m analysis summary``."""

from __future__ import annotations

import argparse
import sys


def _summary(_: argparse.Namespace) -> int:
    from analysis.load import load_park, load_sources, load_trade

    trade = load_trade()
    park = load_park()
    sources = load_sources()
    print(
        f"trade.csv: {len(trade)} values, {trade['year'].min()}-{trade['year'].max()}, "
        f"reporters {', '.join(sorted(trade['reporter'].unique()))}"
    )
    print(f"park.csv: {len(park)} observations of {park['metric'].nunique()} metrics")
    print(f"sources.csv: {len(sources)} sources")
    return 0


def _report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from analysis.report import Parameters, ReportError, build_report

    params = Parameters(data=args.data, reporter=args.reporter, partner=args.partner, errors=args.errors)
    try:
        build_report(Path(args.output) if args.output else None, params, args.only, timeout=args.timeout)
    except ReportError as exc:
        print(f"report failed: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # never a raw traceback: one line, with what it was
        print(f"report failed: unexpected {type(exc).__name__}: {exc} (a bug: please report it)", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="China-Belarus trade statistics: run the notebooks into an HTML report, or summarise the data.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser(
        "report",
        help="run every notebook in a fresh kernel and write build/report/*.html and index.html",
        description="Read the pair's data once (saved to build/report/pair-context/), execute each notebook in "
        "notebooks/ headless (the committed notebooks are not modified), export it to HTML under build/report/, and "
        "write an index.html with the headline chart and sentences. "
        "Prints one line per notebook with its time; exits 1 naming the notebook and cell that failed.",
    )
    report.add_argument("--output", help="folder for the HTML (default: build/report)")
    report.add_argument(
        "--data",
        help="your data file, relative to the folder you run this in: a trade CSV in the data/trade.csv layout "
        "(with sources.csv beside it), a UN Comtrade or IMF DOTS download, or a DOTS matrix (.parquet); "
        "read once, before the notebooks run",
    )
    report.add_argument("--reporter", help="ISO3 of the first country of the pair (default CHN)")
    report.add_argument("--partner", help="ISO3 of the second country of the pair (default BLR)")
    report.add_argument(
        "--errors",
        choices=("raise", "report"),
        default="raise",
        help="what a bad row in --data does: raise (default) stops with every problem listed; report keeps the good "
        "rows, lists the rejected ones (count and first 25) on the index page, and runs",
    )
    report.add_argument("--only", nargs="*", help="run only notebooks whose file name contains one of these")
    report.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell (default 600)")
    report.set_defaults(func=_report)
    summary = sub.add_parser("summary", help="print what the bundled data holds")
    summary.set_defaults(func=_summary)
    from analysis.panel_cli import add_parser as add_panel_parser  # python -m analysis panel (Dask)

    add_panel_parser(sub)
    from analysis.claims.cli import add_parser as add_check_parser  # python -m analysis check CLAIMS.csv

    add_check_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
