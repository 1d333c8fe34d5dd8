"""Charts of one pair of countries in world context, from the IMF DOTS matrix (``analysis.world``).

Same contract as every chart (``analysis.plots.base``): every function draws inside ``house_style()``, takes an optional
``ax``, returns the ``Figure``, never calls ``plt.show()``/``savefig`` or changes global rcParams, says in
its title whose statistics it shows and gets a 'Source:' footer built from the matrix's source id
(``imf-dots-matrix`` in ``data/sources.csv``). Colours follow the house rule: a series has the colour of
the country whose statistics it is (China red, Belarus blue).

- ``partner_rank_chart``: a partner's rank and share in one reporter's trade, over time;
- ``trade_intensity_chart``: the trade intensity index of a reporter's exports to a partner, over time;
- ``mirror_distribution_chart``: the mirror ratios of all pairs of one year, with chosen pairs marked;
- ``importer_medians_chart``: the median mirror ratio of each importer, one importer highlighted.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, MaxNLocator, NullFormatter, PercentFormatter

from analysis import formatting as fmt
from analysis.errors import ArgumentError
from analysis.narrate import whose
from analysis.plots.base import add_footer, full_years, hollow_points, new_axes, ratio_tick
from analysis.style import MUTED, colour, house_style
from analysis.world import MirrorPosition

__all__ = [
    "ALL_PAIRS_COLOUR",
    "DOTS_SOURCE",
    "INTENSITY_NOTE",
    "MIRROR_NOTE",
    "RANK_NOTE",
    "Mark",
    "importer_medians_chart",
    "mirror_distribution_chart",
    "partner_rank_chart",
    "trade_intensity_chart",
]

DOTS_SOURCE = "imf-dots-matrix"
ALL_PAIRS_COLOUR = "#cfcfcf"
RANK_NOTE = (
    "Rank among the partners with trade > 0 (countries only: regions, World and 'not specified' rows are not "
    "ranked). Share = exports FOB + imports CIF with the partner ÷ the same with World, both as the reporter "
    "publishes them."
)
INTENSITY_NOTE = (
    "Index = ({r} exports to {p} ÷ {r} exports to World) ÷ (all reporters' exports to {p} ÷ all reporters' "
    "exports to World), all exports FOB as each exporter reports them."
)
MIRROR_NOTE = (
    "Each pair: the importer's imports CIF from the exporter ÷ the exporter's exports FOB to it, each as that "
    "country reports it to the IMF (economies only, no IMF estimates). 1× = both agree; CIF adds freight and insurance."
)


def _dots_footer(fig: Figure, sources: pd.DataFrame, note: str) -> None:
    """The 'Source:' footer for the DOTS matrix, under a note wrapped to the footer's width."""
    add_footer(fig, [DOTS_SOURCE], sources, note=textwrap.fill(note, width=150))


def _name(iso3: object, imf_name: object) -> str:
    """A short display name where the package has one ('Belarus'), else the IMF name."""
    code = "" if pd.isna(iso3) else str(iso3)  # type: ignore[arg-type]
    return fmt.COUNTRY_NAMES.get(code, str(imf_name))


def _one(frame: pd.DataFrame, column: str, what: str) -> str:
    values = frame[column].astype("str").unique()
    if len(values) != 1:
        raise ArgumentError(f"expected the table of one {what}, got {len(values)} ({', '.join(sorted(values))})")
    return str(values[0])


def _code(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ArgumentError(f"{what} must be an ISO3 code such as 'BLR' or an IMF name, got {value!r}")
    return value.strip()


def _match(frame: pd.DataFrame, side: str, code: str) -> np.ndarray:
    """Rows whose ``side`` is this ISO3 code (any case) or exact IMF name."""
    return (frame[f"{side}_iso3"].astype("str") == code.upper()).to_numpy() | (
        frame[f"{side}_name"].astype("str") == code
    ).to_numpy()


def _estimates(ax: Axes, years: pd.Index, values: np.ndarray, flags: pd.Series, c: str) -> list[Line2D]:
    """Hollow markers on the points that use an IMF estimate (the new line, or nothing)."""
    marked = flags.reindex(years, fill_value=False).to_numpy(dtype=bool)
    if not marked.any():
        return []
    return hollow_points(ax, years[marked], values[marked], c, "uses an IMF estimate")


# --- rank and share of a partner ----------------------------------------------------------------------------


def partner_rank_chart(shares: pd.DataFrame, partner: str, sources: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """A partner's rank among one reporter's partners (1 at the top) and its share of the reporter's trade.

    ``shares`` is ``analysis.world.partner_shares(dots, reporter)`` (one reporter: all rows are that
    reporter's own statistics); ``partner`` an ISO3 code or IMF name. Without ``ax`` the figure has two
    panels sharing the year axis: the rank (inverted axis, "of N partners" at the first and last year) and
    the share in percent. With ``ax``, the rank is drawn on it and the share as pale bars on a twin axis.
    Missing years break the lines; points using an IMF estimate are hollow.
    """
    if shares.empty:
        raise ArgumentError("nothing to plot: the partner-shares table is empty")
    reporter = _one(shares, "reporter_iso3", "reporter (analysis.world.partner_shares(dots, reporter))")
    code = _code(partner, "partner")
    rows = shares.loc[_match(shares, "partner", code)].sort_values("year")
    if rows.empty:
        raise ArgumentError(f"{code} is not among the partners of {reporter} in this table")
    ranked = rows.loc[rows["rank"].notna().to_numpy()]
    if ranked.empty:
        raise ArgumentError(
            f"{code} has no rank in {fmt.possessive(reporter)} statistics (never traded, or not a country)"
        )
    name = _name(rows["partner_iso3"].iloc[0], rows["partner_name"].iloc[0])
    rank = full_years(ranked.assign(rank=ranked["rank"].astype("float64")), "rank")
    share = full_years(rows, "share")
    flags = pd.Series(rows["is_estimate"].to_numpy(), index=rows["year"].to_numpy(dtype="int64"))
    c = colour(reporter)
    with house_style():
        if ax is None:
            fig, (rank_ax, share_ax) = plt.subplots(
                2, 1, sharex=True, figsize=(9.0, 6.5), layout="constrained", height_ratios=(1.1, 1.0)
            )
            bars = None
            share_ax.plot(share.index, share.to_numpy(), color=c, marker=".")
            share_ax.set_ylim(bottom=0)
            share_ax.set_xlabel("year")
        else:
            fig, rank_ax = ax.figure, ax
            share_ax = ax.twinx()
            bars = share_ax.bar(
                share.index, share.to_numpy(), color=c, alpha=0.18, width=0.8, zorder=0, label="share (right axis)"
            )
            share_ax.grid(False)
            rank_ax.set_zorder(share_ax.get_zorder() + 1)
            rank_ax.patch.set_visible(False)
            rank_ax.set_xlabel("year")
        share_ax.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=None))
        share_ax.set_ylabel(f"share of {fmt.possessive(reporter)} total trade")

        (line,) = rank_ax.plot(rank.index, rank.to_numpy(), color=c, marker="o", markersize=4)
        estimated = _estimates(rank_ax, rank.index, rank.to_numpy(), flags, c)
        rank_ax.set_ylim(float(np.nanmax(rank.to_numpy())) * 1.08 + 1, 0.5)  # inverted: 1 at the top
        rank_ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6, min_n_ticks=2))
        rank_ax.set_ylabel("rank (1 = largest partner)")
        rank_ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        first, last = ranked.iloc[0], ranked.iloc[-1]
        span = f"{fmt.ordinal(int(last['rank']))} of {int(last['n_ranked'])} partners in {int(last['year'])}"
        if len(ranked) > 1:
            span = f"{fmt.ordinal(int(first['rank']))} of {int(first['n_ranked'])} in {int(first['year'])}, " + span
        line.set_label(f"rank: {span}")
        handles = [line, *estimated, *([bars] if bars is not None else [])]
        rank_ax.legend(handles=handles, fontsize=8, loc="best")
        rank_ax.set_title(
            f"{name} among {fmt.possessive(reporter)} trading partners: rank and share ({whose(reporter)})"
        )
        _dots_footer(fig, sources, RANK_NOTE)
    return fig


# --- trade intensity ----------------------------------------------------------------------------------------


def trade_intensity_chart(
    table: pd.DataFrame, reporter: str, partner: str, sources: pd.DataFrame, ax: Axes | None = None
) -> Figure:
    """The trade intensity index of ``reporter``'s exports to ``partner`` over time, log scale, 1.0 line.

    ``table`` is ``analysis.world.trade_intensity(dots, reporter, partner)``; ``reporter``/``partner`` (ISO3)
    must be the pair it was computed for. The reporter's exports are its own statistics; the world totals
    are the sums of all reporters' own export figures. Missing years break the line; points using an IMF
    estimate are hollow.
    """
    if table.empty:
        raise ArgumentError("nothing to plot: the trade-intensity table is empty")
    reporter, partner = _code(reporter, "reporter"), _code(partner, "partner")
    if not _match(table, "reporter", reporter).all() or not _match(table, "partner", partner).all():
        got = f"{_one(table, 'reporter_iso3', 'reporter')} -> {_one(table, 'partner_iso3', 'partner')}"
        raise ArgumentError(f"the table is for {got}, not {reporter} -> {partner}")
    reporter = str(table["reporter_iso3"].iloc[0])
    partner = str(table["partner_iso3"].iloc[0])
    rows = table.sort_values("year")
    values = full_years(rows, "intensity")
    flags = pd.Series(rows["is_estimate"].to_numpy(), index=rows["year"].to_numpy(dtype="int64"))
    c = colour(reporter)
    p_name = fmt.country(partner)
    with house_style():
        fig, ax = new_axes(ax)
        ax.plot(
            values.index,
            values.to_numpy(),
            color=c,
            marker=".",
            label=f"{fmt.possessive(reporter)} exports to {p_name} ({whose(reporter)})",
        )
        _estimates(ax, values.index, values.to_numpy(), flags, c)
        ax.axhline(
            1.0,
            color="#333333",
            linewidth=1,
            label=f"1 = {p_name} takes the same share of {fmt.possessive(reporter)} exports as of world exports",
        )
        ax.set_yscale("log")
        low, high = float(np.nanmin(values.to_numpy())), float(np.nanmax(values.to_numpy()))
        ax.set_ylim(min(low, 1.0) / 1.4, max(high, 1.0) * 1.4)
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("year")
        ax.set_ylabel("trade intensity index (log scale)")
        ax.set_title(f"Trade intensity of {fmt.possessive(reporter)} exports to {p_name} ({whose(reporter)})")
        ax.legend(fontsize=8, loc="best")
        _dots_footer(fig, sources, INTENSITY_NOTE.format(r=fmt.possessive(reporter), p=p_name))
    return fig


# --- mirror ratios of all pairs -----------------------------------------------------------------------------

Mark = tuple[str, str] | MirrorPosition


def _marked_rows(distribution: pd.DataFrame, marks: Sequence[Mark]) -> list[pd.Series]:
    rows = []
    for mark in marks:
        if isinstance(mark, MirrorPosition):
            exporter, importer = mark.exporter, mark.importer
        elif isinstance(mark, tuple) and len(mark) == 2:
            exporter, importer = (_code(m, "a marked pair's country") for m in mark)
        else:
            raise ArgumentError(f"each mark must be an (exporter, importer) pair or a MirrorPosition, got {mark!r}")
        hit = _match(distribution, "exporter", exporter) & _match(distribution, "importer", importer)
        if not hit.any():
            raise ArgumentError(
                f"no mirror ratio for {exporter} -> {importer} in this distribution "
                "(see analysis.world.mirror_percentile for why a pair is missing)"
            )
        rows.append(distribution.loc[hit].iloc[0])
    return rows


def mirror_distribution_chart(
    distribution: pd.DataFrame,
    marks: Sequence[Mark],
    sources: pd.DataFrame,
    ax: Axes | None = None,
    min_value_musd: float | None = None,
    limits: tuple[float, float] = (1e-3, 1e3),
    bins_per_decade: int = 10,
) -> Figure:
    """Histogram of the mirror ratios of all exporter -> importer pairs of one year, on a log ratio axis.

    ``distribution`` is ``analysis.world.mirror_distribution(dots, year)``. ``marks`` are pairs to mark
    with a vertical line and a label (ratio and percentile: the share of pairs with a lower ratio, as in
    ``mirror_percentile``), given as (exporter, importer) ISO3 codes or ``MirrorPosition`` objects; each is
    coloured as its importer, whose statistics put it above or below 1×. With ``min_value_musd`` the pairs
    where both values are at least that many US$ millions are drawn darker on top (and their percentile is
    added to the labels). Bins are equal in log10 (``bins_per_decade``); ratios beyond ``limits`` are
    counted in the outer bins, and the footer says how many.
    """
    if distribution.empty:
        raise ArgumentError("nothing to plot: the mirror distribution is empty")
    year = int(_one(distribution, "year", "year (analysis.world.mirror_distribution(dots, year))"))
    low, high = limits
    if not 0 < low < 1 < high or bins_per_decade < 1:
        raise ArgumentError(f"limits must satisfy 0 < low < 1 < high, got {limits!r}; bins_per_decade >= 1")
    rows = _marked_rows(distribution, marks)
    ratios = distribution["ratio"].to_numpy(dtype="float64")
    decades = np.log10(high) - np.log10(low)
    edges = np.logspace(np.log10(low), np.log10(high), max(1, round(decades * bins_per_decade)) + 1)
    inside = np.sqrt(edges[:2].prod()), np.sqrt(edges[-2:].prod())  # bin centres of the outer bins
    outside = int(((ratios < low) | (ratios > high)).sum())
    big = None
    if min_value_musd is not None:
        if not min_value_musd > 0:
            raise ArgumentError(f"min_value_musd must be a positive number of US$ millions, got {min_value_musd!r}")
        keep = (distribution["exports_fob_usd_millions"] >= min_value_musd) & (
            distribution["imports_cif_usd_millions"] >= min_value_musd
        )
        big = ratios[keep.to_numpy()]
    threshold = fmt.money(min_value_musd * 1e6, 2) if min_value_musd is not None else ""
    with house_style():
        fig, ax = new_axes(ax)
        ax.hist(
            np.clip(ratios, *inside),
            bins=edges,
            color=ALL_PAIRS_COLOUR,
            label=f"all {fmt.count(len(ratios))} pairs",
        )
        if big is not None:
            ax.hist(
                np.clip(big, *inside),
                bins=edges,
                color=MUTED,
                label=f"{fmt.count(len(big))} pairs with both sides ≥ {threshold}",
            )
        ax.set_xscale("log")
        ax.set_xlim(low, high)
        ax.xaxis.set_major_locator(FixedLocator([v for v in 10.0 ** np.arange(-12, 13) if low <= v <= high]))
        ax.xaxis.set_major_formatter(FuncFormatter(ratio_tick))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.axvline(1.0, color="#333333", linewidth=1)
        top = ax.get_ylim()[1]
        ax.set_ylim(0, top * (1.25 + 0.12 * len(rows)))
        order = sorted(range(len(rows)), key=lambda i: float(rows[i]["ratio"]))
        for k, i in enumerate(order):
            row = rows[i]
            r = float(row["ratio"])
            importer = str(row["importer_iso3"])
            c = colour(importer, [str(x["importer_iso3"]) for x in rows])
            ax.axvline(r, color=c, linewidth=1.8)
            text = (
                f"{_name(row['exporter_iso3'], row['exporter_name'])} → {_name(importer, row['importer_name'])}: "
                f"{fmt.ratio(r, 2)}\nabove {fmt.percent(float(np.mean(ratios < r)), 0)} of all pairs"
            )
            if big is not None and len(big):
                text += f",\n{fmt.percent(float(np.mean(big < r)), 0)} of pairs ≥ {threshold}"
            left = k < len(rows) / 2 and len(rows) > 1
            ax.annotate(
                text,
                xy=(r, 0.97 - 0.16 * (k // 2)),
                xycoords=("data", "axes fraction"),
                xytext=(-5 if left else 5, 0),
                textcoords="offset points",
                ha="right" if left else "left",
                va="top",
                fontsize=8,
                color=c,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.5},
            )
        ax.set_xlabel("importer-reported imports ÷ exporter-reported exports (log scale)")
        ax.set_ylabel("number of exporter → importer pairs")
        ax.set_title(f"Mirror ratios of all pairs of economies, {year}: each importer's figure ÷ its exporter's")
        ax.legend(fontsize=8, loc="center right", bbox_to_anchor=(1.0, 0.6))
        beyond = (
            f" The {fmt.count(outside)} pairs beyond {ratio_tick(low)}–{ratio_tick(high)} are counted in the "
            "outer bins."
            if outside
            else ""
        )
        _dots_footer(fig, sources, MIRROR_NOTE + beyond)
    return fig


# --- median ratio by importer -------------------------------------------------------------------------------


def importer_medians_chart(
    medians: pd.DataFrame,
    highlight: str,
    sources: pd.DataFrame,
    ax: Axes | None = None,
    top: int = 25,
    min_pairs: int = 50,
    year: int | None = None,
) -> Figure:
    """Median mirror ratio by importer: the ``top`` highest, ``highlight`` coloured (and added if lower).

    ``medians`` is ``analysis.world.importer_medians(dots, year)``. Only importers with at least
    ``min_pairs`` mirror pairs are ranked (a median over a handful of partners says little); ranks run over
    those. A high median over many partners points at the importer's own statistics rather than at any one
    exporter. Bars are labelled with the median; the dashed line is the median of the ranked importers'
    medians. ``year`` (of the medians) goes into the title.
    """
    if medians.empty:
        raise ArgumentError("nothing to plot: the importer-medians table is empty")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ArgumentError(f"top must be a whole number >= 1, got {top!r}")
    code = _code(highlight, "highlight")
    hit = _match(medians, "importer", code)
    if not hit.any():
        raise ArgumentError(f"{code} is not an importer in this table")
    pairs = int(medians.loc[hit, "n_pairs"].iloc[0])
    if pairs < min_pairs:
        raise ArgumentError(
            f"{code} has only {pairs} mirror pairs, fewer than min_pairs={min_pairs}; lower min_pairs to rank it"
        )
    ranked = (
        medians.loc[(medians["n_pairs"] >= min_pairs).to_numpy()]
        .sort_values(["median_ratio", "importer_name"], ascending=[False, True], kind="stable")
        .reset_index(drop=True)
    )
    ranked = ranked.assign(rank=np.arange(1, len(ranked) + 1))
    is_hl = _match(ranked, "importer", code)
    shown = ranked.loc[(ranked["rank"] <= top).to_numpy() | is_hl]
    hl_rank = int(ranked.loc[is_hl, "rank"].iloc[0])
    hl_colour = colour(str(ranked.loc[is_hl, "importer_iso3"].iloc[0]))
    positions = np.arange(len(shown), dtype="float64")
    if hl_rank > top + 1:  # a gap before the highlighted importer, far below the top
        positions[-1] += 0.8
    colours = [hl_colour if h else ALL_PAIRS_COLOUR for h in _match(shown, "importer", code)]
    middle = float(ranked["median_ratio"].median())
    with house_style():
        fig, ax = new_axes(ax, figsize=(9.0, 1.6 + 0.24 * len(shown)))
        ax.barh(positions, shown["median_ratio"].to_numpy(), color=colours, height=0.75)
        for y, value, h in zip(positions, shown["median_ratio"], _match(shown, "importer", code), strict=True):
            ax.annotate(
                fmt.ratio(float(value), 2),
                xy=(float(value), y),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=7.5,
                color=hl_colour if h else "#333333",
                fontweight="bold" if h else "normal",
            )
        ax.set_yticks(
            positions,
            [
                f"{rank}. {_name(i, n)}"
                for rank, i, n in zip(shown["rank"], shown["importer_iso3"], shown["importer_name"], strict=True)
            ],
            fontsize=8,
        )
        for label, h in zip(ax.get_yticklabels(), _match(shown, "importer", code), strict=True):
            if h:
                label.set_color(hl_colour)
                label.set_fontweight("bold")
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.axvline(1.0, color="#333333", linewidth=1)
        ax.axvline(middle, color=MUTED, linewidth=1, linestyle="--", label=f"median importer: {fmt.ratio(middle, 2)}")
        ax.set_xlim(0, float(shown["median_ratio"].max()) * 1.12)
        ax.xaxis.set_major_formatter(FuncFormatter(ratio_tick))
        ax.set_xlabel("median over the importer's partners of: importer-reported imports ÷ partner-reported exports")
        when = f", {year}" if year is not None else ""
        ax.set_title(
            f"Importers whose own records run furthest above their partners'{when}\n"
            f"(top {min(top, len(ranked))} of {len(ranked)} importers with at least {min_pairs} mirror pairs)",
            fontsize=11,
        )
        ax.legend(fontsize=8, loc="lower right")
        _dots_footer(fig, sources, MIRROR_NOTE)
    return fig
