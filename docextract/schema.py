"""Document types: YAML schemas with typed fields, printed labels and checks.

A schema file (see ``docs/schemas.md``) is validated field by field; every problem raises
:class:`~docextract.errors.SchemaError` naming the file, the line and the field.

>>> s = load_schema("cn_id_card")
>>> s.name, [f.name for f in s.fields][:3]
('cn_id_card', ['name', 'sex', 'ethnicity'])
>>> s.field("id_number").label("zh")
'公民身份号码'
>>> load_schema_text("name: t\\nfields:\\n  - name: a\\n    type: txt\\n", "t.yaml")
Traceback (most recent call last):
...
docextract.errors.SchemaError: t.yaml, line 4, field 'a': unknown type 'txt'; known types: amount, country, ...
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .errors import SchemaError, SchemaNotFound
from .paths import builtin_dir
from .yamlload import LineDict, load_yaml

__all__ = [
    "FIELD_TYPES", "FieldSpec", "CheckSpec", "Schema", "load_schema", "load_schema_text", "list_schemas",
    "add_schema_dir", "schema_dirs",
]

FIELD_TYPES = frozenset({"text", "date", "time", "amount", "integer", "decimal", "percent", "enum", "id",
                         "phone", "currency", "country", "list"})
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELD_KEYS = {"name", "type", "labels", "description", "required", "pattern", "values", "checks", "options",
               "hints", "fields", "format"}
_SCHEMA_KEYS = {"name", "version", "title", "description", "languages", "fields", "checks", "prompt_template",
                "options", "hints"}
#: normalisation options a field (or the whole schema) may set
_OPTION_KEYS = {"locale", "day_first", "year_first", "default_currency", "fullwidth", "uppercase", "region",
                "no_expiry", "not_applicable", "strip", "collapse_whitespace", "decimals"}


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


# --------------------------------------------------------------------------------------------- loading

class _Ctx:
    def __init__(self, filename: str) -> None:
        self.filename = filename

    def error(self, message: str, line: int | None = None, field: str | None = None) -> SchemaError:
        return SchemaError(message, file=self.filename, line=line, field=field)


def _str_tuple(value: Any, ctx: _Ctx, line: int | None, fname: str | None, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
        return tuple(str(v) for v in value)
    raise ctx.error(f"{what} must be a string or a list of strings", line, fname)


def _text(value: Any, ctx: _Ctx, line: int | None, fname: str | None, what: str) -> str:
    """A plain text value (never ``str()`` of a nested structure, which could be huge)."""
    if value is None:
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    raise ctx.error(f"{what} must be text", line, fname)


def _parse_field(raw: Any, ctx: _Ctx, line: int | None, seen: set[str], prefix: str = "") -> FieldSpec:
    if not isinstance(raw, dict):
        raise ctx.error("each field must be a mapping with at least 'name' and 'type'", line)
    line = getattr(raw, "line", line)
    kl = raw.line_of if isinstance(raw, LineDict) else (lambda k: line)
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ctx.error(f"field name must be lower_snake_case letters, digits and '_' (got {name!r})",
                        kl("name"))
    qual = prefix + name
    if name in seen:
        raise ctx.error("duplicate field", kl("name"), qual)
    seen.add(name)
    unknown = set(raw) - _FIELD_KEYS
    if unknown:
        key = sorted(unknown, key=str)[0]
        raise ctx.error(f"unknown key {key!r}; allowed: {', '.join(sorted(_FIELD_KEYS))}", kl(key), qual)
    ftype = raw.get("type", "text")
    if ftype not in FIELD_TYPES:
        raise ctx.error(f"unknown type {ftype!r}; known types: {', '.join(sorted(FIELD_TYPES))}", kl("type"), qual)

    labels: dict[str, tuple[str, ...]] = {}
    raw_labels = raw.get("labels", {})
    if isinstance(raw_labels, (str, list)):
        raw_labels = {"zh": raw_labels}
    if not isinstance(raw_labels, dict):
        raise ctx.error("labels must map a language (zh, en, ...) to a label or a list of labels",
                        kl("labels"), qual)
    for lang, value in raw_labels.items():
        labels[str(lang)] = _str_tuple(value, ctx, kl("labels"), qual, f"labels.{lang}")

    values: dict[str, tuple[str, ...]] = {}
    if ftype == "enum":
        raw_values = raw.get("values")
        if isinstance(raw_values, list):
            raw_values = {str(v): [] for v in raw_values}
        if not isinstance(raw_values, dict) or not raw_values:
            raise ctx.error("an enum needs 'values': a mapping of canonical value -> aliases", kl("values"), qual)
        alias_owner: dict[str, str] = {}
        for canon, aliases in raw_values.items():
            canon = str(canon)
            if not canon:
                raise ctx.error("enum value must not be empty", kl("values"), qual)
            alias_t = () if aliases in (None, []) else _str_tuple(aliases, ctx, kl("values"), qual, f"values.{canon}")
            for alias in (canon, *alias_t):
                key = alias.strip().casefold()
                if key in alias_owner and alias_owner[key] != canon:
                    raise ctx.error(f"enum alias {alias!r} is given for both {alias_owner[key]!r} and {canon!r}",
                                    kl("values"), qual)
                alias_owner[key] = canon
            values[canon] = alias_t
    elif "values" in raw:
        raise ctx.error("'values' is only for enum fields", kl("values"), qual)

    checks = _str_tuple(raw.get("checks", []), ctx, kl("checks"), qual, "checks")
    if raw.get("format"):
        checks = (str(raw["format"]), *checks)
    if checks:
        from .normalize.identifiers import is_known_format

        for fmt in checks:
            if not is_known_format(fmt):
                raise ctx.error(f"unknown check {fmt!r}: not a python-stdnum format nor one of docextract's",
                                kl("checks") if "checks" in raw else kl("format"), qual)

    pattern = raw.get("pattern")
    if pattern is not None:
        try:
            re.compile(str(pattern))
        except re.error as exc:
            raise ctx.error(f"pattern is not a valid regular expression: {exc}", kl("pattern"), qual) from None

    options = raw.get("options", {}) or {}
    if not isinstance(options, dict):
        raise ctx.error("options must be a mapping", kl("options"), qual)
    bad = set(options) - _OPTION_KEYS
    if bad:
        raise ctx.error(f"unknown option {sorted(bad)[0]!r}; allowed: {', '.join(sorted(_OPTION_KEYS))}",
                        kl("options"), qual)
    hints = raw.get("hints", {}) or {}
    if not isinstance(hints, dict):
        raise ctx.error("hints must be a mapping", kl("hints"), qual)

    subfields: tuple[FieldSpec, ...] = ()
    if ftype == "list":
        raw_sub = raw.get("fields")
        if not isinstance(raw_sub, list) or not raw_sub:
            raise ctx.error("a list field needs 'fields': the columns of each item", kl("fields"), qual)
        sub_seen: set[str] = set()
        lines = getattr(raw_sub, "item_lines", [None] * len(raw_sub))
        subfields = tuple(_parse_field(s, ctx, ln, sub_seen, qual + ".") for s, ln in zip(raw_sub, lines))
        if any(s.type == "list" for s in subfields):
            raise ctx.error("lists inside lists are not supported", kl("fields"), qual)
    elif "fields" in raw:
        raise ctx.error("'fields' is only for list fields", kl("fields"), qual)

    required = raw.get("required", False)
    if not isinstance(required, bool):
        raise ctx.error("required must be true or false", kl("required"), qual)
    description = _text(raw.get("description"), ctx, kl("description"), qual, "description")
    return FieldSpec(name=name, type=ftype, labels=labels, description=description,
                     required=required, pattern=None if pattern is None else str(pattern), values=values,
                     checks=checks, options=dict(options), hints=dict(hints), fields=subfields, line=line)


def _parse_check(raw: Any, ctx: _Ctx, line: int | None, field_names: set[str]) -> CheckSpec:
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
    except ValueError as exc:
        raise ctx.error(f"check {rule!r}: {exc}", line) from None
    return CheckSpec(rule=rule, params=dict(params), severity=severity, line=line)


def _schema_from_data(data: Any, filename: str) -> Schema:
    ctx = _Ctx(filename)
    if not isinstance(data, dict):
        raise ctx.error("a schema must be a YAML mapping with 'name' and 'fields'", getattr(data, "line", 1))
    kl = data.line_of if isinstance(data, LineDict) else (lambda k: None)
    unknown = set(data) - _SCHEMA_KEYS
    if unknown:
        key = sorted(unknown, key=str)[0]
        raise ctx.error(f"unknown key {key!r}; allowed: {', '.join(sorted(_SCHEMA_KEYS))}", kl(key))
    name = data.get("name")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ctx.error(f"schema name must be lower_snake_case (got {name!r})", kl("name"))
    raw_fields = data.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise ctx.error("'fields' must be a non-empty list", kl("fields"))
    seen: set[str] = set()
    lines = getattr(raw_fields, "item_lines", [None] * len(raw_fields))
    fields = tuple(_parse_field(f, ctx, ln, seen) for f, ln in zip(raw_fields, lines))
    names = {f.name for f in fields} | {f"{f.name}.{s.name}" for f in fields for s in f.fields}
    top = {f.name for f in fields}
    for f in fields:   # layout hints that name another field must name one of this schema's
        for key in ("near", "from_id", "range_of"):
            ref = f.hints.get(key)
            if ref is not None and (not isinstance(ref, str) or ref == f.name or ref not in top):
                raise ctx.error(f"hints.{key} must name another field of this schema (got {ref!r})", f.line, f.name)
    raw_checks = data.get("checks", []) or []
    if not isinstance(raw_checks, list):
        raise ctx.error("'checks' must be a list", kl("checks"))
    clines = getattr(raw_checks, "item_lines", [None] * len(raw_checks))
    checks = tuple(_parse_check(c, ctx, ln, names) for c, ln in zip(raw_checks, clines))
    languages = _str_tuple(data.get("languages", ["zh", "en"]), ctx, kl("languages"), None, "languages")
    options = data.get("options", {}) or {}
    if not isinstance(options, dict) or set(options) - _OPTION_KEYS:
        raise ctx.error(f"schema options must be a mapping of: {', '.join(sorted(_OPTION_KEYS))}", kl("options"))
    version = _text(data.get("version", "1"), ctx, kl("version"), None, "version") or "1"
    title = _text(data.get("title"), ctx, kl("title"), None, "title")
    description = _text(data.get("description"), ctx, kl("description"), None, "description")
    return Schema(name=name, fields=fields, version=version, title=title,
                  description=description, languages=languages, checks=checks,
                  prompt_template=data.get("prompt_template"), options=dict(options),
                  hints=dict(data.get("hints", {}) or {}), source=filename)


def load_schema_text(text: str, filename: str = "<string>") -> Schema:
    """Build a schema from YAML text (e.g. uploaded to the server)."""
    return _schema_from_data(load_yaml(text, filename), filename)


# --------------------------------------------------------------------------------------------- lookup

_extra_dirs: list[Path] = []
_cache: dict[tuple[str, float], Schema] = {}
_lock = threading.Lock()


def _builtin_dir() -> Path:
    return builtin_dir("schemas")


def add_schema_dir(path: str | os.PathLike) -> None:
    """Look for schemas by name in ``path`` too (before the built-ins)."""
    p = Path(path)
    if p not in _extra_dirs:
        _extra_dirs.insert(0, p)


def schema_dirs() -> list[Path]:
    env = [Path(p) for p in os.environ.get("DOCEXTRACT_SCHEMA_PATH", "").split(os.pathsep) if p]
    return [*_extra_dirs, *env, _builtin_dir()]


def list_schemas() -> dict[str, Path]:
    """Every schema name findable by :func:`load_schema`, with its file."""
    out: dict[str, Path] = {}
    for d in reversed(schema_dirs()):
        if d.is_dir():
            for p in sorted(d.glob("*.yaml")):
                out[p.stem] = p
    return dict(sorted(out.items()))


def _load_file(path: Path) -> Schema:
    try:
        mtime = path.stat().st_mtime
        key = (str(path.resolve()), mtime)
    except OSError as exc:
        raise SchemaNotFound(f"cannot read schema file: {exc.strerror}", file=str(path)) from None
    with _lock:
        if key in _cache:
            return _cache[key]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SchemaError("schema file is not UTF-8 text", file=str(path)) from None
    schema = load_schema_text(text, str(path))
    with _lock:
        _cache[key] = schema
    return schema


def load_schema(name_or_path: "str | os.PathLike | Schema") -> Schema:
    """A built-in name (``cn_id_card``), a name in an added folder, a path to a YAML file, or a Schema."""
    if isinstance(name_or_path, Schema):
        return name_or_path
    if not isinstance(name_or_path, (str, os.PathLike)):
        raise SchemaError(f"schema must be a name, a path or a Schema, not {type(name_or_path).__name__}")
    text = os.fspath(name_or_path)
    if text.endswith((".yaml", ".yml")) or os.sep in text or "/" in text:
        path = Path(text)
        if not path.is_file():
            raise SchemaNotFound(f"schema file not found: {text}", file=text)
        return _load_file(path)
    for d in schema_dirs():
        path = d / f"{text}.yaml"
        if path.is_file():
            return _load_file(path)
    known = ", ".join(list_schemas())
    raise SchemaNotFound(f"no schema named {text!r}; available: {known}")
