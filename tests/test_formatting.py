"""Formatting: units by magnitude, bounds never rounded the wrong way, plain errors."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import ArgumentError
from analysis import formatting as fmt


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (60.811e6, {}, "US$60.8 million"),
        (5.08e9, {}, "US$5.08 billion"),
        (4.4809309e9, {"digits": 2}, "US$4.5 billion"),
        (999.9e6, {}, "US$1.00 billion"),
        (12_149_532.71, {"bound": "lower"}, "US$12.1 million"),
        (12_199_999.0, {"bound": "lower"}, "US$12.1 million"),
        (12_101_000.0, {"bound": "upper"}, "US$12.2 million"),
        (950.0, {}, "US$950"),
        (2.5e12, {}, "US$2.50 trillion"),
    ],
)
def test_money(value, kwargs, expected):
    assert fmt.money(value, **kwargs) == expected


def test_hedged_money_keeps_the_hedge_and_its_direction():
    assert fmt.hedged_money(1.3e9, "over", digits=2) == "over US$1.3 billion"
    assert fmt.hedged_money(5.999e9, "nearly", digits=2) == "nearly US$6.0 billion"
    assert fmt.hedged_money(3e7, "about", digits=2) == "about US$30 million"
    assert fmt.hedged_money(5.08e9, "exact") == "US$5.08 billion"


@given(st.floats(1, 1e13), st.integers(1, 4))
def test_lower_bounds_are_never_rounded_up(value, digits):
    text = fmt.money(value, digits=digits, bound="lower")
    number, word = text.removeprefix("US$").split(" ") if " " in text else (text.removeprefix("US$"), "")
    scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "": 1}[word]
    assert float(number.replace(",", "")) * scale <= value * (1 + 1e-12)


def test_ratio_percent_years_count():
    assert fmt.ratio(83.5526) == "83.6×"
    assert fmt.ratio(2.1419, 2) == "2.14×"
    assert fmt.percent(0.158979) == "15.9%"
    assert fmt.percent(0.17, 0, signed=True) == "+17%"
    assert fmt.years(4.70) == "4.7 years"
    assert fmt.count(7000) == "7,000"


@pytest.mark.parametrize("bad", [math.nan, math.inf, None])
def test_non_finite_numbers_are_errors(bad):
    with pytest.raises(ArgumentError, match="finite number"):
        fmt.money(bad)


def test_other_errors():
    with pytest.raises(ArgumentError, match="unknown qualifier 'roughly'"):
        fmt.hedge("roughly")
    with pytest.raises(ArgumentError, match="digits must be at least 1"):
        fmt.money(1e6, digits=0)


def test_country_names():
    assert fmt.country("BLR") == "Belarus"
    assert fmt.possessive("BLR") == "Belarus's"
    assert fmt.possessive("CHN") == "China's"
    assert fmt.possessive("USA") == "the United States'"
    assert fmt.country("ZZZ") == "ZZZ"


def test_doctests_pass():
    import doctest

    result = doctest.testmod(fmt, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 6
    assert result.failed == 0


def test_ordinal():
    assert [fmt.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 26, 112)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "26th",
        "112th",
    ]
