"""Sentences of the fact check (notebook 05). Plain Markdown text: display it with ``analysis.markdown.md``."""

from __future__ import annotations

import pandas as pd

from analysis.claims.revisions import RevisionBand


def verdict_counts(results: pd.DataFrame, counts: dict[str, int]) -> str:
    """'Of 83 claims, **38** consistent, ...' (``claims.summary``)."""
    return f"Of {len(results)} claims, " + ", ".join(f"**{n}** {v}" for v, n in counts.items()) + "."


def rules_note(band: RevisionBand, vintage: str) -> str:
    """What the check compares against: the IMF vintage and the revision band with where it was measured."""
    return (
        f"The statistics to 2020 are the IMF's Direction of Trade Statistics, {vintage}; later years rest on "
        f"official statements. The revision band is ±{band.percent:.2f}%: the largest revision of a cumulative "
        f"value in China customs' monthly tables ({band.n_revisions} cumulative values after January; the largest "
        f"is {band.partner} {band.flow}, {band.period}). Source of the band: {band.source}."
    )


def claim_reasons(claims: pd.DataFrame) -> str:
    """One bullet per claim (indexed by claim id): its verdict and the reason."""
    return "\n".join(f"- **{cid}** ({row['verdict']}): {row['reason']}" for cid, row in claims.iterrows())


def failed_claims(claims: pd.DataFrame) -> str:
    """One bullet per claim: who said it, when, the words around the tested figure, and the reason."""
    return "\n".join(
        f"- {row.speaker} ({row.published}): *\u201c{row.excerpt}\u201d* \u2014 {row.reason}"
        for row in claims.itertuples()
    )


def unchecked_claims(claims: pd.DataFrame) -> str:
    """One bullet per claim id: why the data cannot check it."""
    return "\n".join(f"- `{row.claim_id}`: {row.reason}" for row in claims.itertuples())


def statements_against_imf(table: pd.DataFrame, band: RevisionBand) -> str:
    """How far the official statements that name their statistics lie from the IMF's figures
    (``claims.statement_revisions``), against the band."""
    inside = table[table["difference_pct"].abs() <= band.percent]
    return (
        f"{len(table)} official statements name their statistics and give an exact trade figure of a year the IMF "
        f"covers. They differ from the IMF's figures by {table['difference_pct'].abs().min():.2f}% to "
        f"{table['difference_pct'].abs().max():.2f}%; {len(inside)} of them by no more than the revision band "
        f"(±{band.percent:.2f}%)."
    )


def out_of_scope(table: pd.DataFrame) -> str:
    """One bullet per figure left out of the ledger (``claims.load_out_of_scope``): its words and the reason."""
    return "\n".join(f"- *\u201c{row.figure}\u201d* ({row.source_id}): {row.reason}." for row in table.itertuples())
