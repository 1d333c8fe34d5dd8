"""UN Comtrade bulk CSV files read lazily, each block by ``analysis.read_comtrade`` itself (see ``readers``)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import dask.dataframe as dd
import pandas as pd

from analysis.errors import DataError, Problem
from analysis.scale.files import (
    DEFAULT_BLOCKSIZE,
    BlockError,
    PathLike,
    byte_blocks,
    expand,
    from_map,
    header_line,
    lines_before,
    read_range,
)

# ---------------------------------------------------------------------------------------------
# UN Comtrade bulk CSV: read_comtrade per block
# ---------------------------------------------------------------------------------------------


def _comtrade_on(path: Path, body: bytes, header: bytes, label: str, first_line: Callable[[], int]) -> pd.DataFrame:
    """``read_comtrade`` on header + body, written to a temporary file named like the original;
    problems are given back with the original file name and physical lines."""
    from analysis import read_comtrade

    with tempfile.TemporaryDirectory(prefix="analysis-comtrade-") as tmp:
        copy = Path(tmp) / path.name
        with copy.open("wb") as fh:
            fh.write(header)
            if header and not header.endswith(b"\n"):
                fh.write(b"\n")
            fh.write(body)
        try:
            return read_comtrade(copy)
        except DataError as exc:
            base = first_line() - 2  # line 2 of the copy is the block's first line
            raise BlockError(
                [
                    Problem(label, p.line if p.line in (None, 1) else p.line + base, p.column, p.value, p.expected)
                    for p in exc.problems
                ]
            ) from None


def read_comtrade_block(path: str, start: int, end: int, whole: bool) -> pd.DataFrame:
    """One block of a Comtrade CSV through ``read_comtrade`` (see ``read_comtrade_files``); on a worker."""
    from analysis import read_comtrade

    file = Path(path)
    if whole:
        try:
            return read_comtrade(file)
        except DataError as exc:
            raise BlockError(exc.problems) from None
    raw, _ = header_line(file)
    return _comtrade_on(file, read_range(file, start, end), raw, path, lambda: lines_before(file, start) + 1)


def read_comtrade_files(
    paths: PathLike | Sequence[PathLike], blocksize: int | None = DEFAULT_BLOCKSIZE
) -> dd.DataFrame:
    """UN Comtrade CSV files as a lazy Dask frame of ``read_comtrade`` rows, block by block.

    The header of every file is checked here (missing file, unknown layout, missing column: the
    ``read_comtrade`` messages); rows are checked on the workers.
    """
    from analysis import read_comtrade

    files = expand(paths, ".csv", "UN Comtrade CSV", check=read_comtrade)
    parts = []
    meta = None
    for path in files:
        raw, _ = header_line(path)
        with path.open("rb") as fh:
            fh.readline()
            head = b"".join(fh.readline() for _ in range(2))
        sample = _comtrade_layout(path, raw, head)
        meta = sample if meta is None else meta
        blocks = byte_blocks(path, len(raw), blocksize)
        whole = len(blocks) == 1
        parts.extend((str(path), s, e, whole) for s, e in blocks)
    assert meta is not None
    return from_map(_comtrade_part, parts, meta, "read-comtrade")


def _comtrade_layout(path: Path, header: bytes, head: bytes) -> pd.DataFrame:
    """Check a file's header with ``read_comtrade`` on its first lines; an empty frame of its columns."""
    from analysis import read_comtrade

    with tempfile.TemporaryDirectory(prefix="analysis-comtrade-") as tmp:
        copy = Path(tmp) / path.name
        copy.write_bytes(header + head)
        try:
            rows, _ = read_comtrade(copy, errors="report")
        except DataError as exc:
            raise DataError([Problem(str(path), p.line, p.column, p.value, p.expected) for p in exc.problems]) from None
    return rows.iloc[:0]


def _comtrade_part(part: tuple) -> pd.DataFrame:
    return read_comtrade_block(*part)
