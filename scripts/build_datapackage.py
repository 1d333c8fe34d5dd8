"""Write data/datapackage.json (Frictionless Data Package v2) from the contract.

Every field's type, constraints, description and unit, and every table's title, description and
keys, come from ``analysis.contract`` (rendered by ``analysis.contract.datapackage``); this script
only writes the result. Run it after changing the contract or a data file;
``tests/test_contract.py`` and ``tests/test_datapackage.py`` fail when the committed descriptor,
the contract, the pandera models and the files disagree.
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis.contract.datapackage import package

ROOT = Path(__file__).resolve().parents[1]


def build() -> dict[str, object]:
    """The descriptor of the files in ``data/``, with their current sizes and sha256."""
    return package(ROOT / "data")


if __name__ == "__main__":
    out = ROOT / "data" / "datapackage.json"
    out.write_text(json.dumps(build(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")
