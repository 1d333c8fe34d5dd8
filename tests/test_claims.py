"""The fact check: every verdict recomputed, and each editor's point (side, revisions, ranges, own document,
completeness, excerpts) tested against the bundled data; verdicts that change when the data change."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import DataError
from analysis.claims import (
    VERDICTS,
    check_claims,
    data_vintage,
    difference_pct,
    load_out_of_scope,
    revision_band,
    statement_revisions,
    summary,
)
from analysis.claims.check import Reading
from analysis.load import load_claims, load_sources, load_trade
from analysis.paths import data_dir, repo_root

SHARED = repo_root().parent / "shared" / "data"  # type: ignore[union-attr]
needs_shared = pytest.mark.skipif(
    not (SHARED / "statements" / "trade_statements.csv").is_file(),
    reason=f"the sourced statements are not beside the checkout ({SHARED})",
)

# Every claim's verdict and the side whose figure is shown, recomputed from the bundled data. A change
# in data/ that moves any of these fails here (and in notebooks/05_fact_check.ipynb).
EXPECTED = {
    "article-trade-1992": ("consistent", "CHN"),
    "article-trade-2022": ("consistent", "CHN"),
    "article-trade-multiple": ("consistent under a reading", "CHN"),
    "article-years-of-relations": ("consistent", ""),
    "article-visit-13th": ("consistent", ""),
    "article-park-residents": ("consistent", ""),
    "article-park-profit": ("not checkable", ""),
    "article-park-investment": ("consistent", ""),
    "article-students": ("not checkable", ""),
    "article-confucius-institutes": ("not checkable", ""),
    "article-confucius-classrooms": ("not checkable", ""),
    "article-new-year-event": ("not checkable", ""),
    "article-supplies-tons": ("not checkable", ""),
    "article-vaccine-batches": ("not checkable", ""),
    "article-translation-contest": ("not checkable", ""),
    "semashko-1990": ("not checkable", ""),
    "martynov-start-regnum": ("consistent", "BLR"),
    "martynov-start-sb": ("consistent", "BLR"),
    "lukashenko-2005": ("consistent", "BLR"),
    "sidorsky-2008": ("consistent", "BLR"),
    "semashko-2008": ("inconsistent", "BLR"),
    "gao-2009-level": ("consistent", "CHN"),
    "gao-2009-multiple": ("consistent", "CHN"),
    "martynov-2011-regnum": ("consistent", "BLR"),
    "martynov-2011-sb": ("consistent", "BLR"),
    "gong-2012": ("inconsistent", "CHN"),
    "rg-2014": ("inconsistent", "BLR"),
    "snopkov-2015": ("inconsistent", "BLR"),
    "liu-2015-imports": ("consistent", "CHN"),
    "sputnik-2017": ("consistent", "BLR"),
    "mfa-2018-total": ("consistent", "CHN"),
    "mfa-2018-exports": ("consistent", "CHN"),
    "mfa-2018-imports": ("consistent", "CHN"),
    "belstat-2019-exports": ("within revision band", "BLR"),
    "belstat-2019-imports": ("consistent", "BLR"),
    "newsby-2019-maximum": ("consistent", "BLR"),
    "newsby-2019-over": ("within revision band", "BLR"),
    "mfa-2019-total": ("inconsistent", "CHN"),
    "mfa-2019-exports": ("consistent", "CHN"),
    "mfa-2019-imports": ("within revision band", "CHN"),
    "siudz-2019": ("inconsistent", "BLR"),
    "newsby-2020": ("inconsistent", "BLR"),
    "xie-2020": ("within revision band", "CHN"),
    "sb-2021-services": ("inconsistent", "BLR"),
    "belta-2022-growth": ("not checkable", ""),
    "snopkov-2022-record": ("inconsistent", "CHN"),
    "newsby-2022-nearly-6": ("consistent", "BLR"),
    "xie-2022-growth": ("consistent", "CHN"),
    "sb-2023-growth": ("inconsistent", "BLR"),
    "xi-2022-50-fold": ("consistent under a reading", "CHN"),
    "newsby-2022-50-times": ("consistent under a reading", "CHN"),
    "martynov-2012-100-fold": ("inconsistent", "BLR"),
    "snopkov-2026-tripled": ("consistent", "BLR"),
    "sidorsky-2008-doubled": ("consistent", "CHN"),
    "sputnik-2017-growth": ("within revision band", "BLR"),
    "moyby-2018": ("inconsistent", "BLR"),
    "mfa-2018-growth": ("consistent", "CHN"),
    "mfa-2018-exports-growth": ("consistent", "CHN"),
    "mfa-2018-imports-growth": ("consistent", "CHN"),
    "newsby-2019-growth": ("within revision band", "BLR"),
    "mfa-2019-growth": ("within revision band", "CHN"),
    "siudz-2019-growth": ("inconsistent", "BLR"),
    "dzen-2021": ("inconsistent", "CHN"),
    "sb-2021-index": ("inconsistent", "BLR"),
    "xie-2021-level": ("not checkable", ""),
    "xie-2021-growth": ("not checkable", ""),
    "belta-2022-total": ("not checkable", ""),
    "belta-2022-exports": ("not checkable", ""),
    "belta-2022-imports": ("not checkable", ""),
    "newsby-2022-exports-growth": ("not checkable", ""),
    "xie-2022-level": ("consistent", "CHN"),
    "ycwb-2022-level": ("consistent", "CHN"),
    "ycwb-2022-growth": ("consistent", "CHN"),
    "sb-2023-level": ("consistent", "BLR"),
    "newsby-2023": ("consistent", "BLR"),
    "xie-2023-level": ("consistent", "CHN"),
    "xie-2023-multiple": ("consistent", "CHN"),
    "chinadaily-2023": ("consistent", "CHN"),
    "koala-2023-exports": ("not checkable", ""),
    "koala-2024-imports": ("not checkable", ""),
    "newsby-2025": ("not checkable", ""),
    "zhenguoke-2025": ("consistent", "BLR"),
    "snopkov-2026-exports-doubled": ("not checkable", ""),
}


@pytest.fixture(scope="module")
def results() -> pd.DataFrame:
    return check_claims().set_index("claim_id")


def test_every_claim_is_recomputed_with_its_expected_verdict_and_side(results):
    assert {cid: (row.verdict, row.side) for cid, row in results.iterrows()} == EXPECTED


def test_summary_counts_every_verdict(results):
    counts = summary(results.reset_index())
    assert list(counts) == list(VERDICTS)
    assert sum(counts.values()) == len(EXPECTED)


# --- 1. the side a claim names, or each side ----------------------------------------------------------------


def test_a_claim_naming_no_side_shows_the_figure_of_the_side_it_fits(results):
    row = results.loc["newsby-2019-over"]  # Belarusian TV, "slightly over 4.5bn" for 2019
    assert (row["side"], row["fits"]) == ("BLR", "BLR")
    assert row["computed"] == pytest.approx(4.481e9, rel=1e-3)  # Belarus's own figure, not China's 2.69bn
    assert row["reason"].startswith("Belarus's statistics for the 2019 total give US$4.481 billion")
    assert "China's statistics give US$2.692 billion (-40.17%): inconsistent." in row["reason"]


def test_when_no_side_fits_the_speakers_side_is_shown(results):
    assert results.loc["semashko-2008", "side"] == "BLR"  # a Belarusian deputy PM: Belarus's 2.028bn
    assert results.loc["gong-2012", "side"] == "CHN"  # the PRC ambassador: China's 1.583bn
    assert (results.loc[results["verdict"] == "inconsistent", "fits"] == "").all()


def test_a_claim_naming_its_side_is_read_against_that_side_only(results):
    row = results.loc["mfa-2019-total"]
    assert row["side"] == "CHN" and "Belarus" not in row["reason"]


def test_a_claim_fitting_both_sides_lists_both(results):
    assert results.loc["lukashenko-2005", "fits"] == "CHN, BLR"
    assert results.loc["lukashenko-2005", "side"] == "BLR"  # the speaker's side first


# --- 2. revisions --------------------------------------------------------------------------------------------


def test_the_revision_band_is_measured_in_the_customs_tables():
    band = revision_band()
    assert band.percent == pytest.approx(0.6549, abs=1e-4)  # check_gacc.py: max |diff| 0.6549% of ytd
    assert (band.period, band.partner, band.flow) == ("2026-05", "RUS", "export")


def test_small_differences_are_revisions_not_errors(results):
    for cid, diff in [("xie-2020", 0.04), ("mfa-2019-imports", 0.07), ("belstat-2019-exports", -0.32)]:
        assert results.loc[cid, "verdict"] == "within revision band"
        assert results.loc[cid, "difference_pct"] == pytest.approx(diff, abs=0.005)
        assert "within the revision band of ±0.65%" in results.loc[cid, "reason"]
    # 0.80% is beyond the largest revision the customs tables show: still inconsistent
    assert results.loc["mfa-2019-total", "verdict"] == "inconsistent"
    assert results.loc["mfa-2019-total", "difference_pct"] == pytest.approx(-0.80, abs=0.005)


def test_every_checked_claim_has_a_difference_in_percent(results):
    checked = results[results["verdict"] != "not checkable"]
    assert checked["difference_pct"].notna().all()
    assert results.loc[results["verdict"] == "not checkable", "difference_pct"].isna().all()


def test_statements_against_the_imf_test_the_band(results):
    table = statement_revisions(results.reset_index())
    assert {"mfa-2019-total", "mfa-2019-imports", "belstat-2019-exports"} <= set(table["claim_id"])
    assert table["difference_pct"].abs().max() == pytest.approx(1.24, abs=0.01)  # "18亿": rounding, consistent


def test_the_data_vintage_is_stated():
    assert data_vintage(load_sources()) == "values as downloaded on 2022-02-02 (snapshot of 2022-05-09)"


# --- 3. ranges -----------------------------------------------------------------------------------------------


def test_a_bracket_is_shown_as_a_range_with_where_the_claim_falls(results):
    row = results.loc["article-park-residents"]
    assert (row["computed_low"], row["computed_high"], row["difference_pct"]) == (93, 108, 0)
    assert row["reason"] == (
        "The other documents either side give 93 (2022-10-10) and 108 (2023-04-30): the claimed 107 lies between "
        "them, 93% of the way from the 2022-10-10 figure to the 2023-04-30 one, inside what '107' admits "
        "(106.5 to 107.5)."
    )
    invest = results.loc["article-park-investment"]
    assert "the claimed US$1.30 billion lies between them, 62% of the way" in invest["reason"]
    assert "within at least" not in invest["reason"]


def test_a_hedged_data_value_is_read_as_a_range(results):
    row = results.loc["xie-2023-level"]
    assert "give over US$8.400 billion (read as US$8.400 billion to US$8.500 billion)" in row["reason"]


# --- 4. never its own document -------------------------------------------------------------------------------


def test_a_claim_is_not_checked_against_another_id_of_its_own_document(results):
    # Snopkov's $5.8bn (BelTA, 28 Feb 2023) and BelTA's $5.79bn stand at one URL under two source ids
    sources = load_sources().set_index("source_id")
    assert sources.loc["belta-by-2023-02-28", "url"] == sources.loc["belta-by-2023-02-28-c", "url"]
    row = results.loc["snopkov-2022-record"]
    assert row["verdict"] == "inconsistent" and row["side"] == "CHN"
    assert "Belarus's statistics cannot test it" in row["reason"]
    assert results.loc["belta-2022-total", "verdict"] == "not checkable"


def test_a_document_without_url_is_outlet_date_and_title(tmp_path: Path):
    from analysis.claims import document_keys

    sources = pd.DataFrame(
        {"source_id": ["a", "b", "c"], "url": ["", "", "https://x"], "publisher": ["TV", "TV", "TV"],
         "published": ["2020", "2020", "2020"], "title": ["t", "t", ""]}
    )  # fmt: skip
    keys = document_keys(sources)
    assert keys["a"] == keys["b"] != keys["c"]


# --- 5. the ledger is complete -------------------------------------------------------------------------------

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers(text: str) -> set[str]:
    return {n for n in NUMBER.findall(text) if not re.fullmatch(r"(19|20)\d\d", n)}


@needs_shared
def test_every_figure_of_the_trade_statements_is_in_the_ledger_or_out_of_scope():
    with open(SHARED / "statements" / "trade_statements.csv", encoding="utf-8", newline="") as fh:
        quotes = {row["quote"] for row in csv.DictReader(fh)}
    ledger, out = load_claims(), load_out_of_scope()
    covered = {q: set() for q in quotes}
    pairs = [*zip(ledger["claim"], ledger["figure"], strict=True), *zip(out["quote"], out["figure"], strict=True)]
    for claim, figure in pairs:
        if claim in covered:
            covered[claim] |= _numbers(figure)
    missing = {q[:60]: sorted(_numbers(q) - covered[q]) for q in quotes if _numbers(q) - covered[q]}
    assert missing == {}
    assert set(out["reason"].str.split(" ").str[0]) == {"a"}  # every reason written out


def test_the_growth_claims_the_issue_names_are_checked(results):
    assert results.loc["mfa-2019-growth", "computed"] == pytest.approx(56.86, abs=0.01)  # China's data: +56.9%
    assert results.loc["sputnik-2017-growth", "computed"] == pytest.approx(19.39, abs=0.01)  # Belarus's: +19.4%
    assert results.loc["sb-2021-index", "value"] == 108.7
    assert {"sidorsky-2008-doubled", "snopkov-2026-exports-doubled"} <= set(results.index)


# --- 6. the quote around the figure --------------------------------------------------------------------------


def test_the_excerpt_shows_the_tested_figure(results):
    assert "3,003 Milliarden" in results.loc["xie-2020", "excerpt"]
    for cid, row in results.iterrows():
        figure = load_claims().set_index("claim_id").loc[cid, "figure"]
        assert figure in row["excerpt"], cid


def test_excerpt_cuts_at_words():
    from analysis.claims import excerpt

    text = "one two three four five six seven 8,443 eight nine ten eleven twelve"
    assert excerpt(text, "8,443", 10) == "… six seven 8,443 eight …"
    assert excerpt(text, "absent", 10) == text
    assert excerpt("short 1", "1") == "short 1"


# --- the data change, the verdicts change --------------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ to edit: the bundled files are never touched."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy, ignore=shutil.ignore_patterns("*.parquet"))
    return copy


def test_editing_a_value_a_claim_depends_on_changes_its_verdict(data_copy: Path):
    path = data_copy / "trade.csv"
    trade = pd.read_csv(path, dtype=str, keep_default_na=False)
    chn_1992_imports = (trade["year"] == "1992") & (trade["reporter"] == "CHN") & (trade["flow"] == "import")
    trade.loc[chn_1992_imports, "value"] = "41791000"  # 10 million lower than the IMF's 51.791m
    blr_2019_exports = (trade["year"] == "2019") & (trade["reporter"] == "BLR") & (trade["flow"] == "export")
    trade.loc[blr_2019_exports, "value"] = "675500000"  # Belstat's preliminary figure
    trade.to_csv(path, index=False)
    results = check_claims(trade=load_trade(path)).set_index("claim_id")
    assert results.loc["article-trade-1992", "verdict"] == "inconsistent"
    assert results.loc["gao-2009-multiple", "verdict"] != EXPECTED["gao-2009-multiple"][0]
    assert results.loc["belstat-2019-exports", "verdict"] == "consistent"


# --- bad ledgers ---------------------------------------------------------------------------------------------


def test_bad_ledger_rows_name_the_line(data_copy: Path):
    path = data_copy / "claims.csv"
    ledger = pd.read_csv(path, dtype=str, keep_default_na=False)
    ledger.loc[0, "metric"] = "trade_vibes"
    ledger.loc[1, "value"] = "five billion"
    ledger.loc[2, "source_id"] = "no-such-source"
    ledger.loc[3, "reporter"] = "china"
    ledger.to_csv(path, index=False)
    with pytest.raises(DataError) as exc:
        check_claims(path)
    found = {(p.line, p.column) for p in exc.value.problems}
    assert found == {(2, "metric"), (3, "value"), (4, "source_id"), (5, "reporter")}


def test_a_check_missing_its_inputs_is_a_data_error():
    ledger = load_claims().head(1).assign(year_end="")
    with pytest.raises(DataError, match=r"claims\.csv, line 2, column 'year_end'.*needs year_end"):
        check_claims(claims=ledger)


def test_every_structural_problem_is_reported_at_once():
    ledger = load_claims().head(3).assign(reporter=["", "RUS", ""], figure=["US$60.8 million", "x", "nearly 83 times"])
    ledger.loc[2, "metric"] = "trade_total"  # a multiple check on a level metric
    with pytest.raises(DataError) as exc:
        check_claims(claims=ledger)
    found = {(p.line, p.column) for p in exc.value.problems}
    assert found == {(3, "reporter"), (3, "figure"), (4, "metric")}


# --- the arithmetic of differences and revision bands --------------------------------------------------------


positive = st.floats(min_value=1e-3, max_value=1e12, allow_nan=False)


@given(positive, positive, positive)
def test_difference_is_zero_inside_the_range_and_signed_outside(claimed, a, b):
    lo, hi = sorted((a, b))
    diff = difference_pct(claimed, lo, hi)
    if lo <= claimed <= hi:
        assert diff == 0
    else:
        assert (diff < 0) == (claimed > hi)
        nearest = lo if claimed < lo else hi
        assert diff == pytest.approx((nearest - claimed) / claimed * 100)


@given(positive, st.floats(min_value=0.0, max_value=0.2), st.sampled_from([(1.0, 0.0), (100.0, 0.0), (100.0, -100.0)]))
def test_the_revised_range_contains_the_range_and_grows_with_the_band(ratio, band, scale):
    mul, add = scale
    level = Reading("level", "CHN", ratio, revisable=True, ratio_power=1)
    shown = Reading("ratio", "CHN", ratio * mul + add, revisable=True, ratio_power=2, ratio_scale=scale)
    for r in (level, shown):
        lo, hi = r.revised_range(band)
        assert lo <= r.range()[0] + 1e-9 * abs(r.range()[0]) and hi >= r.range()[1] - 1e-9 * abs(r.range()[1])
        wider = r.revised_range(band + 0.01)
        assert wider[0] <= lo + 1e-9 * abs(lo) and wider[1] >= hi - 1e-9 * abs(hi)
