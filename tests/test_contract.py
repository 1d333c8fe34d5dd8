"""The contract is the one statement of every column: the pandera models, the messages, datapackage.json
and the files' headers are generated from it, agree with it, and change when it changes."""

from __future__ import annotations

import csv
import datetime as dt
import doctest
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import DataError, contract, schema
from analysis.contract import Field, Table, TableCheck, datapackage
from analysis.load import load_claims, load_park, load_sources, load_trade
from analysis.paths import data_dir, data_file

PACKAGE = json.loads(data_file("datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["path"]: r for r in PACKAGE["resources"]}
NAMES = list(contract.TABLES)
# pandas dtype in the contract -> how pandera prints the column's dtype
PANDERA_DTYPES = {
    "int64": {"int64"},
    "int16": {"int16"},
    "float64": {"float64"},
    "bool": {"bool"},
    "str": {"str", "string[pyarrow]", "string[python]"},
    "category": {"category"},
}


# --------------------------------------------------------------------------------------------
# drift: every rendering agrees with the declaration
# --------------------------------------------------------------------------------------------


def expected_checks(table: Table, field: Field) -> dict[str, dict[str, object]]:
    """The pandera column checks a field's declaration calls for: check name -> statistics that matter."""
    optional_csv = table.format == "csv" and not field.required
    out: dict[str, dict[str, object]] = {}
    if field.enum is not None:
        out["isin"] = {"allowed_values": [*field.enum, *([""] if optional_csv else [])]}
    if field.pattern is not None:
        out["str_matches"] = {}
    if field.type == "string" and field.required and field.enum is None and field.pattern is None:
        out["str_length"] = {"min_value": 1, "max_value": field.max_length}
    elif field.max_length is not None:
        out["str_length"] = {"max_value": field.max_length}
    if field.minimum is not None:
        out["greater_than_or_equal_to"] = {"min_value": field.minimum}
    if field.maximum is not None:
        top = dt.date.today().year if field.maximum == contract.THIS_YEAR else field.maximum
        out["less_than_or_equal_to"] = {"max_value": top}
    if field.exclusive_minimum is not None:
        out["greater_than"] = {"min_value": field.exclusive_minimum}
    if field.type == "number":
        out["finite"] = {}
    return out


def assert_model_matches(table: Table, model: object) -> None:
    sch = model.to_schema()  # type: ignore[attr-defined]
    assert list(sch.columns) == table.columns
    for f in table.fields:
        col = sch.columns[f.name]
        assert str(col.dtype) in PANDERA_DTYPES[table.dtype(f)], f.name
        assert col.nullable is (table.format == "parquet" and not f.required), f.name
        assert col.unique is f.unique, f.name
        assert (col.description, col.metadata) == (f.description, {"expected": f.message, "unit": f.unit}), f.name
        want = expected_checks(table, f)
        got = {c.name: c for c in col.checks}
        assert set(got) == set(want), f.name
        for name, stats in want.items():
            assert {k: got[name].statistics[k] for k in stats} == stats, (f.name, name)
        if "str_matches" in got:
            pattern = got["str_matches"].statistics["pattern"]
            assert f.pattern in pattern, f.name
            assert bool(re.match(pattern, "")) is (table.format == "csv" and not f.required), f.name
        if "finite" in got:
            assert got["finite"].error == f.message
    assert [(c.name, c.error) for c in sch.checks] == [(c.name, c.expected) for c in table.checks]
    assert (sch.unique or []) == list(table.unique_key)


def assert_descriptor_matches(table: Table, resource: dict[str, object]) -> None:
    assert resource["schema"] == datapackage.table_schema(table)
    for key in ("title", "description"):
        assert resource[key] == getattr(table, key), key
    assert resource["format"] == table.format
    assert resource.get("sources", []) == [{"title": s.title, "path": s.path} for s in table.sources]
    assert resource.get("licenses", []) == [{"title": s.title, "path": s.path} for s in table.licenses]


def header(name: str) -> list[str]:
    if name.endswith(".parquet"):
        import pyarrow.parquet as pq

        return pq.read_schema(data_file(name)).names
    with open(data_file(name), encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


@pytest.mark.parametrize("name", NAMES)
def test_pandera_model_is_the_contract(name):
    assert_model_matches(contract.table(name), schema.model(name))
    registry = schema.MODELS if name.endswith(".csv") else schema.PARQUET_MODELS
    assert registry[name] is schema.model(name)


@pytest.mark.parametrize("name", NAMES)
def test_messages_are_the_contract(name):
    table = contract.table(name)
    for f in table.fields:
        assert contract.expected(name, f.name) == f.message and f.message.strip(), f.name
        assert "{" not in f.message, f.name
    for check in table.checks:
        assert contract.expected(name, check.name) == check.expected
    assert set(contract.messages(name)) == {*table.columns, *(c.name for c in table.checks)}


@pytest.mark.parametrize("name", NAMES)
def test_committed_datapackage_is_the_contract(name):
    assert_descriptor_matches(contract.table(name), RESOURCES[name])


def test_datapackage_lists_exactly_the_contract_tables_in_order():
    assert [r["path"] for r in PACKAGE["resources"]] == NAMES
    rendered = datapackage.package(data_dir())
    assert rendered == PACKAGE, "data/datapackage.json is stale: run scripts/build_datapackage.py"


@pytest.mark.parametrize("name", NAMES)
def test_file_header_is_the_contract(name):
    assert header(name) == contract.columns(name)


def test_parquet_storage_types_are_the_contract_dtypes():
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = pq.read_schema(data_file("dots.parquet"))
    for column, dtype in contract.dtypes("dots.parquet").items():
        t = arrow.field(column).type
        ok = {
            "category": pa.types.is_dictionary(t),
            "int16": t == pa.int16(),
            "float64": t == pa.float64(),
            "bool": pa.types.is_boolean(t),
        }[dtype]
        assert ok, (column, dtype, t)


def test_dots_check_columns_are_the_contract_checks():
    dots = contract.table("dots.parquet")
    assert schema.DOTS_CHECK_COLUMNS == {c.name: list(c.columns) for c in dots.checks}
    assert [c.name for c in schema.DotsModel.to_schema().checks] == list(schema.DOTS_CHECK_COLUMNS)


def test_column_constants_elsewhere_come_from_the_contract():
    from analysis import importers, observations, pair, series

    trade = contract.columns("trade.csv")
    assert pair.TRADE_HEADER == importers.TRADE_COLUMNS == trade
    assert list(observations.OBSERVATION_COLUMNS) == contract.columns("park.csv") == contract.columns("exchanges.csv")
    assert set(series.SERIES_COLUMNS) <= set(trade)


def test_loaded_bundled_frames_have_the_contract_dtypes():
    frames = {"trade.csv": load_trade(), "park.csv": load_park(), "claims.csv": load_claims()}
    for name, frame in frames.items():
        want = contract.dtypes(name)
        assert list(frame.columns) == list(want)
        for column, dtype in want.items():
            assert str(frame[column].dtype) == dtype, (name, column)


def test_a_verified_bundled_file_is_typed_by_the_contract_too(monkeypatch):
    from analysis.load import load_countries

    countries = contract.table("countries.csv")
    renamed = countries.override("name", name="country_name")
    monkeypatch.setitem(contract.TABLES, "countries.csv", renamed)
    with pytest.raises(DataError) as exc:
        load_countries()  # the bundled file, trusted by its hash: pandera is skipped, the contract is not
    (problem,) = exc.value.problems
    assert (problem.line, problem.value) == (1, ",".join(countries.columns))
    assert problem.expected == "the header " + ",".join(renamed.columns)


def test_a_moving_bound_is_enforced_but_not_written_into_the_descriptor():
    year = contract.table("trade.csv").field("year")
    assert year.maximum == contract.THIS_YEAR and year.upper == dt.date.today().year
    assert str(dt.date.today().year) in year.message
    assert "maximum" not in datapackage.field_descriptor(contract.table("trade.csv"), year)["constraints"]


# --------------------------------------------------------------------------------------------
# one declaration changes everything generated from it
# --------------------------------------------------------------------------------------------

ROW = "2020,CHN,BLR,export,{value},USD,FOB,annual,{qualifier},src-a"
CHANGES = {
    "new minimum": (
        "value",
        {"exclusive_minimum": None, "minimum": 1000, "expected": "at least {minimum} US dollars"},
        {"value": "500", "qualifier": "exact"},
        "at least 1000 US dollars",
    ),
    "new enum value": (
        "qualifier",
        {"enum": (*contract.QUALIFIERS, "roughly")},
        {"value": "5", "qualifier": "vaguely"},
        "one of exact, about, over, nearly, roughly",
    ),
    "new words": (
        "qualifier",
        {"expected": "the source's own hedge: {enum}", "description": "How sure the source is."},
        {"value": "5", "qualifier": "vaguely"},
        "the source's own hedge: exact, about, over, nearly",
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_changing_one_declaration_changes_model_message_and_descriptor(change, monkeypatch, write_trade):
    column, edits, cells, words = CHANGES[change]
    before = contract.table("trade.csv")
    model_before = schema.model("trade.csv")
    changed = before.override(column, **edits)
    monkeypatch.setitem(contract.TABLES, "trade.csv", changed)

    # the pandera model
    model = schema.model("trade.csv")
    assert model is not model_before
    assert_model_matches(changed, model)
    with pytest.raises(AssertionError):
        assert_model_matches(before, model)

    # the message a DataError carries
    with pytest.raises(DataError) as exc:
        load_trade(write_trade(ROW.format(**cells)), validate=True)
    (problem,) = exc.value.problems
    assert (problem.line, problem.column, problem.expected) == (2, column, words)
    assert contract.expected("trade.csv", column) == words

    # the datapackage descriptor (and the drift test fails against the committed one)
    rendered = datapackage.table_schema(changed)
    assert rendered != datapackage.table_schema(before)
    field = next(f for f in rendered["fields"] if f["name"] == column)
    if "minimum" in edits:
        assert field["constraints"]["minimum"] == 1000 and "exclusiveMinimum" not in field["constraints"]
    if "enum" in edits:
        assert field["constraints"]["enum"][-1] == "roughly"
    if "description" in edits:
        assert field["description"] == "How sure the source is."
    with pytest.raises(AssertionError):
        assert_descriptor_matches(changed, RESOURCES["trade.csv"])


def test_new_enum_value_is_accepted_once_declared(monkeypatch, write_trade):
    path = write_trade(ROW.format(value="5", qualifier="roughly"))
    with pytest.raises(DataError, match=r"one of exact, about, over, nearly$"):
        load_trade(path, validate=True)
    monkeypatch.setitem(
        contract.TABLES, "trade.csv", contract.table("trade.csv").override("qualifier", enum=("exact", "roughly"))
    )
    assert load_trade(path, validate=True)["qualifier"].tolist() == ["roughly"]


# --------------------------------------------------------------------------------------------
# a user's mistake in a table gets that table's message
# --------------------------------------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the bundled CSVs to edit (the bundled files are never touched)."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy, ignore=shutil.ignore_patterns("*.parquet"))
    return copy


def edited(folder: Path, name: str, column: str, value: str) -> Path:
    """``folder/name`` with ``column`` of its first data row (line 2) set to ``value``."""
    path = folder / name
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, column] = value
    frame.to_csv(path, index=False)
    return path


def only_problem(exc: pytest.ExceptionInfo[DataError]):
    (problem,) = exc.value.problems
    assert problem.line == 2
    return problem


def test_claims_value_zero_is_told_it_must_be_positive(data_copy):
    with pytest.raises(DataError) as exc:
        load_claims(edited(data_copy, "claims.csv", "value", "0"))
    problem = only_problem(exc)
    assert (problem.column, problem.value) == ("value", "0")
    assert "positive" in problem.expected and "> 0" in problem.expected
    assert ">=" not in problem.expected


def test_claims_empty_published_is_told_to_write_unknown(data_copy):
    with pytest.raises(DataError) as exc:
        load_claims(edited(data_copy, "claims.csv", "published", ""))
    problem = only_problem(exc)
    assert (problem.column, problem.value) == ("published", "")
    assert "'unknown'" in problem.expected and "not empty" in problem.expected
    assert "or empty" not in problem.expected


def test_sources_empty_published_is_fine_and_a_bad_one_is_told_empty_is_allowed(data_copy):
    assert load_sources(edited(data_copy, "sources.csv", "published", ""))["published"].iloc[0] == ""
    with pytest.raises(DataError) as exc:
        load_sources(edited(data_copy, "sources.csv", "published", "unknown"))
    assert "or empty when unknown" in only_problem(exc).expected


def test_trade_value_zero_is_told_a_missing_year_is_left_out(write_trade):
    with pytest.raises(DataError) as exc:
        load_trade(write_trade(ROW.format(value="0", qualifier="exact")))
    problem = only_problem(exc)
    assert (problem.column, problem.value) == ("value", "0")
    assert problem.expected == contract.expected("trade.csv", "value")
    assert "positive number in whole units" in problem.expected and "not 0" in problem.expected


def test_park_negative_value_is_told_it_must_not_be_negative(data_copy):
    with pytest.raises(DataError) as exc:
        load_park(edited(data_copy, "park.csv", "value", "-1"))
    problem = only_problem(exc)
    assert (problem.column, problem.value, problem.expected) == ("value", "-1", "a number >= 0")


def test_the_same_column_name_has_each_tables_own_words():
    assert contract.expected("claims.csv", "value") != contract.expected("park.csv", "value")
    assert contract.expected("claims.csv", "published") != contract.expected("sources.csv", "published")
    assert contract.expected("claims.csv", "metric").startswith("one of trade_total")
    assert contract.expected("park.csv", "metric") == "a metric name in lower_snake_case"
    assert contract.expected("dots.parquet", "flow") == "one of export, import"
    assert contract.expected("trade.csv", "flow").startswith("one of export, import, total")


# --------------------------------------------------------------------------------------------
# the declarations themselves
# --------------------------------------------------------------------------------------------

TEXT = {"name": "x", "type": "string", "description": "d"}


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({**TEXT, "type": "number", "enum": ("a",)}, "strings only"),
        ({**TEXT, "minimum": 0}, "numbers only"),
        ({**TEXT, "type": "integer", "expected": "e", "maximum": "next year"}, "a number or THIS_YEAR"),
        ({**TEXT, "expected": "e", "pattern": r"^a*$"}, "non-empty values"),
        ({**TEXT, "expected": "e", "pattern": "("}, "missing"),
        (TEXT, "needs the words"),
        ({**TEXT, "expected": "one of {enums}"}, "enums"),
    ],
)
def test_a_bad_field_declaration_fails_at_once(kwargs, match):
    with pytest.raises((ValueError, KeyError, re.error), match=match):
        Field(**kwargs)


def test_a_field_with_an_enum_says_one_of_by_itself():
    assert Field("x", "string", "d", enum=("a", "b")).message == "one of a, b"
    assert Field("n", "number", "d", expected="above {exclusive_minimum}", exclusive_minimum=0.5).message == (
        "above 0.5"
    )


def check(columns: tuple[str, ...], name: str = "rule") -> TableCheck:
    return TableCheck(name, columns, "words", lambda df: df.iloc[:, 0] == df.iloc[:, 0])


X = Field("x", "string", "d", expected="e")
N = Field("n", "number", "d", expected="e")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"fields": (X, X)}, "declared twice"),
        ({"fields": (X,), "unique_key": ("y",)}, "no column 'y'"),
        ({"fields": (X,), "checks": (check(("y",)),)}, "no column 'y'"),
        ({"fields": (X,), "checks": (check(("x",), name="x"),)}, "a name of its own"),
        ({"fields": (X, N.override(required=False))}, "an empty cell cannot be a number"),
        ({"file": "t.xlsx", "fields": (X,)}, "a .csv or a .parquet"),
    ],
)
def test_a_bad_table_declaration_fails_at_once(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Table(**{"file": "t.csv", "title": "t", "description": "d", **kwargs})


def test_an_optional_number_is_fine_in_parquet_where_a_null_is_a_value():
    table = Table("t.parquet", "t", "d", (N.override(required=False),))
    assert schema.model_for(table).to_schema().columns["n"].nullable


def test_unknown_names_are_key_errors():
    with pytest.raises(KeyError, match=r"no table 'nope\.csv'"):
        contract.table("nope.csv")
    with pytest.raises(KeyError, match=r"no column or check 'nope'"):
        contract.expected("trade.csv", "nope")
    with pytest.raises(KeyError, match=r"trade\.csv has no column 'nope'"):
        contract.table("trade.csv").override("nope", unit="x")


def test_shared_fields_are_declared_once():
    from analysis.contract import fields

    tables = contract.TABLES.values()
    assert [t.file for t in tables if fields.QUALIFIER in t.fields] == ["trade.csv", "park.csv", "exchanges.csv"]
    claims_qualifier = contract.table("claims.csv").field("qualifier")  # the claim's hedge, not the source's
    assert claims_qualifier == fields.QUALIFIER.override(description=claims_qualifier.description)
    claims_value = contract.table("claims.csv").field("value")
    assert claims_value == fields.VALUE.override(
        description=claims_value.description, expected=claims_value.expected, minimum=None, exclusive_minimum=0
    )


def test_doctests():
    assert doctest.testmod(contract, raise_on_error=True).attempted


def test_importing_the_contract_does_not_import_pandera():
    code = "import sys, analysis.contract, analysis.contract.datapackage; print('pandera' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
