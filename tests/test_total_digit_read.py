"""A digit of the amount due read for its look-alike (14.65 read 14.85: 6 and 8 look alike, look_alike.json
digit_lookalikes): the amount the page's arithmetic holds exactly wins where none holds the amount as read
(docextract.digitread.digit_read), what was read kept as an alternative and shown as a warning with a lower
confidence; never where a relation holds the amount as read.

The subtotal and the tax misread the same way (or their currency mark read as a digit) are put right where the
total chosen on the page's evidence shows it (docextract.digitread.mend_addends), never where the amounts as read
sum to the total (a service charge between them).

Texts, boxes and runner-up characters as the CPU engine read them: sroie-dev and wildreceipt-dev pages (the
perturbed copies: scaled, turned, paler, JPEG; and the original photographs)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from docextract.digitread import digit_misread, digit_read, mend_addends
from docextract.options import ExtractOptions
from docextract.schema import load_schema
from docextract.scoring import Printed
from docextract.types import Line
from _pages import receipt_result as _result
from perturbed_pages import PAGE_068 as PAGE_W068   # wildreceipt-dev 068, perturbed: its tax's $ read as 1
from docextract.validation import build_result


#: sroie-dev 153, perturbed: "Total RM Incl. of GST 14.64", "Rounding Adi 0.01", "Total RM 14.85" (printed 14.65; the
#: recogniser's runner-up at the 8 is 6), "Cash -50.00", the change unread
PAGE_153 = [
        Line('3-1708032', (153, 15, 335, 57)),
        Line('POPULAR BOOK', (71, 54, 325, 97)),
        Line('CO. (M) SDN BHD', (49, 91, 368, 140)),
        Line('(Co.', (15, 136, 115, 159), alternatives=((0, 'c', 0.11, 0.718), (1, 'c', 0.344, 0.63))),
        Line('No.', (111, 136, 177, 159)),
        Line('11382!,-W)', (196, 134, 383, 159), alternatives=((6, '.', 0.443, 0.535), (8, 'w', 0.108, 0.891))),
        Line('(UST Rog No. 00149299200u)', (64, 156, 337, 184), alternatives=((1, 'G', 0.211, 0.316), (6, 'e', 0.445, 0.548), (22, '9', 0.078, 0.921), (24, '0', 0.362, 0.42))),
        Line('No 8, Jalan 7/118B, besa lun Razak', (20, 181, 378, 208), alternatives=((15, 'l', 0.135, 0.786), (17, 'ß', 0.139, 0.644), (20, 'D', 0.339, 0.526), (25, 'T', 0.215, 0.273), (26, 'a', 0.185, 0.702), (33, 'h', 0.188, 0.796))),
        Line('56000 Kuala Lumpur, Malaysia', (52, 204, 348, 232), alternatives=((18, '.', 0.145, 0.846),)),
        Line('KSL CITY', (145, 228, 236, 254)),
        Line('Tel : 017-7765076 / 7765987', (61, 271, 349, 298), alternatives=((2, '1', 0.25, 0.744),)),
        Line('06/02/18 18:47', (13, 320, 163, 345)),
        Line('Slip No.: 0010291725', (189, 318, 401, 343)),
        Line('Cheah Pei Ni', (13, 342, 143, 369)),
        Line('Trans: 246761', (219, 341, 359, 367)),
        Line('Deseription', (13, 391, 132, 415), alternatives=((0, 'B', 0.107, 0.891), (3, 'c', 0.189, 0.81))),
        Line('Amount', (302, 389, 368, 413)),
        Line('CORR. PEN ZLI-W', (13, 435, 165, 461)),
        Line('7.65 T', (334, 433, 403, 458)),
        Line('PB F/ RING FILE W/CLI', (13, 479, 235, 507), alternatives=((12, 'O', 0.248, 0.682), (20, '1', 0.196, 0.787))),
        Line('6.99 T', (332, 478, 403, 503)),
        Line('Total RM Incl. of GST', (13, 523, 238, 555), alternatives=((11, 'e', 0.338, 0.661),)),
        Line('14.64', (324, 524, 383, 549)),
        Line('Rounding Adi', (13, 549, 145, 577), alternatives=((11, 'ì', 0.163, 0.736),)),
        Line('0.01', (334, 548, 382, 572)),
        Line('Total RM', (13, 573, 105, 600)),
        Line('14.85', (324, 571, 383, 596), alternatives=((3, '6', 0.288, 0.708),)),
        Line('Cash', (14, 598, 64, 623)),
        Line('-50.00', (315, 595, 383, 619)),
        Line('CHANGE', (15, 621, 85, 646)),
        Line('35.35', (324, 618, 383, 642)),
        Line('Item Count', (16, 668, 123, 691), alternatives=((0, 'i', 0.084, 0.894),)),
        Line('2', (366, 664, 383, 686)),
        Line('GST Summary', (16, 690, 134, 714)),
        Line('Amount (RM)', (149, 685, 270, 713), alternatives=((10, '）', 0.065, 0.934),)),
        Line('Tax (RM)', (292, 685, 384, 712), alternatives=((1, 'u', 0.176, 0.753), (2, '×', 0.067, 0.911))),
        Line('T 6%', (15, 712, 85, 737)),
        Line('13.81', (212, 710, 269, 734)),
        Line('0.83', (335, 709, 384, 732)),
        Line('Totul Savimgs', (16, 758, 158, 782), alternatives=((3, 'a', 0.252, 0.627), (9, 'í', 0.094, 0.877), (10, 'n', 0.142, 0.733), (11, 'e', 0.33, 0.614))),
        Line('0.00', (335, 754, 385, 780)),
        Line('BE A POPULAR CARD MEMBER', (79, 800, 335, 828)),
        Line('AND ENJOY SPECIAL DISCOUNTS', (68, 822, 354, 849)),
        Line('THANK YOU. PLEASE COME AGAIN.', (57, 844, 358, 873)),
        Line('www.populat.com.my', (110, 870, 302, 895)),
        Line('Bus Chinese books onlino', (79, 891, 335, 917), alternatives=((8, 'o', 0.152, 0.838), (14, 'u', 0.308, 0.684), (22, 'm', 0.055, 0.937), (23, 'e', 0.363, 0.594))),
        Line('www.popularonline.com.my', (81, 915, 333, 939), alternatives=((21, ',', 0.303, 0.578),)),
]

#: sroie-dev 153, the original photograph: "Total RM 14.65" read right
PAGE_153_ORIGINAL = [
        Line('3-1708032', (220, 21, 479, 76)),
        Line('POPULAR BOOK', (100, 75, 466, 135)),
        Line('CO. (M) SDN BHD', (69, 126, 526, 195)),
        Line('(Co. No.', (20, 188, 285, 225), alternatives=((1, 'c', 0.061, 0.93), (2, 'O', 0.323, 0.672), (6, 'O', 0.153, 0.843))),
        Line('11382!.-W)', (282, 190, 546, 223), alternatives=((5, '1', 0.085, 0.779), (6, ',', 0.217, 0.667), (9, '）', 0.075, 0.894))),
        Line('(GST Reg No. 00149299200u)', (92, 223, 478, 258), alternatives=((1, 'U', 0.109, 0.791), (5, 'B', 0.13, 0.87), (13, '9', 0.139, 0.858), (22, '9', 0.058, 0.941), (24, '0', 0.311, 0.616))),
        Line('No 8, Jalan 7/118B, Desa Ian Razak', (29, 258, 537, 292), alternatives=((17, 'ß', 0.413, 0.526), (20, 'B', 0.206, 0.542), (25, 'T', 0.206, 0.49), (26, 'u', 0.228, 0.717), (33, 'h', 0.324, 0.651))),
        Line('56000 Kuala Lumpur, Malaysia', (76, 293, 494, 324), alternatives=((18, '.', 0.052, 0.943), (24, 's', 0.095, 0.866))),
        Line('KSL CITY', (206, 323, 334, 358)),
        Line('Tel : 017-7765076 / 7765987', (90, 387, 496, 422), alternatives=((2, '1', 0.347, 0.649),)),
        Line('06/02/18 18:47', (18, 455, 232, 488)),
        Line('Slip No.: 0010291725', (266, 454, 570, 487)),
        Line('Cheah Pei Ni', (15, 486, 199, 523)),
        Line('Trans: 246761', (311, 486, 510, 521)),
        Line('Deseript ion', (16, 555, 186, 590)),
        Line('Amount', (430, 555, 521, 587), alternatives=((0, 'À', 0.264, 0.669),)),
        Line('CORR.PEN ZLI-W', (17, 620, 232, 654)),
        Line('7.65 T', (475, 619, 571, 652)),
        Line('PB F/ RING FILE W/CLI', (17, 684, 331, 719), alternatives=((12, 'O', 0.055, 0.81), (20, '1', 0.321, 0.675))),
        Line('6.99 T', (473, 683, 571, 717)),
        Line('Total RM Incl. of GST', (15, 748, 335, 786)),
        Line('14.64', (460, 747, 543, 784)),
        Line('Rounding Adj', (16, 784, 202, 819)),
        Line('0.01', (473, 783, 541, 816)),
        Line('Total RM', (16, 817, 145, 852)),
        Line('14.65', (458, 815, 542, 851)),
        Line('Cash', (17, 851, 86, 885)),
        Line('-50.00', (446, 849, 541, 882)),
        Line('CHANGE', (18, 883, 116, 919)),
        Line('35.35', (459, 881, 543, 917)),
        Line('item Count', (20, 952, 171, 984), alternatives=((0, 'I', 0.45, 0.513),)),
        Line('2', (520, 949, 541, 979)),
        Line('GST Summary', (16, 981, 190, 1018)),
        Line('Amount (RM)', (209, 980, 378, 1015)),
        Line('Tax (RM)', (415, 979, 541, 1014), alternatives=((5, 'B', 0.085, 0.822),)),
        Line('T@ 6%', (16, 1014, 116, 1050)),
        Line('13.81', (300, 1014, 378, 1047)),
        Line('0.83', (475, 1013, 542, 1045)),
        Line('Total Savines', (18, 1079, 219, 1115), alternatives=((2, 'l', 0.074, 0.915), (3, 'u', 0.37, 0.46), (9, 'í', 0.084, 0.9), (10, 'm', 0.192, 0.789), (11, 'g', 0.439, 0.54))),
        Line('0.00', (477, 1079, 541, 1110)),
        Line('BE A POPULAR CARD MEMBER', (107, 1143, 471, 1179)),
        Line('AND ENJOY SPECIAL DISCOUNTS', (92, 1174, 499, 1210)),
        Line('THANK YOU. PLEASE COME AGAIN.', (79, 1207, 506, 1242)),
        Line('www.popular.com.my', (151, 1244, 424, 1275), alternatives=((10, 't', 0.162, 0.831),)),
        Line('Bus Chinese books onlin', (107, 1272, 470, 1307), alternatives=((14, 'u', 0.132, 0.836), (22, 'm', 0.351, 0.642))),
        Line('www.popularonline.com.my', (109, 1307, 470, 1339)),
]

#: sroie-dev 048, perturbed: "Total Sales (Excluding GST) 95.17", "Discount 0.00", "Total GST 5.71", "Rounding 0.02",
#: "Total Sales (Inclusive of GST) 100.00" (printed 100.90), "CASH 101.00", "Change 0.10"
PAGE_048 = [
        Line('A03008', (433, 159, 501, 194), alternatives=((0, '4', 0.122, 0.745), (4, '7', 0.318, 0.341))),
        Line('YONG TAT HARDWARE TRADING', (281, 211, 509, 234)),
        Line('(JM0292497-D)', (355, 225, 437, 244), alternatives=((8, '8', 0.387, 0.574),)),
        Line('NO 4,JALAN PERJIRANAN 10,', (320, 241, 471, 260), alternatives=((4, ' ', 0.071, 0.882),)),
        Line('TAMAN AIR BIRU.', (351, 258, 440, 273)),
        Line('B1700 PASIR GUDANG,', (335, 271, 455, 288), alternatives=((0, '8', 0.184, 0.81), (18, '.', 0.345, 0.585))),
        Line('JOHOR.', (374, 286, 418, 303)),
        Line('TEL:07-2614733 FAX:07-2514733', (303, 299, 489, 318), alternatives=((8, '5', 0.322, 0.677),)),
        Line('YONGTAT99@YAHOO.COM.MY', (316, 313, 474, 331)),
        Line('GSTID:001570349056', (337, 329, 455, 346)),
        Line('TAX INVOICE', (357, 348, 435, 365)),
        Line('Doc No.', (267, 368, 309, 384), alternatives=((1, 'a', 0.262, 0.727),)),
        Line('CS00035863', (340, 366, 408, 382), alternatives=((1, '6', 0.143, 0.808),)),
        Line('Date: 1', (438, 366, 474, 380)),
        Line('13/03/2018', (468, 366, 525, 380)),
        Line('Cashier', (269, 384, 308, 398)),
        Line('USER', (340, 382, 376, 398)),
        Line('Time:', (437, 381, 471, 395)),
        Line('12:49:00', (466, 378, 513, 397)),
        Line('Salesperson', (269, 400, 331, 416)),
        Line('Ref:', (439, 397, 467, 413)),
        Line('(GST)', (415, 420, 445, 434)),
        Line('(GST)', (466, 419, 497, 434), alternatives=((0, '{', 0.05, 0.947),)),
        Line('Item', (267, 433, 292, 447), alternatives=((0, 'f', 0.22, 0.248),)),
        Line('oty', (333, 431, 354, 447), alternatives=((0, 'a', 0.334, 0.365),)),
        Line('S/Prico', (372, 431, 408, 445), alternatives=((0, '$', 0.206, 0.403), (2, 'p', 0.065, 0.934), (6, 'e', 0.145, 0.833))),
        Line('S/Prica', (414, 431, 448, 444), alternatives=((4, 'I', 0.105, 0.827), (5, 'C', 0.059, 0.929), (6, 'e', 0.274, 0.564))),
        Line('Amnounk', (460, 431, 497, 443), alternatives=((1, 'n', 0.211, 0.521), (3, 'c', 0.11, 0.809), (6, 'i', 0.19, 0.363))),
        Line('Tax', (507, 430, 528, 443)),
        Line('2587', (269, 446, 294, 460)),
        Line('1.00 PCS', (321, 444, 365, 460)),
        Line('48.00', (376, 444, 404, 459)),
        Line('50.88', (416, 444, 445, 459)),
        Line('50.86', (470, 442, 498, 457), alternatives=((3, '6', 0.119, 0.873),)),
        Line('SR', (510, 442, 527, 457)),
        Line('10° WING COMPASS', (269, 459, 361, 475)),
        Line('GB1801', (363, 457, 408, 476), alternatives=((1, '8', 0.171, 0.705),)),
        Line('5738', (269, 477, 295, 491), alternatives=((0, '6', 0.234, 0.764),)),
        Line('1.00 SET', (321, 476, 365, 491), alternatives=((7, '7', 0.218, 0.724),)),
        Line('47.17', (375, 476, 404, 490)),
        Line('50.00', (415, 476, 444, 490)),
        Line('50.00', (471, 474, 498, 489)),
        Line('SR', (510, 474, 527, 488), alternatives=((1, 'K', 0.093, 0.878),)),
        Line('1/8°-3/4° 12PCS HOLLOW PUNCH SET', (268, 489, 433, 507), alternatives=((1, '7', 0.062, 0.831), (2, 'B', 0.102, 0.737), (8, '*', 0.262, 0.377))),
        Line('68', (445, 490, 466, 506), alternatives=((0, 'G', 0.388, 0.598), (1, 'B', 0.407, 0.579))),
        Line('1801', (462, 489, 493, 506)),
        Line('Total Qty', (280, 505, 329, 521)),
        Line('105.88', (464, 502, 500, 519), alternatives=((2, '0', 0.265, 0.624), (4, '6', 0.169, 0.813))),
        Line('Total Sales (Excluding GST) :', (304, 522, 449, 541), alternatives=((16, 't', 0.288, 0.503),)),
        Line('95.17', (468, 522, 500, 538)),
        Line('Discount', (391, 542, 438, 558), alternatives=((7, 'f', 0.056, 0.94),)),
        Line('0.00', (474, 541, 500, 556)),
        Line('Total GST', (385, 559, 438, 577)),
        Line('5.71', (474, 560, 500, 574)),
        Line('Rounding', (389, 579, 438, 595)),
        Line('0.02', (473, 576, 500, 594)),
        Line('Tofal Sales (Inciusive of GST)', (285, 596, 441, 615), alternatives=((16, 'l', 0.301, 0.689),)),
        Line('100.00', (462, 596, 500, 612), alternatives=((4, '9', 0.077, 0.921),)),
        Line('CASH', (402, 616, 439, 632)),
        Line('101.00', (464, 616, 500, 630)),
        Line('Change :', (393, 629, 449, 647), alternatives=((5, 'o', 0.084, 0.876),)),
        Line('0.10', (474, 629, 500, 644)),
        Line('GST SUMMARY', (285, 661, 369, 679)),
        Line('IaxCoda', (288, 682, 342, 699), alternatives=((0, 'T', 0.075, 0.818),)),
        Line('Ant(RM)', (400, 681, 450, 697), alternatives=((0, 'B', 0.137, 0.684), (1, 'm', 0.441, 0.45))),
        Line('Tax(RM)', (466, 677, 518, 697), alternatives=((4, 'B', 0.067, 0.877),)),
        Line('SR', (290, 696, 310, 712)),
        Line('8', (366, 695, 376, 710)),
        Line('95.17', (418, 694, 451, 710)),
        Line('5.71', (490, 693, 517, 708)),
        Line('Total:', (347, 710, 385, 726)),
        Line('95.17', (417, 709, 450, 725)),
        Line('5.71', (490, 708, 517, 723)),
        Line('GOODS SOLD ARE NOT RETURNABLE, THANK YOU', (284, 734, 509, 753)),
]


def test_a_digit_read_for_its_look_alike_is_put_right_by_the_sum_above_it():
    result = _result(PAGE_153, (436, 1047))
    total = result.fields["total"]
    assert total.value == D("14.65") and total.raw == "14.65"
    assert total.alternatives == ["14.85"] and total.alternative_sources == ["page"]
    warn = [c for c in result.checks if c.code == "total.digit_read"]
    assert warn and warn[0].status == "warn" and "14.85" in warn[0].message and "14.64 + 0.01" in warn[0].message
    assert total.confidence < 0.8
    assert not [c for c in result.checks if c.code == "total.mark_read"]


def test_the_sum_and_the_payment_both_hold_the_amount_mended():
    result = _result(PAGE_048, (1016, 1307))
    total = result.fields["total"]
    assert total.value == D("100.90") and total.alternatives == ["100.00"]
    assert any(c.code == "total.digit_read" for c in result.checks)


def test_an_amount_read_right_is_left_as_read():
    result = _result(PAGE_153_ORIGINAL, (615, 1491))
    total = result.fields["total"]
    assert total.value == D("14.65") and total.alternatives == []
    assert not [c for c in result.checks if c.code.endswith("digit_read")]


def _rows(total: str, *more: Printed) -> list[Printed]:
    return [Printed(D("7.65")), Printed(D("6.99")), Printed(D("14.64"), label=1.0), Printed(D("0.01"), "rounding"),
            Printed(D(total), label=1.0, read=(total, 0, ())), *more]


def test_the_amount_as_read_held_by_a_relation_stays():
    # 14.85 = 50.00 tendered - 35.15 change: the page speaks for the amount as read
    rows = _rows("14.85", Printed(D("50.00"), "tendered"), Printed(D("35.15"), "change"))
    assert digit_read(rows)[4].value == D("14.85")
    # printed again: the amount as read is what the page prints
    assert digit_read(_rows("14.85", Printed(D("14.85"), "tendered")))[4].value == D("14.85")


def test_no_relation_or_a_change_that_is_no_look_alike_leaves_it():
    assert digit_read(_rows("14.75"))[4].value == D("14.75")      # 7 for 6: no look-alike, no runner-up
    rows = _rows("14.75")
    rows[4] = Printed(D("14.75"), label=1.0, read=("14.75", 6, ((9, "6", 0.2, 0.7),)))   # "Total 14.75": the runner-up is 6
    assert digit_read(rows)[4].value == D("14.65") and digit_read(rows)[4].misread == "14.75"
    assert digit_read([Printed(D("14.85"), label=1.0, read=("14.85", 0, ()))])[0].value == D("14.85")


def test_two_amounts_that_fit_leave_the_amount_as_read():
    rows = [Printed(D("5.04")), Printed(D("5.04")), Printed(D("10.08"), label=1.0),
            Printed(D("18.08"), label=1.0, read=("18.08", 0, ())), Printed(D("19.08"), "tendered"),
            Printed(D("3.00"), "change")]
    # 18.08 -> 10.08 (8 for 0) is printed at a label, and 16.08 = 19.08 - 3.00 (8 for 6): two readings fit
    assert digit_read(rows)[3].value == D("18.08")


@pytest.mark.parametrize("junk", [None, "", "€", "８８.２１", "9" * 10000 + ".00", "1" * 10240, "12", "abc.de", 14.85])
def test_junk_is_no_amount_misread(junk):
    assert digit_misread(junk) == ()
    assert digit_misread(junk, ((0, "6", 0.5, 0.5), (1, None, 0.5, 0.5), ())) == ()


def test_runner_ups_that_are_no_digits_are_ignored():
    assert D("14.65") not in digit_misread("14.75", ((3, "$", 0.5, 0.5), (3, "", 0.4, 0.5)))
    assert D("14.65") in digit_misread("14.75", ((3, "6", 0.2, 0.5),))


def test_the_tax_whose_mark_was_read_as_a_digit_takes_the_amount_the_total_shows():
    result = _result(PAGE_W068, (242, 322))
    tax, total = result.fields["tax"], result.fields["total"]
    assert total.value == D("25.67") and result.fields["subtotal"].value == D("23.77")
    assert tax.value == D("1.90") and tax.alternatives == ["11.90"] and tax.alternative_sources == ["page"]
    assert any(c.code == "tax.mark_read" and c.status == "warn" and "11.90" in c.message for c in result.checks)
    check = next(c for c in result.checks if c.code == "subtotal_plus_tax")
    assert check.status == "pass"


def test_a_tax_the_amounts_as_read_hold_stays_as_read():
    # wildreceipt-dev 146 (the original photograph): "SUB-TOTAL 2.50", "SERVICE 0.20", "TAX 16 % 0.35", "TOTAL JOD: 3.05",
    # the fields and the total's evidence as the CPU engine finds them. Tax 0.55 (3 and 5 look alike) would make
    # subtotal + tax = total, but the amounts as read sum to the total: the service charge lies between them
    from docextract.types import FieldCandidate as C

    evidence = "chosen on evidence: label (+2.5); last label (+0.6); sum = 2.50 + 0.20 + 0.35 (+2); largest (+0.3)"
    cands = {"subtotal": C(raw="2.50"), "tax": C(raw="0.35"), "total": C(raw="3.05", options={"evidence": evidence})}
    schema = load_schema("receipt")
    assert mend_addends(cands, schema) == cands
    assert mend_addends({**cands, "total": C(raw="3.05", options={"evidence": "label (+2.5)"})}, schema)["tax"].raw == "0.55"
    result = build_result(cands, schema, ExtractOptions())
    assert result.fields["tax"].value == D("0.35") and not [c for c in result.checks if c.code.startswith("tax.")]


def test_mend_addends_takes_junk_and_other_schemas():
    from types import SimpleNamespace as NS

    from docextract.types import FieldCandidate as C

    rule = NS(rule="subtotal_plus_tax", params={})
    for raw in (None, "", "€", "８８.２１", "9" * 10240, "abc"):
        cands = {"subtotal": C(raw=raw), "tax": C(raw="1.00"), "total": C(raw="11.00", options={"evidence": "e"})}
        assert mend_addends(cands, NS(checks=[rule])) == cands
    assert mend_addends({"total": C(raw="1.00")}, NS(checks=[])) == {"total": C(raw="1.00")}
    assert mend_addends({}, None) == {}
