"""A numeric date whose order nothing fixed (neither the call, the schema nor the page) is read day
first, the default — and the result says so, with the month-first reading, in a warning check."""

from __future__ import annotations

from tests._pages import receipt_result
from docextract.options import ExtractOptions
from docextract.schema import load_schema
from docextract.types import Line
from docextract.validation import build_result


def _page(date: str, mark: str = "") -> list[Line]:
    return [Line("CORNER BAKERY", (100, 20, 400, 50), 0.95), Line("12 HIGH STREET", (100, 60, 400, 90), 0.95),
            Line(f"DATE: {date}", (40, 120, 400, 150), 0.95), Line(f"TOTAL {mark}12.50", (40, 200, 400, 230), 0.95)]


def _order_checks(result):
    return [c for c in result.checks if c.code == "date.locale" and c.status == "warn"]


def test_an_ambiguous_date_read_day_first_by_default_says_so_with_the_other_reading():
    r = receipt_result(_page("06/09/2016"), (500, 300))
    assert str(r.record.date) == "2016-09-06"
    (check,) = _order_checks(r)
    assert check.status == "warn" and "the default" in check.message and "2016-06-09" in check.message


def test_no_warning_where_the_date_or_the_page_or_the_call_fixes_the_order():
    assert _order_checks(receipt_result(_page("25/12/2018"), (500, 300))) == []       # only day first
    assert _order_checks(receipt_result(_page("2016-06-09"), (500, 300))) == []       # ISO
    assert _order_checks(receipt_result(_page("06/06/2016"), (500, 300))) == []       # the same both ways
    decided = receipt_result(_page("06/09/2016", "$"), (500, 300))                   # the page decided
    assert _order_checks(decided) == [] and str(decided.record.date) == "2016-06-09"
    assert any(c.code == "date.locale" and c.status == "pass" for c in decided.checks)
    schema = load_schema("receipt")
    from docextract.locate import find_fields

    for opts in (ExtractOptions(day_first=False), ExtractOptions(day_first=True)):
        found = find_fields(_page("06/09/2016"), schema, sizes=[(500, 300)], options=opts)
        r = build_result(found, schema, opts)
        assert _order_checks(r) == [] and str(r.record.date) == ("2016-06-09" if opts.day_first is False
                                                                 else "2016-09-06")


def test_junk_dates_take_no_warning():
    for junk in ("€", "99/99/9999", "1" * 10_000):
        assert _order_checks(receipt_result(_page(junk), (500, 300))) == []
    r = receipt_result(_page("１２/０５/２０１６"), (500, 300))      # full-width digits: as ambiguous
    assert str(r.record.date) == "2016-05-12" and "2016-12-05" in _order_checks(r)[0].message
