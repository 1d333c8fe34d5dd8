"""Sentences of the latest years: every figure from the arguments, currency and conversion stated, `$` escaped
when rendered."""

from __future__ import annotations

import doctest

import pandas as pd
import pytest

from analysis import currency, economy, latest, months, prices
from analysis.load import load_cpi, load_gacc, load_trade, load_wdi
from analysis.markdown import escape
from analysis.narrate import latest as say


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return {"gacc": load_gacc(), "wdi": load_wdi(), "cpi": load_cpi(), "trade": load_trade()}


def test_doctests():
    assert doctest.testmod(say).failed == 0


def test_a_full_year_in_yuan_with_its_conversion(data):
    c = currency.to_usd(months.full_year(data["gacc"], "BLR", 2024), "CNY", 2024, data["wdi"])
    text = say.full_year_sentence("BLR", 2024, c)
    assert text.startswith("China customs (GACC) recorded 59.68 billion yuan of trade with Belarus in 2024")
    assert "US$8.29 billion, converted at the World Bank's 2024 average of 7.1975 yuan per dollar." in text
    assert "US\\$8.29" in escape(text)


def test_ytd_growth_printed_beside_recomputed_with_the_reason(data):
    text = say.ytd_growth_sentence(months.ytd_growth(data["gacc"], "BLR", "2025-12"))
    assert "+6.1% on the same months of 2024 as China customs (GACC) prints it" in text
    assert "+6.08% recomputed from the 2024 bulletin (59.68 billion yuan)" in text
    assert "revised 2024 figure" in text and "differ by 0.02 percentage points" in text
    assert text.endswith("there is no sourced exchange rate for part of a year.")


def test_share_and_revision_sentences(data):
    g = data["gacc"]
    text = say.share_sentence("BLR", 0.00139, "RUS", 0.0359, "2026-07")
    assert text == (
        "Belarus accounted for 0.14% of China's trade with the world in Jan-Jul 2026 (Russia: 3.6%), both shares "
        "of GACC's own world total, in yuan."
    )
    rev = say.revisions_sentence(months.revisions(g, "BLR"), "BLR")
    assert "by up to 0.10% (full year 2024)" in rev


def test_headline_and_constant_dollars(data):
    h = latest.headline(data["trade"], data["gacc"], data["wdi"], data["cpi"])
    text = say.headline_sentence(h)
    assert text.startswith("By China's statistics, trade with Belarus grew from US$60.8 million in 1992")
    assert "to 63.30 billion yuan in 2025 (China customs (GACC)), that is US$8.80 billion converted at" in text
    assert "144.8× in current dollars and 63.1× in constant dollars (US CPI-U annual average, BLS)" in text
    growth = prices.real_growth(60.811e6, 1992, 5.08e9, 2022, data["cpi"])
    real = say.constant_dollar_sentence(growth, 1992, 2022)
    assert "rose 83.5× in current dollars; prices rose 2.086×" in real and "the rise is 40.0×" in real


def test_gdp_share_names_both_sources(data):
    share = economy.share_of(8.8e9, "CHN", 2025, data["wdi"], "gdp", "China customs (GACC)")
    text = say.gdp_share_sentence(share)
    assert text.startswith("That trade equals 0.05% of China's GDP in 2025 (US$19.5 trillion)")
    assert text.endswith("trade: China customs (GACC); GDP: World Bank, World Development Indicators.")


def test_statements_sentence_compares_only_what_can_be_compared(data):
    table = latest.statements_vs_customs(data["trade"], data["gacc"], data["wdi"])
    text = say.statements_sentence(table)
    assert "Belarus's annual 2025 figure of over US$8.86 billion is 1.01× China customs' US$8.80 billion" in text
    assert say.statements_sentence(table.iloc[0:0]).startswith("No recent statement can be set beside")


def test_statements_sentence_counts_what_was_not_compared(data):
    table = latest.statements_vs_customs(data["trade"], data["gacc"], data["wdi"])
    text = say.statements_sentence(table)
    assert text.endswith(
        "Not compared: 1 part-year figure(s) in US dollars (no sourced rate for part of a year) and 6 figure(s) "
        "for periods before the customs table starts."
    )


def test_recent_claims_sentence_states_each_side_and_rounds_a_lower_bound_down(data):
    from analysis.load import load_claims

    claims = load_claims()
    table = latest.claims_vs_latest(claims, data["trade"], data["gacc"], data["wdi"])
    text = say.recent_claims_sentence(table, claims)
    assert "(2015-2025): by China's statistics 5.0×, the end value converted at the World Bank's 2025" in text
    assert "by Belarus's statistics over 2.7×." in text  # 2.78, a lower bound: rounded down
    assert say.recent_claims_sentence(table.iloc[0:0], claims).startswith("No claim of the ledger")
