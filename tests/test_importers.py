"""UN Comtrade and IMF DOTS importers: layouts, codes, valuation, periods, and every error path.

Fixture files (tests/fixtures/importers/) are small files written for these tests; the numbers
are made up. Variations of one row are written to a temporary folder with ``plus_file``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import ArgumentError, DataError
from analysis.importers import (
    COLUMNS,
    TRADE_COLUMNS,
    comtrade_areas,
    countries_only,
    dots_areas,
    read_comtrade,
    read_dots,
)

FIXTURES = Path(__file__).parent / "fixtures" / "importers"
DATA = Path(__file__).parents[1] / "data"

PLUS_HEADER = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,flowDesc,"
    "partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,classificationCode,"
    "classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,isLeaf,customsCode,customsDesc,"
    "mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,"
    "isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,"
    "legacyEstimationFlag,isReported,isAggregate"
).split(",")
DEFAULTS = {
    "typeCode": "C",
    "freqCode": "A",
    "refPeriodId": "20190101",
    "refYear": "2019",
    "refMonth": "52",
    "period": "2019",
    "reporterCode": "156",
    "reporterISO": "CHN",
    "flowCode": "X",
    "partnerCode": "112",
    "partnerISO": "BLR",
    "partner2Code": "0",
    "cmdCode": "TOTAL",
    "customsCode": "C00",
    "motCode": "0",
    "fobvalue": "1000",
    "primaryValue": "1000",
}


def plus_row(**values: str) -> list[str]:
    row = {name: "" for name in PLUS_HEADER} | DEFAULTS | values
    return [row[name] for name in PLUS_HEADER]


@pytest.fixture
def plus_file(tmp_path: Path):
    """Write a Comtrade+ CSV (all values quoted) from rows; return its path."""

    def _write(*rows: list[str], name: str = "plus.csv", header: list[str] = PLUS_HEADER) -> Path:
        lines = [",".join(header)] + [",".join(f'"{v}"' for v in row) for row in rows]
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return _write


def messages(exc: pytest.ExceptionInfo[DataError]) -> str:
    return str(exc.value)


def row_of(frame: pd.DataFrame, **where: object) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    hits = frame.loc[mask]
    assert len(hits) == 1, hits
    return hits.iloc[0]


# --------------------------------------------------------------------------------------------
# Comtrade+ layout
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plus() -> pd.DataFrame:
    frame = read_comtrade(FIXTURES / "comtrade_plus_utf8_bom.csv")
    assert isinstance(frame, pd.DataFrame)
    return frame


def test_plus_bom_quotes_and_trailing_commas_read_every_row(plus: pd.DataFrame):
    assert list(plus.columns) == COLUMNS
    assert len(plus) == 11  # every data line of the fixture
    assert plus["year"].dtype == "int64"
    assert plus["value"].dtype == "float64"
    assert plus["is_aggregate"].dtype == "bool"
    for column in ["reporter", "partner", "flow", "valuation", "period", "qualifier", "source_id", "product"]:
        assert pd.api.types.is_string_dtype(plus[column]), column
    assert set(plus["source_id"]) == {"file-comtrade-plus-utf8-bom-csv"}
    assert set(plus["qualifier"]) == {"exact"}


def test_plus_output_meets_the_trade_contract(plus: pd.DataFrame):
    from analysis.schema import TradeModel

    TradeModel.validate(plus[TRADE_COLUMNS], lazy=True)


def test_plus_export_uses_fob_column_with_exact_dollars(plus: pd.DataFrame):
    row = row_of(plus, reporter="CHN", partner="BLR", flow="export", period="annual")
    assert row["value"] == 2_109_389_050.5
    assert row["valuation"] == "FOB"
    assert row["product"] == "TOTAL"
    assert not row["is_aggregate"]


def test_plus_import_uses_cif_column_not_the_fob_estimate(plus: pd.DataFrame):
    row = row_of(plus, reporter="CHN", partner="BLR", flow="import")
    assert (row["value"], row["valuation"]) == (914_628_270.0, "CIF")


def test_plus_import_without_cif_falls_back_to_fob(plus: pd.DataFrame):
    row = row_of(plus, reporter="BLR", partner="USA", flow="import")  # partner code 842
    assert (row["value"], row["valuation"], row["product"]) == (1_234_567.25, "FOB", "27")


def test_plus_primary_value_alone_has_unknown_valuation(plus: pd.DataFrame):
    row = row_of(plus, reporter="BLR", partner="FRA")  # partner code 251
    assert (row["value"], row["valuation"], row["product"]) == (98_765.0, "unknown", "44")


def test_plus_world_and_nes_areas_are_flagged_aggregates(plus: pd.DataFrame):
    world = row_of(plus, partner="WLD")  # code 0, ISO W00 in the file
    assert world["is_aggregate"]
    assert world["value"] == 2_499_457_000_000.0
    taiwan = row_of(plus, partner="TWN")  # code 490 "Other Asia, nes": Taiwan in practice, counted as a country
    assert not taiwan["is_aggregate"]
    assert any('490 "Other Asia, nes" is counted as Taiwan (TWN)' in note for note in plus.attrs["notes"])


@pytest.mark.parametrize(
    ("reporter", "partner"),
    [("IND", "CHE"), ("NOR", "ITA")],  # Comtrade codes 699/757 and 579/381, not M49
)
def test_plus_comtrade_specific_codes_map_to_iso3(plus: pd.DataFrame, reporter: str, partner: str):
    row = row_of(plus, reporter=reporter, partner=partner)
    assert not row["is_aggregate"]


def test_plus_re_exports_and_re_imports_stay_distinct(plus: pd.DataFrame):
    assert row_of(plus, reporter="BLR", partner="DEU")["flow"] == "re-export"
    re_import = row_of(plus, reporter="CHN", partner="CHN")
    assert (re_import["flow"], re_import["valuation"], re_import["value"]) == ("re-import", "CIF", 123.5)
    assert set(plus["flow"]) == {"export", "import", "re-export", "re-import"}


def test_plus_monthly_row_keeps_its_month(plus: pd.DataFrame):
    row = row_of(plus, reporter="CHN", partner="BLR", flow="export", period="May")
    assert (row["year"], row["value"]) == (2019, 150_000_000.75)


def test_plus_latin1_file_is_read():
    raw = (FIXTURES / "comtrade_plus_latin1.csv").read_bytes()
    assert "Côte d'Ivoire".encode("latin-1") in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    frame, rejected = read_comtrade(FIXTURES / "comtrade_plus_latin1.csv", errors="report")
    assert list(rejected.columns) == ["line", "column", "value", "reason"]
    assert rejected.empty
    assert frame[["reporter", "partner", "flow", "value"]].to_numpy().tolist() == [
        ["CIV", "CHN", "export", 5_500_000.0],
        ["CHN", "CIV", "import", 321.0],
    ]


def test_latin1_text_in_a_read_column_is_decoded_in_the_report(plus_file):
    path = plus_file(plus_row(), plus_row(cmdCode="TÔTAL", partnerCode="842"))
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    rows, rejected = read_comtrade(path, errors="report")
    assert len(rows) == 1
    assert rejected[["line", "column", "value"]].to_numpy().tolist() == [[3, "cmdCode", "TÔTAL"]]


def test_any_pair_and_a_custom_source_id(plus_file):
    path = plus_file(plus_row(reporterCode="276", partnerCode="250", flowCode="M", cifvalue="5", fobvalue=""))
    frame = read_comtrade(path, source_id="my-download")
    assert frame[["reporter", "partner", "flow", "valuation", "source_id"]].to_numpy().tolist() == [
        ["DEU", "FRA", "import", "CIF", "my-download"]
    ]


def test_header_ending_with_a_comma_too(plus_file):
    path = plus_file(plus_row(), plus_row(partnerCode="842"))
    text = path.read_text(encoding="utf-8").replace("\n", ",\n")
    path.write_text(text, encoding="utf-8")
    assert read_comtrade(path)["partner"].tolist() == ["BLR", "USA"]


@pytest.mark.parametrize(
    "fixture", ["comtrade_plus_bad.csv", "comtrade_legacy_malformed.csv", "comtrade_plus_utf8_bom.csv"]
)
def test_results_do_not_depend_on_how_the_file_is_cut_into_groups(monkeypatch, fixture: str):
    """Line numbers stay right across group boundaries, on the fast and the careful path."""
    import analysis.importers.batches as batches

    expected = read_comtrade(FIXTURES / fixture, errors="report")
    monkeypatch.setattr(batches, "BLOCK_BYTES", 2048)  # pyarrow blocks of a few lines
    monkeypatch.setattr(batches, "GROUP_ROWS", 2)
    monkeypatch.setattr(batches, "PY_BATCH_ROWS", 2)
    got = read_comtrade(FIXTURES / fixture, errors="report")
    pd.testing.assert_frame_equal(got[0], expected[0])
    pd.testing.assert_frame_equal(got[1], expected[1])


def test_a_group_of_blank_lines_only(plus_file, monkeypatch):
    import analysis.importers.batches as batches

    monkeypatch.setattr(batches, "BLOCK_BYTES", 1024)
    monkeypatch.setattr(batches, "GROUP_ROWS", 2)
    path = plus_file(plus_row(), plus_row(partnerCode="886"))
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], lines[1], "", "", "", lines[2]]) + "\n", encoding="utf-8")
    rows, rejected = read_comtrade(path, errors="report")
    assert len(rows) == 1
    assert rejected["line"].tolist() == [6]


def test_header_only_gives_an_empty_frame_with_the_columns(plus_file):
    frame = read_comtrade(plus_file())
    assert list(frame.columns) == COLUMNS
    assert len(frame) == 0


def test_blank_lines_are_skipped_and_line_numbers_stay_right(plus_file):
    path = plus_file(plus_row(), plus_row(partnerCode="842"), plus_row(partnerCode="886"))
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\r\n".join([*lines[:2], "", *lines[2:]]) + "\r\n", encoding="utf-8")
    rows, rejected = read_comtrade(path, errors="report")
    assert len(rows) == 2
    assert rejected[["line", "column", "value"]].to_numpy().tolist() == [[5, "partnerCode", "886"]]


# --------------------------------------------------------------------------------------------
# Legacy layout
# --------------------------------------------------------------------------------------------


def test_legacy_without_cif_fob_columns():
    frame = read_comtrade(FIXTURES / "comtrade_legacy_no_cif_fob.csv")
    assert len(frame) == 5
    assert set(frame["valuation"]) == {"unknown"}  # the file does not say CIF or FOB
    row = row_of(frame, reporter="CHN", partner="BLR")
    assert (row["year"], row["flow"], row["value"], row["product"]) == (2014, "import", 738_277_242.0, "TOTAL")
    world = row_of(frame, partner="WLD")  # code 0, ISO WLD in the file
    assert world["is_aggregate"]
    assert row_of(frame, partner="BLX")["year"] == 1995  # Belgium-Luxembourg, code 58
    assert not row_of(frame, partner="TWN")["is_aggregate"]  # 490 with an empty ISO column: Taiwan


def test_legacy_cif_fob_columns_re_flows_and_month():
    frame = read_comtrade(FIXTURES / "comtrade_legacy_cif_fob.csv")
    got = frame[["partner", "flow", "value", "valuation", "period"]].to_numpy().tolist()
    assert got == [
        ["CHN", "import", 2_373_235_100.0, "CIF", "annual"],
        ["CHN", "export", 640_255_200.0, "FOB", "annual"],
        ["CHN", "re-import", 1500.0, "CIF", "May"],
        ["USA", "re-export", 2500.0, "FOB", "annual"],
        ["USA", "import", 999.0, "unknown", "annual"],
    ]


def test_legacy_header_is_matched_ignoring_case_and_punctuation(tmp_path: Path):
    """As in a sheet export of a legacy download: 'tradevalueus' is 'Trade Value (US$)'."""
    path = tmp_path / "sheet.csv"
    path.write_text(
        "classification,year,period,perioddesc.,aggregatelevel,isleafcode,tradeflowcode,tradeflow,reportercode,"
        "reporter,reporteriso,partnercode,partner,partneriso,commoditycode,commodity,qtyunitcode,qtyunit,qty,"
        "netweightkg,tradevalueus,flag,rowNumber\n"
        "H4,2014,2014,2014,0,0,1,Import,156,China,CHN,112,Belarus,BLR,TOTAL,All Commodities,1,No Quantity,,,"
        "738277242,0,31\n",
        encoding="utf-8",
    )
    frame = read_comtrade(path)
    assert frame[["reporter", "partner", "flow", "value"]].to_numpy().tolist() == [
        ["CHN", "BLR", "import", 738_277_242.0]
    ]


def test_malformed_lines_are_reported_and_the_rest_keeps_true_line_numbers():
    """A line with an extra comma, a blank line and a line break inside quotes (lines 5-6)."""
    rows, rejected = read_comtrade(FIXTURES / "comtrade_legacy_malformed.csv", errors="report")
    assert rows["value"].tolist() == [1111.0, 3333.0, 5555.0]
    assert rejected["line"].tolist() == [3, 7]
    assert "22 fields like the header (got 23" in rejected.loc[0, "reason"]
    assert (rejected.loc[1, "column"], rejected.loc[1, "value"]) == ("Partner Code", "886")
    with pytest.raises(DataError, match=r"comtrade_legacy_malformed\.csv, line 3: got 'H4,2015"):
        read_comtrade(FIXTURES / "comtrade_legacy_malformed.csv")


def test_malformed_latin1_file_takes_the_slow_path(tmp_path: Path):
    path = tmp_path / "legacy_latin1.csv"
    text = (FIXTURES / "comtrade_legacy_no_cif_fob.csv").read_text(encoding="utf-8").splitlines()
    text[1] = text[1].replace("Belarus", "Bélarus")
    text.insert(2, "H4,2014,too,few,fields")
    path.write_bytes(("\n".join(text) + "\n").encode("latin-1"))
    rows, rejected = read_comtrade(path, errors="report")
    assert len(rows) == 5
    assert rejected["line"].tolist() == [3]


# --------------------------------------------------------------------------------------------
# Aggregates are never added to countries
# --------------------------------------------------------------------------------------------


def test_countries_only_prevents_double_counting(plus_file):
    world, a, b, nes = 1000.0, 600.0, 300.0, 100.0
    path = plus_file(
        plus_row(partnerCode="0", fobvalue=str(world), primaryValue=str(world)),
        plus_row(partnerCode="112", fobvalue=str(a), primaryValue=str(a)),
        plus_row(partnerCode="643", fobvalue=str(b), primaryValue=str(b)),
        plus_row(partnerCode="899", fobvalue=str(nes), primaryValue=str(nes)),
    )
    frame = read_comtrade(path)
    assert frame["value"].sum() == world + a + b + nes  # World counted with its own parts
    countries = countries_only(frame)
    assert countries["partner"].tolist() == ["BLR", "RUS"]
    assert countries["value"].sum() == a + b
    assert frame.loc[frame["is_aggregate"], "partner"].tolist() == ["WLD", "XAN"]
    assert len(frame) == 4  # the input is not changed


def test_countries_only_needs_the_flag():
    with pytest.raises(ArgumentError, match="is_aggregate"):
        countries_only(pd.DataFrame({"value": [1.0]}))
    with pytest.raises(ArgumentError, match="True/False"):
        countries_only(pd.DataFrame({"is_aggregate": ["yes"]}))


def test_aggregate_reporter_is_flagged_too(plus_file):
    frame = read_comtrade(plus_file(plus_row(reporterCode="0", partnerCode="156")))
    assert frame["is_aggregate"].tolist() == [True]
    assert countries_only(frame).empty


# --------------------------------------------------------------------------------------------
# Errors: file level (always raised)
# --------------------------------------------------------------------------------------------


def test_unknown_layout_names_file_and_line():
    with pytest.raises(DataError) as exc:
        read_comtrade(FIXTURES / "unknown_layout.csv")
    text = messages(exc)
    assert "unknown_layout.csv, line 1: got 'country,year,value'" in text
    assert "unknown layout" in text


def test_missing_column_names_the_column():
    with pytest.raises(DataError) as exc:
        read_comtrade(FIXTURES / "comtrade_plus_missing_column.csv", errors="report")
    text = messages(exc)
    assert "comtrade_plus_missing_column.csv, line 1, column 'primaryValue'" in text
    assert "it is missing" in text


@pytest.mark.parametrize("column", ["Trade Value (US$)", "Reporter Code", "Partner Code", "Trade Flow Code"])
def test_legacy_missing_column(tmp_path: Path, column: str):
    path = tmp_path / "legacy.csv"
    header, row = (FIXTURES / "comtrade_legacy_no_cif_fob.csv").read_text(encoding="utf-8").splitlines()[:2]
    header = header.replace(column, "Something")
    if column == "Trade Flow Code":  # the flow's name (column Trade Flow) would do instead
        header = header.replace("Trade Flow,", "Something else,")
    path.write_text(header + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"line 1, column '{re.escape(column)}'.*missing"):
        read_comtrade(path)


def test_a_column_twice_is_an_error(plus_file):
    header = [*PLUS_HEADER[:-1], "primaryvalue"]
    with pytest.raises(DataError, match=r"line 1, column 'primaryvalue'.*appears twice"):
        read_comtrade(plus_file(plus_row(), header=header))


def test_file_not_found_and_empty_file(tmp_path: Path):
    with pytest.raises(DataError, match=r"nope\.csv.*file not found"):
        read_comtrade(tmp_path / "nope.csv")
    bom_only = tmp_path / "bom.csv"
    bom_only.write_bytes(b"\xef\xbb\xbf")
    with pytest.raises(DataError, match=r"bom\.csv, line 1.*the file is empty"):
        read_dots(bom_only)
    with pytest.raises(DataError, match=r"bom\.csv, line 1.*unknown layout"):
        read_comtrade(bom_only)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataError, match=r"empty\.csv, line 1.*the file is empty"):
        read_comtrade(empty)
    with pytest.raises(DataError, match=r"empty\.csv, line 1.*the file is empty"):
        read_dots(empty)


@pytest.mark.parametrize("reader", [read_comtrade, read_dots])
def test_bad_arguments(reader):
    with pytest.raises(ArgumentError, match="errors must be 'raise' or 'report'"):
        reader(FIXTURES / "comtrade_plus_utf8_bom.csv", errors="ignore")
    with pytest.raises(ArgumentError, match="source_id must be"):
        reader(FIXTURES / "dots_millions.csv", source_id="Not OK")


# --------------------------------------------------------------------------------------------
# Errors: rows (raised together, or reported)
# --------------------------------------------------------------------------------------------

BAD_LINES = {
    2: ("year+reporter+partner+flow+period+product+breakdown", "the same is on line 9"),
    3: ("partnerCode", "unknown codes are reported, not guessed"),
    4: ("fobvalue", "a number of US dollars"),
    5: ("flowCode", "other flows are not read"),
    6: ("primaryValue", "0 is no published value"),
    7: ("typeCode", "services (S) are not goods trade"),
    9: ("year+reporter+partner+flow+period+product+breakdown", "the same is on line 2"),
    11: ("reporterCode", "a numeric UN Comtrade area code"),
    12: ("refYear", "a year that has not happened is not data"),
}


def test_report_returns_every_rejected_line_with_its_reason():
    rows, rejected = read_comtrade(FIXTURES / "comtrade_plus_bad.csv", errors="report")
    assert list(rejected.columns) == ["line", "column", "value", "reason"]
    assert sorted(set(rejected["line"])) == sorted(BAD_LINES)
    for line, (column, reason) in BAD_LINES.items():
        hits = rejected.loc[(rejected["line"] == line) & (rejected["column"] == column)]
        assert len(hits) == 1, (line, column)
        assert reason in hits.iloc[0]["reason"], (line, hits.iloc[0]["reason"])
    both = rejected.loc[rejected["line"] == 4, ["column", "value"]].to_numpy().tolist()
    assert both == [["fobvalue", "n/a"], ["primaryValue", "n/a"]]
    # the clean lines (10, 13) remain, and line 8 (by mode of transport) apart from the totals
    assert rows[["flow", "value", "product", "breakdown"]].to_numpy().tolist() == [
        ["import", 5000.0, "TOTAL", "mode of transport 1"],
        ["import", 6000.0, "TOTAL", ""],
        ["export", 9000.5, "44", ""],
    ]
    assert len(rows) + len(set(rejected["line"])) == 12


def test_raise_lists_every_problem_with_file_line_column_value():
    with pytest.raises(DataError) as exc:
        read_comtrade(FIXTURES / "comtrade_plus_bad.csv")
    assert len(exc.value.problems) == 10
    text = messages(exc)
    assert text.startswith("10 problems in input data:")
    assert "comtrade_plus_bad.csv, line 3, column 'partnerCode': got '886'" in text
    assert "line 4, column 'fobvalue': got 'n/a'; expected a number of US dollars" in text
    assert [p.line for p in exc.value.problems] == sorted(p.line for p in exc.value.problems)


@pytest.mark.parametrize(
    ("values", "column", "fragment"),
    [
        ({"freqCode": "Q"}, "freqCode", "A (annual) or M (monthly)"),
        ({"freqCode": "M", "refMonth": "13"}, "refMonth", "a month 1-12"),
        ({"refYear": "1899"}, "refYear", "a year between 1900"),
        ({"refYear": "20x9"}, "refYear", "a year such as 2019"),
        ({"partnerCode": ""}, "partnerCode", "a numeric UN Comtrade area code"),
        ({"partnerCode": "123456789"}, "partnerCode", "listed in analysis/reference/comtrade_areas.csv"),
        ({"cmdCode": ""}, "cmdCode", "a commodity code"),
        ({"cmdCode": "27 09"}, "cmdCode", "a commodity code"),
        ({"fobvalue": "-5", "primaryValue": "-5"}, "fobvalue", "at least 0 US dollars"),
        ({"fobvalue": "1,000", "primaryValue": "1000"}, "fobvalue", "a number of US dollars"),
        ({"fobvalue": "inf", "primaryValue": "1000"}, "fobvalue", "a number of US dollars"),
        ({"fobvalue": "", "primaryValue": ""}, "primaryValue", "the value columns of this row are all empty"),
    ],
)
def test_each_row_problem_names_line_column_value(plus_file, values, column, fragment):
    path = plus_file(plus_row(partnerCode="842"), plus_row(**values))
    rows, rejected = read_comtrade(path, errors="report")
    assert len(rows) == 1
    hits = rejected.loc[rejected["column"] == column]
    assert hits["line"].tolist() == [3], rejected
    assert fragment in hits.iloc[0]["reason"]
    assert hits.iloc[0]["value"] == values.get(column, "")


def test_values_with_spaces_are_read_on_the_careful_path(plus_file):
    frame = read_comtrade(plus_file(plus_row(reporterCode=" 156 ", fobvalue=" 12.5 ", primaryValue="")))
    assert frame[["reporter", "value"]].to_numpy().tolist() == [["CHN", 12.5]]


@pytest.mark.parametrize(
    ("period", "fragment"),
    [("201413", "year and month"), ("2015", "of the row's Year"), ("14", "e.g. 2014")],
)
def test_legacy_period_must_match_year(tmp_path: Path, period: str, fragment: str):
    header, row = (FIXTURES / "comtrade_legacy_no_cif_fob.csv").read_text(encoding="utf-8").splitlines()[:2]
    path = tmp_path / "legacy.csv"
    path.write_text(header + "\n" + row.replace("H4,2014,2014,", f"H4,2014,{period},", 1) + "\n", encoding="utf-8")
    _, rejected = read_comtrade(path, errors="report")
    assert rejected[["line", "column", "value"]].to_numpy().tolist() == [[2, "Period", period]]
    assert fragment in rejected.loc[0, "reason"]


def test_the_contract_check_is_a_safety_net_with_line_numbers(plus_file, monkeypatch):
    """Rows that pass the importer's own checks but fail the final schema are still reported."""
    import pandera.pandas as pa_

    import analysis.importers.common as common

    strict = common.output_schema().add_columns({"value": pa_.Column(float, pa_.Check.lt(5000))})
    monkeypatch.setattr(common, "output_schema", lambda: strict)
    path = plus_file(plus_row(), plus_row(partnerCode="842", fobvalue="9000", primaryValue="9000"))
    rows, rejected = read_comtrade(path, errors="report")
    assert len(rows) == 1
    assert rejected[["line", "column"]].to_numpy().tolist() == [[3, "value"]]


# --------------------------------------------------------------------------------------------
# IMF DOTS
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dots() -> pd.DataFrame:
    frame = read_dots(FIXTURES / "dots_millions.csv")
    assert isinstance(frame, pd.DataFrame)
    return frame


def test_dots_millions_become_exact_dollars(dots: pd.DataFrame):
    assert list(dots.columns) == COLUMNS
    export = row_of(dots, reporter="CHN", partner="BLR", flow="export", year=2018)
    # exact decimal scaling with one rounding: 27.731000000000002 millions
    assert export["value"] == 27_731_000.000000002
    assert export["valuation"] == "FOB"
    imports = dots.loc[(dots["flow"] == "import")]
    assert imports[["year", "value", "valuation"]].to_numpy().tolist() == [
        [2018, 60_810_000.0, "CIF"],
        [2019, 500_000.0, "CIF"],
        [2020, 100_000_000.0, "CIF"],
    ]
    assert set(dots["product"]) == {"TOTAL"}
    assert set(dots["period"]) == {"annual"}


def test_dots_empty_cell_is_missing_not_zero(dots: pd.DataFrame):
    exports = dots.loc[(dots["reporter"] == "CHN") & (dots["flow"] == "export"), "year"].tolist()
    assert exports == [2018, 2020]  # 2019 is blank in the file
    assert (dots["value"] > 0).all()


def test_dots_estimate_is_about(dots: pd.DataFrame):
    row = row_of(dots, reporter="CHN", flow="export", year=2020)
    assert (row["value"], row["qualifier"]) == (1_247_270_000.0, "about")


def test_dots_billions_any_pair_and_world(dots: pd.DataFrame):
    assert row_of(dots, reporter="DEU", partner="FRA")["value"] == 1_250_000_000.0
    world = row_of(dots, reporter="BLR", partner="WLD")
    assert world["is_aggregate"]
    assert countries_only(dots)["partner"].tolist().count("WLD") == 0


def test_dots_output_meets_the_trade_contract(dots: pd.DataFrame):
    from analysis.schema import TradeModel

    TradeModel.validate(dots[TRADE_COLUMNS], lazy=True)


def test_dots_report_lists_each_bad_row_and_cell():
    rows, rejected = read_dots(FIXTURES / "dots_bad.csv", errors="report")
    got = rejected[["line", "column", "value"]].to_numpy().tolist()
    assert got == [
        [2, "partner", "Atlantis"],
        [3, "2018", "n.a."],
        [4, "units", "Euros"],
        [5, "title", "Goods, Value of Trade Balance / Trade Balance"],
        [6, "2018", "0"],
    ]
    reasons = rejected["reason"].tolist()
    assert "unknown names are reported, not guessed" in reasons[0]
    assert "a number" in reasons[1]
    assert "US dollars" in reasons[2]
    assert "one flow" in reasons[3]
    assert "a positive value" in reasons[4]
    assert rows[["year", "flow", "value"]].to_numpy().tolist() == [
        [2019, "export", 3_500_000.0],
        [2019, "import", 6_500_000.0],
    ]


def test_dots_raise_names_file_line_column():
    with pytest.raises(DataError, match=r"dots_bad\.csv, line 3, column '2018': got 'n\.a\.'"):
        read_dots(FIXTURES / "dots_bad.csv")


def test_dots_missing_units_column():
    with pytest.raises(DataError, match=r"dots_no_units\.csv, line 1, column 'units'.*must be stated in the file"):
        read_dots(FIXTURES / "dots_no_units.csv")


def test_dots_unknown_layout_and_other_missing_columns(tmp_path: Path):
    with pytest.raises(DataError, match=r"line 1: got 'country,year,value'.*unknown layout"):
        read_dots(FIXTURES / "unknown_layout.csv")
    with pytest.raises(DataError, match="unknown layout"):
        read_dots(FIXTURES / "comtrade_plus_utf8_bom.csv")
    path = tmp_path / "dots.csv"
    path.write_text("units,2019,2019Q1\nUS Dollars,1,2\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        read_dots(path)
    text = messages(exc)
    assert "column 'reporter'" in text
    assert "column 'partner'" in text
    assert "naming the flow" in text
    assert "column '2019Q1': got '2019Q1'; expected annual columns" in text


def test_dots_duplicate_rows_and_field_counts(tmp_path: Path):
    header, first = (FIXTURES / "dots_millions.csv").read_text(encoding="utf-8").splitlines()[:2]
    path = tmp_path / "dots.csv"
    path.write_text("\n".join([header, first, "too,few", "", first]) + "\n", encoding="utf-8")
    rows, rejected = read_dots(path, errors="report")
    assert rows.empty
    assert rejected["line"].tolist() == [2, 2, 3, 5, 5]  # line 4 is blank
    assert "9 fields like the header (got 2)" in rejected.loc[2, "reason"]
    assert "the same is on line 5" in rejected.loc[0, "reason"]


def test_dots_flow_valuation_from_indicator_names(tmp_path: Path):
    path = tmp_path / "dots.csv"
    path.write_text(
        "Country Name,Indicator Name,Counterpart Country Name,Unit,2019\n"
        '"China, P.R.: Mainland","Goods, Value of Imports, Free on board (FOB), US Dollars",Japan,US Dollars,12.5\n'
        '"China, P.R.: Mainland","Goods, Value of Exports, US Dollars",Japan,US Dollars,7\n',
        encoding="utf-8",
    )
    frame = read_dots(path)
    assert frame[["flow", "valuation", "value"]].to_numpy().tolist() == [
        ["import", "FOB", 12.5],
        ["export", "FOB", 7.0],
    ]


# --------------------------------------------------------------------------------------------
# Reference code lists
# --------------------------------------------------------------------------------------------


def test_comtrade_reference_codes():
    areas = comtrade_areas()
    assert areas["code"].is_unique
    assert areas["iso3"].str.fullmatch(r"[A-Z]{3}").all()
    by_code = areas.set_index("code")["iso3"]
    expected = {0: "WLD", 156: "CHN", 112: "BLR", 251: "FRA", 381: "ITA", 842: "USA", 699: "IND", 757: "CHE"}
    expected |= {579: "NOR", 58: "BLX", 490: "TWN", 810: "SUN", 890: "YUG", 200: "CSK", 280: "DEU", 492: "XEU"}
    assert {code: by_code[code] for code in expected} == expected
    aggregate = areas.set_index("code")["is_aggregate"]
    assert aggregate[[0, 899]].all() and not aggregate[490]
    assert not aggregate[[156, 58, 810]].any()
    # package codes (X.., WLD) are used for aggregates only, never for a country
    package = areas["iso3"].str.startswith("X") | (areas["iso3"] == "WLD")
    assert set(areas.loc[package, "kind"]) <= {"aggregate", "residual", "composite"}


def test_dots_reference_names_agree_with_countries_csv():
    areas = dots_areas()
    assert areas["imf_name"].is_unique
    assert areas["iso3"].str.fullmatch(r"[A-Z]{3}").all()
    countries = pd.read_csv(DATA / "countries.csv", dtype="str", keep_default_na=False)
    known = areas.loc[~areas["iso3"].str.startswith("X") & (areas["iso3"] != "WLD")]
    assert set(known["iso3"]) <= set(countries["iso3"])
    assert set(areas.loc[areas["is_aggregate"], "iso3"]) >= {"WLD", "XAE", "XNS"}


def test_reference_files_name_their_sources():
    readme = (Path(__file__).parents[1] / "analysis" / "reference" / "README.md").read_text(encoding="utf-8")
    assert "https://unstats.un.org/unsd/methodology/m49/" in readme
    assert "comtrade" in readme.lower()
    for name in ["comtrade_areas.csv", "imf_dots_areas.csv"]:
        assert name in readme
        with (Path(__file__).parents[1] / "analysis" / "reference" / name).open(encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        assert re.fullmatch(r"(code|imf_name)", header[0])


def test_an_unclosed_quote_is_reported_not_swallowed(tmp_path: Path):
    lines = (FIXTURES / "comtrade_legacy_no_cif_fob.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "legacy.csv"
    path.write_text("\n".join([*lines[:3], 'H4,2014,2014,"' + "x" * 200_000]) + "\n", encoding="utf-8")
    rows, rejected = read_comtrade(path, errors="report")
    assert len(rows) == 2
    assert rejected["line"].tolist() == [4]
    assert "well-formed CSV from here on" in rejected.loc[0, "reason"]


def test_dots_year_outside_the_contract(tmp_path: Path):
    path = tmp_path / "dots.csv"
    path.write_text(
        'sheet,reporter,units,partner,1899,2019\n"Exports, FOB","China, P.R.: Mainland",US Dollars,Japan,1,2\n',
        encoding="utf-8",
    )
    rows, rejected = read_dots(path, errors="report")
    assert rows["year"].tolist() == [2019]
    assert rejected[["line", "column", "value"]].to_numpy().tolist() == [[2, "1899", "1"]]
    assert "a value for a year between 1900" in rejected.loc[0, "reason"]


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_dots_lines_are_physical_with_quoted_newlines_and_blank_lines(tmp_path: Path, eol: str):
    rows = [
        "sheet,title,reporter,units,partner,2019",
        '"Exports, FOB","Exports,' + eol + 'FOB","China, P.R.: Mainland","US Dollars, Millions",Japan,1.5',
        "",
        '"Exports, FOB","Exports, FOB","China, P.R.: Mainland","US Dollars, Millions",Atlantis,2',
    ]
    path = tmp_path / "dots.csv"
    path.write_bytes((eol.join(rows) + eol).encode())
    frame, rejected = read_dots(path, errors="report")
    assert frame["value"].tolist() == [1_500_000.0]
    assert rejected[["line", "column", "value"]].to_numpy().tolist() == [[5, "partner", "Atlantis"]]


@pytest.mark.parametrize("eol", ["\r\n", "\r"], ids=["CRLF", "CR"])
def test_comtrade_careful_path_counts_lines_like_an_editor(plus_file, eol: str):
    """A quoted newline sends the file down the Python csv path; CR and CRLF line ends count one line."""
    path = plus_file(plus_row(), plus_row(partnerCode="842", cmdDesc="two\nlines"), plus_row(partnerCode="886"))
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_bytes(eol.join([*lines[:2], "", *lines[2:]]).encode())  # a blank line after the first row
    rows, rejected = read_comtrade(path, errors="report")
    assert len(rows) == 2
    assert rejected[["line", "column", "value"]].to_numpy().tolist() == [[6, "partnerCode", "886"]]


@pytest.mark.parametrize(
    ("values", "label"),
    [
        ({"partner2Code": "643"}, "second partner 643"),
        ({"customsCode": "C01"}, "customs procedure C01"),
        ({"motCode": "2100"}, "mode of transport 2100"),
        ({"partner2Code": "643", "motCode": "2100"}, "second partner 643; mode of transport 2100"),
    ],
)
def test_breakdown_rows_are_kept_apart_from_the_total_and_never_collide(plus_file, values, label):
    path = plus_file(plus_row(), plus_row(**values))  # the same flow: the total and one of its parts
    rows = read_comtrade(path)
    assert rows["breakdown"].tolist() == ["", label]
    assert countries_only(rows)["breakdown"].tolist() == [""]
    assert any("kept apart" in note for note in rows.attrs["notes"])
