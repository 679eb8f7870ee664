"""Words the recogniser broke, mended against the word lists (``hints: words``, see
:mod:`docextract.locate.spell`), where one letter changed for another is not the slip:

- a space put inside a word: ``SUL TAN AZLAN`` → ``SULTAN AZLAN``, ``Jala n`` → ``Jalan``: an unknown
  piece and the next one that together make a word of a domain list (``my``), five letters or more;
- a letter dropped from a word: ``Perindustian`` → ``Perindustrian``, ``Plabur`` → ``Pelabur``: an unknown word of six
  letters or more that one letter put back makes exactly one word of a domain list;
- a three-letter word opening the value before a number, with one letter read as its look-alike (look_alike.json):
  ``Eot 3`` → ``Lot 3``, when that makes exactly one word of a domain list;
- a first letter lost: ``TAMAN DESA EBRAU`` → ``TAMAN DESA TEBRAU`` where the text prints the whole
  word elsewhere (an unknown word of five letters or more; exactly one word a letter longer ends with it);
- one letter misread in a word the text prints again: ``PAGOH … PAGOH, 84600,PAGOR`` → ``… PAGOH`` (an unknown
  run of four letters or more; exactly one other run of the text differs in one letter, a known word or printed
  more often);
- a thin letter read into a word (look_alike.json ``stray_letters``: a speck or rule read as I or l):
  ``ARAIH`` → ``ARAH`` (an unknown word of five letters or more; exactly one word of a domain list without it;
  not one of a double letter: ``GALLERIA`` is spelt so);
- a small letter read as its small look-alike whose capital looks different (look_alike.json ``lower_letters``:
  a/o, i/u …): ``Jahor`` → ``Johor``, ``Pelabir`` → ``Pelabur`` (an unknown word of five letters or more; exactly
  one word of a domain list with one such change).

Unknown: in none of the lists named. The word's case is kept.

>>> mend_words("JLN SUL TANAZLAN SHAH", ["en", "my"]), mend_words("Jala n Astaka", ["en", "my"])
('JLN SULTANAZLAN SHAH', 'Jalan Astaka')
>>> mend_words("Kawasan Perindustian Tampoi", ["en", "my"])
'Kawasan Perindustrian Tampoi'
>>> mend_words("JALAN DESA TEBRAU, TAMAN DESA EBRAU", ["en", "my"])
'JALAN DESA TEBRAU, TAMAN DESA TEBRAU'
>>> mend_words("JALAN PELABUR, 40300 SHAH ALAN", ["en", "my"])
'JALAN PELABUR, 40300 SHAH ALAN'
>>> mend_words("Eot 3, Jalan Pelabur", ["en", "my"]), mend_words("Ave 3, Jalan Pelabur", ["en", "my"])
('Lot 3, Jalan Pelabur', 'Ave 3, Jalan Pelabur')
>>> mend_words("AIK HUAT HARDWARE", ["en", "my"])
'AIK HUAT HARDWARE'
>>> mend_words("TAN AH KOW", ["en", "my"]), mend_words("", ["my"]), mend_words(None, ["my"])
('TAN AH KOW', '', None)
>>> mend_words("RAWAT PAGOH, SIMPANG PAGOH, 84600,PAGOR,JOHOR", ["en", "my"])
'RAWAT PAGOH, SIMPANG PAGOH, 84600,PAGOH,JOHOR'
>>> mend_words("Jalan Tampoi, Tampol81200 Johor", ["en", "my"]), mend_words("SUKHUAVIT SUKHUNVIT", ["en", "my"])
('Jalan Tampoi, Tampoi81200 Johor', 'SUKHUAVIT SUKHUNVIT')
>>> mend_words("Kawasan Tampai, 81200 Johor Bahru, Jahor", ["en", "my"]), mend_words("JAHOR", ["en", "my"])
('Kawasan Tampoi, 81200 Johor Bahru, Johor', 'JAHOR')
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence

from ..data import in_word_lists as _known, look_alike

__all__ = ["mend_words"]

_ABC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_WORD = re.compile(r"(?<![A-Za-z0-9'’])[A-Za-z]+(?![A-Za-z0-9'’])")
_RUN = re.compile(r"(?<![A-Za-z'’])[A-Za-z]+(?![A-Za-z'’])")    # letters, digits around them or not (Tampol81200)


@functools.cache
def _capital_alikes() -> dict[str, str]:
    """Each capital -> the capitals it is read for (look_alike.json ``letters``, either way)."""
    out: dict[str, str] = {}
    for a, b in look_alike()["letters"]:
        out[a], out[b] = out.get(a, "") + b, out.get(b, "") + a
    return out


def _alike_words(up: str, lists: Sequence[str]) -> set[str]:
    """The words of a domain list one look-alike capital away from the upper-case word ``up``."""
    return {h for k, c in enumerate(up) for o in _capital_alikes().get(c, "")
            if _known(h := up[:k] + o + up[k + 1:], lists, domain=True)}


def _case(like: str, new: str) -> str:
    if like.islower():
        return new.lower()
    if like[:1].isupper() and like[1:].islower() and len(like) > 1:
        return new.title()
    return new.upper() if like.isupper() or len(like) == 1 else new


def _rejoin(text: str, lists: Sequence[str]) -> str:
    toks = list(_WORD.finditer(text))
    cut = set()   # the spaces to drop, by position
    for m, n in zip(toks, toks[1:]):
        a, b = m.group(), n.group()
        whole = a + b
        if text[m.end():n.start()] != " " or len(a) < 2 or len(whole) < 5 or _known(a, lists) or m.start() - 1 in cut:
            continue
        # the second piece may run into the next word (SUL TANAZLAN): then the join starts with a domain word
        heads = [k for k in range(len(a) + 1, len(whole) - 3) if k >= 5 and _known(whole[:k], lists, domain=True)]
        if _known(whole, lists, domain=True) or len(heads) == 1 and not _known(b, lists):
            cut.add(m.end())
    return "".join(c for k, c in enumerate(text) if k not in cut)


def _dropped(text: str, lists: Sequence[str]) -> str:
    def put_back(m: re.Match) -> str:
        w = m.group()
        if not 6 <= len(w) <= 30 or _known(w, lists):     # (no word of the lists is longer)
            return w
        up = w.upper()
        hits = {h for k in range(len(up) + 1) for c in _ABC if _known(h := up[:k] + c + up[k:], lists, domain=True)}
        return _case(w, hits.pop()) if len(hits) == 1 else w

    return _WORD.sub(put_back, text)


def _added(text: str, lists: Sequence[str]) -> str:
    def drop(m: re.Match) -> str:
        w = m.group()
        if not 5 <= len(w) <= 30 or _known(w, lists):
            return w
        up = w.upper()
        hits = {h for k, c in enumerate(w) if c in stray and c.upper() not in up[k - 1:k] + up[k + 1:k + 2]
                and _known(h := up[:k] + up[k + 1:], lists, domain=True)}   # (GALLERIA's double L is spelt)
        return _case(w, hits.pop()) if len(hits) == 1 else w

    stray = look_alike().get("stray_letters", "")
    return _WORD.sub(drop, text)


def _opening(text: str, lists: Sequence[str]) -> str:
    m = _WORD.match(text)
    if not m or len(m.group()) != 3 or _known(m.group(), lists) or not re.match(r"\s*\d", text[3:]):
        return text   # (before a number: LOT 3, not a name's AIK HUAT)
    hits = _alike_words(m.group().upper(), lists)
    return _case(m.group(), hits.pop()) + text[3:] if len(hits) == 1 else text


def _lost_initial(text: str, lists: Sequence[str]) -> str:
    whole = {w.upper() for w in _WORD.findall(text) if len(w) >= 5}

    def lost(m: re.Match) -> str:
        w = m.group()
        if len(w) < 5 or _known(w, lists):
            return w
        full = [v for v in whole if len(v) == len(w) + 1 and v.endswith(w.upper())]
        return _case(w, full[0]) if len(full) == 1 else w

    return _WORD.sub(lost, text)


def _printed_again(text: str, lists: Sequence[str]) -> str:
    runs = Counter(m.group().upper() for m in _RUN.finditer(text))
    by_gap: dict[str, set[str]] = {}     # a run with one letter left out (PAGO_) -> the runs
    for o in runs:
        for k in range(len(o) if len(o) >= 4 else 0):
            by_gap.setdefault(o[:k] + "_" + o[k + 1:], set()).add(o)

    def mend(m: re.Match) -> str:
        w, up = m.group(), m.group().upper()
        if len(w) < 4 or _known(w, lists):
            return w
        near = {o for k in range(len(up)) for o in by_gap.get(up[:k] + "_" + up[k + 1:], ())
                if o != up and (_known(o, lists) or runs[o] > runs[up])}
        # a domain word one look-alike capital away is the likelier reading (JAMAN: TAMAN, not the JALAN printed before)
        return _case(w, near.pop()) if len(near) == 1 and _alike_words(up, lists) <= near else w

    return _RUN.sub(mend, text)


def _small_look(text: str, lists: Sequence[str]) -> str:
    pairs: dict[str, set[str]] = {}
    for a, b in look_alike().get("lower_letters", ()):
        pairs.setdefault(a, set()).add(b), pairs.setdefault(b, set()).add(a)

    def mend(m: re.Match) -> str:
        w = m.group()
        if not 5 <= len(w) <= 30 or _known(w, lists):
            return w
        hits = {h for k, c in enumerate(w) for o in pairs.get(c, ())
                if _known(h := w[:k] + o + w[k + 1:], lists, domain=True)}
        return _case(w, hits.pop().upper()) if len(hits) == 1 else w

    return _WORD.sub(mend, text)


def mend_words(text: str | None, lists: Sequence[str]) -> str | None:
    """``text`` with the broken words of the module doc mended against ``lists``."""
    if not text or not lists:
        return text
    text = _lost_initial(_opening(_added(_dropped(_rejoin(text, lists), lists), lists), lists), lists)
    return _printed_again(_small_look(text, lists), lists)
