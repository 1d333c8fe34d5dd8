"""Sentences of the fact check (notebook 05)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    pass


def verdict_counts(results: pd.DataFrame, counts: dict[str, int]) -> str:
    """'Of 53 claims, **26** consistent, ...' (``claims.summary``)."""
    return f"Of {len(results)} claims, " + ", ".join(f"**{n}** {v}" for v, n in counts.items()) + "."


def claim_reasons(claims: pd.DataFrame) -> str:
    """One bullet per claim (indexed by claim id): its verdict and the reason."""
    return "\n".join(f"- **{cid}** ({row['verdict']}): {row['reason']}" for cid, row in claims.iterrows())


def failed_claims(claims: pd.DataFrame) -> str:
    """One bullet per claim: who said it, when, the words (first 90 characters) and why it fails."""
    return "\n".join(
        f"- {row.speaker} ({row.published}): *\u201c{row.claim[:90]}\u201d* \u2014 {row.reason}"
        for row in claims.itertuples()
    )


def unchecked_claims(claims: pd.DataFrame) -> str:
    """One bullet per claim id: why the data cannot check it."""
    return "\n".join(f"- `{row.claim_id}`: {row.reason}" for row in claims.itertuples())
