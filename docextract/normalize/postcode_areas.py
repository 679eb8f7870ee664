"""A postcode's first digits read as their look-alikes, put right by the state printed after it.

A lexicon's ``[postcode_areas]`` names the states the first two digits of a postcode serve
(``79-86 => johor``). When the first state of that list printed after a five-digit postcode (the last
five-digit number before the state) is not served by the postcode's first two digits, and exactly one
of the readings with one of those digits changed for a look-alike (look_alike.json ``digit_lookalikes``)
is, that reading replaces it (``61200 Johor Bahru`` → ``81200 Johor Bahru``). Other digits are left:
the state does not tell them.

>>> mend_by_area("Kawasan Perindustrian Tampoi,61200 Johor Bahru, Johor")
'Kawasan Perindustrian Tampoi,81200 Johor Bahru, Johor'
>>> mend_by_area("81100 JOHOR BAHRU, JOHOR"), mend_by_area("43200 CHERAS, SELANGOR")
('81100 JOHOR BAHRU, JOHOR', '43200 CHERAS, SELANGOR')
>>> mend_by_area("LOT 34817 JALAN BATU, 51200 KUALA LUMPUR")   # a lot's number, not the postcode
'LOT 34817 JALAN BATU, 51200 KUALA LUMPUR'
>>> mend_by_area("59000 Pahang Malaysia")   # 69 and 39 both serve Pahang: left as read
'59000 Pahang Malaysia'
>>> mend_by_area(""), mend_by_area(None), mend_by_area("１２３４５ JOHOR")
('', None, '１２３４５ JOHOR')
"""

from __future__ import annotations

import functools
import re

from ..data import active_lexicons, digit_lookalikes, terms, to_regex

__all__ = ["mend_by_area", "postcode_areas"]

_CODE = re.compile(r"(?<![\d/.\-])([0-9]{5})(?![\d/.\-])")


@functools.cache
def _areas(locales: tuple[str, ...] | None) -> tuple[tuple[re.Pattern, frozenset[str]], ...]:
    out: dict[str, set[str]] = {}
    for entry in terms("postcode_areas", locales=locales):
        left, _, right = entry.partition("=>")
        heads = set()
        for part in left.split(","):
            a, _, b = part.strip().partition("-")
            if a.isdigit() and (not b or b.isdigit()):
                heads.update(f"{n:02d}" for n in range(int(a), int(b or a) + 1))
        for name in right.split("|"):
            if name.strip():
                out.setdefault(name.strip(), set()).update(heads)
    return tuple((re.compile(r"(?<![A-Za-z])" + to_regex(n) + r"(?![A-Za-z])", re.I), frozenset(h))
                 for n, h in sorted(out.items(), key=lambda kv: -len(kv[0])))   # the longest name first


def postcode_areas() -> tuple[tuple[re.Pattern, frozenset[str]], ...]:
    """``(a state's name as a pattern, the first two digits of its postcodes)`` of the lexicons chosen now.

    >>> any(p.search("Johor Bahru") and "81" in h for p, h in postcode_areas())
    True
    """
    return _areas(active_lexicons())


def mend_by_area(text: str | None) -> str | None:
    """``text`` with a five-digit postcode whose first two digits the state after it does not serve put right
    (see the module doc): the last five-digit number before the state."""
    if not text:
        return text
    areas = postcode_areas()
    alike = digit_lookalikes()

    def mend(m: re.Match) -> str:
        code = m.group(1)
        named = [(s.start(), h) for p, h in areas if (s := p.search(text, m.end()))]
        if not named:
            return code
        at, heads = min(named, key=lambda x: x[0])
        if code[:2] in heads or _CODE.search(text, m.end(), at):   # (the postcode: the last number before it)
            return code
        reads = {r for k in (0, 1) for d in alike.get(code[k], "") if (r := code[:k] + d + code[k + 1:])[:2] in heads}
        return reads.pop() if len(reads) == 1 else code

    return _CODE.sub(mend, text)
