"""A currency mark glued to an amount, read as a digit or a letter: ``$97.74`` read ``997.74``,
``฿200.00`` read ``B200.00`` (look_alike.json ``mark_reads``). :func:`mark_read` takes the shorter
amount where the page speaks for it and not for the amount as read; :func:`read_amounts` runs it and
:func:`docextract.digitread.digit_read` (a digit read for its look-alike) on the amounts printed before
:func:`docextract.scoring.score_due` scores them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from .scoring import PAYMENT, Printed, as_amount, paid_by, sums_before, sums_to

__all__ = ["mark_misread", "mark_spans", "mark_read", "read_amounts"]


@functools.cache
def _mark_reads() -> dict[str, str]:
    """Each character read for a currency mark (look_alike.json ``mark_reads``) -> the marks."""
    from .data import look_alike

    out: dict[str, str] = {}
    for mark, chars in look_alike().get("mark_reads", {}).items():
        for ch in chars:
            out[ch] = out.get(ch, "") + mark
    return out


_SHORTER = re.compile(r"\d[\d,.]*[.,]\d{1,2}\s*-?")


def mark_misread(text: Any, alternatives=()) -> tuple[tuple[Decimal, ...], bool] | None:
    """The amounts an amount as read (``text``) is, were its first character a currency mark
    misread (a look-alike, look_alike.json ``mark_reads``): the rest as read, then with the
    recogniser's runner-up digits (``alternatives``: ``(index in text, character, p, p_read)``,
    one at least half as likely as the one read); and whether the runner-up at the first
    character is a mark or a letter read for one. None when the first character is no look-alike.

    >>> mark_misread("997.74", ((0, "$", 0.175, 0.793),))
    ((Decimal('97.74'),), True)
    >>> mark_misread("88.21", ((0, "$", 0.26, 0.335), (1, "3", 0.301, 0.527)))
    ((Decimal('8.21'), Decimal('3.21')), True)
    >>> mark_misread("B200.00"), mark_misread("12.00"), mark_misread("9.50"), mark_misread("$9.50")
    (((Decimal('200.00'),), False), ((Decimal('2.00'),), False), None, None)
    >>> [mark_misread(x) for x in (None, "", "€", "８８.２１", "9" * 10000 + ".00x")]
    [None, None, None, None, None]
    """
    reads = _mark_reads()
    if not isinstance(text, str) or len(text) < 2 or text[0] not in reads or not _SHORTER.fullmatch(text[1:]):
        return None
    rest, alternatives = text[1:], [a for a in alternatives or () if len(a) >= 4]
    runner = "".join(next((ch for k, ch, p, q, *_ in alternatives if k == n + 1 and ch in "0123456789" and p >= q / 2),
                          c) for n, c in enumerate(rest))
    shorter = tuple(dict.fromkeys(v for t in (rest, runner) if (v := as_amount(t)) is not None))
    marks = set(reads) | {m for ms in reads.values() for m in ms}
    first = any(k == 0 and ch in marks and not ch.isdigit() for k, ch, *_ in alternatives)
    return (shorter, first) if shorter else None


def mark_spans(text: Any) -> list[tuple[int, int, None]]:
    """``(start, end, None)`` of each amount in ``text`` that a letter read for a currency mark
    opens (look_alike.json ``mark_reads``: ``B200.00`` for ``฿200.00``): no amount as read.

    >>> mark_spans("Total B200.00"), mark_spans("LOT B12"), mark_spans(None)
    ([(6, 13, None)], [], [])
    """
    found = _letter_marked()
    return [(*m.span(), None) for m in found.finditer(text)] if found and isinstance(text, str) else []


@functools.cache
def _letter_marked() -> re.Pattern | None:
    """An amount opened by a letter read for a currency mark (built once: it runs on every line)."""
    letters = "".join(sorted(ch for ch in _mark_reads() if ch.isalpha()))
    return re.compile(rf"(?<![\w.,])[{re.escape(letters)}]\d[\d,]*[.,]\d{{2}}(?![\w.,%/])") if letters else None


def mark_read(printed: list[Printed]) -> list[Printed]:
    """``printed`` with each amount whose first character may be a currency mark misread
    (:func:`mark_misread` of its ``read``) read as the shorter amount where the page speaks for it
    and not for the amount as read. For the amount as read: printed again (by a printing without
    doubt), the sum of the amounts right before it, tendered − change, a relation as read holding it
    (one of the amounts a later one sums; the tendered and change when their difference is printed).
    For the shorter amount: printed again with a mark (or after a letter read for one), the sum of
    the amounts right before it (as read, or with the doubtful ones shortened: one of them at most),
    tendered − change; failing those, the recogniser's runner-up at its first character a mark. When
    both readings fit a relation, the shorter wins on a page printing that mark on other amounts;
    the runner-up counts only there too. A letter read for a mark with no evidence is dropped, but
    at one of the field's labels, where the amount after it is taken (``TOTAL S34.50``).

    >>> from decimal import Decimal as D
    >>> rows = [Printed(D("87.94"), read=("$87.94", 0, ())), Printed(D("7.69")),
    ...         Printed(D("895.63"), label=1.0, read=("895.63", 0, ()))]
    >>> [(p.value, p.misread) for p in mark_read(rows)][2]
    (Decimal('95.63'), '895.63')
    >>> rows = [Printed(D("8.00")), Printed(D("18.00"), read=("18.00", 0, ())), Printed(D("26.00"))]
    >>> [p.value for p in mark_read(rows)]
    [Decimal('8.00'), Decimal('18.00'), Decimal('26.00')]
    """
    doubt = {n: m for n, p in enumerate(printed) if p.read and (m := mark_misread(p.read[0], tuple(
        (k - p.read[1], *r) for k, *r in p.read[2] if k >= p.read[1])))}
    if not doubt:
        return printed
    as_read = [p.value for p in printed]
    worlds = (as_read, [doubt[n][0][0] if n in doubt and doubt[n][0][0] else p.value for n, p in enumerate(printed)])
    kept = [n for n, p in enumerate(printed) if p.role not in PAYMENT]
    paid = [paid_by([(printed[n].role, abs(x)) for n, x in enumerate(vs) if x is not None]) for vs in worlds]
    # printings a relation as read holds: the amounts a later one sums, the tendered and change
    sure = {m for n, ms in sums_before(printed).items() for m in ms if as_read[m] != as_read[n]}
    if paid[0] is not None and paid[0] in (as_read[n] for n in kept):
        sure |= {n for n, p in enumerate(printed) if p.role in ("tendered", "change") or n + 1 < len(printed)
                 and printed[n + 1].role == "change"}
    plain = [p for n, p in enumerate(printed) if n not in doubt]
    marks = {_mark(p) for p in plain} - {None}
    marked = [p.value for p in plain if _mark(p)] + [x for n in doubt if as_read[n] is None for x in doubt[n][0]]
    out = list(printed)
    for n, (shorter, first) in doubt.items():
        def related(x, w, n=n):    # the sum of the amounts right before it (shortened: one at most), paid
            vs, before = worlds[w], [m for m in kept if m < n and worlds[w][m] is not None]
            parts = sums_to(x, [vs[m] for m in before]) or ()
            return (0 < len(parts) and (not w or sum(m in doubt for m in before[len(before) - len(parts):]) < 2)) or (
                x == paid[w] and printed[n].role not in PAYMENT)

        v, seen = as_read[n], bool(marks & set(_mark_reads()[printed[n].read[0][0]]))   # the page prints that mark
        again = v is not None and v in (p.value for p in plain)
        long = again or (v is not None and (related(v, 0) or n in sure))
        short = [s for s in shorter if marked.count(s) > (v is None) or related(s, 1) or related(s, 0)]
        if long and short and not again and seen:
            long = False    # both readings fit: the mark the page prints on other amounts decides
        keep = first and seen or v is None and printed[n].label is not None   # a letter at the field's label
        s = None if long else short[0] if short else shorter[0] if keep else None
        out[n] = printed[n] if s is None else replace(printed[n], value=s, misread=printed[n].read[0])
    return [p for p in out if p.value is not None]


def read_amounts(printed: list[Printed], window: Decimal = Decimal("0.05")) -> list[Printed]:
    """``printed`` with a currency mark read as a digit (:func:`mark_read`), then a digit read for its
    look-alike (:func:`docextract.digitread.digit_read`; ``window``: the most a rounded total differs from
    the exact one) put right where the page's relations show it: what :func:`docextract.scoring.score_due` scores.

    >>> from decimal import Decimal as D
    >>> rows = [Printed(D("14.64"), label=1.0), Printed(D("0.01"), "rounding"),
    ...         Printed(D("14.85"), label=1.0, read=("14.85", 0, ()))]
    >>> [(p.value, p.misread) for p in read_amounts(rows)][2]
    (Decimal('14.65'), '14.85')
    """
    from .digitread import digit_read

    return digit_read(mark_read(printed), window)


def _mark(p: Printed) -> str | None:
    from .normalize.locale import currency_mark

    return currency_mark(p.read[0]) if p.read else None
