"""Write FOLDER/datapackage.json (Frictionless Data Package v2) from the contract.

Usage: ``python scripts/build_datapackage.py [FOLDER]`` (default ``data/``; ``make data`` runs it
after ``scripts/build_data.py``). Every field's type, constraints, description and unit, and every
table's title, description and keys, come from ``analysis.contract`` (rendered by
``analysis.contract.datapackage``); this script only writes the result with the files' current
sizes and sha256. ``tests/test_contract.py`` and ``tests/test_datapackage.py`` fail when the
committed descriptor, the contract, the pandera models and the files disagree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from analysis.contract.datapackage import package

ROOT = Path(__file__).resolve().parents[1]


def build(data: Path = ROOT / "data") -> dict[str, object]:
    """The descriptor of the files in ``data``, with their current sizes and sha256."""
    return package(data)


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data"
    out = folder / "datapackage.json"
    out.write_text(json.dumps(build(folder), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
