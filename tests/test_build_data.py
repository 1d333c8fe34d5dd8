"""scripts/build_data.py: data/ is rebuilt byte for byte from ../shared/data and curation/, every curated
quote is checked where its row says it is, and every failure names the curation file and line."""

from __future__ import annotations

import csv
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SHARED") or ROOT.parent / "shared" / "data")
_spec = importlib.util.spec_from_file_location("build_data", ROOT / "scripts" / "build_data.py")
assert _spec is not None and _spec.loader is not None
build_data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_data)
CurationError = build_data.CurationError

needs_shared = pytest.mark.skipif(
    not (SHARED / "statements" / "NOTES.md").is_file(),
    reason=f"the sourced material is not beside the checkout ({SHARED}); set SHARED=... to run",
)

NOTES = """# Research file

## 3. People

| metric | url | verbatim quote |
|---|---|---|
| students | https://a.example/students | In 2011, about 2,000 Chinese students studied here. |

## 4. Institutes

| metric | url | verbatim quote |
|---|---|---|
| institutes | https://b.example/ci | The sixth Confucius Institute was established here. |
| other | https://c.example/other | A different quote on another row. |
"""
STATEMENTS = (
    "year,reporter,partner,flow,value_usd,source_outlet,source_date,source_url,quote,reliability\n"
    "2022,CHN,BLR,total,5080000000,Outlet A,2023-01-13,https://a.example/x,Trade reached $5.08 billion.,high\n"
    "2022,CHN,BLR,total,5080000000,Outlet B,~2023-02,https://b.example/y,Trade was 5.08 billion dollars.,medium\n"
)


@pytest.fixture
def shared(tmp_path: Path):
    """A tiny shared folder (data/statements, seed/) in the layout of ../shared."""
    data = tmp_path / "shared" / "data"
    (data / "statements").mkdir(parents=True)
    (data / "statements" / "NOTES.md").write_text(NOTES, encoding="utf-8")
    (data / "statements" / "trade_statements.csv").write_text(STATEMENTS, encoding="utf-8")
    (tmp_path / "shared" / "seed").mkdir()
    seed = "On March 1, President Xi Jinping held talks\nwith Belarusian President   Alexander Lukashenko.\n"
    (tmp_path / "shared" / "seed" / "article-2023-03-03.txt").write_text(seed, encoding="utf-8")
    return build_data.Shared(data)


# --- the quote check --------------------------------------------------------------------------------------------


def test_a_seed_quote_matches_across_line_breaks_and_runs_of_spaces(shared):
    quote = "held talks with Belarusian President Alexander Lukashenko"
    assert shared.find(quote, build_data.SEED, "", "curation/events.csv, line 2") is None


@pytest.mark.parametrize(
    "tampered",
    [
        "held talks with Belarusian President Aleksandr Lukashenko",  # one word changed
        "held talks with belarusian President Alexander Lukashenko",  # case is not normalised
        "held talks with Belarusian President Alexander Lukashenko.!",  # punctuation is not normalised
    ],
)
def test_a_tampered_seed_quote_stops_with_file_line_and_quote(shared, tampered):
    with pytest.raises(CurationError) as err:
        shared.find(tampered, build_data.SEED, "", "curation/events.csv, line 7")
    assert str(err.value).startswith("curation/events.csv, line 7: quote not found verbatim in ../seed/")
    assert repr(tampered) in str(err.value)


def test_a_notes_quote_must_be_on_the_table_row_of_its_url_in_its_section(shared):
    quote, url = "The sixth Confucius Institute was established here.", "https://b.example/ci"
    assert shared.find(quote, build_data.NOTES, "section=4", "here", url) is None
    with pytest.raises(CurationError, match=r"^here: quote not found verbatim in statements/NOTES.md \(section=3"):
        shared.find(quote, build_data.NOTES, "section=3", "here", url)  # another section
    with pytest.raises(CurationError, match=r"on the row of https://c\.example/other"):
        shared.find(quote, build_data.NOTES, "section=4", "here", "https://c.example/other")  # another row


def test_a_statement_is_found_by_its_key_and_quote(shared):
    key = "year=2022 reporter=CHN flow=total value_usd=5080000000"
    row = shared.find("Trade  was 5.08 billion\ndollars.", build_data.TRADE, key, "here")
    assert row["source_outlet"] == "Outlet B"


@pytest.mark.parametrize(
    ("key", "quote"),
    [
        ("year=2021 reporter=CHN", "Trade reached $5.08 billion."),  # no row with that key
        ("year=2022 reporter=CHN", "Trade reached $5.08 billion!"),  # tampered quote
        ("", "Trade"),  # a fragment is not the statement's quote
    ],
)
def test_a_statement_that_is_not_there_stops_the_build(shared, key, quote):
    with pytest.raises(CurationError, match=r"^curation/claims.csv, line 4: 0 rows of statements/trade_statements"):
        shared.find(quote, build_data.TRADE, key, "curation/claims.csv, line 4")


def test_an_empty_quote_is_refused(shared):
    with pytest.raises(CurationError, match="line 3: empty quote"):
        shared.find(" \n", build_data.SEED, "", "curation/park.csv, line 3")


def test_a_missing_shared_folder_or_file_is_named(tmp_path, shared):
    with pytest.raises(CurationError, match=r"shared material not found at .*--shared"):
        build_data.Shared(tmp_path / "nowhere")
    with pytest.raises(CurationError, match=r"^here: README\.md not found in "):
        shared.find("x", "README.md", "", "here")


# --- values ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dollars"),
    [
        ("27.731000000000002", "27731000"),
        ("39.696999999999996", "39697000"),  # today's 39696999.99999999
        ("2129.4805999999999", "2129480600"),  # today's 2129480599.9999998
        ("70.243999999999943", "70244000"),  # a few units in the last place off the decimal value
        ("136.21799899999999", "136217999"),
    ],
)
def test_imf_millions_become_whole_dollars(text, dollars):
    assert build_data.dollars(text, "here", millions=True) == dollars


@given(st.integers(min_value=1, max_value=10**13))
def test_any_whole_dollar_amount_survives_the_workbooks_17_digit_doubles(n):
    assert build_data.dollars(format(n / 1e6, ".17g"), "here", millions=True) == str(n)


@given(st.integers(min_value=0, max_value=10**11))
def test_a_real_fraction_of_a_dollar_stops_the_build(n):
    with pytest.raises(CurationError, match="is not a whole number of dollars"):
        build_data.dollars(format((n + 0.5) / 1e6, ".17g"), "imf, line 2, column 1994", millions=True)


def test_statement_dollars_are_integers_without_point_zero():
    assert build_data.dollars("5080000000", "here") == "5080000000"
    with pytest.raises(CurationError, match=r"^here: '5080000000.5' is not a whole number of dollars"):
        build_data.dollars("5080000000.5", "here")
    with pytest.raises(CurationError, match=r"^here: 'n/a' is not a number"):
        build_data.dollars("n/a", "here")


@pytest.mark.parametrize("text", ["2000", "134.1", "-22", "0.5"])
def test_plain_numbers_pass(text):
    assert build_data.number(text, "here") == text


@pytest.mark.parametrize("text", ["2000.0", "007", "1e3", "", "2,000"])
def test_counts_written_as_floats_or_oddly_stop_the_build(text):
    with pytest.raises(CurationError, match=r"^curation/exchanges.csv, line 9: value .* is not a plain number"):
        build_data.number(text, "curation/exchanges.csv, line 9")


def test_a_date_must_be_a_partial_iso_date():
    assert [build_data.precision(d, "x") for d in ["2023", "2023-03", "2023-03-01"]] == ["year", "month", "day"]
    with pytest.raises(CurationError, match=r"^curation/events.csv, line 5: date '2023-3' is not YYYY"):
        build_data.precision("2023-3", "curation/events.csv, line 5")


# --- curation files ----------------------------------------------------------------------------------------------


def test_rows_carry_their_physical_line_even_after_a_multi_line_field(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('a,b\n1,"two\nlines"\n3,x\n', encoding="utf-8")
    assert [where for where, _ in build_data.read_csv(path, "curation/x.csv")] == [
        "curation/x.csv, line 2",
        "curation/x.csv, line 4",
    ]


def test_a_curation_file_with_other_columns_or_a_ragged_row_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,c\n1,2\n", encoding="utf-8")
    with pytest.raises(CurationError, match=r"^curation/x.csv, line 1: columns \['a', 'c'\], expected \['a', 'b'\]"):
        build_data.read_csv(path, "curation/x.csv", ["a", "b"])
    path.write_text("a,b\n1,2\n1,2,3\n", encoding="utf-8")
    with pytest.raises(CurationError, match=r"^curation/x.csv, line 3: expected 2 fields"):
        build_data.read_csv(path, "curation/x.csv", ["a", "b"])
    with pytest.raises(CurationError, match=r"^curation/y.csv: file not found"):
        build_data.read_csv(tmp_path / "y.csv", "curation/y.csv")


def test_statement_ids_are_host_and_date_then_b_c_and_skip_curated_ids(shared):
    book = build_data.Sources({"a-example-2023-01-13": {"url": "", "quote": "q"}})
    rows = [r for _, r in shared.rows(build_data.TRADE)]
    first = dict(rows[0], quote="another quote")
    assert book.statement(rows[0], "here") == "a-example-2023-01-13-b"  # the curated id is reserved
    assert book.statement(first, "here") == "a-example-2023-01-13-c"
    assert book.statement(dict(rows[0]), "here") == "a-example-2023-01-13-b"  # one source per (URL, quote)
    assert book.statement(rows[1], "here") == "b-example-2023-02"
    assert book.rows["b-example-2023-02"]["published"] == "~2023-02"  # inferred dates keep their '~'
    with pytest.raises(CurationError, match=r"^here: source_id 'nope' is not in curation/sources\.csv"):
        book.cite("nope", "here")


# --- the whole build (needs the sourced material) ---------------------------------------------------------------


@needs_shared
def test_make_data_reproduces_the_committed_data_byte_for_byte(tmp_path):
    out = tmp_path / "data"
    build_data.build(SHARED, out)
    script = ROOT / "scripts" / "build_datapackage.py"
    subprocess.run([sys.executable, str(script), str(out)], check=True, capture_output=True)
    committed = sorted(p.name for p in (ROOT / "data").iterdir())
    assert sorted(p.name for p in out.iterdir()) == committed
    differ = [name for name in committed if (out / name).read_bytes() != (ROOT / "data" / name).read_bytes()]
    assert differ == [], "data/ is not what `make data` builds from ../shared/data and curation/"


@pytest.fixture
def curation(tmp_path: Path) -> Path:
    """A copy of curation/ to tamper with."""
    return Path(shutil.copytree(ROOT / "curation", tmp_path / "curation"))


def edit(folder: Path, name: str, line: int, **changes: str) -> None:
    """Change fields of the row on 1-based ``line`` of a curation file (no field there spans lines)."""
    with open(folder / name, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows, columns = list(reader), reader.fieldnames
    rows[line - 2].update(changes)
    with open(folder / name, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def quote_on(folder: Path, name: str, line: int, column: str = "quote") -> str:
    with open(folder / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))[line - 2][column]


@needs_shared
@pytest.mark.parametrize(
    ("name", "line", "column"),
    [
        ("park.csv", 2, "quote"),  # a park row from the seed article (checked since this build)
        ("exchanges.csv", 3, "quote"),  # a row citing a NOTES.md quote
        ("exchanges.csv", 50, "quote"),  # a row quoting the seed article
        ("events.csv", 7, "quote"),
        ("claims.csv", 20, "claim"),  # a claim quoted from trade_statements.csv
        ("sources.csv", 3, "quote"),  # a curated source checked against NOTES.md
        ("trade_skips.csv", 2, "quote"),
        ("countries.csv", 2, "quote"),
        ("claims_out_of_scope.csv", 2, "quote"),
    ],
)
def test_a_tampered_curated_quote_stops_the_build_before_anything_is_written(tmp_path, curation, name, line, column):
    tampered = quote_on(curation, name, line, column) + " (tampered)"
    edit(curation, name, line, **{column: tampered})
    with pytest.raises(CurationError) as err:
        build_data.build(SHARED, tmp_path / "out", curation)
    assert str(err.value).startswith(f"curation/{name}, line {line}: ")
    assert repr(tampered) in str(err.value)
    assert not (tmp_path / "out").exists()


@needs_shared
@pytest.mark.parametrize(
    ("name", "line", "changes", "message"),
    [
        ("exchanges.csv", 2, {"source_id": "no-such-source"}, "source_id 'no-such-source' is not in curation/sources"),
        ("claims.csv", 20, {"source_id": "regnum-ru-2012-01-18"}, "the statement's source_id is"),
        ("claims.csv", 20, {"outlet": "Somebody else"}, "outlet and published must be those of source"),
        ("claims.csv", 2, {"value": "60800000.0"}, "value '60800000.0' is not a plain number"),
        ("claims.csv", 2, {"figure": "US$61 million"}, "figure 'US\\$61 million' is not a part of the claim"),
        ("claims_out_of_scope.csv", 2, {"reason": ""}, "must be a part of the quote, with a reason"),
        ("exchanges.csv", 2, {"as_of": "2011-1"}, "date '2011-1' is not YYYY"),
        ("sources.csv", 3, {"source_id": "aa-first"}, "'aa-first' after 'aelogo-cn-2025-06-04'"),
    ],
)
def test_inconsistent_curated_rows_stop_the_build(tmp_path, curation, name, line, changes, message):
    edit(curation, name, line, **changes)
    with pytest.raises(CurationError, match=rf"^curation/{name}, line {line}: .*{message}"):
        build_data.build(SHARED, tmp_path / "out", curation)


@needs_shared
def test_a_curated_source_nobody_cites_is_not_silently_dropped(tmp_path, curation):
    edit(curation, "exchanges.csv", 2, source_id="news-by-2019-02-20", quote=quote_on(curation, "exchanges.csv", 3))
    with pytest.raises(CurationError, match=r"^curation/sources.csv, line \d+: source 'semiramistour-com-2012-03-02'"):
        build_data.build(SHARED, tmp_path / "out", curation)


def test_the_command_line_reports_the_problem_and_fails(tmp_path, capsys):
    assert build_data.main(["--shared", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 1
    assert "build_data: shared material not found at" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("text", "scale", "written"),
    [("5967592.0982", 10**4, "59675920982"), ("376356483.138", 10**4, "3763564831380"), ("13", 1, "13")],
)
def test_gacc_10k_yuan_become_whole_yuan_and_published_numbers_lose_only_a_trailing_zero(text, scale, written):
    assert build_data.exact(text, "here", scale) == written
    assert build_data.exact("18729668435848.0", "here") == "18729668435848"
    assert build_data.exact("-0.764066117400986", "here") == "-0.764066117400986"


def test_a_gacc_value_with_a_digit_beyond_the_unit_or_no_number_stops_the_build():
    with pytest.raises(CurationError, match=r"^here: '1.00001' times 10000 is not a whole number"):
        build_data.exact("1.00001", "here", 10**4)
    with pytest.raises(CurationError, match=r"^here: 'n/a' is not a number"):
        build_data.exact("n/a", "here")
