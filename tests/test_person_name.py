"""The ``person_name`` block kind: a user's conference badge (a document type no built-in schema
covers) read with no code change — the attendee's name has no label, the registry finds it by its
look — through the real RapidOCR engine on a rendered badge, and on lines."""

from __future__ import annotations

import pytest

from docextract import extract
from docextract.kinds import KINDS, kind_finder
from docextract.locate import find_fields
from docextract.options import ExtractOptions
from docextract.person import looks_like_person
from docextract.schema import load_schema_text
from docextract.types import Line

BADGE = """
name: conference_badge
fields:
  - name: attendee
    type: text
    labels: {en: [Name, Attendee]}
    hints: {kind: person_name}
  - name: organisation
    type: text
    labels: {en: [Company, Organisation]}
  - name: badge_no
    type: text
    labels: {en: [Badge No, Badge]}
"""


def _badge_image():
    from PIL import Image, ImageDraw

    from docextract.synth.common import font

    img = Image.new("RGB", (700, 460), "white")
    draw = ImageDraw.Draw(img)
    rows = [("OPEN DATA SUMMIT 2026", "latin-bold", 34), ("Anna Maria Eriksson", "latin-bold", 40),
            ("Company: Nordic Freight Ltd", "latin", 26), ("Badge No: 00417", "latin", 26)]
    y = 40
    for text, style, size in rows:
        draw.text((40, y), text, fill="black", font=font(style, size))
        y += size + 50
    return img


def test_person_name_is_a_registered_kind():
    assert "person_name" in KINDS and kind_finder("person_name").__name__ == "find_person_name"


@pytest.mark.slow
def test_a_badge_names_its_attendee_with_no_label():
    result = extract(_badge_image(), schema=load_schema_text(BADGE), engine="rapidocr")
    attendee = result.fields["attendee"]
    assert attendee.value == "Anna Maria Eriksson" and attendee.source == "hint"
    assert attendee.confidence is not None and attendee.confidence <= 0.6
    assert result.fields["organisation"].value == "Nordic Freight Ltd"


def test_other_lines_are_no_person():
    schema = load_schema_text(BADGE)
    lines = [Line("GRAND TOTAL", (10, 10, 300, 40), 0.99), Line("Thank You", (10, 50, 300, 80), 0.99),
             Line("158 Myrtle St.", (10, 90, 300, 120), 0.99), Line("Main Street", (10, 130, 300, 160), 0.99),
             Line("Nordic Freight Ltd", (10, 170, 300, 200), 0.99)]
    assert "attendee" not in find_fields(lines, schema, options=ExtractOptions())
    found = find_fields(lines + [Line("Li Wei", (10, 210, 300, 240), 0.9)], schema, options=ExtractOptions())
    assert found["attendee"].raw == "Li Wei"


@pytest.mark.parametrize("text, ok", [("张伟", True), ("欧阳娜娜", True), ("复印无效", False),
                                      ("汉族", False), ("J. SMITH", True), ("J. R.", False),
                                      ("Anna 2", False), ("ANNA", False), ("", False), (None, False),
                                      ("€", False), ("１２", False), ("Anna " * 3000, False)])
def test_looks_like_person_on_junk_and_names(text, ok):
    assert looks_like_person(text) is ok
