"""Postal codes after a US state's or Canadian province's code, read with a look-alike for a character
(:func:`mend_postcode`), a state's code misread before its ZIP code, put right from the ZIP: the
first three digits of a ZIP name its state (the ``[zip_states]`` list of the lexicons, ``lexicon_us.txt``),
and a long town name misread before them (:func:`mend_town`).

Two capitals right before a five-digit ZIP that are no state's code but one letter from the ZIP's state
are that state misread (``SNELLVILLE, GF 30078``), so is a code with a digit read for its letter
(``Portland, 0R 97212``). Another state's code stays: a receipt may print a
ZIP wrong (``LOS ANGELES, CA 30016``), or the recogniser misread the ZIP, not the code.

>>> mend_state_code("SNELLVILLE, GF 30078"), mend_state_code("Fresno, CX 93720-1234"), mend_state_code("NY 10036")
('SNELLVILLE, GA 30078', 'Fresno, CA 93720-1234', 'NY 10036')
>>> mend_state_code("Portland, 0R 97212"), mend_state_code("Austin, 7X 78701-1234")
('Portland, OR 97212', 'Austin, TX 78701-1234')
>>> mend_state_code("Indianapolis 1N 46250"), mend_state_code("Unit 5C 94040"), mend_state_code("ROOM 12 10036")
('Indianapolis IN 46250', 'Unit 5C 94040', 'ROOM 12 10036')
>>> mend_state_code("PO BOX NO 10036"), mend_state_code(""), mend_state_code(None), mend_state_code("€ ＮＹ １００３６")
('PO BOX NO 10036', '', '', '€ ＮＹ １００３６')
>>> mend_state_code("LOS ANGELES, CA 30016"), mend_state_code("NEW YORK, NV 10036")   # (a state's code stays)
('LOS ANGELES, CA 30016', 'NEW YORK, NV 10036')
"""

from __future__ import annotations

import functools
import re

from ..data import LexiconRegex, lexicon_folders, look_alike, pattern, terms, word_list

__all__ = ["mend_state_code", "mend_postcode", "mend_town", "zip_states"]

#: a character read where a digit is printed (look_alike.json: S for 5, O for 0, B for 8 ...)
_AS_DIGIT = {k: v for k, v in look_alike()["digit_reads"].items() if v.isdigit()}
#: a digit read where a letter of a Canadian postal code is printed (no code uses D, F, I, O, Q or U)
_AS_LETTER = {d: next((c for c in cs if c not in "DFIOQU"), "") for d, cs in look_alike()["digit_letters"].items()}
#: a state's or province's code in capitals, then five characters (a ZIP) or three and three (a postal code)
_AFTER_CODE = LexiconRegex(lambda: r"(?<![A-Za-z])((?-i:" + pattern("us_states") + r")\.?,?\s*)"
                           r"(?:([0-9A-Za-z]{5})(?![0-9A-Za-z])|([0-9A-Z]{3})(\s?)([0-9A-Z]{3})(?![0-9A-Za-z]))")

#: two capitals (one of them maybe a digit read for a letter: 0R) before a ZIP
_CODE_ZIP = re.compile(r"(?<![A-Za-z0-9])((?=[A-Z0-9]?[A-Z])[A-Z0-9]{2})(\.?,?\s*)(\d{5})(?=-\d{4}\b|\b)")
#: the capitals a digit is mistaken for, either way (0: O, D; 7: T)
_LETTERS = {d: "".join(c for c, v in look_alike()["digit_reads"].items() if v == d and c.isupper())
            + look_alike()["digit_letters"].get(d, "") for d in "0123456789"}


@functools.cache
def _table(folders: str) -> dict[str, frozenset[str]]:
    """``{three-digit prefix: states}`` from every lexicon's ``[zip_states]`` (``folders``: the cache's key)."""
    out: dict[str, set[str]] = {}
    for entry in terms("zip_states"):
        state, *spans = entry.split()
        for span in spans:
            first, _, last = span.partition("-")
            if first.isdigit() and (last or first).isdigit():
                for k in range(int(first), int(last or first) + 1):
                    out.setdefault(f"{k:03d}", set()).add(state.upper())
    return {k: frozenset(v) for k, v in out.items()}


def zip_states(zip_code: str) -> frozenset[str]:
    """The states a ZIP code's first three digits belong to (none for an unknown prefix).

    >>> sorted(zip_states("10036")), sorted(zip_states("94577")), sorted(zip_states("00000"))
    (['NY'], ['CA'], [])
    """
    return _table(lexicon_folders()).get((zip_code or "")[:3], frozenset())


@functools.cache
def _codes(folders: str) -> frozenset[str]:
    """What is left as printed: every state's and province's code (``[zip_states]``, ``[us_states]``) and
    the two-letter English words (``NO 12345``)."""
    words = {w for w in word_list("en")[0] if len(w) == 2}
    return frozenset(e.split()[0].upper() for e in terms("zip_states") + terms("us_states")) | words


def mend_state_code(text: str) -> str:
    """``text`` with a state's code before a ZIP put right where the ZIP shows it misread (see the module)."""
    def fix(m: re.Match) -> str:
        code, zip_code = m.group(1), m.group(3)
        states = zip_states(zip_code)
        if code in _codes(lexicon_folders()):
            return m.group()
        near = [s for s in states if len(diff := [(a, b) for a, b in zip(s, code) if a != b]) == 1
                and (diff[0][1].isalpha() or diff[0][0] in _LETTERS.get(diff[0][1], ""))]
        return near[0] + m.group(2) + zip_code if len(near) == 1 else m.group()

    return _CODE_ZIP.sub(fix, text or "")


def _zip(chars: str) -> str | None:
    """Five characters as a ZIP, each misread digit put back; None unless three are digits already."""
    if sum(c.isdigit() for c in chars) < 3 or not all(c.isdigit() or c in _AS_DIGIT for c in chars):
        return None
    return "".join(_AS_DIGIT.get(c, c) for c in chars)


def _postal(chars: str) -> str | None:
    """Six characters as a Canadian postal code (letter, digit, letter ...), at most two put back, else None."""
    out = [c if c.isdigit() == (k % 2 == 1) else (_AS_DIGIT.get(c) if k % 2 else _AS_LETTER.get(c)) for k, c in
           enumerate(chars)]
    return None if not all(out) or sum(a != b for a, b in zip(out, chars)) > 2 else "".join(out)


def mend_postcode(text: str) -> str:
    """A ZIP or postal code after a state's or province's code, read with a look-alike for a digit or a
    letter, put back: ``TX 7B7O1`` → ``TX 78701``, ``ON MSC 1R6`` → ``ON M5C 1R6``. Five characters
    must hold three digits; a postal code at most two misreads. Then the state's code the ZIP shows
    misread is put right (:func:`mend_state_code`).

    >>> mend_postcode("Austin, TX 7B7O1"), mend_postcode("Toronto, ON MSC IR6"), mend_postcode("Langley BC V1M 3A5")
    ('Austin, TX 78701', 'Toronto, ON M5C 1R6', 'Langley BC V1M 3A5')
    >>> mend_postcode("SNELLVILLE, GF 30078")
    'SNELLVILLE, GA 30078'
    >>> mend_postcode("CA SALES"), mend_postcode("ON THE WAY"), mend_postcode("IN 2 DAYS"), mend_postcode(None)
    ('CA SALES', 'ON THE WAY', 'IN 2 DAYS', '')
    """
    def fix(m: re.Match) -> str:
        if m.group(2):
            return m.group(1) + (_zip(m.group(2)) or m.group(2))
        code = _postal(m.group(3) + m.group(5))
        return m.group(1) + code[:3] + m.group(4) + code[3:] if code else m.group()

    return mend_state_code(_AFTER_CODE.sub(fix, text or ""))


#: the town's last word (or last two and three words) before a state's or province's code and its ZIP or
#: postal code (closing an address)
_TOWN, _TOWN_WORDS = (LexiconRegex(lambda w=w: r"\b" + w + r"(?=[.,]?\s*(?-i:" + pattern("us_states")
                                   + r")\.?,?\s*(?:\d{5}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)\b)")
                      for w in (r"[A-Za-z][A-Za-z']*+", r"[A-Za-z]++(?:\s[A-Za-z]++){1,2}"))


def mend_town(text: str, is_known, repair_word) -> str:
    """A town's word of seven letters or more right before a state's code and its ZIP (or a province's and its
    postal code), in neither the English list nor the page's place lists (``words: [page]``), put right when one
    place name is that close: ``STILLMATER, MN 55082`` → ``STILLWATER``. Shorter names are one letter from too
    many others (``FRESND``, ``FRESNO``) and stay, so do the words before it (a street's name: ``2930 N ELISABETH
    PUEBLO, CO``). The finder hands in its word lists' ``is_known(word, lists)`` and ``repair_word(word, lists)``
    (:mod:`docextract.locate.spell`, a layer above this one). A town of two or three words with one misread
    (``Las Vegaa``) is put right the same way against the lists' places of as many words (:func:`_town_words`).

    >>> from docextract.data import lexicon_scope, use_lexicons
    >>> from docextract.locate.spell import is_known, repair_word
    >>> def town(text):
    ...     return lexicon_scope(lambda: use_lexicons(["us"]) and mend_town(text, is_known, repair_word))()
    >>> town("1790 WASHINGTON AVE S STILLMATER, MN 55082"), town("2930 N ELISABETH PUEBLO, CO 81008")
    ('1790 WASHINGTON AVE S STILLWATER, MN 55082', '2930 N ELISABETH PUEBLO, CO 81008')
    >>> town("Indtanapolis, IN 46250 / FRESND CA 93720")
    'Indianapolis, IN 46250 / FRESND CA 93720'
    >>> mend_town("STILLMATER, MN 55082", is_known, repair_word)   # (no lexicon chosen: no place list)
    'STILLMATER, MN 55082'
    """
    def word(m: re.Match) -> str:
        w = m.group()
        return w if len(w) < 7 or is_known(w, ["en", "page"]) else repair_word(w, ["page"]) or w

    return _TOWN_WORDS.sub(lambda m: _town_words(m.group(), is_known), _TOWN.sub(word, text or ""))


def _town_words(words: str, is_known) -> str:
    """A town of two or three words (``LAS VEGAA``) with one letter misread in a word of neither the English
    nor the place lists, put right when one place name of the page's lists is that one letter off and the
    town holds seven letters or more (the rule of :func:`mend_town`); the last two words tried first.

    >>> from docextract.data import lexicon_scope, use_lexicons
    >>> from docextract.locate.spell import is_known
    >>> town = lambda t: lexicon_scope(lambda: use_lexicons(["us"]) and _town_words(t, is_known))()
    >>> town("Las Vegaa"), town("Rd Las Vegaa"), town("Son Jose"), town("Las Vegas"), town("Mountain Viex")
    ('Las Vegas', 'Rd Las Vegas', 'Son Jose', 'Las Vegas', 'Mountain View')
    """
    toks = words.split()
    for n in (2, 3):
        if len(toks) < n:
            break
        head, tail = " ".join(toks[:-n]), " ".join(toks[-n:])
        odd = [k for k, t in enumerate(toks[-n:]) if not is_known(t, ["en", "page"])]
        if sum(map(len, toks[-n:])) < 7 or len(odd) != 1:
            continue
        up = tail.upper()
        near = [p for p in word_list("page")[1] if len(p) == len(up) and sum(a != b for a, b in zip(p, up)) == 1]
        if len(near) == 1 and up[:next(k for k, (a, b) in enumerate(zip(near[0], up)) if a != b)].count(" ") == odd[0]:
            return (head + " " if head else "") + "".join(
                b if a == b.upper() else a if b.isupper() else a.lower() for a, b in zip(near[0], tail))
    return words
