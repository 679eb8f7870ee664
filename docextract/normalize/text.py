"""Free text: trim, collapse whitespace, optional full-width to half-width and upper-casing.

>>> clean_text("  张三\\n\\t ")
'张三'
>>> clean_text("ＡＢＣ　１２３，好。", fullwidth=True)
'ABC 123,好。'
>>> clean_text("abc  def", uppercase=True)
'ABC DEF'
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import InvalidFormat
from ._util import strip_controls

__all__ = ["clean_text", "to_halfwidth", "MAX_TEXT_CHARS"]

#: free text longer than this is refused (a field value, not a whole document)
MAX_TEXT_CHARS = 100_000

_WS = re.compile(r"\s+")


def to_halfwidth(text: str) -> str:
    """Full-width ASCII forms (U+FF01–FF5E), the ideographic space and ￠￡￥… to their ASCII forms.

    CJK punctuation without an ASCII twin (。、「」【】〇) is kept as it is; so are Chinese
    characters and half-width katakana.

    >>> to_halfwidth("２０２４年３月１５日　ＡＢ－１２（大写）￥")
    '2024年3月15日 AB-12(大写)¥'
    """
    if not isinstance(text, str):
        raise InvalidFormat(f"expected text, got {type(text).__name__}", value=text)
    out = []
    for ch in text:
        cp = ord(ch)
        if 0xFF01 <= cp <= 0xFF5E:
            out.append(chr(cp - 0xFEE0))
        elif cp == 0x3000:
            out.append(" ")
        elif 0xFFE0 <= cp <= 0xFFE6:
            out.append(unicodedata.normalize("NFKC", ch))
        else:
            out.append(ch)
    return "".join(out)


def clean_text(s: str, *, fullwidth: bool = False, uppercase: bool = False) -> str:
    """Strip, drop control/zero-width characters, collapse every whitespace run to one space.

    ``fullwidth=True`` maps full-width letters, digits and ASCII punctuation to half-width
    (:func:`to_halfwidth`); ``uppercase=True`` upper-cases. Nothing else is removed, so no
    text is lost. An empty or whitespace-only string gives ``''``; non-text raises
    :class:`InvalidFormat`.

    >>> clean_text("北京市\\u200b朝阳区\\n建国路 88 号")
    '北京市朝阳区 建国路 88 号'
    """
    if not isinstance(s, str):
        raise InvalidFormat(f"expected text, got {type(s).__name__}", value=s)
    if len(s) > MAX_TEXT_CHARS:
        raise InvalidFormat(f"too long for a text field: {len(s)} characters (at most {MAX_TEXT_CHARS})",
                            value=s[:50])
    text = strip_controls(s)
    if fullwidth:
        text = to_halfwidth(text)
    text = _WS.sub(" ", text).strip()
    return text.upper() if uppercase else text
