"""IMF downloads beyond the DOTS table: data portal exports (time series with Value/Status rows, panel),
a DOTS sheet saved as CSV with its title lines, old and new IMF spellings, and saved error pages.

The fixtures follow the publishers' layouts (header names, quoting, ``2024M2``/``2023Q4`` period
columns, ``Attribute`` rows, CR LF line ends of a sheet saved by Excel); the numbers are made up.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.errors import DataError
from analysis.importers import countries_only, read_dots, read_download, sniff

FIXTURES = Path(__file__).parent / "fixtures" / "importers"
SERIES = FIXTURES / "imf_portal_series.csv"
PANEL = FIXTURES / "imf_portal_panel.csv"
TITLED = FIXTURES / "dots_sheet_titled.csv"


def one(frame, **where) -> tuple[float, str]:
    mask = frame["year"].notna()
    for key, wanted in where.items():
        mask &= frame[key] == wanted
    picked = frame.loc[mask]
    assert len(picked) == 1, picked
    return float(picked["value"].iloc[0]), str(picked["qualifier"].iloc[0])


@pytest.mark.parametrize(
    ("path", "name"),
    [(SERIES, "IMF data portal time series"), (PANEL, "IMF data portal panel"), (TITLED, "IMF DOTS table")],
)
def test_sniffer_names_the_imf_layouts(path: Path, name: str) -> None:
    assert sniff(path).name == name
    assert read_dots(path).equals(read_download(path))  # read_dots reads every IMF layout


def test_portal_series_values_to_the_dollar_status_e_is_about() -> None:
    rows = read_download(SERIES)
    assert one(rows, year=2022, flow="export", period="annual", partner="BLR") == (3_942_560_123, "exact")
    assert one(rows, year=2023, flow="export", period="annual", partner="BLR") == (6_610_245_567.5, "about")
    assert set(rows["reporter"]) == {"CHN"}  # 'China,P.R.: Mainland', the older spelling


def test_portal_series_months_are_their_own_periods_quarters_and_balances_noted() -> None:
    rows = read_download(SERIES)
    assert one(rows, year=2024, flow="export", period="Feb") == (499_000_000, "exact")
    assert one(rows, year=2024, flow="import", period="Jan") == (133_000_000, "exact")
    notes = " ".join(rows.attrs["notes"])
    assert "1 quarterly value(s)" in notes and "Trade Balance" in notes
    assert "balance" not in set(rows["flow"])


def test_portal_world_is_an_aggregate() -> None:
    rows = read_download(SERIES)
    assert set(countries_only(rows)["partner"]) == {"BLR"}


def test_portal_panel_one_column_per_indicator() -> None:
    rows = read_download(PANEL)
    assert one(rows, year=2019, flow="export", period="annual") == (672_148_680, "exact")
    assert one(rows, year=2020, flow="import", period="annual") == (4_189_015_240, "exact")
    assert one(rows, year=2020, flow="export", period="May") == (51_200_000, "exact")
    assert set(rows["reporter"]) == {"BLR"} and set(rows["partner"]) == {"CHN"}
    assert any("Trade Balance" in note for note in rows.attrs["notes"])


def test_portal_unknown_country_is_reported_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "series.csv"
    path.write_text(SERIES.read_text().replace('"World","001"', '"Wakanda","999"'))
    with pytest.raises(DataError) as err:
        read_download(path)
    problem = err.value.problems[0]
    assert (problem.line, problem.column, problem.value) == (6, "Counterpart Country Name", "Wakanda")


def test_dots_sheet_saved_as_csv_takes_reporter_units_and_flow_from_its_title_lines() -> None:
    found = sniff(TITLED)
    assert found.header_line == 6 and found.meta["units"] == "US Dollars, Millions"
    rows = read_download(TITLED)
    assert one(rows, year=1992) == (33_950_000, "exact")  # 33.95 millions, exactly
    assert set(rows["reporter"]) == {"CHN"} and set(rows["valuation"]) == {"FOB"}
    assert set(rows["partner"]) == {"BLR"}  # 'Belarus' (older) and 'Belarus, Rep. of' (newer) are one country


@pytest.mark.parametrize(
    "name", ["China,P.R.: Mainland", "China, P.R.: Mainland", "China,  P.R.:Mainland", "Belarus, Rep. of", "Belarus"]
)
def test_old_and_new_imf_spellings_are_one_country(tmp_path: Path, name: str) -> None:
    path = tmp_path / "dots.csv"
    path.write_text(f'reporter,partner,units,sheet,2019\n"{name}",World,"US Dollars, Millions","Exports, FOB",1.5\n')
    assert read_download(path)["reporter"].iloc[0] in {"CHN", "BLR"}


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("error_no_data.csv", "a saved message, not data: 'No data matches your query'"),
        ("error_api.json", "a JSON document (an API response)"),
        ("error_page.html", "an HTML page"),
    ],
)
def test_saved_error_pages_are_named_as_such(name: str, says: str) -> None:
    with pytest.raises(DataError) as err:
        read_download(FIXTURES / name)
    assert says in str(err.value) and "unknown layout" not in str(err.value)
