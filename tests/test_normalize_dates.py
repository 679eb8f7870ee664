"""Dates and times: fixed formats, locale-driven day/month order, refusal of partial dates."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from docextract.errors import FieldError, InvalidComponent, InvalidFormat
from docextract.normalize.dates import is_valid_date, parse_date, parse_mrz_date, parse_time

D = dt.date


@pytest.mark.parametrize("text, expected", [
    ("2024年3月15日", D(2024, 3, 15)),
    ("2024年03月15日", D(2024, 3, 15)),
    ("２０２４年３月１５日", D(2024, 3, 15)),
    ("2024 年 3 月 15 日", D(2024, 3, 15)),
    ("二〇二四年三月十五日", D(2024, 3, 15)),
    ("一九四九年十二月三十一日", D(1949, 12, 31)),
    ("2024년 3월 15일", D(2024, 3, 15)),
    ("2024.03.15", D(2024, 3, 15)),
    ("2024-3-5", D(2024, 3, 5)),
    ("2024/03/15", D(2024, 3, 15)),
    ("2024. 3. 15.", D(2024, 3, 15)),
    ("1993 11 30", D(1993, 11, 30)),
    ("20240315", D(2024, 3, 15)),
    ("15/03/2024", D(2024, 3, 15)),
    ("03/15/2024", D(2024, 3, 15)),
    ("15.03.2024", D(2024, 3, 15)),
    ("15 MAR 2024", D(2024, 3, 15)),
    ("15 Mar 2024", D(2024, 3, 15)),
    ("15-Mar-18", D(2018, 3, 15)),
    ("01-NOV-2017", D(2017, 11, 1)),
    ("02/JAN/2017", D(2017, 1, 2)),
    ("15 MAR/MARS 2024", D(2024, 3, 15)),
    ("15 3月/MAR 2024", D(2024, 3, 15)),
    ("March 15, 2024", D(2024, 3, 15)),
    ("Sept. 3, 2024", D(2024, 9, 3)),
    ("15th March 2024", D(2024, 3, 15)),
    ("Friday, 15 March 2024", D(2024, 3, 15)),
    ("2024-Mar-15", D(2024, 3, 15)),
    ("2024-03-15T10:30:00Z", D(2024, 3, 15)),
    ("2024年03月15日 14:30", D(2024, 3, 15)),
    ("2024年3月15日（星期五）", D(2024, 3, 15)),
    ("15.3.49", D(1949, 3, 15)),
    # what a recogniser makes of them: a stray mark after 年/月, a point before a slash, one slash read as 7 or 1
    ("1999年/12月3日", D(1999, 12, 3)),
    ("1999年12月.3日", D(1999, 12, 3)),
    ("5./3/2018", D(2018, 3, 5)),
    ("19710/2018", D(2018, 10, 19)),
    ("10/1172018", D(2018, 11, 10)),
    ("Harch 27th 2018", D(2018, 3, 27)),
])
def test_fixed_formats(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text, locale, expected", [
    ("15. März 2024", "de", D(2024, 3, 15)),
    ("15 mars 2024", "fr", D(2024, 3, 15)),
    ("15 de marzo de 2024", "es", D(2024, 3, 15)),
])
def test_other_languages_via_guarded_dateparser(text, locale, expected):
    assert parse_date(text, locale=locale) == expected


def test_ambiguous_day_month_follows_option_then_locale():
    assert parse_date("03/04/2024") == D(2024, 4, 3)  # no hint: day first
    assert parse_date("03/04/2024", locale="en_US") == D(2024, 3, 4)
    assert parse_date("03/04/2024", locale="en_GB") == D(2024, 4, 3)
    assert parse_date("03/04/2024", locale="de_DE") == D(2024, 4, 3)
    assert parse_date("03/04/2024", day_first=False) == D(2024, 3, 4)
    assert parse_date("03/04/2024", day_first=True, locale="en_US") == D(2024, 4, 3)


def test_a_part_above_twelve_settles_the_order_whatever_the_hint():
    assert parse_date("15/03/2024", locale="en_US") == D(2024, 3, 15)
    assert parse_date("03/15/2024", day_first=True) == D(2024, 3, 15)
    with pytest.raises(InvalidComponent):
        parse_date("13/15/2024")


def test_year_first_for_two_digit_years():
    assert parse_date("24/3/15", year_first=True) == D(2024, 3, 15)
    assert parse_date("24/3/15", locale="zh_CN") == D(2024, 3, 15)  # zh_CN short pattern is y/M/d
    assert parse_date("24/3/15") == D(2015, 3, 24)


@pytest.mark.parametrize("text", ["2024年3月", "2024年", "3月15日", "March 2024", "2024 Mar", "2024-03", "03/2024",
                                  "15.03", "2024"])
def test_partial_dates_are_refused(text):
    with pytest.raises(InvalidFormat):
        parse_date(text)


@pytest.mark.parametrize("text", ["yesterday", "today", "in 2 days", "next Friday", "3 days ago", "hello",
                                  "令和6年3月15日"])
def test_relative_and_unknown_dates_are_refused(text):
    with pytest.raises(InvalidFormat):
        parse_date(text)


@pytest.mark.parametrize("text", ["31.02.2024", "2023-02-29", "2024-13-01", "2024-00-10", "32/01/2024"])
def test_impossible_dates_raise_invalid_component(text):
    with pytest.raises(InvalidComponent):
        parse_date(text)
    assert not is_valid_date(text)


def test_year_range_is_guarded():
    with pytest.raises(InvalidComponent, match="out of range"):
        parse_date("1700-01-01")


def test_mrz_dates_century_rule():
    today = D(2026, 11, 23)
    assert parse_mrz_date("740812", today=today) == D(1974, 8, 12)
    assert parse_mrz_date("261122", today=today) == D(2026, 11, 22)  # birth: not after today
    assert parse_mrz_date("261124", today=today) == D(1926, 11, 24)
    assert parse_mrz_date("300101", future=True, today=today) == D(2030, 1, 1)
    assert parse_mrz_date("120415", future=True, today=today) == D(2012, 4, 15)  # expired documents exist
    assert parse_mrz_date("990101", future=True, today=today) == D(1999, 1, 1)
    assert parse_mrz_date("74O8I2", today=today) == D(1974, 8, 12)  # OCR letters in digit positions
    with pytest.raises(InvalidComponent):
        parse_mrz_date("741312")
    with pytest.raises(InvalidFormat):
        parse_mrz_date("7408")


@pytest.mark.parametrize("text, expected", [
    ("09:01", dt.time(9, 1)), ("9:01 PM", dt.time(21, 1)), ("9:01 p.m.", dt.time(21, 1)),
    ("12:05 AM", dt.time(0, 5)), ("12:30 PM", dt.time(12, 30)), ("21时05分", dt.time(21, 5)),
    ("21时05分30秒", dt.time(21, 5, 30)), ("14:30:59", dt.time(14, 30, 59)), ("下午2:30", dt.time(14, 30)),
    ("上午9点15分", dt.time(9, 15)), ("14h30", dt.time(14, 30)), ("１４：３０", dt.time(14, 30)), ("9 PM", dt.time(21)),
])
def test_times(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "13:00 PM", "12:60", "9", "noon", "14:3"])
def test_bad_times(text):
    with pytest.raises(FieldError):
        parse_time(text)


def test_every_sroie_label_date_parses_day_first(sroie_dir):
    """The 200 real Malaysian receipts: every labelled date parses, day first, to a plausible day."""
    n = 0
    for path in sorted((sroie_dir / "key").glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8")).get("date")
        if not raw:
            continue
        value = parse_date(raw, locale="en_MY")
        assert D(2010, 1, 1) <= value <= D(2020, 12, 31), (path.name, raw, value)
        m = re.fullmatch(r"(\d{2})[/-](\d{2})[/-]\d{2,4}", raw)
        if m:
            assert (value.day, value.month) == (int(m.group(1)), int(m.group(2))), (path.name, raw, value)
        n += 1
    assert n > 150


def test_a_non_ascii_month_name_reads_in_year_month_day_order_too():
    from docextract.normalize.dates import parse_date

    assert parse_date("2016-déc-23").isoformat() == "2016-12-23"
    assert parse_date("2016 März 3").isoformat() == "2016-03-03"
