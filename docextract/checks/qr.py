"""The invoice QR code against the printed fields: ``qr_matches_fields``, and fields filled from the code.

A schema lists the rule with the fields the QR payload carries; the same declaration tells
:func:`fill_from_codes` which fields a reading that missed them may take from the code (marked
``source="qr"``). The rule does not apply when no invoice QR code was read.

>>> import datetime as dt
>>> from decimal import Decimal as D
>>> from docextract.codes import Code
>>> qr = Code(format="QRCode", text="01,04,044031900111,12345678,100.00,20240105,12345678901234567890,AB")
>>> ctx = CheckContext(values={"invoice_code": "044031900111", "invoice_number": "12345679",
...                            "issue_date": dt.date(2024, 1, 5), "total_amount": D("100.00")}, codes=[qr])
>>> c = run_rule("qr_matches_fields", ctx, {})[0]
>>> c.status, c.fields, c.message
('fail', ['invoice_number'], 'the QR code differs from the printed invoice_number: QR 12345678, printed 12345679')
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..types import Box, FieldCandidate
from . import CheckContext, rule, run_rule  # noqa: F401  (run_rule: used by the doctests)

__all__ = ["qr_matches_fields", "invoice_qr_of", "fill_from_codes", "keep_qr_readings"]

#: how a value found with no label to anchor it is marked (a guess by type alone): the QR code wins over it
_GUESSES = ("type",)
_ID_KEYS = (("code_field", "invoice_code"), ("number_field", "invoice_number"), ("check_code_field", "check_code"))


def invoice_qr_of(codes: list) -> tuple[Any, Any]:
    """``(the first code whose payload is an invoice QR, its parsed fields)`` or ``(None, None)``."""
    from ..codes import parse_invoice_qr

    for code in codes or []:
        parsed = parse_invoice_qr(getattr(code, "text", None))
        if parsed is not None:
            return code, parsed
    return None, None


def _digits(value: Any) -> str:
    return re.sub(r"\D", "", str(value or ""))


@rule("qr_matches_fields")
def qr_matches_fields(ctx: CheckContext, *, code_field: str | None = "invoice_code",
                      number_field: str = "invoice_number", date_field: str | None = "issue_date",
                      check_code_field: str | None = "check_code",
                      amount_fields: list | None = None):
    """The invoice QR payload agrees with the printed code, number, date, check code and amount."""
    _, qr = invoice_qr_of(getattr(ctx, "codes", None))
    if qr is None:
        return None
    params = {"code_field": code_field, "number_field": number_field, "check_code_field": check_code_field}
    differ, compared = [], []
    for key, attr in _ID_KEYS:
        name, want = params[key], getattr(qr, attr)
        if not name or not want or not ctx.has(name):
            continue
        compared.append(name)
        if _digits(ctx.value(name)) != want:
            differ.append((name, want, _digits(ctx.value(name))))
    if date_field and qr.issue_date and ctx.has(date_field):
        compared.append(date_field)
        if ctx.value(date_field) != qr.issue_date:
            differ.append((date_field, qr.issue_date.isoformat(), str(ctx.value(date_field))))
    if qr.amount is not None:
        names = [qr.amount_field] + [n for n in (amount_fields or []) if n != qr.amount_field]
        names = [n for n in names if n in ctx.values and ctx.has(n)]
        if names:
            compared.append(names[0])
            if not any(abs(Decimal(str(ctx.value(n))) - qr.amount) < Decimal("0.005") for n in names):
                differ.append((names[0], f"{qr.amount:.2f}", str(ctx.value(names[0]))))
    if differ:
        what = "; ".join(f"QR {w}, printed {p}" for _, w, p in differ)
        return ctx.result("fail", f"the QR code differs from the printed {', '.join(d[0] for d in differ)}: {what}",
                          [d[0] for d in differ])
    if not compared:
        return None
    return ctx.result("pass", f"the QR code agrees with the printed {', '.join(compared)}", compared)


def _rule_params(schema) -> dict | None:
    for spec in getattr(schema, "checks", ()) or ():
        if spec.rule == "qr_matches_fields":
            return dict(spec.params)
    return None


def _qr_values(params: dict, qr) -> dict[str, str | None]:
    """Field name -> the value the QR payload carries for it (as text)."""
    names = {"code_field": "invoice_code", "number_field": "invoice_number", "date_field": "issue_date",
             "check_code_field": "check_code", **params}
    return {names["code_field"]: qr.invoice_code, names["number_field"]: qr.invoice_number,
            names["date_field"]: qr.issue_date.isoformat() if qr.issue_date else None,
            names["check_code_field"]: qr.check_code,
            qr.amount_field: f"{qr.amount:.2f}" if qr.amount is not None else None}


def fill_from_codes(candidates: dict[str, FieldCandidate], codes: list, schema) -> list[str]:
    """Fill the fields a reading missed from the invoice QR code (``source="qr"``); returns their names.

    Only schemas that list the ``qr_matches_fields`` rule take values from a code, and only for empty fields
    or fields guessed by their type alone, with no label (the guess is kept in ``alternatives``).
    """
    params = _rule_params(schema)
    code, qr = invoice_qr_of(codes)
    if params is None or qr is None:
        return []
    filled = []
    for name, value in _qr_values(params, qr).items():
        if not name or value is None or name not in schema.field_names:
            continue
        cand = candidates.get(name)
        guess = cand is not None and cand.source in _GUESSES and cand.raw != value
        if cand is not None and cand.raw and str(cand.raw).strip() and not guess:
            continue
        new = FieldCandidate(raw=value, box=Box(code.box) if code.box else None, page=code.page,
                             confidence=0.99, source="qr")
        if guess and cand.raw:
            new.keep(cand.raw, cand.source)
        candidates[name] = new
        filled.append(name)
    return filled


def keep_qr_readings(fields: dict, checks: list, codes: list, schema) -> list[str]:
    """Where ``qr_matches_fields`` failed, the QR code's value joins the field's ``alternatives`` (source
    ``qr``): the printed value stays the value, the other reading is kept. Returns the fields given one.

    >>> from docextract.codes import Code
    >>> from docextract.checks import Check
    >>> from docextract.result import FieldResult
    >>> from docextract.schema import load_schema_text
    >>> s = load_schema_text("name: t\\nfields:\\n  - {name: invoice_number, type: id}\\n"
    ...                      "checks:\\n  - {rule: qr_matches_fields, code_field: null, date_field: null,"
    ...                      " check_code_field: null}\\n")
    >>> qr = Code(format="QRCode", text="01,04,044031900111,12345678,100.00,20240105,12345678901234567890,AB")
    >>> f = {"invoice_number": FieldResult(name="invoice_number", raw="12345679")}
    >>> bad = Check(code="qr_matches_fields", status="fail", fields=["invoice_number"], message="differs")
    >>> keep_qr_readings(f, [bad], [qr], s), f["invoice_number"].alternatives, f["invoice_number"].alternative_sources
    (['invoice_number'], ['12345678'], ['qr'])
    """
    params = _rule_params(schema)
    _, qr = invoice_qr_of(codes)
    if params is None or qr is None:
        return []
    values = _qr_values(params, qr)
    amount = values.get(qr.amount_field)
    kept = []
    for check in checks or ():
        if check.code != "qr_matches_fields" or check.status != "fail":
            continue
        for name in check.fields:
            fr = fields.get(name)
            value = values.get(name) or amount  # an amount field other than the payload's own: its amount
            if fr is None or value is None or value in fr.alternatives:
                continue
            fr.alternative_sources = (list(fr.alternative_sources) + [""] * len(fr.alternatives))[:len(fr.alternatives)]
            fr.alternatives = [*fr.alternatives, value]
            fr.alternative_sources.append("qr")
            kept.append(name)
    return kept
