"""Run the pandas measures of ``analysis.measures`` on a Dask frame: shuffle once, map the step.

``per_key`` is the whole idea: ``frame.shuffle(on=key)`` puts all rows of every key value in one
partition (Dask's hash shuffle; on a distributed cluster the peer-to-peer shuffle, which spills
to disk instead of holding the data in memory), and ``map_partitions`` applies the pandas step
to each partition. A step depends only on the rows of each key and sorts them itself, so the
result equals the pandas result on the whole frame exactly.

``run_measure`` chains the steps of each measure, shuffling only the columns a step reads. The
per-exporter steps are keyed on (exporter, year), which they also are, so that a large exporter's
rows spread over many partitions. Growth, year-over-year, mirror, shares and HHI
need one shuffle; RCA gathers a small world table (products x years) on the client and sends it
to every partition; complementarity shuffles the exporter and the importer steps and joins them
on (product, year).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import dask
import dask.dataframe as dd
import pandas as pd

from analysis import measures
from analysis.errors import ArgumentError
from analysis.measures import EXPORTER, FLOW_KEY, IMPORTER, PRODUCT, YEAR
from analysis.scale.files import to_dask

MEASURES = ("growth", "yoy", "mirror", "shares", "hhi", "rca", "complementarity")
BY_EXPORTER = [EXPORTER, YEAR]  # shares, HHI and the RCA / TC steps are per exporter and year: finer partitions


def per_key(
    frame: dd.DataFrame,
    key: Sequence[str],
    step: Callable[..., pd.DataFrame],
    *args: object,
    npartitions: int | None = None,
    **kwargs: object,
) -> dd.DataFrame:
    """``step`` applied to each partition after one shuffle on ``key`` (all rows of a key meet)."""
    meta = step(frame._meta, *args, **kwargs)
    with dask.config.set({"dataframe.convert-string": False}):
        shuffled = frame.shuffle(on=list(key), npartitions=npartitions)
        return shuffled.map_partitions(step, *args, meta=meta, enforce_metadata=False, **kwargs)


def run_measure(
    frame: dd.DataFrame,
    measure: str,
    value: str,
    *,
    start_year: int | None = None,
    end_year: int | None = None,
    by: Sequence[str] = FLOW_KEY,
    of: str = "partner",
    per: str = "exporter",
    annualise_gaps: bool = False,
    npartitions: int | None = None,
) -> dd.DataFrame:
    """The measure's table as a lazy Dask frame (RCA and complementarity compute small tables first).

    Arguments as in ``analysis.measures``: ``growth`` needs ``start_year`` and ``end_year``;
    ``by`` is the group of growth, year-over-year and mirror; ``of`` (partner/product) for
    shares; ``per`` (exporter/pair) for HHI. ``npartitions``: partitions after the shuffle
    (default: as many as the input).
    """
    if measure not in MEASURES:
        raise ArgumentError(f"unknown measure {measure!r}; one of: {', '.join(MEASURES)}")
    if not isinstance(frame, dd.DataFrame):
        raise ArgumentError(f"frame must be a dask DataFrame, got {type(frame).__name__}")
    n = npartitions
    by = list(by)
    if measure == "growth" and (start_year is None or end_year is None):
        raise ArgumentError("growth needs a start year and an end year")
    if measure in ("growth", "yoy"):
        used = [*by, YEAR, value]
    elif measure == "mirror":
        used = [*by, YEAR, measures.REPORTER, value]
    else:
        used = [YEAR, *FLOW_KEY, value]
    missing = [c for c in used if c not in frame.columns]
    if missing:
        raise ArgumentError(f"no column {missing[0]!r} in the frame (it has: {', '.join(map(str, frame.columns))})")
    frame = frame[used]  # shuffle only what the steps read
    if measure == "growth":
        return per_key(frame, by, measures.growth, start_year, end_year, by=by, value=value, npartitions=n)
    if measure == "yoy":
        return per_key(frame, by, measures.growth_yoy, by=by, value=value, annualise_gaps=annualise_gaps, npartitions=n)
    if measure == "mirror":
        return per_key(frame, by, measures.mirror, value=value, by=by, npartitions=n)
    if measure == "shares":
        return per_key(frame, BY_EXPORTER, measures.shares, value=value, of=of, npartitions=n)
    if measure == "hhi":
        return per_key(frame, BY_EXPORTER, measures.hhi, value=value, per=per, npartitions=n)
    if measure == "rca":
        return _rca(frame, value, n)
    return _complementarity(frame, value, n)


def _rca(frame: dd.DataFrame, value: str, n: int | None) -> dd.DataFrame:
    exports = per_key(frame, BY_EXPORTER, measures.export_shares, value=value, item=PRODUCT, npartitions=n)
    product_totals = per_key(
        exports[[PRODUCT, YEAR, EXPORTER, value]],
        [PRODUCT, YEAR],
        measures.world_product_totals,
        value=value,
        npartitions=n,
    ).compute()
    product_totals = product_totals.sort_values([PRODUCT, YEAR], ignore_index=True)
    world = product_totals.merge(measures.world_totals(product_totals), on=YEAR, validate="many_to_one")
    meta = measures.rca_from_totals(exports._meta, world.iloc[:0], value)
    return exports.map_partitions(measures.rca_from_totals, world, value, meta=meta, enforce_metadata=False)


def _complementarity(frame: dd.DataFrame, value: str, n: int | None) -> dd.DataFrame:
    exports = per_key(frame, BY_EXPORTER, measures.export_shares, value=value, item=PRODUCT, npartitions=n)
    imports = per_key(frame, [IMPORTER, YEAR], measures.import_shares, value=value, npartitions=n)
    with dask.config.set({"dataframe.convert-string": False}):
        joined = dd.merge(
            exports[[EXPORTER, YEAR, PRODUCT, "share"]],
            imports[[IMPORTER, YEAR, PRODUCT, "share"]],
            on=[PRODUCT, YEAR],
            suffixes=("_x", "_m"),
        )
    overlap = per_key(joined, BY_EXPORTER, measures.share_overlap, npartitions=n)
    exporters, importers, overlap_table = dask.compute(
        exports[[EXPORTER, YEAR]].drop_duplicates(), imports[[IMPORTER, YEAR]].drop_duplicates(), overlap
    )
    table = measures.complementarity_pairs(exporters, importers, overlap_table)
    return to_dask(table, npartitions=max(1, min(frame.npartitions, len(table) // 1_000_000 + 1)))
