"""analysis.world.partners: partner shares and ranks, trade intensity; tiny matrices and the golden numbers."""

from __future__ import annotations

import pandas as pd
import pytest
from dots_matrix import alpha_2000, intensity_matrix, make
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.world import (
    partner_ranks,
    partner_shares,
    trade_intensity,
)

BLR, CHN = "Belarus, Rep. of", "China, P.R.: Mainland"


def test_ranks_shares_ties_residuals_and_aggregates():
    out = partner_shares(alpha_2000(), "ALP").query("year == 2000").set_index("partner_name")
    assert "Europe" not in out.index and "World" not in out.index
    assert out["rank"].fillna(0).to_dict() == {
        "Delta": 1,
        "Beta": 2,
        "Gamma": 2,
        "Belgium-Luxembourg": 4,
        "USSR": 5,
        "Countries & Areas not specified": 0,  # <NA>: residual rows never rank
    }
    assert set(out["n_ranked"]) == {5}
    assert out.loc["Beta", "share"] == pytest.approx(30 / 170)
    assert out.loc["Delta", "exports_usd_millions"] != out.loc["Delta", "exports_usd_millions"]  # NaN: not zero
    assert out.loc["Delta", "trade_usd_millions"] == 40
    assert out.loc["Gamma", "is_estimate"] and not out.loc["Beta", "is_estimate"]
    assert out.loc["Belgium-Luxembourg", "partner_iso3"] == "BLX"
    assert out.loc["USSR", "partner_iso3"] == "SUN"
    assert out["share"].sum() == pytest.approx(1.0)  # countries + residual = World here
    assert out["both_flows"].all()
    assert (out["reporter_iso3"] == "ALP").all()


def test_zero_trade_is_not_ranked_and_one_flow_years_are_flagged():
    out = partner_shares(alpha_2000(), "Alpha").query("year == 2001").set_index("partner_name")
    assert out.loc["Beta", "rank"] == 1 and out.loc["Gamma", "rank"] is pd.NA
    assert set(out["n_ranked"]) == {1}
    assert not out["both_flows"].any()


def test_partner_ranks_covers_every_non_aggregate_reporter():
    out = partner_ranks(alpha_2000())
    assert set(out["reporter_name"]) == {"Alpha", "Beta"}
    beta = out.query("reporter_name == 'Beta'")
    assert beta["partner_name"].tolist() == ["Alpha"] and beta["rank"].tolist() == [1]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=50), min_size=4, max_size=4))
def test_rank_is_one_plus_the_number_of_larger_partners(values):
    partners = ["Beta", "Gamma", "Delta", "USSR"]
    rows = [("Alpha", p, "export", 2000, v) for p, v in zip(partners, values, strict=True)]
    rows += [("Alpha", "World", "export", 2000, sum(values)), ("Alpha", "World", "import", 2000, 1)]
    out = partner_shares(make(*rows), "ALP").set_index("partner_name")
    for partner, value in zip(partners, values, strict=True):
        expected = pd.NA if value == 0 else 1 + sum(v > value for v in values)
        assert out.loc[partner, "rank"] is expected or out.loc[partner, "rank"] == expected
    assert set(out["n_ranked"]) == {sum(v > 0 for v in values)}


def test_trade_intensity_by_hand():
    out = trade_intensity(intensity_matrix(), "ALP", "BET")
    assert out["year"].tolist() == [2000]
    row = out.iloc[0]
    assert row["exports_usd_millions"] == 20 and row["reporter_exports_usd_millions"] == 100
    assert row["world_exports_to_partner_usd_millions"] == 50  # 20 + 30 (not the aggregate reporter's 999)
    assert row["world_exports_usd_millions"] == 400  # 100 + 50 + 250
    assert row["n_world_reporters"] == 3
    assert row["intensity"] == pytest.approx((20 / 100) / (50 / 400))
    assert not row["is_estimate"]


def test_trade_intensity_on_the_matrix(dots):
    out = trade_intensity(dots, "BLR", "CHN").set_index("year")
    assert out.index.min() == 1992 and out.index.max() == 2020
    exports = dots.loc[(dots["flow"] == "export") & ~dots["reporter_is_aggregate"] & (dots["year"] == 2019)]
    x_wj = exports.loc[exports["partner_name"] == CHN, "value_usd_millions"].sum()
    x_w = exports.loc[exports["partner_name"] == "World", "value_usd_millions"].sum()
    expected = (673.3361 / 32955.1224) / (x_wj / x_w)
    assert out.loc[2019, "intensity"] == pytest.approx(expected, rel=1e-12)
    assert out.loc[2019, "intensity"] == pytest.approx(0.219, abs=5e-4)
    # historical and composite partners keep their own codes
    assert trade_intensity(dots, "CHN", "SUN").iloc[0]["partner_iso3"] == "SUN"
    assert trade_intensity(dots, "DEU", "BLX")["partner_name"].eq("Belgium-Luxembourg").all()


# --- golden numbers of imf_dots_matrix.SOURCE.md -----------------------------------------------------------


def test_china_among_belarus_partners(dots):
    out = partner_shares(dots, "BLR")
    china = out.loc[out["partner_iso3"] == "CHN"].set_index("year")
    golden = {1995: (26, 133, 0.34, 34.0), 2005: (7, 160, 2.19, 715.0), 2015: (3, 177, 5.59, 3182.2)}
    golden[2020] = (3, 187, 7.20, 4457.2)
    for year, (rank, n, pct, trade) in golden.items():
        row = china.loc[year]
        assert (row["rank"], row["n_ranked"]) == (rank, n), year
        assert round(100 * row["share"], 2) == pct, year
        assert round(row["trade_usd_millions"], 1) == trade, year
    for year in (2015, 2020):
        top = out.loc[(out["year"] == year) & (out["rank"] <= 2), "partner_iso3"]
        assert set(top) == {"RUS", "UKR"}
    assert out.loc[out["partner_entity_type"] == "residual", "rank"].isna().all()
    assert not out["partner_name"].isin(["World", "Europe", "Emerging and Developing Europe"]).any()


def test_belarus_in_china_trade(dots):
    out = partner_shares(dots, "CHN").query("year == 2020")
    belarus = out.loc[out["partner_iso3"] == "BLR"].iloc[0]
    assert (belarus["rank"], belarus["n_ranked"]) == (88, 205)
    assert round(100 * belarus["share"], 4) == 0.0645
    assert round(belarus["reporter_trade_usd_millions"], 1) == 4_658_282.1
    assert round(belarus["exports_usd_millions"], 1) == 2109.4 and round(belarus["imports_usd_millions"], 1) == 894.8


def test_all_reporters_form_agrees_with_one_reporter(dots):
    # a few reporters, aggregates among them, stand in for the whole matrix (benchmarks/ runs all of it)
    some = dots.loc[dots["reporter_name"].isin([BLR, CHN, "Belgium-Luxembourg", "World", "Euro Area"])]
    ranks = partner_ranks(some)
    assert set(ranks["reporter_name"]) == {BLR, CHN, "Belgium-Luxembourg"}  # aggregates do not report
    assert not ranks["partner_name"].isin(["World", "Advanced Economies", "Euro Area"]).any()
    as_text = {"reporter_name": "str", "partner_name": "str", "reporter_iso3": "str", "partner_iso3": "str"}
    for reporter in (BLR, "Belgium-Luxembourg"):
        one = ranks.loc[ranks["reporter_name"] == reporter].reset_index(drop=True).astype(as_text)
        pd.testing.assert_frame_equal(one, partner_shares(dots, reporter).astype(as_text), check_categorical=False)
    assert (ranks.loc[ranks["reporter_name"] == "Belgium-Luxembourg", "reporter_iso3"] == "BLX").all()
    ranked = ranks.dropna(subset=["rank"])
    assert (ranked["rank"] >= 1).all() and (ranked["rank"] <= ranked["n_ranked"]).all()
    assert ranks.loc[ranks["partner_entity_type"] == "residual", "rank"].isna().all()
