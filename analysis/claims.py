"""Check published claims against the bundled data: one verdict per ledger row.

Tolerance rules (what a claimed figure admits, implemented once in ``analysis.hedges``; ``u`` is
one unit of the claim's last significant digit as written, e.g. 1 for "83", 0.01 billion for
"5.08 billion", 10 million for "30 million"):

- exact  "US$5.08 billion":  v - u/2 .. v + u/2    (the data round to the claimed figure)
- about  "about $30m":       v ± max(u/2, 10% of v)
- over   "over 7,000":       v .. no upper limit   (a lower bound; being far above is noted)
- nearly "nearly 83":        v - min(u, 10% of v) .. v   (approaching from below: 82 .. 83)

A computed value that is itself hedged (e.g. a ratio with an 'over' end) is a range too; a
claim holds where the two ranges overlap.

Verdicts:
- ``consistent``: the claim's primary reading holds for the side it states (a claim that names
  whose statistics it uses is read against that side only) or, when it states none, for either
  side; ``side`` says whose statistics match;
- ``consistent under a reading``: only another reading holds (an increase rather than a
  multiple, another candidate end year); ``reading`` says which;
- ``inconsistent``: no reading holds;
- ``not checkable``: the bundled data cannot test it (no data for the year, or no source but the
  claim's own) -- never marked consistent by default.

A claim is never checked against its own source: rows citing the claim's ``source_id`` are left
out of the data it is checked against.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from analysis import formatting as fmt
from analysis.errors import DataError, Problem
from analysis.hedges import QUALIFIERS, holds, ratio_qualifier, tolerance_band, value_range
from analysis.park import as_of_dates, as_of_timestamp
from analysis.series import annual_series

VERDICTS = ("consistent", "consistent under a reading", "inconsistent", "not checkable")
LEVEL_FLOWS = {"trade_total": "total", "trade_export": "export", "trade_import": "import"}
WINDOW_DAYS = 183  # an observation within half a year of the claim's date counts as the same time
BRACKET_DAYS = 366


@dataclass(frozen=True)
class Reading:
    """One way of reading a claim against the data."""

    name: str
    side: str
    value: float | None
    qualifier: str = "exact"
    detail: str = ""
    primary: bool = True
    span: tuple[float, float] | None = None  # an explicit range of possible values, if not a point

    def range(self) -> tuple[float, float]:
        if self.span is not None:
            return self.span
        assert self.value is not None
        return _computed_range(self.value, self.qualifier)


def _computed_range(value: float, qualifier: str) -> tuple[float, float]:
    """``value_range`` of a computed value; a qualifier outside the vocabulary (a range reading) is a point."""
    return value_range(value, qualifier) if qualifier in QUALIFIERS else (value, value)


def _describe_band(value: float, qualifier: str, unit: str) -> str:
    lo, hi = tolerance_band(value, qualifier)
    digits = max(4, len(Decimal(repr(float(value))).normalize().as_tuple().digits) + 1)
    if math.isinf(hi):
        return f"at least {_show(lo, unit, digits)}"
    return f"{_show(lo, unit, digits)} to {_show(hi, unit, digits)}"


def _show(value: float, unit: str, digits: int = 4) -> str:
    if unit == "USD":
        return fmt.money(value, digits)
    if unit == "x":
        return fmt.ratio(value, 2)
    if unit.startswith("%"):
        return f"{value:,.2f}%"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _years(text: str) -> list[int]:
    return [int(y) for y in text.split("|") if y]


class _Context:
    """The data claims are checked against, and the pair of countries."""

    def __init__(
        self, trade: pd.DataFrame, observations: pd.DataFrame, events: pd.DataFrame, pair: tuple[str, str]
    ) -> None:
        self.trade = trade
        self.observations = observations.assign(when=as_of_dates(observations["as_of"]))
        self.events = events
        self.pair = pair
        self._sources = set(trade["source_id"])
        self._series: dict[tuple[str, str, str | None], pd.DataFrame] = {}

    def series(self, reporter: str, flow: str, exclude_source: str) -> pd.DataFrame:
        """One side's annual series without the claim's own source (computed once per distinct input)."""
        excluded = exclude_source if exclude_source in self._sources else None
        key = (reporter, flow, excluded)
        if key not in self._series:
            partner = self.pair[1] if reporter == self.pair[0] else self.pair[0]
            trade = self.trade[self.trade["source_id"] != excluded] if excluded else self.trade
            if reporter not in set(trade["reporter"]):
                self._series[key] = trade.iloc[0:0].loc[:, ["year", "value", "qualifier"]]
            else:
                self._series[key] = annual_series(trade, reporter, partner, flow)
        return self._series[key]


def _value(series: pd.DataFrame, year: int) -> tuple[float, str] | None:
    hit = series[series["year"] == year]
    if hit.empty:
        return None
    return float(hit["value"].iloc[0]), str(hit["qualifier"].iloc[0])


def _ratio_span(start: tuple[float, str], end: tuple[float, str]) -> tuple[float, float]:
    """Interval of end/start when either is a hedged (banded) value."""
    slo, shi = value_range(*start)
    elo, ehi = value_range(*end)
    return elo / shi, ehi / slo


def _sides(claim: pd.Series, ctx: _Context) -> list[tuple[str, bool]]:
    """The statistics a claim is read against: the side it states, else both sides."""
    stated = str(claim["reporter"])
    if stated:
        return [(stated, True)]
    return [(s, True) for s in ctx.pair]


def _level(claim: pd.Series, ctx: _Context) -> list[Reading]:
    flow = LEVEL_FLOWS[str(claim["metric"])]
    (year,) = _years(str(claim["year_end"]))
    out = []
    for side, primary in _sides(claim, ctx):
        got = _value(ctx.series(side, flow, str(claim["source_id"])), year)
        label = f"{fmt.country(side)}'s statistics, {flow} {year}"
        if got is None:
            out.append(
                Reading(
                    label,
                    side,
                    None,
                    primary=primary,
                    detail=f"no {fmt.country(side)}-reported {flow} for {year} in the bundled data "
                    "(apart from the claim's own source)",
                )
            )
        else:
            span = None if got[1] == "exact" else value_range(*got)
            out.append(Reading(label, side, got[0], got[1], primary=primary, span=span))
    return out


def _ratio_readings(claim: pd.Series, ctx: _Context, kind: str) -> list[Reading]:
    (start,) = _years(str(claim["year_start"]))
    ends = _years(str(claim["year_end"]))
    scale = {"multiple": (1.0, 0.0), "growth_index": (100.0, 0.0), "growth_pct": (100.0, -100.0)}[kind]
    names = {
        "multiple": "multiple (end ÷ start)",
        "growth_index": "index (end ÷ start × 100)",
        "growth_pct": "growth ((end ÷ start − 1) × 100)",
    }
    out = []
    for side, side_primary in _sides(claim, ctx):
        series = ctx.series(side, "total", str(claim["source_id"]))
        for i, end in enumerate(ends):
            a, b = _value(series, start), _value(series, end)
            where = f"{fmt.country(side)}'s statistics, {start}→{end}"
            primary = side_primary and i == 0
            variants = [(names[kind], scale, primary)]
            if kind == "multiple":
                variants.append(("increase (end ÷ start − 1)", (1.0, -1.0), False))
            for name, (mul, add), is_primary in variants:
                if a is None or b is None:
                    missing = start if a is None else end
                    out.append(
                        Reading(
                            f"{name}, {where}",
                            side,
                            None,
                            primary=is_primary,
                            detail=f"no {fmt.country(side)}-reported total for {missing} in the bundled "
                            "data (apart from the claim's own source)",
                        )
                    )
                    continue
                lo, hi = _ratio_span(a, b)
                q = ratio_qualifier(a[1], b[1])
                point = b[0] / a[0] * mul + add
                span = None if q == "exact" else (lo * mul + add, hi * mul + add)
                out.append(Reading(f"{name}, {where}", side, point, q, primary=is_primary, span=span))
    return out


def _years_since(claim: pd.Series, ctx: _Context) -> list[Reading]:
    (start,) = _years(str(claim["year_start"]))
    events = ctx.events[(ctx.events["category"] == "diplomacy") & ctx.events["date"].str.startswith(str(start))]
    if events.empty:
        return [Reading("years since relations", "", None)]
    since = as_of_timestamp(str(events["date"].iloc[0]))
    until = as_of_timestamp(str(claim["as_of"]))
    years = (until - since).days / 365.25
    return [Reading(f"years from {events['date'].iloc[0]} to {claim['as_of']}", "", years)]


def _others(claim: pd.Series, ctx: _Context) -> pd.DataFrame:
    obs = ctx.observations
    return obs[(obs["metric"] == claim["data_metric"]) & (obs["source_id"] != claim["source_id"])]


def _observation(claim: pd.Series, ctx: _Context) -> list[Reading]:
    others = _others(claim, ctx)
    when = as_of_timestamp(str(claim["as_of"]))
    near = others[(others["when"] - when).abs() <= pd.Timedelta(days=WINDOW_DAYS)]
    if near.empty:
        detail = "no source other than the claim's own gives this figure"
        if not others.empty:
            nearest = others.loc[(others["when"] - when).abs().idxmin()]
            detail = (
                f"no other source within half a year; the nearest other figure is "
                f"{fmt.hedge(str(nearest['qualifier']))}{_show(float(nearest['value']), str(claim['unit']))} "
                f"({nearest['as_of']}, {nearest['source_id']})"
            )
        return [Reading("another source at the same time", "", None, detail=detail)]
    return [
        Reading(f"{row.source_id} ({row.as_of})", "", float(row.value), str(row.qualifier))
        for row in near.itertuples(index=False)
    ]


def _bracket(claim: pd.Series, ctx: _Context) -> list[Reading]:
    others = _others(claim, ctx)
    when = as_of_timestamp(str(claim["as_of"]))
    before = others[(others["when"] <= when) & (when - others["when"] <= pd.Timedelta(days=BRACKET_DAYS))]
    after = others[(others["when"] >= when) & (others["when"] - when <= pd.Timedelta(days=BRACKET_DAYS))]
    if before.empty or after.empty:
        return _observation(claim, ctx)
    b = before.loc[before["when"].idxmax()]
    a = after.loc[after["when"].idxmin()]
    lo, hi = sorted([float(b["value"]), float(a["value"])])
    unit = str(claim["unit"])
    name = (
        f"the other sources either side: {_show(float(b['value']), unit)} ({b['as_of']}) and "
        f"{_show(float(a['value']), unit)} ({a['as_of']})"
    )
    # the claim holds if its band overlaps the range spanned by the observations either side
    return [Reading(name, "", lo, "range", span=(lo, hi))]


CHECKS = {
    "level": _level,
    "multiple": lambda c, x: _ratio_readings(c, x, "multiple"),
    "growth_index": lambda c, x: _ratio_readings(c, x, "growth_index"),
    "growth_pct": lambda c, x: _ratio_readings(c, x, "growth_pct"),
    "years_since": _years_since,
    "observation": _observation,
    "bracket": _bracket,
}


def _shown(reading: Reading, unit: str) -> str:
    if reading.span is not None:
        lo, hi = reading.span
        return f"{_show(lo, unit)} to {_show(hi, unit)}"
    hedge = fmt.hedge(reading.qualifier) if reading.qualifier in QUALIFIERS else ""
    return hedge + _show(float(reading.value), unit)  # type: ignore[arg-type]


def _judge(claim: pd.Series, readings: list[Reading]) -> dict[str, object]:
    value, qualifier, unit = float(claim["value"]), str(claim["qualifier"]), str(claim["unit"])
    band = _describe_band(value, qualifier, unit)
    base = {"tolerance": band, "computed": math.nan, "computed_qualifier": "", "reading": "", "side": ""}
    usable = [r for r in readings if r.value is not None]
    if not usable:
        detail = next((r.detail for r in readings if r.detail), "the bundled data have no value to compare")
        return base | {"verdict": "not checkable", "reason": detail}
    good = [r for r in usable if holds(value, qualifier, r.value, r.qualifier, r.span)]
    primary_good = [r for r in good if r.primary]
    chosen = (primary_good or good or [next((r for r in usable if r.primary), usable[0])])[0]
    fields = base | {
        "computed": chosen.value,
        "computed_qualifier": chosen.qualifier,
        "reading": chosen.name,
        "side": ", ".join(dict.fromkeys(r.side for r in (primary_good or good) if r.side)) if good else "",
    }
    shown = _shown(chosen, unit)
    if primary_good:
        return fields | {"verdict": "consistent", "reason": f"{chosen.name} gives {shown}, within {band}"}
    if good:
        failed = next((r for r in usable if r.primary), None)
        was = f"; {failed.name} gives {_shown(failed, unit)}" if failed else ""
        return fields | {
            "verdict": "consistent under a reading",
            "reason": f"holds only as {chosen.name} ({shown}, within {band}){was}",
        }
    listing = "; ".join(f"{r.name}: {_shown(r, unit)}" for r in usable[:4])
    return fields | {"verdict": "inconsistent", "reason": f"outside {band}: {listing}"}


def check_claims(
    claims: pd.DataFrame | None = None,
    trade: pd.DataFrame | None = None,
    observations: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    pair: tuple[str, str] = ("CHN", "BLR"),
) -> pd.DataFrame:
    """Evaluate every ledger row; one result row per claim.

    Defaults load the bundled ledger and data. ``observations`` is park.csv and exchanges.csv
    stacked. Columns: claim_id, claim, source_id, speaker, published, metric, value, unit, qualifier,
    tolerance, computed, computed_qualifier, reading, side (whose statistics match), verdict,
    reason.
    """
    from analysis import load

    claims = load.load_claims() if claims is None else claims
    trade = load.load_trade() if trade is None else trade
    if observations is None:
        observations = pd.concat([load.load_park(), load.load_exchanges()], ignore_index=True)
    events = load.load_events() if events is None else events
    _validate(claims, pair)
    ctx = _Context(trade, observations, events, pair)
    rows = []
    for _, claim in claims.iterrows():  # one ledger row at a time: a few dozen rows, each its own logic
        verdict = _judge(claim, CHECKS[str(claim["check"])](claim, ctx))
        rows.append(
            {
                "claim_id": claim["claim_id"],
                "claim": claim["claim"],
                "source_id": claim["source_id"],
                "speaker": claim["speaker"],
                "published": claim["published"],
                "metric": claim["metric"],
                "value": float(claim["value"]),
                "unit": claim["unit"],
                "qualifier": claim["qualifier"],
                **verdict,
            }
        )
    return pd.DataFrame(rows).astype({"value": "float64", "computed": "float64"})


def _validate(claims: pd.DataFrame, pair: tuple[str, str]) -> None:
    """Structural checks a ledger row needs before it can be evaluated (the CSV schema checks the rest)."""
    problems = []
    needs = {
        "level": ["year_end"],
        "multiple": ["year_start", "year_end"],
        "growth_index": ["year_start", "year_end"],
        "growth_pct": ["year_start", "year_end"],
        "years_since": ["year_start", "as_of"],
        "observation": ["as_of", "data_metric"],
        "bracket": ["as_of", "data_metric"],
    }
    for i, claim in enumerate(claims.itertuples(index=False), start=2):
        check = str(claim.check)
        if check not in needs:
            problems.append(Problem("claims.csv", i, "check", check, "one of " + ", ".join(needs)))
            continue
        for col in needs[check]:
            if not str(getattr(claim, col)):
                problems.append(Problem("claims.csv", i, col, "", f"a value: the '{check}' check needs {col}"))
        if claim.reporter and claim.reporter not in pair:
            problems.append(
                Problem(
                    "claims.csv",
                    i,
                    "reporter",
                    str(claim.reporter),
                    f"empty or one of the pair's reporters ({', '.join(pair)})",
                )
            )
        if check == "level" and len(_years(str(claim.year_end))) != 1:
            problems.append(Problem("claims.csv", i, "year_end", str(claim.year_end), "exactly one year"))
        if check == "level" and claim.metric not in LEVEL_FLOWS:
            problems.append(
                Problem(
                    "claims.csv",
                    i,
                    "metric",
                    str(claim.metric),
                    "a trade level metric (" + ", ".join(LEVEL_FLOWS) + ") for a 'level' check",
                )
            )
    if problems:
        raise DataError(problems)


def summary(results: pd.DataFrame) -> dict[str, int]:
    """How many claims got each verdict (all four verdicts, zeros included)."""
    counts = results["verdict"].value_counts()
    return {v: int(counts.get(v, 0)) for v in VERDICTS}
