"""Files into Dask partitions: name expansion, byte blocks cut at line ends, picklable block errors.

Shared by the layout readers (``baci``, ``comtrade``, ``parquet``) of ``analysis.scale``.
"""

from __future__ import annotations

import csv
import glob
import itertools
from collections.abc import Callable, Sequence
from pathlib import Path

import dask
import dask.dataframe as dd
import pandas as pd

from analysis.errors import DataError, Problem

PathLike = str | Path
DEFAULT_BLOCKSIZE = 64 << 20  # bytes of CSV per partition


class BlockError(DataError):
    """A ``DataError`` raised on a worker; it pickles with its problems (Dask sends it back)."""

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.problems,))


def no_string_conversion():  # type: ignore[no-untyped-def]
    """Dask config in which frames keep pandas 3's ``str`` dtype (no ``string[pyarrow]`` conversion)."""
    return dask.config.set({"dataframe.convert-string": False})


def to_dask(frame: pd.DataFrame, npartitions: int = 4) -> dd.DataFrame:
    """A pandas frame as a Dask frame with the same dtypes (``str`` columns stay ``str``)."""
    with no_string_conversion():
        return dd.from_pandas(frame, npartitions=npartitions, sort=False)


# ---------------------------------------------------------------------------------------------
# files and blocks
# ---------------------------------------------------------------------------------------------


def expand(
    paths: PathLike | Sequence[PathLike], suffix: str, what: str, check: Callable[[Path], object] | None = None
) -> list[Path]:
    """Files named by ``paths``: files, folders (their ``*suffix`` files, sorted) or glob patterns.

    A name that matches nothing raises ``DataError`` ("an existing ... file (file not found)");
    ``check``, when given, is called first on a missing or empty file so that a reader's own
    message is used (``read_comtrade``'s for Comtrade files).
    """
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    if not items:
        raise DataError(Problem("(no input)", None, None, None, f"at least one {what} file"))
    files: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.name.lower().endswith(suffix))
            if not found:
                raise DataError(Problem(str(path), None, None, None, f"a folder holding {what} files (*{suffix})"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif any(ch in str(item) for ch in "*?["):
            found = sorted(Path(p) for p in glob.glob(str(item)) if Path(p).is_file())
            if not found:
                raise DataError(Problem(str(item), None, None, None, f"a pattern matching {what} files"))
            files.extend(found)
        else:
            if check is not None:
                check(path)
            raise DataError(Problem(str(path), None, None, None, f"an existing {what} file (file not found)"))
    for path in files:
        if path.stat().st_size == 0:
            if check is not None:
                check(path)
            raise DataError(Problem(str(path), 1, None, "", f"a header line of {what} (the file is empty)"))
    return files


def header_line(path: Path) -> tuple[bytes, list[str]]:
    """The header line's bytes (with its line end) and its fields, stripped, without a BOM."""
    with path.open("rb") as fh:
        raw = fh.readline(1 << 20)
    text = raw.decode("utf-8-sig", errors="replace")
    fields = next(csv.reader([text.rstrip("\r\n")]), [])
    return raw, [f.strip() for f in fields]


def byte_blocks(path: Path, header_bytes: int, blocksize: int | None) -> list[tuple[int, int]]:
    """Byte ranges [start, end) of the data lines, cut just after a line end near every ``blocksize``."""
    size = path.stat().st_size
    if blocksize is None or size - header_bytes <= blocksize:
        return [(header_bytes, size)]
    cuts = [header_bytes]
    with path.open("rb") as fh:
        offset = header_bytes + blocksize
        while offset < size:
            fh.seek(offset)
            fh.readline()  # to the end of the line that holds the offset
            cut = fh.tell()
            if cut >= size:
                break
            cuts.append(cut)
            offset = cut + blocksize
    cuts.append(size)
    return list(itertools.pairwise(cuts))


def lines_before(path: Path, offset: int) -> int:
    """Number of line ends in the first ``offset`` bytes (read in chunks; only on the error path)."""
    count = 0
    with path.open("rb") as fh:
        left = offset
        while left > 0:
            chunk = fh.read(min(left, 16 << 20))
            if not chunk:
                break
            count += chunk.count(b"\n")
            left -= len(chunk)
    return count


def read_range(path: Path, start: int, end: int) -> bytes:
    """The bytes [start, end) of a file."""
    with path.open("rb") as fh:
        fh.seek(start)
        return fh.read(end - start)


def from_map(func: Callable[..., pd.DataFrame], parts: list[tuple], meta: pd.DataFrame, label: str) -> dd.DataFrame:
    """One partition per part: ``func(part)`` on a worker, with the dtypes of ``meta``."""
    with no_string_conversion():
        return dd.from_map(func, parts, meta=meta, label=label, enforce_metadata=False)


def years_of(frame: dd.DataFrame) -> tuple[int, int]:
    """First and last year of a lazy panel (one pass over its year column)."""
    low, high = dask.compute(frame["year"].min(), frame["year"].max())
    return int(low), int(high)
