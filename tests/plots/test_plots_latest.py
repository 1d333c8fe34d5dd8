"""The monthly chart: months as first published (bars) and the cumulative value (one line per year), in yuan."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import ArgumentError
from analysis.load import load_gacc
from analysis.plots import footer_text
from analysis.plots import latest as charts


@pytest.fixture(scope="module")
def gacc() -> pd.DataFrame:
    return load_gacc()


def test_bars_are_the_months_as_first_published_and_lines_the_cumulative_values(gacc, sources):
    fig = charts.monthly_chart(gacc, "BLR", sources)
    ax, right = fig.axes
    rows = gacc[(gacc["partner"] == "BLR") & (gacc["flow"] == "total")].sort_values("period")
    heights = [bar.get_height() for bar in ax.patches]
    assert heights == rows["month_value"].tolist() and len(heights) == 31
    lines = {line.get_label(): line for line in right.get_lines()}
    assert sorted(lines) == ["cumulative 2024", "cumulative 2025", "cumulative 2026"]
    assert lines["cumulative 2025"].get_ydata()[-1] == 63_302_042_520  # December: the full year
    title = ax.get_title(loc="left")
    assert "yuan" in title and "China customs' statistics" in title
    assert "billion yuan" in ax.get_ylabel() and "cumulative" in right.get_ylabel()
    assert ax.yaxis.get_major_formatter()(5e9, 0) == "5"


def test_the_footer_names_gacc_and_says_the_values_are_not_converted(gacc, sources):
    text = footer_text(charts.monthly_chart(gacc, "RUS", sources))
    assert text.startswith("2024-01 to 2026-07; current prices, not converted")
    assert "General Administration of Customs" in text


def test_a_partner_the_table_does_not_hold_is_named(gacc, sources):
    with pytest.raises(ArgumentError, match="no total rows for partner 'THA'"):
        charts.monthly_chart(gacc, "THA", sources)


def test_it_draws_into_the_callers_axes(gacc, sources):
    fig, ax = plt.subplots()
    assert charts.monthly_chart(gacc, "BLR", sources, ax=ax) is fig


def test_growth_chart_draws_printed_minus_recomputed_in_points(gacc, sources):
    from analysis import months

    fig = charts.growth_chart(gacc, "RUS", sources)
    (ax,) = fig.axes
    heights = [bar.get_height() for bar in ax.patches]
    want = (months.growth_table(gacc, "RUS")["difference"] * 100).tolist()
    assert heights == pytest.approx(want) and len(heights) == 19  # 2025-01 to 2026-07
    assert ax.get_ylabel() == "percentage points" and "minus the recomputed one" in ax.get_title(loc="left")
    assert "revised prior-year figures" in footer_text(fig)


def test_growth_chart_needs_a_year_earlier(gacc, sources):
    with pytest.raises(ArgumentError, match="no period of 'BLR' has a bulletin a year earlier"):
        charts.growth_chart(gacc[gacc["period"] < "2025-01"], "BLR", sources)
