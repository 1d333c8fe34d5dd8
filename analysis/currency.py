"""Currencies: values stay in the currency they were published in; conversion is a computation with a sourced rate.

Conventions (tested):

- A rate is the World Bank's official exchange rate (WDI ``PA.NUS.FCRF``: local currency per US dollar,
  **annual average**) of the economy issuing the currency, for the **same full year** as the value. There is
  no sourced rate for a single month or a year-to-date (nor for 2026), so such figures stay in their currency:
  asking converts nothing and raises ``NoRateError``.
- Every converted figure carries its rate and the words saying so (``Rate.words``).
- One series, one currency: ``one_currency`` raises ``MixedCurrencyError`` otherwise.
- A currency code outside ``analysis.contract.CURRENCIES`` is ``UnknownCurrencyError``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.contract import CURRENCIES
from analysis.errors import MixedCurrencyError, NoRateError, UnknownCurrencyError

RATE_INDICATOR = "PA.NUS.FCRF"
# The economy whose WDI exchange rate is the rate of each currency (USD is the unit: 1 per dollar).
ISSUER = {"CNY": "CHN", "BYN": "BLR", "RUB": "RUS"}
NAMES = {"USD": ("dollar", "dollars"), "CNY": ("yuan", "yuan"), "BYN": ("Belarusian rouble", "Belarusian roubles")}
NAMES |= {"RUB": ("Russian rouble", "Russian roubles"), "EUR": ("euro", "euros")}


def check_currency(code: str) -> str:
    """``code`` when it is an ISO 4217 code the package knows, else ``UnknownCurrencyError``.

    >>> check_currency("CNY")
    'CNY'
    """
    if code not in CURRENCIES:
        raise UnknownCurrencyError(f"unknown currency code {code!r}: expected one of {', '.join(CURRENCIES)}")
    return code


def one_currency(currencies: pd.Series | list[str], what: str = "this series") -> str:
    """The one currency of a series; ``MixedCurrencyError`` naming them when there are several (or none)."""
    found = sorted({check_currency(str(c)) for c in currencies})
    if len(found) != 1:
        shown = ", ".join(found) or "no currency"
        raise MixedCurrencyError(f"{what} mixes currencies ({shown}): convert to one with a sourced rate first")
    return found[0]


@dataclass(frozen=True)
class Rate:
    """A sourced annual-average exchange rate: ``per_usd`` units of ``currency`` per US dollar in ``year``."""

    currency: str
    year: int
    per_usd: float
    source_id: str

    @property
    def words(self) -> str:
        """'converted at the World Bank's 2024 average of 7.1975 yuan per dollar'."""
        unit = NAMES[self.currency][1]
        return f"converted at the World Bank's {self.year} average of {self.per_usd:.4f} {unit} per dollar"


def rate(currency: str, year: int, wdi: pd.DataFrame, period: str = "annual") -> Rate:
    """The WDI annual-average rate of ``currency`` for ``year`` (``period`` must be 'annual').

    ``NoRateError`` for a month, a year-to-date, a currency without an issuer in WDI, or a year WDI has no
    rate for. ``wdi`` is ``load_wdi()``."""
    check_currency(currency)
    if period != "annual":
        raise NoRateError(
            f"no sourced rate for {currency} in the period {period!r} of {year}: the World Bank's rate is an annual "
            "average, so a month or a year-to-date stays in its currency"
        )
    if currency == "USD":
        return Rate("USD", int(year), 1.0, "")
    if currency not in ISSUER:
        raise NoRateError(f"no sourced rate for {currency}: the bundled WDI table has none")
    rows = wdi[(wdi["indicator"] == RATE_INDICATOR) & (wdi["iso3"] == ISSUER[currency]) & (wdi["year"] == year)]
    if rows.empty:
        have = sorted(wdi.loc[(wdi["indicator"] == RATE_INDICATOR) & (wdi["iso3"] == ISSUER[currency]), "year"])
        last = f" (WDI has {have[0]}-{have[-1]})" if have else ""
        raise NoRateError(f"no sourced rate for {currency} in {year}{last}: the value stays in {currency}")
    row = rows.iloc[0]
    return Rate(currency, int(year), float(row["value"]), str(row["source_id"]))


@dataclass(frozen=True)
class Converted:
    """A value converted to US dollars, with the value as published and the rate used."""

    value: float
    currency: str
    usd: float
    rate: Rate

    @property
    def words(self) -> str:
        return self.rate.words


def to_usd(value: float, currency: str, year: int, wdi: pd.DataFrame, period: str = "annual") -> Converted:
    """``value`` (in ``currency``, for ``year``) in US dollars at the sourced annual-average rate."""
    found = rate(currency, year, wdi, period)
    return Converted(float(value), currency, float(value) / found.per_usd, found)


def convert_frame(frame: pd.DataFrame, wdi: pd.DataFrame) -> pd.DataFrame:
    """A trade-style frame (year, period, value, currency) in US dollars: a new frame whose ``value`` is US$,
    with ``value_published``, ``currency_published`` and ``conversion`` (the rate's words) beside it. Any row
    without a sourced rate raises ``NoRateError``; nothing is dropped."""
    rates = [
        rate(str(c), int(y), wdi, str(p))
        for c, y, p in zip(frame["currency"], frame["year"], frame["period"], strict=True)
    ]
    per_usd = pd.Series([r.per_usd for r in rates], index=frame.index, dtype="float64")
    words = pd.Series(["" if r.currency == "USD" else r.words for r in rates], index=frame.index, dtype="str")
    return frame.assign(
        value_published=frame["value"],
        currency_published=frame["currency"],
        value=frame["value"] / per_usd,
        currency="USD",
        conversion=words,
    )
