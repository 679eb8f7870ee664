"""Identifiers and machine-readable zones in OCR lines, with checksum-guided repair of OCR errors.

An identifier field with a checksum format (``checks: [cn.ric]``) accepts a token only when the
checksum passes. OCR misreads (``O``/``0``, ``I``/``1``, ``B``/``8`` …) are undone first; then,
when the check digit still fails, single substitutions of visually confusable digits are tried,
and the repair is kept only when exactly one passes (or one agrees with a known birth date).

>>> repair_id("11010519491231002X", "cn.ric")
('11010519491231002X', 0)
>>> repair_id("11O1O519491231OO2x", "cn.ric")       # letters read for digits
('11010519491231002X', 1)
>>> repair_id("11010519491231007X", "cn.ric")       # 2 read as 7: the checksum finds it
('11010519491231002X', 2)
>>> repair_id("11010519191231002X", "cn.ric", birth="19491231")   # 4 read as 1: ambiguous alone
('11010519491231002X', 2)
"""

from __future__ import annotations

import re

from ..data import look_alike
from ..errors import FieldError
from ..normalize.identifiers import check_digit, id_facts, is_valid_id

__all__ = ["repair_id", "repair_id_with", "scan_ids", "find_mrz"]

#: characters read for digits, digits mistaken for each other, characters read for a check letter X
_TO_DIGIT, _CONFUSABLE = str.maketrans(look_alike()["digit_reads"]), look_alike()["digit_lookalikes"]
_CHECK_X = look_alike()["check_letter_lookalikes"]


def repair_id(raw: str, fmt: str, *, birth: str | None = None) -> tuple[str, int] | None:
    """``(valid compact identifier, repair level)`` or None. Level 0: as read; 1: letters mapped
    to digits; 2: one confusable digit changed, the only change that passes (or the one matching
    ``birth``, an ``YYYYMMDD`` string, for a format that encodes one)."""
    from ..normalize.identifiers import normalize_id

    try:
        number = normalize_id(raw, (fmt,))
    except FieldError:
        number = re.sub(r"[\s\-./]", "", raw or "")
    if not number or is_valid_id(number, fmt):
        return (number, 0) if number else None
    digits = number.translate(_TO_DIGIT)
    digits = digits[:-1] + digits[-1:].upper()      # a check character is upper case (X)
    if digits != number and is_valid_id(digits, fmt):
        return digits, 1
    if not digits[:-1].isdigit() or len(digits) > 24:
        return None
    fixes = []
    for pos, ch in enumerate(digits):
        for alt in _CONFUSABLE.get(ch, ""):
            cand = digits[:pos] + alt + digits[pos + 1:]
            if is_valid_id(cand, fmt):
                fixes.append(cand)
    cand = digits[:-1] + (check_digit(digits[:-1], fmt) or "?")
    if digits[-1] in _CHECK_X and cand[-1] in _CHECK_X and is_valid_id(cand, fmt) and cand not in fixes:
        fixes.append(cand)  # the check character itself misread (X as 1, 4, 7, K ...)
    matching = [f for f in fixes if birth and str(id_facts(f, fmt).get("birth_date")).replace("-", "") == birth]
    fixes = matching if len(matching) == 1 else fixes     # the one agreeing with a known birth date
    return (fixes[0], 2) if len(fixes) == 1 else None


def repair_id_with(text: str, alternatives, fmt: str, *, start: int = 0, end: int | None = None,
                   birth: str | None = None, min_prob: float = 0.1, guess: bool = True) -> tuple[str, int] | None:
    """Like :func:`repair_id` for ``text[start:end]``, but first trying the characters the recogniser
    nearly read there (``alternatives``: ``(index in text, character, p, p_read)``, ``p`` at least
    ``min_prob``): a single substitution that makes the checksum pass, when only one does. With
    ``guess`` False a digit is changed only where the recogniser nearly read another.

    >>> repair_id_with("ID 11010519491231003X", [(19, "2", 0.3, 0.6), (5, "7", 0.1, 0.9)], "cn.ric", start=3)
    ('11010519491231002X', 2)
    """
    end = len(text) if end is None else end
    found = set()
    for k, ch, p, *_ in alternatives or ():
        if start <= k < end and ch.strip() and p >= min_prob:
            hit = repair_id((text[:k] + ch + text[k + 1:])[start:end], fmt)
            if hit and hit[1] <= 1:
                found.add(hit[0])
    if birth and len(found) > 1:
        found = {f for f in found if str(id_facts(f, fmt).get("birth_date")).replace("-", "") == birth}
    if len(found) == 1:
        return found.pop(), 2
    hit = repair_id(text[start:end], fmt, birth=birth)   # without guess no digit is changed unprompted
    return hit if guess or (hit and hit[1] <= 1) else None


def scan_ids(texts: list[str], fmt: str, *, birth: str | None = None, alternatives: list | None = None,
             guess: bool = True) -> list[tuple[int, int, int, str, int]]:
    """Every identifier of format ``fmt`` in ``texts``: ``(text index, start, end, value, level)``;
    ``alternatives``: each text's runner-up characters, ``guess`` (see :func:`repair_id_with`)."""
    out = []
    for k, text in enumerate(texts):
        alts = alternatives[k] if alternatives else ()
        for m in re.finditer(r"[0-9A-Za-z|×][0-9A-Za-z|× \-]{4,40}[0-9A-Za-z|×]", text):
            token = m.group()
            for a, b in ((m.start() + a, m.start() + b) for a, b in _subtokens(token)):
                fixed = repair_id_with(text, alts, fmt, start=a, end=b, birth=birth, guess=guess)
                if fixed:
                    out.append((k, a, b, fixed[0], fixed[1]))
                    break
    return out


def _subtokens(token: str):
    """The token, then its space-separated runs longest first (a label glued to a number)."""
    yield 0, len(token)
    digits = [m.span() for m in re.finditer(r"[0-9OoIlZSBGxX×|]{6,}", token)]
    for a, b in sorted(digits, key=lambda s: s[0] - s[1]):
        if (a, b) != (0, len(token)):
            yield a, b


def find_mrz(texts: list[str]) -> tuple[list[str], list[int]] | None:
    """The MRZ lines among ``texts`` (cleaned) and the indices of the texts they came from."""
    from ..normalize.mrz import find_mrz_lines

    idx = [k for k, t in enumerate(texts) if t.count("<") >= 2 or re.fullmatch(r"[A-Z0-9< ]{25,}", t.strip())]
    cand = [texts[k].replace(" ", "") for k in idx]
    if not (found := find_mrz_lines(cand)):
        return None
    used = [idx[k] for k, t in enumerate(cand)
            if any(t.upper().replace("«", "<")[:10] == f[:10] or t[:20] in f for f in found)]
    return found, used or idx
