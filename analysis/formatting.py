"""Numbers formatted for readers: money by magnitude, ratios, percentages, years, hedges.

Rounding respects bounds: a lower bound ("over US$1.3 billion") is rounded *down* and an upper
bound ("nearly ...") *up*, so a formatted hedge never claims more than the source did. The hedge
words and the rounding rules are ``analysis.hedges``'s; this module only writes them out.
"""

from __future__ import annotations

import math

from analysis import hedges
from analysis.errors import ArgumentError
from analysis.hedges import round_to

__all__ = [
    "COUNTRY_NAMES",
    "count",
    "country",
    "hedge",
    "hedged_money",
    "money",
    "ordinal",
    "percent",
    "possessive",
    "ratio",
    "years",
]

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))

# Short display names; other codes fall back to the ISO3 code itself.
COUNTRY_NAMES = {
    "CHN": "China",
    "BLR": "Belarus",
    "RUS": "Russia",
    "UKR": "Ukraine",
    "USA": "the United States",
    "DEU": "Germany",
    "POL": "Poland",
    "KAZ": "Kazakhstan",
    "THA": "Thailand",
    "IND": "India",
    "GBR": "the United Kingdom",
    "FRA": "France",
    "JPN": "Japan",
    "KOR": "South Korea",
    "LTU": "Lithuania",
    "NLD": "the Netherlands",
    "TUR": "Turkey",
    "ITA": "Italy",
    "BRA": "Brazil",
    "VNM": "Vietnam",
}


def _check_finite(value: float, what: str) -> None:
    if value is None or not math.isfinite(value):
        raise ArgumentError(f"{what} must be a finite number, got {value!r}")


def _fixed(value: float, decimals: int, bound: str | None) -> str:
    return f"{round_to(value, decimals, bound):,.{max(decimals, 0)}f}"


def money(value: float, digits: int = 3, bound: str | None = None, currency: str = "US$") -> str:
    """US dollars in words by magnitude, ``digits`` significant figures.

    >>> money(60.811e6), money(5.08e9), money(1.3e9, bound="lower"), money(12_149_532.7, bound="lower")
    ('US$60.8 million', 'US$5.08 billion', 'US$1.30 billion', 'US$12.1 million')
    """
    _check_finite(value, "value")
    if digits < 1:
        raise ArgumentError(f"digits must be at least 1, got {digits}")
    sign = "-" if value < 0 else ""
    size = abs(value)
    for scale, word in _SCALES[:-1]:
        if size >= scale * 0.9995:
            scaled = size / scale
            magnitude = max(math.floor(math.log10(scaled)), 0)
            decimals = max(digits - 1 - magnitude, 0)
            if decimals and round_to(scaled, decimals, bound) >= 10 ** (magnitude + 1):
                decimals -= 1  # 99.96 -> '100.0' would show one digit too many
            return f"{sign}{currency}{_fixed(scaled, decimals, bound)} {word}"
    return f"{sign}{currency}{_fixed(size, 0, bound)}"


def ratio(value: float, decimals: int = 1, bound: str | None = None) -> str:
    """A multiple, e.g. ``83.6×``.

    >>> ratio(83.5526)
    '83.6×'
    """
    _check_finite(value, "ratio")
    return f"{_fixed(value, decimals, bound)}×"


def percent(fraction: float, decimals: int = 1, signed: bool = False, bound: str | None = None) -> str:
    """A fraction as a percentage: 0.159 -> '15.9%'; ``signed`` adds '+' to growth.

    >>> percent(0.15898), percent(0.17, 0, signed=True), percent(-0.0312, signed=True)
    ('15.9%', '+17%', '-3.1%')
    """
    _check_finite(fraction, "fraction")
    text = _fixed(fraction * 100, decimals, bound)
    if signed and fraction > 0:
        text = "+" + text
    return text + "%"


def years(value: float, decimals: int = 1) -> str:
    """A duration in years: '4.7 years'.

    >>> years(4.7049), years(1)
    ('4.7 years', '1 year')
    """
    _check_finite(value, "years")
    text = _fixed(value, decimals, None) if value != int(value) else f"{int(value)}"
    return f"{text} year" + ("" if text == "1" else "s")


def count(value: float) -> str:
    """A whole count with thousands separators: 7000 -> '7,000'."""
    _check_finite(value, "count")
    return f"{round(value):,}"


def ordinal(n: int) -> str:
    """'1st', '2nd', '3rd', '11th', '26th'.

    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 26, 101, 111)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '26th', '101st', '111th']
    """
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def hedge(qualifier: str) -> str:
    """The word a source's qualifier puts before a figure ('over ', 'nearly ', 'about ', '').

    >>> hedge("over") + money(1.3e9)
    'over US$1.30 billion'
    """
    return hedges.WORDS[hedges.check_qualifier(qualifier)]


def hedged_money(value: float, qualifier: str, digits: int = 3) -> str:
    """Money with the source's hedge, rounded in the hedge's direction: 'over US$1.30 billion'."""
    return hedge(qualifier) + money(value, digits, hedges.rounding_of(qualifier))


def country(iso3: str) -> str:
    """Display name for an ISO3 code ('CHN' -> 'China'); unknown codes are shown as given."""
    return COUNTRY_NAMES.get(iso3, iso3)


def possessive(iso3: str) -> str:
    """'China's', 'Belarus's' (statistics of ...)."""
    name = country(iso3)
    if name.startswith("the ") and name.endswith("s"):
        return name + "'"
    return name + "'s"
