"""Build ``data/`` from the sourced material (``../shared/data``) and the curated rows (``curation/``).

Run ``make data`` (or ``python scripts/build_data.py [--shared DIR] [--out DIR]``). Nothing is estimated:
values are copied, IMF US$ millions become whole dollars by exact decimal arithmetic, and every curated
quote is checked against the material it names before anything is written. Quotes are compared after
collapsing each run of whitespace (spaces, tabs, line breaks) to one space and stripping both ends; nothing
else is normalised (case, punctuation and quote marks must match). A failed check stops the build with a
message naming the curation file, its 1-based line and the quote. See ``curation/README.md``.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

from analysis.contract import columns
from analysis.contract.sourced import CPI_PERIODS, CPI_SERIES, WDI_COUNTRIES, WDI_INDICATORS

ROOT = Path(__file__).resolve().parents[1]
# Files of the shared material, relative to the shared data folder (as curation/*.csv name them).
SEED, NOTES = "../seed/article-2023-03-03.txt", "statements/NOTES.md"
TRADE, PARK = "statements/trade_statements.csv", "statements/park_statements.csv"
IMF, NAMES = "external/imf_dots_annual_leblanc.csv", "external/imf_dots_names_iso3.csv"
MATRIX = "external/imf_dots_matrix.parquet"
GACC = "external/gacc_monthly_rmb_blr_rus_world.csv"  # China customs, 10,000 yuan
WDI, CPI = "external/wdi_core_indicators.csv", "external/us_cpi_u_bls.csv"
SOURCE_COLUMNS = columns("sources.csv")
OBSERVATION = ["as_of", "date_inferred", "metric", "value", "unit", "qualifier", "source_id", "quote", "note"]
CLAIM = ["claim_id", "claim", "figure", "speaker", "speaker_country", "outlet", "published", "source_id"]
CLAIM += ["source_file", "source_key", "metric"]
CLAIM += ["value", "unit", "qualifier", "year_start", "year_end", "as_of", "reporter", "check", "data_metric", "note"]
CURATION = {
    "sources.csv": [*SOURCE_COLUMNS, "source_file", "source_key"],
    "trade_skips.csv": ["year", "reporter", "flow", "value_usd", "quote", "reason"],
    "park.csv": OBSERVATION,
    "exchanges.csv": OBSERVATION,
    "events.csv": ["date", "label", "description", "category", "source_id", "quote", "source_file", "source_key"],
    "countries.csv": ["iso3", "name", "entity_type", "source_id", "note", "quote", "source_file"],
    "claims.csv": CLAIM,
    "claims_out_of_scope.csv": ["source_id", "source_file", "source_key", "quote", "figure", "reason"],
}
# data/ table -> its columns, from the one contract (analysis.contract)
TABLES = (
    "trade", "park", "exchanges", "events", "countries", "claims", "claims_out_of_scope", "sources",
    "gacc_monthly", "wdi", "us_cpi",
)
OUTPUT = {name: columns(f"{name}.csv") for name in TABLES}
NUMBER = re.compile(r"-?(0|[1-9]\d*)(\.\d*[1-9])?")  # as written in data/: no exponent, no '.0', no leading zero
NOISE = Decimal("1e-12")  # largest relative change allowed when rounding an IMF value to whole dollars


class CurationError(Exception):
    """A curated row or a source file the build cannot use; the message names the file and line."""


def flat(text: str) -> str:
    """``text`` with every run of whitespace collapsed to one space (the only normalisation of quotes)."""
    return " ".join(text.split())


def read_csv(path: Path, label: str, columns: list[str] | None = None) -> list[tuple[str, dict[str, str]]]:
    """Rows of a CSV, each with 'label, line N' (1-based physical line of its first line) for messages."""
    if not path.is_file():
        raise CurationError(f"{label}: file not found ({path})")
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if columns is not None and reader.fieldnames != columns:
            raise CurationError(f"{label}, line 1: columns {reader.fieldnames}, expected {columns}")
        rows, line = [], 2
        for row in reader:
            where = f"{label}, line {line}"
            if None in row or None in row.values():
                raise CurationError(f"{where}: expected {len(reader.fieldnames or [])} fields")
            rows.append((where, row))
            line = reader.line_num + 1
    return rows


def dollars(text: str, where: str, millions: bool = False) -> str:
    """A value in US dollars, or in US$ millions as the IMF file writes it, as whole dollars (exact decimals).

    The IMF file holds the workbook's doubles with 17 significant digits (27.731000000000002), so the exact
    product is whole dollars plus float noise; the noise is dropped only when below ``NOISE`` of the value.
    Any other fraction of a dollar stops the build."""
    try:
        exact = Decimal(text) * (10**6 if millions else 1)
    except ArithmeticError:
        raise CurationError(f"{where}: {text!r} is not a number") from None
    whole = exact.to_integral_value()
    if abs(exact - whole) > (NOISE * abs(exact) if millions else 0):
        raise CurationError(f"{where}: {text!r}{' US$ millions' if millions else ''} is not a whole number of dollars")
    return str(int(whole))


def exact(text: str, where: str, scale: int = 1) -> str:
    """A published number times ``scale``, exactly, written as data/ writes numbers (no exponent, no '.0').

    ``scale`` > 1 (GACC's 10,000-yuan unit to yuan) must give a whole number: nothing is rounded."""
    try:
        value = Decimal(text) * scale
    except ArithmeticError:
        raise CurationError(f"{where}: {text!r} is not a number") from None
    if scale > 1 and value != value.to_integral_value():
        raise CurationError(f"{where}: {text!r} times {scale} is not a whole number (a digit beyond the unit)")
    return format(value.normalize(), "f")


def sourced_rows(shared: Shared, book: Sources) -> dict[str, list[dict[str, str]]]:
    """GACC's monthly RMB table (yuan, exact), the WDI indicators and the CPI-U series the package uses."""
    gacc = []
    for where, r in shared.rows(GACC):
        values = {
            c: exact(r[f"{c}_10k_cny"], f"{where}, column {c}_10k_cny", 10**4) for c in ("month_value", "ytd_value")
        }
        growth = exact(r["ytd_yoy_pct"], f"{where}, column ytd_yoy_pct")
        sid = book.cite("gacc-monthly-rmb", where)
        gacc.append(dict(r, reporter="CHN", **values, currency="CNY", ytd_growth_pct=growth, source_id=sid))
    wdi = [
        dict(r, value=exact(r["value"], f"{where}, column value"), source_id=book.cite("wdi-2026-07", where))
        for where, r in shared.rows(WDI)
        if r["indicator"] in WDI_INDICATORS and r["iso3"] in WDI_COUNTRIES
    ]
    cpi = [
        dict(r, value=exact(r["value"], f"{where}, column value"), source_id=book.cite("bls-cpi-u", where))
        for where, r in shared.rows(CPI)
        if r["series_id"] in CPI_SERIES and r["period"] in CPI_PERIODS
    ]
    return {"gacc_monthly": gacc, "wdi": wdi, "us_cpi": cpi}


def number(text: str, where: str) -> str:
    """A value of park/exchanges/claims, checked to be written as data/ writes numbers (counts as integers)."""
    if not NUMBER.fullmatch(text):
        raise CurationError(f"{where}: value {text!r} is not a plain number (integers are written without '.0')")
    return text


def date_text(raw: str, where: str) -> tuple[str, str]:
    """A research-file date -> (partial ISO date, '~' kept when inferred, or '' when unknown; the rest as a note)."""
    raw = raw.strip()
    if raw == "unknown":
        return "", ""
    m = re.match(r"^(~?\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*(.*)$", raw)
    if not m:
        raise CurationError(f"{where}: date {raw!r} is not YYYY[-MM[-DD]] (optionally '~' and a note) or 'unknown'")
    return m.group(1), m.group(2).strip("() ")


def precision(date: str, where: str) -> str:
    """year, month or day: how precise a partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD) is."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
        raise CurationError(f"{where}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return {4: "year", 7: "month", 10: "day"}[len(date)]


class Shared:
    """The sourced material in the shared data folder; finds a quote where a curated row says it is."""

    def __init__(self, folder: Path) -> None:
        if not (folder / NOTES).is_file():
            raise CurationError(f"shared material not found at {folder} (set SHARED=... or --shared)")
        self.folder, self._csv, self._text = folder, {}, {}

    def rows(self, file: str) -> list[tuple[str, dict[str, str]]]:
        if file not in self._csv:
            self._csv[file] = read_csv(self.folder / file, file)
        return self._csv[file]

    def text(self, file: str, where: str) -> str:
        if file not in self._text:
            if not (self.folder / file).is_file():
                raise CurationError(f"{where}: {file} not found in {self.folder}")
            self._text[file] = (self.folder / file).read_text(encoding="utf-8")
        return self._text[file]

    def find(self, quote: str, file: str, key: str, where: str, url: str = "") -> dict[str, str] | None:
        """The statement row of a CSV that has ``key`` (``col=value ...``) and this quote; for a text file,
        None once the quote is found in it (with ``key`` 'section=N': on one table row of section N of a
        Markdown file, together with ``url``). Raise CurationError naming ``where`` otherwise."""
        if not flat(quote):
            raise CurationError(f"{where}: empty quote")
        if file.endswith(".csv"):
            want = dict(part.partition("=")[::2] for part in key.split())
            hits = [r for _, r in self.rows(file) if all(r.get(k) == v for k, v in want.items())]
            hits = [r for r in hits if flat(r["quote"]) == flat(quote)]
            if len(hits) != 1:
                raise CurationError(f"{where}: {len(hits)} rows of {file} have {key!r} and the quote {quote!r}")
            return hits[0]
        if key:
            section, lines = None, []
            for line in self.text(file, where).splitlines():
                section = m.group(1) if (m := re.match(r"## (\w+)\. ", line)) else section
                if section == key.removeprefix("section=") and line.startswith("|") and url in line:
                    lines.append(flat(line))
        else:
            lines = [flat(self.text(file, where))]
        if not any(flat(quote) in line for line in lines):
            place = f"{file} ({key}{', on the row of ' + url if url else ''})" if key else file
            raise CurationError(f"{where}: quote not found verbatim in {place}: {quote!r}")
        return None


class Sources:
    """data/sources.csv in order of first citation. Curated records keep their id; a statement's id is
    its URL's host and its date (``news-by-2019-12-13``), then -b, -c ... in order of first citation."""

    def __init__(self, records: dict[str, dict[str, str]]) -> None:
        self.records, self.rows, self.by_key, self.used = records, {}, {}, set(records)

    def cite(self, sid: str, where: str) -> str:
        """A curated record (curation/sources.csv)."""
        if sid not in self.records:
            raise CurationError(f"{where}: source_id {sid!r} is not in curation/sources.csv")
        if sid not in self.rows:
            self.rows[sid] = record = self.records[sid]
            self.by_key[(record["url"], record["quote"])] = sid
        return sid

    def statement(self, r: dict[str, str], where: str) -> str:
        """A row of a statement file; one source per (URL, quote)."""
        key = (r["source_url"], r["quote"])
        if key not in self.by_key:
            published, note = date_text(r["source_date"], where)
            host = re.sub(r"^(www|eng|en|deu|big5|spanish|portuguese|ysln)\.", "", urlparse(key[0]).netloc.lower())
            base = host.split(":")[0].replace(".", "-")
            base = base or re.sub(r"[^a-z0-9]+", "-", r["source_outlet"].lower()).strip("-") or "source"
            stem = f"{base}-{published.lstrip('~') or 'undated'}"
            sid, n = stem, 1
            while sid in self.used:
                n += 1
                sid = f"{stem}-{chr(ord('a') + n - 1)}"
            self.used.add(sid)
            self.by_key[key] = sid
            row = dict(source_id=sid, publisher=r["source_outlet"], url=key[0], published=published, quote=key[1])
            self.rows[sid] = dict(row, title="", accessed="", reliability=r["reliability"], note=note)
        return self.by_key[key]


def resolve(row: dict[str, str], where: str, shared: Shared, book: Sources) -> tuple[str, bool]:
    """Check the row's quote where it says it is; return (source_id, whether it quotes the seed article)."""
    quote, sid = row.get("quote", row.get("claim", "")), row["source_id"]
    if row.get("source_file"):  # a statement (or another named file): the quote is checked there
        found = shared.find(quote, row["source_file"], row.get("source_key", ""), where)
        if found is None:
            return book.cite(sid, where), False
        if (generated := book.statement(found, where)) != sid:
            raise CurationError(f"{where}: the statement's source_id is {generated!r}, not {sid!r}")
        return sid, False
    record = book.records.get(sid, {})
    if record.get("source_file") == SEED:
        shared.find(quote, SEED, "", where)
    elif record and flat(quote) != flat(record["quote"]):
        raise CurationError(f"{where}: quote {quote!r} is not the quote of source {sid!r} (curation/sources.csv)")
    return book.cite(sid, where), record.get("source_file") == SEED


def trade_rows(shared: Shared, book: Sources, skip_rows: list, iso: dict[str, str]) -> list[dict[str, str]]:
    """IMF DOTS to 2020 (US$ millions -> dollars), then each reporter's official statements."""
    trade = []
    for where, r in shared.rows(IMF):
        if r["units"] != "US Dollars, Millions":
            raise CurationError(f"{where}: units {r['units']!r}, expected 'US Dollars, Millions'")
        flow, valuation = r["sheet"].split(", ")  # 'Exports, FOB'
        imf = dict(reporter=iso[r["reporter"]], partner=iso[r["partner"]], flow=flow.lower().removesuffix("s"))
        imf.update(valuation=valuation, period="annual", qualifier="exact")
        sid = book.cite(f"imf-dots-{imf['reporter'].lower()}", where)
        for year in [k for k in r if k.isdigit() and r[k].strip()]:  # a blank cell stays missing
            value = dollars(r[year], f"{where}, column {year}", millions=True)
            trade.append(dict(imf, year=year, value=value, currency="USD", source_id=sid))

    def period(note: str) -> str:  # 'January-November 2025 only' -> 'Jan-Nov'
        m = re.search(r"\bJanuary-([A-Z][a-z]+)\b", note)
        return f"Jan-{m.group(1)[:3]}" if m else "annual"

    statements, skips = shared.rows(TRADE), {}
    for where, s in skip_rows:
        key = f"year={s['year']} reporter={s['reporter']} flow={s['flow']} value_usd={s['value_usd']}"
        skips[tuple(shared.find(s["quote"], TRADE, key, where).values())] = s["reason"]  # type: ignore[union-attr]
    # A total is derived in code where both flows are published for that reporter, year and period.
    flows = {(r["year"], r["reporter"], period(r["period_note"]), r["flow"]) for _, r in statements}
    both = {k[:3] for k in flows if k[3] == "export" and (*k[:3], "import") in flows}
    for where, r in statements:
        if int(r["year"]) <= 2020 or r["reporter"] not in {"CHN", "BLR"}:
            continue  # IMF DOTS is the backbone to 2020; unattributed figures are claims, not data
        p, reason = period(r["period_note"]), skips.get(tuple(r.values()))
        if reason is None and p == "annual" and "year-to-date" in r["period_note"]:
            reason = "year-to-date, months not stated"
        if reason is None and r["flow"] == "total" and (r["year"], r["reporter"], p) in both:
            reason = "total where both flows are stored (derived in code)"
        if reason:
            print("skipped", (r["year"], r["reporter"], r["flow"], r["value_usd"]), reason)
            continue
        value = dollars(r["value_usd"], f"{where}, column value_usd")
        trade.append(
            dict(r, value=value, currency="USD", valuation="unknown", period=p, source_id=book.statement(r, where))
        )
    return trade


def build(shared_dir: Path, out: Path, curation: Path = ROOT / "curation") -> dict[str, list[dict[str, str]]]:
    """Check everything, then write data/*.csv and dots.parquet into ``out``; return the tables written."""
    shared = Shared(shared_dir)
    cur = {name: read_csv(curation / name, f"curation/{name}", cols) for name, cols in CURATION.items()}
    book = Sources({r["source_id"]: r for _, r in cur["sources.csv"]})
    for (where, r), (_, before) in zip(cur["sources.csv"][1:], cur["sources.csv"], strict=False):
        if r["source_id"] <= before["source_id"]:
            raise CurationError(f"{where}: {r['source_id']!r} after {before['source_id']!r} (sort by id, no repeats)")
    for where, r in cur["sources.csv"]:
        shared.find(r["quote"], r["source_file"], r["source_key"], where, r["url"] if r["source_key"] else "")
    for where, r in cur["sources.csv"]:  # the seed article and the datasets come first
        if r["source_file"] != NOTES:
            book.cite(r["source_id"], where)
    countries = [r for _, r in shared.rows(NAMES) if r["iso3"] and r["in_snapshot"] == "true"]
    trade = trade_rows(shared, book, cur["trade_skips.csv"], {r["imf_name"]: r["iso3"] for r in countries})

    park, exchanges, events, claims = [], [], [], []
    for where, r in shared.rows(PARK):
        as_of, _ = date_text(r["date"], where)
        inferred, as_of = str(as_of.startswith("~")).lower(), as_of.lstrip("~")
        number(r["value"], where)
        park.append(dict(r, as_of=as_of, as_of_precision=precision(as_of, where), date_inferred=inferred))
        park[-1]["source_id"] = book.statement(r, where)
    for table, name, template in [
        (park, "park.csv", "'{quote}' {note}"),
        (exchanges, "exchanges.csv", "'{quote}'; {note}"),
    ]:
        for where, r in cur[name]:
            sid, seed = resolve(r, where, shared, book)
            note = "seed article: " + template.format(**r).strip() if seed else r["note"]
            number(r["value"], where)
            table.append(dict(r, as_of_precision=precision(r["as_of"], where), source_id=sid, note=note))
    for where, r in cur["events.csv"]:
        sid, seed = resolve(r, where, shared, book)
        text = f"{r['description']} Seed article: '{r['quote']}'" if seed else r["description"]
        events.append(dict(r, date_precision=precision(r["date"], where), description=text, source_id=sid))
    events.sort(key=lambda e: e["date"])  # stable: same-date events keep their curated order
    countries = [dict(r, name=r["imf_name"], source_id="imf-dots-matrix") for r in countries]
    for where, r in cur["countries.csv"]:
        resolve(r, where, shared, book)
        countries.append(r)
    countries.sort(key=lambda r: r["iso3"])
    for where, r in cur["claims.csv"]:
        sid, seed = resolve(r, where, shared, book)
        source = book.rows[sid]
        if not seed and (r["outlet"], r["published"]) != (source["publisher"], source["published"] or "unknown"):
            raise CurationError(f"{where}: outlet and published must be those of source {sid!r}")
        if not r["figure"] or r["figure"] not in r["claim"]:
            raise CurationError(f"{where}: figure {r['figure']!r} is not a part of the claim's words")
        number(r["value"], where)
        claims.append(r)

    out_of_scope = []
    for where, r in cur["claims_out_of_scope.csv"]:
        resolve(r, where, shared, book)
        if not r["figure"] or r["figure"] not in r["quote"] or not r["reason"]:
            raise CurationError(f"{where}: figure {r['figure']!r} must be a part of the quote, with a reason")
        out_of_scope.append(r)

    for where, r in cur["sources.csv"]:
        if r["source_id"] not in book.rows:
            raise CurationError(f"{where}: source {r['source_id']!r} is cited by no row")
    tables = dict(trade=trade, park=park, exchanges=exchanges, events=events, countries=countries, claims=claims)
    tables |= sourced_rows(shared, book)
    tables["claims_out_of_scope"] = out_of_scope
    tables["sources"] = list(book.rows.values())
    for name, rows in tables.items():
        if missing := {c for row in rows for c in OUTPUT[name] if c not in row}:
            raise CurationError(f"{name}.csv: rows without {sorted(missing)}")
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with open(out / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=OUTPUT[name], lineterminator="\n", extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        print(f"wrote {name}.csv: {len(rows)} rows")
    shutil.copyfile(shared.folder / MATRIX, out / "dots.parquet")
    print("copied dots.parquet")
    return tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data", help="the shared data folder")
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="where to write (default: data/)")
    args = parser.parse_args(argv)
    try:
        build(args.shared, args.out)
    except CurationError as err:
        print(f"build_data: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
