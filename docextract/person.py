"""The ``person_name`` block kind: a person's name found by its look where no label names it (a name
badge, a business card, the signature under a letter, a card whose labels a watermark hid).

A person's name is a line of two to four words, each a capitalised word or an initial, with no digit
and no word that the lexicons know as something else (trade and legal-form words, address words,
headings, amount and stop words: ``Grand Total``, ``Main Street`` and ``Thank You`` are no names);
or two to four Chinese characters (``·`` allowed) starting with a known surname. The first such line
in reading order that is not already another field's value is taken, with a modest confidence (0.6
of the line's score): a label, where one is printed, is the stronger evidence.

>>> looks_like_person("Anna Maria Eriksson"), looks_like_person("J. R. SMITH"), looks_like_person("张三")
(True, True, True)
>>> looks_like_person("Grand Total"), looks_like_person("158 Myrtle St."), looks_like_person("Thank You")
(False, False, False)
>>> looks_like_person(None), looks_like_person(""), looks_like_person("€"), looks_like_person("x" * 10_000)
(False, False, False, False)
"""

from __future__ import annotations

import functools
import re

from .data import lexicon_folders, terms
from .locate.lexicon import ORG_SUFFIX_RE, is_cn_surname_start, is_heading, is_stop_line
from .types import FieldCandidate

__all__ = ["looks_like_person", "find_person_name", "NOT_A_NAME"]

#: lexicon sections whose words mark a line as something other than a person's name
NOT_A_NAME = ("trade_words", "org_marks", "legal_forms", "address_words", "stop_start", "headings",
              "amount_subtotal", "amount_tax", "amount_rounding", "amount_discount", "amount_tendered",
              "amount_change", "amount_summary", "range_words", "date_other", "places")

_WORD = re.compile(r"(?:[A-Z][a-z]+(?:['’\-][A-Za-z]+)*|[A-Z]{2,}(?:['’\-][A-Z]+)*|[A-Z]\.)")
_CJK_NAME = re.compile(r"[\u3400-\u9fff]{2,4}|[\u3400-\u9fff]{1,6}·[\u3400-\u9fff]{1,6}")


@functools.lru_cache(maxsize=4)
def _other_words(_key: str) -> frozenset[str]:
    words = set()
    for section in NOT_A_NAME:
        for term in terms(section, locales=None):
            if not term.startswith("re:"):
                words.update(w for w in re.findall(r"[^\W\d_]{2,}", term.lower()))
    return frozenset(words)


def looks_like_person(text: object) -> bool:
    """Whether ``text`` is shaped like a person's name (see the module's text)."""
    if not isinstance(text, str) or not text.strip() or len(text) > 80:
        return False
    t = " ".join(text.split())
    if _CJK_NAME.fullmatch(t.replace(" ", "")):
        return is_cn_surname_start(t.replace(" ", ""))
    words = t.split(" ")
    if not 2 <= len(words) <= 4 or not all(_WORD.fullmatch(w.rstrip(",")) for w in words):
        return False
    if all(w.endswith(".") for w in words) or is_heading(t) or is_stop_line(t) or ORG_SUFFIX_RE.search(t):
        return False
    other = _other_words(lexicon_folders())
    return not any(w.strip(".,").lower() in other for w in words)


def find_person_name(pages, spec, hints: dict, found: dict, state: dict) -> FieldCandidate | None:
    """The first line in reading order shaped like a person's name that no other field holds."""
    taken = {" ".join((c.raw or "").split()) for c in found.values()}
    for page in pages:
        for i in page.order:
            line = page.lines[i]
            text = " ".join(line.text.split())
            if text not in taken and looks_like_person(text):
                return FieldCandidate(raw=text.rstrip(","), box=line.box, page=page.page, source="hint",
                                      confidence=round(page.score(i) * 0.6, 3))
    return None

