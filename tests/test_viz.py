"""Rich display of results: the HTML table and the field boxes drawn on the page."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest
from PIL import Image, ImageDraw

from docextract import extract, validate, viz
from docextract.engines.scripted import ScriptedEngine
from docextract.errors import InputError
from docextract.options import ExtractOptions

ID_ANSWER = ('{"姓名": "张三", "性别": "女", "民族": "汉", "出生": "1949年12月31日", '
             '"住址": "北京市朝阳区建国路1号", "公民身份号码": "11010519491231002X"}')
# HunyuanOCR spotting answer: text followed by its box on a 0-1000 grid
SPOTTING = ("姓名(100,100),(200,150)张三(220,100),(330,150)"
            "公民身份号码(100,800),(300,850)11010519491231002X(320,800),(900,850)")


def _card() -> Image.Image:
    """A page with some ink on it, so drawing over it is visible against something real."""
    img = Image.new("RGB", (856, 540), (245, 240, 230))
    d = ImageDraw.Draw(img)
    for y in range(20, 540, 40):
        d.line((0, y, 856, y), fill=(200, 200, 210))
    return img


def _id_result(answer: str = ID_ANSWER):
    def respond(request):
        return SPOTTING if request.task == "spotting" else answer

    return extract(_card(), schema="cn_id_card", engine=ScriptedEngine(respond=respond),
                   options=ExtractOptions(today=dt.date(2026, 11, 23)))


def _row(html: str, name: str) -> str:
    """The top-level row whose first cell names ``name`` (nested item rows included)."""
    at = html.find(f"<code>{name}</code>")
    assert at >= 0, f"no row for {name}"
    start = html.rfind("<tr", 0, at)
    ends = [e for e in (html.find("<tr style=", at), html.find("</table>\n", at)) if e >= 0]
    return html[start:min(ends)]


# ---------------------------------------------------------------------------------------------- HTML

def test_html_escapes_values_from_the_document():
    r = validate({"name": "<script>alert('x')</script>", "address": 'a & b "c"', "sex": "男"}, schema="cn_id_card")
    html = r._repr_html_()
    assert "<script>" not in html and "alert('x')" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "a &amp; b &quot;c&quot;" in html
    row = _row(html, "sex")
    assert "male" in row and "男" in row and "ok" in row  # value, raw text, status


def test_html_escapes_check_messages_and_extra_keys():
    r = validate({"name": "x", "<img src=x onerror=alert(1)>": "y"}, schema="cn_id_card")
    assert r.extra  # the unknown key is kept ...
    html = viz.result_html(r)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html  # ... and shown escaped


def test_failing_checks_are_highlighted():
    fail_bg = viz.STATUS_COLOURS["fail"][1]
    r = validate({"name": "张三", "sex": "男", "ethnicity": "汉", "birth_date": "1950年1月1日",
                  "address": "北京市", "id_number": "11010519491231002X"}, schema="cn_id_card")
    statuses = {c.code: c.status for c in r.checks}
    assert statuses["cn_ric_birth_date"] == "fail" and statuses["cn_ric_sex"] == "fail"
    html = r._repr_html_()
    assert fail_bg in _row(html, "birth_date") and fail_bg in _row(html, "sex")
    assert fail_bg not in _row(html, "name")
    # the flagged field's row names the check that failed
    assert "<code>cn_ric_birth_date</code>" in _row(html, "birth_date")
    assert "<code>cn_ric_birth_date</code>" not in _row(html, "name")
    checks = html[html.index(">check</th>"):]  # the checks table
    check_row = _row(checks, "cn_ric_birth_date")
    assert fail_bg in check_row and viz.STATUS_COLOURS["fail"][0] in check_row
    assert fail_bg not in _row(checks, "id_number.cn.ric")
    # failing checks are listed before passing ones, and the header counts them
    assert checks.index("<code>cn_ric_birth_date</code>") < checks.index("<code>id_number.cn.ric</code>")
    assert "2 failing check(s)" in html


def test_passing_result_says_ok_and_has_no_fail_tint():
    r = validate({"name": "张三", "sex": "女", "ethnicity": "汉", "birth_date": "1949年12月31日",
                  "address": "北京市朝阳区", "id_number": "11010519491231002X"}, schema="cn_id_card")
    assert r.ok
    html = r._repr_html_()
    assert viz.STATUS_COLOURS["fail"][1] not in html
    assert ">ok</span>" in html


def test_line_items_are_a_nested_table():
    r = validate({"merchant_name": "ABC <Mart>", "date": "25/12/2018", "total": "9.00",
                  "items": [{"name": "Kopi", "quantity": "2", "amount": "4.00"},
                            {"name": "Roti <b>", "quantity": "1", "amount": "5.00"}]}, schema="receipt")
    html = r._repr_html_()
    row = _row(html, "items")
    assert row.count("<table") == 1 and "Kopi" in row and "Roti &lt;b&gt;" in row and "5.00" in row
    assert ">name<" in row and ">quantity<" in row and ">amount<" in row  # column heads
    assert "ABC &lt;Mart&gt;" in html


# ---------------------------------------------------------------------------------------------- drawing

def test_draw_returns_the_page_with_field_boxes():
    r = _id_result()
    box = r.fields["id_number"].box
    assert box == (274, 432, 770, 459)
    original = r.images[0].copy()
    img = r.draw()
    assert isinstance(img, Image.Image) and img.size == original.size == (856, 540)
    # the box outline is drawn: pixels on its left edge changed, halfway down
    x1, y1, x2, y2 = box
    assert img.getpixel((x1, (y1 + y2) // 2)) != original.getpixel((x1, (y1 + y2) // 2))
    # inside the box the page is tinted
    assert img.getpixel(((x1 + x2) // 2, (y1 + y2) // 2)) != original.getpixel(((x1 + x2) // 2, (y1 + y2) // 2))
    # far from every box nothing changed, and the result's own image was not drawn on
    assert img.getpixel((600, 250)) == original.getpixel((600, 250))
    assert r.images[0].tobytes() == original.tobytes()
    # each field has its own colour: the two boxes' edges differ
    nx1, ny1, _, ny2 = r.fields["name"].box
    assert img.getpixel((nx1, (ny1 + ny2) // 2)) != img.getpixel((x1, (y1 + y2) // 2))


def test_draw_options_lines_values_and_field_filter():
    r = _id_result()
    plain = r.draw(labels=False)
    with_lines = r.draw(show_lines=True, labels=False)
    label_line = next(ln for ln in r.lines if ln.text == "姓名")  # a line that is no field
    cx, cy = (int(c) for c in label_line.center)
    assert with_lines.getpixel((cx, cy)) != plain.getpixel((cx, cy))
    only_name = r.draw(fields=["name"], labels=False)
    x1, y1, x2, y2 = r.fields["id_number"].box
    assert only_name.getpixel((x1, (y1 + y2) // 2)) == r.images[0].getpixel((x1, (y1 + y2) // 2))
    assert r.draw(show_values=True).tobytes() != r.draw().tobytes()


def test_draw_without_images_is_a_clear_error():
    r = validate({"name": "张三"}, schema="cn_id_card")
    with pytest.raises(InputError, match="no page images to draw on"):
        r.draw()


def test_draw_of_a_page_that_does_not_exist():
    r = _id_result()
    with pytest.raises(InputError, match=r"page 3 does not exist: this result has 1 page"):
        r.draw(page=3)


def test_cjk_font_renders_chinese():
    if viz.find_cjk_font() is None:
        pytest.skip("no CJK font installed (Debian: fonts-noto-cjk)")
    font = viz.load_font(24)
    masks = [bytes(font.getmask(ch)) for ch in "张三"]
    assert all(any(m) for m in masks) and masks[0] != masks[1]  # real glyphs, not one 'missing' box


def test_no_cjk_font_falls_back_with_a_warning(monkeypatch):
    monkeypatch.setattr(viz, "find_cjk_font", lambda: None)
    viz.load_font.cache_clear()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            img = _id_result().draw(font_size=17)
        assert img.size == (856, 540)
        assert any("no CJK font found" in str(w.message) for w in caught)
    finally:
        viz.load_font.cache_clear()
