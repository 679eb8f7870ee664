"""Typed values inside OCR text: where a date, an amount, a time or a phone number sits in a line.

Each ``find_*`` function returns spans ``(start, end)`` of ``text`` whose substring the matching
normaliser accepts, so a line such as ``25/12/2018 8:13:39 PM`` yields the date alone, and
``Round d Total (RM): 9.00`` the amount alone. :func:`extract_value` picks, for a schema field,
the part of a text that fits the field's type.

>>> t = "Date: 25/12/2018 8:13:39 PM"
>>> [t[a:b] for a, b in find_dates(t)], [t[a:b] for a, b in find_times(t)]
(['25/12/2018'], ['8:13:39 PM'])
>>> t = "TOTAL (RM) 1,234.50  CASH RM 1,300.00"
>>> [t[a:b] for a, b in find_amounts(t)]
['1,234.50', 'RM 1,300.00']
>>> t = "出生 1949 年 12 月 31 日"
>>> [t[a:b] for a, b in find_dates(t)]
['1949 年 12 月 31 日']
>>> t = "DEC23'14 12:05  12Mar'18  jeudi 23 juin 2016  29Jan1520:34  2017-02-12144638  FECHA: DIC/21/2016"
>>> [t[a:b] for a, b in find_dates(t)]
["DEC23'14", "12Mar'18", '23 juin 2016', '29Jan15', '2017-02-12', 'DIC/21/2016']
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..fieldtypes import FIELD_TYPES
from ..errors import FieldError
from ..markread import mark_spans
from ..normalize.date_spans import find_dates
from ..normalize.dates import parse_time
from ..normalize.locale import currency_regex

__all__ = ["page_amounts", "amounts_in", "point_lost", "printed_span", "repair_amount", "find_dates", "find_amounts",
           "find_times", "find_phones", "extract_value", "is_plausible", "AMOUNT_RE"]

_TIME_RE = re.compile(r"(?<![\d.:/])(?:[01]?\d|2[0-3])\s*[:：]\s*[0-5]\d(?:\s*[:：]\s*[0-5]\d)?(?:\s*[AaPp]\.?[Mm]\.?)?"
                      r"(?![\d/])|\d{1,2}\s*[时時点]\s*\d{1,2}\s*分")
#: an amount: optional sign and currency mark (locales.yaml), digits with optional grouping, 1–2 decimals
AMOUNT_RE = currency_regex(r"(?<![\w.,/:\-])(?:-\s*)?(?:{marks}\s*)?-?\s*(?:(?:\d{1,3}(?:,\d{3})+|\d+)[.,]\d{1,2}"
                           r"|\.\d\d)(?![\d/%:])(?:\s*-)?", re.I)
_WHOLE = re.compile(r"(?<![\d.,/:\-])\d{1,3}([,.])\d{3}(?:\1\d{3})*(?![\w.,/:%\-])")
_PHONE_RE = re.compile(r"(?<!\d)(?:\+?\d{1,3}[\s\-]?)?(?:\(?\d{2,4}\)?[\s\-]?)?\d{3,4}[\s\-]?\d{3,4}(?!\d)")


def find_times(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _TIME_RE.finditer(text):
        try:
            parse_time(m.group())
        except FieldError:
            continue
        out.append(m.span())
    return out


def find_amounts(text: str) -> list[tuple[int, int]]:
    """Spans that parse as an amount with decimals (``9.00``, ``RM 1,234.50``, ``-0.02``)."""
    from ..scoring import as_amount

    out = []
    for m in AMOUNT_RE.finditer(text):
        a, b = m.span()
        if as_amount(m[0].strip()) is None and as_amount(m[0].strip().rstrip("-").strip()) is None:
            continue
        a, b = a + len(m[0]) - len(m[0].lstrip()), b - len(m[0]) + len(m[0].rstrip())
        out.append((a, b))
    return out


def amounts_in(text: str, whole: bool = False) -> list[tuple]:
    """``(start, end, Decimal value)`` of each amount in ``text`` (a trailing minus makes it negative);
    ``whole``: grouped whole numbers too, on a page that prints no cents (a currency without them).

    >>> amounts_in("Discount 2.00-  Total 9.00"), amounts_in("Rp224.400", whole=True)
    ([(9, 14, Decimal('-2.00')), (22, 26, Decimal('9.00'))], [(2, 9, Decimal('224400'))])
    """
    from ..normalize.amounts import parse_amount

    out = []
    for a, b in find_amounts(text):
        try:
            out.append((a, b, parse_amount(text[a:b])))
        except FieldError:
            pass
    return out if out or not whole else [(*m.span(), Decimal(re.sub(r"\D", "", m[0]))) for m in _WHOLE.finditer(text)]


_BROKEN_AMOUNT = currency_regex(r"\s*((?:{marks})?\s*-?)\s*([0-9OoUDQ]{1,6})\s*[\s\-:;,'`]\s*([0-9OoUDQ]{2})\s*$", re.I)
_MISREAD_CENTS = currency_regex(r"\s*((?:{marks})?\s*)(\d{1,6})\.([0-9OoUDQ]{2})\s*$", re.I)


def repair_amount(text: str) -> str | None:
    """An amount whose decimal point or a zero was misread (``6-00``, ``20 00``, ``7.U0``) or whose currency
    mark was read as a letter (``S34.50``: :func:`docextract.markread.mark_spans`), repaired; None when
    ``text`` is not such an amount. Used only for a value right of its label.

    >>> [repair_amount(t) for t in ("6-00", "RM 20 00", "7.U0", " S34.50", "12 apples", "LOT S34.50", "S34.5")]
    ['6.00', 'RM 20.00', '7.00', '34.50', None, None, None]
    """
    m = _BROKEN_AMOUNT.match(text or "") or _MISREAD_CENTS.match(text or "")
    if not m:   # a letter read for a currency mark, alone: the amount after it
        return next((text[a + 1:b] for a, b, _ in mark_spans(text) if not (text[:a] + text[b:]).strip()), None)
    fix = str.maketrans("OoUDQ", "00000")
    lead = m.group(1).strip()
    t = f"{lead + ' ' if lead and lead[-1].isalpha() else lead}{m.group(2).translate(fix)}.{m.group(3).translate(fix)}"
    return t


def find_phones(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _PHONE_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if 7 <= len(digits) <= 15:
            out.append(m.span())
    return out


def is_plausible(spec, raw: str, options: dict | None = None) -> bool:
    """Whether ``raw`` normalises for ``spec`` (a FieldSpec) and matches its pattern."""
    from ..normalize import normalize_value

    if raw is None or not raw.strip():
        return False
    try:
        value = normalize_value(spec.type, raw, values=spec.values, options=options or {},
                                formats=tuple(spec.checks))
    except FieldError:
        return False
    if spec.type == "id" and spec.checks:
        from ..normalize.identifiers import is_valid_id

        if not any(is_valid_id(value, fmt) for fmt in spec.checks):
            return False
    return (not spec.pattern or bool(re.search(spec.pattern, str(value)))) and (
        spec.type != "text" or bool(re.search(r"\w", raw)))


def extract_value(spec, text: str, options: dict | None = None) -> tuple[int, int] | None:
    """The span of ``text`` holding a value of ``spec``'s type, or None.

    Dates, times, amounts and phones are cut out of the text; an amount is the last one printed
    (labels come first); ids are the longest identifier-like run that normalises; other types
    take the whole text when it normalises.

    >>> from docextract.schema import FieldSpec
    >>> t = "Total (RM): 9.00"
    >>> a, b = extract_value(FieldSpec("total", "amount"), t); t[a:b]
    '9.00'
    """
    o = options or {}
    if not text or not text.strip():
        return None
    ftype = FIELD_TYPES.get(spec.type)
    spans = ftype.find_spans(text, o) if ftype is not None else None
    if spans is not None:  # a type with a span finder (dates, times, amounts, phones)
        return (spans[-1] if ftype.pick == "last" else spans[0]) if spans else None
    if spec.type in ("integer", "decimal", "percent"):
        m = list(re.finditer(r"-?\d+(?:[.,]\d+)?\s*%?", text))
        return m[-1].span() if m else None
    if spec.type == "id":
        runs = sorted(re.finditer(r"[0-9A-Za-z][0-9A-Za-z \-/.]*[0-9A-Za-z]|[0-9A-Za-z]", text),
                      key=lambda m: -len(m.group()))
        for m in runs:
            if is_plausible(spec, m.group(), o):
                return m.span()
        return None
    if spec.type == "text" and spec.pattern:   # the part that fits the pattern (a mark before it dropped)
        for m in re.finditer(spec.pattern, text):
            if m.group().strip() and re.fullmatch(spec.pattern, m.group()):
                return m.span()
        return None
    a = len(text) - len(text.lstrip())
    b = len(text.rstrip())
    return (a, b) if is_plausible(spec, text[a:b], o) else None


_PRINTED = {"id": r"[0-9A-Za-z][0-9A-Za-z \-/.]*[0-9A-Za-z]", "date": r"\d[\d\s./\-年月日]*[\d年月日]",
            "amount": r"\d[\d\s.,]*\d|\d", "integer": r"\d+", "decimal": r"\d[\d.,]*"}


def printed_span(spec, text: str) -> tuple[int, int] | None:
    """Where ``text`` (read right of a label) prints something shaped like ``spec``'s type that
    fails to parse or check — an ID number with a wrong check digit or 17 digits, a date with month
    13 — so it is returned with its failing check instead of dropped; None when nothing such.

    >>> from docextract.schema import FieldSpec
    >>> t = "公民身份号码 11010519491231003X"
    >>> a, b = printed_span(FieldSpec("id", "id"), t); t[a:b]
    '11010519491231003X'
    >>> printed_span(FieldSpec("id", "id"), "No. AB"), printed_span(FieldSpec("d", "date"), "Date 1949年13月1日")
    (None, (5, 15))
    """
    pattern = _PRINTED.get(spec.type)
    runs = [m for m in re.finditer(pattern, text or "")] if pattern else []
    runs = [m for m in runs if sum(c.isdigit() for c in m.group()) >= (4 if spec.type in ("id", "date") else 1)]
    return max(runs, key=lambda m: len(m.group())).span() if runs else None


def page_amounts(page, state: dict | None = None) -> set:
    """Every amount printed on ``page`` (as Decimals), cached in ``state`` per page."""
    key = ("amounts", page.page)
    if state is not None and key in state:
        return state[key]
    out = {abs(v) for line in page.lines for _, _, v in amounts_in(line.text)}
    if state is not None:
        state[key] = out
    return out


def point_lost(text: str, amounts: set) -> str | None:
    """A bare whole number read where an amount is printed, made an amount when the page prints it
    elsewhere: its decimal point lost (``1000`` for ``10.00``) or its cents (``7`` for ``7.00``).

    >>> from decimal import Decimal
    >>> point_lost("1000", {Decimal("10.00")}), point_lost("7", {Decimal("7.00")}), point_lost("12", {Decimal("3")})
    ('10.00', '7.00', None)
    >>> point_lost("25.", {Decimal("25.00")}), point_lost("25.", {Decimal("2.50")})
    ('25.00', None)
    """
    from decimal import Decimal

    m = re.fullmatch(r"(\d{1,7})(\.?)", (text or "").strip())   # "25.": the cents lost after the point
    if not m:
        return None
    n = Decimal(m.group(1))
    if not m.group(2) and len(m.group(1)) >= 3 and n / 100 in amounts:
        return f"{n / 100:.2f}"
    return f"{n:.2f}" if n in amounts and n > 0 else None
