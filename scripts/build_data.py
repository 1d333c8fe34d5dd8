"""Build ``data/`` from the research material in ``../shared/data`` (run once, by hand).

This script is provenance, not part of the package: it documents exactly how each row of
``data/trade.csv``, ``data/park.csv`` and ``data/sources.csv`` was derived from the sourced
material, so that a reader can repeat it.  Nothing here estimates or interpolates: values are
copied (IMF values are multiplied by 1e6 to turn US$ millions into US$, nothing else).

Usage:  python scripts/build_data.py ../shared/data
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

ARTICLE_ID = "article-2023-03-03"
IMF_IDS = {
    "Belarus, Rep. of": "imf-dots-blr",
    "China, P.R.: Mainland": "imf-dots-chn",
}
ISO = {"Belarus, Rep. of": "BLR", "China, P.R.: Mainland": "CHN"}
FLOW = {"Exports, FOB": ("export", "FOB"), "Imports, CIF": ("import", "CIF")}

# Part-year notes in trade_statements.csv -> the named period used in data/trade.csv.
PERIODS = [
    (r"January-June", "Jan-Jun"),
    (r"January-July", "Jan-Jul"),
    (r"January-May", "Jan-May"),
    (r"January-August", "Jan-Aug"),
    (r"January-September", "Jan-Sep"),
    (r"January-November", "Jan-Nov"),
    (r"January-April", "Jan-Apr"),
]

SKIP_REASONS = {
    # (year, reporter, flow, value) -> why the statement is not a row of trade.csv
    # It is kept in the claims ledger instead; here we only record goods trade.
    ("2021", "BLR", "total", "5900000000"): "may include services ('внешнеторговый оборот'), low reliability",
}


def _slug(url: str, outlet: str) -> str:
    host = urlparse(url).netloc.lower() if url else ""
    host = re.sub(r"^(www\.|eng\.|en\.|deu\.|big5\.|spanish\.|portuguese\.|ysln\.)", "", host)
    host = host.split(":")[0]
    base = host.replace(".", "-") if host else re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-")
    return base or "source"


def _date_text(raw: str) -> tuple[str, str]:
    """Split a research-file date into (ISO partial date or '', note)."""
    raw = raw.strip()
    if raw == "unknown":
        return "", ""
    m = re.match(r"^(~?\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*(.*)$", raw)
    if not m:
        raise ValueError(f"unparsed date {raw!r}")
    return m.group(1), m.group(2).strip("() ")


class SourceBook:
    """Assign one source_id per (url, quote) pair, readable and stable."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []
        self.by_key: dict[tuple[str, str], str] = {}
        self.used: set[str] = set()

    def add(self, row: dict[str, str], key: tuple[str, str] | None = None, sid: str | None = None) -> str:
        key = key or (row["url"], row["quote"])
        if key in self.by_key:
            return self.by_key[key]
        if sid is None:
            date, _ = _date_text(row["published"]) if row["published"] else ("", "")
            stem = _slug(row["url"], row["publisher"]) + "-" + (date.lstrip("~") or "undated")
            sid, n = stem, 1
            while sid in self.used:
                n += 1
                sid = f"{stem}-{chr(ord('a') + n - 1)}"
        self.used.add(sid)
        self.by_key[key] = sid
        self.rows.append({"source_id": sid, **row})
        return sid


def statement_source(book: SourceBook, r: dict[str, str], extra_note: str = "") -> str:
    published, date_note = _date_text(r["source_date"])
    note = "; ".join(x for x in [date_note, extra_note] if x)
    return book.add(
        {
            "publisher": r["source_outlet"],
            "title": "",
            "url": r["source_url"],
            "published": published,
            "accessed": "",
            "quote": r["quote"],
            "reliability": r["reliability"],
            "note": note,
        }
    )


def main(shared: Path) -> None:
    book = SourceBook()
    book.add(
        {
            "publisher": "unnamed outlet (the seed article; outlet not given in the file)",
            "title": "",
            "url": "",
            "published": "2023-03-03",
            "accessed": "",
            "quote": "the bilateral trade volume between China and Belarus has increased from US$60.8 million at the "
            "beginning of the establishment of diplomatic relations to US$5.08 billion in 2022",
            "reliability": "medium",
            "note": "no URL known; text in shared/seed/article-2023-03-03.txt",
        },
        key=("article", ""),
        sid=ARTICLE_ID,
    )
    for name, sid in IMF_IDS.items():
        workbook = "DOTS_18.xlsx" if sid.endswith("blr") else "DOTS_40.xlsx"
        book.add(
            {
                "publisher": "International Monetary Fund (IMF), Direction of Trade Statistics",
                "title": f"Exports, FOB to / Imports, CIF from Partner Countries: {name} (US Dollars, Millions)",
                "url": "https://github.com/SamLeBlanc/Direction-of-Trade-Map/blob/"
                f"a0b40afbac7cefc59a4b35c1ebe541ac546aafad/data/DOTS/{workbook}",
                "published": "2022-02-02",
                "accessed": "2022-05-09",
                "quote": "Source: IMF, Direction of Trade Statistics",
                "reliability": "high",
                "note": "IMF DOTS workbook as downloaded by S. LeBlanc (MIT repo snapshot, commit a0b40af); "
                "published = commit that added the workbook, accessed = snapshot date",
            },
            key=("imf", sid),
            sid=sid,
        )
    book.add(
        {
            "publisher": "International Monetary Fund (IMF), Direction of Trade Statistics",
            "title": "Direction of Trade Statistics, all 234 reporter workbooks (US Dollars, Millions), 1960-2020",
            "url": "https://github.com/SamLeBlanc/Direction-of-Trade-Map/tree/"
            "a0b40afbac7cefc59a4b35c1ebe541ac546aafad/data/DOTS",
            "published": "2022-02-02",
            "accessed": "2022-05-09",
            "quote": "Source: IMF, Direction of Trade Statistics",
            "reliability": "high",
            "note": "full matrix, extracted as described in shared/data/external/imf_dots_matrix.SOURCE.md",
        },
        key=("imf", "matrix"),
        sid="imf-dots-matrix",
    )

    trade: list[dict[str, str]] = []
    with open(shared / "external" / "imf_dots_annual_leblanc.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            flow, valuation = FLOW[r["sheet"]]
            reporter = ISO[r["reporter"]]
            partner = ISO[r["partner"]]
            assert r["units"] == "US Dollars, Millions"
            for year in range(1992, 2021):
                raw = r[str(year)].strip()
                if not raw:
                    continue  # a blank cell stays missing
                # exact decimal shift: millions -> dollars, no rounding beyond float repr
                value = float(raw) * 1_000_000
                trade.append(
                    {
                        "year": str(year),
                        "reporter": reporter,
                        "partner": partner,
                        "flow": flow,
                        "value_usd": repr(value),
                        "valuation": valuation,
                        "period": "annual",
                        "qualifier": "exact",
                        "source_id": IMF_IDS[r["reporter"]],
                    }
                )

    skipped: list[str] = []
    with open(shared / "statements" / "trade_statements.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))

    # Where both flows are published for a reporter-year-period, the total is derived in code, not
    # stored: a separately published total for it (e.g. Belarus 2022 "nearly $6 billion") is a claim.
    def _period(note: str) -> str:
        return next((label for pattern, label in PERIODS if pattern in note), "annual")

    flows_seen = {(r["year"], r["reporter"], _period(r["period_note"]), r["flow"]) for r in rows}
    both_flows = {k[:3] for k in flows_seen if k[3] == "export" and (*k[:3], "import") in flows_seen}
    for r in rows:
        year = int(r["year"])
        if year <= 2020 or r["reporter"] not in {"CHN", "BLR"}:
            continue  # IMF DOTS is the backbone to 2020; unattributed figures are claims, not data
        key = (r["year"], r["reporter"], r["flow"], r["value_usd"])
        if key in SKIP_REASONS:
            skipped.append(f"{key}: {SKIP_REASONS[key]}")
            continue
        note = r["period_note"]
        period = _period(note)
        if period == "annual" and not note.startswith("calendar"):
            if "year-to-date" in note:
                skipped.append(f"{key}: year-to-date, months not stated")
                continue
        if r["flow"] == "total" and (r["year"], r["reporter"], period) in both_flows:
            skipped.append(f"{key}: total where both flows are stored (derived in code)")
            continue
        sid = statement_source(book, r)
        trade.append(
            {
                "year": r["year"],
                "reporter": r["reporter"],
                "partner": r["partner"],
                "flow": r["flow"],
                "value_usd": str(float(r["value_usd"])),
                "valuation": "unknown",
                "period": period,
                "qualifier": r["qualifier"],
                "source_id": sid,
            }
        )
    _write(DATA / "trade.csv", trade)

    park: list[dict[str, str]] = []
    with open(shared / "statements" / "park_statements.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            as_of, _ = _date_text(r["date"])
            inferred = as_of.startswith("~")
            as_of = as_of.lstrip("~")
            precision = {4: "year", 7: "month", 10: "day"}[len(as_of)]
            park.append(
                {
                    "as_of": as_of,
                    "as_of_precision": precision,
                    "date_inferred": "true" if inferred else "false",
                    "metric": r["metric"],
                    "value": r["value"],
                    "unit": r["unit"],
                    "qualifier": r["qualifier"],
                    "source_id": statement_source(book, r),
                    "note": r["note"],
                }
            )
    article_rows = [
        (
            "2023-02",
            "month",
            "false",
            "residents_count",
            "107",
            "companies",
            "exact",
            "'As of February this year, there were 107 enterprises settled in the China-Belarus Industrial Park.'",
        ),
        (
            "2022",
            "year",
            "false",
            "net_profit_growth_pct",
            "140",
            "% vs 2021",
            "exact",
            "'In 2022, the net profit of enterprises in the industrial park will increase by 140% "
            "compared with the previous year.'",
        ),
        (
            "2023-03",
            "month",
            "true",
            "declared_investment_usd",
            "1300000000",
            "USD",
            "over",
            "'the intended investment exceeds US$1.3 billion' ('at present', i.e. at publication)",
        ),
        (
            "2023-03",
            "month",
            "true",
            "industries_named",
            "6",
            "fields",
            "exact",
            "machinery manufacturing, e-commerce, new materials, traditional Chinese medicine, "
            "artificial intelligence, "
            "5G network development 'and other fields'",
        ),
    ]
    for as_of, prec, inferred, metric, value, unit, qual, note in article_rows:
        park.append(
            {
                "as_of": as_of,
                "as_of_precision": prec,
                "date_inferred": inferred,
                "metric": metric,
                "value": value,
                "unit": unit,
                "qualifier": qual,
                "source_id": ARTICLE_ID,
                "note": "seed article: " + note,
            }
        )
    _write(DATA / "park.csv", park)

    countries: list[dict[str, str]] = []
    with open(shared / "external" / "imf_dots_names_iso3.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["iso3"] and r["in_snapshot"] == "true":  # aliases of later vintages are skipped
                countries.append(
                    {
                        "iso3": r["iso3"],
                        "name": r["imf_name"],
                        "entity_type": r["entity_type"],
                        "source_id": "imf-dots-matrix",
                        "note": r["note"],
                    }
                )
    # Belgium-Luxembourg reported jointly until 1998; IMF leaves it unmapped, Comtrade codes it BLX.
    countries.append(
        {
            "iso3": "BLX",
            "name": "Belgium-Luxembourg",
            "entity_type": "composite",
            "source_id": "imf-dots-matrix",
            "note": "IMF name unmapped in the snapshot; BLX is UN Comtrade's code for the Belgium-Luxembourg union",
        }
    )
    countries.sort(key=lambda r: r["iso3"])
    _write(DATA / "countries.csv", countries)
    _write(DATA / "sources.csv", book.rows)
    for s in skipped:
        print("skipped", s)


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {path.relative_to(ROOT)}: {len(rows)} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")
