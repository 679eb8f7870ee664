"""Misread words repaired against word lists: ``CONFECTIUNERY`` → ``CONFECTIONERY``, ``Ma11`` → ``Mall``.

A schema field opts in with the hint ``words: [en, my]`` (docs/schemas.md). Each Latin word of
the value that is in none of the lists is compared with the lists' words; it is replaced only
when exactly one entry is that close, the closer the shorter the word:

- digits read for letters inside a word (``1DEA``, ``Ma11``), two letters or more;
- ``rn``/``m``, ``cl``/``d``, ``vv``/``w``;
- one letter changed for a look-alike (``U``/``O``, ``K``/``R``, ``N``/``M`` …) — words of six
  letters or more, or four or more when the entry is in a domain list (``my``);
- one letter changed for any letter, or two look-alike changes — words of eight or more.

Phrases of a domain list (``SHAH ALAM``, ``SUBANG JAYA``) are matched across words, spaces
ignored, with one change allowed in phrases of eight letters or more, when one of the words is
unknown. Words with an apostrophe are left alone; the word's case is kept.

Lists: ``en`` — English words (SCOWL, see ``docextract/data/NOTICE-SCOWL.txt``); ``my`` — Malay
street, place and business words, the states and large towns of Malaysia; ``places_<locale>`` —
towns (GeoNames); ``page`` — the ``places_`` lists of the lexicons the page is read with, counted
only for a word before a comma, a region's code, a postcode or the end (where a town is printed).

>>> repair_words("AIK HUAT HARUWARE ENTERPRISE", ["en", "my"])
'AIK HUAT HARDWARE ENTERPRISE'
>>> repair_words("Lot 3, Jalan Pelabur, 40300 Shah Alan, Selangor", ["en", "my"])
'Lot 3, Jalan Pelabur, 40300 Shah Alam, Selangor'
>>> repair_words("10T 1851-A, JALAN KPB 6", ["en", "my"]), repair_words("10A JALAN KPB", ["en", "my"])
('LOT 1851-A, JALAN KPB 6', '10A JALAN KPB')
>>> repair_words("No 7, Simpàng Off, JalanPelabur, KUALA L.UMPUR", ["en", "my"])
'No 7, Simpang Off, Jalan Pelabur, KUALA LUMPUR'
>>> repair_words("4243, Compleks Perniagaan Sr! Gaya", ["en", "my"]), repair_words("Hello!", ["en"])
('4243, Compleks Perniagaan Sri Gaya', 'Hello!')
>>> repair_words("buardian Health", ["en"]), repair_words("LIAN HING", ["en", "my"])
('guardian Health', 'LIAN HING')
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

from ..data import WORD_LISTS, lexicon_names, terms
from ..data import in_word_lists, look_alike as confusions, word_list as _load
from ..textmatch import edit_distance
from ..normalize.asread import keep_as_read
from ..normalize.wordmend import mend_words

__all__ = ["WORD_LISTS", "TOKEN_RE", "words", "repair_words", "repair_word", "is_known", "in_case_of", "look_alike"]

_SHAPES = confusions()       # the recogniser's confusions (docextract/data/look_alike.json)
_BOTH = _SHAPES["letters"] + [p[::-1] for p in _SHAPES["letters"]]    # letter pairs, either way
_LOOK = {a: {y for x, y in _BOTH if x == a} for a, _ in _BOTH}
_DIGIT_AS: dict[str, str] = _SHAPES["digit_letters"]
_MULTI = [tuple(p) for p in _SHAPES["letter_clusters"]]
TOKEN_RE = re.compile(r"(?<![A-Za-z0-9'’])[A-Za-z0-9]+(?![A-Za-z0-9'’])")
_ABC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_PLACE_AT = re.compile(r"\s*(?:,|[A-Z]{2}\s*(?:\d|$)|\d{4}|$)")


def look_alike(a: str, b: str) -> bool:
    """Whether the recogniser confuses capital letters ``a`` and ``b`` (``H``/``M``, ``U``/``O`` …).

    >>> look_alike("H", "M"), look_alike("A", "Z")
    (True, False)
    """
    return b in _LOOK.get(a, ())


def words(name: str) -> frozenset[str]:
    """The single words of a built-in list, upper-case."""
    return _load(name)[0]


def _variants(w: str, *, any_letter: bool, two: bool):
    """``(variant, cost)`` for the edits allowed on an upper-case word ``w``."""
    for a, b in _MULTI:
        k = w.find(a)
        while k >= 0:
            yield w[:k] + b + w[k + len(a):], 1
            k = w.find(a, k + 1)
    for i, ch in enumerate(w):
        for alt in (_ABC if any_letter else _LOOK.get(ch, ())):
            if alt != ch:
                yield w[:i] + alt + w[i + 1:], 1
    if two:
        for i in range(len(w)):
            for j in range(i + 1, len(w)):
                for a in _LOOK.get(w[i], ()):
                    for b in _LOOK.get(w[j], ()):
                        yield w[:i] + a + w[i + 1:j] + b + w[j + 1:], 2


def _digit_forms(w: str) -> set[str]:
    forms = {""}
    for ch in w:
        forms = {f + c for f in forms for c in _DIGIT_AS.get(ch, ch)}
        if len(forms) > 64:
            return set()
    return forms


def repair_word(word: str, lists: Sequence[str], *, first: bool = False) -> str | None:
    """The one list entry ``word`` was misread from, in ``word``'s case; None when it is a known
    word, too short, or more than one entry is as close. ``first``: the word starts the value, where
    a one-letter token may be a domain word with digits misread in it (``10T`` → ``LOT``)."""
    w = word.upper()
    loaded = [(_load(n)[0], WORD_LISTS[n][1]) for n in lists]
    known = any(w in ws for ws, _ in loaded)
    if known or not 3 <= len(w) <= 40 or w.isdigit():     # (no word in a list is longer)
        return None
    found: str | None = None
    if any(c.isdigit() for c in w):
        letters = sum(c.isalpha() for c in w)
        if letters < 2 and not (first and letters == 1):
            return None
        forms = _digit_forms(w)
        for ws, domain in sorted(loaded, key=lambda x: not x[1]):   # domain lists first
            if letters < 2 and not domain:
                continue
            hits = {f for f in forms if f in ws}
            if hits:
                found = next(iter(hits)) if len(hits) == 1 else None
                break
    else:
        for ws, domain in sorted(loaded, key=lambda x: not x[1]):   # domain lists first
            if len(w) < (4 if domain else 6):
                continue
            best: dict[str, int] = {}
            for v, cost in _variants(w, any_letter=len(w) >= 8, two=len(w) >= 8):
                if v in ws and cost < best.get(v, 9):
                    best[v] = cost
            if best:
                low = min(best.values())
                hits = [v for v, c in best.items() if c == low]
                if len(hits) == 1:
                    found = hits[0]
                break
    return in_case_of(word, found) if found else None


def in_case_of(word: str, new: str) -> str:
    letters = [c for c in word if c.isalpha()]
    if letters and all(c.islower() for c in letters):
        return new.lower()
    long = [t for t in re.findall(r"[A-Za-z]+", word) if len(t) > 1]
    if long and all(t[0].isupper() and t[1:].islower() for t in long):
        return new.title()
    return new.upper()


def _phrases(text: str, lists: Sequence[str]) -> str:
    phrases = [p for n in lists if WORD_LISTS[n][1] for p in _load(n)[1]]
    if not phrases:
        return text
    toks = list(TOKEN_RE.finditer(text))
    out, pos, i = [], 0, 0
    while i < len(toks):
        done = False
        for n in (4, 3, 2):
            if i + n > len(toks):
                continue
            a, b = toks[i].start(), toks[i + n - 1].end()
            span = text[a:b]
            if not re.fullmatch(r"[A-Za-z ]+", span):
                continue
            flat = span.replace(" ", "").upper()
            best = [(edit_distance(flat, p.replace(" ", "")), p) for p in phrases
                    if abs(len(p.replace(" ", "")) - len(flat)) <= 1]
            best = [(d, p) for d, p in best if d == 0 or (d == 1 and len(flat) >= 8)]
            unknown = any(not is_known(t, lists) for t in span.split())
            if len(best) == 1 and span.upper() != best[0][1] and unknown:
                d, p = best[0]
                if d == 1 or len(p.split()) != len(span.split()):
                    out.append(text[pos:a] + in_case_of(span, p))
                    pos, i, done = b, i + n, True
                    break
        if not done:
            i += 1
    out.append(text[pos:])
    return "".join(out)


def repair_words(text: str, lists: Sequence[str], *, name: bool = False) -> str:
    """``text`` (``name``: an organisation's) with its misread words repaired against the named lists (see the
    module doc), but those :func:`~docextract.normalize.asread.keep_as_read` keeps."""
    if not text or not lists:
        return text
    for n in lists:
        if n not in WORD_LISTS:
            raise KeyError(n)
    for step in (_accents, _camel, _stray_points, _bangs):
        text = step(text, lists)
    text = _glued(mend_words(text, lists), lists)   # (a space inside a word, a letter lost: normalize.wordmend)
    text = _phrases(text, lists)

    def fix(m: re.Match) -> str:   # place lists count for a word before a comma, region code, postcode or the end
        here = [n for n in lists if not (n == "page" or n.startswith("places_")) or _PLACE_AT.match(text, m.end())]
        new = repair_word(m.group(), here, first=not text[:m.start()].strip())
        return m.group() if not new or keep_as_read(m.group(), new, here, name=name) else new

    return TOKEN_RE.sub(fix, text)


def is_known(word: str, lists: Sequence[str], *, domain_only: bool = False) -> bool:
    """In one of ``lists`` (domain lists only: ``domain_only``), or a word of a legal form (``Ltd``, the
    lexicons' ``[legal_forms]``: a runner-up never turns ``Co.,Ltd.`` into ``Co.,Led.``).

    >>> is_known("Ltd", ["en"]), is_known("Lxd", ["en"]), is_known("Shah", ["my"])
    (True, False, True)
    """
    return word.upper() in _legal_words() or in_word_lists(word, lists, domain=domain_only)


@functools.cache
def _legal_words() -> frozenset[str]:
    return frozenset(w.upper() for t in terms("legal_forms", locales=tuple(lexicon_names())) if not t.startswith("re:")
                     for w in re.findall(r"[^\W\d_]{2,}", t))


def _accents(text: str, lists: Sequence[str]) -> str:
    """Accents the recogniser put on a word of the lists dropped (``Simpàng`` → ``Simpang``)."""
    def plain(m: re.Match) -> str:
        w = m.group()
        if w.isascii():
            return w
        bare = unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", w)
                                                    if not unicodedata.combining(c)))
        return bare if bare.isascii() and is_known(bare, lists) else w

    return re.sub(r"[^\W\d_]+", plain, text)


def _stray_points(text: str, lists: Sequence[str]) -> str:
    """A speck read as a period inside a word of the lists dropped (``KUALA L.UMPUR`` → ``KUALA LUMPUR``)."""
    def join(m: re.Match) -> str:
        whole = m.group(1) + m.group(2)
        return whole if len(whole) >= 4 and len(m.group(2)) >= 3 and is_known(whole, lists) else m.group()

    return re.sub(r"\b([A-Za-z]+)\.([A-Za-z]+)\b", join, text)


def _glued(text: str, lists: Sequence[str]) -> str:
    """Capitals the recogniser ran together after a domain word of five letters or more
    (``SULTANAZLAN`` → ``SULTAN AZLAN``), and a mark read as a letter before a domain word
    (``OJLN`` → ``JLN``). Only words in no list are touched.

    >>> _glued("42-46, OJLN SULTANAZLAN", ["en", "my"]), _glued("JALAN BANDARAYA", ["en", "my"])
    ('42-46, JLN SULTAN AZLAN', 'JALAN BANDARAYA')
    """
    def fix(m: re.Match) -> str:
        w = m.group()
        if is_known(w, lists):
            return w
        if w[0] in "OIL" and len(w) >= 4 and is_known(w[1:], lists, domain_only=True):
            return w[1:]
        splits = [k for k in range(5, len(w) - 3) if is_known(w[:k], lists, domain_only=True)]
        return f"{w[:splits[-1]]} {w[splits[-1]:]}" if len(splits) == 1 else w

    return re.sub(r"(?<![A-Za-z0-9'’])[A-Z]{4,}(?![A-Za-z0-9'’])", fix, text)


def _bangs(text: str, lists: Sequence[str]) -> str:
    """An ``I`` or ``l`` ending a word read as ``!`` (``Sr! Gaya`` → ``Sri Gaya``) when that makes a
    word of the lists."""
    def fix(m: re.Match) -> str:
        w = m.group(1)
        for c in ("I", "L"):
            if is_known(w + c, lists):
                return w + (c.lower() if w[-1].islower() else c)
        return m.group()

    return re.sub(r"(?<![A-Za-z0-9])([A-Za-z]+)!(?![A-Za-z0-9])", fix, text)


def _camel(text: str, lists: Sequence[str]) -> str:
    """A space the recogniser dropped between two capitalised words, the first a domain word
    (``JalanPelabur`` → ``Jalan Pelabur``)."""
    def split(m: re.Match) -> str:
        left, right = m.group(1), m.group(2)
        return f"{left} {right}" if is_known(left, lists, domain_only=True) else m.group()

    return re.sub(r"\b([A-Z][a-z]{2,})([A-Z][a-z]{2,})\b", split, text)
