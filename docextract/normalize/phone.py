"""Telephone numbers: digits with an optional leading ``+``, E.164 when the country is known.

A number that starts with ``+`` or ``00`` is already international. Otherwise, with a ``region``
(alpha-2 or alpha-3: ``CN``, ``CHN``, ``MY``) the country calling code is added and the trunk
``0`` dropped (``1`` for North America). Chinese numbers are checked: mobiles ``1[3-9]`` + 9
digits, landlines area code + 7–8 digits, 400/800 numbers; short service numbers (95588) stay
digits. Without a region the digits
are kept as printed. Labels such as ``Tel:``/``电话：`` are dropped; extensions are refused
(E.164 has none). This is a small rule set, not libphonenumber.

>>> parse_phone("138 0013 8000", region="CN"), parse_phone("010-12345678", region="CN")
('+8613800138000', '+861012345678')
>>> parse_phone("(650) 253-0000", region="US"), parse_phone("03-2145 1234", region="MY")
('+16502530000', '+60321451234')
>>> parse_phone("Tel: 0755 8888 6666"), parse_phone("+86 (0)10 1234 5678")
('075588886666', '+861012345678')
"""

from __future__ import annotations

import re

from ..errors import FieldError, InvalidComponent, InvalidFormat, InvalidLength
from ._util import prepare

__all__ = ["parse_phone", "is_valid_phone", "CALLING_CODES"]

#: alpha-2 region → country calling code (a compact table of the regions docextract meets most)
CALLING_CODES = {
    "CN": "86", "HK": "852", "MO": "853", "TW": "886", "MY": "60", "SG": "65", "US": "1", "CA": "1",
    "GB": "44", "DE": "49", "FR": "33", "IT": "39", "ES": "34", "NL": "31", "BE": "32", "CH": "41",
    "AT": "43", "SE": "46", "NO": "47", "DK": "45", "FI": "358", "PL": "48", "PT": "351", "IE": "353",
    "JP": "81", "KR": "82", "IN": "91", "ID": "62", "TH": "66", "VN": "84", "PH": "63", "AU": "61",
    "NZ": "64", "RU": "7", "BR": "55", "MX": "52", "AE": "971", "SA": "966", "TR": "90", "ZA": "27",
}
_NO_TRUNK = {"HK", "MO", "SG", "DK", "NO", "PL"}  # numbers are dialled without a leading 0
_LABEL = re.compile(r"^(?:tel|phone|mobile|mob|cell|fax|hp|电话|手机|联系电话|电话号码|手机号码|传真)"
                    r"\s*(?:no\.?)?\s*[:.]?\s*", re.I)
_ALLOWED = re.compile(r"\+?[\d\s\-./()]+")
_CN_MOBILE = re.compile(r"1[3-9]\d{9}")
_CN_TWO_DIGIT_AREAS = ("10", "20", "21", "22", "23", "24", "25", "27", "28", "29")


def _region(region: object) -> str | None:
    if region is None or region == "":
        return None
    if not isinstance(region, str):
        raise InvalidFormat(f"region must be a country code, not {region!r}")
    code = region.strip().upper()
    if len(code) == 3:
        from .countries import alpha2

        code = alpha2(code) or code
    if code not in CALLING_CODES:
        raise InvalidComponent(f"no calling code known for region {region!r}")
    return code


def _cn_national(national: str, original: object) -> str:
    if _CN_MOBILE.fullmatch(national) or re.fullmatch(r"[48]00\d{7}", national):
        return national
    if national.startswith("1") and not national.startswith("10"):
        raise InvalidLength(f"{original!r} is not a Chinese mobile number (1[3-9] and 11 digits)", value=original)
    area = 2 if national[:2] in _CN_TWO_DIGIT_AREAS else 3
    if not 7 <= len(national) - area <= 8 or national[0] == "0":
        raise InvalidLength(f"{original!r} is not a Chinese landline (area code + 7 or 8 digits)", value=original)
    return national


def parse_phone(s: str, *, region: str | None = None) -> str:
    """The number as ``+<country><national>`` when the country is known, else its digits."""
    text = prepare(s, "phone number", max_len=40)
    text = _LABEL.sub("", text)
    if re.search(r"(?:ext|转|分机|x)\s*\.?\s*\d+$", text, re.I):
        raise InvalidFormat(f"{s!r} has an extension, which a phone number field cannot hold", value=s)
    if not _ALLOWED.fullmatch(text):
        raise InvalidFormat(f"{s!r} is not a phone number", value=s)
    plus = text.startswith("+")
    text = re.sub(r"^\+?\s*(\d{1,3})\s*\(0\)", r"+\1", text) if plus else text
    digits = re.sub(r"\D", "", text)
    if digits.startswith("00") and not plus:
        plus, digits = True, digits[2:]
    code = _region(region)
    if plus:
        if digits.startswith("86"):
            digits = "86" + _cn_national(digits[2:], s)
        national = None
    elif code is None:
        if not 3 <= len(digits) <= 15:
            raise InvalidLength(f"{s!r} has {len(digits)} digits; a phone number has 3 to 15", value=s)
        return digits
    else:
        cc = CALLING_CODES[code]
        if code == "CN" and re.fullmatch(r"1[12]\d|(?:95|96|12|10)\d{3}", digits):
            return digits  # service numbers (110, 12345, 95588) have no international form
        if code == "CN":
            if digits.startswith("86") and len(digits) in (12, 13) and not digits.startswith("860"):
                digits = digits[2:]
            national = _cn_national(digits[1:] if digits.startswith("0") else digits, s)
        elif cc == "1":
            national = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
            if len(national) != 10:
                raise InvalidLength(f"{s!r} is not a 10-digit North American number", value=s)
        else:
            national = digits[1:] if digits.startswith("0") and code not in _NO_TRUNK else digits
        digits = cc + national
    if not 7 <= len(digits) <= 15:
        raise InvalidLength(f"{s!r} has {len(digits)} digits; an international number has 7 to 15", value=s)
    return "+" + digits


def is_valid_phone(s: object, *, region: str | None = None) -> bool:
    """True when :func:`parse_phone` accepts ``s``; never raises.

    >>> is_valid_phone("1234", region="CN"), is_valid_phone("13800138000", region="CN")
    (False, True)
    """
    try:
        parse_phone(s, region=region)  # type: ignore[arg-type]
    except FieldError:
        return False
    return True
