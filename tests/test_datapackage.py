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
    described = set(RESOURCES)
    on_disk = {p.name for p in data_file("x").parent.glob("*.csv")}
    assert on_disk == described


def test_imf_attribution_is_carried():
    assert any("Source: IMF, Direction of Trade Statistics" in s["title"] for s in PACKAGE["sources"])
    assert PACKAGE["licenses"]
