"""A currency mark glued to the amount due read as a digit or a letter ($97.74 read 997.74, ฿200.00 read
B200.00): the shorter amount wins where the page speaks for it (docextract.markread.mark_read), what was read
kept as an alternative and shown as a warning; never where the page speaks for the amount as read.

Texts, boxes and runner-up characters as the CPU engine read them: wildreceipt-dev pages (real photographs,
and the perturbed copies of them: scaled, turned, paler, JPEG) and sroie-dev pages."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from docextract.locate import find_fields
from docextract.options import ExtractOptions
from docextract.schema import load_schema
from docextract.markread import mark_misread, mark_read, mark_spans, read_amounts
from docextract.scoring import Printed, best, score_due
from docextract.types import Line
from _pages import receipt_result as _result
from perturbed_pages import PAGE_068


def _total(lines: list[Line], size: tuple[int, int]):
    """The total's candidate the finder takes on a page of ``lines``."""
    return find_fields(lines, load_schema("receipt"), sizes=[size], options=ExtractOptions())["total"]


#: wildreceipt-dev 137, perturbed: "7 Total 653.20" (€53.20, the € read as 6, its runner-up €), €53.20 printed under it
PAGE_137 = [
        Line('RAJ GAYLORD', (63, 40, 234, 65)),
        Line('INDIAN RESTAURANT.', (64, 60, 233, 79)),
        Line('KERRY PIKE VILLAGE, CORK.', (49, 72, 241, 90), alternatives=((8, 'R', 0.057, 0.812), (12, 'E', 0.349, 0.548), (18, '.', 0.259, 0.675), (23, 'E', 0.21, 0.562))),
        Line('TEL:021 4877112/4877757.', (59, 83, 235, 102), alternatives=((2, '1', 0.082, 0.913),)),
        Line('GATENAY TO SUPERB INDIAN', (68, 98, 196, 122), alternatives=((4, 'W', 0.263, 0.591), (6, 'A', 0.095, 0.904), (20, 'O', 0.348, 0.488), (23, 'A', 0.056, 0.943))),
        Line('CUISIN SINCE 22000', (80, 113, 182, 140), alternatives=((2, 'T', 0.267, 0.675), (4, 'S', 0.067, 0.888), (5, 'E', 0.475, 0.493), (7, ' ', 0.29, 0.697), (8, 'S', 0.307, 0.673), (9, 'I', 0.084, 0.911), (10, 'E', 0.076, 0.916))),
        Line('NO INVOICE', (19, 130, 129, 150), alternatives=((7, 'T', 0.063, 0.928),)),
        Line('TABLE', (22, 144, 77, 160)),
        Line('5', (222, 146, 239, 163)),
        Line('1 CHICKEN JAL FREZI', (34, 169, 133, 193), alternatives=((5, 'O', 0.135, 0.854),)),
        Line('€15.95', (196, 170, 238, 198), alternatives=((0, '£', 0.153, 0.811),)),
        Line('1 PANEER MAKANT', (30, 186, 116, 214), alternatives=((9, 'N', 0.367, 0.539), (11, 'A', 0.305, 0.484), (12, 'H', 0.276, 0.571), (14, 'I', 0.216, 0.395))),
        Line('€13.9', (196, 187, 236, 216), alternatives=((0, '£', 0.112, 0.38), (2, '9', 0.174, 0.641), (3, ':', 0.159, 0.77), (4, '5', 0.211, 0.61))),
        Line('4 CHEE & ONTON NAN', (33, 206, 137, 230), alternatives=((7, ' ', 0.075, 0.796), (9, ' ', 0.301, 0.575), (11, 'I', 0.364, 0.425))),
        Line('9.80', (212, 209, 232, 231)),
        Line('€19.8', (196, 209, 222, 232)),
        Line('1 PILAU RICE', (39, 223, 100, 249)),
        Line('03.50', (199, 226, 234, 251), alternatives=((0, '€', 0.157, 0.184),)),
        Line('7 Total', (30, 253, 73, 280)),
        Line('653.20', (196, 255, 235, 283), alternatives=((0, '€', 0.318, 0.384), (1, '3', 0.07, 0.905))),
        Line('TABLE', (41, 285, 73, 303)),
        Line('€53.20', (196, 286, 236, 306)),
        Line('Saturday 10- 9-2016 20:49:26', (20, 307, 169, 328)),
        Line('L0001CLERK', (57, 322, 121, 339), alternatives=((0, '1', 0.254, 0.352), (9, 'X', 0.072, 0.867))),
        Line('SERVICE CHARGE IS NOT INCLUDED.', (34, 345, 191, 366)),
        Line('TAKE-AMAY SESIRICE AVALABLE', (54, 357, 196, 391), alternatives=((2, 'N', 0.053, 0.88), (6, 'N', 0.215, 0.753), (10, 'E', 0.094, 0.892), (11, 'R', 0.312, 0.49), (13, 'V', 0.214, 0.247), (14, 'V', 0.179, 0.338), (17, 'C', 0.32, 0.578), (19, 'V', 0.052, 0.94), (20, 'A', 0.223, 0.773), (21, 'V', 0.064, 0.933), (22, 'T', 0.379, 0.537), (24, 'A', 0.334, 0.662), (26, 'L', 0.158, 0.839))),
        Line('THANK YUFYR YOUR CSTOM', (58, 378, 195, 411), alternatives=((7, 'O', 0.328, 0.634), (8, ' ', 0.425, 0.513), (9, 'O', 0.125, 0.801), (13, 'Y', 0.053, 0.83), (14, 'R', 0.297, 0.615), (18, 'U', 0.398, 0.589), (19, 'S', 0.481, 0.516)))]


def test_the_mark_read_as_a_digit_the_same_amount_printed_with_its_mark_below():
    cand = _total(PAGE_137, (262, 452))
    assert cand.raw == "53.20" and cand.alternatives == ["653.20"] and cand.alternative_sources == ["page"]
    assert "mark read (read 653.20)" in cand.options["evidence"]


def test_the_correction_is_shown_as_a_warning_with_a_lower_confidence():
    result = _result(PAGE_137, (262, 452))
    total = result.fields["total"]
    assert total.value == D("53.20") and total.raw == "53.20" and total.alternatives == ["653.20"]
    warn = [c for c in result.checks if c.code == "total.mark_read"]
    assert warn and warn[0].status == "warn" and "653.20" in warn[0].message
    assert total.confidence < 0.9


#: wildreceipt-dev 199, perturbed: Total 869.60 and Cash 869.60 ($69.60: its $ read as 8), Change $0.00; $69.60
#: printed at the top with its mark
PAGE_199 = [
        Line('Welcome To The', (34, 33, 165, 65)),
        Line('Royal Hotel', (43, 55, 155, 83)),
        Line('Tax Invoice', (44, 76, 156, 103)),
        Line('ABN:', (6, 91, 54, 120)),
        Line('12 097 860 887', (45, 92, 191, 124)),
        Line('----Main--', (10, 146, 103, 166), alternatives=((3, '—', 0.122, 0.699), (4, '-', 0.131, 0.17), (5, 'o', 0.155, 0.708), (6, 'l', 0.143, 0.79), (7, 'g', 0.083, 0.562))),
        Line('$69.60', (108, 150, 148, 168)),
        Line('Chickavocado Foc', (44, 160, 148, 180), alternatives=((5, 'ā', 0.338, 0.412), (13, 'f', 0.104, 0.892))),
        Line('$16.90', (143, 160, 182, 178), alternatives=((0, '8', 0.284, 0.289),)),
        Line('Veggle Burger', (45, 174, 121, 191), alternatives=((4, 'i', 0.218, 0.507), (8, 'ü', 0.185, 0.8))),
        Line('814.90', (143, 171, 182, 189), alternatives=((0, '5', 0.24, 0.346), (3, ',', 0.213, 0.726))),
        Line('Chicken Supreme', (44, 183, 132, 202), alternatives=((0, 'c', 0.06, 0.939), (13, 'w', 0.361, 0.465))),
        Line('625.90', (143, 183, 182, 202), alternatives=((0, '4', 0.052, 0.8),)),
        Line('Chips + Salad', (49, 195, 127, 212), alternatives=((8, '9', 0.081, 0.807),)),
        Line('Lunch Special 2', (45, 208, 130, 223), alternatives=((12, '1', 0.121, 0.773),)),
        Line('$11.90', (143, 206, 182, 224), alternatives=((1, '2', 0.165, 0.834),)),
        Line('Chips + Salad', (50, 219, 126, 235)),
        Line('Subtotel', (44, 241, 93, 258), alternatives=((6, 'a', 0.069, 0.918),)),
        Line('859.60', (143, 240, 182, 258), alternatives=((1, '6', 0.153, 0.84), (3, ',', 0.091, 0.898))),
        Line('GST', (45, 254, 68, 268)),
        Line('$6.33', (150, 254, 182, 267), alternatives=((0, '4', 0.13, 0.819), (1, '5', 0.167, 0.821), (3, '5', 0.064, 0.933), (4, '5', 0.419, 0.574))),
        Line('Total', (43, 265, 77, 281)),
        Line('869.60', (143, 264, 182, 282), alternatives=((0, '$', 0.395, 0.48), (4, '5', 0.102, 0.883))),
        Line('Cash', (43, 287, 75, 306), alternatives=((2, 'c', 0.061, 0.909),)),
        Line('869.60', (144, 286, 183, 305), alternatives=((0, '6', 0.062, 0.895),)),
        Line('Change', (41, 310, 84, 331)),
        Line('$0.00', (148, 309, 184, 328)),
        Line('30-DEC-2016 12:58PK', (1, 354, 182, 386), alternatives=((18, 'X', 0.218, 0.253),)),
        Line('Thank You', (46, 376, 148, 407)),
        Line('Docket Number: 32', (0, 397, 164, 431), alternatives=((0, 'B', 0.068, 0.932),))]


def test_the_shorter_amount_printed_with_the_mark_elsewhere_outweighs_tendered_minus_change_read_either_way():
    assert _total(PAGE_199, (211, 454)).raw == "69.60"


#: wildreceipt-dev 176, perturbed: Subtotal 887.94, Tax $7.69, Total 895.63: 887.94 + 7.69 = 895.63 as read and
#: 87.94 + 7.69 = 95.63 with the 8s read as marks; the page prints $ on its other amounts ($7.69, $106.63)
PAGE_176 = [
        Line('ROSS', (122, 0, 198, 29)),
        Line('DRESS FOZ LESS', (122, 17, 196, 38), alternatives=((0, 'P', 0.134, 0.84), (6, 'P', 0.279, 0.391), (8, 'R', 0.188, 0.341), (11, 'e', 0.082, 0.82))),
        Line('LA HESA, CA', (129, 30, 183, 44), alternatives=((3, 'M', 0.291, 0.686), (5, 'B', 0.098, 0.894))),
        Line('Proe: 619-698-9222', (111, 38, 199, 57), alternatives=((1, 'h', 0.194, 0.4), (2, 'p', 0.31, 0.549), (4, '：', 0.196, 0.768), (6, '0', 0.064, 0.875), (10, '8', 0.059, 0.924), (11, '8', 0.057, 0.891))),
        Line('400130377353Lg2Pe 3 Draer/S', (62, 62, 203, 87), alternatives=((6, '7', 0.349, 0.468), (7, 'T', 0.064, 0.842), (9, '5', 0.117, 0.782), (16, 'c', 0.357, 0.414), (18, 'J', 0.09, 0.851), (20, 'O', 0.065, 0.885), (23, 'a', 0.203, 0.678), (24, 't', 0.103, 0.659), (26, 's', 0.295, 0.303))),
        Line('14.', (201, 64, 234, 86)),
        Line('400130094357 DUE5GRL 179PR', (62, 71, 201, 97), alternatives=((6, '3', 0.169, 0.655), (7, '0', 0.243, 0.291), (10, '6', 0.172, 0.654), (11, '5', 0.169, 0.527), (13, '0', 0.201, 0.228), (16, ' ', 0.212, 0.233), (21, 'L', 0.156, 0.489), (22, 'T', 0.084, 0.725), (23, '2', 0.151, 0.218))),
        Line('400128934874 FLUTE SATIN PEEST', (61, 82, 200, 106), alternatives=((5, '0', 0.172, 0.645), (6, '0', 0.073, 0.795), (9, '6', 0.299, 0.418), (25, 'R', 0.114, 0.775))),
        Line('R', (226, 90, 237, 105), alternatives=((0, '8', 0.15, 0.686),)),
        Line('400132247186 NAT BPK BLACK D', (60, 92, 199, 115), alternatives=((4, '2', 0.121, 0.742), (8, '4', 0.106, 0.852), (10, '6', 0.255, 0.653), (11, '0', 0.142, 0.641), (18, 'R', 0.114, 0.747), (19, '%', 0.176, 0.633), (24, 'D', 0.19, 0.63))),
        Line('0.08', (202, 90, 231, 108), alternatives=((2, '8', 0.266, 0.385), (3, '9', 0.073, 0.77))),
        Line('40012597780 BER P', (59, 101, 198, 124), alternatives=((5, '2', 0.052, 0.812), (6, '0', 0.161, 0.231), (9, '0', 0.259, 0.296))),
        Line('1.99 R', (202, 99, 239, 116), alternatives=((1, ':', 0.088, 0.811), (5, '8', 0.292, 0.351))),
        Line('001270', (57, 111, 196, 134), alternatives=((1, '1', 0.108, 0.797),)),
        Line('34.99 R', (199, 110, 239, 127)),
        Line('Subtotal', (58, 123, 101, 140), alternatives=((0, 's', 0.057, 0.891), (2, 'o', 0.222, 0.267), (6, 'e', 0.205, 0.637), (7, '1', 0.243, 0.458))),
        Line('887.94', (199, 120, 235, 138), alternatives=((0, '$', 0.14, 0.813),)),
        Line('Sales Tax 8.750', (56, 133, 134, 153), alternatives=((1, 'e', 0.179, 0.205), (2, 't', 0.11, 0.17), (3, 'é', 0.194, 0.209), (4, '0', 0.14, 0.172), (6, ' ', 0.158, 0.35), (8, '×', 0.279, 0.531), (12, '1', 0.073, 0.792))),
        Line('$7.69', (204, 133, 234, 148), alternatives=((0, '8', 0.237, 0.75), (3, '8', 0.266, 0.726))),
        Line('Total', (57, 145, 83, 160), alternatives=((3, 'e', 0.158, 0.832),)),
        Line('895.63', (201, 143, 234, 157)),
        Line('Sold: aturned: 0 Deleted:0', (78, 153, 227, 171), alternatives=((8, 'ú', 0.075, 0.753), (24, 'i', 0.09, 0.747))),
        Line('Dash', (55, 175, 80, 191)),
        Line('$106.63', (195, 174, 236, 191), alternatives=((0, '8', 0.053, 0.924),)),
        Line('Cash Change', (54, 185, 110, 204), alternatives=((1, 'e', 0.057, 0.902), (5, 'D', 0.107, 0.853), (6, 'r', 0.144, 0.847))),
        Line('$11:00', (201, 185, 236, 200), alternatives=((3, '.', 0.207, 0.783),)),
        Line('Recetot0076-02-6075-5298-7', (54, 195, 194, 214), alternatives=((1, 'a', 0.091, 0.781), (3, 'a', 0.059, 0.771), (4, 'l', 0.127, 0.689), (5, 't', 0.085, 0.605), (9, '1', 0.35, 0.436), (10, '5', 0.156, 0.589), (15, '8', 0.347, 0.535), (23, '6', 0.478, 0.48))),
        Line('Tender Deta-0-009583', (55, 206, 205, 227), alternatives=((4, 'o', 0.111, 0.666),)),
        Line('Racefpt 0076-02-9075-5296-7', (80, 238, 219, 256), alternatives=((1, 'n', 0.174, 0.555), (4, 'l', 0.226, 0.348), (5, 't', 0.179, 0.738), (10, '0', 0.407, 0.47), (11, '8', 0.399, 0.545), (24, '8', 0.424, 0.56))),
        Line('家', (276, 219, 338, 295), alternatives=((0, '永', 0.053, 0.768),)),
        Line('1-01-3-01-009563', (108, 284, 192, 300), alternatives=((14, '8', 0.401, 0.596),)),
        Line('Store: 0078', (41, 332, 105, 351), alternatives=((2, 'a', 0.254, 0.743), (10, '6', 0.109, 0.89))),
        Line('Re: 02', (124, 329, 170, 352), alternatives=((2, '：', 0.08, 0.905),)),
        Line('Tran: 9075', (197, 331, 257, 352), alternatives=((4, '：', 0.103, 0.892), (6, '8', 0.41, 0.582), (9, '6', 0.205, 0.794)))]


def test_a_sum_that_holds_both_ways_is_decided_by_the_mark_the_page_prints():
    assert _total(PAGE_176, (354, 354)).raw == "95.63"




def test_the_shorter_total_is_the_subtotal_plus_the_shorter_tax():
    assert _total(PAGE_068, (242, 322)).raw == "25.67"


#: wildreceipt-dev 130, perturbed: Total 997.74 ($97.74), runner-up $ at its first character, $100.00 and $2.25 printed
PAGE_130 = [
        Line('Build-A-Bear Workshop', (76, 7, 249, 26), alternatives=((3, '1', 0.462, 0.533),)),
        Line('Ontario Mls', (132, 30, 190, 46), alternatives=((3, 'e', 0.098, 0.878), (5, 't', 0.349, 0.385), (6, 'e', 0.081, 0.733), (8, 'W', 0.217, 0.316))),
        Line('Ontar 1o. CA $1754', (126, 50, 201, 66), alternatives=((0, 'D', 0.085, 0.817), (2, 'f', 0.288, 0.538), (6, 'T', 0.272, 0.34), (7, '0', 0.17, 0.641), (8, ',', 0.092, 0.844), (13, 'S', 0.05, 0.915), (16, '6', 0.449, 0.468))),
        Line('Talabone (909)900-0520', (114, 59, 216, 76), alternatives=((0, 't', 0.323, 0.488), (3, 'e', 0.159, 0.498), (4, 'h', 0.238, 0.391), (5, 'a', 0.209, 0.51), (10, '5', 0.077, 0.838), (13, ']', 0.375, 0.487), (14, '5', 0.207, 0.338), (15, '8', 0.26, 0.407))),
        Line('5/9/2016 5:13:00PH', (122, 78, 205, 94), alternatives=((0, '6', 0.311, 0.611),)),
        Line('Invelee: 0576 20re: 134 0', (98, 86, 229, 104), alternatives=((1, 'm', 0.105, 0.827), (3, 'o', 0.128, 0.542), (4, 't', 0.126, 0.672), (5, 'c', 0.146, 0.257), (6, 'r', 0.106, 0.285), (9, 'C', 0.09, 0.441), (12, '0', 0.153, 0.592), (14, '3', 0.063, 0.627), (15, '2', 0.15, 0.196), (21, '5', 0.329, 0.452))),
        Line('Cashier: michal', (128, 98, 196, 112), alternatives=((0, 'c', 0.091, 0.415), (3, 't', 0.063, 0.845), (4, 't', 0.345, 0.393), (5, 'é', 0.073, 0.802), (9, 'r', 0.119, 0.15), (11, 'o', 0.066, 0.755), (12, 'n', 0.109, 0.411))),
        Line('SALE', (156, 124, 179, 140)),
        Line('00023115STRHT9R BLASTER', (79, 144, 203, 160), alternatives=((3, '0', 0.212, 0.5), (4, '2', 0.156, 0.589), (8, '5', 0.356, 0.604), (9, '7', 0.11, 0.743), (11, 'M', 0.126, 0.583), (14, '9', 0.328, 0.483))),
        Line('12.00', (230, 142, 256, 158)),
        Line('000303 PER BEAR', (80, 153, 208, 170)),
        Line('36.00', (230, 152, 257, 167), alternatives=((1, '5', 0.085, 0.912), (2, ',', 0.187, 0.697))),
        Line('0000169 UNV STR R NG', (78, 162, 209, 181)),
        Line('0.00', (229, 161, 258, 177), alternatives=((0, '8', 0.401, 0.577),)),
        Line('0003567 FLONER JELLY OL', (78, 174, 208, 190), alternatives=((15, 'U', 0.084, 0.713), (19, 'V', 0.15, 0.425))),
        Line('7.00', (228, 170, 258, 186), alternatives=((0, '9', 0.452, 0.49), (1, ':', 0.254, 0.682))),
        Line('00000023547 PALN TREE DKAT ST', (79, 183, 208, 200), alternatives=((6, '0', 0.089, 0.793), (8, '6', 0.139, 0.657), (15, 'M', 0.27, 0.627), (18, 'H', 0.08, 0.833), (19, 'É', 0.15, 0.78), (20, ' ', 0.363, 0.474), (23, 'X', 0.184, 0.491), (24, 'R', 0.337, 0.462))),
        Line('12.50', (230, 180, 259, 196), alternatives=((2, ':', 0.188, 0.789),)),
        Line('0000217 Y H1', (78, 192, 197, 211)),
        Line('16.00', (232, 190, 260, 207), alternatives=((1, '8', 0.113, 0.836), (2, ':', 0.162, 0.825))),
        Line('Sugtotel', (78, 216, 118, 230), alternatives=((2, 'a', 0.202, 0.22), (6, 'a', 0.432, 0.529), (7, ']', 0.083, 0.709))),
        Line('890.50', (230, 211, 261, 226), alternatives=((0, '3', 0.235, 0.731),)),
        Line('Sale Tax 8.000%', (78, 225, 152, 242), alternatives=((2, 't', 0.106, 0.645), (3, 'é', 0.198, 0.655), (9, '0', 0.084, 0.83))),
        Line('7.22', (234, 222, 262, 236), alternatives=((3, '4', 0.267, 0.486),)),
        Line('Total', (78, 248, 106, 262), alternatives=((0, 'I', 0.068, 0.787), (1, 'c', 0.386, 0.573), (4, '1', 0.105, 0.874))),
        Line('997.74', (231, 242, 264, 257), alternatives=((0, '$', 0.175, 0.793),)),
        Line('Cash', (78, 259, 102, 272)),
        Line('$100.00', (228, 252, 264, 268)),
        Line('Cash thange', (78, 268, 132, 284), alternatives=((1, 'i', 0.074, 0.796), (3, 't', 0.145, 0.728), (5, 'h', 0.225, 0.315), (8, 'r', 0.282, 0.711))),
        Line('$2.25', (238, 264, 264, 279), alternatives=((0, '8', 0.227, 0.269),)),
        Line('Itee(s) Sold: 8', (134, 286, 207, 304), alternatives=((14, 'é', 0.162, 0.396),)),
        Line('Ites(s) Returned: 0', (127, 298, 216, 314), alternatives=((3, 'n', 0.079, 0.573), (12, 'm', 0.196, 0.642))),
        Line('Thank you beany much!', (122, 320, 220, 338), alternatives=((6, 'z', 0.074, 0.859), (13, 'r', 0.427, 0.506))),
        Line('M.BUTLDABEARICON', (130, 330, 218, 349), alternatives=((1, ' ', 0.291, 0.455), (8, 'R', 0.139, 0.573), (12, ':', 0.173, 0.255), (14, 'D', 0.187, 0.561), (15, 'Y', 0.326, 0.393))),
        Line('Recetpt Code:', (140, 366, 206, 382), alternatives=((4, 'l', 0.401, 0.482), (5, 'o', 0.332, 0.532), (9, 'a', 0.08, 0.915))),
        Line('0134-058576-3701-090306', (118, 377, 228, 394), alternatives=((6, '6', 0.075, 0.923),))]


def test_the_runner_up_mark_at_the_first_character_on_a_page_printing_that_mark():
    assert _total(PAGE_130, (346, 456)).raw == "97.74"


#: wildreceipt-dev 063 (the real photograph): ฿200.00 read 8200.00 and B200.00 (Total Inc Tax: B200.00)
PAGE_063 = [
        Line('adventure', (800, 523, 1390, 696)),
        Line('TAX INVOICE', (679, 653, 1115, 779)),
        Line('E / RECEIPT', (1051, 642, 1473, 769)),
        Line('Lamai Viewpoint & Valentine Stone', (759, 744, 1389, 836)),
        Line('127/19g Moo 3, Tabon Maret', (814, 787, 1326, 872), alternatives=((4, 'i', 0.078, 0.836), (6, '9', 0.296, 0.603), (8, 'm', 0.077, 0.702), (10, '0', 0.21, 0.636))),
        Line('Amphoe Koh Samui, surat Thani 84310', (739, 819, 1404, 911), alternatives=((15, 'l', 0.087, 0.788), (16, ' ', 0.053, 0.853), (18, 'S', 0.058, 0.931))),
        Line('Phone:+66808909755', (882, 867, 1246, 942), alternatives=((2, 'a', 0.061, 0.939),)),
        Line('Email: info@samui-adventure.com', (780, 910, 1361, 974)),
        Line('Website:https://samui-adventure.com', (733, 950, 1409, 1010), alternatives=((0, 'w', 0.088, 0.912),)),
        Line('Sale #: SA-ENT-46', (678, 1024, 1002, 1084)),
        Line('2015-11-28 15:37:17', (1092, 1019, 1464, 1084)),
        Line('Served by Joelle S', (678, 1065, 1022, 1121)),
        Line('Description', (674, 1122, 896, 1179)),
        Line('Amount', (1340, 1119, 1475, 1176)),
        Line('Entrance Fee - Normal x 2', (678, 1197, 1151, 1253)),
        Line('8200.00', (1321, 1193, 1481, 1256), alternatives=((0, 'B', 0.08, 0.897),)),
        Line('Subtotal:', (673, 1273, 853, 1328)),
        Line('8200.00', (1326, 1276, 1481, 1330), alternatives=((0, 'B', 0.186, 0.72),)),
        Line('Total ex tax:', (673, 1331, 926, 1388)),
        Line('B200.00', (1326, 1340, 1483, 1393)),
        Line('- Tax Free:', (671, 1370, 890, 1426)),
        Line('80.00', (1366, 1379, 1484, 1434), alternatives=((0, 'B', 0.448, 0.488),)),
        Line('Total Inc Tax:', (667, 1425, 948, 1520), alternatives=((3, 't', 0.092, 0.904),)),
        Line('B200.00', (1323, 1440, 1492, 1532), alternatives=((0, '8', 0.481, 0.493),)),
        Line('Method', (668, 1514, 800, 1574)),
        Line('Amount', (1354, 1537, 1490, 1591)),
        Line('Cash', (667, 1592, 759, 1649)),
        Line('8200.00', (1337, 1617, 1495, 1675), alternatives=((0, '6', 0.375, 0.491),)),
        Line('Prices shown in THB', (873, 1665, 1261, 1735)),
        Line('Entrance', (976, 1797, 1154, 1861)),
        Line('2015-11-28 15:37:18', (867, 1831, 1261, 1907)),
        Line('Sale ID: ulfse5yb', (883, 1895, 1243, 1974), alternatives=((10, '1', 0.354, 0.645),)),
        Line('Powered by Kounta.com', (845, 2030, 1280, 2100)),
        Line('Online POS anywhere', (865, 2072, 1260, 2138)),
        Line('Wi-Fi', (994, 2169, 1137, 2216)),
        Line('Viewpoint', (986, 2215, 1128, 2255), alternatives=((1, 'l', 0.062, 0.933),)),
        Line('freewif', (1003, 2235, 1122, 2270), alternatives=((3, 'o', 0.12, 0.864), (6, 't', 0.053, 0.909)))]


def test_a_letter_read_for_the_mark_twice_agrees_with_the_digit_read_for_it():
    cand = _total(PAGE_063, (3456, 4608))
    assert cand.raw == "200.00" and cand.alternatives[-1:] in (["8200.00"], ["B200.00"])


#: sroie-dev 511: TOTAL 7-00, CASH 50.00 (runner-up S at its 5), CHANGE 43.00; the page prints no $
PAGE_511 = [
        Line('AIK HUAT HARUWARE', (71, 202, 496, 237), alternatives=((16, 'L', 0.051, 0.947),)),
        Line('ENTERPRISE (SETIA', (70, 227, 502, 265)),
        Line('ALAM)SIN BHD', (120, 254, 452, 286), alternatives=((6, 'D', 0.213, 0.634),)),
        Line('822737-X', (226, 272, 347, 316)),
        Line('NO. 17-G, JALAN SETIA INDAH', (113, 304, 457, 333), alternatives=((26, 'N', 0.207, 0.546),)),
        Line('X U3X EA AA', (145, 324, 427, 363), alternatives=((2, 'I', 0.086, 0.515), (3, 'Z', 0.164, 0.335))),
        Line('SEKSYEN U13, 40170 SHAH ALAM', (98, 348, 466, 386), alternatives=((9, 'L', 0.104, 0.891), (11, '.', 0.073, 0.901), (15, '3', 0.319, 0.622), (17, 'O', 0.102, 0.877), (27, 'N', 0.264, 0.674))),
        Line('TEL: 012 - 6651783 FAX: 03 - 33623608', (52, 376, 521, 410), alternatives=((22, '：', 0.056, 0.826),)),
        Line('GST NO: 000394528768', (157, 400, 416, 435), alternatives=((5, 'D', 0.156, 0.776), (6, '1', 0.271, 0.687))),
        Line('SIMPLIFIED TAX INVOICE', (140, 446, 431, 507), alternatives=((1, 'T', 0.071, 0.916), (4, 'P', 0.083, 0.895), (15, ' ', 0.172, 0.816), (17, 'U', 0.065, 0.897), (21, 'C', 0.164, 0.834))),
        Line('CASH', (29, 550, 91, 584)),
        Line('RECEIPT', (30, 601, 125, 631)),
        Line('#', (128, 602, 163, 632)),
        Line('P0422070', (203, 600, 301, 634), alternatives=((5, '8', 0.445, 0.544),)),
        Line('DATE:', (301, 599, 376, 634), alternatives=((2, 'F', 0.155, 0.529),)),
        Line('29/12/2017', (372, 598, 514, 637), alternatives=((2, '7', 0.129, 0.871),)),
        Line('SALESPERSON : AH019', (27, 623, 276, 660), alternatives=((16, 'O', 0.052, 0.924), (18, 'Y', 0.091, 0.902))),
        Line('TIME: 1430:00', (304, 626, 488, 659), alternatives=((2, 'N', 0.234, 0.76),)),
        Line('ITEN', (29, 675, 89, 708), alternatives=((3, 'H', 0.285, 0.619),)),
        Line('QTY', (253, 674, 300, 709)),
        Line('U/P', (353, 677, 398, 707)),
        Line('AMOUNT', (428, 677, 511, 708), alternatives=((1, 'N', 0.201, 0.794),)),
        Line('(RM)', (352, 702, 392, 733)),
        Line('(RM)', (458, 701, 512, 735), alternatives=((2, 'H', 0.055, 0.905),)),
        Line('4060010002913', (32, 726, 203, 757)),
        Line('2', (255, 729, 273, 753)),
        Line('7.00 9', (454, 726, 540, 760), alternatives=((5, '8', 0.429, 0.528),)),
        Line('UMS 13A SWITCH SOCKET(PC-2913A)', (27, 747, 420, 786), alternatives=((16, '0', 0.383, 0.605),)),
        Line('TOTAL QUANTITY', (31, 800, 212, 833)),
        Line('2', (342, 804, 361, 832)),
        Line('SUB-TOTAL (GST)', (221, 873, 414, 909), alternatives=((11, '6', 0.076, 0.909),)),
        Line('7,00', (482, 874, 542, 907), alternatives=((1, '.', 0.07, 0.928),)),
        Line('DISC', (293, 898, 353, 931), alternatives=((0, 'B', 0.058, 0.937), (1, 'T', 0.051, 0.945))),
        Line('0.00', (481, 899, 541, 932)),
        Line('ROUNOING', (293, 923, 404, 956), alternatives=((1, 'U', 0.332, 0.645), (4, 'D', 0.382, 0.572))),
        Line('0.00', (480, 923, 542, 955)),
        Line('TOTAL', (62, 947, 190, 981)),
        Line('7', (436, 949, 468, 979)),
        Line('7-00', (453, 946, 542, 986), alternatives=((1, '.', 0.137, 0.814),)),
        Line('CASH', (63, 974, 167, 1004)),
        Line('50.00', (409, 973, 543, 1009), alternatives=((0, 'S', 0.111, 0.82), (2, '-', 0.365, 0.597))),
        Line('CHANGE', (60, 995, 217, 1032)),
        Line('43.00', (411, 999, 541, 1033), alternatives=((2, '-', 0.34, 0.633),)),
        Line('*GST G 6% INCLUDED IN TOTAL', (113, 1046, 457, 1083), alternatives=((5, '0', 0.199, 0.617), (8, 'X', 0.14, 0.813))),
        Line('GST SUMMARY', (215, 1098, 357, 1132), alternatives=((7, 'K', 0.201, 0.568),)),
        Line('CODE', (37, 1148, 98, 1181)),
        Line('AMOUNT', (238, 1149, 318, 1181), alternatives=((1, 'N', 0.138, 0.843),)),
        Line('%', (375, 1151, 394, 1180)),
        Line('TAX/ANT', (438, 1149, 533, 1184), alternatives=((5, 'I', 0.128, 0.755),)),
        Line('SR', (38, 1197, 74, 1230)),
        Line('6.60', (264, 1197, 320, 1231)),
        Line('6', (376, 1201, 394, 1230)),
        Line('0.40', (473, 1198, 534, 1232)),
        Line('TAX TOTAL:', (275, 1270, 408, 1306)),
        Line('0.40', (474, 1273, 534, 1306)),
        Line('GOODS SOLD ARE NOT REPUNDAELE,', (98, 1377, 472, 1408), alternatives=((26, 'B', 0.214, 0.783), (28, 'B', 0.056, 0.935), (29, '.', 0.231, 0.691))),
        Line('THANE YOU ROR CROOS NG US', (122, 1401, 451, 1437), alternatives=((4, 'K', 0.264, 0.459), (10, 'K', 0.171, 0.312), (12, 'E', 0.116, 0.74), (14, 'L', 0.124, 0.23), (15, 'H', 0.217, 0.303), (16, '0', 0.118, 0.476), (18, 'E', 0.112, 0.559), (23, 'C', 0.107, 0.264), (24, 'E', 0.36, 0.402))),
        Line('FLS PROVIDE ORIGINAL BILL FOR GOODS', (61, 1427, 510, 1458), alternatives=((0, 'P', 0.324, 0.675), (21, 'E', 0.141, 0.829), (26, 'P', 0.427, 0.565), (28, 'N', 0.193, 0.567))),
        Line('EXCHANCE WITHIN I WEEE', (37, 1451, 332, 1480), alternatives=((0, 'F', 0.154, 0.766), (6, 'G', 0.408, 0.59), (16, '1', 0.321, 0.608), (20, 'B', 0.269, 0.572))),
        Line('FROE', (318, 1452, 388, 1479), alternatives=((0, 'P', 0.061, 0.93), (1, 'r', 0.071, 0.916), (2, 'o', 0.119, 0.854), (3, 'I', 0.143, 0.169))),
        Line('TRANSACTION', (381, 1450, 535, 1482), alternatives=((4, 'E', 0.116, 0.736), (5, 'M', 0.11, 0.857), (7, 'I', 0.106, 0.878), (8, 'T', 0.352, 0.646))),
        Line('GOODS HUST BE IN ORIGINAL', (51, 1473, 382, 1503), alternatives=((1, 'C', 0.131, 0.821),)),
        Line('STATE TO EE', (369, 1473, 523, 1505), alternatives=((1, 'I', 0.142, 0.848), (3, 'I', 0.111, 0.789), (9, 'B', 0.363, 0.527), (10, 'D', 0.17, 0.465))),
        Line('ENTITLED FOR EBLHANCE.', (147, 1498, 423, 1529), alternatives=((14, 'X', 0.232, 0.32),))]


def test_a_runner_up_mark_the_page_never_prints_does_not_shorten_an_amount():
    cand = _total(PAGE_511, (587, 1783))
    assert cand.raw in ("7-00", "7.00") and not cand.alternatives


#: sroie-dev 611, perturbed: Net Amt 136.00, Received 150.00, Change 14.00 (150.00 - 14.00 = 136.00 as read)
PAGE_611 = [
        Line('AMTECH ELECTRICAL SUPPLIES', (36, 83, 352, 105)),
        Line('(001963477-M)', (138, 104, 250, 123)),
        Line('(GST ID No 001285423104)', (90, 121, 298, 141), alternatives=((5, 'i', 0.118, 0.582), (9, 'e', 0.059, 0.912))),
        Line('107 JALAN BANDAR RAWANG 2.', (75, 138, 312, 159)),
        Line('PUSAT BANDAR RAWANG', (96, 157, 290, 174)),
        Line('48000 RAWANG SELANGOR D E', (74, 173, 313, 193)),
        Line('entail antech886@yahoo com', (86, 192, 302, 211), alternatives=((19, 'n', 0.221, 0.759),)),
        Line('1elFa= 030053129x', (130, 209, 260, 226), alternatives=((0, 'l', 0.297, 0.344), (2, '1', 0.12, 0.494), (3, 'f', 0.074, 0.906), (4, 'à', 0.064, 0.906), (9, 'C', 0.08, 0.691), (11, 'S', 0.119, 0.554), (12, 's', 0.123, 0.445), (15, '8', 0.27, 0.434), (16, '8', 0.309, 0.379))),
        Line('Tax Invoice', (129, 239, 261, 265)),
        Line('Bill No', (20, 274, 67, 293), alternatives=((1, 'B', 0.107, 0.87),)),
        Line('POS/27408', (107, 272, 192, 292)),
        Line('Date', (20, 291, 58, 311)),
        Line('27/06/18 5 02:32 PM', (107, 290, 265, 309)),
        Line('Cashier', (20, 308, 77, 328)),
        Line('aml', (107, 308, 138, 327), alternatives=((2, 't', 0.371, 0.613),)),
        Line('Payment', (20, 326, 85, 348)),
        Line('Cash', (106, 326, 147, 346)),
        Line('Item', (20, 355, 57, 374)),
        Line('Qty', (112, 354, 143, 375)),
        Line('Price', (176, 352, 218, 375)),
        Line('Amount', (272, 353, 328, 372)),
        Line('30W SUPER T8 LED TUBE D/L -FNM @16.00', (20, 381, 345, 404), alternatives=((26, ' ', 0.35, 0.509), (34, ' ', 0.055, 0.906))),
        Line('00004285', (20, 402, 94, 420)),
        Line('5', (129, 402, 143, 418)),
        Line('16.00', (175, 401, 217, 419)),
        Line('80.00', (285, 400, 330, 418), alternatives=((0, '6', 0.254, 0.745),)),
        Line('SR', (343, 400, 367, 418)),
        Line('2x40W LED F/FITTING (EMPTY)-ITK @14.00', (20, 422, 341, 445), alternatives=((13, 'i', 0.263, 0.702),)),
        Line('00002348', (20, 442, 93, 461)),
        Line('4', (128, 444, 142, 460)),
        Line('14.00', (175, 442, 217, 461)),
        Line('56.00', (285, 441, 332, 459)),
        Line('SR', (343, 441, 367, 459)),
        Line('Gross Amt', (192, 469, 272, 490)),
        Line('136 00', (317, 468, 369, 489)),
        Line('GST (6%)', (196, 488, 277, 508)),
        Line('0.00', (333, 485, 369, 507)),
        Line('Net Amt:', (137, 514, 241, 539)),
        Line('136.00', (291, 511, 369, 539)),
        Line('Received', (203, 548, 270, 566)),
        Line('150.00', (317, 546, 369, 566)),
        Line('Change', (213, 565, 271, 586)),
        Line('14.00', (326, 564, 368, 583)),
        Line('Round Adj', (188, 593, 269, 617)),
        Line('0.00', (334, 594, 369, 613)),
        Line('GST Summary', (20, 625, 126, 647), alternatives=((6, 'r', 0.401, 0.594),)),
        Line('Amount(RM)', (146, 624, 237, 645)),
        Line('Tax(RM)', (260, 622, 327, 645), alternatives=((2, '×', 0.205, 0.791),)),
        Line('SR @ 0%', (20, 648, 94, 671)),
        Line('136.00', (166, 648, 218, 669)),
        Line('000', (275, 648, 311, 667)),
        Line('THANK YOU', (149, 678, 241, 698)),
        Line('PLEASE COME AGAIN', (111, 697, 278, 715))]


def test_amounts_that_tendered_minus_change_confirms_as_read_stay_as_read():
    cand = _total(PAGE_611, (435, 716))
    assert cand.raw == "136.00" and not cand.alternatives


def test_an_item_whose_shorter_amount_is_printed_elsewhere_but_sums_as_read_stays():
    # 18.00 could be $8.00 (8.00 printed above), but 8.00 + 18.00 = 26.00 the total holds as read
    rows = [Printed(D("8.00"), read=("8.00", 0, ())), Printed(D("18.00"), read=("18.00", 0, ((0, "$", 0.3, 0.6),))),
            Printed(D("26.00"), label=1.0, read=("$26.00", 0, ()))]
    assert [p.value for p in mark_read(rows)] == [D("8.00"), D("18.00"), D("26.00")]
    assert best(score_due(read_amounts(rows))).item.value == D("26.00")


def test_without_evidence_an_amount_stays_as_read_and_a_lone_letter_amount_is_dropped():
    rows = [Printed(D("12.00"), read=("12.00", 0, ())), Printed(None, read=("B3.00", 0, ())),
            Printed(D("19.50"), label=1.0, read=("19.50", 0, ()))]
    assert [p.value for p in mark_read(rows)] == [D("12.00"), D("19.50")]


@pytest.mark.parametrize("junk", [None, "", "€", "$", "8", "8.", "８８.２１", "9" * 10000 + ".00x", "8" + "1," * 5000 + ".00",
                                  "B", "B.00", 12.5, b"897.00", "B" * 10000])
def test_junk_input_does_not_crash_the_parsers(junk):
    for alternatives in ((), ((0, "$", 0.5, 0.5), (99, "x"), ()), None):
        out = mark_misread(junk, alternatives)
        assert out is None or isinstance(junk, str) and len(junk) > 5000
    assert isinstance(mark_spans(junk), list)
    assert [p.value for p in mark_read([Printed(D("1.00"), read=(junk, 0, ()))])] == [D("1.00")]


#: wildreceipt-dev 171, keystone-warped, shaded, blurred: every $ but two read as S, "TOTAL  S34.50" ($34.50)
PAGE_171 = [
        Line('LOREM SHOP', (198, 303, 299, 332)),
        Line('1: UT WISI ENIM', (132, 431, 243, 455)),
        Line('S2.99', (326, 429, 368, 453)),
        Line('2: NIBH EUISMOD', (131, 453, 250, 480)),
        Line('S1.30', (327, 454, 369, 477)),
        Line('3: RDOL MAGNA', (131, 477, 245, 504)),
        Line('S17.0', (327, 477, 369, 501)),
        Line('4: MNONUY NIBH', (133, 502, 249, 527)),
        Line('S6.99', (327, 502, 369, 525)),
        Line('5: KAOREET DOLORE', (134, 527, 270, 551)),
        Line('S1.2', (335, 526, 369, 548)),
        Line('6: TALIQUAM ERAT', (133, 549, 262, 575)),
        Line('$5.10', (328, 549, 370, 572)),
        Line('7:', (136, 575, 169, 597)),
        Line('AEUISMOD', (158, 575, 229, 597)),
        Line('$10.0', (328, 572, 370, 596)),
        Line('8: K', (136, 599, 169, 620)),
        Line('KNONUY NIB', (158, 599, 239, 620)),
        Line('S4.99', (327, 596, 370, 619)),
        Line('DISCOUNT', (136, 641, 204, 667)),
        Line('S5.99', (326, 639, 370, 665)),
        Line('TOTAL', (135, 669, 194, 701)),
        Line('S34.50', (303, 667, 370, 699)),
        Line('THANK YOU!', (209, 718, 302, 746))]


def test_a_letter_read_for_the_mark_at_the_totals_label_is_the_amount_after_it():
    """No relation on the page holds any amount; the label does: the letter is the mark, not dropped."""
    result = _result(PAGE_171, (845, 845))
    total = result.fields["total"]
    assert total.value == D("34.50") and total.raw == "34.50"
    assert [c for c in result.checks if c.code == "total.mark_read"]
    # the same amounts without the label: a lone letter amount is still dropped, nothing is guessed from it
    assert _result([ln for ln in PAGE_171 if ln.text != "TOTAL"], (845, 845)).fields["total"].value != D("34.50")
