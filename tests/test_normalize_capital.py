"""Chinese capital (大写) amounts: reading, writing, and agreement with cn2an as an oracle."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from docextract.errors import FieldError, InvalidComponent, InvalidFormat
from docextract.normalize.capital import is_capital, parse_capital, parse_chinese_integer, to_capital

D = Decimal


@pytest.mark.parametrize("text, amount", [
    ("壹万贰仟叁佰肆拾伍元陆角柒分", "12345.67"),
    ("壹万贰仟叁佰肆拾伍圆陆角柒分", "12345.67"),
    ("捌拾捌圆整", "88.00"),
    ("捌拾捌元正", "88.00"),
    ("ⓧ捌佰陆拾伍元整", "865.00"),
    ("⊗壹仟圆整", "1000.00"),
    ("（大写）壹佰元零伍分", "100.05"),
    ("(大写)人民币贰佰伍拾元零肆分", "250.04"),
    ("人民币壹仟元整", "1000.00"),
    ("壹佰元伍角整", "100.50"),
    ("壹佰元伍角", "100.50"),
    ("壹拾元零伍角", "10.50"),
    ("伍角", "0.50"),
    ("陆角柒分", "0.67"),
    ("伍分", "0.05"),
    ("零圆整", "0.00"),
    ("拾元", "10.00"),
    ("壹亿零叁佰万元整", "103000000.00"),
    ("壹亿零壹万零壹圆整", "100010001.00"),
    ("玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖圆玖角玖分", "999999999999.99"),
    ("一百二十三元四角五分", "123.45"),
    ("两千元整", "2000.00"),
    ("貳佰參拾圓", "230.00"),
    ("壹 万 贰 仟 元 整", "12000.00"),
    ("负壹仟圆整", "-1000.00"),
])
def test_parse_capital(text, amount):
    assert parse_capital(text) == D(amount)
    assert is_capital(text)


@pytest.mark.parametrize("text", [
    "壹佰伍",  # 150 or 105? ambiguous without 零 or 拾
    "壹万伍", "伍零", "壹贰", "佰元", "元", "角", "壹元壹元", "壹拾拾元", "壹佰壹仟元", "万元", "100元", "壹佰元伍分角",
    "abc", "壹佰元整整x",
])
def test_refuses_malformed(text):
    with pytest.raises(InvalidFormat):
        parse_capital(text)


@pytest.mark.parametrize("amount, text", [
    ("12345.67", "壹万贰仟叁佰肆拾伍圆陆角柒分"),
    ("88", "捌拾捌圆整"),
    ("88.00", "捌拾捌圆整"),
    ("100.05", "壹佰圆零伍分"),
    ("100.50", "壹佰圆伍角"),
    ("0.05", "伍分"),
    ("0.50", "伍角"),
    ("0", "零圆整"),
    ("10", "壹拾圆整"),
    ("1005", "壹仟零伍圆整"),
    ("10050", "壹万零伍拾圆整"),
    ("101000", "壹拾万壹仟圆整"),
    ("100000000", "壹亿圆整"),
    ("100001000", "壹亿零壹仟圆整"),
    ("110000000", "壹亿壹仟万圆整"),
    ("10050000", "壹仟零伍万圆整"),
    ("-12.30", "负壹拾贰圆叁角"),
])
def test_to_capital(amount, text):
    assert to_capital(D(amount)) == text
    assert parse_capital(text) == D(amount).quantize(D("0.01"))


def test_to_capital_refuses_what_it_cannot_write():
    with pytest.raises(InvalidFormat, match="two decimals"):
        to_capital(D("1.005"))
    with pytest.raises(InvalidComponent, match="too large"):
        to_capital(D("1000000000000"))
    for bad in ("abc", D("NaN"), D("Infinity"), None):
        with pytest.raises(FieldError):
            to_capital(bad)


def test_chinese_integers():
    assert parse_chinese_integer("十二") == 12
    assert parse_chinese_integer("二十") == 20
    assert parse_chinese_integer("一千零一") == 1001
    assert parse_chinese_integer("壹万亿") == 10 ** 12


def test_is_capital_is_strict_about_digits():
    assert not is_capital("100元")
    assert not is_capital("¥1,234.00")
    assert not is_capital(None)
    assert not is_capital("整")


def test_agrees_with_cn2an_oracle():
    """cn2an.an2cn(v, 'rmb') output reads back exactly, and our canonical form is the same text."""
    cn2an = pytest.importorskip("cn2an")
    rng = random.Random(20261123)
    for _ in range(3000):
        cents = rng.choice([rng.randint(1, 99_999_999_999_999), rng.randint(1, 100_000), rng.randint(1, 10 ** 9)])
        value = (D(cents) / 100).quantize(D("0.01"))
        theirs = cn2an.an2cn(str(value), "rmb")
        assert parse_capital(theirs) == value, (value, theirs)
        assert to_capital(value) == theirs.replace("元", "圆"), value
