"""Generic rules: sums with cent drift, a + b = total, date order, expiry, presence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from docextract.checks import CheckContext, run_rule, validate_params
from docextract.checks.common import parse_period
from docextract.errors import InvalidFormat
from docextract.schema import load_schema_text

TODAY = dt.date(2026, 11, 23)


def ctx(values=None, raw=None, schema=None, tolerance="0.01"):
    return CheckContext(values=values or {}, raw=raw or {}, schema=schema, today=TODAY, tolerance=D(tolerance))


def statuses(checks):
    return [c.status for c in checks]


# ------------------------------------------------------------------------------------------- sum_equals

def three_lines(*amounts):
    return {"items": [{"amount": D(a), "tax": None} for a in amounts]}


@pytest.mark.parametrize("total, status", [("265.50", "pass"), ("265.51", "pass"), ("265.49", "pass"),
                                           ("265.52", "fail"), ("256.50", "fail")])
def test_sum_equals_tolerates_one_cent(total, status):
    c = run_rule("sum_equals", ctx({**three_lines("88.50", "88.50", "88.50"), "total_amount": D(total)}),
                 {"items_field": "items.amount", "total_field": "total_amount"})
    assert statuses(c) == [status]
    assert "265.50" in c[0].message and total in c[0].message
    assert c[0].code == "sum_equals"


def test_sum_equals_message_names_both_values_and_difference():
    c = run_rule("sum_equals", ctx({**three_lines("88.50", "88.50", "88.50"), "total_amount": D("256.50")}),
                 {"items_field": "items.amount", "total_field": "total_amount"})[0]
    assert c.message == ("the 3 line amounts add up to 265.50 but total_amount is 256.50 (difference 9.00)")
    assert c.fields == ["items.amount", "total_amount"]


def test_sum_equals_own_tolerance_and_missing_line():
    values = {**three_lines("88.50", "88.50", "88.50"), "total_amount": D("265.55")}
    params = {"items_field": "items.amount", "total_field": "total_amount"}
    assert statuses(run_rule("sum_equals", ctx(values), {**params, "tolerance": 0.05})) == ["pass"]
    values["items"][1]["amount"] = None
    c = run_rule("sum_equals", ctx(values), params)[0]
    assert c.status == "warn" and "line(s) 2" in c.message and "items[1].amount" in c.fields


def test_sum_equals_not_applicable_without_total_or_items():
    params = {"items_field": "items.amount", "total_field": "total_amount"}
    assert run_rule("sum_equals", ctx(three_lines("1.00")), params) == []
    assert run_rule("sum_equals", ctx({"items": [], "total_amount": D("1")}), params) == []


# ------------------------------------------------------------------------------------------- a + b

def test_subtotal_plus_tax_exact_drift_and_failure():
    ok = run_rule("subtotal_plus_tax", ctx({"subtotal": D("884.96"), "tax": D("115.04"), "total": D("1000.00")}), {})
    assert statuses(ok) == ["pass"] and ok[0].message == "subtotal 884.96 + tax 115.04 = total 1000.00"
    drift = run_rule("subtotal_plus_tax", ctx({"subtotal": D("884.96"), "tax": D("115.05"), "total": D("1000.00")}),
                     {})
    assert statuses(drift) == ["pass"] and "within 0.01" in drift[0].message
    bad = run_rule("subtotal_plus_tax", ctx({"subtotal": D("884.96"), "tax": D("115.04"), "total": D("1100.00")}),
                   {})
    assert statuses(bad) == ["fail"]
    assert bad[0].message == ("subtotal 884.96 + tax 115.04 = 1000.00 but total is 1100.00 (difference 100.00)")


def test_a_plus_b_with_rounding_adjustment_and_warn_within():
    values = {"subtotal": D("29.72"), "tax": D("1.78"), "rounding": D("-0.00"), "total": D("31.50")}
    params = {"adjust_fields": ["rounding"], "warn_within": "0.05"}
    assert statuses(run_rule("subtotal_plus_tax", ctx(values), params)) == ["pass"]
    values.update(rounding=None, total=D("31.55"))  # total rounded up to 0.05, no rounding line read
    c = run_rule("subtotal_plus_tax", ctx(values), params)[0]
    assert c.status == "warn" and "rounding adjustment" in c.message
    values["rounding"] = D("0.05")
    c = run_rule("subtotal_plus_tax", ctx(values), params)[0]
    assert c.status == "pass" and "+ rounding 0.05" in c.message and "rounding" in c.fields
    values.update(rounding=None, total=D("31.80"))
    assert statuses(run_rule("subtotal_plus_tax", ctx(values), params)) == ["fail"]


def test_a_plus_b_severity_warn_downgrades_failure():
    values = {"a": D("1"), "b": D("2"), "c": D("4")}
    params = {"a_field": "a", "b_field": "b", "total_field": "c"}
    assert statuses(run_rule("a_plus_b_equals", ctx(values), params)) == ["fail"]
    assert statuses(run_rule("a_plus_b_equals", ctx(values), params, severity="warn")) == ["warn"]
    assert run_rule("a_plus_b_equals", ctx({"a": D("1"), "c": D("4")}), params) == []


def test_context_tolerance_is_used():
    values = {"subtotal": D("10.00"), "tax": D("1.30"), "total": D("11.34")}
    assert statuses(run_rule("subtotal_plus_tax", ctx(values), {})) == ["fail"]
    assert statuses(run_rule("subtotal_plus_tax", ctx(values, tolerance="0.05"), {})) == ["pass"]


def test_bad_tolerance_becomes_a_failed_check_not_a_crash():
    c = run_rule("subtotal_plus_tax", ctx({"subtotal": D("1"), "tax": D("1"), "total": D("2")}),
                 {"tolerance": "lots"})
    assert statuses(c) == ["fail"] and "could not run" in c[0].message


# ------------------------------------------------------------------------------------------- dates

def test_date_order():
    p = {"earlier_field": "issue_date", "later_field": "due_date"}
    ok = run_rule("date_order", ctx({"issue_date": dt.date(2024, 3, 1), "due_date": dt.date(2024, 3, 31)}), p)
    assert statuses(ok) == ["pass"]
    same = run_rule("date_order", ctx({"issue_date": dt.date(2024, 3, 1), "due_date": dt.date(2024, 3, 1)}), p)
    assert statuses(same) == ["pass"]
    strict = run_rule("date_order", ctx({"issue_date": dt.date(2024, 3, 1), "due_date": dt.date(2024, 3, 1)}),
                      {**p, "allow_equal": False})
    assert statuses(strict) == ["fail"]
    bad = run_rule("date_order", ctx({"issue_date": dt.date(2024, 3, 31), "due_date": dt.date(2024, 3, 1)}), p)[0]
    assert bad.status == "fail" and bad.message == "issue_date 2024-03-31 is after due_date 2024-03-01"
    assert run_rule("date_order", ctx({"issue_date": dt.date(2024, 3, 31)}), p) == []


@pytest.mark.parametrize("day, status", [(TODAY, "pass"), (TODAY + dt.timedelta(days=1), "pass"),
                                         (TODAY + dt.timedelta(days=2), "fail"), (dt.date(2019, 1, 1), "pass")])
def test_date_not_future(day, status):
    assert statuses(run_rule("date_not_future", ctx({"issue_date": day}), {"field": "issue_date"})) == [status]


def test_date_not_future_message_and_grace():
    c = run_rule("date_not_future", ctx({"d": dt.date(2027, 1, 5)}), {"field": "d", "grace_days": 0})[0]
    assert c.message == "d 2027-01-05 is in the future (today is 2026-11-23)"


def test_not_expired_past_future_soon_and_strict():
    p = {"field": "expiry_date"}
    c = run_rule("not_expired", ctx({"expiry_date": dt.date(2012, 4, 15)}), p)[0]
    assert c.status == "warn" and "expired on 2012-04-15" in c.message
    assert statuses(run_rule("not_expired", ctx({"expiry_date": dt.date(2012, 4, 15)}),
                             {**p, "expired_status": "fail"})) == ["fail"]
    assert statuses(run_rule("not_expired", ctx({"expiry_date": dt.date(2030, 1, 1)}), p)) == ["pass"]
    assert statuses(run_rule("not_expired", ctx({"expiry_date": TODAY}), p)) == ["pass"]
    soon = run_rule("not_expired", ctx({"expiry_date": TODAY + dt.timedelta(days=10)}), {**p, "warn_days": 30})[0]
    assert soon.status == "warn" and "in 10 days" in soon.message


def test_not_expired_reads_no_expiry_word_and_period():
    c = run_rule("not_expired", ctx({"valid_until": None}, raw={"valid_until": "长期"}), {"field": "valid_until"})[0]
    assert c.status == "pass" and "no expiry" in c.message
    p = {"field": "valid_until", "period_field": "validity_period"}
    c = run_rule("not_expired", ctx({"validity_period": "2015.03.01-2025.03.01"}), p)[0]
    assert c.status == "warn" and "2025-03-01" in c.message and c.fields == ["validity_period"]
    c = run_rule("not_expired", ctx({"validity_period": "2015.03.01-长期"}), p)[0]
    assert c.status == "pass"
    assert run_rule("not_expired", ctx({"validity_period": "2015.03"}), p) == []
    assert run_rule("not_expired", ctx({}), p) == []


def test_not_expired_uses_the_schemas_no_expiry_words():
    s = load_schema_text("name: t\nfields:\n  - name: until\n    type: date\n    options: {no_expiry: [UNBEFRISTET]}\n")
    c = run_rule("not_expired", ctx({"until": None}, raw={"until": "unbefristet"}, schema=s), {"field": "until"})
    assert statuses(c) == ["pass"]


def test_plausible_birth_date():
    p = {"field": "birth_date"}
    assert statuses(run_rule("plausible_birth_date", ctx({"birth_date": dt.date(1949, 12, 31)}), p)) == ["pass"]
    assert statuses(run_rule("plausible_birth_date", ctx({"birth_date": dt.date(2099, 12, 31)}), p)) == ["fail"]
    old = run_rule("plausible_birth_date", ctx({"birth_date": dt.date(1880, 1, 1)}), p)[0]
    assert old.status == "warn" and "146" in old.message


# ------------------------------------------------------------------------------------------- periods

@pytest.mark.parametrize("text, start, end", [
    ("2015.03.01-2035.03.01", dt.date(2015, 3, 1), dt.date(2035, 3, 1)),
    ("2015.03.01—2035.03.01", dt.date(2015, 3, 1), dt.date(2035, 3, 1)),
    ("2015-03-01 - 2035-03-01", dt.date(2015, 3, 1), dt.date(2035, 3, 1)),
    ("20150301-20350301", dt.date(2015, 3, 1), dt.date(2035, 3, 1)),
    ("２０１５．０３．０１－２０３５．０３．０１", dt.date(2015, 3, 1), dt.date(2035, 3, 1)),
    ("2015年03月01日至2035年03月01日", dt.date(2015, 3, 1), dt.date(2035, 3, 1)),
    ("2008.1.9-长期", dt.date(2008, 1, 9), None),
    ("有效期限 2008.01.09 - 長期", dt.date(2008, 1, 9), None),
])
def test_parse_period(text, start, end):
    assert parse_period(text) == (start, end)


@pytest.mark.parametrize("text", ["2015.03.01", "2015.13.01-2035.13.01", "长期", "2015.03.01-2035.03.01-2045.03.01"])
def test_parse_period_rejects(text):
    with pytest.raises(InvalidFormat):
        parse_period(text)


# ------------------------------------------------------------------------------------------- presence

def test_required_together_and_one_of_required():
    p = {"fields": ["seller_name", "seller_tax_id"]}
    c = run_rule("required_together", ctx({"seller_tax_id": "91310106552993944D"}), p)[0]
    assert c.status == "fail" and c.message == "seller_tax_id is given but seller_name is missing"
    assert run_rule("required_together", ctx({}), p) == []
    assert statuses(run_rule("required_together", ctx({"seller_name": "x", "seller_tax_id": "y"}), p)) == ["pass"]
    q = {"fields": ["total", "total_with_tax"]}
    assert statuses(run_rule("one_of_required", ctx({"total_with_tax": D("1")}), q)) == ["pass"]
    c = run_rule("one_of_required", ctx({"total": None}), q)[0]
    assert c.status == "fail" and "none of total, total_with_tax" in c.message


def test_default_field_names_are_verified_at_load():
    with pytest.raises(ValueError, match="'subtotal_field' names unknown field 'subtotal'"):
        validate_params("subtotal_plus_tax", {}, {"tax", "total"})
    validate_params("subtotal_plus_tax", {"subtotal_field": "net"}, {"net", "tax", "total"})
    validate_params("receipt_items_sum", {"subtotal_field": None}, {"items.amount", "total"})
