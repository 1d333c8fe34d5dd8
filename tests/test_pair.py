"""Pair data: the bundled table for China-Belarus, the DOTS matrix for any other pair, user files."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import ArgumentError, DataError
from analysis.pair import pair_data
from analysis.series import annual_series, value_in

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
    from analysis.dots import load_dots
    from analysis.pair import trade_from_dots

    chn_blr = trade_from_dots(load_dots(), "CHN", "BLR")
    bundled = pair_data("CHN", "BLR").trade
    imf = bundled[bundled["source_id"].str.startswith("imf-dots")]
    key = ["year", "reporter", "flow"]
    left = chn_blr.set_index(key)["value_usd"].sort_index()
    right = imf.set_index(key)["value_usd"].sort_index()
    assert left.index.equals(right.index)
    assert (left - right).abs().max() < 1e-6


def test_a_user_trade_file_with_its_sources(tmp_path: Path):
    (tmp_path / "sources.csv").write_text(
        "source_id,publisher,title,url,published,accessed,quote,reliability,note\nmine,Me,,,2024,,q,high,\n"
    )
    (tmp_path / "trade.csv").write_text(
        "year,reporter,partner,flow,value_usd,valuation,period,qualifier,source_id\n"
        "2020,THA,CHN,export,10,FOB,annual,exact,mine\n2020,CHN,THA,import,11,CIF,annual,exact,mine\n"
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
