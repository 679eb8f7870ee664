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

This module finds schemas by name or path (built-ins, added folders, ``DOCEXTRACT_SCHEMA_PATH``) and
caches them per file; the parts live beside it: :mod:`docextract.schema_spec` (``FieldSpec``,
``CheckSpec``, ``Schema``), :mod:`docextract.schema_load` (YAML text to a checked ``Schema``) and
:mod:`docextract.schema_parts` (options, check rules, ``identify:``). Every public name is importable
from here.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from .errors import SchemaError, SchemaNotFound
from .fieldtypes import FIELD_TYPES
from .paths import builtin_dir
from .schema_load import load_schema_text
from .schema_parts import OPTION_KEYS as _OPTION_KEYS  # noqa: F401 - the option names, for tests
from .schema_spec import CheckSpec, FieldSpec, Schema, field_options

__all__ = [
    "FIELD_TYPES", "FieldSpec", "CheckSpec", "Schema", "field_options", "load_schema", "load_schema_text",
    "list_schemas", "add_schema_dir", "schema_dirs",
]

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

