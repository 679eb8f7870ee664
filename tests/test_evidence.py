"""Evidence from the page: codes decoded and cross-checked, VLM answers grounded in the page's lines.

Images are generated documents; lines are read by the real CPU engine (RapidOCR); the VLM is the
ScriptedEngine (the test double at the engine boundary) answering with the errors a VLM makes.
"""

from __future__ import annotations

import json

import pytest

from docextract import ExtractOptions, extract
from docextract.codes import parse_invoice_qr, read_codes
from docextract.engines.scripted import ScriptedEngine
from docextract.matching import text_key
from docextract.synth import generate
from docextract.synth.invoice import generate_vat_invoice, invoice_qr_payload

pytest.importorskip("zxingcpp")
pytest.importorskip("segno")


def _check(r, code):
    found = [c for c in r.checks if c.code == code]
    return found[0] if found else None


# ------------------------------------------------------------------------------------------------ codes

@pytest.mark.parametrize("junk", [None, "", "€", "０１,04", "01," * 4000, "01,04,abc,12345678,1,20240101",
                                  "01,04,,123,1.00,20240101", "01,04,,12345678,x,20240101",
                                  "01,04,,12345678,1.00,20241350", "https://example.com/?01,04"])
def test_invoice_qr_parser_takes_junk(junk):
    assert parse_invoice_qr(junk) is None


def test_generated_invoice_prints_a_qr_code_that_decodes_to_its_fields():
    for seed, style in ((1, "paper"), (2, "digital")):
        s = generate_vat_invoice(seed, style=style)
        codes = read_codes([s.image])
        assert [c.format for c in codes] == ["QRCode"]
        qr = parse_invoice_qr(codes[0].text)
        assert qr.invoice_number == s.truth["invoice_number"] and qr.invoice_code == s.truth["invoice_code"]
        assert qr.issue_date.isoformat() == s.truth["issue_date"]
        assert codes[0].text == invoice_qr_payload(s.truth)
    altered = read_codes([generate_vat_invoice(1, style="paper", qr_alter="check_code").image])[0].text
    assert parse_invoice_qr(altered).check_code != generate_vat_invoice(1, style="paper").truth["check_code"]
    with pytest.raises(ValueError):
        invoice_qr_payload(s.truth, "buyer_name")


def test_codes_are_in_the_result_for_any_schema():
    """A receipt schema knows nothing of invoices: the code is still decoded and returned."""
    s = generate_vat_invoice(4, style="paper")
    eng = ScriptedEngine(['{"total": "1.00"}'])
    r = extract(s.image, schema="receipt", engine=eng, options=ExtractOptions(boxes=False))
    assert [c.text for c in r.codes] == [invoice_qr_payload(s.truth)]
    assert r.to_dict()["codes"][0]["format"] == "QRCode" and r.timings["codes"] >= 0
    assert _check(r, "qr_matches_fields") is None
    r = extract(s.image, schema="receipt", engine=eng, options=ExtractOptions(boxes=False, codes=False))
    assert r.codes == []


@pytest.fixture(scope="module")
def cpu_invoice_results():
    """The real CPU engine on a paper invoice and a fully digital one, each with a correct QR code and
    with a QR code that differs in one field."""
    out = {}
    for seed, style, alter in ((1, "paper", None), (1, "paper", "invoice_number"),
                               (0, "digital", None), (0, "digital", "amount")):
        s = generate_vat_invoice(seed, style=style, qr_alter=alter)
        out[(style, alter)] = (s, extract(s.image, schema="cn_vat_invoice", engine="rapidocr"))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("style", ["paper", "digital"])
def test_cpu_engine_qr_agrees_with_the_print(cpu_invoice_results, style):
    s, r = cpu_invoice_results[(style, None)]
    c = _check(r, "qr_matches_fields")
    assert c is not None and c.status == "pass", r.to_table()
    assert "invoice_number" in c.fields and "issue_date" in c.fields


@pytest.mark.slow
@pytest.mark.parametrize("style, alter, field", [("paper", "invoice_number", "invoice_number"),
                                                 ("digital", "amount", "total_with_tax")])
def test_cpu_engine_qr_mismatch_names_the_field(cpu_invoice_results, style, alter, field):
    s, r = cpu_invoice_results[(style, alter)]
    c = _check(r, "qr_matches_fields")
    assert c is not None and c.status == "fail" and c.fields == [field], r.to_table()
    assert not r.ok
    assert r.fields[field].value is not None and str(r.fields[field].raw)  # the printed value is kept
    # ... and the QR code's reading beside it, marked as the code's
    qr = parse_invoice_qr(r.codes[0].text)
    want = qr.invoice_number if field == "invoice_number" else f"{qr.amount:.2f}"
    f = r.fields[field]
    assert want != str(f.raw) and dict(zip(f.alternatives, f.alternative_sources))[want] == "qr"


@pytest.mark.slow
def test_cpu_engine_field_missed_on_the_print_is_filled_from_the_qr_code():
    from PIL import ImageDraw

    s = generate_vat_invoice(0, style="digital")
    img = s.image.copy()
    W = img.size[0]
    ImageDraw.Draw(img).rectangle((W - 440, 30, W, 64), fill="white")  # the 发票号码 row wiped out
    r = extract(img, schema="cn_vat_invoice", engine="rapidocr")
    f = r.fields["invoice_number"]
    assert (f.value, f.source) == (s.truth["invoice_number"], "qr"), r.to_table()
    assert f.box is not None and f.box[0] < 200  # the QR code's box, top left
    assert _check(r, "invoice_number.from_qr").status == "pass"


def test_vlm_answer_missing_a_field_is_filled_from_the_qr_code():
    s = generate_vat_invoice(3, style="paper")
    t = s.truth
    answer = {"发票代码": t["invoice_code"], "开票日期": t["issue_date"], "价税合计（小写）": t["total_with_tax"]}
    eng = ScriptedEngine([json.dumps(answer, ensure_ascii=False)])
    r = extract(s.image, schema="cn_vat_invoice", engine=eng, options=ExtractOptions(boxes=False))
    assert (r.fields["invoice_number"].value, r.fields["invoice_number"].source) == (t["invoice_number"], "qr")
    assert r.fields["invoice_code"].source != "qr"
    assert _check(r, "qr_matches_fields").status == "pass"
    # the model's wrong code is not overwritten: the check names it
    answer["发票代码"] = t["invoice_code"][:-1] + str((int(t["invoice_code"][-1]) + 1) % 10)
    eng = ScriptedEngine([json.dumps(answer, ensure_ascii=False)])
    r = extract(s.image, schema="cn_vat_invoice", engine=eng, options=ExtractOptions(boxes=False))
    c = _check(r, "qr_matches_fields")
    assert c.status == "fail" and c.fields == ["invoice_code"]
    f = r.fields["invoice_code"]  # the model's value stays; the code's reading is kept, marked
    assert f.raw == answer["发票代码"] and (f.alternatives, f.alternative_sources) == ([t["invoice_code"]], ["qr"])
    assert r.to_dict()["fields"]["invoice_code"]["alternative_sources"] == ["qr"]


# -------------------------------------------------------------------------------------------- grounding

@pytest.fixture(scope="module")
def id_card():
    return generate("cn_id_card", 1)


def _answer(t, **changes):
    a = {"姓名": t["name"], "性别": "男" if t["sex"] == "male" else "女", "民族": t["ethnicity"],
         "出生": t["birth_date"], "住址": t["address"], "公民身份号码": t["id_number"]}
    a.update(changes)
    return json.dumps(a, ensure_ascii=False)


def _run(image, answer, **options):
    eng = ScriptedEngine([answer])
    return extract(image, schema="cn_id_card", engine=eng,
                   options=ExtractOptions(boxes=False, **{"grounding": True, **options}))


def test_right_answer_is_grounded_with_boxes_and_lines(id_card):
    t = id_card.truth
    r = _run(id_card.image, _answer(t))
    warnings = [c.code for c in r.checks if c.status == "warn"]
    assert warnings == [], r.to_table()
    for name in ("name", "birth_date", "address", "id_number"):
        f = r.fields[name]
        assert f.box is not None and f.evidence, name
        assert f.alternatives == []
    assert r.fields["birth_date"].evidence.startswith("出生")  # a date written another way, not the ID number
    assert "住址" in r.fields["address"].evidence  # two printed lines
    assert r.record.address == t["address"] and r.timings["grounding"] > 0


def test_wrong_answers_are_caught_or_fixed(id_card):
    t = id_card.truth
    wrong_digit = t["id_number"][:-2] + str((int(t["id_number"][-2]) + 1) % 10) + t["id_number"][-1]
    invented = "汉" if t["ethnicity"] != "汉" else "回"
    r = _run(id_card.image, _answer(t, 住址=t["address"][:11], 公民身份号码=wrong_digit, 民族=invented))
    # a cut address is extended to the printed block
    assert r.fields["address"].value == t["address"], r.to_table()
    assert _check(r, "address.extended").status == "warn"
    assert r.fields["address"].alternatives == [t["address"][:11]]
    # one wrong digit: the page's reading passes the checksum and wins; the model's is kept
    assert r.fields["id_number"].value == t["id_number"]
    assert r.fields["id_number"].alternatives == [wrong_digit] and r.fields["id_number"].source == "page"
    assert _check(r, "id_number.reading_fixed") is not None
    # an invented value: abstain
    f = r.fields["ethnicity"]
    assert (f.status, f.value, f.raw, f.alternatives) == ("missing", None, None, [invented])
    assert _check(r, "ethnicity.not_on_page").status == "warn"


def test_abstain_off_keeps_the_value_with_a_low_confidence(id_card):
    t = id_card.truth
    r = _run(id_card.image, _answer(t, 民族="汉" if t["ethnicity"] != "汉" else "回"), abstain=False)
    f = r.fields["ethnicity"]
    assert f.status == "ok" and f.raw and f.confidence <= 0.2
    assert _check(r, "ethnicity.not_on_page") is not None


def test_corrected_spelling_is_flagged(id_card):
    t = id_card.truth
    addr = t["address"]
    k = next(i for i in range(len(addr) - 1, 0, -1) if not addr[i].isdigit() and addr[i] not in "号路")
    changed = addr[:k] + ("东" if addr[k] != "东" else "西") + addr[k + 1:]
    r = _run(id_card.image, _answer(t, 住址=changed))
    c = _check(r, "address.differs_from_page")
    assert c is not None, r.to_table()
    assert r.fields["address"].confidence <= 0.5 and r.fields["address"].alternatives


def test_grounding_off_takes_the_models_word(id_card):
    t = id_card.truth
    r = _run(id_card.image, _answer(t, 民族="汉" if t["ethnicity"] != "汉" else "回"), grounding=False)
    assert [c for c in r.checks if c.status == "warn"] == [] and "grounding" not in r.timings
    assert r.fields["ethnicity"].status == "ok"


def test_amount_readings_vote_by_the_documents_sums():
    """One wrong digit in the total: no checksum, but 金额 + 税额 = 价税合计 and 大写 pick the page's reading."""
    s = generate_vat_invoice(3, style="paper")
    t = s.truth
    total = t["total_with_tax"]
    wrong = total[:-4] + str((int(total[-4]) + 1) % 10) + total[-3:]
    answer = {"发票代码": t["invoice_code"], "发票号码": t["invoice_number"], "开票日期": t["issue_date"],
              "合计金额": t["total_amount"], "合计税额": t["total_tax"], "价税合计（小写）": wrong,
              "价税合计（大写）": t["total_with_tax_capital"]}
    eng = ScriptedEngine([json.dumps(answer, ensure_ascii=False)])
    r = extract(s.image, schema="cn_vat_invoice", engine=eng, options=ExtractOptions(boxes=False, grounding=True))
    f = r.fields["total_with_tax"]
    assert str(f.value) == total, r.to_table()
    assert f.alternatives == [wrong] and f.source == "page"
    assert _check(r, "total_with_tax.reading_fixed") is not None


# ------------------------------------------------------------------------------------------- line items

def _items_answer(t, **cell):
    rows = [{"货物或应税劳务、服务名称": it["name"], "规格型号": it["spec"], "单位": it["unit"], "数量": it["quantity"],
             "单价": it["unit_price"], "金额": it["amount"], "税额": it["tax"]} for it in t["items"]]
    for key, (i, value) in cell.items():
        rows[i][key] = value
    return json.dumps({"发票号码": t["invoice_number"], "货物或应税劳务、服务明细": rows}, ensure_ascii=False)


@pytest.fixture(scope="module")
def invoice3():
    return generate_vat_invoice(3, style="paper")


def test_line_item_cells_are_grounded_each_with_a_box(invoice3):
    t = invoice3.truth
    eng = ScriptedEngine([_items_answer(t)])
    r = extract(invoice3.image, schema="cn_vat_invoice", engine=eng, options=ExtractOptions(boxes=False, grounding=True))
    assert not [c for c in r.checks if c.code.startswith("items[")], r.to_table()
    rows = r.fields["items"].items
    assert len(rows) == len(t["items"]) >= 2
    for row, it in zip(rows, t["items"]):
        for col in ("name", "unit_price", "amount", "tax"):
            assert row[col].box is not None and row[col].evidence, (col, row[col])
        assert it["amount"] in row["amount"].evidence.replace(",", "")
        assert row["name"].box[1] < row["amount"].box[3] and row["amount"].box[1] < row["name"].box[3]  # its row
    # an amount equal to its unit price (quantity 1) is boxed in its own column, right of the price
    assert t["items"][0]["amount"] == t["items"][0]["unit_price"]
    assert rows[0]["amount"].box[0] > rows[0]["unit_price"].box[2], (rows[0]["amount"].box, rows[0]["unit_price"].box)
    # the list's box holds every cell's
    box = r.fields["items"].box
    assert box[1] <= min(row["name"].box[1] for row in rows) and box[3] >= max(row["tax"].box[3] for row in rows)


def test_invented_line_item_cell_is_caught_by_its_path(invoice3):
    t = invoice3.truth
    eng = ScriptedEngine([_items_answer(t, 金额=(1, "98765.43"))])
    r = extract(invoice3.image, schema="cn_vat_invoice", engine=eng, options=ExtractOptions(boxes=False, grounding=True))
    c = _check(r, "items[1].amount.not_on_page")
    assert c is not None and c.fields == ["items[1].amount"], r.to_table()
    cell = r.fields["items"].items[1]["amount"]
    assert (cell.status, cell.raw, cell.alternatives, cell.alternative_sources) == \
        ("missing", None, ["98765.43"], ["model"])
    assert r.fields["items"].items[0]["amount"].status == "ok"  # the other rows' cells stand
    assert r.fields["items"].items[1]["tax"].raw == t["items"][1]["tax"]
    # abstain off: the answer stays, with a low confidence
    eng = ScriptedEngine([_items_answer(t, 金额=(1, "98765.43"))])
    r = extract(invoice3.image, schema="cn_vat_invoice", engine=eng, options=ExtractOptions(boxes=False, grounding=True, abstain=False))
    cell = r.fields["items"].items[1]["amount"]
    assert cell.raw == "98765.43" and cell.confidence <= 0.2 and _check(r, "items[1].amount.not_on_page")


# ------------------------------------------------------------------------------------ cut values extended

@pytest.mark.parametrize("seed", [100, 101, 102, 105])
@pytest.mark.parametrize("share", [0.5, 0.75])
def test_cut_id_card_address_is_extended_across_lines(seed, share):
    """A cut anywhere in the printed block — mid-line, inside a number (朝阳街3 of 朝阳街30号), on the second
    of three lines — is extended to the whole block the real CPU engine reads."""
    card = generate("cn_id_card", seed)
    t = card.truth
    cut = t["address"][:int(len(t["address"]) * share)]
    r = _run(card.image, _answer(t, 住址=cut))
    f = r.fields["address"]
    assert f.value == t["address"], r.to_table()
    assert (f.alternatives, f.alternative_sources) == ([cut], ["model"])
    assert _check(r, "address.extended").status == "warn" and f.confidence <= 0.7
    assert [c.code for c in r.checks if c.status == "warn"] == ["address.extended"]


def _receipt_run(sample, **changes):
    t = {k: v for k, v in sample.truth.items() if k in ("merchant_name", "merchant_address", "date", "total")}
    t.update(changes)
    eng = ScriptedEngine([json.dumps(t, ensure_ascii=False)])
    return extract(sample.image, schema="receipt", engine=eng, options=ExtractOptions(boxes=False, grounding=True))


@pytest.fixture(scope="module")
def receipt1():
    return generate("receipt", 1)


def test_cut_receipt_address_is_extended_case_blind_and_stops_at_the_phone_line(receipt1):
    """Printed 'NO.15, JALAN ANGSANA 25/9,' / 'TAMAN KIM KIM,' / '43000 KAJANG,' / 'SELANGOR.' then
    'TEL:06-8272408': a cut mid-word, in other case and spacing, runs to SELANGOR. and no further."""
    addr = receipt1.truth["merchant_address"]
    for cut in (addr[:22], addr[:22].lower().replace(", ", ",")):
        r = _receipt_run(receipt1, merchant_address=cut)
        f = r.fields["merchant_address"]
        assert text_key(f.value) == text_key(addr), r.to_table()
        assert "TEL" not in f.value and _check(r, "merchant_address.extended") is not None
    # the whole address is not extended into the lines under it; the name is not extended into the tax id
    r = _receipt_run(receipt1)
    assert [c.code for c in r.checks if c.status == "warn"] == [], r.to_table()
    assert r.fields["merchant_address"].value == addr and r.fields["merchant_address"].evidence.endswith("SELANGOR.")


def test_one_line_value_ending_at_a_word_is_whole(receipt1):
    name = receipt1.truth["merchant_name"]  # RAYA LUCKY TRADING SDN BHD
    r = _receipt_run(receipt1, merchant_name=name.rsplit(" ", 2)[0])  # 'RAYA LUCKY TRADING': a word boundary
    assert _check(r, "merchant_name.extended") is None
    r = _receipt_run(receipt1, merchant_name=name[:-2])  # 'RAYA LUCKY TRADING SDN B': cut mid-word
    assert r.fields["merchant_name"].value == name and _check(r, "merchant_name.extended") is not None


def test_a_misread_line_grounds_the_value_without_a_warning():
    """The page's line differs from the right value only by look-alike characters (the CPU engine's
    misreading): grounded, no warning; a changed letter that is no look-alike is still flagged."""
    from docextract.grounding import ground
    from docextract.schema import load_schema
    from docextract.types import FieldCandidate, Line

    s = load_schema("receipt")
    lines = [Line("19, JALAN KANCIL, QFF JALAN PUDU.", (0, 0, 300, 20)), Line("55100 KUALA LUMPUR", (0, 22, 300, 42))]
    c = {"merchant_address": FieldCandidate(raw="19, JALAN KANCIL, OFF JALAN PUDU, 55100 KUALA LUMPUR")}
    assert ground(c, lines, s) == [] and c["merchant_address"].box == (0, 0, 300, 42)
    assert c["merchant_address"].alternatives == ["19, JALAN KANCIL, QFF JALAN PUDU. 55100 KUALA LUMPUR"]
    assert c["merchant_address"].confidence == 0.8
    c = {"merchant_address": FieldCandidate(raw="19, JALAN KANCIL, OFF JALAN")}  # cut, and misread: extended
    assert [x.code for x in ground(c, lines, s)] == ["merchant_address.extended"]
    assert c["merchant_address"].raw == "19, JALAN KANCIL, OFF JALAN PUDU. 55100 KUALA LUMPUR"
    c = {"merchant_address": FieldCandidate(raw="19, JALAN KANCIL, OFF JALAN PIDU, 55100 KUALA LUMPUR")}
    assert [x.code for x in ground(c, lines, s)] == ["merchant_address.differs_from_page"]


# ------------------------------------------------------------------------------------------- junk input

@pytest.mark.parametrize("junk", [None, "", "€", "１２３４５", "x" * 10_000, "a" * 5000 + "b", "Ｏ" * 3000, "\u0301" * 50])
def test_matching_takes_junk_in_bounded_time(junk):
    import time

    from docextract.grounding import ground
    from docextract.matching import join_lines, locate, misread_of, typed_line
    from docextract.schema import load_schema
    from docextract.types import FieldCandidate, Line

    t0 = time.perf_counter()
    text_key(junk)
    locate(junk or "", "abc"), locate("abc", junk or "", misread=True)
    misread_of(text_key(junk), text_key(junk) + "q"), misread_of("a" * 2000, "a" * 3999 + "b")
    typed_line(Line(junk or "")), join_lines([Line(junk or ""), Line(junk or "")])
    lines = [Line(junk or "", (0, 0, 100, 20)), Line("TOTAL 12.00", (0, 22, 100, 42))]
    cands = {"merchant_address": FieldCandidate(raw=junk), "total": FieldCandidate(raw=junk),
             "items": FieldCandidate(items=[{"amount": FieldCandidate(raw=junk)}, {}])}
    ground(cands, lines, load_schema("receipt"))
    assert time.perf_counter() - t0 < 10
