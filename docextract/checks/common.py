"""Generic document rules, usable by any schema: sums, a + b = total, date order and expiry, presence.

Every rule takes field names as parameters (``*_field`` / ``*_fields``, checked when the schema
loads); a line-item column is named ``items.amount``. A rule returns ``None`` when a value it needs
is empty: missing required fields are reported by the pipeline. The values they compare (decimals,
periods, years) come from :mod:`docextract.checks.values`, re-exported here.

>>> from decimal import Decimal as D
>>> ctx = CheckContext(values={"subtotal": D("100.00"), "tax": D("6.00"), "total": D("106.01")})
>>> c = run_rule("subtotal_plus_tax", ctx, {})[0]
>>> c.status, c.message
('pass', 'subtotal 100.00 + tax 6.00 = 106.00, total 106.01 (within 0.01)')
>>> parse_period("2015.03.01-长期")
(datetime.date(2015, 3, 1), None)
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

from ..errors import InvalidFormat
from . import CheckContext, rule, run_rule  # noqa: F401  (run_rule: used by the doctests)
from .values import (NO_EXPIRY_WORDS, add_years, fmt_amount, is_empty, is_no_expiry, no_expiry_words,  # noqa: F401
                     parse_period, round_cents, to_decimal, tolerance_of, years_between)

__all__ = [
    "NO_EXPIRY_WORDS", "to_decimal", "fmt_amount", "tolerance_of", "is_empty", "parse_period", "no_expiry_words",
    "is_no_expiry", "add_years", "years_between", "round_cents",
    "sum_equals", "a_plus_b_equals", "subtotal_plus_tax", "date_order", "date_not_future", "not_expired",
    "plausible_birth_date", "required_together", "one_of_required",
]


def _plus(a: str, b: str) -> str:
    return f"{a} + {b}"


# ----------------------------------------------------------------------------------------------- amounts

@rule("sum_equals")
def sum_equals(ctx: CheckContext, *, items_field: str, total_field: str, tolerance: Any = None):
    """Σ of a line-item column equals a total: ``items_field: items.amount``, ``total_field: total_amount``."""
    if "." not in items_field:
        raise ValueError(f"items_field must name a line-item column such as items.amount, not {items_field!r}")
    total = to_decimal(ctx.value(total_field))
    column = ctx.value(items_field)
    if total is None or not column:
        return None
    tol = tolerance_of(ctx, tolerance)
    head, _, col = items_field.partition(".")
    missing = [i for i, v in enumerate(column) if to_decimal(v) is None]
    amounts = [to_decimal(v) for v in column]
    partial = sum((a for a in amounts if a is not None), Decimal(0))
    if missing:
        lines = ", ".join(str(i + 1) for i in missing)
        return ctx.result("warn", f"cannot verify {total_field}: line(s) {lines} have no {col or items_field} "
                                  f"(the other lines add up to {fmt_amount(partial)}, {total_field} is "
                                  f"{fmt_amount(total)})",
                          [total_field, *(f"{head}[{i}].{col}" for i in missing)])
    diff = abs(partial - total)
    n = len(amounts)
    if diff <= tol:
        return ctx.result("pass", f"the {n} line {col or 'value'}s add up to {fmt_amount(partial)} = "
                                  f"{total_field} {fmt_amount(total)}", [items_field, total_field])
    return ctx.result("fail", f"the {n} line {col or 'value'}s add up to {fmt_amount(partial)} but {total_field} "
                              f"is {fmt_amount(total)} (difference {fmt_amount(partial - total)})",
                      [items_field, total_field])


@rule("a_plus_b_equals")
def a_plus_b_equals(ctx: CheckContext, *, a_field: str, b_field: str, total_field: str,
                    adjust_fields: list | None = None, tolerance: Any = None, warn_within: Any = None):
    """``a + b (+ adjustments) = total``; a difference up to ``warn_within`` is a warning, not a failure.

    ``adjust_fields`` are optional signed amounts added when present (a rounding adjustment, a discount
    printed as a negative amount). ``warn_within`` suits receipts, which often round the total to 0.05.
    """
    a, b, total = (to_decimal(ctx.value(n)) for n in (a_field, b_field, total_field))
    if a is None or b is None or total is None:
        return None
    tol = tolerance_of(ctx, tolerance)
    soft = to_decimal(warn_within)
    if warn_within is not None and soft is None:
        raise ValueError(f"warn_within must be a number, not {warn_within!r}")
    expr = f"{a_field} {fmt_amount(a)} + {b_field} {fmt_amount(b)}"
    expected = a + b
    used = [a_field, b_field]
    for name in adjust_fields or []:
        adj = to_decimal(ctx.value(name))
        if adj is not None:
            expected += adj
            expr += f" {'-' if adj < 0 else '+'} {name} {fmt_amount(abs(adj))}"
            used.append(name)
    used.append(total_field)
    diff = total - expected
    if diff == 0:
        return ctx.result("pass", f"{expr} = {total_field} {fmt_amount(total)}", used)
    if abs(diff) <= tol:
        return ctx.result("pass", f"{expr} = {fmt_amount(expected)}, {total_field} {fmt_amount(total)} "
                                  f"(within {fmt_amount(tol)})", used)
    msg = f"{expr} = {fmt_amount(expected)} but {total_field} is {fmt_amount(total)} " \
          f"(difference {fmt_amount(diff)})"
    if soft is not None and abs(diff) <= abs(soft):
        return ctx.result("warn", msg + "; small enough to be a rounding adjustment", used)
    return ctx.result("fail", msg, used)


@rule("subtotal_plus_tax")
def subtotal_plus_tax(ctx: CheckContext, *, subtotal_field: str = "subtotal", tax_field: str = "tax",
                      total_field: str = "total", adjust_fields: list | None = None, tolerance: Any = None,
                      warn_within: Any = None):
    """``subtotal + tax (+ adjustments) = total`` (invoices, receipts); see :func:`a_plus_b_equals`."""
    return a_plus_b_equals(ctx, a_field=subtotal_field, b_field=tax_field, total_field=total_field,
                           adjust_fields=adjust_fields, tolerance=tolerance, warn_within=warn_within)


# ----------------------------------------------------------------------------------------------- dates

def _date(ctx: CheckContext, name: str) -> _dt.date | None:
    v = ctx.value(name)
    if isinstance(v, _dt.datetime):
        return v.date()
    return v if isinstance(v, _dt.date) else None


@rule("date_order")
def date_order(ctx: CheckContext, *, earlier_field: str, later_field: str, allow_equal: bool = True):
    """``earlier_field`` is on or before ``later_field`` (issue date ≤ due date, valid from ≤ valid until)."""
    a, b = _date(ctx, earlier_field), _date(ctx, later_field)
    if a is None or b is None:
        return None
    fields = [earlier_field, later_field]
    if b > a or (allow_equal and a == b):
        return ctx.result("pass", f"{earlier_field} {a.isoformat()} is before {later_field} {b.isoformat()}"
                          if a != b else f"{earlier_field} and {later_field} are the same day, {a.isoformat()}",
                          fields)
    word = "after" if a > b else "the same day as"
    return ctx.result("fail", f"{earlier_field} {a.isoformat()} is {word} {later_field} {b.isoformat()}", fields)


@rule("date_not_future")
def date_not_future(ctx: CheckContext, *, field: str, grace_days: int = 1):
    """The date is not after today (plus ``grace_days``, 1 by default, for time zones)."""
    d = _date(ctx, field)
    if d is None:
        return None
    limit = ctx.today + _dt.timedelta(days=int(grace_days))
    if d > limit:
        return ctx.result("fail", f"{field} {d.isoformat()} is in the future (today is {ctx.today.isoformat()})",
                          [field])
    return ctx.result("pass", f"{field} {d.isoformat()} is not in the future", [field])


@rule("not_expired")
def not_expired(ctx: CheckContext, *, field: str, period_field: str | None = None, warn_days: int = 0,
                expired_status: str = "warn"):
    """The expiry date is today or later; ``长期`` (a ``no_expiry`` word) passes.

    When ``field`` is empty, the end of ``period_field`` (a printed ``from-until`` text) is used.
    An expired document gives ``expired_status`` (``warn``; ``fail`` for strict KYC); one expiring
    within ``warn_days`` gives a warning.
    """
    if expired_status not in ("warn", "fail"):
        raise ValueError("expired_status must be 'warn' or 'fail'")
    words = no_expiry_words(ctx, field)
    end = _date(ctx, field)
    used = [field]
    if end is None:
        if is_no_expiry(ctx.raw.get(field), words):
            return ctx.result("pass", f"{field} reads {ctx.raw.get(field)!r}: no expiry date", used)
        text = ctx.value(period_field) if period_field else None
        if not isinstance(text, str) or not text.strip():
            return None
        used = [period_field]
        try:
            _, end = parse_period(text, words)
        except InvalidFormat:
            return None  # an unreadable period is reported by the period rule
        if end is None:
            return ctx.result("pass", f"{period_field} {text!r} has no expiry date", used)
    if end < ctx.today:
        days = (ctx.today - end).days
        return ctx.result(expired_status, f"the document expired on {end.isoformat()} ({days} days before "
                                          f"{ctx.today.isoformat()})", used)
    left = (end - ctx.today).days
    if left < int(warn_days):
        return ctx.result("warn", f"the document expires on {end.isoformat()}, in {left} days", used)
    return ctx.result("pass", f"valid until {end.isoformat()}", used)


@rule("plausible_birth_date")
def plausible_birth_date(ctx: CheckContext, *, field: str = "birth_date", max_age: int = 120):
    """A birth date is not in the future (fail) and gives an age up to ``max_age`` years (warn beyond)."""
    d = _date(ctx, field)
    if d is None:
        return None
    if d > ctx.today:
        return ctx.result("fail", f"{field} {d.isoformat()} is in the future", [field])
    age = years_between(d, ctx.today)
    if age > int(max_age):
        return ctx.result("warn", f"{field} {d.isoformat()} gives an age of {age}, more than {max_age}", [field])
    return ctx.result("pass", f"{field} {d.isoformat()} gives an age of {age}", [field])


# ----------------------------------------------------------------------------------------------- presence

def _names(fields: Any) -> list[str]:
    return [fields] if isinstance(fields, str) else list(fields)


@rule("required_together")
def required_together(ctx: CheckContext, *, fields: list):
    """If one of ``fields`` is present, all must be (a tax ID without a name, a time without a date)."""
    names = _names(fields)
    present = [n for n in names if not is_empty(ctx.value(n))]
    if not present:
        return None
    missing = [n for n in names if n not in present]
    if missing:
        return ctx.result("fail", f"{', '.join(present)} {'is' if len(present) == 1 else 'are'} given but "
                                  f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing", missing)
    return ctx.result("pass", f"{', '.join(names)} are all given", names)


@rule("one_of_required")
def one_of_required(ctx: CheckContext, *, fields: list):
    """At least one of ``fields`` is present (e.g. a total or a total with tax)."""
    names = _names(fields)
    present = [n for n in names if not is_empty(ctx.value(n))]
    if present:
        return ctx.result("pass", f"{present[0]} is given", present)
    return ctx.result("fail", f"none of {', '.join(names)} was found", names)
