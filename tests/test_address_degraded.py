"""The merchant's address on degraded photos (scaled down, turned, paler, JPEG): rows and boxes as
RapidOCR read them on such copies of real receipts, where a word of the address or of the line after it
came out with a look-alike character."""

from __future__ import annotations

from docextract.locate.blocks import repair_text
from _pages import address_texts as _address, layout as _page


def test_a_phone_label_with_its_l_read_as_one_is_cut_from_the_address_row():
    page = _page([
        ("SUPERMARKET", (139, 43, 317, 66)),
        ("2000 AVONDALE DR", (158, 63, 292, 84)),
        ("DURHAM , N.C. 27704 Te1 (919) 220-9638", (67, 83, 381, 106)),
        ("****************************************", (60, 106, 388, 121)),
        ("PRODUCE", (57, 142, 122, 164)),
        ("1 YELLOW ONIONS", (75, 162, 204, 185)),
        ("0.99 TFW", (335, 161, 407, 185)),
    ])
    assert _address(page) == ["2000 AVONDALE DR", "DURHAM , N.C. 27704"]


def test_a_city_and_state_code_with_a_period_read_for_the_comma_are_an_address():
    page = _page([
        ("ROSS", (80, 38, 152, 62)),
        ("D205S PO2 LESS", (81, 60, 150, 72)),
        ("SPRINGFIELD. IL", (80, 68, 148, 82)),
        ("Phona:217-698-6438", (71, 78, 154, 92)),
        ("400084751261 red/uhite floer 9.99R", (24, 104, 198, 122)),
        ("400083364132 RINE 19 B FLAP 10.99", (24, 114, 198, 132)),
    ])
    assert _address(page) == ["SPRINGFIELD. IL"]


def test_a_company_number_line_with_a_misread_letter_is_no_part_of_the_address():
    page = _page([
        ("A04034", (605, 303, 691, 343)),
        ("HASHA PETROKIOSK", (473, 351, 604, 374)),
        ("Conpany No. JM0032980-V", (473, 365, 658, 389)),
        ("Lot PTD 198718 Tnn Sierra P", (472, 378, 687, 402)),
        ("81750 Masai Johor", (473, 394, 612, 417)),
        ("Site:2591", (474, 408, 552, 431)),
        ("Telephone: 073000190", (473, 420, 635, 446)),
        ("GST No: 000908345344", (474, 437, 634, 459)),
    ])
    assert _address(page) == ["Lot PTD 198718 Tnn Sierra P", "81750 Masai Johor"]


def test_a_street_word_with_its_l_read_as_one_still_makes_the_street_line_an_address():
    page = _page([
        ("Justin's Roseville Car Wash", (79, 12, 273, 35)),
        ("8011 Washington B1vd", (106, 30, 253, 53)),
        ("916-772-1101", (135, 49, 223, 69)),
        ("Car# 852", (121, 81, 235, 105)),
        ("Cashier1,", (43, 129, 107, 151)),
    ])
    assert _address(page) == ["8011 Washington B1vd"]
    assert repair_text("8011 Washington B1vd") == "8011 Washington Blvd"


def test_a_house_number_with_its_first_5_read_as_s_opens_the_address():
    page = _page([
        ("CUSTOMER COPY", (85, 20, 192, 53)),
        ("UAL MART 1044", (83, 47, 190, 82)),
        ("S050 TROUP HUY", (84, 62, 194, 97)),
        ("TYLER.TX 75707", (83, 75, 194, 112)),
        ("HaneyGrau Dawn", (84, 104, 195, 137)),
        ("Syetans, Inc.", (212, 121, 307, 148)),
    ])
    assert _address(page) == ["S050 TROUP HUY", "TYLER.TX 75707"]
    assert repair_text("S050 TROUP HUY") == "5050 TROUP HUY"


def test_a_branch_line_naming_a_place_above_the_street_line_is_no_part_of_the_address():
    # the locality is printed again under the street line: the line above it names the branch
    page = _page([
        ("buardian Health And Beauty Sdn End", (28, 182, 322, 215)),
        ("Bandar baru Rawang", (25, 204, 189, 235)),
        ("No 15 Jalan Bandar Kawang 10", (23, 226, 272, 261)),
        ("Bandar Baru Rawang", (25, 250, 187, 281)),
        ("le1:05-60952052", (25, 274, 160, 303)),
        ("Uompany Keg #1101085-1", (23, 297, 218, 329)),
        ("GSI Reg #000899874816", (23, 320, 209, 351)),
    ])
    assert _address(page) == ["No 15 Jalan Bandar Kawang 10", "Bandar Baru Rawang"]


def test_a_uk_postcode_with_its_district_1_read_as_i_closes_the_address_and_is_put_right():
    from docextract.locate.readings import tidy_address

    page = _page([
        ("Kitsch at Embassy", (60, 29, 245, 72)),
        ("29 01d Burlington Street", (76, 78, 223, 97)),
        ("London WIS 3AN", (106, 95, 194, 113)),
        ("Tel. 020 7494 5660", (93, 112, 206, 130)),
        ("www.kitschlondon.com", (88, 129, 211, 147)),
        ("Server:", (23, 161, 69, 179)),
        ("Check Detai1:£64,279.70", (23, 176, 163, 196)),
    ])
    assert _address(page) == ["29 01d Burlington Street", "London WIS 3AN"]
    assert tidy_address(repair_text("29 01d Burlington Street London WIS 3AN")) == \
        "29 Old Burlington Street London W1S 3AN"
    assert tidy_address("Open FRI 5PM") == "Open FRI 5PM"   # a day and an hour are no postcode


def test_a_city_and_zip_with_the_state_code_misread_close_the_address():
    from docextract.locate.readings import tidy_address

    page = _page([
        ("Michaels", (128, 4, 316, 73)),
        ("Where Creativity Happens", (157, 54, 290, 80)),
        ("MIOHAELS STORE #9416 (770J979-5667", (133, 85, 317, 117)),
        ("1977 SCENIC HY", (176, 122, 258, 144)),
        ("SNELVILLE. GF 30078", (168, 134, 278, 160)),
        ("Losel ty Dust: Valued Customer", (146, 163, 301, 190)),
        ("Losalty Nkmber: LRP40011376361", (142, 178, 302, 204)),
        ("Lesalty Level: Gold", (167, 195, 273, 216)),
        ("Return Baroode", (152, 209, 272, 230)),
    ])
    assert _address(page) == ["1977 SCENIC HY", "SNELVILLE. GF 30078"]
    assert tidy_address("1977 SCENIC HY SNELVILLE. GF 30078") == "1977 SCENIC HWY SNELVILLE. GF 30078"


def test_a_spanish_tax_number_line_ends_the_address():
    page = _page([
        ("TATEL", (66, 26, 154, 62)),
        ("MAORID", (85, 55, 137, 72)),
        ("Paseo de la Castellana 36-30", (44, 75, 182, 102)),
        ("Nodrid, 28046", (72, 89, 139, 108)),
        ("CIF B-87074043", (69, 98, 140, 120)),
        ("FACTURA SINMPLFICADA", (68, 114, 172, 148)),
        ("No Op :", (18, 152, 64, 182)),
        ("T-8045", (51, 148, 112, 180)),
        ("Salón/24", (178, 138, 228, 168)),
    ])
    assert _address(page) == ["Paseo de la Castellana 36-30", "Nodrid, 28046"]


def test_a_phone_label_with_its_l_read_as_an_exclamation_mark_ends_the_address():
    page = _page([
        ("(481500-M)", (325, 112, 451, 142)),
        ("C W KHOO HARDWARE SDN BHD", (92, 136, 479, 166)),
        ("NO.50, JALAN PBS 14/11,", (167, 158, 404, 188)),
        ("KAWASAN PERINDUSTRIAN BUKIT SERDANG,", (89, 178, 482, 211)),
        ("Te!:03-89410243", (106, 203, 294, 228)),
        ("Fax : 03-89410243", (294, 205, 465, 232)),
        ("GST Reg No. : 000549584896", (120, 230, 450, 255)),
    ])
    assert _address(page) == ["NO.50, JALAN PBS 14/11,", "KAWASAN PERINDUSTRIAN BUKIT SERDANG,"]


def test_a_unit_line_whose_word_was_misread_still_opens_the_address():
    # "Leve1 6" (LEVEL with its L read as 1) above the street line is the address's first line, not a branch line
    page = _page([
        ("Gerbang Alaf Restaurants Sdn Bhd", (50, 136, 377, 170)),
        ("(65351-M)", (159, 162, 258, 194)),
        ("formerly known as", (119, 185, 299, 219)),
        ("Golden Arches Restaurants Sdn bud", (37, 210, 376, 244)),
        ("Licensee of Mcuonald's", (96, 235, 327, 269)),
        ("Leve1 6, Bangunan TH, Damansara Uptown3", (17, 261, 415, 294)),
        ("No.3, Jalan SS21/39,47400 Petaling Jaya", (17, 284, 415, 320)),
        ("Selangor", (167, 312, 257, 343)),
        ("(GST ID No: 000504664064)", (87, 334, 345, 368)),
        ("McDonald's BHP Taman Melawati(#328)", (35, 360, 394, 393)),
        ("Tel No. 03-4162-2318", (106, 384, 326, 419)),
        ("TAX INVOICE", (157, 413, 276, 442)),
    ])
    assert _address(page) == ["Leve1 6, Bangunan TH, Damansara Uptown3", "No.3, Jalan SS21/39,47400 Petaling Jaya",
                              "Selangor"]


def test_a_store_number_after_a_number_sign_is_no_postcode():
    from docextract.locate.lexicon import names_place

    assert not names_place("Store #06148") and not names_place("STORE #12345 REG 2")
    assert names_place("PROVO, UT 84601") and names_place("43300 SERI KEMBANGAN")


def test_an_accented_i_between_a_code_letter_and_digit_is_a_one():
    # the accent the recogniser put on the I goes first, then the I between U and 3 is the code's 1
    assert repair_text("(X) UÍ3/X, SETIA ALAM") == "(X) U13/X, SETIA ALAM"
    assert repair_text("NO. 17-G, JALAN SETIA INDAH (X) UÌ3/X") == "NO. 17-G, JALAN SETIA INDAH (X) U13/X"
    assert repair_text("Café Bleu") == "Café Bleu"     # a mixed-case word keeps its accent


def test_an_accented_code_in_a_receipt_address_is_read_as_its_digits():
    from tests._pages import receipt_address

    address = receipt_address("SYARIKAT PERNIAGAAN SETIA SDN BHD", [("NO. 17-G, JALAN SETIA INDAH", 60, 420),
                                                                    ("(X) UÍ3/X, SETIA ALAM", 60, 360),
                                                                    ("SEKSYEN U13, 40170 SHAH ALAM", 60, 420)])
    assert "(X) U13/X, SETIA ALAM" in address
