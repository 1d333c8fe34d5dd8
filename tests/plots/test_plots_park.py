"""analysis.plots.park: dated observations as a step line or as dots, hedges and conflicts marked."""

from __future__ import annotations

import pytest

from analysis import ArgumentError, load_park, plots
from analysis.park import residents


def test_observations_chart_marks_hedges(sources):
    from analysis.load import load_exchanges
    from analysis.park import residents

    frame = residents(load_exchanges(), metric="chinese_students_in_belarus")
    fig = plots.observations(frame, sources, "Students", "students")
    assert [t.get_text() for t in fig.axes[0].texts].count("▲") == 3


def test_park_residents_is_a_step_line_with_conflicts_marked(sources):
    series = residents(load_park())
    fig = plots.park_residents(series, sources)
    lines = {line.get_label(): line for line in fig.axes[0].get_lines()}
    assert lines["last reported count (held until the next report)"].get_drawstyle() == "steps-post"
    assert len(lines["reported count"].get_xdata()) == len(series)
    assert len(lines["sources disagree (same date)"].get_xdata()) == int(series["conflict"].sum())
    assert plots.footer_text(fig).startswith("Source:")


def test_empty_observations_are_errors(sources):
    empty = residents(load_park()).iloc[:0]
    with pytest.raises(ArgumentError, match="no resident observations"):
        plots.park_residents(empty, sources)
    with pytest.raises(ArgumentError, match="no observations"):
        plots.observations(empty, sources, "t", "y")
