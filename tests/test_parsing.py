"""Parsing real and realistic HunyuanOCR answers."""

from __future__ import annotations

import pytest

from docextract.errors import OutputParseError
from docextract.parsing import clean_output, extract_json, parse_spotting, token_confidence
from docextract.types import TokenScore

# The published taxi-invoice answer (HunyuanOCR README, "Open-field Information Extraction").
TAXI = ('```json\n{"单价": "3.00", "上车时间": "09:01", "发票号码": "42609332", "省前缀": "陕", '
        '"总金额": "￥77.10元", "发票代码": "161002018100", "下车时间": "09:51", "里程数": "26.1km"}\n```')


def test_published_taxi_invoice_answer():
    data = extract_json(TAXI)
    assert data["总金额"] == "￥77.10元" and data["发票代码"] == "161002018100" and len(data) == 8


@pytest.mark.parametrize("text, expected", [
    ('{"a": "1"}', {"a": "1"}),
    ('好的，结果如下：\n{"a": "1", "b": null}\n以上。', {"a": "1", "b": None}),
    ("{'a': '1', 'b': '2'}", {"a": "1", "b": "2"}),
    ('｛"a"："1"，"b"："x"｝', {"a": "1", "b": "x"}),
    ('{"a": "1",}', {"a": "1"}),
    ('```\n{"a": {"b": "c"}}\n```', {"a": {"b": "c"}}),
    ('{"note": "uses {braces} and \\"quotes\\""}', {"note": 'uses {braces} and "quotes"'}),
    ('[1, 2] then {"a": 1}', {"a": 1}),
    ('{bad json} {"a": 2}', {"a": 2}),
])
def test_tolerant_json(text, expected):
    assert extract_json(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "no json here", '{"a": "unterminated', "[1,2,3]", None, 42])
def test_unparseable_output_is_an_output_parse_error(text):
    with pytest.raises(OutputParseError):
        extract_json(text)


def test_repeated_tail_is_cleaned():
    text = '{"a": "1"}' + "哈哈" * 5000
    cleaned = clean_output(text)
    assert len(cleaned) < 100 and cleaned.startswith('{"a": "1"}')
    assert clean_output("  short  ") == "short"


def test_spotting_formats_become_pixel_lines():
    plain = "字符串1(312,22),(493,49)字符串2(401,0),(666,194)"
    lines = parse_spotting(plain, 2000, 1000, page=1)
    assert [(ln.text, tuple(ln.box), ln.page) for ln in lines] == [
        ("字符串1", (624, 22, 986, 49), 1), ("字符串2", (802, 0, 1332, 194), 1)]
    tagged = "<ref>Total (RM)</ref><quad>(100,900),(300,950)</quad>"
    assert [(ln.text, tuple(ln.box)) for ln in parse_spotting(tagged, 1000, 1000)] == [("Total (RM)", (100, 900, 300, 950))]
    as_json = '[{"box": [0, 0, 500, 100], "text": "A"}, {"bbox": [500, 0, 1000, 100], "text": "B"}]'
    assert [(ln.text, tuple(ln.box)) for ln in parse_spotting(as_json, 200, 100)] == [("A", (0, 0, 100, 10)),
                                                                                      ("B", (100, 0, 200, 10))]
    # text that itself contains parentheses is anchored on the coordinate tail
    assert parse_spotting("合计(大写)(10,10),(20,20)", 1000, 1000)[0].text == "合计(大写)"
    assert parse_spotting("nothing here", 100, 100) == []


def test_token_confidence_maps_logprobs_onto_the_value_span():
    toks = [TokenScore('{"姓名": "', -0.001), TokenScore("张", -0.05), TokenScore("三", -1.0), TokenScore('"}', 0.0)]
    conf = token_confidence(toks, '{"姓名": "张三"}', "张三")
    assert 0.55 < conf < 0.6
    assert token_confidence(None, "x", "x") is None
    assert token_confidence(toks, '{"姓名": "张三"}', "李四") is None
