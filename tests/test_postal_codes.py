"""A US ZIP or Canadian postal code read with a look-alike for a character after the state's or
province's code, a state's code misread before its ZIP (docextract.normalize.postal), and a street word
with its l read as 1 (repair_text: Ma11)."""

from __future__ import annotations

import pytest

from docextract.locate.blocks import repair_text
from docextract.locate.spell import is_known, repair_word
from docextract.normalize.postal import mend_postcode, mend_state_code, mend_town, zip_states
from tests._pages import address_texts, layout, receipt_address

_SALE = {"after": "12/05/2016 10:22", "total": "TOTAL $8.20"}   # the rows under a US receipt's address


@pytest.mark.parametrize("read, fixed", [
    ("Austin, TX 7B7O1", "Austin, TX 78701"),
    ("Austin, TX 7870I", "Austin, TX 78701"),
    ("AUSTIN TX 787O1-1234", "AUSTIN TX 78701-1234"),
    ("Toronto, ON MSV 2T6", "Toronto, ON M5V 2T6"),
    ("Toronto, ON M5V 2TG", "Toronto, ON M5V 2T6"),
    ("Toronto, ON M5C IR6", "Toronto, ON M5C 1R6"),
    ("Burnaby BC V5H2A9", "Burnaby BC V5H2A9"),
    ("Langley BC V1M 3A5", "Langley BC V1M 3A5"),
])
def test_a_postcode_after_a_state_or_province_code_is_read_right(read, fixed):
    assert mend_postcode(read) == fixed


@pytest.mark.parametrize("text", ["CA SALES TAX", "ON THE WAY", "IN 2 DAYS", "OR 12 FOR 20", "PA 1O", "TX 7870",
                                  "ON SALE NOW", "ON MSVX", "ON OOO OOO", "", "€", "ＴＸ １２３４５", "x" * 10_000])
def test_other_text_stays_as_read(text):
    assert mend_postcode(text) == text


def test_junk_is_no_postcode():
    assert mend_postcode(None) == "" and mend_state_code(None) == ""


def test_the_zip_names_its_state():
    assert zip_states("10036") == {"NY"} and zip_states("30078") == {"GA"} and zip_states("94577") == {"CA"}
    assert zip_states("") == set() and zip_states("00012") == set()


@pytest.mark.parametrize("read, fixed", [
    ("SNELLVILLE, GF 30078", "SNELLVILLE, GA 30078"),
    ("Fresno, CX 93720-1234", "Fresno, CA 93720-1234"),
    # a digit read for a letter of the code (0 for O, 7 for T, 1 for I)
    ("Portland, 0R 97212", "Portland, OR 97212"),
    ("Austin, 7X 78701", "Austin, TX 78701"),
    ("Indianapolis 1N 46250", "Indianapolis IN 46250"),
    ("Unit 5C 94040", "Unit 5C 94040"),
    ("ROOM 12 10036", "ROOM 12 10036"),
    # a state's code stays: the receipt may print its ZIP wrong, or the ZIP was misread
    ("LOS ANGELES, CA 30016", "LOS ANGELES, CA 30016"),
    ("NEW YORK, NV 10036", "NEW YORK, NV 10036"),
    # an English word stays (BOX NO 10036); a code far from the ZIP's state too
    ("PO BOX NO 10036", "PO BOX NO 10036"),
    ("SPRINGFIELD, XQ 62704", "SPRINGFIELD, XQ 62704"),
])
def test_a_code_that_is_no_state_is_the_zips_state_misread(read, fixed):
    assert mend_state_code(read) == fixed


def _page(*rows):
    return layout([(t, (40, 10 + 40 * k, 460, 38 + 40 * k)) for k, t in enumerate(rows)])


def test_a_closing_line_with_a_misread_postal_code_ends_the_address():
    page = _page("SUBWAY", "55 Queen St E", "Toronto, ON MSC 1R6", "Server: Bob", "12/05/2016 10:22")
    assert address_texts(page) == ["55 Queen St E", "Toronto, ON MSC 1R6"]
    page = _page("JOE'S DINER", "123 Main St", "Austin, TX 7B701", "Server: Bob", "12/05/2016 10:22")
    assert address_texts(page) == ["123 Main St", "Austin, TX 7B701"]


def test_the_receipt_address_has_its_postcode_and_state_read_right():
    address = receipt_address("SUBWAY", [("55 Queen St E", 60, 420), ("Toronto, ON MSC 1R6", 60, 440)], **_SALE)
    assert address == "55 Queen St E Toronto, ON M5C 1R6"
    address = receipt_address("SUBWAY", [("1977 SCENIC HWY", 60, 420), ("SNELLVILLE, GF 30078", 60, 440)], **_SALE)
    assert address == "1977 SCENIC HWY SNELLVILLE, GA 30078"


@pytest.mark.parametrize("read, fixed", [
    ("Tyrone Square Ma11", "Tyrone Square Mall"), ("Bel1 Rd", "Bell Rd"), ("Fa11s Church", "Falls Church"),
    ("Randa11 Road", "Randall Road"), ("Level11", "Level11"), ("No11", "No11"), ("Suite1", "Suite1"),
])
def test_a_word_with_its_l_read_as_1_is_the_word_it_makes(read, fixed):
    assert repair_text(read) == fixed


@pytest.mark.parametrize("rows, expected", [
    (["JOE'S DINER", "123 Main St", "Austin, TX", "78701", "12/05/2016 10:22"], ["123 Main St", "Austin, TX", "78701"]),
    (["SAFEWAY", "1234 Kingsway", "Burnaby, British Columbia", "V5H 2A9", "12/05/2016"],
     ["1234 Kingsway", "Burnaby, British Columbia", "V5H 2A9"]),
    (["TIM HORTONS #1234", "1500 ROYAL YORK RD", "ETOBICOKE ON", "M9P 3B6", "(416) 555-1234"],
     ["1500 ROYAL YORK RD", "ETOBICOKE ON", "M9P 3B6"]),
])
def test_a_postcode_printed_alone_under_the_town_goes_on_the_address(rows, expected):
    assert address_texts(_page(*rows)) == expected


def test_a_number_line_that_is_no_postcode_stays_out():
    page = _page("JOE'S DINER", "123 Main St", "Austin, TX 78701", "Store 1234", "12/05/2016 10:22")
    assert address_texts(page) == ["123 Main St", "Austin, TX 78701"]


def test_a_phone_number_after_the_zip_is_no_part_of_the_address():
    address = receipt_address("JOE'S DINER", [("123 Main St", 60, 420), ("Austin TX 78701 512-555-1234", 60, 440)],
                              **_SALE)
    assert address == "123 Main St Austin TX 78701"


def _with_us(fn):
    from docextract.data import lexicon_scope, use_lexicons
    return lexicon_scope(lambda: use_lexicons(["us"]) and fn())()


@pytest.mark.parametrize("read, fixed", [
    ("1790 WASHINGTON AVE S STILLMATER, MN 55082", "1790 WASHINGTON AVE S STILLWATER, MN 55082"),
    ("8466 Castleton Corner Drive Indtanapolis, IN 46250", "8466 Castleton Corner Drive Indianapolis, IN 46250"),
    ("29-31 AUSTIN STREET CHARLESTONN, MA 02129", "29-31 AUSTIN STREET CHARLESTOWN, MA 02129"),
    ("1977 SCENIC HWY SHELLVILLE. GA 30078", "1977 SCENIC HWY SNELLVILLE. GA 30078"),
    # a short name is one letter from too many (the receipt may print FRESND); a street's name before the town stays
    ("7010 N CEDAR AVE FRESND CA 93720", "7010 N CEDAR AVE FRESND CA 93720"),
    ("2930 N ELISABETH PUEBLO, CO 81008", "2930 N ELISABETH PUEBLO, CO 81008"),
    # no state's code and ZIP after it: no town
    ("STILLMATER BREWING", "STILLMATER BREWING"),
    ("", ""), ("€", "€"),
])
def test_a_long_town_name_misread_before_its_state_and_zip_is_put_right(read, fixed):
    assert _with_us(lambda: mend_town(mend_postcode(read), is_known, repair_word)) == fixed


def test_no_town_is_put_right_without_the_pages_place_lists():
    assert mend_town("STILLMATER, MN 55082", is_known, repair_word) == "STILLMATER, MN 55082"
    from docextract.data import lexicon_scope, use_lexicons
    assert lexicon_scope(lambda: use_lexicons(["my"]) and mend_town("STILLMATER, MN 55082", is_known, repair_word))() \
        == "STILLMATER, MN 55082"


def test_the_town_is_put_right_in_a_receipt_address():
    address = receipt_address("LUNA CAFE", [("29-31 AUSTIN STREET", 60, 420), ("CHARLESTONN, MA 02129", 60, 440)],
                              **_SALE)
    assert address == "29-31 AUSTIN STREET CHARLESTOWN, MA 02129"


@pytest.mark.parametrize("phone", ["P: 217-555-1234", "T: 217-555-1234", "217.555.1234", "Main: (217) 555-1234",
                                   "+1 217 555 1234"])
def test_a_phone_line_ends_the_address(phone):
    page = _page("JOE'S DINER", "123 Main St", "Suite 5, Plaza Mall", phone, "Downtown Mall", "12/05/2016 10:22")
    assert _with_us(lambda: address_texts(page)) == ["123 Main St", "Suite 5, Plaza Mall"]


@pytest.mark.parametrize("text", ["Austin TX 78701 512-555-1234", "Austin, TX 78701-1234", "Store #123 217-555-1234",
                                  "TOTAL 217.55", "4820 E Ray Road", ""])
def test_a_line_with_more_than_a_phone_is_no_phone_line(text):
    from docextract.locate.lexicon import is_stop_line
    assert not _with_us(lambda: is_stop_line(text) and "stop")


def test_a_town_line_without_a_postcode_then_a_street_goes_on_into_the_address():
    page = _page("TOMBALL RED ROBIN", "TOMBALL, TX", "22455 Highway 249", "Houston, TX 77070", "281-251-7033",
                 "Server: SHAMIR 08/02/2012")
    assert _with_us(lambda: address_texts(page)) == ["TOMBALL, TX", "22455 Highway 249", "Houston, TX 77070"]


@pytest.mark.parametrize("under", ["2 Guests", "12 Table", "Houston, TX 77070"])
def test_a_town_line_ends_the_address_before_other_lines(under):
    page = _page("RED ROBIN", "4820 E Ray Road", "Phoenix, AZ", under, "Server: SHAMIR 08/02/2012")
    assert _with_us(lambda: address_texts(page)) == ["4820 E Ray Road", "Phoenix, AZ"]
    page = _page("RED ROBIN", "TOMBALL, TX 77375", "22455 Highway 249", "Server: SHAMIR 08/02/2012")
    assert _with_us(lambda: address_texts(page)) == ["TOMBALL, TX 77375"]


@pytest.mark.parametrize("read, fixed", [
    ("5030 Spring Mountain Rd Las Vegaa, NV 89146", "5030 Spring Mountain Rd Las Vegas, NV 89146"),
    ("1350 Grant Road MOUNTAIN VIEX, CA 94040", "1350 Grant Road MOUNTAIN VIEW, CA 94040"),
    ("Las Vegas, NV 89146", "Las Vegas, NV 89146"),
    # an English word misread (Son Jose) stays, so does a town of under seven letters or two words misread
    ("7130 Santa Teresa Blvd, Son Jose CA95139", "7130 Santa Teresa Blvd, Son Jose CA95139"),
    ("Ely Pa, NV 89301", "Ely Pa, NV 89301"),
    ("Lxs Vegaa, NV 89146", "Lxs Vegaa, NV 89146"),
    # no state's code and ZIP after it: no town
    ("Las Vegaa Strip", "Las Vegaa Strip"),
    ("x" * 10000 + " Vegaa, NV 89146", "x" * 10000 + " Vegaa, NV 89146"),
])
def test_a_town_of_two_words_misread_before_its_state_and_zip_is_put_right(read, fixed):
    assert _with_us(lambda: mend_town(mend_postcode(read), is_known, repair_word)) == fixed


def test_a_town_of_two_words_is_put_right_in_a_receipt_address():
    address = receipt_address("KUNG FU TEA", [("5030 Spring Mountain Rd", 60, 420), ("Las Vegaa, NV 89146", 60, 440)],
                              **_SALE)
    assert address == "5030 Spring Mountain Rd Las Vegas, NV 89146"
