"""Generic document rules, usable by any schema: sums, a + b = total, date order and expiry, presence.

Every rule takes field names as parameters (``*_field`` / ``*_fields``, checked when the schema
loads); a line-item column is named ``items.amount``. A rule returns ``None`` when a value it needs
is empty: missing required fields are reported by the pipeline.

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
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from ..errors import InvalidFormat
from . import CheckContext, rule, run_rule  # noqa: F401  (run_rule: used by the doctests)

__all__ = [
    "NO_EXPIRY_WORDS", "to_decimal", "fmt_amount", "tolerance_of", "is_empty", "parse_period", "no_expiry_words",
    "is_no_expiry", "add_years", "years_between", "round_cents",
    "sum_equals", "a_plus_b_equals", "subtotal_plus_tax", "date_order", "date_not_future", "not_expired",
    "plausible_birth_date", "required_together", "one_of_required",
]

#: printed words meaning "valid without end date" (ID cards: 长期)
NO_EXPIRY_WORDS = ("长期", "長期", "长期有效", "永久", "permanent", "indefinite", "no expiry")

CENT = Decimal("0.01")


# ----------------------------------------------------------------------------------------------- helpers

def to_decimal(value: Any) -> Decimal | None:
    """A ``Decimal`` from a normalised value (Decimal, int, float or numeric str); ``None`` otherwise.

    >>> to_decimal("12.30"), to_decimal(None), to_decimal("abc")
    (Decimal('12.30'), None, None)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def fmt_amount(value: Decimal) -> str:
    """An amount as printed in messages: at least two decimals, more only when significant.

    >>> fmt_amount(Decimal("106")), fmt_amount(Decimal("3.14159")), fmt_amount(Decimal("-0.5"))
    ('106.00', '3.14159', '-0.50')
    """
    value = value.normalize() if value == value.to_integral_value() else value
    if value.as_tuple().exponent > -2:  # type: ignore[operator]
        value = value.quantize(CENT)
    return format(value, "f")


def tolerance_of(ctx: CheckContext, tolerance: Any) -> Decimal:
    """The rule's ``tolerance`` parameter, or the context's (from the options, 0.01 by default)."""
    tol = to_decimal(tolerance)
    if tolerance is not None and tol is None:
        raise ValueError(f"tolerance must be a number, not {tolerance!r}")
    return abs(tol) if tol is not None else ctx.tolerance


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def no_expiry_words(ctx: CheckContext, field: str | None) -> tuple[str, ...]:
    """The field's ``no_expiry`` option (from the schema) plus the built-in words."""
    words: list[str] = []
    if ctx.schema is not None and field:
        try:
            spec = ctx.schema.field(field)
        except KeyError:
            spec = None
        if spec is not None:
            words.extend(str(w) for w in (spec.options.get("no_expiry") or ()))
        words.extend(str(w) for w in (ctx.schema.options.get("no_expiry") or ()))
    return (*words, *NO_EXPIRY_WORDS)


def is_no_expiry(text: Any, words: tuple[str, ...] = NO_EXPIRY_WORDS) -> bool:
    """True when ``text`` (as read) says the document never expires (``长期``).

    >>> is_no_expiry(" 长期 "), is_no_expiry("2035.03.01")
    (True, False)
    """
    if not isinstance(text, str) or not text.strip():
        return False
    folded = unicodedata.normalize("NFKC", text).casefold()
    return any(w.casefold() in folded for w in words)


_DATE_RE = re.compile(r"(\d{4})\s*[.\-/年]?\s*(\d{1,2})\s*[.\-/月]?\s*(\d{1,2})\s*日?")


def parse_period(text: str, words: tuple[str, ...] = NO_EXPIRY_WORDS) -> tuple[_dt.date, _dt.date | None]:
    """Split a printed validity period into (start, end); ``end`` is ``None`` for 长期 (no expiry).

    Accepts ``2015.03.01-2035.03.01``, ``2015年03月01日至2035年03月01日``, ``20150301-20350301``,
    ``2015-03-01 - 2035-03-01`` and ``2015.03.01-长期``; raises ``InvalidFormat`` otherwise.

    >>> parse_period("2015年03月01日至2035年03月01日")
    (datetime.date(2015, 3, 1), datetime.date(2035, 3, 1))
    >>> parse_period("20150301-20350301")[1]
    datetime.date(2035, 3, 1)
    """
    if not isinstance(text, str):
        raise InvalidFormat("a validity period must be text", value=text)
    norm = unicodedata.normalize("NFKC", text)
    dates = []
    for m in _DATE_RE.finditer(norm):
        try:
            dates.append(_dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            raise InvalidFormat(f"{m.group(0)!r} is not a calendar date", value=text) from None
    if len(dates) == 2:
        return dates[0], dates[1]
    if len(dates) == 1 and is_no_expiry(norm[_DATE_RE.search(norm).end():], words):  # type: ignore[union-attr]
        return dates[0], None
    raise InvalidFormat("expected a period 'YYYY.MM.DD-YYYY.MM.DD' or 'YYYY.MM.DD-长期'", value=text)


def add_years(d: _dt.date, years: int) -> _dt.date:
    """``d`` plus whole years (29 February becomes 28 February in common years).

    >>> add_years(_dt.date(2016, 2, 29), 10)
    datetime.date(2026, 2, 28)
    """
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def years_between(start: _dt.date, end: _dt.date) -> int:
    """Completed years from ``start`` to ``end`` (an age).

    >>> years_between(_dt.date(1990, 5, 8), _dt.date(2026, 5, 7))
    35
    """
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


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


def round_cents(value: Decimal) -> Decimal:
    """Round half up to cents (how Chinese tax software rounds).

    >>> round_cents(Decimal("13.005"))
    Decimal('13.01')
    """
    return value.quantize(CENT, rounding=ROUND_HALF_UP)

