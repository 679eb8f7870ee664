"""Shared input guards for the normalisers (private).

Every ``parse_*`` function starts with :func:`prepare`: it refuses non-text and over-long input
with :class:`~docextract.errors.InvalidFormat`, applies NFKC (full-width digits and letters become
ASCII), drops control and zero-width characters and collapses whitespace, so the regular
expressions downstream only ever see short, clean text.

>>> prepare("  ２０２４ 年\\u3000３月 ", "date")
'2024 年 3月'
>>> prepare(None, "date")
Traceback (most recent call last):
...
docextract.errors.InvalidFormat: expected text for a date, got NoneType
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..errors import InvalidFormat

__all__ = ["prepare", "strip_controls", "get_locale", "trie_regex", "MAX_VALUE_CHARS"]

#: a value (date, amount, identifier, ...) longer than this is refused before any regex sees it
MAX_VALUE_CHARS = 200

_WS = re.compile(r"\s+")


def strip_controls(text: str) -> str:
    """Drop control (Cc, except whitespace) and format (Cf: zero-width, BOM, bidi) characters."""
    return "".join(ch for ch in text
                   if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))


def prepare(value: object, what: str, *, max_len: int = MAX_VALUE_CHARS, nfkc: bool = True) -> str:
    """Check that ``value`` is usable text and return it cleaned (see the module docstring)."""
    if not isinstance(value, str):
        raise InvalidFormat(f"expected text for a {what}, got {type(value).__name__}", value=value)
    if len(value) > 4 * max_len:  # cheap refusal before any work on megabytes of junk
        raise InvalidFormat(f"too long for a {what}: {len(value)} characters (at most {max_len})",
                            value=value[:50])
    text = unicodedata.normalize("NFKC", value) if nfkc else value
    text = _WS.sub(" ", strip_controls(text)).strip()
    if not text:
        raise InvalidFormat(f"the {what} is empty", value=value)
    if len(text) > max_len:
        raise InvalidFormat(f"too long for a {what}: {len(text)} characters (at most {max_len})",
                            value=value[:50])
    return text


@lru_cache(maxsize=64)
def _parse_locale(name: str):
    from babel import Locale

    return Locale.parse(name.replace("-", "_"))


def get_locale(locale: object):
    """A babel ``Locale`` for ``'de'``, ``'de_DE'``, ``'zh-CN'`` (or ``None`` for ``None``).

    An unknown or malformed locale name raises :class:`InvalidFormat` naming it.
    """
    if locale is None or locale == "":
        return None
    if not hasattr(locale, "language"):
        if not isinstance(locale, str) or not re.fullmatch(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8}){0,3}", locale):
            raise InvalidFormat(f"not a locale name: {locale!r}")
        from babel.core import UnknownLocaleError

        try:
            return _parse_locale(locale)
        except (UnknownLocaleError, ValueError, TypeError):  # babel's errors for a name it does not know
            raise InvalidFormat(f"unknown locale {locale!r}") from None
    return locale


def trie_regex(words) -> str:
    """One regular expression matching any of ``words``, longest first, prefixes shared (fast on long lists).

    >>> trie_regex(["mar", "march", "may"]), trie_regex([])
    ('(?:ma(?:r(?:ch)?|y))', '(?!)')
    """
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:
        ends = "" in node
        alts = [re.escape(ch) + walk(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return (f"(?:{body})?" if len(body) > 1 and not body.startswith("(?:") else body + "?") if ends else body

    return "(?:" + walk(tree) + ")" if tree else "(?!)"
