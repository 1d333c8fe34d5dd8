"""The data for one pair of countries, whichever file it comes from.

``pair_data(reporter, partner, data_path=None)`` returns the tidy trade table (the
``data/trade.csv`` layout) and the sources table that the notebooks and the report use:

- no ``data_path`` and a pair the bundled ``trade.csv`` covers (China-Belarus): the bundled
  table, IMF DOTS plus official statements;
- no ``data_path`` and any other pair: both countries' rows from the bundled IMF DOTS matrix
  (``data/dots.parquet``), converted to US dollars, IMF "e" estimates kept with qualifier 'about';
- a ``data_path`` in the ``trade.csv`` layout: that file, with the ``sources.csv`` beside it;
- a ``data_path`` that is a UN Comtrade or IMF DOTS download: read by ``analysis.importers``; only
  its all-products (TOTAL) rows between the two countries are used, and the file itself is the
  cited source;
- a ``data_path`` ending in ``.parquet``: an IMF DOTS matrix in the layout of ``data/dots.parquet``.

``build_context`` wraps that in a ``PairContext``: everything the notebooks and the report's index
page need about the pair, decided once (see its docstring), saved to a folder and read back by
``load_context``; ``context`` is the one call a notebook makes (read a saved context, or build one).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.contract import columns
from analysis.errors import ArgumentError, require_file

TRADE_HEADER = columns("trade.csv")
MATRIX_SOURCE = "imf-dots-matrix"


@dataclass(frozen=True)
class PairData:
    """Trade rows for a pair, the sources they cite, and where they came from."""

    trade: pd.DataFrame
    sources: pd.DataFrame
    origin: str
    notes: tuple[str, ...] = ()  # what the reader of the data must know (from the importer)
    rejected: pd.DataFrame | None = None  # rows set aside with errors="report" (line, column, value, reason)


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        return next(csv.reader(fh), [])


def trade_from_dots(dots: pd.DataFrame, reporter: str, partner: str) -> pd.DataFrame:
    """Both countries' statistics of their bilateral trade from the DOTS matrix, trade.csv layout."""
    from analysis.world import resolve_entity

    for code in (reporter, partner):
        resolve_entity(dots, code, what="country", role="country", types=("economy", "historical", "composite"))
    rows = dots[
        ((dots["reporter_iso3"] == reporter) & (dots["partner_iso3"] == partner))
        | ((dots["reporter_iso3"] == partner) & (dots["partner_iso3"] == reporter))
    ]
    if rows.empty:
        raise ArgumentError(f"the IMF DOTS matrix has no trade between {reporter} and {partner}")
    out = pd.DataFrame(
        {
            "year": rows["year"].astype("int64"),
            "reporter": rows["reporter_iso3"].astype("str"),
            "partner": rows["partner_iso3"].astype("str"),
            "flow": rows["flow"].astype("str"),
            "value": rows["value_usd_millions"].astype("float64") * 1_000_000,
            "currency": "USD",
            "valuation": rows["valuation"].astype("str"),
            "period": "annual",
            "qualifier": rows["is_estimate"].map({True: "about", False: "exact"}).astype("str"),
            "source_id": MATRIX_SOURCE,
        }
    )
    return out[out["value"] > 0].sort_values(["reporter", "flow", "year"]).reset_index(drop=True)


def _downloaded(path: Path, reporter: str, partner: str, errors: str = "raise") -> PairData:
    """The pair's all-products total rows of a download (any layout ``read_download`` knows)."""
    from analysis.importers import read_download

    rejected = None
    read = read_download(path, errors)  # the layout is sniffed from the file's head
    frame, rejected = read if isinstance(read, tuple) else (read, None)
    notes = tuple(frame.attrs.get("notes", ()))
    if "product" in frame.columns:
        frame = frame[frame["product"] == "TOTAL"]
    if "breakdown" in frame.columns:
        frame = frame[frame["breakdown"] == ""]  # rows by second partner, customs or transport repeat the totals
    pair = frame[
        ((frame["reporter"] == reporter) & (frame["partner"] == partner))
        | ((frame["reporter"] == partner) & (frame["partner"] == reporter))
    ]
    if pair.empty:
        raise ArgumentError(_no_pair(frame, path, reporter, partner))
    sid = str(pair["source_id"].iloc[0])
    sources = pd.DataFrame(
        {
            "source_id": [sid],
            "publisher": [f"user-supplied download {path.name}"],
            "title": [""],
            "url": [""],
            "published": [""],
            "accessed": [""],
            "quote": [path.name],
            "reliability": ["high"],
            "note": ["read by analysis.importers"],
        }
    )
    return PairData(pair.loc[:, TRADE_HEADER].reset_index(drop=True), sources, str(path), notes, rejected)


def _no_pair(frame: pd.DataFrame, path: Path, reporter: str, partner: str) -> str:
    """Why a file has no rows for the pair, with a hint when the codes are written differently."""
    held = sorted(set(frame["reporter"]) | set(frame["partner"])) if len(frame) else []
    hint = ""
    for code in (reporter, partner):
        if code.upper() != code and code.upper() in held:
            hint = f" (country codes are ISO3 in capitals: {code.upper()}, not {code})"
    listed = ", ".join(held[:12]) + (", ..." if len(held) > 12 else "")
    return (
        f"{path.name} has no all-products (TOTAL) rows between {reporter} and {partner}{hint}; it holds "
        f"{listed or 'no all-products rows'}. Download total trade, or use analysis.panel.panel_change for "
        "product-level rows"
    )


def pair_data(reporter: str, partner: str, data_path: str | Path | None = None, errors: str = "raise") -> PairData:
    """Trade and sources for ``reporter`` and ``partner`` (ISO3), from the best available file.

    ``errors="report"`` (downloads only) keeps the good rows of a file and returns the rejected ones in
    ``PairData.rejected``; the default raises ``DataError`` listing every problem.
    """
    from analysis.load import LEGACY_TRADE_COLUMNS, load_sources, load_trade

    if reporter == partner:
        raise ArgumentError("a pair needs two different countries")
    if data_path is not None:
        path = require_file(data_path, "a data file (trade.csv layout, or a UN Comtrade or IMF DOTS download)")
        if path.suffix == ".parquet":  # a DOTS matrix in the layout of data/dots.parquet
            from analysis.dots import load_dots

            return PairData(trade_from_dots(load_dots(path), reporter, partner), load_sources(), str(path))
        if _header(path) in (TRADE_HEADER, LEGACY_TRADE_COLUMNS):
            return PairData(load_trade(path), load_sources(path.parent / "sources.csv"), str(path))
        return _downloaded(path, reporter, partner, errors)
    bundled = load_trade()
    covered = set(zip(bundled["reporter"], bundled["partner"], strict=True))
    if (reporter, partner) in covered and (partner, reporter) in covered:
        return PairData(bundled, load_sources(), "bundled trade.csv")
    from analysis.dots import load_dots

    return PairData(trade_from_dots(load_dots(), reporter, partner), load_sources(), "bundled IMF DOTS matrix")


# ---------------------------------------------------------------------------------------------
# The pair context: built once per report run, saved, read by every notebook and the index page

CASE_STUDY = ("CHN", "BLR")  # the bundled case study: China's statistics first, then Belarus's
CASE_STUDY_GAP_FROM = 2006  # from this year Belarus's totals are 1.5-2.4x China's (notebook 02 measures it)
CONTEXT_VERSION = 1
MANIFEST = "manifest.json"
_TABLES = ("trade", "sources", "own", "other", "events", "rejected")
BUNDLED_TABLE, BUNDLED_MATRIX, USER_FILE = "bundled table", "bundled matrix", "user file"


def _no_rejected_rows() -> pd.DataFrame:
    from analysis.problems import REJECTED_COLUMNS

    return pd.DataFrame({c: pd.Series(dtype="int64" if c == "line" else "str") for c in REJECTED_COLUMNS})


@dataclass(frozen=True, eq=False)
class PairContext:
    """Everything the notebooks and the report need about the pair being analysed.

    - ``reporter``, ``partner``: ISO3 codes; ``reporter_name``, ``partner_name``: display names.
    - ``trade``, ``sources``: the tidy trade table (``data/trade.csv`` layout, US$) and the sources it cites.
    - ``own``, ``other``: the reporter's and the partner's own annual total series
      (``analysis.series.annual_series``); a side with no rows in the table is an empty series.
    - ``origin``: ``"bundled table"`` (``data/trade.csv``), ``"bundled matrix"`` (``data/dots.parquet``) or
      ``"user file"``; ``origin_label``: the wording the notebooks used so far ("bundled trade.csv", ...);
      ``data_path``: the user's file as an absolute path, or None.
    - ``case_study``: True only for the bundled China–Belarus case study (``CASE_STUDY`` from the bundled
      table), the one place where that is decided; the notebooks' golden asserts and the article's claims
      depend on it.
    - ``start_year``, ``end_year``: the years the headline compares (the article's years for the case study,
      else the first and last year of the reporter's series; None when it has no years).
    - ``events``: the sourced milestones of the pair (all of ``data/events.csv`` for the case study, none
      otherwise); a chart marks ``analysis.plots.key_events`` of them.
    - ``other_origin``: where the partner's series comes from when not from the same table (e.g.
      ``"bundled matrix"`` when a one-reporter download is paired with the partner's IMF DOTS figures,
      labelled as such and never spliced into the user's series); None when it is the same table.
      ``own_origin``: the same for the reporter's series (a download holding only the partner's statistics).
    - ``notes``: plain-language notes about the data that every reader should see (a side missing from the
      file, an assumed currency, rows set aside...), shown on the index page and in notebook 01.
    - ``rejected``: rows of the user's file that were set aside (``--errors report``), in the problem log's
      ``line, column, value, reason`` layout; empty otherwise.
    """

    reporter: str
    partner: str
    reporter_name: str
    partner_name: str
    origin: str
    origin_label: str
    data_path: Path | None
    case_study: bool
    start_year: int | None
    end_year: int | None
    trade: pd.DataFrame
    sources: pd.DataFrame
    own: pd.DataFrame
    other: pd.DataFrame
    events: pd.DataFrame
    other_origin: str | None = None
    notes: tuple[str, ...] = ()
    own_origin: str | None = None
    rejected: pd.DataFrame = field(default_factory=_no_rejected_rows)

    @property
    def single_year(self) -> bool:
        """True when the reporter's series has one year only: levels, shares and gaps, but no growth."""
        return self.start_year is not None and self.start_year == self.end_year

    @property
    def has_growth(self) -> bool:
        """True when the reporter's series spans more than one year (growth can be computed)."""
        return self.start_year is not None and self.end_year is not None and self.end_year > self.start_year

    def unmet(self, requires: list[str]) -> str | None:
        """Why a notebook that ``requires`` these (``case_study``, ``both_sides``, ``china_customs``) cannot run for
        this pair, or None when it can (the report reads the list from the notebook's metadata)."""
        reasons = {
            "case_study": lambda: (
                self.case_study,
                "it is about the bundled China–Belarus case study (park, people, the 2023 article's claims)",
            ),
            "both_sides": lambda: (
                bool(len(self.own) and len(self.other)),
                f"it compares both countries' own statistics, and only {_possessive(self.sides)} are in the data "
                "for these years",
            ),
            "china_customs": self._in_china_customs,
        }
        for need in requires:
            if need not in reasons:
                raise ArgumentError(f"unknown notebook requirement {need!r}: one of {', '.join(reasons)}")
            met, why = reasons[need]()
            if not met:
                return why
        return None

    def _in_china_customs(self) -> tuple[bool, str]:
        from analysis.latest import customs_partner
        from analysis.load import load_gacc

        try:
            customs_partner(self.reporter, self.partner, load_gacc())
        except ArgumentError as exc:
            return False, f"it reads China customs' monthly table, and {exc}"
        return True, ""

    @property
    def both(self) -> pd.DataFrame:
        """Both sides' total series, long form (what ``analysis.series.both_sides`` gives)."""
        return pd.concat([self.own, self.other], ignore_index=True)

    @property
    def sides(self) -> list[str]:
        """The countries whose own statistics the trade table holds (one or both of the pair)."""
        return [code for code, series in ((self.reporter, self.own), (self.partner, self.other)) if len(series)]

    @property
    def statistics_end(self) -> int | None:
        """Last year of the reporter's statistical series (values with a known valuation, not statements; every
        row of a user's download is a statistical series)."""
        years = self._statistical_years(self.own)
        return int(years.max()) if len(years) else None

    def _statistical_years(self, series: pd.DataFrame) -> pd.Series:
        if self.origin == USER_FILE:
            return series["year"]
        return series.loc[series["valuation"] != "unknown", "year"]

    def comparison_years(self) -> tuple[int, int] | None:
        """First and last year in which both sides' statistical series have a total (for the case study from
        2006, the years in which the gap the package documents holds); None when the sides share no year."""
        common = set(self._statistical_years(self.own)) & set(self._statistical_years(self.other))
        if self.case_study:
            common = {year for year in common if year >= CASE_STUDY_GAP_FROM}
        return (int(min(common)), int(max(common))) if common else None

    @property
    def world_matrix(self) -> Path | None:
        """The IMF DOTS matrix for world context: the user's ``.parquet`` file, or None for the bundled one."""
        return self.data_path if self.data_path is not None and self.data_path.suffix == ".parquet" else None

    def flow_values(self, year: int) -> tuple[float, float]:
        """The reporter's own exports to and imports from the partner in ``year``, US$."""
        from analysis.series import annual_series, value_in

        flows = (annual_series(self.trade, self.reporter, self.partner, flow) for flow in ("export", "import"))
        exports, imports = (value_in(series, year) for series in flows)
        return exports, imports

    def base_years(self, span: int = 10) -> list[int]:
        """Candidate base years for the headline: the reporter's years before ``end_year``, at most ``span``
        years after ``start_year``."""
        if self.start_year is None or self.end_year is None:
            raise ArgumentError(f"{self.reporter_name} has no series in this trade table")
        return [int(y) for y in self.own["year"] if y < self.end_year and y <= self.start_year + span]

    def manifest(self) -> dict[str, object]:
        """The JSON-able description of the context (everything but the tables, plus their row counts)."""
        return {
            "format": "analysis.pair.PairContext",
            "version": CONTEXT_VERSION,
            "reporter": self.reporter,
            "partner": self.partner,
            "reporter_name": self.reporter_name,
            "partner_name": self.partner_name,
            "origin": self.origin,
            "origin_label": self.origin_label,
            "data_path": None if self.data_path is None else str(self.data_path),
            "case_study": self.case_study,
            "start_year": self.start_year,
            "end_year": self.end_year,
            "other_origin": self.other_origin,
            "own_origin": self.own_origin,
            "notes": list(self.notes),
            "tables": {name: {"file": f"{name}.parquet", "rows": len(getattr(self, name))} for name in _TABLES},
        }

    def save(self, folder: str | Path) -> Path:
        """Write the context to ``folder`` (``manifest.json`` and one parquet file per table); returns it."""
        import json

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        manifest = self.manifest()
        for name in _TABLES:
            getattr(self, name).to_parquet(folder / f"{name}.parquet")
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return folder

    def equals(self, other: PairContext) -> bool:
        """Same fields and equal tables (values and dtypes)."""
        return self.manifest() == other.manifest() and all(
            getattr(self, name).equals(getattr(other, name))
            and getattr(self, name).dtypes.to_dict() == getattr(other, name).dtypes.to_dict()
            for name in _TABLES
        )


def _side(trade: pd.DataFrame, reporter: str, partner: str) -> pd.DataFrame | None:
    """One reporter's total series, or None when the table has no rows from that reporter to that partner."""
    from analysis.series import annual_series

    if not ((trade["reporter"] == reporter) & (trade["partner"] == partner)).any():
        return None
    series = annual_series(trade, reporter, partner)
    return series if len(series) else None  # rows, but no year with a total (e.g. exports only)


def _matrix_side(reporter: str, partner: str, years: set[int]) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """One reporter's rows and total series from the bundled IMF DOTS matrix for ``years``, or None when it has
    none: ``(trade rows, series)``."""
    from analysis.dots import load_dots

    try:
        rows = trade_from_dots(load_dots(), reporter, partner)
    except ArgumentError:  # a code the matrix does not know, or no trade between the two
        return None
    rows = rows[(rows["reporter"] == reporter) & rows["year"].isin(years)].reset_index(drop=True)
    side = _side(rows, reporter, partner)
    return None if side is None else (rows, side)


def _possessive(codes: list[str]) -> str:
    from analysis import formatting as fmt

    return fmt.possessive(codes[0]) if codes else "neither country's"


def _span(years: pd.Series) -> str:
    low, high = int(years.min()), int(years.max())
    return str(low) if low == high else f"{low}-{high}"


def build_context(
    reporter: str = "CHN", partner: str = "BLR", data_path: str | Path | None = None, errors: str = "raise"
) -> PairContext:
    """Read the pair's data once (``pair_data``) and decide everything the notebooks share.

    A relative ``data_path`` is resolved against the current working directory (where the command runs).
    A user's file that holds one side only gets the other side from the bundled IMF DOTS matrix for the
    years of the file, as a separate, labelled series (``own_origin`` / ``other_origin``; never spliced),
    and a note says so. ``errors="report"`` keeps a download's good rows and puts the rejected ones in
    ``rejected``. Raises ``ArgumentError`` when neither country reports trade with the other in the table.
    """
    from analysis import formatting as fmt
    from analysis.load import load_claims, load_events, load_sources

    path = None if data_path is None else Path(data_path).expanduser().resolve()
    pair = pair_data(reporter, partner, path, errors)
    own, other = _side(pair.trade, reporter, partner), _side(pair.trade, partner, reporter)
    if own is None and other is None:
        raise ArgumentError(
            f"{pair.origin} has no total trade between {reporter} and {partner} (a year's total needs the year's "
            "exports and imports, or a total row; a file of one flow only has none)"
        )
    notes = list(pair.notes)
    if pair.trade.attrs.get("currency_assumed"):
        notes.append(f"{Path(pair.origin).name} has no currency column: its values are read as US dollars.")
    sources, trade = pair.sources, pair.trade
    origins: dict[str, str | None] = {reporter: None, partner: None}
    if path is not None and (own is None or other is None):
        have, missing = (reporter, partner) if own is not None else (partner, reporter)
        present = own if own is not None else other
        matrix_side = _matrix_side(missing, have, set(present["year"]))
        found = None if matrix_side is None else matrix_side[1]
        text = (
            f"{path.name} holds {fmt.possessive(have)} own statistics only: {fmt.possessive(missing)} own "
            "statistics of this trade are not in the file."
        )
        if found is not None:
            text += (
                f" The bundled IMF DOTS matrix has {fmt.possessive(missing)} own figures for {_span(found['year'])}; "
                "they are shown beside the file's as a separate series, labelled IMF DOTS (never joined to the file's)."
            )
            origins[missing] = BUNDLED_MATRIX
            matrix = load_sources()
            sources = pd.concat([sources, matrix[matrix["source_id"] == MATRIX_SOURCE]], ignore_index=True)
            # the other side's rows sit beside the file's under their own source id: compared, never joined
            trade = pd.concat([trade, matrix_side[0].astype(trade.dtypes.to_dict())], ignore_index=True)
            if own is None:
                own = found
            else:
                other = found
        else:
            text += f" The bundled IMF DOTS matrix has none for the file's years ({_span(present['year'])})."
        notes.append(text)
    empty = (own if own is not None else other).iloc[0:0]
    own, other = (own if own is not None else empty), (other if other is not None else empty)
    origin = USER_FILE if path is not None else BUNDLED_TABLE if pair.origin == "bundled trade.csv" else BUNDLED_MATRIX
    case_study = origin == BUNDLED_TABLE and (reporter, partner) == CASE_STUDY
    events = load_events()
    if case_study:  # the article's own years, read from the claims ledger
        ledger = load_claims().set_index("claim_id")
        start, end = (int(ledger.loc[c, "year_end"]) for c in ("article-trade-1992", "article-trade-2022"))
    else:
        events = events.iloc[0:0]
        start, end = (int(own["year"].min()), int(own["year"].max())) if len(own) else (None, None)
    return PairContext(
        reporter=reporter,
        partner=partner,
        reporter_name=fmt.country(reporter),
        partner_name=fmt.country(partner),
        origin=origin,
        origin_label=pair.origin,
        data_path=path,
        case_study=case_study,
        start_year=start,
        end_year=end,
        trade=trade,
        sources=sources,
        own=own,
        other=other,
        events=events,
        other_origin=origins[partner],
        notes=tuple(notes),
        own_origin=origins[reporter],
        rejected=pair.rejected if pair.rejected is not None else _no_rejected_rows(),
    )


def load_context(folder: str | Path) -> PairContext:
    """Read a context saved by ``PairContext.save``; ``ArgumentError`` when ``folder`` holds none."""
    import json

    folder = Path(folder)
    if not (folder / MANIFEST).is_file():
        raise ArgumentError(f"no saved pair context in {folder} (expected {MANIFEST})")
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format") != "analysis.pair.PairContext" or manifest.get("version") != CONTEXT_VERSION:
        raise ArgumentError(f"{folder / MANIFEST} is not a version {CONTEXT_VERSION} pair context")
    tables = {name: pd.read_parquet(folder / manifest["tables"][name]["file"]) for name in _TABLES}
    fields = {k: v for k, v in manifest.items() if k not in ("format", "version", "tables")}
    data_path = None if fields.pop("data_path") is None else Path(manifest["data_path"])
    fields["notes"] = tuple(fields.get("notes", ()))
    return PairContext(**fields, data_path=data_path, **tables)


def context(
    reporter: str = "CHN",
    partner: str = "BLR",
    data_path: str | Path | None = None,
    context_path: str | Path | None = None,
) -> PairContext:
    """The notebooks' one call: the saved context at ``context_path`` (the report passes it), else a new one.

    A saved context must be for the same pair and file as the parameters, else ``ArgumentError``.
    """
    if context_path is None:
        return build_context(reporter, partner, data_path)
    ctx = load_context(context_path)
    given = None if data_path is None else Path(data_path).expanduser().resolve()
    if (ctx.reporter, ctx.partner, ctx.data_path) != (reporter, partner, given):
        raise ArgumentError(
            f"the pair context in {context_path} is for {ctx.reporter}-{ctx.partner} from {ctx.origin_label}, "
            f"not {reporter}-{partner} from {given or 'the bundled data'}"
        )
    return ctx
