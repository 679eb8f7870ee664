"""The punctuation of a merchant's address: a period read where the receipt prints a comma between two
parts of the address (the comma's small tail is what a scaled or blurred scan loses first), an 8 or S
read for the ampersand between two unit numbers, a letter read for a postcode's first digit. Rows and
boxes as RapidOCR read them on degraded copies of real receipts, through the built-in receipt schema."""

from __future__ import annotations

import pytest

from docextract.locate import find_fields
from docextract.locate.readings import tidy_address
from docextract.schema import load_schema
from docextract.types import Line


def _address(rows, size=(700, 1000)):
    lines = [Line(t, box, 0.95) for t, box in rows]
    return find_fields(lines, load_schema("receipt"), sizes=[size])["merchant_address"].raw


def test_a_period_after_the_house_number_is_the_comma_before_the_street():
    assert _address([
        ("31802.01.6", (49, 13, 308, 94)),
        ("SYARIKAT PERNIAGAAN GIN KEE", (68, 147, 595, 196)),
        ("(81109-A)", (272, 191, 391, 227)),
        ("NO 290. JALAN AIR PANAS.", (174, 220, 488, 259)),
        ("SETAPAK.", (271, 254, 392, 289)),
        ("53200, KUALA LUMPUR.", (194, 288, 470, 324)),
        ("TEL:03-40210276", (228, 319, 442, 355)),
        ("GST ID:000750673920", (203, 362, 468, 396)),
        ("SIMPLIFIED TAX INVOICE", (173, 395, 498, 434)),
    ]) == "NO 290, JALAN AIR PANAS, SETAPAK, 53200, KUALA LUMPUR."


def test_a_period_glued_between_two_place_words_is_a_comma():
    assert _address([
        ("A04053", (554, 157, 665, 209)),
        ("DI HUAN YA RESTAURANT", (391, 349, 611, 376)),
        ("Company Reg.No: JM0681589-W", (395, 372, 605, 396)),
        ("5,JALAN PERMAS 10/5,", (422, 390, 575, 414)),
        ("BANDAR BARU PERMAS JAYA,", (397, 408, 600, 434)),
        ("81750 JOHOR BAHRU.JOHOR", (398, 426, 599, 451)),
        ("TEL/FAX:07-3886322", (429, 445, 567, 467)),
        ("[GST ID:001914093568]", (404, 464, 591, 489)),
        ("TAX INVOICE", (343, 511, 457, 536)),
    ]) == "5,JALAN PERMAS 10/5, BANDAR BARU PERMAS JAYA, 81750 JOHOR BAHRU,JOHOR"


@pytest.mark.parametrize("text, expected", [
    ("Lot 38. 39 101 Boulevard, Jalan Kenari 5. Bandar", "Lot 38, 39 101 Boulevard, Jalan Kenari 5, Bandar"),
    ("JALAN AIR PANAS. SETAPAK, 53200", "JALAN AIR PANAS, SETAPAK, 53200"),
    # an ampersand read as 8 or S between two unit numbers of one shape; a lone number stays
    ("LOT 1851-A 8 1851-B, JALAN KPB 6", "LOT 1851-A & 1851-B, JALAN KPB 6"),
    ("NO. 31G833G, JALAN SETIA", "NO. 31G&33G, JALAN SETIA"), ("NO. 31GS33G", "NO. 31G&33G"),
    ("LOT 12A 8 JALAN 8", "LOT 12A 8 JALAN 8"), ("NO. 12A8 JALAN", "NO. 12A8 JALAN"),
    # a postcode's first digit read as its look-alike letter before the town; a UK postcode, a lot code stay
    ("TAMAN AIR BIRU, B1700 PASIR GUDANG, JOHOR.", "TAMAN AIR BIRU, 81700 PASIR GUDANG, JOHOR."),
    ("S7100 KUALA LUMPUR", "57100 KUALA LUMPUR"), ("Edgbaston, B15 3BU", "Edgbaston, B15 3BU"),
    ("LOT B1700", "LOT B1700"), ("SB1700 PASIR", "SB1700 PASIR"),
    # an abbreviation's period, a decimal point, a period closing the address and an initialism stay
    ("LOT P.T. 2811, JALAN ANGSA", "LOT P.T. 2811, JALAN ANGSA"),
    ("NO. 5 JALAN 12.5 KM, 43000 KAJANG.", "NO. 5 JALAN 12.5 KM, 43000 KAJANG."),
    ("1200 Main Blvd. Suite 5, Palo Alto", "1200 Main Blvd. Suite 5, Palo Alto"),
    ("40150 SHAH ALAM, SELANGOR D.E. MALAYSIA", "40150 SHAH ALAM, SELANGOR D.E. MALAYSIA"),
])
def test_which_periods_are_commas(text, expected):
    assert tidy_address(text) == expected


@pytest.mark.parametrize("junk", ["", "€", "１２３. ＪＡＬＡＮ", "." * 10_000, "5. " * 3000])
def test_junk_addresses_do_not_crash(junk):
    assert isinstance(tidy_address(junk), str)


@pytest.mark.parametrize("text, expected", [
    ("LEBUHRAYA UTARA SELATAN.. 84600,PAGOH,JOHOR", "LEBUHRAYA UTARA SELATAN, 84600,PAGOH,JOHOR"),
    ("Jalan Kenari 15.. Bandar Puchong", "Jalan Kenari 15, Bandar Puchong"),
    # an abbreviation's period doubled, two periods closing the address, an ellipsis without a space after stay
    ("NO.. 5, JALAN", "NO.. 5, JALAN"), ("KUALA LUMPUR..", "KUALA LUMPUR.."), ("JALAN..BARU", "JALAN..BARU"),
])
def test_a_comma_read_as_a_second_period_inside_the_address(text, expected):
    assert tidy_address(text) == expected


def test_a_doubled_period_between_rows_of_a_receipt_address():
    assert _address([
        ("MAHBOOB CHARCOAL SDN BHD", (150, 100, 550, 140)),
        ("LOT R1, KWS REHAT & RAWAT PAGOH ARAH UTARA,", (60, 150, 640, 185)),
        ("LEBUHRAYA UTARA SELATAN.. 84600,PAGOH,JOHOR", (60, 190, 640, 225)),
        ("TAX INVOICE", (250, 300, 450, 335)),
        ("TOTAL 8.20", (60, 600, 400, 635)),
    ]) == "LOT R1, KWS REHAT & RAWAT PAGOH ARAH UTARA, LEBUHRAYA UTARA SELATAN, 84600,PAGOH,JOHOR"
