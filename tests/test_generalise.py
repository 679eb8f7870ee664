"""Issue 18: the CPU engine holds on documents it has never seen — nothing printed is lost, choices
by evidence, locale from the page, knowledge as data (all through the real finder and validation)."""

from __future__ import annotations

import pytest

from docextract.locate import find_fields
from docextract.options import ExtractOptions
from docextract.schema import load_schema, load_schema_text
from docextract.types import Line
from docextract.validation import build_result

OPTS = ExtractOptions()


def _result(lines, schema, size=(600, 400)):
    found = find_fields(lines, schema, sizes=[size], options=OPTS)
    return found, build_result(found, schema, OPTS)


def _card(number_line: str) -> list[Line]:
    return [Line("姓名张三", (10, 10, 120, 40), 0.99), Line("性别 男  民族 汉", (10, 50, 200, 80), 0.98),
            Line("出生 1949年12月31日", (10, 90, 300, 120), 0.98), Line("住址 北京市朝阳区幸福路1号", (10, 130, 400, 160), 0.98),
            Line(number_line, (10, 300, 560, 330), 0.97)]


@pytest.mark.parametrize("number", ["11010519491231003X", "11010519491231002"])
def test_id_number_failing_its_check_comes_back_with_raw_and_failing_check(number):
    """A wrong check character or 17 digits after 公民身份号码: returned as read, invalid, less sure."""
    found, result = _result(_card(f"公民身份号码 {number}"), load_schema("cn_id_card"))
    fr = result.fields["id_number"]
    assert fr.raw == number and fr.status == "invalid" and fr.source == "label"
    assert fr.confidence < 0.5
    assert any(c.status == "fail" and "id_number" in c.fields for c in result.checks)
    assert result.fields["birth_date"].value.isoformat() == "1949-12-31"   # its own line is kept


def test_valid_id_number_keeps_full_confidence():
    found, result = _result(_card("公民身份号码 11010519491231002X"), load_schema("cn_id_card"))
    assert result.fields["id_number"].status == "ok" and result.fields["id_number"].confidence > 0.9


def test_a_valid_number_found_elsewhere_wins_over_a_failing_read_at_the_label():
    lines = _card("公民身份号码 1101051949123")[:-1] + [Line("公民身份号码 1101051949123", (10, 300, 560, 330), 0.97),
                                                      Line("11010519491231002X", (10, 350, 400, 380), 0.95)]
    found, result = _result(lines, load_schema("cn_id_card"))
    assert result.fields["id_number"].raw == "11010519491231002X" and result.fields["id_number"].status == "ok"


USER_SCHEMA = """
name: parcel_label
fields:
  - name: tracking_number
    type: id
    labels: {en: [Tracking No, Tracking number]}
    checks: [isbn]
  - name: shipped
    type: date
    labels: {en: [Shipped]}
  - name: weight
    type: decimal
    labels: {en: [Weight]}
"""


def test_user_schema_failing_values_are_kept_with_their_checks():
    """A document type no built-in covers, read with no code change: a date that is no date and an
    identifier with a wrong check digit both come back as printed, flagged."""
    schema = load_schema_text(USER_SCHEMA)
    lines = [Line("PARCEL", (10, 10, 200, 40), 0.99), Line("Tracking No: 978-0-306-40615-3", (10, 60, 400, 90), 0.98),
             Line("Shipped: 31/13/2024", (10, 100, 400, 130), 0.98), Line("Weight: 2.5", (10, 140, 300, 170), 0.98)]
    found, result = _result(lines, schema)
    assert result.fields["shipped"].raw == "31/13/2024" and result.fields["shipped"].status == "invalid"
    assert result.fields["tracking_number"].raw == "978-0-306-40615-3"
    assert result.fields["tracking_number"].status == "invalid"
    assert str(result.fields["weight"].value) == "2.5"


# ------------------------------------------------------------------------- locale from the page

def _receipt(*texts: str) -> list[Line]:
    return [Line(t, (10, 10 + 40 * k, 360, 40 + 40 * k), 0.95) for k, t in enumerate(texts)]


@pytest.mark.parametrize("texts,iso,reason", [
    (("KOREAN RESTAURANT", "Date: 05/03/2018", "TOTAL $ 12.50"), "2018-05-03", "currency mark '$'"),
    (("KEDAI MAJU", "Date: 05/03/2018", "TOTAL RM 12.50"), "2018-03-05", "currency mark 'RM'"),
    (("DINER", "Date: 05/03/2018", "Due 12/30/2018", "TOTAL 12.50"), "2018-05-03", "prints 12/30/2018"),
    (("CAFE", "Date: 05/03/2018", "Valid to 25/12/2018", "TOTAL $ 12.50"), "2018-03-05", "prints 25/12/2018"),
])
def test_date_order_from_the_page_with_its_reason(texts, iso, reason):
    schema = load_schema("receipt")
    found, result = _result(_receipt(*texts), schema)
    assert result.fields["date"].value.isoformat() == iso
    why = [c.message for c in result.checks if c.code == "date.locale"]
    assert len(why) == 1 and reason in why[0]


def test_date_order_fixed_by_the_call_is_not_overridden():
    schema = load_schema("receipt")
    opts = ExtractOptions(day_first=True)
    found = find_fields(_receipt("DINER", "Date: 05/03/2018", "TOTAL $ 12.50"), schema, sizes=[(400, 600)],
                        options=opts)
    result = build_result(found, schema, opts)
    assert result.fields["date"].value.isoformat() == "2018-03-05"
    assert not [c for c in result.checks if c.code == "date.locale"]


def test_no_sign_on_the_page_keeps_day_first():
    found, result = _result(_receipt("SHOP", "Date: 05/03/2018", "TOTAL 12.50"), load_schema("receipt"))
    assert result.fields["date"].value.isoformat() == "2018-03-05"


# ------------------------------------------------------------------- machine-readable sources win

def test_a_valid_mrz_outranks_the_visual_zone_and_letters_are_read_as_letters():
    """ICAO specimen: the visual zone's 'Passport No.' read wrong (UTO, the code beside it) and the
    nationality with a zero; the MRZ passes all its check digits, so its values win."""
    lines = [Line("PASSPORT", (20, 20, 200, 40), 0.99),
             Line("Passport No. UTO", (500, 60, 800, 90), 0.9), Line("Nationality UT0", (20, 160, 400, 190), 0.9),
             Line("Surname ERIKSSON", (20, 100, 400, 130), 0.9),
             Line("P<UT0ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", (20, 400, 880, 430), 0.95),
             Line("L898902C36UT07408122F1204159ZE184226B<<<<<10", (20, 440, 880, 470), 0.95)]
    found, result = _result(lines, load_schema("passport"), size=(900, 500))
    assert result.fields["document_number"].value == "L898902C3"
    assert result.fields["nationality"].value == "UTO" and result.fields["nationality"].status == "ok"
    assert result.fields["issuing_country"].value == "UTO"
    assert result.fields["surname"].raw == "ERIKSSON"


def test_an_invalid_mrz_does_not_outrank_a_printed_value():
    lines = [Line("Passport No. L898902C3", (500, 60, 800, 90), 0.9),
             Line("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", (20, 400, 880, 430), 0.95),
             Line("L898902C46UTO7408122F1204159ZE184226B<<<<<10", (20, 440, 880, 470), 0.95)]
    found, result = _result(lines, load_schema("passport"), size=(900, 500))
    assert result.fields["document_number"].value == "L898902C3"


# ----------------------------------------------------------------------------- knowledge as data

def test_a_user_adds_a_locale_without_code(tmp_path):
    """A folder of the user's lexicon and locale files (DOCEXTRACT_LEXICONS) teaches the finder a
    country's street words, places and currency mark — in a fresh interpreter, no code changed."""
    import os
    import subprocess
    import sys

    (tmp_path / "lexicon_nl.txt").write_text("[address_words]\ngracht\n\n[places]\nutrecht\n", encoding="utf-8")
    (tmp_path / "locales.yaml").write_text("ch: {currency: CHF, marks: [CHF], day_first: true}\n", encoding="utf-8")
    code = ("from docextract.locate.lexicon import address_score, names_place\n"
            "from docextract.normalize.locale import page_date_order\n"
            "print(address_score('Oude Gracht 5'), names_place('UTRECHT'), page_date_order(['CHF 12.50'])[0])")
    env = {**os.environ, "DOCEXTRACT_LEXICONS": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1.0", "True", "True"]
    env.pop("DOCEXTRACT_LEXICONS")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["0.0", "False", "None"]


MONTHS_CODE = """
from docextract.locate import find_fields
from docextract.options import ExtractOptions
from docextract.schema import load_schema_text
from docextract.types import Line
schema = load_schema_text("name: bon\\nfields:\\n  - name: datum\\n    type: date\\n    labels: {nl: [Datum]}\\n")
found = find_fields([Line("Datum 15 mei 2024", (10, 10, 300, 30), 0.9)], schema, options=ExtractOptions())
print(found["datum"].raw if "datum" in found else None)
"""


def test_a_user_adds_month_names_without_code(tmp_path):
    """A ``months.yaml`` in the user's lexicon folder teaches the finder a language's month names."""
    import os
    import subprocess
    import sys

    (tmp_path / "months.yaml").write_text("nl: {3: [maart, mrt], 5: [mei], 10: [oktober, okt]}\n", encoding="utf-8")
    env = {**os.environ, "DOCEXTRACT_LEXICONS": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", MONTHS_CODE], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "15 mei 2024"
    env.pop("DOCEXTRACT_LEXICONS")
    out = subprocess.run([sys.executable, "-c", MONTHS_CODE], env=env, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() != "15 mei 2024"


@pytest.mark.parametrize("text, says", [("nl: {13: [mei]}\n", "line 1"), ("nl: [mei]\n", "'nl'"),
                                        ("nl: {5: ['']}\n", "two letters"), ("nl: {5: [5]}\n", "'nl'"),
                                        ("a: &x [1]\nb: [*x, *x]\n", "aliases")])
def test_a_broken_user_months_file_is_a_typed_error_naming_it(tmp_path, monkeypatch, text, says):
    from docextract.errors import SchemaError
    from docextract.normalize.dates import month_names

    (tmp_path / "months.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DOCEXTRACT_LEXICONS", str(tmp_path))
    month_names.cache_clear()
    try:
        with pytest.raises(SchemaError, match="months.yaml") as err:
            month_names()
        assert says in str(err.value)
    finally:
        monkeypatch.delenv("DOCEXTRACT_LEXICONS")
        month_names.cache_clear()


def test_lexicon_files_hold_the_knowledge():
    from docextract.data import terms
    from docextract.locate import lexicon

    assert len(terms("ethnic_groups")) == 56 and "sdn. bhd" in terms("legal_forms")
    assert lexicon.address_score("2621 ORANGETHORPE AVE, FULLERTON, CA 92831") >= 3
    assert lexicon.names_place("Toronto, ON M4M 1E6") and not lexicon.names_place("TURN ON")


def test_from_id_asks_the_identifiers_format():
    """A user's schema with an Estonian personal code: birth date and sex come from the format's
    own helpers (python-stdnum), no Chinese-ID branch."""
    schema = load_schema_text("""
name: ee_permit
fields:
  - name: code
    type: id
    labels: {en: [Personal code]}
    checks: [ee.ik]
  - name: born
    type: date
    hints: {from_id: code, scan: false}
  - name: sex
    type: enum
    values: {male: [M], female: [F]}
    hints: {from_id: code}
""")
    found, result = _result([Line("Personal code 37605030299", (10, 10, 400, 40), 0.97)], schema)
    assert result.fields["born"].value.isoformat() == "1976-05-03" and result.fields["born"].source == "derived"
    assert result.fields["sex"].value == "male"


# ------------------------------------------------------------------------- totals by evidence

def _rows(*rows: tuple[str, str]) -> list[Line]:
    out = []
    for k, (label, amount) in enumerate(rows):
        out.append(Line(label, (10, 10 + 40 * k, 250, 40 + 40 * k), 0.95))
        if amount:
            out.append(Line(amount, (300, 10 + 40 * k, 380, 40 + 40 * k), 0.95))
    return out


def test_tendered_minus_change_confirms_the_total():
    """The TOTAL label misread; the labelled 'Total Sales (Excluding GST)' must not win when CASH −
    Change names another printed amount; cash tendered is never the total."""
    lines = _rows(("SHOP ENTERPRISE", ""), ("Date: 03/02/2018", ""), ("CRISPO 800G", "21.20"),
                  ("Total Sales (Excluding GST)", "20.00"), ("Total GST", "1.20"), ("21.DOrotal Sales:", "21.20"),
                  ("CASH:", "100.00"), ("Change :", "78.80"))
    found, result = _result(lines, load_schema("receipt"), size=(400, 400))
    assert str(result.fields["total"].value) == "21.20"


def test_payment_that_names_no_printed_amount_changes_nothing():
    lines = _rows(("SHOP ENTERPRISE", ""), ("ITEM A", "4.00"), ("TOTAL", "9.00"), ("CASH", "50.00"),
                  ("CHANGE", "41.00"))
    found, result = _result(lines, load_schema("receipt"), size=(400, 400))
    assert str(result.fields["total"].value) == "9.00"
    lines = _rows(("SHOP ENTERPRISE", ""), ("ITEM A", "4.00"), ("ITEM B", "5.00"), ("TOTAL", "9.00"),
                  ("CASH", "10.00"), ("CHANGE", "6.00"))       # 10 - 6 = 4.00: a line item, not the total
    found, result = _result(lines, load_schema("receipt"), size=(400, 400))
    assert str(result.fields["total"].value) == "9.00"


#: a card photographed tilted 5° (the real engine's lines of a generated card): the number sits
#: higher than its label, and box pairing alone read the page as tilted the other way
TILTED = [Line("姓名孟雨", (114, 150, 276, 205), 0.95, tilt=-0.0728),
          Line("性别女", (115, 206, 250, 272), 0.95, tilt=-0.1404), Line("民族汉", (337, 192, 466, 245), 0.95, tilt=-0.1092),
          Line("出生1972 年12 月 28 日", (128, 254, 477, 319), 0.95, tilt=-0.0851),
          Line("住址", (132, 335, 220, 379), 0.95, tilt=-0.074),
          Line("新疆维吾尔自治区和田地", (215, 307, 533, 371), 0.95, tilt=-0.0833),
          Line("区墨玉县花园路60号1", (222, 350, 499, 407), 0.95, tilt=-0.0766),
          Line("8号楼307", (222, 399, 352, 448), 0.95, tilt=-0.0826),
          Line("公民身份号码", (150, 516, 297, 561), 0.95, tilt=-0.0876),
          Line("65322219721228854", (354, 470, 745, 539), 0.95, tilt=-0.0783)]


@pytest.mark.parametrize("tilted", [True, False])
def test_rows_follow_the_lines_own_tilt(tilted):
    from dataclasses import replace

    lines = TILTED if tilted else [replace(ln, tilt=None) for ln in TILTED]
    found, result = _result(lines, load_schema("cn_id_card"), size=(970, 680))
    if tilted:     # read at its label, 17 digits: kept with its failing checks
        assert found["id_number"].source == "label" and result.fields["id_number"].raw == "65322219721228854"
        assert result.fields["id_number"].status == "invalid"
    else:          # without the tilts the label and the number fall in different rows
        assert "id_number" not in found or found["id_number"].source != "label"


def test_an_id_number_whose_label_was_lost_comes_back_by_its_shape():
    """No label read (a watermark over it) and no checksum passing: the line printing only a token
    of the field's pattern (one character short) is kept, weak, with its failing checks."""
    lines = _card("11010519491231002")
    found, result = _result(lines, load_schema("cn_id_card"))
    fr = result.fields["id_number"]
    assert fr.raw == "11010519491231002" and fr.status == "invalid" and fr.confidence < 0.3
    assert {c.code for c in result.checks if c.status == "fail"} >= {"id_number.pattern", "id_number.cn.ric"}


@pytest.mark.parametrize("birth,derived", [("出生 1949年", True), ("出生 1949/年", True), ("出生 1935年", False),
                                           ("出生 1949年12月31日", False)])
def test_a_birth_date_read_in_part_takes_the_valid_identifiers_when_they_agree(birth, derived):
    """A watermark left only the year (1949年): the valid ID number's birth date, which the part read
    agrees with, is the stronger witness; the part read is kept as the evidence. A part that disagrees,
    or a whole date, stays as read."""
    lines = _card("公民身份号码 11010519491231002X")
    lines[2] = Line(birth, (10, 90, 300, 120), 0.98)
    found, result = _result(lines, load_schema("cn_id_card"))
    fr = result.fields["birth_date"]
    assert (fr.source == "derived") == derived
    if derived:
        assert fr.value.isoformat() == "1949-12-31" and birth.split()[1] in found["birth_date"].evidence
    else:
        assert fr.raw == birth.split()[1]


def test_an_id_number_after_its_label_read_wrong_comes_back_by_its_shape():
    """The label read as 公民夏晨XQ (a watermark over it), the number glued on and failing its check:
    the number, not the line, is kept, weak, with its failing check."""
    found, result = _result(_card("公民夏晨XQ110105194912310021"), load_schema("cn_id_card"))
    fr = result.fields["id_number"]
    assert fr.raw == "110105194912310021" and fr.status == "invalid" and fr.confidence < 0.3


@pytest.mark.parametrize("line", ["1101051949", "TOTAL 11010519491231002", "110105194912310021234"])
def test_no_shape_no_value(line):
    found, _ = _result(_card(line), load_schema("cn_id_card"))
    assert "id_number" not in found


def test_a_line_overlapping_the_next_row_more_moves_there():
    """A small stray mark at the end of an address's closing line belongs to the row below."""
    from docextract.locate.layout import PageLayout

    lines = [Line("14585 BISCAYNE BLVD.", (177, 192, 399, 235), 0.95, tilt=0.0749),
             Line("N. MIAMI, FL 33181", (181, 212, 391, 255), 0.95, tilt=0.0712),
             Line("MEMBER#80Y", (171, 229, 350, 273), 0.95, tilt=0.0789), Line("3J", (425, 249, 458, 278), 0.95, tilt=0.0),
             Line("325112 ICE TEA 100Z", (126, 266, 344, 307), 0.95, tilt=0.0724)]
    page = PageLayout(lines, (500, 600))
    assert [page.row_text(r) for r in range(3)] == ["14585 BISCAYNE BLVD.", "N. MIAMI, FL 33181", "MEMBER#80Y 3J"]


def test_a_spaced_label_read_a_box_per_character_still_anchors_its_value():
    """``姓 名`` printed spaced and read as two boxes, the value a third box right of them."""
    lines = [Line("姓", (132, 138, 168, 178), 0.9), Line("名", (179, 136, 216, 177), 0.9),
             Line("武晨玉", (215, 126, 329, 181), 0.95), Line("住址四川省凉山彝族自治州德", (138, 289, 549, 366), 0.95)]
    found, result = _result(lines, load_schema("cn_id_card"), size=(956, 658))
    assert found["name"].source == "label" and result.fields["name"].raw == "武晨玉"


def test_an_id_number_with_a_watermark_character_read_onto_its_end_comes_back_without_it():
    lines = _card("11010519491231002使")
    found, result = _result(lines, load_schema("cn_id_card"))
    assert result.fields["id_number"].raw == "11010519491231002" and result.fields["id_number"].status == "invalid"


def test_rows_survive_the_first_line_of_a_two_line_row_moving_down():
    """Found by a random search of layouts: the row a line left has one line, nothing to compare."""
    from docextract.locate.layout import PageLayout

    boxes = [(360, 25, 431, 40), (360, 8, 452, 37), (120, 7, 226, 30), (360, 7, 427, 38)]
    page = PageLayout([Line("ab", b) for b in boxes], (600, 200))
    assert sorted(i for row in page.rows for i in row) == [0, 1, 2, 3]


def test_a_mark_the_pattern_opens_with_is_put_back_when_the_recogniser_lost_it():
    """A VAT item name prints as *category*product; its first * (small, at the line's edge) is often not
    read. The name's pattern puts it back, with a warning; the raw text stays as read."""
    from docextract import validate

    result = validate({"items": [{"name": "餐饮服务*餐费"}, {"name": "（详见销货清单）"}, {"name": "*酒*葡萄酒"}]},
                      schema="cn_vat_invoice")
    names = [item["name"] for item in result.fields["items"].items]
    assert [(n.raw, n.value, n.status) for n in names] == [
        ("餐饮服务*餐费", "*餐饮服务*餐费", "ok"), ("（详见销货清单）", "（详见销货清单）", "ok"), ("*酒*葡萄酒", "*酒*葡萄酒", "ok")]
    assert [(c.code, c.status) for c in result.checks if c.code.endswith(".pattern")] == [("items[0].name.pattern", "warn")]
    # a user's schema: the same for any mark; a value no mark mends fails its pattern and keeps its text
    schema = load_schema_text("name: shop\nfields:\n  - name: store\n    type: text\n    pattern: '#\\d{4}'\n")
    assert validate({"store": "1458"}, schema=schema).fields["store"].value == "#1458"
    bad = validate({"store": "14X8"}, schema=schema)
    assert (bad.fields["store"].raw, bad.fields["store"].status) == ("14X8", "invalid")
    assert any(c.code == "store.pattern" and c.status == "fail" for c in bad.checks)


def test_an_invoice_item_read_without_its_first_star_comes_back_whole(tmp_path):
    """The real engine on a generated VAT invoice whose first item's leading * it does not read."""
    from docextract import extract
    from docextract.synth import generate_set

    generate_set("cn_vat_invoice", 2, tmp_path, seed=40)
    result = extract(str(tmp_path / "001.jpg"), schema="cn_vat_invoice", engine="rapidocr")
    first = result.fields["items"].items[0]["name"]
    assert first.value == "*餐饮服务*餐费"
    assert first.raw in ("餐饮服务*餐费", "*餐饮服务*餐费")
