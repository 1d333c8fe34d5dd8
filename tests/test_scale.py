"""Tests for analysis.scale: every measure on a real Dask LocalCluster equals pandas exactly; readers; the command.

One cluster (2 worker processes, one thread each, 400 MB each) serves the whole module.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")

from analysis import ArgumentError, DataError
from analysis import measures as m
from analysis.__main__ import main
from analysis.scale import (
    ClusterError,
    cluster,
    read_baci,
    read_comtrade_files,
    read_parquet_panel,
    run_measure,
    to_dask,
)

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = "country_code,country_name,country_iso2,country_iso3\n156,China,CN,CHN\n112,Belarus,BY,BLR\n"
COUNTRIES += '643,Russian Federation,RU,RUS\n490,"Other Asia, nes",,S19\n'
LEGACY = (
    "Classification,Year,Period,Period Desc.,Aggregate Level,Is Leaf Code,Trade Flow Code,Trade Flow,"
    "Reporter Code,Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,Commodity Code,Commodity,"
    "Qty Unit Code,Qty Unit,Qty,Netweight (kg),Trade Value (US$),Flag"
)


@pytest.fixture(scope="module")
def client():
    with cluster(workers=2, memory_limit="400MB", processes=True) as c:
        yield c


# ---------------------------------------------------------------------------------------------
# pandas == Dask, exactly, on random panels
# ---------------------------------------------------------------------------------------------

CODES = ["AAA", "BBB", "CCC", "DDD"]
values = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False, allow_infinity=False)


@st.composite
def panels(draw: st.DrawFn) -> tuple[pd.DataFrame, int]:
    """A small random flow panel with both reporters' figures and gaps, and a partition count."""
    keys = draw(
        st.lists(
            st.tuples(
                st.integers(2000, 2004),
                st.sampled_from(CODES),
                st.sampled_from(CODES),
                st.sampled_from(["010121", "020110", "270900"]),
            ),
            min_size=1,
            max_size=40,
            unique=True,
        )
    )
    frame = pd.DataFrame(keys, columns=["year", "exporter", "importer", "product"])
    frame = frame.loc[frame["exporter"] != frame["importer"]]
    n = len(frame)
    x = draw(st.lists(values, min_size=n, max_size=n))
    m_ = draw(st.lists(values, min_size=n, max_size=n))
    sides = draw(st.lists(st.sampled_from(["both", "exporter", "importer"]), min_size=n, max_size=n))
    side = np.asarray(sides, dtype=object)
    exporter_rows = frame.assign(reporter=frame["exporter"], value=x).loc[side != "importer"]
    importer_rows = frame.assign(reporter=frame["importer"], value=m_).loc[side != "exporter"]
    out = pd.concat([exporter_rows, importer_rows], ignore_index=True)
    out = out.sample(frac=1.0, random_state=draw(st.integers(0, 1000))).reset_index(drop=True)
    typed = out.astype(
        {"year": "int64", "exporter": "str", "importer": "str", "product": "str", "reporter": "str", "value": "float64"}
    )
    return typed, draw(st.integers(1, 4))


def same(dask_frame, expected: pd.DataFrame) -> None:
    """Equal after sorting by the key columns, bit for bit."""
    got = dask_frame.compute()
    keys = [c for c in expected.columns if expected[c].dtype == "str" and c != "reason"] + ["year"] * (
        "year" in expected.columns
    )
    got = got[list(expected.columns)].sort_values(keys, ignore_index=True)
    expected = expected.sort_values(keys, ignore_index=True)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def one_sided(frame: pd.DataFrame) -> pd.DataFrame:
    return m.own_reports(frame).reset_index(drop=True)


CASES = {
    "growth": (lambda f: m.growth(f, 2000, 2004, by=[*m.FLOW_KEY, "reporter"]), {"start_year": 2000, "end_year": 2004}),
    "yoy": (lambda f: m.growth_yoy(f, by=[*m.FLOW_KEY, "reporter"]), {}),
    "mirror": (m.mirror, {}),
    "shares": (lambda f: m.shares(one_sided(f), of="product"), {"of": "product"}),
    "hhi": (lambda f: m.hhi(one_sided(f), per="pair"), {"per": "pair"}),
    "rca": (lambda f: m.rca(one_sided(f)), {}),
    "complementarity": (lambda f: m.complementarity(one_sided(f)), {}),
}


@pytest.mark.parametrize("measure", list(CASES))
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=panels())
def test_dask_equals_pandas(client, measure: str, drawn: tuple[pd.DataFrame, int]) -> None:
    frame, npartitions = drawn
    pandas_measure, options = CASES[measure]
    if measure in ("growth", "yoy", "mirror"):
        data = frame
        if measure != "mirror":
            options = {**options, "by": [*m.FLOW_KEY, "reporter"]}
    else:
        data = one_sided(frame)
    if data.empty:
        return
    expected = pandas_measure(frame)
    same(run_measure(to_dask(data, npartitions), measure, "value", **options), expected)


def test_growth_with_missing_values_and_shares_by_partner(client) -> None:
    frame = pd.DataFrame(
        {
            "year": [2000, 2001, 2002, 2000, 2002, 2000],
            "exporter": ["AAA", "AAA", "AAA", "BBB", "BBB", "CCC"],
            "importer": ["BBB", "BBB", "BBB", "AAA", "AAA", "AAA"],
            "product": ["010121"] * 6,
            "value": [1.0, np.nan, 4.0, 2.0, 3.0, 5.0],
        }
    ).astype({"exporter": "str", "importer": "str", "product": "str"})
    same(run_measure(to_dask(frame, 3), "growth", "value", start_year=2000, end_year=2002), m.growth(frame, 2000, 2002))
    same(run_measure(to_dask(frame, 2), "yoy", "value"), m.growth_yoy(frame))
    clean = frame.dropna().reset_index(drop=True)
    same(run_measure(to_dask(clean, 2), "shares", "value"), m.shares(clean))
    same(run_measure(to_dask(clean, 2), "hhi", "value"), m.hhi(clean))


def test_runner_errors(client) -> None:
    frame = to_dask(pd.DataFrame({"year": [2000], "value": [1.0]}), 1)
    with pytest.raises(ArgumentError, match="unknown measure 'gravity'"):
        run_measure(frame, "gravity", "value")
    with pytest.raises(ArgumentError, match="must be a dask DataFrame"):
        run_measure(pd.DataFrame(), "hhi", "value")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="growth needs a start year and an end year"):
        run_measure(frame, "growth", "value")
    with pytest.raises(ArgumentError, match="no column 'exporter'"):
        run_measure(frame, "hhi", "value")


def test_a_duplicate_flow_from_two_partitions_is_found_after_the_shuffle(client) -> None:
    row = {"year": 2000, "exporter": "AAA", "importer": "BBB", "product": "010121", "value": 1.0}
    frame = pd.DataFrame([row, row]).astype({"exporter": "str", "importer": "str", "product": "str"})
    with pytest.raises(ArgumentError, match="duplicate rows for the same flow and year"):
        run_measure(to_dask(frame, 2), "hhi", "value").compute()


# ---------------------------------------------------------------------------------------------
# readers
# ---------------------------------------------------------------------------------------------


def baci_files(folder: Path, lines: dict[int, list[str]]) -> list[Path]:
    (folder / "country_codes_V202401.csv").write_text(COUNTRIES, encoding="utf-8")
    paths = []
    for year, rows in lines.items():
        path = folder / f"BACI_HS92_Y{year}_V202401.csv"
        path.write_text("t,i,j,k,v,q\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
        paths.append(path)
    return paths


def test_read_baci_blocks_quantities_and_codes(client, tmp_path: Path) -> None:
    rows = [f"2019,156,112,{k:06d},{k + 1}.5,{'' if k % 3 == 0 else 'NA' if k % 3 == 1 else 2.25}" for k in range(300)]
    rows.insert(10, "")  # a blank line is no record
    rows.append("2019,112,156,10121,7,1")  # a code written without its leading zero
    (path,) = baci_files(tmp_path, {2019: rows})
    frame = read_baci(path, blocksize=1000)
    assert frame.npartitions > 3
    out = frame.compute()
    assert len(out) == 301
    assert out.dtypes.astype(str).to_dict() == {
        "year": "int64",
        "exporter": "str",
        "importer": "str",
        "product": "str",
        "value_kusd": "float64",
        "quantity_t": "float64",
    }
    assert out["exporter"].iloc[0] == "CHN" and out["importer"].iloc[0] == "BLR"
    assert out["quantity_t"].isna().sum() == 200  # empty and NA quantities are missing, the rows are kept
    assert out["product"].iloc[-1] == "010121"
    assert out["value_kusd"].sum() == sum(k + 1.5 for k in range(300)) + 7


def test_read_baci_names_the_physical_line_of_a_bad_row_in_a_late_block(client, tmp_path: Path) -> None:
    rows = [f"2019,156,112,{k:06d},1.5,1" for k in range(200)]
    rows[150] = "2019,156,999,000150,1.5,1"  # line 152: unknown importer
    rows[151] = "2019,156,112,000151,0,1"  # line 153: zero value
    rows[152] = "2019,156,112,000152,1.5"  # line 154: five fields
    rows[160] = "2019,156,112,000001,1.5,1"  # line 162 repeats line 3
    (path,) = baci_files(tmp_path, {2019: rows})
    with pytest.raises(DataError) as info:
        read_baci(path, blocksize=500).compute()
    text = str(info.value)
    assert (
        f"{path}, line 152, column 'j': got '999'; expected a country code listed in country_codes_V202401.csv" in text
    )
    assert f"{path}, line 153, column 'v': got '0'; expected a positive value in thousands of US dollars" in text
    assert "line 154: got '2019,156,112,000152,1.5'; expected 6 fields like the header t,i,j,k,v,q (got 5)" in text
    rows[150:153] = [f"2019,156,112,{k:06d},1.5,1" for k in (150, 151, 152)]
    (path,) = baci_files(tmp_path, {2019: rows})
    with pytest.raises(DataError, match=r"line 162, column 't\+i\+j\+k'.*the same is on line 3"):
        read_baci(path, blocksize=None).compute()


def test_read_baci_header_and_country_table_errors(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"nope.csv; expected an existing BACI trade CSV file \(file not found\)"):
        read_baci(tmp_path / "nope.csv")
    (path,) = baci_files(tmp_path, {2019: ["2019,156,112,010121,1,1"]})
    path.write_text("year,exporter,importer\n2019,156,112\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 1: got 'year,exporter,importer'; expected a BACI header t,i,j,k,v,q"):
        read_baci(path)
    (tmp_path / "country_codes_V202401.csv").write_text("code,name\n1,x\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"country_codes_V202401.csv, line 1: .*unknown layout"):
        read_baci(path)
    (tmp_path / "country_codes_V202401.csv").write_text(COUNTRIES + "12a,Nowhere,,NWH\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 6, column 'country_code': got '12a'; expected a numeric country code"):
        read_baci(path)
    (tmp_path / "country_codes_V202401.csv").unlink()
    with pytest.raises(DataError, match="one BACI country table"):
        read_baci(path)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(DataError, match="the file is empty"):
        read_baci(empty)


def legacy_file(path: Path, rows: list[str]) -> Path:
    path.write_text(LEGACY + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def legacy_row(year: int, flow: int, reporter: int, partner: int, product: str, value: str) -> str:
    name = {1: "Import", 2: "Export"}[flow]
    return f"HS,{year},{year},{year},6,1,{flow},{name},{reporter},R,,{partner},P,,{product},x,1,kg,,,{value},0"


def test_read_comtrade_files_by_block_equals_read_comtrade(client, tmp_path: Path) -> None:
    from analysis import read_comtrade

    rows = [legacy_row(2019, 2, 156, 112, f"{k:06d}", f"{1000 + k}") for k in range(120)]
    rows += [legacy_row(2019, 1, 112, 156, f"{k:06d}", f"{1100 + k}") for k in range(120)]
    path = legacy_file(tmp_path / "comtrade.csv", rows)
    blocks = read_comtrade_files(path, blocksize=2000)
    assert blocks.npartitions > 3
    whole = read_comtrade(path)
    got = blocks.compute().sort_values(["flow", "product"], ignore_index=True)
    pd.testing.assert_frame_equal(got, whole.sort_values(["flow", "product"], ignore_index=True), check_exact=True)
    flows = blocks.map_partitions(m.comtrade_flows, meta=m.comtrade_flows(blocks._meta))
    same(run_measure(flows, "mirror", "value_usd"), m.mirror(m.comtrade_flows(whole), value="value_usd"))


def test_read_comtrade_files_errors_keep_read_comtrade_wording(client, tmp_path: Path) -> None:
    from analysis import read_comtrade

    rows = [legacy_row(2019, 2, 156, 112, f"{k:06d}", "1000") for k in range(100)]
    rows[80] = legacy_row(2019, 2, 156, 999, "000080", "1000")  # line 82
    path = legacy_file(tmp_path / "comtrade.csv", rows)
    with pytest.raises(DataError) as whole:
        read_comtrade(path)
    with pytest.raises(DataError) as blocks:
        read_comtrade_files(path, blocksize=1500).compute()
    assert [str(p) for p in blocks.value.problems] == [str(p) for p in whole.value.problems]
    assert blocks.value.problems[0].line == 82 and blocks.value.problems[0].column == "Partner Code"
    for name, content in (("missing.csv", None), ("empty.csv", ""), ("other.csv", "a,b,c\n1,2,3\n")):
        if content is not None:
            (tmp_path / name).write_text(content, encoding="utf-8")
        with pytest.raises(DataError) as expected:
            read_comtrade(tmp_path / name)
        with pytest.raises(DataError) as got:
            read_comtrade_files(tmp_path / name)
        assert str(got.value.problems[0]) == str(expected.value.problems[0]), name


def test_read_parquet_panel(client, tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "year": [2019, 2019, 2020],
            "exporter": ["CHN", "BLR", "CHN"],
            "importer": ["BLR", "CHN", "BLR"],
            "product": ["010121"] * 3,
            "value_kusd": [1.0, 2.0, 3.0],
        }
    ).astype({"exporter": "str", "importer": "str", "product": "str"})
    frame.to_parquet(tmp_path / "panel", partition_cols=["year"])
    out = read_parquet_panel(tmp_path / "panel")
    assert list(out.columns) == ["year", "exporter", "importer", "product", "value_kusd"]
    got = out.compute().sort_values(["year", "exporter"], ignore_index=True)
    pd.testing.assert_frame_equal(got, frame.sort_values(["year", "exporter"], ignore_index=True))
    bad = frame.assign(value_kusd=[1.0, -2.0, 3.0])
    bad.to_parquet(tmp_path / "bad.parquet")
    with pytest.raises(
        DataError, match=r"bad.parquet, (line 2|row 1), column 'value_kusd': got '-2.0'; expected a positive"
    ):
        read_parquet_panel(tmp_path / "bad.parquet").compute()
    frame.drop(columns="product").to_parquet(tmp_path / "short.parquet")
    with pytest.raises(DataError, match="column 'product' in a panel parquet"):
        read_parquet_panel(tmp_path / "short.parquet")
    with pytest.raises(DataError, match="an existing parquet file or folder"):
        read_parquet_panel(tmp_path / "nothing")


def test_a_local_cluster_needs_a_worker() -> None:
    with pytest.raises(ClusterError, match="a local cluster needs at least 1 worker, got 0"):
        with cluster(workers=0):
            pass


def test_unreachable_scheduler_is_a_short_error() -> None:
    with pytest.raises(ClusterError, match=r"cannot reach the Dask scheduler at tcp://127.0.0.1:9 within 0.5 s"):
        with cluster("tcp://127.0.0.1:9", timeout=0.5):
            pass


# ---------------------------------------------------------------------------------------------
# the command, end to end, from another folder
# ---------------------------------------------------------------------------------------------


def panel_command(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return subprocess.run(
        [sys.executable, "-m", "analysis", "panel", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


def baci_folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    baci_files(
        data,
        {
            2000: ["2000,156,112,010121,10,1", "2000,112,156,270900,4,"],
            2001: ["2001,156,112,010121,40,1", "2001,112,156,270900,5,NA"],
        },
    )
    return data


def test_command_end_to_end_on_a_local_cluster_from_another_folder(tmp_path: Path) -> None:
    baci_folder(tmp_path)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    args = ["../data", "--layout", "baci", "--workers", "1", "--memory-limit", "400MB", "--measure", "growth"]
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "panel", *args, "--start", "2000", "--end", "2001", "--output", "out"],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "panel: growth on a local cluster of 1 worker" in done.stdout
    assert "panel: wrote 2 rows (exporter, importer, product, start_value" in done.stdout
    assert done.stderr == ""
    out = pd.read_parquet(work / "out").sort_values("exporter", ignore_index=True)
    assert out["fold_change"].tolist() == [1.25, 4.0]


def test_command_on_an_existing_cluster_and_its_one_line_errors(client, tmp_path: Path, capsys, monkeypatch) -> None:
    data = baci_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    address = client.scheduler.address
    base = ["--layout", "baci", "--scheduler", address]
    assert main(["panel", str(data), *base, "--measure", "hhi", "--output", "hhi"]) == 0
    assert f"panel: hhi on {address}" in capsys.readouterr().out
    assert pd.read_parquet(tmp_path / "hhi")["hhi"].tolist() == [1.0] * 4
    rows = [legacy_row(2019, 2, 156, 112, "270900", "1000"), legacy_row(2019, 1, 112, 156, "270900", "1100")]
    comtrade = legacy_file(tmp_path / "comtrade.csv", rows)
    args = [str(comtrade), "--layout", "comtrade", "--scheduler", address, "--output"]
    assert main(["panel", *args, "mirror", "--measure", "mirror"]) == 0
    assert pd.read_parquet(tmp_path / "mirror")["ratio"].tolist() == [1.1]
    assert main(["panel", *args, "shares", "--measure", "shares", "--of", "product"]) == 0
    assert "using each flow as its exporter reports it" in capsys.readouterr().out
    assert pd.read_parquet(tmp_path / "shares")[["exporter", "share"]].to_numpy().tolist() == [["CHN", 1.0]]
    pd.read_parquet(tmp_path / "hhi").assign(value_kusd=1.0, product="010121", importer="BLR").to_parquet(
        tmp_path / "panel.parquet"
    )
    assert (
        main(
            [
                "panel",
                str(tmp_path / "panel.parquet"),
                *base[2:],
                "--layout",
                "parquet",
                "--measure",
                "rca",
                "--output",
                "rca",
            ]
        )
        == 0
    )
    assert pd.read_parquet(tmp_path / "rca")["rca"].notna().all()
    unreachable = ["--scheduler", "tcp://127.0.0.1:9", "--connect-timeout", "0.5"]
    failures = {
        "missing": (["nope/", *base, "--measure", "hhi", "--output", "o1"], "nope; expected an existing BACI"),
        "layout": ([str(data), "--layout", "parquet", "--measure", "hhi", "--output", "o2"], "expected parquet files"),
        "years": (
            [str(data), *base, "--measure", "hhi", "--start", "1990", "--end", "2001", "--output", "o3"],
            "years 1990-2001 are outside the data, which covers 2000-2001",
        ),
        "scheduler": (
            [str(data), "--layout", "baci", "--measure", "hhi", "--output", "o4", *unreachable],
            "cannot reach the Dask scheduler at tcp://127.0.0.1:9 within 0.5 s",
        ),
        "growth": ([str(data), *base, "--measure", "growth", "--output", "o5"], "needs --start and --end"),
        "mirror": ([str(data), *base, "--measure", "mirror", "--output", "o6"], "mirror needs both reporters'"),
        "output": ([str(data), *base, "--measure", "hhi", "--output", "hhi"], "exists and is not an empty folder"),
        "bad row": (
            [str(data / "BACI_HS92_Y2000_V202401.csv"), *base, "--measure", "hhi", "--output", "o7"],
            "line 2, column 'v': got 'x'; expected a number of thousands of US dollars",
        ),
    }
    for name, (args, message) in failures.items():
        if name == "bad row":
            (data / "BACI_HS92_Y2000_V202401.csv").write_text(
                "t,i,j,k,v,q\n2000,156,112,010121,x,1\n", encoding="utf-8"
            )
        assert main(["panel", *args]) == 1, name
        lines = capsys.readouterr().err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("panel failed: ") and message in lines[0], (name, lines)
