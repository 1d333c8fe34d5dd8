"""The revision band: measured in China customs' monthly tables (properties and error paths)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.claims import gacc_revisions, load_gacc_table, revision_band
from analysis.errors import ArgumentError

months = st.lists(st.floats(min_value=1.0, max_value=1e9, allow_nan=False), min_size=2, max_size=12)


def _table(month_values: list[float], ytd: list[float]) -> pd.DataFrame:
    periods = [f"2024-{m:02d}" for m in range(1, len(month_values) + 1)]
    return pd.DataFrame(
        {"period": periods, "partner": "BLR", "flow": "total", "month_value": month_values, "ytd_value": ytd}
    )


@given(months)
def test_no_revision_when_the_cumulative_value_is_the_sum_of_the_months(values):
    table = _table(values, list(pd.Series(values).cumsum()))
    assert revision_band(table).fraction == pytest.approx(0.0, abs=1e-12)


@given(months, st.floats(min_value=1e-3, max_value=1e3), st.floats(min_value=0.0, max_value=0.05))
def test_the_band_does_not_depend_on_the_unit(values, scale, bump):
    ytd = list(pd.Series(values).cumsum() * (1 + bump))
    ytd[0] = values[0]
    one = revision_band(_table(values, ytd)).fraction
    scaled = revision_band(_table([v * scale for v in values], [v * scale for v in ytd])).fraction
    assert scaled == pytest.approx(one, rel=1e-9, abs=1e-12)


def test_a_revision_is_measured_against_the_later_cumulative_value():
    revisions = gacc_revisions(_table([100.0, 50.0, 10.0], [100.0, 151.0, 160.0]))
    assert list(revisions["period"]) == ["2024-02", "2024-03"]
    assert revisions["revision"].tolist() == pytest.approx([1 / 151, 1 / 160])


def test_the_bundled_research_table_gives_the_published_maximum():
    revisions = gacc_revisions(load_gacc_table())
    assert len(revisions) == 252  # 28 months after a January, 9 series
    assert revisions["revision"].max() == pytest.approx(0.006549, abs=1e-6)
    assert revisions.loc[revisions["partner"] == "BLR", "revision"].max() == pytest.approx(0.001137, abs=1e-6)


def test_missing_columns_are_an_argument_error():
    with pytest.raises(ArgumentError, match="missing ytd_value"):
        gacc_revisions(_table([1.0], [1.0]).drop(columns="ytd_value"))


def test_a_table_of_januaries_has_nothing_to_measure():
    with pytest.raises(ArgumentError, match="no cumulative value after January"):
        revision_band(_table([1.0], [1.0]))


def test_a_missing_table_names_the_file(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match=r"nothing\.csv is missing"):
        load_gacc_table(tmp_path / "nothing.csv")
