"""A postcode's first digits read as look-alikes, put right by the state printed after it
(docextract.normalize.postcode_areas, the lexicons' [postcode_areas])."""

from __future__ import annotations

import pytest

from docextract.data import lexicon_scope, use_lexicons
from docextract.locate.readings import tidy_address
from docextract.normalize.postcode_areas import mend_by_area, postcode_areas
from tests._pages import receipt_address


@pytest.mark.parametrize("read, fixed", [
    ("Kawasan Perindustrian Tampoi,61200 Johor Bahru, Johor", "Kawasan Perindustrian Tampoi,81200 Johor Bahru, Johor"),
    ("TAMAN DAYA 61100 JOHOR BAHRU, JOHOR", "TAMAN DAYA 81100 JOHOR BAHRU, JOHOR"),       # 6 read for 8
    ("NO. 5, JALAN PJU 1, 17301 PETALING JAYA, SELANGOR", "NO. 5, JALAN PJU 1, 47301 PETALING JAYA, SELANGOR"),  # 1 for 4
    ("LOT 12, 88000 KOTA KINABALU, SABAH", "LOT 12, 88000 KOTA KINABALU, SABAH"),
])
def test_a_postcode_the_state_does_not_serve_is_read_again(read, fixed):
    assert mend_by_area(read) == fixed
    assert tidy_address(read) == fixed


@pytest.mark.parametrize("text", [
    "81100 JOHOR BAHRU, JOHOR", "43200 CHERAS, SELANGOR", "59000 Pahang Malaysia",   # 69, 39: both Pahang
    "LOT 34817 JALAN BATU AMBAR, 51200 KUALA LUMPUR",       # a lot's number before the postcode
    "22100 MAIN STREET", "12345", "JOHOR 61200", "NO 12, 99999 SELANGOR", "TEL 03-61200 JOHOR",
    "", "€", "１２３４５ JOHOR", "12345 " * 2_000 + "JOHOR",
])
def test_other_numbers_stay_as_read(text):
    assert mend_by_area(text) == text


def test_junk():
    assert mend_by_area(None) is None


def test_only_the_lexicons_read_with_count():
    def areas(locales):
        use_lexicons(locales)
        return postcode_areas(), mend_by_area("61200 JOHOR BAHRU, JOHOR")

    assert lexicon_scope(areas)(["us"]) == ((), "61200 JOHOR BAHRU, JOHOR")
    assert lexicon_scope(areas)(["my"])[1] == "81200 JOHOR BAHRU, JOHOR"


def test_the_postcode_is_put_right_in_a_receipt_address():
    address = receipt_address("UNIHAKKA INTERNATIONAL SDN BHD", [("12, Jalan Tampoi 7/4,Kawasan Perindustrian", 20, 480),
                                                                 ("Tampoi,61200 Johor Bahru,Johor", 60, 440)], total="Total Amount: RM 8.20")
    assert address == "12, Jalan Tampoi 7/4,Kawasan Perindustrian Tampoi,81200 Johor Bahru,Johor"
