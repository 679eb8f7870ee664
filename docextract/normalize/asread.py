"""Words kept as the recogniser read them although the word repair (:mod:`docextract.locate.spell`) finds a
list word one letter away: where the read word is more likely printed so than misread.

- a word that is a list word of five letters or more with one letter more at its end (``CAVALIERE``:
  ``CAVALIER`` and an ``E``) is a form the list lacks, a foreign or inflected one; changing that last
  letter (``CAVALIERS``) would only swap one ending of the same stem for another;
- in a name (``name``), a word of fewer than eight letters, letters only, is a proper noun more often than a
  misread common word (``Gordon`` is no misread ``Cordon``): it is repaired only into a word of a domain list
  (``my``) or of the names' own vocabulary, the lexicons' ``[trade_words]`` and ``[org_marks]`` (``KITCHFN``
  → ``KITCHEN``). Longer words (``HARUWARE`` → ``HARDWARE``) and digits read for letters (``SUSH1``) are
  repaired as before.

>>> keep_as_read("CAVALIERE", "CAVALIERS", ["en", "my"]), keep_as_read("HARUWARE", "HARDWARE", ["en", "my"])
(True, False)
>>> keep_as_read("Gordon", "Cordon", ["en", "my"], name=True), keep_as_read("Gordon", "Cordon", ["en", "my"])
(True, False)
>>> keep_as_read("KITCHFN", "KITCHEN", ["en", "my"], name=True), keep_as_read("SUSH1", "SUSHI", ["en"], name=True)
(False, False)
>>> keep_as_read("", "", ["en"]), keep_as_read("€", "E", ["en"], name=True), keep_as_read("x" * 10_000, "y", ["en"])
(False, False, False)

And a name printed twice (a logo and the plain print) is the same word twice: where two of its readings are one
look-alike letter apart and the recogniser doubted that letter in one (a runner-up there) but not in the other, the
doubted one is the misread (:func:`twin_words`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from ..data import in_word_lists as _in, look_alike, terms

__all__ = ["keep_as_read", "twin_words"]


@functools.cache
def _name_words() -> frozenset[str]:
    """The single words of the lexicons' name vocabulary (trade words, organisation marks), upper-case."""
    return frozenset(w.upper() for s in ("trade_words", "org_marks") for t in terms(s, locales=None)
                     if not t.startswith("re:") for w in re.findall(r"[^\W\d_]{2,}", t))


def keep_as_read(word: str, repair: str, lists: Sequence[str], *, name: bool = False) -> bool:
    """Whether ``word`` stays as read rather than becoming ``repair``, a word of ``lists`` (see the module)."""
    w, new = str(word or "").upper(), str(repair or "").upper()
    if not w or len(w) != len(new) or len(w) > 40:
        return False
    if len(w) >= 6 and w[:-1] == new[:-1] and _in(w[:-1], lists):
        return True
    return (name and len(w) < 8 and w.isalpha() and w.isascii() and not _in(new, lists, domain=True)
            and new not in _name_words())


def twin_words(readings: dict) -> dict:
    """``readings`` (a line's key: its text and its runners-up, ``Line.alternatives``) as texts, a word of six letters
    or more put right where another reading prints it one look-alike letter (look_alike.json) apart and only this
    one had a runner-up at that letter.

    >>> twin_words({0: ("Microsoft", ()), 1: ("Micrusoft Store", ((4, "n", 0.14, 0.59),))})
    {0: 'Microsoft', 1: 'Microsoft Store'}
    >>> twin_words({0: ("Microsoft", ()), 1: ("Micrusoft Store", ())})    # no doubt: left as read
    {0: 'Microsoft', 1: 'Micrusoft Store'}
    >>> twin_words({}), twin_words({0: ("€", ()), 1: ("", ((0, "x", 0.1, 0.9),)), 2: (None, None)})
    ({}, {0: '€', 1: '', 2: ''})
    """
    pairs = {frozenset(p) for p in look_alike()["letters"]}
    words = [(k, m.start(), m.group(), {a[0] for a in alts or ()}) for k, (text, alts) in readings.items()
             for m in re.finditer(r"[^\W\d_]{6,}", str(text or ""))]
    out = {k: list(str(text or "")) for k, (text, _) in readings.items()}
    for k, at, word, doubts in words:
        for _, at2, other, doubts2 in words:
            diff = [i for i, (a, b) in enumerate(zip(word.upper(), other.upper())) if a != b]
            if (len(word) == len(other) and len(diff) == 1
                    and frozenset((word[diff[0]].upper(), other[diff[0]].upper())) in pairs
                    and at + diff[0] in doubts and at2 + diff[0] not in doubts2):
                c = other[diff[0]]
                out[k][at + diff[0]] = c.lower() if word[diff[0]].islower() else c.upper()
    return {k: "".join(c) for k, c in out.items()}
