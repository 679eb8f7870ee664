"""The numbers of an address put right: a pair of house numbers whose ``&`` was read as an 8, then a
postcode by the state printed after it (:func:`docextract.normalize.postcode_areas.mend_by_area`).

A shop on two lots prints both numbers, joined by ``&`` (``NO. 89&91``, ``LOT 204 & 205``); the next lot
on a street is one or two numbers on (one side of the street is odd, the other even). The recogniser
reads a small ``&`` as an ``8`` (look_alike.json ``digit_letters``: 8/B, and ``[address_repairs]``
for units with a letter): when the address's first number, split at one 8, gives two numbers the
second of which is one or two more than the first — one such split only — the 8 was the ``&``; only
after a word a lexicon's ``[number_pair_words]`` lists (``NO``, ``LOT``): a street number alone may be
any number (``9810 Main St``).

>>> mend_numbers("No. 89891, Jalan Utama, 81300 Skudai, Johor")
'No. 89&91, Jalan Utama, 81300 Skudai, Johor'
>>> mend_numbers("LOT 2048205, JALAN BATU"), mend_numbers("NO 4 8 6, JALAN")
('LOT 204&205, JALAN BATU', 'NO 4 & 6, JALAN')
>>> mend_numbers("NO 48, JALAN 7/8"), mend_numbers("NO. 1819, JALAN"), mend_numbers("12, JALAN 18 20")
('NO 48, JALAN 7/8', 'NO. 1819, JALAN', '12, JALAN 18 20')
>>> mend_numbers("No.2 8 4, Jalan Harmoni"), mend_numbers("9810 Main St, Dallas"), mend_numbers("NO 10812 JALAN")
('No.2 & 4, Jalan Harmoni', '9810 Main St, Dallas', 'NO 10&12 JALAN')
>>> mend_numbers("Kawasan Perindustrian Tampoi,61200 Johor Bahru, Johor")   # the postcode, by its state
'Kawasan Perindustrian Tampoi,81200 Johor Bahru, Johor'
>>> mend_numbers(""), mend_numbers(None), mend_numbers("１２８１３ JALAN")
('', None, '１２８１３ JALAN')
"""

from __future__ import annotations

import functools
import re

from ..data import pattern
from .postcode_areas import mend_by_area

__all__ = ["mend_numbers"]

_FIRST = re.compile(r"(?<![\w/\-])(\d{1,4}) ?8 ?(\d{1,4})(?![\w/\-])|\d", re.ASCII)


@functools.cache
def _after_word(words: str) -> re.Pattern:
    return re.compile(r"(?:^|\W)" + words + r"\s*[.:,]?\s*$", re.I)


def _pair_sign(text: str) -> str:
    m = _FIRST.search(text)      # the address's first number (a house or lot number comes first)
    if not m or not m.group(1) or not _after_word(pattern("number_pair_words")).search(text[:m.start()]):
        return text
    whole = m.group()
    splits = []
    for k, c in enumerate(whole):
        a, b = whole[:k].strip(), whole[k + 1:].strip()
        if c == "8" and a.isdigit() and b.isdigit() and not b.startswith("0") and 1 <= int(b) - int(a) <= 2:
            splits.append(k)
    if len(splits) != 1:
        return text
    k = splits[0] + m.start()
    return text[:k] + "&" + text[k + 1:]


def mend_numbers(text: str | None) -> str | None:
    """``text`` (an address) with a house-number pair's ``&`` read as 8 put back, and its postcode
    put right by its state (see the module doc)."""
    if not text:
        return text
    return mend_by_area(_pair_sign(text))
