"""Where dates sit in a line of OCR text: spans that :func:`~docextract.normalize.dates.parse_date` accepts.

The shapes are those printed on documents (``25/12/2018``, ``2018年12月25日``, ``DEC23'14``,
``23 juin 2016``, ``20181225``), with what a recogniser makes of them: a time glued on
(``29Jan1520:34``) or in front (``16:5819/05/18``), a stray mark after 年 or 月 (``1999年/12月3日``), a separator padded
(``10- 9-2016``) or doubled by a stray point (``5./3/2018``), one slash read as a digit
(``19710/2018``), a month name with a letter misread (``Harch``), a day's digit read as a letter
(``JANO9'03``), a receipt number glued in front (``000114/02/2018``), a two-digit year after a point
(``JAN31.13``) or its apostrophe read as a colon or lost (``Apr01:18``, ``DEC2314``), a time's first
digit glued to a two-digit year (``06/05/131 1:19 PM``), both slashes after a year read as digits before a
time (``2016705704 16:26``), a three-letter month with a letter misread
between a day and a year (``12 War 18``, ``14/Jum/2017``).
Each span still has to parse as a full date, so a shape that only looks like one is dropped.

>>> t = "DEC23'14 12:05  12Mar'18  jeudi 23 juin 2016  29Jan1520:34  2017-02-12144638  FECHA: DIC/21/2016"
>>> [t[a:b] for a, b in find_dates(t)]
["DEC23'14", "12Mar'18", '23 juin 2016', '29Jan15', '2017-02-12', 'DIC/21/2016']
>>> t = "Date 5./3/2018 22:52  19710/2018  001000114/02/2018  JAN31.13  Tuesday, Harch 27th 2018  1999年/12月3日"
>>> [t[a:b] for a, b in find_dates(t)]
['5./3/2018', '19710/2018', '14/02/2018', 'JAN31.13', 'Harch 27th 2018', '1999年/12月3日']
>>> t = "Apr01:18 12:11P  May0814 12:42PM  DEC2314  Aug2017  JAN15:12:30  16:5819/05/18  #:5819/05/18"
>>> [t[a:b] for a, b in find_dates(t)], [t[a:b] for t in ("JANO9'03", "March Z7th 2018") for a, b in find_dates(t)]
(['Apr01:18', 'May0814', 'DEC2314', '19/05/18'], ["JANO9'03", 'March Z7th 2018'])
>>> t = "06/05/131 1:19 PM  12 War 18 8:54 A  14/Jum/2017  Nar 12 2018  2 Tan 12.00  06/05/1312"
>>> [t[a:b] for a, b in find_dates(t)]
['06/05/13', '12 War 18', '14/Jum/2017']
>>> t = "2016705704~*16:26:26  2016705704  TEL 2016705704 16"
>>> [t[a:b] for a, b in find_dates(t)]
['2016705704']
>>> find_dates("MARGARITA 12.50  SEP12.505  TOTAL 1234/05/2018"), find_dates(""), find_dates("€" * 5000)
([], [], [])
"""

from __future__ import annotations

import functools
import re

from ..errors import FieldError
from ._util import trie_regex
from .dates import framed_month_date, misread_day, month_names, parse_date

__all__ = ["find_dates"]


@functools.lru_cache(maxsize=1)
def _patterns() -> list[re.Pattern]:
    from ..data import look_alike

    names, slash = trie_regex(month_names(misread=True)), re.escape(look_alike()["slash_reads"])
    mon = "(?:" + names + r")[^\W\d_]{0,6}\.?"
    cut = r"(?:[.,](?=[/\-]))?"     # a stray point before a separator
    return [
        # a time glued in front of a day-first date, the space between lost (16:5819/05/18); first, before
        # the year-first shape below claims 5819/05/18
        re.compile(r"(?<=(?<!\d)(?:[01]\d|2[0-3])[:：][0-5]\d)(?:0[1-9]|[12]\d|3[01])([/\-.])(?:0?[1-9]|1[0-2])\1"
                   r"(?:\d{4}|\d{2})(?![\d/.\-])"),
        re.compile(r"(?<!\d)\d{2,4}\s*[年][/.,|、]?\s*\d{1,2}\s*[月][/.,|、]?\s*\d{1,2}\s*[日号]?"),
        # one separator twice ("MI11/3-21" is no date), maybe padded ("10- 9-2016"), hhmmss glued on
        # ("2017-02-12144638")
        re.compile(r"(?<![\d.])(?:\d{4}([./\-])\d{1,2}\1(?:\d{2}(?=(?:[01]\d|2[0-3])(?:[0-5]\d){2}(?!\d))|\d{1,2}(?!\d))"
                   rf"|\d{{1,2}}{cut}([./\-]) ?\d{{1,2}}{cut}\2 ?(?:\d{{4}}|\d{{2}})(?!\d))"),
        re.compile(r"(?<![\dA-Z])\d{1,2}\s*[\-./ ]?\s*" + mon + r"(?:\s*/\s*[A-Z]{3,9}\.?)?\s*[\-./, '’´]?\s*"
                   r"(?:\d{2}(?=\d{1,2}\s*[:：]\s*\d{2})|(?:\d{4}|\d{2})(?!\d|[.,]\d))", re.I),
        re.compile(r"(?<![A-Z])" + mon + r"\s*[\-./]?\s*\d{1,2}(?:st|nd|rd|th)?\s*"
                   r"(?:[,./\-]?\s*\d{4}|['’´]\s*\d{2})(?!\d)", re.I),
        re.compile(r"(?<![\d.])(?:\d{4}[./\-]\d{1,2}[./\-]\d{2}|\d{1,2}[./\-]\d{1,2}[./\-](?:\d{4}|\d{2}))"
                   r"(?=\d{1,2}\s*[:：]\s*\d{2})"),  # a time glued to the date: 27/06/185:02:32 PM
        re.compile(r"(?<![\d.])(?:19|20)\d{2}\s+\d{1,2}\s+\d{1,2}(?!\d)"),
        re.compile(r"(?<![\d.])(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)"),
        # a day-first date whose faint separators were not read ("27032018"), standing alone
        re.compile(r"(?<![\w.\-/#:])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d{2}(?![\w.\-/])"),
        # one slash read as a digit, the other printed (dates.parse_date puts it back)
        re.compile(r"(?<![\d.])(?:\d{5}/\d{4}|\d{2}/\d{7})(?!\d)"),
        # both slashes after a four-digit year read as a digit, a time after it (2016705704~*16:26:26)
        re.compile(rf"(?<![\d.])(?:19|20)\d{{2}}[{slash}](?:0[1-9]|1[0-2])[{slash}](?:0[1-9]|[12]\d|3[01])"
                   r"(?=\D{0,3}(?:[01]?\d|2[0-3])[:：][0-5]\d)"),
        # a two-digit day, one separator twice and a four-digit year, glued to the number printed before it
        re.compile(r"(?<=\d)(?:0[1-9]|[12]\d|3[01])([/\-])\d{1,2}\1(?:19|20)\d{2}(?!\d)"),
        # a two-digit year with the first digit of a time glued on, the time read apart (06/05/131 1:19 PM)
        re.compile(r"(?<![\d.])\d{1,2}([./\-])\d{1,2}\1\d{2}(?=\d(?:\s|$))"),
        # a three-letter month with one letter misread, between a day and a year (12 War 18)
        framed_month_date(),
        # an abbreviated month glued to its day, a point before the two-digit year (JAN31.13), or the
        # apostrophe there read as a colon or lost (Apr01:18, DEC2314: dates.parse_date puts it back)
        re.compile(r"(?<![^\W\d_])(?:" + names + r")(?:\d{1,2}\.|(?:0[1-9]|[12]\d|3[01]):?)\d{2}(?![\d.,:])", re.I),
    ]


def _spans(patterns, text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for p in patterns:
        for m in p.finditer(text):
            a, b = m.span()
            while b > a and text[b - 1] in " ,.-/":
                b -= 1
            if all(b <= s or a >= e for s, e in spans):
                spans.append((a, b))
    return sorted(spans)


def find_dates(text: str, *, day_first: bool | None = True, year_first: bool | None = None) -> list[tuple[int, int]]:
    """Spans of ``text`` that parse as a full date (``day_first``/``year_first``: as in ``parse_date``).

    >>> t = "Date: 25/12/2018 8:13:39 PM"
    >>> [t[a:b] for a, b in find_dates(t)]
    ['25/12/2018']
    """
    out, text = [], text or ""
    for a, b in _spans(_patterns(), misread_day(text)):   # a day's digit read as a letter: the same length
        try:
            parse_date(text[a:b], day_first=day_first, year_first=year_first)
        except FieldError:
            continue
        out.append((a, b))
    return out
