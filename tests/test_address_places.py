"""An address's last line naming a country after a comma (``Dubai, U.A.E``), and the Spanish article of a
US street's name with its l read as 1 (``180 E1 Camino Real``). Rows and boxes as RapidOCR read them on
real receipts."""

from __future__ import annotations

import pytest

from docextract.data import rewrites
from docextract.locate.finder import find_fields
from docextract.locate.lexicon import names_place
from docextract.schema import load_schema
from docextract.types import Line


def _fields(rows, size):
    lines = [Line(t, box, 0.95) for t, box in rows]
    return find_fields(lines, load_schema("receipt"), sizes=[size])


_DUBAI = [
    ("27", (130, 16, 166, 44)),
    ("India Palace", (90, 80, 190, 104)),
    ("INDIA PALACE", (112, 110, 188, 124)),
    ("Cafe Court Lower Ground -Dubai Mall", (71, 120, 232, 134)),
    ("Dubai, U.A.E", (120, 132, 182, 144)),
    ("Tel 04-3399325. Fax04-3399326", (77, 141, 224, 156)),
    ("DINE IN", (131, 176, 174, 189)),
]


@pytest.mark.parametrize("country", ["U.A.E", "UAE", "U.A.E."])
def test_a_country_after_a_comma_is_the_address_s_last_line(country):
    rows = [(country.join(t.rsplit("U.A.E", 1)) if t.startswith("Dubai,") else t, b) for t, b in _DUBAI]
    raw = _fields(rows, (338, 450))["merchant_address"].raw
    assert raw == f"Cafe Court Lower Ground -Dubai Mall Dubai, {country}"


def test_a_country_names_a_place_only_after_a_comma_closing_the_line():
    assert names_place("Bangkok, Thailand") and names_place("Dubai, U.A.E.")
    assert not names_place("Made in Thailand") and not names_place("Thailand, 2 pcs")
    assert not names_place("Thailand Express Shop")


_PALO_ALTO = [
    ("Yucca", (51, 0, 209, 44)),
    ("de lac", (196, 16, 264, 43)),
    ("Bar· Reslaurant", (169, 40, 268, 54)),
    ("180 E1 Camino Real Ste 700A", (74, 63, 236, 82)),
    ("Palo Alto, CA 94304", (97, 78, 215, 96)),
    ("(650) 322-1188", (118, 93, 205, 111)),
    ("Tb1 03/1", (36, 152, 92, 172)),
    ("May08'14 12:42PM", (111, 165, 214, 186)),
    ("Restaurant", (61, 196, 190, 219)),
    ("12.00", (235, 209, 270, 227)),
    ("Subtotal $12.00", (61, 310, 190, 334)),
]


def test_the_article_el_of_a_street_name_read_e1_is_put_right():
    raw = _fields(_PALO_ALTO, (348, 348))["merchant_address"].raw
    assert raw == "180 El Camino Real Ste 700A Palo Alto, CA 94304"


@pytest.mark.parametrize("text", ["London E1 6AN", "Unit E1, 5 Main St", "180 E 1st Ave", "180 E1 7th Street"])
def test_e1_stays_where_it_is_no_street_name_s_article(text):
    out = text
    for rx, repl in rewrites("address_repairs"):
        out = rx.sub(repl, out)
    assert out == text


_LA_MESA = [
    ("ROSS", (116, 0, 192, 24)),
    ("DRESS FOR LESS", (117, 17, 190, 33)),
    ("LA MESA, CA", (122, 26, 178, 42)),
    ("Phone: 619-888-22", (107, 34, 194, 55)),
    ("400130377353 Lg 2 Pc 3 Draar/S", (58, 60, 198, 82)),
    ("米", (286, 21, 344, 124)),
    ("7 QUESS GIRL 1.7 SPR", (111, 73, 197, 91)),
    ("400120467 SATN PEDEST", (56, 79, 196, 104)),
    ("40012577810 BEAR P BLK P 34.99", (55, 100, 193, 122)),
    ("TOTAL $95.63", (55, 130, 193, 150)),
]


def test_a_mark_beside_the_state_code_read_as_a_chinese_character_is_no_part_of_the_address():
    assert _fields(_LA_MESA, (348, 348))["merchant_address"].raw == "LA MESA, CA"


@pytest.mark.parametrize("text", ["北京市朝阳区建国路88号", "SOHO大厦B座", "Room 5, Block AB 座"])
def test_a_chinese_address_keeps_its_characters(text):
    out = text
    for rx, repl in rewrites("address_repairs"):
        out = rx.sub(repl, out)
    assert out == text


@pytest.mark.parametrize("text, fixed", [("7130 Santa Teresa Bivd,", "7130 Santa Teresa Blvd,"),
                                         ("7330 Santa Teresa Biud,", "7330 Santa Teresa Blvd,"),
                                         ("2175 MARINA BLVO", "2175 MARINA BLVD"),
                                         ("Bivouac Rd", "Bivouac Rd"), ("BLVOX", "BLVOX")])
def test_a_misread_blvd_is_put_right(text, fixed):
    from docextract.locate.readings import tidy_address

    assert tidy_address(text) == fixed
