"""The bundled data: every row sourced, golden values from the sources, nothing written into data/."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from analysis import load_park, load_sources, load_trade
from analysis.paths import data_dir


@pytest.fixture(scope="module")
def trade() -> pd.DataFrame:
    return load_trade()


def test_every_source_id_in_every_table_resolves():
    known = set(load_sources()["source_id"])
    for frame in (load_trade(), load_park()):
        assert set(frame["source_id"]) <= known


def test_imf_backbone_is_complete_and_as_published(trade):
    imf = trade[trade["source_id"].str.startswith("imf-dots")]
    assert len(imf) == 4 * 29  # four series, 1992-2020
    assert set(imf["year"]) == set(range(1992, 2021))
    assert set(imf["valuation"]) == {"FOB", "CIF"}
    exports = imf.set_index(["year", "reporter", "flow"])["value"]
    # values as published, US$ millions x 1e6 (China's exports to Belarus, 1992: 9.02m)
    assert exports[(1992, "CHN", "export")] == pytest.approx(9_020_000.0, abs=1e-6)
    assert exports[(2019, "BLR", "import")] == pytest.approx(3_807_594_800.0, abs=1e-3)


def test_china_reported_1992_total_is_the_article_base(trade):
    chn = trade[(trade["reporter"] == "CHN") & (trade["year"] == 1992) & (trade["period"] == "annual")]
    assert set(chn["flow"]) == {"export", "import"}
    assert chn["value"].sum() == pytest.approx(60.811e6, rel=1e-9)


def test_china_reported_2022_total_is_five_point_oh_eight_billion(trade):
    chn = trade[(trade["reporter"] == "CHN") & (trade["year"] == 2022) & (trade["period"] == "annual")]
    assert set(chn["value"]) == {5.08e9}
    assert len(chn) == 2  # two outlets quote the ambassador's figure


def test_totals_are_not_stored_where_both_flows_are(trade):
    key = ["year", "reporter", "period"]
    flows = trade.groupby(key)["flow"].agg(set)
    both = flows[flows.map(lambda f: {"export", "import"} <= f)]
    assert not any("total" in f for f in both)


def test_part_year_values_are_labelled(trade):
    assert set(trade["period"]) >= {"annual", "Jan-Nov", "Jan-Aug"}


def test_article_park_figures_are_present_with_their_hedge():
    park = load_park()
    article = park[park["source_id"] == "article-2023-03-03"].set_index("metric")
    assert article.loc["residents_count", "value"] == 107
    assert article.loc["net_profit_growth_pct", "value"] == 140
    assert article.loc["declared_investment_usd", "qualifier"] == "over"


def test_article_has_no_url_and_says_so():
    src = load_sources().set_index("source_id").loc["article-2023-03-03"]
    assert src["url"] == ""
    assert "no URL known" in src["note"]


def test_loading_writes_nothing_into_data():
    def digest() -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(data_dir().iterdir())}

    before = digest()
    load_trade()
    load_park()
    load_sources()
    assert digest() == before


@pytest.mark.parametrize("name", ["trade", "park", "sources", "countries", "claims", "events", "exchanges"])
def test_every_bundled_table_passes_the_full_contract_and_the_fast_path_agrees(name):
    import analysis.load as load

    loader = getattr(load, f"load_{name}")
    full = loader(validate=True)  # pandera, sources and country codes: what CI guarantees
    fast = loader()  # the bundled file still matches its recorded hash: typed without re-validating
    pd.testing.assert_frame_equal(full, fast)


def test_an_edited_copy_of_a_bundled_file_is_validated_in_full(tmp_path):
    import shutil

    from analysis import DataError
    from analysis.verified import is_verified

    shutil.copy(data_dir() / "sources.csv", tmp_path / "sources.csv")
    text = (data_dir() / "trade.csv").read_text(encoding="utf-8").replace("imf-dots-chn", "imf-dots-zzz", 1)
    (tmp_path / "trade.csv").write_text(text, encoding="utf-8")
    assert not is_verified(tmp_path / "trade.csv")
    with pytest.raises(DataError, match="imf-dots-zzz"):
        load_trade(tmp_path / "trade.csv")
