"""Knowledge as data: lexicons chosen per schema and page, block kinds in an open registry,
identifier repairs asked of the format, OCR confusions read from the lexicon files."""

from __future__ import annotations

import pytest

from docextract.data import active_lexicons, look_alike, terms, use_lexicons
from docextract.errors import SchemaError
from docextract.kinds import KINDS, block_kind, kind_finder
from docextract.locate import find_fields
from docextract.locate.lexicon import address_score, names_place, org_score
from docextract.normalize.locale import choose_lexicons
from docextract.options import ExtractOptions
from docextract.schema import load_schema, load_schema_text
from docextract.types import FieldCandidate, Line
from docextract.validation import build_result

OPTS = ExtractOptions()


def _page(*texts: str) -> list[Line]:
    return [Line(t, (20, 10 + 40 * k, 380, 40 + 40 * k), 0.95) for k, t in enumerate(texts)]


def test_the_page_chooses_the_lexicon_and_the_result_says_why():
    receipt = load_schema("receipt")
    my = find_fields(_page("KEDAI MAJU", "12 JALAN AMAN", "81100 JOHOR BAHRU", "TOTAL RM 9.00"), receipt,
                     sizes=[(400, 400)], options=OPTS)
    assert my["merchant_name"].options["lexicon"] == ("my",)
    assert "currency mark 'RM'" in my["merchant_name"].options["why"]
    us = find_fields(_page("JOE'S DINER", "12 MAIN ST", "FULLERTON, CA 92831", "TOTAL $ 9.00"), receipt,
                     sizes=[(400, 400)], options=OPTS)
    assert us["merchant_name"].options["lexicon"] == ("us",)
    result = build_result(us, receipt, OPTS)
    assert any(c.code == "merchant_name.locale" and "lexicon us" in c.message for c in result.checks)
    assert active_lexicons() is None        # the choice ends with the page


def test_a_chosen_lexicon_is_the_only_one_read():
    assert names_place("JOHOR BAHRU") and org_score("KEDAI MAJU SDN BHD") >= 2
    token = use_lexicons(["us"])
    try:
        assert not names_place("JOHOR BAHRU") and org_score("KEDAI MAJU SDN BHD") < 2
        assert address_score("FULLERTON, CA 92831") >= 1.5
        chosen = terms("legal_forms", locales=active_lexicons())
        assert "sdn. bhd" not in chosen and "ltd" in chosen       # any is always in
        assert "sdn. bhd" in terms("legal_forms")                  # a plain read (and whatever caches it) is every file
    finally:
        from docextract.data import _ACTIVE

        _ACTIVE.reset(token)
    assert names_place("JOHOR BAHRU")


def test_lists_read_outside_a_regex_never_depend_on_the_page():
    """A module that reads (and caches) a list while a page's choice is active still gets every file:
    only the lexicon regexes follow the choice."""
    from docextract.data import lexicon_scope

    @lexicon_scope
    def inside_a_us_page():
        use_lexicons(["us"])
        return len(terms("ethnic_groups")), "找零" in terms("amount_change")

    assert inside_a_us_page() == (56, True)


def test_lexicon_choice_order():
    assert choose_lexicons(None, ("cn",), ["TOTAL RM 9.00"])[0] == ("cn",)      # the schema's word wins
    assert choose_lexicons(["us"], ("cn",), [])[0] == ("us",)                  # the field's before it
    assert choose_lexicons(None, (), ["TOTAL RM 9.00", "RM 1.00"])[0] == ("my",)
    assert choose_lexicons(None, (), ["S$ 4.00"])[0] == ("my",)        # locales.yaml: sg is read with my
    assert choose_lexicons(None, (), ["€ 4.00"]) == (None, "")           # a country without a lexicon: every one
    assert choose_lexicons(None, (), ["", None, "x" * 10_000]) == (None, "")  # junk


def test_schema_level_hints_are_checked():
    base = "name: s\nhints: {hint}\nfields:\n  - name: a\n    type: text\n"
    assert load_schema_text(base.format(hint="{lexicon: us}")).hints == {"lexicon": ["us"]}
    with pytest.raises(SchemaError, match="unknown schema-level hint 'position'") as err:
        load_schema_text(base.format(hint="{position: top}"), "s.yaml")
    assert (err.value.file, err.value.line) == ("s.yaml", 2)
    for bad in ("[us]", "{lexicon: {a: 1}}", "{lexicon: [nope]}"):
        with pytest.raises(SchemaError):
            load_schema_text(base.format(hint=bad))


def test_a_user_registers_a_block_kind():
    @block_kind("last_line")
    def last_line(pages, spec, hints, found, state):
        page = pages[0]
        i = page.order[-1]
        return FieldCandidate(raw=page.lines[i].text, box=page.lines[i].box, confidence=0.8, page=0, source="hint")

    try:
        schema = load_schema_text("name: s\nfields:\n  - name: footer\n    type: text\n    hints: {kind: last_line}\n")
        found = find_fields(_page("HEAD", "BODY", "SIGNED BY THE CLERK"), schema, sizes=[(400, 400)], options=OPTS)
        assert found["footer"].raw == "SIGNED BY THE CLERK" and kind_finder("last_line") is last_line
    finally:
        KINDS.pop("last_line")
    with pytest.raises(SchemaError, match="hints.kind must be one of address, mrz, organisation") as err:
        load_schema_text("name: s\nfields:\n  - name: footer\n    type: text\n    hints: {kind: last_line}\n", "s.yaml")
    assert err.value.field == "footer" and err.value.line == 5
    with pytest.raises(SchemaError):
        load_schema_text("name: s\nfields:\n  - name: f\n    type: text\n    hints: {kind: [a]}\n")


def test_confusions_come_from_the_data_files():
    from docextract.locate.ids import repair_id

    assert ["RN", "M"] in look_alike()["letter_clusters"] and look_alike()["digit_lookalikes"]["2"] == "7"
    assert repair_id("11O1O519491231OO2x", "cn.ric") == ("11010519491231002X", 1)   # O read for 0, from data
    assert repair_id("4111 1111 1111 111l", "luhn") == ("4111111111111111", 1)      # any format, same table


def test_identifier_repair_uses_the_birth_date_the_format_encodes():
    from docextract.locate.ids import repair_id

    # 4 read as 1 in the year: two single changes pass the checksum; the birth date printed elsewhere decides
    assert repair_id("11010519191231002X", "cn.ric", birth="19491231") == ("11010519491231002X", 2)
    assert repair_id("11010519191231002X", "cn.ric", birth="20000101") is None


def test_a_malaysian_legal_form_and_company_number_outweigh_a_dollar_mark():
    """locales.yaml: SDN BHD and a company number (867388-U) are signs of my; a page that prints its
    amounts with $ but names a Sdn Bhd with its number is read with lexicon my, a US page stays us."""
    page = ["UNIHAKKA INTERNATIONAL SDN BHD", "(867388-U)", "12. Jalan Tampoi 7/4", "Total $ 8.20", "Cash $ 10.00"]
    assert choose_lexicons(None, (), page)[0] == ("my",)
    assert choose_lexicons(None, (), ["ABC Sdn. Bhd.", "Total 9.00"])[0] == ("my",)
    us = ["Walmart", "(555) 123-4567", "Dallas, TX 75001", "Total $ 8.20", "Order 12345-6789", "SKU 000123-AB"]
    assert choose_lexicons(None, (), us)[0] == ("us",)
    for text in ("SDNBHDX", "12345-A1", "X12345-A", "1234-A"):
        assert choose_lexicons(None, (), [text, "$ 5.00"])[0] == ("us",)
