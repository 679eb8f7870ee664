"""Generic words that tell what a printed line is: an organisation name, an address, a heading.

No shop or person names: only legal-form suffixes, trade words, street and place words, places,
Chinese address characters, the 56 Chinese ethnic groups and words that start a non-address line
(TEL, GST, INVOICE ...) — all read from the lexicon files of :mod:`docextract.data`, one per locale.

>>> org_score("MR D.I.Y. (JOHOR) SDN BHD") > org_score("TAX INVOICE")
True
>>> address_score("81100 JOHOR BAHRU, JOHOR.") > address_score("THANK YOU PLEASE COME AGAIN")
True
>>> address_score("北京市东城区景山前街4号") > 0
True
>>> [bool(ADDRESS_END_RE.search(t)) for t in ("Troutdale, OR 97060", "SAN JOSE CA95139", "81100 JOHOR BAHRU")]
[True, True, False]
"""

from __future__ import annotations

import re

from ..data import LexiconRegex, pattern, terms

__all__ = ["LEGAL_FORM_RE", "ORG_SUFFIX_RE", "org_score", "address_score", "is_heading", "is_stop_line", "is_watermark",
           "is_place_only", "names_place", "ADDRESS_END_RE", "strip_watermark_tail", "CN_SURNAMES", "surname_reread",
           "is_cn_surname_start", "NAME_GOES_ON_RE", "NAME_WORD_RE", "STREET_START_RE", "HOUSE_NO_RE", "MID_STOP_RE",
           "ADDRESS_WORD_RE"]

#: legal forms and trade words that end or mark an organisation's name (regexes follow the page's lexicons)
ORG_SUFFIX_RE = LexiconRegex(lambda: r"\b" + pattern("legal_forms", "org_marks", cjk=False) + r"(?:\.|\b)", re.I)
#: legal forms alone (a name ending in one is complete)
LEGAL_FORM_RE = LexiconRegex(lambda: r"\b" + pattern("legal_forms", cjk=False) + r"\.?\s*$|"
                             + pattern("legal_forms", cjk=True) + "$", re.I)
#: trade words, street words (the page's lexicons), places
_ORG_WORDS, ADDRESS_WORD_RE, _PLACES = (LexiconRegex(lambda s=s: rf"\b{pattern(s)}\b", re.I)
                                        for s in ("trade_words", "address_words", "places"))
_ORG_CJK, _ADDR_CJK, _POSTCODE, HOUSE_NO_RE = (LexiconRegex(lambda s=s: pattern(s), re.I) for s in
                                               ("org_cjk", "address_cjk", "postcodes", "house_numbers"))
_STOP = LexiconRegex(lambda: r"^\W*" + pattern("stop_start") + r"\b|" + pattern("stop"), re.I)
#: where a phone, fax, e-mail or tax number starts inside an address row ("TEL: ...", "Tel (919) ...")
MID_STOP_RE = LexiconRegex(lambda: r"\s*\b" + pattern("stop_start") + r"\b\s*(?:NO)?\.?\s*(?:[:.#]|(?=[(+]?\d))", re.I)
_HEADING = LexiconRegex(lambda: r"^\W*" + pattern("headings") + r"\W*$", re.I)
ADDRESS_END_RE = LexiconRegex(lambda: pattern("address_end"), re.I)   #: the locality line that closes an address
#: how the first line of a street address opens: a house, unit or lot number
STREET_START_RE = LexiconRegex(lambda: r"^\W*" + pattern("street_start"), re.I)
#: a row that goes on with a name begun above opens with a legal form, trade word or bracket; one such word alone
NAME_GOES_ON_RE, NAME_WORD_RE = (LexiconRegex(lambda f=f: f.format(r"(?:[(&)]|" + pattern(
    "legal_forms", "org_marks", "trade_words", cjk=False) + r"S?(?!\w))"), re.I) for f in (r"^\W*{}", r"\W*{}\W*"))

def org_score(text: str) -> float:
    """How much ``text`` looks like an organisation's name (0 = not at all)."""
    t = text.strip()
    if not t or is_heading(t):
        return 0.0
    score = 2.0 * bool(ORG_SUFFIX_RE.search(t)) + 1.0 * bool(_ORG_WORDS.search(t)) + 2.0 * bool(_ORG_CJK.search(t))
    letters = [c for c in t if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        score += 0.3
    return score


def address_score(text: str) -> float:
    """How much ``text`` looks like (part of) a postal address."""
    t = text.strip()
    if not t:
        return 0.0
    score = (1.0 * len(ADDRESS_WORD_RE.findall(t)) + 1.5 * len(_PLACES.findall(t)) + 1.5 * _has_postcode(t)
             + 1.0 * bool(HOUSE_NO_RE.search(t)) + 0.7 * min(4, len(_ADDR_CJK.findall(t))) + 0.5 * t.endswith(","))
    return score - 3.0 * is_stop_line(t)


def names_place(text: str) -> bool:
    """Whether ``text`` holds a postcode or a known state or town.

    >>> names_place("81200 JOHOR BAHRU"), names_place("JALAN BENTONG"), names_place("THANK YOU")
    (True, False, False)
    """
    return bool(_PLACES.search(text or "")) or _has_postcode(text or "")


def _has_postcode(text: str) -> bool:
    """A five- or six-digit postcode, on a line that prints no long number (a phone, a tax id)."""
    return bool(_POSTCODE.search(text)) and not re.search(r"\d{7,}", text)


def is_place_only(text: str) -> bool:
    """A line that only names places or a postcode (``MALAYSIA``, ``KUALA LUMPUR, SELANGOR``, ``V5H 2A9``):
    part of an address, never an organisation's name.

    >>> is_place_only("MALAYSIA"), is_place_only("55100 KUALA LUMPUR."), is_place_only("MALAYSIA AIRLINES")
    (True, True, False)
    """
    rest = _POSTCODE.sub(" ", _PLACES.sub(" ", text or ""))
    return names_place(text) and not re.search(r"[^\W\d_]", rest)


def is_stop_line(text: str) -> bool:
    """A line that ends an address block: phone, fax, e-mail, tax registration, a heading."""
    return bool(_STOP.search(text.strip())) or is_heading(text)


#: the characters of what people write across copies of ID cards
_WATERMARK_CHARS = set("".join(terms("watermark_chars")))
#: common Chinese surnames (single characters) and compound ones, to check a name's first character
CN_SURNAMES = frozenset("".join(terms("surnames")))
CN_COMPOUND_SURNAMES = terms("compound_surnames")


def is_cn_surname_start(text: str) -> bool:
    """Whether ``text`` (a name) starts with a known Chinese surname.

    >>> is_cn_surname_start("张三"), is_cn_surname_start("诸葛磊飞"), is_cn_surname_start("殊三")
    (True, True, False)
    """
    t = (text or "").strip()
    return bool(t) and (t[0] in CN_SURNAMES or t.startswith(CN_COMPOUND_SURNAMES))


def surname_reread(line, k: int) -> str | None:
    """``line``'s text with the name starting at character ``k`` given the surname the recogniser
    nearly read there, when what it read is no known surname and exactly one runner-up is; else None.

    >>> from docextract.types import Line
    >>> surname_reread(Line("姓名殊三", alternatives=((2, "朱", 0.3, 0.6),)), 2)
    '姓名朱三'
    >>> surname_reread(Line("姓名张三", alternatives=((2, "弓", 0.3, 0.6),)), 2) is None
    True
    """
    text = line.text
    if not 0 <= k < len(text) or is_cn_surname_start(text[k:]):
        return None
    options = {ch for pos, ch, *_ in getattr(line, "alternatives", ()) or () if pos == k and ch in CN_SURNAMES}
    return text[:k] + options.pop() + text[k + 1:] if len(options) == 1 else None


def is_watermark(text: str) -> bool:
    """A fragment of a watermark written across a copied ID card (``仅供备案``, ``复印无效``, ``使用``).

    >>> is_watermark("仅供备"), is_watermark("使用"), is_watermark("4组17号"), is_watermark("")
    (True, True, False, False)
    """
    t = re.sub(r"\s+", "", text or "")
    return 2 <= len(t) <= 10 and all(c in _WATERMARK_CHARS for c in t)


#: watermark characters (and what the recogniser makes of them half covered) after an address's end
_WATERMARK_TAIL = re.compile(r"(?<=[\d" + "".join(terms("address_end_chars")) + "])["
                             + "".join(sorted(_WATERMARK_CHARS)) + "".join(terms("watermark_tail_chars")) + r"]{1,3}$")


def strip_watermark_tail(text: str) -> str:
    """A Chinese address without the watermark characters read onto its end (``802室印元``).

    >>> [strip_watermark_tail(t) for t in ("和谐家园8栋1单元802室印元", "12号楼301使", "8栋1单元")]
    ['和谐家园8栋1单元802室', '12号楼301', '8栋1单元']
    """
    return _WATERMARK_TAIL.sub("", text or "")


def is_heading(text: str) -> bool:
    return bool(_HEADING.match(text.strip()))
