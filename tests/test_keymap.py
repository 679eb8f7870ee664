"""Keys of a model answer mapped back to schema fields."""

from __future__ import annotations

from docextract.keymap import map_output
from docextract.schema import load_schema_text

SCHEMA = load_schema_text("""\
name: t
fields:
  - {name: invoice_number, type: text, labels: {zh: 发票号码, en: Invoice No.}}
  - {name: buyer_name, type: text, labels: {zh: [购买方名称, 购买方 名称], en: Buyer name}}
  - {name: birth_date, type: date, labels: {zh: 出生, en: Date of birth}}
  - name: items
    type: list
    labels: {zh: 项目明细, en: Items}
    fields:
      - {name: name, type: text, labels: {zh: 项目名称, en: Description}}
      - {name: amount, type: amount, labels: {zh: 金额, en: Amount}}
""", "t.yaml")


def test_variants_of_printed_labels_map_to_fields():
    found, extra = map_output({"发票 号码：": "123", "BUYER NAME": "ACME", "出生日期": "1990年1月1日"}, SCHEMA)
    assert {k: v.raw for k, v in found.items()} == {"invoice_number": "123", "buyer_name": "ACME",
                                                     "birth_date": "1990年1月1日"}
    assert extra == {}


def test_nested_objects_are_flattened_by_prefix():
    found, _ = map_output({"购买方": {"名称": "北京某某公司", "地址": "x"}}, SCHEMA)
    assert found["buyer_name"].raw == "北京某某公司"


def test_line_items_and_unknown_keys_are_kept():
    data = {"项目明细": [{"项目名称": "*纸*A4", "金额": 100}, {"Description": "pen", "Amount": "2.50", "x": 1}],
            "备注": "无", "invoice_number": 42}
    found, extra = map_output(data, SCHEMA)
    items = found["items"].items
    assert [(i["name"].raw, i["amount"].raw) for i in items] == [("*纸*A4", "100"), ("pen", "2.50")]
    assert found["invoice_number"].raw == "42"
    assert extra == {"备注": "无"}


def test_first_answer_wins_and_later_duplicates_are_kept_as_extra():
    found, extra = map_output({"发票号码": "1", "Invoice No.": "2"}, SCHEMA)
    assert found["invoice_number"].raw == "1" and extra == {"Invoice No.": "2"}


def test_empty_values_are_not_candidates():
    found, _ = map_output({"发票号码": "", "出生": None, "项目明细": []}, SCHEMA)
    assert found == {}
