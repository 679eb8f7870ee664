"""Invoice rules on real-looking Chinese VAT invoices: cent drift from tax-inclusive pricing, 大写,
invoice numbers of legacy and fully digital invoices, tax IDs; and the international invoice schema."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docextract.checks import CheckContext, run_rule
from docextract.normalize.capital import to_capital
from docextract.schema import load_schema

TODAY = dt.date(2026, 11, 23)


def ctx(values, raw=None, schema=None, tolerance="0.01"):
    return CheckContext(values=values, raw=raw or {}, schema=schema, today=TODAY, tolerance=D(tolerance))


def run(name, values, params=None, raw=None):
    return run_rule(name, ctx(values, raw), params or {})


def item(amount, rate, tax, quantity=None, price=None, name="*餐饮服务*餐费"):
    return {"name": name, "quantity": None if quantity is None else D(quantity),
            "unit_price": None if price is None else D(price), "amount": D(amount),
            "tax_rate": None if rate is None else D(rate), "tax": None if tax is None else D(tax)}


def catering_invoice():
    """Three lines sold at 100.00 tax-included (13 %): 88.50 + 11.50 each, a 1-cent drift per line."""
    items = [item("88.50", "0.13", "11.50", "1", "88.495575221239", name="*日用品*洗衣液"),
             item("88.50", "0.13", "11.50", "1", "88.495575221239", name="*日用品*纸巾"),
             item("88.50", "0.13", "11.50", "1", "88.495575221239", name="*日用品*牙膏")]
    return {"invoice_code": None, "invoice_number": "24312000000012345678", "issue_date": dt.date(2024, 3, 15),
            "buyer_name": "上海某某科技有限公司", "buyer_tax_id": "91310106552993944D",
            "seller_name": "深圳某某贸易有限公司", "seller_tax_id": "9144030071526726XG", "items": items,
            "total_amount": D("265.50"), "total_tax": D("34.50"), "total_with_tax": D("300.00"),
            "total_with_tax_capital": "ⓧ叁佰圆整"}


# ------------------------------------------------------------------------------------------- lines

def test_line_tax_with_one_cent_drift_passes():
    c = run("line_tax_rate", catering_invoice())  # 88.50 × 13 % = 11.505 → 11.51, printed 11.50
    assert [(x.status, x.message) for x in c] == [("pass", "tax = amount × rate on all 3 line(s) (within 0.01)")]


def test_line_tax_wrong_by_more_than_tolerance_names_the_line():
    inv = catering_invoice()
    inv["items"][1]["tax"] = D("15.50")
    c = run("line_tax_rate", inv)
    assert [x.status for x in c] == ["fail"]
    assert c[0].message == "tax ≠ amount × rate: line 2: 88.50 × 13% = 11.51 but the tax reads 15.50"
    assert c[0].fields == ["items[1].tax"]


def test_line_tax_rate_outside_the_legal_set_warns():
    inv = {"items": [item("100.00", "0.17", "17.00"), item("100.00", "0.06", "6.00")],
           "issue_date": dt.date(2024, 3, 15)}
    c = run("line_tax_rate", inv, {"date_field": "issue_date"})
    assert [x.status for x in c] == ["pass", "warn"]
    assert "line 1: 17%" in c[1].message and "13%, 9%, 6%, 5%, 3%, 1%, 0%" in c[1].message
    assert c[1].fields == ["items[0].tax_rate"]


def test_historic_rates_are_legal_on_old_invoices():
    inv = {"items": [item("100.00", "0.17", "17.00")], "issue_date": dt.date(2017, 11, 2)}
    assert [x.status for x in run("line_tax_rate", inv, {"date_field": "issue_date"})] == ["pass"]
    inv["issue_date"] = dt.date(2018, 11, 2)  # 17 % was cut to 16 % on 2018-05-01
    assert [x.status for x in run("line_tax_rate", inv, {"date_field": "issue_date"})] == ["pass", "warn"]
    assert [x.status for x in run("line_tax_rate", inv, {"allowed_rates": [17]})] == ["pass"]


def test_exempt_lines():
    inv = {"items": [{"amount": D("500.00"), "tax_rate": None, "tax": None}]}
    assert [x.status for x in run("line_tax_rate", inv, raw={"items": [{"tax_rate": "免税", "tax": "***"}]})] == ["pass"]
    inv = {"items": [{"amount": D("500.00"), "tax_rate": None, "tax": D("65.00")}]}
    c = run("line_tax_rate", inv, raw={"items": [{"tax_rate": "免税", "tax": "65.00"}]})
    assert [x.status for x in c] == ["fail"] and "rate 免税 but tax 65.00" in c[0].message


def test_line_tax_not_applicable_without_rates():
    assert run("line_tax_rate", {"items": [{"amount": D("1.00"), "tax_rate": None, "tax": None}]}) == []
    assert run("line_tax_rate", {}) == []


def test_quantity_times_unit_price_with_many_decimals():
    assert [x.status for x in run("line_quantity_price", catering_invoice())] == ["pass"]
    # unit price printed rounded to 2 decimals: 3 × 29.50 = 88.50 exactly; 7 × 12.64 = 88.48 ≈ 88.50 within 7 × 0.005
    inv = {"items": [item("88.50", None, None, "3", "29.50"), item("88.50", None, None, "7", "12.64")]}
    assert [x.status for x in run("line_quantity_price", inv)] == ["pass"]


def test_quantity_times_unit_price_mismatch():
    inv = {"items": [item("88.50", None, None, "2", "29.50")]}
    c = run("line_quantity_price", inv)
    assert [x.status for x in c] == ["fail"]
    assert c[0].message == "quantity × unit price ≠ amount: line 1: 2 × 29.50 = 59.00 but the amount reads 88.50"


# ------------------------------------------------------------------------------------------- totals

def test_invoice_totals_and_capital_pass():
    inv = catering_invoice()
    got = {name: [x.status for x in run(name, inv, params)] for name, params in [
        ("sum_equals", {"items_field": "items.amount", "total_field": "total_amount"}),
        ("amount_plus_tax", {}), ("capital_matches", {})]}
    assert got == {"sum_equals": ["pass"], "amount_plus_tax": ["pass"], "capital_matches": ["pass"]}
    assert [x.status for x in run("sum_equals", inv, {"items_field": "items.tax", "total_field": "total_tax"})] \
        == ["pass"]


def test_amount_plus_tax_off_by_a_cent_and_a_yuan():
    inv = {"total_amount": D("884.96"), "total_tax": D("115.04"), "total_with_tax": D("1000.01")}
    assert [x.status for x in run("amount_plus_tax", inv)] == ["pass"]
    inv["total_with_tax"] = D("1001.00")
    c = run("amount_plus_tax", inv)[0]
    assert c.status == "fail"
    assert c.message == ("total_amount 884.96 + total_tax 115.04 = 1000.00 but total_with_tax is 1001.00 "
                         "(difference 1.00)")


@pytest.mark.parametrize("capital, amount, status", [
    ("ⓧ壹仟壹佰叁拾圆整", "1130.00", "pass"),
    ("⊗玖佰叁拾捌圆零陆分", "938.06", "pass"),
    ("（大写）捌拾捌圆整", "88.00", "pass"),
    ("壹万零伍拾元整", "10050.00", "pass"),
    ("壹仟壹佰叁拾圆整", "1131.00", "fail"),
    ("玖佰叁拾捌圆零陆分", "938.60", "fail"),
    ("壹仟壹佰叁拾", "1130.00", "pass"),
])
def test_capital_matches(capital, amount, status):
    c = run("capital_matches", {"total_with_tax_capital": capital, "total_with_tax": D(amount)})
    assert [x.status for x in c] == [status]


def test_capital_mismatch_message_gives_both_values_and_the_right_words():
    c = run("capital_matches", {"total_with_tax_capital": "壹仟壹佰叁拾圆整", "total_with_tax": D("1131.00")})[0]
    assert c.message == ("total_with_tax_capital 壹仟壹佰叁拾圆整 reads 1130.00 but total_with_tax is 1131.00; "
                         "1131.00 is written 壹仟壹佰叁拾壹圆整")


def test_capital_unreadable():
    c = run("capital_matches", {"total_with_tax_capital": "1130元", "total_with_tax": D("1130.00")})[0]
    assert c.status == "fail" and "cannot be read" in c.message


# ------------------------------------------------------------------------------------------- numbers and IDs

@pytest.mark.parametrize("code, number, day, statuses", [
    (None, "24312000000012345678", "2024-03-15", ["pass"]),       # 数电票, year 24
    (None, "23312000000012345678", "2024-03-15", ["fail"]),       # year digits 23 ≠ 2024
    ("031001900204", "24312000000012345678", "2024-03-15", ["warn", "pass"]),  # 数电票 has no code
    ("031001900204", "12345678", "2020-06-01", ["pass"]),         # 12-digit code, year digits 6-7 = 19
    ("3100194130", "04811321", "2019-08-30", ["pass"]),           # 10-digit code, year digits 5-6 = 19
    ("3100214130", "04811321", "2019-08-30", ["warn"]),           # code from 2021 on a 2019 invoice
    (None, "04811321", "2019-08-30", ["fail"]),                   # 8 digits need a code
    ("31001941", "04811321", "2019-08-30", ["fail"]),             # code of 8 digits
    (None, "0481132", "2019-08-30", ["fail"]),                    # 7 digits
    (None, "0481132A", "2019-08-30", ["fail"]),
])
def test_invoice_number_format(code, number, day, statuses):
    values = {"invoice_code": code, "invoice_number": number, "issue_date": dt.date.fromisoformat(day)}
    assert [x.status for x in run("cn_invoice_number_format", values)] == statuses


def test_invoice_number_year_message():
    c = run("cn_invoice_number_format", {"invoice_number": "23312000000012345678",
                                         "issue_date": dt.date(2024, 3, 15)})[0]
    assert c.message == ("invoice_number 23312000000012345678 starts with year 23 but the invoice was issued on "
                         "2024-03-15")


@pytest.mark.parametrize("tax_id, status, words", [
    ("91310106552993944D", "pass", "unified social credit code"),
    ("9144030071526726XG", "pass", "unified social credit code"),
    ("91350100M000100Y43", "pass", "unified social credit code"),
    ("9131 0106 5529 9394 4D", "pass", "unified social credit code"),
    ("91310106552993944E", "fail", "check character"),
    ("11010519491231002X", "pass", "personal ID number"),
    ("310104123456789", "warn", "legacy 15-character"),
    ("31010419900307851200", "warn", "legacy 20-character"),
    ("9131010655299", "fail", "got 13"),
])
def test_tax_ids(tax_id, status, words):
    c = run("cn_tax_id", {"seller_tax_id": tax_id}, {"fields": ["buyer_tax_id", "seller_tax_id"]})
    assert [x.status for x in c] == [status] and words in c[0].message and c[0].fields == ["seller_tax_id"]


# ------------------------------------------------------------------------------------------- whole schemas

def run_schema(name, values, raw=None):
    s = load_schema(name)
    c = ctx(values, raw, schema=s)
    return [x for spec in s.checks for x in run_rule(spec.rule, c, dict(spec.params), spec.severity)]


def test_cn_vat_invoice_all_rules_pass_on_a_consistent_invoice():
    out = run_schema("cn_vat_invoice", catering_invoice())
    assert {x.status for x in out} == {"pass"}
    assert [x.code for x in out] == ["sum_equals", "sum_equals", "amount_plus_tax", "line_tax_rate",
                                     "line_quantity_price", "capital_matches", "cn_invoice_number_format",
                                     "cn_tax_id", "cn_tax_id", "date_not_future"]


def test_cn_vat_invoice_misread_total_is_caught_three_ways():
    inv = catering_invoice()
    inv["total_with_tax"] = D("800.00")  # 3 read as 8
    failed = sorted(x.code for x in run_schema("cn_vat_invoice", inv) if x.status == "fail")
    assert failed == ["amount_plus_tax", "capital_matches"]


def test_international_invoice_schema():
    values = {"invoice_number": "INV-2024-0042", "issue_date": dt.date(2024, 3, 1), "due_date": dt.date(2024, 3, 31),
              "items": [{"description": "Consulting", "quantity": D("12"), "unit_price": D("150.00"),
                         "amount": D("1800.00")},
                        {"description": "Travel", "quantity": D("1"), "unit_price": D("245.50"),
                         "amount": D("245.50")}],
              "subtotal": D("2045.50"), "tax": D("388.65"), "total": D("2434.15")}
    out = run_schema("invoice", values)
    assert [(x.code, x.status) for x in out] == [("sum_equals", "pass"), ("subtotal_plus_tax", "pass"),
                                                 ("line_quantity_price", "pass"), ("date_order", "pass"),
                                                 ("date_not_future", "pass")]
    values.update(due_date=dt.date(2024, 2, 1), subtotal=D("2145.50"))
    got = {x.code: x.status for x in run_schema("invoice", values)}
    assert got["sum_equals"] == "warn" and got["subtotal_plus_tax"] == "fail" and got["date_order"] == "fail"


# ------------------------------------------------------------------------------------------- properties

cents = st.integers(min_value=1, max_value=10**10).map(lambda n: D(n).scaleb(-2))
rates = st.sampled_from(["0.13", "0.09", "0.06", "0.05", "0.03", "0.01", "0"]).map(D)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(cents, rates), min_size=1, max_size=8))
def test_any_consistently_computed_invoice_passes(lines):
    """Lines whose tax is amount × rate rounded half up, and totals that add up, pass every arithmetic rule."""
    items = [{"amount": a, "tax_rate": r, "tax": (a * r).quantize(D("0.01"), rounding="ROUND_HALF_UP")}
             for a, r in lines]
    total_amount, total_tax = sum(i["amount"] for i in items), sum(i["tax"] for i in items)
    values = {"items": items, "total_amount": total_amount, "total_tax": total_tax,
              "total_with_tax": total_amount + total_tax, "total_with_tax_capital": to_capital(total_amount + total_tax)}
    for name, params in [("line_tax_rate", {}), ("amount_plus_tax", {}), ("capital_matches", {}),
                         ("sum_equals", {"items_field": "items.amount", "total_field": "total_amount"}),
                         ("sum_equals", {"items_field": "items.tax", "total_field": "total_tax"})]:
        assert [c.status for c in run(name, values, params)] == ["pass"], (name, values)


@settings(max_examples=200, deadline=None)
@given(cents, st.integers(min_value=1, max_value=99).map(lambda n: D(n).scaleb(-2)))
def test_capital_catches_any_wrong_figure(amount, delta):
    values = {"total_with_tax_capital": to_capital(amount), "total_with_tax": amount + delta}
    assert [c.status for c in run("capital_matches", values)] == ["fail"]
