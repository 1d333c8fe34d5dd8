"""What every download reader shares: the output columns, argument checks, code lists, the final check.

Every layout reader returns the same frame: the ``data/trade.csv`` columns (``TRADE_COLUMNS``)
plus ``product`` and ``is_aggregate`` (``COLUMNS``), built by ``finish`` from the good rows and
the input's ``ProblemLog``: rows whose year/reporter/partner/flow/period/product repeats are
reported (each naming the other line) and dropped, the rest is checked against ``TradeModel``
plus the two extra columns, and ``errors`` decides between raising and ``(rows, rejected)``.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path
from typing import Literal

import pandas as pd

from analysis.contract import SOURCE_ID_RE, columns
from analysis.errors import ArgumentError
from analysis.paths import PACKAGE_DIR
from analysis.problems import ProblemLog

PathLike = str | Path
Errors = Literal["raise", "report"]

REFERENCE_DIR = PACKAGE_DIR / "reference"
COMTRADE_AREAS = REFERENCE_DIR / "comtrade_areas.csv"
DOTS_AREAS = REFERENCE_DIR / "imf_dots_areas.csv"
AREA_ALIASES = REFERENCE_DIR / "area_aliases.csv"

TRADE_COLUMNS = columns("trade.csv")  # year, reporter, ... source_id (the contract of data/trade.csv)
EXTRA_COLUMNS = ["product", "is_aggregate", "breakdown"]
COLUMNS = [*TRADE_COLUMNS, *EXTRA_COLUMNS]
KEY = ["year", "reporter", "partner", "flow", "period", "product", "breakdown"]

AGGREGATE_KINDS = ("aggregate", "residual")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
PRODUCT_RE = r"^[0-9A-Za-z]+$"


# --------------------------------------------------------------------------------------------
# Code lists
# --------------------------------------------------------------------------------------------


def countries_only(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows whose reporter and partner are two different single economies (``is_aggregate`` False).

    World, regions, country groups and areas "not elsewhere specified" are left out, so that
    summing the result over partners never counts the same trade twice (World already holds
    every partner); so is a country's trade with itself (re-imports of its own goods, which
    Comtrade lists with the reporter as partner: no partner's trade). Rows broken down by second
    partner, customs procedure or transport mode (``breakdown`` not empty) repeat the totals and
    are left out too. Note that the sum over countries is then *less* than World: the "nes" areas
    are in World but are no country. Returns a new frame; the input is not changed.
    """
    if "is_aggregate" not in frame.columns:
        raise ArgumentError("countries_only needs an 'is_aggregate' column, as read_comtrade and read_dots return")
    flags = frame["is_aggregate"]
    if not pd.api.types.is_bool_dtype(flags):
        raise ArgumentError(f"'is_aggregate' must hold True/False values (got dtype {flags.dtype})")
    keep = ~flags.to_numpy()
    if {"reporter", "partner"} <= set(frame.columns):
        keep &= (frame["reporter"] != frame["partner"]).to_numpy()
    if "breakdown" in frame.columns:
        keep &= (frame["breakdown"] == "").to_numpy()
    return frame.loc[keep]


def comtrade_areas() -> pd.DataFrame:
    """UN Comtrade area codes -> ISO3 (``analysis/reference/comtrade_areas.csv``), with ``is_aggregate``.

    Columns: code (int), iso3, name, kind (economy/historical/composite/aggregate/residual),
    note, is_aggregate. A new frame each call.
    """
    return cached_comtrade_areas().copy()


def dots_areas() -> pd.DataFrame:
    """IMF DOTS names -> ISO3 (``analysis/reference/imf_dots_areas.csv``), with ``is_aggregate``.

    Columns: imf_name, iso3, kind, note, is_aggregate. A new frame each call.
    """
    return cached_dots_areas().copy()


@cache
def cached_comtrade_areas() -> pd.DataFrame:
    """``comtrade_areas()`` read once per process (callers must not change it)."""
    frame = pd.read_csv(
        COMTRADE_AREAS,
        dtype={"code": "int64", "iso3": "str", "name": "str", "kind": "str", "note": "str"},
        keep_default_na=False,
    )
    return frame.assign(is_aggregate=frame["kind"].isin(AGGREGATE_KINDS))


@cache
def cached_dots_areas() -> pd.DataFrame:
    """``dots_areas()`` read once per process (callers must not change it)."""
    frame = pd.read_csv(DOTS_AREAS, dtype="str", keep_default_na=False)
    return frame.assign(is_aggregate=frame["kind"].isin(AGGREGATE_KINDS))


def name_key(name: str) -> str:
    """How area names are compared: lower case, no spaces, no footnote mark ('China,P.R.: Mainland' equals
    'China, P.R.: Mainland'; 'Belarus, Rep. of4)' equals 'Belarus, Rep. of')."""
    text = re.sub(r"\s*\d+\)$", "", name.strip())
    return re.sub(r"\s+", "", text).lower()


@cache
def area_names() -> dict[str, tuple[str, bool]]:
    """Area name key (``name_key``) -> (ISO3 or package code, is_aggregate), from the IMF DOTS names, UN Comtrade's
    names and ``area_aliases.csv`` (older IMF spellings, WITS names). A name in none of them is reported."""
    table: dict[str, tuple[str, bool]] = {}
    comtrade = cached_comtrade_areas()
    for name, iso3, aggregate in zip(comtrade["name"], comtrade["iso3"], comtrade["is_aggregate"], strict=True):
        table[name_key(name)] = (iso3, bool(aggregate))
    dots = cached_dots_areas()
    for name, iso3, aggregate in zip(dots["imf_name"], dots["iso3"], dots["is_aggregate"], strict=True):
        table[name_key(name)] = (iso3, bool(aggregate))
    aliases = pd.read_csv(AREA_ALIASES, dtype="str", keep_default_na=False)
    for name, iso3 in zip(aliases["name"], aliases["iso3"], strict=True):
        table[name_key(name)] = (iso3, False)
    return table


def good_frame(rows: dict[str, list], source_id: str, currency: str = "USD") -> pd.DataFrame:
    """The reader's good rows (lists per column, ``_line`` included) as the frame ``finish`` takes."""
    n = len(rows["year"])
    return pd.DataFrame(
        {
            "year": pd.Series(rows["year"], dtype="int64"),
            "reporter": pd.Series(rows["reporter"], dtype="str"),
            "partner": pd.Series(rows["partner"], dtype="str"),
            "flow": pd.Series(rows["flow"], dtype="str"),
            "value": pd.Series(rows["value"], dtype="float64"),
            "currency": pd.Series([currency] * n, dtype="str"),
            "valuation": pd.Series(rows["valuation"], dtype="str"),
            "period": pd.Series(rows.get("period", ["annual"] * n), dtype="str"),
            "qualifier": pd.Series(rows.get("qualifier", ["exact"] * n), dtype="str"),
            "source_id": pd.Series([source_id] * n, dtype="str"),
            "product": pd.Series(rows.get("product", ["TOTAL"] * n), dtype="str"),
            "is_aggregate": pd.Series(rows["is_aggregate"], dtype="bool"),
            "_line": pd.Series(rows["_line"], dtype="int64"),
        }
    )


def new_rows() -> dict[str, list]:
    """Empty column lists for ``good_frame``."""
    names = ("year", "reporter", "partner", "flow", "value", "valuation", "period", "qualifier", "product")
    return {name: [] for name in (*names, "is_aggregate", "_line")}


# --------------------------------------------------------------------------------------------
# Arguments
# --------------------------------------------------------------------------------------------


def check_errors(errors: str) -> None:
    """``errors`` must be 'raise' or 'report'."""
    if errors not in ("raise", "report"):
        raise ArgumentError(f"errors must be 'raise' or 'report' (got {errors!r})")


def source_id_for(path: Path, source_id: str | None) -> str:
    """``source_id`` checked, or ``file-<file name as a slug>`` when it is None."""
    if source_id is not None:
        if not isinstance(source_id, str) or not re.match(SOURCE_ID_RE, source_id):
            raise ArgumentError(f"source_id must be lower-case letters, digits and '-' (got {source_id!r})")
        return source_id
    slug = re.sub(r"[^a-z0-9]+", "-", path.name.lower()).strip("-")
    return f"file-{slug}" if slug else "file"


# --------------------------------------------------------------------------------------------
# Validation of the output
# --------------------------------------------------------------------------------------------


@cache
def output_schema():  # type: ignore[no-untyped-def]
    """TradeModel (strict, ordered) plus the two extra columns; uniqueness is checked separately.

    TradeModel's unique key has no product, so a file with several commodities would fail it;
    ``finish`` checks the same key plus ``product`` instead and names the lines.
    """
    import pandera.pandas as pa_

    from analysis.schema import TradeModel

    schema = copy.deepcopy(TradeModel.to_schema())
    schema = schema.add_columns(
        {
            "product": pa_.Column(str, pa_.Check.str_matches(PRODUCT_RE)),
            "is_aggregate": pa_.Column(bool),
            "breakdown": pa_.Column(str),
        }
    )
    schema.unique = None
    return schema


def finish(
    good: pd.DataFrame, problems: ProblemLog, errors: str, notes: list[str] | None = None
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Drop repeated keys, validate against TradeModel + extras, raise or return (rows, rejected).

    ``good`` has the ``COLUMNS`` plus ``_line`` (the line of each row) and, optionally, ``_key``:
    one int64 per row equal exactly when year/reporter/partner/flow/period/product/breakdown are
    (fast); a reader without breakdowns may leave ``breakdown`` out. The rows' ``attrs["notes"]``
    lists what a reader of the output must know (``notes``, plus a country's trade with itself
    and breakdown rows, which are kept apart from partner sums: see ``countries_only``).
    """
    if "breakdown" not in good.columns:
        good = good.assign(breakdown="")
    import pandera.errors as pa_errors

    dup = problems.add_duplicates(
        good[KEY],
        good["_line"].to_numpy(),
        "one row per " + "/".join(KEY),
        "the same is on {where}; keeping both would count it twice",
        codes=good["_key"].to_numpy() if "_key" in good.columns else None,
    )
    if dup.any():
        good = good.loc[~dup]
    try:
        output_schema().validate(good[COLUMNS], lazy=True)
    except pa_errors.SchemaErrors as exc:  # a safety net: the checks of the readers should catch everything
        cases = exc.failure_cases
        bad_index = set()
        for case in cases.itertuples(index=False):
            index = case.index
            line = int(good.loc[index, "_line"]) if index is not None and index in good.index else None
            column = case.column if isinstance(case.column, str) else None
            problems.add_one(
                line, column, None if case.failure_case is None else str(case.failure_case), str(case.check)
            )
            if index is not None:
                bad_index.add(index)
        good = good.drop(index=[i for i in bad_index if i in good.index])
    if errors == "raise":
        problems.raise_if_any()
    out = good[COLUMNS].reset_index(drop=True)
    out.attrs["notes"] = [*(notes or []), *output_notes(out)]
    return (out, problems.frame()) if errors == "report" else out


def output_notes(rows: pd.DataFrame) -> list[str]:
    """What a reader of the rows must know: trade of a country with itself, rows kept apart as breakdowns."""
    notes = []
    self_trade = rows[(rows["reporter"] == rows["partner"]) & (rows["breakdown"] == "")]
    for (reporter, flow), part in self_trade.groupby(["reporter", "flow"], sort=True):
        years = ", ".join(str(y) for y in sorted(part["year"].unique()))
        notes.append(
            f"{reporter} also reports {flow} with itself ({len(part)} row(s), {years}: e.g. re-imports of its own "
            "goods); these are kept out of partner sums."
        )
    split = int((rows["breakdown"] != "").sum())
    if split:
        notes.append(
            f"{split} row(s) broken down by second partner, customs procedure or mode of transport are kept apart "
            "(column 'breakdown'): they repeat the totals and are never added to them."
        )
    return notes
