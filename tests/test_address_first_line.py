"""The first line of a merchant's address: a unit line above the town (``Space #1050``), a venue line above
a lone postcode line (``Disneyland Paris``). Rows and boxes as RapidOCR read them on real receipts."""

from __future__ import annotations

from docextract.locate.blocks import address_parts, find_address, find_organisation
from docextract.locate.layout import PageLayout
from docextract.types import Line


def _page(lines):
    return PageLayout([Line(t, box, 0.95) for t, box in lines])


def _address(page):
    org = find_organisation(page)
    rows = find_address(page, after_row=org[-1] if org else -1)
    return [page.lines[i].text[a:b].strip() for i, a, b in address_parts(page, rows)]


def test_a_unit_line_with_a_number_sign_opens_the_address():
    page = _page([
        ("1 E. Mills Circle", (370, 232, 524, 276)),
        ("Space #1050", (388, 253, 491, 288)),
        ("Ontario CA 91764", (364, 262, 526, 306)),
        ("(909) 948-1362", (371, 281, 500, 318)),
        ("STORE03819", (260, 317, 368, 346)),
        ("REGISTER: 008", (413, 304, 537, 345)),
        ("GIFT RECEIPT", (259, 377, 371, 408)),
    ])
    assert _address(page) == ["Space #1050", "Ontario CA 91764"]
