"""Helpers shared by test files: a page of OCR rows, and what the finder makes of it (the receipt
schema's result, the address the block finder takes)."""

from __future__ import annotations

from docextract.locate import find_fields
from docextract.locate.blocks import address_parts, find_address, find_organisation
from docextract.locate.layout import PageLayout
from docextract.options import ExtractOptions
from docextract.schema import load_schema
from docextract.types import Line
from docextract.validation import build_result

__all__ = ["receipt_result", "layout", "address_texts", "receipt_address"]


def receipt_result(lines: list[Line], size: tuple[int, int]):
    """The built-in receipt schema's result on a page of ``lines`` (``size``: the page's width, height)."""
    schema = load_schema("receipt")
    return build_result(find_fields(lines, schema, sizes=[size], options=ExtractOptions()), schema, ExtractOptions())


def layout(rows) -> PageLayout:
    """A page of ``(text, box)`` rows, each read with confidence 0.95."""
    return PageLayout([Line(t, box, 0.95) for t, box in rows])


def address_texts(page: PageLayout) -> list[str]:
    """The address the block finder takes on ``page`` (after the organisation's rows): each part's text."""
    org = find_organisation(page)
    rows = find_address(page, after_row=org[-1] if org else -1)
    return [page.lines[i].text[a:b].strip() for i, a, b in address_parts(page, rows)]


def receipt_address(name: str, rows: list[tuple[str, int, int]], total: str = "TOTAL 8.20",
                    after: str = "TAX INVOICE") -> str | None:
    """The receipt schema's merchant address on the top of a small receipt: the shop's ``name``, its
    address ``rows`` (text, left and right edge; 28 pixels high, one under the other), the row ``after``
    them and the ``total`` row."""
    lines = [Line(name, (40, 10, 460, 40), 0.97)]
    lines += [Line(t, (x1, 50 + 32 * k, x2, 78 + 32 * k), 0.95) for k, (t, x1, x2) in enumerate(rows)]
    y = 50 + 32 * len(rows) + 16
    lines += [Line(after, (150, y, 330, y + 30), 0.99), Line(total, (20, 300, 300, 330), 0.99)]
    found = find_fields(lines, load_schema("receipt"), sizes=[(500, 700)])["merchant_address"]
    return found.raw if found is not None else None
