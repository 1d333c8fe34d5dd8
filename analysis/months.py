"""Months and year-to-date periods of China customs' monthly bulletin (``load_gacc()``), in yuan as published.

Conventions (tested):

- A month (``2024-03``) and a year-to-date (``Jan-Mar 2024``) are periods of their own. Only a December
  cumulative value is a full year (``annual_totals``); anything else asked to join an annual series is
  ``PeriodError``.
- The cumulative value is authoritative for its period (it includes GACC's revisions of earlier months);
  the months as first published are shown as such and their sum differs (``revisions``).
- Growth on the same period a year earlier is recomputed from the two cumulative values as published, and
  shown beside GACC's printed rate, which uses revised prior-year figures (``ytd_growth``). Both are in yuan.
- Values are whole yuan; rates are fractions (0.061 = +6.1 %).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.currency import one_currency
from analysis.errors import PeriodError

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def ytd_label(period: str) -> str:
    """The year-to-date period ending in month ``period`` (YYYY-MM), in words.

    >>> ytd_label("2026-07"), ytd_label("2025-01"), ytd_label("2025-12")
    ('Jan-Jul 2026', 'Jan 2025', 'full year 2025')
    """
    year, month = _split(period)
    if month == 12:
        return f"full year {year}"
    return f"{'Jan-' if month > 1 else ''}{MONTHS[month - 1]} {year}"


def _split(period: str) -> tuple[int, int]:
    try:
        year, month = (int(x) for x in period.split("-"))
    except (ValueError, AttributeError):
        raise PeriodError(f"period {period!r} is not a month YYYY-MM") from None
    if not 1 <= month <= 12:
        raise PeriodError(f"period {period!r} is not a month YYYY-MM")
    return year, month


def series(gacc: pd.DataFrame, partner: str, flow: str = "total") -> pd.DataFrame:
    """One partner and flow, month by month: period, month_value (first published), ytd_value, printed growth
    (fraction), currency; sorted by period. ``PeriodError`` when the table has no row for them."""
    rows = gacc[(gacc["partner"] == partner) & (gacc["flow"] == flow)]
    if rows.empty:
        raise PeriodError(f"the GACC table has no {flow} rows for partner {partner!r}")
    one_currency(rows["currency"], f"GACC {flow} with {partner}")
    out = rows.sort_values("period")[["period", "month_value", "ytd_value", "ytd_growth_pct", "currency"]]
    return out.assign(printed_growth=out["ytd_growth_pct"] / 100).drop(columns="ytd_growth_pct").reset_index(drop=True)


def _row(gacc: pd.DataFrame, partner: str, flow: str, period: str) -> pd.Series:
    _split(period)
    rows = series(gacc, partner, flow)
    hit = rows[rows["period"] == period]
    if hit.empty:
        raise PeriodError(
            f"no GACC bulletin for {period} ({flow} with {partner}); the table holds "
            f"{rows['period'].iloc[0]} to {rows['period'].iloc[-1]}"
        )
    return hit.iloc[0]


def latest_period(gacc: pd.DataFrame) -> str:
    """The latest month of the table (YYYY-MM)."""
    return str(gacc["period"].max())


def annual_totals(gacc: pd.DataFrame, partner: str, flow: str = "total") -> pd.DataFrame:
    """Full years only: the December cumulative value of each year, in the table's currency, as an annual series
    (year, reporter, partner, flow, value, currency, period='annual', source_id, from_period)."""
    rows = gacc[(gacc["partner"] == partner) & (gacc["flow"] == flow) & gacc["period"].str.endswith("-12")]
    out = rows.assign(year=rows["period"].str[:4].astype("int64"), value=rows["ytd_value"], period="annual")
    out = out.assign(from_period=rows["period"])
    cols = ["year", "reporter", "partner", "flow", "value", "currency", "period", "source_id", "from_period"]
    return out[cols].sort_values("year").reset_index(drop=True)


def full_year(gacc: pd.DataFrame, partner: str, year: int, flow: str = "total") -> float:
    """The full-year value (December cumulative) in yuan; ``PeriodError`` for a year without its December."""
    totals = annual_totals(gacc, partner, flow)
    hit = totals[totals["year"] == year]
    if hit.empty:
        have = ", ".join(str(y) for y in totals["year"]) or "none"
        raise PeriodError(
            f"no full year {year} for {flow} with {partner}: a year is complete only with its December bulletin "
            f"(full years held: {have}); a year-to-date never stands for the year"
        )
    return float(hit["value"].iloc[0])


def require_annual(frame: pd.DataFrame, what: str = "an annual series") -> pd.DataFrame:
    """``frame`` when every row's ``period`` is 'annual'; ``PeriodError`` naming a month or part-year otherwise."""
    other = frame.loc[frame["period"] != "annual", "period"]
    if not other.empty:
        raise PeriodError(
            f"{what} takes full years only; got the period {other.iloc[0]!r} (a month or a year-to-date is a "
            "period of its own: use the December cumulative value for a full year)"
        )
    return frame


@dataclass(frozen=True)
class YtdGrowth:
    """Growth of a year-to-date on the same period a year earlier: GACC's printed rate and the recomputed one."""

    partner: str
    flow: str
    period: str
    value: float
    base: float
    currency: str
    printed: float
    recomputed: float

    @property
    def difference(self) -> float:
        """printed - recomputed, in fraction points (GACC's base is the revised prior-year figure)."""
        return self.printed - self.recomputed

    @property
    def revised_base(self) -> float:
        """The prior-year value GACC's printed rate implies (value / (1 + printed)), in the same currency."""
        return self.value / (1 + self.printed)

    @property
    def label(self) -> str:
        return ytd_label(self.period)


def ytd_growth(gacc: pd.DataFrame, partner: str, period: str, flow: str = "total") -> YtdGrowth:
    """Year-to-date growth to ``period`` on the same months of the previous year, printed and recomputed."""
    year, month = _split(period)
    now = _row(gacc, partner, flow, period)
    before = _row(gacc, partner, flow, f"{year - 1}-{month:02d}")
    one_currency([now["currency"], before["currency"]], "a growth rate")
    value, base = float(now["ytd_value"]), float(before["ytd_value"])
    return YtdGrowth(
        partner, flow, period, value, base, str(now["currency"]), float(now["printed_growth"]), value / base - 1
    )


def growth_table(gacc: pd.DataFrame, partner: str, flow: str = "total") -> pd.DataFrame:
    """Every period with a bulletin a year earlier: printed and recomputed growth and their difference."""
    rows = series(gacc, partner, flow)
    have = set(rows["period"])
    found = [ytd_growth(gacc, partner, p, flow) for p in rows["period"] if f"{int(p[:4]) - 1}{p[4:]}" in have]
    return pd.DataFrame(
        {
            "period": [g.period for g in found],
            "ytd_value": [g.value for g in found],
            "base_value": [g.base for g in found],
            "printed": [g.printed for g in found],
            "recomputed": [g.recomputed for g in found],
            "difference": [g.difference for g in found],
        }
    )


def revisions(gacc: pd.DataFrame, partner: str, flow: str = "total") -> pd.DataFrame:
    """Each month: the cumulative value as published and the sum of the months as first published, with the
    gap as a fraction of the cumulative value (GACC revises earlier months inside the cumulative column). Where
    an earlier month of the year is missing from the table, the sum and the gap are NaN."""
    rows = series(gacc, partner, flow)
    year = rows["period"].str[:4]
    summed = rows.groupby(year)["month_value"].cumsum()
    complete = rows.groupby(year).cumcount() + 1 == rows["period"].str[5:].astype("int64")
    summed = summed.where(complete)  # a month missing earlier in the year: no sum to compare (NaN)
    return rows.assign(sum_first_published=summed, gap=(rows["ytd_value"] - summed) / rows["ytd_value"])[
        ["period", "month_value", "ytd_value", "sum_first_published", "gap"]
    ]


def partner_share(gacc: pd.DataFrame, partner: str, period: str, flow: str = "total", world: str = "WLD") -> float:
    """The partner's share of China's trade with the world in the year-to-date to ``period`` (one source, one
    currency: both GACC cumulative values in yuan)."""
    part, whole = _row(gacc, partner, flow, period), _row(gacc, world, flow, period)
    one_currency([part["currency"], whole["currency"]], "a share")
    return float(part["ytd_value"]) / float(whole["ytd_value"])
