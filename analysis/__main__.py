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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="China-Belarus trade statistics: run the notebooks into an HTML report, or summarise the data.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    summary = sub.add_parser("summary", help="print what the bundled data holds")
    summary.set_defaults(func=_summary)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
