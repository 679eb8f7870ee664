"""Checking the parts of a schema file: option values, document check rules and their parameters,
``identify:``. Each problem is a :class:`~docextract.errors.SchemaError` naming file, line and field.

>>> ctx = Ctx("t.yaml")
>>> check_options({"day_first": True, "no_expiry": "长期"}, ctx, 3, "d")
{'day_first': True, 'no_expiry': ['长期']}
>>> check_options({"locale": "zz"}, ctx, 3, "d")
Traceback (most recent call last):
...
docextract.errors.SchemaError: t.yaml, line 3, field 'd': options.locale: unknown locale 'zz' (e.g. en_US, de_DE, zh_CN)
"""

from __future__ import annotations

import re
from typing import Any

from .errors import FieldError, SchemaError
from .normalize._util import get_locale
from .schema_spec import CheckSpec

__all__ = ["OPTION_KINDS", "OPTION_KEYS", "IDENTIFY_KEYS", "Ctx", "str_tuple", "plain_text", "check_options",
           "parse_check", "parse_identify"]

#: what a schema may declare under ``identify:`` for ``schema="auto"`` (see docextract.doctype)
IDENTIFY_KEYS = {"title", "labels", "keywords", "not", "amounts"}
#: normalisation options a field (or the whole schema) may set, with the kind of value each takes
OPTION_KINDS: dict[str, Any] = {
    "locale": str, "day_first": bool, "year_first": bool, "default_currency": "currency", "fullwidth": bool,
    "uppercase": bool, "region": str, "no_expiry": list, "not_applicable": list, "strip": bool,
    "collapse_whitespace": bool, "decimals": int}
OPTION_KEYS = set(OPTION_KINDS)


class Ctx:
    """The file being read: makes its errors (``ctx.error(message, line, field)``)."""

    def __init__(self, filename: str) -> None:
        self.filename = filename

    def error(self, message: str, line: int | None = None, field: str | None = None) -> SchemaError:
        return SchemaError(message, file=self.filename, line=line, field=field)


def str_tuple(value: Any, ctx: Ctx, line: int | None, fname: str | None, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
        return tuple(str(v) for v in value)
    raise ctx.error(f"{what} must be a string or a list of strings", line, fname)


def check_options(options: Any, ctx: Ctx, line: int | None, fname: str | None, what: str = "options") -> dict:
    """Every option key known and its value of the right kind (a locale babel knows, an ISO currency)."""
    if not isinstance(options, dict):
        raise ctx.error(f"{what} must be a mapping", line, fname)
    out: dict[str, Any] = {}
    for key, value in options.items():
        kind = OPTION_KINDS.get(key)
        if kind is None:
            raise ctx.error(f"unknown option {key!r}; allowed: {', '.join(sorted(OPTION_KEYS))}", line, fname)
        if value is None:
            continue
        if kind is bool and not isinstance(value, bool):
            raise ctx.error(f"{what}.{key} must be true or false (got {value!r})", line, fname)
        if kind is int and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 12):
            raise ctx.error(f"{what}.{key} must be a whole number from 0 to 12 (got {value!r})", line, fname)
        if kind is list:
            value = list(str_tuple(value, ctx, line, fname, f"{what}.{key}"))
        if kind in (str, "currency") and (not isinstance(value, str) or not value.strip() or len(value) > 40):
            raise ctx.error(f"{what}.{key} must be a short text (got {value!r})", line, fname)
        if kind == "currency" and not re.fullmatch(r"[A-Za-z]{3}", value):
            raise ctx.error(f"{what}.{key} must be an ISO 4217 code such as USD or CNY (got {value!r})", line, fname)
        if key == "locale":
            try:   # the normalisers' own parsing, so a schema and a call refuse the same names alike
                get_locale(value)
            except FieldError as exc:
                raise ctx.error(f"{what}.locale: {exc.message} (e.g. en_US, de_DE, zh_CN)", line, fname) from None
        out[key] = value
    return out



def plain_text(value: Any, ctx: Ctx, line: int | None, fname: str | None, what: str) -> str:
    """A plain text value (never ``str()`` of a nested structure, which could be huge)."""
    if value is None:
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    raise ctx.error(f"{what} must be text", line, fname)



def parse_check(raw: Any, ctx: Ctx, line: int | None, field_names: set[str]) -> CheckSpec:
    from .checks import RULES, load_rules, validate_params

    load_rules()
    if isinstance(raw, str):
        raw = {"rule": raw}
    if not isinstance(raw, dict) or "rule" not in raw:
        raise ctx.error("each check must be a rule name or a mapping with 'rule'", line)
    line = getattr(raw, "line", line)
    rule = raw["rule"]
    if rule not in RULES:
        raise ctx.error(f"unknown check rule {rule!r}; known rules: {', '.join(sorted(RULES))}", line)
    severity = raw.get("severity")
    if severity not in (None, "warn", "fail"):
        raise ctx.error("severity must be 'warn' or 'fail'", line)
    params = {k: v for k, v in raw.items() if k not in ("rule", "severity")}
    try:
        validate_params(rule, params, field_names)
        _check_param_kinds(RULES[rule], params)
    except ValueError as exc:
        raise ctx.error(f"check {rule!r}: {exc}", line) from None
    return CheckSpec(rule=rule, params=dict(params), severity=severity, line=line)


def _check_param_kinds(fn, params: dict[str, Any]) -> None:
    """Each parameter's value of the kind its rule declares: whole numbers, true/false, a tolerance (a
    number ≥ 0), a line-item column (``items.amount``) where the rule's default names one."""
    import inspect
    from decimal import Decimal, InvalidOperation

    sig = inspect.signature(fn)
    for key, value in params.items():
        p = sig.parameters.get(key)
        if p is None or value is None:
            continue
        ann = str(p.annotation)
        if ann == "int" and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError(f"parameter {key!r} must be a whole number (got {value!r})")
        if ann == "bool" and not isinstance(value, bool):
            raise ValueError(f"parameter {key!r} must be true or false (got {value!r})")
        if key == "tolerance":
            try:
                ok = not isinstance(value, bool) and Decimal(str(value)) >= 0
            except (InvalidOperation, ValueError):
                ok = False
            if not ok:
                raise ValueError(f"parameter 'tolerance' must be a number ≥ 0 (got {value!r})")
        if key.endswith("_field") and isinstance(p.default, str) and "." in p.default and "." not in str(value):
            raise ValueError(f"parameter {key!r} must name a line-item column such as {p.default} (got {value!r})")
        if key == "items_field" and "." not in str(value):
            raise ValueError(f"parameter 'items_field' must name a line-item column such as items.amount "
                             f"(got {value!r})")



def parse_identify(raw: Any, ctx: Ctx, line: int | None) -> dict[str, tuple[str, ...]]:
    if raw in (None, {}):
        return {}
    if not isinstance(raw, dict):
        raise ctx.error(f"identify must be a mapping of: {', '.join(sorted(IDENTIFY_KEYS))}", line)
    bad = set(raw) - IDENTIFY_KEYS
    if bad:
        raise ctx.error(f"unknown key {sorted(bad, key=str)[0]!r} in identify; allowed: "
                        f"{', '.join(sorted(IDENTIFY_KEYS))}", line)
    amounts = raw.get("amounts")
    if amounts is not None and (isinstance(amounts, bool) or not isinstance(amounts, int) or not 1 <= amounts <= 100):
        raise ctx.error(f"identify.amounts must be a whole number from 1 to 100 (got {amounts!r})", line)
    return {str(k): (str(v),) if k == "amounts" else str_tuple(v, ctx, line, None, f"identify.{k}")
            for k, v in raw.items()}


