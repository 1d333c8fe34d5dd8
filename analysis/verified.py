"""Which bundled files are exactly the ones CI validated: their sha256 is in datapackage.json.

``tests/test_datapackage.py`` fails unless every recorded hash matches its file, and
``tests/test_data.py`` validates every bundled file in full, so a bundled file whose bytes still
match its recorded hash has passed the whole contract. The loaders then skip re-running pandera
on it (and do not import pandera at all), which keeps notebooks and the report fast. Any other
file (a user's, or an edited bundled file) is validated in full. ``validate=True`` on a loader
forces the full check.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from analysis.paths import data_dir, data_file


@functools.lru_cache(maxsize=1)
def _descriptor(mtime_ns: int) -> dict[str, dict[str, object]]:
    package = json.loads(data_file("datapackage.json").read_text(encoding="utf-8"))
    return {r["path"]: r for r in package["resources"]}


def resource(name: str) -> dict[str, object] | None:
    """The datapackage.json entry of a bundled file, or None."""
    path = data_file("datapackage.json")
    if not path.is_file():
        return None
    return _descriptor(path.stat().st_mtime_ns).get(name)


def is_verified(path: Path, raw: bytes | None = None) -> bool:
    """True when ``path`` is a bundled data file whose bytes match the hash recorded for it."""
    path = Path(path).resolve()
    if path.parent != data_dir().resolve():
        return False
    entry = resource(path.name)
    if not entry or "hash" not in entry:
        return False
    data = raw if raw is not None else path.read_bytes()
    return entry["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
