"""The fact check itself: one verdict per ledger row (rules in ``analysis.claims``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from analysis import formatting as fmt
from analysis.claims.ledger import document_keys, excerpt, validate_ledger
from analysis.claims.revisions import RevisionBand, revision_band
from analysis.hedges import QUALIFIERS, holds, tolerance_band, value_range
from analysis.park import as_of_dates, as_of_timestamp
from analysis.series import annual_series

VERDICTS = ("consistent", "consistent under a reading", "within revision band", "inconsistent", "not checkable")
RANK = {v: i for i, v in enumerate(VERDICTS)}
TRADE_CHECKS = ("level", "multiple", "growth_index", "growth_pct")
WINDOW_DAYS = 183  # an observation within half a year of the claim's date counts as the same time
BRACKET_DAYS = 366
RESULT_COLUMNS = (
    *("claim_id", "label", "claim", "excerpt", "source_id", "speaker", "speaker_country", "reporter", "published"),
    *("metric", "value", "unit", "qualifier", "tolerance", "side", "fits", "computed", "computed_low"),
    *("computed_high", "computed_qualifier", "difference_pct", "reading", "verdict", "reason"),
)  # fmt: skip


def flow_of(metric: str) -> str:
    """The trade flow a trade metric is about: 'export', 'import' or 'total'."""
    return "export" if "export" in metric else "import" if "import" in metric else "total"


@dataclass(frozen=True)
class Reading:
    """One way of reading a claim against the data: a point ``value`` or a ``span`` (low, high)."""

    name: str
    side: str
    value: float | None
    qualifier: str = "exact"
    detail: str = ""
    primary: bool = True
    span: tuple[float, float] | None = None
    revisable: bool = False  # a customs/IMF figure, which the revision band applies to
    ratio_power: int = 0  # 1 for a level, 2 for a ratio of two revisable figures
    ratio_scale: tuple[float, float] = (1.0, 0.0)  # shown = ratio * mul + add (index, growth)
    points: tuple[tuple[float, str], ...] = ()  # a bracket's figures either side, with their dates

    def range(self) -> tuple[float, float]:
        """The values this reading stands for (a point is a zero-width range)."""
        if self.span is not None:
            return self.span
        assert self.value is not None
        if self.qualifier in QUALIFIERS:
            return value_range(self.value, self.qualifier)
        return self.value, self.value

    def revised_range(self, band: float) -> tuple[float, float]:
        """``range`` widened by the revision band (each revisable input may move by ``band``)."""
        lo, hi = self.range()
        if self.ratio_power == 1:
            return lo * (1 - band), hi * (1 + band)
        mul, add = self.ratio_scale
        rlo, rhi = (lo - add) / mul, (hi - add) / mul
        f = (1 + band) / (1 - band)
        return rlo / f * mul + add, rhi * f * mul + add


def show_value(value: float, unit: str, digits: int = 4) -> str:
    """A value in its unit for readers: US$ in words, multiples with ×, percentages with %."""
    if unit == "USD":
        return fmt.money(value, digits)
    if unit == "x":
        return fmt.ratio(value, 2)
    if unit.startswith("%"):
        return f"{value:,.2f}%"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _claimed(claim: pd.Series) -> str:
    """The claim's figure as the claim states it: 'over US$4.500 billion'."""
    return fmt.hedge(str(claim["qualifier"])) + _as_claimed(float(claim["value"]), str(claim["unit"]))


def _band_text(value: float, qualifier: str, unit: str) -> str:
    lo, hi = tolerance_band(value, qualifier)
    digits = max(4, len(Decimal(repr(float(value))).normalize().as_tuple().digits) + 1)
    if math.isinf(hi):
        return f"at least {show_value(lo, unit, digits)}"
    return f"{show_value(lo, unit, digits)} to {show_value(hi, unit, digits)}"


def _years(text: str) -> list[int]:
    return [int(y) for y in text.split("|") if y]


class Context:
    """What claims are checked against: trade, observations, events, sources, the pair and the band."""

    def __init__(
        self,
        trade: pd.DataFrame,
        observations: pd.DataFrame,
        events: pd.DataFrame,
        sources: pd.DataFrame,
        pair: tuple[str, str],
        band: RevisionBand,
    ) -> None:
        self.trade = trade
        self.observations = observations.assign(when=as_of_dates(observations["as_of"]))
        self.events = events
        self.pair = pair
        self.band = band
        self.document = document_keys(sources)
        self._series: dict[tuple[str, str, str], pd.DataFrame] = {}

    def same_document(self, source_ids: pd.Series, source_id: str) -> pd.Series:
        """Whether each of ``source_ids`` is the same document as ``source_id`` (URL, or outlet+date+title)."""
        own = self.document.get(source_id, source_id)
        return source_ids.map(lambda s: self.document.get(s, s) == own)

    def series(self, reporter: str, flow: str, source_id: str) -> pd.DataFrame:
        """One side's annual series without any row from the claim's own document."""
        key = (reporter, flow, self.document.get(source_id, source_id))
        if key not in self._series:
            partner = self.pair[1] if reporter == self.pair[0] else self.pair[0]
            trade = self.trade[~self.same_document(self.trade["source_id"], source_id)]
            if reporter not in set(trade["reporter"]):
                self._series[key] = trade.iloc[0:0].loc[:, ["year", "value", "qualifier"]]
            else:
                self._series[key] = annual_series(trade, reporter, partner, flow)
        return self._series[key]

    def others(self, claim: pd.Series) -> pd.DataFrame:
        """Observations of the claim's data metric from other documents."""
        obs = self.observations[self.observations["metric"] == claim["data_metric"]]
        return obs[~self.same_document(obs["source_id"], str(claim["source_id"]))]


def _value(series: pd.DataFrame, year: int) -> tuple[float, str] | None:
    hit = series[series["year"] == year]
    if hit.empty:
        return None
    return float(hit["value"].iloc[0]), str(hit["qualifier"].iloc[0])


def _sides(claim: pd.Series, ctx: Context) -> list[str]:
    """The statistics a claim is read against: the side it names, else each side of the pair."""
    stated = str(claim["reporter"])
    return [stated] if stated else list(ctx.pair)


def _missing(name: str, side: str, what: str, primary: bool = True) -> Reading:
    detail = f"the data have no {fmt.country(side)}-reported {what} (apart from the claim's own document)"
    return Reading(name, side, None, primary=primary, detail=detail)


def _level(claim: pd.Series, ctx: Context) -> list[Reading]:
    flow = flow_of(str(claim["metric"]))
    (year,) = _years(str(claim["year_end"]))
    out = []
    for side in _sides(claim, ctx):
        got = _value(ctx.series(side, flow, str(claim["source_id"])), year)
        name = f"{fmt.possessive(side)} statistics for the {year} {PLURAL[flow]}"
        if got is None:
            out.append(_missing(name, side, f"{PLURAL[flow]} for {year}"))
        else:
            span = None if got[1] == "exact" else value_range(*got)
            out.append(Reading(name, side, got[0], got[1], span=span, revisable=True, ratio_power=1))
    return out


PLURAL = {"total": "total", "export": "exports", "import": "imports"}
RATIO_SCALE = {"multiple": (1.0, 0.0), "growth_index": (100.0, 0.0), "growth_pct": (100.0, -100.0)}
RATIO_NAMES = {
    "multiple": "the multiple (end ÷ start)",
    "growth_index": "the index (end ÷ start × 100)",
    "growth_pct": "the growth ((end ÷ start − 1) × 100)",
}


def _ratio_readings(claim: pd.Series, ctx: Context, kind: str) -> list[Reading]:
    (start,) = _years(str(claim["year_start"]))
    flow = flow_of(str(claim["metric"]))
    out = []
    for side in _sides(claim, ctx):
        series = ctx.series(side, flow, str(claim["source_id"]))
        for i, end in enumerate(_years(str(claim["year_end"]))):
            a, b = _value(series, start), _value(series, end)
            where = f"of {fmt.possessive(side)} {PLURAL[flow]} {start}→{end}"
            variants = [(RATIO_NAMES[kind], RATIO_SCALE[kind], i == 0)]
            if kind == "multiple":
                variants.append(("the increase (end ÷ start − 1)", (1.0, -1.0), False))
            for name, (mul, add), primary in variants:
                if a is None or b is None:
                    out.append(
                        _missing(f"{name} {where}", side, f"{PLURAL[flow]} for {start if a is None else end}", primary)
                    )
                    continue
                (slo, shi), (elo, ehi) = value_range(*a), value_range(*b)
                lo, hi = elo / shi * mul + add, ehi / slo * mul + add
                point = b[0] / a[0] * mul + add
                span = None if (lo, hi) == (point, point) else (lo, hi)
                out.append(
                    Reading(
                        f"{name} {where}",
                        side,
                        point,
                        span=span,
                        primary=primary,
                        revisable=True,
                        ratio_power=2,
                        ratio_scale=(mul, add),
                    )
                )
    return out


def _years_since(claim: pd.Series, ctx: Context) -> list[Reading]:
    (start,) = _years(str(claim["year_start"]))
    events = ctx.events[(ctx.events["category"] == "diplomacy") & ctx.events["date"].str.startswith(str(start))]
    if events.empty:
        return [Reading("years since relations", "", None, detail=f"the data have no diplomatic event in {start}")]
    since = as_of_timestamp(str(events["date"].iloc[0]))
    until = as_of_timestamp(str(claim["as_of"]))
    years = (until - since).days / 365.25
    return [Reading(f"the years from {events['date'].iloc[0]} to {claim['as_of']}", "", years)]


def _observation(claim: pd.Series, ctx: Context) -> list[Reading]:
    others = ctx.others(claim)
    when = as_of_timestamp(str(claim["as_of"]))
    near = others[(others["when"] - when).abs() <= pd.Timedelta(days=WINDOW_DAYS)]
    if near.empty:
        detail = "no document other than the claim's own gives this figure"
        if not others.empty:
            nearest = others.loc[(others["when"] - when).abs().idxmin()]
            detail = (
                "no other document gives it within half a year; the nearest other figure is "
                f"{fmt.hedge(str(nearest['qualifier']))}{show_value(float(nearest['value']), str(claim['unit']))} "
                f"({nearest['as_of']}, {nearest['source_id']})"
            )
        return [Reading("another document at the same time", "", None, detail=detail)]
    return [
        Reading(f"the figure of {row.source_id} ({row.as_of})", "", float(row.value), str(row.qualifier))
        for row in near.itertuples(index=False)
    ]


def _bracket(claim: pd.Series, ctx: Context) -> list[Reading]:
    others = ctx.others(claim)
    when = as_of_timestamp(str(claim["as_of"]))
    gap = others["when"] - when
    before = others[(gap <= pd.Timedelta(0)) & (-gap <= pd.Timedelta(days=BRACKET_DAYS))]
    after = others[(gap >= pd.Timedelta(0)) & (gap <= pd.Timedelta(days=BRACKET_DAYS))]
    if before.empty or after.empty:
        return _observation(claim, ctx)
    b = before.loc[before["when"].idxmax()]
    a = after.loc[after["when"].idxmin()]
    points = ((float(b["value"]), str(b["as_of"])), (float(a["value"]), str(a["as_of"])))
    lo, hi = sorted(p[0] for p in points)
    return [Reading("the other documents either side", "", lo, "range", span=(lo, hi), points=points)]


CHECKS = {
    "level": _level,
    "multiple": lambda c, x: _ratio_readings(c, x, "multiple"),
    "growth_index": lambda c, x: _ratio_readings(c, x, "growth_index"),
    "growth_pct": lambda c, x: _ratio_readings(c, x, "growth_pct"),
    "years_since": _years_since,
    "observation": _observation,
    "bracket": _bracket,
}


# ---------------------------------------------------------------------------------------------
# judging
# ---------------------------------------------------------------------------------------------


def _grade(claim: pd.Series, r: Reading, band: float) -> str:
    value, qualifier = float(claim["value"]), str(claim["qualifier"])
    if holds(value, qualifier, 0.0, span=r.range()):
        return "consistent" if r.primary else "consistent under a reading"
    if r.revisable and holds(value, qualifier, 0.0, span=r.revised_range(band)):
        return "within revision band"
    return "inconsistent"


def difference_pct(claimed: float, low: float, high: float) -> float:
    """How far the data lie from the claimed figure, in percent of it: 0 when the claimed figure is inside
    [low, high], else (the nearer end - claimed) / claimed * 100.

    >>> round(difference_pct(4.5, 4.481, 4.481), 3), difference_pct(107, 93, 108)
    (-0.422, 0.0)
    """
    nearest = min(max(claimed, low), high)
    return (nearest - claimed) / claimed * 100.0


def _figure(r: Reading, unit: str) -> str:
    """The data's figure in words: a point, a hedged figure read as a range, or a range."""
    if r.points:
        return " and ".join(f"{show_value(v, unit)} ({when})" for v, when in r.points)
    if r.span is not None and r.qualifier in QUALIFIERS and r.qualifier != "exact":
        lo, hi = r.span
        hedged = fmt.hedge(r.qualifier) + show_value(float(r.value), unit)  # type: ignore[arg-type]
        return f"{hedged} (read as {show_value(lo, unit)} to {show_value(hi, unit)})"
    if r.span is not None:
        lo, hi = r.span
        return f"{show_value(lo, unit)} to {show_value(hi, unit)}"
    return show_value(float(r.value), unit)  # type: ignore[arg-type]


def _as_claimed(value: float, unit: str) -> str:
    """A claimed figure with the digits it was written with: 'US$2.714 billion', '83×', '134.1%', '7,000'."""
    written = Decimal(repr(value)).normalize()
    if unit == "USD":
        return show_value(value, unit, max(3, len(written.as_tuple().digits)))
    places = max(-int(written.as_tuple().exponent), 0)
    text = f"{value:,.{places}f}"
    return text + ("×" if unit == "x" else "%" if unit.startswith("%") else "")


def _where(claimed: float, r: Reading, unit: str) -> str:
    """Where the claimed figure falls against the data, as a clause: 'lies between them, 93% of the way ...'."""
    lo, hi = r.range()
    shown = _as_claimed(claimed, unit)
    diff = difference_pct(claimed, lo, hi)
    if r.points:
        (first, d1), (second, d2) = r.points
        if diff == 0 and first != second:
            share = (claimed - first) / (second - first)
            return f"the claimed {shown} lies between them, {share:.0%} of the way from the {d1} figure to the {d2} one"
        if diff == 0:
            return f"both give the claimed {shown}"
        return f"the claimed {shown} lies {abs(diff):.2f}% {'above' if diff < 0 else 'below'} both"
    if diff == 0 and lo != hi:
        return f"the claimed {shown} lies within that range"
    if abs(diff) < 0.005:
        return f"the claimed {shown} to within 0.01%"
    side = "below" if diff < 0 else "above"
    points = f"; {abs(r.range()[0] - claimed):.2f} points {side}" if unit.startswith("%") and lo == hi else ""
    return f"{abs(diff):.2f}% {side} the claimed {shown}{points}"


def _sentence(claim: pd.Series, r: Reading, grade: str, band: RevisionBand) -> str:
    unit, value = str(claim["unit"]), float(claim["value"])
    tol = _band_text(value, str(claim["qualifier"]), unit)
    subject = r.name[0].upper() + r.name[1:]
    plural = r.points or " statistics for " in r.name or r.name.startswith("the years")
    head = f"{subject} {'give' if plural else 'gives'} "
    head += f"{_figure(r, unit)}: {_where(value, r, unit)}"
    if grade in ("consistent", "consistent under a reading"):
        return f"{head}, inside what '{_claimed(claim)}' admits ({tol})."
    if grade == "within revision band":
        return (
            f"{head}, outside what '{_claimed(claim)}' admits ({tol}) but within the revision band of "
            f"±{band.percent:.2f}% (the largest revision in China customs' monthly tables)."
        )
    return f"{head}, outside what '{_claimed(claim)}' admits ({tol})."


def _judge(claim: pd.Series, readings: list[Reading], ctx: Context) -> dict[str, object]:
    value, unit = float(claim["value"]), str(claim["unit"])
    base: dict[str, object] = {
        "tolerance": _band_text(value, str(claim["qualifier"]), unit),
        "side": "", "fits": "", "computed": math.nan, "computed_low": math.nan, "computed_high": math.nan,
        "computed_qualifier": "", "difference_pct": math.nan, "reading": "",
    }  # fmt: skip
    usable = [r for r in readings if r.value is not None]
    if not usable:
        details = list(dict.fromkeys(r.detail for r in readings if r.detail and r.primary)) or [
            next((r.detail for r in readings if r.detail), "the data have no value to compare")
        ]
        detail = "; ".join(details)
        return base | {
            "verdict": "not checkable",
            "reason": detail[0].upper() + detail[1:] + ".",
        }
    graded = [(RANK[_grade(claim, r, ctx.band.fraction)], r) for r in usable]
    best = min(g for g, _ in graded)
    winners = [r for g, r in graded if g == best]
    speaker = str(claim.get("speaker_country", "") or "")
    if best == RANK["inconsistent"]:  # show the speaker's side, else the nearest figure
        own = [r for r in usable if r.side == speaker and r.primary]
        chosen = own[0] if own else min(usable, key=lambda r: abs(difference_pct(value, *r.range())))
    else:
        own = [r for r in winners if r.side == speaker]
        chosen = (own or winners)[0]
    verdict = VERDICTS[best]
    lo, hi = chosen.range()
    fits = ", ".join(dict.fromkeys(r.side for r in winners if r.side)) if verdict != "inconsistent" else ""
    reason = _sentence(claim, chosen, verdict, ctx.band)
    others = [r for r in usable if r.side and r.side != chosen.side and r.primary]
    if others and not str(claim["reporter"]):
        other = others[0]
        other_grade = _grade(claim, other, ctx.band.fraction)
        reason += (
            f" {fmt.possessive(other.side)} statistics give {_figure(other, unit)} "
            f"({difference_pct(value, *other.range()):+.2f}%): {other_grade}."
        )
    for r in readings:
        if r.value is None and r.side and r.primary and r.side != chosen.side:
            reason += f" {fmt.possessive(r.side)} statistics cannot test it: {r.detail}."
    if verdict == "consistent under a reading":
        failed = next((r for r in usable if r.primary), None)
        if failed is not None:
            reason += f" Read as {failed.name}, it does not hold: {_figure(failed, unit)}."
    return base | {
        "side": chosen.side,
        "fits": fits,
        "computed": float(chosen.value),  # type: ignore[arg-type]
        "computed_low": lo,
        "computed_high": hi,
        "computed_qualifier": chosen.qualifier,
        "difference_pct": difference_pct(value, lo, hi),
        "reading": chosen.name,
        "verdict": verdict,
        "reason": reason,
    }


def claim_label(claim: pd.Series) -> str:
    """A short name for a claim, for chart labels: 'Belarusian state TV: 2019 total, over US$4.50 billion'."""
    check, metric = str(claim["check"]), str(claim["metric"])
    flow = PLURAL[flow_of(metric)]
    if check == "level":
        what = f"{claim['year_end']} {flow}"
    elif check in RATIO_NAMES:
        kind = {"multiple": "multiple", "growth_index": "index", "growth_pct": "growth"}[check]
        flows = "" if flow == "total" else f"{flow} "
        what = f"{flows}{kind} {claim['year_start']}→{' or '.join(str(claim['year_end']).split('|'))}"
    else:
        what = metric.replace("_", " ")
    speaker = str(claim["speaker"])
    speaker = speaker if len(speaker) <= 32 else speaker[:31].rstrip() + "…"
    return f"{speaker}: {what}, {_claimed(claim)}"


def evaluate(claims: pd.DataFrame, ctx: Context, label: str = "claims.csv") -> pd.DataFrame:
    """Every ledger row of ``claims`` judged in ``ctx``: one result row per claim (``RESULT_COLUMNS``)."""
    validate_ledger(claims, ctx.pair, label)
    rows = []
    for _, claim in claims.iterrows():  # one ledger row at a time: a few dozen rows, each its own logic
        judged = _judge(claim, CHECKS[str(claim["check"])](claim, ctx), ctx)
        figure = str(claim.get("figure", "") or "")
        rows.append(
            {
                "claim_id": claim["claim_id"],
                "label": claim_label(claim),
                "claim": claim["claim"],
                "excerpt": excerpt(str(claim["claim"]), figure),
                "source_id": claim["source_id"],
                "speaker": claim["speaker"],
                "speaker_country": str(claim.get("speaker_country", "") or ""),
                "reporter": str(claim["reporter"] or ""),
                "published": claim["published"],
                "metric": claim["metric"],
                "value": float(claim["value"]),
                "unit": claim["unit"],
                "qualifier": claim["qualifier"],
                **judged,
            }
        )
    frame = pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
    floats = ["value", "computed", "computed_low", "computed_high", "difference_pct"]
    return frame.astype(dict.fromkeys(floats, "float64"))


def default_band() -> RevisionBand:
    """The revision band from China customs' monthly tables (``revisions.revision_band``)."""
    return revision_band()
