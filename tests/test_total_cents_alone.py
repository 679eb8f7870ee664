"""Amounts printed without a units digit (``.80``, ``$.00``: US tills print cents alone so) are amounts: the
tax that makes a total a sum, a change of nothing (docextract.locate.values.AMOUNT_RE,
docextract.normalize.amounts.parse_amount: after a symbol the point is the decimal point, after a word
such as ``Rs.`` it closes the word). And an amount that sums the amounts above it and is printed again
below wins the total when no label was read (docextract.locate.choose.due_amount), rather than the
largest price.

Texts and boxes as the CPU engine read them on perturbed copies (scaled, turned, paler, JPEG) of
wildreceipt-dev pages."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from docextract.errors import FieldError
from docextract.locate.values import amounts_in
from docextract.normalize.amounts import parse_amount
from docextract.types import Line
from _pages import receipt_result as _result


#: wildreceipt-dev 042, perturbed: the page turned, so rows pair a label with the amount of the row above;
#: the tax ".80" (no units digit) makes $9.25 the sum of 8.45 and .80
PAGE_042 = [
    Line('YOUR GUEST NUMBER IS', (250, 124, 568, 176)),
    Line('73', (355, 167, 427, 214)),
    Line('IN-N-OUT BURGER WESTCHESTER', (181, 228, 611, 293)),
    Line('117 2 1618 2536', (272, 274, 513, 326)),
    Line('Cashier: MARVIN JU', (61, 329, 362, 400)),
    Line('Check : 73', (59, 366, 254, 430)),
    Line('1 Cheesebrgr Animal', (72, 445, 383, 510)),
    Line('2.70', (644, 473, 728, 520)),
    Line('1 Db1-Db1 Animal', (69, 482, 336, 545)),
    Line('3.90', (641, 512, 727, 561)),
    Line('1 Fry', (66, 521, 167, 578)),
    Line('1.85', (641, 552, 724, 603)),
    Line('COUNTER-Take Out', (47, 599, 315, 653)),
    Line('8.45', (631, 632, 720, 686)),
    Line('TAX 9.50%', (48, 640, 207, 687)),
    Line('Amount Due', (48, 682, 220, 724)),
    Line('.80', (651, 677, 717, 727)),
    Line('$9.25', (608, 709, 717, 770)),
    Line('Tender AMEX', (41, 752, 233, 802)),
    Line('$9.25', (602, 785, 714, 853)),
    Line('Change', (40, 795, 153, 843)),
    Line('$.00', (615, 830, 709, 893)),
    Line('CHARGE DETAIL', (35, 860, 257, 922)),
    Line('SALE', (26, 944, 119, 1004)),
    Line('Amex', (222, 976, 297, 1016)),
    Line('Card Type:', (26, 973, 209, 1042)),
    Line('*****30 09', (213, 998, 493, 1077)),
    Line('Account:', (28, 1016, 174, 1080)),
    Line('848059', (218, 1045, 323, 1088)),
    Line('Auth Code:', (26, 1048, 204, 1105)),
    Line('OEOC', (221, 1082, 289, 1105)),
]

#: wildreceipt-dev 109, perturbed: "Balance Due" read below its amount, 11.42 (the sum of the five amounts
#: above it) printed three times; 13.90, a line's price, is the largest amount
PAGE_109 = [
    Line('CHIPOTE', (126, 0, 230, 65)),
    Line('Lite is burritatul.', (125, 86, 215, 114)),
    Line('9600 S.1H-35 Sery.Rd 18.a', (110, 108, 232, 138)),
    Line('5-350, A25N 1x 78748', (108, 120, 232, 148)),
    Line('512-291-1067', (141, 134, 206, 156)),
    Line('Host: Rene', (69, 142, 124, 161)),
    Line('06/06/2014', (218, 153, 272, 171)),
    Line('ORDER #247', (68, 154, 124, 173)),
    Line('1/27 PM', (232, 165, 272, 182)),
    Line('10151', (244, 178, 272, 192)),
    Line('Cámitas Boul (2 #0.95)', (66, 190, 183, 210)),
    Line('13.90', (243, 198, 273, 217)),
    Line('Small Soda (2 #1.80)', (64, 200, 168, 222)),
    Line('3.80', (246, 212, 272, 229)),
    Line('Manager Cosp', (62, 226, 128, 244)),
    Line('-8.95', (244, 236, 272, 252)),
    Line('Suototal', (62, 252, 106, 266)),
    Line('10.S5', (242, 261, 270, 276)),
    Line('Tax', (60, 264, 82, 280)),
    Line('0.87', (244, 272, 272, 291)),
    Line('DINE IN (ota)', (57, 288, 127, 306)),
    Line('11.42', (239, 296, 270, 314)),
    Line('V158 002761', (56, 300, 170, 322)),
    Line('11.42', (238, 309, 270, 328)),
    Line('Authortzing...', (62, 313, 140, 336)),
    Line('11.42', (237, 333, 268, 352)),
    Line('Balance Due', (52, 328, 114, 346)),
]


def test_a_tax_printed_without_its_units_digit_makes_the_total_a_sum():
    r = _result(PAGE_042, (833, 1106))
    assert r.fields["total"].value == D("9.25")


def test_an_amount_summing_the_prices_above_and_printed_again_is_the_total():
    r = _result(PAGE_109, (356, 356))
    assert r.fields["total"].value == D("11.42")


@pytest.mark.parametrize("text, value", [
    (".80", D("0.80")), ("$.80", D("0.80")), ("$.00", D("0.00")), ("-$.80", D("-0.80")), ("€.50", D("0.50")),
    ("Rs.80", D("80")), ("Rs.80.00", D("80.00")), ("$9.25", D("9.25")),
])
def test_a_point_after_a_symbol_is_the_decimal_point(text, value):
    assert parse_amount(text) == value


def test_cents_alone_are_found_in_a_line():
    assert amounts_in("Amount Due .80") == [(11, 14, D("0.80"))]
    assert amounts_in("Change $.00") == [(7, 11, D("0.00"))]
    assert amounts_in("Tax 9.50%") == [] and amounts_in("x.50") == [] and amounts_in(".5") == []


@pytest.mark.parametrize("junk", ["", "€", "$.", ".", "１２.５０", "$" + "." * 10000, "." + "9" * 10000])
def test_junk_amounts_do_not_crash(junk):
    try:
        parse_amount(junk)
    except FieldError:
        pass
    amounts_in(junk)
