"""Partner shares and ranks, trade intensity and mirror ratios: tiny matrices for the rules, the bundled DOTS
matrix for the golden numbers of imf_dots_matrix.SOURCE.md."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.dots import load_dots, validate_dots
from analysis.errors import ArgumentError
from analysis.schema import DotsModel
from analysis.world import (
    MirrorPosition,
    exporter_medians,
    importer_medians,
    mirror_distribution,
    mirror_percentile,
    mirror_ratios,
    partner_ranks,
    partner_shares,
    trade_intensity,
)

BLR, CHN = "Belarus, Rep. of", "China, P.R.: Mainland"


@pytest.fixture(scope="module")
def dots() -> pd.DataFrame:
    return load_dots()


@pytest.fixture(scope="module")
def dist2019(dots) -> pd.DataFrame:
    return mirror_distribution(dots, 2019)


# --- tiny matrices ------------------------------------------------------------------------------------------

ENTITIES = {
    "Alpha": ("ALP", "economy"),
    "Beta": ("BET", "economy"),
    "Gamma": ("GAM", "economy"),
    "Delta": ("DEL", "economy"),
    "USSR": ("SUN", "historical"),
    "Belgium-Luxembourg": ("BLX", "composite"),
    "World": (None, "aggregate"),
    "Europe": (None, "aggregate"),
    "Countries & Areas not specified": (None, "residual"),
}


def make(*rows: tuple) -> pd.DataFrame:
    """A DOTS-shaped frame from (reporter, partner, flow, year, value[, is_estimate]) tuples."""
    records = []
    for reporter, partner, flow, year, value, *estimate in rows:
        rep_iso3, rep_type = ENTITIES[reporter]
        par_iso3, par_type = ENTITIES[partner]
        records.append(
            {
                "reporter_name": reporter,
                "reporter_iso3": rep_iso3,
                "reporter_is_aggregate": rep_type == "aggregate",
                "reporter_entity_type": rep_type,
                "partner_name": partner,
                "partner_iso3": par_iso3,
                "partner_is_aggregate": par_type == "aggregate",
                "partner_entity_type": par_type,
                "flow": flow,
                "valuation": {"export": "FOB", "import": "CIF"}[flow],
                "year": year,
                "value_usd_millions": float(value),
                "is_estimate": bool(estimate and estimate[0]),
                "workbook": f"{reporter}.xlsx",
                "sheet_row": 8,
            }
        )
    frame = pd.DataFrame.from_records(records, columns=list(DotsModel.to_schema().columns))
    text = [c for c in frame.columns if str(DotsModel.to_schema().columns[c].dtype) == "category"]
    return frame.assign(
        **{c: frame[c].astype("category") for c in text},
        year=frame["year"].astype("int16"),
        sheet_row=frame["sheet_row"].astype("int16"),
        value_usd_millions=frame["value_usd_millions"].astype("float64"),
        is_estimate=frame["is_estimate"].astype(bool),
    )


def alpha_2000() -> pd.DataFrame:
    """Alpha's own statistics for 2000, with ties, a residual, an aggregate, an estimate and a zero partner."""
    return make(
        ("Alpha", "World", "export", 2000, 102),  # = the partners below, as in DOTS
        ("Alpha", "World", "import", 2000, 68),
        ("Alpha", "Europe", "export", 2000, 150),  # aggregate: never a partner, never summed
        ("Alpha", "Beta", "export", 2000, 10),
        ("Alpha", "Beta", "import", 2000, 20),
        ("Alpha", "Gamma", "export", 2000, 30),
        ("Alpha", "Gamma", "import", 2000, 0, True),  # tie with Beta at 30
        ("Alpha", "Delta", "import", 2000, 40),  # imports only
        ("Alpha", "USSR", "export", 2000, 5),
        ("Alpha", "Belgium-Luxembourg", "export", 2000, 7),
        ("Alpha", "Countries & Areas not specified", "export", 2000, 50),  # larger than every country
        ("Alpha", "Countries & Areas not specified", "import", 2000, 8),
        ("Alpha", "World", "export", 2001, 10),  # 2001: exports only
        ("Alpha", "Beta", "export", 2001, 10),
        ("Alpha", "Gamma", "export", 2001, 0, True),  # zero trade: not ranked
        ("Beta", "World", "export", 2000, 999),
        ("Beta", "Alpha", "export", 2000, 999),
    )


def test_tiny_frames_are_valid():
    assert validate_dots(alpha_2000()) == []
    assert validate_dots(mirror_matrix()) == []
    assert validate_dots(intensity_matrix()) == []


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


def test_functions_do_not_modify_their_input():
    frame = alpha_2000()
    before = frame.copy()
    partner_ranks(frame)
    partner_shares(frame, "ALP")
    trade_intensity(frame, "ALP", "BET")
    mirror_ratios(frame, include_estimates=True)
    pd.testing.assert_frame_equal(frame, before)


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


# --- trade intensity ----------------------------------------------------------------------------------------


def intensity_matrix() -> pd.DataFrame:
    return make(
        ("Alpha", "Beta", "export", 2000, 20),
        ("Alpha", "World", "export", 2000, 100),
        ("Beta", "World", "export", 2000, 50),
        ("Gamma", "Beta", "export", 2000, 30, True),  # an estimate: counts in the world totals
        ("Gamma", "World", "export", 2000, 250, True),
        ("World", "Beta", "export", 2000, 999),  # the IMF's aggregate reporter: not used
        ("World", "World", "export", 2000, 9999),
        ("Alpha", "Beta", "import", 2000, 77),  # imports: not used
        ("Alpha", "World", "export", 2001, 100),  # 2001: no exports to Beta -> no row
    )


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


# --- mirror ratios ------------------------------------------------------------------------------------------


def mirror_matrix() -> pd.DataFrame:
    """Four economies in 2019: ratios 0.5, 1, 2 and 4 plus pairs that must be left out."""
    return make(
        ("Alpha", "Beta", "export", 2019, 100),
        ("Beta", "Alpha", "import", 2019, 50),  # Alpha -> Beta 0.5
        ("Beta", "Alpha", "export", 2019, 10),
        ("Alpha", "Beta", "import", 2019, 10),  # Beta -> Alpha 1.0
        ("Gamma", "Alpha", "export", 2019, 20),
        ("Alpha", "Gamma", "import", 2019, 40),  # Gamma -> Alpha 2.0
        ("Alpha", "Gamma", "export", 2019, 200),
        ("Gamma", "Alpha", "import", 2019, 800),  # Alpha -> Gamma 4.0
        ("Delta", "Alpha", "export", 2019, 10, True),
        ("Alpha", "Delta", "import", 2019, 30),  # Delta -> Alpha: estimate, 3.0
        ("Delta", "Beta", "export", 2019, 0),
        ("Beta", "Delta", "import", 2019, 5),  # zero: never a ratio
        ("Delta", "Gamma", "export", 2019, 5),  # no mirror: not a pair
        ("USSR", "Alpha", "export", 2019, 10),
        ("Alpha", "USSR", "import", 2019, 10),  # historical: not an economy pair
        ("Alpha", "World", "export", 2019, 310),
        ("Alpha", "World", "import", 2019, 90),
        ("Alpha", "Beta", "export", 1990, 1),
    )


def test_mirror_pairs_and_percentile_by_hand():
    frame = mirror_matrix()
    dist = mirror_distribution(frame, 2019)
    assert sorted(dist["ratio"]) == [0.5, 1.0, 2.0, 4.0]
    assert set(dist["exporter_iso3"]) <= {"ALP", "BET", "GAM"}
    pos = mirror_percentile(frame, "GAM", "ALP", 2019)
    assert isinstance(pos, MirrorPosition)
    assert (pos.ratio, pos.n_pairs, pos.percentile, pos.median_ratio) == (2.0, 4, 50.0, 1.5)
    assert (pos.exports_fob_usd_millions, pos.imports_cif_usd_millions) == (20.0, 40.0)
    big = mirror_percentile(frame, "GAM", "ALP", 2019, min_value_musd=20)
    assert big.n_pairs_min_value == 3  # 0.5, 2.0, 4.0
    assert big.percentile_min_value == pytest.approx(100 / 3)
    with_e = mirror_distribution(frame, 2019, include_estimates=True)
    assert sorted(with_e["ratio"]) == [0.5, 1.0, 2.0, 3.0, 4.0]
    assert with_e["is_estimate"].sum() == 1
    assert mirror_percentile(frame, "DEL", "ALP", 2019, include_estimates=True).percentile == 60.0


def test_mirror_medians_by_side():
    frame = mirror_matrix()
    imp = importer_medians(frame, 2019).set_index("importer_iso3")
    assert imp.loc["ALP", "n_pairs"] == 2 and imp.loc["ALP", "median_ratio"] == 1.5  # 1.0 and 2.0
    assert imp.loc["ALP", "weighted_ratio"] == pytest.approx((10 + 40) / (10 + 20))
    exp = exporter_medians(frame, 2019).set_index("exporter_iso3")
    assert exp.loc["ALP", "median_ratio"] == pytest.approx(2.25)  # 0.5 and 4.0


def test_mirror_ratios_all_years_match_one_year():
    frame = mirror_matrix()
    all_years = mirror_ratios(frame)
    assert set(all_years["year"]) == {2019}
    pd.testing.assert_frame_equal(all_years, mirror_distribution(frame, 2019))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=1, max_value=100), min_size=3, max_size=3))
def test_percentile_is_the_share_of_lower_ratios(imports):
    pairs = [("Alpha", "Beta"), ("Beta", "Alpha"), ("Gamma", "Alpha")]
    rows = []
    for (ex, im), m in zip(pairs, imports, strict=True):
        rows += [(ex, im, "export", 2019, 10), (im, ex, "import", 2019, m)]
    frame = make(*rows)
    ratios = [m / 10 for m in imports]
    pos = mirror_percentile(frame, "ALP", "BET", 2019)  # the first pair; the others vary around it
    assert pos.percentile == pytest.approx(100 * sum(x < ratios[0] for x in ratios) / 3)
    assert pos.median_ratio == pytest.approx(float(np.median(ratios)))


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


def test_mirror_distribution_2019(dist2019):
    ratios = dist2019["ratio"]
    assert len(dist2019) == 19_912
    assert [round(q, 3) for q in ratios.quantile([0.1, 0.5, 0.9])] == [0.258, 1.129, 8.435]
    big = (dist2019["exports_fob_usd_millions"] >= 10) & (dist2019["imports_cif_usd_millions"] >= 10)
    assert big.sum() == 8_471
    assert [round(q, 3) for q in ratios[big].quantile([0.1, 0.5, 0.9])] == [0.559, 1.082, 2.081]
    weighted = dist2019["imports_cif_usd_millions"].sum() / dist2019["exports_fob_usd_millions"].sum()
    assert round(weighted, 3) == 1.008
    assert not dist2019["is_estimate"].any()
    assert set(dist2019["exporter_iso3"].dropna()) <= set(dist2019["exporter_iso3"].cat.categories)


def test_china_to_belarus_2019(dots):
    pos = mirror_percentile(dots, "CHN", "BLR", 2019, min_value_musd=10)
    assert (round(pos.imports_cif_usd_millions, 2), round(pos.exports_fob_usd_millions, 2)) == (3807.59, 1777.68)
    assert round(pos.ratio, 3) == 2.142
    assert (round(pos.percentile, 1), round(pos.percentile_min_value, 1)) == (75.7, 90.5)
    assert (pos.n_pairs, pos.n_pairs_min_value, round(pos.median_ratio, 3)) == (19_912, 8_471, 1.129)
    assert round(mirror_percentile(dots, "CHN", "BLR", 2019, min_value_musd=100).percentile_min_value, 1) == 95.7
    back = mirror_percentile(dots, "BLR", "CHN", 2019, min_value_musd=10)
    assert (round(back.imports_cif_usd_millions, 2), round(back.exports_fob_usd_millions, 2)) == (914.63, 673.34)
    assert round(back.ratio, 3) == 1.358
    assert (round(back.percentile, 1), round(back.percentile_min_value, 1)) == (61.3, 73.0)
    with_e = mirror_percentile(dots, "CHN", "BLR", 2019, include_estimates=True)
    assert (with_e.n_pairs, round(with_e.median_ratio, 3), round(with_e.percentile, 1)) == (23_359, 1.068, 79.3)


def test_the_gap_is_mostly_belarus_side(dots):
    imp = importer_medians(dots, 2019).set_index("importer_iso3")
    assert imp.loc["BLR", "n_pairs"] == 100 and round(imp.loc["BLR", "median_ratio"], 2) == 2.18
    exp = exporter_medians(dots, 2019).set_index("exporter_iso3")
    assert exp.loc["CHN", "n_pairs"] == 185 and round(exp.loc["CHN", "median_ratio"], 3) == 1.034


# --- errors -------------------------------------------------------------------------------------------------


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


def test_estimate_side_and_year_gaps_are_explained():
    frame = mirror_matrix()
    with pytest.raises(ArgumentError, match="IMF estimate"):
        mirror_percentile(frame, "DEL", "ALP", 2019)
    with pytest.raises(ArgumentError, match="no values for 2000"):
        mirror_distribution(frame, 2000)
    with pytest.raises(ArgumentError, match=r"are 0\.0"):
        mirror_percentile(frame, "DEL", "BET", 2019)
    assert np.isnan(mirror_percentile(frame, "GAM", "ALP", 2019, min_value_musd=1e9).percentile_min_value)
