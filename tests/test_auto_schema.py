"""``schema="auto"``: the document type recognised from the page's lines (the real CPU engine on the
bundled examples; the VLM path through the scripted engine at the engine boundary), the
classification on the result, the clear error for a page that fits nothing, ``identify:`` in YAML,
and schemas checked whole when they are loaded."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import docextract
from docextract import ExtractOptions, SchemaError, UnrecognizedDocument, classify_lines, extract, validate
from docextract.engines.scripted import ScriptedEngine
from docextract.schema import load_schema_text
from docextract.types import Line

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

ID_FRONT = ["姓名 张三", "性别 男 民族 汉", "出生 1949年12月31日", "住址 北京市东城区", "公民身份号码 11010519491231002X"]
ID_BACK = ["中华人民共和国", "居民身份证", "签发机关 北京市公安局东城分局", "有效期限 2015.01.01-2035.01.01"]
RECEIPT = ["KEDAI RUNCIT ABC", "NO 1 JALAN MERDEKA", "DATE: 25/12/2018", "QTY ITEM PRICE AMOUNT",
           "1 MILO 3.50 3.50", "TOTAL 9.00", "CASH 10.00", "CHANGE 1.00", "THANK YOU"]
INVOICE = ["ACME GmbH", "INVOICE", "Invoice number: 2024-0017", "Invoice date: 03.04.2024", "Due date: 03.05.2024",
           "Bill to: Example Ltd", "Description Quantity Unit price Amount", "Consulting 10 100.00 1000.00",
           "Subtotal 1000.00", "VAT 190.00", "Total 1190.00", "Payment terms: 30 days"]
VAT = ["电子发票（增值税专用发票）", "发票号码 24312000000012345678", "开票日期 2024年03月15日", "购买方信息 名称 上海某某有限公司",
       "销售方信息 名称 北京某某科技有限公司", "项目名称 单价 数量 金额 税率/征收率 税额", "合计 ¥1000.00 ¥60.00",
       "价税合计（大写） 壹仟零陆拾圆整 （小写）¥1060.00", "开票人 王五"]
PASSPORT = ["PASSPORT 护照", "Surname 姓 ZHANG", "Given names 名 SAN", "Nationality 国籍 CHN",
            "Date of birth 出生日期 01 JAN 1990", "P<CHNZHANG<<SAN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<"]


@pytest.mark.parametrize("texts,want", [(ID_FRONT, "cn_id_card"), (ID_BACK, "cn_id_card_back"),
                                        (RECEIPT, "receipt"), (INVOICE, "invoice"), (VAT, "cn_vat_invoice"),
                                        (PASSPORT, "passport")])
def test_each_builtin_type_is_recognised_from_its_lines(texts, want):
    c = classify_lines([Line(t) for t in texts])
    assert c.schema_name == want, c
    assert list(c.scores)[0] == want and c.scores[want] == max(c.scores.values())
    assert set(c.scores) == set(docextract.list_schemas())
    assert c.evidence


def test_a_page_fitting_nothing_is_a_clear_error_with_every_score():
    with pytest.raises(UnrecognizedDocument) as info:
        classify_lines([Line("lorem ipsum dolor sit amet")])
    assert set(info.value.scores) == set(docextract.list_schemas())
    for name in docextract.list_schemas():
        assert name in str(info.value)
    assert info.value.to_dict()["code"] == "unrecognized_document"


def test_candidates_restrict_the_choice():
    c = classify_lines([Line(t) for t in RECEIPT], candidates=["invoice", "receipt"])
    assert set(c.scores) == {"invoice", "receipt"} and c.schema_name == "receipt"


def test_a_user_schema_with_identify_is_a_candidate(tmp_path):
    (tmp_path / "boarding_pass.yaml").write_text(
        "name: boarding_pass\nidentify:\n  title: [Boarding pass]\n  labels: [Gate]\n"
        "fields:\n  - {name: flight, type: text, labels: {en: Flight}}\n  - {name: gate, type: text, labels: {en: Gate}}\n"
        "  - {name: seat, type: text, labels: {en: Seat}}\n", encoding="utf-8")
    docextract.add_schema_dir(tmp_path)
    try:
        c = classify_lines([Line("BOARDING PASS"), Line("Flight MH370  Gate 12"), Line("Seat 14C")])
        assert c.schema_name == "boarding_pass"
        # its required label absent: the score drops below a page that prints it
        half = classify_lines([Line("BOARDING PASS"), Line("Flight MH370"), Line("Seat 14C")],
                              candidates=["boarding_pass"])
        assert half.score < c.score
    finally:
        from docextract import schema as schema_mod

        schema_mod._extra_dirs.remove(tmp_path)


@pytest.mark.parametrize("image,want", [(p, p.stem.rsplit("_", 1)[0]) for p in sorted(EXAMPLES.glob("*.jpg"))])
def test_extract_auto_on_the_bundled_examples_with_the_cpu_engine(image, want):
    r = extract(image, engine="rapidocr")
    assert r.schema_name == want
    assert r.classification.schema_name == want and r.classification.score >= 0.3
    assert "classify" in r.timings and r.timings["classify"] < r.timings["engine"]
    d = r.to_dict()
    assert d["classification"]["schema_name"] == want and d["schema"]["name"] == want
    truth = json.loads(image.with_suffix(".json").read_text(encoding="utf-8"))
    fields = truth.get("fields", truth)
    found = [k for k in fields if k in r.fields and r.fields[k].raw]
    assert found, "the lines read for recognition were used for the extraction"


def test_vlm_auto_reads_then_recognises_then_extracts_with_the_chosen_schema(page):
    spotting = "\n".join(f"{t}(10,{20 + 40 * i}),(600,{50 + 40 * i})" for i, t in enumerate(RECEIPT))
    answers = {"spotting": spotting, "extract": json.dumps({"Total": "9.00", "Date": "25/12/2018"})}
    eng = ScriptedEngine(respond=lambda req: answers[req.task])
    r = extract(page, engine=eng)
    assert [q.task for q in eng.requests] == ["spotting", "extract"]  # the reading is reused for the boxes
    assert r.schema_name == "receipt" and str(r.record.total) == "9.00"
    assert "商户名称" in eng.requests[1].prompt  # the prompt of the recognised schema
    assert r.fields["total"].box is not None


def test_auto_error_from_extract_lists_candidates(page):
    eng = ScriptedEngine(respond=lambda req: "nothing here(1,1),(5,5)" if req.task == "spotting" else "{}")
    with pytest.raises(UnrecognizedDocument, match="cn_id_card"):
        extract(page, engine=eng, schema="auto")
    r = extract(page, engine=eng, schema="cn_id_card", boxes=False)  # an explicit schema still works
    assert r.schema_name == "cn_id_card" and r.classification is None


def test_callers_of_the_old_default_get_it_with_a_deprecation_warning(page):
    """Before schema="auto" the default was cn_id_card: a caller who passed no schema and whose page
    fits none still gets a cn_id_card result for one release, warned."""
    eng = ScriptedEngine(respond=lambda req: "nothing here(1,1),(5,5)" if req.task == "spotting" else "{}")
    with pytest.warns(DeprecationWarning, match="schema='auto'"):
        r = extract(page, engine=eng)
    assert r.schema_name == "cn_id_card"
    with pytest.warns(DeprecationWarning):
        assert docextract.extract_many([page], engine=eng)[0].schema_name == "cn_id_card"
    with pytest.warns(DeprecationWarning):
        assert validate({"colour": "red"}).schema_name == "cn_id_card"


def test_extract_many_auto_each_document_its_own_type(page):
    def respond(req):
        if req.task == "spotting":
            texts = RECEIPT if respond.n % 2 == 0 else ID_FRONT
            respond.n += 1
            return "\n".join(f"{t}(10,{20 + 40 * i}),(600,{50 + 40 * i})" for i, t in enumerate(texts))
        return "{}"
    respond.n = 0
    eng = ScriptedEngine(respond=respond)
    results = docextract.extract_many([page, page], engine=eng)
    assert [r.schema_name for r in results] == ["receipt", "cn_id_card"]


def test_validate_auto_by_field_names():
    r = validate({"merchant_name": "KEDAI", "total": "9.00", "date": "25/12/2018"})
    assert r.schema_name == "receipt"
    with pytest.raises(UnrecognizedDocument):
        validate({"colour": "red"}, schema="auto")


def test_cli_classify_and_extract_without_schema(capsys):
    from docextract.cli import main

    img = str(EXAMPLES / "receipt_001.jpg")
    assert main(["classify", img, "--engine", "rapidocr", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["schema_name"] == "receipt" and "cn_id_card" in out["scores"]
    assert main(["extract", img, "--engine", "rapidocr"]) == 0
    assert json.loads(capsys.readouterr().out)["schema"]["name"] == "receipt"


def test_cli_classify_unrecognised_exit_code(tmp_path, capsys):
    from PIL import Image

    from docextract.cli import main

    blank = tmp_path / "blank.png"
    Image.new("RGB", (400, 300), "white").save(blank)
    assert main(["classify", str(blank), "--engine", "rapidocr"]) == 4
    assert "unrecognised" in capsys.readouterr().out


# ------------------------------------------------------------------------------- schemas checked whole

BAD = [
    ("    hints: {kind: spaceship}\n", 5, "hints.kind"),
    ("    hints: {lexicon: klingon}\n", 5, "hints.lexicon"),
    ("    hints: {words: [klingon]}\n", 5, "word list"),
    ("    hints: {near: nobody}\n", 3, "hints.near"),
    ("    hints: {colour: red}\n", 5, "unknown hint"),
    ("    options: {day_first: maybe}\n", 5, "day_first"),
    ("    options: {locale: xx_YY}\n", 5, "locale"),
    ("    options: {default_currency: dollars}\n", 5, "ISO 4217"),
    ("    options: {decimals: many}\n", 5, "decimals"),
]


@pytest.mark.parametrize("extra,line,words", BAD)
def test_bad_hints_and_options_fail_at_load_naming_file_line_field(extra, line, words):
    text = "name: t\nfields:\n  - name: total\n    type: amount\n" + extra
    with pytest.raises(SchemaError) as info:
        load_schema_text(text, "mine.yaml")
    msg = str(info.value)
    assert msg.startswith(f"mine.yaml, line {line}, field 'total'"), msg
    assert words in msg


def test_bad_identify_and_check_params_fail_at_load():
    with pytest.raises(SchemaError, match="identify"):
        load_schema_text("name: t\nidentify: [x]\nfields:\n  - {name: a, type: text}\n", "m.yaml")
    head = "name: t\nfields:\n  - {name: a, type: amount}\n  - {name: b, type: amount}\nchecks:\n"
    for check, words in [("{rule: sum_equals, items_field: a, total_field: b}", "line-item column"),
                         ("{rule: a_plus_b_equals, a_field: a, b_field: b, total_field: b, tolerance: lots}",
                          "tolerance"),
                         ("{rule: date_order, earlier_field: a, later_field: nope}", "unknown field"),
                         ("{rule: no_such_rule}", "unknown check rule")]:
        with pytest.raises(SchemaError, match=words) as info:
            load_schema_text(head + f"  - {check}\n", "m.yaml")
        assert str(info.value).startswith("m.yaml, line 6")


def test_every_builtin_schema_loads_whole():
    for name in docextract.list_schemas():
        s = docextract.load_schema(name)
        assert s.identify, f"{name} declares how it is recognised"


def test_old_positional_schema_and_engine_still_work(page):
    eng = ScriptedEngine(['{"姓名": "张三"}'])
    r = extract(page, "cn_id_card", eng, options=ExtractOptions(boxes=False))
    assert r.record.name == "张三"


def test_result_ok_and_failed_are_the_same_kind():
    r = validate({"name": "张三"}, schema="cn_id_card")
    assert isinstance(r.ok, bool) and isinstance(r.failed, list)
    assert r.ok == (not r.failed) and all(c.status == "fail" for c in r.failed)
    with pytest.deprecated_call():  # the old method call keeps working for a release
        assert r.failed() == list(r.failed)


def test_public_names_import_from_the_package():
    from docextract import errors

    for name in errors.__all__:
        obj = getattr(errors, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert getattr(docextract, name) is obj
    for name in ("EngineOutput", "Line", "BaseEngine", "Check", "FieldResult", "Classification", "Document"):
        assert getattr(docextract, name).__name__ == name


def test_a_title_counts_only_as_a_heading_and_amounts_mark_a_till_receipt():
    from docextract.doctype import Page

    assert Page(["TAX INVOICE"]).has_title("Invoice")
    assert not Page(["Invoice #: 5250 Pump 04"]).has_title("Invoice")
    # a receipt printing hardly a label, only its items and their prices
    items = [Line(t) for t in ["FRESH MART", "Store #776", "HYDRANGEA 3 STEMS 5.99", "SHU MAI PORK 2.99", "CHICKEN SOUP 2.99",
                               "SMOKED SALMON 9.99", "WHOOPIE PIES 4.99", "$42.19", "$43.15"]]
    c = classify_lines(items)
    assert c.schema_name == "receipt" and any("amounts printed" in e for e in c.evidence)
    with pytest.raises(SchemaError, match="identify.amounts"):
        load_schema_text("name: t\nidentify: {amounts: many}\nfields:\n  - {name: a, type: text}\n", "m.yaml")


def test_server_extract_with_schema_auto():
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from docextract.server.app import create_app
    from docextract.server.settings import Settings

    with TestClient(create_app(Settings(engine="rapidocr"))) as client:
        data = (EXAMPLES / "receipt_001.jpg").read_bytes()
        r = client.post("/extract", data={"schema": "auto"}, files={"image": ("r.jpg", data, "image/jpeg")})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["schema"]["name"] == "receipt" and body["classification"]["schema_name"] == "receipt"
        blank = io.BytesIO()
        from PIL import Image

        Image.new("RGB", (400, 300), "white").save(blank, "PNG")
        r = client.post("/extract", data={"schema": "auto"}, files={"image": ("b.png", blank.getvalue(), "image/png")})
        assert r.status_code == 422 and r.json()["error"]["code"] == "unrecognized_document"
        assert "receipt" in r.json()["error"]["scores"]


def test_candidates_given_as_schema_objects_are_read_with_those_objects():
    from docextract.document import Document
    from docextract.engines import get_engine
    from docextract.pipeline import run_extractions

    text = (Path(__file__).resolve().parent.parent / "schemas" / "receipt.yaml").read_text(encoding="utf-8")
    mine = load_schema_text(text.replace("name: receipt", "name: my_receipt", 1))  # not findable by name
    opts = ExtractOptions(engine="rapidocr")
    doc = Document.load(str(EXAMPLES / "receipt_001.jpg"), opts)
    r = run_extractions(get_engine("rapidocr", opts), [doc], None, opts, [mine, "cn_id_card"])[0]
    assert r.schema_name == "my_receipt" and r.classification.schema_name == "my_receipt"
    assert r.record.total is not None
