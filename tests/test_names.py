"""The organisation's name and postal address found on receipts unlike the ones the finder was first
tuned on (photographed US, Canadian and UK receipts): each rule on the rows of a real receipt (texts and
sizes as RapidOCR read them), and the whole path through the real engine on a generated US receipt."""

from __future__ import annotations

import re

import pytest

from docextract.locate import find_fields
from docextract.locate.blocks import (address_parts, clean_name, find_address, find_organisation, name_again_row,
                                     repair_name)
from docextract.locate.layout import PageLayout
from docextract.locate.lexicon import ADDRESS_END_RE, HOUSE_NO_RE, STREET_START_RE, address_score
from docextract.options import ExtractOptions
from docextract.schema import load_schema
from docextract.types import EngineRequest, Line


def _page(rows, width=600):
    """A page of centred rows: ``text`` or ``(text, height)``, one under the other."""
    lines, y = [], 20
    for row in rows:
        text, h = row if isinstance(row, tuple) else (row, 24)
        w = min(width - 20, 13 * len(text) * h / 24)
        lines.append(Line(text, ((width - w) / 2, y, (width + w) / 2, y + h), 0.98))
        y += h + 8
    return PageLayout(lines, size=(width, y + 400))


def _texts(page, rows):
    return [page.row_text(r) for r in rows]


def _address(page):
    org = find_organisation(page)
    return _texts(page, find_address(page, after_row=org[-1] if org else -1))


# ------------------------------------------------------------------------------------------- address

def test_address_ends_at_the_locality_line():
    page = _page(["Willy McCoy's", "10700 France Ave S", "Bloomington, MN 55431", "GCK #: 803 Open: 11:42 AM",
                  "373324"])
    assert _address(page) == ["10700 France Ave S", "Bloomington, MN 55431"]


def test_a_numbered_street_line_opens_the_address():
    page = _page(["MAMA IANNES BISTRO", "2930 N ELISABETH", "PUEBLO, CO 81008", "ph (719) 744-0414",
                  "Thank You for Visiting"])
    assert _address(page) == ["2930 N ELISABETH", "PUEBLO, CO 81008"]


def test_a_lone_street_line_is_an_address():
    page = _page([("Caltex Central Myrtleford", 30), "158 Myrtle St.", "* Indicates GST inclusive item",
                  "ABN 80 122 660 833"])
    assert _address(page) == ["158 Myrtle St."]


def test_a_street_word_line_right_under_the_name_is_the_address_when_nothing_clearer_is_printed():
    page = _page([("The Pancake_Parlour", 30), "Bourke St", "Web: PancakeParlour.com", "ABN: 56 006 426 599",
                  "* Bavarian Apple 18.90"])
    assert _address(page) == ["Bourke St"]
    page = _page([("FOODTOWN", 30), ("SUPERMARKETS LIMITED", 30), "CNR COLERIDGE & WILLIAMSON AVE", "GREY LYNN",
                  "NEWSPAPER $", "0.40", "CANNELLONI 5.62"])
    assert _address(page) == ["CNR COLERIDGE & WILLIAMSON AVE"]
    # a clear address further down wins over a weak line under the name (a branch's name)
    page = _page([("THE MARCO POLO KITCH", 30), "BUKIT INDAH", "GST Reg No: 00.1403346944", "Tax Invoice",
                  "1 ICE MOCHA RM 12.99", "TOTAL RM 12.99", "NO 35,JALAN INDAH 15/2,BUKIT INDAH",
                  "81200 JOHOR BAHRU,JOHOR"])
    assert _address(page) == ["NO 35,JALAN INDAH 15/2,BUKIT INDAH", "81200 JOHOR BAHRU,JOHOR"]
    # a line under the name with neither a street word nor a house number and a name alone is no address
    page = _page([("DENNY'S GUAM", 30), "0140 TABLE 24 #Party 2", "KAWIKA LEV SVrCK: 17 11:03a 10/17/15",
                  "1 SIDE YOGURT, do not burn 2.99"])
    assert _address(page) == []
    page = _page([("Banco de Bogotá", 30), "CAJERO NRO :02773 OPERACION:4410", "FECHA: DIC/21/2016 HORA: 10:34:12"])
    assert _address(page) == []


def test_an_address_at_the_bottom_opens_with_a_house_number_and_a_number_after_its_zip_is_left_out():
    rows = [("Albertsons", (97, 46, 529, 185)), ("PHARMACY", (259, 185, 411, 230)),
            ("ALBERTSONS 6796 (951) 734 - 8451", (160, 196, 485, 271)), ("9/03/09 15:44 6796 92", (169, 263, 483, 335)),
            ("GROCERY", (225, 330, 378, 373)), ("ALB PASTA", (213, 368, 321, 406)), ("1.49 F", (460, 397, 526, 422)),
            ("1 Marlin 3200", (120, 440, 300, 470)), ("SUBTOTAL", (170, 766, 281, 797)), ("8.51", (355, 766, 410, 793)),
            ("TOTAL", (172, 818, 247, 846)), ("8.51", (359, 813, 417, 841)), ("Albertsons", (134, 868, 280, 901)),
            ("1260 E. Ontario Ave", (134, 906, 394, 930)), ("Corona, CA 92881", (133, 936, 363, 960)),
            ("5016", (386, 934, 447, 962)), ("8.51 EFT DEBIT", (178, 968, 375, 995))]
    page = PageLayout([Line(t, b, 0.97) for t, b in rows], size=(600, 1100))
    found = find_address(page, after_row=find_organisation(page)[-1])
    assert _texts(page, found) == ["1260 E. Ontario Ave", "Corona, CA 92881 5016"]
    assert [page.lines[i].text for i, _, _ in address_parts(page, found)] == ["1260 E. Ontario Ave", "Corona, CA 92881"]
    # a ZIP printed apart from its town and state is the address's end, not what follows it
    page = _page(["FLYING J", "TRAVEL PLAZA"])
    page = PageLayout(page.lines + [Line("Troutdale, OR", (200, 90, 330, 114), 0.98),
                                    Line("97060", (340, 90, 400, 114), 0.98)], size=(600, 500))
    assert [page.lines[i].text for i, _, _ in address_parts(page, [2])] == ["Troutdale, OR", "97060"]


def test_a_dutch_postcode_before_its_town_closes_the_address():
    page = _page([("THE ALLEY", 30), "AMSTERDAM", "Damrak 35/36", "1012 LK Amsterdam", "Tafel #85",
                  "1 x Cappuccino 4,50", "3 x Cola 10,50"])
    assert _address(page) == ["Damrak 35/36", "1012 LK Amsterdam"]
    assert address_score("1012 LK Amsterdam") > address_score("2016 PM Amsterdam") > 0   # a time is no postcode


def test_an_italian_street_its_number_written_n_and_the_province_in_brackets():
    page = _page([("CAFFE' TORINO", 30), "DI CAPOZZO DOMENICA", "PIAZZA CADORNA N.23", "STRESA (VB)",
                  "TEL. 0323,30652", "P.IVA 01838740031"])
    assert _address(page) == ["PIAZZA CADORNA N.23", "STRESA (VB)"]
    page = _page([("RISTORANTE CIAO BELLA", 30), "VIA V. VENETO, 12 ROMA", "NON VALIDO COME RICEVUTA FISCALE",
                  "Tavolo: 7", "1 CESTINO PANE 2,00"])
    assert _address(page) == ["VIA V. VENETO, 12 ROMA"]
    assert address_score("Paid via card") == 0   # "via" counts where it opens the street's name


def test_a_street_row_ending_in_a_comma_opens_the_address_and_the_place_before_a_phone_closes_it():
    page = _page([("ASTONS", 30), "SPECIALITIES-CT1", "80 Airport Boulevard,", "Viewing Mall Central Level 3",
                  "#031-004E Changi Airport T1,", "Singapore 819642 Tel. 65424709", "GST#:200719983N",
                  "13/03/2013 12:10 A211965"])
    rows = find_address(page, after_row=0)
    assert _texts(page, rows) == ["80 Airport Boulevard,", "Viewing Mall Central Level 3",
                                  "#031-004E Changi Airport T1,", "Singapore 819642 Tel. 65424709"]
    assert page.lines[address_parts(page, rows)[-1][0]].text[:address_parts(page, rows)[-1][2]] == "Singapore 819642"


def test_a_singapore_district_is_a_known_word_of_an_address():
    from docextract.locate.readings import second_reading
    line = Line("#031-004E Changi Airport T1,", alternatives=((15, "e", 0.2, 0.7),))
    assert second_reading(line, ["en", "my"], commas=True) == "#031-004E Changi Airport T1,"


def test_an_indian_area_word_and_city_close_the_address():
    page = _page(["Khyen Chyen", ("ZNK Foods & Beverages Pvt. Ltd.", 30), "G-19, DLF Cross Point",
                  "DLF Phase 4, Gurgaon", "Contact : 0124 - 4231919", "17/04/2015 21:17"])
    assert _address(page) == ["G-19, DLF Cross Point", "DLF Phase 4, Gurgaon"]


def test_an_irish_town_after_a_comma_closes_the_address():
    page = _page([("RAJ GAYLORD", 30), "INDIAN RESTAURANT.", "KERRY PIKE VILLAGE, CORK.", "TEL:021 4877112 /4877757.",
                  "GATENAY TO SUPERB INDIAN", "1 CHICKEN JAL FREZI €15.95"])
    assert _address(page) == ["KERRY PIKE VILLAGE, CORK."]
    assert ADDRESS_END_RE.search("Grafton Street, Dublin 2") and address_score("wine cork") == 0


def test_a_towers_line_under_the_name_is_the_address():
    page = _page([("Restaurant: Maple Leaf Restaurant, Jumeirah", 30), "Lakes Towers", "QuantityFood Price Total",
                  "1 Smoked Burger Choice of Side 26.00 26.00"])
    assert _address(page) == ["Lakes Towers"]


def test_a_phone_number_printed_in_pairs_of_digits_ends_the_address():
    page = _page([("MAGASIN CHIN LEE", 30), "VAITAPE", "B.P.198", "98730 BORA BORA", "67 73 86", "67 75 05",
                  "Facture au comptant", "1 ASSIETTE PLASTIQUE X3 REF:99 385"])
    assert _address(page) == ["98730 BORA BORA"]


def test_a_till_check_line_is_no_address():
    page = _page([("PizzaExpress", 30), "New T Paa Phase1,", "TEL:(852) 2670-1238", "8001 Annie Ch",
                  "Tb1 68/1 Chk 2550 Gst 2", "29Jan1520:34", "Walkin 285.00"])
    assert _address(page) == []
    page = _page([("HMSHost", 30), "Malibu Al's T5", "Los Angeles Int'l Airport", "9370 DIANA", "53/1 6789 GST 2",
                  "JAN24'13 5:17PM"])
    assert _address(page) == []


def test_hwy_with_its_w_misread_is_put_right_in_the_address():
    page = _page([("Michaels", 30), "1977 SCENIC HAY,", "SNELLVILLE, GA 30078", "(770) 982-0565", "7/14/12 12:01"])
    found = find_fields(page.lines, load_schema("receipt"), sizes=[(600, 600)], options=ExtractOptions())
    assert found["merchant_address"].raw == "1977 SCENIC HWY, SNELLVILLE, GA 30078"


def test_a_city_and_state_alone_are_an_address():
    page = _page([("ROSS", 28), ("DRESS FOR LESS", 13), ("SPRINGFIELD, IL", 12), ("Phone: 217-698-6438", 14),
                  ("400084751261 red/white flower p 9.99 R", 16), ("Subtotal $23.77", 14)])
    assert _address(page) == ["SPRINGFIELD, IL"]


def test_a_unit_code_line_opens_the_address():
    page = _page(["Ramen Keisuke Tori King", "#03-15 100AM,100 TrasSt", "Singapore 079027", "Te1: +65 66046861"])
    assert _address(page) == ["#03-15 100AM,100 TrasSt", "Singapore 079027"]


def test_a_uk_postcode_closes_the_address():
    page = _page([("CHAPELBANK HOTEL", 30), "69 EAST HIGH STREET", "FORFAR DD8 2EP", "TEL NO 01307 463151",
                  "TABLE 5"])
    assert _address(page) == ["69 EAST HIGH STREET", "FORFAR DD8 2EP"]


def test_a_house_number_line_is_not_cut_as_a_brand_line():
    page = _page([("Main Street Restaurant", 32), "6332 Business Drive", "Suite 528", "Palo Alto California 94301",
                  "575-1628095"])
    assert _address(page) == ["6332 Business Drive", "Suite 528", "Palo Alto California 94301"]


def test_a_branch_row_with_no_street_word_above_a_house_number_row_is_cut():
    page = _page([("HOTSHINE", 40), "CAR WASH & LUBE CENTERS", "Mister Car Wash 002/102", "1038 Gessner Rd",
                  "Houston, TX 77055", "713-461-0541 a"])
    assert _address(page) == ["1038 Gessner Rd", "Houston, TX 77055"]
    # a building's name (a street word: CENTER) stays above its street line, a postcode line is no street line
    page = _page([("Starbucks", 40), "ILLINOIS CENTER", "225 NORTH MICHIGAN AVENUE C142", "CHICAGO,IL 60601",
                  "(312) 555-0100"])
    assert _address(page) == ["ILLINOIS CENTER", "225 NORTH MICHIGAN AVENUE C142", "CHICAGO,IL 60601"]
    page = _page([("ILIO'S", 91), ("Restaurant", 51), ("Bretonischer Ring 7", 50), ("85630 Grasbrunn", 47),
                  ("TEL:089-46169340", 46)])
    assert _address(page) == ["Bretonischer Ring 7", "85630 Grasbrunn"]


def test_a_phone_without_colon_is_cut_from_the_address_row():
    page = _page(["SUPERMARKET", "2000 AVONDALE DR", "DURHAM, N.C. 27704 Tel (919) 220-9638", "*" * 30])
    rows = find_address(page, after_row=0)
    parts = address_parts(page, rows)
    assert [page.lines[i].text[a:b].strip() for i, a, b in parts] == ["2000 AVONDALE DR", "DURHAM, N.C. 27704"]


def test_street_and_locality_patterns_come_from_the_lexicons():
    assert HOUSE_NO_RE.match("2930 N ELISABETH") and HOUSE_NO_RE.match("5250 York B1vd.")
    # a date, a time or a priced item line is no street line
    assert not any(HOUSE_NO_RE.match(t) for t in ("05 Mar 2018 18:24", "1 Crab Special 21.95", "12 2019 SALE"))
    assert STREET_START_RE.match("#03-15 100AM") and STREET_START_RE.match("NO. 5, JALAN DESA")
    assert [bool(ADDRESS_END_RE.search(t)) for t in ("Layton, UT 84041", "Vancouver, BC, V6G 2L7",
                                                     "London W1S 3AN", "47301 PETALING JAYA")] == [True, True, True,
                                                                                                 False]
    assert address_score("SAN LEANDRO CA 94577") >= 3.0   # state code and ZIP without the comma


def test_malaysian_address_unchanged():
    page = _page(["INDAH GIFT & HOME DECO SDN BHD", "(123456-X)", "27,JALAN DEDAP 13,", "TAMAN JOHOR JAYA,",
                  "81100 JOHOR BAHRU,JOHOR.", "Tel:07-3507405", "RECEIPT"])
    assert _address(page) == ["27,JALAN DEDAP 13,", "TAMAN JOHOR JAYA,", "81100 JOHOR BAHRU,JOHOR."]


def test_a_city_and_full_state_name_are_an_address():
    # a full state name counts only after a comma at the line's end: shop names hold state names too
    page = _page([("BOULEVARD STATION", 30), "BRONX, New York", "104599998", "02/10/2015 (800)275-8777 12:38:49 PM"])
    assert _address(page) == ["BRONX, New York"]
    page = _page([("ROSS", 28), ("DRESS FOR LESS", 13), "TAMUNING, GU", "Phone:671-647-7677"])   # a territory
    assert _address(page) == ["TAMUNING, GU"]
    assert address_score("GEORGIA PEACH CAFE") == 0 and address_score("New York Pizza") == 0


def test_a_zip_missing_a_digit_still_closes_the_address():
    page = _page([("Cumberland Farms", 30), "498 COUNTY ROAD 111", "MANORVILLE , NY 1194", "1682-3264", "COPY"])
    assert _address(page) == ["498 COUNTY ROAD 111", "MANORVILLE , NY 1194"]
    assert not ADDRESS_END_RE.search("CHECK IN 1234")


def test_a_local_phone_number_or_a_staff_line_ends_the_address():
    page = _page([("TAQUERIA", 30), "2618 S. 6TH AVE.", "623-8775", "DATE 09/06/2007 THU TIME 09:30"])
    assert _address(page) == ["2618 S. 6TH AVE."]
    page = _page([("BAR LOUIE", 30), "1280 Hwy 315", "Server: Katie Ste# 1801", "09/18/2014", "422/1 8:01 PM"])
    assert _address(page) == ["1280 Hwy 315"]


def test_a_us_highway_is_a_street():
    page = _page([("Smashburger #1407", 30), "440 US 130", "609-308-2200", "17", "Host: Ryan 01/30/2015"])
    assert _address(page) == ["440 US 130"]
    assert address_score("CONTACT US 24 HOURS") == 0


def test_a_town_and_its_postcode_after_a_hyphen_close_the_address():
    page = _page([("ANNAM VEG RESTAURANT", 30), "NO.114-A, BURMA COLONY", "PERUNGUDI,OMR", "CHENNAI-600 096",
                  "TIN:33550964357"])
    assert _address(page) == ["NO.114-A, BURMA COLONY", "PERUNGUDI,OMR", "CHENNAI-600 096"]


def test_a_date_or_time_beside_the_address_is_left_out():
    rows = [[("Lady M West Third", 40)], [("8718 West Third Street", 20), ("Aug 15, 2017", 400)],
            [("Los Angeles, CA 90048", 20), ("1:35 PM", 400)], [("(212) 452-2222", 20), ("West Third", 400)]]
    page = PageLayout([Line(t, (x, 20 + 40 * k, x + 160, 44 + 40 * k), 0.98) for k, row in enumerate(rows)
                       for t, x in row], size=(600, 600))
    rows = find_address(page, after_row=0)
    assert [page.lines[i].text[a:b] for i, a, b in address_parts(page, rows)] == [
        "8718 West Third Street", "Los Angeles, CA 90048"]


# ---------------------------------------------------------------------------------------------- name

def test_the_first_name_like_row_opens_the_receipt():
    # a tag line with trade words under the name does not win over it
    page = _page([("Yucca de lac", 44), ("Bar· Reslaurant", 14), ("180 E1 Camino Real Ste 700A", 19),
                  ("Palo Alto, CA 94304", 18), ("(650) 322-1188", 18), ("Tb1 03/1 Chk 1067 Gst 2", 21)])
    assert _texts(page, find_organisation(page)) == ["Yucca de lac"]
    page = _page([("FOODS", 92), ("The Supermarket Luw Price Leader", 68), ("www.wincofoods.com", 63),
                  ("200 South Fort Lane", 63), ("Layton, UT 84041", 61), ("Store #0139", 60)])
    assert _texts(page, find_organisation(page)) == ["FOODS"]
    page = _page([("SWETT'S", 18), ("FINE FOOD SINCE 1954", 18), ("329-4418", 17), ("#179 IN", 21),
                  ("1 SFT DRNK 1.65", 20), ("1 CHICKEN & 2 VEG 7.25", 21)])
    assert _texts(page, find_organisation(page)) == ["SWETT'S"]


def test_a_row_with_a_word_in_small_letters_does_not_go_on_with_a_one_word_name():
    """Names are printed in capitals: under a one-word name a row with a word in small letters (a slogan, a blurred
    line misread) is no part of it, one all in capitals (AND aside) is."""
    rows = [("PizzaExpress", 30), ("Ne To iaa Pasel", 30), "18 Shatin Centre Street, Shatin", "TEL:(852) 2670-1238"]
    page = _page(rows)
    assert _texts(page, find_organisation(page)) == ["PizzaExpress"]
    page = _page([("Delicacy", 30), ("Hosuitaltty lndia Pit ind", 28), "Nizaspet Cross Road, Kukatpally, Hyderabad"])
    assert _texts(page, find_organisation(page)) == ["Delicacy"]
    page = _page(["SALVATION", "Army and Church", "536 WEST 46TH STREET", "NEW YORK,NY 10036"])
    assert _texts(page, find_organisation(page)) == ["SALVATION", "Army and Church"]


def test_a_logo_word_in_small_letters_with_a_speck_read_beside_it_is_still_the_name():
    """A logo's one word in small letters (watsons) is a name, not a slogan, with a speck before it read as a dash
    too; rows under it in small letters stay slogans (a blurred photo as read: its address misread)."""
    page = _page([("- saras", 62), "15. lat Floor, Dunuenit Boi 20,", "Sátuavit Hoad, Kongtoey", "Bangkak 20120",
                  "TeL00-401-0404", "Table: 9 Check: 00205"])
    assert _texts(page, find_organisation(page)) == ["- saras"]
    page = _page([("FRESH MART", 40), "- your friendly grocer -", "12 MAIN STREET", "SPRINGFIELD, IL 62701"])
    assert _texts(page, find_organisation(page)) == ["FRESH MART"]


def test_a_row_opening_with_a_trade_word_goes_on_with_the_name():
    page = _page(["Panera Bread", "Cafe 1771", "Palm Desert, CA 92211", "Phone: 760-895-6948"])
    assert _texts(page, find_organisation(page)) == ["Panera Bread", "Cafe 1771"]
    page = _page([("ILIO'S", 91), ("Restaurant", 51), ("Bretonischer Ring 7", 50), ("85630 Grasbrunn", 47),
                  ("TEL:089-46169340", 46), ("Steuer-Nr.: 514/78510", 49)])   # a trade word alone under the name
    assert _texts(page, find_organisation(page)) == ["ILIO'S", "Restaurant"]
    assert _address(page) == ["Bretonischer Ring 7", "85630 Grasbrunn"]   # German street words are data too
    page = _page(["POPULAR BOOK", "CO. (M) SDN BHD", "(113825-W)", "NO 8, JALAN 7/118B,"])
    assert _texts(page, find_organisation(page)) == ["POPULAR BOOK", "CO. (M) SDN BHD"]


def test_a_one_word_name_goes_on_in_the_row_above_the_address():
    page = _page(["TAQUERIA", "PICO DE GALLO", "2618 S. 6TH AVE.", "DATE 09/06/2007 THU"])
    assert _texts(page, find_organisation(page)) == ["TAQUERIA", "PICO DE GALLO"]
    page = _page(["SALVATION", "ARMY", "536 WEST 46TH STREET", "NEW YORK,NY 10036"])
    assert _texts(page, find_organisation(page)) == ["SALVATION", "ARMY"]
    # a longer name stands alone: the row under it is a subtitle, a branch or a slogan
    page = _page(["CHEERS STORE", "THE CENTRAL", "6 Eu Tong Sen Street", "Singapore 059817"])
    assert _texts(page, find_organisation(page)) == ["CHEERS STORE"]


def test_a_plural_trade_word_with_an_accent_read_on_it_continues_the_name_above():
    page = _page(["WELCOME TO", ("FOODTOWN", 40), ("SÚPERMARKETS LIMITED", 40), "CNR COLERIDGE & WILLIAMSON AVE",
                  "GREY LYNN"])
    assert _texts(page, find_organisation(page)) == ["FOODTOWN", "SÚPERMARKETS LIMITED"]


def test_a_logo_letter_on_the_name_row_is_left_out():
    lines = [Line("H", (404, 121, 611, 320), 0.9), Line("JAWED HABIB", (648, 176, 1171, 301), 0.98),
             Line("HAIR & BEAUTY", (658, 250, 1161, 344), 0.98),
             Line("P-250A, C.I.T Road.,Kankurgachi", (384, 330, 1206, 508), 0.97),
             Line("Kolkata-700054", (605, 418, 999, 549), 0.97), Line("Ph No:40069190", (603, 484, 999, 617), 0.97)]
    found = find_fields(lines, load_schema("receipt"), sizes=[(1600, 2400)], options=ExtractOptions())
    assert found["merchant_name"].raw == "JAWED HABIB"


def test_a_branch_number_stays_with_the_name():
    assert clean_name("Sports Authority # 795") == "Sports Authority # 795"
    assert clean_name("99 SPEED MART S/B (519537-X)") == "99 SPEED MART S/B"


def test_a_registration_number_read_with_letters_for_digits_is_no_part_of_the_name():
    """On a degraded scan the recogniser reads digits of the registration number as their look-alike
    letters (1 as I, 0 as U, 3 as J, 6 as S): it still is no part of the name, through the whole finder."""
    lines = [Line("FOUR QUARTERS SDN BHD (IU79JS9-P)", (60, 40, 540, 70), 0.9),
             Line("NO 5, JALAN MUTIARA 2, TAMAN MUTIARA", (60, 80, 540, 108), 0.95),
             Line("81300 SKUDAI, JOHOR", (150, 112, 450, 140), 0.95), Line("TOTAL 12.50", (60, 300, 540, 330), 0.95)]
    found = find_fields(lines, load_schema("receipt"), sizes=[(600, 800)], options=ExtractOptions())
    assert found["merchant_name"].raw == "FOUR QUARTERS SDN BHD"
    assert clean_name("BOOK (SOUTH-A)") == "BOOK (SOUTH-A)" and clean_name("(IU79JS9-P)") == "(IU79JS9-P)"


def test_a_store_number_is_not_the_merchant():
    lines = _page([("Foot Locker", 54), "Visit Us At www.footlocker.com", "STORE:25188 REGISTER:002",
                   "CASHIER: Seleno", "TOTAL 217.50"]).lines
    found = find_fields(lines, load_schema("receipt"), sizes=[(600, 900)], options=ExtractOptions())
    assert found["merchant_name"].raw == "Foot Locker"



def test_a_trade_word_with_only_a_number_is_a_store_number_not_the_name():
    page = _page([("Store #1458", 27), ("Panda Express", 26), ("EUREKA, MO", 14), ("(636)587-2697", 16),
                  ("6/25/2014 8:11:29 PM", 17)])
    assert _texts(page, find_organisation(page)) == ["Panda Express"]
    # nor is a row opening with a number sign (an order's, a table's number)
    page = _page([("#Waka1 (10)", 39), ("Charcoal Grill Diner", 32), ("ZAKKUSHI", 24), ("823 Denman Street", 27),
                  ("Vancouver, BC, V6G 2L7", 27), ("Tel/Fax: (604) 685-1136", 28)], width=770)
    assert _texts(page, find_organisation(page)) == ["Charcoal Grill Diner"]


def test_a_row_beside_the_text_under_it_is_not_the_name():
    # the lines and boxes of a photographed receipt: a fragment at the photo's edge, right of the header
    rows = [("It pay", (302, 15, 337, 32)), ("Willy McCoy's", (97, 31, 220, 59)),
            ("10700 France Ave S", (106, 65, 217, 85)), ("Bloomington, MN 55431", (96, 79, 224, 101)),
            ("GCK #: 803", (36, 128, 107, 145)), ("Open: 11:42 AM", (135, 126, 219, 143))]
    page = PageLayout([Line(t, b, 0.95) for t, b in rows], size=(380, 700))
    assert _texts(page, find_organisation(page)) == ["Willy McCoy's"]
    # the same fragment over the text (centred) stays a candidate like any first row
    page = _page(["It pay", "Willy McCoy's", "10700 France Ave S", "Bloomington, MN 55431"])
    assert _texts(page, find_organisation(page)) == ["It pay"]


def test_a_unit_number_with_a_street_word_under_the_name_is_not_part_of_it():
    page = _page([("PizzaExpress", 20), ("Shop 121,Leve1 1.", 23), ("New Town Plaza Phase1,", 26),
                  ("18 Shatin Centre St, Shatin", 35), ("TEL:(852) 2670-1238", 29)])
    assert _texts(page, find_organisation(page)) == ["PizzaExpress"]


def test_a_logo_of_one_lower_case_word_is_a_name_but_lower_case_notes_are_not():
    page = _page([("watsons", 172), ("JURONG WEST", 96), ("GST Reg: M2-0077257-1", 140),
                  ("Bus Reg No. 198702314R", 141), ("SENSODYNE REPA+PRO W 37.20", 99)], width=1800)
    assert _texts(page, find_organisation(page)) == ["watsons"]
    page = _page([("tan woon yann", 40), "INDAH GIFT & HOME DECO SDN BHD", "(123456-X)", "27,JALAN DEDAP 13,"])
    assert _texts(page, find_organisation(page)) == ["INDAH GIFT & HOME DECO SDN BHD"]


def test_a_sum_written_over_the_header_is_not_the_name():
    page = _page([("Food= Lunch × 5 people", 84), ("CHAPELBANK HOTEL", 41), ("69 EAST HIGH STREET", 41),
                  ("FORFAR DD8 2EP", 41), ("TEL NO 01307 463151", 40)], width=630)
    assert _texts(page, find_organisation(page)) == ["CHAPELBANK HOTEL"]


def test_a_trade_word_after_one_more_word_under_the_name_goes_with_it():
    page = _page([("RAJ GAYLORD", 28), ("INDIAN RESTAURANT.", 19), ("KERRY PIKE VILLAGE, CORK.", 19),
                  ("TEL:021 4877112 /4877757.", 19)])
    assert _texts(page, find_organisation(page)) == ["RAJ GAYLORD", "INDIAN RESTAURANT."]
    # trade words only (a description) do not
    page = _page([("THREE STOOGES", 33), ("BISTRO & CAFE", 34), ("109, SS21/1A,", 35), ("DAMANSARA UTAMA", 33),
                  ("GST ID : 001661886464", 33)])
    assert _texts(page, find_organisation(page)) == ["THREE STOOGES"]
    page = _page([("Starbucks", 40), "ILLINOIS CENTER", "225 NORTH MICHIGAN AVENUE C142", "CHICAGO,IL 60601"])
    assert _texts(page, find_organisation(page)) == ["Starbucks"]   # nor does a place's building


def test_a_heading_printed_beside_the_name_is_left_out():
    lines = [Line("Faji", (94, 9, 130, 28), 0.95), Line("TAX INVOICE (ABB)/RECEIPT", (146, 6, 325, 25), 0.95),
             Line("dnu (F09)", (146, 38, 247, 54), 0.9), Line("Tax ID:0105542019730", (89, 62, 246, 80), 0.95),
             Line("POS ID: E01003000204635", (88, 75, 260, 94), 0.95),
             Line("Date: 2018-03-31 Time: 21:16:51", (84, 100, 314, 121), 0.95)]
    found = find_fields(lines, load_schema("receipt"), sizes=[(450, 450)], options=ExtractOptions())
    assert found["merchant_name"].raw == "Faji"



def test_a_smudge_read_upright_beside_the_name_is_left_out():
    lines = [Line("WENDY'S REG 3", (421, 339, 888, 398), 0.95), Line("EEBG", (1002, 302, 1033, 397), 0.6),
             Line("2014-07-22", (301, 387, 491, 435), 0.95), Line("60106439 3 3113", (519, 428, 794, 482), 0.95),
             Line("731 EASTERN AVENUE", (496, 474, 818, 524), 0.95), Line("TORONTO, ON", (557, 518, 756, 565), 0.95)]
    found = find_fields(lines, load_schema("receipt"), sizes=[(1200, 1600)], options=ExtractOptions())
    assert found["merchant_name"].raw == "WENDY'S REG 3"



def test_a_spanish_legal_form_marks_the_company_under_a_branch_name():
    page = _page([("FARGA GRAN VIA", 21), ("Gran Vía Corts Catalanes nº 630", 25), ("08007 Barcelona / B-61759205", 23),
                  ("Hippopotamus Restauration S.L.", 23), ("Telf: 933426040- Fax:933424432", 23),
                  ("Ticket 005-00017592 Fec.:15/01/18", 21)], width=450)
    assert _texts(page, find_organisation(page)) == ["Hippopotamus Restauration S.L."]



def test_one_word_printed_alike_under_a_plain_name_goes_on_with_it():
    page = _page([("THE ALLEY", 34), ("AMSTERDAM", 33), ("Damrak 35/36", 27), ("1012 LK Amsterdam", 27),
                  ("Tafel #85", 25)], width=310)
    assert _texts(page, find_organisation(page)) == ["THE ALLEY", "AMSTERDAM"]
    # not under a name with a trade word: it is complete
    page = _page([("AIRPORT RESTAURANT", 34), ("BAGDOGRAIRPORT", 35), ("AMZING NDA ONRACTORS PV.LT", 50),
                  ("Reg No. GSTIN19AAJCA9683R1ZG", 30)], width=240)
    assert _texts(page, find_organisation(page)) == ["AIRPORT RESTAURANT"]


# ------------------------------------------------------------------------------------ real OCR engine

@pytest.mark.slow
@pytest.mark.parametrize("seed", [5, 11])
def test_us_header_through_rapidocr(seed):
    pytest.importorskip("rapidocr")
    pytest.importorskip("onnxruntime")
    from docextract.engines.rapidocr import RapidOcrEngine
    from docextract.synth import generate_receipt_us

    sample = generate_receipt_us(seed)
    lines = RapidOcrEngine().run(EngineRequest(images=[sample.image], prompt="", task="spotting")).lines
    found = find_fields(lines, load_schema("receipt"), sizes=[sample.image.size], options=ExtractOptions())

    def key(text):
        return re.sub(r"[\W_]+", "", text).upper()

    assert found["merchant_name"].raw == sample.truth["merchant_name"]
    assert key(found["merchant_address"].raw) == key(sample.truth["merchant_address"])


# --------------------------------------------------------- field lines and greetings are not names
@pytest.mark.parametrize("rows, name, address", [
    (["Customer Receipt", "Order: 65", "Little Delhi", "83 Eddy Street", "San Francisco, CA 94102", "(415) 398-3173"],
     ["Little Delhi"], ["83 Eddy Street", "San Francisco, CA 94102"]),
    (["WELCOME TO", "MARINA SHELL", "57444480800", "2175 MARINA BLVD", "SAN LEANDRO, CA 94577"],
     ["MARINA SHELL"], ["2175 MARINA BLVD", "SAN LEANDRO, CA 94577"]),
    # the street line under the name is the address (the labels say so), the sales line under it is not
    (["Lone Star Cafe", "237 Losaya", "6/3/16 4:45 PM", "Isabel Don Table:346 Check:8829"], ["Lone Star Cafe"],
     ["237 Losaya"]),
    (["DINE IN", "Japan 49", "10920 Winds Crossing Drive", "Charlotte, NC 28273", "704-885-5558"],
     ["Japan 49"], ["10920 Winds Crossing Drive", "Charlotte, NC 28273"]),
    (["PRINTED RECEIPT", "LOREM SHOP", "1: UT WISI ENIM $2.99"], ["LOREM SHOP"], []),
    (["Welcome To The", "Royal Hotel", "Tax Invoice", "ABN: 12 097 860 887"], ["Royal Hotel"], []),
])
def test_headings_field_lines_and_the_sales_line_are_neither_name_nor_address(rows, name, address):
    """A title (Customer Receipt), a greeting (WELCOME TO), a label with one number (Order: 65) and the
    line of the sale's date and time are lexicon data (lexicon_any.txt), never the name or address."""
    page = _page(rows)
    assert _texts(page, find_organisation(page)) == name
    assert _address(page) == address


def test_a_city_and_state_code_in_capitals_without_a_comma_close_the_address():
    """A photographed fuel receipt (wildreceipt 160, its lines as read): the city and its state code in
    capitals with no comma between close the street line above them."""
    lines = [Line('ARCO AMPM 42259', (114, 0, 216, 18)),
             Line('18972 BEACH BLVD', (116, 15, 223, 34)),
             Line('HUNTINGTON BEACH CA', (101, 30, 235, 51)),
             Line('714-593-8516', (128, 47, 210, 66)),
             Line('ARC042259001', (128, 64, 209, 82)),
             Line('Description', (47, 161, 126, 177)),
             Line('Qty', (191, 161, 216, 178)),
             Line('Amount', (247, 161, 290, 178)),
             Line('EC UNLD CA #05', (46, 190, 147, 211)),
             Line('0.6106', (167, 191, 212, 210)),
             Line('1.71', (261, 192, 289, 209)),
             Line('SELF @ 2.799/ G', (69, 208, 174, 226)),
             Line('Prepaid Fuel', (67, 224, 153, 244)),
             Line('-5.00', (258, 222, 292, 240)),
             Line('Subtotal', (156, 256, 213, 274)),
             Line('-3.29', (261, 253, 297, 271)),
             Line('Tax', (190, 272, 216, 290)),
             Line('0.00', (268, 269, 299, 287)),
             Line('TOTAL', (101, 289, 174, 310)),
             Line('-3.29', (236, 286, 303, 305)),
             Line('CASH', (184, 303, 218, 323)),
             Line('$', (222, 305, 235, 321)),
             Line('-3.29', (263, 301, 301, 321)),
             Line('THANK YOU', (142, 337, 209, 347))]
    found = find_fields(lines, load_schema("receipt"), sizes=[(348, 348)], options=ExtractOptions())
    assert found["merchant_address"].raw == "18972 BEACH BLVD HUNTINGTON BEACH CA"
    # in capitals only, the whole line: a label with a two-letter word closes nothing
    assert [bool(ADDRESS_END_RE.search(t)) for t in ("HUNTINGTON BEACH CA", "Terminal ID", "Fries MD",
                                                     "CHICAGO IL 7/14/12")] == [True, False, False, False]


def test_a_uk_street_line_a_house_number_before_the_streets_name_is_an_address():
    """A photographed London bill priced in GBP (wildreceipt 039, its lines as read: the page is read
    with the British lexicon): the house number and the street's name under the name are its address."""
    lines = [Line('Caffe Nero', (123, 53, 182, 72)),
             Line('577 Tottenham Court ARd', (92, 66, 215, 88)),
             Line('VAT:795871659', (115, 83, 192, 101)),
             Line('9668 AnnaP', (50, 113, 108, 132)),
             Line('CHK 11131', (128, 138, 178, 157)),
             Line('12 Mar18 8:54 AM', (110, 152, 200, 170)),
             Line('Orink In', (87, 180, 132, 198)),
             Line('1 Cappuccino Small', (64, 192, 156, 210)),
             Line('2.30', (233, 190, 258, 205)),
             Line('1 Cappuccino Small', (65, 204, 157, 223)),
             Line('2.30', (233, 202, 259, 218)),
             Line('1 Pain Au Raisin', (66, 218, 149, 234)),
             Line('1.80', (233, 216, 258, 230)),
             Line('Cash', (77, 232, 103, 246)),
             Line('GBP 6.40', (214, 228, 258, 243)),
             Line('1.07 VAT 20', (93, 253, 160, 270)),
             Line('6.40', (232, 252, 258, 267))]
    found = find_fields(lines, load_schema("receipt"), sizes=[(338, 450)], options=ExtractOptions())
    assert found["merchant_address"].raw == "577 Tottenham Court ARd"


@pytest.mark.parametrize("lines, size, address", [
    # a Spanish supermarket ticket (wildreceipt 001): CL for calle, the number after a comma
    ([Line('DIA%', (507, 22, 677, 71)),
             Line('CL ATOCHA, 22', (269, 52, 545, 109)),
             Line('FACTURA SIMPLIFICADA', (385, 92, 794, 147)),
             Line('30-06-2014 13:31 13012 000020371', (269, 128, 909, 190)),
             Line('N.FACT.: 00243914 N.CAJA..: 002', (267, 168, 910, 228)),
             Line('REUTILIZABLE', (193, 249, 439, 297)),
             Line('DIA', (484, 252, 558, 300)),
             Line('0.05', (897, 259, 988, 304)),
             Line('REUTILIZABLE', (192, 284, 441, 336)),
             Line('DIA', (485, 292, 556, 337)),
             Line('0.05', (897, 297, 990, 344)),
             Line('REUTILIZABLE', (192, 325, 442, 377)),
             Line('DIA', (483, 333, 558, 376)),
             Line('0.05', (896, 337, 990, 383)),
             Line('ACE.OLIVA CARBONELL', (193, 369, 572, 416)),
             Line('2.99', (896, 377, 988, 423)),
             Line('YOGUR GRIEGO C/FRUT', (192, 406, 575, 457)),
             Line('1.56', (897, 416, 988, 461))], (1200, 1600), "CL ATOCHA, 22"),
    # an Indonesian restaurant bill (wildreceipt 009): Jl. for jalan, the number after No.
    ([Line('HEMA RESTO', (152, 16, 239, 43)),
             Line('MENTENG HUIS', (145, 43, 245, 61)),
             Line('Jl. Cikini Raya No. 2-4', (101, 59, 287, 79)),
             Line('Telp/ Fax : 021 39831883', (97, 76, 291, 95)),
             Line('Website: www.hema-resto.com', (80, 92, 308, 114)),
             Line('Tanggal', (57, 125, 111, 149)),
             Line('：21-09-15', (138, 128, 210, 147)),
             Line('Jan', (57, 145, 84, 163)),
             Line('：17:03:56', (138, 145, 209, 164)),
             Line('No.Meja', (57, 162, 112, 183)),
             Line(':A-08', (137, 164, 183, 181)),
             Line('Jumlah Tamu : 1', (58, 179, 164, 199)),
             Line('Kasir', (59, 197, 99, 216)),
             Line(': Dewi', (139, 199, 182, 216)),
             Line('1 Huzaren Sla', (75, 229, 165, 249)),
             Line('24,000', (279, 233, 324, 250)),
             Line('1 Sop Buntut', (76, 245, 160, 265)),
             Line('69,000', (278, 248, 324, 268))], (450, 450), "Jl. Cikini Raya No. 2-4")])
def test_a_street_line_with_its_number_after_the_streets_name_is_an_address(lines, size, address):
    """Photographed receipts (their lines as read): a street word, the street's name, then its number
    after a comma or No. — the street line alone under the name is the address."""
    found = find_fields(lines, load_schema("receipt"), sizes=[size], options=ExtractOptions())
    assert found["merchant_address"].raw == address


def test_a_row_of_two_label_colon_number_fields_ends_the_address():
    """A photographed restaurant bill (wildreceipt 057, its lines as read): Docket:288352 beside
    Cust. Count:3 on one row is a till's field row, no part of the address above it."""
    lines = [Line('+', (75, 0, 109, 29)),
             Line('PIZZA HUT', (526, 124, 688, 167)),
             Line('1 PIZZAHUT1', (256, 150, 460, 215)),
             Line('GIANT PUCHONG KINRARA', (428, 146, 789, 195)),
             Line('901 INTAN', (775, 174, 943, 231)),
             Line('Docket:288352', (246, 208, 491, 276)),
             Line('Cust. Count:3', (712, 230, 949, 291)),
             Line('25 Dec 13 14:14:13', (242, 242, 575, 310)),
             Line('TBL9 /1', (801, 268, 950, 322)),
             Line('STAR NIE VOU-PPP E', (287, 310, 629, 374)),
             Line('0.00', (808, 333, 893, 380)),
             Line('MD PP BF PEPP E', (299, 347, 594, 404))]
    found = find_fields(lines, load_schema("receipt"), sizes=[(1195, 1600)], options=ExtractOptions())
    assert "GIANT PUCHONG KINRARA" in found["merchant_address"].raw and "Docket" not in found["merchant_address"].raw
    from docextract.locate.lexicon import is_stop_line

    assert not is_stop_line("Docket:1 " * 40 + "zz zz")   # no backtracking blow-up on a long near miss


def test_a_six_digit_number_before_a_name_is_a_staff_line_not_a_street():
    """An airport restaurant's check (wildreceipt 002, its lines as read): 287724 Brittney is the
    server's number and name — a house number has at most five digits (18972 BEACH BLVD)."""
    lines = [Line('HMSHOST', (203, 44, 329, 79)),
             Line('CALIFORNIA PIZZA KITCHEN', (68, 75, 480, 113)),
             Line('OAKLAND INTL AIRPORT', (102, 106, 445, 146)),
             Line('287724 Brittney', (3, 172, 262, 210)),
             Line('CHK 2900', (5, 236, 146, 271)),
             Line('GST 1', (456, 231, 548, 269)),
             Line("DEC23'14", (139, 267, 284, 302)),
             Line('2:52PM', (302, 266, 412, 301)),
             Line('TO GO', (90, 329, 180, 366)),
             Line('1 PIZ MARGHTA', (44, 391, 263, 426))]
    found = find_fields(lines, load_schema("receipt"), sizes=[(563, 1000)], options=ExtractOptions())
    assert "merchant_address" not in found or "Brittney" not in found["merchant_address"].raw
    assert HOUSE_NO_RE.match("18972 BEACH BLVD") and not HOUSE_NO_RE.match("287724 Brittney")


@pytest.mark.parametrize("read, name", [
    ("FOUR QUARTERS SUN BHD", "FOUR QUARTERS SDN BHD"), ("RAPID RAIL SL BHD", "RAPID RAIL SDN BHD"),
    ("RAPID RAIL SL:BHD", "RAPID RAIL SDN BHD"), ("ABC TRADING SI ; BHD", "ABC TRADING SDN BHD"),
    ("guardian Health And Beauty Sdn End", "guardian Health And Beauty Sdn Bhd"),
    ("99 SPEED MART 5/D", "99 SPEED MART S/B"), ("KEDAI ABC SDN 8HD", "KEDAI ABC SDN BHD"),
    ("ABC SDN BHD", "ABC SDN BHD"), ("Sdn Bhd", "Sdn Bhd"), ("SL GREEN", "SL GREEN"),
    ("99 SPEED MART S/D", "99 SPEED MART S/B"), ("Beauty Son bhd", "Beauty Sdn bhd"), ("SON OF A GUN", "SON OF A GUN"),
    ("MR. D.1.Y. (M) SDN BHD", "MR. D.I.Y. (M) SDN BHD"), ("B.1.2 CAFE", "B.1.2 CAFE"),
    ("MR D.I.Y, (M) SDN BHD", "MR D.I.Y. (M) SDN BHD"), ("A.B, C TRADING", "A.B, C TRADING")])
def test_a_legal_form_read_with_look_alike_letters_is_put_right(read, name):
    # small, JPEG-worn scans: B read E or 8, D read U, a letter lost (SL BHD), S/B read 5/D
    assert clean_name(repair_name(read)) == name


def test_sdn_read_with_a_colon_after_it_is_no_label_and_the_whole_row_is_the_name():
    # a warped, blurred scan as read: SDN read SL with a colon, so the row looked like a label and its value
    rows = [("MRT", (205, 133, 322, 188)), ("aperated by", (208, 186, 310, 203)), ("rapidkL", (195, 197, 321, 230)),
            ("TAX INVOICE", (40, 227, 161, 252)), ("RAPID RAIL SL:BHD", (40, 263, 231, 288)),
            ("No 1 JALAN PJU 1A/46.", (39, 284, 240, 308)), ("OFF JALAN LAPANGAN TERBANG SUBANG", (40, 304, 413, 330)),
            ("PETALING JAYA SELANGOR 47301", (40, 326, 345, 350)), ("TOTAL 30.00", (40, 400, 300, 425))]
    found = find_fields([Line(t, b, 0.9) for t, b in rows], load_schema("receipt"), sizes=[(450, 900)],
                        options=ExtractOptions())
    assert found["merchant_name"].raw == "RAPID RAIL SDN BHD"


def test_a_legal_form_misread_still_makes_its_row_the_name():
    # a receipt scanned at 70 %, as read: the legal form read "Sdn Ehd", a slogan-like line above the name
    rows = [("Tissue s Hand Wosh,", (64, 112, 387, 175)), ("Guardian Health And Reauty Sdn Ehd", (38, 194, 335, 228)),
            ("Jalan Loke Yew Bentong", (37, 218, 233, 250)), ("90 Ground Floor", (37, 240, 170, 273)),
            ("Jalan Bentong", (35, 263, 157, 295)), ("Tel:09-222 6498", (37, 286, 173, 318)),
            ("Company Reg #1101083-T", (35, 310, 230, 343)), ("GST Re9 #000899874816", (36, 333, 222, 365))]
    page = PageLayout([Line(t, b, 0.9) for t, b in rows], size=(420, 900))
    assert _texts(page, find_organisation(page)) == ["Guardian Health And Reauty Sdn Ehd"]


@pytest.mark.parametrize("rows, name", [
    ([("Geoventure", (161, 77, 286, 105)), ("Taste 0f The WorId Sdn Bhd", (69, 97, 379, 132)),
      ("965857-A", (172, 124, 274, 151)), ("Lot 38. 39 101 Boulevard.", (95, 145, 336, 173)),
      ("Jalan Kenari 5. Bandar Puchong Jaya.", (39, 162, 384, 194)), ("47170 Puchong. Selangor", (95, 183, 322, 212)),
      ("TEL 03- 8079 0255", (126, 202, 314, 229))], "Taste Of The World Sdn Bhd"),
    ([("SUSHI MENTAI - PANDAN INDAH", (69, 144, 338, 177)), ("KMF F0ODICIOUS SDN BHD (1132106-H)", (36, 170, 375, 201)),
      ("NO. 9-G, JALAN PERUBATAN 2,", (71, 194, 336, 225)), ("PANDAN INDAH, 55100 KUALA LUMPUR.", (50, 218, 373, 248)),
      ("Tel : +603 2856 0385", (108, 240, 311, 272))], "KMF FOODICIOUS SDN BHD")])
def test_a_zero_read_for_the_letter_o_in_a_name_is_put_right(rows, name):
    # receipts scanned at 55 %, as read: a short word's O read 0 (0f), an O among capitals read 0 (F0OD)
    lines = [Line(t, b, 0.9) for t, b in rows] + [Line("TOTAL 12.50", (60, 500, 300, 530), 0.95)]
    found = find_fields(lines, load_schema("receipt"), sizes=[(420, 900)], options=ExtractOptions())
    assert found["merchant_name"].raw == name
    # a zero between digits, or one ending a code, stays
    assert repair_name("H20 HAND CARWASH") == "H20 HAND CARWASH" and repair_name("UNIT A0") == "UNIT A0"


@pytest.mark.parametrize("rows, size, name", [
    # a photographed receipt as read: the logo's letters (HIMMOS) over the same name in plain print
    ([("HIMMOS-GALLERIA", (82, 5, 206, 42)), ("MIMMOS GALLERIA", (83, 34, 190, 57)), ("VAT NO:", (82, 51, 136, 77)),
      ("**EAT -IN**", (81, 86, 199, 122)), ("Tax Inv No: 228", (80, 131, 202, 157))], (420, 700), "MIMMOS GALLERIA"),
    # the same photo shrunk: the large name misread (Jnidia), the plain copy under it right
    ([("27", (136, 19, 174, 47)), ("Jnidia Palace", (96, 83, 195, 106)), ("INDIA PALACE", (118, 113, 194, 126)),
      ("Cate Court Lower Ground -Dubai Mall", (77, 123, 237, 137)), ("Dubal. UAE", (126, 135, 187, 147)),
      ("Tel 04-3399325 Fax04-3396326", (82, 144, 230, 158))], (300, 600), "INDIA PALACE")])
def test_a_name_printed_twice_is_read_from_its_plain_copy(rows, size, name):
    page = PageLayout([Line(t, b, 0.9) for t, b in rows], size=size)
    assert _texts(page, find_organisation(page)) == [name]
    # the same name in both, or a branch's word more under it: the large print stays the name
    page = _page([("India Palace", 40), ("INDIA PALACE", 24), "Cafe Court Lower Ground", "Tel 04-3399325"])
    assert _texts(page, find_organisation(page)) == ["India Palace"]
    page = _page([("Karam Beirut - DM", 40), ("KARAM BEIRUT", 24), "Cafe Court Lower Ground", "Tel 04-3399325"])
    assert _texts(page, find_organisation(page))[0] == "Karam Beirut - DM"


def test_a_store_number_with_an_underscore_read_for_a_space_is_not_the_name():
    # a photo warped and blurred, as read: the space before the number sign read as an underscore
    rows = [("Store_#1458", (98, 16, 158, 41)), ("Panda Express", (94, 34, 162, 58)), ("ELREKA. MO", (98, 52, 152, 67)),
            ("(636)587-2697", (98, 66, 159, 79)), ("6/25/2014", (22, 74, 70, 90)), ("8:11:29 PM", (156, 78, 206, 92))]
    page = PageLayout([Line(t, b, 0.9) for t, b in rows], size=(230, 400))
    assert _texts(page, find_organisation(page)) == ["Panda Express"]


def test_two_letters_in_small_print_beside_the_name_are_left_out():
    # a photo warped and blurred, as read: a fragment of the logo's corner beside the name, a third of its height
    lines = [Line("me", (368, 130, 472, 186), 0.6), Line("TRADER JOE'S", (448, 156, 1410, 297), 0.95),
             Line("2025 Bond Street", (576, 309, 1045, 391), 0.95),
             Line("Carlottesville VA 22901", (429, 365, 1179, 453), 0.95),
             Line("Store #661- (434) 974-1466", (406, 422, 1179, 514), 0.95),
             Line("OPEN 8:00AM TO 9:00PM DAILY", (406, 549, 1179, 639), 0.95),
             Line("TOTAL 99.82", (208, 900, 1267, 980), 0.95)]
    found = find_fields(lines, load_schema("receipt"), sizes=[(1600, 2400)], options=ExtractOptions())
    assert found["merchant_name"].raw == "TRADER JOE'S"
    # two letters as tall as the name stay (a name's own word)
    lines[0] = Line("ME", (200, 156, 400, 297), 0.9)
    found = find_fields(lines, load_schema("receipt"), sizes=[(1600, 2400)], options=ExtractOptions())
    assert found["merchant_name"].raw == "ME TRADER JOE'S"


def test_a_one_read_for_the_i_of_initials_is_put_right_through_the_finder():
    # a receipt warped, blurred and shrunk, as read: the I of D.I.Y. read as a one
    lines = [Line("31804009", (1, 0, 132, 68), 0.6), Line("MR. D.1.Y. (M) SDN BHD", (133, 213, 430, 249), 0.9),
             Line("(CO.REG :860671-D)", (161, 240, 403, 277), 0.9),
             Line("LOT 1851-A & 1851-B, JALAN KPB 6,", (56, 267, 492, 306), 0.9),
             Line("KAWASAN PERINDUSTRIAN BALAKUNG,", (67, 294, 481, 333), 0.9), Line("TOTAL 12.50", (60, 600, 400, 640))]
    found = find_fields(lines, load_schema("receipt"), sizes=[(500, 900)], options=ExtractOptions())
    assert found["merchant_name"].raw == "MR. D.I.Y. (M) SDN BHD"


@pytest.mark.parametrize("rows, size, name", [
    # photographed receipts as read: a logo over the shop's own line, the name again with its branch or place
    ([("CREST", (96, 88, 348, 202)), ("FOODS", (238, 169, 339, 199)), ("Crest Foods #5", (107, 192, 311, 216)),
      ("4503 NW 23rd", (171, 222, 262, 242)), ("0klahoma City,OK", (162, 235, 289, 256)),
      ("Manager: Kevin Shoemake", (111, 249, 281, 270)), ("Phone #: 405-813-8100", (117, 262, 273, 283)),
      ("01/28/09", (61, 330, 123, 349))], (420, 900), "CREST FOODS Crest Foods #5"),
    ([("IGA", (253, 40, 497, 180)), ("IGA LEFEBVRE ET FILLES", (242, 189, 454, 217)),
      ("Tel.: (514) 933-0995", (248, 205, 444, 234)), ("Servi par: Sabrina", (165, 278, 343, 308)),
      ("EPICERIE", (163, 330, 320, 357))], (700, 1200), "IGA IGA LEFEBVRE ET FILLES"),
    # after a greeting, its M read N (put right); the name's own line after the address and a slogan
    ([("KRYSTAL HTB001", (120, 98, 400, 139)), ("WELCONE TO KRYSTAL", (77, 125, 438, 156)),
      ("PHDNE:（601:268-12129", (104, 144, 327, 176)), ("8/23/2015 9:57:26 M", (155, 261, 380, 305))], (520, 900),
     "KRYSTAL HTB001 WELCOME TO KRYSTAL"),
    ([("SNAPPY MOBIL #4", (174, 42, 398, 103)), ("1750 N WESTERN AVE", (145, 59, 411, 129)),
      ("CHICAGO,IL 60647", (146, 81, 397, 146)), ("START SAVING AT THE", (146, 99, 426, 165)),
      ("PUMP WITH REWARD POI", (145, 120, 438, 185)), ("SNAPPY CONVENIENT", (146, 167, 396, 222)),
      ("1750 N WESTERN", (169, 192, 382, 236)), ("DATE 06/07/15", (146, 297, 341, 337))], (600, 900),
     "SNAPPY MOBIL #4 SNAPPY CONVENIENT")])
def test_the_name_printed_again_with_its_branch_joins_the_name(rows, size, name):
    lines = [Line(t, b, 0.9) for t, b in rows] + [Line("TOTAL 12.50", (60, size[1] - 100, 400, size[1] - 60), 0.95)]
    found = find_fields(lines, load_schema("receipt"), sizes=[size], options=ExtractOptions())
    assert found["merchant_name"].raw == name
    # the name's own rows end above the row printing it again (the address is looked for under the first print)
    page = PageLayout(lines, size=size)
    assert name_again_row(page, find_organisation(page)) and find_organisation(page)[-1] < name_again_row(
        page, find_organisation(page))[0]


@pytest.mark.parametrize("rows", [
    # the same name in plain print (no more to it), a sentence, another word first, a company's legal name
    [("India Palace", 40), ("INDIA PALACE", 24), "Cafe Court Lower Ground", "Tel 04-3399325"],
    [("LOREM SHOP", 40), "LOREM IPSUM DOLOR SIT AMET, CON-", "SECTETUER ADIPI", "Tel 04-3399325"],
    [("MARINA SHELL", 40), "SHELL OIL PRODUCTS US", "Tel 04-3399325"],
    [("SANYU STATIONERY SHOP", 40), "SANYU SUPPLY SDN BHD", "NO. 31G&33G, JALAN SETIA INDAH X ,U13/X"],
    [("BENS INDEPENDENT GROCER SDN. BHD", 40), "BENS INDEPENDENT GROCER", "Lot 6, Jalan Batai"]])
def test_a_line_merely_alike_is_not_the_name_again(rows):
    page = _page(rows)
    assert name_again_row(page, find_organisation(page)) == []


def test_malaysias_mark_read_as_a_look_alike_before_the_legal_form_is_put_right():
    # a receipt scanned at 55 %, as read (SDN as its second reading has it): (M) read (H) with a speck after it
    rows = [("tan woon yann", (80, 30, 259, 63)), ("MR D.I.Y. (H). SDN BHD", (96, 120, 254, 143)),
            ("(CO.NIG: 86QD71-D)", (103, 137, 247, 158)), ("10T 1251-A & 1051-B, JALAN KP8 6.", (52, 149, 296, 175)),
            ("EANASAN PERINDUSTRIAN BALAKONG.", (57, 164, 288, 189)), ("TOTAL 12.50", (60, 500, 300, 530))]
    found = find_fields([Line(t, b, 0.9) for t, b in rows], load_schema("receipt"), sizes=[(350, 700)],
                        options=ExtractOptions())
    assert found["merchant_name"].raw == "MR D.I.Y. (M) SDN BHD"
    # a bracketed letter before any other word stays
    assert repair_name("ABC (H) TRADING") == "ABC (H) TRADING"


def test_a_store_type_of_two_words_under_the_name_goes_on_with_it():
    # FISH & CHIPS is a kind of shop (lexicon trade words), alone under the name in smaller print
    page = _page([("THE SEA", 25), ("Fish & Chips", 15), ("Church Street", 13), ("Blackpool", 16),
                  ("*** Eat In *** £0.00", 14)])
    assert _texts(page, find_organisation(page)) == ["THE SEA", "Fish & Chips"]


def test_a_name_naming_its_trade_takes_no_bare_word_under_it():
    # GRILL and DINER are trade words: the name is whole, the word under it (a brand, a slogan) stays out
    page = _page([("#Waka1 (10)", 45), ("Charcoal Grill Diner", 38), ("ZAKKUSHI", 29), ("823 Denman Street", 30),
                  ("Vancouver, BC, V6G 2L7", 31), ("Tel/Fax: (604) 685-1136", 30)])
    assert _texts(page, find_organisation(page)) == ["Charcoal Grill Diner"]


def test_a_till_counter_label_over_the_name_is_not_the_name():
    page = _page([("Counter.", 60), ("SANYUSTATIONERYSHOP", 28), ("NO. 31G&33G, JALAN SETIA INDAH X ,U13/X", 20),
                  ("40170 SETIA ALAM", 17), ("Tel: +603-3362 4137", 18)])
    assert _texts(page, find_organisation(page)) == ["SANYUSTATIONERYSHOP"]


def test_a_name_of_two_words_joined_by_a_period_is_not_a_one_word_name():
    # FLYING.J (FLYING J, its space read as a period) takes no row under it as its second word
    page = _page(["FLYING.J", "TRAVEL PLAZA", "Troutdale, OR 97060", "06/18/2009"])
    assert _texts(page, find_organisation(page)) == ["FLYING.J"]
    page = _page(["SALVATION", "ARMY", "536 WEST 46TH STREET", "NEW YORK,NY 10036"])   # one word goes on
    assert _texts(page, find_organisation(page)) == ["SALVATION", "ARMY"]


def test_a_trade_word_with_its_number_under_the_name_goes_on_with_it_in_smaller_print():
    # Cafe 0994 printed smaller than the name (a photo read at 55 %): still the name's branch line
    page = _page([("Panera Bread", 23), ("Cafe 0994", 17), ("Da1las, TX 75225", 21), ("Phone: 214-692-1299", 21)])
    assert _texts(page, find_organisation(page)) == ["Panera Bread", "Cafe 0994"]
    page = _page([("Panera Bread", 23), ("Dallas 0994", 17), ("Da1las, TX 75225", 21)])   # not a trade word
    assert _texts(page, find_organisation(page)) == ["Panera Bread"]


def _tilted(rows, slope=0.19):
    """A photographed page tilted by ``slope`` (dy/dx): ``(text, (x1, y1, x2, y2))`` boxes as the engine gives
    them (level boxes, a long line's taller), each line with its tilt (the page's is theirs)."""
    return PageLayout([Line(t, box, 0.95, tilt=slope) for t, box in rows], size=(300, 400))


def test_a_name_over_two_rows_of_a_tilted_photo_is_joined():
    # TAQUERIA / PICO DE GALLO: the same print, the longer line's box taller only by the tilt across it
    rows = [("TAQUERIA", (125, 44, 225, 79)), ("PICO DE GALLO", (90, 50, 254, 98)),
            ("2618 S. 6TH AVE.", (115, 69, 219, 106)), ("623-8775", (112, 82, 218, 120)),
            ("DATE 09/06/2007 THU", (58, 86, 187, 129)), ("TACO BARBACO T1 $1.25", (50, 113, 263, 173))]
    page = _tilted(rows)
    assert _texts(page, find_organisation(page)) == ["TAQUERIA", "PICO DE GALLO"]
    # the same boxes, level (no tilt known): the second box is taller print, and it is not joined
    level = PageLayout([Line(t, box, 0.95) for t, box in rows], size=(300, 400))
    assert _texts(level, find_organisation(level)) == ["TAQUERIA"]



def test_a_name_printed_twice_takes_the_undoubted_reading_of_its_word():
    # the logo read plainly, the print under it with a look-alike letter the recogniser doubted (a runner-up there)
    lines = [Line("Microsoft", (100, 10, 300, 60), 0.9),
             Line("Nicrosoft Store", (110, 70, 290, 95), 0.8, alternatives=((0, "M", 0.35, 0.6),)),
             Line("Visit us online", (110, 100, 290, 120), 0.9), Line("03/12/2016", (40, 130, 200, 150), 0.95),
             Line("TOTAL $49.99", (40, 160, 300, 180), 0.95)]
    found = find_fields(lines, load_schema("receipt"), sizes=[(400, 600)])
    assert found["merchant_name"].raw == "Microsoft Microsoft Store"
    # no runner-up at that letter: each kept as read
    lines[1] = Line("Nicrosoft Store", (110, 70, 290, 95), 0.8)
    assert find_fields(lines, load_schema("receipt"), sizes=[(400, 600)])["merchant_name"].raw == "Microsoft Nicrosoft Store"


@pytest.mark.parametrize("greeting", ["WELCOME", "VELCOME", "WELCUNE"])
def test_a_greeting_over_the_name_is_no_name_even_with_a_look_alike_letter_misread(greeting):
    page = _page([(greeting, 20), ("Shell Canada", 24), ("8522 200 Street", 20), ("Langley, BC V1M 3A5", 20),
                  ("2016/05/04 10:21", 20), ("TOTAL $33.00", 20)])
    assert _texts(page, find_organisation(page)) == ["Shell Canada"]


def test_an_ampersand_read_as_8_between_trade_words_is_put_back():
    """The recogniser reads a small ``&`` as ``8``: between two trade words it is the ampersand again, through
    the whole finder; an 8 after another word (a route's, a pier's number) stays as printed."""
    page = _page([("99 Restaurant 8 Pub", 40), "29-31 AUSTIN STREET", "CHARLESTOWN, MA 02129", "TOTAL 12.50"])
    found = find_fields(page.lines, load_schema("receipt"), sizes=[(600, 900)], options=ExtractOptions())
    assert found["merchant_name"].raw == "99 Restaurant & Pub"
    assert repair_name("BAR 8 GRILL") == "BAR & GRILL" and repair_name("Route 8 Diner") == "Route 8 Diner"
    assert repair_name("PIER 8 CAFE") == "PIER 8 CAFE" and repair_name("") == ""
