"""A printed date as the OCR misreads it, put right before it is parsed: a month name with a letter
misread (:func:`misread_month_pattern`), a day's digit read as a letter after a month name
(:func:`misread_day`), a misread three-letter month between a day and a year
(:func:`framed_month_date`), and stray, lost or misread separators (:func:`misread_separators`).
Each keeps what it cannot put right as it is.

>>> misread_day("JANO9'03"), misread_separators("19710/2018")
("JAN09'03", '19/10/2018')
"""

from __future__ import annotations

import functools
import re

from ._util import trie_regex
from .months import framed_month_names, misread_month_names, month_names

__all__ = ["framed_month_date", "misread_month_pattern", "misread_day", "misread_separators"]


@functools.lru_cache(maxsize=1)
def framed_month_date() -> re.Pattern:
    """A day, a misread three-letter month (:func:`~docextract.normalize.months.framed_month_names`)
    and a year: the groups are the day with its separator, the month, and the year with its separator."""
    return re.compile(r"(?<![\w.])(\d{1,2}\s*[\-./ ]?\s*)(" + trie_regex(framed_month_names()) +
                      r")(\.?\s*[\-./ '’]?\s*(?:\d{4}|\d{2}))(?![\w.])", re.I)


@functools.lru_cache(maxsize=1)
def misread_month_pattern() -> re.Pattern:
    """A month name as the OCR misreads it (:func:`~docextract.normalize.months.misread_month_names`),
    standing apart from other letters."""
    return re.compile(r"(?<![^\W\d_])(" + trie_regex(misread_month_names()) + r")(?![^\W\d_])", re.I)


@functools.lru_cache(maxsize=1)
def _lettered_day() -> tuple[re.Pattern, dict[str, str]]:
    from ..data import look_alike

    as_digit = {c.lower(): digit for digit, letters in look_alike()["digit_letters"].items() for c in letters}
    cls = "[" + re.escape("".join(as_digit)) + "]"
    return re.compile(r"(?<![^\W\d_])(?:" + trie_regex(month_names(misread=True)) + r")\.?\s?"
                      rf"({cls}\d|\d{cls})(?=st|nd|rd|th|[^\w]|$)", re.I), as_digit


def misread_day(text: str) -> str:
    """``text`` with a day printed right after a month name put right where one of its two digits
    was read as the letter it looks like (``look_alike.json``'s ``digit_letters``: ``JANO9'03``,
    ``March Z7th 2018``); the same length, so spans found in it hold in ``text``.

    >>> misread_day("JANO9'03"), misread_day("Tuesday, March Z7th 2018"), misread_day("MAY 1ST 2018 SEP 5S")
    ("JAN09'03", 'Tuesday, March 27th 2018', 'MAY 1ST 2018 SEP 55')
    """
    found, as_digit = _lettered_day()
    return found.sub(lambda m: m.group()[:m.start(1) - m.start()] + "".join(
        as_digit.get(c.lower(), c) for c in m.group(1)), text)


_STRAY_POINT = re.compile(r"(?<=\d)[.,]\s*(?=[/\-]\s*\d)|(?<=[年月년월])\s*[/.,\-|、]\s*")
# a month name glued to a two-digit day, the apostrophe before the two-digit year read as a colon or
# lost (Apr01:18, DEC2314); four digits that read as a year (Aug2017) stay a month and a year
_LOST_APOSTROPHE = re.compile(r"^([^\W\d_]{3,9}\.?)(0[1-9]|[12]\d|3[01])(?::|(?<!19)(?<!20))(\d{2})$")


@functools.lru_cache(maxsize=1)
def _slash_read() -> re.Pattern:
    from ..data import look_alike

    digits = re.escape(look_alike()["slash_reads"])
    return re.compile(rf"(\d{{2}})[{digits}](\d{{2}})/(\d{{4}})|(\d{{2}})/(\d{{2}})[{digits}](\d{{4}})"
                      rf"|((?:19|20)\d{{2}})[{digits}](0[1-9]|1[0-2])[{digits}](0[1-9]|[12]\d|3[01])")


def misread_separators(text: str) -> str:
    """``text`` with a stray point before a separator or a stray mark after 年/月 dropped (``5./3/2018``,
    ``1999年/12月3日``), the apostrophe before a glued day's two-digit year put back where it was read as
    a colon or lost (``Apr01:18``, ``DEC2314``; not in ``Aug2017``), and a slash read as the
    digit it looks like (``look_alike.json``'s ``slash_reads``) put back between two-digit day and
    month when the other slash is printed and the year has four digits (``19710/2018``), or both slashes
    after a four-digit year (``2016705704``: its caller makes sure a time follows).

    >>> misread_separators("5./3/2018"), misread_separators("19710/2018"), misread_separators("10/1172018")
    ('5/3/2018', '19/10/2018', '10/11/2018')
    >>> misread_separators("2016705704"), misread_separators("2016105104"), misread_separators("2016713704")
    ('2016/05/04', '2016/05/04', '2016713704')
    >>> misread_separators("12345/2018"), misread_separators("1971/2018"), misread_separators("1999年/12月3日")
    ('12345/2018', '1971/2018', '1999年12月3日')
    >>> misread_separators("Apr01:18"), misread_separators("DEC2314"), misread_separators("Aug2017")
    ("Apr01'18", "DEC23'14", 'Aug2017')
    """
    text = _LOST_APOSTROPHE.sub(r"\1\2'\3", _STRAY_POINT.sub("", text))
    m = _slash_read().fullmatch(text)
    return "/".join(g for g in m.groups() if g is not None) if m else text
