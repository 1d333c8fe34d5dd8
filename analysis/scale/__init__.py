"""Scale-out: the panel measures of ``analysis.measures`` on Dask, for panels beyond one machine's memory.

Needs the optional extra ``pip install -e ".[scale]"`` (dask[dataframe], distributed); nothing
outside this package imports it, so ``import analysis`` never loads Dask.

- ``readers``: lazy readers for BACI, UN Comtrade bulk CSV (``read_comtrade`` per block) and
  partitioned parquet, validated block by block on the workers;
- ``runner``: ``run_measure`` / ``per_key``: one shuffle on the group key, the pandas step per
  partition, so results equal the pandas results exactly;
- ``cluster``: a local cluster or a connection to an existing scheduler;
- the command ``python -m analysis panel`` (``analysis.panel_cli``) ties them together.
"""

from __future__ import annotations

from analysis.scale.cluster import ClusterError, cluster
from analysis.scale.readers import (
    BlockError,
    read_baci,
    read_comtrade_files,
    read_country_table,
    read_parquet_panel,
    to_dask,
    years_of,
)
from analysis.scale.runner import MEASURES, per_key, run_measure

__all__ = [
    "MEASURES",
    "BlockError",
    "ClusterError",
    "cluster",
    "per_key",
    "read_baci",
    "read_comtrade_files",
    "read_country_table",
    "read_parquet_panel",
    "run_measure",
    "to_dask",
    "years_of",
]
