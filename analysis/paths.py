"""Where things live: the one module that knows file locations.

The data files ship inside the package (``analysis/data`` in a wheel, built from the top-level
``data/`` folder); in a source checkout or editable install they are read from ``data/`` at the
repository root. Outputs go under the current working directory's ``reports/`` and ``build/``
unless a caller passes another folder. Nothing here writes into the data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_ROOT = PACKAGE_DIR.parent


def data_dir() -> Path:
    """The folder holding the bundled, read-only data files."""
    installed = PACKAGE_DIR / "data"
    if (installed / "trade.csv").is_file():
        return installed
    return _REPO_ROOT / "data"


def data_file(name: str) -> Path:
    """Path of a bundled data file, e.g. ``data_file("trade.csv")``."""
    return data_dir() / name


def repo_root() -> Path | None:
    """The source checkout's root (holding ``notebooks/``), or None for a plain wheel install."""
    return _REPO_ROOT if (_REPO_ROOT / "notebooks").is_dir() else None


def notebooks_dir() -> Path:
    """The folder of the notebooks: ``notebooks/`` in a source checkout, ``analysis/notebooks`` in a wheel."""
    root = repo_root()
    return root / "notebooks" if root is not None else PACKAGE_DIR / "notebooks"


def output_dir(kind: str) -> Path:
    """Folder for generated outputs: ``figures`` -> reports/figures, ``report`` -> build/report.

    The report goes under the working directory (where the user runs the command). Figures go
    under the repository root in a checkout (the README shows them; notebooks run from
    ``notebooks/`` write to the same place), else under the working directory.
    ``ANALYSIS_OUTPUT_ROOT`` overrides both roots.
    """
    override = os.environ.get("ANALYSIS_OUTPUT_ROOT")
    if kind == "report":
        return Path(override or Path.cwd()) / "build" / "report"
    if kind == "figures":
        return Path(override or repo_root() or Path.cwd()) / "reports" / "figures"
    raise ValueError(f"unknown output kind {kind!r}: figures or report")
