"""The one layout sniffer: each layout recognised and named; anything else gets the closest layout and what it lacks."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import DataError
from analysis.importers import (
    COLUMNS,
    LAYOUTS,
    Layout,
    read_comtrade,
    read_dots,
    read_download,
    sniff,
)
from analysis.importers.common import finish
from analysis.importers.sniff import COMTRADE_LAYOUTS, DOTS_LAYOUTS, Need, Sniffed, header_key
from analysis.problems import ProblemLog

FIXTURES = Path(__file__).parent / "fixtures" / "importers"


@pytest.mark.parametrize(
    ("fixture", "name"),
    [
        ("comtrade_plus_utf8_bom.csv", "Comtrade+"),
        ("comtrade_plus_latin1.csv", "Comtrade+"),
        ("comtrade_legacy_no_cif_fob.csv", "legacy UN Comtrade"),
        ("comtrade_legacy_cif_fob.csv", "legacy UN Comtrade"),
        ("dots_millions.csv", "IMF DOTS table"),
    ],
)
def test_each_layout_is_recognised_and_named(fixture: str, name: str):
    found = sniff(FIXTURES / fixture)
    assert found.name == name
    assert found.layout in LAYOUTS
    assert found.label == str(FIXTURES / fixture)


def test_sniffed_columns_point_at_the_roles():
    plus = sniff(FIXTURES / "comtrade_plus_utf8_bom.csv")
    assert plus.names()["primary"] == "primaryValue"
    assert plus.n_fields == plus.n_header + 1  # every line of this download ends with a comma
    dots = sniff(FIXTURES / "dots_millions.csv")
    assert [dots.header[i] for i in dots.groups["year"]] == ["2018", "2019", "2020"]
    assert [dots.header[i] for i in dots.groups["flow"]] == ["title", "sheet"]  # in order of preference
    assert dots.names()["reporter"] == "reporter"


def test_header_keys_ignore_case_spaces_and_punctuation():
    assert header_key("Trade Value (US$)") == header_key("tradevalueus") == "tradevalueus"


def test_lone_cr_line_ends_are_read(tmp_path: Path):
    text = (FIXTURES / "comtrade_legacy_no_cif_fob.csv").read_text(encoding="utf-8")
    path = tmp_path / "cr.csv"
    path.write_bytes(text.replace("\n", "\r").encode())
    assert sniff(path).name == "legacy UN Comtrade"
    assert len(read_comtrade(path)) == 5


def test_an_unknown_header_names_the_closest_layout_and_what_it_lacks():
    with pytest.raises(DataError) as info:
        sniff(FIXTURES / "unknown_layout.csv")
    (problem,) = info.value.problems
    assert (problem.line, problem.value) == (1, "country,year,value")
    assert "unknown layout (closest: WITS raw data, lacking ReporterISO3, PartnerISO3" in problem.expected


def test_a_header_close_to_a_layout_lists_each_missing_column():
    with pytest.raises(DataError) as info:
        sniff(FIXTURES / "comtrade_plus_missing_column.csv")
    assert [(p.line, p.column) for p in info.value.problems] == [(1, "primaryValue")]
    assert "in the Comtrade+ header (it is missing)" in info.value.problems[0].expected


def test_a_reader_given_another_layout_names_it_and_the_reader_to_use():
    other_reader = r"unknown layout for this reader: .*Comtrade\+ layout \(read it with read_comtrade"
    with pytest.raises(DataError, match=other_reader):
        read_dots(FIXTURES / "comtrade_plus_utf8_bom.csv")
    with pytest.raises(DataError, match=r"IMF DOTS table layout \(read it with read_dots or read_download\)"):
        read_comtrade(FIXTURES / "dots_millions.csv")
    assert sniff(FIXTURES / "dots_millions.csv", DOTS_LAYOUTS).name == "IMF DOTS table"
    with pytest.raises(DataError):
        sniff(FIXTURES / "dots_millions.csv", COMTRADE_LAYOUTS)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "an Excel workbook (.xlsx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel workbook (.xls)"),
        (b"<!DOCTYPE html><html><body>No data</body></html>", "an HTML page"),
        (b'{"error": "rate limit exceeded"}', "a JSON document"),
        (b"<?xml version='1.0'?><message/>", "an XML document"),
        ("refYear,reporterCode\n".encode("utf-16"), "UTF-16 text"),
        ("refYear,reporterCode\n".encode("utf-16-le"), "UTF-16 text (it holds zero bytes"),
    ],
)
def test_a_file_that_is_no_csv_says_what_it_is(tmp_path: Path, raw: bytes, fragment: str):
    path = tmp_path / "download.csv"
    path.write_bytes(raw)
    with pytest.raises(DataError) as info:
        read_download(path)
    (problem,) = info.value.problems
    assert problem.line == 1
    assert fragment in problem.expected


@pytest.mark.parametrize(
    "fixture",
    ["comtrade_plus_utf8_bom.csv", "comtrade_legacy_cif_fob.csv", "dots_millions.csv", "comtrade_plus_bad.csv"],
)
def test_read_download_gives_what_the_layout_reader_gives(fixture: str):
    own = read_dots if "dots" in fixture else read_comtrade
    got, expected = read_download(FIXTURES / fixture, errors="report"), own(FIXTURES / fixture, errors="report")
    pd.testing.assert_frame_equal(got[0], expected[0])
    pd.testing.assert_frame_equal(got[1], expected[1])


def read_toy(sniffed: Sniffed, errors: str, source_id: str) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """A reader for the toy layout below: one row per line, values in dollars."""
    frame = pd.read_csv(sniffed.path, dtype=str)
    n = len(frame)
    good = pd.DataFrame(
        {
            "year": frame.iloc[:, sniffed.columns["year"]].astype("int64"),
            "reporter": frame.iloc[:, sniffed.columns["reporter"]].astype("str"),
            "partner": frame.iloc[:, sniffed.columns["partner"]].astype("str"),
            "flow": pd.Series(["export"] * n, dtype="str"),
            "value": frame.iloc[:, sniffed.columns["value"]].astype("float64"),
            "currency": pd.Series(["USD"] * n, dtype="str"),
            "valuation": pd.Series(["FOB"] * n, dtype="str"),
            "period": pd.Series(["annual"] * n, dtype="str"),
            "qualifier": pd.Series(["exact"] * n, dtype="str"),
            "source_id": pd.Series([source_id] * n, dtype="str"),
            "product": pd.Series(["TOTAL"] * n, dtype="str"),
            "is_aggregate": pd.Series([False] * n, dtype="bool"),
            "_line": pd.Series(range(2, n + 2), dtype="int64"),
        }
    )
    return finish(good, ProblemLog(sniffed.label), errors)


TOY = Layout(
    name="toy exports",
    example="Reporter ISO3,Partner ISO3,Year,Export (US$)",
    needs=(
        Need("reporter", ("reporteriso3",)),
        Need("partner", ("partneriso3",)),
        Need("year", ("year",)),
        Need("value", ("exportus",), shown="Export (US$)"),
    ),
    reader=f"{__name__}:read_toy",
)


def test_a_new_layout_is_one_declaration_and_one_reader_function(tmp_path: Path):
    """How the next layouts (WITS, IMF portal...) are added: declare, write the reader, sniff reads it."""
    from analysis.importers.sniff import read_as

    path = tmp_path / "toy.csv"
    path.write_text("Reporter ISO3,Partner ISO3,Year,Export (US$)\nCHN,BLR,2019,5\nCHN,BLR,2019,6\n", encoding="utf-8")
    layouts = (*LAYOUTS, TOY)
    assert sniff(path, layouts).name == "toy exports"
    rows, rejected = read_as(path, "report", None, layouts)
    assert list(rows.columns) == COLUMNS and rows.empty  # both lines have the same key
    assert rejected["reason"].str.contains("the same is on line").all()
    path.write_text("Reporter ISO3,Partner ISO3,Year\nCHN,BLR,2019\n", encoding="utf-8")
    missing = r"line 1, column 'Export \(US\$\)'; expected column 'Export \(US\$\)' in the toy exports header"
    with pytest.raises(DataError, match=missing):
        sniff(path, layouts)
