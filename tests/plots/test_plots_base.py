"""analysis.plots.base: footers, axes helpers, gaps kept as gaps, deterministic saving."""

from __future__ import annotations

import hashlib

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import ArgumentError, plots
from analysis.plots import base
from analysis.series import both_sides


def test_save_figure_is_deterministic(trade, sources, tmp_path):
    def digest() -> list[str]:
        fig = plots.trade_over_time(both_sides(trade, "CHN", "BLR"), sources)
        paths = plots.save_figure(fig, "headline", tmp_path)
        plt.close(fig)
        return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]

    first = digest()
    assert digest() == first
    svg = (tmp_path / "headline.svg").read_text()
    assert "<dc:date>" not in svg
    assert b"Software" not in (tmp_path / "headline.png").read_bytes()[:2000]


def test_save_figure_rejects_paths(trade, sources, tmp_path):
    fig = plots.trade_over_time(both_sides(trade, "CHN", "BLR"), sources)
    with pytest.raises(ArgumentError, match="plain file stem"):
        plots.save_figure(fig, "../escape", tmp_path)


def test_money_and_ratio_ticks():
    money = [base.short_money(v) for v in (0, 950, 60e3, 1.5e6, 12e6, 2e9)]
    assert money == ["", "$950", "$60k", "$1.5m", "$12m", "$2bn"]
    assert [base.ratio_tick(v) for v in (-1, 0, 0.001, 0.5, 1, 20)] == ["", "", "0.001×", "0.5×", "1×", "20×"]


def test_full_years_keeps_gaps_as_missing():
    frame = pd.DataFrame({"year": [2003, 2000, 2001], "value": [3.0, 1.0, 2.0], "share": [0.3, 0.1, 0.2]})
    values = base.full_years(frame)
    assert values.index.tolist() == [2000, 2001, 2002, 2003]
    assert values.tolist()[:2] == [1.0, 2.0] and pd.isna(values[2002]) and values[2003] == 3.0
    assert base.full_years(frame, "share")[2003] == 0.3
    assert base.full_years(frame.iloc[:0]).empty


def test_log_ratio_axis_and_footer_errors():
    fig, ax = plt.subplots()
    axis = base.log_ratio_axis(ax, "x")
    assert ax.get_xscale() == "log" and axis.get_major_formatter()(2.0, 0) == "2×"
    with pytest.raises(ArgumentError, match="which must be 'x' or 'y'"):
        base.log_ratio_axis(ax, "z")
    with pytest.raises(ArgumentError, match="no source footer"):
        plots.footer_text(fig)


def test_a_footer_note_comes_before_the_sources(sources):
    fig, _ = base.new_axes(None)
    base.add_footer(fig, ["imf-dots-chn"], sources, note="1× = both agree.")
    assert plots.footer_text(fig).startswith("1× = both agree.\nSource: IMF, Direction of Trade Statistics")
