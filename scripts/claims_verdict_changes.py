"""List every fact-check verdict that changed against an earlier revision's notebook 05, and why.

The old verdicts are read from the ledger table saved in ``notebooks/05_fact_check.ipynb`` at
``--before`` (a git revision, default the merge base with ``main``); the new ones are computed now.

Usage: python scripts/claims_verdict_changes.py [--before REV]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "notebooks/05_fact_check.ipynb"


class _Table(HTMLParser):
    """The rows of the first HTML table: header cells and data cells, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def old_ledger(rev: str) -> dict[str, dict[str, str]]:
    """claim id -> the old table's columns (verdict, computed, whose statistics, ...)."""
    text = subprocess.run(["git", "show", f"{rev}:{NOTEBOOK}"], cwd=ROOT, check=True, capture_output=True, text=True)
    for cell in json.loads(text.stdout)["cells"]:
        for out in cell.get("outputs", []):
            html = "".join(out.get("data", {}).get("text/html", []))
            if "<table" in html and "verdict" in html:
                table = _Table()
                table.feed(html)
                header = table.rows[0]
                rows = [row for row in table.rows[1:] if row and row[0]]
                return {row[0]: dict(zip(header[1:], row[1:], strict=False)) for row in rows}
    raise SystemExit(f"no ledger table in {NOTEBOOK} at {rev}")


def why(row: dict[str, object]) -> str:
    """The rule behind a new verdict, in a few words."""
    reason = str(row["reason"])
    if row["verdict"] == "within revision band":
        return f"difference {row['difference_pct']:+.2f}%: within the revision band measured in the customs tables"
    if "cannot test it" in reason or "own document" in reason:
        return "its own document (same URL) is no longer evidence for it"
    return "see the reason"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="git revision of the old notebook (default: merge base with main)")
    args = parser.parse_args(argv)
    rev = args.before or subprocess.run(
        ["git", "merge-base", "HEAD", "main"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    from analysis import formatting as fmt
    from analysis.claims import check_claims

    old = old_ledger(rev)
    new = check_claims()
    print(f"Verdicts against {NOTEBOOK} at {rev[:7]}:")
    changed = added = moved = 0
    for _, row in new.iterrows():
        cid, before = row["claim_id"], old.get(row["claim_id"])
        side = f"{fmt.possessive(row['side'])} statistics" if row["side"] else "no side"
        if before is None:
            added += 1
            print(f"- {cid}: new in the ledger -> {row['verdict']} ({side})")
        elif before["verdict"] != row["verdict"]:
            changed += 1
            print(f"- {cid}: {before['verdict']} -> {row['verdict']} ({why(row.to_dict())})")
        elif row["side"] and before.get("whose statistics", "") == "" and row["verdict"] == "inconsistent":
            moved += 1
            print(f"- {cid}: still inconsistent; now shows {side} (was {before.get('computed', '')}, side not named)")
    print(f"{changed} verdicts changed, {added} claims added, {moved} inconsistent claims now show a named side.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
