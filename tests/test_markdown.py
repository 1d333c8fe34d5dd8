"""Markdown emitted by the package: currency is never read as maths."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import ArgumentError
from analysis.markdown import escape, md


def test_two_amounts_are_both_escaped():
    assert escape("China reports US$60.8 million, Belarus US$34.0 million") == (
        "China reports US\\$60.8 million, Belarus US\\$34.0 million"
    )


@given(st.text())
def test_no_unescaped_dollar_remains_and_escaping_is_idempotent(text):
    out = escape(text)
    assert escape(out) == out
    for i, ch in enumerate(out):
        if ch == "$":
            assert i > 0 and out[i - 1] == "\\"


def test_md_returns_a_displayable_markdown_object():
    obj = md("US$1")
    assert obj._repr_markdown_() == "US\\$1"


def test_non_text_is_an_argument_error():
    with pytest.raises(ArgumentError, match="string"):
        escape(5)  # type: ignore[arg-type]
