"""datapackage.json, the pandera schema and the CSV headers say the same thing."""

from __future__ import annotations

import csv
import json

import pytest

from analysis import schema
from analysis.paths import data_file

PACKAGE = json.loads(data_file("datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["path"]: r for r in PACKAGE["resources"]}
TYPES = {"int64": "integer", "float64": "number", "bool": "boolean"}


@pytest.mark.parametrize("filename", sorted(schema.MODELS))
def test_descriptor_schema_and_header_agree(filename):
    model = schema.MODELS[filename].to_schema()
    fields = RESOURCES[filename]["schema"]["fields"]
    with open(data_file(filename), encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert [f["name"] for f in fields] == list(model.columns) == header
    for f in fields:
        dtype = str(model.columns[f["name"]].dtype)
        assert f["type"] == TYPES.get(dtype, "string"), f["name"]
        assert f["description"]


def test_enums_match_the_schema():
    fields = {f["name"]: f for f in RESOURCES["trade.csv"]["schema"]["fields"]}
    assert fields["flow"]["constraints"]["enum"] == schema.FLOWS
    assert fields["qualifier"]["constraints"]["enum"] == schema.QUALIFIERS
    assert fields["valuation"]["constraints"]["enum"] == schema.VALUATIONS


def test_every_data_csv_is_described():
    described = {path for path, r in RESOURCES.items() if r["format"] == "csv"}
    on_disk = {p.name for p in data_file("x").parent.glob("*.csv")}
    assert on_disk == described


def test_imf_attribution_is_carried():
    assert any("Source: IMF, Direction of Trade Statistics" in s["title"] for s in PACKAGE["sources"])
    assert PACKAGE["licenses"]


PARQUET_TYPES = {"int16": "integer", "float64": "number", "bool": "boolean", "category": "string"}


@pytest.mark.parametrize("filename", sorted(schema.PARQUET_MODELS))
def test_parquet_descriptor_schema_and_columns_agree(filename):
    import hashlib

    import pyarrow as pa
    import pyarrow.parquet as pq

    model = schema.PARQUET_MODELS[filename].to_schema()
    resource = RESOURCES[filename]
    fields = resource["schema"]["fields"]
    arrow = pq.read_schema(data_file(filename))
    assert [f["name"] for f in fields] == list(model.columns) == arrow.names
    for f in fields:
        column = model.columns[f["name"]]
        dtype = str(column.dtype)
        assert f["type"] == PARQUET_TYPES[dtype], f["name"]
        assert f["description"]
        assert f.get("constraints", {}).get("required", False) is not column.nullable, f["name"]
        if dtype == "category":  # text is stored as parquet dictionary columns and loads as pandas category
            assert pa.types.is_dictionary(arrow.field(f["name"]).type), f["name"]
    assert resource["format"] == "parquet"
    assert resource["schema"]["uniqueKeys"] == [list(schema.PARQUET_MODELS[filename].Config.unique)]
    assert "US dollars, millions" in resource["description"]
    assert "Source: IMF, Direction of Trade Statistics" in resource["description"]
    assert any("Source: IMF, Direction of Trade Statistics" in s["title"] for s in resource["sources"])
    digest = hashlib.sha256(data_file(filename).read_bytes()).hexdigest()
    assert resource["hash"] == f"sha256:{digest}"
    assert resource["bytes"] == data_file(filename).stat().st_size


def test_every_data_parquet_is_described():
    on_disk = {p.name for p in data_file("x").parent.glob("*.parquet")}
    described = {r["path"] for r in PACKAGE["resources"] if r["format"] == "parquet"}
    assert on_disk == set(schema.PARQUET_MODELS) == described


def test_every_recorded_hash_matches_its_file():
    """The loaders trust a bundled file only while it matches the hash recorded here (analysis.verified)."""
    import hashlib

    for name, resource in RESOURCES.items():
        digest = hashlib.sha256(data_file(name).read_bytes()).hexdigest()
        assert resource["hash"] == f"sha256:{digest}", f"{name} changed: run scripts/build_datapackage.py"
