"""Receipt rules and the receipt schema, on made-up Malaysian-style receipts and the real SROIE labels."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

from docextract import validate
from docextract.checks import CheckContext, run_rule
from docextract.normalize.dates import parse_date
from docextract.options import ExtractOptions
from docextract.schema import load_schema

TODAY = dt.date(2026, 11, 23)


def run_schema(values):
    s = load_schema("receipt")
    c = CheckContext(values=values, schema=s, today=TODAY)
    return {x.code: x for spec in s.checks for x in run_rule(spec.rule, c, dict(spec.params), spec.severity)}


def groceries(**changes):
    """A GST receipt: 3 items, 6 % GST, total rounded to 0.05 with a printed rounding line."""
    values = {"merchant_name": "99 SPEED MART S/B", "date": dt.date(2018, 12, 25), "time": dt.time(18, 31),
              "items": [{"name": "MILO 1KG", "quantity": D("1"), "unit_price": D("17.90"), "amount": D("17.90")},
                        {"name": "GARDENIA BREAD", "quantity": D("2"), "unit_price": D("3.50"), "amount": D("7.00")},
                        {"name": "EGGS GRED A 10S", "quantity": D("1"), "unit_price": D("4.82"), "amount": D("4.82")}],
              "subtotal": D("29.72"), "tax": D("1.78"), "rounding": D("0.00"), "total": D("31.50")}
    values.update(changes)
    return values


def test_consistent_receipt_passes():
    out = run_schema(groceries())
    assert {k: v.status for k, v in out.items()} == {"subtotal_plus_tax": "pass", "receipt_items_sum": "pass",
                                                     "date_not_future": "pass"}


def test_rounding_adjustment_line_is_added():
    out = run_schema(groceries(tax=D("1.80"), rounding=D("-0.02")))
    assert out["subtotal_plus_tax"].status == "pass" and "- rounding 0.02" in out["subtotal_plus_tax"].message


def test_unprinted_rounding_only_warns():
    out = run_schema(groceries(rounding=None, total=D("31.55")))
    assert out["subtotal_plus_tax"].status == "warn" and "rounding" in out["subtotal_plus_tax"].message


def test_tax_inclusive_receipt_warns_instead_of_failing():
    # "TOTAL INCL. GST": subtotal already contains the tax; the schema sets severity warn
    out = run_schema(groceries(subtotal=D("31.50"), tax=D("1.78"), rounding=None, total=D("31.50")))
    c = out["subtotal_plus_tax"]
    assert c.status == "warn" and "31.50 + tax 1.78 = 33.28 but total is 31.50" in c.message


def test_items_sum_against_subtotal_or_total():
    c = run_schema(groceries(items=groceries()["items"][:2]))["receipt_items_sum"]
    assert c.status == "warn" and "add up to 24.90 but subtotal is 29.72" in c.message
    c = run_schema(groceries(subtotal=None, tax=None, rounding=None))["receipt_items_sum"]
    assert c.status == "warn" and "total is 31.50" in c.message
    c = run_schema(groceries(subtotal=None, tax=None, rounding=None, total=D("29.72")))["receipt_items_sum"]
    assert c.status == "pass"
    items = groceries()["items"]
    items[1] = {**items[1], "amount": None}
    assert "receipt_items_sum" not in run_schema(groceries(items=items))


def test_future_date_fails():
    assert run_schema(groceries(date=dt.date(2027, 12, 25)))["date_not_future"].status == "fail"


def test_receipt_dates_are_day_first_but_a_call_can_override():
    r = validate({"merchant_name": "X", "date": "03/04/2018", "total": "9.00"}, schema="receipt")
    assert r.record.date == dt.date(2018, 4, 3)
    us = validate({"merchant_name": "X", "date": "03/04/2018", "total": "9.00"}, schema="receipt",
                  options=ExtractOptions(day_first=False))
    assert us.record.date == dt.date(2018, 3, 4)


def test_sroie_labels_validate_with_the_receipt_schema(sroie_dir):
    """Every real label normalises; day-first is what these Malaysian receipts need."""
    keys = sorted((sroie_dir / "key").glob("*.json"))
    assert len(keys) >= 100
    month_first_differs = defaults = 0   # defaults: dates read day first only because nothing fixed the order
    for path in keys:
        label = json.loads(path.read_text(encoding="utf-8"))
        r = validate({"merchant_name": label["company"], "merchant_address": label["address"],
                      "date": label["date"], "total": label["total"]}, schema="receipt",
                     options=ExtractOptions(today=TODAY))
        bad = [(c.code, c.message) for c in r.checks if c.status != "pass"
               and not (c.code == "date.locale" and "the default" in c.message)]
        assert not bad, (path.name, bad)
        defaults += any(c.code == "date.locale" and c.status == "warn" for c in r.checks)
        assert r.record.date is not None and r.record.total is not None
        try:
            month_first_differs += parse_date(label["date"], day_first=False) != r.record.date
        except ValueError:
            month_first_differs += 1
    # a third of them would be read wrongly (or not at all) month first; with no page to decide, those that
    # read month first too say that the default decided (a date.locale warning)
    assert month_first_differs > len(keys) // 4
    assert 0 < defaults <= month_first_differs
