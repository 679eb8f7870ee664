"""A grey watermark (``仅限<code>比赛使用``, as competition and bank copies of ID cards carry) laid
across a row of a small card: the text detector merges the row with the slanted watermark and the
page's first reading loses it. The re-read finds the print no line covers (it may run past the lines
read above it, and lie below the last of them), reads it with what is fainter than the page's print
taken out, and keeps the value even when its check fails — through the real RapidOCR engine."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

import docextract
from docextract.engines.stamps import print_channel, print_level, unread_print
from docextract.reread import is_stamp_text
from docextract.synth import generate
from docextract.synth.common import font


def _watermarked(seed: int, y: int, x: int, angle: float, text: str = "仅限QWZ比赛使用", more=()):
    """Hard card ``seed`` with one grey watermark centred on row ``y`` from ``x`` (card pixels), and one
    more for each ``(y, x, angle)`` of ``more``; 445 px wide."""
    card = generate("cn_id_card_hard", seed)
    im = card.image.convert("RGBA")
    f = font("sans", 52)
    for row, left, turn in ((y, x, angle), *more):
        layer = Image.new("RGBA", (int(f.getlength(text)) + 20, 80), (0, 0, 0, 0))
        ImageDraw.Draw(layer).text((10, 8), text, font=f, fill=(120, 120, 120, 140))
        layer = layer.rotate(turn, resample=Image.BICUBIC, expand=True)
        im.alpha_composite(layer, (left, row - layer.height // 2))
    w, h = im.size
    return card, im.convert("RGB").resize((445, round(h * 445 / w)), Image.LANCZOS)


@pytest.fixture(scope="module")
def engine():
    from docextract.engines.rapidocr import RapidOcrEngine

    return RapidOcrEngine()


@pytest.mark.parametrize("seed", [300, 301])     # 301 prints 17 digits: kept, its check failing
def test_an_id_number_a_watermark_crosses_is_read_again(engine, seed):
    card, image = _watermarked(seed, y=440, x=120, angle=12)
    first = engine.read_page(image)
    assert not any(card.truth["id_number"][:10] in ln.text for ln in first)    # lost at the first reading
    result = docextract.extract(image, schema="cn_id_card", engine=engine)
    got = result.fields["id_number"]
    assert got.raw == card.truth["id_number"] and got.source == "reread"
    assert any(c.code == "id_number.reread" for c in result.checks)
    if len(card.truth["id_number"]) != 18:            # nothing printed is lost: a failing check says so
        assert any(c.status == "fail" and "id_number" in c.fields for c in result.checks)


def test_an_ethnicity_a_watermark_crosses_is_read_again_with_its_faint_label(engine):
    card, image = _watermarked(300, y=130, x=280, angle=-12)
    first = engine.read_page(image)
    assert not any(ln.text.endswith(card.truth["ethnicity"]) for ln in first)
    result = docextract.extract(image, schema="cn_id_card", engine=engine)
    assert result.fields["ethnicity"].raw == card.truth["ethnicity"]
    assert result.fields["ethnicity"].source == "reread"
    assert not any(is_stamp_text(f.raw or "") for f in result.fields.values())


# ------------------------------------------------------------------ the pieces, on pixels

def _page():
    page = np.full((200, 400, 3), 238, np.uint8)
    page[20:40, 20:200] = 25                  # a line read
    page[60:80, 20:200] = 25                  # another
    page[130:150, 40:380] = 30                # a long number, two lines below the last line read
    for x in range(100, 180, 8):
        page[95:115, x:x + 4] = 175           # a faint grey watermark word (its strokes)
    return page


def test_unread_print_reaches_below_and_past_the_lines_read():
    page, boxes = _page(), [(20, 20, 200, 40), (20, 60, 200, 80)]
    def near(a, b):
        return all(abs(u - v) <= 2 for u, v in zip(a, b))

    found = unread_print(page, boxes, 20, level=print_level(page, boxes))
    assert len(found) == 1 and near(found[0], [40, 130, 380, 150])   # its whole width, past the lines'
    # columns; the faint word is not print
    page[page == 175] = 25                                  # as dark as print, it would be
    assert len(unread_print(page, boxes, 20, level=print_level(page, boxes))) == 2
    far = _page()
    far[130:150] = 238
    far[185:200, 40:380] = 30                               # more than three lines below: not looked at
    assert unread_print(far, boxes, 10, level=print_level(far, boxes)) == []


def test_print_level_and_channel():
    page, boxes = _page(), [(20, 20, 200, 40), (20, 60, 200, 80)]
    level = print_level(page, boxes)
    assert 25 < level < 175                                 # between the print and the faint watermark
    assert print_level(page, []) is None and print_level(page, [(500, 500, 600, 600)]) is None
    blue = page.copy()
    blue[20:40, 20:200] = (40, 90, 170)
    assert print_channel(blue, [(20, 20, 200, 40)]) == 0 and print_channel(page, []) == 1


@pytest.mark.parametrize("junk", [np.zeros((1, 1, 3), np.uint8), np.full((5, 5, 3), 255, np.uint8)])
def test_print_level_and_unread_print_take_junk(junk):
    assert unread_print(junk, [(0, 0, 3, 3)], 0, level=print_level(junk, [(0, 0, 3, 3)])) == []
    assert print_channel(junk, [(0, 0, 0, 0)]) == 1


def test_a_watermark_read_with_one_misread_is_still_a_watermark():
    assert is_stamp_text("叙限TGH比赛使用") and is_stamp_text("仅阻PPE7比赛使用")
    assert not is_stamp_text("复兴路12号") and not is_stamp_text("张三")


class _CountingRegions:
    """The real engine, with the boxes it is asked to re-read counted."""

    def __init__(self, engine) -> None:
        self.engine, self.boxes = engine, []

    def __getattr__(self, item):
        return getattr(self.engine, item)

    def read_region(self, image, box, **kw):
        self.boxes.append(tuple(round(float(v)) for v in box))
        return self.engine.read_region(image, box, **kw)


def test_a_region_is_read_once_though_the_fields_are_found_again(engine):
    card, image = _watermarked(302, y=440, x=200, angle=-8, more=[(130, 280, -12)])   # the finder runs twice
    counting = _CountingRegions(engine)
    result = docextract.extract(image, schema="cn_id_card", engine=counting)
    assert result.fields["id_number"].raw == card.truth["id_number"]
    assert counting.boxes and len(counting.boxes) == len(set(counting.boxes))


@pytest.mark.parametrize("seed, y, x, angle", [
    (313, 330, 160, -12),    # the last line hidden from the detector
    (301, 330, 160, -12),    # the last line merged with the watermark into one line read wrong
    (305, 350, 100, 12),
])
def test_an_address_whose_last_line_a_watermark_hides_is_read_to_its_end(engine, seed, y, x, angle):
    card, image = _watermarked(seed, y=y, x=x, angle=angle)
    tail = card.truth["address"][-4:]
    assert not any(tail in ln.text for ln in engine.read_page(image))     # lost at the first reading
    got = docextract.extract(image, schema="cn_id_card", engine=engine).fields["address"]
    assert got.raw == card.truth["address"] and got.source == "reread"
    assert got.confidence < 0.9 and got.box[3] > 340 * 445 / 856        # the box reaches the line read again


def test_an_address_read_whole_is_not_read_again(engine):
    card, image = _watermarked(313, y=80, x=500, angle=-12)     # the watermark far from the address
    got = docextract.extract(image, schema="cn_id_card", engine=engine).fields["address"]
    assert got.raw == card.truth["address"] and got.source == "label"


def test_print_below_a_value_is_found_only_where_no_line_covers_it():
    from docextract.continued import _merged_below, _print_below
    from docextract.types import Line

    page = Image.new("RGB", (400, 200), (235, 235, 235))
    draw = ImageDraw.Draw(page)
    draw.text((40, 40), "云南省大理白族自治州", font=font("sans", 20), fill=(20, 20, 20))   # the value's last line
    draw.text((42, 66), "1号楼306", font=font("sans", 20), fill=(20, 20, 20))   # a line below it, not read
    value = Line("云南省大理白族自治州", (40, 40, 300, 60), 0.99)
    assert _print_below(page, [value], value.box, 20) is not None
    assert _print_below(page, [value, Line("1号楼306", (42, 66, 180, 86), 0.99)], value.box, 20) is None
    assert _print_below(page.crop((0, 0, 400, 62)), [value], value.box, 20) is None     # no room below
    merged = Line("213单704年赛使用", (30, 50, 320, 110), 0.9)
    assert _merged_below(merged, value.box, 20) and not _merged_below(Line("1号楼306", (42, 66, 180, 86)), value.box, 20)


def test_a_box_above_or_left_of_a_crop_covers_none_of_its_print():
    """Boxes of a page shifted into a crop of it (negative coordinates) blank nothing that they do not reach."""
    page, boxes = _page(), [(20, 20, 200, 40), (20, 60, 200, 80)]
    level = print_level(page, boxes)
    whole = unread_print(page, boxes, 20, level=level)
    crop = page[100:]        # the rows of the unread print; both boxes lie above it
    shifted = [(b[0], b[1] - 100, b[2], b[3] - 100) for b in boxes]
    assert [[x1, y1 + 100, x2, y2 + 100] for x1, y1, x2, y2 in unread_print(crop, shifted, 20, level=level)] == whole


def test_print_below_a_value_is_looked_for_in_the_rows_of_its_band_only(engine, monkeypatch):
    """A line the detector missed right below a value is read again (real engine, generated receipt photo),
    and the search for unread print saw only the band's rows, three lines above and below it, not the page."""
    from docextract.engines import stamps
    from docextract.rereadlines import line_height, unread_lines
    from docextract.synth import generate_receipt

    image = generate_receipt(3, degrade=True).image
    lines = engine.read_page(image)
    k = next(i for i, ln in enumerate(lines) if "GEORGETOWN" in ln.text)
    rest = lines[:k] + lines[k + 1:]                 # the line lost at the first reading
    h, above = line_height(rest), lines[k - 1].box
    band = (above[0] - h, above[3] - h, above[2] + h, above[3] + 1.6 * h)
    seen = []
    real = stamps.unread_print
    monkeypatch.setattr(stamps, "unread_print", lambda rgb, *a, **kw: seen.append(rgb.shape) or real(rgb, *a, **kw))
    got = unread_lines(engine, image, rest, 0, within=band)
    assert [ln.text for ln in got if ln not in rest] == [lines[k].text]
    assert len(seen) == 1 and seen[0][0] <= band[3] - band[1] + 6 * h + 2 and seen[0][1] == image.width


class _CountingReads:
    """The real engine, counting the regions it is asked to read."""

    def __init__(self, engine):
        self.engine, self.asked = engine, []

    def __getattr__(self, item):
        return getattr(self.engine, item)

    def read_lines(self, image, box, *, page=0, stamp=None, zoom=1.0):
        self.asked.append((tuple(round(float(v)) for v in box), stamp, zoom))
        return self.engine.read_lines(image, box, page=page, stamp=stamp, zoom=zoom)


def test_a_region_asked_for_again_in_a_reread_is_read_once(engine):
    """Within one re-read, the same pixels asked for again (the same options) give the lines read the
    first time without reading them again; the engine's options (zoom) still show."""
    import inspect

    from docextract.engines.stamps import Stamp
    from docextract.reread import _ReadOnce

    card, image = _watermarked(300, y=440, x=120, angle=12)
    counting = _CountingReads(engine)
    once = _ReadOnce(counting)
    first = once.read_lines(image, (10, 200, 430.4, 260), page=0)
    again = once.read_lines(image, (10, 200.2, 430, 260), page=0)         # the same pixels
    faint = once.read_lines(image, (10, 200, 430, 260), page=0, stamp=Stamp((10, 200, 430, 260), 1, 150.0))
    assert first and again == first and faint is not None and len(counting.asked) == 2
    assert "zoom" in inspect.signature(once.read_lines).parameters


def test_no_region_is_read_twice_in_an_extraction(engine):
    card, image = _watermarked(300, y=440, x=120, angle=12)
    counting = _CountingReads(engine)
    got = docextract.extract(image, schema="cn_id_card", engine=counting).fields["id_number"]
    assert got.raw == card.truth["id_number"] and counting.asked
    assert len(counting.asked) == len(set(counting.asked))
