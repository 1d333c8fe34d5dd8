"""``python -m analysis check``: anyone's ledger, against the bundled data, a DOTS pair or their own file."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.__main__ import main
from analysis.claims import check_claims
from analysis.paths import data_file

HEADER = (
    "claim_id,claim,figure,speaker,speaker_country,outlet,published,source_id,metric,value,unit,qualifier,"
    "year_start,year_end,as_of,reporter,check,data_metric,note"
)
SOURCES = (
    "source_id,publisher,title,url,published,accessed,quote,reliability,note\n"
    "my-blog,my blog,My post,https://example.org/post,2026-12-01,,Trade grew 40% in 2020,low,\n"
)
ROWS = [
    "my-2019,Trade reached about $4.5 billion in 2019,about $4.5 billion,me,,my blog,2026-12-01,my-blog,"
    "trade_total,4500000000,USD,about,,2019,,,level,,",
    "my-growth,trade grew 40% in 2020,grew 40%,me,,my blog,2026-12-01,my-blog,trade_growth_pct,40,"
    "% on previous year,exact,2019,2020,,,growth_pct,,",
]


def _ledger(folder: Path, rows: list[str] = ROWS, sources: bool = True) -> Path:
    path = folder / "claims.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    if sources:
        (folder / "sources.csv").write_text(SOURCES, encoding="utf-8")
    return path


def test_a_users_ledger_gets_one_verdict_per_claim(tmp_path: Path, capsys):
    assert main(["check", str(_ledger(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "my-2019: Trade reached about $4.5 billion in 2019" in out
    used = "side used: Belarus's statistics | figure: US$4.481 billion | difference: -0.42% | verdict: consistent"
    assert used in out
    assert "my-growth: trade grew 40% in 2020" in out
    assert "verdict: inconsistent" in out
    assert out.rstrip().endswith("2 claims: 1 consistent, 1 inconsistent. Data: bundled trade.csv.")


def test_check_claims_takes_the_path_of_a_ledger(tmp_path: Path):
    results = check_claims(_ledger(tmp_path)).set_index("claim_id")
    assert results.loc["my-2019", ["verdict", "side"]].tolist() == ["consistent", "BLR"]
    assert results.loc["my-growth", "computed"] == pytest.approx(11.59, abs=0.01)  # China's 2019->2020


def test_any_pair_of_the_dots_matrix(tmp_path: Path, capsys):
    assert main(["check", str(_ledger(tmp_path)), "--reporter", "DEU", "--partner", "FRA"]) == 0
    out = capsys.readouterr().out
    assert "Germany's statistics" in out and "France's statistics" in out
    assert out.rstrip().endswith("Data: bundled IMF DOTS matrix.")


def test_the_users_own_trade_file(tmp_path: Path, capsys):
    trade = tmp_path / "mine"
    trade.mkdir()
    lines = data_file("trade.csv").read_text(encoding="utf-8").splitlines()
    kept = [lines[0], *[line for line in lines[1:] if line.startswith("2019,")]]
    (trade / "trade.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    (trade / "sources.csv").write_text(data_file("sources.csv").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["check", str(_ledger(tmp_path)), "--data", str(trade / "trade.csv")]) == 0
    out = capsys.readouterr().out
    assert "verdict: consistent" in out
    assert "no China-reported total for 2020" in out  # the file holds 2019 only


def test_a_malformed_ledger_lists_every_problem_and_exits_1(tmp_path: Path, capsys):
    rows = [ROWS[0].replace("4500000000,USD,about", "lots,USD,roughly"), ROWS[1].replace("trade_growth_pct", "vibes")]
    assert main(["check", str(_ledger(tmp_path, rows))]) == 1
    err = capsys.readouterr().err
    assert "check failed: 3 problems" in err
    assert "claims.csv, line 2, column 'qualifier': got 'roughly'" in err
    assert "claims.csv, line 2, column 'value': got 'lots'" in err
    assert "claims.csv, line 3, column 'metric': got 'vibes'" in err


def test_a_ledger_without_its_sources_exits_1(tmp_path: Path, capsys):
    assert main(["check", str(_ledger(tmp_path, sources=False))]) == 1
    assert "sources.csv" in capsys.readouterr().err


def test_a_missing_ledger_exits_1(tmp_path: Path, capsys):
    assert main(["check", str(tmp_path / "none.csv")]) == 1
    assert "none.csv" in capsys.readouterr().err


def test_the_readme_example_ledger_runs(tmp_path: Path, capsys):
    import re

    from analysis.paths import repo_root

    readme = (repo_root() / "README.md").read_text(encoding="utf-8")  # type: ignore[operator]
    (block,) = re.findall(r"```csv\n(.*?)```", readme, flags=re.S)
    assert len(block.strip().splitlines()) == 3  # a header and two claims
    (tmp_path / "claims.csv").write_text(block, encoding="utf-8")
    (tmp_path / "sources.csv").write_text(SOURCES, encoding="utf-8")
    assert main(["check", str(tmp_path / "claims.csv")]) == 0
    assert "2 claims:" in capsys.readouterr().out


def test_schema_and_check_problems_are_reported_together(tmp_path: Path):
    from analysis.errors import DataError

    rows = [
        ROWS[0].replace(",about,,2019,", ",roughly,,,"),  # a bad qualifier and a level without its year
        ROWS[1].replace("2020,,,growth_pct", "2020,,RUS,growth_pct"),  # a side outside the pair
    ]
    with pytest.raises(DataError) as exc:
        check_claims(_ledger(tmp_path, rows))
    found = {(p.line, p.column) for p in exc.value.problems}
    assert found == {(2, "qualifier"), (2, "year_end"), (3, "reporter")}
