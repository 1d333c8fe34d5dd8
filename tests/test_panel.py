"""Tests for analysis.panel: a panel gives the Series answers group by group, reasons, every error path."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import ArgumentError, panel
from analysis.growth import cagr, fold_change, yoy
from analysis.panel import panel_change, panel_yoy

positive = st.floats(min_value=1e-3, max_value=1e12, allow_nan=False, allow_infinity=False)
intervals = st.integers(min_value=1, max_value=200)


panels = st.dictionaries(
    st.tuples(st.sampled_from(["CHN", "BLR", "RUS"]), st.sampled_from(["export", "import"])),
    st.dictionaries(st.integers(min_value=2000, max_value=2010), positive, min_size=1, max_size=11),
    min_size=1,
    max_size=6,
)


def _panel_frame(groups: dict, order) -> pd.DataFrame:
    rows = [(r, f, y, v) for (r, f), series in groups.items() for y, v in series.items()]
    rows = order.sample(rows, len(rows))
    frame = pd.DataFrame(rows, columns=["reporter", "flow", "year", "value"])
    return frame.astype({"reporter": "str", "flow": "str", "year": "int64", "value": "float64"})


@settings(max_examples=20, deadline=None)
@given(groups=panels, order=st.randoms(use_true_random=False), annualise=st.booleans())
def test_panel_yoy_equals_series_yoy_group_by_group(groups: dict, order, annualise: bool) -> None:
    frame = _panel_frame(groups, order)
    before = frame.copy(deep=True)
    out = panel_yoy(frame, ["reporter", "flow"], annualise_gaps=annualise)
    pd.testing.assert_frame_equal(frame, before)
    assert out.index.equals(frame.index)
    pd.testing.assert_frame_equal(out[list(frame.columns)], frame)
    expected = {
        (r, f, y): g
        for (r, f), series in groups.items()
        for y, g in yoy(pd.Series(series, dtype="float64"), annualise_gaps=annualise).items()
    }
    want = [expected[key] for key in zip(out["reporter"], out["flow"], out["year"], strict=True)]
    assert np.allclose(out["yoy"].to_numpy(), want, equal_nan=True, rtol=1e-12, atol=0)
    assert (out["reason"].eq("") == out["yoy"].notna()).all()


@settings(max_examples=20, deadline=None)
@given(groups=panels, order=st.randoms(use_true_random=False), years=st.tuples(st.integers(2000, 2005), intervals))
def test_panel_change_equals_scalars_group_by_group(groups: dict, order, years: tuple[int, int]) -> None:
    start_year, n = years
    end_year = start_year + min(n, 10)
    frame = _panel_frame(groups, order)
    before = frame.copy(deep=True)
    out = panel_change(frame, ["reporter", "flow"], start_year, end_year)
    pd.testing.assert_frame_equal(frame, before)
    assert list(out.columns) == [
        "reporter",
        "flow",
        "start_value",
        "end_value",
        "intervals",
        "fold_change",
        "cagr",
        "reason",
    ]
    assert sorted(groups) == list(zip(out["reporter"], out["flow"], strict=True))  # sorted by the keys
    for row in out.itertuples(index=False):
        series = groups[(row.reporter, row.flow)]
        assert row.intervals == end_year - start_year
        if start_year in series and end_year in series:
            assert row.reason == ""
            assert row.fold_change == pytest.approx(fold_change(series[start_year], series[end_year]), rel=1e-12)
            assert row.cagr == pytest.approx(cagr(series[start_year], series[end_year], start_year, end_year))
        else:
            assert math.isnan(row.fold_change) and math.isnan(row.cagr)
            missing = [y for y in (start_year, end_year) if y not in series]
            assert row.reason == "; ".join(f"no value for {y}" for y in missing)


# ---------------------------------------------------------------------------------------------
# examples and reasons
# ---------------------------------------------------------------------------------------------




def _comtrade() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "reporter": ["CHN", "CHN", "CHN", "CHN", "BLR", "BLR", "BLR", "BLR"],
            "partner": ["BLR"] * 4 + ["CHN"] * 4,
            "flow": ["X", "X", "X", "M", "X", "X", "M", "M"],
            "product": ["8703", "8703", "8703", "8703", "3104", "3104", "3104", "3104"],
            "year": [2003, 2001, 2000, 2001, 2000, 2003, 2000, 2001],
            "value": [400.0, 200.0, 100.0, 5.0, 0.0, 10.0, 8.0, np.nan],
        },
        index=[10, 11, 12, 13, 14, 15, 16, 17],
    ).astype({"reporter": "str", "partner": "str", "flow": "str", "product": "str"})


BY = ["reporter", "partner", "flow", "product"]


def test_panel_change_reasons() -> None:
    frame = _comtrade()
    before = frame.copy(deep=True)
    out = panel_change(frame, BY, 2000, 2003)
    pd.testing.assert_frame_equal(frame, before)
    assert out[["reporter", "flow"]].to_numpy().tolist() == [["BLR", "M"], ["BLR", "X"], ["CHN", "M"], ["CHN", "X"]]
    assert out["reason"].tolist() == [
        "no value for 2003",
        "start value not positive",
        "no value for 2000; no value for 2003",
        "",
    ]
    assert out["fold_change"].iloc[3] == 4.0
    assert out["cagr"].iloc[3] == pytest.approx(4 ** (1 / 3) - 1)
    assert out[["fold_change", "cagr"]].iloc[:3].isna().all().all()
    assert out["start_value"].tolist()[:2] == [8.0, 0.0]
    assert out.dtypes.astype(str).to_dict() == {
        "reporter": "str",
        "partner": "str",
        "flow": "str",
        "product": "str",
        "start_value": "float64",
        "end_value": "float64",
        "intervals": "int64",
        "fold_change": "float64",
        "cagr": "float64",
        "reason": "category",
    }


def test_panel_change_negative_end_and_missing_value_reasons() -> None:
    frame = pd.DataFrame({"g": ["a", "a", "b", "b"], "year": [2000, 2001] * 2, "value": [1.0, -2.0, np.nan, 3.0]})
    out = panel_change(frame, "g", 2000, 2001)
    assert out["reason"].tolist() == ["end value negative", "no value for 2000"]


def test_panel_yoy_rows_index_and_reasons() -> None:
    frame = _comtrade()
    before = frame.copy(deep=True)
    out = panel_yoy(frame, BY)
    pd.testing.assert_frame_equal(frame, before)
    assert out.index.equals(frame.index)
    assert list(out.columns) == [*frame.columns, "yoy", "reason"]
    expected_yoy = [np.nan, 1.0, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan]
    assert np.allclose(out["yoy"].to_numpy(), expected_yoy, equal_nan=True)
    assert out["reason"].tolist() == [
        "no value for 2002",
        "",
        "no value for 1999",
        "no value for 2000",
        "no value for 1999",
        "no value for 2002",
        "no value for 1999",
        "value missing",
    ]
    annual = panel_yoy(frame, BY, annualise_gaps=True)
    assert annual.loc[10, "yoy"] == pytest.approx(math.sqrt(2) - 1)
    assert annual.loc[15, "reason"] == "previous value not positive"
    assert annual.loc[12, "reason"] == "no earlier value"
    assert str(annual["reason"].dtype) == "category"


def test_panel_yoy_missing_first_values_start_their_group() -> None:
    frame = pd.DataFrame(
        {
            "g": ["a", "a", "a", "b", "b"],
            "year": [2000, 2001, 2003, 2000, 2002],
            "value": [np.nan, 2.0, 8.0, np.nan, 5.0],
        }
    )
    out = panel_yoy(frame, "g", annualise_gaps=True)
    assert out["reason"].tolist() == ["value missing", "no earlier value", "", "value missing", "no earlier value"]
    assert out["yoy"].iloc[2] == pytest.approx(1.0)  # 2 -> 8 over two years: doubling a year
    assert out["yoy"].isna().tolist() == [True, True, False, True, True]


def test_panel_yoy_negative_value_and_predecessor() -> None:
    frame = pd.DataFrame({"g": ["a"] * 3, "year": [2000, 2001, 2002], "value": [1.0, -1.0, 2.0]})
    assert panel_yoy(frame, "g")["reason"].tolist() == [
        "no value for 1999",
        "value negative",
        "previous value not positive",
    ]


def test_panel_yoy_overflow_is_a_reason_not_inf() -> None:
    frame = pd.DataFrame({"g": ["a", "a"], "year": [2000, 2001], "value": [1e-300, 1e300]})
    out = panel_yoy(frame, "g")
    assert math.isnan(out["yoy"].iloc[1])
    assert out["reason"].iloc[1] == "growth too large to represent"
    change = panel_change(frame, "g", 2000, 2001)
    assert change["reason"].iloc[0] == "growth too large to represent"


def test_panels_with_other_column_names_no_groups_and_na_keys() -> None:
    frame = pd.DataFrame(
        {
            "who": ["CHN", None, None, "CHN"],
            "period_year": [2020.0, 2020.0, 2021.0, 2021.0],
            "value": pd.array([10, 1, 3, None], dtype="Int64"),
        }
    )
    out = panel_change(frame, "who", 2020, 2021, year="period_year", value="value")
    assert out["who"].isna().tolist() == [False, True]  # a missing key is a group, not dropped
    assert out["reason"].tolist() == ["no value for 2021", ""]
    assert out["fold_change"].iloc[1] == 3.0
    single = pd.DataFrame({"year": [2001, 2000], "value": [3.0, 2.0]})
    assert panel_yoy(single, [])["yoy"].tolist()[0] == pytest.approx(0.5)
    assert panel_change(single, [], 2000, 2001).to_dict("list") == {
        "start_value": [2.0],
        "end_value": [3.0],
        "intervals": [1],
        "fold_change": [1.5],
        "cagr": [0.5],
        "reason": [""],
    }


def test_panels_of_an_empty_frame() -> None:
    empty = _comtrade().iloc[:0]
    assert panel_yoy(empty, BY).empty
    out = panel_change(empty, BY, 2000, 2003)
    assert out.empty
    assert list(out.columns)[-1] == "reason"


def test_panel_categorical_keys_use_observed_groups_only() -> None:
    frame = pd.DataFrame(
        {
            "r": pd.Categorical(["a", "b"], categories=["a", "b", "c"]),
            "year": [2000, 2001],
            "value": [1.0, 2.0],
        }
    )
    assert panel_change(frame, "r", 2000, 2001)["r"].tolist() == ["a", "b"]


@pytest.mark.parametrize("patch", [{"_SORT_BITS": 0}, {"_MAX_KEY": 2}, {"_SORT_BITS": 0, "_MAX_KEY": 2}])
def test_panel_fallback_paths_give_the_same_answers(monkeypatch: pytest.MonkeyPatch, patch: dict) -> None:
    frame = _comtrade()
    yoy_fast, change_fast = panel_yoy(frame, BY, annualise_gaps=True), panel_change(frame, BY, 2000, 2003)
    for name, value in patch.items():
        monkeypatch.setattr(panel, name, value)
    pd.testing.assert_frame_equal(panel_yoy(frame, BY, annualise_gaps=True), yoy_fast)
    pd.testing.assert_frame_equal(panel_change(frame, BY, 2000, 2003), change_fast)
    with pytest.raises(ArgumentError, match="duplicate rows"):
        panel_yoy(pd.concat([frame, frame.iloc[[0]]]), BY)


# ---------------------------------------------------------------------------------------------
# every error path: exception type and a message fragment
# ---------------------------------------------------------------------------------------------


def _frame(**changes: object) -> pd.DataFrame:
    return pd.DataFrame({"g": ["a", "a", "b"], "year": [2000, 2001, 2000], "value": [1.0, 2.0, 3.0]}).assign(**changes)


@pytest.mark.parametrize("func", [panel_yoy, lambda f, by, **kw: panel_change(f, by, 2000, 2001, **kw)])
@pytest.mark.parametrize(
    ("frame", "by", "kwargs", "fragment"),
    [
        ([1, 2], "g", {}, "must be a pandas DataFrame"),
        (_frame(), "missing", {}, "no column 'missing' in the frame"),
        (_frame(), "g", {"value": "amount"}, "no column 'amount'"),
        (_frame(), ["g", "year"], {}, "used twice"),
        (_frame(), [1], {}, "must be strings"),
        (_frame(g=["a", "a", "a"]), "g", {}, r"duplicate rows .*g='a', year=2000"),
        (_frame(year=["2000", "2001", "2000"]), "g", {}, "must hold integer years"),
        (_frame(year=[2000.5, 2001.0, 2000.0]), "g", {}, "missing or fractional years"),
        (_frame(year=[2000.0, np.nan, 2000.0]), "g", {}, "missing or fractional years"),
        (_frame(year=[0, 2**40, 0]), "g", {}, "spans more than"),
        (_frame(value=["1", "2", "3"]), "g", {}, "must hold numbers"),
        (_frame(value=[1.0, np.inf, 3.0]), "g", {}, "infinite values"),
        (_frame(value=[True, False, True]), "g", {}, "must hold numbers"),
        (_frame(reason=["x"] * 3), "reason", {}, "reason"),
    ],
)
def test_panel_errors(func, frame: object, by: object, kwargs: dict, fragment: str) -> None:
    with pytest.raises(ArgumentError, match=fragment):
        func(frame, by, **kwargs)


def test_panel_specific_errors() -> None:
    with pytest.raises(ArgumentError, match="end year 2000 must be after start year 2001"):
        panel_change(_frame(), "g", 2001, 2000)
    with pytest.raises(ArgumentError, match="single year"):
        panel_change(_frame(), "g", pd.Series([2000]), 2001)
    with pytest.raises(ArgumentError, match="already has a 'yoy' column"):
        panel_yoy(_frame(yoy=[0.0] * 3), "g")
    with pytest.raises(ArgumentError, match="'start_value' has the name of an output column"):
        panel_change(_frame(start_value=["x"] * 3), "start_value", 2000, 2001)
    doubled = pd.concat([_frame(), _frame()[["g"]]], axis=1)
    with pytest.raises(ArgumentError, match="two columns with the same name"):
        panel_change(doubled, "g", 2000, 2001)
