"""analysis.hedges: one vocabulary, its sum/ratio rules, rounding toward safety, tolerance bands."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import ArgumentError, hedges
from analysis.hedges import (
    BOUNDS,
    PREFERENCE,
    QUALIFIERS,
    SYMBOLS,
    WORDS,
    Bounded,
    check_qualifier,
    combine_qualifiers,
    derived_bound,
    derived_bounds,
    holds,
    precision_unit,
    qualifier_bound,
    ratio_qualifier,
    round_to,
    rounding_of,
    tolerance_band,
    value_range,
)

qualifiers = st.sampled_from(QUALIFIERS)
positive = st.floats(min_value=1e-3, max_value=1e12, allow_nan=False, allow_infinity=False)


def test_doctests_pass():
    result = doctest.testmod(hedges, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 13
    assert result.failed == 0


def test_one_vocabulary_everywhere():
    from analysis import schema

    assert list(QUALIFIERS) == schema.QUALIFIERS  # the data contract's list
    for table in (WORDS, SYMBOLS, PREFERENCE, hedges.BOUND_OF_QUALIFIER):
        assert set(table) == set(QUALIFIERS)
    assert set(hedges.BOUND_OF_QUALIFIER.values()) == set(BOUNDS)


def test_importing_hedges_stays_light():
    import subprocess
    import sys

    heavy = "('pandas', 'pandera', 'matplotlib')"
    code = f"import sys, analysis.hedges; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------------------------------------
# the vocabulary
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifier", "bound", "rounding", "word"),
    [
        ("exact", "exact", None, ""),
        ("about", "approximate", None, "about "),
        ("over", "lower", "lower", "over "),
        ("nearly", "upper", "upper", "nearly "),
    ],
)
def test_each_qualifier_is_a_bound_a_rounding_and_a_word(qualifier, bound, rounding, word):
    assert qualifier_bound(qualifier) == bound
    assert rounding_of(qualifier) == rounding
    assert WORDS[qualifier] == word


def test_preference_exact_then_about_then_bounds():
    assert sorted(QUALIFIERS, key=PREFERENCE.__getitem__)[:2] == ["exact", "about"]
    assert PREFERENCE["over"] == PREFERENCE["nearly"]


@pytest.mark.parametrize("bad", ["roughly", "", None, 3])
def test_unknown_qualifiers_are_argument_errors(bad):
    with pytest.raises(ArgumentError, match=r"unknown qualifier .*qualifier must be one of exact, about, over, nearly"):
        check_qualifier(bad)
    for func in (qualifier_bound, rounding_of):
        with pytest.raises(ArgumentError, match="unknown qualifier"):
            func(bad)


def test_the_name_of_the_argument_is_in_the_message():
    with pytest.raises(ArgumentError, match="residents_qualifier must be one of"):
        check_qualifier("more", "residents_qualifier")
    with pytest.raises(ArgumentError, match="end_qualifier must be one of"):
        ratio_qualifier("exact", "more")
    with pytest.raises(ArgumentError, match="unknown qualifier 'roughly'"):
        combine_qualifiers(["exact", "roughly"])
    with pytest.raises(ArgumentError, match="down must be one of"):
        derived_bounds(np.array(["exact"]), np.array(["more"]))
    with pytest.raises(ArgumentError, match="same length"):
        derived_bounds(np.array(["exact"]), np.array(["exact", "over"]))


# ---------------------------------------------------------------------------------------------
# sums and ratios
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (["exact", "exact"], "exact"),
        (["exact", "over"], "over"),
        (["nearly", "exact"], "nearly"),
        (["over", "nearly"], "about"),
        (["about", "exact"], "about"),
        ([], "exact"),
    ],
)
def test_combine_qualifiers(parts, expected):
    assert combine_qualifiers(parts) == expected


def test_derived_bounds_element_wise():
    up = np.array(["exact", "over", "nearly", "exact", "exact", "over", "over", "about"], dtype=object)
    down = np.array(["exact", "exact", "exact", "over", "nearly", "nearly", "over", "exact"], dtype=object)
    expected = ["exact", "lower", "upper", "upper", "lower", "lower", "approximate", "approximate"]
    assert derived_bounds(up, down).tolist() == expected
    assert [derived_bound(u, d) for u, d in zip(up, down, strict=True)] == expected
    assert derived_bounds(np.array([], dtype=object), np.array([], dtype=object)).tolist() == []


@given(st.lists(st.tuples(qualifiers, qualifiers), max_size=20))
def test_the_two_vocabularies_agree(pairs):
    """The bound of a ratio (park's words) is the bound of its qualifier (the series' words)."""
    up = np.array([u for u, _ in pairs], dtype=object)
    down = np.array([d for _, d in pairs], dtype=object)
    vectorised = derived_bounds(up, down).tolist()
    assert vectorised == [qualifier_bound(ratio_qualifier(d, u)) for u, d in pairs]
    assert vectorised == [derived_bound(u, d) for u, d in pairs]


@given(st.lists(qualifiers, min_size=1, max_size=6))
def test_combining_is_order_free_and_exact_is_neutral(parts):
    assert combine_qualifiers(parts) == combine_qualifiers(reversed(parts))
    assert combine_qualifiers([*parts, "exact"]) == combine_qualifiers(parts)


# A true value consistent with a hedged figure v: exact -> v, over -> above, nearly -> below,
# about -> either side.
def _true(value: float, qualifier: str, slack: float) -> float:
    sign = {"exact": 0.0, "over": 1.0, "nearly": -0.5, "about": 1.0}[qualifier]
    if qualifier == "about":
        sign = 1.0 if slack > 0.25 else -1.0
    return value * (1.0 + sign * slack)


def _rounded_is_safe(figure: float, truth: float, qualifier: str, decimals: int) -> None:
    """A figure rounded in its hedge's direction still says of the truth what the hedge says."""
    rounded = round_to(figure, decimals, rounding_of(qualifier))
    tol = 1e-9 * max(abs(truth), 1.0)
    if qualifier == "over":  # a lower bound is never rounded up
        assert rounded <= figure <= truth + tol
    elif qualifier == "nearly":  # an upper bound is never rounded down
        assert rounded >= figure >= truth - tol
    elif qualifier == "exact":
        assert truth == pytest.approx(figure, rel=1e-12)
        assert abs(rounded - figure) <= 0.5 * 10.0**-decimals * (1 + 1e-9) + math.ulp(figure)


@settings(max_examples=300, deadline=None)
@given(positive, positive, qualifiers, qualifiers, st.floats(0, 0.5), st.floats(0, 0.5), st.integers(-3, 4))
def test_a_ratio_keeps_its_hedges_direction_when_rounded(start, end, q_start, q_end, s_start, s_end, decimals):
    true_ratio = _true(end, q_end, s_end) / _true(start, q_start, s_start)
    _rounded_is_safe(end / start, true_ratio, ratio_qualifier(q_start, q_end), decimals)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(positive, qualifiers, st.floats(0, 0.5)), min_size=1, max_size=5), st.integers(-3, 4))
def test_a_sum_keeps_its_hedges_direction_when_rounded(parts, decimals):
    figure = math.fsum(v for v, _, _ in parts)
    truth = math.fsum(_true(v, q, s) for v, q, s in parts)
    _rounded_is_safe(figure, truth, combine_qualifiers([q for _, q, _ in parts]), decimals)


@settings(max_examples=300, deadline=None)
@given(positive, positive, qualifiers, qualifiers, st.floats(0, 0.5), st.floats(0, 0.5))
def test_a_change_keeps_its_hedges_direction(earlier, later, q_earlier, q_later, s_earlier, s_later):
    """later - earlier: a lower bound never exceeds the true change, an upper bound never falls short."""
    change = later - earlier
    truth = _true(later, q_later, s_later) - _true(earlier, q_earlier, s_earlier)
    bound = derived_bound(q_later, q_earlier)
    tol = 1e-9 * max(abs(earlier), abs(later), 1.0)
    if bound == "lower":
        assert change <= truth + tol
    elif bound == "upper":
        assert change >= truth - tol
    elif bound == "exact":
        assert change == pytest.approx(truth, abs=tol)


# ---------------------------------------------------------------------------------------------
# rounding toward safety
# ---------------------------------------------------------------------------------------------


def test_round_to():
    assert (round_to(12.149, 1, "lower"), round_to(12.149, 1), round_to(12.141, 1, "upper")) == (12.1, 12.1, 12.2)
    with pytest.raises(ArgumentError, match="bound must be"):
        round_to(1.0, 1, "sideways")
    with pytest.raises(ArgumentError, match="finite number"):
        round_to(math.nan, 1)


def test_bounded_rejects_an_unknown_bound_and_bad_ndigits():
    with pytest.raises(ArgumentError, match="bound must be one of exact, lower, upper, approximate"):
        Bounded(1.0, "floor")
    with pytest.raises(ArgumentError, match="ndigits must be an integer"):
        Bounded(1.0, "lower").rounded(1.5)  # type: ignore[arg-type]


def test_exact_values_round_half_to_even():
    assert Bounded(2.5, "exact").rounded() == 2.0
    assert Bounded(12_150_000.0, "approximate").rounded(-5) == 12_200_000.0


@settings(max_examples=200, deadline=None)
@given(st.floats(1e-6, 1e15, allow_nan=False), st.integers(-12, 6))
def test_rounding_never_crosses_a_bound(value, ndigits):
    assert Bounded(value, "lower").rounded(ndigits) <= value
    assert Bounded(value, "upper").rounded(ndigits) >= value
    step = 10.0**-ndigits
    # half a step, plus the float spacing at this magnitude (0.1 steps are not representable at 1e14)
    assert abs(Bounded(value, "exact").rounded(ndigits) - value) <= step / 2 * (1 + 1e-9) + math.ulp(value)


# ---------------------------------------------------------------------------------------------
# tolerance
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "qualifier", "band"),
    [
        (5.08e9, "exact", (5.075e9, 5.085e9)),
        (83, "nearly", (82, 83)),
        (7000, "over", (7000, math.inf)),
        (30e6, "about", (25e6, 35e6)),  # one significant figure: +/- 5m (wider than 10%)
        (5.8e9, "about", (5.22e9, 6.38e9)),  # 10% is wider than half a unit
        (100, "nearly", (90, 100)),  # 10% is narrower than one unit of '100'
    ],
)
def test_tolerance_rules(value, qualifier, band):
    lo, hi = tolerance_band(value, qualifier)
    assert (lo, hi) == pytest.approx(band)


def test_a_lower_bound_in_the_data_is_bounded_above():
    assert value_range(3.8e9, "over") == (3.8e9, 3.9e9)
    assert not holds(5.9e9, "exact", 3.8e9, "over")
    assert value_range(5.08e9, "exact") == (5.08e9, 5.08e9)
    assert value_range(83, "nearly") == tolerance_band(83, "nearly")


def test_an_explicit_span_replaces_the_computed_value():
    assert holds(107, "exact", 93, "exact", span=(93, 108))
    assert not holds(107, "exact", 93, "exact")


@given(st.floats(1, 1e12), qualifiers)
def test_a_claim_always_admits_its_own_value(value, qualifier):
    assert holds(value, qualifier, value)


@settings(max_examples=300, deadline=None)
@given(st.floats(1, 1e12), qualifiers, st.integers(-6, 3))
def test_a_figure_rounded_in_its_hedges_direction_is_admitted_by_that_hedge(truth, qualifier, decimals):
    """Write a true value the way a careful source would ('over 12.1' for 12.15) and the claim holds."""
    step = 10.0**-decimals
    if truth < 10 * step:  # at least two significant digits survive the rounding
        return
    claimed = round_to(truth, decimals, rounding_of(qualifier))
    assert holds(claimed, qualifier, truth)


def test_tolerance_errors():
    with pytest.raises(ArgumentError, match="positive number"):
        precision_unit(0)
    with pytest.raises(ArgumentError, match="unknown qualifier 'roughly'"):
        tolerance_band(1.0, "roughly")
    with pytest.raises(ArgumentError, match="unknown qualifier 'roughly'"):
        value_range(1.0, "roughly")
