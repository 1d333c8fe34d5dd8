"""The loader: valid files load with explicit dtypes; every kind of bad input names file, line, column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import DataError, load_countries, load_park, load_sources, load_trade
from analysis.errors import Problem

GOOD = "2018,CHN,BLR,export,2109389050.0,USD,FOB,annual,exact,src-a"


def problems(exc: pytest.ExceptionInfo[DataError]) -> list[Problem]:
    return exc.value.problems


def test_valid_file_loads_with_explicit_dtypes(write_trade):
    frame = load_trade(write_trade(GOOD, "2021,BLR,CHN,total,5.1e9,USD,unknown,annual,about,src-b"))
    assert frame["year"].tolist() == [2018, 2021]
    assert list(frame.columns) == [
        "year",
        "reporter",
        "partner",
        "flow",
        "value",
        "currency",
        "valuation",
        "period",
        "qualifier",
        "source_id",
    ]
    assert frame["year"].dtype == "int64"
    assert frame["value"].dtype == "float64"
    assert pd.api.types.is_string_dtype(frame["reporter"])
    assert frame["value"].tolist() == [2109389050.0, 5.1e9]


def test_file_not_found_names_the_file(tmp_path: Path):
    with pytest.raises(DataError, match=r"nope\.csv.*file not found"):
        load_trade(tmp_path / "nope.csv")


def test_empty_file(write_trade):
    with pytest.raises(DataError, match=r"line 1.*the file is empty"):
        load_trade(write_trade(raw=b""))


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("year,reporter,partner,flow,value,currency,valuation,period,qualifier", r"column 'source_id'.*missing"),
        (
            "year,reporter,partner,flow,value,currency,valuation,period,qualifier,source_id,extra",
            r"column 'extra'.*unexpected column",
        ),
        ("year,reporter,partner,flow,amount,currency,valuation,period,qualifier,source_id", r"column 'value'.*missing"),
    ],
    ids=["missing", "extra", "renamed"],
)
def test_header_problems(write_trade, header, message):
    with pytest.raises(DataError, match=message) as exc:
        load_trade(write_trade(GOOD, header=header))
    assert all(p.line == 1 for p in problems(exc))


def test_renamed_column_reports_both_sides(write_trade):
    header = "year,reporter,partner,flow,amount,currency,valuation,period,qualifier,source_id"
    with pytest.raises(DataError) as exc:
        load_trade(write_trade(GOOD, header=header))
    assert {p.column for p in problems(exc)} == {"amount", "value"}


def test_a_file_in_the_layout_without_currency_is_read_as_us_dollars_and_says_so(write_trade):
    legacy = "year,reporter,partner,flow,value_usd,valuation,period,qualifier,source_id"
    frame = load_trade(write_trade("2018,CHN,BLR,export,2109389050,FOB,annual,exact,src-a", header=legacy))
    assert frame["currency"].tolist() == ["USD"] and frame["value"].tolist() == [2109389050.0]
    assert frame.attrs["currency_assumed"] == "USD"
    assert "currency_assumed" not in load_trade(write_trade(GOOD)).attrs
    with pytest.raises(DataError) as exc:  # its problems name the column as the file writes it
        load_trade(write_trade("2018,CHN,BLR,export,0,FOB,annual,exact,src-a", header=legacy))
    assert [(p.line, p.column, p.value) for p in problems(exc)] == [(2, "value_usd", "0")]


def test_an_unknown_currency_code_is_reported(write_trade):
    with pytest.raises(DataError) as exc:
        load_trade(write_trade("2018,CHN,BLR,export,5,XXX,FOB,annual,exact,src-a"))
    (problem,) = problems(exc)
    assert (problem.line, problem.column, problem.value) == (2, "currency", "XXX")
    assert "ISO 4217" in problem.expected and "CNY" in problem.expected


@pytest.mark.parametrize(
    ("line", "column", "value", "expected"),
    [
        ("2020,CHN,BLR,export,12abc,USD,FOB,annual,exact,src-a", "value", "12abc", "positive number"),
        ("2020,CHN,BLR,export,-5,USD,FOB,annual,exact,src-a", "value", "-5", "positive number"),
        ("2020,CHN,BLR,export,0,USD,FOB,annual,exact,src-a", "value", "0", "positive number"),
        ("1850,CHN,BLR,export,5,USD,FOB,annual,exact,src-a", "year", "1850", "between 1900"),
        ("2999,CHN,BLR,export,5,USD,FOB,annual,exact,src-a", "year", "2999", "between 1900"),
        ("2020.5,CHN,BLR,export,5,USD,FOB,annual,exact,src-a", "year", "2020.5", "whole year"),
        ("2020,XYZ,BLR,export,5,USD,FOB,annual,exact,src-a", "reporter", "XYZ", "known country"),
        ("2020,CHN,china,export,5,USD,FOB,annual,exact,src-a", "partner", "china", "ISO"),
        ("2020,CHN,BLR,exports,5,USD,FOB,annual,exact,src-a", "flow", "exports", "one of export"),
        ("2020,CHN,BLR,export,5,USD,FAS,annual,exact,src-a", "valuation", "FAS", "one of FOB"),
        ("2020,CHN,BLR,export,5,USD,FOB,annual,roughly,src-a", "qualifier", "roughly", "one of exact"),
        ("2020,CHN,BLR,export,5,USD,FOB,Q3,exact,src-a", "period", "Q3", "'annual'"),
        ("2020,CHN,BLR,export,5,USD,FOB,annual,exact,src-zzz", "source_id", "src-zzz", "listed in"),
    ],
)
def test_bad_value_names_line_column_value_and_expectation(write_trade, line, column, value, expected):
    path = write_trade(GOOD, line)
    with pytest.raises(DataError) as exc:
        load_trade(path)
    (problem,) = problems(exc)
    assert (problem.file, problem.line, problem.column, problem.value) == (str(path), 3, column, value)
    assert expected in problem.expected
    assert f"line 3, column '{column}'" in str(exc.value)


def test_every_problem_is_reported_at_once(write_trade):
    bad = "1850,XYZ,BLR,exports,-1,USD,FAS,Q3,roughly,src-zzz"
    with pytest.raises(DataError) as exc:
        load_trade(write_trade(GOOD, bad, "2020,CHN,BLR,import,oops,USD,CIF,annual,exact,src-a"))
    found = {(p.line, p.column) for p in problems(exc)}
    assert found == {
        (3, c) for c in ["year", "reporter", "flow", "value", "valuation", "period", "qualifier", "source_id"]
    } | {(4, "value")}
    assert str(exc.value).startswith("9 problems in input data")


def test_duplicate_key_names_both_lines(write_trade):
    with pytest.raises(DataError) as exc:
        load_trade(write_trade(GOOD, "2021,CHN,BLR,export,5,USD,FOB,annual,exact,src-a", GOOD))
    assert sorted(p.line for p in problems(exc)) == [2, 4]
    assert "same is on line 4" in str(exc.value)


def test_same_key_from_two_sources_is_not_a_duplicate(write_trade):
    frame = load_trade(write_trade(GOOD, GOOD.replace("src-a", "src-b")))
    assert len(frame) == 2


def test_line_numbers_count_quoted_newlines(tmp_path: Path):
    text = (
        "source_id,publisher,title,url,published,accessed,quote,reliability,note\n"
        'ok-1,Outlet,,,2020,,"a quote\nover two lines",high,\n'
        "ok-2,Outlet,,,2020,,quote,excellent,\n"
    )
    (tmp_path / "sources.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_sources(tmp_path / "sources.csv")
    (problem,) = problems(exc)
    assert (problem.line, problem.column, problem.value) == (4, "reliability", "excellent")


def test_utf8_bom_is_accepted(write_trade):
    raw = (
        "\ufeff"
        + "\n".join(["year,reporter,partner,flow,value,currency,valuation,period,qualifier,source_id", GOOD])
        + "\n"
    ).encode("utf-8")
    assert load_trade(write_trade(raw=raw))["year"].tolist() == [2018]


def test_latin1_bytes_are_rejected_with_their_line(tmp_path: Path):
    text = (
        "source_id,publisher,title,url,published,accessed,quote,reliability,note\n"
        "ok-1,Outlet,,,2020,,quote,high,\n"
        "ok-2,Caf\xe9 Press,,,2020,,quote,high,\n"
    )
    path = tmp_path / "sources.csv"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(DataError, match=r"line 3.*got 'e9'.*UTF-8"):
        load_sources(path)


@pytest.mark.parametrize("formula", ["=SUM(A1:A9)", "+1+1", "-2+3", "@cmd"])
def test_spreadsheet_formulas_stay_plain_text(tmp_path: Path, formula: str):
    text = (
        "source_id,publisher,title,url,published,accessed,quote,reliability,note\n"
        f'ok-1,{formula},"{formula}",,2020,,"{formula}",high,{formula}\n'
    )
    path = tmp_path / "sources.csv"
    path.write_text(text, encoding="utf-8")
    row = load_sources(path).iloc[0]
    assert (row["publisher"], row["title"], row["quote"], row["note"]) == (formula,) * 4


def test_missing_sources_file_is_an_error(tmp_path: Path):
    path = tmp_path / "trade.csv"
    path.write_text("year,reporter,partner,flow,value,currency,valuation,period,qualifier,source_id\n" + GOOD + "\n")
    with pytest.raises(DataError, match=r"sources\.csv next to trade\.csv"):
        load_trade(path)


def test_sources_can_be_passed_as_a_frame(tmp_path: Path):
    path = tmp_path / "trade.csv"
    path.write_text("year,reporter,partner,flow,value,currency,valuation,period,qualifier,source_id\n" + GOOD + "\n")
    sources = pd.DataFrame({"source_id": ["src-a"]})
    assert len(load_trade(path, sources=sources)) == 1


def test_park_precision_must_match_date(tmp_path: Path):
    (tmp_path / "sources.csv").write_text(
        "source_id,publisher,title,url,published,accessed,quote,reliability,note\ns-1,O,,,2020,,q,high,\n"
    )
    path = tmp_path / "park.csv"
    path.write_text(
        "as_of,as_of_precision,date_inferred,metric,value,unit,qualifier,source_id,note\n"
        "2023-02,month,false,residents_count,107,companies,exact,s-1,\n"
        "2023-02,day,maybe,residents_count,108,companies,exact,s-1,\n"
    )
    with pytest.raises(DataError) as exc:
        load_park(path)
    found = {(p.line, p.column) for p in problems(exc)}
    assert (3, "date_inferred") in found
    assert any(p.line == 3 and "as_of_precision must match" in p.expected for p in problems(exc))


def test_bundled_tables_load():
    assert len(load_trade()) > 100
    assert len(load_park()) > 100
    assert len(load_sources()) > 100
    assert {"CHN", "BLR", "SUN", "BLX"} <= set(load_countries()["iso3"])


def test_data_error_is_a_value_error_and_lists_at_most_25():
    errs = [Problem("f.csv", i, "year", "x", "a year") for i in range(2, 40)]
    err = DataError(errs)
    assert isinstance(err, ValueError)
    assert "and 13 more problem(s)" in str(err)
    assert len(err.problems) == 38


SOURCES_HEADER = "source_id,publisher,title,url,published,accessed,quote,reliability,note"


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_line_numbers_are_physical_lines_with_blank_lines_and_any_line_end(tmp_path: Path, eol: str):
    """Blank and whitespace-only lines (which pandas skips) and quoted newlines still count as lines."""
    lines = [SOURCES_HEADER, "ok-1,O,,,2020,,q,high,", "", "  \t", 'ok-2,O,,,2020,,"two' + eol + 'lines",high,']
    lines += ["ok-3,O,,,2020,,q,excellent,"]
    path = tmp_path / "sources.csv"
    path.write_bytes(eol.join(lines).encode() + eol.encode())
    with pytest.raises(DataError) as exc:
        load_sources(path)
    (problem,) = problems(exc)
    assert (problem.line, problem.column, problem.value) == (7, "reliability", "excellent")


def test_a_line_with_too_many_fields_is_named(tmp_path: Path):
    path = tmp_path / "sources.csv"
    path.write_text(SOURCES_HEADER + "\n\nok-1,O,,,2020,,q,high,,extra\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_sources(path)
    (problem,) = problems(exc)
    assert (problem.line, problem.value) == (3, "ok-1,O,,,2020,,q,high,,extra")
    assert problem.expected == "9 fields like the header (got 10)"


def test_duplicates_name_every_other_line(write_trade):
    with pytest.raises(DataError) as exc:
        load_trade(write_trade(GOOD, GOOD, "", GOOD))
    assert {p.line: p.expected for p in problems(exc)}[2].endswith("the same is on lines 3, 5)")
