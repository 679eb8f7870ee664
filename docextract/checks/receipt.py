"""Receipt rules. Totals use the generic ``subtotal_plus_tax`` (with a rounding adjustment);
this module adds the softer line-item sum that receipts need.

Receipts print discounts, service charges and deposits as lines or not at all, so the sum of the
item amounts is compared with the subtotal (or, without one, the total) and a mismatch only warns.

>>> from decimal import Decimal as D
>>> ctx = CheckContext(values={"items": [{"amount": D("8.50")}, {"amount": D("3.20")}], "total": D("11.70")})
>>> [(c.status, c.message) for c in run_rule("receipt_items_sum", ctx, {})]
[('pass', 'the 2 item amounts add up to total 11.70')]
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import CheckContext, rule, run_rule  # noqa: F401  (run_rule: used by the doctests)
from .common import fmt_amount, to_decimal, tolerance_of

__all__ = ["receipt_items_sum"]


@rule("receipt_items_sum")
def receipt_items_sum(ctx: CheckContext, *, items_field: str = "items.amount", subtotal_field: str | None = "subtotal",
                      total_field: str = "total", tolerance: Any = None):
    """Σ item amounts equals the subtotal when printed, else the total; a difference warns (discounts, fees)."""
    if "." not in items_field:
        raise ValueError(f"items_field must name a line-item column such as items.amount, not {items_field!r}")
    column = ctx.value(items_field)
    amounts = [to_decimal(v) for v in column or []]
    if not amounts or any(a is None for a in amounts):
        return None  # a line without an amount: nothing reliable to add up
    target_field = subtotal_field if subtotal_field and to_decimal(ctx.value(subtotal_field)) is not None \
        else total_field
    target = to_decimal(ctx.value(target_field))
    if target is None:
        return None
    total = sum(amounts, Decimal(0))
    fields = [items_field, target_field]
    if abs(total - target) <= tolerance_of(ctx, tolerance):
        return ctx.result("pass", f"the {len(amounts)} item amounts add up to {target_field} {fmt_amount(target)}",
                          fields)
    return ctx.result("warn", f"the {len(amounts)} item amounts add up to {fmt_amount(total)} but {target_field} is "
                              f"{fmt_amount(target)} (difference {fmt_amount(total - target)}: a discount, a fee or "
                              "a misread line?)", fields)
