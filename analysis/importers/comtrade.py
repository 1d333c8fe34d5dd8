"""Read UN Comtrade CSV downloads: Comtrade+ and the legacy API/website layout.

Both layouts are declared (their header columns) in ``analysis.importers.sniff``; this module
converts their rows. Conventions (see ``analysis/reference/README.md`` for the code lists):

- Countries are ISO 3166 alpha-3 codes. UN Comtrade's numeric codes are the key (the file's
  ISO text columns are not used: legacy files leave them empty for "nes" areas and Comtrade+
  writes ``W00`` for World). Codes that differ from UN M49 (251 France, 381 Italy, 579 Norway,
  699 India, 757 Switzerland, 842 USA, 58 Belgium-Luxembourg -> ``BLX`` ...) are mapped; World
  is ``WLD``; aggregates and "nes" areas get this package's ``X..`` codes. A code not in the
  reference list is reported, never guessed.
- Flows keep the reporter's view: export, import, re-export, re-import (never merged).
- Values are US dollars. ``valuation`` says which value column was used: for imports and
  re-imports the CIF column, else the FOB column; for exports and re-exports the FOB column,
  else the CIF column; when neither is filled, Comtrade's headline value (``primaryValue`` or
  ``Trade Value (US$)``) with valuation ``unknown``, because that value is whatever the
  reporter reported and the file does not say which (UN Comtrade only says imports are
  *usually* CIF and exports FOB).
- ``period`` is ``annual`` or, for monthly data, the month (``May``): a month never enters an
  annual series. ``qualifier`` is ``exact``.
- Goods only, totals only: services rows (``typeCode`` S) and rows broken down by second
  partner, customs procedure or mode of transport are reported, not read.

Performance: the file is streamed with pyarrow's CSV reader in blocks (``analysis.importers.
batches``), only the needed columns are read as text and converted with vectorised
pyarrow/numpy code, so memory stays near the size of the output (``benchmarks/
bench_importers.py``). Files with a malformed line are re-read with Python's ``csv`` module,
which knows the line of every record.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.contract import MAX_YEAR, MIN_YEAR
from analysis.importers.batches import (
    Batch,
    Malformed,
    arrow_batches,
    dictionary,
    is_empty,
    parse_floats,
    parse_ints,
    python_batches,
    to_numpy,
    values_at,
)
from analysis.importers.common import MONTHS, PRODUCT_RE, Errors, PathLike, cached_comtrade_areas, finish
from analysis.importers.sniff import COMTRADE_LAYOUTS, COMTRADE_PLUS, Sniffed, read_as
from analysis.problems import ProblemLog

# Comtrade+ flow codes (IMTS 2010): DX (domestic exports) and RX (re-exports) are parts of X, FM (foreign imports)
# and RM (re-imports) parts of M: kept as their own flows, never added to the totals. Legacy files number the
# flows 1-4; some legacy-layout files carry the Comtrade+ letters instead (both are read).
PLUS_FLOWS = {
    "M": "import",
    "X": "export",
    "RM": "re-import",
    "RX": "re-export",
    "DX": "domestic-export",
    "FM": "foreign-import",
}
LEGACY_FLOWS = {
    "1": "import",
    "2": "export",
    "3": "re-export",
    "4": "re-import",
    **PLUS_FLOWS,
    # a "selected columns" export may hold only the flow's name (column Trade Flow)
    "IMPORT": "import",
    "EXPORT": "export",
    "RE-EXPORT": "re-export",
    "RE-IMPORT": "re-import",
}
INWARD = ("import", "re-import", "foreign-import")
# Breakdown columns of a Comtrade+ "plus" download and the code that means "all" (the total row)
BREAKDOWNS = {
    "partner2": ("0", "second partner"),
    "customs": ("C00", "customs procedure"),
    "mot": ("0", "mode of transport"),
    "mos": ("0", "mode of supply"),
}
OTHER_ASIA_NES = 490  # Comtrade's "Other Asia, nes": Taiwan in practice, read as TWN (a note says so)
TAIWAN_NOTE = (
    "UN Comtrade's partner 490 \"Other Asia, nes\" is counted as Taiwan (TWN): it is Taiwan's trade in practice, "
    "which UN Comtrade does not list under Taiwan's name."
)


class Codes:
    """The Comtrade reference list as lookup arrays indexed by numeric code (0-999)."""

    def __init__(self) -> None:
        areas = cached_comtrade_areas()
        if len(areas) >= 1 << 10:  # positions are packed into 10 bits of the duplicate key
            raise ValueError("comtrade_areas.csv has too many rows for the packed key")
        size = 1000
        self.position = np.full(size, -1, dtype="int32")  # row of the code in the reference list
        codes = areas["code"].to_numpy()
        self.position[codes] = np.arange(len(areas), dtype="int32")
        self.iso3 = pa.array(areas["iso3"].tolist(), pa.string())
        self.aggregate = areas["is_aggregate"].to_numpy(dtype=bool)

    def lookup(self, codes: np.ndarray, ok: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(known mask, position in the reference list (0 where unknown), is_aggregate)."""
        inside = ok & (codes >= 0) & (codes < len(self.position))
        pos = self.position[np.where(inside, codes, 0)]
        known = inside & (pos >= 0)
        pos = np.where(known, pos, 0)
        return known, pos, self.aggregate[pos] & known


TEXT_ROLES = ("freq", "flow", "type", "partner2", "customs", "mot", "mos")
MONTH_NAMES = pa.array(["annual", *MONTHS], pa.string())
VALUATIONS = pa.array(["FOB", "CIF", "unknown"], pa.string())


def comtrade_batch(
    cols: dict[str, pa.Array],
    lines: np.ndarray,
    sniffed: Sniffed,
    codes: Codes,
    problems: ProblemLog,
    products: dict[str, int],
    seen: set[str] | None = None,
) -> pa.Table | None:
    """Convert and check one group of records; problems are recorded, good rows returned."""
    blank = is_empty(cols["reporter"])
    if blank.any():
        for col in cols.values():
            blank &= is_empty(pc.utf8_trim_whitespace(col))
    if blank.any():  # blank lines are no records
        keep = pa.array(~blank)
        cols = {role: col.filter(keep) for role, col in cols.items()}
        lines = lines[~blank]
    n = len(lines)
    if n == 0:
        return None
    text = {role: pc.utf8_upper(pc.utf8_trim_whitespace(cols[role])) for role in TEXT_ROLES if role in cols}
    bad = np.zeros(n, dtype=bool)
    name = sniffed.names()
    plus = sniffed.layout is COMTRADE_PLUS

    def report(mask: np.ndarray, role: str, reason: str) -> None:
        nonlocal bad
        if mask.any():
            problems.add(lines[mask], name[role], values_at(cols[role], mask), reason)
            bad |= mask

    # year
    year, year_ok = parse_ints(cols["year"])
    report(~year_ok, "year", "a year such as 2019")
    out_of_range = year_ok & ((year < MIN_YEAR) | (year > MAX_YEAR))
    report(out_of_range, "year", f"a year between {MIN_YEAR} and {MAX_YEAR} (a year that has not happened is not data)")

    # period: annual, or one month
    if plus:
        freq = to_numpy(pc.fill_null(pc.index_in(text["freq"], value_set=pa.array(["A", "M"])), -1))
        report(freq < 0, "freq", "A (annual) or M (monthly)")
        monthly = freq == 1
        ref_month, ok = parse_ints(cols["month"])
        bad_month = monthly & ~(ok & (ref_month >= 1) & (ref_month <= 12))
        report(bad_month, "month", "a month 1-12 for monthly data (freqCode M)")
        month = np.where(monthly & ~bad_month, ref_month, 0)
    elif "period" not in cols:  # a "selected columns" export without Period: annual rows
        month = np.zeros(n, dtype="int64")
    else:
        period, period_ok = parse_ints(cols["period"])
        length = to_numpy(pc.binary_length(pc.utf8_trim_whitespace(cols["period"])))
        annual = period_ok & (length == 4) & (period == year)
        mm = period % 100
        monthly = period_ok & (length == 6) & (period // 100 == year) & (mm >= 1) & (mm <= 12)
        report(
            year_ok & ~(annual | monthly),
            "period",
            "the year (e.g. 2014) or year and month (e.g. 201405) of the row's Year",
        )
        month = np.where(monthly, mm, 0)

    # reporter and partner
    position: dict[str, np.ndarray] = {}
    aggregate = np.zeros(n, dtype=bool)
    for role in ("reporter", "partner"):
        code, ok = parse_ints(cols[role])
        if seen is not None and (ok & (code == OTHER_ASIA_NES)).any():
            seen.add(TAIWAN_NOTE)
        report(~ok, role, "a numeric UN Comtrade area code, e.g. 156")
        known, pos, agg = codes.lookup(code, ok)
        report(
            ok & ~known,
            role,
            "a UN Comtrade area code listed in analysis/reference/comtrade_areas.csv "
            "(unknown codes are reported, not guessed)",
        )
        position[role] = pos
        aggregate |= agg

    # flow
    table = PLUS_FLOWS if plus else LEGACY_FLOWS
    keys = list(table)
    flow = to_numpy(pc.fill_null(pc.index_in(text["flow"], value_set=pa.array(keys)), -1))
    expected_flows = ", ".join(f"{k} ({v})" for k, v in table.items())
    report(flow < 0, "flow", f"a trade flow code: {expected_flows}; other flows are not read")
    flow_names = pa.array(list(table.values()), pa.string())
    inward = np.isin(flow, [i for i, k in enumerate(keys) if table[k] in INWARD])

    # product
    product = pc.utf8_trim_whitespace(cols["product"])
    product_ok = to_numpy(pc.fill_null(pc.match_substring_regex(product, PRODUCT_RE), False))
    report(~product_ok, "product", "a commodity code such as 27, 270900 or TOTAL")

    # goods only
    if "type" in text:
        goods = to_numpy(pc.is_in(text["type"], value_set=pa.array(["", "C"])))
        report(~goods, "type", "C (goods); services (S) are not goods trade")
    # rows broken down by second partner, customs procedure, mode of transport or supply repeat the totals:
    # they are kept, apart, with a ``breakdown`` label ("" on the total row), never added to the totals
    breakdown = np.full(n, "", dtype=object)
    for role, (total, what) in BREAKDOWNS.items():
        if role in text:
            codes_text = to_numpy(text[role]).astype(object)
            split = (codes_text != "") & (codes_text != total)
            if split.any():
                label = np.where(split, what + " " + codes_text.astype(str), "")
                joined = np.where(split & (breakdown != ""), breakdown + "; " + label, label)
                breakdown = np.where(split, joined, breakdown)

    # values: CIF/FOB column by flow, else the headline value (valuation unknown)
    parsed: dict[str, np.ndarray] = {}
    present = np.zeros(n, dtype=bool)
    for role in ("cif", "fob", "primary"):
        if role not in cols:
            parsed[role] = np.full(n, np.nan)
            continue
        vals, empty, wrong = parse_floats(cols[role])
        report(wrong, role, "a number of US dollars, or nothing")
        negative = ~wrong & (vals < 0)
        report(negative, role, "a value of at least 0 US dollars")
        parsed[role] = np.where(negative, np.nan, vals)
        present |= ~empty & ~wrong
    first = np.where(inward, parsed["cif"], parsed["fob"])
    second = np.where(inward, parsed["fob"], parsed["cif"])
    use_first = first > 0
    use_second = ~use_first & (second > 0)
    use_primary = ~use_first & ~use_second & (parsed["primary"] > 0)
    value = np.where(use_first, first, np.where(use_second, second, parsed["primary"]))
    # valuation index into VALUATIONS: 0 FOB, 1 CIF, 2 unknown
    valuation = np.where(use_first, inward, np.where(use_second, ~inward, 2)).astype("int32")
    none = ~(use_first | use_second | use_primary) & ~bad
    report(
        none & present,
        "primary",
        "a positive value in US dollars (0 is no published value: leave the row out)",
    )
    report(none & ~present, "primary", "a trade value (the value columns of this row are all empty)")

    good = ~bad
    if not good.any():
        return None
    keep = pa.array(good)
    product = product.filter(keep)
    split_by = pa.array(breakdown[good].tolist(), pa.string())
    # year/reporter/partner/flow/period/product(+breakdown) packed into one int64 (8+10+10+3+4+24 bits),
    # with product numbers shared by all groups of the file, for a fast duplicate check
    item = pc.binary_join_element_wise(product, split_by, "|")
    vocab = pc.unique(item)
    ids = np.array([products.setdefault(v, len(products)) for v in vocab.to_pylist()], dtype="int64")
    product_id = ids[to_numpy(pc.index_in(item, value_set=vocab)).astype("int64")]
    key = (year[good] - MIN_YEAR).astype("int64")
    for part, size in (
        (position["reporter"][good], 1 << 10),
        (position["partner"][good], 1 << 10),
        (flow[good], 1 << 3),
        (month[good], 1 << 4),
        (product_id, 1 << 24),
    ):
        key = key * size + part
    return pa.table(
        {
            "year": pa.array(year[good], pa.int64()),
            "reporter": dictionary(position["reporter"][good], codes.iso3),
            "partner": dictionary(position["partner"][good], codes.iso3),
            "flow": dictionary(flow[good], flow_names),
            "value": pa.array(value[good], pa.float64()),
            "valuation": dictionary(valuation[good], VALUATIONS),
            "period": dictionary(month[good], MONTH_NAMES),
            "product": product,
            "is_aggregate": pa.array(aggregate[good], pa.bool_()),
            "breakdown": split_by,
            "_line": pa.array(lines[good], pa.int64()),
            "_key": pa.array(key, pa.int64()),
        }
    )


def read_rows(sniffed: Sniffed, problems: ProblemLog, notes: set[str]) -> tuple[list[pa.Table], bool]:
    """Good rows of the file in groups, and whether their packed ``_key`` is usable; ``notes`` collects what the
    output must say (e.g. that partner 490 is read as Taiwan)."""
    path = sniffed.path
    codes = Codes()
    products: dict[str, int] = {}

    def convert(cols: dict[str, pa.Array], lines: np.ndarray) -> pa.Table | None:
        return comtrade_batch(cols, lines, sniffed, codes, problems, products, notes)

    def convert_all(batches: Iterator[Batch]) -> list[pa.Table]:
        return [part for cols, lines in batches if (part := convert(cols, lines)) is not None]

    for encoding in ("utf8", "latin-1"):
        problems.clear()
        try:
            return convert_all(arrow_batches(path, sniffed, encoding)), len(products) < 1 << 24
        except Malformed as exc:
            if "UTF8" in str(exc) and encoding == "utf8":
                continue  # not UTF-8: Latin-1 (every byte is a character), still fast
            break
    problems.clear()
    parts = convert_all(python_batches(path, sniffed, problems))
    return parts, len(products) < 1 << 24


EMPTY_SCHEMA = pa.schema(
    [
        ("year", pa.int64()),
        ("reporter", pa.string()),
        ("partner", pa.string()),
        ("flow", pa.string()),
        ("value", pa.float64()),
        ("valuation", pa.string()),
        ("period", pa.string()),
        ("product", pa.string()),
        ("is_aggregate", pa.bool_()),
        ("breakdown", pa.string()),
        ("_line", pa.int64()),
        ("_key", pa.int64()),
    ]
)


def read_comtrade(
    path: PathLike, errors: Errors = "raise", *, source_id: str | None = None
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Read a UN Comtrade CSV download (Comtrade+ or legacy layout) into tidy trade rows.

    The layout is told from the header (case, spaces and punctuation are ignored, so
    ``Trade Value (US$)`` and ``tradevalueus`` are the same column). UTF-8 (with or without BOM)
    and Latin-1 files, quoted values and a trailing comma on every line are read as they come.
    Older legacy files without ``CIF/FOB Trade Value (US$)`` columns are fine: their values get
    valuation ``unknown`` (see the module docstring for the rule).

    Returns the trade columns plus ``product`` and ``is_aggregate`` (US dollars, ISO3 codes;
    ``WLD`` for World). With ``errors="report"`` returns ``(rows, rejected)`` instead of raising
    ``DataError`` for row-level problems; a missing file, an unknown layout or a missing column
    always raise.
    """
    return read_as(path, errors, source_id, COMTRADE_LAYOUTS)


def read_sniffed(sniffed: Sniffed, errors: Errors, source_id: str) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Read a file ``sniff`` recognised as Comtrade+ or legacy Comtrade (the layouts' reader)."""
    problems = ProblemLog(sniffed.label)
    notes: set[str] = set()
    parts, key_ok = read_rows(sniffed, problems, notes)
    table = pa.concat_tables(parts) if parts else EMPTY_SCHEMA.empty_table()
    good = table.to_pandas()
    del table, parts
    if not key_ok:  # over 16 million product codes: compare the key columns themselves
        good = good.drop(columns="_key")
    good = good.assign(currency="USD", qualifier="exact", source_id=source_id)  # Comtrade values are US dollars
    return finish(good, problems, errors, notes=sorted(notes))
