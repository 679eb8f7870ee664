"""Matching a value against printed lines, tolerant of how it is written (used by :mod:`docextract.grounding`).

Text is compared reduced (:func:`text_key`: NFKC, case-folded, no spaces or punctuation); dates and amounts
as values (:func:`typed_hit`); a block running over several lines is followed down its column (:func:`chain`).

>>> from docextract.types import Line
>>> top, under = Line("住址 北京市朝阳区", (0, 0, 200, 20)), Line("建国路1号", (60, 24, 160, 44))
>>> [ln.text for ln in chain([top, under], top, 3)], join_lines([top, under])
(['住址 北京市朝阳区', '建国路1号'], '住址 北京市朝阳区建国路1号')
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .errors import FieldError
from .parsing import normalize_key
from .types import Line

__all__ = ["text_key", "typed_value", "typed_hit", "typed_pieces", "below", "lines_of", "chain", "contains",
           "near", "tokens", "join_lines", "is_cjk"]


def text_key(text: Any) -> str:
    """Text reduced for matching: NFKC (full-width to half-width), case-folded, no spaces or punctuation.

    >>> text_key("ＡＢ 12,3４")
    'ab1234'
    """
    return normalize_key(text or "")  # the same reduction as a model's keys



def typed_value(spec, raw: str) -> Any:
    from .normalize import normalize_value

    try:
        return normalize_value(spec.type, raw, values=spec.values, formats=())
    except FieldError:
        return None



def typed_hit(spec, value: Any, line: Line) -> bool:
    return any(typed_value(spec, piece) == value for piece in typed_pieces(spec, line))



def typed_pieces(spec, line: Line) -> list[str]:
    """The pieces of ``line`` that read as a value of the field's type (spaces squeezed out)."""
    from .fieldtypes import FIELD_TYPES

    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", line.text))
    ftype = FIELD_TYPES.get(spec.type)
    spans = ftype.find_spans(text, {"year_first": True}) if ftype is not None else None
    if spans is None:  # no span finder: numbers in the line
        spans = [m.span() for m in re.finditer(r"\d[\d,.]*\d|\d", text)]
    # a span inside a longer run of digits (a date inside an ID number) is not the value printed
    return [text[a:b] for a, b in spans
            if not (a > 0 and text[a - 1].isdigit()) and not (b < len(text) and text[b].isdigit())]



def below(lines: list[Line], line: Line) -> Line | None:
    """The line just under ``line`` in the same column (its continuation, when a block runs on)."""
    if line.box is None:
        return None
    h = max(1, line.box.height)
    best = None
    for other in lines:
        if other is line or other.box is None or other.page != line.page:
            continue
        gap = other.box[1] - line.box[3]
        if -h * 0.5 <= gap <= h * 1.2 and other.box[0] < line.box[2] and other.box[2] > line.box[0] \
                and abs(other.box[0] - line.box[0]) <= 3 * h + (line.box.width // 2):
            if best is None or other.box[1] < best.box[1]:
                best = other
    return best



def lines_of(spec, least: int = 2) -> int:
    """How many printed lines the field may span (its ``hints.lines``, at least ``least``)."""
    try:
        return max(least, int((getattr(spec, "hints", None) or {}).get("lines", least) or least))
    except (TypeError, ValueError):
        return least



def chain(lines: list[Line], line: Line, limit: int) -> list[Line]:
    """``line`` and up to ``limit - 1`` lines under it, each the continuation of the one above."""
    out = [line]
    while len(out) < limit:
        nxt = below(lines, out[-1])
        if nxt is None or nxt in out:
            break
        out.append(nxt)
    return out



def contains(key: str, vk: str) -> bool:
    """``vk`` in ``key``, not as a piece of a longer run of digits (a date inside an ID number).

    >>> contains("出生19960323", "19960323"), contains("210105199603232351", "19960323")
    (True, False)
    """
    at = key.find(vk)
    while at >= 0:
        end = at + len(vk)
        if not (vk[0].isdigit() and at > 0 and key[at - 1].isdigit()) and \
                not (vk[-1].isdigit() and end < len(key) and key[end].isdigit()):
            return True
        at = key.find(vk, at + 1)
    return False



def near(a: str, b: str) -> bool:
    """Same length, one character apart (one wrong digit)."""
    return len(a) == len(b) and len(a) >= 4 and sum(x != y for x, y in zip(a, b)) == 1



def tokens(key: str) -> list[str]:
    return re.findall(r"[0-9a-z]+", key)



def join_lines(found: list[Line]) -> str:
    """The text of lines one under the other: CJK runs joined directly, other text with a space."""
    out = ""
    for ln in found:
        text = unicodedata.normalize("NFKC", ln.text).strip()
        if out and text and not (is_cjk(out[-1]) or is_cjk(text[0])):
            out += " "
        out += text
    return out



def is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
