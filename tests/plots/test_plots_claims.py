"""analysis.plots.claims: the fact-check chart (artists inspected, not pixels)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis import ArgumentError, plots
from analysis.plots.claims import VERDICT_MARKERS


@pytest.fixture(scope="module")
def results() -> pd.DataFrame:
    from analysis.claims import check_claims

    return check_claims()


@pytest.fixture
def chart(results, sources):
    fig = plots.claims_chart(results, sources, data_source_ids=["imf-dots-chn"])
    fig.canvas.draw()
    yield fig
    plt.close(fig)


def test_y_labels_are_readable_claim_labels(chart, results):
    labels = [t.get_text() for t in chart.axes[0].get_yticklabels()]
    assert "Belarusian state TV narrative: 2019 total, over US$4.50 billion" in labels
    assert "the article (author not named): multiple 1992→2022, nearly 83×" in labels
    assert not any(label in set(results["claim_id"]) for label in labels)
    assert not any("students" in label for label in labels)  # not checkable: not drawn
    assert plots.footer_text(chart).startswith("Source: IMF, Direction of Trade Statistics")


def test_verdicts_differ_in_shape_as_well_as_colour(chart):
    ax = chart.axes[0]
    legend = ax.get_legend()
    shown = [t.get_text() for t in legend.get_texts()]
    assert shown == list(VERDICT_MARKERS)
    paths = [tuple(map(tuple, np.round(h.get_paths()[0].vertices, 3))) for h in legend.legend_handles]
    colours = [tuple(h.get_facecolor()[0]) for h in legend.legend_handles]
    assert len(set(paths)) == len(paths) and len(set(colours)) == len(colours)


def test_the_legend_covers_no_point_and_the_1x_line_misses_it(chart):
    ax = chart.axes[0]
    box = ax.get_legend().get_window_extent()
    axes_box = ax.get_window_extent()
    assert box.x0 >= axes_box.x1  # outside the plotting area, right of it
    for collection in ax.collections:
        for x, y in ax.transData.transform(collection.get_offsets()) if len(collection.get_offsets()) else []:
            assert not box.contains(x, y)
    (line,) = [ln for ln in ax.get_lines() if list(ln.get_xdata()) == [1.0, 1.0]]
    x = ax.transData.transform((1.0, 0))[0]
    assert x < box.x0 and line.get_xdata()[0] == 1.0


def test_the_figure_of_the_side_used_is_plotted_and_named(chart, results):
    ax = chart.axes[0]
    row = results.set_index("claim_id").loc["newsby-2019-over"]  # Belarus's 4.481bn, not China's 2.69bn
    points = np.concatenate([c.get_offsets() for c in ax.collections if len(c.get_offsets())])
    assert np.isclose(points[:, 0], 4.481e9 / 4.5e9, rtol=1e-3).any()
    assert row["side"] == "BLR"
    names = {t.get_text() for t in ax.texts}
    assert names == {"China", "Belarus"}


def test_claims_chart_needs_a_checkable_claim(sources):
    results = pd.DataFrame({"verdict": ["not checkable"], "computed": [float("nan")], "value": [1.0]})
    with pytest.raises(ArgumentError, match="no claim could be checked"):
        plots.claims_chart(results, sources)
