"""Choosing among the candidates found next to a field's labels (``prefer``, ``stop_keywords``,
``rounded_within`` hints).

Candidates are ``(score, reading position, FieldCandidate)`` tuples; the reading position is
``(page, index in reading order, character)``.

>>> from docextract.types import FieldCandidate
>>> from docextract.schema import FieldSpec
>>> cands = [(1.0, (0, 3, 1), FieldCandidate(raw="9.00")), (1.0, (0, 7, 1), FieldCandidate(raw="12.00"))]
>>> choose(FieldSpec("total", "amount"), {"prefer": "last"}, cands, {}).raw
'12.00'
>>> choose(FieldSpec("total", "amount"), {"prefer": "last"}, cands, {}, stops=[(0, 5, 0)]).raw   # after "CASH"
'9.00'
"""

from __future__ import annotations

from ..types import FieldCandidate
from .layout import PageLayout
from ..errors import FieldError

__all__ = ["choose", "stops_of", "rounded", "paid_amount"]


def stops_of(pages: list[PageLayout], hints: dict) -> list[tuple]:
    """Reading positions of the lines holding a ``stop_keywords`` word."""
    from .text import fuzzy_find

    words = hints.get("stop_keywords") or []
    out = []
    for page in pages:
        for k, i in enumerate(page.order):
            if any(fuzzy_find(w, page.lines[i].text) is not None for w in words):
                out.append((page.page, k, 0))
    return out


def choose(spec, hints: dict, cands: list[tuple], opts: dict, stops: list[tuple] = ()) -> FieldCandidate | None:
    if not cands:
        return None
    if stops:
        first = min(c[1] for c in cands)
        cut = min((s for s in stops if s > first), default=None)
        if cut is not None:
            cands = [c for c in cands if c[1] < cut] or cands
    prefer = hints.get("prefer", "best")
    if prefer in ("largest", "smallest") and spec.type in ("amount", "date", "integer", "decimal"):
        from ..normalize import normalize_value

        def value(c):
            try:
                return normalize_value(spec.type, c[2].raw, options=opts)
            except FieldError:
                return None

        valued = [(value(c), c) for c in cands]
        valued = [(v, c) for v, c in valued if v is not None]
        if valued:
            pick = max if prefer == "largest" else min
            return pick(valued, key=lambda vc: (vc[0], vc[1][0]))[1][2]
    if prefer == "first":
        return min(cands, key=lambda c: c[1])[2]
    if prefer == "last":
        return max(cands, key=lambda c: c[1])[2]
    return max(cands, key=lambda c: (round(c[0], 2), [-x for x in c[1]]))[2]


def rounded(pages: list[PageLayout], cand: FieldCandidate, cands: list[tuple], stops: list[tuple],
             window: float) -> tuple[PageLayout, tuple[int, int, int]] | None:
    """Where a rounded amount is printed after the chosen one under another label (``Rounding RM
    45.35`` after ``Total 45.34``), before the next stop line — the amount finally due: ``(page,
    (line, start, end))``, or None."""
    from ..normalize.amounts import parse_amount
    from .values import find_amounts

    try:
        value = parse_amount(cand.raw)
    except FieldError:
        return None
    pos = next((c[1] for c in cands if c[2] is cand), None)
    if pos is None:
        return None
    cut = min((s for s in stops if s > pos), default=(pos[0], 10 ** 9, 0))
    page = pages[pos[0]]
    for k in range(pos[1] + 1, min(cut[1], len(page.order))):
        i = page.order[k]
        text = page.lines[i].text
        for a, b in find_amounts(text):
            try:
                v = parse_amount(text[a:b])
            except FieldError:
                continue
            if v != value and abs(v - value) <= window and abs(v) > 10 * window:
                return page, (i, a, b)
    return None


def paid_amount(pages: list[PageLayout], stops: list[tuple]) -> tuple[PageLayout, tuple[int, int, int]] | None:
    """The amount a payment confirms: two amounts in a row on stop lines (``CASH 100.00``, ``Change
    78.80``), the tendered and the change, differ by an amount printed before them, at least half
    the largest there — the one finally due; ``(page, (line, start, end))`` of its last printing, or
    None."""
    from ..normalize.amounts import parse_amount
    from .values import find_amounts

    for page in pages:
        on_stop = {page.row_of[page.order[s[1]]] for s in stops if s[0] == page.page}
        seen = [(abs(parse_amount(page.lines[i].text[a:b].rstrip("- "))), (i, a, b), k, page.row_of[i])
                for k, i in enumerate(page.order) for a, b in find_amounts(page.lines[i].text)]  # value, where, k, row
        for paid, change in zip(seen, seen[1:]):      # consecutive amounts on two rows with stop words
            if {paid[3], change[3]} <= on_stop and paid[0] > change[0] > 0 and change[3] > paid[3]:
                before = [x for x in seen if x[2] < paid[2]]
                due = [x[1] for x in before if x[0] == paid[0] - change[0]
                       and 2 * x[0] >= max(y[0] for y in before)]     # not a line item's price
                if due:
                    return page, due[-1]
    return None
