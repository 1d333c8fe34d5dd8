"""The sourced tables of the latest years: China customs' monthly RMB bulletin, World Bank WDI, US CPI-U.

Each is stored as published: GACC's values in yuan (the bulletin's 10,000-yuan figures times 10,000,
exact), WDI's and BLS's numbers as written by their publishers (a trailing ``.0`` dropped). Nothing
is converted or deflated here; that is computation (``analysis.currency``, ``analysis.prices``).
"""

from __future__ import annotations

from analysis.contract.base import Field, Link, Table
from analysis.contract.fields import CURRENCY, FLOW, ISO3, REPORTER, SOURCE_ID, YEAR

MONTH_RE = r"^\d{4}-(0[1-9]|1[0-2])$"
GACC_FLOWS = ("total", "export", "import")
# The WDI indicators the package uses (code -> what it is, in its unit)
WDI_INDICATORS = {
    "NY.GDP.MKTP.CD": "GDP (current US$)",
    "NY.GDP.DEFL.KD.ZG": "Inflation, GDP deflator (annual %)",
    "TX.VAL.MRCH.CD.WT": "Merchandise exports (current US$)",
    "TM.VAL.MRCH.CD.WT": "Merchandise imports (current US$)",
    "PA.NUS.FCRF": "Official exchange rate (LCU per US$, period average)",
}
WDI_COUNTRIES = ("BLR", "CHN", "RUS", "USA")
CPI_SERIES = ("CUUR0000SA0",)
CPI_PERIODS = tuple(f"M{m:02d}" for m in range(1, 14))

WORLD_BANK = Link(
    "CC-BY-4.0: Source: World Bank, World Development Indicators", "https://creativecommons.org/licenses/by/4.0/"
)
BLS = Link("Public domain (US Bureau of Labor Statistics)", "https://www.bls.gov/opub/copyright-information.htm")
GACC_TERMS = Link(
    "Official statistics of the General Administration of Customs of the P.R. China (cite 'Source: GACC')",
    "http://www.customs.gov.cn",
)

YUAN = Field(
    "month_value",
    "integer",
    "The month's value (当月) as first published in that month's bulletin, in yuan (the bulletin's 10,000-yuan "
    "figure times 10,000, exact); later revisions of the month appear only inside later cumulative values.",
    expected="a whole number of yuan >= {minimum} (the bulletin's 10,000-yuan figure times 10,000)",
    unit="CNY",
    minimum=0,
)

GACC = Table(
    "gacc_monthly.csv",
    "China customs (GACC) monthly bulletin: trade by country in yuan, 2024-01 to 2026-07",
    "China's own statistics (reporter CHN), RMB edition of the table 进出口商品国别(地区)总值表, current prices. "
    "One row per month, partner (BLR, RUS, or WLD for China's total with the world) and flow (total, export, "
    "import, from China's side; GACC publishes all three). month_value is the month as first published; "
    "ytd_value is the cumulative value January to that month as published that month (it includes revisions of "
    "earlier months, so it is not the sum of the first-published months); the December ytd_value is the full "
    "year. ytd_growth_pct is GACC's printed growth on the same period a year earlier (against revised prior-year "
    "figures). Values are yuan: never stored converted.",
    (
        Field(
            "period",
            "string",
            "The month, YYYY-MM; a month and a year-to-date are periods of their own, never a full year.",
            expected="a month YYYY-MM",
            pattern=MONTH_RE,
        ),
        REPORTER.override(
            description="CHN: these are China customs' statistics.",
            enum=("CHN",),
            pattern=None,
            expected="CHN (China customs' statistics)",
        ),
        ISO3.override(
            name="partner",
            description="ISO3 of the partner, or WLD for China's total with the world.",
            expected="an ISO 3166 alpha-3 code in capitals, or WLD for the world",
        ),
        FLOW.override(description="total, export or import, from China's side (all three published).", enum=GACC_FLOWS),
        YUAN,
        YUAN.override(
            name="ytd_value",
            description="Cumulative value January to this month (累计) as published this month, in yuan (exact); "
            "authoritative for the year-to-date period.",
        ),
        CURRENCY.override(description="CNY: GACC's RMB edition.", enum=("CNY",), expected="CNY"),
        Field(
            "ytd_growth_pct",
            "number",
            "GACC's printed growth of ytd_value on the same period a year earlier, percent, one decimal as printed.",
            expected="a percentage (one decimal, may be negative)",
            unit="%",
        ),
        SOURCE_ID,
    ),
    unique_key=("period", "reporter", "partner", "flow"),
    sources=(
        Link(
            "GACC monthly bulletin (RMB), via Ex-Caliburn/funny commit 08b25efae8df9efe12efc0f2e612811d937715fc, "
            "stock/customs_country/customs_country_rmb.json",
            "https://github.com/Ex-Caliburn/funny/tree/08b25efae8df9efe12efc0f2e612811d937715fc/stock/customs_country",
        ),
    ),
    licenses=(GACC_TERMS,),
)

WDI = Table(
    "wdi.csv",
    "World Bank World Development Indicators used by the package (BLR, CHN, RUS, USA)",
    "GDP, GDP deflator inflation, merchandise exports and imports, and the official exchange rate (local currency "
    "per US$, annual average) of Belarus, China, Russia and the United States, 1960-2025 where published, values "
    "as in WDI (vintage 2026-07-01; WDI revises). A year WDI does not publish has no row.",
    (
        Field(
            "indicator",
            "string",
            "WDI code: " + "; ".join(f"{k} {v}" for k, v in WDI_INDICATORS.items()) + ".",
            enum=tuple(WDI_INDICATORS),
        ),
        ISO3.override(description="ISO3 of the economy.", enum=None),
        YEAR,
        Field(
            "value",
            "number",
            "The value as published, in the indicator's unit (US$, %, or local currency per US$).",
            expected="a finite number in the indicator's unit",
            unit="see indicator",
        ),
        SOURCE_ID,
    ),
    unique_key=("indicator", "iso3", "year"),
    sources=(
        Link(
            "World Bank, World Development Indicators, via datasets/world-development-indicators commit "
            "4ebec5a2273f531ba238a34dbe440394dc5a6c4b",
            "https://github.com/datasets/world-development-indicators",
        ),
    ),
    licenses=(WORLD_BANK,),
)

CPI = Table(
    "us_cpi.csv",
    "US CPI-U (BLS), all items, U.S. city average, not seasonally adjusted, 1982-84=100",
    "Series CUUR0000SA0 as published by the US Bureau of Labor Statistics: monthly values (M01-M12) and the annual "
    "average (M13), 1913 to 2026-08. A month BLS did not publish (October 2025) has no row.",
    (
        Field("series_id", "string", "BLS series id (CUUR0000SA0: CPI-U, not seasonally adjusted).", enum=CPI_SERIES),
        YEAR,
        Field("period", "string", "M01-M12 for a month, M13 for the annual average.", enum=CPI_PERIODS),
        Field(
            "value",
            "number",
            "Index level, 1982-84 = 100, as published (three decimals since 2007, one before).",
            expected="an index level > {exclusive_minimum}",
            unit="index 1982-84=100",
            exclusive_minimum=0,
        ),
        SOURCE_ID,
    ),
    unique_key=("series_id", "year", "period"),
    sources=(
        Link(
            "US BLS CPI-U (CUUR0000SA0), from the data file of the PyPI package cpi 2.1.0",
            "https://www.bls.gov/cpi/",
        ),
    ),
    licenses=(BLS,),
)
