"""Load the IMF Direction of Trade Statistics matrix (``data/dots.parquet``), validated.

The file is the full IMF DOTS reporter x partner matrix (annual goods trade, US$ millions, current prices;
1960-2020, 2.58 million rows): every reporter's exports FOB to and imports CIF from every partner, including
World, regional aggregates, residual "not specified" rows, dissolved (historical) economies and composites.
Its provenance is ``imf_dots_matrix.SOURCE.md``; its contract is ``analysis.schema.DotsModel``.

``load_dots`` reads it with pyarrow, keeps the dictionary columns as pandas ``category`` and validates every
rule of ``DotsModel`` lazily (all problems at once). A rule on text columns is checked once per distinct
value (category) or per distinct combination of values, not once per row, which is equivalent because
every rule is row-wise or depends only on the set of combinations; the rows are found again only to report
a failure. A bad file raises ``DataError`` naming the file, the 0-based row of the parquet ("row N"),
the column, the value and what was expected.

The one change made on loading: **Belgium-Luxembourg** (the Belgium-Luxembourg Economic Union, reported
jointly until 1996 as a reporter and by some partners until 2015; null ISO3 in the IMF mapping) gets the
code **BLX**, UN Comtrade's code, in ``reporter_iso3`` and ``partner_iso3``, so that it is one partner with
one code everywhere downstream. It is never split into, or merged with, Belgium (BEL) and Luxembourg (LUX).
Dissolved economies keep their own codes (SUN, YUG, CSK, SCG, DDR, ANT, YMD). "e" estimates stay, flagged
by ``is_estimate``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.contract import messages
from analysis.errors import DataError, Problem, RowProblem, require_file
from analysis.paths import data_file
from analysis.problems import ProblemLog
from analysis.verified import is_verified

if TYPE_CHECKING:
    import pyarrow as pa

PathLike = str | Path

DOTS_FILE = "dots.parquet"
WORLD = "World"
BLEU_NAME = "Belgium-Luxembourg"
BLEU_ISO3 = "BLX"
MAX_ROWS_LISTED = 20  # per rule; the rest are counted in one summary problem
INT16 = (-(2**15), 2**15 - 1)
DOTS_EXPECTED = messages(DOTS_FILE)  # column or rule -> what a valid value (or row) is (analysis.contract)


def load_dots(path: PathLike | None = None, validate: bool | None = None) -> pd.DataFrame:
    """The IMF DOTS matrix (``data/dots.parquet`` by default) as a validated frame.

    One row per reporter, partner, flow and year, with the columns of ``analysis.schema.DotsModel``:
    ``reporter_name``/``partner_name`` (IMF names), ``*_iso3`` (ISO 3166 alpha-3, BLX for
    Belgium-Luxembourg, null for aggregates and residual rows), ``*_is_aggregate``, ``*_entity_type``
    (economy / historical / composite / residual / aggregate), ``flow`` (export / import, from the
    reporter's side), ``valuation`` (FOB for exports, CIF for imports), ``year`` (int16),
    ``value_usd_millions`` (US$ millions, float64, as stored), ``is_estimate`` (IMF "e" estimate),
    ``workbook`` and ``sheet_row`` (where the value sits in the IMF workbook). Text columns are
    categorical. A blank cell in the IMF workbook has no row: missing is not zero.

    Do not add aggregate rows (World, regions, "Other Countries n.i.e.") to country rows; the functions in
    ``analysis.world`` select the right rows. Raises ``DataError`` for a missing file, a file that is not
    parquet, missing, extra or mistyped columns, and every row that breaks the contract. The row rules are
    skipped for the bundled file while its bytes match the hash CI validated (``analysis.verified``);
    ``validate=True`` always checks them.
    """
    path = Path(path) if path is not None else data_file(DOTS_FILE)
    label = str(path)
    table = _read(path, label)
    frame, problems, unparsed = _to_frame(table, label)
    if validate or not is_verified(path):
        problems += [p for p in validate_dots(frame, label) if (p.line, p.column) not in unparsed]
    log = ProblemLog(label, unit="row")
    log.extend(problems)
    log.raise_if_any()
    return _assign_bleu(frame, label)


def _read(path: Path, label: str) -> pa.Table:
    import pyarrow as pa
    import pyarrow.parquet as pq

    require_file(path, f"a parquet file like {DOTS_FILE}")
    try:
        return pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise DataError(
            RowProblem(label, None, None, None, f"a parquet file like {DOTS_FILE} (pyarrow could not read it: {exc})")
        ) from None


def _kind(dtype: str) -> str:
    return {"category": "text", "bool": "bool", "int16": "int16", "float64": "float"}[dtype]


_KIND_WORDS = {
    "text": "a text column (string or dictionary of strings)",
    "bool": "a boolean column",
    "int16": "an integer column (values fit in int16)",
    "float": "a floating-point column",
}


def _to_frame(table: pa.Table, label: str) -> tuple[pd.DataFrame, list[Problem], set[tuple[int, str]]]:
    """Check the columns' presence and arrow types, convert to the model's dtypes.

    Returns the frame, the problems found (nulls in boolean or integer columns, integers out of range)
    and the (row, column) cells already reported, so that the placeholder put there is not reported again.
    Missing, extra or mistyped columns raise at once: the rows cannot be checked without them.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from analysis.schema import DotsModel

    schema = DotsModel.to_schema()
    expected = {name: _kind(str(col.dtype)) for name, col in schema.columns.items()}
    got = list(table.column_names)
    structural: list[Problem] = []
    for name in expected:
        if name not in got:
            structural.append(RowProblem(label, None, name, None, f"a column '{name}' (it is missing)"))
    for name in got:
        if name not in expected:
            structural.append(
                RowProblem(label, None, name, name, "no such column (the columns are " + ", ".join(expected) + ")")
            )
    for name, kind in expected.items():
        if name not in got:
            continue
        t = table.schema.field(name).type
        value_type = t.value_type if pa.types.is_dictionary(t) else t
        ok = {
            "text": pa.types.is_string(value_type)
            or pa.types.is_large_string(value_type)
            or pa.types.is_string_view(value_type)
            or pa.types.is_null(value_type),
            "bool": pa.types.is_boolean(t),
            "int16": pa.types.is_integer(t),
            "float": pa.types.is_floating(t) or pa.types.is_integer(t),
        }[kind]
        if not ok:
            structural.append(RowProblem(label, None, name, str(t), _KIND_WORDS[kind]))
    if structural:
        raise DataError(structural)

    problems: list[Problem] = []
    unparsed: set[tuple[int, str]] = set()
    arrays = []
    for name, kind in expected.items():
        col = table.column(name)
        if kind == "text":
            if not pa.types.is_dictionary(col.type) or not pa.types.is_string(col.type.value_type):
                col = pc.dictionary_encode(col.cast(pa.string()))
        elif kind in ("bool", "int16") and col.null_count:
            rows = np.flatnonzero(col.is_null().to_numpy(zero_copy_only=False))
            problems += _rows_problems(label, name, rows, [None] * len(rows), DOTS_EXPECTED[name] + " (not null)")
            unparsed.update((int(r), name) for r in rows)
            col = col.fill_null(False if kind == "bool" else 1)
        if kind == "int16":
            values = col.to_numpy().astype("int64")
            out = (values < INT16[0]) | (values > INT16[1])
            if out.any():
                rows = np.flatnonzero(out)
                problems += _rows_problems(label, name, rows, values[rows], DOTS_EXPECTED[name])
                unparsed.update((int(r), name) for r in rows)
                values = np.where(out, 1, values)
            col = pa.array(values.astype("int16"))
        elif kind == "float":
            col = col.cast(pa.float64())
        arrays.append(col)
    frame = pa.table(arrays, names=list(expected)).to_pandas()
    return frame, problems, unparsed


def validate_dots(frame: pd.DataFrame, label: str = DOTS_FILE) -> list[Problem]:
    """Every problem with ``frame`` under ``DotsModel`` (empty list: valid); rows are the frame's positions.

    ``frame`` must have the model's columns and dtypes (``load_dots`` converts the file first). Column
    rules on categorical columns run once per category in use; dataframe rules on categorical or boolean
    columns run once per distinct combination of the columns they read; the key
    (reporter_name, partner_name, flow, year) is checked on integer codes.
    """
    from analysis.schema import DOTS_CHECK_COLUMNS, DotsModel

    schema = DotsModel.to_schema()
    problems: list[Problem] = []
    for name, col in schema.columns.items():
        series = frame[name]
        what = DOTS_EXPECTED.get(name, name)
        if str(series.dtype) != str(col.dtype):
            problems.append(RowProblem(label, None, name, str(series.dtype), f"dtype {col.dtype}"))
            continue
        if isinstance(series.dtype, pd.CategoricalDtype):
            problems += _category_problems(label, name, series, col, what)
            continue
        if not col.nullable:
            missing = np.flatnonzero(series.isna().to_numpy())
            problems += _rows_problems(label, name, missing, [None] * len(missing), what + " (not null)")
        for check in col.checks:
            passed = _passed(check, series)
            rows = np.flatnonzero(~passed)
            problems += _rows_problems(label, name, rows, series.to_numpy()[rows], what)
    for check in schema.checks:
        cols = DOTS_CHECK_COLUMNS[check.name]
        found = _frame_check_problems(label, frame[cols], check, DOTS_EXPECTED.get(check.name, check.error))
        if found and check.name == "one_entity_per_name":
            found = _entity_problems(label, frame) or found  # say which name or code conflicts, and where
        problems += found
    problems += _duplicate_problems(label, frame, list(schema.unique or []))
    return problems


def _passed(check: object, obj: pd.Series | pd.DataFrame) -> np.ndarray:
    """Element-wise result of a pandera check as a boolean array aligned with ``obj`` (NaN passes)."""
    out = check(obj).check_output  # type: ignore[operator]
    if isinstance(out, pd.Series):
        return out.reindex(obj.index, fill_value=True).to_numpy(dtype=bool)
    return np.full(len(obj), bool(out))


def _category_problems(label: str, name: str, series: pd.Series, col: object, what: str) -> list[Problem]:
    """Check a categorical column once per category in use; report each bad value with its first row."""
    codes = series.cat.codes.to_numpy()
    cats = series.cat.categories
    problems: list[Problem] = []
    if not col.nullable:  # type: ignore[attr-defined]
        missing = np.flatnonzero(codes < 0)
        problems += _rows_problems(label, name, missing, [None] * len(missing), what + " (not null)")
    counts = np.bincount(codes[codes >= 0], minlength=len(cats))
    used = np.flatnonzero(counts)
    values = pd.Series(np.asarray(cats[used], dtype=object)).astype("str")
    bad = np.zeros(len(used), dtype=bool)
    for check in col.checks:  # type: ignore[attr-defined]
        bad |= ~_passed(check, values)
    for code in used[bad][:MAX_ROWS_LISTED]:
        first = int(np.argmax(codes == code))
        problems.append(RowProblem(label, first, name, str(cats[code]), what + _also(int(counts[code]), first)))
    if bad.sum() > MAX_ROWS_LISTED:
        more = int(bad.sum()) - MAX_ROWS_LISTED
        problems.append(RowProblem(label, None, name, None, f"{what} ({more:,} more bad values not listed)"))
    return problems


def _also(count: int, first: int) -> str:
    return "" if count == 1 else f" ({count:,} rows have this value; the first is row {first})"


def _rows_problems(label: str, column: str, rows: np.ndarray, values: object, what: str) -> list[Problem]:
    """One problem per failing row, at most ``MAX_ROWS_LISTED``, then one that counts the rest."""
    log = ProblemLog(label, unit="row")
    texts = [None if v is None else str(v) for v in list(values[:MAX_ROWS_LISTED])]  # type: ignore[index]
    log.add(rows[:MAX_ROWS_LISTED], column, texts, what)
    if len(rows) > MAX_ROWS_LISTED:
        more = len(rows) - MAX_ROWS_LISTED
        log.add_one(None, column, None, f"{what} ({more:,} more rows fail, not listed)", summary=True)
    return log.problems()


def _codes(series: pd.Series) -> tuple[np.ndarray, int]:
    """Non-negative integer codes of a categorical, boolean or integer column and their number."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy().astype("int64") + 1, len(series.cat.categories) + 1
    values = series.to_numpy()
    if values.dtype == bool:
        return values.astype("int64"), 2
    values = values.astype("int64")
    low = int(values.min()) if len(values) else 0
    return values - low, (int(values.max()) - low + 1 if len(values) else 1)


def _combination_key(frame: pd.DataFrame) -> tuple[np.ndarray, int] | None:
    """One int64 per row identifying the combination of its (categorical/boolean/integer) columns.

    Returns the keys and the size of the key space, or None when a column is of another kind or the key
    space does not fit in 62 bits.
    """
    key = np.zeros(len(frame), dtype="int64")
    size = 1
    for name in frame.columns:
        if not (isinstance(frame[name].dtype, pd.CategoricalDtype) or frame[name].dtype.kind in "biu"):
            return None
        codes, n = _codes(frame[name])
        size *= n
        if size >= 2**62:
            return None
        key = key * n + codes
    return key, size


DENSE_KEYS = 2**24  # up to this many possible keys, count them in an array (fast); else hash them


def _distinct(key: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys (sorted) and how many rows have each."""
    if size <= DENSE_KEYS:
        counts = np.bincount(key, minlength=size)
        uniq = np.flatnonzero(counts)
        return uniq, counts[uniq]
    return np.unique(key, return_counts=True)


def _frame_check_problems(label: str, sub: pd.DataFrame, check: object, what: str) -> list[Problem]:
    """Run a dataframe-level check on the distinct combinations of its columns (or on all rows)."""
    column = "+".join(sub.columns)
    keyed = _combination_key(sub)
    if keyed is None:
        rows = np.flatnonzero(~_passed(check, sub))
        values = ["/".join(str(v) for v in sub.iloc[int(r)]) for r in rows[:MAX_ROWS_LISTED]]
        return _rows_problems(label, column, rows, values, what)
    key, size = keyed
    uniq, counts = _distinct(key, size)
    # one representative row (the first) per combination
    first = _first_rows(key, uniq, size) if size <= DENSE_KEYS else _first_sorted(key, uniq)
    combos = sub.iloc[first].reset_index(drop=True)
    bad = np.flatnonzero(~_passed(check, combos))
    problems: list[Problem] = []
    for b in bad[:MAX_ROWS_LISTED]:
        row = int(first[b])
        value = "/".join(str(v) for v in combos.iloc[int(b)])
        problems.append(RowProblem(label, row, column, value, what + _also(int(counts[b]), row)))
    if len(bad) > MAX_ROWS_LISTED:
        more = len(bad) - MAX_ROWS_LISTED
        problems.append(RowProblem(label, None, column, None, f"{what} ({more:,} more combinations, not listed)"))
    return problems


def _first_rows(key: np.ndarray, uniq: np.ndarray, size: int) -> np.ndarray:
    """The first row holding each key in ``uniq`` (all keys < ``size``)."""
    first = np.full(size, len(key), dtype="int64")
    np.minimum.at(first, key, np.arange(len(key), dtype="int64"))
    return first[uniq]


def _duplicate_problems(label: str, frame: pd.DataFrame, key_cols: list[str]) -> list[Problem]:
    """One problem per row whose (reporter_name, partner_name, flow, year) is on another row too."""
    if not key_cols:
        return []
    keyed = _combination_key(frame[key_cols])
    codes = None if keyed is None else keyed[0]  # integer codes: no hashing of the text columns
    log = ProblemLog(label, unit="row")
    column = "+".join(key_cols)
    rows = np.arange(len(frame), dtype="int64")
    log.add_duplicates(frame[key_cols], rows, f"a unique {column}", codes=codes, limit=MAX_ROWS_LISTED)
    return log.problems()


def _entity_problems(label: str, frame: pd.DataFrame) -> list[Problem]:
    """Names with two codes/types and codes with two names, each shown with a row for each variant."""
    attrs = ["iso3", "is_aggregate", "entity_type"]
    parts = []
    for side in ("reporter", "partner"):
        cols = [f"{side}_name", *[f"{side}_{a}" for a in attrs]]
        keyed = _combination_key(frame[cols])
        if keyed is None:  # pragma: no cover - these columns are categorical and boolean
            return []
        key, size = keyed
        uniq, _ = _distinct(key, size)
        first = _first_rows(key, uniq, size) if size <= DENSE_KEYS else _first_sorted(key, uniq)
        combos = frame[cols].iloc[first].set_axis(["name", *attrs], axis=1).astype("object")
        parts.append(combos.assign(side=side, row=first))
    both = pd.concat(parts, ignore_index=True).sort_values("row", kind="stable")
    both = both.assign(iso3=both["iso3"].where(both["iso3"].notna(), None))
    problems: list[Problem] = []
    for name, group in both.groupby("name", sort=False):
        variants = group.drop_duplicates(attrs)
        if len(variants) > 1:
            a, b = variants.iloc[0], variants.iloc[1]
            column = next(x for x in attrs if a[x] != b[x])
            problems.append(
                RowProblem(
                    label,
                    int(b["row"]),
                    f"{b['side']}_{column}",
                    None if b[column] is None else str(b[column]),
                    f"one {column} per name: {name!r} has {column} {_show(a[column])} on row {int(a['row'])} "
                    f"({a['side']}) and {_show(b[column])} here ({b['side']})",
                )
            )
    coded = both.dropna(subset=["iso3"])
    for code, group in coded.groupby("iso3", sort=False):
        variants = group.drop_duplicates("name")
        if len(variants) > 1:
            a, b = variants.iloc[0], variants.iloc[1]
            problems.append(
                RowProblem(
                    label,
                    int(b["row"]),
                    f"{b['side']}_iso3",
                    str(code),
                    f"one name per ISO3 code: {code} is {a['name']!r} on row {int(a['row'])} and {b['name']!r} here",
                )
            )
    return problems


def _show(value: object) -> str:
    return "null" if value is None else repr(value)


def _first_sorted(key: np.ndarray, uniq: np.ndarray) -> np.ndarray:
    """The first row holding each key in ``uniq`` (sorted distinct keys), for large key spaces."""
    order = np.argsort(key, kind="stable")
    return order[np.searchsorted(key[order], uniq)]


def _assign_bleu(frame: pd.DataFrame, label: str) -> pd.DataFrame:
    """Give Belgium-Luxembourg the code BLX where its ISO3 is null (reporter and partner side)."""
    out = {}
    for side in ("reporter", "partner"):
        names = frame[f"{side}_name"]
        iso3 = frame[f"{side}_iso3"]
        if BLEU_NAME not in names.cat.categories:
            continue
        rows = (names.cat.codes.to_numpy() == names.cat.categories.get_loc(BLEU_NAME)) & iso3.isna().to_numpy()
        if not rows.any():
            continue
        taken = frame.loc[iso3.eq(BLEU_ISO3).to_numpy() & ~(names == BLEU_NAME).to_numpy(), f"{side}_name"]
        if len(taken):
            first = int(taken.index[0])
            raise DataError(
                RowProblem(
                    label,
                    first,
                    f"{side}_iso3",
                    BLEU_ISO3,
                    f"BLX only for {BLEU_NAME} (it is UN Comtrade's code for the union; "
                    f"here it is used for {taken.iloc[0]!r})",
                )
            )
        cats = iso3.cat.categories
        if BLEU_ISO3 not in cats:
            cats = cats.append(pd.Index([BLEU_ISO3], dtype=cats.dtype))
        codes = iso3.cat.codes.to_numpy().copy()
        codes[rows] = cats.get_loc(BLEU_ISO3)
        out[f"{side}_iso3"] = pd.Categorical.from_codes(codes, categories=cats)
    return frame.assign(**out) if out else frame
