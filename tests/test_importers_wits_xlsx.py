"""WITS downloads (raw data, partner time series) and .xlsx workbooks of any layout, read directly.

The fixtures follow the layouts of real WITS downloads (raw data: ``Nomenclature,ReporterISO3,
ProductCode,...,TradeValue in 1000 USD``; partner time series: ``Reporter Name,Partner Name,Trade
Flow,Product Group,Indicator,<years>`` with names padded by spaces as WITS writes them); their
numbers are made up. Workbooks are written by ``tests/xlsx_files.py`` as Excel writes them.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.errors import DataError
from analysis.importers import countries_only, read_download, sniff
from tests.xlsx_files import write_xlsx

FIXTURES = Path(__file__).parent / "fixtures" / "importers"
BULK = FIXTURES / "wits_bulk_chn.csv"
SERIES = FIXTURES / "wits_series_blr.csv"


def value(frame, **where) -> float:
    mask = frame["year"].notna()
    for key, wanted in where.items():
        mask &= frame[key] == wanted
    picked = frame.loc[mask, "value"]
    assert len(picked) == 1, picked
    return float(picked.iloc[0])


@pytest.mark.parametrize(("path", "name"), [(BULK, "WITS raw data"), (SERIES, "WITS partner time series")])
def test_sniffer_names_the_wits_layouts(path: Path, name: str) -> None:
    assert sniff(path).name == name


def test_wits_raw_data_values_to_the_dollar_and_gross_rows_left_out() -> None:
    rows = read_download(BULK)
    assert value(rows, year=2021, partner="BLR", flow="export") == 2_277_523_917
    assert value(rows, year=2021, partner="BLR", flow="import") == 1_250_131_552
    assert len(rows[(rows["partner"] == "BLR")]) == 2  # the Gross Exp./Gross Imp. copies are not read
    assert any("Gross" in note for note in rows.attrs["notes"])


def test_wits_world_is_an_aggregate_never_a_country() -> None:
    rows = read_download(BULK)
    assert bool(rows.loc[rows["partner"] == "WLD", "is_aggregate"].all())
    assert "WLD" not in set(countries_only(rows)["partner"])


def test_wits_series_reads_money_indicators_in_thousands() -> None:
    rows = read_download(SERIES)
    assert value(rows, year=2018, partner="CHN", flow="import") == 3_248_556_490
    assert value(rows, year=2021, partner="CHN", flow="export") == 1_111_556_230
    assert set(rows["reporter"]) == {"BLR"}
    notes = " ".join(rows.attrs["notes"])
    assert "Import Partner Share (%)" in notes  # a share is never read as dollars
    assert "product groups other than All Products" in notes


def test_wits_series_unknown_name_is_reported_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "series.csv"
    path.write_text(SERIES.read_text().replace("Belarus, China,Export", "Belarus, Atlantis,Export"))
    with pytest.raises(DataError) as err:
        read_download(path)
    problem = err.value.problems[0]
    assert (problem.line, problem.column, problem.value) == (3, "Partner Name", " Atlantis")


def test_wits_raw_data_bad_value_named_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bulk.csv"
    path.write_text(BULK.read_text().replace("1250131.552", "1,250,131"))
    with pytest.raises(DataError) as err:
        read_download(path)
    assert err.value.problems[0].line == 4


def sheet_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_xlsx_workbook_read_like_its_csv(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "wits.xlsx", {"Partner": sheet_rows(SERIES)})
    from_book, from_csv = read_download(book), read_download(SERIES)
    assert from_book["value"].tolist() == from_csv["value"].tolist()
    assert "read from sheet(s) 'Partner'" in from_book.attrs["notes"][0]


def test_xlsx_sheets_of_no_layout_are_skipped_and_named(tmp_path: Path) -> None:
    book = write_xlsx(
        tmp_path / "book.xlsx", {"Notes": [["Downloaded from WITS"]], "Data": sheet_rows(BULK)}
    )
    rows = read_download(book)
    assert value(rows, year=2021, partner="BLR", flow="export") == 2_277_523_917
    empty = write_xlsx(tmp_path / "empty.xlsx", {"Notes": [["nothing here"]], "Sheet2": [["a", "b"]]})
    with pytest.raises(DataError, match=r"the workbook's sheets: 'Notes', 'Sheet2'"):
        read_download(empty)


def test_xlsx_problem_names_the_sheet_and_the_excel_row(tmp_path: Path) -> None:
    rows = sheet_rows(BULK)
    rows[3][9] = "n/a"
    book = write_xlsx(tmp_path / "bad.xlsx", {"TradeData": [[], *rows]})  # a blank first row, as Excel allows
    with pytest.raises(DataError) as err:
        read_download(book)
    problem = err.value.problems[0]
    assert "sheet 'TradeData'" in problem.file and problem.line == 5


def test_a_broken_workbook_is_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<not xml")
    with pytest.raises(DataError, match=r"a readable \.xlsx workbook"):
        read_download(path)
