"""Lazy Dask readers for product-level trade files: BACI, UN Comtrade bulk CSV, partitioned parquet.

Each reader checks what it can cheaply on the calling machine (the files exist, the header is the
layout's, the BACI country table) and returns a ``dask.dataframe.DataFrame`` whose partitions are
blocks of the files, read and validated on the workers. Nothing is loaded to find a bad row: the
block that holds it raises ``analysis.errors.DataError`` naming the file, the 1-based physical
line (header = line 1), the column, the value and what was expected, in the words of the pandas
readers. All the problems of that block are listed; other blocks may hold more.

Layouts (columns of the result):

- **BACI** (CEPII; ``BACI_HS92_Y1995_V202401.csv``: ``t,i,j,k,v,q``, one file per year, with
  ``country_codes_V202401.csv`` beside them): year, exporter, importer (ISO3 from the country
  table's ``country_iso3``; BACI's own codes for "nes" areas such as ``S19`` are kept as written),
  product (HS6 as text; a code written without its leading zero, ``10121``, is read as
  ``010121``), ``value_kusd`` (thousands of US dollars, as published) and ``quantity_t``
  (tonnes). **Missing quantities**: BACI leaves ``q`` empty (older releases write ``NA``) where
  no quantity could be estimated; those rows are kept with ``quantity_t`` NaN, because the value
  is still known. Nothing here uses quantities; they are carried for the user.
- **UN Comtrade** bulk CSV in the layouts ``analysis.read_comtrade`` reads (Comtrade+ and
  legacy): each block is parsed by ``read_comtrade`` itself, so the columns, rules and messages
  are exactly its own (US dollars in ``value_usd``). A file up to ``blocksize`` is one block;
  a larger one is cut at line ends (this assumes no line break inside a quoted value, true of
  Comtrade's bulk files; pass ``blocksize=None`` to read every file whole). Duplicate rows are
  found within a block; two blocks holding the same flow and year are caught by the measures,
  which reject duplicate keys.
- **Parquet**: a file or a folder of files (hive partitions such as ``year=2019/`` allowed) with
  year, exporter, importer, product, one value column ``value_usd`` or ``value_kusd``, and
  optionally ``reporter`` and ``quantity_t``. Parquet has no lines: a problem names the row of
  its file (``analysis.errors.RowProblem``, 0-based, where the package has it; else the row as a
  1-based "line").

String columns are pandas' ``str`` dtype (not Dask's ``string[pyarrow]`` conversion), so that
partitions equal the pandas frames of the same rows.
"""

from __future__ import annotations

from analysis.scale.baci import BACI_COLUMNS, BACI_HEADER, find_country_table, read_baci, read_country_table
from analysis.scale.comtrade import read_comtrade_files
from analysis.scale.files import DEFAULT_BLOCKSIZE, BlockError, expand, to_dask, years_of
from analysis.scale.parquet import PANEL_OPTIONAL, PANEL_REQUIRED, PANEL_VALUES, read_parquet_panel

__all__ = [
    "BACI_COLUMNS",
    "BACI_HEADER",
    "DEFAULT_BLOCKSIZE",
    "PANEL_OPTIONAL",
    "PANEL_REQUIRED",
    "PANEL_VALUES",
    "BlockError",
    "expand",
    "find_country_table",
    "read_baci",
    "read_comtrade_files",
    "read_country_table",
    "read_parquet_panel",
    "to_dask",
    "years_of",
]
