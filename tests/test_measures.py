"""Tests for analysis.measures (pandas): hand-computed values, invariants, every error path."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import ArgumentError
from analysis import measures as m


def panel(rows: list[tuple], value: str = "value") -> pd.DataFrame:
    """(year, exporter, importer, product, value) tuples as a flow panel."""
    frame = pd.DataFrame(rows, columns=["year", "exporter", "importer", "product", value])
    return frame.astype({"year": "int64", "exporter": "str", "importer": "str", "product": "str", value: "float64"})


# A exports p1 10 and p2 30 (to C), B exports p1 30 and p2 30 (to C and A); world 100.
RCA_PANEL = panel(
    [
        (2020, "A", "C", "p1", 10.0),
        (2020, "A", "C", "p2", 30.0),
        (2020, "B", "C", "p1", 30.0),
        (2020, "B", "A", "p2", 30.0),
    ]
)


def test_import_does_not_load_dask() -> None:
    code = (
        "import sys, analysis, analysis.measures, analysis.panel_cli, analysis.__main__; "
        "print(sorted(m for m in ('dask', 'distributed', 'polars') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_hhi_known_values() -> None:
    frame = panel([(2020, "A", "B", "p1", 1.0), (2020, "A", "B", "p2", 1.0), (2020, "A", "C", "p3", 2.0)])
    out = m.hhi(frame)
    assert out["hhi"].tolist() == [0.375]  # 0.25² + 0.25² + 0.5²
    assert out["n_products"].tolist() == [3]
    assert out["value_total"].tolist() == [4.0]
    pair = m.hhi(frame, per="pair")
    assert pair["importer"].tolist() == ["B", "C"]
    assert pair["hhi"].tolist() == [0.5, 1.0]


def test_rca_known_values() -> None:
    out = m.rca(RCA_PANEL).set_index(["exporter", "product"])["rca"]
    assert out[("A", "p1")] == pytest.approx((10 / 40) / (40 / 100))  # 0.625
    assert out[("A", "p2")] == pytest.approx((30 / 40) / (60 / 100))  # 1.25
    assert out[("B", "p1")] == pytest.approx(1.25)
    assert out[("B", "p2")] == pytest.approx(0.5 / 0.6)
    totals = m.rca(RCA_PANEL).iloc[0]
    assert (totals["exporter_total"], totals["world_product"], totals["world_total"]) == (40.0, 40.0, 100.0)


def test_complementarity_known_values_match_the_wits_formula() -> None:
    # A exports p1 1, p2 3 (x = .25/.75); C imports p1 1 and p3 1 (m = .5/.5); B imports only p2
    frame = panel(
        [
            (2020, "A", "B", "p2", 3.0),
            (2020, "A", "C", "p1", 1.0),
            (2020, "B", "C", "p3", 1.0),
            (2020, "D", "B", "p2", 1.0),
        ]
    )
    out = m.complementarity(frame).set_index(["exporter", "importer"])["complementarity"]
    x = {"p1": 0.25, "p2": 0.75, "p3": 0.0}
    mc = {"p1": 0.5, "p2": 0.0, "p3": 0.5}
    wits = 100 * (1 - sum(abs(mc[k] - x[k]) for k in x) / 2)  # 25
    assert out[("A", "C")] == pytest.approx(wits)
    assert out[("A", "B")] == pytest.approx(75.0)  # B imports only p2
    assert out[("B", "C")] == pytest.approx(50.0)  # B exports only p3; C's imports are half p3
    assert out[("D", "B")] == 100.0
    assert out[("D", "C")] == 0.0  # no product in common
    assert ("B", "B") not in out.index  # a country is not its own partner
    assert ("B", "A") not in out.index  # A imports nothing


def test_shares_and_ranks() -> None:
    frame = panel(
        [(2020, "A", "B", "p1", 6.0), (2020, "A", "C", "p1", 2.0), (2020, "A", "D", "p2", 2.0)],
    )
    out = m.shares(frame)
    assert out["importer"].tolist() == ["B", "C", "D"]
    assert out["share"].tolist() == [0.6, 0.2, 0.2]
    assert out["rank"].tolist() == [1, 2, 2]  # ties share the lower rank
    assert out["n_ranked"].tolist() == [3, 3, 3]
    products = m.shares(frame, of="product")
    assert products["product"].tolist() == ["p1", "p2"]
    assert products["share"].tolist() == [0.8, 0.2]


def test_mirror_pairs_both_reports() -> None:
    frame = pd.concat(
        [
            RCA_PANEL.assign(reporter=RCA_PANEL["exporter"]),
            RCA_PANEL.iloc[:2].assign(reporter="C", value=[11.0, 36.0]),
        ],
        ignore_index=True,
    )
    out = m.mirror(frame)
    assert out["product"].tolist() == ["p1", "p2"]
    assert out["value_by_exporter"].tolist() == [10.0, 30.0]
    assert out["value_by_importer"].tolist() == [11.0, 36.0]
    assert out["ratio"].tolist() == pytest.approx([1.1, 1.2])


def test_growth_uses_the_panel_engine_gap_rules() -> None:
    frame = panel([(2000, "A", "B", "p1", 10.0), (2002, "A", "B", "p1", 40.0), (2002, "A", "C", "p1", 5.0)])
    out = m.growth(frame, 2000, 2002)
    assert out["cagr"].iloc[0] == pytest.approx(1.0)
    assert out["reason"].tolist() == ["", "no value for 2000"]
    assert out["reason"].dtype == "str"
    yoy = m.growth_yoy(frame)
    assert yoy["reason"].tolist() == ["no value for 1999", "no value for 2001", "no value for 2001"]
    annualised = m.growth_yoy(frame, annualise_gaps=True)
    assert annualised["yoy"].iloc[1] == pytest.approx(1.0)


def test_comtrade_flows_turn_imports_around() -> None:
    rows = pd.DataFrame(
        {
            "year": [2019, 2019, 2019, 2019],
            "reporter": ["CHN", "BLR", "CHN", "CHN"],
            "partner": ["BLR", "CHN", "WLD", "BLR"],
            "flow": ["export", "import", "export", "re-export"],
            "period": ["annual"] * 4,
            "product": ["27"] * 4,
            "value_usd": [10.0, 12.0, 99.0, 1.0],
            "is_aggregate": [False, False, True, False],
        }
    )
    out = m.comtrade_flows(rows)
    assert out[["exporter", "importer", "reporter"]].to_numpy().tolist() == [
        ["CHN", "BLR", "CHN"],
        ["CHN", "BLR", "BLR"],
    ]
    assert m.mirror(out, value="value_usd")["ratio"].tolist() == [1.2]
    assert len(m.own_reports(out)) == 1
    assert len(m.own_reports(out, "importer")) == 1
    with pytest.raises(ArgumentError, match="side must be"):
        m.own_reports(out, "reporter")
    with pytest.raises(ArgumentError, match="comtrade_flows takes the frame read_comtrade returns"):
        m.comtrade_flows(rows.drop(columns="flow"))
    with pytest.raises(ArgumentError, match="no column 'value_usd'"):
        m.comtrade_flows(rows.drop(columns="value_usd"))
    priced = rows.rename(columns={"value_usd": "value"}).assign(currency="USD")  # value + ISO 4217 currency
    pd.testing.assert_frame_equal(m.comtrade_flows(priced), out)
    with pytest.raises(ArgumentError, match="values must be in US dollars to compare flows; found CNY"):
        m.comtrade_flows(priced.assign(currency=["USD", "CNY", "USD", "USD"]))


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(min_value=0.001, max_value=1e9), min_size=1, max_size=12))
def test_hhi_is_between_one_over_n_and_one(values: list[float]) -> None:
    frame = panel([(2020, "A", "B", f"{k:06d}", v) for k, v in enumerate(values)])
    hhi = float(m.hhi(frame)["hhi"].iloc[0])
    assert 1 / len(values) - 1e-12 <= hhi <= 1 + 1e-12


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(min_value=0.001, max_value=1e9), min_size=2, max_size=12))
def test_shares_sum_to_one_and_complementarity_is_a_percentage(values: list[float]) -> None:
    frame = panel([(2020, "A" if k % 2 else "B", "C" if k % 3 else "D", f"{k:06d}", v) for k, v in enumerate(values)])
    shares = m.shares(frame, of="product")
    assert shares.groupby("exporter")["share"].sum().to_numpy() == pytest.approx(1.0)
    tc = m.complementarity(frame)["complementarity"].to_numpy()
    assert ((tc >= 0) & (tc <= 100 + 1e-9)).all()


# ---------------------------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------------------------


def test_errors_name_the_problem() -> None:
    with pytest.raises(ArgumentError, match="must be a pandas DataFrame"):
        m.hhi([1, 2])  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="value must be a column name"):
        m.hhi(RCA_PANEL, value=3)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="no column 'value_usd'"):
        m.hhi(RCA_PANEL, value="value_usd")
    with pytest.raises(ArgumentError, match="must hold numbers"):
        m.hhi(RCA_PANEL.assign(value="x"))
    with pytest.raises(ArgumentError, match="integer years"):
        m.hhi(RCA_PANEL.assign(year=2020.5))
    with pytest.raises(ArgumentError, match=r"1 value\(s\) that are not a number > 0 \(first: missing \(NaN\)\)"):
        m.shares(RCA_PANEL.assign(value=[1.0, np.nan, 2.0, 3.0]))
    with pytest.raises(ArgumentError, match=r"first: -1.0"):
        m.rca(RCA_PANEL.assign(value=[1.0, -1.0, 2.0, 3.0]))
    with pytest.raises(ArgumentError, match="products of different levels"):
        m.hhi(RCA_PANEL.assign(product=["TOTAL", "p1", "p1", "p2"]))
    with pytest.raises(ArgumentError, match="products of different levels"):
        m.hhi(RCA_PANEL.assign(product=["27", "270900", "27", "27"]))
    with pytest.raises(ArgumentError, match="of must be 'partner' or 'product'"):
        m.shares(RCA_PANEL, of="reporter")
    with pytest.raises(ArgumentError, match="per must be 'exporter' or 'pair'"):
        m.hhi(RCA_PANEL, per="world")


def test_duplicate_rows_are_an_error() -> None:
    twice = pd.concat([RCA_PANEL, RCA_PANEL.iloc[:1]], ignore_index=True)
    for func in (m.shares, m.hhi, m.rca, m.complementarity, lambda f: m.hhi(f, per="pair")):
        with pytest.raises(ArgumentError, match="duplicate rows for the same flow and year"):
            func(twice)
    with pytest.raises(ArgumentError, match="duplicate rows for the same group and year"):
        m.growth(twice, 2019, 2020)


def test_mirror_errors() -> None:
    with pytest.raises(ArgumentError, match="no column 'reporter'"):
        m.mirror(RCA_PANEL)
    with pytest.raises(ArgumentError, match="reporter 'Z' is neither the exporter 'A' nor the importer 'C'"):
        m.mirror(RCA_PANEL.assign(reporter="Z"))
    with pytest.raises(ArgumentError, match="by must include 'exporter' and 'importer'"):
        m.mirror(RCA_PANEL.assign(reporter="A"), by=["exporter", "product"])
    with pytest.raises(ArgumentError, match="duplicate rows"):
        two = RCA_PANEL.assign(reporter=RCA_PANEL["exporter"])
        m.mirror(pd.concat([two, two.iloc[:1]]))


def test_panel_command_without_dask_says_how_to_install_it(monkeypatch, capsys, tmp_path) -> None:
    from analysis.__main__ import main

    monkeypatch.setitem(sys.modules, "dask", None)  # as if the [scale] extra were not installed
    args = ["panel", str(tmp_path), "--layout", "baci", "--measure", "hhi", "--output", str(tmp_path / "out")]
    assert main(args) == 1
    err = capsys.readouterr().err.strip()
    assert (
        err == 'panel failed: the panel command needs Dask: pip install -e ".[scale]" (dask[dataframe] and distributed)'
    )
