"""Plain numbers: integers, decimals and percentages (as fractions).

With a ``locale``, babel's *strict* parser reads the locale's separators (``1.234,56`` in ``de``,
``1 234,56`` in ``fr``); a bare ``1234.56`` is always read as written, because models print
that regardless of the document's locale. Without a locale (or when strict parsing fails) the
separators are inferred:

* both ``.`` and ``,`` present: the last one is the decimal mark, the other must group by 3
  (or the Indian 2-2-3): ``1,234.50`` and ``1.234,50`` → 1234.50;
* one mark repeated: grouping (``1,234,567``); spaces and apostrophes group too (``1 234,5``);
* one ``,`` followed by exactly three digits groups (``1,234`` → 1234), otherwise it is the
  decimal mark (``12,50`` → 12.50); one ``.`` is always the decimal mark (``1.234`` → 1.234,
  unless a locale such as ``de`` says ``.`` groups).

>>> parse_decimal("1.234,56", locale="de"), parse_decimal("1 234,56"), parse_decimal("1,234")
(Decimal('1234.56'), Decimal('1234.56'), Decimal('1234'))
>>> parse_integer("１２，３４５"), parse_integer("十二")
(12345, 12)
>>> parse_percent("13%"), parse_percent("0.13"), parse_percent("6 %")
(Decimal('0.13'), Decimal('0.13'), Decimal('0.06'))
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..errors import FieldError, InvalidComponent, InvalidFormat
from ._util import get_locale, prepare

__all__ = ["parse_integer", "parse_decimal", "parse_percent", "is_valid_number", "number_from_text", "NOT_A_NUMBER"]

#: printed in a tax-rate column instead of a rate; parse_percent refuses them by name
NOT_A_NUMBER = {"免税": "tax-exempt", "不征税": "not taxable", "免征": "exempt", "不适用": "not applicable",
                "N/A": "not applicable", "NA": "not applicable", "***": "masked", "**": "masked", "*": "masked",
                "-": "empty", "--": "empty", "—": "empty", "/": "empty"}

_PLAIN = re.compile(r"\d+(?:\.\d+)?|\d*\.\d+")
_GROUP_SPACES = re.compile(r"\d{1,3}(?:[ \u00a0\u202f\u2009'’]\d{3})+(?:[.,]\d{1,12})?")
_SPACE_CHARS = " \u00a0\u202f\u2009'’"


def _grouped(int_part: str, sep: str) -> bool:
    s = re.escape(sep)
    return bool(re.fullmatch(rf"\d{{1,3}}(?:{s}\d{{3}})+", int_part)
                or re.fullmatch(rf"\d{{1,2}}(?:{s}\d{{2}})*{s}\d{{3}}", int_part))


def _infer(core: str, original: object) -> Decimal:
    if _GROUP_SPACES.fullmatch(core):
        core = "".join(ch for ch in core if ch not in _SPACE_CHARS)
    if not re.fullmatch(r"[\d.,]+", core) or not core[-1].isdigit():
        raise InvalidFormat(f"{original!r} is not a number", value=original)
    dots, commas = core.count("."), core.count(",")
    if dots and commas:
        last = max(core.rfind("."), core.rfind(","))
        dec, group = core[last], "," if core[last] == "." else "."
        whole, frac = core[:last], core[last + 1:]
        if dec in whole or not _grouped(whole, group) or not frac.isdigit():
            raise InvalidFormat(f"{original!r} mixes '.' and ',' in a way that is not a number", value=original)
        return Decimal(whole.replace(group, "") + "." + frac)
    sep, count = (".", dots) if dots else (",", commas)
    if count == 0:
        return Decimal(core)
    if count > 1:
        if not _grouped(core, sep):
            raise InvalidFormat(f"{original!r} has misplaced {sep!r} separators", value=original)
        return Decimal(core.replace(sep, ""))
    whole, frac = core.split(sep)
    if sep == "," and len(frac) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0"):
        return Decimal(whole + frac)
    if sep == "," and len(frac) > 3:
        raise InvalidFormat(f"{original!r} is ambiguous: is ',' a decimal mark or a group separator?",
                            value=original)
    return Decimal((whole or "0") + "." + frac)


def _group(loc) -> str:
    from babel.numbers import get_group_symbol

    return get_group_symbol(loc)


def number_from_text(core: str, locale: object = None, original: object = None) -> Decimal:
    """The unsigned number in ``core`` (already cleaned), by the rules of the module docstring."""
    original = core if original is None else original
    loc = get_locale(locale)
    try:
        if _PLAIN.fullmatch(core):
            if loc is not None and _group(loc) == "." and re.fullmatch(
                    r"\d{1,3}(?:\.\d{3})+", core):
                return Decimal(core.replace(".", ""))
            return Decimal(core)
        if loc is not None:
            from babel.numbers import NumberFormatError, get_group_symbol, parse_decimal

            group = get_group_symbol(loc)
            text = core
            if group in _SPACE_CHARS:
                text = re.sub(f"[{_SPACE_CHARS}]", group, core)
            try:
                return parse_decimal(text, loc, strict=True)
            except (NumberFormatError, ValueError, InvalidOperation, KeyError, IndexError):
                pass
        return _infer(core, original)
    except InvalidOperation:
        raise InvalidFormat(f"{original!r} is not a number", value=original) from None


def _signed(text: str, locale: object, original: object) -> Decimal:
    sign = 1
    if text and text[0] in "+-":
        sign, text = (-1 if text[0] == "-" else 1), text[1:].lstrip()
    if not text:
        raise InvalidFormat(f"{original!r} is not a number", value=original)
    value = number_from_text(text, locale, original)
    return -value if sign < 0 else value


def parse_decimal(s: str, *, locale: str | None = None) -> Decimal:
    """A ``Decimal`` from a number with optional sign and group separators.

    >>> parse_decimal("-1,234.5"), parse_decimal("12,5", locale="de"), parse_decimal("1’234.56", locale="de_CH")
    (Decimal('-1234.5'), Decimal('12.5'), Decimal('1234.56'))
    """
    text = prepare(s, "number", max_len=64).replace("−", "-")
    return _signed(text, locale, s)


def parse_integer(s: str, *, locale: str | None = None) -> int:
    """An ``int``: digits with separators, a whole decimal (``12.0``), or Chinese numerals (``十二``).

    >>> parse_integer("1.234", locale="de"), parse_integer("-7"), parse_integer("两千")
    (1234, -7, 2000)
    """
    text = prepare(s, "integer", max_len=64).replace("−", "-")
    if re.fullmatch("[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+", text):
        from .capital import parse_chinese_integer

        return parse_chinese_integer(text)
    value = _signed(text, locale, s)
    if value != value.to_integral_value():
        raise InvalidFormat(f"{s!r} is not a whole number", value=s)
    return int(value)


def parse_percent(s: str) -> Decimal:
    """A rate as a fraction: ``13%`` → 0.13, ``6 %`` → 0.06, ``5‰`` → 0.005, ``百分之十三`` → 0.13.

    Without a sign, a value below 1 is already a fraction (``0.13``) and a value of 1 or more is
    read as percent (``13`` → 0.13; tax-rate columns print ``13`` for 13%). ``零税率`` is 0.
    Words printed instead of a rate (免税, 不征税, ***) raise :class:`InvalidFormat` saying so.

    >>> parse_percent("1%"), parse_percent("13"), parse_percent("零税率")
    (Decimal('0.01'), Decimal('0.13'), Decimal('0'))
    >>> parse_percent("免税")
    Traceback (most recent call last):
    ...
    docextract.errors.InvalidFormat: '免税' (tax-exempt) is not a number
    """
    text = prepare(s, "percentage", max_len=40).replace("−", "-")
    key = text.replace(" ", "")
    if key in ("零税率", "0税率"):
        return Decimal(0)
    for word, meaning in NOT_A_NUMBER.items():
        if key == word or (len(word) > 1 and not word.isascii() and word in key):
            raise InvalidFormat(f"{text!r} ({meaning}) is not a number", value=s)
    if key.startswith("百分之"):
        from .capital import parse_chinese_integer

        return Decimal(parse_chinese_integer(key[3:])).scaleb(-2)
    if key.endswith("%"):
        return _signed(key[:-1], None, s).scaleb(-2)
    if key.endswith("‰"):
        return _signed(key[:-1], None, s).scaleb(-3)
    value = _signed(key, None, s)
    if abs(value) >= 1:
        if abs(value) > 100:
            raise InvalidComponent(f"{text!r} is not a percentage (above 100)", value=s)
        return value.scaleb(-2)
    return value


def is_valid_number(s: object, *, locale: str | None = None) -> bool:
    """True when :func:`parse_decimal` accepts ``s``; never raises.

    >>> is_valid_number("1.234,5", locale="de"), is_valid_number("1,2345"), is_valid_number(None)
    (True, False, False)
    """
    try:
        parse_decimal(s, locale=locale)  # type: ignore[arg-type]
    except FieldError:
        return False
    return True
