"""Second readings and the punctuation of addresses.

The recogniser's runner-up characters (``Line.alternatives``) give a second reading of a line: an
unknown word that a runner-up makes a known one, a ``.`` it nearly read as ``,`` between address
parts. Printed addresses end their rows with commas and close initialisms with a period, which puts
back what a scan loses first (a comma's tail, a final period).

>>> tidy_address("LEBUHRAYA UTARA SELATAN., 84600 PAGOH, JOHOR D.E")
'LEBUHRAYA UTARA SELATAN, 84600 PAGOH, JOHOR D.E.'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..data import pattern, rewrites
from ..normalize.address_numbers import mend_numbers
from .spell import TOKEN_RE, in_case_of, is_known

__all__ = ["second_reading", "row_end_comma", "tidy_address"]

#: abbreviations an address writes with a period (``NO. 5``, ``P.T.``), never with a comma
_ABBREV = re.compile(r"(?:\b" + pattern("abbreviations") + r"|(?:^|[\s.])[A-Z]|\.[A-Z])$", re.I)
_ADDRESS_FIX = rewrites("address_repairs")   #: OCR slips in a street word (the lexicons' [address_repairs])


def second_reading(line, lists: Sequence[str] = (), *, commas: bool = False, last: bool = True,
                   ratio: float = 0.1) -> str:
    """The text of an OCR ``line`` with the characters its recogniser nearly read put back where they
    make sense (the text keeps its length, so spans into it stay valid):

    - an unknown word that becomes a word of ``lists`` with one of its runners-up;
    - ``commas``: in an address, a ``.`` after a word that the recogniser also saw as a ``,``
      (at least ``ratio`` as likely) is a comma — addresses separate their parts with commas — unless
      it ends an abbreviation (``NO.``, ``P.T.``) or, with ``last``, the whole address; and a ``,``
      after an abbreviation that it also saw as a ``.`` is a period.

    >>> from docextract.types import Line
    >>> second_reading(Line("Jalan Kenari 5. Bandar Puchong", alternatives=((14, ",", 0.43, 0.53),)), commas=True)
    'Jalan Kenari 5, Bandar Puchong'
    >>> second_reading(Line("LOT P.T. 2811", alternatives=((7, ",", 0.4, 0.6),)), commas=True)
    'LOT P.T. 2811'
    >>> second_reading(Line("NO, 1, JALAN DESA", alternatives=((2, ".", 0.45, 0.54), (5, ".", 0.4, 0.6))), commas=True)
    'NO. 1, JALAN DESA'
    >>> second_reading(Line("HARDWAKE", alternatives=((6, "R", 0.2, 0.7),)), ["en"])
    'HARDWARE'
    >>> second_reading(Line("Taste Of The WorId", alternatives=((16, "l", 0.41, 0.58),)), ["en"])
    'Taste Of The World'
    >>> second_reading(Line("52000 XL", alternatives=((6, "K", 0.495, 0.504),)), ["en", "my"])
    '52000 KL'
    """
    text = line.text
    alts = getattr(line, "alternatives", ()) or ()
    if not alts:
        return text
    chars = list(text)
    by_pos: dict[int, list[tuple[str, float, float]]] = {}
    for k, ch, p, top in alts:
        if 0 <= k < len(chars):
            by_pos.setdefault(k, []).append((ch, p, top))
    if lists:
        for m in TOKEN_RE.finditer(text):
            w = m.group()
            if len(w) < 2 or w.isdigit() or is_known(w, lists):
                continue
            options = []
            for k in range(m.start(), m.end()):
                for ch, p, top in by_pos.get(k, ()):
                    cand = w[:k - m.start()] + ch + w[k - m.start() + 1:]
                    short = len(w) == 2   # two letters: a near tie that makes a domain word (XL → KL)
                    if ch.isalnum() and (is_known(cand, lists, domain_only=True) and p >= 0.5 * top if short
                                         else is_known(cand, lists)):
                        options.append((p, k, ch))
            if options:
                _, k, ch = max(options)
                rest = [c for c in w[1:] if c.isalpha()]
                lower = k > m.start() and rest and sum(c.islower() for c in rest) * 2 >= len(rest)
                chars[k] = ch.lower() if lower or text[k].islower() else ch.upper()
    if commas:
        for k, cands in by_pos.items():
            if chars[k] == "," and _ABBREV.search(text[:k]) and any(ch == "." and p >= ratio * top
                                                                    for ch, p, top in cands):
                chars[k] = "."         # an abbreviation's period read as a comma: "NO, 1", "P.T,"
                continue
            if chars[k] != ".":
                continue
            for ch, p, top in cands:
                at_end = text[k + 1:].strip() == ""
                if (ch == "," and p >= ratio * top and not (at_end and last) and k > 0 and text[k - 1].isalnum()
                        and (at_end or not text[k + 1].isdigit() or text[k - 1].isalpha())
                        and not _ABBREV.search(text[:k])):
                    chars[k] = ","
    return "".join(chars)


def row_end_comma(text: str) -> str:
    """An address row (not the last) that ends in a period after a whole word: a comma misread —
    printed addresses end their rows with commas (182 to 4 on sroie-dev's labels), and the small
    comma's tail is what a scan loses first. Abbreviations keep their period.

    >>> row_end_comma("Lot 38, 39 101 Boulevard."), row_end_comma("TAMAN AIR BIRU ."), row_end_comma("SELANGOR D.E.")
    ('Lot 38, 39 101 Boulevard,', 'TAMAN AIR BIRU ,', 'SELANGOR D.E.')
    >>> row_end_comma("No. 5, Jln."), row_end_comma("SEKSYEN 9.")
    ('No. 5, Jln.', 'SEKSYEN 9,')
    """
    m = re.search(r"([A-Za-z0-9]+)\s*\.\s*$", text)
    if not m or _ABBREV.search(text[:m.end(1)]):
        return text
    k = text.rindex(".")
    return text[:k] + "," + text[k + 1:]


def tidy_address(text: str) -> str:
    """An address with a period read before its comma dropped (``SELATAN.,`` → ``SELATAN,``; an abbreviation
    keeps it), a comma read as a second period inside it (``SELATAN.. 84600``), the last period of a closing
    initialism put back (``D.E``) and a word the address prints twice put back where one copy lost its first letter
    to a mark (``DESA TEBRAU, TAMAN DESA "EBRAU`` → ``… TAMAN DESA TEBRAU``); the lexicons' ``[address_repairs]``
    undone; a lot pair's ``&`` read as 8 and a postcode misread by its state put right (``normalize.address_numbers``).

    >>> tidy_address('LEBUHRAYA UTARA SELATAN., 84600'), tidy_address('UTARA SELATAN.. 84600'), tidy_address('NO.. 5')
    ('LEBUHRAYA UTARA SELATAN, 84600', 'UTARA SELATAN, 84600', 'NO.. 5')
    >>> tidy_address('40150 SHAH ALAM, SELANGOR D.E'), tidy_address('LOT 5, JALAN U.E'), tidy_address('D.E., MALAYSIA')
    ('40150 SHAH ALAM, SELANGOR D.E.', 'LOT 5, JALAN U.E.', 'D.E., MALAYSIA')
    >>> tidy_address('JALAN DESA TEBRAU, TAMAN DESA "EBRAU, 81100'), tidy_address('5050 TROUP HUY TYLER')
    ('JALAN DESA TEBRAU, TAMAN DESA TEBRAU, 81100', '5050 TROUP HWY TYLER')
    """
    for pat, repl in _ADDRESS_FIX:
        text = pat.sub(repl, text)
    comma = lambda m: m.group() if _ABBREV.search(text[:m.start() + len(m.group(1))]) else m.group(1) + ","  # noqa: E731
    text = re.sub(r"([A-Za-z0-9]{2,})\.(?:\s*,|\.(?=\s+\w))", comma, mend_numbers(text))
    text = re.sub(r"(?<![A-Za-z.])([A-Za-z]\.\s?[A-Za-z])$", r"\1.", text)   # "SELANGOR D.E" ends "D.E."
    whole = {w.upper() for w in TOKEN_RE.findall(text) if len(w) >= 5 and w.isalpha()}

    def lost(m: re.Match) -> str:
        w = m.group(2).upper()
        full = [v for v in whole if len(v) == len(w) + 1 and v.endswith(w)]
        return in_case_of(m.group(2), full[0]) if len(full) == 1 else m.group()

    return re.sub(r"(?<![A-Za-z0-9])([\"'`‘’“”|!])([A-Za-z]{4,})(?![A-Za-z0-9])", lost, text)
