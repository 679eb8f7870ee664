"""Text of a stamp or a watermark (the lexicon's ``[stamp_words]``, with the user's lexicon folders):
told apart from a value (:func:`is_stamp_text`), taken out of a line read across it
(:func:`strip_stamp_text`) and off a value's start or end (:func:`stamp_ends`). Such text never becomes
a value.

>>> is_stamp_text("复印无效"), strip_stamp_text("汉复印无效"), stamp_ends("复印张三")
(True, '汉', '张三')
"""

from __future__ import annotations

import functools
import re

from .data import lexicon_folders, pattern, terms
from .textmatch import fuzzy_find

__all__ = ["is_stamp_text", "strip_stamp_text", "stamp_ends", "stamp_pattern"]


@functools.lru_cache(maxsize=4)
def _stamp_words(folders: str) -> tuple[re.Pattern, tuple[str, ...]]:
    """The stamp words as one pattern, and those that are plain text (``folders``: the user's lexicon
    folders, which the lists depend on)."""
    return re.compile(pattern("stamp_words")), tuple(w for w in terms("stamp_words") if not w.startswith("re:"))


def stamp_pattern() -> re.Pattern:
    """The stamp words as one pattern."""
    return _stamp_words(lexicon_folders())[0]


def is_stamp_text(text: str) -> bool:
    """Whether ``text`` holds what a stamp or a watermark says (the lexicon's ``[stamp_words]``), or is
    a piece of it (2 characters or more); a code in Latin letters inside a Chinese phrase (``仅限XYZ比赛
    使用``) does not hide a piece of it.

    Four characters or more may have one misread (``叙限TGH比赛使用``), three where a code stands inside
    them (``灵BFN比赛``).

    >>> is_stamp_text("限XYZ比"), is_stamp_text("XYZ比赛"), is_stamp_text("XYZ"), is_stamp_text("B座大厦")
    (True, True, False, False)
    >>> is_stamp_text("叙限TGH比赛使用"), is_stamp_text("复印有效"), is_stamp_text("复兴路")
    (True, True, False)
    >>> is_stamp_text("灵BFN比赛"), is_stamp_text("灵比赛"), is_stamp_text("A3栋仅")
    (True, False, False)
    """
    t = re.sub(r"\s+", "", text or "")
    core = re.sub(r"[A-Za-z0-9]+", "", t) if re.search(r"[^\x00-\x7f]", t) else t
    rx, plain = _stamp_words(lexicon_folders())
    fuzzy = 4 if core == t else 3   # a code inside the phrase tells a watermark: three characters will do
    return len(t) >= 2 and (bool(rx.search(t)) or (len(core) >= 2 and any(core in w for w in plain)) or (
        len(core) >= fuzzy and any(fuzzy_find(core, w, 1) for w in plain if len(w) >= len(core))))


def strip_stamp_text(text: str) -> str:
    """``text`` without the stamp words read into it (``汉复印无效`` → ``汉``).

    >>> strip_stamp_text("汉复印无效"), strip_stamp_text("与原件一致男"), strip_stamp_text("张三")
    ('汉', '男', '张三')
    >>> strip_stamp_text("仅限XYZ比赛使用 男")
    '男'
    """
    return stamp_pattern().sub("", text or "").strip()


def stamp_ends(text: str) -> str:
    """``text`` without a piece of a stamp's or watermark's words read onto its start or end (a
    watermark crossing the value's line): three characters or more, or two where two stay.

    >>> stamp_ends("曾民晓务使用"), stamp_ends("复印张三"), stamp_ends("王一致"), stamp_ends("张三"), stamp_ends("汉")
    ('曾民晓', '张三', '王一致', '张三', '汉')
    """
    t = (text or "").strip()
    plain = _stamp_words(lexicon_folders())[1]
    for n in range(min(12, len(t) - 1), 1, -1):
        for rest, piece in ((t[:-n], t[-n:]), (t[n:], t[:n])):
            if (n >= 3 or len(rest) >= 2) and any(piece in w for w in plain):
                return rest.strip()
    return t
