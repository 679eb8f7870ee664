"""Dates and times as printed on documents.

Fixed patterns are tried first (Chinese/Korean ``年月日``, ISO, dotted, slashed, spaced, compact
``YYYYMMDD``, English month names), then dateparser as a guarded fallback for other languages
(strict parsing, day, month and year all required, no relative dates). A partial date is never
completed: ``2024年3月`` and ``March 2024`` raise :class:`InvalidFormat`.

Ambiguous numeric dates (``03/04/2024``): a part above 12 settles it; otherwise ``day_first``
decides, and without it the locale's short date pattern (``en``/``en_US``: month first), and
without a locale day first. Two-digit years become 20yy when that is at most ten years ahead of
today, else 19yy; :func:`parse_mrz_date` has the MRZ rules (birth in the past, expiry ahead).

Month names are in :mod:`~docextract.normalize.months`, what the OCR misreads in a date is put right
by :mod:`~docextract.normalize.date_misreads`, times are :mod:`~docextract.normalize.times`'s; their
public names are importable from here as well.

>>> parse_date("2024年3月15日"), parse_date("15.03.2024"), parse_date("03/04/2024", locale="en_US")
(datetime.date(2024, 3, 15), datetime.date(2024, 3, 15), datetime.date(2024, 3, 4))
>>> parse_date("二〇二四年三月十五日"), parse_date("15-Mar-18"), parse_date("1993 11 30")
(datetime.date(2024, 3, 15), datetime.date(2018, 3, 15), datetime.date(1993, 11, 30))
>>> parse_date("2024年3月")
Traceback (most recent call last):
...
docextract.errors.InvalidFormat: incomplete date '2024年3月': day, month and year are all needed
>>> parse_time("9:01 PM"), parse_time("21时05分")
(datetime.time(21, 1), datetime.time(21, 5))
"""

from __future__ import annotations

import datetime as _dt
import re

from ..errors import FieldError, InvalidComponent, InvalidFormat
from ._util import get_locale, prepare
from .date_misreads import framed_month_date, misread_day, misread_month_pattern, misread_separators
from .months import framed_month_names, misread_month_names, month_names
from .times import parse_time

__all__ = ["parse_date", "parse_time", "parse_mrz_date", "is_valid_date", "month_names",
           "misread_month_names", "framed_month_names", "framed_month_date", "misread_day"]

MIN_YEAR, MAX_YEAR = 1800, 2200


_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CN_RUN = re.compile("[〇○零一二两三四五六七八九十]+")

_WEEKDAY_LEAD = re.compile(r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]{0,6}\.?,?\s*", re.I)
_WEEKDAY_TAIL = re.compile(r"\s*[(]?\s*(?:(?:星期|周|礼拜)[一二三四五六日天]|[月火水木金土日]曜日?"
                           r"|[월화수목금토일]요일)[)]?$")
_TIME_TAIL = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:\s*[AaPp]\.?[Mm]\.?)?"
                        r"(?:Z|[+-]\d{2}:?\d{2})?$|\s+\d{1,2}\s*[时時点]\s*(?:\d{1,2}\s*分\s*(?:\d{1,2}\s*秒)?)?$")
_CJK = re.compile(r"^(\d{2}|\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日号號일]?$")
_NUMERIC = re.compile(r"^(\d{1,4})(?:\s*[./\-]\s*|\s+)(\d{1,2})(?:\s*[./\-]\s*|\s+)(\d{1,4})\.?$")
_MONTH_TOKEN = r"(?:\d{1,2}\s*月\s*/?\s*)?([^\W\d_]{3,9})(?:\s*/\s*[^\W\d_]{3,9})?\.?"
_DMY_NAME = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?(?:\s*[\-./]\s*|\s*)" + _MONTH_TOKEN
                       + r"(?:\s*[\-./,]\s*|\s*)(\d{4}|\d{2})$", re.I)
_MDY_NAME = re.compile(r"^([^\W\d_]{3,9})\.?\s*[\-./]?\s*(\d{1,2})(?:st|nd|rd|th)?"
                       r"(?:\s*[,\-./]\s*|\s+|(?=\d{4}$))(\d{4}|\d{2})$", re.I)   # Aug262017: its spaces lost
_YMD_NAME = re.compile(r"^(\d{4})\s*[\-./]?\s*([^\W\d_]{3,9})\.?\s*[\-./]?\s*(\d{1,2})$", re.I)


def _cn_run_value(run: str) -> str:
    if "十" not in run:
        return "".join(str(_CN_DIGIT[c]) for c in run)
    tens, _, ones = run.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return run
    return str((_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0))


def _two_digit_year(yy: int, today: _dt.date) -> int:
    return 2000 + yy if 2000 + yy <= today.year + 10 else 1900 + yy


def _make(year: int | str, month: int | str, day: int | str, text: str, *, short_year: bool = False) -> _dt.date:
    y, m, d = int(year), int(month), int(day)
    if short_year or len(str(year)) <= 2:
        y = _two_digit_year(y, _dt.date.today())
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise InvalidComponent(f"year {y} in {text!r} is out of range {MIN_YEAR}–{MAX_YEAR}", value=text)
    if not 1 <= m <= 12:
        raise InvalidComponent(f"month {m} in {text!r} is not 1–12", value=text)
    try:
        return _dt.date(y, m, d)
    except ValueError:
        raise InvalidComponent(f"day {d} does not exist in {y}-{m:02d} ({text!r})", value=text) from None


def _locale_order(locale) -> tuple[bool | None, bool | None]:
    """(year_first, day_first) implied by the locale's short date pattern."""
    loc = get_locale(locale)
    if loc is None:
        return None, None
    from babel.dates import get_date_format

    pattern = get_date_format("short", locale=loc).pattern
    y, m, d = pattern.find("y"), pattern.find("M"), pattern.find("d")
    if min(y, m, d) < 0:
        return None, None
    return y < m and y < d, d < m


def _numeric(a: str, b: str, c: str, text: str, day_first: bool, year_first: bool) -> _dt.date:
    if len(a) == 4 or (len(c) <= 2 and (year_first or int(a) > 31)):
        if len(c) > 2:
            raise InvalidFormat(f"cannot tell the year in {text!r}", value=text)
        return _make(a, b, c, text)
    if len(c) not in (2, 4) or len(a) > 2:
        raise InvalidFormat(f"cannot tell day, month and year in {text!r}", value=text)
    x, y = int(a), int(b)
    if x > 12 >= y:
        return _make(c, y, x, text)
    if y > 12 >= x:
        return _make(c, x, y, text)
    return _make(c, y, x, text) if day_first else _make(c, x, y, text)


#: dateparser's languages when no locale is given (all 200 would cost a second to load on a miss)
_LANGUAGES = ["en", "zh", "de", "fr", "es", "it", "pt", "nl", "ru", "ja", "ko", "ms", "id", "vi", "pl", "sv", "tr"]


def _dateparser(text: str, locale) -> _dt.date | None:
    try:
        import dateparser
    except ImportError:  # pragma: no cover - dateparser is a dependency
        return None
    loc = get_locale(locale)
    settings = {"PARSERS": ["custom-formats", "absolute-time"], "STRICT_PARSING": True,
                "REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past",
                "RETURN_TIME_AS_PERIOD": False}
    try:
        found = dateparser.parse(text, languages=[loc.language] if loc is not None else _LANGUAGES, settings=settings)
    except (ValueError, TypeError, ArithmeticError, LookupError, AttributeError, re.error):  # dateparser on junk
        return None
    if found is None:
        return None
    if loc is not None:  # cross-check the month against the locale's own month names (babel)
        months = _months_named(text, loc)
        if months and found.month not in months:
            return None
    return found.date()


def _months_named(text: str, loc) -> set[int]:
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, loc).items():
                names.setdefault(name.casefold().rstrip("."), number)
    found, rest = set(), text.casefold()
    for name in sorted(names, key=len, reverse=True):
        if len(name) >= 2 and not name.isdigit() and name in rest:
            found.add(names[name])
            rest = rest.replace(name, " ")
    return found


def parse_date(s: str, *, day_first: bool | None = None, year_first: bool | None = None,
               locale: str | None = None) -> _dt.date:
    """A ``datetime.date`` from a printed date; see the module docstring for the rules.

    >>> parse_date("15/03/2024"), parse_date("20240315"), parse_date("March 15, 2024")
    (datetime.date(2024, 3, 15), datetime.date(2024, 3, 15), datetime.date(2024, 3, 15))
    >>> parse_date("01/02/2024", day_first=True), parse_date("15. März 2024", locale="de")
    (datetime.date(2024, 2, 1), datetime.date(2024, 3, 15))
    >>> parse_date("12 War 18"), parse_date("1 Mac 2000", locale="ms_MY")   # a misread name only where none fits
    (datetime.date(2018, 3, 12), datetime.date(2000, 3, 1))
    """
    try:
        return _parse_date(s, day_first, year_first, locale)
    except FieldError:
        if not isinstance(s, str) or (framed := framed_month_date().sub(
                lambda m: m[1] + framed_month_names()[m[2].lower()] + m[3], s)) == s:
            raise
        return _parse_date(framed, day_first, year_first, locale)


def _parse_date(s: str, day_first: bool | None, year_first: bool | None, locale: str | None) -> _dt.date:
    text = prepare(s, "date", max_len=80)
    text = _TIME_TAIL.sub("", _WEEKDAY_TAIL.sub("", _WEEKDAY_LEAD.sub("", text))).strip()
    text = misread_separators(misread_month_pattern().sub(lambda m: misread_month_names()[m.group().lower()],
                                                    misread_day(text)))
    loc_year_first, loc_day_first = _locale_order(locale)
    if any(c in text for c in "年月日년월일"):
        text = _CN_RUN.sub(lambda m: _cn_run_value(m.group()), text)
        m = _CJK.match(text)
        if m:
            return _make(*m.groups(), text)
        if not re.search("[A-Za-z]", text):
            raise InvalidFormat(f"incomplete date {text!r}: day, month and year are all needed", value=s)
    if text.isdigit():
        if len(text) == 8:
            if MIN_YEAR <= int(text[:4]) <= MAX_YEAR:
                return _make(text[:4], text[4:6], text[6:], text)
            return _numeric(text[:2], text[2:4], text[4:], text, day_first is not False, False)
        raise InvalidFormat(f"{text!r} is not a date (a run of digits must be YYYYMMDD)", value=s)
    m = _NUMERIC.match(text)
    if m:
        yf = year_first if year_first is not None else bool(loc_year_first)
        df = day_first if day_first is not None else (loc_day_first if loc_day_first is not None else True)
        return _numeric(*m.groups(), text, df, yf)
    for pattern, order in ((_DMY_NAME, "dmy"), (_MDY_NAME, "mdy"), (_YMD_NAME, "ymd")):
        m = pattern.match(text)
        if m:
            parts = dict(zip(order, m.groups()))
            month = month_names().get(parts["m"].lower())
            if month is not None:
                return _make(parts["y"], month, parts["d"], text)
            break
    if re.fullmatch(r"(?:[A-Za-z]{3,9}\.?,?\s*\d{4}|\d{4}\s*[\-./]?\s*[A-Za-z]{3,9}\.?)", text):
        raise InvalidFormat(f"incomplete date {text!r}: day, month and year are all needed", value=s)
    if re.search(r"[^\W\d_]", text) and re.search(r"\d", text):  # a date needs a number
        found = _dateparser(text, locale)
        if found is not None:
            return _make(found.year, found.month, found.day, text)
    if re.fullmatch(r"[\d\s./\-]+", text):
        raise InvalidFormat(f"incomplete date {text!r}: day, month and year are all needed", value=s)
    raise InvalidFormat(f"{text!r} is not a recognised date", value=s)


def is_valid_date(s: object, **options) -> bool:
    """True when :func:`parse_date` accepts ``s``; never raises.

    >>> is_valid_date("31.02.2024"), is_valid_date("29.02.2024")
    (False, True)
    """
    try:
        parse_date(s, **options)  # type: ignore[arg-type]
    except FieldError:
        return False
    return True


_OCR_DIGITS = str.maketrans("OoQDIlZSB", "000011258")


def parse_mrz_date(s: str, *, future: bool = False, today: _dt.date | None = None) -> _dt.date:
    """An MRZ ``YYMMDD`` date. Birth dates (``future=False``) get the latest century that is not
    after ``today``; expiry dates (``future=True``) the century that puts them within 50 years
    of ``today`` either way. Letters OCR-confused with digits (O, I, S, B, ...) are repaired.

    >>> parse_mrz_date("740812"), parse_mrz_date("120415", future=True)
    (datetime.date(1974, 8, 12), datetime.date(2012, 4, 15))
    >>> import datetime
    >>> parse_mrz_date("300101", future=True, today=datetime.date(2026, 1, 1))
    datetime.date(2030, 1, 1)
    """
    text = prepare(s, "MRZ date", max_len=20).replace(" ", "").translate(_OCR_DIGITS)
    if not re.fullmatch(r"\d{6}", text):
        raise InvalidFormat(f"an MRZ date is 6 digits YYMMDD, not {text!r}", value=s)
    today = today or _dt.date.today()
    yy, mm, dd = int(text[:2]), int(text[2:4]), int(text[4:])
    if future:
        year = 2000 + yy if 2000 + yy <= today.year + 50 else 1900 + yy
        if year < today.year - 50:
            year += 100
    else:
        year = (today.year // 100) * 100 + yy
        if (year, mm, dd) > (today.year, today.month, today.day):
            year -= 100
    try:
        return _dt.date(year, mm, dd)
    except ValueError:
        raise InvalidComponent(f"{text!r} is not a valid YYMMDD date", value=s) from None

