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
from .fieldtypes import FIELD_TYPES
from .paths import builtin_dir
from .yamlload import LineDict, load_yaml

__all__ = [
    "FIELD_TYPES", "FieldSpec", "CheckSpec", "Schema", "field_options", "load_schema", "load_schema_text",
    "list_schemas", "add_schema_dir", "schema_dirs",
]

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELD_KEYS = {"name", "type", "labels", "description", "required", "pattern", "values", "checks", "options",
               "hints", "fields", "format"}
_SCHEMA_KEYS = {"name", "version", "title", "description", "languages", "fields", "checks", "prompt_template",
                "options", "hints", "identify"}
#: what a schema may declare under ``identify:`` for ``schema="auto"`` (see docextract.doctype)
_IDENTIFY_KEYS = {"title", "labels", "keywords", "not", "amounts"}
#: layout hints that name another field of the schema
_FIELD_REFS = ("near", "from_id", "range_of")
#: normalisation options a field (or the whole schema) may set, with the kind of value each takes
_OPTION_KINDS: dict[str, Any] = {
    "locale": str, "day_first": bool, "year_first": bool, "default_currency": "currency", "fullwidth": bool,
    "uppercase": bool, "region": str, "no_expiry": list, "not_applicable": list, "strip": bool,
    "collapse_whitespace": bool, "decimals": int}
_OPTION_KEYS = set(_OPTION_KINDS)


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


def _check_options(options: Any, ctx: _Ctx, line: int | None, fname: str | None, what: str = "options") -> dict:
    """Every option key known and its value of the right kind (a locale babel knows, an ISO currency)."""
    if not isinstance(options, dict):
        raise ctx.error(f"{what} must be a mapping", line, fname)
    out: dict[str, Any] = {}
    for key, value in options.items():
        kind = _OPTION_KINDS.get(key)
        if kind is None:
            raise ctx.error(f"unknown option {key!r}; allowed: {', '.join(sorted(_OPTION_KEYS))}", line, fname)
        if value is None:
            continue
        if kind is bool and not isinstance(value, bool):
            raise ctx.error(f"{what}.{key} must be true or false (got {value!r})", line, fname)
        if kind is int and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 12):
            raise ctx.error(f"{what}.{key} must be a whole number from 0 to 12 (got {value!r})", line, fname)
        if kind is list:
            value = list(_str_tuple(value, ctx, line, fname, f"{what}.{key}"))
        if kind in (str, "currency") and (not isinstance(value, str) or not value.strip() or len(value) > 40):
            raise ctx.error(f"{what}.{key} must be a short text (got {value!r})", line, fname)
        if kind == "currency" and not re.fullmatch(r"[A-Za-z]{3}", value):
            raise ctx.error(f"{what}.{key} must be an ISO 4217 code such as USD or CNY (got {value!r})", line, fname)
        if key == "locale":
            try:
                from babel import Locale, UnknownLocaleError

                Locale.parse(value.replace("-", "_"))
            except (UnknownLocaleError, ValueError, TypeError):
                raise ctx.error(f"{what}.locale: unknown locale {value!r} (e.g. en_US, de_DE, zh_CN)",
                                line, fname) from None
            except ImportError:  # babel is a core dependency; without it the value is checked when used
                pass
        out[key] = value
    return out


def _check_hints(spec: "FieldSpec", ctx: _Ctx, line: int | None) -> "FieldSpec":
    """The field's layout hints checked now (names, kinds, lexicons, word lists), not when an engine runs;
    an error names the line of ``hints:``."""
    if not spec.hints:
        return spec
    from .locate.hints import validate_hints

    try:  # hints naming another field are checked against the whole schema in _schema_from_data
        validate_hints(spec, {k: v for k, v in spec.hints.items() if k not in _FIELD_REFS}, file=ctx.filename)
    except SchemaError as exc:
        raise ctx.error(exc.message, line or spec.line, exc.field or spec.name) from None
    return spec


#: layout hints a whole schema may set (a field's own hints override them)
_SCHEMA_HINTS = ("lexicon",)


def _schema_hints(raw: Any, ctx: _Ctx, line: int | None) -> dict:
    """The schema-level ``hints:`` checked like a field's (``lexicon: [us]``)."""
    if raw in (None, {}):
        return {}
    if not isinstance(raw, dict):
        raise ctx.error("hints must be a mapping", line)
    bad = [k for k in raw if k not in _SCHEMA_HINTS]
    if bad:
        raise ctx.error(f"unknown schema-level hint {bad[0]!r}; a schema's hints may set: {', '.join(_SCHEMA_HINTS)} "
                        f"(the others are set per field)", line)
    from .locate.hints import validate_hints

    try:
        return validate_hints(FieldSpec("hints", "text"), raw, file=ctx.filename)
    except SchemaError as exc:
        raise ctx.error(exc.message, line) from None


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

    options = _check_options(raw.get("options", {}) or {}, ctx, kl("options"), qual)
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
    return _check_hints(FieldSpec(name=name, type=ftype, labels=labels, description=description, required=required,
                                  pattern=None if pattern is None else str(pattern), values=values, checks=checks,
                                  options=dict(options), hints=dict(hints), fields=subfields,
                                  line=line), ctx, kl("hints"))


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
        for key in _FIELD_REFS:
            ref = f.hints.get(key)
            if ref is not None and (not isinstance(ref, str) or ref == f.name or ref not in top):
                raise ctx.error(f"hints.{key} must name another field of this schema (got {ref!r})", f.line, f.name)
    raw_checks = data.get("checks", []) or []
    if not isinstance(raw_checks, list):
        raise ctx.error("'checks' must be a list", kl("checks"))
    clines = getattr(raw_checks, "item_lines", [None] * len(raw_checks))
    checks = tuple(_parse_check(c, ctx, ln, names) for c, ln in zip(raw_checks, clines))
    languages = _str_tuple(data.get("languages", ["zh", "en"]), ctx, kl("languages"), None, "languages")
    options = _check_options(data.get("options", {}) or {}, ctx, kl("options"), None, "schema options")
    identify = _parse_identify(data.get("identify"), ctx, kl("identify"))
    version = _text(data.get("version", "1"), ctx, kl("version"), None, "version") or "1"
    title = _text(data.get("title"), ctx, kl("title"), None, "title")
    description = _text(data.get("description"), ctx, kl("description"), None, "description")
    return Schema(name=name, fields=fields, identify=identify, version=version, title=title,
                  description=description, languages=languages, checks=checks,
                  prompt_template=data.get("prompt_template"), options=dict(options),
                  hints=_schema_hints(data.get("hints"), ctx, kl("hints")), source=filename)


def _parse_identify(raw: Any, ctx: _Ctx, line: int | None) -> dict[str, tuple[str, ...]]:
    if raw in (None, {}):
        return {}
    if not isinstance(raw, dict):
        raise ctx.error(f"identify must be a mapping of: {', '.join(sorted(_IDENTIFY_KEYS))}", line)
    bad = set(raw) - _IDENTIFY_KEYS
    if bad:
        raise ctx.error(f"unknown key {sorted(bad, key=str)[0]!r} in identify; allowed: "
                        f"{', '.join(sorted(_IDENTIFY_KEYS))}", line)
    amounts = raw.get("amounts")
    if amounts is not None and (isinstance(amounts, bool) or not isinstance(amounts, int) or not 1 <= amounts <= 100):
        raise ctx.error(f"identify.amounts must be a whole number from 1 to 100 (got {amounts!r})", line)
    return {str(k): (str(v),) if k == "amounts" else _str_tuple(v, ctx, line, None, f"identify.{k}")
            for k, v in raw.items()}


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
