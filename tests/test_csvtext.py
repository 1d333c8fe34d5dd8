"""Physical line numbers and decoding: what a person sees in an editor, whatever the line ends."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.csvtext import (
    CsvSyntaxError,
    RecordLines,
    count_lines,
    csv_records,
    decode,
    decode_head,
    is_utf8,
    line_at,
    record_lines,
    text_lines,
)
from analysis.errors import DataError


def test_quoted_newlines_blank_lines_and_crlf():
    text = 'a,b\r\n1,2\r\n\r\n"x\r\ny",3\r\n   \r\n4,5\r\n'
    # header 1, record 2, blank 3, a record over lines 4-5, spaces only 6, record 7
    assert record_lines(text).tolist() == [2, 4, 7]
    assert len(pd.read_csv(io.StringIO(text), dtype=str)) == 3


def test_lone_cr_and_mixed_line_ends_count_one_line_each():
    assert record_lines("a,b\r1,2\r\r3,4\n5,6\r\n7,8").tolist() == [2, 4, 5, 6]


def test_a_quoted_empty_line_is_a_record_not_a_blank_line():
    text = 'a,b\n1,2\n""\n3,4\n'
    assert record_lines(text).tolist() == [2, 3, 4]
    assert len(pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)) == 3


def test_csv_records_give_start_line_fields_and_blank():
    got = list(csv_records(text_lines('h\n\n"a\nb"\n \t\nc\n')))
    assert got == [(1, ["h"], False), (2, [], True), (3, ["a\nb"], False), (5, [" \t"], True), (6, ["c"], False)]
    assert [line for line, _, _ in csv_records(["x\n", "y\n"], first_line=10)] == [10, 11]


def test_a_record_the_csv_module_cannot_split_names_its_line():
    text = "h\nok\n" + '"' + "x" * (csv.field_size_limit() + 10) + '"\n'
    with pytest.raises(CsvSyntaxError) as info:
        list(csv_records(text_lines(text)))
    assert info.value.line == 3
    assert "field larger than field limit" in info.value.message
    lines = RecordLines(text.encode(), "big.csv")
    with pytest.raises(DataError, match=r"big\.csv, line 3; expected well-formed CSV \(field larger"):
        lines[0]


def test_record_lines_are_lazy_and_indexable_like_the_frame():
    unreadable = RecordLines(b'h\n"' + b"x" * (csv.field_size_limit() + 1) + b'"\n', "big.csv")
    assert unreadable.line(None) is None  # nothing is worked out before a line is needed
    with pytest.raises(DataError, match=r"big\.csv, line 2; expected well-formed CSV"):
        unreadable.line(0)  # and a failure to work them out is reported, not turned into "no line"
    raw = b"a,b\n1,2\n\n3,4\n"
    lines = RecordLines(raw, "f.csv")
    assert lines[1] == 4
    assert lines[pd.Series([True, True]).to_numpy()].tolist() == [2, 4]
    assert lines.line(0) == 2 and lines.line(9) is None and lines.line(None) is None
    assert len(lines) == 2


def test_line_at_counts_every_kind_of_line_end():
    data = b"a\r\nb\rc\nd"
    assert [line_at(data, data.index(ch)) for ch in b"abcd"] == [1, 2, 3, 4]
    assert line_at("x\ny", 2) == 2


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=30).map(lambda b: bytes(b"a\r\n"[x % 3] for x in b)), block=st.integers(1, 8))
def test_count_lines_counts_like_an_editor_across_block_boundaries(tmp_path_factory, raw: bytes, block: int):
    path = tmp_path_factory.mktemp("lines") / "f.csv"
    path.write_bytes(raw)
    ends = len(re.findall(rb"\r\n|\r|\n", raw))
    expected = ends + (1 if raw and raw[-1:] not in (b"\r", b"\n") else 0)
    assert count_lines(path, block) == count_lines(path) == expected


def test_decode_utf8_with_bom_and_report_undecodable_bytes_at_their_line():
    assert decode("\ufeffa,b\n".encode(), "f.csv") == ("a,b\n", "utf-8")
    raw = b"h\r\nok\r\nCaf\xe9\r\n"
    with pytest.raises(DataError, match=r"f\.csv, line 3: got 'e9'; expected UTF-8 text"):
        decode(raw, "f.csv")
    assert decode(raw, "f.csv", fallback="latin-1") == ("h\r\nok\r\nCafé\r\n", "latin-1")


def test_decode_head_cut_inside_a_character():
    raw = "Côte".encode()
    assert decode_head(raw[:2]) == "C"  # the cut 'ô' is dropped, not decoded as Latin-1
    assert decode_head(b"Caf\xe9 au lait") == "Café au lait"


def test_is_utf8(tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes("Côte d'Ivoire\n".encode())
    bad.write_bytes("Côte d'Ivoire\n".encode("latin-1"))
    assert is_utf8(good) and not is_utf8(bad)


# --------------------------------------------------------------------------------------------
# Property: the line of each record is the physical line where it starts, as pandas sees rows
# --------------------------------------------------------------------------------------------

cell = st.text(alphabet='ab ,"\n\r', max_size=5)
line_end = st.sampled_from(["\n", "\r\n", "\r"])


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(cell, cell), min_size=1, max_size=12),
    eol=line_end,
    blanks=st.lists(st.sampled_from(["", "  ", "\t"]), max_size=12),
    blank_at=st.lists(st.booleans(), min_size=12, max_size=12),
)
def test_record_lines_match_the_physical_lines_and_pandas_rows(rows, eol, blanks, blank_at):
    """Records with quotes, commas and line breaks inside values, blank lines anywhere, each line end.

    One line end per file (a lone CR followed by an empty line would be a CRLF); values hold any.
    """
    parts = ["x,y" + eol]
    line = 2
    expected = []
    blank = iter(blanks)
    for i, (a, b) in enumerate(rows):
        if blank_at[i]:
            filler = next(blank, "")
            parts.append(filler + eol)
            line += 1
        text = ",".join('"' + f.replace('"', '""') + '"' for f in (a, b))  # quoted: never a blank line
        expected.append(line)
        # the physical lines a record spans: one, plus one per line break inside its values
        line += 1 + len(re.findall(r"\r\n|\r|\n", text))
        parts.append(text + eol)
    text = "".join(parts)
    assert record_lines(text).tolist() == expected
    frame = pd.read_csv(io.StringIO(text, newline=""), dtype=str, keep_default_na=False, na_filter=False)
    assert len(frame) == len(expected)
