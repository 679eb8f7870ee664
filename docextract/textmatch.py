"""Text matching shared by field finding and grounding: compact forms, edit distance, CJK
characters and fuzzy search of printed labels in OCR text.

OCR inserts or drops spaces, confuses similar glyphs and runs a label into its value
(``公民身份号码110105…``, ``TOTAL:9.00``), so labels are searched in a compact form of the line
(case-folded, NFKC, whitespace removed) with a small edit-distance budget, and every match is
mapped back to character offsets of the original text.

>>> m = fuzzy_find("Total", "Round d TOTAL (RM): 9.00")
>>> m.start, m.end, m.dist
(8, 13, 0)
>>> fuzzy_find("公民身份号码", "公民身份号吗 110105194912310021").end
6
>>> fuzzy_find("Total", "SUBTOTAL 9.00") is None      # inside a word: not the label
True
>>> fuzzy_find("Date", "Dale: 25/12/2018").dist       # one OCR error allowed in a 4-letter label
1
>>> fuzzy_find("Total Inclusive GST", "al Inclusive GST: 635.00")   # its start cut off at the line's left
Match(start=0, end=16, dist=3)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Match", "compact", "fuzzy_find", "budget", "is_cjk", "strip_separators", "edit_distance",
           "SEPARATORS", "misread_twin", "name_again"]

#: characters between a label and its value
SEPARATORS = " \t:：;；.,，。-_=|/\\>»·*#"


def is_cjk(ch: str, *, marks: bool = False) -> bool:
    """A CJK ideograph; ``marks``: also CJK punctuation, kana and radicals (U+2E80 on), which join
    their neighbours without a space.

    >>> is_cjk("汉"), is_cjk("。"), is_cjk("。", marks=True), is_cjk("A", marks=True)
    (True, False, True, False)
    """
    return ("\u2e80" if marks else "\u3400") <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


@functools.lru_cache(maxsize=8192)      # every label is looked for in every line
def compact(text: str) -> tuple[str, tuple[int, ...]]:
    """The case-folded NFKC text without whitespace and pictographic symbols (``名☑称`` reads as a
    label), and each kept character's original index.

    >>> compact("To tal☑")
    ('total', (0, 1, 3, 4, 5))
    """
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(text):
        norm = unicodedata.normalize("NFKC", ch).casefold()
        for c in norm:
            if c.isspace() or unicodedata.category(c) == "So":
                continue
            out.append(c)
            idx.append(i)
    return "".join(out), tuple(idx)


@functools.lru_cache(maxsize=4096)
def budget(label: str) -> int:
    """Edit operations tolerated when finding ``label``: none for short labels, more for long ones."""
    n = len(compact(label)[0])
    if any(is_cjk(c) for c in label):
        return 0 if n <= 2 else (1 if n <= 6 else 2)
    if n <= 3:
        return 0
    return 1 if n <= 7 else 2


@dataclass(frozen=True)
class Match:
    """Where a label was found in a text: original character offsets and edit distance."""

    start: int
    end: int
    dist: int


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance.

    >>> edit_distance("kitten", "sitting")
    3
    """
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def misread_twin(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` spell the same letters and digits but for about one slip in six (a letter
    read for another, one lost or added), not exactly the same: one text printed twice, one copy misread.

    >>> misread_twin("HIMMOS-GALLERIA", "MIMMOS GALLERIA"), misread_twin("Jnidia Palace", "INDIA PALACE")
    (True, True)
    >>> misread_twin("India Palace", "INDIA PALACE"), misread_twin("Karam Beirut - DM", "KARAM BEIRUT")
    (False, False)
    >>> misread_twin("", ""), misread_twin("CAFE", "CAKE"), misread_twin("TACO", "TACOS")
    (False, False, False)
    """
    a, b = (re.sub(r"[\W_]+", "", t or "").upper() for t in (a, b))
    return abs(len(a) - len(b)) <= 1 and 0 < edit_distance(a, b) <= len(a) // 6


def name_again(name: str, row: str) -> bool:
    """Whether ``row`` prints ``name`` again with more to it, the way a receipt prints its logo and then
    the shop's own line (its branch, store or place): the row opens with the name's first word (one slip
    in six allowed; a short first word with the next), in five words at most, no comma (not a sentence), and
    is not the name itself (a greeting before it is the caller's to take off).

    >>> name_again("CREST FOODS", "Crest Foods #5"), name_again("IGA", "IGA LEFEBVRE ET FILLES")
    (True, True)
    >>> name_again("KRYSTAL HTB001", "KRYSTAL"), name_again("India Palace", "INDIA PALACE")
    (True, False)
    >>> name_again("LOREM SHOP", "LOREM IPSUM DOLOR SIT AMET, CON-"), name_again("MARINA SHELL", "SHELL OIL")
    (False, False)
    >>> name_again("THE SEA", "THE BEST FISH IN TOWN"), name_again("THE SEA", "The Sea Fish Bar")
    (False, True)
    >>> name_again("", ""), name_again("€", "€ 5"), name_again("A" * 10_000, "B" * 10_000), name_again(None, "１２")
    (False, False, False, False)
    """
    a = re.findall(r"[^\W_]+", (name or "").upper())
    b = re.findall(r"[^\W_]+", (row or "").upper())
    n = 1 + (len(a) > 1 and len(a[0]) <= 3)   # a short first word (THE, LA) with the next
    return bool(a and b and "," not in row and len(b) <= 5 and b != a and len(a[0]) > 1
                and (a[:n] == b[:n] or n == 1 and 3 < len(a[0]) < 40 and misread_twin(a[0], b[0])))


def _approx(pattern: str, text: str, k: int) -> list[tuple[int, int, int]]:
    """Approximate substring matches (Sellers): (start, end, dist) in ``text`` with dist <= k."""
    m = len(pattern)
    if m == 0 or sum(c in text for c in pattern) < m - k:   # too few of its characters to be there
        return []
    if k == 0:       # exact: every occurrence, overlapping ones too
        found, at = [], text.find(pattern)
        while at >= 0:
            found.append((at, at + m, 0))
            at = text.find(pattern, at + 1)
        return found
    # column-wise DP: D[i] = distance of pattern[:i] ending at current text position; start tracked
    dist = list(range(m + 1))
    start = [0] * (m + 1)
    found: list[tuple[int, int, int]] = []
    for j, tc in enumerate(text, 1):
        ndist = [0] * (m + 1)
        nstart = [j] * (m + 1)
        for i in range(1, m + 1):
            sub = dist[i - 1] + (pattern[i - 1] != tc)
            ins = dist[i] + 1          # text char extra
            dele = ndist[i - 1] + 1    # pattern char missing
            best = min(sub, ins, dele)
            ndist[i] = best
            if best == sub:
                nstart[i] = start[i - 1] if i > 1 else j - 1
            elif best == ins:
                nstart[i] = start[i] if i > 0 else j
            else:
                nstart[i] = nstart[i - 1]
        nstart[0] = j
        dist, start = ndist, nstart
        if dist[m] <= k:
            found.append((start[m], j, dist[m]))
    return found


def _boundary_ok(label_c: str, text: str, start: int, end: int) -> bool:
    """Latin labels must not start inside a word (``Total`` in ``SUBTOTAL``), nor end inside one
    when they are short (``Tax`` in ``Taxable``)."""
    if is_cjk(label_c[0]):
        return True
    if start > 0 and text[start - 1].isalpha() and not is_cjk(text[start - 1]):
        return False
    if len(label_c) < 5 and end < len(text) and text[end].isalpha() and not is_cjk(text[end]):
        return False
    return True


def fuzzy_find(label: str, text: str, max_dist: int | None = None, *, all_matches: bool = False):
    """The best occurrence of ``label`` in ``text`` (a :class:`Match`) or ``None``.

    With ``all_matches`` every non-overlapping occurrence is returned, as a list.
    """
    lab, _ = compact(label)
    if not lab:
        return [] if all_matches else None
    k = budget(label) if max_dist is None else max_dist
    txt, idx = compact(text)
    if not txt:
        return [] if all_matches else None
    raw = _approx(lab, txt, k)
    # keep, per end position, the exact or longest match; then pick non-overlapping best ones
    cands = []
    for s, e, d in raw:
        if e - s < max(1, len(lab) - k) or s >= len(idx) or e - 1 >= len(idx):
            continue
        o_start, o_end = idx[s], idx[e - 1] + 1
        if d and not lab[0] == txt[s] and not lab[-1] == txt[e - 1]:
            continue  # a fuzzy match must get at least one end right
        if not _boundary_ok(lab, text, o_start, o_end):
            continue
        cands.append(Match(o_start, o_end, d))
    if not cands and max_dist is None and " " in label.strip() and len(lab) >= 12 and not is_cjk(lab[0]):
        # a long label whose first letters were cut off at the left of the line ("al Inclusive GST:")
        for cut in (1, 2, 3):
            if txt.startswith(lab[cut:]):
                cands.append(Match(idx[0], idx[len(lab) - cut - 1] + 1, cut))
                break
    cands.sort(key=lambda m: (m.dist, -(m.end - m.start), m.start))
    chosen: list[Match] = []
    for m in cands:
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
            if not all_matches:
                break
    if all_matches:
        return sorted(chosen, key=lambda m: m.start)
    return chosen[0] if chosen else None


def strip_separators(text: str) -> str:
    """``text`` without the punctuation that sits between a label and its value.

    >>> strip_separators(" : 25/12/2018 ")
    '25/12/2018'
    """
    return text.strip().lstrip(SEPARATORS).strip()


_WS = re.compile(r"\s+")


def collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()
