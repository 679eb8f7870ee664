"""Chinese ID card rules: ID digits vs printed fields, region, ethnicity, validity period of the back."""

from __future__ import annotations

import datetime as dt

import pytest
from stdnum.cn import ric as stdnum_ric

from docextract.checks import CheckContext, run_rule
from docextract.checks.idcard import ETHNICITIES, expected_validity_years, normalize_ethnicity
from docextract.schema import load_schema

TODAY = dt.date(2026, 11, 23)
ZHANG = "11010519491231002X"  # GB 11643 example: Beijing Chaoyang, 1949-12-31, female


def ric(first17: str) -> str:
    """A valid ID number from its first 17 digits (python-stdnum computes the check digit)."""
    return first17 + stdnum_ric.calc_check_digit(first17)


def ctx(values, raw=None, schema=None):
    return CheckContext(values=values, raw=raw or {}, schema=schema, today=TODAY)


def run(name, values, params=None, raw=None, schema=None):
    return run_rule(name, ctx(values, raw, schema), params or {})


# ------------------------------------------------------------------------------------------- front

def test_birth_date_matches_digits_7_to_14():
    c = run("cn_ric_birth_date", {"id_number": ZHANG, "birth_date": dt.date(1949, 12, 31)})
    assert [x.status for x in c] == ["pass"] and c[0].fields == ["birth_date", "id_number"]


def test_birth_date_mismatch_names_both_dates():
    c = run("cn_ric_birth_date", {"id_number": ZHANG, "birth_date": dt.date(1949, 12, 13)})[0]
    assert c.status == "fail"
    assert c.message == "birth_date is 1949-12-13 but the ID number encodes 1949-12-31 (digits 19491231)"


def test_birth_date_not_a_date_in_the_number():
    n = ric("11010519491331002")  # month 13, checksum right
    c = run("cn_ric_birth_date", {"id_number": n, "birth_date": dt.date(1949, 12, 31)})[0]
    assert c.status == "fail" and "19491331" in c.message


@pytest.mark.parametrize("values", [
    {"id_number": ZHANG},                                             # no birth date
    {"id_number": "1101051949", "birth_date": dt.date(1949, 12, 31)},  # not 18 chars: the field check reports it
    {"birth_date": dt.date(1949, 12, 31)},
])
def test_birth_date_not_applicable(values):
    assert run("cn_ric_birth_date", values) == []


@pytest.mark.parametrize("number, sex, status", [
    (ZHANG, "female", "pass"),
    (ZHANG, "male", "fail"),
    (ric("44052418800101001"), "male", "pass"),
    (ric("44052418800101001"), "女", "fail"),
    (ric("31010419900307851"), "male", "pass"),
    (ric("31010419900307852"), "female", "pass"),
    (ric("31010419900307852").lower(), "female", "pass"),
])
def test_sex_parity_of_digit_17(number, sex, status):
    assert [c.status for c in run("cn_ric_sex", {"id_number": number, "sex": sex})] == [status]


def test_sex_mismatch_message():
    c = run("cn_ric_sex", {"id_number": ZHANG, "sex": "male"})[0]
    assert c.message == "sex is male but digit 17 of the ID number is 2 (even), which means female"


def test_region_known_unknown_and_retired():
    ok = run("cn_ric_region", {"id_number": ZHANG})[0]
    assert ok.status == "pass" and "110105" in ok.message and "北京" in ok.message
    # 340524: province 34 (Anhui) exists, county 0524 does not; stdnum itself raises KeyError here
    unknown = run("cn_ric_region", {"id_number": ric("34052419800101001")})[0]
    assert unknown.status == "warn" and "340524" in unknown.message
    assert run("cn_ric_region", {"id_number": ric("99000019800101001")})[0].status == "warn"
    assert run("cn_ric_region", {"id_number": None}) == []


def test_fifty_six_ethnic_groups():
    assert len(ETHNICITIES) == 56 == len(set(ETHNICITIES))
    for name in ETHNICITIES:
        assert normalize_ethnicity(name) == name and normalize_ethnicity(name + "族") == name


@pytest.mark.parametrize("text, status", [("汉", "pass"), ("汉族", "pass"), ("土", "pass"), ("土家族", "pass"),
                                          ("维吾尔族", "pass"), ("漢", "pass"), (" 蒙古 ", "pass"), ("Ｈan", "warn"),
                                          ("穿青人", "warn"), ("汉汉", "warn"), ("族", "warn")])
def test_ethnicity(text, status):
    assert [c.status for c in run("cn_ethnicity", {"ethnicity": text})] == [status]


def test_ethnicity_warning_names_the_value():
    c = run("cn_ethnicity", {"ethnicity": "穿青人"})[0]
    assert c.message == "ethnicity '穿青人' is not one of the 56 official ethnic groups"


# ------------------------------------------------------------------------------------------- back

@pytest.mark.parametrize("start, end, status", [
    ("2015.03.01", "2035.03.01", "pass"),   # 20 years
    ("2019.07.15", "2029.07.15", "pass"),   # 10 years
    ("2021.01.04", "2026.01.04", "pass"),   # 5 years
    ("2015.03.01", "2035.03.02", "fail"),   # a day too many
    ("2015.03.01", "2030.03.01", "fail"),   # 15 years
    ("2016.02.29", "2026.02.28", "pass"),   # leap day start
])
def test_validity_period_length(start, end, status):
    params = {"period_field": "validity_period"}
    c = run("cn_id_validity_period", {"validity_period": f"{start}-{end}"}, params)
    assert [x.status for x in c] == [status]
    if status == "fail":
        assert "not 5, 10 or 20 years" in c[0].message


def test_validity_period_from_separate_fields_and_long_term():
    c = run("cn_id_validity_period", {"valid_from": dt.date(2015, 3, 1), "valid_until": dt.date(2035, 3, 1)})
    assert [x.status for x in c] == ["pass"] and "20 years" in c[0].message
    c = run("cn_id_validity_period", {"valid_from": dt.date(2008, 1, 9), "valid_until": None},
            raw={"valid_until": "长期"})
    assert [x.status for x in c] == ["pass"] and "长期" in c[0].message
    assert run("cn_id_validity_period", {"valid_from": dt.date(2008, 1, 9)}) == []


def test_validity_period_unreadable_fails_with_the_text():
    c = run("cn_id_validity_period", {"validity_period": "2015.03.01-2035"}, {"period_field": "validity_period"})
    assert [x.status for x in c] == ["fail"] and "'2015.03.01-2035'" in c[0].message


def test_validity_period_start_in_the_future():
    c = run("cn_id_validity_period", {"validity_period": "2027.03.01-2037.03.01"}, {"period_field": "validity_period"})
    assert [x.status for x in c] == ["fail", "pass"]


def test_expected_validity_by_age():
    assert [expected_validity_years(a) for a in (0, 15, 16, 25, 26, 45, 46, 80)] == [5, 5, 10, 10, 20, 20, None, None]


@pytest.mark.parametrize("birth, period, statuses", [
    ("1980-05-08", "2015.03.01-2035.03.01", ["pass", "pass"]),   # 34 at issue: 20 years
    ("1960-05-08", "2015.03.01-长期", ["pass", "pass"]),          # 54 at issue: long-term
    ("1980-05-08", "2015.03.01-长期", ["pass", "warn"]),          # 34 at issue: 长期 is wrong
    ("2005-05-08", "2015.03.01-2035.03.01", ["pass", "warn"]),   # 9 at issue: should be 5 years
    ("2016-05-08", "2015.03.01-2020.03.01", ["pass", "fail"]),   # issued before birth
])
def test_age_at_issue(birth, period, statuses):
    values = {"validity_period": period, "birth_date": dt.date.fromisoformat(birth)}
    c = run("cn_id_validity_period", values, {"period_field": "validity_period", "birth_field": "birth_date"})
    assert [x.status for x in c] == statuses


def test_age_at_issue_from_the_id_number():
    values = {"validity_period": "2015.03.01-2025.03.01", "id_number": ZHANG}  # born 1949: should be 长期
    c = run("cn_id_validity_period", values, {"period_field": "validity_period", "id_field": "id_number"})
    assert [x.status for x in c] == ["pass", "warn"]
    assert "was 65 at issue" in c[1].message and "id_number" in c[1].fields


@pytest.mark.parametrize("text, status", [("北京市公安局朝阳分局", "pass"), ("深圳市公安局南山分局", "pass"),
                                          ("阳朔县公安局", "pass"), ("北京市朝阳区", "warn")])
def test_issuing_authority(text, status):
    assert [c.status for c in run("cn_issuing_authority", {"issuing_authority": text})] == [status]


# ------------------------------------------------------------------------------------------- whole schemas

def test_front_schema_rules_together():
    s = load_schema("cn_id_card")
    values = {"name": "张三", "sex": "female", "ethnicity": "汉", "birth_date": dt.date(1949, 12, 31),
              "address": "北京市朝阳区建国路88号", "id_number": ZHANG}
    c = ctx(values, schema=s)
    out = [x for spec in s.checks for x in run_rule(spec.rule, c, dict(spec.params), spec.severity)]
    assert [(x.code, x.status) for x in out] == [("cn_ric_birth_date", "pass"), ("cn_ric_sex", "pass"),
                                                 ("cn_ric_region", "pass"), ("cn_ethnicity", "pass"),
                                                 ("plausible_birth_date", "pass")]


def test_back_schema_long_term_card():
    s = load_schema("cn_id_card_back")
    values = {"issuing_authority": "北京市公安局朝阳分局", "validity_period": "2008.01.09-长期",
              "valid_from": dt.date(2008, 1, 9), "valid_until": None}
    c = ctx(values, raw={"valid_until": "长期"}, schema=s)
    out = [x for spec in s.checks for x in run_rule(spec.rule, c, dict(spec.params), spec.severity)]
    assert [(x.code, x.status) for x in out] == [("cn_id_validity_period", "pass"), ("not_expired", "pass"),
                                                 ("cn_issuing_authority", "pass")]


def test_back_schema_expired_card_warns():
    s = load_schema("cn_id_card_back")
    c = ctx({"validity_period": "2006.05.10-2016.05.10"}, schema=s)
    out = {x.code: x for spec in s.checks for x in run_rule(spec.rule, c, dict(spec.params), spec.severity)}
    assert out["cn_id_validity_period"].status == "pass"
    assert out["not_expired"].status == "warn" and "2016-05-10" in out["not_expired"].message
