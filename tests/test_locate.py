"""Field finding (docextract.locate) on lines read by the real RapidOCR engine from real and generated
documents, and on hand-placed lines for layouts the OCR must not decide (merged labels, two columns)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from docextract.errors import SchemaError
from docextract.locate import find_fields
from docextract.locate.fragments import broken_anchors
from docextract.locate.ids import repair_id
from docextract.locate.layout import PageLayout
from docextract.normalize import normalize_value
from docextract.validation import build_result
from docextract.options import ExtractOptions
from docextract.schema import load_schema, load_schema_text
from docextract.types import EngineRequest, Line

OPTS = ExtractOptions()


def _found(lines, schema, size=(800, 1000)):
    return find_fields(lines, schema, sizes=[size], options=OPTS)


# ------------------------------------------------------------------------------------- real OCR lines

@pytest.fixture(scope="module")
def engine():
    pytest.importorskip("rapidocr")
    pytest.importorskip("onnxruntime")
    from docextract.engines.rapidocr import RapidOcrEngine

    return RapidOcrEngine()


@pytest.fixture(scope="module")
def ocr_cache():
    return {}


def _read(engine, cache, key, image):
    if key not in cache:
        cache[key] = engine.run(EngineRequest(images=[image], prompt="", task="spotting")).lines
    return cache[key]


#: receipts whose four labelled fields the CPU engine gets right (see BENCHMARKS.md for the whole set)
RECEIPTS = ["009", "139", "214"]


@pytest.mark.slow
@pytest.mark.parametrize("stem", RECEIPTS)
def test_real_receipts(sroie_dir, engine, ocr_cache, stem):
    from PIL import Image

    image = Image.open(sroie_dir / "img" / f"{stem}.jpg").convert("RGB")
    gold = json.loads((sroie_dir / "key" / f"{stem}.json").read_text())
    schema = load_schema("receipt")
    found = find_fields(_read(engine, ocr_cache, stem, image), schema, sizes=[image.size], options=OPTS)
    assert normalize_value("date", found["date"].raw, options={"day_first": True}) == \
        normalize_value("date", gold["date"], options={"day_first": True})
    assert normalize_value("amount", found["total"].raw) == normalize_value("amount", gold["total"])
    assert " ".join(found["merchant_name"].raw.upper().split()) == gold["company"]
    assert " ".join(found["merchant_address"].raw.upper().split()) == " ".join(gold["address"].split())
    for cand in found.values():
        assert cand.box is not None and cand.box[0] < cand.box[2] <= image.width
        assert 0 < cand.confidence <= 1
    assert found["merchant_name"].source == "hint" and found["total"].source == "label"


@pytest.mark.slow
@pytest.mark.parametrize("seed", [3, 11])
def test_generated_id_cards(engine, ocr_cache, seed):
    synth = pytest.importorskip("docextract.synth")
    sample = synth.generate_id_card(seed)
    schema = load_schema("cn_id_card")
    found = find_fields(_read(engine, ocr_cache, f"id{seed}", sample.image), schema,
                        sizes=[sample.image.size], options=OPTS)
    truth = sample.truth
    assert found["name"].raw == truth["name"]
    assert normalize_value("enum", found["sex"].raw, values=schema.field("sex").values) == truth["sex"]
    assert found["ethnicity"].raw == truth["ethnicity"]
    assert normalize_value("date", found["birth_date"].raw).isoformat() == truth["birth_date"]
    assert found["address"].raw == truth["address"]          # several printed lines, joined
    assert found["id_number"].raw == truth["id_number"]
    assert all(c.source == "label" for c in found.values())


@pytest.mark.slow
def test_user_schema_with_hints_on_a_rendered_page(engine, ocr_cache, tmp_path):
    """A schema written by a user, with hints, on a page drawn here and read by the real engine."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (900, 700), "white")
    d = ImageDraw.Draw(img)
    rows = [(40, 30, "ACME PARCEL SERVICES LTD", 40), (40, 120, "Tracking No: TR-20240315-77", 30),
            (40, 180, "Weight 2.50", 30), (40, 240, "Sender", 30), (40, 285, "12 Harbour Road", 30),
            (40, 330, "Kowloon Bay", 30), (40, 420, "Fee 18.00", 30), (40, 470, "Insurance Fee 3.00", 30),
            (40, 520, "Fee 21.00", 30), (40, 620, "Shipped 15/03/2024", 30)]
    for x, y, text, size in rows:
        d.text((x, y), text, fill="black", font_size=size)
    schema_path = tmp_path / "parcel.yaml"
    schema_path.write_text("""
name: parcel
fields:
  - name: carrier
    type: text
    hints: {kind: organisation, position: top}
  - name: tracking
    type: text
    labels: {en: [Tracking No]}
    pattern: 'TR-\\d{8}-\\d+'
  - name: sender_address
    type: text
    labels: {en: [Sender]}
    hints: {direction: below, lines: 2}
  - name: fee
    type: amount
    labels: {en: [Fee]}
    hints: {exclude_keywords: [Insurance], prefer: largest}
  - name: ship_date
    type: date
    hints: {position: bottom}
""", encoding="utf-8")
    schema = load_schema(str(schema_path))
    found = find_fields(_read(engine, ocr_cache, "parcel", img), schema, sizes=[img.size], options=OPTS)
    assert found["carrier"].raw == "ACME PARCEL SERVICES LTD"
    assert found["tracking"].raw == "TR-20240315-77"
    assert found["sender_address"].raw == "12 Harbour Road Kowloon Bay"
    assert normalize_value("amount", found["fee"].raw) == Decimal("21.00")   # not the insurance fee
    assert found["ship_date"].raw == "15/03/2024" and found["ship_date"].source == "type"


# ------------------------------------------------------------------------------------ hand-placed lines

def test_labels_merged_with_their_values():
    lines = [Line("姓名张三", (40, 40, 200, 70), 0.99), Line("性别男民族汉", (40, 90, 300, 120), 0.98),
             Line("出生1949年12月31日", (40, 140, 360, 170), 0.97),
             Line("住址北京市东城区景山前街4号", (40, 190, 420, 220), 0.96),
             Line("公民身份号码11010519491231002X", (40, 400, 700, 430), 0.99)]
    found = _found(lines, load_schema("cn_id_card"))
    assert {k: c.raw for k, c in found.items()} == {
        "name": "张三", "sex": "男", "ethnicity": "汉", "birth_date": "1949年12月31日",
        "address": "北京市东城区景山前街4号", "id_number": "11010519491231002X"}
    assert found["name"].box[0] > 40            # the box covers the value, not the label
    receipt = _found([Line("TOTAL: 9.00", (10, 500, 300, 530), 0.99)], load_schema("receipt"))
    assert receipt["total"].raw == "9.00"


def test_look_alikes_read_for_an_ethnic_group_are_put_right_in_the_value_and_the_address():
    # at a small size the recogniser reads 禽 for 畲 and 舞 for 彝 (the 'ethnic_lookalikes' of lexicon_cn.txt)
    lines = [Line("姓名蓝秀英", (40, 40, 200, 70), 0.99), Line("性别女民族禽", (40, 90, 300, 120), 0.98),
             Line("出生1990年3月8日", (40, 140, 360, 170), 0.97),
             Line("住址四川省凉山舞族自治州冕宁县", (40, 190, 420, 220), 0.96),
             Line("朝阳街15号", (100, 230, 300, 260), 0.96),
             Line("公民身份号码513433199003080024", (40, 400, 700, 430), 0.99)]
    found = _found(lines, load_schema("cn_id_card"))
    assert (found["ethnicity"].raw, found["address"].raw) == ("畲", "四川省凉山彝族自治州冕宁县朝阳街15号")


def test_two_column_layout():
    schema = load_schema_text("""
name: form
fields:
  - {name: invoice_no, type: text, labels: {en: [Invoice No]}}
  - {name: date, type: date, labels: {en: [Date]}}
  - {name: customer, type: text, labels: {en: [Customer]}}
  - {name: due, type: date, labels: {en: [Due Date]}}
""")
    lines = [Line("Invoice No:", (20, 20, 140, 40)), Line("INV-0042", (160, 20, 260, 40)),
             Line("Date:", (420, 20, 480, 40)), Line("03/04/2024", (500, 20, 620, 40)),
             Line("Customer:", (20, 60, 130, 80)), Line("Ann Lee", (160, 60, 240, 80)),
             Line("Due Date:", (420, 60, 520, 80)), Line("03/05/2024", (540, 60, 660, 80))]
    found = _found(lines, schema)
    assert {k: c.raw for k, c in found.items()} == {"invoice_no": "INV-0042", "date": "03/04/2024",
                                                     "customer": "Ann Lee", "due": "03/05/2024"}


def test_total_prefers_the_last_total_before_payment():
    lines = [Line("TOTAL", (20, 100, 100, 120)), Line("33.92", (300, 100, 360, 120)),
             Line("ROUNDING ADJUSTMENT", (20, 130, 200, 150)), Line("-0.02", (300, 130, 360, 150)),
             Line("TOTAL ROUNDED", (20, 160, 160, 180)), Line("33.90", (300, 160, 360, 180)),
             Line("CASH", (20, 190, 80, 210)), Line("50.00", (300, 190, 360, 210)),
             Line("GST Summary Total", (20, 260, 200, 280)), Line("1.92", (300, 260, 360, 280)),
             Line("Total Qty: 3", (20, 300, 200, 320))]
    found = _found(lines, load_schema("receipt"))
    assert found["total"].raw == "33.90"
    assert found["rounding"].raw == "-0.02"


def test_passport_mrz_and_fields_from_it():
    lines = [Line("PASSPORT", (20, 20, 200, 40)),
             Line("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", (20, 400, 880, 430), 0.95),
             Line("L898902C36UTO7408122F1204159ZE184226B<<<<<10", (20, 440, 880, 470), 0.95)]
    found = _found(lines, load_schema("passport"))
    assert found["mrz"].raw.splitlines()[0].startswith("P<UTOERIKSSON")
    assert found["document_number"].raw == "L898902C3"
    assert found["surname"].raw == "ERIKSSON"


def test_id_number_repaired_by_its_checksum():
    assert repair_id("11O1O519491231OO2x", "cn.ric") == ("11010519491231002X", 1)
    assert repair_id("11010519491231007X", "cn.ric") == ("11010519491231002X", 2)
    assert repair_id("12345", "cn.ric") is None
    found = _found([Line("11O1O519491231OO2X", (40, 400, 700, 430))], load_schema("cn_id_card"))
    assert found["id_number"].raw == "11010519491231002X" and found["id_number"].source == "type"


def test_nothing_found_is_absent_not_empty():
    assert _found([], load_schema("receipt")) == {}
    found = _found([Line("hello world", (0, 0, 100, 20))], load_schema("cn_id_card"))
    assert "id_number" not in found and "birth_date" not in found


def test_bad_hints_name_the_file_and_field(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("name: bad\nfields:\n  - name: total\n    type: amount\n    hints: {prefer: biggest}\n")
    with pytest.raises(SchemaError, match=r"bad.yaml.*field 'total'.*hints.prefer"):
        find_fields([Line("x", (0, 0, 1, 1))], load_schema(str(p)), sizes=[(10, 10)], options=OPTS)
    p.write_text("name: bad\nfields:\n  - name: total\n    type: amount\n    hints: {where: top}\n")
    with pytest.raises(SchemaError, match="unknown hint 'where'"):
        find_fields([], load_schema(str(p)), sizes=[(10, 10)], options=OPTS)


def test_receipt_items_between_header_and_totals():
    lines = [Line("Description", (10, 0, 120, 20)), Line("Qty", (300, 0, 340, 20)),
             Line("Price", (400, 0, 460, 20)), Line("Amount", (500, 0, 580, 20)),
             Line("KOPI O", (10, 30, 100, 50)), Line("2", (305, 30, 315, 50)),
             Line("1.50", (400, 30, 450, 50)), Line("3.00", (520, 30, 570, 50)),
             Line("ROTI BAKAR KAYA", (10, 60, 200, 80)),
             Line("1", (305, 90, 315, 110)), Line("2.80", (400, 90, 450, 110)), Line("2.80", (520, 90, 570, 110)),
             Line("TOTAL", (10, 130, 100, 150)), Line("5.80", (520, 130, 570, 150))]
    items = _found(lines, load_schema("receipt"))["items"].items
    assert [{k: c.raw for k, c in it.items()} for it in items] == [
        {"name": "KOPI O", "quantity": "2", "unit_price": "1.50", "amount": "3.00"},
        {"name": "ROTI BAKAR KAYA", "quantity": "1", "unit_price": "2.80", "amount": "2.80"}]


def test_an_item_code_that_reads_like_a_number_goes_to_the_text_column_above_it():
    # a VAT invoice row as read (generated invoice 000): the model code M330 stands under 规格型号, not under a
    # figure's header; it is the spec, and the quantity 20 keeps its own column
    read = [((89, 350, 321, 376), "货物或应税劳务、服务名称"), ((402, 347, 488, 378), "规格型号"), ((536, 348, 584, 378), "单位"),
            ((630, 348, 678, 378), "数量"), ((771, 347, 819, 378), "单价"), ((939, 347, 990, 380), "金额"),
            ((1079, 347, 1131, 380), "税率"), ((1274, 347, 1326, 380), "税额"),
            ((40, 381, 293, 408), "*计算机配套产品*无线鼠标"), ((366, 381, 431, 409), "M330"), ((519, 380, 547, 413), "个"),
            ((669, 380, 702, 410), "20"), ((801, 380, 871, 409), "251.71"), ((956, 380, 1040, 408), "5034.20"),
            ((1100, 379, 1153, 409), "13%"), ((1358, 379, 1432, 410), "654.45"), ((92, 613, 179, 645), "合计")]
    items = _found([Line(t, b, 0.98) for b, t in read], load_schema("cn_vat_invoice"), (1500, 900))["items"].items
    assert {k: c.raw for k, c in items[0].items()} == {
        "name": "*计算机配套产品*无线鼠标", "spec": "M330", "unit": "个", "quantity": "20", "unit_price": "251.71",
        "amount": "5034.20", "tax_rate": "13%", "tax": "654.45"}


def test_two_unit_glyphs_stacked_in_a_column_and_read_as_one_line_go_to_their_two_items():
    # generated invoice 006 as read: the units 项 and 卷 of two close rows came back as one line 项卷 spanning both
    read = [((89, 350, 321, 376), "货物或应税劳务、服务名称"), ((402, 347, 488, 378), "规格型号"), ((536, 348, 585, 378), "单位"),
            ((630, 348, 678, 378), "数量"), ((770, 346, 820, 379), "单价"), ((939, 347, 990, 380), "金额"),
            ((1080, 348, 1130, 378), "税率"), ((1274, 347, 1326, 380), "税额"),
            ((44, 425, 298, 451), "*信息技术服务*技术服务费"), ((521, 419, 554, 495), "项卷"), ((688, 425, 707, 452), "1"),
            ((792, 424, 877, 451), "6975.32"), ((961, 424, 1047, 451), "6975.32"), ((1116, 423, 1161, 453), "6%"),
            ((1363, 423, 1438, 453), "418.52"), ((42, 460, 217, 489), "*日用杂品*垃圾袋"), ((373, 461, 468, 488), "45*50cm"),
            ((687, 461, 707, 488), "5"), ((816, 460, 878, 488), "16.08"), ((984, 460, 1047, 488), "80.40"),
            ((1106, 460, 1160, 488), "13%"), ((1376, 460, 1438, 488), "10.45"), ((92, 613, 179, 645), "合计")]
    items = _found([Line(t, b, 0.98) for b, t in read], load_schema("cn_vat_invoice"), (1500, 900))["items"].items
    assert [(it["unit"].raw, it["unit"].box[1] < it["name"].box[3] < it["unit"].box[3]) for it in items] == [
        ("项", True), ("卷", True)]
    # two glyphs of one row (a unit of two characters) stay together
    one_row = [(b, "千克" if t == "项卷" else t) for b, t in read if t not in ("*日用杂品*垃圾袋",)]
    items = _found([Line(t, (b[0], b[1], b[2], 452) if t == "千克" else b, 0.98) for b, t in one_row],
                   load_schema("cn_vat_invoice"), (1500, 900))["items"].items
    assert items[0]["unit"].raw == "千克"


def test_birth_date_and_sex_unread_are_taken_from_a_valid_id_number():
    schema = load_schema("cn_id_card")
    lines = [Line("姓名蔡红静", (10, 10, 160, 40), 0.99), Line("民族回", (10, 50, 200, 80), 0.98),
             Line("公民身份号码", (10, 300, 180, 330), 0.99), Line("513222198605252269", (200, 300, 520, 330), 0.96)]
    found = _found(lines, schema, (600, 400))
    assert found["birth_date"].raw == "1986-05-25" and found["birth_date"].source == "derived"
    assert found["sex"].raw == "female" and found["sex"].box == found["id_number"].box
    assert found["birth_date"].confidence == pytest.approx(found["id_number"].confidence * 0.9, abs=1e-3)
    # a printed line wins over the number; a number wrong only in its check character still tells
    # its birth date and sex, one whose birth digits are no date nothing
    printed = lines + [Line("性别男", (10, 90, 200, 120), 0.97), Line("出生1986年5月26日", (10, 130, 300, 160), 0.97)]
    found = _found(printed, schema, (600, 400))
    assert (found["sex"].raw, found["sex"].source) == ("男", "label")
    assert found["birth_date"].source == "label" and "26" in found["birth_date"].raw
    misprinted = [ln if not ln.text.startswith("5132") else Line("513222198605252260", ln.box, 0.96) for ln in lines]
    found = _found(misprinted, schema, (600, 400))
    assert (found["birth_date"].raw, found["sex"].raw, found["id_number"].raw) == (
        "1986-05-25", "female", "513222198605252260")
    broken = [ln if not ln.text.startswith("5132") else Line("513222198613252260", ln.box, 0.96) for ln in lines]
    found = _found(broken, schema, (600, 400))
    assert "birth_date" not in found and "sex" not in found


def test_an_address_keeps_its_last_short_line_and_drops_watermark_fragments():
    schema = load_schema("cn_id_card")
    lines = [Line("姓名方国平", (150, 157, 345, 221), 0.99),
             Line("住址四川省凉山彝族自治州甘", (166, 319, 565, 399), 0.98),
             Line("洛县城关镇李庄村1组5", (253, 363, 546, 429), 0.98),
             Line("号", (261, 428, 296, 467), 0.95),                         # one character: a tight box
             Line("使用", (256, 470, 368, 540), 0.9),                         # a watermark's fragment below it
             Line("公民身份号码", (183, 556, 333, 600), 0.99), Line("513435197506292802", (385, 550, 791, 600), 0.97)]
    found = _found(lines, schema, (900, 650))
    assert found["address"].raw == "四川省凉山彝族自治州甘洛县城关镇李庄村1组5号"


def test_a_tilted_invoice_keeps_its_rows_and_columns():
    # boxes as read from a photographed VAT invoice turned about 1.5°: the totals' row climbs to the right
    rows = [[("金额", (936, 367, 987, 400)), ("税率", (1073, 363, 1123, 397)), ("税额", (1268, 359, 1318, 390)),
             ("货物或应税劳务、服务名称", (107, 387, 336, 423)), ("单价", (771, 374, 818, 404))],
            [("*现代服务*咨询服务费", (70, 419, 281, 454)), ("1330.54", (964, 397, 1049, 428)), ("6%", (1114, 394, 1159, 427)),
             ("79.83", (1371, 386, 1434, 418)), ("1330.54", (796, 402, 881, 433))],
            [("合计", (130, 648, 212, 682)), ("¥22974.57", (944, 630, 1052, 662)), ("¥1624.13", (1342, 619, 1438, 653))]]
    lines = [Line(t, b, 0.98) for row in rows for t, b in row]
    page = PageLayout(lines, (1500, 1000))
    assert page.slope < -0.01
    total_row = page.rows[page.row_of[lines.index(next(ln for ln in lines if ln.text == "合计"))]]
    assert sorted(page.lines[i].text for i in total_row) == ["¥1624.13", "¥22974.57", "合计"]
    found = _found(lines, load_schema("cn_vat_invoice"), (1500, 1000))
    assert (found["total_amount"].raw, found["total_tax"].raw) == ("¥22974.57", "¥1624.13")
    # the same figures read as one line: the column headers still tell them apart
    one = [ln for ln in lines if ln.text not in ("合计", "¥22974.57", "¥1624.13")]
    one.append(Line("合计            ¥22974.57                    ¥1624.13", (130, 620, 1438, 682), 0.97))
    found = _found(one, load_schema("cn_vat_invoice"), (1500, 1000))
    assert (found["total_amount"].raw, found["total_tax"].raw) == ("¥22974.57", "¥1624.13")


def test_labels_broken_by_a_watermark_are_still_found():
    schema = load_schema("cn_id_card")
    lines = [Line("限本", (40, 20, 120, 60), 0.8), Line("名徐芳", (150, 20, 260, 60), 0.95),       # 姓 lost
             Line("性别女", (122, 80, 240, 120), 0.97), Line("民族独龙", (300, 80, 420, 120), 0.97),
             Line("出", (120, 140, 150, 180), 0.9), Line("生 1969年9月24 日", (155, 140, 420, 180), 0.95),
             Line("住", (120, 200, 150, 240), 0.9), Line("址湖北省恩施土家族苗族自", (152, 200, 520, 240), 0.95),
             Line("治州建始县永安镇东风村4", (210, 245, 520, 285), 0.95), Line("组38号使用", (210, 290, 360, 330), 0.9),
             Line("公民身份号码", (120, 420, 300, 460), 0.99), Line("422822196909241627", (330, 420, 700, 460), 0.97)]
    found = _found(lines, schema, (800, 500))
    assert found["name"].raw == "徐芳"
    assert normalize_value("date", found["birth_date"].raw, options={"year_first": True}).isoformat() == "1969-09-24"
    assert found["birth_date"].source == "label"
    assert found["address"].raw == "湖北省恩施土家族苗族自治州建始县永安镇东风村4组38号"   # the stamp's 使用 dropped
    assert found["ethnicity"].raw == "独龙"


def test_a_label_that_lost_its_last_character_still_anchors_its_value():
    schema = load_schema("cn_id_card")
    lines = [Line("姓名周源福", (120, 20, 300, 60), 0.99), Line("性别女", (122, 80, 240, 120), 0.97),
             Line("民族汉", (300, 80, 420, 120), 0.97), Line("出生1982年11月2日", (120, 140, 420, 180), 0.97),
             Line("住云南省红河哈尼族彝族自", (121, 200, 520, 240), 0.95),     # 址 lost under a stamp
             Line("治州河口瑶族自治县黄河", (185, 245, 520, 285), 0.95), Line("路284号", (185, 290, 300, 330), 0.95),
             Line("公民身份号码", (120, 420, 300, 460), 0.99), Line("532532198211024185", (330, 420, 700, 460), 0.97)]
    found = _found(lines, schema, (800, 500))
    assert found["address"].raw == "云南省红河哈尼族彝族自治州河口瑶族自治县黄河路284号"
    # an indented line is a value's continuation, never a label missing a character
    page = PageLayout(lines)
    assert [a.field for a in broken_anchors(page, schema.fields, {"name", "sex", "ethnicity", "birth_date",
                                                                  "id_number"})] == ["address"]


def test_an_address_line_on_a_tilted_photo_is_measured_along_the_page_tilt():
    # a 450-px photographed card tilted ~4°: a long line's box is tall with the tilt, a short one's is not;
    # the short last line is the address's, the steeply tilted watermark is not
    read = [((72, 63, 164, 94), "姓名龚德金", 0.071), ((67, 90, 132, 126), "性别女", 0.067),
            ((169, 99, 230, 123), "民族汉", 0.04), ((74, 118, 225, 150), "出生 1996 年3月28日", 0.085),
            ((70, 142, 252, 179), "住址内蒙古自治区锡林郭勒盟", 0.075), ((107, 163, 245, 195), "太仆寺旗青山镇前进村1", 0.082),
            ((107, 182, 159, 202), "2组80号", 0.032), ((258, 198, 330, 244), "仅限本", -0.329),
            ((83, 236, 150, 255), "公民身份号码", 0.07), ((158, 230, 343, 265), "152527199603287041", 0.074)]
    found = _found([Line(t, box, 0.99, tilt=tilt) for box, t, tilt in read], load_schema("cn_id_card"), (450, 324))
    assert found["address"].raw == "内蒙古自治区锡林郭勒盟太仆寺旗青山镇前进村12组80号"


def test_another_fields_whole_label_is_no_broken_label():
    # 有效期限 is the period's label; 有效期至 (valid_until) missing its last character is not in it
    lines = [Line("中华人民共和国", (300, 40, 700, 90), 0.99), Line("居民身份证", (300, 110, 700, 170), 0.99),
             Line("签发机关沈阳市公安局皇姑分局", (200, 400, 700, 440), 0.98),
             Line("有效期限2021.11.26-2031.11.26", (200, 470, 700, 510), 0.98)]
    found = _found(lines, load_schema("cn_id_card_back"), (856, 540))
    assert (found["valid_from"].raw, found["valid_until"].raw) == ("2021.11.26", "2031.11.26")


def test_a_total_label_inside_a_count_line_takes_no_amount_below_it():
    # a tilted photo's lines as read (wildreceipt-dev 181): 'Total ty :7' stands right above the cash paid
    read = [((48, 424, 185, 477), "SUBTOTAL"), ((499, 464, 597, 510), "$36.50"), ((514, 491, 599, 536), "$3.65"),
            ((49, 454, 111, 500), "SVC"), ((124, 462, 184, 502), "CHG"), ((515, 518, 601, 563), "$2.81"),
            ((53, 484, 107, 527), "GST"), ((62, 539, 212, 594), "TOTAL"), ((417, 565, 605, 620), "$42.95"),
            ((65, 567, 261, 631), "Total item :7"), ((415, 594, 609, 652), "Total ty :7"),
            ((72, 623, 151, 671), "CASH"), ((509, 660, 616, 709), "$44.00"), ((80, 658, 179, 698), "Change"),
            ((524, 691, 616, 741), "$1.05")]
    found = _found([Line(text, box, 0.98) for box, text in read], load_schema("receipt"), (768, 1024))
    assert found["total"].raw == "$42.95"   # not the cash under the count line


def test_a_page_printing_no_cents_has_its_total_in_grouped_whole_numbers():
    # a photographed receipt in a currency without cents, as read (wildreceipt-dev 009): no TOTAL label
    # was read, a guest count stands at "Jumlah"; the amount due is the sum of the amounts before it
    read = [((58, 179, 164, 199), "Jumlah Tamu : 1"), ((75, 229, 165, 249), "1 Huzaren Sla"),
            ((279, 233, 324, 250), "24,000"), ((76, 245, 160, 265), "1 Sop Buntut"), ((278, 248, 324, 268), "69,000"),
            ((75, 278, 163, 298), "1 Apple Juice"), ((278, 282, 325, 301), "111,000"),
            ((271, 370, 326, 393), "204,000"), ((169, 387, 250, 409), "Pajak 10%"), ((276, 388, 327, 413), "20,400"),
            ((270, 426, 326, 449), "224,400")]
    found = _found([Line(text, box, 0.98) for box, text in read], load_schema("receipt"), (400, 600))
    assert found["total"].raw == "224,400" and "sum" in found["total"].options["evidence"]
    # with cents printed anywhere on the page, grouped whole numbers are not amounts
    found = _found([Line(text, box, 0.98) for box, text in read] + [Line("Tip 2.00", (60, 460, 200, 480))],
                   load_schema("receipt"), (400, 600))
    assert found["total"].raw != "224,400"


def test_a_total_read_without_its_decimal_point_is_taken_when_the_page_prints_it():
    rows = [("SUB TOTAL", 10, "10.00"), ("GRAND TOTAL", 50, "1000"), ("CASH 20.00 MYR", 90, None), ("CHANGE DUE", 130, "10.00")]
    lines = []
    for label, y, value in rows:
        lines.append(Line(label, (20, y, 200, y + 25), 0.99))
        if value:
            lines.append(Line(value, (300, y, 380, y + 25), 0.98))
    found = _found(lines, load_schema("receipt"), (400, 600))
    assert found["total"].raw == "10.00" and found["total"].confidence < 0.9
    # without the subtotal nothing says where the point was: the cash paid is not taken for it
    found = _found([ln for ln in lines if ln.text not in ("SUB TOTAL", "10.00")], load_schema("receipt"), (400, 600))
    assert found.get("total") is None or found["total"].raw != "1000"


def test_every_hint_is_documented():
    from pathlib import Path

    from docextract.locate.hints import HINT_KEYS

    doc = (Path(__file__).resolve().parents[1] / "docs" / "schemas.md").read_text(encoding="utf-8")
    assert [k for k in HINT_KEYS if f"| `{k}`" not in doc and f"+ `{k}`" not in doc] == []


def test_a_misread_surname_takes_the_recognisers_second_reading():
    schema = load_schema("cn_id_card")
    name = Line("姓名殊红静", (10, 10, 200, 40), 0.9, alternatives=((2, "朱", 0.31, 0.6), (3, "江", 0.2, 0.7)))
    found = _found([name, Line("性别女", (10, 60, 200, 90), 0.98)], schema, (600, 400))
    assert found["name"].raw == "朱红静"          # only the surname is re-read, not the given name
    known = Line("姓名张三", (10, 10, 200, 40), 0.9, alternatives=((2, "弓", 0.4, 0.5),))
    assert _found([known], schema, (600, 400))["name"].raw == "张三"


def test_an_id_number_hidden_from_the_page_is_read_again_right_of_its_label():
    schema = load_schema("cn_id_card")
    lines = [Line("姓名范博勇", (10, 10, 200, 40), 0.97), Line("公民身份号码", (10, 300, 190, 330), 0.99),
             Line("复印无", (420, 300, 520, 330), 0.8)]              # the watermark over the number
    asked = []

    def reader(page, box):                                        # the engine's crop reader
        asked.append((page, tuple(round(v) for v in box)))
        return "532931196303173635复印无", 0.9

    found = find_fields(lines, schema, sizes=[(800, 500)], options=OPTS, reader=reader)
    assert found["id_number"].raw == "532931196303173635" and found["id_number"].source == "reread"
    (page, (x1, y1, x2, y2)), = asked
    assert page == 0 and 180 <= x1 <= 195 and y1 < 300 and y2 > 330 and x2 == 800
    assert found["birth_date"].raw == "1963-03-17"                # then derived from the number
    # a reading whose checksum fails comes back weak (nothing printed is lost), its check failing; the
    # number as printed apart from a watermark's digit beside it, one digit short too
    for read, raw in (("532931196303173636", "532931196303173636"), ("S 532931196303173636", "532931196303173636"),
                      ("赛使 53293119630317363 8赛使用", "53293119630317363")):
        found = find_fields(lines, schema, sizes=[(800, 500)], options=OPTS, reader=lambda p, b, r=read: (r, 0.9))
        assert found["id_number"].raw == raw and found["id_number"].source == "reread"
        assert found["id_number"].confidence < 0.3
        result = build_result(found, schema, OPTS)
        assert any(c.status == "fail" and "id_number" in c.fields for c in result.checks)
    found = find_fields(lines, schema, sizes=[(800, 500)], options=OPTS, reader=lambda p, b: ("1963 赛使用", 0.9))
    assert "id_number" not in found                               # no number of the field's shape: nothing


def test_a_crop_read_again_does_not_change_a_printed_number_to_pass_its_check():
    # a card printed with a number whose check digit fails (generated misprinted card 016): the crop,
    # read again, shows the same digits; changing one to pass the check is a guess, and here it would
    # even contradict the printed birth date. The printed number comes back, failing its check.
    schema = load_schema("cn_id_card")
    lines = [Line("姓名梁胜卫", (10, 10, 200, 40), 0.97), Line("出生 1990 年 5 月 13 日", (10, 100, 300, 130), 0.97),
             Line("公民身份号码", (10, 300, 190, 330), 0.99), Line("220182199005135760", (220, 300, 600, 330), 0.98)]
    found = find_fields(lines, schema, sizes=[(800, 500)], options=OPTS,
                        reader=lambda p, b: ("220182199005135760", 0.98))
    assert found["id_number"].raw == "220182199005135760" and found["id_number"].source == "label"
    found = find_fields(lines, schema, sizes=[(800, 500)], options=OPTS,      # a watermark's character read on
                        reader=lambda p, b: ("220182199005135760仅", 0.98))     # too: the same number
    assert found["id_number"].raw == "220182199005135760" and found["id_number"].source == "label"
    # a number no line of the page holds (a watermark hid it) may still be repaired, as before
    hidden = [ln for ln in lines if ln.text != "220182199005135760"]
    found = find_fields(hidden, schema, sizes=[(800, 500)], options=OPTS, reader=lambda p, b: ("220182199O05135767", 0.9))
    assert found["id_number"].source == "reread" and found["id_number"].raw == "220182199005135767"


def test_a_label_that_lost_its_first_character_beside_another_anchors_a_value_of_its_vocabulary():
    # a 450-px photographed card: 民族 stands right of 性别, a stamp took its 民; 族汉 is off the labels' column
    schema = load_schema("cn_id_card")
    lines = [Line("姓名孟珍桂", (69, 59, 159, 81), 0.97), Line("族汉", (192, 88, 229, 106), 0.9),
             Line("出生2000 年 4 月 22 日", (71, 116, 225, 133), 0.97),
             Line("住址广西壮族自治区桂林市恭", (70, 142, 254, 159), 0.97), Line("城瑶族自治县城关镇红星", (110, 160, 253, 177), 0.97),
             Line("村1组50号", (108, 177, 172, 195), 0.97)]
    found = _found(lines, schema, (450, 284))
    assert found["ethnicity"].raw == "汉"
    assert found["address"].raw == "广西壮族自治区桂林市恭城瑶族自治县城关镇红星村1组50号"
    # what follows a lone 族 off the column must be one of the field's values: 族自治州 is not 民族's line
    lines[1] = Line("族自治州", (192, 88, 260, 106), 0.9)
    assert "ethnicity" not in _found(lines, schema, (450, 284))


def test_a_label_with_a_character_lost_or_misread_still_anchors_its_value():
    # small photographed cards (generated, 450 and 380 px): a watermark took 名 (姓 | 任欣福) or misread 别 (性划男)
    schema = load_schema("cn_id_card")
    lines = [Line("姓", (70, 56, 86, 73), 0.9), Line("任欣福", (88, 56, 156, 79), 0.95),
             Line("性划男", (67, 80, 130, 104), 0.8), Line("民族汉", (167, 86, 226, 107), 0.95),
             Line("出生1997年3月24日", (67, 109, 221, 134), 0.97), Line("住址黑龙江省双鸭山市集贤县", (65, 134, 250, 164), 0.97)]
    found = _found(lines, schema, (450, 284))
    assert found["name"].raw == "任欣福" and found["sex"].raw == "男" and found["ethnicity"].raw == "汉"
    # a first character alone beside a word that is none of the field's values is no label: 民 | 误 (a stamp's)
    lines[3:4] = [Line("民", (284, 89, 330, 120), 0.6), Line("误", (335, 95, 360, 118), 0.7)]
    assert "ethnicity" not in _found(lines, schema, (450, 284))


def test_a_misread_label_alone_in_the_labels_column_anchors_the_value_beside_it():
    # 450-px photographed cards: 姓名 read 注名 before its value; 住址 read 住排 in a box of its own, the
    # address right of it; most labels broken, so the column is the leftmost intact label's, not their median
    schema = load_schema("cn_id_card")
    lines = [Line("注名戴冬琪", (77, 65, 162, 88), 0.9), Line("民族汉", (164, 81, 225, 105), 0.95),
             Line("住排", (64, 144, 104, 163), 0.7), Line("贵州省黔东南苗族侗族自", (101, 136, 252, 160), 0.95),
             Line("治州镇远县东风路344", (103, 155, 235, 179), 0.95), Line("公民身份号码", (58, 224, 136, 255), 0.98),
             Line("522625197408319994", (159, 217, 359, 246), 0.98)]
    found = _found(lines, schema, (450, 284))
    assert found["name"].raw == "戴冬琪"
    assert found["address"].raw == "贵州省黔东南苗族侗族自治州镇远县东风路344"
    # a label's line that lost a character and goes on with its value is read that way (住 + 北京市…, not 住北 + 京市…)
    lines[2:5] = [Line("住北京市丰台区永安镇王家", (64, 144, 252, 163), 0.95)]
    assert _found(lines, schema, (450, 284))["address"].raw == "北京市丰台区永安镇王家"


def test_an_address_goes_on_past_its_labels_stub_left_of_the_value():
    # a 450-px card read again (generated, held back): 住 split off 住址 sits a little lower, between the
    # address's rows; it is the label's, not the address's, and the next row still goes on with the address
    schema = load_schema("cn_id_card")
    lines = [Line("姓名莫鹏海", (73, 73, 158, 101), 0.97), Line("址四川省凉山彝族自治州喜", (83, 145, 253, 178), 0.95),
             Line("住", (76, 162, 92, 176), 0.9), Line("德县朝阳街194号", (111, 164, 213, 193), 0.95),
             Line("公民身份号码", (77, 240, 142, 259), 0.98), Line("513432196610107191", (166, 217, 353, 253), 0.98)]
    assert _found(lines, schema, (450, 284))["address"].raw == "四川省凉山彝族自治州喜德县朝阳街194号"


def test_an_item_code_with_mixed_separators_is_not_the_date():
    lines = [Line("PAPER CLIP 8PCS N04", (10, 100, 300, 125), 0.98), Line("MI11/3-21 - 12/480", (10, 130, 300, 155), 0.97),
             Line("16-03-18 13:49 SH01 B026", (10, 900, 400, 925), 0.98)]
    found = _found(lines, load_schema("receipt"), (420, 1000))
    assert normalize_value("date", found["date"].raw, options={"day_first": True}).isoformat() == "2018-03-16"


def test_a_heading_above_the_company_does_not_hide_it():
    lines = [Line("MRT", (150, 10, 210, 40), 0.99), Line("TAX INVOICE", (120, 60, 300, 85), 0.99),
             Line("RAPID RAIL SDN BHD", (90, 95, 330, 120), 0.98), Line("No.1 JALAN PJU 1A/46,", (90, 125, 330, 150), 0.98),
             Line("PETALING JAYA SELANGOR 47301", (90, 155, 360, 180), 0.98), Line("TOTAL 2.10", (20, 600, 300, 625), 0.99)]
    found = _found(lines, load_schema("receipt"), (420, 800))
    assert found["merchant_name"].raw == "RAPID RAIL SDN BHD"
    assert found["merchant_address"].raw.startswith("No.1 JALAN PJU")


def test_an_address_printed_at_the_bottom_is_found_when_none_is_under_the_name():
    head = [Line("THE MARCO POLO KITCH", (100, 20, 400, 45), 0.98), Line("Tax Invoice", (150, 60, 300, 85), 0.99),
            Line("06/05/2018 14:29", (100, 100, 300, 125), 0.99)]
    items = [Line(f"{k} NASI LEMAK SPECIAL {k}.50", (20, 150 + 30 * k, 380, 172 + 30 * k), 0.97) for k in range(1, 10)]
    tail = [Line("TOTAL 15.15", (20, 500, 300, 525), 0.99)]
    address = [Line("NO 35,JALAN INDAH 15/2,BUKIT INDAH", (60, 700, 400, 725), 0.98),
               Line("81200 JOHOR BAHRU,JOHOR", (90, 728, 360, 753), 0.98)]
    found = _found(head + items + tail + address, load_schema("receipt"), (420, 800))
    assert found["merchant_address"].raw == "NO 35,JALAN INDAH 15/2,BUKIT INDAH 81200 JOHOR BAHRU,JOHOR"
    # down the page, street words without a postcode or a place are not taken for the address
    decoy = [Line("NO 35 JALAN BUKIT", (20, 700, 300, 725), 0.97)]
    assert _found(head + items + tail + decoy, load_schema("receipt"), (420, 800)).get("merchant_address") is None


def test_an_address_after_a_rejected_start_and_a_stamp_across_it():
    lines = [Line("HERO DISTRIBUTION SDN BHD", (186, 183, 530, 217), 1.0),
             Line("(Subang Jasa) 666770-U", (210, 214, 507, 248), 0.96), Line("GST Reg 001627654144", (218, 241, 498, 275), 0.97),
             Line("4243, Compleks Perniagaan Sr! Gaya,", (153, 269, 554, 303), 0.98),
             Line("POSTED", (487, 274, 737, 348), 1.0),      # a stamp, twice the print's height
             Line("Jln Tmn Subang Jasa 3,", (226, 299, 483, 328), 0.96), Line("40150 Selangor", (273, 327, 445, 357), 0.98),
             Line("TOTAL 9.90", (20, 600, 300, 625), 0.99)]
    found = _found(lines, load_schema("receipt"), (760, 800))
    assert found["merchant_address"].raw == "4243, Compleks Perniagaan Sri Gaya, Jln Tmn Subang Jasa 3, 40150 Selangor"


def test_a_date_whose_separators_were_not_read_and_a_total_missing_its_cents():
    lines = [Line("LIAN HING STATIONERY SDN BHD", (150, 130, 470, 155), 0.97), Line("Tax Invoice", (250, 300, 376, 330), 1.0),
             Line("27032018", (113, 333, 214, 358), 1.0), Line("No : CS-20243", (366, 333, 506, 359), 0.92),
             Line("SubTotal", (60, 714, 167, 749), 0.99), Line("25.00", (450, 714, 505, 749), 0.99),
             Line("Net Total", (60, 750, 200, 780), 0.99), Line("25.", (450, 750, 505, 780), 0.95),
             Line("CASH", (60, 790, 167, 820), 0.99), Line("50.00", (450, 790, 505, 820), 0.99)]
    found = _found(lines, load_schema("receipt"), (620, 900))
    assert normalize_value("date", found["date"].raw, options={"day_first": True}).isoformat() == "2018-03-27"
    assert Decimal(found["total"].raw) == Decimal("25.00")
    # an 8-digit number inside a longer code is no date
    lines[2] = Line("INV#27032018", (113, 333, 214, 358), 1.0)
    assert _found(lines, load_schema("receipt"), (620, 900)).get("date") is None


def test_address_rows_end_with_commas_and_a_repeated_place_name_is_mended():
    lines = [Line("LAVENDER CONFECTIONERY & BAKERY S/B", (387, 444, 750, 480), 0.98),
             Line("LOT G29 & G30, AEON MALL TEBRAU CITY.", (376, 496, 756, 533), 0.99),
             Line("JALAN DESA TEBRAU.,", (436, 524, 697, 558), 0.97),
             Line('TAMAN DESA "EBRAU, 81100 JOHOR BAHRU.', (377, 549, 755, 584), 0.96),
             Line("TEL: 07-364 3785", (480, 579, 658, 608), 0.97), Line("TOTAL 9.90", (400, 800, 700, 830), 0.99)]
    found = _found(lines, load_schema("receipt"), (900, 1000))
    # the last row keeps its period; abbreviations keep theirs (see readings.row_end_comma)
    assert found["merchant_address"].raw == ("LOT G29 & G30, AEON MALL TEBRAU CITY, JALAN DESA TEBRAU, "
                                             "TAMAN DESA TEBRAU, 81100 JOHOR BAHRU.")


def test_a_name_whose_second_row_starts_with_a_trade_word_takes_the_row_above():
    lines = [Line("k140", (181, 29, 442, 111), 0.78), Line("WESTERN EASTERN", (116, 92, 358, 122), 0.98),
             Line("STATIONERY SDN.BHD", (85, 120, 373, 152), 1.0), Line("CO REGNO : 21003B-K", (69, 148, 389, 181), 0.95),
             Line("42-46, JLN SULTAN AZLAN", (38, 231, 404, 265), 0.93), Line("SHAH 51200 KUALA LUMPUR", (36, 257, 404, 291), 1.0),
             Line("TOTAL 9.90", (20, 600, 300, 625), 0.99)]
    found = _found(lines, load_schema("receipt"), (480, 800))
    assert found["merchant_name"].raw == "WESTERN EASTERN STATIONERY SDN. BHD"


@pytest.mark.parametrize("printed, expected", [("99 SPEED HART S/B (519537-X)", "99 SPEED MART S/B"),
                                               ("LJAN HING STATIONERY SDN BHD", "LIAN HING STATIONERY SDN BHD"),
                                               ("WHITE HART TRADING SDN BHD", "WHITE HART TRADING SDN BHD")])
def test_name_letters_misread_where_the_name_itself_tells(printed, expected):
    lines = [Line(printed, (100, 130, 470, 155), 0.97), Line("LOT P.T. 2811, JALAN ANGSA,", (108, 160, 440, 185), 0.94),
             Line("41150 KLANG, SELANGOR", (120, 190, 420, 215), 0.99), Line("TOTAL 9.90", (20, 600, 300, 625), 0.99)]
    assert _found(lines, load_schema("receipt"), (560, 800))["merchant_name"].raw == expected
