"""A :class:`~docextract.schema_spec.Schema` from YAML text, checked whole at load: keys, types,
labels, enum values, identifier formats, patterns, options, layout hints, ``identify:``, check
rules — each problem a :class:`~docextract.errors.SchemaError` naming file, line and field.

>>> s = load_schema_text("name: t\\nfields:\\n  - {name: total, type: amount, labels: {en: Total}}\\n")
>>> s.name, s.field("total").label("en")
('t', 'Total')
>>> load_schema_text("name: t\\nfields:\\n  - {name: a, type: text, values: [x]}\\n", "t.yaml")
Traceback (most recent call last):
...
docextract.errors.SchemaError: t.yaml, line 3, field 'a': 'values' is only for enum fields
"""

from __future__ import annotations

import re
from typing import Any

from .errors import SchemaError
from .fieldtypes import FIELD_TYPES
from .schema_parts import Ctx, check_options, parse_check, parse_identify, plain_text, str_tuple
from .schema_spec import FieldSpec, Schema
from .yamlload import LineDict, load_yaml

__all__ = ["load_schema_text"]

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELD_KEYS = {"name", "type", "labels", "description", "required", "pattern", "values", "checks", "options",
               "hints", "fields", "format"}
_SCHEMA_KEYS = {"name", "version", "title", "description", "languages", "fields", "checks", "prompt_template",
                "options", "hints", "identify"}
#: layout hints that name another field of the schema
_FIELD_REFS = ("near", "from_id", "range_of")


def _check_hints(spec: "FieldSpec", ctx: Ctx, line: int | None) -> "FieldSpec":
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


def _schema_hints(raw: Any, ctx: Ctx, line: int | None) -> dict:
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



def _parse_field(raw: Any, ctx: Ctx, line: int | None, seen: set[str], prefix: str = "") -> FieldSpec:
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
        labels[str(lang)] = str_tuple(value, ctx, kl("labels"), qual, f"labels.{lang}")

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
            alias_t = () if aliases in (None, []) else str_tuple(aliases, ctx, kl("values"), qual, f"values.{canon}")
            for alias in (canon, *alias_t):
                key = alias.strip().casefold()
                if key in alias_owner and alias_owner[key] != canon:
                    raise ctx.error(f"enum alias {alias!r} is given for both {alias_owner[key]!r} and {canon!r}",
                                    kl("values"), qual)
                alias_owner[key] = canon
            values[canon] = alias_t
    elif "values" in raw:
        raise ctx.error("'values' is only for enum fields", kl("values"), qual)

    checks = str_tuple(raw.get("checks", []), ctx, kl("checks"), qual, "checks")
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

    options = check_options(raw.get("options", {}) or {}, ctx, kl("options"), qual)
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
    description = plain_text(raw.get("description"), ctx, kl("description"), qual, "description")
    return _check_hints(FieldSpec(name=name, type=ftype, labels=labels, description=description, required=required,
                                  pattern=None if pattern is None else str(pattern), values=values, checks=checks,
                                  options=dict(options), hints=dict(hints), fields=subfields,
                                  line=line), ctx, kl("hints"))



def _schema_from_data(data: Any, filename: str) -> Schema:
    ctx = Ctx(filename)
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
    checks = tuple(parse_check(c, ctx, ln, names) for c, ln in zip(raw_checks, clines))
    languages = str_tuple(data.get("languages", ["zh", "en"]), ctx, kl("languages"), None, "languages")
    options = check_options(data.get("options", {}) or {}, ctx, kl("options"), None, "schema options")
    identify = parse_identify(data.get("identify"), ctx, kl("identify"))
    version = plain_text(data.get("version", "1"), ctx, kl("version"), None, "version") or "1"
    title = plain_text(data.get("title"), ctx, kl("title"), None, "title")
    description = plain_text(data.get("description"), ctx, kl("description"), None, "description")
    return Schema(name=name, fields=fields, identify=identify, version=version, title=title,
                  description=description, languages=languages, checks=checks,
                  prompt_template=data.get("prompt_template"), options=dict(options),
                  hints=_schema_hints(data.get("hints"), ctx, kl("hints")), source=filename)



def load_schema_text(text: str, filename: str = "<string>") -> Schema:
    """Build a schema from YAML text (e.g. uploaded to the server)."""
    return _schema_from_data(load_yaml(text, filename), filename)


