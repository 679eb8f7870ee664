"""Money: amounts with currency symbols, codes or words, and the currency itself (ISO 4217).

The number is read by :func:`docextract.normalize.numbers.number_from_text` (babel strict per
locale, else the separator inference documented there). Around it, currency symbols, codes and
words (¥ ￥ RMB CNY 元 人民币 $ US$ HK$ € £ RM …) are stripped, ``(12.50)``, ``-12.50`` and
``12.50-`` are negative, and capital amounts (壹佰元整) are handed to :mod:`.capital`.

Ambiguous symbols: ``$`` is USD and ``¥`` is CNY unless ``default_currency`` (or the locale's
territory) names another currency written with that symbol (HKD, SGD, …; JPY).

>>> parse_amount("￥77.10元"), parse_amount("1.234,56 €", locale="de"), parse_amount("(12.50)")
(Decimal('77.10'), Decimal('1234.56'), Decimal('-12.50'))
>>> parse_money("RM 12.50"), parse_money("$5", default_currency="HKD"), parse_money("1,234.56")
((Decimal('12.50'), 'MYR'), (Decimal('5'), 'HKD'), (Decimal('1234.56'), None))
>>> parse_currency("人民币"), parse_currency("US$"), detect_currency("合计 HK$ 1,234.50")
('CNY', 'USD', 'HKD')
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from ..data import lexicon_folders
from functools import lru_cache

from ..errors import FieldError, InvalidFormat
from ._util import get_locale, prepare
from .numbers import number_from_text

__all__ = ["parse_amount", "parse_money", "parse_currency", "detect_currency", "is_valid_amount", "CURRENCY_ALIASES"]

_DOLLARS = ("USD", "HKD", "SGD", "AUD", "CAD", "NZD", "TWD", "MXN")
_YENS = ("CNY", "JPY")

#: symbol, code or word (lower-case) → ISO 4217 code; ``$`` and ``¥`` are resolved by context
CURRENCY_ALIASES: dict[str, str] = {
    "¥": "CNY", "元": "CNY", "圆": "CNY", "圓": "CNY", "人民币": "CNY", "rmb": "CNY", "cn¥": "CNY",
    "$": "USD", "us$": "USD", "u.s.$": "USD", "美元": "USD", "美金": "USD",
    "hk$": "HKD", "港币": "HKD", "港元": "HKD", "港幣": "HKD", "s$": "SGD", "sg$": "SGD", "新加坡元": "SGD",
    "新币": "SGD", "a$": "AUD", "au$": "AUD", "澳元": "AUD", "c$": "CAD", "ca$": "CAD", "加元": "CAD",
    "nz$": "NZD", "nt$": "TWD", "新台币": "TWD", "台币": "TWD", "mop$": "MOP", "澳门元": "MOP",
    "rm": "MYR", "马币": "MYR", "令吉": "MYR", "ringgit": "MYR", "€": "EUR", "欧元": "EUR", "euro": "EUR",
    "euros": "EUR", "£": "GBP", "英镑": "GBP", "jp¥": "JPY", "円": "JPY", "日元": "JPY", "₩": "KRW",
    "韩元": "KRW", "₹": "INR", "rs": "INR", "rs.": "INR", "฿": "THB", "₱": "PHP", "₫": "VND", "₽": "RUB",
    "₺": "TRY", "₪": "ILS", "₦": "NGN", "rp": "IDR", "zł": "PLN", "瑞郎": "CHF", "卢布": "RUB",
}
_FAMILY = {"$": _DOLLARS, "¥": _YENS}
_LABEL = re.compile(r"^(?:\(小写\)|小写|价税合计|合计|总计|金额)\s*[:]?\s*")
_LEAD = re.compile(r"^[^\d\s,.()+\-−]+(?:(?<=[^\W\d_])\.)?")   # Rs.80: the point closes a word; $.80: a decimal point
_TAIL = re.compile(r"[^\d\s,.()+\-−]+\.?$")
#: ISO codes that are also common words: detect_currency does not take them from free text
_WORDS = {"ALL", "TOP", "CUP", "SOS", "BOB", "PEN", "MAD", "TRY", "GEL", "BAM", "MOP", "AMD", "LAK"}


def _iso(token: str) -> str | None:
    if re.fullmatch("[A-Za-z]{3}", token):
        from babel.numbers import is_currency

        if is_currency(token.upper()):
            return token.upper()
    return None


def _lookup(token: str) -> str | None:
    """The ISO code of a symbol, code or word: the aliases, an ISO code, then the marks of
    ``locales.yaml`` (a user's ``Fr.`` of ``ch: {currency: CHF, marks: [CHF, Fr.]}``)."""
    from .locale import mark_currencies

    key = token.strip().lower()
    return (CURRENCY_ALIASES.get(key) or CURRENCY_ALIASES.get(key.rstrip(".:")) or _iso(key.rstrip(".:"))
            or mark_currencies().get(token.strip().casefold()))


def _likely_territory(language: str) -> str | None:
    from babel.core import get_global

    parts = get_global("likely_subtags").get(language, "").split("_")
    return parts[-1] if len(parts) > 1 and parts[-1].isalpha() and parts[-1].isupper() else None


def _resolve(token: str, code: str, default_currency: str | None, locale: object) -> str:
    family = _FAMILY.get(token.strip())
    if family is None:
        return code
    if default_currency and default_currency.upper() in family:
        return default_currency.upper()
    loc = get_locale(locale) if locale else None
    territory = loc and (loc.territory or _likely_territory(loc.language))
    if territory:
        from babel.numbers import get_territory_currencies

        local = get_territory_currencies(territory)
        if local and local[0] in family:
            return local[0]
    return code


def _split(text: str, original: object) -> tuple[str, list[str], bool]:
    """(number text, currency tokens found, negative)."""
    tokens: list[str] = []
    signs = 0
    negative = False
    t = _LABEL.sub("", text)
    for _ in range(8):
        before = t
        t = t.strip().rstrip("整正").strip()
        if t.startswith("(") and t.endswith(")"):
            negative, signs, t = True, signs + 1, t[1:-1].strip()
        if t and t[0] in "-−+":
            negative, signs, t = negative or t[0] != "+", signs + 1, t[1:]
        elif t.endswith("-") and len(t) > 1:
            negative, signs, t = True, signs + 1, t[:-1]
        if signs > 1:
            raise InvalidFormat(f"more than one sign in the amount {original!r}", value=original)
        for pattern, at_start in ((_LEAD, True), (_TAIL, False)):
            m = pattern.search(t)
            if m:
                token = m.group()
                if _lookup(token) is None and token.endswith("."):
                    token = token[:-1]
                if _lookup(token) is None:
                    raise InvalidFormat(f"unexpected text {token!r} in the amount {original!r}", value=original)
                tokens.append(token)
                t = t[len(token):] if at_start else t[:len(t) - len(token)]
        if t == before:
            break
    return t.strip(), tokens, negative


def parse_money(s: str, *, locale: str | None = None,
                default_currency: str | None = None) -> tuple[Decimal, str | None]:
    """``(amount, ISO code or None)``; the code is ``default_currency`` when nothing is printed.

    >>> parse_money("€1.234,56"), parse_money("¥1,235", locale="ja_JP"), parse_money("12.50", default_currency="EUR")
    ((Decimal('1234.56'), 'EUR'), (Decimal('1235'), 'JPY'), (Decimal('12.50'), 'EUR'))
    """
    text = prepare(s, "amount", max_len=80)
    from .capital import is_capital, parse_capital

    if is_capital(text):
        return parse_capital(text), "CNY" if re.search("[元圆圓]|人民币", text) else default_currency
    core, tokens, negative = _split(text, s)
    if not core:
        raise InvalidFormat(f"no number in the amount {s!r}", value=s)
    codes = {_resolve(tok, _lookup(tok) or "", default_currency, locale) for tok in tokens}
    if len(codes) > 1:
        raise InvalidFormat(f"{s!r} names two currencies: {', '.join(sorted(codes))}", value=s)
    value = number_from_text(core, locale, s)
    code = codes.pop() if codes else (default_currency.upper() if default_currency else None)
    return (-value if negative else value), code


def parse_amount(s: str, *, locale: str | None = None) -> Decimal:
    """The amount as a ``Decimal`` (as many places as printed); see :func:`parse_money`.

    >>> parse_amount("RMB 1,234.56"), parse_amount("捌拾捌圆整"), parse_amount("１２，５０")
    (Decimal('1234.56'), Decimal('88.00'), Decimal('12.50'))
    """
    return parse_money(s, locale=locale)[0]


def is_valid_amount(s: object, *, locale: str | None = None) -> bool:
    """True when :func:`parse_amount` accepts ``s``; never raises.

    >>> is_valid_amount("¥12.50"), is_valid_amount("12 apples"), is_valid_amount(None)
    (True, False, False)
    """
    try:
        parse_amount(s, locale=locale)  # type: ignore[arg-type]
    except FieldError:
        return False
    return True


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    from babel import Locale

    names: dict[str, str] = {}
    for loc in ("en", "zh", "zh_Hant", "ms", "de", "fr", "ja"):
        for code, name in Locale.parse(loc).currencies.items():
            names.setdefault(_key(name), code)
    return names


def _key(text: str) -> str:
    return re.sub(r"[\s.'’]+", "", unicodedata.normalize("NFKC", text)).casefold()


def parse_currency(s: str, *, default_currency: str | None = None) -> str:
    """The ISO 4217 code from a code, a symbol or a name (English, Chinese and a few more).

    >>> parse_currency("RM"), parse_currency("元"), parse_currency("eur"), parse_currency("US Dollar")
    ('MYR', 'CNY', 'EUR', 'USD')
    """
    text = prepare(s, "currency", max_len=40)
    code = _lookup(text) or _names().get(_key(text))
    if code is None:
        raise InvalidFormat(f"{text!r} is not a known currency code, symbol or name", value=s)
    return _resolve(text, code, default_currency, None)


@lru_cache(maxsize=8)
def _scan(folders: str) -> re.Pattern:
    """Every alias and currency mark (``locales.yaml``, per set of user folders), then any 3-letter code."""
    from .locale import currency_marks

    words = sorted({*CURRENCY_ALIASES, *currency_marks()}, key=len, reverse=True)
    alts = [rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])" if w[:1].isascii() and w[:1].isalpha()
            else re.escape(w) for w in words]
    return re.compile("|".join(alts) + r"|(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])", re.I)


def detect_currency(s: object, *, default_currency: str | None = None) -> str | None:
    """The first currency symbol, code or word found anywhere in ``s`` (None if none); never raises.

    >>> detect_currency("Total: 12,50 €"), detect_currency("12.50"), detect_currency(None)
    ('EUR', None, None)
    """
    if not isinstance(s, str):
        return None
    text = unicodedata.normalize("NFKC", s[:2000])
    for m in _scan(lexicon_folders()).finditer(text):
        token = m.group()
        if len(token) == 3 and token.isalpha() and token.lower() not in CURRENCY_ALIASES:
            if not token.isupper() or token in _WORDS or _iso(token) is None:
                continue
        code = _lookup(token)
        if code:
            try:
                return _resolve(token, code, default_currency, None)
            except FieldError:
                return code
    return None
