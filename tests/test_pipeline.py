"""The pipeline end to end with a scripted engine at the engine boundary (no model)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from docextract import extract, extract_many
from docextract.engines.scripted import ScriptedEngine
from docextract.errors import InputError
from docextract.options import ExtractOptions
from docextract.types import TokenScore

ID_ANSWER = ('```json\n{"姓名": "张三", "性别": "女", "民族": "汉", "出生": "1949年12月31日", '
             '"住址": "北京市朝阳区建国路1号", "公民身份号码": "11010519491231002X"}\n```')


def opts(**kw):
    return ExtractOptions(today=dt.date(2026, 11, 23), boxes=False, **kw)


def test_vlm_answer_becomes_a_typed_checked_record(page):
    eng = ScriptedEngine([ID_ANSWER], revision="abc123")
    r = extract(page, schema="cn_id_card", engine=eng, options=opts())
    assert eng.prompts == ["提取图片中的: ['姓名', '性别', '民族', '出生', '住址', '公民身份号码'] 的字段内容，并按照 JSON 格式返回。"]
    assert r.record.name == "张三"
    assert r.record.sex.value == "female"
    assert r.record.birth_date == dt.date(1949, 12, 31)
    assert r.record.id_number == "11010519491231002X"
    assert r.fields["birth_date"].raw == "1949年12月31日"
    statuses = {c.code: c.status for c in r.checks}
    assert statuses["id_number.cn.ric"] == "pass"
    assert statuses["cn_ric_birth_date"] == "pass" and statuses["cn_ric_sex"] == "pass"
    assert r.ok
    d = r.to_dict()
    assert d["schema"] == {"name": "cn_id_card", "version": "1.0"}
    assert d["engine"] == "scripted" and d["revision"] == "abc123"
    assert d["record"]["birth_date"] == "1949-12-31"
    assert set(d["timings"]) >= {"load", "engine", "parse", "total"}
    json.dumps(d)  # JSON-ready


def test_inconsistent_id_card_fails_its_checks(page):
    answer = ID_ANSWER.replace("1949年12月31日", "1950年1月1日").replace('"女"', '"男"')
    r = extract(page, schema="cn_id_card", engine=ScriptedEngine([answer]), options=opts())
    statuses = {c.code: c.status for c in r.checks}
    assert statuses["cn_ric_birth_date"] == "fail" and statuses["cn_ric_sex"] == "fail"
    assert not r.ok
    assert r.record.birth_date == dt.date(1950, 1, 1)  # the value read is kept, the check reports it


def test_unparseable_answer_keeps_raw_text_and_fails_a_check(page):
    r = extract(page, schema="cn_id_card", engine=ScriptedEngine(["抱歉，我无法识别这张图片。"]), options=opts())
    assert r.raw_output == "抱歉，我无法识别这张图片。"
    assert all(f.value is None for f in r.fields.values())
    parse = [c for c in r.checks if c.code == "output.parse"]
    assert parse and parse[0].status == "fail" and "no JSON object" in parse[0].message


def test_bad_values_are_reported_not_raised(page):
    answer = '{"姓名": "李四", "出生": "1990年13月45日", "公民身份号码": "110105194912310021", "备注": "x"}'
    r = extract(page, schema="cn_id_card", engine=ScriptedEngine([answer]), options=opts())
    assert r.fields["birth_date"].status == "invalid" and r.fields["birth_date"].raw == "1990年13月45日"
    assert r.record.birth_date is None
    codes = {c.code: c.status for c in r.checks}
    assert codes["birth_date.format"] == "fail"
    assert codes["id_number.cn.ric"] == "fail"
    assert codes["sex.required"] == "fail"
    assert r.extra == {"备注": "x"}  # unknown keys are kept


def test_token_scores_become_field_confidences(page):
    answer = '{"姓名": "张三"}'
    toks = [TokenScore('{"姓名": "', -0.01), TokenScore("张", -0.01), TokenScore("三", -2.0), TokenScore('"}', 0.0)]
    r = extract(page, schema="cn_id_card", engine=ScriptedEngine([answer], tokens=toks), options=opts())
    assert 0.3 < r.fields["name"].confidence < 0.4


def test_spotting_pass_gives_fields_pixel_boxes(page):
    def respond(request):
        if request.task == "spotting":
            return "姓名(100,100),(200,150)张三(220,100),(330,150)公民身份号码(100,800),(300,850)11010519491231002X(320,800),(900,850)"
        return ID_ANSWER

    eng = ScriptedEngine(respond=respond)
    r = extract(page, schema="cn_id_card", engine=eng, options=ExtractOptions(today=dt.date(2026, 11, 23)))
    assert [req.task for req in eng.requests] == ["extract", "spotting"]
    assert r.fields["name"].box == (188, 54, 282, 81)  # 0-1000 grid -> pixels of the 856x540 page
    assert r.fields["id_number"].box == (274, 432, 770, 459)
    assert r.fields["address"].box is None
    assert len(r.lines) == 4


def test_line_items_are_typed_lists(page):
    answer = json.dumps({"发票号码": "12345678", "合计金额": "¥200.00", "合计税额": "¥26.00",
                         "价税合计（小写）": "¥226.00", "价税合计（大写）": "贰佰贰拾陆圆整",
                         "项目明细": [{"项目名称": "*办公用品*打印纸", "数量": "2", "单价": "100", "金额": "200.00",
                                   "税率": "13%", "税额": "26.00"}]}, ensure_ascii=False)
    r = extract(page, schema="cn_vat_invoice", engine=ScriptedEngine([answer]), options=opts())
    assert r.record.total_with_tax == Decimal("226.00")
    assert r.record.items and r.record.items[0].tax_rate == Decimal("0.13")
    assert r.fields["items"].items[0]["amount"].raw == "200.00"
    statuses = {c.code: c.status for c in r.checks}
    assert statuses.get("capital_matches") == "pass"


def test_extract_many_batches_and_can_return_errors(page):
    eng = ScriptedEngine([ID_ANSWER])
    results = extract_many([page, b"junk", page], schema="cn_id_card", engine=eng, options=opts(),
                           return_exceptions=True)
    assert results[0].record.name == "张三" and results[2].record.name == "张三"
    assert isinstance(results[1], InputError)
    with pytest.raises(InputError):
        extract_many([page, b"junk"], schema="cn_id_card", engine=eng, options=opts())


def test_unknown_option_is_a_clear_error(page):
    with pytest.raises(InputError, match="unknown option"):
        extract(page, schema="cn_id_card", engine=ScriptedEngine([ID_ANSWER]), langauge="en")


def test_exempt_invoice_lines_are_not_applicable_rather_than_invalid():
    from docextract import validate

    r = validate({"items": [{"name": "*医疗服务*诊疗费", "amount": "100.00", "tax_rate": "免税", "tax": "***"}],
                  "total_amount": "100.00", "total_tax": "***", "total_with_tax": "100.00",
                  "total_with_tax_capital": "壹佰圆整"}, schema="cn_vat_invoice", today=dt.date(2026, 11, 23))
    item = r.fields["items"].items[0]
    assert item["tax_rate"].status == "not_applicable" and item["tax"].status == "not_applicable"
    assert r.fields["total_tax"].status == "not_applicable"
    assert not [c for c in r.checks if c.code.endswith(".format")]
