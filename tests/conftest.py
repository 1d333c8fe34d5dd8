"""Shared fixtures: tiny files written to a temporary folder, never the bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.contract import columns

TRADE_HEADER = ",".join(columns("trade.csv"))
SOURCES = (
    "source_id,publisher,title,url,published,accessed,quote,reliability,note\n"
    "src-a,Outlet A,,https://a.example/x,2020-01-02,,a quote,high,\n"
    "src-b,Outlet B,,,~2021,,another quote,low,\n"
)


@pytest.fixture
def write_trade(tmp_path: Path):
    """Write a trade CSV (plus a sources.csv beside it) from data lines; return its path."""

    def _write(*lines: str, header: str = TRADE_HEADER, raw: bytes | None = None, name: str = "trade.csv") -> Path:
        (tmp_path / "sources.csv").write_text(SOURCES, encoding="utf-8")
        path = tmp_path / name
        if raw is not None:
            path.write_bytes(raw)
        else:
            path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
        return path

    return _write
