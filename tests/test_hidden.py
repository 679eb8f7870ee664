"""A required field that a stamp wholly covers comes back missing, but says so: the stamp's box, what
it says, and a check naming it (docextract.hidden) — read through the real RapidOCR engine."""

from __future__ import annotations

import pytest
from PIL import ImageDraw

import docextract
from docextract.hidden import hidden_fields, where_hidden
from docextract.schema import load_schema
from docextract.synth import generate
from docextract.synth.common import font
from docextract.types import Box, FieldCandidate, Line


def _card(seed: int, stamp: bool):
    """A generated card whose ethnicity value (x 392, y 118–150) is covered: by an opaque stamp that says
    核对无误 in a red frame, or (``stamp`` False) by paper, as if never printed."""
    card = generate("cn_id_card", seed)
    im = card.image.convert("RGB")
    draw = ImageDraw.Draw(im)
    if stamp:
        draw.rectangle((372, 104, 560, 164), fill=(236, 232, 226), outline=(200, 40, 50), width=4)
        draw.text((388, 116), "核对无误", font=font("sans", 36), fill=(200, 40, 50))
    else:
        draw.rectangle((372, 104, 560, 164), fill=im.getpixel((600, 130)))
    return card, im


@pytest.fixture(scope="module")
def engine():
    from docextract.engines.rapidocr import RapidOcrEngine

    return RapidOcrEngine()


@pytest.mark.parametrize("seed", [7, 11])
def test_a_value_a_stamp_covers_wholly_is_missing_with_the_stamp_named(engine, seed):
    card, im = _card(seed, stamp=True)
    result = docextract.extract(im, schema="cn_id_card", engine=engine)
    eth = result.fields["ethnicity"]
    assert eth.status == "missing" and eth.raw is None and eth.value is None and eth.source == "hidden"
    x1, y1, x2, y2 = eth.box
    assert x1 < 460 < x2 and y1 < 134 < y2                  # the stamp's place, over the value's
    assert "核对无误" in eth.evidence                       # what the stamp says, as read
    check = next(c for c in result.checks if c.code == "ethnicity.required")
    assert check.status == "fail" and "a stamp or watermark" in check.message and str(eth.box[0]) in check.message
    assert result.fields["name"].raw == card.truth["name"]          # the other fields as printed
    assert result.fields["id_number"].value == card.truth["id_number"]


def test_a_value_not_printed_is_missing_without_a_stamp_named(engine):
    card, im = _card(7, stamp=False)
    result = docextract.extract(im, schema="cn_id_card", engine=engine)
    eth = result.fields["ethnicity"]
    assert eth.status == "missing" and eth.source != "hidden" and eth.box is None
    check = next(c for c in result.checks if c.code == "ethnicity.required")
    assert "stamp" not in check.message


def test_where_a_stamp_stands():
    found = {"sex": FieldCandidate("女", Box((60, 80, 80, 100))),
             "birth": FieldCandidate("1973", Box((60, 110, 120, 130))),
             "id": FieldCandidate("5329", Box((60, 300, 300, 320)))}
    names = ["sex", "ethnicity", "birth", "id"]
    assert where_hidden((100, 78, 170, 104), names, "ethnicity", ("民族",), [], found)
    # its label read: the stamp crosses the label's row, right of its start
    label = [Line("民族", Box((100, 82, 140, 98)))]
    assert where_hidden((150, 78, 220, 104), names, "ethnicity", ("民族",), label, found)
    assert not where_hidden((150, 108, 220, 134), names, "ethnicity", ("民族",), label, found)
    # a value derived elsewhere (its box on another line) does not stand for the field's row
    derived = {**found, "birth": FieldCandidate("1973", Box((60, 300, 300, 320)), source="derived")}
    assert not where_hidden((100, 200, 170, 230), names, "ethnicity", ("民族",), [], derived)
    assert not where_hidden((100, 78, 170, 104), names, "ethnicity", ("民族",), [], {})


def test_hidden_fields_take_junk():
    from PIL import Image

    schema = load_schema("cn_id_card")
    blank = Image.new("RGB", (200, 100), "white")
    assert hidden_fields([blank], [], schema, {}, ["ethnicity"]) == {}
    assert hidden_fields([], [Line("民族", Box((0, 0, 10, 10)))], schema, {}, ["ethnicity"]) == {}
    assert hidden_fields([blank], [Line("€", None)], schema, {}, ["ethnicity"]) == {}
