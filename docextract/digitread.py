"""An amount at the field's label with one digit misread for its look-alike (``14.65`` read ``14.85``:
6 and 8 look alike, look_alike.json ``digit_lookalikes``), put right by the page's arithmetic.
:func:`digit_read` reads it as the one look-alike amount an exact relation on the page holds (the sum
of the few amounts right before it, tendered − change, the same amount at another label) where no
relation holds the amount as read; :func:`docextract.markread.read_amounts` runs it before
:func:`docextract.scoring.score_due` scores the amounts.
:func:`mend_addends` puts right a subtotal or a tax the same way (or its currency mark read as a digit,
:func:`docextract.markread.mark_misread`) where the total chosen on the page's evidence shows it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from .data import digit_lookalikes
from .scoring import PAYMENT, Printed, as_amount, paid_by, rounded_from, sums_before, sums_to

__all__ = ["digit_misread", "digit_read", "mend_addends"]

#: an amount as read, the only text whose digits are tried (bounded: junk costs nothing)
_AMOUNT = re.compile(r"\d{1,3}(?:[,.]?\d{3})*[.,]\d{2}", re.ASCII)


_DIGITS = tuple("0123456789")


def digit_misread(text: Any, alternatives=()) -> tuple[Decimal, ...]:
    """The amounts ``text`` (an amount as read) is, were one of its digits misread: each digit
    changed to a look-alike (look_alike.json ``digit_lookalikes``) or to the recogniser's runner-up
    there (``alternatives``: ``(index in text, character, p, p_read)``); a first digit never becomes 0.

    >>> [str(x) for x in digit_misread("14.85")]
    ['44.85', '74.85', '11.85', '19.85', '14.05', '14.35', '14.65', '14.83', '14.86']
    >>> D = Decimal; D("14.65") in digit_misread("14.85"), D("14.75") in digit_misread("14.85")
    (True, False)
    >>> D("100.20") in digit_misread("100.00"), D("100.20") in digit_misread("100.00", ((4, "2", 0.1, 0.9),))
    (False, True)
    >>> [digit_misread(x) for x in (None, "", "€", "８.２１", "9" * 10000 + ".00", "12")]
    [(), (), (), (), (), ()]
    """
    if not isinstance(text, str) or len(text) > 16 or not _AMOUNT.fullmatch(text):
        return ()
    value, looks, out = as_amount(text), digit_lookalikes(), []
    for k, c in enumerate(text):
        if c not in _DIGITS:
            continue
        runner = "".join(a[1] for a in alternatives or () if len(a) >= 2 and a[0] == k and a[1] in _DIGITS)
        for d in looks.get(c, "") + runner:
            if d != c and not (k == 0 and d == "0" and len(text) > 1 and text[1].isdigit()):
                x = as_amount(text[:k] + d + text[k + 1:])
                out += [x] if x is not None and x != value else []
    return tuple(dict.fromkeys(out))


def digit_read(printed: list[Printed], window: Decimal = Decimal("0.05")) -> list[Printed]:
    """``printed`` with each amount at one of the field's labels that no relation on the page holds
    (not the sum of the amounts right before it, not tendered − change, not printed again, not an
    addend of a later one, not rounding an exact one within ``window``) read as the one amount of :func:`digit_misread`
    of its ``read`` that an exact relation holds: the sum of the few (at most 4) amounts right before
    it, tendered − change, or the same amount at another of the field's labels. ``misread`` keeps the
    text as read, ``why`` the relation.

    >>> D = Decimal
    >>> rows = [Printed(D("7.65")), Printed(D("6.99")), Printed(D("14.64"), label=1.0), Printed(D("0.01"), "rounding"),
    ...         Printed(D("14.85"), label=1.0, read=("14.85", 0, ())), Printed(D("50.00"), "tendered")]
    >>> p = digit_read(rows)[4]; p.value, p.misread, p.why
    (Decimal('14.65'), '14.85', '= 14.64 + 0.01')
    >>> rows.append(Printed(D("35.15"), "change"))    # 14.85 = 50.00 - 35.15: the amount as read holds
    >>> digit_read(rows)[4].value
    Decimal('14.85')
    """
    signed = [-abs(p.value) if p.role == "discount" else p.value for p in printed]
    kept = [n for n, p in enumerate(printed) if p.role not in PAYMENT]
    paid = paid_by([(p.role, abs(p.value)) for p in printed])
    later = {m for n, ms in sums_before(printed).items() for m in ms if printed[m].value != printed[n].value}
    out = list(printed)
    for n, p in enumerate(printed):
        if p.label is None or not p.read or p.misread or p.role in PAYMENT:
            continue
        before = [signed[m] for m in kept if m < n]
        exact = [q.value for q in printed[:n] if q.label is not None or q.role == "subtotal"]

        def holds(x: Decimal, n: int = n, before: list = before) -> str:
            parts = sums_to(x, before, most=4)
            if parts:
                return "= " + " + ".join(str(v) for v in parts)
            if x == paid:
                return "= tendered - change"
            return "printed again at a label" if any(q.value == x and q.label is not None and m != n
                                                     for m, q in enumerate(printed)) else ""

        v = p.value
        if (holds(v) or n in later or sum(q.value == v for q in printed) > 1 or sums_to(v, before)
                or rounded_from(v, exact, window) is not None):
            continue
        text, start, alts = p.read
        fits = [(x, why) for x in digit_misread(text, tuple((k - start, *r) for k, *r in alts if k >= start))
                if (why := holds(x))]
        if len(fits) == 1:
            out[n] = replace(p, value=fits[0][0], misread=text, why=fits[0][1])
    return out


def mend_addends(cands: dict, schema) -> dict:
    """``cands`` (field name -> :class:`~docextract.types.FieldCandidate`) with the subtotal or the tax
    of the schema's ``subtotal_plus_tax`` checks read as the one amount that makes the sum exact, where
    it does not hold as read: a digit read for its look-alike (:func:`digit_misread`) or a currency mark
    read as its first character (:func:`docextract.markread.mark_misread`). Only beside a total chosen
    on the page's evidence (``options["evidence"]``: :func:`docextract.scoring.score_due`) that is no sum
    of the amounts as read (a service charge or a discount between them: the subtotal and the tax are right); the
    text as read is kept (:meth:`~docextract.types.FieldCandidate.mended`) and ``options["misread"]``
    shows it as a warning.

    >>> from types import SimpleNamespace as NS
    >>> from docextract.types import FieldCandidate as C
    >>> rule = NS(rule="subtotal_plus_tax", params={"adjust_fields": ["rounding"]})
    >>> cands = {"subtotal": C(raw="890.50"), "tax": C(raw="7.24"), "total": C(raw="97.74", options={"evidence": "e"})}
    >>> out = mend_addends(cands, NS(checks=[rule])); out["subtotal"].raw, out["subtotal"].alternatives
    ('90.50', ['890.50'])
    >>> out["subtotal"].options["misread"], out["subtotal"].options["by"]    # a currency mark: no digit misread
    ('890.50', False)
    >>> mend_addends({**cands, "total": C(raw="97.74")}, NS(checks=[rule]))["subtotal"].raw    # no evidence
    '890.50'
    >>> tax = {"tax": C(raw="7.29")}    # 4 read 9
    >>> out = mend_addends({**cands, "subtotal": C(raw="90.50"), **tax}, NS(checks=[rule]))["tax"]
    >>> out.raw, out.options["by"]
    ('7.24', '90.50 + 7.24 = 97.74')
    >>> total = {"total": C(raw="97.74", options={"evidence": "sum = 90.50 + 7.29 - 0.05"})}  # a discount
    >>> mend_addends({**cands, "subtotal": C(raw="90.50"), **tax, **total}, NS(checks=[rule]))["tax"].raw
    '7.29'
    """
    from .markread import mark_misread

    for spec in getattr(schema, "checks", None) or []:
        if spec.rule != "subtotal_plus_tax":
            continue
        params = dict(spec.params)
        names = [params.get("subtotal_field", "subtotal"), params.get("tax_field", "tax")]
        adjust = [n for n in params.get("adjust_fields") or [] if cands.get(n) is not None]
        total = cands.get(params.get("total_field", "total"))
        why = str((total.options or {}).get("evidence", "")) if total is not None else ""
        if not why or re.search(r"\bsum\b", why) or any(cands.get(n) is None for n in names):
            continue    # no total chosen on the page's evidence, or one the amounts as read sum
        vals = {n: as_amount(str(cands[n].raw or "")) for n in names + adjust}
        due = as_amount(str(total.raw or ""))
        if due is None or None in vals.values() or sum(vals.values()) == due:
            continue
        fits = []
        for n in names:
            raw = str(cands[n].raw).strip()
            rest = sum(v for m, v in vals.items() if m != n)
            marked = (mark_misread(raw) or ((),))[0]
            fits += [(n, x, raw, x not in marked) for x in dict.fromkeys(marked + digit_misread(raw))
                     if x + rest == due]
        if len(fits) == 1:
            n, x, raw, digit = fits[0]
            out = cands[n].mended(str(x), raw)
            out.options = {**(cands[n].options or {}), "misread": raw, "by": digit and " + ".join(
                str(vals[m] if m != n else x) for m in names + adjust) + f" = {due}"}
            cands = {**cands, n: out}
    return cands
