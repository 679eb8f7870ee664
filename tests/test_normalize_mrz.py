"""ICAO 9303 MRZ: the ICAO specimens (TD3, TD1, TD2), check digits, OCR noise, refusal of non-MRZ text."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from docextract.errors import InvalidFormat
from docextract.normalize.mrz import check_digit, find_mrz_lines, parse_mrz

TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
TD1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]
TD2 = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]
ALL_TRUE3 = {"document_number": True, "birth_date": True, "expiry_date": True, "optional_data": True,
             "composite": True}


@pytest.mark.parametrize("text, digit", [("L898902C3", "6"), ("740812", "2"), ("120415", "9"), ("ZE184226B<<<<<", "1"),
                                         ("D23145890", "7"), ("<<<", "0"), ("", "0")])
def test_check_digit(text, digit):
    assert check_digit(text) == digit


def test_check_digit_refuses_other_characters():
    with pytest.raises(InvalidFormat):
        check_digit("ab-1")


def test_td3_specimen():
    d = parse_mrz("\n".join(TD3))
    assert (d.format, d.document_type, d.issuing_country, d.nationality) == ("TD3", "P", "UTO", "UTO")
    assert (d.surname, d.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert d.document_number == "L898902C3"
    assert d.birth_date == dt.date(1974, 8, 12) and d.expiry_date == dt.date(2012, 4, 15)
    assert d.sex == "female" and d.optional_data == "ZE184226B"
    assert d.checks == ALL_TRUE3 and d.valid
    assert d.lines == tuple(TD3)
    assert d.to_dict()["lines"] == TD3


def test_td1_specimen():
    d = parse_mrz("\n".join(TD1))
    assert (d.format, d.document_type, d.document_number) == ("TD1", "I", "D23145890")
    assert (d.surname, d.given_names, d.sex) == ("ERIKSSON", "ANNA MARIA", "female")
    assert d.birth_date == dt.date(1974, 8, 12) and d.expiry_date == dt.date(2012, 4, 15)
    assert d.checks == {"document_number": True, "birth_date": True, "expiry_date": True, "composite": True}


def test_td2_specimen():
    d = parse_mrz(TD2)
    assert (d.format, d.document_number, d.surname) == ("TD2", "D23145890", "ERIKSSON")
    assert d.valid


def test_chinese_passport_layout():
    d = parse_mrz(["P<CHNZHANG<<SAN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", "E123456782CHN9001011M3001019<<<<<<<<<<<<<<02"])
    assert (d.surname, d.given_names, d.sex, d.nationality) == ("ZHANG", "SAN", "male", "CHN")
    assert d.optional_data == "" and d.valid


def test_each_altered_field_fails_its_own_check_and_the_composite():
    d = parse_mrz([TD3[0], TD3[1].replace("L898902C3", "L898903C3")])
    assert not d.checks["document_number"] and not d.checks["composite"] and d.checks["birth_date"]
    d = parse_mrz([TD3[0], TD3[1].replace("7408122", "7408132")])
    assert not d.checks["birth_date"] and not d.checks["composite"] and not d.valid
    d = parse_mrz([TD1[0].replace("D23145890", "D23145891"), TD1[1], TD1[2]])
    assert not d.checks["document_number"] and not d.checks["composite"]


def test_ocr_noise_is_tolerated():
    noisy = ["p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<", "L898902C36UTO74O8122F12O4159ZE184226B<<<<10"]
    d = parse_mrz(noisy)  # lower case, 'O' for 0 in dates, each line one '<' short
    assert d.lines == tuple(TD3) and d.valid
    spaced = [TD3[0].replace("<", "«")[:20] + " " + TD3[0][20:], TD3[1][:38] + "<" + TD3[1][38:]]
    d = parse_mrz(spaced)  # '«' for '<', a space, one '<' too many
    assert d.lines == tuple(TD3) and d.valid


def test_mrz_found_among_page_lines_and_in_one_long_line():
    page = ["PASSPORT  护照", "Surname ERIKSSON", *TD3, "some footer"]
    assert find_mrz_lines(page) == TD3
    assert parse_mrz("\n".join(page)).document_number == "L898902C3"
    assert parse_mrz("".join(TD3)).lines == tuple(TD3)
    assert find_mrz_lines(["REPUBLIC OF UTOPIA", *TD1]) == TD1


@pytest.mark.parametrize("text", ["", "hello", "P<UTO", "\n".join([TD3[0], TD3[1][:30]]), "<" * 88, "1" * 88])
def test_no_mrz(text):
    with pytest.raises(InvalidFormat, match="no machine-readable zone"):
        parse_mrz(text)


def test_random_mrz_roundtrip():
    """Build TD3 lines from random fields with our check digits; parsing gives the fields back."""
    rng = random.Random(7)
    for _ in range(200):
        number = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(9))
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 20000))
        expiry = dt.date(2027, 1, 1) + dt.timedelta(days=rng.randint(0, 3000))
        b, e = birth.strftime("%y%m%d"), expiry.strftime("%y%m%d")
        personal = "".join(rng.choice("0123456789<") for _ in range(14))
        head = number + check_digit(number) + "CHN" + b + check_digit(b) + rng.choice("MF<") + e + check_digit(e)
        body = head + personal + check_digit(personal)
        line2 = body + check_digit(body[0:10] + body[13:20] + body[21:43])
        line1 = ("P<CHNWANG<<XIAO<MING" + "<" * 44)[:44]
        d = parse_mrz([line1, line2])
        assert d.valid and d.document_number == number and d.birth_date == birth and d.expiry_date == expiry
