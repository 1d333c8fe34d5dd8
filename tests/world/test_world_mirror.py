"""analysis.world.mirror: mirror ratios of all pairs; tiny matrices and the golden numbers of 2019."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from dots_matrix import make, mirror_matrix
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.errors import ArgumentError
from analysis.world import (
    MirrorPosition,
    exporter_medians,
    importer_medians,
    mirror_distribution,
    mirror_percentile,
    mirror_ratios,
)

BLR, CHN = "Belarus, Rep. of", "China, P.R.: Mainland"


@pytest.fixture(scope="module")
def dist2019(dots) -> pd.DataFrame:
    return mirror_distribution(dots, 2019)


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


def test_estimate_side_and_year_gaps_are_explained():
    frame = mirror_matrix()
    with pytest.raises(ArgumentError, match="IMF estimate"):
        mirror_percentile(frame, "DEL", "ALP", 2019)
    with pytest.raises(ArgumentError, match="no values for 2000"):
        mirror_distribution(frame, 2000)
    with pytest.raises(ArgumentError, match=r"are 0\.0"):
        mirror_percentile(frame, "DEL", "BET", 2019)
    assert np.isnan(mirror_percentile(frame, "GAM", "ALP", 2019, min_value_musd=1e9).percentile_min_value)


# --- golden numbers of imf_dots_matrix.SOURCE.md -----------------------------------------------------------


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
