"""A schema's parts as objects: :class:`FieldSpec`, :class:`CheckSpec`, :class:`Schema` and the
normalisation options a field gets (:func:`field_options`). Built by :mod:`docextract.schema_load`.

>>> f = FieldSpec("total", "amount", labels={"en": ("Total", "Amount due")})
>>> f.label("en"), f.label("fr"), f.all_labels()
('Total', 'Total', ['Total', 'Amount due'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

__all__ = ["FieldSpec", "CheckSpec", "Schema", "field_options"]


@dataclass(frozen=True)
class FieldSpec:
    """One field: its type, printed labels per language, enum values, checks and options."""

    name: str
    type: str
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    description: str = ""
    required: bool = False
    pattern: str | None = None
    #: enum: canonical value -> aliases as printed (男 -> male)
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: identifier formats checked on the value: python-stdnum names (cn.ric, iban) or docextract's own
    checks: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    #: layout hints for OCR-only engines: keywords, position, below/right_of, lines ...
    hints: dict[str, Any] = field(default_factory=dict)
    #: sub-fields of a ``list`` (line items)
    fields: tuple["FieldSpec", ...] = ()
    line: int | None = None

    def label(self, language: str = "zh") -> str:
        """The printed label in ``language`` (falls back to the other language, then the name)."""
        for lang in (language, "zh", "en"):
            if self.labels.get(lang):
                return self.labels[lang][0]
        return self.name

    def fits_pattern(self, token: str) -> bool:
        """Whether ``token`` is of the field's ``pattern``, or would be with one character more or less
        at its end (17 digits for 18: a number printed or read one short).

        >>> spec = FieldSpec("id", "id", pattern=r"^\\d{17}[\\dX]$")
        >>> [spec.fits_pattern(t) for t in ("11010519491231002X", "11010519491231002", "1101051949", "", None)]
        [True, True, False, False, False]
        """
        return bool(self.pattern and token) and any(re.fullmatch(self.pattern, t) for t in (token, token[:-1],
                                                                                               token + token[-1]))

    def all_labels(self) -> list[str]:
        """Every printed label and alias, all languages, in declaration order."""
        out: list[str] = []
        for names in self.labels.values():
            out.extend(n for n in names if n not in out)
        return out

    def subfield(self, name: str) -> "FieldSpec":
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


@dataclass(frozen=True)
class CheckSpec:
    """A document-level check: a named rule from ``docextract.checks`` with parameters."""

    rule: str
    params: dict[str, Any] = field(default_factory=dict)
    severity: str | None = None
    line: int | None = None


@dataclass(frozen=True, eq=False)
class Schema:
    name: str
    fields: tuple[FieldSpec, ...]
    version: str = "1"
    title: str = ""
    description: str = ""
    languages: tuple[str, ...] = ("zh", "en")
    checks: tuple[CheckSpec, ...] = ()
    prompt_template: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    hints: dict[str, Any] = field(default_factory=dict)
    source: str | None = None
    #: how ``schema="auto"`` recognises this document: title, required labels, keywords, not (counter-words)
    identify: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def field(self, name: str) -> FieldSpec:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"schema {self.name!r} has no field {name!r}")

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @cached_property
    def record_model(self):
        """The pydantic class of this schema's records (built once, cached)."""
        from .records import build_record_model

        return build_record_model(self)

    def json_schema(self) -> dict:
        """JSON Schema of the record (for docs, validation or vLLM structured output)."""
        return self.record_model.model_json_schema()

    def field_options(self, spec: FieldSpec, options: Any = None) -> dict[str, Any]:
        """Normalisation options of ``spec``: this schema's, the call's (``options``), the field's own."""
        return field_options(spec, self, options)

    def render_prompt(self, task: str = "extract", language: str = "zh", **kwargs: Any) -> str:
        """The HunyuanOCR prompt for ``task`` with this schema's printed labels."""
        from .prompts import render_prompt

        return render_prompt(task, schema=self, language=language, **kwargs)

    def to_dict(self) -> dict:
        """A plain description (fields, labels, checks) for ``docextract schema show`` and the server."""
        def fdict(f: FieldSpec) -> dict:
            d: dict[str, Any] = {"name": f.name, "type": f.type, "labels": {k: list(v) for k, v in f.labels.items()},
                                 "required": f.required}
            for key in ("description", "pattern", "checks", "options", "hints"):
                val = getattr(f, key)
                if val:
                    d[key] = list(val) if isinstance(val, tuple) else val
            if f.values:
                d["values"] = {k: list(v) for k, v in f.values.items()}
            if f.fields:
                d["fields"] = [fdict(s) for s in f.fields]
            return d

        return {"name": self.name, "version": self.version, "title": self.title, "description": self.description,
                "languages": list(self.languages), "fields": [fdict(f) for f in self.fields],
                "checks": [{"rule": c.rule, **c.params} for c in self.checks]}


#: the call's options (ExtractOptions) that override a schema's normalisation options
_OPTION_FROM_CALL = ("locale", "day_first", "default_currency")


def field_options(spec: FieldSpec, schema: Schema, options: Any = None) -> dict[str, Any]:
    """Normalisation options of a field: the schema's, then the call's (when given), then the field's own.

    >>> from docextract.options import ExtractOptions
    >>> from docextract.schema import load_schema_text
    >>> s = load_schema_text("name: t\\noptions: {day_first: true}\\nfields:\\n  - {name: d, type: date}\\n")
    >>> field_options(s.field("d"), s)["day_first"], field_options(s.field("d"), s, ExtractOptions(day_first=False))
    (True, {'day_first': False})
    """
    merged = dict(schema.options)
    for key in _OPTION_FROM_CALL:
        val = getattr(options, key, None)
        if val is not None:
            merged[key] = val
    merged.update(spec.options)
    return merged
