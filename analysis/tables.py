"""Tables for readers: the frames the notebooks display, built from computed results.

Each function takes the output of a library function (``analysis.growth``, ``park``, ``claims``,
``world``) and returns a new frame with the columns, formatting and index a notebook shows; it never
mutates its input. Money is US dollars, formatted by ``analysis.formatting``; sentences live in
``analysis.narrate``.
"""

from __future__ import annotations

import pandas as pd

from analysis import formatting as fmt
from analysis.narrate import whose


def base_years(table: pd.DataFrame, reporter: str) -> pd.DataFrame:
    """The base-year sensitivity (``growth.base_year_sensitivity``) formatted, indexed by base year."""
    return pd.DataFrame(
        {
            "base year": table["base_year"],
            f"{whose(reporter)} total then": [fmt.money(v) for v in table["start_value"]],
            "multiple": [fmt.ratio(v) for v in table["fold_change"]],
            "a year": [fmt.percent(v) for v in table["cagr"]],
            "doubling time": [fmt.years(v) for v in table["doubling_time"]],
        }
    ).set_index("base year")


def statements(both: pd.DataFrame, after: int) -> pd.DataFrame:
    """Both sides' totals after ``after`` (official statements), hedged as published, by year and side.

    ``both`` is long, one row per reporter and year (``PairContext.both`` or ``series.both_sides``).
    """
    recent = both[both["year"] > after]
    return (
        pd.DataFrame(
            {
                "year": recent["year"],
                "whose statistics": [whose(r) for r in recent["reporter"]],
                "total": [fmt.hedged_money(v, q) for v, q in zip(recent["value"], recent["qualifier"], strict=True)],
                "source": recent["source_id"],
            }
        )
        .set_index(["year", "whose statistics"])
        .sort_index()
    )


def additions(observed: pd.DataFrame, last: int = 10, min_days: int = 180) -> pd.DataFrame:
    """The last ``last`` changes between dated resident counts (``park.net_additions(...).observed``).

    Reports on the same date are left out; a per-year rate is shown only for gaps of at least
    ``min_days`` days (a rate over a few days between partial dates means nothing).
    """
    rows = observed[~observed["same_date"]]
    long_enough = rows["days"] >= min_days
    return (
        pd.DataFrame(
            {
                "from": rows["from_as_of"],
                "to": rows["to_as_of"],
                "residents": [f"{a:.0f} → {b:.0f}" for a, b in zip(rows["from_value"], rows["to_value"], strict=True)],
                "change": [f"{v:+.0f}" for v in rows["change"]],
                "days": rows["days"].round().astype("int64"),
                "per year": [f"{v:+.1f}" if ok else "" for v, ok in zip(rows["per_year"], long_enough, strict=True)],
            }
        )
        .set_index("to")
        .tail(last)
    )


def published_additions(published: pd.DataFrame) -> pd.DataFrame:
    """Additions per year as the park published them (``park.net_additions(...).published``)."""
    return published[["year", "as_of", "value", "year_to_date", "source_id"]].set_index("year")


def park_conflicts(conflicts: pd.DataFrame) -> pd.DataFrame:
    """Pairs of statements that disagree (``park.conflicts``), by metric and date."""
    return conflicts[["metric", "as_of", "value_a", "source_id_a", "value_b", "source_id_b"]].set_index(
        ["metric", "as_of"]
    )


def observations(frame: pd.DataFrame, metric: str, sources: pd.DataFrame) -> pd.DataFrame:
    """The observations of one metric (``park.residents(frame, metric)``), as published, with their source."""
    from analysis.park import residents

    rows = residents(frame, metric=metric)
    publishers = sources.set_index("source_id")["publisher"]
    return pd.DataFrame(
        {
            "as of": rows["as_of"],
            "figure": [fmt.hedge(q) + fmt.count(v) for v, q in zip(rows["value"], rows["qualifier"], strict=True)],
            "source": [publishers.loc[s] for s in rows["source_id"]],
            "note": rows["note"].str.slice(0, 90),
        }
    ).set_index("as of")


def only_from(frame: pd.DataFrame, source_id: str) -> list[str]:
    """The metrics of ``frame`` (park or exchanges rows) that no source but ``source_id`` reports, sorted."""
    mine = set(frame.loc[frame["source_id"] == source_id, "metric"])
    return sorted(mine - set(frame.loc[frame["source_id"] != source_id, "metric"]))


def claim_value(value: float, unit: str) -> str:
    """A claimed or computed value in its unit: money, a multiple, a percentage or a plain number; '' if missing.

    >>> claim_value(60.8e6, "USD"), claim_value(83.0, "x"), claim_value(12.5, "%"), claim_value(7000.0, "students")
    ('US$60.8 million', '83×', '12.5%', '7,000')
    """
    if pd.isna(value):
        return ""
    if unit == "USD":
        return fmt.money(value)
    if unit == "x":
        return f"{value:,.2f}".rstrip("0").rstrip(".") + "×"
    if unit.startswith("%"):
        return f"{value:,.1f}%"
    return f"{value:,.1f}".removesuffix(".0")


def claims_ledger(results: pd.DataFrame) -> pd.DataFrame:
    """Every checked claim (``claims.check_claims``): the words around the figure, who, when, the claimed
    figure, the side whose figure is used, that figure (a range where the data give one), the difference in
    percent of the claimed figure, the verdict and the sides it fits."""

    def figure(row: pd.Series) -> str:
        lo, hi, unit = row["computed_low"], row["computed_high"], str(row["unit"])
        if pd.isna(lo):
            return ""
        return claim_value(lo, unit) if lo == hi else f"{claim_value(lo, unit)} to {claim_value(hi, unit)}"

    ledger = pd.DataFrame(
        {
            "claim": results["excerpt"],
            "who": results["speaker"],
            "when": results["published"],
            "claimed": [
                fmt.hedge(q) + claim_value(v, u)
                for v, q, u in zip(results["value"], results["qualifier"], results["unit"], strict=True)
            ],
            "side used": [f"{fmt.possessive(s)} statistics" if s else "" for s in results["side"]],
            "figure": [figure(row) for _, row in results.iterrows()],
            "difference": [f"{d:+.2f}%" if pd.notna(d) else "" for d in results["difference_pct"]],
            "verdict": results["verdict"],
            "fits": [", ".join(fmt.country(s) for s in f.split(", ")) if f else "" for f in results["fits"]],
        }
    )
    ledger.index = pd.Index(results["claim_id"], name="claim")
    return ledger


def ranked_importers(medians: pd.DataFrame, min_pairs: int) -> pd.DataFrame:
    """Importers with at least ``min_pairs`` mirror pairs (``world.importer_medians``), highest median ratio
    first, with their ``place`` (1 = highest), indexed by ISO3."""
    ranked = medians[medians["n_pairs"] >= min_pairs].sort_values("median_ratio", ascending=False, kind="stable")
    return ranked.assign(place=range(1, len(ranked) + 1)).set_index("importer_iso3")
