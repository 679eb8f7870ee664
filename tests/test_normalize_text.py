"""Free text, enumerations and the normalize_value dispatcher."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from docextract.errors import FieldError, InvalidFormat
from docextract.normalize import TYPE_NAMES, normalize_value
from docextract.normalize.enums import enum_key, is_valid_enum, parse_enum
from docextract.normalize.text import clean_text, to_halfwidth

SEX = {"male": ("男", "M", "Male"), "female": ("女", "F", "Female")}


def test_clean_text():
    assert clean_text("  张三  ") == "张三"
    assert clean_text("北京市\n朝阳区\t建国路  88号") == "北京市 朝阳区 建国路 88号"
    assert clean_text("a\u200bb\ufeffc\x00d") == "abcd"
    assert clean_text("ＡＢＣ　１２３") == "ＡＢＣ １２３"  # width kept unless asked
    assert clean_text("ＡＢＣ　１２３，好。", fullwidth=True) == "ABC 123,好。"
    assert clean_text("mixed Case", uppercase=True) == "MIXED CASE"
    assert clean_text("   ") == ""
    with pytest.raises(InvalidFormat):
        clean_text(None)
    with pytest.raises(InvalidFormat, match="too long"):
        clean_text("x" * 200_000)


def test_to_halfwidth_keeps_cjk_punctuation():
    assert to_halfwidth("（大写）￥１２３．４５") == "(大写)¥123.45"
    assert to_halfwidth("「引号」、。〇") == "「引号」、。〇"
    assert to_halfwidth("张三") == "张三"


def test_parse_enum():
    assert parse_enum("男", SEX) == "male"
    assert parse_enum("female", SEX) == "female"
    assert parse_enum(" Ｍ ", SEX) == "male"
    assert parse_enum("m.", SEX) == "male"
    assert parse_enum("FE MALE", SEX) == "female"
    assert parse_enum("男", {"male": "男"}) == "male"  # a single alias as a string
    with pytest.raises(InvalidFormat, match=r"not one of: male \(男, M, Male\), female"):
        parse_enum("X", SEX)
    with pytest.raises(InvalidFormat, match="no allowed values"):
        parse_enum("男", {})
    assert is_valid_enum("女", SEX) and not is_valid_enum("?", SEX) and not is_valid_enum(None, SEX)
    assert enum_key(" Ｆｅ male. ") == "female"


@pytest.mark.parametrize("type_name, raw, kwargs, expected", [
    ("text", "  张三 ", {}, "张三"),
    ("text", "ａｂｃ", {"options": {"fullwidth": True, "uppercase": True}}, "ABC"),
    ("date", "2024年3月15日", {}, dt.date(2024, 3, 15)),
    ("date", "03/04/2024", {"options": {"locale": "en_US"}}, dt.date(2024, 3, 4)),
    ("date", "03/04/2024", {"options": {"day_first": True}}, dt.date(2024, 4, 3)),
    ("time", "21时05分", {}, dt.time(21, 5)),
    ("amount", "1.234,50", {"options": {"locale": "de"}}, Decimal("1234.50")),
    ("amount", "￥77.10元", {}, Decimal("77.10")),
    ("integer", "1,234", {}, 1234),
    ("decimal", "1 234,5", {}, Decimal("1234.5")),
    ("percent", "13%", {}, Decimal("0.13")),
    ("enum", "女", {"values": SEX}, "female"),
    ("id", "110105 19491231 002x", {"formats": ("cn.ric",)}, "11010519491231002X"),
    ("phone", "010-12345678", {"options": {"region": "CN"}}, "+861012345678"),
    ("currency", "RM", {}, "MYR"),
    ("country", "中国", {}, "CHN"),
])
def test_normalize_value_dispatches(type_name, raw, kwargs, expected):
    assert normalize_value(type_name, raw, **kwargs) == expected


def test_normalize_value_errors():
    for t in TYPE_NAMES:
        with pytest.raises(InvalidFormat):
            normalize_value(t, "   ", values=SEX)
        with pytest.raises(InvalidFormat):
            normalize_value(t, None, values=SEX)
    with pytest.raises(FieldError, match="no normaliser"):
        normalize_value("colour", "red")
