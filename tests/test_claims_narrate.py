"""Sentences and the table of the fact check (analysis.narrate.claims, analysis.tables.claims_ledger)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import narrate, tables
from analysis.claims import RevisionBand, check_claims

BAND = RevisionBand(0.0065, "2026-05", "RUS", "export", 252, "GACC")


@pytest.fixture(scope="module")
def results() -> pd.DataFrame:
    return check_claims()


def test_rules_note_states_vintage_and_band():
    text = narrate.rules_note(BAND, "values as downloaded on 2022-02-02 (snapshot of 2022-05-09)")
    assert "Direction of Trade Statistics, values as downloaded on 2022-02-02 (snapshot of 2022-05-09);" in text
    assert "The revision band is ±0.65%" in text and "RUS export, 2026-05" in text and text.endswith("GACC.")


def test_statements_against_imf_gives_the_spread():
    table = pd.DataFrame({"difference_pct": [0.04, -0.8, 0.3]})
    assert narrate.statements_against_imf(table, BAND) == (
        "3 official statements name their statistics and give an exact trade figure of a year the IMF covers. "
        "They differ from the IMF's figures by 0.04% to 0.80%; 2 of them by no more than the revision band (±0.65%)."
    )


def test_out_of_scope_lists_figure_and_reason():
    table = pd.DataFrame({"figure": ["$8.9 billion"], "source_id": ["s"], "reason": ["a part-year figure"]})
    assert narrate.out_of_scope(table) == "- *\u201c$8.9 billion\u201d* (s): a part-year figure."


def test_the_ledger_table_shows_side_figure_and_difference(results):
    table = tables.claims_ledger(results)
    assert list(table.columns) == [
        "claim", "who", "when", "claimed", "side used", "figure", "difference", "verdict", "fits",
    ]  # fmt: skip
    row = table.loc["newsby-2019-over"]
    assert (row["side used"], row["figure"], row["difference"], row["fits"]) == (
        "Belarus's statistics", "US$4.48 billion", "-0.42%", "Belarus",
    )  # fmt: skip
    assert table.loc["article-park-residents", "figure"] == "93 to 108"
    assert table.loc["article-students", "difference"] == ""
