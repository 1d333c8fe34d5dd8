"""Pair data: the bundled table for China-Belarus, the DOTS matrix for any other pair, user files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import ArgumentError, DataError, pair
from analysis.dots import load_dots
from analysis.pair import pair_data, trade_from_dots
from analysis.paths import data_file
from analysis.series import annual_series, both_sides, value_in

FIXTURES = Path(__file__).parent / "fixtures" / "importers"


def test_bundled_pair_uses_trade_csv():
    pair = pair_data("CHN", "BLR")
    assert pair.origin == "bundled trade.csv"
    assert value_in(annual_series(pair.trade, "CHN", "BLR"), 2022) == 5.08e9


def test_any_other_pair_comes_from_the_dots_matrix():
    pair = pair_data("RUS", "CHN")
    assert pair.origin == "bundled IMF DOTS matrix"
    assert set(pair.trade["source_id"]) == {"imf-dots-matrix"}
    assert "imf-dots-matrix" in set(pair.sources["source_id"])
    russia = annual_series(pair.trade, "RUS", "CHN")
    assert russia["year"].max() == 2020
    assert set(pair.trade["valuation"]) == {"FOB", "CIF"}


def test_the_matrix_matches_the_bundled_imf_rows():
    matrix = pair_data("BLR", "RUS")  # any pair not in trade.csv goes to the matrix
    assert len(matrix.trade) > 0
    chn_blr = trade_from_dots(load_dots(), "CHN", "BLR")
    bundled = pair_data("CHN", "BLR").trade
    imf = bundled[bundled["source_id"].str.startswith("imf-dots")]
    key = ["year", "reporter", "flow"]
    left = chn_blr.set_index(key)["value"].sort_index()
    right = imf.set_index(key)["value"].sort_index()
    assert left.index.equals(right.index)
    assert (left - right).abs().max() < 1e-6


def test_a_user_trade_file_with_its_sources(tmp_path: Path):
    (tmp_path / "sources.csv").write_text(
        "source_id,publisher,title,url,published,accessed,quote,reliability,note\nmine,Me,,,2024,,q,high,\n"
    )
    (tmp_path / "trade.csv").write_text(
        "year,reporter,partner,flow,value,currency,valuation,period,qualifier,source_id\n"
        "2020,THA,CHN,export,10,USD,FOB,annual,exact,mine\n2020,CHN,THA,import,11,USD,CIF,annual,exact,mine\n"
    )
    pair = pair_data("THA", "CHN", tmp_path / "trade.csv")
    assert len(pair.trade) == 2
    assert pair.sources["source_id"].tolist() == ["mine"]


def test_a_dots_download_is_read_by_the_importer():
    path = FIXTURES / "dots_millions.csv"
    frame = pair_data("BLR", "CHN", path)
    assert frame.origin == str(path)
    assert frame.sources["publisher"].iloc[0].startswith("user-supplied download")


def test_errors(tmp_path: Path):
    with pytest.raises(ArgumentError, match="two different countries"):
        pair_data("CHN", "CHN")
    with pytest.raises(DataError, match=r"missing\.csv; expected a data file .*\(file not found\)"):
        pair_data("CHN", "BLR", tmp_path / "missing.csv")
    with pytest.raises(ArgumentError):
        pair_data("CHN", "XYZ")


# --- the pair context: built once, saved, read back ------------------------------------------------------


def user_trade(folder: Path, *lines: str) -> Path:
    """A trade.csv in the bundled layout (with its sources.csv) for Thailand and China."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.csv").write_text(
        "source_id,publisher,title,url,published,accessed,quote,reliability,note\nmine,Me,,,2024,,q,high,\n"
    )
    rows = lines or (
        "2019,THA,CHN,export,10,USD,FOB,annual,exact,mine",
        "2019,THA,CHN,import,11,USD,CIF,annual,exact,mine",
        "2020,THA,CHN,export,12,USD,FOB,annual,exact,mine",
        "2020,THA,CHN,import,13,USD,CIF,annual,exact,mine",
        "2020,CHN,THA,export,14,USD,FOB,annual,exact,mine",
        "2020,CHN,THA,import,9,USD,CIF,annual,exact,mine",
    )
    path = folder / "trade.csv"
    path.write_text("\n".join([",".join(pair.TRADE_HEADER), *rows]) + "\n")
    return path


@pytest.fixture(scope="module")
def bundled() -> pair.PairContext:
    return pair.build_context("CHN", "BLR")


def test_the_bundled_case_study(bundled: pair.PairContext):
    ctx = bundled
    assert (ctx.reporter, ctx.partner, ctx.reporter_name, ctx.partner_name) == ("CHN", "BLR", "China", "Belarus")
    assert (ctx.origin, ctx.origin_label, ctx.data_path) == ("bundled table", "bundled trade.csv", None)
    assert ctx.case_study
    assert (ctx.start_year, ctx.end_year) == (1992, 2022)  # the article's years, from the claims ledger
    assert ctx.own.equals(annual_series(ctx.trade, "CHN", "BLR"))
    assert ctx.other.equals(annual_series(ctx.trade, "BLR", "CHN"))
    assert ctx.both.equals(both_sides(ctx.trade, "CHN", "BLR"))
    assert ctx.sides == ["CHN", "BLR"]
    assert len(ctx.events) > 0 and "imf-dots-chn" in set(ctx.sources["source_id"])
    assert ctx.statistics_end == 2020 and ctx.world_matrix is None
    assert ctx.flow_values(1992) == (9.02e6, 51.791e6)
    assert ctx.base_years(span=10) == list(range(1992, 2003))


def test_another_pair_from_the_matrix_is_not_the_case_study():
    ctx = pair.build_context("RUS", "CHN")
    assert (ctx.origin, ctx.case_study) == ("bundled matrix", False)
    assert (ctx.start_year, ctx.end_year) == (int(ctx.own["year"].min()), int(ctx.own["year"].max()))
    assert ctx.events.empty and list(ctx.events.columns) == [
        "date",
        "date_precision",
        "label",
        "description",
        "category",
        "source_id",
    ]


def test_the_case_study_is_decided_once_in_the_context(tmp_path: Path):
    """Only the bundled table in the case study's order is the case study: not the reverse order, not a copy."""
    assert pair.CASE_STUDY == ("CHN", "BLR")
    assert not pair.build_context("BLR", "CHN").case_study
    shutil.copy(data_file("trade.csv"), tmp_path / "trade.csv")
    shutil.copy(data_file("sources.csv"), tmp_path / "sources.csv")
    copy = pair.build_context("CHN", "BLR", tmp_path / "trade.csv")
    assert (copy.origin, copy.case_study) == ("user file", False)
    assert copy.events.empty and (copy.start_year, copy.end_year) == (1992, 2023)  # the series' span
    # no other module or notebook of the report path decides it: they read PairContext.case_study
    root = Path(__file__).resolve().parents[1]
    files = [root / "analysis" / n for n in ("report.py", "tables.py", "__main__.py")]
    files += sorted((root / "analysis" / "narrate").glob("*.py"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert '("CHN", "BLR")' not in text and "CASE_STUDY" not in text, path.name


def test_saved_and_read_back_equal(bundled: pair.PairContext, tmp_path: Path):
    folder = bundled.save(tmp_path / "ctx")
    assert sorted(p.name for p in folder.iterdir()) == [
        "events.parquet",
        "manifest.json",
        "other.parquet",
        "own.parquet",
        "rejected.parquet",
        "sources.parquet",
        "trade.parquet",
    ]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["case_study"] is True and manifest["tables"]["trade"] == {"file": "trade.parquet", "rows": 134}
    again = pair.load_context(folder)
    assert again.equals(bundled)
    for name in ("trade", "sources", "own", "other", "events", "rejected"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(bundled, name))
    assert not again.equals(pair.build_context("RUS", "CHN"))


def test_a_user_file_round_trips_with_its_absolute_path(tmp_path: Path):
    ctx = pair.build_context("THA", "CHN", user_trade(tmp_path / "mine"))
    again = pair.load_context(ctx.save(tmp_path / "ctx"))
    assert again.equals(ctx) and again.data_path == (tmp_path / "mine" / "trade.csv").resolve()


def test_a_relative_path_is_resolved_where_the_command_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    user_trade(tmp_path / "mydata")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    ctx = pair.build_context("THA", "CHN", "../mydata/trade.csv")
    assert ctx.data_path is not None and ctx.data_path.is_absolute()
    assert ctx.data_path == (tmp_path / "mydata" / "trade.csv").resolve()
    assert (ctx.origin, ctx.case_study, ctx.sides) == ("user file", False, ["THA", "CHN"])
    assert (ctx.start_year, ctx.end_year) == (2019, 2020)


def test_a_saved_context_is_read_not_rebuilt(tmp_path: Path):
    """With ``context_path`` a notebook never parses the user's file again (it may even be gone)."""
    path = user_trade(tmp_path / "mine")
    folder = pair.build_context("THA", "CHN", path).save(tmp_path / "ctx")
    path.unlink()
    ctx = pair.context("THA", "CHN", str(path), folder)
    assert ctx.data_path == path.resolve() and len(ctx.trade) == 6
    with pytest.raises(DataError, match="file not found"):
        pair.context("THA", "CHN", str(path))
    with pytest.raises(ArgumentError, match=r"is for THA-CHN from .*trade\.csv, not CHN-THA"):
        pair.context("CHN", "THA", str(path), folder)
    with pytest.raises(ArgumentError, match="not THA-CHN from the bundled data"):
        pair.context("THA", "CHN", None, folder)


def test_without_a_saved_context_a_notebook_builds_one():
    assert pair.context().equals(pair.build_context("CHN", "BLR"))


def test_a_file_with_one_side_keeps_the_other_side_empty(tmp_path: Path):
    rows = [  # years after the bundled IMF DOTS matrix (it ends in 2020): no other side to offer
        f"{y},THA,CHN,{f},10,USD,{v},annual,exact,mine"
        for y in (2023, 2024)
        for f, v in (("export", "FOB"), ("import", "CIF"))
    ]
    path = user_trade(tmp_path, *rows)
    ctx = pair.build_context("THA", "CHN", path)
    assert ctx.sides == ["THA"] and ctx.other.empty and ctx.other_origin is None
    assert ctx.notes == (
        "trade.csv holds Thailand's own statistics only: China's own statistics of this trade are not in the file. "
        "The bundled IMF DOTS matrix has none for the file's years (2023-2024).",
    )
    assert ctx.other.dtypes.equals(ctx.own.dtypes)
    assert pair.load_context(ctx.save(tmp_path / "ctx")).equals(ctx)
    reverse = pair.build_context("CHN", "THA", path)
    assert reverse.sides == ["THA"] and (reverse.start_year, reverse.end_year) == (None, None)
    with pytest.raises(ArgumentError, match="China has no series"):
        reverse.base_years()


def test_a_one_sided_file_gets_the_other_side_from_the_imf_matrix_labelled_never_spliced(tmp_path: Path):
    rows = [
        f"{y},THA,CHN,{f},10,USD,{v},annual,exact,mine"
        for y in (2019, 2020, 2023)
        for f, v in (("export", "FOB"), ("import", "CIF"))
    ]
    path = user_trade(tmp_path, *rows)
    ctx = pair.build_context("THA", "CHN", path)
    assert ctx.other_origin == pair.BUNDLED_MATRIX and ctx.own_origin is None
    assert ctx.other["year"].tolist() == [2019, 2020]  # the file's years the matrix has
    assert set(ctx.other["source_id"]) == {pair.MATRIX_SOURCE} and set(ctx.own["source_id"]) == {"mine"}
    assert pair.MATRIX_SOURCE in set(ctx.sources["source_id"])
    mine = ctx.trade[ctx.trade["source_id"] == "mine"]
    assert len(mine) == 6 and set(mine["reporter"]) == {"THA"}  # the file's rows, unchanged
    beside = ctx.trade[ctx.trade["source_id"] != "mine"]  # the other side's rows, under the matrix's own source id
    assert set(beside["reporter"]) == {"CHN"} and set(beside["source_id"]) == {pair.MATRIX_SOURCE}
    assert "IMF DOTS matrix has China's own figures for 2019-2020" in ctx.notes[0]
    assert pair.load_context(ctx.save(tmp_path / "ctx")).equals(ctx)
    flipped = pair.build_context("CHN", "THA", path)  # the file holds the partner's side: the reporter's from IMF
    assert flipped.own_origin == pair.BUNDLED_MATRIX and flipped.other_origin is None
    assert flipped.own["year"].tolist() == [2019, 2020] and flipped.start_year == 2019


def test_a_one_year_file_builds_a_context_without_growth(tmp_path: Path):
    rows = [f"2023,THA,CHN,{f},10,USD,{v},annual,exact,mine" for f, v in (("export", "FOB"), ("import", "CIF"))]
    ctx = pair.build_context("THA", "CHN", user_trade(tmp_path, *rows))
    assert ctx.single_year and (ctx.start_year, ctx.end_year) == (2023, 2023)



def test_a_dots_matrix_file_is_read_as_the_matrix(tmp_path: Path):
    shutil.copy(data_file("dots.parquet"), tmp_path / "dots.parquet")
    ctx = pair.build_context("CHN", "BLR", tmp_path / "dots.parquet")
    assert (ctx.origin, ctx.case_study, ctx.world_matrix) == ("user file", False, tmp_path / "dots.parquet")
    assert ctx.trade.equals(trade_from_dots(load_dots(), "CHN", "BLR"))


def test_context_errors(tmp_path: Path):
    with pytest.raises(ArgumentError, match="no saved pair context"):
        pair.load_context(tmp_path)
    (tmp_path / "manifest.json").write_text('{"format": "analysis.pair.PairContext", "version": 99}')
    with pytest.raises(ArgumentError, match="is not a version 1 pair context"):
        pair.load_context(tmp_path)
    path = user_trade(tmp_path / "mine")
    with pytest.raises(ArgumentError, match="has no total trade between THA and USA"):
        pair.build_context("THA", "USA", path)
    with pytest.raises(ArgumentError, match="two different countries"):
        pair.build_context("CHN", "CHN")


def test_notes_other_origin_and_rejected_rows_survive_saving(bundled: pair.PairContext, tmp_path: Path):
    import dataclasses

    rejected = pd.DataFrame({"line": [7], "column": ["value"], "value": ["x"], "reason": ["a number"]}).astype(
        {"line": "int64", "column": "str", "value": "str", "reason": "str"}
    )
    ctx = dataclasses.replace(bundled, notes=("a note",), other_origin=pair.BUNDLED_MATRIX, rejected=rejected)
    again = pair.load_context(ctx.save(tmp_path / "ctx"))
    assert again.equals(ctx) and again.notes == ("a note",) and again.other_origin == pair.BUNDLED_MATRIX
    assert again.rejected["line"].tolist() == [7]
    assert not bundled.single_year and bundled.rejected.empty and bundled.notes == ()
