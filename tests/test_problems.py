"""The one problem log: bulk and single adds, duplicates naming the other lines, dedupe, sort, DataError."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import DataError, Problem, RowProblem
from analysis.problems import MAX_OTHERS, REJECTED_COLUMNS, ProblemLog


def test_empty_log_has_an_empty_rejected_frame_and_raises_nothing():
    log = ProblemLog("f.csv")
    frame = log.frame()
    assert list(frame.columns) == REJECTED_COLUMNS == ["line", "column", "value", "reason"]
    assert frame.empty
    assert frame["line"].dtype == "int64"
    assert len(log) == 0 and log.problems() == []
    log.raise_if_any()  # nothing to raise


def test_bulk_and_single_adds_are_sorted_by_line_then_column_with_the_file_first():
    log = ProblemLog("f.csv")
    log.add(np.array([9, 3]), "year", ["20x9", "19"], "a year such as 2019")
    log.add_one(3, "partner", "886", "a known code")
    log.add_one(None, None, None, "a well-formed file")
    log.add(np.array([3]), None, None, ["22 fields like the header"])
    rejected = log.frame()
    assert rejected[["line", "column", "value"]].astype(object).where(rejected.notna(), None).to_numpy().tolist() == [
        [0, None, None],  # the file as a whole: line 0 in the frame
        [3, None, None],
        [3, "partner", "886"],
        [3, "year", "19"],
        [9, "year", "20x9"],
    ]
    assert rejected.dtypes.astype(str).tolist() == ["int64", "str", "str", "str"]
    lines = [p.line for p in log.problems()]
    assert lines == [None, 3, 3, 3, 9]


def test_identical_problems_are_reported_once():
    log = ProblemLog("f.csv")
    for _ in range(3):
        log.add_one(4, "flow", "exports", "one of export, import")
    log.add(np.array([4, 5]), "flow", ["exports", "exports"], "one of export, import")
    assert [(p.line, p.column) for p in log.problems()] == [(4, "flow"), (5, "flow")]
    assert len(log.frame()) == 2


def test_error_keeps_the_data_error_message_and_problems():
    log = ProblemLog("f.csv")
    log.add_one(3, "year", "1850", "a whole year between 1900 and 2026")
    log.add_one(2, "value", "-5", "a positive number")
    err = log.error()
    assert isinstance(err, DataError)
    assert err.problems == [
        Problem("f.csv", 2, "value", "-5", "a positive number"),
        Problem("f.csv", 3, "year", "1850", "a whole year between 1900 and 2026"),
    ]
    assert str(err) == str(DataError(err.problems))
    assert str(err).startswith("2 problems in input data:\n  f.csv, line 2, column 'value': got '-5'")
    with pytest.raises(DataError) as info:
        log.raise_if_any()
    assert info.value.problems == err.problems


def test_append_takes_problems_of_this_file_only():
    log = ProblemLog("f.csv")
    log.extend([Problem("f.csv", 2, "a", "x", "y")])
    assert log.problems() == [Problem("f.csv", 2, "a", "x", "y")]
    with pytest.raises(ValueError, match=r"a problem of 'g\.csv' in the log of 'f\.csv'"):
        log.append(Problem("g.csv", 2, "a", "x", "y"))


def test_row_logs_give_row_problems_and_a_limit_counts_the_rest_last():
    log = ProblemLog("dots.parquet", unit="row")
    log.add(np.arange(30), "year", [str(v) for v in range(30)], "a year", limit=20)
    log.add_one(0, "flow", "Exports", "one of export, import")
    problems = log.problems()
    assert all(isinstance(p, RowProblem) for p in problems)
    assert len(problems) == 22
    assert str(problems[0]).startswith("dots.parquet, row 0, column 'flow'")
    assert str(problems[-1]) == "dots.parquet, column 'year'; expected a year (10 more rows fail, not listed)"
    with pytest.raises(TypeError, match="one reason"):
        log.add(np.arange(30), "year", None, ["a"] * 30, limit=20)


def test_clear_forgets_everything():
    log = ProblemLog("f.csv")
    log.add_one(2, None, None, "x")
    log.clear()
    assert len(log) == 0 and log.frame().empty


# --------------------------------------------------------------------------------------------
# Duplicate keys
# --------------------------------------------------------------------------------------------


def keys_frame(rows: list[tuple[int, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["year", "partner"]).astype({"year": "int64", "partner": "str"})


def test_each_duplicate_names_the_other_line():
    keys = keys_frame([(2019, "BLR"), (2019, "RUS"), (2019, "BLR")])
    log = ProblemLog("f.csv")
    dup = log.add_duplicates(keys, np.array([2, 3, 5]), "a unique year/partner", "the same is on {where}")
    assert dup.tolist() == [True, False, True]
    got = [(p.line, p.column, p.value, p.expected) for p in log.problems()]
    assert got == [
        (2, "year+partner", "2019/BLR", "a unique year/partner (the same is on line 5)"),
        (5, "year+partner", "2019/BLR", "a unique year/partner (the same is on line 2)"),
    ]


def test_three_copies_name_both_others_and_many_copies_are_cut_short():
    keys = keys_frame([(2019, "BLR")] * 3 + [(2020, "CHN")] * 9)
    lines = np.arange(2, 14)
    log = ProblemLog("f.csv")
    log.add_duplicates(keys, lines, "one row per key", "the same is on {where}; keeping both would count it twice")
    reasons = {p.line: p.expected for p in log.problems()}
    assert reasons[3] == "one row per key (the same is on lines 2, 4; keeping both would count it twice)"
    first_of_nine = reasons[5]
    assert first_of_nine.startswith("one row per key (the same is on lines 6, 7, 8, 9, 10 ...; keeping")
    assert reasons[13].count(",") == MAX_OTHERS - 1 and "13" not in reasons[13]


def test_integer_codes_give_the_same_report_as_the_key_columns():
    rng = np.random.default_rng(7)
    years, partners = rng.integers(2000, 2004, 200), rng.choice(["A", "B"], 200)
    keys = keys_frame([(int(y), str(p)) for y, p in zip(years, partners, strict=True)])
    lines = np.arange(2, 202)
    by_columns, by_codes, by_sparse_codes = ProblemLog("f.csv"), ProblemLog("f.csv"), ProblemLog("f.csv")
    codes = keys["year"].to_numpy() * 2 + (keys["partner"] == "B").to_numpy()
    by_columns.add_duplicates(keys, lines, "unique")
    by_codes.add_duplicates(keys, lines, "unique", codes=codes)
    by_sparse_codes.add_duplicates(keys, lines, "unique", codes=codes * (1 << 30))  # too wide to count in an array
    assert by_columns.problems() == by_codes.problems() == by_sparse_codes.problems()
    assert len(by_columns.problems()) == 200


def test_no_duplicates_leaves_lazy_lines_alone():
    class Untouchable:
        def __getitem__(self, key: object) -> np.ndarray:
            raise AssertionError("lines were worked out without a duplicate")

    log = ProblemLog("f.csv")
    keys = keys_frame([(2019, "BLR"), (2020, "BLR")])
    assert not log.add_duplicates(keys, Untouchable(), "unique").any()  # type: ignore[arg-type]
    assert not log.add_duplicates(keys, Untouchable(), "unique", codes=np.array([1, 2])).any()  # type: ignore[arg-type]
    assert not log.add_duplicates(keys.iloc[:1], Untouchable(), "unique").any()  # type: ignore[arg-type]
    assert len(log) == 0


def test_duplicate_rows_of_a_parquet_are_listed_up_to_a_limit():
    keys = keys_frame([(2019, "BLR")] * 30)
    log = ProblemLog("m.parquet", unit="row")
    log.add_duplicates(keys, np.arange(30), "a unique year+partner", limit=20)
    problems = log.problems()
    assert [p.line for p in problems[:20]] == list(range(20))
    assert "the same is on rows 1, 2, 3, 4, 5 ..." in problems[0].expected
    assert str(problems[-1]).endswith("a unique year+partner (10 more duplicate rows, not listed)")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(2000, 2003), st.sampled_from(["A", "B", "C"])), min_size=0, max_size=40))
def test_every_repeated_key_is_reported_on_each_of_its_lines_and_names_only_lines_with_that_key(rows):
    keys = keys_frame(rows)
    lines = np.arange(2, 2 + len(rows)) * 2  # any increasing line numbers (e.g. with blank lines between)
    log = ProblemLog("f.csv")
    dup = log.add_duplicates(keys, lines, "unique")
    expected = keys.duplicated(keep=False).to_numpy() if len(rows) else np.zeros(0, dtype=bool)
    assert dup.tolist() == expected.tolist()
    problems = log.problems()
    assert sorted(p.line for p in problems) == sorted(lines[expected].tolist())
    line_key = {int(line): tuple(row) for line, row in zip(lines, rows, strict=True)}
    for p in problems:
        named = [int(x) for x in p.expected.split("on line")[1].strip("s )").replace(" ...", "").split(", ")]
        assert p.line not in named
        assert all(line_key[x] == line_key[p.line] for x in named)
        assert p.value == f"{line_key[p.line][0]}/{line_key[p.line][1]}"
