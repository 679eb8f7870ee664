"""A 5 read as S in a section or street code of an address (lexicon_my.txt, [address_repairs])."""

from __future__ import annotations

import pytest

from docextract.locate import find_fields
from docextract.locate.readings import tidy_address
from docextract.schema import load_schema
from docextract.types import Line


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
    lines = [Line("SYARIKAT PERNIAGAAN NOVA", (40, 10, 460, 40), 0.97),
             Line("69 JALAN NOVA US/N,", (60, 50, 420, 78), 0.95),
             Line("SEKSYEN US SUBANG BE", (60, 82, 440, 110), 0.96),
             Line("TAX INVOICE", (150, 130, 330, 160), 0.99),
             Line("TOTAL 8.20", (20, 300, 300, 330), 0.99)]
    found = find_fields(lines, load_schema("receipt"), sizes=[(500, 700)])
    assert found["merchant_address"].raw == "69 JALAN NOVA U5/N, SEKSYEN U5 SUBANG BE"


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
    lines = [Line("SUPER STORE SDN BHD", (40, 10, 460, 40), 0.97),
             Line("Lot B-005-006, Basement Level 1 Jalan S821/60,", (20, 50, 480, 78), 0.95),
             Line("Damansara Utama, 47400 Petaling Jaya, Selangor", (20, 82, 480, 110), 0.96),
             Line("TAX INVOICE", (150, 130, 330, 160), 0.99),
             Line("TOTAL 8.20", (20, 300, 300, 330), 0.99)]
    found = find_fields(lines, load_schema("receipt"), sizes=[(500, 700)])
    assert "Jalan SS21/60," in found["merchant_address"].raw
