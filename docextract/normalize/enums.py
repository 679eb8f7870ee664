"""Enumerations: the canonical value from its name or any alias.

Matching ignores case, full-width/half-width, spaces and surrounding punctuation such as
``.`` and ``:``, so ``"Ｍ"``, ``" m "`` and ``"M."`` all find ``male``.

>>> SEX = {"male": ("男", "M", "Male"), "female": ("女", "F", "Female")}
>>> parse_enum("男", SEX), parse_enum(" ｆｅｍａｌｅ ", SEX), parse_enum("M.", SEX)
('male', 'female', 'male')
>>> parse_enum("X", SEX)
Traceback (most recent call last):
...
docextract.errors.InvalidFormat: 'X' is not one of: male (男, M, Male), female (女, F, Female)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from ..errors import FieldError, InvalidFormat
from ._util import prepare

__all__ = ["parse_enum", "is_valid_enum", "enum_key"]

_TRIM = re.compile(r"^[\s.:;,，。：;、·*\-_/]+|[\s.:;,，。：;、·*\-_/]+$")


def enum_key(text: str) -> str:
    """The comparison key: NFKC, case-folded, outer punctuation and all whitespace removed.

    >>> enum_key(" Ｆｅ male. ")
    'female'
    """
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", _TRIM.sub("", text)).casefold()


def parse_enum(s: str, values: Mapping[str, Iterable[str]]) -> str:
    """The canonical name in ``values`` whose name or one of whose aliases equals ``s``."""
    text = prepare(s, "value", max_len=200)
    if not isinstance(values, Mapping) or not values:
        raise InvalidFormat(f"{text!r} cannot be checked: the field lists no allowed values", value=s)
    key = enum_key(text)
    for canon, aliases in values.items():
        alias_list = (aliases,) if isinstance(aliases, str) else tuple(aliases or ())
        if key and any(enum_key(str(a)) == key for a in (canon, *alias_list)):
            return canon
    allowed = ", ".join(
        f"{c} ({', '.join(map(str, (a,) if isinstance(a, str) else a))})" if a else str(c)
        for c, a in values.items())
    raise InvalidFormat(f"{text!r} is not one of: {allowed}", value=s)


def is_valid_enum(s: object, values: Mapping[str, Iterable[str]]) -> bool:
    """True when :func:`parse_enum` accepts ``s``; never raises.

    >>> is_valid_enum("女", {"female": ("女",)}), is_valid_enum(None, {"female": ("女",)})
    (True, False)
    """
    try:
        parse_enum(s, values)  # type: ignore[arg-type]
    except FieldError:
        return False
    return True
