"""A flow panel stored as parquet (a file or a folder, hive partitions allowed), read lazily (see ``readers``)."""

from __future__ import annotations

from pathlib import Path

import dask.dataframe as dd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from analysis.errors import DataError, Problem
from analysis.scale.files import BlockError, PathLike, from_map
from analysis.schema import MAX_YEAR, MIN_YEAR

try:  # a parquet row is a "row" (0-based, as the loaded frame's index) where the package names it so
    from analysis.errors import RowProblem  # type: ignore[attr-defined]

    def _row_problem(file: str, row: int, column: str, value: str | None, expected: str) -> Problem:
        return RowProblem(file, row, column, value, expected)

except ImportError:  # else it is given as a 1-based line, as for the text formats

    def _row_problem(file: str, row: int, column: str, value: str | None, expected: str) -> Problem:
        return Problem(file, row + 1, column, value, expected)


PANEL_REQUIRED = ["year", "exporter", "importer", "product"]
PANEL_VALUES = ["value_usd", "value_kusd"]
PANEL_OPTIONAL = ["reporter", "quantity_t"]

# ---------------------------------------------------------------------------------------------
# partitioned parquet
# ---------------------------------------------------------------------------------------------


def _panel_meta(schema: pa.Schema) -> pd.DataFrame:
    columns = {"year": "int64", "exporter": "str", "importer": "str", "product": "str"}
    for name in (*PANEL_VALUES, "quantity_t"):
        if name in schema.names:
            columns[name] = "float64"
    if "reporter" in schema.names:
        columns["reporter"] = "str"
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


def read_parquet_file(path: str, keys: dict[str, object], columns: list[str]) -> pd.DataFrame:
    """One parquet file of a panel (hive ``keys`` from its folder names), validated; on a worker."""
    table = pq.read_table(path, columns=[c for c in columns if c not in keys])
    for name, value in keys.items():
        if name in columns:
            table = table.append_column(name, pa.array([value] * table.num_rows))
    problems: list[Problem] = []

    def report(mask: np.ndarray, column: str, expected: str) -> None:
        cells = table.column(column)
        for row in np.flatnonzero(mask)[:25]:
            value = cells[int(row)].as_py()
            problems.append(_row_problem(path, int(row), column, None if value is None else str(value), expected))

    def numbers(column: str) -> np.ndarray:
        cells = table.column(column)
        try:
            return np.asarray(pc.cast(cells, pa.float64()).to_numpy(zero_copy_only=False), dtype="float64")
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return pd.to_numeric(cells.to_pandas(), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)

    year = numbers("year")
    report(~np.isfinite(year) | (year != np.round(year)), "year", "a whole year such as 2019")
    report(
        np.isfinite(year) & ((year < MIN_YEAR) | (year > MAX_YEAR)),
        "year",
        f"a year between {MIN_YEAR} and {MAX_YEAR} (a year that has not happened is not data)",
    )
    for name in ("exporter", "importer", "product", "reporter"):
        if name in columns:
            text = pc.cast(table.column(name), pa.string())
            empty = pc.fill_null(pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(text)), 0), True)
            report(np.asarray(empty.to_numpy(zero_copy_only=False)), name, "a code (the cell is empty)")
    for name in PANEL_VALUES:
        if name in columns:
            values = numbers(name)
            unit = "US dollars" if name == "value_usd" else "thousands of US dollars"
            report(~(np.isfinite(values) & (values > 0)), name, f"a positive value in {unit}")
    if problems:
        raise BlockError(problems)
    out = {}
    for name in columns:
        if name == "year":
            out[name] = pd.Series(year.astype("int64"), dtype="int64")
        elif name in (*PANEL_VALUES, "quantity_t"):
            out[name] = pd.Series(numbers(name), dtype="float64")
        else:
            out[name] = pd.Series(pc.cast(table.column(name), pa.string()).to_pandas(), dtype="str")
    return pd.DataFrame(out)


def read_parquet_panel(path: PathLike) -> dd.DataFrame:
    """A flow panel stored as parquet (one file or a folder, hive partitions allowed), lazily.

    Columns: year, exporter, importer, product, ``value_usd`` or ``value_kusd``, and ``reporter``
    and ``quantity_t`` when present. Each file is one partition, validated on a worker.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(Problem(str(path), None, None, None, "an existing parquet file or folder (file not found)"))
    try:
        dataset = pads.dataset(path, format="parquet", partitioning="hive")
        fragments = list(dataset.get_fragments())
    except (pa.ArrowInvalid, OSError) as exc:
        raise DataError(Problem(str(path), None, None, None, f"parquet files ({exc})")) from None
    if not fragments:
        raise DataError(Problem(str(path), None, None, None, "a folder holding parquet files"))
    names = dataset.schema.names
    missing = [c for c in PANEL_REQUIRED if c not in names]
    values = [c for c in PANEL_VALUES if c in names]
    if missing or len(values) != 1:
        what = (
            f"column '{missing[0]}'"
            if missing
            else ("one value column" if values else "a value column") + " (value_usd or value_kusd)"
        )
        raise DataError(
            Problem(
                str(path),
                None,
                missing[0] if missing else None,
                ",".join(names)[:200],
                f"{what} in a panel parquet: year, exporter, importer, product, value_usd or value_kusd "
                "[, reporter, quantity_t]; unknown layout",
            )
        )
    columns = [c for c in [*PANEL_REQUIRED, *values, *PANEL_OPTIONAL] if c in names]
    parts = [
        (fragment.path, pads.get_partition_keys(fragment.partition_expression) or {}, columns) for fragment in fragments
    ]
    return from_map(_parquet_part, parts, _panel_meta(dataset.schema)[columns], "read-panel-parquet")


def _parquet_part(part: tuple) -> pd.DataFrame:
    return read_parquet_file(*part)
