"""``python -m analysis check CLAIMS.csv``: a reader's own claims, one verdict each.

    python -m analysis check my_claims.csv                      # against the bundled China-Belarus data
    python -m analysis check my_claims.csv --data trade.csv     # against your trade file (sources.csv beside it)
    python -m analysis check my_claims.csv --reporter DEU --partner FRA   # any pair of the IMF DOTS matrix

The ledger is a CSV in the layout of ``data/claims.csv`` with a ``sources.csv`` beside it. Prints one
block per claim (claim, side used, figure, difference, verdict, reason) and exits 0; a malformed ledger
or data file prints every problem (file, line, column) and exits 1.
"""

from __future__ import annotations

import argparse
import math
import sys
import textwrap

import pandas as pd

from analysis import formatting as fmt


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the ``check`` subcommand on ``python -m analysis``'s subparsers."""
    check = sub.add_parser(
        "check",
        help="check your own claims (a ledger CSV in the data/claims.csv layout) against the data",
        description="Judge every claim of a ledger CSV (the data/claims.csv layout, sources.csv beside it) "
        "against the bundled data, a pair of the IMF DOTS matrix, or your own trade file. One verdict per claim; "
        "exit status 1 with every problem listed when the ledger or data cannot be read.",
    )
    check.add_argument("claims", help="the ledger CSV")
    check.add_argument("--data", help="a trade file (trade.csv layout, UN Comtrade or IMF DOTS download, .parquet)")
    check.add_argument("--reporter", default="CHN", help="ISO3 of the first country of the pair (default CHN)")
    check.add_argument("--partner", default="BLR", help="ISO3 of the second country (default BLR)")
    check.set_defaults(func=run)


def _figure(row: pd.Series) -> str:
    if math.isnan(row["computed"]):
        return "-"
    from analysis.claims.check import show_value

    unit, lo, hi = str(row["unit"]), row["computed_low"], row["computed_high"]
    return show_value(lo, unit) if lo == hi else f"{show_value(lo, unit)} to {show_value(hi, unit)}"


def render(results: pd.DataFrame) -> str:
    """The verdicts as a plain-text table: one block per claim."""
    lines = []
    for _, row in results.iterrows():
        side = fmt.possessive(row["side"]) + " statistics" if row["side"] else "-"
        diff = "-" if math.isnan(row["difference_pct"]) else f"{row['difference_pct']:+.2f}%"
        lines.append(f"{row['claim_id']}: {row['excerpt']}")
        lines.append(f"  side used: {side} | figure: {_figure(row)} | difference: {diff} | verdict: {row['verdict']}")
        lines.extend(textwrap.wrap(str(row["reason"]), 100, initial_indent="  ", subsequent_indent="  "))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Check the ledger; print the verdicts (exit 0) or every problem (exit 1)."""
    from analysis.claims import check_claims, summary
    from analysis.errors import ArgumentError, DataError
    from analysis.pair import pair_data

    try:
        data = pair_data(args.reporter, args.partner, args.data)
        results = check_claims(args.claims, trade=data.trade, sources=data.sources, pair=(args.reporter, args.partner))
    except (DataError, ArgumentError, FileNotFoundError) as exc:
        print(f"check failed: {exc}", file=sys.stderr)
        return 1
    print(render(results))
    counts = ", ".join(f"{n} {v}" for v, n in summary(results).items() if n)
    print(f"\n{len(results)} claims: {counts}. Data: {data.origin}.")
    return 0
