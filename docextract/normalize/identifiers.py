"""Identifiers: any python-stdnum format, plus docextract's own (Chinese invoice codes, MRZ).

A format is named as in python-stdnum (``cn.ric``, ``cn.uscc``, ``iban``, ``luhn``, ``vatin``,
``in.aadhaar`` …) or is one of :data:`OWN_FORMATS`. :func:`validate_id` returns the compact valid
form or raises ``InvalidLength``/``InvalidFormat``/``InvalidChecksum``/``InvalidComponent``,
translated from stdnum's exceptions (and from the ``KeyError`` stdnum can raise on unknown
Chinese region codes). Input is NFKC-normalised and separators are dropped first, so full-width
digits and ``110105 19491231 002X`` are fine.

``cn.ric`` checks length, check digit, birth date (a real date, not in the future) and the province
(digits 1–2). Unlike stdnum it does not test the county code against the birth year (an ID carries
the code valid when it was *issued*, from 1984, not at birth) nor require the county to be in the
table (it lags; :func:`ric_region_known` is there for a softer check). 15-digit first-generation
IDs are refused with ``InvalidLength``.

>>> validate_id("１１０１０５ １９４９１２３１ ００２ｘ", "cn.ric")
'11010519491231002X'
>>> validate_id("110105194912310021", "cn.ric")
Traceback (most recent call last):
...
docextract.errors.InvalidChecksum: cn.ric: '110105194912310021' fails its check digit
>>> validate_id("GB82 WEST 1234 5698 7654 32", "iban"), is_valid_id("1234567", "cn.invoice_number")
('GB82WEST12345698765432', False)
>>> ric_birth_date("11010519491231002X"), ric_sex("11010519491231002X"), ric_province("11010519491231002X")
(datetime.date(1949, 12, 31), 'female', '北京市')
"""

from __future__ import annotations

import datetime as _dt
import importlib
import re
from functools import lru_cache

from ..errors import FieldError, InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from ._util import prepare

__all__ = ["OWN_FORMATS", "id_facts", "check_digit", "ENCODED", "is_known_format", "normalize_id", "validate_id",
           "is_valid_id", "ric_birth_date", "ric_sex", "ric_region_known", "ric_province", "ric_region"]

#: docextract's own formats: {name: (allowed lengths, description)}; they are all digits
OWN_FORMATS = {
    "cn.invoice_code": ((10, 12), "Chinese invoice code (发票代码)"),
    "cn.invoice_number": ((8, 20), "Chinese invoice number (发票号码)"),
    "cn.invoice_check_code": ((20,), "Chinese invoice check code (校验码)"),
    "mrz": ((), "ICAO 9303 machine-readable zone"),
}

_SEPARATORS = re.compile(r"[\s\-–—.·_]+")


@lru_cache(maxsize=256)
def _stdnum_module(fmt: str):
    if not re.fullmatch(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*){0,2}", fmt) or fmt in ("util", "numdb", "exceptions"):
        return None
    name = ".".join(part + "_" if part in ("in", "is") else part for part in fmt.split("."))
    try:
        mod = importlib.import_module("stdnum." + name)
    except Exception:  # noqa: BLE001 - optional-module probe: ImportError, or a stdnum module failing at import
        return None
    return mod if callable(getattr(mod, "validate", None)) else None


def is_known_format(fmt: object) -> bool:
    """True for a python-stdnum module with ``validate`` or one of :data:`OWN_FORMATS`.

    >>> is_known_format("cn.ric"), is_known_format("in.aadhaar"), is_known_format("cn.invoice_code")
    (True, True, True)
    >>> is_known_format("creditcard"), is_known_format("hk.hkid")
    (False, False)
    """
    return isinstance(fmt, str) and (fmt in OWN_FORMATS or _stdnum_module(fmt) is not None)


def normalize_id(raw: str, formats: tuple[str, ...] | list[str] = ()) -> str:
    """Compact form: NFKC, upper case, separators and punctuation dropped, letters and digits kept.

    With a stdnum format, that module's ``compact`` is applied too (and format-specific
    characters it keeps survive); ``mrz`` gives the cleaned MRZ lines joined by newlines.
    Letters outside A–Z (a label such as ``号码`` read with the number) raise ``InvalidFormat``.

    >>> normalize_id(" 9131-0106 5529.9394 4d "), normalize_id("DE 136,695,976", ("vatin",))
    ('91310106552993944D', 'DE136695976')
    """
    formats = tuple(formats or ())
    if "mrz" in formats:
        from .mrz import parse_mrz

        return "\n".join(parse_mrz(raw).lines)
    text = prepare(raw, "identifier", max_len=100).upper()
    text = _SEPARATORS.sub("", text)
    for fmt in formats:
        mod = _stdnum_module(fmt) if isinstance(fmt, str) else None
        if mod is not None and hasattr(mod, "compact"):
            try:
                compacted = mod.compact(text)
            except (ValueError, TypeError, LookupError):  # ValidationError is a ValueError; junk trips some
                continue
            if isinstance(compacted, str) and compacted:
                text = compacted.upper()
                break
    else:
        text = "".join(ch for ch in text if ch.isalnum())
    odd = sorted({ch for ch in text if not (ch.isascii() and ch.isalnum())} - set("&Ñ/+"))
    if odd:
        raise InvalidFormat(f"{raw!r} contains characters that cannot be in an identifier: {''.join(odd)!r}",
                            value=raw)
    if not text:
        raise InvalidFormat(f"{raw!r} has no identifier characters", value=raw)
    return text


def _own(number: str, fmt: str) -> str:
    lengths, what = OWN_FORMATS[fmt]
    if not number.isdigit():
        raise InvalidFormat(f"{fmt}: a {what} is all digits, not {number!r}", value=number)
    if len(number) not in lengths:
        raise InvalidLength(f"{fmt}: a {what} has {' or '.join(map(str, lengths))} digits, "
                            f"{number!r} has {len(number)}", value=number)
    return number


def _region_info(code: str) -> dict:
    from stdnum import numdb

    info: dict = {}
    for _part, props in numdb.get("cn/loc").info(code[:6]):
        info.update(props)
    return info


def _ric(number: str) -> str:
    if len(number) == 15 and number.isdigit():
        raise InvalidLength("cn.ric: 15-digit first-generation ID numbers (issued before 1999) are not "
                            "supported; the 18-digit number adds 19 before the year and a check digit",
                            value=number)
    if len(number) != 18:
        raise InvalidLength(f"cn.ric: an ID number has 18 characters, {number!r} has {len(number)}",
                            value=number)
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidFormat(f"cn.ric: {number!r} must be 17 digits and a digit or X", value=number)
    from stdnum.cn import ric

    if ric.calc_check_digit(number) != number[17]:
        raise InvalidChecksum(f"cn.ric: {number!r} fails its check digit", value=number)
    birth = ric_birth_date(number)
    if birth > _dt.date.today() or birth.year < 1850:
        raise InvalidComponent(f"cn.ric: birth date {birth} in {number!r} is impossible", value=number)
    info = _region_info(number)
    if "province" not in info:
        raise InvalidComponent(f"cn.ric: {number[:2]} in {number!r} is not a province code", value=number)
    return number


_STDNUM_ERRORS = {"InvalidLength": (InvalidLength, "has the wrong length"),
                  "InvalidChecksum": (InvalidChecksum, "fails its check digit"),
                  "InvalidComponent": (InvalidComponent, "has an invalid or unknown part"),
                  "InvalidFormat": (InvalidFormat, "has an invalid format")}


def validate_id(raw: str, fmt: str) -> str:
    """The compact, valid form of ``raw`` in format ``fmt``; a ``FieldError`` subclass otherwise."""
    if not is_known_format(fmt):
        raise InvalidFormat(f"unknown identifier format {fmt!r}", value=raw)
    if fmt == "mrz":
        from .mrz import parse_mrz

        data = parse_mrz(raw)
        failed = [name for name, ok in data.checks.items() if not ok]
        if failed:
            raise InvalidChecksum(f"mrz: check digits fail for {', '.join(failed)}", value=raw)
        return "\n".join(data.lines)
    number = normalize_id(raw, (fmt,))
    if fmt in OWN_FORMATS:
        return _own(number, fmt)
    if fmt == "cn.ric":
        return _ric(number)
    try:
        return _stdnum_module(fmt).validate(number)
    except (ValueError, TypeError, LookupError) as exc:  # stdnum's ValidationError (a ValueError) and its own slips
        cls, what = _STDNUM_ERRORS.get(type(exc).__name__, (InvalidComponent, "has an invalid or unknown part"))
        if not type(exc).__module__.startswith("stdnum") and isinstance(exc, (TypeError, ValueError)):
            cls, what = InvalidFormat, "has an invalid format"
        raise cls(f"{fmt}: {number!r} {what}", value=raw) from None


def is_valid_id(raw: object, fmt: str) -> bool:
    """True when :func:`validate_id` accepts ``raw``; never raises.

    >>> is_valid_id("91350100M000100Y43", "cn.uscc"), is_valid_id(None, "cn.uscc"), is_valid_id("1", "nope")
    (True, False, False)
    """
    try:
        validate_id(raw, fmt)  # type: ignore[arg-type]
    except FieldError:
        return False
    return True


def _ric_number(number: str) -> str:
    text = normalize_id(number)
    if len(text) != 18 or not text[:17].isdigit():
        raise InvalidLength(f"{number!r} is not an 18-character ID number", value=number)
    return text


def ric_birth_date(number: str) -> _dt.date:
    """The birth date in an ID number (digits 7–14); ``InvalidComponent`` if it is no date.

    >>> ric_birth_date("440524188001010014")
    datetime.date(1880, 1, 1)
    """
    text = _ric_number(number)
    try:
        return _dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise InvalidComponent(f"{text[6:14]} in {text!r} is not a date", value=number) from None


def ric_sex(number: str) -> str:
    """``'male'`` when digit 17 is odd, else ``'female'``.

    >>> ric_sex("440524188001010014")
    'male'
    """
    return "male" if int(_ric_number(number)[16]) % 2 else "female"


def ric_region_known(number: object) -> bool:
    """True when the 6-digit region code is in stdnum's GB/T 2260 table (any period); never raises.

    >>> ric_region_known("11010519491231002X"), ric_region_known("34052419800101001X")
    (True, False)
    """
    try:
        info = _region_info(_ric_number(number))  # type: ignore[arg-type]
    except FieldError:
        return False
    return "province" in info and "county" in info


def ric_province(number: object) -> str | None:
    """The province name for an ID number's first two digits (None if unknown); never raises.

    >>> ric_province("440524188001010014"), ric_province("990524198001010010"), ric_province("12")
    ('广东省', None, None)
    """
    try:
        return _region_info(_ric_number(number)).get("province")  # type: ignore[arg-type]
    except FieldError:
        return None


def ric_region(number: str) -> dict[str, str]:
    """``{'province', 'prefecture', 'county'}`` names (latest name where a code was renamed).

    >>> ric_region("440305199001010012")
    {'province': '广东省', 'prefecture': '深圳市', 'county': '南山区'}
    """
    text = _ric_number(number)
    out = {}
    for key, code in (("province", text[:2] + "0000"), ("prefecture", text[:4] + "00"), ("county", text[:6])):
        name = _region_info(code).get("province" if key == "province" else "county")
        if name:
            out[key] = re.sub(r"^\[[^\]]*\]", "", name.split(",")[-1])
    return out


#: what a format encodes about its holder where python-stdnum has no helper (or a stricter one):
#: ``{format: {fact: function(number)}}``; other formats are asked for ``get_birth_date``/``get_gender``
ENCODED = {"cn.ric": {"birth_date": ric_birth_date, "sex": ric_sex}}


def check_digit(body: str, fmt: str) -> str | None:
    """What python-stdnum's ``calc_check_digit`` of format ``fmt`` gives ``body``, or None when the
    format has none or ``body`` does not fit; never raises. (stdnum's modules differ in what they
    take: ``luhn`` the number without its check digit, ``cn.ric`` the whole number, ignoring its last.)

    >>> check_digit("7992739871", "luhn"), check_digit("11010519491231002X", "cn.ric"), check_digit("x", "cn.ric")
    ('3', 'X', None)
    """
    fn = getattr(_stdnum_module(fmt), "calc_check_digit", None)
    try:
        return str(fn(body)) if fn and isinstance(body, str) and len(body) <= 64 else None
    except (ValueError, LookupError, TypeError, ArithmeticError):
        return None


def id_facts(number: str, fmt: str, *, check: bool = True) -> dict:
    """What a valid identifier of format ``fmt`` encodes about its holder: ``birth_date`` (a date)
    and ``sex`` (``male``/``female``), from the format's python-stdnum helpers (``get_birth_date``,
    ``get_gender``) or this module's own; ``{}`` when it is not valid or encodes nothing.
    ``check=False``: a number whose only fault is its last character (a wrong check character, or
    none printed) tells what the same characters with the right one would (the facts lie before it).

    >>> id_facts("11010519491231002X", "cn.ric")
    {'birth_date': datetime.date(1949, 12, 31), 'sex': 'female'}
    >>> id_facts("37605030299", "ee.ik"), id_facts("11010519491231003X", "cn.ric")
    ({'birth_date': datetime.date(1976, 5, 3), 'sex': 'male'}, {})
    >>> id_facts("110105194912310023", "cn.ric", check=False)
    {'birth_date': datetime.date(1949, 12, 31), 'sex': 'female'}
    >>> id_facts("11010519491231002", "cn.ric", check=False) == id_facts("11010519491231002X", "cn.ric")
    True
    >>> id_facts("1101051949123100", "cn.ric", check=False)
    {}
    """
    if not check and not is_valid_id(number, fmt) and isinstance(number, str) and len(number) <= 64:
        number = next((n for n in [number[:-1] + c for c in "0123456789X"] + [number + c for c in "0123456789X"]
                       if is_valid_id(n, fmt)), number)
    if not is_valid_id(number, fmt):
        return {}
    mod = _stdnum_module(fmt)
    out = {}
    for key, name in (("birth_date", "get_birth_date"), ("sex", "get_gender")):
        fn = ENCODED.get(fmt, {}).get(key) or getattr(mod, name, None)
        try:
            value = fn(normalize_id(number, (fmt,))) if fn else None
        except (ValueError, LookupError):  # FieldError and stdnum's ValidationError are ValueErrors
            continue
        if value is not None:
            out[key] = {"M": "male", "F": "female"}.get(value, value)
    return out
