"""The latest years: the annual series extended with China customs' full years, the headline to the latest
full year, and recent statements set against the customs figures.

- The annual series to the latest full year (``annual_to_latest``) is one reporter's statistics (China's:
  GACC is China's customs), in US dollars; the GACC years are the December cumulative values in yuan,
  converted at the World Bank's annual-average rate of that year, and each such row says so
  (``value_published``, ``currency_published``, ``conversion``). Sources differ (IMF DOTS to 2020, statements,
  GACC): ``source_id`` names each.
- The headline (``headline``) compares a start year with the latest full year on one side, with the
  currency, the conversion and the constant-dollar (CPI-U) multiple stated.
- Statements of recent years (``statements_vs_customs``) are compared with China customs' figure for the same
  year and period where one exists; a part-year in US dollars has no sourced rate, so it is compared in
  neither currency and the row says why.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.currency import Converted, rate, to_usd
from analysis.errors import ArgumentError, NoRateError
from analysis.months import MONTHS, annual_totals, full_year, series
from analysis.prices import real_growth
from analysis.series import annual_series, value_in

GACC_SOURCE = "China customs (GACC)"
COMPARISON_COLUMNS = ["year", "period", "reporter", "statement_usd", "qualifier", "source_id", "customs_cny"]
COMPARISON_COLUMNS += ["customs_usd", "ratio", "note"]


def annual_to_latest(
    trade: pd.DataFrame, gacc: pd.DataFrame, wdi: pd.DataFrame, partner: str = "BLR", reporter: str = "CHN"
) -> pd.DataFrame:
    """``reporter``'s annual series with ``partner`` in US dollars, with GACC's full years after the last year of
    the trade table converted at WDI rates (labelled). Only China customs is China's reporter in GACC."""
    if reporter != "CHN":
        raise ArgumentError(f"GACC is China's customs: its figures are China's statistics, not {reporter}'s")
    base = annual_series(trade, reporter, partner).assign(
        currency="USD", value_published=lambda d: d["value"], currency_published="USD", conversion=""
    )
    extra = annual_totals(gacc, partner)
    extra = extra[extra["year"] > base["year"].max()]
    rows = []
    for r in extra.itertuples(index=False):
        found = to_usd(r.value, r.currency, r.year, wdi)
        rows.append(
            dict(
                year=r.year,
                reporter=reporter,
                partner=partner,
                flow="total",
                value=found.usd,
                qualifier="exact",
                valuation="unknown",
                source_id=r.source_id,
                currency="USD",
                value_published=r.value,
                currency_published=r.currency,
                conversion=found.words,
            )
        )
    out = pd.concat([base, pd.DataFrame(rows, columns=base.columns)], ignore_index=True) if rows else base
    return out.sort_values("year").reset_index(drop=True)


@dataclass(frozen=True)
class LatestHeadline:
    """Growth of ``reporter``'s trade with ``partner`` from ``start`` to the latest full year ``end``.

    ``end_value`` is in ``end_currency`` as published (GACC: yuan); ``converted`` its US-dollar value at the
    World Bank's rate; growth is in US dollars (nominal, and real at CPI-U prices)."""

    reporter: str
    partner: str
    start: int
    start_usd: float
    start_source: str
    end: int
    end_value: float
    end_currency: str
    converted: Converted
    growth: dict[str, float]

    @property
    def end_usd(self) -> float:
        return self.converted.usd


def headline(
    trade: pd.DataFrame,
    gacc: pd.DataFrame,
    wdi: pd.DataFrame,
    cpi: pd.DataFrame,
    partner: str = "BLR",
    start: int = 1992,
    reporter: str = "CHN",
) -> LatestHeadline:
    """China's trade with ``partner``: ``start`` (trade table, US$) to the latest full year of GACC (yuan,
    converted at the WDI rate), with the nominal and CPI-U real multiple and CAGR."""
    if reporter != "CHN":
        raise ArgumentError(f"GACC is China's customs: its figures are China's statistics, not {reporter}'s")
    first = annual_series(trade, reporter, partner)
    start_usd = value_in(first, start)
    sources = first.loc[first["year"] == start, "source_id"].iloc[0]
    end = int(annual_totals(gacc, partner)["year"].max())
    value = full_year(gacc, partner, end)
    converted = to_usd(value, "CNY", end, wdi)
    growth = real_growth(start_usd, start, converted.usd, end, cpi)
    return LatestHeadline(reporter, partner, start, start_usd, str(sources), end, value, "CNY", converted, growth)


def _months_of(period: str) -> int | None:
    """'Jan-Nov' -> 11, 'annual' -> 12."""
    if period == "annual":
        return 12
    last = period.rsplit("-", 1)[-1]
    return MONTHS.index(last) + 1 if last in MONTHS else None


def statements_vs_customs(
    trade: pd.DataFrame, gacc: pd.DataFrame, wdi: pd.DataFrame, partner: str = "BLR", since: int = 2023
) -> pd.DataFrame:
    """Each trade-table statement from ``since`` with ``partner`` (either side) beside China customs' figure of
    the same year and months: in yuan, and in US dollars where a sourced rate exists. ``note`` says which side
    each is and why a figure is missing."""
    rows = trade[(trade["year"] >= since) & ((trade["partner"] == partner) | (trade["reporter"] == partner))]
    rows = rows[rows["flow"] == "total"]
    held = set(series(gacc, partner)["period"])
    out = []
    for r in rows.itertuples(index=False):
        months = _months_of(r.period)
        period = f"{r.year}-{months:02d}" if months else ""
        customs_cny = customs_usd = float("nan")
        note = f"statement: {r.reporter}'s side; customs: China's side"
        if period not in held:
            note += f"; the GACC table has no bulletin for {period or r.period} (it holds {min(held)} to {max(held)})"
        else:
            g = series(gacc, partner)
            customs_cny = float(g.loc[g["period"] == period, "ytd_value"].iloc[0])
            try:
                customs_usd = customs_cny / rate("CNY", int(r.year), wdi, r.period).per_usd
            except NoRateError as err:
                note += f"; {err}"
        out.append(
            dict(
                year=r.year,
                period=r.period,
                reporter=r.reporter,
                statement_usd=r.value,
                qualifier=r.qualifier,
                source_id=r.source_id,
                customs_cny=customs_cny,
                customs_usd=customs_usd,
                ratio=r.value / customs_usd,
                note=note,
            )
        )
    return pd.DataFrame(out, columns=COMPARISON_COLUMNS)


def customs_partner(reporter: str, partner: str, gacc: pd.DataFrame) -> str:
    """The country of a pair that China customs' table holds as China's partner; ``ArgumentError`` otherwise."""
    if "CHN" not in (reporter, partner):
        raise ArgumentError(f"China customs' table is China's trade: the pair {reporter}-{partner} is not in it")
    other = partner if reporter == "CHN" else reporter
    held = sorted(set(gacc["partner"]) - {"WLD"})
    if other not in held:
        raise ArgumentError(f"China customs' table holds {', '.join(held)} as partners, not {other}")
    return other


def comparison_partner(gacc: pd.DataFrame, partner: str) -> str:
    """Another partner of the table to compare with (Russia for Belarus, and the other way round)."""
    others = sorted(set(gacc["partner"]) - {"WLD", partner})
    if not others:
        raise ArgumentError(f"China customs' table holds no partner other than {partner}")
    return "RUS" if "RUS" in others else others[0]


CLAIM_COLUMNS = ["claim_id", "check", "claimed", "qualifier", "side", "start", "end", "start_usd", "end_usd"]
CLAIM_COLUMNS += ["end_qualifier", "computed", "conversion"]


TOTAL_METRICS = ("trade_total", "trade_multiple")  # claims about total trade (one flow's claims are not totals)


def claims_vs_latest(
    claims: pd.DataFrame, trade: pd.DataFrame, gacc: pd.DataFrame, wdi: pd.DataFrame, partner: str = "BLR"
) -> pd.DataFrame:
    """Trade levels and multiples of the ledger that end in a full year of the customs table, computed on each
    side: China's series to the latest full year (GACC, converted and labelled) and the partner's own series.

    ``computed`` is the data's level (US$) or multiple (end / start) on that side; ``end_qualifier`` carries the
    hedge of the end value (a statement 'over' a figure gives a lower bound); ``conversion`` says how the end
    value became dollars ('' when published in dollars). A side without both years is left out."""
    years = set(annual_totals(gacc, partner)["year"])
    wanted = claims[claims["check"].isin(["level", "multiple"]) & claims["metric"].isin(TOTAL_METRICS)]
    sides = {"CHN": annual_to_latest(trade, gacc, wdi, partner)}
    sides[partner] = annual_series(trade, partner, "CHN").assign(conversion="")
    out = []
    for c in wanted.itertuples(index=False):
        end = int(str(c.year_end).split("|")[-1]) if c.year_end else None
        if end not in years:
            continue
        start = int(c.year_start) if c.year_start else None
        for side, s in sides.items():
            at = s.set_index("year")
            if end not in at.index or (c.check == "multiple" and start not in at.index):
                continue
            end_usd = float(at.loc[end, "value"])
            start_usd = float(at.loc[start, "value"]) if c.check == "multiple" else float("nan")
            computed = end_usd / start_usd if c.check == "multiple" else end_usd
            out.append(
                dict(
                    claim_id=c.claim_id,
                    check=c.check,
                    claimed=c.value,
                    qualifier=c.qualifier,
                    side=side,
                    start=start,
                    end=end,
                    start_usd=start_usd,
                    end_usd=end_usd,
                    end_qualifier=at.loc[end, "qualifier"],
                    computed=computed,
                    conversion=at.loc[end, "conversion"],
                )
            )
    return pd.DataFrame(out, columns=CLAIM_COLUMNS).astype({"start": "Int64", "end": "int64"})  # no start: <NA>
