"""Read your own trade downloads (UN Comtrade, IMF DOTS) into the package's tidy trade layout.

``read_download(path)`` recognises the layout from the file's head (``sniff``: one sniffer for
every layout, declared in ``analysis.importers.sniff.LAYOUTS``) and reads it; ``read_comtrade``
and ``read_dots`` read only their own layouts. All work for any pair of countries and return a
new frame with the ``data/trade.csv`` columns

    year, reporter, partner, flow, value, currency, valuation, period, qualifier, source_id

followed by three extra columns:

- ``product``: the commodity code as written in the file (``27``, ``270900``), ``TOTAL`` for
  all commodities. ``TOTAL`` and the chapters overlap: never add them up together.
- ``is_aggregate``: True when the reporter or the partner is not a single economy: World, a
  region or group, or an area "not elsewhere specified" (nes). ``countries_only`` drops those
  rows; World already contains the countries, so adding both would count trade twice.

- ``breakdown``: empty on a total row; on a row of a Comtrade+ "plus" download broken down by
  second partner, customs procedure, mode of transport or supply, what it is broken down by
  (``second partner 643``): such rows repeat the totals and are kept apart, never added to them.

What a reader must know about the rows is in ``frame.attrs["notes"]`` (UN Comtrade's 490 "Other
Asia, nes" read as Taiwan, TWN; a country's trade with itself, such as re-imports, kept out of
partner sums by ``countries_only``; rows kept apart as breakdowns).

``source_id`` names the file (``file-<file name as a slug>``; pass ``source_id=`` to use an id
from your sources table).

Bad input: a missing file (``MissingFileError``), a directory (``NotAFileError``), a file that is
no CSV, an unknown layout or a missing required column raise ``DataError`` (file, line 1,
column). Every row-level problem (unparseable number, unknown code, unknown flow, zero or
negative value, duplicate row...) goes to the input's ``ProblemLog`` with file, line (the
physical line, header = line 1), column, value and what was expected. With ``errors="raise"``
(default) they are all raised together; with ``errors="report"`` you get ``(rows, rejected)``,
where ``rejected`` has one row per problem (``line, column, value, reason``). No row is dropped
silently: the only lines skipped are blank ones.

Modules: ``sniff`` (layouts and the sniffer), ``comtrade`` (Comtrade+ and legacy), ``dots_tables``
(IMF DOTS table downloads; the bundled DOTS matrix is ``analysis.dots``), ``batches`` (streamed
pyarrow / Python csv readers), ``common`` (output columns, code lists, the final check).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.importers.common import (
    COLUMNS,
    EXTRA_COLUMNS,
    TRADE_COLUMNS,
    Errors,
    comtrade_areas,
    countries_only,
    dots_areas,
)
from analysis.importers.comtrade import read_comtrade
from analysis.importers.dots_tables import read_dots
from analysis.importers.sniff import LAYOUTS, Layout, Sniffed, read_as, sniff


def read_download(
    path: str | Path, errors: Errors = "raise", *, source_id: str | None = None
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Read any trade download this package knows (UN Comtrade+, legacy Comtrade, IMF DOTS, WITS; CSV or .xlsx).

    The layout is recognised by ``sniff`` (``sniff(path).name`` says which); the result is the
    same as the layout's own reader (``read_comtrade``, ``read_dots``) gives. A file of no known
    layout raises ``DataError`` naming the closest layout and what it lacks.
    """
    return read_as(path, errors, source_id, LAYOUTS)


__all__ = [
    "COLUMNS",
    "EXTRA_COLUMNS",
    "LAYOUTS",
    "TRADE_COLUMNS",
    "Layout",
    "Sniffed",
    "comtrade_areas",
    "countries_only",
    "dots_areas",
    "read_comtrade",
    "read_dots",
    "read_download",
    "sniff",
]
