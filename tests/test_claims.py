"""The fact-check ledger: tolerance rules, every claim recomputed, verdicts that change with the data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import DataError
from analysis.claims import (
    VERDICTS,
    check_claims,
    summary,
)
from analysis.load import load_claims, load_trade
from analysis.paths import data_dir

# Every claim's verdict, recomputed from the bundled data. A change in data/ that moves any of
# these fails here (and in notebooks/05_fact_check.ipynb).
EXPECTED = {
    "article-trade-1992": "consistent",
    "article-trade-2022": "consistent",
    "article-trade-multiple": "consistent under a reading",
    "article-years-of-relations": "consistent",
    "article-visit-13th": "consistent",
    "article-park-residents": "consistent",
    "article-park-profit": "not checkable",
    "article-park-investment": "consistent",
    "article-students": "not checkable",
    "article-confucius-institutes": "not checkable",
    "article-confucius-classrooms": "not checkable",
    "article-new-year-event": "not checkable",
    "article-supplies-tons": "not checkable",
    "article-vaccine-batches": "not checkable",
    "article-translation-contest": "not checkable",
    "semashko-1990": "not checkable",
    "martynov-start-regnum": "consistent",
    "martynov-start-sb": "consistent",
    "lukashenko-2005": "consistent",
    "sidorsky-2008": "consistent",
    "semashko-2008": "inconsistent",
    "gao-2009-level": "consistent",
    "gao-2009-multiple": "consistent",
    "martynov-2011-regnum": "consistent",
    "martynov-2011-sb": "consistent",
    "gong-2012": "inconsistent",
    "rg-2014": "inconsistent",
    "snopkov-2015": "inconsistent",
    "liu-2015-imports": "consistent",
    "sputnik-2017": "consistent",
    "mfa-2018-total": "consistent",
    "mfa-2018-exports": "consistent",
    "mfa-2018-imports": "consistent",
    "belstat-2019-exports": "within revision band",
    "belstat-2019-imports": "consistent",
    "newsby-2019-maximum": "consistent",
    "newsby-2019-over": "within revision band",
    "mfa-2019-total": "inconsistent",
    "mfa-2019-exports": "consistent",
    "mfa-2019-imports": "within revision band",
    "siudz-2019": "inconsistent",
    "newsby-2020": "inconsistent",
    "xie-2020": "within revision band",
    "sb-2021-services": "inconsistent",
    "belta-2022-growth": "not checkable",
    "snopkov-2022-record": "inconsistent",
    "newsby-2022-nearly-6": "consistent",
    "xie-2022-growth": "consistent",
    "sb-2023-growth": "inconsistent",
    "xi-2022-50-fold": "consistent under a reading",
    "newsby-2022-50-times": "consistent under a reading",
    "martynov-2012-100-fold": "inconsistent",
    "snopkov-2026-tripled": "consistent",
}


@pytest.fixture(scope="module")
def results() -> pd.DataFrame:
    return check_claims().set_index("claim_id")


def test_every_claim_is_recomputed_with_its_expected_verdict(results):
    assert results["verdict"].to_dict() == EXPECTED


def test_the_ledger_covers_the_article_and_the_officials():
    ledger = load_claims()
    article = ledger[ledger["source_id"] == "article-2023-03-03"]
    assert set(article["metric"]) >= {
        "trade_total",
        "trade_multiple",
        "years_of_relations",
        "visit_ordinal",
        "park_residents",
        "park_profit_growth",
        "park_investment",
        "students",
        "confucius_institutes",
        "confucius_classrooms",
        "event_years",
        "supplies_tons",
        "vaccine_batches",
        "contest_edition",
    }
    assert {
        "xi-2022-50-fold",
        "gao-2009-multiple",
        "martynov-start-sb",
        "martynov-2011-sb",
        "newsby-2019-maximum",
        "newsby-2022-nearly-6",
    } <= set(ledger["claim_id"])


def test_nearly_83_times_holds_only_as_an_increase(results):
    row = results.loc["article-trade-multiple"]
    assert row["reading"] == "the increase (end ÷ start − 1) of China's total 1992→2022"
    assert row["computed"] == pytest.approx(5.08e9 / 60.811e6 - 1)
    assert "Read as the multiple (end ÷ start) of China's total 1992→2022, it does not hold: 83.54×" in row["reason"]
    assert row["tolerance"] == "82.00× to 83.00×"


def test_whose_statistics_match(results):
    assert results.loc["article-trade-1992", "side"] == "CHN"
    assert results.loc["martynov-start-sb", "side"] == "BLR"  # "about $30m": Belarus's 34.0m, not China's 60.8m
    assert results.loc["newsby-2022-nearly-6", "side"] == "BLR"
    assert results.loc["xi-2022-50-fold", "reading"].endswith("1992→2020")


def test_not_checkable_says_why_and_is_never_consistent(results):
    unchecked = results[results["verdict"] == "not checkable"]
    assert (unchecked["reason"] != "").all()
    assert "No document other than the claim's own" in results.loc["article-park-profit", "reason"]
    assert "over 4,000 (2019" in results.loc["article-students", "reason"]
    assert unchecked["computed"].isna().all()


def test_summary_counts_every_verdict(results):
    counts = summary(results.reset_index())
    assert list(counts) == list(VERDICTS)
    assert sum(counts.values()) == len(EXPECTED)


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
    trade.loc[chn_1992_imports, "value"] = "41791000.0"  # 10 million lower than the IMF's 51.791m
    trade.to_csv(path, index=False)
    results = check_claims(trade=load_trade(path)).set_index("claim_id")
    assert results.loc["article-trade-1992", "verdict"] == "inconsistent"
    assert results.loc["gao-2009-multiple", "verdict"] != EXPECTED["gao-2009-multiple"]


def test_bad_ledger_rows_name_the_line(data_copy: Path):
    path = data_copy / "claims.csv"
    ledger = pd.read_csv(path, dtype=str, keep_default_na=False)
    ledger.loc[0, "metric"] = "trade_vibes"
    ledger.loc[1, "value"] = "five billion"
    ledger.loc[2, "source_id"] = "no-such-source"
    ledger.loc[3, "reporter"] = "china"
    ledger.to_csv(path, index=False)
    with pytest.raises(DataError) as exc:
        load_claims(path)
    found = {(p.line, p.column) for p in exc.value.problems}
    assert found == {(2, "metric"), (3, "value"), (4, "source_id"), (5, "reporter")}


def test_a_check_missing_its_inputs_is_a_data_error():
    ledger = load_claims().head(1).assign(year_end="")
    with pytest.raises(DataError, match=r"claims\.csv, line 2, column 'year_end'.*needs year_end"):
        check_claims(claims=ledger)


def test_a_side_outside_the_pair_is_a_data_error():
    ledger = load_claims().head(2).assign(reporter=["", "RUS"])
    with pytest.raises(DataError, match=r"line 3, column 'reporter': got 'RUS'"):
        check_claims(claims=ledger)
