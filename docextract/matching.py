"""Matching a value against printed lines, tolerant of how it is written (used by :mod:`docextract.grounding`).

Text is compared reduced (:func:`text_key`: NFKC, case-folded, no spaces or punctuation); dates and amounts
as values (:func:`typed_hit`); a block running over several lines is followed down its column (:func:`chain`).

>>> from docextract.types import Line
>>> top, under = Line("住址 北京市朝阳区", (0, 0, 200, 20)), Line("建国路1号", (60, 24, 160, 44))
>>> [ln.text for ln in chain([top, under], top, 3)], join_lines([top, under])
(['住址 北京市朝阳区', '建国路1号'], '住址 北京市朝阳区建国路1号')
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from .data import look_alike
from .errors import FieldError
from .parsing import normalize_key
from .textmatch import is_cjk
from .types import Line

__all__ = ["text_key", "typed_value", "typed_hit", "typed_pieces", "below", "lines_of", "chain", "contains", "locate",
           "near", "tokens", "join_lines", "typed_line", "misread_of", "misread_at"]


def text_key(text: Any) -> str:
    """Text reduced for matching: NFKC (full-width to half-width), case-folded, no spaces or punctuation,
    Latin letters without accents (a reader drops or adds them: ``Chéras`` is ``Cheras``).

    >>> text_key("ＡＢ 12,3４"), text_key("Chéras Ç"), text_key("ガ")
    ('ab1234', 'cherasc', 'ガ')
    """
    text = unicodedata.normalize("NFKD", str(text or ""))
    kept = [ch for k, ch in enumerate(text) if not (unicodedata.combining(ch) and k and text[k - 1] < "\u0250")]
    return normalize_key(unicodedata.normalize("NFC", "".join(kept)))  # else the same reduction as a model's keys



def typed_value(spec, raw: str) -> Any:
    from .normalize import normalize_value

    try:
        return normalize_value(spec.type, raw, values=spec.values, formats=())
    except FieldError:
        return None



def typed_hit(spec, value: Any, line: Line) -> bool:
    return any(typed_value(spec, piece) == value for piece in typed_pieces(spec, line))



def typed_pieces(spec, line: Line) -> list[str]:
    """The pieces of ``line`` that read as a value of the field's type: found with its spaces squeezed out
    (``1 234.00``, ``2024 年 1 月``) and with them kept (a time after a date: ``25/12/2018 8:13:39``).

    >>> from docextract.schema import load_schema_text
    >>> s = load_schema_text("name: t\\nfields:\\n  - {name: d, type: date}\\n")
    >>> typed_pieces(s.fields[0], Line("Date: 25/12/2018 8:13:39 PM"))
    ['25/12/2018']
    """
    from .fieldtypes import FIELD_TYPES

    ftype = FIELD_TYPES.get(spec.type)
    out: list[str] = []
    spaced = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", line.text or "")).strip()
    for text in (spaced.replace(" ", ""), spaced):
        spans = ftype.find_spans(text, {"year_first": True}) if ftype is not None else None
        if spans is None:  # no span finder: numbers in the line
            spans = [m.span() for m in re.finditer(r"\d[\d,.]*\d|\d", text)]
        # a span inside a longer run of digits (a date inside an ID number) is not the value printed
        out += [text[a:b] for a, b in spans if text[a:b] not in out
                and not (a > 0 and text[a - 1].isdigit()) and not (b < len(text) and text[b].isdigit())]
    return out



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



def contains(key: str, vk: str, *, prefix: bool = False) -> bool:
    """``vk`` in ``key``, not as a piece of a longer run of digits (a date inside an ID number); with
    ``prefix``, ``vk`` may stop inside one (a value cut short: ``朝阳街3`` of ``朝阳街30号``).

    >>> contains("出生19960323", "19960323"), contains("210105199603232351", "19960323")
    (True, False)
    >>> contains("住址朝阳街30号", "朝阳街3"), contains("住址朝阳街30号", "朝阳街3", prefix=True)
    (False, True)
    """
    at = key.find(vk)
    while at >= 0:
        end = at + len(vk)
        if not (vk[0].isdigit() and at > 0 and key[at - 1].isdigit()) and \
                not (not prefix and vk[-1].isdigit() and end < len(key) and key[end].isdigit()):
            return True
        at = key.find(vk, at + 1)
    return False


def locate(text: str, value: str, *, misread: bool = False) -> tuple[int, int] | None:
    """``(start, end)`` of ``value`` in ``text``, compared as :func:`text_key` compares (case, full-width,
    spaces and punctuation ignored); None when it is not there. With ``misread``, only where ``text`` shows
    it but for a few characters a recogniser mistakes for one another (:func:`misread_of`).

    >>> text = "No. 343, Jalan Kurau, Sungai Rengit,"
    >>> a, b = locate(text, "NO.343 JALAN KURAU, SUNGAI REN"); text[a:b], text[b:]
    ('No. 343, Jalan Kurau, Sungai Ren', 'git,')
    >>> locate("19, JALAN KANCIL, QFF JALAN PUDU.", "OFF JALAN", misread=True)
    (18, 27)
    >>> locate("abc", "x") is None, locate("", "") is None
    (True, True)
    """
    vk = text_key(value)
    pos = [i for i, ch in enumerate(text or "") for _ in text_key(ch)]
    key = "".join(text_key(ch) for ch in text or "")
    at = (misread_at(vk, key) if misread else key.find(vk)) if vk else -1
    if at is None or at < 0:
        return None
    return pos[at], pos[at + len(vk) - 1] + 1



def near(a: str, b: str) -> bool:
    """Same length, one character apart (one wrong digit)."""
    return len(a) == len(b) and len(a) >= 4 and sum(x != y for x, y in zip(a, b)) == 1



def tokens(key: str) -> list[str]:
    return re.findall(r"[0-9a-z]+", key)



@functools.cache
def _shapes() -> frozenset[tuple[str, str]]:
    """Pairs of characters a recogniser mistakes for each other (``docextract/data/look_alike.json``), both ways."""
    data = look_alike()
    pairs = {(a, b) for a, b in data["letters"]}
    pairs |= {(d, ch) for d, chars in data["digit_letters"].items() for ch in chars}
    return frozenset(pairs | {(b, a) for a, b in pairs})


def misread_of(value_key: str, page_key: str) -> bool:
    """Whether ``page_key`` holds ``value_key`` but for a few characters a recogniser mistakes for one
    another (``O``/``Q``, ``L``/``I``, ``0``/``O``; at most one in six): the page's line misread, not
    another value. Both are :func:`text_key` keys; printed text around the value is allowed.

    >>> misread_of("offjalanpudu", "19jalankancilqffjalanpudu"), misread_of("worldsdn", "woridsdn")
    (True, True)
    >>> misread_of("hardware", "hardwxre"), misread_of("abc", "abc"), misread_of("", "x")
    (False, False, False)
    """
    return misread_at(value_key, page_key) is not None


def misread_at(value_key: str, page_key: str) -> int | None:
    """Where :func:`misread_of` finds ``value_key`` in ``page_key`` (None: not there)."""
    if not value_key or len(value_key) > len(page_key) or len(page_key) > _MOST_KEY:
        return None
    shapes, most = _shapes(), max(1, len(value_key) // 6)
    for at in range(len(page_key) - len(value_key) + 1):
        diff = 0
        for a, b in zip(value_key, page_key[at:at + len(value_key)]):
            if a != b:
                diff += 1
                if diff > most or (a.upper(), b.upper()) not in shapes:
                    break
        else:
            if diff:
                return at
    return None


#: the longest text (in key characters) looked through for a misread value: bounded time on junk
_MOST_KEY = 4000


def typed_line(line: Line, types=("phone", "date", "time", "amount")) -> bool:
    """Whether ``line`` is mostly values of ``types`` (phone numbers, dates, amounts; 60 % of its characters):
    such a line is a value of its own, not the continuation of a block of text.

    >>> typed_line(Line("07-355 2616")), typed_line(Line("TEL 03- 8079 0255")), typed_line(Line("81100 JOHOR BAHRU"))
    (True, True, False)
    >>> typed_line(Line("")), typed_line(Line("Tel. + 1 214 528 0197 Fax + 1 214 528 6969"))
    (False, True)
    """
    from .fieldtypes import FIELD_TYPES

    text = unicodedata.normalize("NFKC", line.text or "").strip()
    size, covered = len(text_key(text)), [False] * len(text)
    for name in types:
        ftype = FIELD_TYPES.get(name)
        for a, b in (ftype.find_spans(text, {}) or ()) if ftype is not None and size else ():
            covered[a:b] = [True] * (b - a)
    return bool(size) and len(text_key("".join(ch for ch, c in zip(text, covered) if c))) >= 0.6 * size


def join_lines(found: list[Line]) -> str:
    """The text of lines one under the other: a word of CJK text broken over two lines joined directly
    (``单元160`` + ``2室``), other text with a space.

    >>> join_lines([Line("3单元160"), Line("2室")]), join_lines([Line("81100 JOHOR"), Line("BAHRU")])
    ('3单元1602室', '81100 JOHOR BAHRU')
    """
    out = ""
    for ln in found:
        text = unicodedata.normalize("NFKC", ln.text).strip()
        if out and text and not any(is_cjk(ch, marks=True) for ch in out.split()[-1] + text.split()[0]):
            out += " "
        out += text
    return out

