"""A 5 read as S in a section or street code of an address (lexicon_my.txt, [address_repairs])."""

from __future__ import annotations

import pytest

from docextract.locate.readings import tidy_address
from tests._pages import receipt_address


@pytest.mark.parametrize("read, fixed", [
    ("69 JALAN NOVA US/N, SEKSYEN US SUBANG BE", "69 JALAN NOVA U5/N, SEKSYEN U5 SUBANG BE"),
    ("Jalan Nova US/N, Seksyen US, Shah Alam", "Jalan Nova U5/N, Seksyen U5, Shah Alam"),
])
def test_a_code_of_a_capital_and_a_five_read_as_s_is_put_right(read, fixed):
    assert tidy_address(read) == fixed


@pytest.mark.parametrize("text", ["123 US/1 HWY", "AS/400 SERVICES", "PS/2", "SEKSYEN 13, SHAH ALAM", "US HWY 41",
                                  "SEKSYEN U5", "BUS/N", "", "€"])
def test_other_codes_stay_as_read(text):
    assert tidy_address(text) == text


def test_the_code_is_put_right_in_a_receipt_address():
    address = receipt_address("SYARIKAT PERNIAGAAN NOVA", [("69 JALAN NOVA US/N,", 60, 420),
                                                           ("SEKSYEN US SUBANG BE", 60, 440)])
    assert address == "69 JALAN NOVA U5/N, SEKSYEN U5 SUBANG BE"


@pytest.mark.parametrize("read, fixed", [
    ("Lot B-005-006, Jalan S821/60, Damansara Utama.", "Lot B-005-006, Jalan SS21/60, Damansara Utama."),
    ("JALAN 8821/60, DAMANSARA UTAMA", "JALAN SS21/60, DAMANSARA UTAMA"),
    ("No. 76, Jln 8S15/4B, 47500 Subang Jaya", "No. 76, Jln SS15/4B, 47500 Subang Jaya"),
])
def test_an_s_of_a_street_ss_code_read_as_8_is_put_right(read, fixed):
    assert tidy_address(read) == fixed


@pytest.mark.parametrize("text", ["JALAN SS21/60", "JALAN 8/21, TAMAN", "JALAN 88, TAMAN", "LOT 8821/60",
                                  "JALAN 5821/60", "JALAN S8, TAMAN", "NO 88 JALAN 2/1"])
def test_other_street_numbers_are_not_ss_codes(text):
    assert tidy_address(text) == text


def test_the_ss_code_is_put_right_in_a_receipt_address():
    address = receipt_address("SUPER STORE SDN BHD", [("Lot B-005-006, Basement Level 1 Jalan S821/60,", 20, 480),
                                                      ("Damansara Utama, 47400 Petaling Jaya, Selangor", 20, 480)])
    assert "Jalan SS21/60," in address
