"""World-context charts, inspected through their artists: titles, labels, line and bar data, source footers."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis import ArgumentError, load_dots
from analysis.plots import footer_text
from analysis.plots.world import (
    importer_medians_chart,
    mirror_distribution_chart,
    partner_rank_chart,
    trade_intensity_chart,
)
from analysis.style import REPORTER_COLOURS
from analysis.world import (
    importer_medians,
    mirror_distribution,
    mirror_percentile,
    partner_shares,
    trade_intensity,
)

IMF = "Source: IMF, Direction of Trade Statistics"


@pytest.fixture(scope="module")
def dots() -> pd.DataFrame:
    return load_dots()  # about 3 s: once per module


@pytest.fixture(scope="module")
def blr_shares(dots) -> pd.DataFrame:
    return partner_shares(dots, "BLR")


@pytest.fixture(scope="module")
def dist2019(dots) -> pd.DataFrame:
    return mirror_distribution(dots, 2019)


@pytest.fixture(scope="module")
def medians2019(dots) -> pd.DataFrame:
    return importer_medians(dots, 2019)


def line_data(line) -> dict[int, float]:
    x, y = line.get_data()
    return {int(a): float(b) for a, b in zip(x, y, strict=True)}


def footer(fig) -> str:
    """The footer with its line wrapping undone."""
    return " ".join(footer_text(fig).split())


def legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


# --- partner rank and share ---------------------------------------------------------------------------------


def test_rank_chart_two_panels_rank_inverted_share_in_percent(blr_shares, sources):
    fig = partner_rank_chart(blr_shares, "CHN", sources)
    rank_ax, share_ax = fig.axes
    assert rank_ax.get_title(loc="left") == (
        "China among Belarus's trading partners: rank and share (Belarus-reported)"
    )
    low, high = rank_ax.get_ylim()
    assert low > high and high < 1  # inverted: rank 1 at the top
    ranks = line_data(rank_ax.get_lines()[0])
    assert (ranks[1995], ranks[2005], ranks[2015], ranks[2020]) == (26, 7, 3, 3)
    shares = line_data(share_ax.get_lines()[0])
    assert shares[1995] == pytest.approx(0.00335, abs=5e-6)
    assert shares[2020] == pytest.approx(0.0720, abs=5e-5)
    assert share_ax.yaxis.get_major_formatter()(0.072, 0) == "7.2%"
    assert "share of Belarus's total trade" in share_ax.get_ylabel()
    assert legend_texts(rank_ax) == ["rank: 19th of 101 in 1992, 3rd of 187 partners in 2020"]
    assert rank_ax.get_lines()[0].get_color() == REPORTER_COLOURS["BLR"]  # the colour of whose statistics


def test_rank_chart_footer_cites_the_matrix_and_says_what_is_ranked(blr_shares, sources):
    text = footer(partner_rank_chart(blr_shares, "CHN", sources))
    assert IMF in text
    assert "'not specified' rows are not ranked" in text and "the same with World" in text


def test_rank_chart_accepts_the_imf_name_and_the_other_side(dots, sources):
    fig = partner_rank_chart(partner_shares(dots, "CHN"), "Belarus, Rep. of", sources)
    rank_ax, share_ax = fig.axes
    assert "(China-reported)" in rank_ax.get_title(loc="left")
    assert line_data(share_ax.get_lines()[0])[2020] == pytest.approx(0.000645, abs=5e-7)
    assert rank_ax.get_lines()[0].get_color() == REPORTER_COLOURS["CHN"]


def test_rank_chart_into_a_given_axes_uses_a_twin_axis_for_the_share(blr_shares, sources):
    fig, ax = plt.subplots()
    out = partner_rank_chart(blr_shares, "CHN", sources, ax=ax)
    assert out is fig
    assert len(fig.axes) == 2  # the given axes and its twin
    bars = fig.axes[1].patches
    years = [round(b.get_x() + b.get_width() / 2) for b in bars]
    assert bars[years.index(2020)].get_height() == pytest.approx(0.0720, abs=5e-5)
    assert "share (right axis)" in legend_texts(ax)
    assert footer_text(fig).endswith("Direction of Trade Statistics")


def test_rank_chart_breaks_the_line_at_missing_years(blr_shares, sources):
    gappy = blr_shares[blr_shares["year"] != 2000]
    ranks = line_data(partner_rank_chart(gappy, "CHN", sources).axes[0].get_lines()[0])
    assert np.isnan(ranks[2000]) and ranks[1999] == 9


def test_points_using_an_imf_estimate_are_hollow(blr_shares, dots, sources):
    flagged = blr_shares.assign(is_estimate=blr_shares["year"] == 2019)
    ax = partner_rank_chart(flagged, "CHN", sources).axes[0]
    hollow = next(line for line in ax.get_lines() if line.get_label() == "uses an IMF estimate")
    assert line_data(hollow) == {2019: 3.0} and hollow.get_markerfacecolor() == "white"
    assert "uses an IMF estimate" in legend_texts(ax)
    table = trade_intensity(dots, "CHN", "BLR")
    ax = trade_intensity_chart(table.assign(is_estimate=table["year"] == 2000), "CHN", "BLR", sources).axes[0]
    assert "uses an IMF estimate" in legend_texts(ax)


def test_rank_chart_errors(blr_shares, dots, sources):
    with pytest.raises(ArgumentError, match="nothing to plot"):
        partner_rank_chart(blr_shares.iloc[:0], "CHN", sources)
    with pytest.raises(ArgumentError, match="not among the partners of BLR"):
        partner_rank_chart(blr_shares, "XXX", sources)
    with pytest.raises(ArgumentError, match="one reporter"):
        partner_rank_chart(pd.concat([blr_shares, partner_shares(dots, "CHN")]), "RUS", sources)
    with pytest.raises(ArgumentError, match="ISO3 code"):
        partner_rank_chart(blr_shares, "", sources)


# --- trade intensity ----------------------------------------------------------------------------------------


def test_trade_intensity_chart_line_one_line_and_whose_exports(dots, sources):
    table = trade_intensity(dots, "CHN", "BLR")
    fig = trade_intensity_chart(table, "CHN", "BLR", sources)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Trade intensity of China's exports to Belarus (China-reported)"
    assert ax.get_yscale() == "log"
    series, one = ax.get_lines()[:2]
    values = line_data(series)
    assert values[2020] == pytest.approx(table.set_index("year").loc[2020, "intensity"])
    assert set(one.get_ydata()) == {1.0}
    assert "China's exports to Belarus (China-reported)" in legend_texts(ax)
    assert ax.yaxis.get_major_formatter()(0.5, 0) == "0.5"
    text = footer(fig)
    assert IMF in text and "all reporters' exports to Belarus" in text


def test_trade_intensity_chart_rejects_a_table_of_another_pair(dots, sources):
    table = trade_intensity(dots, "CHN", "BLR")
    with pytest.raises(ArgumentError, match="the table is for CHN -> BLR, not BLR -> CHN"):
        trade_intensity_chart(table, "BLR", "CHN", sources)
    with pytest.raises(ArgumentError, match="nothing to plot"):
        trade_intensity_chart(table.iloc[:0], "CHN", "BLR", sources)


# --- mirror distribution ------------------------------------------------------------------------------------


def test_mirror_distribution_histogram_on_a_ratio_axis_with_pairs_marked(dist2019, sources):
    fig = mirror_distribution_chart(dist2019, [("CHN", "BLR"), ("BLR", "CHN")], sources, min_value_musd=10)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    assert ax.xaxis.get_major_formatter()(1.0, 0) == "1×"
    assert "2019" in ax.get_title(loc="left")
    counts = [p.get_height() for p in ax.patches]
    n_bins = len(counts) // 2  # all pairs, then the >= US$10M subset
    assert sum(counts[:n_bins]) == len(dist2019)  # every pair is counted, outliers in the outer bins
    assert sum(counts[n_bins:]) == 8471
    assert legend_texts(ax) == ["all 19,912 pairs", "8,471 pairs with both sides ≥ US$10 million"]
    vertical = {round(float(line.get_xdata()[0]), 3) for line in ax.get_lines()}
    assert vertical == {1.0, 2.142, 1.358}
    labels = [t.get_text() for t in ax.texts]
    china = next(t for t in labels if t.startswith("China → Belarus"))
    assert china == "China → Belarus: 2.14×\nabove 76% of all pairs,\n91% of pairs ≥ US$10 million"
    assert any(t.startswith("Belarus → China: 1.36×") for t in labels)
    text = footer(fig)
    assert IMF in text and "pairs beyond 0.001×–1000× are counted in the outer bins" in text


def test_mirror_distribution_marks_colour_by_importer_and_accept_positions(dots, dist2019, sources):
    position = mirror_percentile(dots, "CHN", "BLR", 2019, min_value_musd=10)
    fig = mirror_distribution_chart(dist2019, [position], sources)
    ax = fig.axes[0]
    assert len(ax.patches) == 60  # six decades, ten bins each, no subset drawn
    mark = [line for line in ax.get_lines() if line.get_xdata()[0] != 1.0]
    assert [line.get_color() for line in mark] == [REPORTER_COLOURS["BLR"]]  # Belarus's statistics
    assert f"above {round(position.percentile)}% of all pairs" in ax.texts[0].get_text()


def test_mirror_distribution_errors(dist2019, dots, sources):
    with pytest.raises(ArgumentError, match="no mirror ratio for CHN -> XXX"):
        mirror_distribution_chart(dist2019, [("CHN", "XXX")], sources)
    with pytest.raises(ArgumentError, match="one year"):
        mirror_distribution_chart(pd.concat([dist2019, mirror_distribution(dots, 2018)]), [], sources)
    with pytest.raises(ArgumentError, match="nothing to plot"):
        mirror_distribution_chart(dist2019.iloc[:0], [], sources)
    with pytest.raises(ArgumentError, match="limits"):
        mirror_distribution_chart(dist2019, [], sources, limits=(2.0, 10.0))
    with pytest.raises(ArgumentError, match="min_value_musd"):
        mirror_distribution_chart(dist2019, [], sources, min_value_musd=-1)
    with pytest.raises(ArgumentError, match="each mark"):
        mirror_distribution_chart(dist2019, ["CHN"], sources)


# --- importer medians ---------------------------------------------------------------------------------------


def test_importer_medians_bars_sorted_with_the_highlight_coloured(medians2019, sources):
    fig = importer_medians_chart(medians2019, "BLR", sources, year=2019)
    ax = fig.axes[0]
    bars = ax.patches
    assert len(bars) == 25
    widths = [b.get_width() for b in bars]
    assert widths == sorted(widths, reverse=True)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    blr = labels.index("6. Belarus")
    assert widths[blr] == pytest.approx(2.176, abs=5e-4)
    assert matplotlib.colors.to_hex(bars[blr].get_facecolor()) == REPORTER_COLOURS["BLR"]
    assert len({matplotlib.colors.to_hex(b.get_facecolor()) for b in bars}) == 2
    assert "2019" in ax.get_title(loc="left") and "174 importers with at least 50 mirror pairs" in ax.get_title(
        loc="left"
    )
    assert legend_texts(ax) == ["median importer: 1.14×"]
    assert IMF in footer_text(fig)


def test_importer_medians_adds_the_highlight_below_the_top(medians2019, sources):
    ax = importer_medians_chart(medians2019, "CHN", sources, top=5).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 6 and labels[-1].endswith(". China") and labels[0].startswith("1. ")
    assert int(labels[-1].split(".")[0]) > 6


def test_importer_medians_errors(medians2019, sources):
    with pytest.raises(ArgumentError, match="not an importer"):
        importer_medians_chart(medians2019, "XXX", sources)
    with pytest.raises(ArgumentError, match="fewer than min_pairs"):
        importer_medians_chart(medians2019, "BLR", sources, min_pairs=500)
    with pytest.raises(ArgumentError, match="top must be"):
        importer_medians_chart(medians2019, "BLR", sources, top=0)
    with pytest.raises(ArgumentError, match="nothing to plot"):
        importer_medians_chart(medians2019.iloc[:0], "BLR", sources)


# --- house rules --------------------------------------------------------------------------------------------


def test_charts_leave_global_rcparams_alone(blr_shares, dist2019, medians2019, sources):
    before = dict(matplotlib.rcParams)
    partner_rank_chart(blr_shares, "CHN", sources)
    mirror_distribution_chart(dist2019, [("CHN", "BLR")], sources)
    importer_medians_chart(medians2019, "BLR", sources)
    assert dict(matplotlib.rcParams) == before



def test_the_old_module_name_still_gives_the_same_charts():
    from analysis import plots, plots_world

    assert plots_world.partner_rank_chart is partner_rank_chart is plots.partner_rank_chart
    assert set(plots_world.__all__) <= set(plots.__all__)
