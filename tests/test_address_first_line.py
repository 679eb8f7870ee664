"""The first line of a merchant's address: a unit line above the town (``Space #1050``), a venue line above
a lone postcode line (``Disneyland Paris``); and its last: a branch's name in brackets under the
town (``(MR DIY TESCO TERBAU)``), not a bracketed tax id. Rows and boxes as RapidOCR read them on real receipts."""

from __future__ import annotations

from _pages import address_texts as _address, layout as _page


def test_a_unit_line_with_a_number_sign_opens_the_address():
    page = _page([
        ("1 E. Mills Circle", (370, 232, 524, 276)),
        ("Space #1050", (388, 253, 491, 288)),
        ("Ontario CA 91764", (364, 262, 526, 306)),
        ("(909) 948-1362", (371, 281, 500, 318)),
        ("STORE03819", (260, 317, 368, 346)),
        ("REGISTER: 008", (413, 304, 537, 345)),
        ("GIFT RECEIPT", (259, 377, 371, 408)),
    ])
    assert _address(page) == ["Space #1050", "Ontario CA 91764"]


def test_the_venue_line_above_a_lone_postcode_line_is_the_address_s_first():
    page = _page([
        ("VAPIANO°", (107, 18, 225, 44)),
        ("Vaplano Dianey", (118, 52, 200, 69)),
        ("Disneyland Paris", (112, 63, 206, 79)),
        ("77700 Marne la Vallee Chessy", (80, 72, 238, 90)),
        ("Téléphone : +33 160422679", (85, 84, 227, 100)),
        ("e-mail: disney@vapiano.fr", (84, 95, 226, 111)),
        ("Recu de vente", (119, 130, 194, 143)),
    ])
    assert _address(page) == ["Disneyland Paris", "77700 Marne la Vallee Chessy"]


def test_the_slogan_right_under_the_name_is_no_part_of_the_address():
    page = _page([
        ("ROSS", (162, 79, 345, 147)),
        ("DRESS FOR LESS", (168, 137, 341, 167)),
        ("EUREKA,CA", (199, 164, 311, 192)),
        ("Phone:707-443-1036", (146, 187, 351, 217)),
        ("400158649319 #JORDAN SUPER.FLY", (33, 258, 356, 282)),
        ("49.99 R", (379, 256, 459, 284)),
    ])
    assert _address(page) == ["EUREKA,CA"]


def test_a_hotel_line_under_the_name_is_the_address_of_a_shop_inside_it():
    page = _page([
        ("Welcome To The Grand Wok", (78, 26, 202, 42)),
        ("At the MGM GRAND Hotel", (82, 37, 198, 50)),
        ("8/4/2016", (54, 46, 101, 61)),
        ("21:11", (200, 48, 230, 60)),
        ("Grand lok", (116, 66, 168, 82)),
        ("Check:", (54, 80, 89, 92)),
        ("3961226", (94, 79, 138, 92)),
        ("Table: 16A", (158, 77, 217, 92)),
    ])
    assert _address(page) == ["At the MGM GRAND Hotel"]


def _my_page(last):
    return _page([
        ("tan woon yann", (116, 43, 372, 84)),
        ("MR D.I.Y. (JOHOR) SDN BHD", (90, 158, 356, 186)),
        ("(CO.REG :933109-X)", (132, 179, 324, 208)),
        ("LOT 1851-A & 1851-B, JALAN KPB 6,", (49, 199, 393, 230)),
        ("KAWASAN PERINDUSTRIAN BALAKONG,", (58, 222, 384, 250)),
        ("43300 SERI KEMBANGAN, SELANGOR", (70, 242, 386, 271)),
        (last, (111, 263, 334, 293)),
        ("-INVOICE-", (173, 286, 273, 313)),
        ("CHOPPING BOARD 35.5x25.5CM 803M#", (18, 327, 354, 354)),
    ])


def test_a_branch_name_in_brackets_under_the_address_closes_it():
    assert _address(_my_page("(MR DIY TESCO TERBAU)"))[-2:] == ["43300 SERI KEMBANGAN, SELANGOR",
                                                                 "(MR DIY TESCO TERBAU)"]


def test_a_bracketed_tax_id_or_number_under_the_address_is_no_part_of_it():
    for last in ("(GST ID NO :000306020352)", "(1234567-X)", "(1)"):
        assert _address(_my_page(last))[-1] == "43300 SERI KEMBANGAN, SELANGOR"
