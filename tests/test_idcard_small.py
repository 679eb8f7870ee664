"""Small photographed ID-card fronts: what a stamp, a watermark or a misprint leaves of a field
(through the real finder and validation, or the real stamp finder on drawn pixels)."""

from __future__ import annotations

import pytest

from docextract.locate import find_fields
from docextract.options import ExtractOptions
from docextract.schema import load_schema
from docextract.types import Line
from docextract.validation import build_result

OPTS = ExtractOptions()


def _result(lines):
    schema = load_schema("cn_id_card")
    return build_result(find_fields(lines, schema, sizes=[(600, 400)], options=OPTS), schema, OPTS)


@pytest.mark.parametrize("number", ["110105194912310023", "11010519491231002"])
def test_sex_and_birth_date_come_from_a_number_failing_only_its_check(number):
    """The sex and birth lines were not read (a stamp over them); the ID number's check character is
    wrong or missing: the sex and birth date its digits encode still come back, derived, while the
    number itself stays as printed and invalid."""
    lines = [Line("姓名张三", (10, 10, 120, 40), 0.99), Line("民族 汉", (200, 50, 300, 80), 0.98),
             Line("住址 北京市朝阳区幸福路1号", (10, 130, 400, 160), 0.98),
             Line(f"公民身份号码 {number}", (10, 300, 560, 330), 0.97)]
    result = _result(lines)
    assert result.fields["id_number"].raw == number and result.fields["id_number"].status == "invalid"
    assert result.fields["sex"].value == "female" and result.fields["sex"].source == "derived"
    assert result.fields["birth_date"].value.isoformat() == "1949-12-31"
    assert result.fields["birth_date"].source == "derived"


def test_no_sex_from_a_number_wrong_beyond_its_check():
    """Two characters short: nothing is derived (the digits no longer say where the birth date lies)."""
    lines = [Line("姓名张三", (10, 10, 120, 40), 0.99), Line("公民身份号码 1101051949123100", (10, 300, 560, 330), 0.97)]
    result = _result(lines)
    assert result.fields["sex"].value is None and result.fields["birth_date"].value is None


def _small_card(*tail: Line) -> list[Line]:
    """The lines of a card photographed 480 px wide and a little turned (the boxes of its lines are
    taller than their glyphs), down to the end of a three-line address."""
    return [_tilted("姓名姜佑宁", (86, 60, 190, 94)), _tilted("性别女", (87, 95, 154, 125)),
            _tilted("出生1990年1月18日", (86, 124, 243, 157)), _tilted("住址辽宁省抚顺市清原满族自", (84, 150, 271, 185)),
            _tilted("治县中山路136号3号", (120, 170, 246, 200)), _tilted("楼307", (118, 187, 161, 211)), *tail]


def _tilted(text: str, box: tuple) -> Line:
    return Line(text, box, 0.99, tilt=0.076)


@pytest.mark.parametrize("tail", [
    [_tilted("210423199001189460", (160, 236, 355, 275))],                 # the number's label not read
    [_tilted("公民身科考码", (86, 232, 150, 258)), _tilted("210423199001189460", (169, 236, 364, 275))],
])
def test_an_address_does_not_run_on_into_the_line_of_the_number(tail):
    """Under the address, further down than its lines follow each other (or further right or left
    than they start), the ID number or its misread label is no part of the address."""
    result = _result(_small_card(*tail))
    assert result.fields["address"].raw == "辽宁省抚顺市清原满族自治县中山路136号3号楼307"


def test_an_address_still_takes_its_lines_with_a_stub_of_its_label():
    """What lies under the address as its lines do is still taken, past the stub 住 of a split label."""
    lines = _small_card()[:3] + [_tilted("住", (86, 150, 104, 172)), _tilted("辽宁省抚顺市清原满族自", (118, 150, 271, 185)),
                                 _tilted("址", (86, 172, 104, 194)), _tilted("治县中山路136号3号", (120, 170, 246, 200)),
                                 _tilted("楼307", (118, 187, 161, 211)),
                                 _tilted("公民身份号码 210423199001189460", (86, 236, 364, 275))]
    assert _result(lines).fields["address"].raw == "辽宁省抚顺市清原满族自治县中山路136号3号楼307"


def test_a_watermark_piece_read_onto_a_name_is_taken_off():
    """The watermark's 业务使用 crosses the name's line and its last three characters are read onto
    the name: the name comes back without them (a name that merely ends like a stamp word, 王一致,
    keeps its characters)."""
    from docextract.locate.hints import field_hints
    from docextract.reread import reread_fields

    schema = load_schema("cn_id_card")

    def find(ls):
        return find_fields(ls, schema, sizes=[(600, 400)], options=OPTS)

    for name, read in (("曾民晓", "曾民晓务使用"), ("王一致", "王一致")):
        lines = [Line("姓名" + read, (10, 10, 200, 40), 0.99), Line("性别男  民族汉", (10, 50, 300, 80), 0.98),
                 Line("出生1976年4月6日", (10, 90, 300, 120), 0.98), Line("住址青海省果洛藏族自治州", (10, 130, 400, 160), 0.98),
                 Line("公民身份号码 11010519491231002X", (10, 300, 560, 330), 0.97)]
        found = reread_fields(None, [], lines, schema, find(lines), find, lambda f: field_hints(f, schema.source),
                              lambda f: schema.field_options(f, OPTS))
        assert found["name"].raw == name


def _unlabelled_number(number: str, alternatives=()) -> list[Line]:
    """A card whose 公民身份号码 a watermark hid: the number stands alone at the bottom."""
    return [Line("姓名张三", (10, 10, 120, 40), 0.99), Line("性别男  民族汉", (10, 50, 300, 80), 0.98),
            Line("出生2006年2月9日", (10, 90, 300, 120), 0.98), Line("住址河北省唐山市路南区幸福路1号", (10, 130, 400, 160), 0.98),
            Line(number, (200, 300, 560, 330), 0.97, alternatives=alternatives)]


def test_a_number_found_by_type_alone_is_not_changed_to_pass_its_check():
    """130202200602092630 fails its check (a misprint, or a misread digit); changing its 0 to the
    look-alike 6 would pass it, but nothing says the recogniser nearly read a 6: the number comes
    back as printed, failing its check."""
    result = _result(_unlabelled_number("130202200602092630"))
    fr = result.fields["id_number"]
    assert fr.raw == "130202200602092630" and fr.status == "invalid"


def test_a_number_found_by_type_alone_takes_the_digit_the_recogniser_nearly_read():
    """The same digit changed where the recogniser's runner-up says so: repaired, as before."""
    result = _result(_unlabelled_number("130202200602092630", alternatives=((2, "6", 0.3, 0.6),)))
    assert result.fields["id_number"].raw == "136202200602092630"
    assert result.fields["id_number"].status == "ok"


def test_a_small_han_read_as_hong_is_han():
    """At a small size 汉 is read 洪 (the water radical kept, 又 taken for 共): no ethnic group is
    called so, and the ethnicity is 汉."""
    lines = [Line("姓名张三", (10, 10, 120, 40), 0.99), Line("性别男  民族洪", (10, 50, 300, 80), 0.98)]
    assert _result(lines).fields["ethnicity"].value == "汉"


def test_a_name_label_with_a_misread_character_is_not_read_into_the_name():
    """姓名 read 姓多 (名 taken for 多): the label with one character misread, not 姓 alone, since
    what follows then starts with a known surname and 多张红 does not."""
    lines = [Line("姓多张红", (78, 81, 155, 107), 0.92), Line("性别女", (77, 106, 142, 134), 0.9),
             Line("民族撒拉", (182, 103, 257, 127), 0.99), Line("出生1968年4月25日", (82, 134, 239, 158), 0.99),
             Line("住址天津市红桥区花园路18", (81, 159, 261, 187), 0.96)]
    assert _result(lines).fields["name"].raw == "张红"


def test_a_watermark_piece_is_taken_off_a_value_read_again():
    """A watermark hid the name from the text detector: the print no line covers is read alone (the
    engine's ``read_lines``; the double stands at the engine boundary) and the watermark's 使用 read
    onto its end is taken off there too, as on the page's own lines."""
    from PIL import Image, ImageDraw

    from docextract.locate.hints import field_hints
    from docextract.reread import reread_fields

    schema = load_schema("cn_id_card")
    image = Image.new("RGB", (600, 400), "white")
    ImageDraw.Draw(image).rectangle((80, 14, 190, 36), fill="black")    # the name's print, no line over it
    lines = [Line("姓名", (10, 10, 60, 40), 0.99), Line("性别男  民族汉", (10, 50, 300, 80), 0.98),
             Line("出生1972年8月14日", (10, 90, 300, 120), 0.98), Line("住址贵州省黔南布依族苗族自治州", (10, 130, 400, 160), 0.98),
             Line("公民身份号码 11010519491231002X", (10, 300, 560, 330), 0.97)]

    class Engine:
        def read_lines(self, image, box, *, page=0, **_):
            x1, y1, x2, y2 = box
            return [Line("杨娟振使用", (x1 + 5, y1 + 2, x2 - 5, y2 - 2), 0.9, page=page)] if y1 < 40 else []

    def find(ls):
        return find_fields(ls, schema, sizes=[(600, 400)], options=OPTS)

    found = reread_fields(Engine(), [image], lines, schema, find(lines), find, lambda f: field_hints(f, schema.source),
                          lambda f: schema.field_options(f, OPTS))
    assert found["name"].raw == "杨娟振" and found["name"].source == "reread"


@pytest.mark.parametrize("top", [
    [Line("黄秀怡", (96, 57, 142, 81), 0.95), Line("印无效", (132, 32, 200, 86), 0.9)],    # 姓名 not read at all
    [Line("薛丹珍", (99, 58, 151, 83), 0.95), Line("名", (88, 63, 109, 79), 0.9)],         # only its stub 名
])
def test_a_name_whose_label_a_watermark_hid_is_found_by_its_look(top):
    """Lines read from a 420 px card photo: a watermark hid the 姓名 label, so the name is found as
    a person's name (kind person_name: two to four characters opening with a known surname), with a
    lower confidence than a labelled one; the watermark's own words are never taken."""
    lines = top + [Line("性别女", (73, 83, 123, 103), 0.95), Line("民族汉", (153, 82, 208, 103), 0.95),
                   Line("出生1973年3月8日", (64, 107, 200, 128), 0.95),
                   Line("住址云南省楚雄彝族自治州元", (64, 132, 235, 152), 0.95),
                   Line("谋县新华镇李庄村8组3号", (101, 150, 224, 167), 0.95),
                   Line("公民身份号码", (67, 209, 131, 228), 0.95), Line("532328197303087984", (155, 208, 332, 226), 0.95)]
    fr = _result(lines).fields["name"]
    assert fr.raw == top[0].text and fr.confidence < 0.9


@pytest.mark.parametrize("read, where, want", [
    ("区汉", (200, 52, 240, 78), "汉"),       # what is left of the hidden label, then the value
    ("满", (200, 52, 240, 78), "满"),
    ("汉", (200, 132, 240, 158), None),       # below the field declared after it: not the value's place
    ("汉字", (200, 52, 240, 78), None),       # no word of the vocabulary alone
])
def test_a_closed_vocabulary_value_whose_label_is_hidden_is_taken_where_it_stands(read, where, want):
    """A watermark hid 民族 (no line shows the label): a word of the ethnicities read again alone,
    right of the sex on its row and above the birth date, is the ethnicity, trusted less; elsewhere,
    or not one word of the vocabulary, it is not."""
    from PIL import Image, ImageDraw

    from docextract.locate.hints import field_hints
    from docextract.reread import reread_fields

    schema = load_schema("cn_id_card")
    image = Image.new("RGB", (600, 400), "white")
    ImageDraw.Draw(image).rectangle(where, fill="black")      # print no line covers
    lines = [Line("姓名张三", (10, 10, 120, 40), 0.99), Line("性别男", (10, 50, 90, 80), 0.98),
             Line("仅限QWZ比赛使用", (110, 40, 380, 90), 0.9),
             Line("出生1972年8月14日", (10, 90, 300, 120), 0.98), Line("住址贵州省贵阳市南明区花果园路8号", (10, 130, 190, 160), 0.98),
             Line("公民身份号码 11010519491231002X", (10, 300, 560, 330), 0.97)]

    class Engine:
        def read_lines(self, image, box, *, page=0, **_):
            x1, y1, x2, y2 = box
            inside = x1 <= where[0] and where[2] <= x2 and y1 <= where[1] and where[3] <= y2
            return [Line(read, where, 0.9, page=page)] if inside else []

    def find(ls):
        return find_fields(ls, schema, sizes=[(600, 400)], options=OPTS)

    found = reread_fields(Engine(), [image], lines, schema, find(lines), find, lambda f: field_hints(f, schema.source),
                          lambda f: schema.field_options(f, OPTS))
    got = found.get("ethnicity")
    assert (got.raw if got else None) == want
    if want:
        assert got.source == "reread" and got.confidence < 0.9 * 0.8
