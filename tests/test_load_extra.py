"""Loaders for events.csv and exchanges.csv: valid files load; bad ones name line, column and expectation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import DataError
from analysis.load import load_events, load_exchanges, load_sources

SOURCES = (
    "source_id,publisher,title,url,published,accessed,quote,reliability,note\n"
    "src-a,Outlet A,,https://a.example/x,2020-01-02,,a quote,high,\n"
    "src-b,Outlet B,,,~2021,,another quote,low,\n"
)
EVENTS_HEADER = "date,date_precision,label,description,category,source_id"
EXCHANGES_HEADER = "as_of,as_of_precision,date_inferred,metric,value,unit,qualifier,source_id,note"
EVENT = "1992-01,month,Diplomatic relations,Relations established.,diplomacy,src-a"
EXCHANGE = "2019,year,false,chinese_students_in_belarus,4000,students,over,src-a,in 2019"


@pytest.fixture
def write(tmp_path: Path):
    """Write ``name`` (with a sources.csv beside it) from a header and data lines; return its path."""

    def _write(name: str, header: str, *lines: str) -> Path:
        (tmp_path / "sources.csv").write_text(SOURCES, encoding="utf-8")
        path = tmp_path / name
        path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
        return path

    return _write


def only_problem(exc: pytest.ExceptionInfo[DataError], column: str):
    found = [p for p in exc.value.problems if p.column == column]
    assert len(found) == 1, exc.value.problems
    return found[0]


# --------------------------------------------------------------------------------------------
# events.csv
# --------------------------------------------------------------------------------------------


def test_valid_events_load_as_text(write):
    frame = load_events(write("events.csv", EVENTS_HEADER, EVENT, "2015-05-12,day,Park visit,Xi visits.,park,src-b"))
    assert list(frame.columns) == EVENTS_HEADER.split(",")
    assert frame["date"].tolist() == ["1992-01", "2015-05-12"]
    assert all(pd.api.types.is_string_dtype(frame[c]) for c in frame.columns)


def test_event_with_a_bad_category(write):
    path = write("events.csv", EVENTS_HEADER, EVENT, "2015-05,month,Visit,Xi visits.,sports,src-a")
    with pytest.raises(DataError, match=r"line 3, column 'category'") as exc:
        load_events(path)
    problem = only_problem(exc, "category")
    assert (problem.file, problem.line, problem.value) == (str(path), 3, "sports")
    assert "one of diplomacy, visit, agreement, park, other" in problem.expected


def test_event_with_an_unknown_precision(write):
    with pytest.raises(DataError) as exc:
        load_events(write("events.csv", EVENTS_HEADER, "2015-05,week,Visit,Xi visits.,visit,src-a"))
    found = [p for p in exc.value.problems if p.column == "date_precision"]
    assert {p.line for p in found} == {2}
    assert any("one of year, month, day" in p.expected for p in found)
    assert "line 2, column 'date_precision': got 'week'" in str(exc.value)


def test_event_precision_must_match_the_date(write):
    with pytest.raises(DataError) as exc:
        load_events(write("events.csv", EVENTS_HEADER, EVENT, "2015-05-12,month,Visit,Xi visits.,visit,src-a"))
    (problem,) = exc.value.problems  # reported once for the row, not once per column
    assert (problem.line, problem.column, problem.value) == (3, "date_precision", "month")
    assert "date_precision must match the length of date" in problem.expected


def test_event_with_an_unresolved_source(write):
    path = write("events.csv", EVENTS_HEADER, EVENT, "2015-05,month,Visit,Xi visits.,visit,src-zzz")
    with pytest.raises(DataError, match=r"line 3, column 'source_id'") as exc:
        load_events(path)
    problem = only_problem(exc, "source_id")
    assert (problem.line, problem.value) == (3, "src-zzz")
    assert "listed in" in problem.expected and "sources.csv" in problem.expected


def test_event_label_longer_than_60_characters(write):
    label = "x" * 61
    with pytest.raises(DataError) as exc:
        load_events(write("events.csv", EVENTS_HEADER, f"1992-01,month,{label},Relations.,diplomacy,src-a"))
    problem = only_problem(exc, "label")
    assert problem.line == 2
    assert "1-60 characters" in problem.expected


def test_duplicate_event_names_both_lines(write):
    with pytest.raises(DataError) as exc:
        load_events(write("events.csv", EVENTS_HEADER, EVENT, EVENT))
    assert sorted(p.line for p in exc.value.problems) == [2, 3]


def test_every_event_problem_is_reported_at_once(write):
    with pytest.raises(DataError) as exc:
        load_events(write("events.csv", EVENTS_HEADER, EVENT, "1992-01,month,,Relations.,sports,src-zzz"))
    assert {(p.line, p.column) for p in exc.value.problems} == {(3, "label"), (3, "category"), (3, "source_id")}


# --------------------------------------------------------------------------------------------
# exchanges.csv
# --------------------------------------------------------------------------------------------


def test_valid_exchanges_load_with_explicit_dtypes(write):
    second = "2019-03,month,true,chinese_students_in_belarus,3300,students,nearly,src-b,"
    frame = load_exchanges(write("exchanges.csv", EXCHANGES_HEADER, EXCHANGE, second))
    assert list(frame.columns) == EXCHANGES_HEADER.split(",")
    assert frame["value"].dtype == "float64"
    assert frame["date_inferred"].dtype == "bool"
    assert frame["date_inferred"].tolist() == [False, True]
    assert frame["value"].tolist() == [4000.0, 3300.0]


def test_exchange_with_a_bad_precision(write):
    path = write("exchanges.csv", EXCHANGES_HEADER, EXCHANGE, "2019-03,year,false,x_count,1,students,exact,src-a,")
    with pytest.raises(DataError, match=r"line 3, column 'as_of_precision'") as exc:
        load_exchanges(path)
    problem = only_problem(exc, "as_of_precision")
    assert (problem.line, problem.value) == (3, "year")
    assert "as_of_precision must match the length of as_of" in problem.expected


def test_exchange_with_an_unknown_precision_and_qualifier(write):
    with pytest.raises(DataError) as exc:
        load_exchanges(write("exchanges.csv", EXCHANGES_HEADER, "2019,annual,false,x_count,1,students,roughly,src-a,"))
    found = {(p.line, p.column) for p in exc.value.problems}
    assert {(2, "as_of_precision"), (2, "qualifier")} <= found


def test_exchange_with_an_unresolved_source(write):
    path = write("exchanges.csv", EXCHANGES_HEADER, EXCHANGE, "2019,year,false,x_count,1,students,exact,nope,")
    with pytest.raises(DataError, match=r"line 3, column 'source_id'") as exc:
        load_exchanges(path)
    problem = only_problem(exc, "source_id")
    assert (problem.line, problem.value) == (3, "nope")


def test_exchange_with_a_negative_value_and_bad_flag(write):
    with pytest.raises(DataError) as exc:
        load_exchanges(write("exchanges.csv", EXCHANGES_HEADER, "2019,year,maybe,x_count,-1,students,exact,src-a,"))
    assert {(p.line, p.column) for p in exc.value.problems} == {(2, "date_inferred"), (2, "value")}


def test_exchanges_sources_can_be_passed_as_a_frame(tmp_path: Path):
    path = tmp_path / "exchanges.csv"
    path.write_text(EXCHANGES_HEADER + "\n" + EXCHANGE + "\n", encoding="utf-8")
    assert len(load_exchanges(path, sources=pd.DataFrame({"source_id": ["src-a"]}))) == 1


def test_missing_sources_file_is_reported(tmp_path: Path):
    path = tmp_path / "events.csv"
    path.write_text(EVENTS_HEADER + "\n" + EVENT + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"a sources\.csv next to events\.csv"):
        load_events(path)


# --------------------------------------------------------------------------------------------
# the bundled files
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load_events()


@pytest.fixture(scope="module")
def exchanges() -> pd.DataFrame:
    return load_exchanges()


def test_bundled_events_cover_the_milestones(events):
    by_date = events.set_index("date")
    assert by_date.loc["1992-01", "category"] == "diplomacy"
    assert by_date.loc["1992-01", "source_id"] == "article-2023-03-03"
    assert by_date.loc["2015-05-12", "category"] == "park"
    assert "Samarkand" in by_date.loc["2022-09", "description"]
    visits_2023 = events[(events["date"] == "2023-03-01") & (events["category"] == "visit")]
    assert len(visits_2023) == 1
    assert events["date"].is_monotonic_increasing


def test_bundled_events_day_only_where_a_source_gives_it(events):
    # the article gives January 1992, May 2015 and "last September" (2022) without a day
    assert set(events.loc[events["date"].str.startswith(("1992", "2022-09")), "date_precision"]) == {"month"}


def test_bundled_exchanges_keep_the_three_student_figures_of_2019(exchanges):
    students = exchanges[exchanges["metric"] == "chinese_students_in_belarus"].set_index("as_of")
    assert students.loc[["2019-02", "2019-03", "2019"], "value"].tolist() == [2000.0, 3300.0, 4000.0]
    assert students.loc[["2019-02", "2019-03", "2019"], "qualifier"].tolist() == ["over", "nearly", "over"]
    article = students.loc["2023-03"]
    assert (article["value"], article["qualifier"], article["source_id"]) == (7000.0, "over", "article-2023-03-03")


def test_bundled_exchanges_carry_the_article_figures(exchanges):
    article = exchanges[exchanges["source_id"] == "article-2023-03-03"].set_index("metric")
    assert article.loc["confucius_institutes_count", "value"] == 6
    assert article.loc["confucius_classrooms_count", "value"] == 2
    assert article.loc["lukashenko_visit_ordinal", "value"] == 13
    assert article.loc["translation_contest_edition", "as_of"] == "2022-12-19"
    undated = article[article["as_of"] == "2023-03"]
    assert undated["date_inferred"].all()  # "at publication"


def test_bundled_exchanges_keep_the_conflicting_visit_count(exchanges):
    thirteenth = exchanges[(exchanges["metric"] == "lukashenko_visit_ordinal") & (exchanges["value"] == 13)]
    assert set(thirteenth["as_of"]) == {"2023-03-01", "2025-06"}


def test_every_bundled_quote_is_in_sources(events, exchanges):
    sources = load_sources().set_index("source_id")
    used = set(events["source_id"]) | set(exchanges["source_id"])
    assert used <= set(sources.index)
    assert (sources.loc[sorted(used), "quote"].str.len() > 0).all()
