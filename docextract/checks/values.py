"""The values document rules compare: decimals and amounts as printed, tolerances, validity periods
(``长期``: no expiry), whole years between dates. Used by :mod:`docextract.checks.common` and the
document-specific rule modules.

>>> to_decimal("12.30"), fmt_amount(Decimal("106")), round_cents(Decimal("13.005"))
(Decimal('12.30'), '106.00', Decimal('13.01'))
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from ..errors import InvalidFormat

if TYPE_CHECKING:
    from . import CheckContext

__all__ = [
    "NO_EXPIRY_WORDS", "CENT", "to_decimal", "fmt_amount", "tolerance_of", "is_empty", "parse_period",
    "no_expiry_words", "is_no_expiry", "add_years", "years_between", "round_cents",
]

#: printed words meaning "valid without end date" (ID cards: 长期)
NO_EXPIRY_WORDS = ("长期", "長期", "长期有效", "永久", "permanent", "indefinite", "no expiry")

CENT = Decimal("0.01")


def to_decimal(value: Any) -> Decimal | None:
    """A ``Decimal`` from a normalised value (Decimal, int, float or numeric str); ``None`` otherwise.

    >>> to_decimal("12.30"), to_decimal(None), to_decimal("abc")
    (Decimal('12.30'), None, None)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def fmt_amount(value: Decimal) -> str:
    """An amount as printed in messages: at least two decimals, more only when significant.

    >>> fmt_amount(Decimal("106")), fmt_amount(Decimal("3.14159")), fmt_amount(Decimal("-0.5"))
    ('106.00', '3.14159', '-0.50')
    """
    value = value.normalize() if value == value.to_integral_value() else value
    if value.as_tuple().exponent > -2:  # type: ignore[operator]
        value = value.quantize(CENT)
    return format(value, "f")


def tolerance_of(ctx: CheckContext, tolerance: Any) -> Decimal:
    """The rule's ``tolerance`` parameter, or the context's (from the options, 0.01 by default)."""
    tol = to_decimal(tolerance)
    if tolerance is not None and tol is None:
        raise ValueError(f"tolerance must be a number, not {tolerance!r}")
    return abs(tol) if tol is not None else ctx.tolerance


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def no_expiry_words(ctx: CheckContext, field: str | None) -> tuple[str, ...]:
    """The field's ``no_expiry`` option (from the schema) plus the built-in words."""
    words: list[str] = []
    if ctx.schema is not None and field:
        try:
            spec = ctx.schema.field(field)
        except KeyError:
            spec = None
        if spec is not None:
            words.extend(str(w) for w in (spec.options.get("no_expiry") or ()))
        words.extend(str(w) for w in (ctx.schema.options.get("no_expiry") or ()))
    return (*words, *NO_EXPIRY_WORDS)


def is_no_expiry(text: Any, words: tuple[str, ...] = NO_EXPIRY_WORDS) -> bool:
    """True when ``text`` (as read) says the document never expires (``长期``).

    >>> is_no_expiry(" 长期 "), is_no_expiry("2035.03.01")
    (True, False)
    """
    if not isinstance(text, str) or not text.strip():
        return False
    folded = unicodedata.normalize("NFKC", text).casefold()
    return any(w.casefold() in folded for w in words)


_DATE_RE = re.compile(r"(\d{4})\s*[.\-/年]?\s*(\d{1,2})\s*[.\-/月]?\s*(\d{1,2})\s*日?")


def parse_period(text: str, words: tuple[str, ...] = NO_EXPIRY_WORDS) -> tuple[_dt.date, _dt.date | None]:
    """Split a printed validity period into (start, end); ``end`` is ``None`` for 长期 (no expiry).

    Accepts ``2015.03.01-2035.03.01``, ``2015年03月01日至2035年03月01日``, ``20150301-20350301``,
    ``2015-03-01 - 2035-03-01`` and ``2015.03.01-长期``; raises ``InvalidFormat`` otherwise.

    >>> parse_period("2015年03月01日至2035年03月01日")
    (datetime.date(2015, 3, 1), datetime.date(2035, 3, 1))
    >>> parse_period("20150301-20350301")[1]
    datetime.date(2035, 3, 1)
    """
    if not isinstance(text, str):
        raise InvalidFormat("a validity period must be text", value=text)
    norm = unicodedata.normalize("NFKC", text)
    dates = []
    for m in _DATE_RE.finditer(norm):
        try:
            dates.append(_dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            raise InvalidFormat(f"{m.group(0)!r} is not a calendar date", value=text) from None
    if len(dates) == 2:
        return dates[0], dates[1]
    if len(dates) == 1 and is_no_expiry(norm[_DATE_RE.search(norm).end():], words):  # type: ignore[union-attr]
        return dates[0], None
    raise InvalidFormat("expected a period 'YYYY.MM.DD-YYYY.MM.DD' or 'YYYY.MM.DD-长期'", value=text)


def add_years(d: _dt.date, years: int) -> _dt.date:
    """``d`` plus whole years (29 February becomes 28 February in common years).

    >>> add_years(_dt.date(2016, 2, 29), 10)
    datetime.date(2026, 2, 28)
    """
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def years_between(start: _dt.date, end: _dt.date) -> int:
    """Completed years from ``start`` to ``end`` (an age).

    >>> years_between(_dt.date(1990, 5, 8), _dt.date(2026, 5, 7))
    35
    """
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def round_cents(value: Decimal) -> Decimal:
    """Round half up to cents (how Chinese tax software rounds).

    >>> round_cents(Decimal("13.005"))
    Decimal('13.01')
    """
    return value.quantize(CENT, rounding=ROUND_HALF_UP)
