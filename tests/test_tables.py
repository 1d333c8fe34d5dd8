"""Display tables: formatted from computed results, inputs never mutated, rows and order as documented."""

from __future__ import annotations

import pandas as pd

from analysis import tables
from analysis.load import load_exchanges, load_sources


def test_base_years_formats_each_column():
    table = pd.DataFrame(
        {
            "base_year": [1992, 1993],
            "start_value": [60.811e6, 58e6],
            "fold_change": [83.54, 87.6],
            "cagr": [0.1589, 0.167],
            "doubling_time": [4.7, 4.5],
        }
    )
    shown = tables.base_years(table, "CHN")
    assert list(shown.columns) == ["China-reported total then", "multiple", "a year", "doubling time"]
    assert shown.index.name == "base year" and shown.index.tolist() == [1992, 1993]
    assert shown.loc[1992].tolist() == ["US$60.8 million", "83.5×", "15.9%", "4.7 years"]


def test_statements_after_a_year_sorted_by_year_and_side():
    both = pd.DataFrame(
        {
            "year": [2020, 2022, 2021, 2021],
            "reporter": ["CHN", "CHN", "CHN", "BLR"],
            "value": [1e9, 5.08e9, 3.8e9, 5.1e9],
            "qualifier": ["exact", "exact", "over", "exact"],
            "source_id": ["a", "b", "c", "d"],
        }
    )
    before = both.copy()
    shown = tables.statements(both, after=2020)
    assert shown.index.tolist() == [(2021, "Belarus-reported"), (2021, "China-reported"), (2022, "China-reported")]
    assert shown["total"].tolist() == ["US$5.10 billion", "over US$3.80 billion", "US$5.08 billion"]
    pd.testing.assert_frame_equal(both, before)


def test_additions_show_a_rate_only_over_long_gaps():
    observed = pd.DataFrame(
        {
            "from_as_of": ["2020-01", "2020-06", "2021-06"],
            "to_as_of": ["2020-06", "2020-06", "2021-07"],
            "days": [152, 0, 400],
            "from_value": [10.0, 12.0, 12.0],
            "to_value": [12.0, 13.0, 20.0],
            "change": [2.0, 1.0, 8.0],
            "per_year": [4.8, float("nan"), 7.3],
            "same_date": [False, True, False],
        }
    )
    shown = tables.additions(observed, last=10, min_days=180)
    assert shown.index.tolist() == ["2020-06", "2021-07"]  # the same-date pair is left out
    assert shown["per year"].tolist() == ["", "+7.3"] and shown["residents"].tolist() == ["10 → 12", "12 → 20"]
    assert tables.additions(observed, last=1).index.tolist() == ["2021-07"]


def test_observations_name_the_publisher():
    exchanges, sources = load_exchanges(), load_sources()
    shown = tables.observations(exchanges, "lukashenko_visit_ordinal", sources)
    assert list(shown.columns) == ["figure", "source", "note"] and shown.index.name == "as of"
    assert set(shown["source"]) <= set(sources["publisher"])
    assert tables.only_from(exchanges, "article-2023-03-03") == sorted(
        tables.only_from(exchanges, "article-2023-03-03")
    )


def test_only_from_lists_metrics_no_other_source_gives():
    frame = pd.DataFrame({"metric": ["a", "b", "b", "c"], "source_id": ["s", "s", "t", "s"]})
    assert tables.only_from(frame, "s") == ["a", "c"]
    assert tables.only_from(frame, "t") == []


def test_claims_ledger_formats_values_in_their_unit():
    results = pd.DataFrame(
        {
            "claim_id": ["x"],
            "excerpt": ["… y nearly 83 y …"],
            "speaker": ["S"],
            "published": ["2023"],
            "value": [83.0],
            "qualifier": ["nearly"],
            "unit": ["x"],
            "computed_low": [82.2],
            "computed_high": [84.0],
            "difference_pct": [0.0],
            "verdict": ["consistent"],
            "side": ["CHN"],
            "fits": ["CHN, BLR"],
        }
    )
    ledger = tables.claims_ledger(results)
    assert ledger.index.name == "claim" and ledger.loc["x", "claim"] == "… y nearly 83 y …"
    assert ledger.loc["x", ["claimed", "side used", "figure", "difference", "fits"]].tolist() == [
        "nearly 83×",
        "China's statistics",
        "82.2× to 84×",
        "+0.00%",
        "China, Belarus",
    ]
    assert tables.claim_value(2.125, "x") == "2.12×" and tables.claim_value(1.5, "% a year") == "1.5%"


def test_ranked_importers_keep_enough_pairs_and_number_them():
    medians = pd.DataFrame(
        {"importer_iso3": ["A", "B", "C", "D"], "n_pairs": [60, 10, 80, 50], "median_ratio": [1.2, 9.0, 1.5, 1.2]}
    )
    ranked = tables.ranked_importers(medians, 50)
    assert ranked.index.tolist() == ["C", "A", "D"]  # B has too few pairs; ties keep their order
    assert ranked["place"].tolist() == [1, 2, 3]
