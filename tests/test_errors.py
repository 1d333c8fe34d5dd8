"""A missing input file, or a directory given as a file, is the same error in every entry point."""

from __future__ import annotations

import errno
import os
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

from analysis import (
    DataError,
    load_claims,
    load_countries,
    load_dots,
    load_events,
    load_exchanges,
    load_park,
    load_sources,
    load_trade,
    pair_data,
    read_comtrade,
    read_dots,
    read_download,
)
from analysis.errors import MissingFileError, NotAFileError, Problem, require_file
from analysis.importers import sniff

ENTRY_POINTS: dict[str, Callable[[Path], object]] = {
    "load_trade": load_trade,
    "load_sources": load_sources,
    "load_countries": load_countries,
    "load_park": load_park,
    "load_exchanges": load_exchanges,
    "load_events": load_events,
    "load_claims": load_claims,
    "load_dots": load_dots,
    "read_comtrade": read_comtrade,
    "read_dots": read_dots,
    "read_download": read_download,
    "sniff": sniff,
    "pair_data": lambda path: pair_data("CHN", "BLR", path),
}


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_a_missing_file_is_a_missing_file_error_naming_it(tmp_path: Path, entry: str):
    path = tmp_path / "nope.csv"
    with pytest.raises(MissingFileError) as info:
        ENTRY_POINTS[entry](path)
    err = info.value
    assert isinstance(err, DataError) and isinstance(err, FileNotFoundError) and isinstance(err, ValueError)
    assert (err.errno, err.filename) == (errno.ENOENT, str(path))
    (problem,) = err.problems
    assert (problem.file, problem.line, problem.column) == (str(path), None, None)
    assert problem.expected.endswith("(file not found)")
    assert str(err) == f"problem in input data:\n  {path}; expected {problem.expected}"


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_a_directory_says_it_is_a_directory(tmp_path: Path, entry: str):
    folder = tmp_path / "downloads.csv"
    folder.mkdir()
    with pytest.raises(NotAFileError) as info:
        ENTRY_POINTS[entry](folder)
    assert isinstance(info.value, DataError) and isinstance(info.value, IsADirectoryError)
    assert info.value.errno == errno.EISDIR
    assert "(it is a directory, not a file)" in str(info.value)
    assert "not found" not in str(info.value)


def test_a_missing_sources_file_beside_the_trade_file_is_a_missing_file_too(tmp_path: Path):
    path = tmp_path / "trade.csv"
    path.write_text(
        "year,reporter,partner,flow,value,currency,valuation,period,qualifier,source_id\n", encoding="utf-8"
    )
    with pytest.raises(MissingFileError, match=r"sources\.csv; expected a sources\.csv next to trade\.csv"):
        load_trade(path)


def test_require_file_returns_the_path_and_refuses_other_non_files(tmp_path: Path):
    path = tmp_path / "ok.csv"
    path.write_text("x\n", encoding="utf-8")
    assert require_file(str(path), "a CSV file") == path
    fifo = tmp_path / "pipe"
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    os.mkfifo(fifo)
    with pytest.raises(NotAFileError, match=r"it is not a regular file"):
        require_file(fifo, "a CSV file")


def test_the_file_errors_survive_pickling(tmp_path: Path):
    """Errors cross process boundaries (e.g. notebook kernels, Dask workers) intact."""
    with pytest.raises(MissingFileError) as info:
        require_file(tmp_path / "nope.csv", "a CSV file")
    copy = pickle.loads(pickle.dumps(info.value))
    assert isinstance(copy, MissingFileError)
    assert copy.problems == [Problem(str(tmp_path / "nope.csv"), None, None, None, "a CSV file (file not found)")]
    assert str(copy) == str(info.value)
