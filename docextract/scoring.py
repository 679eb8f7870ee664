"""Choosing a value by scored evidence: named features with weights, the winner's reasons shown.

A field finder gathers candidates for one field and, for each, the evidence that speaks for or
against it — a label printed before it, its place on the page, what other printed values say
about it. Each piece of evidence is a named :class:`Feature` whose weight comes from
:data:`WEIGHTS`; the candidate with the highest sum wins, and :func:`explain` turns its features
into the sentence a user sees in the result (why this total, not the 50.00 tendered).

The amount relations a receipt or an invoice prints hold anywhere, whatever the shop or country:

- :func:`sums_to` — a value is the sum of the amounts printed right before it (subtotal + tax
  (+ service, + rounding, − discount) = total; the items' sum = subtotal);
- :func:`paid_by` — tendered − change = the amount due;
- :func:`rounded_from` — a total rounded to the nearest 0.05 is printed after the exact one.

A currency mark glued to an amount is often read as a digit or a letter (``$97.74`` read ``997.74``,
``฿200.00`` read ``B200.00``; look_alike.json ``mark_reads``), a digit as its look-alike (``14.65`` read
``14.85``): :func:`docextract.markread.read_amounts`, run on the amounts printed before :func:`score_due`,
takes the amount the page's relations speak for and not the amount as read.

>>> from decimal import Decimal as D
>>> sums_to(D("111.29"), [D("49.99"), D("102.96"), D("8.33")])
[Decimal('102.96'), Decimal('8.33')]
>>> paid_by([("tendered", D("50.00")), ("change", D("3.55"))])
Decimal('46.45')
>>> a = Scored("46.45", [Feature("label", "TOTAL"), Feature("paid", "= 50.00 tendered - 3.55 change")])
>>> b = Scored("50.00", [Feature("payment_line", "CASH")])
>>> best([b, a]).item
'46.45'
>>> explain(best([a, b]))
'label TOTAL (+2.5); paid = 50.00 tendered - 3.55 change (+2.5)'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .data import LexiconRegex, pattern

__all__ = ["WEIGHTS", "PAYMENT", "Feature", "Scored", "Printed", "best", "explain", "sums_to", "paid_by",
           "rounded_from", "sums_before", "score_due", "score_dates", "row_role", "as_amount"]

#: the weight of each named feature (positive: evidence for the candidate, negative: against)
WEIGHTS: dict[str, float] = {
    "label": 2.5,            # printed right of / below one of the field's own labels
    "last_label": 0.6,       # the last such label before the payment lines (a later total is the final one)
    "sum": 2.0,              # the sum of the few amounts printed right before it (subtotal + tax ...)
    "sum_of_label": 1.0,     # one of them at the field's own label (Item Total 1,360.00 + Tax 95.20)
    "items_sum": 1.0,        # the sum of many (more than 4) amounts before it: the items, a subtotal
    "rounded": 3.5,          # an exact amount before it, rounded (Total 45.34, Rounded 45.35)
    "paid": 2.5,             # tendered - change
    "paid_again": 1.5,       # printed again on a payment line (card, cash given exactly)
    "printed_twice": 0.5,    # printed again off the payment lines (a total repeated, a subtotal equal to it)
    "largest": 0.3,          # the largest amount that is not a payment
    "addend": -1.0,          # one of the amounts a later one sums (a tax, a subtotal)
    "other_label": -2.0,     # its row names another amount (subtotal, tax, discount, rounding)
    "payment_line": -2.5,    # its row names a payment (cash tendered, change, card)
    "after_payment": -1.0,   # printed after the first payment line
    "with_time": 1.0,        # a date: a time printed on its row (when the sale happened)
    "first_date": 0.3,       # a date: the first one printed
    "other_date": -2.0,      # a date: its row names another date (delivery, expiry, due)
    "zero": -1.5,            # 0.00 is never what is due
    "mark_read": -0.2,       # its first character taken for a currency mark misread ($97.74 read 997.74)
    "digit_read": -0.2,      # a digit taken for its look-alike by the page's arithmetic (14.65 read 14.85)
}


#: the roles of rows that print a payment, not a price (the amount due is printed before them)
PAYMENT = ("tendered", "change", "summary")


@dataclass(frozen=True)
class Feature:
    """One piece of evidence: its ``name`` (a key of :data:`WEIGHTS`) and what it saw."""

    name: str
    detail: str = ""
    scale: float = 1.0

    @property
    def weight(self) -> float:
        return round(WEIGHTS[self.name] * self.scale, 2)


@dataclass
class Scored:
    """A candidate ``item`` with its features; ``order`` breaks ties (higher wins)."""

    item: Any
    features: list[Feature] = field(default_factory=list)
    order: tuple = ()

    @property
    def score(self) -> float:
        return round(sum(f.weight for f in self.features), 3)

    def has(self, *names: str) -> bool:
        return any(f.name in names for f in self.features)


def best(cands: list[Scored]) -> Scored | None:
    """The candidate with the highest score (ties: the highest ``order``), or None."""
    return max(cands, key=lambda c: (c.score, c.order), default=None)


def explain(cand: Scored) -> str:
    """The winner's features as text: ``label TOTAL (+2.5); sum = 102.96 + 8.33 (+2.0)``."""
    return "; ".join(f"{f.name.replace('_', ' ')}{' ' + f.detail if f.detail else ''} ({f.weight:+g})"
                     for f in cand.features)


def sums_to(value: Decimal, before: list[Decimal], most: int = 40) -> list[Decimal] | None:
    """The amounts right before ``value`` (the last ``k`` of ``before``, at least two of them not
    zero, up to ``most``) whose sum is ``value`` — the shortest such run — or None.

    >>> from decimal import Decimal as D
    >>> sums_to(D("6.40"), [D("2.30"), D("2.30"), D("1.80")]), sums_to(D("2.30"), [D("2.30"), D("0.00")])
    ([Decimal('2.30'), Decimal('2.30'), Decimal('1.80')], None)
    """
    total, nonzero, signs = Decimal(0), 0, all(x >= 0 for x in before[-most:])
    for k in range(1, min(most, len(before)) + 1):
        part = before[-k]
        total += part
        nonzero += part != 0
        if nonzero >= 2 and total == value:
            return before[-k:]
        if value > 0 and total > value and signs:     # no credit further up can bring it back
            return None
    return None


def paid_by(rows: list[tuple[str, Decimal]]) -> Decimal | None:
    """What a payment confirms: a ``tendered`` amount (or one whose row names nothing: ``EEK 100.00``)
    followed by a smaller ``change``, their difference (``rows``: ``(role, value)`` in reading order);
    None if the page prints none.

    >>> from decimal import Decimal as D
    >>> paid_by([("tendered", D("20")), ("tendered", D("100.00")), ("change", D("78.80"))])
    Decimal('21.20')
    >>> paid_by([("change", D("1.00")), ("tendered", D("10.00"))]) is None, paid_by([("tendered", 5), ("change", 0)])
    (True, 5)
    >>> paid_by([("", D("63.00")), ("", D("100.00")), ("change", D("37.00"))]), paid_by([("tax", 5), ("change", 1)])
    (Decimal('63.00'), None)
    """
    for (r1, v1), (r2, v2) in zip(rows, rows[1:]):
        if r1 in ("tendered", "") and r2 == "change" and v1 > v2 >= 0:
            return v1 - v2
    return None


def rounded_from(value: Decimal, exact: list[Decimal], window: Decimal) -> Decimal | None:
    """The exact amount among ``exact`` (printed before ``value``) that ``value`` rounds: within
    ``window`` of it, not equal, and ``value`` far larger than the window (not an item's price).

    >>> from decimal import Decimal as D
    >>> rounded_from(D("45.35"), [D("3.20"), D("45.34")], D("0.05")), rounded_from(D("0.05"), [D("0.03")], D("0.05"))
    (Decimal('45.34'), None)
    """
    if abs(value) <= 10 * window:
        return None
    return next((x for x in reversed(exact) if x != value and abs(x - value) <= window), None)


@dataclass
class Printed:
    """One amount printed on the page, in reading order: its ``value``, the ``role`` its row names
    (``tendered``, ``change``, ``summary``, ``subtotal``, ``tax``, ``rounding``, ``discount`` or
    ``""``), its ``label`` strength when it sits at one of the field's own labels, and ``where``;
    ``read``: ``(text, start, runner-ups)``, the amount as read and where it starts in its line's
    text, whose runner-up characters (``Line.alternatives``) follow (:func:`mark_read`);
    ``misread``: set by :func:`mark_read`, the text as read when ``value`` is the shorter amount, and by
    :func:`docextract.digitread.digit_read` when a digit was taken for its look-alike (``why``: the relation)."""

    value: Any
    role: str = ""
    label: float | None = None
    where: Any = None
    timed: bool = False
    read: tuple = ()
    misread: str = ""
    why: str = ""


def sums_before(printed: list[Printed]) -> dict[int, list[int]]:
    """Printing -> the printings right before it whose sum it is (:func:`sums_to`; payment rows are
    no addends, a discount is subtracted); a printing without a value neither sums nor is summed.

    >>> from decimal import Decimal as D
    >>> sums_before([Printed(D("40.00")), Printed(D("6.45")), Printed(D("46.45")), Printed(D("50.00"), "tendered")])
    {2: [0, 1]}
    """
    kept = [n for n, p in enumerate(printed) if p.role not in PAYMENT and p.value is not None]
    out: dict[int, list[int]] = {}
    for n, p in enumerate(printed):
        before = [m for m in kept if m < n]
        if p.value is not None and (parts := sums_to(p.value, [-abs(printed[m].value) if printed[m].role == "discount"
                                                                else printed[m].value for m in before])):
            out[n] = before[len(before) - len(parts):]
    return out


def score_due(printed: list[Printed], window: Decimal = Decimal("0.05")) -> list[Scored]:
    """The amount due on a receipt or an invoice: each value printed, scored on the evidence of
    all its printings (``item``: the printing to show — at a label, else the last not on a payment
    row). ``window``: the most a rounded total differs from the exact one.

    >>> from decimal import Decimal as D
    >>> rows = [Printed(D("40.00")), Printed(D("6.45")), Printed(D("46.45"), label=1.0),
    ...         Printed(D("50.00"), "tendered"), Printed(D("3.55"), "change")]
    >>> win = best(score_due(rows)); win.item.value, [f.name for f in win.features]
    (Decimal('46.45'), ['label', 'last_label', 'sum', 'paid', 'largest'])
    >>> explain(win).split("; ")[2:4]
    ['sum = 40.00 + 6.45 (+2)', 'paid = tendered - change (+2.5)']
    """
    pay = next((n for n, p in enumerate(printed) if p.role in PAYMENT), len(printed))
    paid = paid_by([(p.role, abs(p.value)) for p in printed])
    top = max((p.value for p in printed if p.role not in PAYMENT), default=None)
    last_label = max((n for n, p in enumerate(printed[:pay]) if p.label is not None), default=None)
    values: dict[Decimal, list[int]] = {}
    for n, p in enumerate(printed):
        values.setdefault(p.value, []).append(n)
    sums = sums_before(printed)    # printing -> the printings it sums (a payment sums the prices)
    addends = {m: n for n, ms in sums.items() for m in ms if printed[m].value != printed[n].value}
    out = []
    for v, ns in values.items():
        f, free = [], [n for n in ns if printed[n].role not in PAYMENT]
        lab = max((n for n in ns if printed[n].label is not None), key=lambda n: printed[n].label, default=None)
        if lab is not None:
            f += [Feature("label")] + ([Feature("last_label")] if last_label in ns else [])
        # a large amount on a rounding row is the rounded total, not the adjustment
        roles = ["" if printed[n].role == "rounding" and abs(v) > 10 * window else printed[n].role for n in ns]
        if (lab is None or not free) and all(roles) and not (sums.keys() & set(ns)):   # all rows name another
            role = min(roles, key=lambda r: r in PAYMENT)
            f.append(Feature("payment_line" if role in PAYMENT else "other_label", role))
        parts = next((sums[n] for n in ns if n in sums), None)    # the printings it sums
        if parts:
            f.append(Feature("sum", "= " + " + ".join(str(printed[m].value) for m in parts)) if len(parts) <= 4 else
                     Feature("items_sum", f"of the {len(parts)} amounts above"))
            if len(parts) <= 4 and any(printed[m].label is not None for m in parts):
                f.append(Feature("sum_of_label"))
        added = next((addends[n] for n in ns if n in addends), None)
        f += [Feature("addend", f"of {printed[added].value}")] if added is not None else []
        for n in (n for n in ns if n < pay):
            exact = rounded_from(v, [p.value for p in printed[:n] if p.label is not None or p.role == "subtotal"],
                                 window)
            if exact is not None:
                f.append(Feature("rounded", f"from {exact}"))
                break
        if paid is not None and abs(v) == paid and free:
            f.append(Feature("paid", "= tendered - change"))
        elif free and any(printed[n].role == "tendered" for n in ns):
            f.append(Feature("paid_again", "at a payment line"))
        f += [Feature("printed_twice", f"({len(free)} times)")] if len(free) > 1 else []
        f += [Feature("largest")] if v == top else []
        f += [Feature("after_payment")] if lab is None and min(ns) > pay else []
        f += [Feature("zero")] if v == 0 else []
        show = lab if lab is not None else (free or ns)[-1]
        if printed[show].misread:
            f.append(Feature("digit_read", f"(read {printed[show].misread} {printed[show].why})") if printed[show].why
                     else Feature("mark_read", f"(read {printed[show].misread})"))
        out.append(Scored(printed[show], f, (lab is not None, show)))
    return out


def score_dates(printed: list[Printed]) -> list[Scored]:
    """The document's own date among the dates printed (``value``: a date; ``label``: the
    strength of a label it sits at; ``timed``: a time on its row; ``role`` ``other_date`` when its
    row names another date), each date scored on all its printings.

    >>> import datetime as dt
    >>> rows = [Printed(dt.date(2014, 7, 21), timed=True), Printed(dt.date(2014, 7, 23), "other_date", 0.83)]
    >>> win = best(score_dates(rows)); win.item.value, explain(win)
    (datetime.date(2014, 7, 21), 'with time (+1); first date (+0.3)')
    """
    values: dict[Any, list[int]] = {}
    for n, p in enumerate(printed):
        values.setdefault(p.value, []).append(n)
    out = []
    for ns in values.values():
        lab = max((n for n in ns if printed[n].label is not None), key=lambda n: printed[n].label, default=None)
        f = [Feature("label", "", printed[lab].label)] if lab is not None else []
        f += [Feature("with_time")] if any(printed[n].timed for n in ns) else []
        f += [Feature("first_date")] if 0 in ns else []
        f += [Feature("other_date", printed[ns[0]].role)] if all(printed[n].role == "other_date" for n in ns) else []
        show = lab if lab is not None else ns[0]
        out.append(Scored(printed[show], f, (lab is not None, -show)))
    return out


def _role_regex(section: str) -> LexiconRegex:
    return LexiconRegex(lambda: rf"(?<![^\W\d_]){pattern(section, cjk=False)}(?![^\W\d_])|{pattern(section, cjk=True)}",
                        re.I)


#: the role each row's words name, in the order they are tried, following the page's lexicons
_ROLES = [(role, _role_regex("date_other" if role == "other_date" else f"amount_{role}"))
          for role in ("summary", "change", "tendered", "rounding", "discount", "subtotal", "tax", "other_date")]


def row_role(text: str, among: tuple[str, ...] | None = None) -> str:
    """The role the words of a row name for its amount (the lexicons' ``amount_*`` sections, in
    the order summary, change, tendered, rounding, discount, subtotal, tax; ``among`` those only) or
    ``other_date`` (section ``date_other``: delivery, expiry …), or ``""``.

    >>> [row_role(t) for t in ("CASH TENDERED", "Change Due", "Sales Tax 8.5%", "找零", "TOTAL")]
    ['tendered', 'change', 'tax', 'change', '']
    >>> row_role("Expected Delivery: Wed 07/23/14", among=("other_date",))
    'other_date'
    """
    return next((r for r, pat in _ROLES
                 if (r in among if among else r != "other_date") and pat.search(text or "")), "")


def as_amount(raw: str | None) -> Decimal | None:
    """``raw`` as an amount, or None.

    >>> as_amount("RM 9.00"), as_amount("nine")
    (Decimal('9.00'), None)
    """
    from .errors import FieldError
    from .normalize.amounts import parse_amount

    try:
        return parse_amount(raw or "")
    except FieldError:
        return None
