"""Integers, decimals and percentages (as fractions), European and Chinese number formats."""

from __future__ import annotations

from decimal import Decimal

import pytest

from docextract.errors import FieldError, InvalidComponent, InvalidFormat
from docextract.normalize.numbers import parse_decimal, parse_integer, parse_percent

D = Decimal


@pytest.mark.parametrize("text, locale, value", [
    ("1234.56", None, "1234.56"), ("1,234.56", None, "1234.56"), ("1.234,56", None, "1234.56"),
    ("1 234,56", None, "1234.56"), ("1\u202f234,56", "fr_FR", "1234.56"), ("1 234,56", "fr", "1234.56"),
    ("1.234,56", "de", "1234.56"), ("1,234.56", "en_US", "1234.56"), ("12,34,567.89", None, "1234567.89"),
    ("-1,234.5", None, "-1234.5"), ("+3", None, "3"), ("0,75", None, "0.75"), (".5", None, "0.5"),
    ("１２３．４５", None, "123.45"), ("1’234.56", "de_CH", "1234.56"), ("1.234", "de", "1234"),
    ("1.234", None, "1.234"), ("1,234", None, "1234"), ("1,234", "de", "1.234"), ("١٢٣", None, "123"),
])
def test_parse_decimal(text, locale, value):
    assert parse_decimal(text, locale=locale) == D(value)


@pytest.mark.parametrize("text", ["abc", "1e5", "NaN", "1,2345", "12 34", "1..2", "1.2.3,4", "-", "1-2", "--1", "¥12"])
def test_parse_decimal_refuses(text):
    with pytest.raises(InvalidFormat):
        parse_decimal(text)


@pytest.mark.parametrize("text, locale, value", [
    ("12345", None, 12345), ("12,345", None, 12345), ("１２，３４５", None, 12345), ("12.345", "de", 12345),
    ("-7", None, -7), ("12.0", None, 12), ("十二", None, 12), ("两千", None, 2000), ("一百零五", None, 105),
    ("壹佰贰拾", None, 120),
])
def test_parse_integer(text, locale, value):
    result = parse_integer(text, locale=locale)
    assert result == value and isinstance(result, int)


def test_parse_integer_refuses_fractions():
    with pytest.raises(InvalidFormat, match="whole number"):
        parse_integer("12.5")


@pytest.mark.parametrize("text, value", [
    ("13%", "0.13"), ("13 %", "0.13"), ("13％", "0.13"), ("6 %", "0.06"), ("0.13", "0.13"), ("13", "0.13"),
    ("1%", "0.01"), ("0%", "0"), ("0", "0"), ("9.5%", "0.095"), ("5‰", "0.005"), ("百分之十三", "0.13"),
    ("零税率", "0"), ("100%", "1"), ("1", "0.01"),
])
def test_parse_percent(text, value):
    assert parse_percent(text) == D(value)


@pytest.mark.parametrize("text, meaning", [
    ("免税", "tax-exempt"), ("不征税", "not taxable"), ("***", "masked"), ("*", "masked"), ("免征增值税", "exempt"),
])
def test_percent_words_are_named_not_numbers(text, meaning):
    with pytest.raises(InvalidFormat, match=f"{meaning}.*not a number"):
        parse_percent(text)


def test_percent_out_of_range_and_junk():
    with pytest.raises(InvalidComponent):
        parse_percent("130")
    for text in ("abc%", "%", "13%%"):
        with pytest.raises(FieldError):
            parse_percent(text)
