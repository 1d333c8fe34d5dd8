"""Sentences: computed figures, the reporter named, hedges carried and rounded the safe way."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import ArgumentError, load_sources, load_trade, narrate, pair
from analysis.mirror import RatioSummary
from analysis.narrate import by_statistics, growth_sentence, source_footer, two_sides_sentence, whose
from analysis.series import annual_series
from analysis.world import MirrorPosition


@pytest.fixture(scope="module")
def trade() -> pd.DataFrame:
    return load_trade()


def one(year: int, value: float, qualifier: str = "exact", reporter: str = "CHN", partner: str = "BLR") -> dict:
    return {
        "year": year,
        "reporter": reporter,
        "partner": partner,
        "flow": "total",
        "value": value,
        "qualifier": qualifier,
        "valuation": "unknown",
        "source_id": "s",
    }


def test_headline_growth_sentence(trade):
    text = growth_sentence(annual_series(trade, "CHN", "BLR"), 1992, 2022)
    assert text.startswith("By China's own statistics, China–Belarus trade grew from US$60.8 million in 1992")
    assert "US$5.08 billion in 2022" in text
    # 5.08e9 / 60.811e6 = 83.54 (the article's rounded 60.8m gives 83.55)
    assert "83.5× the starting level (an increase of 82.5 times)" in text
    assert "15.9% a year compounded over 30 years" in text
    assert "doubled every 4.7 years" in text


def test_lower_bound_end_value_makes_the_multiple_a_lower_bound():
    series = pd.DataFrame([one(2000, 1e9), one(2010, 12.99e9, "over")])
    text = growth_sentence(series, 2000, 2010)
    assert "to over US$12.9 billion in 2010" in text
    assert "over 12.9× the starting level" in text  # 12.99 floored, never rounded up to 13.0


def test_upper_bound_start_value_also_makes_a_lower_bound():
    series = pd.DataFrame([one(2000, 1e9, "nearly"), one(2010, 5e9)])
    assert "over 5.0×" in growth_sentence(series, 2000, 2010)


def test_decline_is_said_as_a_decline():
    series = pd.DataFrame([one(2000, 2e9), one(2002, 1e9)])
    assert "-29.3% a year over 2 years" in growth_sentence(series, 2000, 2002)


def test_sentence_errors():
    series = pd.DataFrame([one(2000, 1e9), one(2010, 2e9)])
    with pytest.raises(ArgumentError, match="must be after start year"):
        growth_sentence(series, 2010, 2000)
    with pytest.raises(ArgumentError, match="no value for 2005"):
        growth_sentence(series, 2005, 2010)


def test_two_sides_sentence(trade):
    text = two_sides_sentence(annual_series(trade, "CHN", "BLR"), annual_series(trade, "BLR", "CHN"), 1992)
    assert text == (
        "For 1992, China reports US$60.8 million of trade with Belarus, while Belarus reports "
        "US$34.0 million: 0.56× the China-reported figure."
    )


def test_labels():
    assert whose("BLR") == "Belarus-reported"
    assert by_statistics("CHN") == "by China's own statistics"


def test_source_footer_collapses_imf_and_lists_statements():
    sources = load_sources()
    footer = source_footer(["imf-dots-chn", "imf-dots-blr", "biang-ru-2023-09-30"], sources)
    assert footer == "Source: IMF, Direction of Trade Statistics; biang.ru (reprint of Interfax) (2023-09-30)"
    many = source_footer(list(sources["source_id"][3:12]), sources, limit=2)
    assert many.endswith("more (data/sources.csv)")
    with pytest.raises(ArgumentError, match="not in the sources table: nope"):
        source_footer(["nope"], sources)


# --- the headline and the other sentences the notebooks and the index page share ----------------------


@pytest.fixture(scope="module")
def bundled() -> pair.PairContext:
    return pair.build_context("CHN", "BLR")


def test_the_headline_is_notebook_01s_growth_sentence(bundled):
    text = narrate.headline(bundled)
    assert text == growth_sentence(bundled.own, 1992, 2022)  # the article's years, not the series' last (2023)
    assert text.startswith(
        "By China's own statistics, China–Belarus trade grew from US$60.8 million in 1992 to US$5.08 billion in "
        "2022: 83.5× the starting level (an increase of 82.5 times), or 15.9% a year compounded over 30 years"
    )


def test_the_headline_of_another_pair_spans_its_series():
    ctx = pair.build_context("RUS", "CHN")
    assert narrate.headline(ctx) == growth_sentence(ctx.own, ctx.start_year, ctx.end_year)
    assert f"in {ctx.start_year} to " in narrate.headline(ctx) and "By Russia's own statistics" in narrate.headline(ctx)


def test_no_headline_without_the_reporters_series(write_trade):
    path = write_trade(
        "2023,THA,CHN,export,10,USD,FOB,annual,exact,src-a", "2023,THA,CHN,import,12,USD,CIF,annual,exact,src-a"
    )
    ctx = pair.build_context("CHN", "THA", path)  # Thailand's statistics only, for a year the IMF matrix lacks
    with pytest.raises(ArgumentError, match="no headline: the trade table has no series of China's own statistics"):
        narrate.headline(ctx)
    assert narrate.latest_sides(ctx) is None


def test_latest_sides_and_first_year_sides(bundled):
    assert narrate.latest_sides(bundled) == two_sides_sentence(bundled.own, bundled.other, 2023)
    plain = narrate.first_year_sides(bundled)
    assert plain == two_sides_sentence(bundled.own, bundled.other, 1992) + (
        " The China-reported total is the sum of China's exports (US$9.02 million) and imports (US$51.8 million)."
    )
    claim = pd.Series({"value": 60.8e6, "side": "CHN", "verdict": "consistent", "reason": "It fits."})
    assert narrate.first_year_sides(bundled, claim) == plain + (
        " The article's starting figure, US$60.8 million, is therefore China-reported: the check against the data "
        "is *consistent*. It fits."
    )


def test_statements_after_the_statistics_say_when_a_side_hedged():
    ratio = pd.DataFrame(
        {
            "year": [2020, 2021, 2022],
            "ratio": [1.7, 1.336, 1.14],
            "qualifier_num": ["exact", "exact", "exact"],
            "qualifier_den": ["exact", "over", "exact"],
        }
    )
    text = narrate.statements_ratio(ratio, after=2020)
    assert text is not None and "smaller: 2021: 1.34× (one side hedged); 2022: 1.14×. Statements" in text
    assert narrate.statements_ratio(ratio, after=2022) is None


def test_totals_window():
    window = RatioSummary(median=1.7, min=1.48, max=2.36, n_years=15, first_year=2006, last_year=2020)
    assert narrate.totals_window(window, "BLR", "CHN") == (
        "In the two statistical series, from 2006 to 2020, Belarus-reported totals are between 1.48× and 2.36× the "
        "China-reported totals (median 1.70×, 15 years)."
    )


def test_notes_for_other_pairs_and_files(bundled, write_trade):
    assert narrate.case_study_note(bundled) is None and narrate.world_matrix_note(bundled) is None
    path = write_trade(
        "2020,THA,CHN,export,10,USD,FOB,annual,exact,src-a", "2020,THA,CHN,import,12,USD,CIF,annual,exact,src-a"
    )
    ctx = pair.build_context("THA", "CHN", path)
    assert "(THA–CHN)" in narrate.case_study_note(ctx)
    assert (
        narrate.world_matrix_note(ctx)
        == f"*{path} is not a DOTS matrix (.parquet): this notebook uses the bundled IMF matrix.*"
    )


def test_partner_rank_skips_years_without_a_rank():
    ranks = pd.DataFrame({"rank": [9.0, 4.0], "n_ranked": [100.0, 120.0], "share": [0.01, 0.05]}, index=[2005, 2010])
    assert narrate.partner_rank(ranks, "CHN", "BLR") == (
        "By Belarus's own statistics, China was Belarus's partner number 9 of 100 in 2005 and 4 of 120 in 2010. "
        "Its share of Belarus's trade went from 1.00% in 2005 to 5.00% in 2010 (5.0× the 2005 share)."
    )


def test_share_text_keeps_small_shares_readable():
    assert narrate.share_text(0.2) == "20.00%" and narrate.share_text(0.00012345) == "0.0123%"


def test_mirror_positions_and_importer_position():
    position = MirrorPosition("CHN", "BLR", 2019, 1780.0, 3810.0, 2.14, 100, 75.7, 1.13, 10, 50, 90.5, 1.08, False)
    text = narrate.mirror_positions(2019, [position], 10)
    assert text.startswith("Mirror ratios in 2019 (importer's figure ÷ exporter's figure; median of all pairs 1.13×")
    assert text.endswith(
        "higher than 76% of all 100 pairs and than 90% of the 50 pairs where both figures are at least US$10 million."
    )
    ranked = pd.DataFrame(
        {"n_pairs": [100], "median_ratio": [2.18], "weighted_ratio": [1.18], "place": [1]}, index=["BLR"]
    )
    as_exporter = pd.DataFrame({"median_ratio": [1.03], "n_pairs": [185]}, index=["CHN"])
    text = narrate.importer_position(ranked, as_exporter, "CHN", "BLR", 2019, 50)
    assert text.endswith("China as an exporter: median 1.03× over 185 partners.")  # China is not a ranked importer


def test_claim_lists():
    claims = pd.DataFrame(
        {
            "claim_id": ["a"],
            "speaker": ["S"],
            "published": ["2020"],
            "claim": ["x" * 100],
            "excerpt": ["… x 8 x …"],
            "verdict": ["inconsistent"],
            "reason": ["why"],
        }
    )
    assert narrate.failed_claims(claims) == "- S (2020): *\u201c… x 8 x …\u201d* \u2014 why"
    assert narrate.unchecked_claims(claims) == "- `a`: why"
    assert narrate.claim_reasons(claims.set_index("claim_id")) == "- **a** (inconsistent): why"
    assert narrate.verdict_counts(claims, {"consistent": 0, "inconsistent": 1}) == (
        "Of 1 claims, **0** consistent, **1** inconsistent."
    )
    assert narrate.only_article_sentence(["m1", "m2"]).endswith("the same metric): `m1`, `m2`.")


def test_one_year_gives_a_level_not_growth(write_trade):
    path = write_trade(
        "2023,THA,CHN,export,10000000,USD,FOB,annual,exact,src-a",
        "2023,THA,CHN,import,12000000,USD,CIF,annual,exact,src-a",
    )
    text = narrate.headline(pair.build_context("THA", "CHN", path))
    assert text == (
        "By Thailand's own statistics, Thailand–China trade was US$22.0 million in 2023. The data hold this one "
        "year only: levels, shares and the gap between the two sides can be read, growth cannot."
    )


def test_a_reporter_side_from_the_imf_matrix_is_labelled(write_trade):
    path = write_trade(
        *(
            f"{y},THA,CHN,{f},10,USD,{v},annual,exact,src-a"
            for y in (2019, 2020)
            for f, v in (("export", "FOB"), ("import", "CIF"))
        )
    )
    text = narrate.headline(pair.build_context("CHN", "THA", path))
    assert text.startswith("By China's own statistics, China–Thailand trade grew from")
    assert text.endswith("(China's figures from the bundled IMF DOTS matrix: the file holds the partner's only.)")
