"""Built-in schemas: they load, build records and prompts, and real-looking strings pass all their checks
through the whole normalise-and-check pipeline; docs/schemas.md documents every rule, type and option."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D
from pathlib import Path

import pytest

from docextract import validate
from docextract.checks import RULES, load_rules
from docextract.options import ExtractOptions
from docextract.schema import _OPTION_KEYS, FIELD_TYPES, list_schemas, load_schema

ROOT = Path(__file__).resolve().parent.parent
BUILTINS = ["cn_id_card", "cn_id_card_back", "cn_vat_invoice", "invoice", "receipt", "passport"]
OPTS = ExtractOptions(today=dt.date(2026, 11, 23))


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_loads_with_labels_descriptions_and_record(name):
    assert name in list_schemas()
    s = load_schema(name)
    assert s.name == name and s.title and s.description and s.checks
    for f in s.fields:
        assert f.labels.get("zh") and f.labels.get("en"), f"{name}.{f.name} needs zh and en labels"
        for sub in f.fields:
            assert sub.labels.get("zh") and sub.labels.get("en"), f"{name}.{f.name}.{sub.name}"
    model = s.record_model
    assert model.__name__.endswith("Record")
    assert set(model.model_json_schema()["properties"]) == set(s.field_names)
    zh, en = s.render_prompt(language="zh"), s.render_prompt(language="en")
    assert all(f.label("zh") in zh and f.label("en") in en for f in s.fields)


def check_all(result, allow_warn=()):
    bad = [(c.code, c.status, c.message) for c in result.checks
           if c.status == "fail" or (c.status == "warn" and c.code not in allow_warn)]
    assert not bad, bad
    return {c.code for c in result.checks}


def test_cn_id_card_front_from_strings():
    r = validate({"name": "张三", "sex": "女", "ethnicity": "汉", "birth_date": "1949 年 12 月 31 日",
                  "address": "北京市朝阳区建国路88号", "id_number": "11010519491231002x"}, schema="cn_id_card",
                 options=OPTS)
    codes = check_all(r)
    assert {"id_number.cn.ric", "cn_ric_birth_date", "cn_ric_sex", "cn_ric_region", "cn_ethnicity"} <= codes
    assert r.record.id_number == "11010519491231002X" and r.record.birth_date == dt.date(1949, 12, 31)


def test_cn_id_card_front_inconsistent_sex_and_checksum():
    r = validate({"name": "张三", "sex": "男", "ethnicity": "汉族", "birth_date": "1949年12月31日",
                  "address": "北京市朝阳区建国路88号", "id_number": "110105194912310021"}, schema="cn_id_card",
                 options=OPTS)
    failed = {c.code for c in r.checks if c.status == "fail"}
    assert {"id_number.cn.ric", "cn_ric_sex"} <= failed


@pytest.mark.parametrize("period", ["2008.01.09-长期", "2019.07.15-2039.07.15"])
def test_cn_id_card_back_period_as_one_string(period):
    r = validate({"issuing_authority": "北京市公安局朝阳分局", "validity_period": period}, schema="cn_id_card_back",
                 options=OPTS)
    assert {"cn_id_validity_period", "not_expired"} <= check_all(r)
    assert r.fields["valid_until"].status == "missing"


def test_cn_id_card_back_split_dates_with_long_term():
    r = validate({"issuing_authority": "深圳市公安局南山分局", "validity_period": "2008.01.09-长期",
                  "valid_from": "2008.01.09", "valid_until": "长期"}, schema="cn_id_card_back", options=OPTS)
    check_all(r)
    assert r.fields["valid_until"].status == "no_expiry" and r.record.valid_until is None
    assert r.record.valid_from == dt.date(2008, 1, 9)


def test_cn_id_card_back_bad_period_and_expired():
    r = validate({"issuing_authority": "北京市公安局朝阳分局", "validity_period": "2006.05.10-2016.05.11"},
                 schema="cn_id_card_back", options=OPTS)
    got = {c.code: c.status for c in r.checks}
    assert got["cn_id_validity_period"] == "fail" and got["not_expired"] == "warn"


VAT = {
    "title": "电子发票（增值税专用发票）", "invoice_number": "24312000000012345678", "issue_date": "2024年03月15日",
    "buyer_name": "上海某某科技有限公司", "buyer_tax_id": "91310106552993944D",
    "seller_name": "深圳某某贸易有限公司", "seller_tax_id": "9144 0300 7152 6726 XG",
    "items": [{"name": "*信息技术服务*软件维护费", "spec": "", "unit": "年", "quantity": "1", "unit_price": "884.955752212389",
               "amount": "884.96", "tax_rate": "13%", "tax": "115.04"},
              {"name": "*餐饮服务*餐费", "unit": "次", "quantity": "2", "unit_price": "56.60377358",
               "amount": "113.21", "tax_rate": "6%", "tax": "6.79"}],
    "total_amount": "￥998.17", "total_tax": "￥121.83", "total_with_tax": "￥1120.00",
    "total_with_tax_capital": "ⓧ壹仟壹佰贰拾圆整",
}


def test_cn_vat_invoice_fully_digital_from_strings():
    r = validate(VAT, schema="cn_vat_invoice", options=OPTS)
    codes = check_all(r)
    assert {"sum_equals", "amount_plus_tax", "line_tax_rate", "line_quantity_price", "capital_matches",
            "cn_invoice_number_format", "cn_tax_id", "date_not_future"} <= codes
    assert r.record.items[0].tax_rate == D("0.13") and r.record.total_with_tax == D("1120.00")


def test_cn_vat_invoice_legacy_with_code_and_a_misread_tax():
    raw = {**VAT, "invoice_code": "031001900204", "invoice_number": "12345678", "check_code": "12345 67890 12345 67890",
           "title": "增值税电子普通发票"}
    raw["items"] = [dict(VAT["items"][0]), dict(VAT["items"][1])]
    raw["items"][1]["tax"] = "8.79"
    r = validate(raw, schema="cn_vat_invoice", options=OPTS)
    failed = sorted(c.code for c in r.checks if c.status == "fail")
    assert failed == ["line_tax_rate", "sum_equals"]
    assert any("line 2: 113.21 × 6% = 6.79 but the tax reads 8.79" in c.message for c in r.checks)


def test_international_invoice_from_strings():
    r = validate({"invoice_number": "INV-2024-0042", "issue_date": "1 March 2024", "due_date": "31 March 2024",
                  "vendor_name": "Acme GmbH", "vendor_tax_id": "DE136695976", "customer_name": "Example Ltd",
                  "items": [{"description": "Consulting", "quantity": "12", "unit_price": "150,00 €", "amount": "1.800,00 €"},
                            {"description": "Travel", "quantity": "1", "unit_price": "245,50 €", "amount": "245,50 €"}],
                  "subtotal": "2.045,50 €", "tax": "388,65 €", "total": "2.434,15 €"}, schema="invoice",
                 options=OPTS)
    assert {"sum_equals", "subtotal_plus_tax", "date_order", "date_not_future"} <= check_all(r)
    assert r.record.total == D("2434.15") and r.record.currency == "EUR"


def test_receipt_from_strings():
    r = validate({"merchant_name": "99 SPEED MART S/B", "date": "25/12/2018", "time": "18:31",
                  "items": [{"name": "MILO 1KG", "quantity": "1", "amount": "17.90"},
                            {"name": "GARDENIA", "quantity": "2", "unit_price": "3.50", "amount": "7.00"},
                            {"name": "EGGS 10S", "quantity": "1", "amount": "4.82"}],
                  "subtotal": "29.72", "tax": "1.80", "rounding": "-0.02", "total": "RM 31.50"},
                 schema="receipt", options=OPTS)
    assert {"subtotal_plus_tax", "receipt_items_sum", "date_not_future"} <= check_all(r)
    assert r.record.date == dt.date(2018, 12, 25) and r.record.currency == "MYR"


# ------------------------------------------------------------------------------------------- docs

DOC = (ROOT / "docs" / "schemas.md").read_text(encoding="utf-8")


def test_docs_name_every_rule_type_and_option():
    load_rules()
    for name in RULES:
        assert f"`{name}`" in DOC, f"rule {name} is not documented in docs/schemas.md"
    for t in FIELD_TYPES:
        assert f"| `{t}` |" in DOC, f"type {t} has no row in docs/schemas.md"
    for opt in _OPTION_KEYS:
        assert f"`{opt}`" in DOC, f"option {opt} is not documented"
    for name in BUILTINS:
        assert f"`{name}`" in DOC


def test_docs_worked_example_loads_and_behaves_as_documented(tmp_path, monkeypatch):
    yaml_text = re.search(r"```yaml\n# my_schemas/cn_train_ticket.yaml\n(.*?)```", DOC, re.S).group(1)
    (tmp_path / "cn_train_ticket.yaml").write_text(yaml_text, encoding="utf-8")
    monkeypatch.setenv("DOCEXTRACT_SCHEMA_PATH", str(tmp_path))  # the documented way, undone after the test
    s = load_schema("cn_train_ticket")
    assert "['票号', '出发站', '到达站', '车次'" in s.render_prompt()
    r = validate({"train_number": "Ｇ１２", "departure_date": "2024年03月15日", "price": "￥553.0元",
                  "seat_class": "二等座"}, schema="cn_train_ticket")
    documented = "('G12', Decimal('553.0'), ['departure_station.required', 'arrival_station.required'])"
    assert documented in DOC
    assert repr((r.record.train_number, r.record.price, [c.code for c in r.checks if c.status == "fail"])) == documented
