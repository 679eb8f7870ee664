"""A pair of house or lot numbers whose ``&`` was read as an 8 (docextract.normalize.address_numbers, run by
docextract.locate.readings.tidy_address on every address found)."""

from __future__ import annotations

import pytest

from docextract.normalize.address_numbers import mend_numbers
from tests._pages import receipt_address


@pytest.mark.parametrize("read, fixed", [
    ("No. 89891, Jalan Utama, Taman Mutia Rini, 81300 Skudai, Johor.",      # 89 & 91: two apart
     "No. 89&91, Jalan Utama, Taman Mutia Rini, 81300 Skudai, Johor."),
    ("LOT 2048205, JALAN BATU 12", "LOT 204&205, JALAN BATU 12"),            # 204 & 205: one apart
    ("NO.2 8 4, JALAN HARMONI 3/2", "NO.2 & 4, JALAN HARMONI 3/2"),
])
def test_an_ampersand_read_as_8_between_a_lot_pair_is_put_back(read, fixed):
    assert mend_numbers(read) == fixed


@pytest.mark.parametrize("text", [
    "NO 48, JALAN 7/8",                 # no split gives two numbers one or two apart
    "NO. 1819, JALAN MERAH",            # 1 and 19
    "9810 Main St, Dallas, TX 75201",   # no house-number word before it: a street number may be any number
    "12, JALAN 18 20, TAMAN",           # not the address's first number
    "NO. 89&91, JALAN UTAMA",           # printed right
    "UNIT 3, 40840 SHAH ALAM",          # a postcode is not the first number
])
def test_other_numbers_stay(text):
    assert mend_numbers(text) == text


@pytest.mark.parametrize("junk", [None, "", "€", "１２８１３ ＪＡＬＡＮ", "NO " + "8" * 10_000, "No. 1 8 2 " * 2_000])
def test_junk_does_not_crash(junk):
    out = mend_numbers(junk)
    assert out == junk or isinstance(out, str)


def test_a_lot_pair_read_with_an_8_in_a_receipt_address():
    address = receipt_address("KEDAI ROTI UTAMA SDN BHD", [("No. 89891, Jalan Utama,", 60, 420),
                                                           ("Taman Mutia Rini, 81300 Skudai, Johor.", 40, 460)])
    assert address == "No. 89&91, Jalan Utama, Taman Mutia Rini, 81300 Skudai, Johor."
