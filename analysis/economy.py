"""The size of each economy: bilateral trade as a share of a country's GDP and of its merchandise trade (WDI).

A share names the source of its numerator and of its denominator (``Share.sources``); mixing sources
(China customs' trade over the World Bank's GDP) is allowed only because the result says so. Both sides
must be in US dollars for the same full year: convert a yuan figure with ``analysis.currency`` first.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.currency import check_currency
from analysis.errors import ArgumentError, MissingValueError

GDP, EXPORTS, IMPORTS = "NY.GDP.MKTP.CD", "TX.VAL.MRCH.CD.WT", "TM.VAL.MRCH.CD.WT"
DENOMINATORS = {"gdp": (GDP,), "merchandise_trade": (EXPORTS, IMPORTS)}
WORDS = {"gdp": "GDP", "merchandise_trade": "merchandise trade (exports plus imports)"}


def indicator(wdi: pd.DataFrame, code: str, iso3: str, year: int) -> float:
    """One WDI value; ``MissingValueError`` naming the indicator, economy and year when WDI has none."""
    rows = wdi[(wdi["indicator"] == code) & (wdi["iso3"] == iso3) & (wdi["year"] == year)]
    if rows.empty:
        raise MissingValueError(f"the bundled WDI table has no {code} for {iso3} in {year}")
    return float(rows["value"].iloc[0])


@dataclass(frozen=True)
class Share:
    """``numerator / denominator`` with where each came from."""

    iso3: str
    year: int
    of: str
    numerator: float
    denominator: float
    numerator_source: str
    denominator_source: str = "World Bank, World Development Indicators"

    @property
    def value(self) -> float:
        return self.numerator / self.denominator

    @property
    def sources(self) -> str:
        """'trade: China customs (GACC), converted ...; GDP: World Bank, World Development Indicators'."""
        return f"trade: {self.numerator_source}; {WORDS[self.of]}: {self.denominator_source}"


def share_of(
    trade_usd: float, iso3: str, year: int, wdi: pd.DataFrame, of: str, source: str, currency: str = "USD"
) -> Share:
    """Bilateral trade (US$, full year ``year``) as a share of ``iso3``'s GDP or merchandise trade (WDI).

    ``of`` is 'gdp' or 'merchandise_trade'; ``source`` names where the trade figure comes from."""
    if check_currency(currency) != "USD":
        raise ArgumentError(f"a share of WDI's US-dollar {of} needs trade in US dollars, got {currency}: convert first")
    if of not in DENOMINATORS:
        raise ArgumentError(f"unknown denominator {of!r}: expected one of {', '.join(DENOMINATORS)}")
    if not source:
        raise ArgumentError("name the source of the trade figure (the numerator)")
    total = sum(indicator(wdi, code, iso3, year) for code in DENOMINATORS[of])
    return Share(iso3, int(year), of, float(trade_usd), total, source)
