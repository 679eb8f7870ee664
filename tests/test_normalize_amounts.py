"""Amounts and currencies: symbols, codes and words, locale separators, negatives, capital amounts."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from docextract.errors import InvalidFormat
from docextract.normalize.amounts import detect_currency, parse_amount, parse_currency, parse_money

D = Decimal


@pytest.mark.parametrize("text, locale, amount, currency", [
    ("¥1,234.56", None, "1234.56", "CNY"),
    ("￥1,234.56", None, "1234.56", "CNY"),
    ("￥77.10元", None, "77.10", "CNY"),
    ("RMB 1,234.56", None, "1234.56", "CNY"),
    ("1,234.56元", None, "1234.56", "CNY"),
    ("人民币100元", None, "100", "CNY"),
    ("CN¥1,234.56", None, "1234.56", "CNY"),
    ("1,234.56 CNY", None, "1234.56", "CNY"),
    ("(小写)¥113.00", None, "113.00", "CNY"),
    ("（小写）￥113.00", None, "113.00", "CNY"),
    ("$1,234.56", None, "1234.56", "USD"),
    ("US$12", None, "12", "USD"),
    ("USD 12.00", None, "12.00", "USD"),
    ("12.00 usd", None, "12.00", "USD"),
    ("100美元", None, "100", "USD"),
    ("HK$ 1,234.50", None, "1234.50", "HKD"),
    ("€1.234,56", None, "1234.56", "EUR"),
    ("1.234,56 €", "de", "1234.56", "EUR"),
    ("1 234,56 €", "fr", "1234.56", "EUR"),
    ("1\u202f234,56\xa0€", "fr", "1234.56", "EUR"),
    ("EUR 12,50", None, "12.50", "EUR"),
    ("£9.99", None, "9.99", "GBP"),
    ("RM12.50", None, "12.50", "MYR"),
    ("RM 1,234.50", None, "1234.50", "MYR"),
    ("12.50 MYR", None, "12.50", "MYR"),
    ("Rs. 100", None, "100", "INR"),
    ("1 234,56 zł", None, "1234.56", "PLN"),
    ("12,34,567.89", "en_IN", "1234567.89", None),
    ("１，２３４．５６", None, "1234.56", None),
    ("9.00", None, "9.00", None),
])
def test_money(text, locale, amount, currency):
    assert parse_money(text, locale=locale) == (D(amount), currency)
    assert parse_amount(text, locale=locale) == D(amount)


@pytest.mark.parametrize("text, amount", [
    ("(12.50)", "-12.50"), ("-12.50", "-12.50"), ("−12.50", "-12.50"), ("12.50-", "-12.50"),
    ("-¥12.50", "-12.50"), ("¥-12.50", "-12.50"), ("USD (12.50)", "-12.50"), ("+5", "5"),
])
def test_negative_amounts(text, amount):
    assert parse_amount(text) == D(amount)


@pytest.mark.parametrize("text, amount", [
    ("1,234.50", "1234.50"), ("1.234,50", "1234.50"), ("12,50", "12.50"), ("1,234", "1234"),
    ("1,234,567", "1234567"), ("1.234.567", "1234567"), ("1 234 567,8", "1234567.8"), ("0,5", "0.5"),
    ("1'234.50", "1234.50"), ("1234.56", "1234.56"), ("1.234", "1.234"),
])
def test_separator_inference_without_locale(text, amount):
    assert parse_amount(text) == D(amount)


@pytest.mark.parametrize("text, locale, amount", [
    ("1.234,56", "de", "1234.56"), ("1.234,56", "de_DE", "1234.56"), ("1,234.56", "en", "1234.56"),
    ("1 234,56", "fr", "1234.56"), ("1.234", "de", "1234"), ("1,234", "de", "1.234"), ("1234.56", "de", "1234.56"),
    ("12,5", "de", "12.5"), ("1,234.56", "de", "1234.56"), ("1’234.56", "de_CH", "1234.56"),
    ("1,234.56", "zh_CN", "1234.56"), ("1.234,56", "zh-CN", "1234.56"),
])
def test_locale_rules(text, locale, amount):
    assert parse_amount(text, locale=locale) == D(amount)


def test_capital_amounts_are_delegated():
    assert parse_money("捌拾捌圆整") == (D("88.00"), "CNY")
    assert parse_amount("ⓧ壹万贰仟叁佰肆拾伍元陆角柒分") == D("12345.67")


@pytest.mark.parametrize("text", ["abc", "12 apples", "¥", "Total 12", "1,2345", "1.2.3,4,5", "12 34",
                                  "12.50 USD EUR", "1e5", "NaN", "Infinity", "¥¥", "--12", "-(12)", "1,,2"])
def test_not_amounts(text):
    with pytest.raises(InvalidFormat):
        parse_amount(text)


def test_bad_locale_is_a_clear_error():
    with pytest.raises(InvalidFormat, match="locale"):
        parse_amount("1,234.56", locale="xx_YY")


def test_ambiguous_symbols_follow_default_currency_and_locale():
    assert parse_money("$5")[1] == "USD"
    assert parse_money("$5", default_currency="HKD")[1] == "HKD"
    assert parse_money("$5", default_currency="EUR")[1] == "USD"  # EUR is not written $
    assert parse_money("$5", locale="zh_HK")[1] == "HKD"
    assert parse_money("$5", locale="en_SG")[1] == "SGD"
    assert parse_money("¥5")[1] == "CNY"
    assert parse_money("¥5", locale="ja")[1] == "JPY"
    assert parse_money("¥5", default_currency="JPY")[1] == "JPY"
    assert parse_money("12.50", default_currency="eur") == (D("12.50"), "EUR")


@pytest.mark.parametrize("text, code", [
    ("CNY", "CNY"), ("rmb", "CNY"), ("RMB", "CNY"), ("人民币", "CNY"), ("元", "CNY"), ("¥", "CNY"), ("￥", "CNY"),
    ("RM", "MYR"), ("ringgit", "MYR"), ("$", "USD"), ("US$", "USD"), ("usd", "USD"), ("US Dollar", "USD"),
    ("美元", "USD"), ("€", "EUR"), ("Euro", "EUR"), ("欧元", "EUR"), ("£", "GBP"), ("British Pound", "GBP"),
    ("HK$", "HKD"), ("港币", "HKD"), ("日元", "JPY"), ("Japanese Yen", "JPY"), ("CHF", "CHF"), ("₩", "KRW"),
])
def test_parse_currency(text, code):
    assert parse_currency(text) == code


def test_parse_currency_refuses_unknown():
    for text in ("XYZ", "dollarz", "12.50"):
        with pytest.raises(InvalidFormat):
            parse_currency(text)


def test_detect_currency_in_text():
    assert detect_currency("合计 HK$ 1,234.50") == "HKD"
    assert detect_currency("Total: 12,50 €") == "EUR"
    assert detect_currency("TOTAL RM 9.00") == "MYR"
    assert detect_currency("总计 100美元") == "USD"
    assert detect_currency("Amount 12.00 SGD") == "SGD"
    assert detect_currency("ALL ITEMS 12.00") is None  # ALL is a currency code and a word
    assert detect_currency("FORM 12") is None
    assert detect_currency("12.50") is None
    assert detect_currency(None) is None
    assert detect_currency(12) is None


def test_every_sroie_label_total_parses(sroie_dir):
    """Real receipt totals as printed ('9.00', '$11.40', '-1.73') parse to two-place decimals."""
    n = 0
    for path in sorted((sroie_dir / "key").glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8")).get("total")
        if not raw:
            continue
        value = parse_amount(raw)
        digits = re.sub(r"[^\d.\-]", "", raw)  # 'RM 29.70' -> '29.70', '$11.40' -> '11.40'
        assert str(value) == digits, (path.name, raw, value)  # value and printed places kept
        n += 1
    assert n > 150
