"""Chinese capital (大写) amounts, both directions, as printed on VAT invoices and cheques.

:func:`parse_capital` reads 壹贰叁… (and the ordinary 一二三…/两), the units 拾佰仟万亿, 元/圆,
角 and 分, with or without 零 and 整/正, after stripping prefixes such as ⊗, ⓧ, (大写) and 人民币.
:func:`to_capital` writes the canonical form: 圆, one 零 per gap, 整 only when there is neither
角 nor 分 (as invoice printers and cn2an write it; 伍角整 is read too), 壹拾 rather than 拾.

>>> parse_capital("壹万贰仟叁佰肆拾伍元陆角柒分")
Decimal('12345.67')
>>> parse_capital("ⓧ捌拾捌圆整"), parse_capital("（大写）人民币壹佰元零伍分")
(Decimal('88.00'), Decimal('100.05'))
>>> to_capital(Decimal("12345.67")), to_capital(Decimal("100.05")), to_capital(88)
('壹万贰仟叁佰肆拾伍圆陆角柒分', '壹佰圆零伍分', '捌拾捌圆整')
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from ..errors import InvalidComponent, InvalidFormat
from ._util import prepare

__all__ = ["parse_capital", "to_capital", "is_capital", "parse_chinese_integer", "MAX_CAPITAL"]

#: to_capital handles amounts below this (9999亿9999万9999圆99分 is the largest)
MAX_CAPITAL = Decimal(10) ** 12

_DIGIT = {**dict.fromkeys("零〇○", 0), **dict.fromkeys("壹一幺", 1), **dict.fromkeys("贰貳二两兩", 2),
          **dict.fromkeys("叁參三", 3), **dict.fromkeys("肆四", 4), **dict.fromkeys("伍五", 5),
          **dict.fromkeys("陆陸六", 6), **dict.fromkeys("柒七", 7), **dict.fromkeys("捌八", 8),
          **dict.fromkeys("玖九", 9)}
_SMALL = {**dict.fromkeys("拾十", 10), **dict.fromkeys("佰百", 100), **dict.fromkeys("仟千", 1000)}
_BIG = {**dict.fromkeys("万萬", 10 ** 4), **dict.fromkeys("亿億", 10 ** 8)}
_YUAN = "元圆圓"
_CAPITAL_CHARS = set(_DIGIT) | set(_SMALL) | set(_BIG) | set(_YUAN) | set("角分整正负")
_PREFIX = re.compile(r"^(?:[⊗⨂ⓧxX×✕☒¥:\s]|\(大写\)|大写|人民币|金额|价税合计|RMB)+")
_FRACTION = re.compile("^零?(?:([零〇○壹一贰貳二两兩叁參三肆四伍五陆陸六柒七捌八玖九])角)?"
                       "零?(?:([零〇○壹一贰貳二两兩叁參三肆四伍五陆陸六柒七捌八玖九])分)?$")
_OUT_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def parse_chinese_integer(text: str) -> int:
    """A whole number written in Chinese numerals (capital or ordinary): ``壹仟零伍`` → 1005.

    >>> parse_chinese_integer("壹亿零叁佰万"), parse_chinese_integer("十二"), parse_chinese_integer("两千")
    (103000000, 12, 2000)
    """
    if not isinstance(text, str) or not text:
        raise InvalidFormat("no Chinese numerals to read", value=text)
    total = high = sec = 0
    pend: int | None = None
    last_unit: int | None = None
    zero = big_seen = False
    for ch in text:
        if ch in _DIGIT:
            d = _DIGIT[ch]
            if d == 0:
                if pend is not None:
                    raise InvalidFormat(f"零 after a digit in {text!r}", value=text)
                zero = True
                continue
            if pend is not None:
                raise InvalidFormat(f"two digits without a unit between them in {text!r}", value=text)
            pend = d
        elif ch in _SMALL:
            unit = _SMALL[ch]
            if pend is None:
                if unit != 10 or sec or last_unit is not None:
                    raise InvalidFormat(f"unit {ch!r} without a digit in {text!r}", value=text)
                pend = 1
            if last_unit is not None and unit >= last_unit:
                raise InvalidFormat(f"units out of order in {text!r}", value=text)
            sec, pend, last_unit, zero = sec + pend * unit, None, unit, False
        elif ch in _BIG:
            value = sec + (pend or 0)
            if _BIG[ch] == 10 ** 4:
                if value == 0 or high:
                    raise InvalidFormat(f"misplaced 万 in {text!r}", value=text)
                high = value * 10 ** 4
            else:
                value += high
                if value == 0 or total:
                    raise InvalidFormat(f"misplaced 亿 in {text!r}", value=text)
                total, high = value * 10 ** 8, 0
            sec, pend, last_unit, zero, big_seen = 0, None, None, False, True
        else:
            raise InvalidFormat(f"{ch!r} is not a Chinese numeral (in {text!r})", value=text)
    if pend is not None:
        if not (zero or last_unit == 10 or (last_unit is None and not big_seen)):
            raise InvalidFormat(f"ambiguous trailing digit in {text!r} (write 零 or a unit)", value=text)
        sec += pend
    return total + high + sec


def is_capital(text: object) -> bool:
    """True when ``text`` looks like a capital amount (Chinese numerals with 元/角/分 or 壹贰…, no digits).

    >>> is_capital("壹佰元整"), is_capital("100元"), is_capital("伍角")
    (True, False, True)
    """
    if not isinstance(text, str) or re.search(r"\d", text):
        return False
    core = _PREFIX.sub("", unicodedata.normalize("NFKC", text[:200]).strip())
    return bool(core) and all(ch in _CAPITAL_CHARS or ch.isspace() for ch in core) and bool(
        re.search("[壹贰貳叁參肆伍陆陸柒捌玖拾佰仟元圆圓角分]", core))


def parse_capital(s: str) -> Decimal:
    """A ``Decimal`` with two places from a capital amount; see the module docstring.

    >>> parse_capital("伍角"), parse_capital("负壹仟圆整"), parse_capital("壹亿零叁佰万元整")
    (Decimal('0.50'), Decimal('-1000.00'), Decimal('103000000.00'))
    """
    text = prepare(s, "capital amount", max_len=80)
    text = re.sub(r"\s+", "", _PREFIX.sub("", text.replace("（", "(").replace("）", ")")))
    negative = text.startswith("负")
    text = text[1:] if negative else text
    text = re.sub("[整正]$", "", text)
    if not text or re.search(r"\d", text):
        raise InvalidFormat(f"{s!r} is not a capital amount", value=s)
    positions = [i for i, ch in enumerate(text) if ch in _YUAN]
    if len(positions) > 1:
        raise InvalidFormat(f"more than one 元 in {s!r}", value=s)
    if positions:
        whole, frac = text[:positions[0]], text[positions[0] + 1:]
    elif "角" in text or "分" in text:
        whole, frac = "", text
    else:
        whole, frac = text, ""
    m = _FRACTION.match(frac)
    if m is None:
        raise InvalidFormat(f"cannot read the 角/分 part {frac!r} of {s!r}", value=s)
    if not whole and not (m.group(1) or m.group(2)):
        raise InvalidFormat(f"{s!r} has no amount", value=s)
    integer = parse_chinese_integer(whole) if whole else 0
    jiao, fen = (_DIGIT[g] if g else 0 for g in m.groups())
    value = Decimal(integer) + Decimal(jiao) / 10 + Decimal(fen) / 100
    return (-value if negative else value).quantize(Decimal("0.01"))


def _section(n: int) -> str:
    out, gap = "", False
    for unit, name in ((1000, "仟"), (100, "佰"), (10, "拾"), (1, "")):
        digit = n // unit % 10
        if digit:
            out += ("零" if gap and out else "") + _OUT_DIGITS[digit] + name
            gap = False
        else:
            gap = True
    return out


def to_capital(amount: Decimal | int | str) -> str:
    """The canonical capital form of ``amount`` (at most two decimals, below 10¹²).

    >>> to_capital(Decimal("100000.50")), to_capital(Decimal("0.05")), to_capital(Decimal("100010001"))
    ('壹拾万圆伍角', '伍分', '壹亿零壹万零壹圆整')
    """
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise InvalidFormat(f"{amount!r} is not a number", value=amount) from None
    if not value.is_finite():
        raise InvalidFormat(f"{amount!r} is not a finite number", value=amount)
    if abs(value) >= MAX_CAPITAL:
        raise InvalidComponent(f"{amount} is too large for a capital amount (below 10^12)", value=amount)
    if value != value.quantize(Decimal("0.01")):
        raise InvalidFormat(f"{amount} has more than two decimals (fen)", value=amount)
    cents = int(abs(value) * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    out = ""
    gap = False
    for part, big in ((yuan // 10 ** 8, "亿"), (yuan // 10 ** 4 % 10 ** 4, "万"), (yuan % 10 ** 4, "")):
        if not part:
            gap = gap or bool(out)
            continue
        if out and (part < 1000 or gap):
            out += "零"
        out, gap = out + _section(part) + big, False
    out = out + "圆" if out else ""
    if jiao:
        out += _OUT_DIGITS[jiao] + "角"
    elif fen and yuan:
        out += "零"
    if fen:
        out += _OUT_DIGITS[fen] + "分"
    out = out + "整" if not (jiao or fen) else out
    out = "零圆整" if out == "整" else out
    return ("负" if value < 0 and cents else "") + out
