"""Markdown for readers: the one place where the package's sentences become rendered Markdown.

JupyterLab, GitHub and nbconvert's HTML export treat ``$…$`` as inline maths, so two currency
amounts in one sentence ("US$60.8 million … US$34.0 million") render as garbled italics. Every
Markdown the package emits goes through ``escape`` (``$`` -> ``\\$``, which all three render as a
literal dollar sign); notebooks display sentences with ``md(text)``.
"""

from __future__ import annotations

import re
from typing import Any

from analysis.errors import ArgumentError

_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


def escape(text: str) -> str:
    r"""``text`` with every unescaped ``$`` escaped, so that Markdown renderers show it literally.

    >>> escape("from US$60.8 million to US$5.08 billion")
    'from US\\$60.8 million to US\\$5.08 billion'
    >>> escape(escape("US$1"))  # idempotent
    'US\\$1'
    """
    if not isinstance(text, str):
        raise ArgumentError(f"text must be a string, got {type(text).__name__}")
    return _UNESCAPED_DOLLAR.sub(r"\\$", text)


def md(text: str) -> Any:
    """An IPython ``Markdown`` object of ``text`` with currency escaped (for ``display`` in notebooks)."""
    from IPython.display import Markdown

    return Markdown(escape(text))
