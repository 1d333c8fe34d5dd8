"""analysis.world.entities: countries as ISO3 code or IMF name; every argument error of the world indicators."""

from __future__ import annotations

import pandas as pd
import pytest
from dots_matrix import alpha_2000, intensity_matrix, mirror_matrix

from analysis.dots import validate_dots
from analysis.errors import ArgumentError
from analysis.world import (
    mirror_distribution,
    mirror_percentile,
    mirror_ratios,
    partner_ranks,
    partner_shares,
    resolve_entity,
    trade_intensity,
)

BLR, CHN = "Belarus, Rep. of", "China, P.R.: Mainland"


def test_tiny_frames_are_valid():
    assert validate_dots(alpha_2000()) == []
    assert validate_dots(mirror_matrix()) == []
    assert validate_dots(intensity_matrix()) == []


def test_functions_do_not_modify_their_input():
    frame = alpha_2000()
    before = frame.copy()
    partner_ranks(frame)
    partner_shares(frame, "ALP")
    trade_intensity(frame, "ALP", "BET")
    mirror_ratios(frame, include_estimates=True)
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda d: partner_shares(d, "XYZ"), "unknown reporter 'XYZ'"),
        (lambda d: partner_shares(d, "Belarus"), "close: 'Belarus, Rep. of'"),
        (lambda d: partner_shares(d, "World"), "'World' is an aggregate"),
        (lambda d: partner_shares(d, 112), "must be an ISO3 code"),
        (lambda d: partner_shares(d, "TWN"), "publishes no statistics in DOTS"),
        (lambda d: trade_intensity(d, "BLR", "Emerging and Developing Europe"), "is an aggregate"),
        (lambda d: trade_intensity(d, "BLR", "Countries & Areas not specified"), "residual row"),
        (lambda d: trade_intensity(d, "blr", "BLR"), "both BLR"),
        (lambda d: mirror_distribution(d, 2021), "year 2021 is outside the data (1960-2020)"),
        (lambda d: mirror_distribution(d, 1959), "outside the data"),
        (lambda d: mirror_distribution(d, "2019"), "whole number"),
        (lambda d: mirror_percentile(d, "SUN", "BLR", 1990), "SUN (USSR) is historical"),
        (lambda d: mirror_percentile(d, "CHN", "BLX", 1990), "is composite"),
        (lambda d: mirror_percentile(d, "CHN", "BLR", 1991), "BLR (Belarus, Rep. of) published no imports CIF"),
        (lambda d: mirror_percentile(d, "CHN", "BLR", 2019, min_value_musd=-1), "min_value_musd"),
        (lambda d: mirror_percentile(d, "CHN", "CHN", 2019), "both CHN"),
    ],
)
def test_argument_errors(dots, call, message):
    with pytest.raises(ArgumentError, match=None) as info:
        call(dots)
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def test_resolve_entity_finds_codes_and_names(dots):
    by_code = resolve_entity(dots, " blr ", what="country", role="reporter", types=("economy",))
    by_name = resolve_entity(dots, BLR, what="country", role="partner", types=("economy",))
    assert by_code == by_name
    assert (by_code.iso3, by_code.entity_type) == ("BLR", "economy")
    assert by_code.is_reporter and by_code.is_partner
    assert by_code.label == "BLR (Belarus, Rep. of)"
    assert resolve_entity(dots, "SUN", what="country", role="any", types=("historical",)).name == "USSR"
