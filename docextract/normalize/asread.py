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
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from ..data import WORD_LISTS, terms, word_list

__all__ = ["keep_as_read"]


@functools.cache
def _name_words() -> frozenset[str]:
    """The single words of the lexicons' name vocabulary (trade words, organisation marks), upper-case."""
    return frozenset(w.upper() for s in ("trade_words", "org_marks") for t in terms(s, locales=None)
                     if not t.startswith("re:") for w in re.findall(r"[^\W\d_]{2,}", t))


def _in(word: str, lists: Sequence[str], *, domain: bool = False) -> bool:
    return any(word in word_list(n)[0] for n in lists if n in WORD_LISTS and (WORD_LISTS[n][1] or not domain))


def keep_as_read(word: str, repair: str, lists: Sequence[str], *, name: bool = False) -> bool:
    """Whether ``word`` stays as read rather than becoming ``repair``, a word of ``lists`` (see the module)."""
    w, new = str(word or "").upper(), str(repair or "").upper()
    if not w or len(w) != len(new) or len(w) > 40:
        return False
    if len(w) >= 6 and w[:-1] == new[:-1] and _in(w[:-1], lists):
        return True
    return (name and len(w) < 8 and w.isalpha() and w.isascii() and not _in(new, lists, domain=True)
            and new not in _name_words())
