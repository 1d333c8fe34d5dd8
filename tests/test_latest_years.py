"""The latest years: GACC in yuan, sourced conversion, months and year-to-date, constant prices, shares of GDP.

Golden values come from the bundled data (GACC bulletin, WDI vintage 2026-07, BLS CPI-U)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import currency, economy, latest, months, prices
from analysis.errors import (
    ArgumentError,
    DataError,
    DeflatorYearError,
    MissingValueError,
    MixedCurrencyError,
    NoRateError,
    PeriodError,
    UnknownCurrencyError,
)
from analysis.load import load_cpi, load_gacc, load_trade, load_wdi
from analysis.paths import data_file


@pytest.fixture(scope="module")
def gacc() -> pd.DataFrame:
    return load_gacc()


@pytest.fixture(scope="module")
def wdi() -> pd.DataFrame:
    return load_wdi()


@pytest.fixture(scope="module")
def cpi() -> pd.DataFrame:
    return load_cpi()


# --- data as published ---------------------------------------------------------------------------------------


def test_gacc_is_stored_in_yuan_as_published(gacc):
    row = gacc[(gacc["period"] == "2025-12") & (gacc["partner"] == "BLR") & (gacc["flow"] == "total")].iloc[0]
    assert row["ytd_value"] == 63_302_042_520  # 6,330,204.252 x 10,000 yuan, exact
    assert row["currency"] == "CNY" and row["ytd_growth_pct"] == 6.1
    assert set(gacc["currency"]) == {"CNY"}


def test_every_bundled_sourced_table_validates_in_full():
    assert len(load_gacc(validate=True)) == 279
    assert len(load_wdi(validate=True)) > 900
    assert len(load_cpi(validate=True)) > 1400


def test_a_gacc_file_with_a_bad_currency_is_a_data_error_naming_line_and_column(tmp_path, gacc):
    path = tmp_path / "gacc_monthly.csv"
    rows = "period,reporter,partner,flow,month_value,ytd_value,currency,ytd_growth_pct,source_id\n"
    rows += "2025-01,CHN,BLR,total,1,1,XXX,1.5,gacc-monthly-rmb\n"
    path.write_text(rows, encoding="utf-8")
    (tmp_path / "sources.csv").write_bytes(data_file("sources.csv").read_bytes())
    with pytest.raises(DataError) as err:
        load_gacc(path)
    assert "line 2, column 'currency'" in str(err.value) and "CNY" in str(err.value)


def test_a_trade_row_with_an_unknown_currency_is_a_data_error(tmp_path):
    trade = load_trade()
    path = tmp_path / "trade.csv"
    head = ",".join(trade.columns)
    path.write_text(head + "\n2024,CHN,BLR,total,100,XYZ,unknown,annual,exact,imf-dots-chn\n", encoding="utf-8")
    (tmp_path / "sources.csv").write_bytes(data_file("sources.csv").read_bytes())
    with pytest.raises(DataError, match=r"line 2, column 'currency': got 'XYZ'; expected an ISO 4217"):
        load_trade(path)


# --- currency --------------------------------------------------------------------------------------------------


def test_golden_full_years_with_belarus_in_yuan_and_in_dollars(gacc, wdi):
    y2024, y2025 = months.full_year(gacc, "BLR", 2024), months.full_year(gacc, "BLR", 2025)
    assert round(y2024 / 1e9, 2) == 59.68 and round(y2025 / 1e9, 2) == 63.30
    c24, c25 = currency.to_usd(y2024, "CNY", 2024, wdi), currency.to_usd(y2025, "CNY", 2025, wdi)
    assert round(c24.usd / 1e9, 3) == 8.291 and round(c25.usd / 1e9, 3) == 8.804
    assert c24.words == "converted at the World Bank's 2024 average of 7.1975 yuan per dollar"
    assert c25.words == "converted at the World Bank's 2025 average of 7.1898 yuan per dollar"


@pytest.mark.parametrize(
    ("code", "year", "period", "error", "match"),
    [
        ("CNY", 2026, "annual", NoRateError, r"no sourced rate for CNY in 2026 \(WDI has 1960-2025\)"),
        ("CNY", 2025, "Jan-Jul", NoRateError, r"period 'Jan-Jul' of 2025: .* annual average"),
        ("EUR", 2024, "annual", NoRateError, "no sourced rate for EUR"),
        ("XYZ", 2024, "annual", UnknownCurrencyError, "unknown currency code 'XYZ'"),
    ],
)
def test_a_conversion_without_a_sourced_rate_raises(wdi, code, year, period, error, match):
    with pytest.raises(error, match=match):
        currency.rate(code, year, wdi, period)


def test_errors_are_argument_errors():
    for err in (NoRateError, UnknownCurrencyError, MixedCurrencyError, PeriodError, DeflatorYearError):
        assert issubclass(err, ArgumentError)


def test_one_series_one_currency():
    assert currency.one_currency(["CNY", "CNY"]) == "CNY"
    with pytest.raises(MixedCurrencyError, match=r"mixes currencies \(CNY, USD\)"):
        currency.one_currency(pd.Series(["USD", "CNY"]))


def test_convert_frame_labels_every_converted_row_and_keeps_the_published_value(wdi):
    frame = pd.DataFrame(
        {"year": [2024, 2020], "period": ["annual"] * 2, "value": [7.1975e9, 5.0], "currency": ["CNY", "USD"]}
    )
    out = currency.convert_frame(frame, wdi)
    assert out["currency"].tolist() == ["USD", "USD"]
    assert out["value"].iloc[0] == pytest.approx(1e9, rel=1e-4) and out["value"].iloc[1] == 5.0
    assert out["value_published"].tolist() == [7.1975e9, 5.0] and out["currency_published"].tolist() == ["CNY", "USD"]
    assert (
        out["conversion"].iloc[0].startswith("converted at the World Bank's 2024") and out["conversion"].iloc[1] == ""
    )
    assert frame["currency"].tolist() == ["CNY", "USD"]  # input untouched
    with pytest.raises(NoRateError):
        currency.convert_frame(frame.assign(year=[2026, 2020]), wdi)


@given(st.floats(1, 1e13), st.sampled_from([2015, 2020, 2024, 2025]))
def test_conversion_divides_by_the_rate(wdi, value, year):
    found = currency.to_usd(value, "CNY", year, wdi)
    assert found.usd * found.rate.per_usd == pytest.approx(value, rel=1e-12)
    assert currency.to_usd(value, "USD", year, wdi).usd == value


# --- months and year-to-date ---------------------------------------------------------------------------------


def test_gacc_printed_2025_growth_against_the_recomputed_one(gacc):
    g = months.ytd_growth(gacc, "BLR", "2025-12")
    assert g.printed == pytest.approx(0.061) and round(g.recomputed, 4) == 0.0608
    assert g.base == 59_675_920_982 and g.currency == "CNY"
    assert g.difference == pytest.approx(g.printed - g.recomputed)
    assert g.revised_base == pytest.approx(g.value / 1.061)
    assert g.label == "full year 2025"


def test_ytd_2026_against_2025_is_in_yuan(gacc):
    g = months.ytd_growth(gacc, "BLR", "2026-07")
    assert g.label == "Jan-Jul 2026" and round(g.recomputed, 3) == 0.257 and g.printed == pytest.approx(0.258)


def test_printed_and_recomputed_differ_by_revised_bases_within_the_sources_bounds(gacc):
    for partner, bound in (("BLR", 0.002), ("RUS", 0.015)):
        diff = months.growth_table(gacc, partner)["difference"].abs()
        assert 0 < diff.max() <= bound + 0.0005  # printed rates have one decimal
    table = months.growth_table(gacc, "BLR")
    assert table["period"].iloc[0] == "2025-01" and table["period"].iloc[-1] == "2026-07"


def test_cumulative_values_are_not_the_sum_of_first_published_months(gacc):
    rev = months.revisions(gacc, "WLD")
    january = rev[rev["period"].str.endswith("-01")]
    assert (january["gap"] == 0).all()  # January: the month is the year-to-date
    assert rev["gap"].abs().max() > 0 and rev["gap"].abs().max() < 0.0065


def test_a_year_without_its_december_is_not_a_full_year(gacc):
    with pytest.raises(PeriodError, match=r"no full year 2026 .* December bulletin \(full years held: 2024, 2025\)"):
        months.full_year(gacc, "BLR", 2026)
    totals = months.annual_totals(gacc, "BLR")
    assert totals["year"].tolist() == [2024, 2025] and set(totals["period"]) == {"annual"}


def test_a_month_asked_to_join_an_annual_series_is_a_period_error():
    frame = pd.DataFrame({"year": [2024, 2025], "period": ["annual", "Jan-Nov"]})
    with pytest.raises(PeriodError, match="got the period 'Jan-Nov'"):
        months.require_annual(frame)
    assert months.require_annual(frame.iloc[:1]) is not None


@pytest.mark.parametrize("period", ["2026-08", "2023-12"])
def test_a_period_without_a_bulletin_is_named(gacc, period):
    with pytest.raises(PeriodError, match=r"no GACC bulletin for .* holds 2024-01 to 2026-07"):
        months.ytd_growth(gacc, "BLR", period)


@pytest.mark.parametrize("period", ["2025-13", "2025", "July"])
def test_a_period_that_is_not_a_month_is_refused(gacc, period):
    with pytest.raises(PeriodError, match="is not a month YYYY-MM"):
        months.ytd_label(period)


def test_an_unknown_partner_is_named(gacc):
    with pytest.raises(PeriodError, match="no total rows for partner 'KAZ'"):
        months.series(gacc, "KAZ")


def test_belarus_and_russia_in_chinas_trade_from_gaccs_own_world_total(gacc):
    blr, rus = months.partner_share(gacc, "BLR", "2025-12"), months.partner_share(gacc, "RUS", "2025-12")
    assert round(blr * 100, 2) == 0.14 and round(rus * 100, 1) == 3.6


# --- constant prices -----------------------------------------------------------------------------------------


def test_a_published_cpi_ratio_is_reproduced(cpi):
    index = prices.cpi_annual(cpi)
    assert index[2022] == 292.655 and index[1992] == 140.3 and index[2025] == 321.943
    assert round(prices.price_ratio(1992, 2022, cpi), 4) == round(292.655 / 140.3, 4) == 2.0859


def test_the_83x_headline_in_constant_dollars(cpi):
    g = prices.real_growth(60.811e6, 1992, 5.08e9, 2022, cpi)
    assert round(g["nominal_multiple"], 2) == 83.54
    assert round(g["real_multiple"], 1) == 40.0  # in constant dollars (CPI-U)
    assert round(g["real_cagr"], 4) == 0.1309 and round(g["nominal_cagr"], 4) == 0.1589


def test_the_gdp_deflator_is_chained_from_wdi_inflation(wdi):
    index = prices.gdp_deflator(wdi, 2022)
    assert index[2022] == 100
    assert index[2022] / index[2021] == pytest.approx(1.0711, abs=1e-4)  # WDI: 7.11 % in 2022
    assert round(prices.price_ratio(1992, 2022, wdi=wdi, kind="gdp_deflator"), 3) == 1.882


def test_deflate_gives_constant_dollars_of_the_base_year(cpi):
    values = pd.Series([100.0, 100.0], index=[1992, 2025])
    out = prices.deflate(values, 2025, cpi)
    assert out[2025] == 100.0 and out[1992] == pytest.approx(100 * 321.943 / 140.3)
    assert values.tolist() == [100.0, 100.0]


@given(st.floats(1, 1e12), st.floats(1, 1e12))
def test_a_real_multiple_is_the_nominal_over_the_price_ratio(cpi, a, b):
    g = prices.real_growth(a, 2000, b, 2020, cpi)
    assert g["real_multiple"] * g["price_ratio"] == pytest.approx(g["nominal_multiple"], rel=1e-9)
    assert (1 + g["real_cagr"]) ** 20 == pytest.approx(g["real_multiple"], rel=1e-9)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (
            lambda c, w: prices.price_ratio(1900, 2022, c),
            DeflatorYearError,
            r"no value for 1900 \(it covers 1913-2025\)",
        ),
        (lambda c, w: prices.price_ratio(2000, 2026, c), DeflatorYearError, "no value for 2026"),
        (lambda c, w: prices.gdp_deflator(w, 1950), DeflatorYearError, "no inflation rate for 1950"),
        (lambda c, w: prices.price_ratio(2000, 2020, c, kind="ppi"), ArgumentError, "unknown price index 'ppi'"),
        (lambda c, w: prices.price_ratio(2000, 2020, None), ArgumentError, "needs cpi=load_cpi"),
        (lambda c, w: prices.price_ratio(2000, 2020, kind="gdp_deflator"), ArgumentError, "needs wdi=load_wdi"),
        (
            lambda c, w: prices.deflate(pd.Series([1.0], index=[2020]), 2020, c, currency="CNY"),
            ArgumentError,
            "only US",
        ),
    ],
)
def test_deflation_errors(cpi, wdi, call, error, match):
    with pytest.raises(error, match=match):
        call(cpi, wdi)


# --- the size of each economy --------------------------------------------------------------------------------


def test_trade_as_a_share_of_gdp_and_of_merchandise_trade_names_both_sources(wdi):
    share = economy.share_of(8.804e9, "BLR", 2025, wdi, "gdp", "China customs (GACC), converted")
    assert round(share.value * 100, 1) == 9.4  # of Belarus's GDP (US$93.4 billion)
    assert share.sources == "trade: China customs (GACC), converted; GDP: World Bank, World Development Indicators"
    merch = economy.share_of(8.804e9, "BLR", 2025, wdi, "merchandise_trade", "GACC")
    assert merch.denominator == 41_395_000_000 + 48_370_000_000


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((1e9, "BLR", 1950, "gdp", "x"), MissingValueError, "no NY.GDP.MKTP.CD for BLR in 1950"),
        ((1e9, "BLR", 2025, "population", "x"), ArgumentError, "unknown denominator 'population'"),
        ((1e9, "BLR", 2025, "gdp", ""), ArgumentError, "name the source"),
    ],
)
def test_share_errors(wdi, args, error, match):
    value, iso3, year, of, source = args
    with pytest.raises(error, match=match):
        economy.share_of(value, iso3, year, wdi, of, source)
    with pytest.raises(ArgumentError, match="needs trade in US dollars"):
        economy.share_of(1.0, "BLR", 2025, wdi, "gdp", "x", currency="CNY")


# --- the latest full year ------------------------------------------------------------------------------------


def test_the_annual_series_reaches_the_latest_full_year_with_its_conversion_stated(gacc, wdi):
    out = latest.annual_to_latest(load_trade(), gacc, wdi)
    tail = out[out["year"] >= 2024]
    assert tail["year"].tolist() == [2024, 2025] and set(out["currency"]) == {"USD"}
    assert tail["currency_published"].tolist() == ["CNY", "CNY"]
    assert tail["value_published"].tolist() == [59_675_920_982, 63_302_042_520]
    assert tail["conversion"].iloc[1] == "converted at the World Bank's 2025 average of 7.1898 yuan per dollar"
    assert (out.loc[out["year"] < 2024, "conversion"] == "").all()
    with pytest.raises(ArgumentError, match="China's statistics, not BLR's"):
        latest.annual_to_latest(load_trade(), gacc, wdi, reporter="BLR")


def test_the_headline_to_the_latest_full_year(gacc, wdi, cpi):
    h = latest.headline(load_trade(), gacc, wdi, cpi)
    assert (h.start, h.end, h.end_currency) == (1992, 2025, "CNY")
    assert h.start_usd == 60_811_000 and h.start_source == "imf-dots-chn"
    assert round(h.growth["nominal_multiple"], 1) == 144.8 and round(h.growth["real_multiple"], 1) == 63.1
    assert h.end_usd == h.converted.usd


def test_recent_statements_are_set_beside_china_customs(gacc, wdi):
    table = latest.statements_vs_customs(load_trade(), gacc, wdi)
    belarus_2025 = table[(table["year"] == 2025) & (table["period"] == "annual")].iloc[0]
    assert belarus_2025["reporter"] == "BLR" and round(belarus_2025["customs_usd"] / 1e9, 2) == 8.80
    assert "BLR's side; customs: China's side" in belarus_2025["note"]
    part = table[table["period"] == "Jan-Nov"].iloc[0]
    assert pd.isna(part["customs_usd"]) and part["customs_cny"] > 0 and "no sourced rate" in part["note"]
    before = table[table["year"] == 2023]
    assert (
        before["customs_cny"].isna().all() and before["note"].str.contains("the GACC table has no bulletin for").all()
    )


def test_the_pair_must_be_in_china_customs_table(gacc):
    assert latest.customs_partner("CHN", "BLR", gacc) == "BLR" == latest.customs_partner("BLR", "CHN", gacc)
    assert latest.comparison_partner(gacc, "BLR") == "RUS" and latest.comparison_partner(gacc, "RUS") == "BLR"
    with pytest.raises(ArgumentError, match="the pair THA-USA is not in it"):
        latest.customs_partner("THA", "USA", gacc)
    with pytest.raises(ArgumentError, match="holds BLR, RUS as partners, not THA"):
        latest.customs_partner("CHN", "THA", gacc)
    with pytest.raises(ArgumentError, match="no partner other than BLR"):
        latest.comparison_partner(gacc[gacc["partner"] != "RUS"], "BLR")


def test_an_annual_series_never_mixes_currencies():
    from analysis.series import annual_series

    trade = load_trade()
    yuan_row = trade[(trade["reporter"] == "CHN") & (trade["year"] == 2020)].iloc[:1].assign(currency="CNY", year=2021)
    mixed = pd.concat([trade, yuan_row], ignore_index=True)
    with pytest.raises(MixedCurrencyError, match=r"CHN's annual series with BLR mixes currencies \(CNY, USD\)"):
        annual_series(mixed, "CHN", "BLR")
    assert len(annual_series(trade, "CHN", "BLR")) > 25


def test_revisions_need_every_earlier_month_of_the_year(gacc):
    gap = gacc[~((gacc["period"] == "2025-03") & (gacc["partner"] == "BLR"))]
    rev = months.revisions(gap, "BLR").set_index("period")
    assert rev.loc["2025-04":"2025-12", "gap"].isna().all() and rev.loc["2025-02", "gap"] > -1
    assert rev.loc["2026-07", "gap"] == pytest.approx(
        months.revisions(gacc, "BLR").set_index("period").loc["2026-07", "gap"]
    )


def test_no_recent_statement_gives_an_empty_table_with_its_columns(gacc, wdi):
    table = latest.statements_vs_customs(load_trade(), gacc, wdi, since=2030)
    assert table.empty and list(table.columns) == latest.COMPARISON_COLUMNS


def test_the_ten_year_tripling_claim_is_computed_on_each_side(gacc, wdi):
    from analysis.load import load_claims

    table = latest.claims_vs_latest(load_claims(), load_trade(), gacc, wdi)
    # totals only: 'doubled its exports' is one flow's claim, not a total
    assert set(table["claim_id"]) == {"snopkov-2026-tripled", "newsby-2025", "zhenguoke-2025"}
    rows = table[table["claim_id"] == "snopkov-2026-tripled"].set_index("side")
    assert round(rows.loc["CHN", "computed"], 2) == 5.01 and rows.loc["CHN", "conversion"].endswith(
        "7.1898 yuan per dollar"
    )
    assert round(rows.loc["BLR", "computed"], 2) == 2.78 and rows.loc["BLR", "end_qualifier"] == "over"
    assert (rows["start"] == 2015).all() and (rows["end"] == 2025).all()
    empty = latest.claims_vs_latest(load_claims().iloc[0:0], load_trade(), gacc, wdi)
    assert empty.empty and list(empty.columns) == latest.CLAIM_COLUMNS


def test_doctests_of_the_new_modules():
    import doctest

    for module in (currency, months, prices, economy, latest):
        assert doctest.testmod(module).failed == 0, module.__name__


def test_a_rouble_rate_and_a_dollar_rate(wdi):
    rub = currency.rate("RUB", 2024, wdi)
    assert rub.per_usd == pytest.approx(92.5524) and rub.source_id == "wdi-2026-07"
    assert rub.words == "converted at the World Bank's 2024 average of 92.5524 Russian roubles per dollar"
    assert currency.rate("USD", 2026, wdi).per_usd == 1.0  # a dollar needs no rate
