"""Words the recogniser broke (a space inside, a letter dropped, a first letter lost), mended
against the word lists (docextract.normalize.wordmend, run by docextract.locate.spell.repair_words)."""

from __future__ import annotations

import pytest

from docextract.locate.spell import repair_words
from docextract.normalize.wordmend import mend_words
from tests._pages import receipt_address

LISTS = ["en", "my"]


@pytest.mark.parametrize("read, fixed", [
    ("42-46,JLN SUL TAN AZLAN SHAH", "42-46,JLN SULTAN AZLAN SHAH"),        # a space inside a street word
    ("42-46,JLN SUL TANAZLAN SHAH", "42-46,JLN SULTAN AZLAN SHAH"),         # ... and the next word run into it
    ("No 16A, Jala n Astaka U8/83", "No 16A, Jalan Astaka U8/83"),
    ("12, Jalan Tampoi 7/4,Kawasan Perindustian Tampoi", "12, Jalan Tampoi 7/4,Kawasan Perindustrian Tampoi"),
    ("Lot 3, Jalan Plabur 23/1, 40300 Shah Alam", "Lot 3, Jalan Pelabur 23/1, 40300 Shah Alam"),  # a letter dropped
    ("LOT G29, NO. 1, JALAN DESA TEBRAU, TAMAN DESA EBRAU, 81100", "LOT G29, NO. 1, JALAN DESA TEBRAU, TAMAN DESA TEBRAU, 81100"),
    ("No.2, Jalan Temengjung 19/9, Seksyen 9", "No.2, Jalan Temenggung 19/9, Seksyen 9"),   # a street title of the list
])
def test_broken_address_words_are_mended(read, fixed):
    assert repair_words(read, LISTS) == fixed


@pytest.mark.parametrize("text", [
    "TAN AH KOW", "NG AH CHAI", "JALAN PERMAS 4/3 BANDAR BARU PERMAS JAYA", "LOT P.T. 2811, JALAN ANGSA",
    "NO 4,JALAN PERJIRANAN 10", "69 JALAN NOVA U5/N, SEKSYEN U5 SUBANG BE", "KG. DUSUN NANDING, 43100 HULU LANGAT",
    "BOOK TA .K (TAMAN DAYA) SDN BHD", "Jalan Tampoi 7/4 Kawasan Perindustrian Tampoi", "JALAN SETIA INDAH X ,U13/X 40170 SETIA ALAM", "OLD BRIDGE, RIDGE STREET", "LOT 3, JALAN PELABUR 23/1, 40300 SHAH ALAN",
])
def test_whole_words_and_names_stay_as_read(text):
    assert mend_words(text, LISTS) == text


@pytest.mark.parametrize("junk", [None, "", "€", "１２３ ＡＢＣ", "A B", "X" * 10_000, "ab " * 3_000, "Jala n" * 2_000])
def test_junk_does_not_crash(junk):
    out = mend_words(junk, LISTS)
    assert out == junk or isinstance(out, str)
    assert mend_words("Jala n", []) == "Jala n"


def test_a_receipt_address_is_mended_on_the_page():
    address = receipt_address("UNIHAKKA INTERNATIONAL SDN BHD", [("12, Jalan Tampoi 7/4,Kawasan Perindustian", 20, 480),
                                                                 ("Tampoi,81200 Johor Bahru,Johor", 60, 440)], total="Total Amount: 8.20")
    assert address == "12, Jalan Tampoi 7/4,Kawasan Perindustrian Tampoi,81200 Johor Bahru,Johor"


def test_a_t_read_for_an_l_is_a_look_alike_and_laman_a_street_word():
    """look_alike.json pairs T and L (a pale, small l read as t): Jatan is the street word Jalan; the area
    word Laman (words_my) is not turned into Taman."""
    assert repair_words("Lot 3, Jatan Pelabur 23/1, 40300 Shah Alam", LISTS) == "Lot 3, Jalan Pelabur 23/1, 40300 Shah Alam"
    text = "No.145G, Jalan Rimbunan Raya 1, Laman Rimbunan Kepong"
    assert repair_words(text, LISTS) == text


def test_an_m_read_as_ni_and_a_house_word_with_a_look_alike_letter():
    """look_alike.json: an m read as ni (letter_clusters), Alani is the place word Alam; the value's opening
    three-letter word before its number with E read for L is Lot, but a name's first word is not touched."""
    assert repair_words("Eot 3, Jalan Pelabur 23/1, 40300 Shah Alani, Selangor.", LISTS) == \
        "Lot 3, Jalan Pelabur 23/1, 40300 Shah Alam, Selangor."
    for text in ("AIK HUAT HARDWARE ENTERPRISE", "Ave 3, Jalan Pelabur", "ANITA TAN", "Jalan Bunian"):
        assert repair_words(text, LISTS) == text



@pytest.mark.parametrize("read, fixed", [
    ("12, Jalan Tampoi 7/4, 81200 Johor Bahru, Jahor", "12, Jalan Tampoi 7/4, 81200 Johor Bahru, Johor"),   # a/o
    ("12, Jalan Tampai 7/4, Kawasan Perindustrian Tampol", "12, Jalan Tampoi 7/4, Kawasan Perindustrian Tampoi"),
    ("Lot 3, Jalan Pelabir 23/1, 40300 Shah Alam", "Lot 3, Jalan Pelabur 23/1, 40300 Shah Alam"),   # i/u
    ("81200 Johor Bahru, Joher", "81200 Johor Bahru, Johor"),                                       # e/o
])
def test_a_small_letter_read_as_its_small_look_alike_is_mended(read, fixed):
    """look_alike.json ``lower_letters``: small letters alike whose capitals are not (a/o, i/u, e/o)."""
    assert mend_words(read, LISTS) == fixed
    assert repair_words(read, LISTS) == fixed


@pytest.mark.parametrize("text", [
    "JAHOR BAHRU", "Besa Lane", "Ampat Street", "Sutera Mall", "Tan Ah Kow", "Joe's Cafe", "Baker Street",
    "Jln Ampang, Kuala Lumpur",
])
def test_capitals_short_words_and_known_words_are_not_changed_for_small_look_alikes(text):
    assert mend_words(text, LISTS) == text


def test_a_small_look_alike_is_mended_in_a_receipt_address():
    address = receipt_address("SYARIKAT PERNIAGAAN SETIA", [("Lot 3, Jalan Pelabir 23/1,", 60, 420),
                                                            ("40300 Shah Alam, Selangor.", 60, 440)])
    assert address == "Lot 3, Jalan Pelabur 23/1, 40300 Shah Alam, Selangor."


@pytest.mark.parametrize("read, fixed", [
    ("KWS REHAT & RAWAT PAGOH ARAH UTARA, SIMPANG AMPAT PAGOH, 84600,PAGOR,JOHOR",     # printed twice elsewhere
     "KWS REHAT & RAWAT PAGOH ARAH UTARA, SIMPANG AMPAT PAGOH, 84600,PAGOH,JOHOR"),
    ("12, Jalan Tampoi 7/4, Kawasan Perindustrian Tampol81200 Johor Bahru",          # a word of the lists, a postcode glued
     "12, Jalan Tampoi 7/4, Kawasan Perindustrian Tampoi81200 Johor Bahru"),
    ("JALAN SETIA INDAH, SETIA ALAM, 40170 SHAH ALAY", "JALAN SETIA INDAH, SETIA ALAM, 40170 SHAH ALAM"),
])
def test_a_word_misread_where_the_text_prints_it_again_is_mended(read, fixed):
    assert mend_words(read, LISTS) == fixed
    assert repair_words(read, LISTS) == fixed


@pytest.mark.parametrize("text", [
    "SUKHUAVIT SUKHUNVIT",           # two unknown readings once each: which is right is not known
    "BANGSAR", "SETIA ALAM, SHAH ALAM", "ABCD ABCE", "TAN AH KOW TAN AH KAW", "JALAN 12 JALAN 13",
    "LOT G29, JALAN DESA TEBRAU, TAMAN DESA TEBRAU",
])
def test_words_printed_once_or_known_are_not_changed_for_another(text):
    assert mend_words(text, LISTS) == text


def test_a_word_printed_again_is_mended_in_a_receipt_address():
    address = receipt_address("RESTORAN REHAT PAGOH SDN BHD", [("LOT R1, KWS REHAT & RAWAT PAGOH ARAH UTARA,", 20, 480),
                                                               ("SIMPANG AMPAT PAGOH, 84600,PAGOR,JOHOR", 20, 480)])
    assert address.endswith("SIMPANG AMPAT PAGOH, 84600,PAGOH,JOHOR")


def test_many_distinct_words_are_quick():
    import random
    import string
    import time

    rng = random.Random(1)
    text = " ".join("".join(rng.choice(string.ascii_uppercase) for _ in range(5)) for _ in range(1700))
    start = time.perf_counter()
    assert isinstance(mend_words(text, LISTS), str)
    assert time.perf_counter() - start < 10      # a guard against a search that grows with the square of the words


@pytest.mark.parametrize("read, mended, repaired", [
    # JAMAN is one letter from the JALAN printed before it, but one look-alike capital (J/T) from TAMAN
    ("LOT P.T. 2811, JALAN ANGSA, JAMAN BERKELEY 41150 KLANG", "LOT P.T. 2811, JALAN ANGSA, JAMAN BERKELEY 41150 KLANG",
     "LOT P.T. 2811, JALAN ANGSA, TAMAN BERKELEY 41150 KLANG"),
    # the word printed again is itself the look-alike reading: mended as before
    ("RAWAT PAGOH, SIMPANG PAGOH, 84600,PAGOR,JOHOR", "RAWAT PAGOH, SIMPANG PAGOH, 84600,PAGOH,JOHOR",
     "RAWAT PAGOH, SIMPANG PAGOH, 84600,PAGOH,JOHOR"),
])
def test_a_look_alike_domain_word_outweighs_a_word_printed_again(read, mended, repaired):
    assert mend_words(read, LISTS) == mended
    assert repair_words(read, LISTS) == repaired


def test_a_street_line_does_not_turn_the_next_lines_misread_word_into_its_own():
    address = receipt_address("SYARIKAT PERNIAGAAN ANGSA SDN BHD", [("LOT P.T. 2811, JALAN ANGSA,", 60, 420),
                                                                    ("JAMAN BERKELEY", 60, 300),
                                                                    ("41150 KLANG, SELANGOR", 60, 360)])
    assert address == "LOT P.T. 2811, JALAN ANGSA, TAMAN BERKELEY 41150 KLANG, SELANGOR"


@pytest.mark.parametrize("read, fixed", [
    ("LOT R1, KWS REHAT & RAWAT PAGOH ARAIH UTARA,", "LOT R1, KWS REHAT & RAWAT PAGOH ARAH UTARA,"),  # a letter too many
    ("12, Jalan Tampoi, Kawasan Perindlustrian Tampoi", "12, Jalan Tampoi, Kawasan Perindustrian Tampoi"),
])
def test_a_letter_read_into_a_word_is_dropped(read, fixed):
    assert mend_words(read, LISTS) == fixed
    assert repair_words(read, LISTS) == fixed


@pytest.mark.parametrize("text", [
    "SUNWAY PYRAMID", "TAN AH KOW", "CHRISTINA", "MIMMOS GALLERIA", "Jalan Pelabur", "PETRONAS",   # known, or no single domain word
])
def test_words_with_no_letter_too_many_stay(text):
    assert mend_words(text, LISTS) == text


def test_a_letter_read_into_an_address_word_is_dropped_in_a_receipt():
    address = receipt_address("RESTORAN REHAT PAGOH SDN BHD", [("LOT R1, KWS REHAT & RAWAT PAGOH ARAIH UTARA,", 20, 480),
                                                               ("SIMPANG AMPAT PAGOH, 84600,PAGOH,JOHOR", 20, 480)])
    assert "RAWAT PAGOH ARAH UTARA," in address


def test_only_a_thin_letter_is_taken_for_one_read_too_many():
    # JAMAN less its J is AMAN, a word of the list, but a J is no speck: the look-alike repair makes it TAMAN
    assert mend_words("JALAN ANGSA, JAMAN BERKELEY", LISTS) == "JALAN ANGSA, JAMAN BERKELEY"
    assert mend_words("KWS RAWAT PAGOH ARAIH UTARA", LISTS) == "KWS RAWAT PAGOH ARAH UTARA"
