"""The ledger: what a row needs before it can be checked, which rows are one document, the quote excerpt."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.errors import DataError, Problem

NEEDS = {
    "level": ["year_end"],
    "multiple": ["year_start", "year_end"],
    "growth_index": ["year_start", "year_end"],
    "growth_pct": ["year_start", "year_end"],
    "years_since": ["year_start", "as_of"],
    "observation": ["as_of", "data_metric"],
    "bracket": ["as_of", "data_metric"],
}
TRADE_METRICS = {
    "level": ("trade_total", "trade_export", "trade_import"),
    "multiple": ("trade_multiple", "trade_export_multiple", "trade_import_multiple"),
    "growth_index": ("trade_growth_index", "trade_export_growth_index", "trade_import_growth_index"),
    "growth_pct": ("trade_growth_pct", "trade_export_growth_pct", "trade_import_growth_pct"),
}
EXCERPT_CHARS = 60  # characters of context kept on each side of the tested figure


def document_keys(sources: pd.DataFrame) -> dict[str, str]:
    """source_id -> the document it is: its URL, or outlet + date + title when it has no URL.

    Two source ids with one key are one document: a claim is never checked against either.
    """
    keys = {}
    for row in sources.itertuples(index=False):
        url = str(row.url or "")
        keys[str(row.source_id)] = url if url else f"{row.publisher} | {row.published} | {row.title or ''}"
    return keys


def excerpt(claim: str, figure: str, chars: int = EXCERPT_CHARS) -> str:
    """The part of ``claim`` around ``figure`` (cut at word boundaries, '…' where cut); the whole claim
    when it is short or ``figure`` is not in it.

    >>> excerpt("a " * 50 + "the 8,443 figure" + " b" * 50, "8,443", 10)
    '… a a a the 8,443 figure b …'
    """
    at = claim.find(figure) if figure else -1
    if at < 0 or len(claim) <= 2 * chars + len(figure):
        return claim
    start, end = max(at - chars, 0), min(at + len(figure) + chars, len(claim))
    while start > 0 and not claim[start - 1].isspace():
        start += 1
    while end < len(claim) and not claim[end].isspace():
        end -= 1
    text = claim[start:end].strip()
    return ("… " if start > 0 else "") + text + (" …" if end < len(claim) else "")


def validate_ledger(claims: pd.DataFrame, pair: tuple[str, str], label: str = "claims.csv") -> None:
    """Every structural problem of a ledger (the CSV schema checks the rest), reported at once: a
    ``DataError`` naming file, line (header = 1), column, value and what was expected."""
    problems = ledger_problems(claims, pair, label)
    if problems:
        raise DataError(problems)


def ledger_problems(claims: pd.DataFrame, pair: tuple[str, str], label: str = "claims.csv") -> list[Problem]:
    """The structural problems of ``validate_ledger`` as a list (empty when there are none)."""
    problems = []
    for line, claim in enumerate(claims.to_dict("records"), start=2):
        check = str(claim["check"])
        if check not in NEEDS:
            problems.append(Problem(label, line, "check", check, "one of " + ", ".join(NEEDS)))
            continue
        for col in NEEDS[check]:
            if not str(claim.get(col, "") or ""):
                problems.append(Problem(label, line, col, "", f"a value: the '{check}' check needs {col}"))
        reporter = str(claim.get("reporter", "") or "")
        if reporter and reporter not in pair:
            problems.append(
                Problem(label, line, "reporter", reporter, f"empty or one of the pair's reporters ({', '.join(pair)})")
            )
        if check == "level" and len([y for y in str(claim["year_end"]).split("|") if y]) > 1:
            problems.append(Problem(label, line, "year_end", str(claim["year_end"]), "exactly one year"))
        if check in TRADE_METRICS and claim["metric"] not in TRADE_METRICS[check]:
            problems.append(
                Problem(
                    label,
                    line,
                    "metric",
                    str(claim["metric"]),
                    f"a metric the '{check}' check reads (" + ", ".join(TRADE_METRICS[check]) + ")",
                )
            )
        figure = str(claim.get("figure", "") or "")
        if figure and figure not in str(claim["claim"]):
            problems.append(Problem(label, line, "figure", figure, "words that occur in the claim, verbatim"))
    return problems


def read_ledger(
    path: str | Path, sources: str | Path | None = None, pair: tuple[str, str] = ("CHN", "BLR")
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A ledger CSV in the bundled layout and its sources (``sources.csv`` beside it unless given), both
    validated: every problem of the file, of the schema and of the checks' needs, reported at once
    (``DataError``)."""
    from analysis import load

    path = Path(path)
    src = Path(sources) if sources is not None else path.parent / "sources.csv"
    try:
        claims = load.load_claims(path, sources=src, validate=True)
    except DataError as exc:
        raw = _raw(path)
        if raw is None:
            raise
        seen = {(p.line, p.column) for p in exc.problems}
        extra = [p for p in ledger_problems(raw, pair, str(path)) if (p.line, p.column) not in seen]
        raise DataError([*exc.problems, *extra]) from None
    problems = ledger_problems(claims, pair, str(path))
    if problems:
        raise DataError(problems)
    return claims, load.load_sources(src)


def _raw(path: Path) -> pd.DataFrame | None:
    """The ledger as text, when it has every column the structural checks read (else None)."""
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError, pd.errors.ParserError):
        return None
    needed = {"check", "claim", "metric", "year_end", *[c for cols in NEEDS.values() for c in cols]}
    return raw if needed <= set(raw.columns) else None


def load_out_of_scope(path: str | Path | None = None) -> pd.DataFrame:
    """The statements' figures the fact check leaves out, with the reason (``data/claims_out_of_scope.csv``)."""
    from analysis.load import read_table
    from analysis.paths import data_file

    return read_table(
        Path(path) if path is not None else data_file("claims_out_of_scope.csv"), "claims_out_of_scope.csv"
    )
