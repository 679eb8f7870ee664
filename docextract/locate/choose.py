"""Choosing among the candidates found next to a field's labels (``prefer`` hint); the amount due
(``paid``) and the document's date (``dated``) on scored evidence.

Candidates are ``(score, reading position, FieldCandidate)`` tuples; the reading position is
``(page, index in reading order, character)``.

>>> from docextract.types import FieldCandidate
>>> from docextract.schema import FieldSpec
>>> cands = [(1.0, (0, 3, 1), FieldCandidate(raw="9.00")), (1.0, (0, 7, 1), FieldCandidate(raw="12.00"))]
>>> choose(FieldSpec("total", "amount"), {"prefer": "last"}, cands, {}).raw
'12.00'
"""

from __future__ import annotations

import re

from ..types import FieldCandidate
from .layout import PageLayout
from ..errors import FieldError

__all__ = ["choose", "due_amount", "document_date"]


def choose(spec, hints: dict, cands: list[tuple], opts: dict) -> FieldCandidate | None:
    if not cands:
        return None
    prefer = hints.get("prefer", "best")
    if prefer in ("largest", "smallest") and spec.type in ("amount", "date", "integer", "decimal"):
        from ..normalize import normalize_value

        def value(c):
            try:
                return normalize_value(spec.type, c[2].raw, options=opts)
            except FieldError:
                return None

        if valued := [(v, c) for c in cands if (v := value(c)) is not None]:
            return (max if prefer == "largest" else min)(valued, key=lambda vc: (vc[0], vc[1][0]))[1][2]
    if prefer in ("first", "last"):
        return (min if prefer == "first" else max)(cands, key=lambda c: c[1])[2]
    return max(cands, key=lambda c: (round(c[0], 2), [-x for x in c[1]]))[2]


def due_amount(pages: list[PageLayout], cands: list[tuple], hints: dict) -> FieldCandidate | None:
    """The amount finally due, chosen by scored evidence (:func:`docextract.scoring.score_due`)
    among every amount printed: the field's labels (``cands``), the role its row names
    (``amount_*`` lexicon words: tendered, change, tax …; a value alone on its row takes the words
    of the row above), sums, rounding, payment. The winner's reasons go in ``options["evidence"]``;
    None when no label and no relation speaks."""
    from decimal import Decimal

    from ..markread import mark_spans, read_amounts
    from ..scoring import Printed, as_amount, best, row_role, score_due
    from .anchors import sub_box
    from .lexicon import is_stop_line
    from .values import amounts_in, find_amounts

    labelled, scored = {(c[2].page, c[2].box): c for c in cands}, []
    stops = re.compile("|".join(re.escape(w) for w in hints.get("stop_keywords") or []) or "(?!)", re.I)
    for page in pages:
        printed, whole = [], not any(find_amounts(ln.text) for ln in page.lines)   # a page printing no cents
        for i in page.order:
            line, r = page.lines[i], page.row_of[i]
            for a, b, value in sorted(amounts_in(line.text, whole) + mark_spans(line.text), key=lambda x: x[0]):
                left = " ".join(page.lines[j].text for j in page.rows[r] if page.lines[j].box[0] < line.box[0])
                if not (left + line.text[:a]).strip() and r > 0 and not any(
                        amounts_in(page.lines[j].text, whole) for j in page.rows[r - 1]):
                    left = page.row_text(r - 1)     # a value alone on its row: the words of the row above
                box = sub_box(line.box, line.text, a, b) if (a, b) != (0, len(line.text)) else line.box
                lab = labelled.pop((page.page, box), None)     # a value below its label: the label's row speaks,
                at = lab and page.order[lab[1][1]]              # unless the label's line is a field line with a
                below = lab and page.row_of[at] != r            # value of its own (Total qty: 7)
                if below and is_stop_line(page.lines[at].text):
                    lab = below = None
                role = row_role(left + " " + line.text[:a]) or ("tendered" if stops.search(left) else "")
                printed.append(Printed(value, "" if below else role, lab[0] if lab else None, (page, (i, a, b), lab),
                                       read=(line.text[a:b], a, line.alternatives)))
        scored += score_due(read_amounts(printed, w := Decimal(str(hints.get("rounded_within", 0.05)))), w)
    scored += score_due([Printed(v, "", c[0], (None, None, c)) for c in labelled.values()    # repaired readings
                         if (v := as_amount(c[2].raw)) is not None])
    win = best(scored)
    return _chosen(win, .8) if win and (cands or win.has("sum", "items_sum", "paid", "rounded", "paid_again")) else None


def document_date(pages: list[PageLayout], cands: list[tuple], opts: dict) -> FieldCandidate | None:
    """The document's own date (hint ``dated``), scored (:func:`docextract.scoring.score_dates`)
    among every date printed: the field's labels (``cands``), a time on its row, the first printed,
    a row naming another date (lexicon section ``date_other``: delivery, expiry …) against it."""
    from ..normalize.dates import parse_date
    from ..scoring import Printed, best, row_role, score_dates
    from .values import find_dates, find_times

    labelled, printed, day = {(c[2].page, c[2].raw): c for c in cands}, [], opts.get("day_first", True)
    for page in pages:
        for i in page.order:
            line, row = page.lines[i], page.row_text(page.row_of[i])
            for a, b in find_dates(line.text, day_first=day):
                lab = labelled.pop((page.page, line.text[a:b].strip()), None)
                printed.append(Printed(parse_date(line.text[a:b], day_first=day), row_role(row, ("other_date",)),
                                       lab[0] if lab else None, (page, (i, a, b), lab), bool(find_times(row))))
    printed += [Printed(c[2].raw, "", c[0], (None, None, c)) for c in labelled.values()]   # not read as a date
    win = best(score_dates(printed))
    return _chosen(win, 0.75) if win is not None else None


def _chosen(win, factor: float) -> FieldCandidate:
    """The winner's candidate (at its label, else a new one), its reasons in ``options["evidence"]``."""
    from ..scoring import explain
    from .finder import candidate

    page, where, lab = win.item.where
    cand = lab[2] if lab else candidate(page, [where], source="type", factor=factor)
    cand = cand.mended(str(win.item.value), win.item.misread) if win.item.misread else cand   # a mark, a digit misread
    cand.options = {"evidence": f"chosen on evidence: {explain(win)}", "misread": win.item.misread, "by": win.item.why}
    return cand

