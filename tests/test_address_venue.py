"""An address that is a venue's name (docextract.venue): a shop inside an airport or a casino prints under
its name only the venue it stands in; the row is the address where the page has no address block."""

from __future__ import annotations

import pytest

from docextract.kinds import kind_finder
from docextract.locate import find_fields
from docextract.schema import load_schema
from docextract.types import Line
from docextract.venue import venue_row
from tests._pages import layout


def _lines(*rows):
    return [Line(t, (40, 10 + 40 * k, 460, 38 + 40 * k), 0.95) for k, t in enumerate(rows)]


def _address(*rows):
    lines = _lines(*rows) + [Line("TOTAL 16.10", (20, 500, 300, 530), 0.99)]
    found = find_fields(lines, load_schema("receipt"), sizes=[(500, 700)])
    return found["merchant_address"].raw if found.get("merchant_address") else None


def test_the_address_kind_is_the_venue_finder():
    assert kind_finder("address").__name__ == "find_address_or_venue"


@pytest.mark.parametrize("rows, expected", [
    # an airport under the name and its second line (a trade word: the shop's, no venue)
    (["HMSHOST", "CALIFORNIA PIZZA KITCHEN", "OAKLAND INTL AIRPORT", "287724 Brittney", "CHK 2900 GST 1",
      "DEC23'14 2:52PM"], "OAKLAND INTL AIRPORT"),
    (["AIRPORT RESTAURANT", "BAGDOGRA AIRPORT", "Reg No. 19AAJCA9683R1ZG", "12/05/2016"], "BAGDOGRA AIRPORT"),
    (["GORDON'S GRILL", "Sunset Casino", "Server: Bob", "10/21/2014 19:41"], "Sunset Casino"),
])
def test_a_venue_under_the_name_is_the_address_when_there_is_none(rows, expected):
    assert _address(*rows) == expected


@pytest.mark.parametrize("rows, expected", [
    # a street address found: the venue line stays out of it as before
    (["JOE'S DINER", "TERMINAL 2", "123 Main St", "Austin, TX 78701", "12/05/2016 10:22"], "123 Main St Austin, TX 78701"),
    # a venue word past a phone, a date or an amount, or in a row with a number: no address
    (["JOE'S DINER", "Tel: 555-1234", "AIRPORT SHUTTLE", "12/05/2016"], None),
    (["JOE'S DINER", "12/05/2016 10:22", "AIRPORT"], None),
    (["JOE'S DINER", "TERMINAL 2", "12/05/2016 10:22"], None),
    (["JOE'S DINER", "Thank you", "Please come again", "See you soon", "AIRPORT", "12/05/2016"], None),
])
def test_no_venue_row_else(rows, expected):
    assert _address(*rows) == expected


def test_venue_row_needs_the_name_row():
    page = layout([(t, (40, 10 + 40 * k, 460, 38 + 40 * k)) for k, t in enumerate(["OAKLAND INTL AIRPORT", "12/05/2016"])])
    assert venue_row(page, -1) is None and venue_row(page, 0) is None
    page = layout([(t, (40, 10 + 40 * k, 460, 38 + 40 * k)) for k, t in enumerate(["HMSHOST", "OAKLAND AIRPORT"])])
    assert venue_row(page, 0) == 1


@pytest.mark.parametrize("junk", [None, "", "€", "１２３ ＡＩＲＰＯＲＴ", "x" * 10000])
def test_junk_rows_do_not_crash(junk):
    _address("JOE'S DINER", junk or "?")
