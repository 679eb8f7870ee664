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
