"""Word repair against word lists and the recogniser's runners-up (docextract.locate.spell)."""

from __future__ import annotations

import pytest

from docextract.errors import SchemaError
from docextract.locate import find_fields
from docextract.locate.readings import second_reading
from docextract.locate.spell import WORD_LISTS, repair_word, repair_words, words
from docextract.schema import load_schema_text
from docextract.types import Line


@pytest.mark.parametrize("read, fixed", [
    ("AIK HUAT HARUWARE ENTERPRISE", "AIK HUAT HARDWARE ENTERPRISE"),   # U for D
    ("VERBENA CONFECTIUNERY SDN BHD", "VERBENA CONFECTIONERY SDN BHD"),  # U for O
    ("LIVE9 FHARHACY SDN BHD", "LIVE9 PHARMACY SDN BHD"),               # two look-alikes in a long word
    ("URBAN 1DEA SDN BHD", "URBAN IDEA SDN BHD"),                       # a digit for a letter
    ("AEON Ma11 TEBRAU", "AEON Mall TEBRAU"),
    ("Jalan Utarna, Taman Mutia", "Jalan Utama, Taman Mutia"),          # rn for m
    ("No 15 Jalan Bandar Kawang 10", "No 15 Jalan Bandar Rawang 10"),   # a town
    ("47500 Subang Jaga, Selangor", "47500 Subang Jaya, Selangor"),     # a place of two words
    ("40000 SHAH Al AM.SEL.", "40000 SHAH ALAM.SEL."),                  # a phrase split by a space
])
def test_misread_words_are_repaired(read, fixed):
    assert repair_words(read, ["en", "my"]) == fixed


@pytest.mark.parametrize("text", [
    "LIAN HING STATIONERY", "KEDAI PAPAN YEW CHUAN", "ADVANCO COMPANY", "DOMINO'S PIZZA",
    "NO 37, JALAN MANIS 7", "JLN ULU KELANG", "176 JLN SUNGEI BESI", "AIK HUAT", "G-26, GRD FLOOR",
    "12.50 RM", "", "81100 JOHOR BAHRU, JOHOR.", "PETALING JAYA",
])
def test_names_and_known_words_stay_as_read(text):
    assert repair_words(text, ["en", "my"]) == text


def test_case_of_the_word_is_kept_and_ambiguity_leaves_it():
    assert repair_word("Confectiunery", ["en"]) == "Confectionery"
    assert repair_word("buardian", ["en"]) == "guardian"
    assert repair_word("hardware", ["en"]) is None          # known
    assert repair_word("xq", ["en"]) is None                # too short
    assert repair_word("BANE", ["en"]) is None              # a word already, and short


def test_lists_are_loaded_from_the_package_and_unknown_lists_refused():
    assert "hardware".upper() in words("en") and "JALAN" in words("my") and "BAHRU" in words("my")
    assert len(words("en")) > 50_000
    assert {"en", "my", "page", "places_us"} <= set(WORD_LISTS)
    with pytest.raises(KeyError):
        repair_words("HARUWARE", ["xx"])


def test_runners_up_make_a_word_or_a_comma():
    line = Line("Lot 38. 39 Boulevard. Jalan Kenari 5. Bandar Puchong Jaya,",
                alternatives=((6, ",", 0.005, 0.989), (20, ",", 0.3, 0.6), (36, ",", 0.2, 0.7)))
    # 38. has almost no comma in it; the other two do
    assert second_reading(line, commas=True, last=False) == "Lot 38. 39 Boulevard, Jalan Kenari 5, Bandar Puchong Jaya,"
    end = Line("47170 Puchong. Selangor.", alternatives=((13, ",", 0.23, 0.77), (23, ",", 0.3, 0.6)))
    assert second_reading(end, commas=True, last=True) == "47170 Puchong, Selangor."      # the final period stays
    assert second_reading(end, commas=False) == end.text
    prices = Line("RM 12.50", alternatives=((5, ",", 0.4, 0.5),))
    assert second_reading(prices, commas=True) == "RM 12.50"                           # a decimal point
    word = Line("SPEED HART", alternatives=((6, "M", 0.3, 0.6),))
    assert second_reading(word, ["en", "my"]) == "SPEED HART"                           # HART is a word
    word = Line("SPEED HARK", alternatives=((6, "M", 0.3, 0.6), (9, "T", 0.2, 0.7)))
    assert second_reading(word, ["en", "my"]) == "SPEED HARK"                           # HARK is a word too
    word = Line("HARDWAKE", alternatives=((6, "R", 0.2, 0.7),))
    assert second_reading(word, ["en"]) == "HARDWARE"
    assert len(second_reading(line, ["en"], commas=True)) == len(line.text)


def test_a_schema_opts_in_and_a_bad_list_is_a_schema_error():
    yaml = """
name: shop
fields:
  - name: shop
    type: text
    hints: {kind: organisation, position: top, words: [en, my]}
"""
    schema = load_schema_text(yaml)
    lines = [Line("AIK HUAT HARUWARE ENTERPRISE SDN BHD", (20, 10, 400, 40), 0.97),
             Line("TOTAL 9.00", (20, 300, 200, 330), 0.99)]
    found = find_fields(lines, schema, sizes=[(420, 600)])
    assert found["shop"].raw == "AIK HUAT HARDWARE ENTERPRISE SDN BHD"
    plain = load_schema_text(yaml.replace(", words: [en, my]", ""))
    assert find_fields(lines, plain, sizes=[(420, 600)])["shop"].raw.startswith("AIK HUAT HARUWARE")
    with pytest.raises(SchemaError, match="unknown word list 'fr'"):
        find_fields(lines, load_schema_text(yaml.replace("[en, my]", "[en, fr]")), sizes=[(420, 600)])


def test_glued_capitals_and_a_mark_before_a_street_word_are_parted():
    assert repair_words("42-46, OJLN SULTANAZLAN SHAH", ["en", "my"]) == "42-46, JLN SULTAN AZLAN SHAH"
    # a known compound stays whole, and a name in no list is not cut after a short word
    assert repair_words("JALAN BANDARAYA, TAMAN SRIMAS", ["en", "my"]) == "JALAN BANDARAYA, TAMAN SRIMAS"


def test_a_runner_up_does_not_turn_a_legal_form_into_a_word():
    """wildreceipt-dev 106: the recogniser's runner-up e at Ltd's t made the English word Led; a legal
    form's word (the lexicons' [legal_forms]) is known, so it stays as read."""
    from docextract.locate.readings import second_reading
    from docextract.types import Line

    line = Line("OUs Food Services (Thailand) Co.,Ltd.", alternatives=((34, "e", 0.3, 0.6),))
    assert second_reading(line, ["en"]) == "OUs Food Services (Thailand) Co.,Ltd."
    assert second_reading(Line("HARDWAKE Co.", alternatives=((6, "R", 0.2, 0.7),)), ["en"]) == "HARDWARE Co."


@pytest.mark.parametrize("read", ["CAVALIERE Restaurant", "RISTORANTE CAVALIERE"])
def test_a_list_word_with_one_more_letter_at_its_end_keeps_that_letter(read):
    # CAVALIER + E: a form the list lacks, not a misread CAVALIERS (in a name and in any other text)
    assert repair_words(read, ["en", "my"]) == read
    assert repair_words(read, ["en", "my"], name=True) == read


def test_short_proper_words_of_a_name_are_repaired_only_into_name_words():
    # a six-letter word one look-alike from an English word: a proper noun in a name, a misread elsewhere
    assert repair_words("Gordon Ramsay Steak", ["en", "my"], name=True) == "Gordon Ramsay Steak"
    assert repair_words("Gordon Ramsay Steak", ["en", "my"]) == "Cordon Ramsay Steak"
    # into a trade word, a domain word, or with a digit read for a letter, or eight letters or more: repaired
    assert repair_words("JADE KITCHFN", ["en", "my"], name=True) == "JADE KITCHEN"
    assert repair_words("JONIBAN SUSH1", ["en", "my"], name=True) == "JONIBAN SUSHI"
    assert repair_words("AIK HUAT HARUWARE ENTERPRISE", ["en", "my"], name=True) == "AIK HUAT HARDWARE ENTERPRISE"
    assert repair_words("buardian Health And Beauty", ["en", "my"], name=True) == "guardian Health And Beauty"


def test_the_receipt_name_keeps_its_proper_words():
    from docextract.schema import load_schema

    lines = [Line("Gordon Ramsay Steak", (40, 10, 300, 40), 0.95), Line("3655 Las Vegas Blvd", (40, 50, 300, 70), 0.95),
             Line("Las Vegas, NV 89109", (40, 75, 300, 95), 0.95), Line("10/21/2014", (40, 110, 200, 130), 0.95),
             Line("TOTAL 313.49", (40, 140, 300, 160), 0.95)]
    found = find_fields(lines, load_schema("receipt"), sizes=[(400, 600)])
    assert found["merchant_name"].raw == "Gordon Ramsay Steak"
