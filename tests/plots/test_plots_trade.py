"""analysis.plots.trade: a pair's trade charts, inspected through their artists (titles, labels, line data, footers)."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import ArgumentError, plots
from analysis.growth import base_year_sensitivity
from analysis.mirror import mirror_table
from analysis.series import annual_series, as_values, both_sides


def labels(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_trade_over_time_says_whose_data_and_cites_it(trade, sources):
    fig = plots.trade_over_time(both_sides(trade, "CHN", "BLR"), sources)
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    assert "as each side reports it" in ax.get_title(loc="left")
    assert "China-reported (IMF DOTS)" in labels(fig)
    assert "Belarus-reported (official statements)" in labels(fig)
    footer = plots.footer_text(fig)
    assert footer.startswith("Source: IMF, Direction of Trade Statistics")
    china = next(line for line in ax.get_lines() if line.get_label() == "China-reported (IMF DOTS)")
    x, y = china.get_data()
    assert x[0] == 1992
    assert y[0] == pytest.approx(60.811e6)
    assert ax.yaxis.get_major_formatter()(1e9, 0) == "$1bn"


def test_statements_are_drawn_as_markers_not_joined_to_the_imf_line(trade, sources):
    fig = plots.trade_over_time(both_sides(trade, "CHN", "BLR"), sources)
    lines = {line.get_label(): line for line in fig.axes[0].get_lines()}
    said = lines["China-reported (official statements)"]
    assert said.get_linestyle() == "None"
    assert 2022 in list(said.get_xdata())
    assert max(lines["China-reported (IMF DOTS)"].get_xdata()) == 2020


def test_events_are_annotated_and_cited(trade, sources):
    events = pd.DataFrame(
        {"date": ["1992-01", "2015-05-12"], "label": ["Relations", "Xi visit"], "source_id": ["imf-dots-chn"] * 2}
    )
    fig = plots.trade_over_time(both_sides(trade, "CHN", "BLR"), sources, events=events)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["Relations", "Xi visit"]


def test_mirror_ratio_chart(trade, sources):
    fig = plots.mirror_ratio(mirror_table(trade, "CHN", "BLR"), sources)
    assert any("Belarus-reported imports ÷ China-reported exports" in label for label in labels(fig))
    assert "CIF" in plots.footer_text(fig)


def test_exports_imports_chart(trade, sources):
    frame = pd.concat([both_sides(trade, "CHN", "BLR", "export"), both_sides(trade, "CHN", "BLR", "import")])
    fig = plots.exports_imports(frame, sources)
    assert "China's exports to Belarus (FOB)" in labels(fig)
    assert "Belarus's imports from China (CIF)" in labels(fig)


def test_base_year_chart(trade, sources):
    china = annual_series(trade, "CHN", "BLR")
    table = base_year_sensitivity(as_values(china), 2022, [1992, 1995, 2000])
    fig = plots.base_year_sensitivity(table, "CHN", 2022, sources, ["imf-dots-chn"])
    heights = [bar.get_height() for bar in fig.axes[0].patches]
    assert heights[0] == pytest.approx(table["cagr"].iloc[0] * 100)


def test_drawing_into_a_given_axes(trade, sources):
    fig, ax = plt.subplots()
    out = plots.mirror_ratio(mirror_table(trade, "CHN", "BLR"), sources, ax=ax)
    assert out is fig
    assert plots.footer_text(fig)


def test_global_rcparams_are_untouched(trade, sources):
    before = dict(matplotlib.rcParams)
    plots.trade_over_time(both_sides(trade, "CHN", "BLR"), sources)
    assert dict(matplotlib.rcParams) == before


def test_empty_input_is_an_error(sources):
    empty = pd.DataFrame(columns=["year", "reporter", "value", "valuation", "qualifier", "source_id"])
    with pytest.raises(ArgumentError, match="nothing to plot"):
        plots.trade_over_time(empty, sources)
