"""The IMF DOTS matrix loader: the bundled file's facts, the Belgium-Luxembourg code, every error path."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis import schema
from analysis.dots import BLEU_ISO3, BLEU_NAME, load_dots
from analysis.errors import DataError
from analysis.load import load_countries, load_trade
from analysis.paths import data_file

SOURCE_SHA256 = "d5df3ebf6267fbacc28e5e92add7616ba9ad8a95efb1bca6fa3a0a30ebd52603"  # imf_dots_matrix.SOURCE.md
BLR, CHN = "Belarus, Rep. of", "China, P.R.: Mainland"


@pytest.fixture(scope="module")
def dots() -> pd.DataFrame:
    return load_dots()


# --- the bundled file ---------------------------------------------------------------------------------------


def test_bundled_file_is_the_documented_snapshot():
    assert hashlib.sha256(data_file("dots.parquet").read_bytes()).hexdigest() == SOURCE_SHA256


def test_columns_and_dtypes_follow_the_model(dots):
    model = schema.DotsModel.to_schema()
    assert list(dots.columns) == list(model.columns)
    assert {c: str(t) for c, t in dots.dtypes.items()} == {c: str(col.dtype) for c, col in model.columns.items()}
    assert len(dots) == 2_581_017
    assert isinstance(dots.index, pd.RangeIndex)


def test_source_md_coverage(dots):
    assert dots["reporter_name"].nunique() == 234
    assert dots["partner_name"].nunique() == 242
    assert (int(dots["year"].min()), int(dots["year"].max())) == (1960, 2020)
    assert dots["flow"].value_counts().to_dict() == {"import": 1_339_062, "export": 1_241_955}


def test_china_belarus_rows_equal_the_imf_series_in_trade_csv(dots):
    trade = load_trade()
    imf = trade.loc[trade["source_id"].isin(["imf-dots-blr", "imf-dots-chn"])]
    assert len(imf) == 116
    pairs = dots.loc[
        ((dots["reporter_name"] == BLR) & (dots["partner_name"] == CHN))
        | ((dots["reporter_name"] == CHN) & (dots["partner_name"] == BLR))
    ]
    ours = pd.DataFrame(
        {
            "year": pairs["year"].astype("int64"),
            "reporter": pairs["reporter_iso3"].astype("str"),
            "partner": pairs["partner_iso3"].astype("str"),
            "flow": pairs["flow"].astype("str"),
            "valuation": pairs["valuation"].astype("str"),
            "value": (pairs["value_usd_millions"] * 1e6).round(),  # trade.csv: whole dollars
        }
    )
    keys = ["year", "reporter", "partner", "flow", "valuation"]
    merged = ours.merge(imf[[*keys, "value"]], on=keys, how="outer", validate="one_to_one", indicator=True)
    assert (merged["_merge"] == "both").all(), merged.loc[merged["_merge"] != "both"]
    assert (merged["value_x"] == merged["value_y"]).all()  # exactly, once x * 1e6 loses its float noise
    assert not pairs["is_estimate"].any()


def test_belgium_luxembourg_is_one_entity_with_code_blx(dots):
    raw = pq.read_table(data_file("dots.parquet"), columns=["partner_name", "partner_iso3"]).to_pandas()
    assert raw.loc[raw["partner_name"] == BLEU_NAME, "partner_iso3"].isna().all()  # null in the file
    for side in ("reporter", "partner"):
        bleu = dots[f"{side}_name"] == BLEU_NAME
        assert bleu.any()
        assert (dots.loc[bleu, f"{side}_iso3"] == BLEU_ISO3).all()
        assert set(dots.loc[dots[f"{side}_iso3"] == BLEU_ISO3, f"{side}_name"].astype("str")) == {BLEU_NAME}
        assert (dots.loc[bleu, f"{side}_entity_type"] == "composite").all()
    codes = dots.drop_duplicates("partner_name").set_index("partner_name")["partner_iso3"].astype("object")
    assert (codes["Belgium"], codes["Luxembourg"]) == ("BEL", "LUX")
    # the union reports until 1996, Belgium and Luxembourg from 1997: never both in one year
    reporter_years = dots.groupby("reporter_name", observed=True)["year"].agg(["min", "max"])
    assert reporter_years.loc[BLEU_NAME, "max"] < reporter_years.loc["Belgium", "min"]


def test_dissolved_states_keep_their_own_codes(dots):
    codes = dots.drop_duplicates("partner_name").set_index("partner_name")["partner_iso3"].astype("object")
    assert codes["USSR"] == "SUN" and codes["Russian Federation"] == "RUS"
    assert codes["Yugoslavia"] == "YUG" and codes["Serbia, Rep. of"] == "SRB"
    assert codes["Czechoslovakia"] == "CSK" and codes["Czech Rep."] == "CZE"
    assert codes["Serbia and Montenegro"] == "SCG"


def test_every_code_is_known_to_countries_csv(dots):
    codes = set(dots["reporter_iso3"].dropna().unique()) | set(dots["partner_iso3"].dropna().unique())
    assert codes == set(load_countries()["iso3"])


def test_estimates_and_stored_negatives_are_kept(dots):
    assert int(dots["is_estimate"].sum()) == 174_005
    zeros = dots["value_usd_millions"] == 0
    assert int(zeros.sum()) == 27_537 and dots.loc[zeros, "is_estimate"].all()
    negative = dots.loc[dots["value_usd_millions"] < 0]
    assert len(negative) == 13
    assert set(negative["reporter_name"].astype("str")) == {"World", "Advanced Economies"}
    assert set(negative["partner_name"].astype("str")) == {"Malaysia"}


# --- tiny files for the error paths -------------------------------------------------------------------------


def tiny() -> pd.DataFrame:
    """Six valid rows in the file's layout (the real values for Belarus-China 2019)."""
    rows = [
        (BLR, "BLR", False, "economy", CHN, "CHN", False, "economy", "export", "FOB", 2019, 673.3361, False),
        (BLR, "BLR", False, "economy", CHN, "CHN", False, "economy", "import", "CIF", 2019, 3807.5948, False),
        (BLR, "BLR", False, "economy", "World", None, True, "aggregate", "export", "FOB", 2019, 32955.1224, False),
        (CHN, "CHN", False, "economy", BLR, "BLR", False, "economy", "export", "FOB", 2019, 1777.67595, False),
        (CHN, "CHN", False, "economy", BLEU_NAME, None, False, "composite", "import", "CIF", 1990, 0.0, True),
        ("World", None, True, "aggregate", "Malaysia", "MYS", False, "economy", "export", "FOB", 1960, -1.5, False),
    ]
    cols = list(schema.DotsModel.to_schema().columns)[:13]
    frame = pd.DataFrame(rows, columns=cols)
    text = [c for c in cols if c.endswith(("_name", "_iso3", "_type")) or c in ("flow", "valuation")]
    return frame.assign(
        **{c: frame[c].astype("category") for c in text},
        year=frame["year"].astype("int16"),
        workbook=pd.Categorical(["DOTS_18.xlsx"] * 3 + ["DOTS_40.xlsx"] * 2 + ["DOTS_230.xlsx"]),
        sheet_row=np.arange(9, 15, dtype="int16"),
    )


def write(tmp_path: Path, frame: pd.DataFrame | pa.Table, name: str = "dots.parquet") -> Path:
    path = tmp_path / name
    table = frame if isinstance(frame, pa.Table) else pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, path)
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_dots(path)
    message = str(info.value)
    assert "Traceback" not in message and "SchemaError" not in message
    assert str(path) in message
    return [str(p) for p in info.value.problems]


def with_value(frame: pd.DataFrame, column: str, row: int, value: object) -> pd.DataFrame:
    """A copy of ``frame`` with one cell changed (categorical columns get the new category)."""
    series = frame[column]
    if isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype("object")
    series = series.copy()
    series.iloc[row] = value
    if isinstance(frame[column].dtype, pd.CategoricalDtype):
        series = series.astype("category")
    return frame.assign(**{column: series})


def test_tiny_valid_file_loads_with_blx(tmp_path):
    out = load_dots(write(tmp_path, tiny()))
    assert len(out) == 6
    assert out.loc[4, "partner_iso3"] == BLEU_ISO3
    assert out.loc[5, "value_usd_millions"] == -1.5  # negative, but from an aggregate reporter: kept


def test_plain_string_and_int64_columns_are_accepted(tmp_path):
    frame = tiny()
    plain = frame.assign(
        flow=frame["flow"].astype("str"), year=frame["year"].astype("int64"), value_usd_millions=[1, 2, 3, 4, 0, 1]
    )
    table = pa.Table.from_pandas(plain, preserve_index=False)
    assert pa.types.is_integer(table.schema.field("value_usd_millions").type)
    out = load_dots(write(tmp_path, table))
    assert isinstance(out["flow"].dtype, pd.CategoricalDtype)
    assert str(out["year"].dtype) == "int16" and str(out["value_usd_millions"].dtype) == "float64"


def test_missing_file(tmp_path):
    (msg,) = problems(tmp_path / "nope.parquet")
    assert "not found" in msg


def test_not_a_parquet_file(tmp_path):
    path = tmp_path / "dots.parquet"
    path.write_text("year,flow\n2019,export\n", encoding="utf-8")
    (msg,) = problems(path)
    assert "a parquet file" in msg and "could not read" in msg


def test_missing_and_extra_columns(tmp_path):
    found = problems(write(tmp_path, tiny().drop(columns=["flow"]).assign(extra=1)))
    assert any("column 'flow'" in p and "missing" in p for p in found)
    assert any("column 'extra'" in p and "no such column" in p for p in found)


def test_mistyped_column(tmp_path):
    frame = tiny()
    found = problems(write(tmp_path, frame.assign(year=frame["year"].astype("str"))))
    (msg,) = found
    assert "column 'year'" in msg and "string'; expected an integer column" in msg


def test_bad_category_names_row_column_value_and_expectation(tmp_path):
    path = write(tmp_path, with_value(tiny(), "flow", 3, "Exports"))
    found = problems(path)
    assert f"{path}, row 3, column 'flow': got 'Exports'; expected one of export, import" in found


def test_every_problem_at_once(tmp_path):
    frame = with_value(tiny(), "flow", 3, "Exports")
    frame = with_value(frame, "year", 1, 1850)
    frame = with_value(frame, "value_usd_millions", 0, -2.0)
    frame = with_value(frame, "partner_entity_type", 2, "region")
    found = problems(write(tmp_path, frame))
    text = "\n".join(found)
    assert "row 3, column 'flow'" in text
    assert "row 1, column 'year': got '1850'; expected a whole year between 1900" in text
    assert "row 0, column 'reporter_is_aggregate+value_usd_millions': got 'False/-2.0'" in text
    assert "row 2, column 'partner_entity_type': got 'region'" in text
    rows = [int(p.split(", row ")[1].split(",")[0]) for p in found if ", row " in p]
    assert rows == sorted(rows)  # sorted by row


def test_valuation_must_match_flow(tmp_path):
    found = problems(write(tmp_path, with_value(tiny(), "valuation", 0, "CIF")))
    assert any("row 0, column 'flow+valuation': got 'export/CIF'" in p and "FOB for exports" in p for p in found)


@pytest.mark.parametrize("value", [np.inf, -np.inf, np.nan])
def test_value_must_be_finite(tmp_path, value):
    found = problems(write(tmp_path, with_value(tiny(), "value_usd_millions", 1, value)))
    assert any("row 1, column 'value_usd_millions'" in p for p in found)


def test_duplicate_key_names_both_rows(tmp_path):
    frame = tiny()
    frame = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
    found = problems(write(tmp_path, frame))
    key = "reporter_name+partner_name+flow+year"
    assert any(f"row 0, column '{key}'" in p and "the same is on row 6" in p for p in found)
    assert any(f"row 6, column '{key}'" in p and "the same is on row 0" in p for p in found)


def test_aggregate_flag_and_iso3_must_fit_the_entity_type(tmp_path):
    frame = with_value(tiny(), "partner_is_aggregate", 2, False)
    frame = with_value(frame, "reporter_iso3", 5, "WLD")
    found = "\n".join(problems(write(tmp_path, frame)))
    assert "row 2, column 'partner_is_aggregate+partner_entity_type': got 'False/aggregate'" in found
    assert "row 5, column 'reporter_iso3+reporter_entity_type': got 'WLD/aggregate'" in found


def test_iso3_pattern(tmp_path):
    found = problems(write(tmp_path, with_value(tiny(), "partner_iso3", 0, "chn")))
    assert any("row 0, column 'partner_iso3': got 'chn'; expected an ISO 3166 alpha-3" in p for p in found)


def test_one_code_per_name_and_one_name_per_code(tmp_path):
    two_codes = with_value(tiny(), "partner_iso3", 0, "CHX")  # China is CHN elsewhere, CHX here
    (found,) = problems(write(tmp_path, two_codes))
    assert found.endswith(
        "row 1, column 'partner_iso3': got 'CHN'; expected one iso3 per name: 'China, P.R.: Mainland' has "
        "iso3 'CHX' on row 0 (partner) and 'CHN' here (partner)"
    )
    shared = with_value(tiny(), "partner_iso3", 3, "CHN")  # Belarus given China's code
    found = problems(write(tmp_path, shared))
    assert any(
        "one name per ISO3 code: CHN is 'China, P.R.: Mainland' on row 0 and 'Belarus, Rep. of' here" in p
        for p in found
    )
    kind = with_value(tiny(), "reporter_entity_type", 3, "historical")  # China historical as reporter only
    assert any("one entity_type per name" in p for p in problems(write(tmp_path, kind)))


def test_blx_for_another_name_is_refused(tmp_path):
    frame = with_value(tiny(), "partner_iso3", 0, "BLX")
    frame = with_value(frame, "partner_iso3", 1, "BLX")
    frame = with_value(frame, "reporter_iso3", 3, "BLX")
    frame = with_value(frame, "reporter_iso3", 4, "BLX")  # China is 'BLX' everywhere: consistent but wrong
    frame = with_value(frame, "partner_iso3", 4, None)
    assert any("BLX only for Belgium-Luxembourg" in p for p in problems(write(tmp_path, frame)))


def test_nulls_in_typed_columns(tmp_path):
    table = pa.Table.from_pandas(tiny(), preserve_index=False)
    is_est = pa.array([False, None, False, False, True, False])
    year = pa.array([2019, 2019, None, 2019, 1990, 1960], type=pa.int16())
    table = table.set_column(table.schema.get_field_index("is_estimate"), "is_estimate", is_est)
    table = table.set_column(table.schema.get_field_index("year"), "year", year)
    table = table.set_column(
        table.schema.get_field_index("reporter_name"),
        "reporter_name",
        pa.array([BLR, BLR, None, CHN, CHN, "World"]).dictionary_encode(),
    )
    found = problems(write(tmp_path, table))
    assert any("row 1, column 'is_estimate'" in p and "(not null)" in p for p in found)
    assert any("row 2, column 'year'" in p and "(not null)" in p for p in found)
    assert any("row 2, column 'reporter_name'" in p and "(not null)" in p for p in found)
    assert not any("row 2, column 'year': got '1'" in p for p in found)  # the placeholder is not reported


def test_year_beyond_int16(tmp_path):
    table = pa.Table.from_pandas(tiny().assign(year=tiny()["year"].astype("int64")), preserve_index=False)
    year = pa.array([2019, 2019, 2019, 2019, 1990, 70000], type=pa.int64())
    table = table.set_column(table.schema.get_field_index("year"), "year", year)
    found = problems(write(tmp_path, table))
    assert any("row 5, column 'year': got '70000'" in p for p in found)


def test_many_bad_rows_are_counted_not_listed(tmp_path):
    frame = pd.concat([tiny()] * 40, ignore_index=True)
    frame = frame.assign(year=np.arange(len(frame), dtype="int16") + 1000)  # all before 1900
    with pytest.raises(DataError) as info:
        load_dots(write(tmp_path, frame))
    text = str(info.value)
    assert "more rows fail, not listed" in text
    assert len(info.value.problems) < 60


def test_a_bad_category_used_by_many_rows_is_reported_once(tmp_path):
    frame = pd.concat([tiny()] * 50, ignore_index=True)
    frame = frame.assign(
        year=np.arange(len(frame), dtype="int16") + 1700 + 300, valuation=frame["valuation"].astype("str")
    )
    frame = frame.assign(valuation=frame["valuation"].str.lower().astype("category"))
    found = [p for p in problems(write(tmp_path, frame)) if "column 'valuation'" in p]
    assert len(found) == 2  # 'fob' and 'cif', each once, with its first row and count
    assert "got 'fob'" in found[0] and "(200 rows have this value; the first is row 0)" in found[0]
