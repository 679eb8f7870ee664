"""Passport rules on the ICAO 9303 specimen and a Chinese-style passport; the passport schema end to end."""

from __future__ import annotations

import datetime as dt

import pytest

from docextract import validate
from docextract.checks import CheckContext, run_rule
from docextract.checks.passport import latin_name
from docextract.normalize.mrz import check_digit
from docextract.options import ExtractOptions

TODAY = dt.date(2026, 11, 23)
L1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
L2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
SPECIMEN = f"{L1}\n{L2}"
VISUAL = {"document_number": "L898902C3", "surname": "Eriksson", "given_names": "Anna María", "nationality": "UTO",
          "birth_date": dt.date(1974, 8, 12), "sex": "female", "expiry_date": dt.date(2012, 4, 15),
          "issuing_country": "UTO"}


def run(name, values, params=None):
    return run_rule(name, CheckContext(values=values, today=TODAY), params or {})


def test_specimen_check_digits_all_pass():
    c = run("mrz_check_digits", {"mrz": SPECIMEN})
    assert [x.status for x in c] == ["pass"] * 5
    assert c[0].message == "MRZ check digit of the document number matches"
    assert {x.code for x in c} == {"mrz_check_digits"} and c[0].fields == ["mrz"]


def test_altered_document_number_fails_its_digit_and_the_composite():
    bad = L2.replace("L898902C3", "L898903C3")
    c = run("mrz_check_digits", {"mrz": f"{L1}\n{bad}"})
    assert [x.status for x in c] == ["fail", "pass", "pass", "pass", "fail"]
    assert c[0].message == "MRZ check digit of the document number does not match (a misread character?)"
    assert "composite" in c[4].message


def test_altered_birth_date_fails():
    bad = L2.replace("7408122", "7408132")
    statuses = {x.message: x.status for x in run("mrz_check_digits", {"mrz": f"{L1}\n{bad}"})}
    assert statuses["MRZ check digit of the date of birth does not match (a misread character?)"] == "fail"


def test_unreadable_mrz_is_one_failure():
    c = run("mrz_check_digits", {"mrz": "P<UTOERIKSSON<<ANNA"})
    assert [x.status for x in c] == ["fail"] and "cannot be read" in c[0].message
    assert run("mrz_matches_fields", {"mrz": "P<UTOERIKSSON<<ANNA", **VISUAL}) == []
    assert run("mrz_check_digits", {"mrz": None}) == []


def test_mrz_matches_the_visual_zone():
    c = run("mrz_matches_fields", {"mrz": SPECIMEN, **VISUAL})
    assert [x.status for x in c] == ["pass"]
    assert c[0].message.startswith("the MRZ agrees with document_number, surname, given_names, nationality")


def test_mrz_mismatch_warns_with_both_values():
    c = run("mrz_matches_fields", {"mrz": SPECIMEN, **VISUAL, "birth_date": dt.date(1974, 8, 21), "sex": "male"})
    assert [x.status for x in c] == ["warn", "warn"]
    assert c[0].message == "birth_date reads '1974-08-21' but the MRZ says '1974-08-12'"
    assert c[1].fields == ["sex", "mrz"]


def test_mrz_fields_parameter_limits_the_comparison():
    c = run("mrz_matches_fields", {"mrz": SPECIMEN, **VISUAL, "birth_date": dt.date(1974, 8, 21)},
            {"fields": ["surname", "document_number"]})
    assert [x.status for x in c] == ["pass"]


def chinese_mrz():
    l1 = ("P<CHNZHANG<<SAN" + "<" * 44)[:44]
    body = "E12345678" + check_digit("E12345678") + "CHN" + "900101" + check_digit("900101") + "M" + "300101" \
        + check_digit("300101") + "<" * 14
    body += check_digit("<" * 14)
    composite = body[0:10] + body[13:20] + body[21:43]
    return l1, body + check_digit(composite)


def test_chinese_passport_names_in_two_scripts():
    l1, l2 = chinese_mrz()
    assert l2 == "E123456782CHN9001011M3001019<<<<<<<<<<<<<<02"  # the python `mrz` package generates the same
    values = {"mrz": f"{l1}\n{l2}", "document_number": "E12345678", "surname": "张/ZHANG", "given_names": "三/SAN",
              "nationality": "CHN", "birth_date": dt.date(1990, 1, 1), "sex": "男", "expiry_date": dt.date(2030, 1, 1),
              "issuing_country": "CHN"}
    assert [x.status for x in run("mrz_check_digits", values)] == ["pass"] * 5
    assert [x.status for x in run("mrz_matches_fields", values)] == ["pass"]
    values["given_names"] = "四/SI"
    assert [x.message for x in run("mrz_matches_fields", values)] == ["given_names reads '四/SI' but the MRZ says 'SAN'"]


@pytest.mark.parametrize("text, latin", [("Eriksson", "ERIKSSON"), ("Anna María", "ANNA MARIA"),
                                         ("张/ZHANG", "ZHANG"), ("Müller-Lüdenscheidt", "MULLER LUDENSCHEIDT"),
                                         ("ANNA<MARIA", "ANNA MARIA"), ("张三", "")])
def test_latin_name(text, latin):
    assert latin_name(text) == latin


def test_passport_schema_end_to_end_from_strings():
    raw = {"document_number": "L898902C3", "surname": "ERIKSSON", "given_names": "ANNA MARIA",
           "nationality": "UTO", "birth_date": "12 AUG/AOUT 74", "sex": "F", "issue_date": "16 APR/AVR 07",
           "expiry_date": "15 APR/AVR 12", "issuing_country": "UTO", "mrz": SPECIMEN.lower()}
    r = validate(raw, schema="passport", options=ExtractOptions(today=TODAY))
    got = [(c.code, c.status) for c in r.checks]
    assert [c for c in got if c[1] == "fail"] == []
    assert ("mrz_matches_fields", "pass") in got
    assert got.count(("mrz_check_digits", "pass")) == 5
    assert ("not_expired", "warn") in got and ("plausible_birth_date", "pass") in got
    assert ("date_order", "pass") in got
    assert r.record.birth_date == dt.date(1974, 8, 12) and r.record.expiry_date == dt.date(2012, 4, 15)
