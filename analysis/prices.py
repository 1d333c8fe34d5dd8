"""Constant prices: US-dollar values deflated with a US price index.

Conventions (tested):

- The default index is the **US CPI-U annual average** (BLS series CUUR0000SA0, period M13, 1982-84 = 100),
  from the bundled BLS file (``load_cpi()``): BLS publishes the index level itself, so a ratio of two years
  reproduces BLS's own numbers to its decimals, with nothing chained or rounded by us. The alternative,
  ``"gdp_deflator"``, is the US GDP deflator chained from WDI's annual inflation rates (base year = 100).
- Values in **constant dollars of ``base``** (default: the latest full year of the index, 2025):
  ``value * index[base] / index[year]``. A multiple or a CAGR in constant dollars does not depend on the base.
- Only US dollars are deflated (the index is a US one); a year outside the index is ``DeflatorYearError``.
"""

from __future__ import annotations

import pandas as pd

from analysis.currency import check_currency
from analysis.errors import ArgumentError, DeflatorYearError
from analysis.growth import cagr, fold_change

CPI_SERIES, ANNUAL = "CUUR0000SA0", "M13"
DEFLATOR = "NY.GDP.DEFL.KD.ZG"
INDEXES = ("cpi", "gdp_deflator")
DESCRIPTIONS = {
    "cpi": "US CPI-U annual average, BLS",
    "gdp_deflator": "US GDP deflator, World Bank WDI, chained from annual inflation",
}


def cpi_annual(cpi: pd.DataFrame) -> pd.Series:
    """The CPI-U annual averages (1982-84 = 100) by year, from ``load_cpi()``."""
    rows = cpi[(cpi["series_id"] == CPI_SERIES) & (cpi["period"] == ANNUAL)]
    return pd.Series(rows["value"].to_numpy(), index=rows["year"].to_numpy(), name="cpi_u").sort_index()


def gdp_deflator(wdi: pd.DataFrame, base: int, iso3: str = "USA") -> pd.Series:
    """The GDP deflator of ``iso3`` chained from WDI's annual inflation (%), ``base`` = 100, by year.

    Chaining needs an unbroken run of years; the index covers the run that contains ``base``."""
    rows = wdi[(wdi["indicator"] == DEFLATOR) & (wdi["iso3"] == iso3)]
    rates = pd.Series(rows["value"].to_numpy() / 100, index=rows["year"].to_numpy()).sort_index()
    if base not in rates.index:
        raise DeflatorYearError(f"the {iso3} GDP deflator has no inflation rate for {base} (the base year)")
    first, last = base, base
    while first - 1 in rates.index:
        first -= 1
    while last + 1 in rates.index:
        last += 1
    growth = (1 + rates.loc[first + 1 : last]).cumprod()
    level = pd.concat([pd.Series([1.0], index=[first]), growth])  # first year = 1, then chained
    return (level / level.loc[base] * 100).rename("gdp_deflator")


def price_index(kind: str, cpi: pd.DataFrame | None, wdi: pd.DataFrame | None, base: int) -> pd.Series:
    """The index ``kind`` ('cpi' or 'gdp_deflator') by year."""
    if kind == "cpi":
        if cpi is None:
            raise ArgumentError("the CPI index needs cpi=load_cpi()")
        return cpi_annual(cpi)
    if kind == "gdp_deflator":
        if wdi is None:
            raise ArgumentError("the GDP deflator needs wdi=load_wdi()")
        return gdp_deflator(wdi, base)
    raise ArgumentError(f"unknown price index {kind!r}: expected one of {', '.join(INDEXES)}")


def _at(index: pd.Series, year: int, kind: str) -> float:
    if year not in index.index:
        raise DeflatorYearError(
            f"the {DESCRIPTIONS[kind]} has no value for {year} (it covers {index.index.min()}-{index.index.max()})"
        )
    return float(index.loc[year])


def price_ratio(
    start: int, end: int, cpi: pd.DataFrame | None = None, wdi: pd.DataFrame | None = None, kind: str = "cpi"
) -> float:
    """How many times prices rose from ``start`` to ``end`` (index[end] / index[start])."""
    index = price_index(kind, cpi, wdi, end)
    return _at(index, end, kind) / _at(index, start, kind)


def deflate(
    values: pd.Series,
    base: int,
    cpi: pd.DataFrame | None = None,
    wdi: pd.DataFrame | None = None,
    kind: str = "cpi",
    currency: str = "USD",
) -> pd.Series:
    """US-dollar ``values`` indexed by year in constant dollars of ``base`` (a new Series)."""
    if check_currency(currency) != "USD":
        raise ArgumentError(f"only US dollars are deflated with a US price index, got {currency}: convert first")
    index = price_index(kind, cpi, wdi, base)
    factor = [_at(index, base, kind) / _at(index, int(y), kind) for y in values.index]
    return pd.Series(values.to_numpy(dtype="float64") * factor, index=values.index, name=values.name)


def real_growth(
    start_value: float,
    start: int,
    end_value: float,
    end: int,
    cpi: pd.DataFrame | None = None,
    wdi: pd.DataFrame | None = None,
    kind: str = "cpi",
) -> dict[str, float]:
    """Nominal and real (constant-dollar) multiple and CAGR between two US-dollar values."""
    prices = price_ratio(start, end, cpi, wdi, kind)
    nominal = fold_change(start_value, end_value)
    real = nominal / prices
    return {
        "nominal_multiple": nominal,
        "real_multiple": real,
        "price_ratio": prices,
        "nominal_cagr": cagr(start_value, end_value, start, end),
        "real_cagr": real ** (1 / (end - start)) - 1,
    }
