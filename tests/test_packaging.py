"""A regular (non-editable) install carries the data: build the wheel, load from it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (path,) = out.glob("*.whl")
    return path


def test_wheel_contains_the_data(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for f in [
        "trade.csv",
        "park.csv",
        "sources.csv",
        "countries.csv",
        "claims.csv",
        "events.csv",
        "exchanges.csv",
        "dots.parquet",
        "datapackage.json",
    ]:
        assert f"analysis/data/{f}" in names


def test_data_loads_from_the_unpacked_wheel(wheel: Path, tmp_path: Path):
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = (
        "import analysis, analysis.paths as p; from analysis import load_trade;"
        "assert p.data_dir().is_relative_to(p.PACKAGE_DIR), p.data_dir();"
        "print(len(load_trade()))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)}, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) > 100


def test_wheel_contains_the_importers_package_and_its_code_lists(wheel: Path, tmp_path: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in ["__init__", "sniff", "comtrade", "dots_tables", "batches", "common"]:
        assert f"analysis/importers/{module}.py" in names
    assert {"analysis/reference/comtrade_areas.csv", "analysis/reference/imf_dots_areas.csv"} <= names
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = "from analysis.importers import comtrade_areas, dots_areas; print(len(comtrade_areas()), len(dots_areas()))"
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)}, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert all(int(n) > 100 for n in run.stdout.split())
