"""Invoice rules: line arithmetic, tax rates, 大写 vs 小写 totals, Chinese invoice numbers and tax IDs.

Amounts are compared as ``Decimal`` with the rule's ``tolerance`` (default: the options', 0.01).
Lines are numbered from 1 in messages; ``fields`` name them ``items[0].tax`` (from 0).

>>> from decimal import Decimal as D
>>> ctx = CheckContext(values={"items": [{"amount": D("884.96"), "tax_rate": D("0.13"), "tax": D("115.04")}]})
>>> [(c.status, c.message) for c in run_rule("line_tax_rate", ctx, {})]
[('pass', 'tax = amount × rate on all 1 line(s) (within 0.01)')]
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from decimal import Decimal
from typing import Any

from . import CheckContext, rule, run_rule  # noqa: F401  (run_rule: used by the doctests)
from .common import a_plus_b_equals, fmt_amount, round_cents, to_decimal, tolerance_of

__all__ = ["VAT_RATES", "vat_rates_on", "amount_plus_tax", "line_tax_rate", "line_quantity_price",
           "capital_matches", "cn_invoice_number_format", "cn_tax_id", "as_percent"]

#: VAT rates and levy rates (征收率) in force since 2019-04-01, in percent
VAT_RATES = (Decimal(13), Decimal(9), Decimal(6), Decimal(5), Decimal(3), Decimal(1), Decimal(0))
#: older standard rates: 17 % and 11 % until 2018-04-30, 16 % and 10 % until 2019-03-31
_HISTORIC = ((_dt.date(2018, 5, 1), (Decimal(17), Decimal(11))), (_dt.date(2019, 4, 1), (Decimal(16), Decimal(10))))
#: printed instead of a rate on exempt lines; the tax column then reads *** or 0
_EXEMPT_WORDS = ("免税", "不征税", "***", "＊＊＊", "*")


def vat_rates_on(day: _dt.date | None) -> tuple[Decimal, ...]:
    """The legal rates (percent) on ``day``: the current set, plus the old ones before the 2018/2019 cuts.

    >>> [str(r) for r in vat_rates_on(_dt.date(2018, 6, 1))]
    ['13', '9', '6', '5', '3', '1', '0', '16', '10']
    """
    rates = list(VAT_RATES)
    if day is not None:
        for until, old in _HISTORIC:
            if day < until:
                rates.extend(old)
    return tuple(rates)


def as_percent(value: Any) -> Decimal | None:
    """A rate as a percentage number (``13`` for 13 %).

    ``percent`` values are fractions (the normaliser reads ``13%`` as ``Decimal('0.13')``); a value
    above 1 can only be a percentage already and is kept.

    >>> as_percent(Decimal("0.13")), as_percent(Decimal("13")), as_percent(None)
    (Decimal('13'), Decimal('13'), None)
    """
    d = to_decimal(value)
    if d is None:
        return None
    return d if abs(d) > 1 else (d * 100).normalize() + 0


def _exempt(raw: Any) -> bool:
    return isinstance(raw, str) and any(w in raw for w in _EXEMPT_WORDS)


def _rate_text(rate: Decimal) -> str:
    return f"{rate.normalize():f}%"


def _rows(ctx: CheckContext, *names: str) -> tuple[str, list[tuple], list[tuple]]:
    """List head, the value tuples and raw tuples of the columns ``names`` (all ``items.x``)."""
    heads = {n.partition(".")[0] for n in names}
    if len(heads) != 1 or any("." not in n for n in names):
        raise ValueError(f"columns must be of one list field, like items.amount (got {', '.join(names)})")
    head = heads.pop()
    cols = [ctx.value(n) or [] for n in names]
    n = max((len(c) for c in cols), default=0)
    values = [tuple(c[i] if i < len(c) else None for c in cols) for i in range(n)]
    raw_items = ctx.raw.get(head) if isinstance(ctx.raw.get(head), list) else []
    raws = []
    for i in range(n):
        item = raw_items[i] if i < len(raw_items) and isinstance(raw_items[i], dict) else {}
        raws.append(tuple(item.get(nm.partition(".")[2]) for nm in names))
    return head, values, raws


@rule("amount_plus_tax")
def amount_plus_tax(ctx: CheckContext, *, amount_field: str = "total_amount", tax_field: str = "total_tax",
                    total_field: str = "total_with_tax", tolerance: Any = None):
    """合计金额 + 合计税额 = 价税合计（小写）; see ``a_plus_b_equals``."""
    return a_plus_b_equals(ctx, a_field=amount_field, b_field=tax_field, total_field=total_field,
                           tolerance=tolerance)


@rule("line_tax_rate")
def line_tax_rate(ctx: CheckContext, *, amount_field: str = "items.amount", rate_field: str = "items.tax_rate",
                  tax_field: str = "items.tax", allowed_rates: list | None = None, date_field: str | None = None,
                  tolerance: Any = None):
    """Per line, tax = round(amount × rate, 2) within ``tolerance``; a rate outside the legal set warns.

    ``allowed_rates`` (percent) defaults to the Chinese VAT rates {13, 9, 6, 5, 3, 1, 0}, plus the old
    17/16/11/10 % when ``date_field`` (the issue date) is before the 2018 and 2019 cuts. Exempt lines
    (免税, 不征税, ***) must have no tax.
    """
    tol = tolerance_of(ctx, tolerance)
    day = ctx.value(date_field) if date_field else None
    allowed = ([Decimal(str(r)) for r in allowed_rates] if allowed_rates is not None
               else list(vat_rates_on(day if isinstance(day, _dt.date) else None)))
    head, values, raws = _rows(ctx, amount_field, rate_field, tax_field)
    tcol, rcol = tax_field.partition(".")[2], rate_field.partition(".")[2]
    bad, odd, checked = [], [], 0
    bad_fields: list[str] = []
    odd_fields: list[str] = []
    for i, ((amount, rate, tax), (_, raw_rate, raw_tax)) in enumerate(zip(values, raws)):
        amount, rate, tax = to_decimal(amount), as_percent(rate), to_decimal(tax)
        if rate is None and _exempt(raw_rate):
            checked += 1
            if tax not in (None, Decimal(0)) and not _exempt(raw_tax):
                bad.append(f"line {i + 1}: rate {raw_rate.strip()} but tax {fmt_amount(tax)}")
                bad_fields.append(f"{head}[{i}].{tcol}")
            continue
        if rate is not None and all(rate != a for a in allowed):
            odd.append(f"line {i + 1}: {_rate_text(rate)}")
            odd_fields.append(f"{head}[{i}].{rcol}")
        if amount is None or rate is None or tax is None:
            continue
        checked += 1
        expected = round_cents(amount * rate / 100)
        if abs(expected - tax) > tol:
            bad.append(f"line {i + 1}: {fmt_amount(amount)} × {_rate_text(rate)} = {fmt_amount(expected)} "
                       f"but the tax reads {fmt_amount(tax)}")
            bad_fields.append(f"{head}[{i}].{tcol}")
    out = []
    if bad:
        out.append(ctx.result("fail", "tax ≠ amount × rate: " + "; ".join(bad), bad_fields))
    elif checked:
        out.append(ctx.result("pass", f"tax = amount × rate on all {checked} line(s) (within {fmt_amount(tol)})",
                              [amount_field, rate_field, tax_field]))
    if odd:
        legal = ", ".join(_rate_text(a) for a in allowed)
        out.append(ctx.result("warn", f"tax rate not in the legal set ({legal}): " + "; ".join(odd), odd_fields))
    return out or None


def _plain(d: Decimal) -> str:
    """A quantity as printed: ``2`` rather than ``2.00``, ``1.5`` as is."""
    return format(d.normalize() if d == d.to_integral_value() else d, "f")


def _half_unit(d: Decimal) -> Decimal:
    """Half a unit of the last printed digit (the rounding error of a printed number)."""
    exp = d.as_tuple().exponent
    return Decimal(5).scaleb(int(exp) - 1) if isinstance(exp, int) and exp < 0 else Decimal("0.5")


@rule("line_quantity_price")
def line_quantity_price(ctx: CheckContext, *, quantity_field: str = "items.quantity",
                        price_field: str = "items.unit_price", amount_field: str = "items.amount",
                        tolerance: Any = None):
    """Per line, quantity × unit price = amount, allowing for the rounding of the printed quantity and price.

    The allowed difference is ``tolerance`` plus what rounding the printed unit price and quantity
    can explain (a unit price printed as 3.33 for 10/3 is off by up to 0.005 per unit).
    """
    tol = tolerance_of(ctx, tolerance)
    head, values, _ = _rows(ctx, quantity_field, price_field, amount_field)
    acol = amount_field.partition(".")[2]
    bad, fields, checked = [], [], 0
    for i, (q, p, a) in enumerate(values):
        q, p, a = to_decimal(q), to_decimal(p), to_decimal(a)
        if q is None or p is None or a is None:
            continue
        checked += 1
        product = q * p
        allowed = tol + abs(q) * _half_unit(p) + abs(p) * (_half_unit(q) if q != q.to_integral_value() else 0)
        if abs(product - a) > allowed:
            bad.append(f"line {i + 1}: {_plain(q)} × {fmt_amount(p)} = {fmt_amount(round_cents(product))} "
                       f"but the amount reads {fmt_amount(a)}")
            fields.append(f"{head}[{i}].{acol}")
    if bad:
        return ctx.result("fail", "quantity × unit price ≠ amount: " + "; ".join(bad), fields)
    if checked:
        return ctx.result("pass", f"quantity × unit price = amount on all {checked} line(s)",
                          [quantity_field, price_field, amount_field])
    return None


@rule("capital_matches")
def capital_matches(ctx: CheckContext, *, capital_field: str = "total_with_tax_capital",
                    amount_field: str = "total_with_tax", tolerance: Any = None):
    """The amount in Chinese capital numerals (价税合计大写, 壹仟壹佰叁拾圆整) equals the figure (小写)."""
    from ..errors import FieldError
    from ..normalize.capital import parse_capital, to_capital

    text, amount = ctx.value(capital_field), to_decimal(ctx.value(amount_field))
    if not isinstance(text, str) or not text.strip() or amount is None:
        return None
    fields = [capital_field, amount_field]
    try:
        words = parse_capital(text)
    except FieldError as exc:
        return ctx.result("fail", f"{capital_field} {text!r} cannot be read as an amount: {exc.message}", fields)
    tol = Decimal(0) if tolerance is None else tolerance_of(ctx, tolerance)  # both are exact: no drift by default
    if abs(words - amount) <= tol:
        return ctx.result("pass", f"{capital_field} {text.strip()} = {fmt_amount(words)} = {amount_field}", fields)
    try:
        hint = f"; {fmt_amount(amount)} is written {to_capital(amount)}"
    except (FieldError, ValueError):
        hint = ""
    return ctx.result("fail", f"{capital_field} {text.strip()} reads {fmt_amount(words)} but {amount_field} is "
                              f"{fmt_amount(amount)}{hint}", fields)


def _digits(value: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value)).split()) if value not in (None, "") else ""


@rule("cn_invoice_number_format")
def cn_invoice_number_format(ctx: CheckContext, *, number_field: str = "invoice_number",
                             code_field: str | None = "invoice_code", date_field: str | None = "issue_date"):
    """发票号码 has 8 digits with a 10/12-digit 发票代码, or 20 digits with no code (数电票).

    For a 20-digit number, digits 1–2 are the year of issue; for a 10-digit code digits 5–6, and for a
    12-digit code digits 6–7, are the year the code was assigned, which cannot be after the issue year.
    """
    number = _digits(ctx.value(number_field))
    if not number:
        return None
    code = _digits(ctx.value(code_field)) if code_field else ""
    day = ctx.value(date_field) if date_field else None
    day = day if isinstance(day, _dt.date) else None
    fields = [number_field]
    if not number.isdigit():
        return ctx.result("fail", f"{number_field} {number!r} must be digits only", fields)
    if len(number) == 20:
        out = []
        if code:
            out.append(ctx.result("warn", f"a 20-digit {number_field} is a fully digital invoice (数电票), which has "
                                          f"no invoice code, but {code_field} reads {code!r}", [code_field]))
        if day is not None and int(number[:2]) != day.year % 100:
            out.append(ctx.result("fail", f"{number_field} {number} starts with year {number[:2]} but the invoice "
                                          f"was issued on {day.isoformat()}", [number_field, date_field]))
        else:
            out.append(ctx.result("pass", f"{number_field} {number} is a fully digital invoice number "
                                          f"(20 digits{', year ' + number[:2] if day else ''})", fields))
        return out
    if len(number) == 8:
        if not code:
            return ctx.result("fail", f"an 8-digit {number_field} needs a 10- or 12-digit invoice code "
                                      f"({code_field}), which was not found", fields)
        fields = [code_field, number_field]
        if not code.isdigit() or len(code) not in (10, 12):
            return ctx.result("fail", f"{code_field} {code!r} must be 10 or 12 digits (got {len(code)} characters)",
                              fields)
        yy = code[4:6] if len(code) == 10 else code[5:7]
        if day is not None and 2000 + int(yy) > day.year:
            return ctx.result("warn", f"{code_field} {code} was assigned in 20{yy}, after the issue date "
                                      f"{day.isoformat()}", [*fields, date_field])
        return ctx.result("pass", f"{code_field} {code} ({len(code)} digits) and {number_field} {number} "
                                  "have the legacy invoice format", fields)
    return ctx.result("fail", f"{number_field} has {len(number)} digits; it must have 8 (with a 10- or 12-digit "
                              "invoice code) or 20 (fully digital invoice, 数电票)", fields)


_LEGACY_TAX_ID = re.compile(r"^[0-9A-Z]{15}$|^[0-9A-Z]{17}$|^[0-9A-Z]{20}$")


@rule("cn_tax_id")
def cn_tax_id(ctx: CheckContext, *, fields: list):
    """纳税人识别号: an 18-character 统一社会信用代码 (GB 32100 checksum) or a personal ID number passes;
    legacy 15/17/20-character taxpayer IDs, which carry no checksum, warn; anything else fails."""
    from ..normalize.identifiers import is_valid_id

    out = []
    for name in [fields] if isinstance(fields, str) else fields:
        v = ctx.value(name)
        if v in (None, ""):
            continue
        n = re.sub(r"[\s\-–—]", "", unicodedata.normalize("NFKC", str(v))).upper()
        if len(n) == 18:
            if is_valid_id(n, "cn.uscc"):
                out.append(ctx.result("pass", f"{name} {n} is a valid unified social credit code", [name]))
            elif is_valid_id(n, "cn.ric"):
                out.append(ctx.result("pass", f"{name} {n} is a valid personal ID number", [name]))
            else:
                out.append(ctx.result("fail", f"{name} {n}: the unified social credit code's check character does "
                                              "not match (a misread character?)", [name]))
        elif _LEGACY_TAX_ID.match(n):
            out.append(ctx.result("warn", f"{name} {n} is a legacy {len(n)}-character taxpayer ID, which has no "
                                          "check character to verify", [name]))
        else:
            out.append(ctx.result("fail", f"{name} {n!r} is not a taxpayer ID: expected 18 characters (unified "
                                          f"social credit code), or 15, 17 or 20 (legacy); got {len(n)}", [name]))
    return out or None
