"""Checks: named, parameterised rules that a schema lists; results are reported, never raised.

A rule is a plain function registered with :func:`rule`. It receives a :class:`CheckContext` and
its parameters from the YAML, and returns :class:`Check` results (or ``None`` when it does not
apply, e.g. a needed field is empty). Parameters naming fields (``*_field`` / ``*_fields``) are
verified against the schema when it loads, so a typo is a :class:`~docextract.errors.SchemaError`.

>>> @rule("demo_nonempty")
... def demo(ctx, *, field):
...     v = ctx.value(field)
...     return ctx.result("pass" if v else "fail", f"{field} is {'set' if v else 'empty'}", [field])
>>> ctx = CheckContext(values={"a": "x"})
>>> run_rule("demo_nonempty", ctx, {"field": "a"})[0].status
'pass'
>>> validate_params("demo_nonempty", {"fieldz": "a"}, {"a"})
Traceback (most recent call last):
...
ValueError: unknown parameter 'fieldz'; parameters: field
>>> del RULES["demo_nonempty"]
"""

from __future__ import annotations

import datetime as _dt
import importlib
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel

__all__ = ["Check", "CheckContext", "RULES", "rule", "run_rule", "validate_params", "load_rules"]

Status = Literal["pass", "warn", "fail"]


class Check(BaseModel):
    """One check result: ``code``, ``status`` (pass / warn / fail), a message and the fields involved."""

    code: str
    status: Status
    message: str = ""
    fields: list[str] = []


@dataclass
class CheckContext:
    """What a rule sees: normalised values, raw strings, the schema, tolerances and today's date."""

    values: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    schema: Any = None
    today: _dt.date = field(default_factory=_dt.date.today)
    tolerance: Decimal = Decimal("0.01")
    code: str = ""
    #: codes decoded from the page (QR codes, barcodes: :class:`docextract.codes.Code`)
    codes: list = field(default_factory=list)

    def value(self, name: str) -> Any:
        """A normalised value; ``items.amount`` gives the list of that column over the line items."""
        head, _, col = name.partition(".")
        v = self.values.get(head)
        if col:
            if not isinstance(v, list):
                return None
            return [item.get(col) if isinstance(item, dict) else None for item in v]
        return v

    def has(self, *names: str) -> bool:
        return all(self.value(n) not in (None, "", []) for n in names)

    def result(self, status: Status, message: str, fields: Iterable[str] = (), code: str | None = None) -> Check:
        return Check(code=code or self.code, status=status, message=message, fields=list(fields))


RULES: dict[str, Callable[..., Any]] = {}


def rule(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a check rule under ``name``."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        RULES[name] = fn
        return fn

    return deco


def validate_params(name: str, params: dict[str, Any], field_names: set[str]) -> None:
    """Raise ``ValueError`` if ``params`` do not fit rule ``name`` or name unknown fields."""
    fn = RULES[name]
    sig = inspect.signature(fn)
    accepted = [p for p in list(sig.parameters)[1:]]
    for key in params:
        if key not in accepted:
            raise ValueError(f"unknown parameter {key!r}; parameters: {', '.join(accepted) or 'none'}")
    for pname, p in list(sig.parameters.items())[1:]:
        if p.default is inspect.Parameter.empty and pname not in params:
            raise ValueError(f"missing parameter {pname!r}")
    # field-naming parameters left at their defaults must name fields too (null turns one off)
    defaults = {k: p.default for k, p in list(sig.parameters.items())[1:]
                if k not in params and p.default not in (inspect.Parameter.empty, None)}
    for key, val in {**defaults, **params}.items():
        if key == "field" or key.endswith("_field"):
            refs = [val]
        elif key == "fields" or key.endswith("_fields"):
            refs = val if isinstance(val, list) else [val]
        else:
            continue
        for ref in refs:
            if ref is not None and ref not in field_names:
                how = " (its default; set it, or null to skip it)" if key in defaults else ""
                raise ValueError(f"parameter {key!r} names unknown field {ref!r}{how}")


def run_rule(name: str, ctx: CheckContext, params: dict[str, Any], severity: str | None = None) -> list[Check]:
    """Run one rule; an exception inside a rule becomes a ``fail`` check rather than a crash."""
    load_rules()
    ctx.code = name
    try:
        out = RULES[name](ctx, **params)
    except Exception as exc:  # noqa: BLE001 - rule isolation: a (user) rule's bug becomes a failing check, not a lost extraction
        return [Check(code=name, status="fail", message=f"check could not run: {type(exc).__name__}: {exc}")]
    if out is None:
        return []
    checks = [out] if isinstance(out, Check) else [c for c in out if c is not None]
    if severity == "warn":
        checks = [c.model_copy(update={"status": "warn"}) if c.status == "fail" else c for c in checks]
    return checks


_RULE_MODULES = ("common", "idcard", "invoice", "receipt", "passport", "qr")
_loaded = False


def load_rules() -> None:
    """Import the modules that register the built-in rules (once)."""
    global _loaded
    if _loaded:
        return
    for mod in _RULE_MODULES:
        try:
            importlib.import_module(f"{__name__}.{mod}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{mod}":
                raise
    _loaded = True
