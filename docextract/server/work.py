"""What a request asks for, checked before it takes an engine slot, and the engine work itself.

The ``run_*`` functions are synchronous: the app runs them in its thread pool.

>>> from docextract.server.settings import Settings
>>> opts = request_options(Settings(engine="scripted"), {"language": "en", "boxes": "false"})
>>> opts.language, opts.boxes, opts.engine
('en', False, 'scripted')
>>> request_options(Settings(), {"model": "/etc"})
Traceback (most recent call last):
...
docextract.errors.InputError: option 'model' cannot be set per request; allowed: abstain, amount_tolerance, ...
>>> request_options(Settings(max_pages=5), {"max_pages": "50"})
Traceback (most recent call last):
...
docextract.errors.InputError: option max_pages=50 is over this server's ceiling of 5 (DOCEXTRACT_MAX_PAGES)
>>> schema_request("../../etc/passwd", None)
Traceback (most recent call last):
...
docextract.errors.SchemaNotFound: schema must be a built-in name (letters, digits, '_' and '-'), not '../../etc/passwd'
>>> schema_request("receipt", None)().name
'receipt'
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from ..errors import InputError, PromptError, SchemaError, SchemaNotFound
from .errors import MissingField
from .fc import decode_image_base64
from .settings import CEILINGS, ENV, REQUEST_OPTIONS

__all__ = ["MissingField", "request_options", "schema_request", "resolve_schema", "read_upload", "check_images",
           "run_extract", "run_ocr", "describe_result", "MAX_SCHEMA_YAML"]

_SCHEMA_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_\-]{0,99}$")
#: a schema uploaded as YAML text may be at most this long
MAX_SCHEMA_YAML = 256 * 1024


def request_options(settings, values: dict[str, Any]):
    """The server's base options with the per-request ones in ``values`` (only :data:`REQUEST_OPTIONS`),
    every value checked here, before any engine work; a request may lower a server ceiling, never raise it."""
    from ..options import ExtractOptions

    overrides = {}
    for name, value in values.items():
        if name not in REQUEST_OPTIONS:
            allowed = ", ".join(sorted(REQUEST_OPTIONS))
            raise InputError(f"option {name!r} cannot be set per request; allowed: {allowed}", field=name)
        if isinstance(value, str) and value.strip() == "":
            continue
        overrides[name] = value
    opts = ExtractOptions.build(settings.base_options(), **overrides)
    for name, setting in CEILINGS.items():
        ceiling = getattr(settings, setting)
        if name in overrides and getattr(opts, name) > ceiling:
            var = next(k for k, v in ENV.items() if v == setting)
            raise InputError(f"option {name}={getattr(opts, name)} is over this server's ceiling of {ceiling} ({var})",
                             field=name)
    return opts


def resolve_schema(name: Any, yaml_text: Any):
    """The schema a request asks for, built now (see :func:`schema_request`)."""
    return schema_request(name, yaml_text)()


def schema_request(name: Any, yaml_text: Any) -> Callable[[], Any]:
    """Check what a request asks for (cheap, on the event loop) and return the function that builds the
    schema: a built-in one by ``name`` (never a path), or one from uploaded ``yaml_text`` (run it in a
    worker thread, under the limiter)."""
    if name not in (None, "") and yaml_text not in (None, ""):
        raise InputError("give either schema (a built-in name) or schema_yaml, not both")
    if yaml_text not in (None, ""):
        if isinstance(yaml_text, (bytes, bytearray)):
            try:
                yaml_text = bytes(yaml_text).decode("utf-8")
            except UnicodeDecodeError:
                raise InputError("schema_yaml is not UTF-8 text", field="schema_yaml") from None
        if not isinstance(yaml_text, str):
            raise InputError("schema_yaml must be YAML text", field="schema_yaml")
        if len(yaml_text) > MAX_SCHEMA_YAML:
            raise InputError(f"schema_yaml is longer than {MAX_SCHEMA_YAML:,} characters", field="schema_yaml")
        return lambda: _uploaded_schema(yaml_text)
    if name in (None, ""):
        raise MissingField("send schema (a built-in name) or schema_yaml", field="schema")
    if name == "auto":  # None: recognise the document type among the schemas (docextract.doctype)
        return lambda: None
    if not isinstance(name, str) or not _SCHEMA_NAME.match(name) or name.endswith((".yaml", ".yml")):
        raise SchemaNotFound(f"schema must be a built-in name (letters, digits, '_' and '-'), not {str(name)[:100]!r}")
    from ..schema import load_schema

    return lambda: load_schema(name)


def _uploaded_schema(yaml_text: str):
    """A schema from uploaded YAML (aliases refused, see :mod:`docextract.yamlload`); its prompt template
    must be one this server has, and the error never says where the templates live."""
    from ..schema import load_schema_text

    schema = load_schema_text(yaml_text, "schema_yaml")
    if schema.prompt_template is not None:
        try:
            schema.render_prompt("extract", "zh")
        except PromptError:
            raise SchemaError(f"prompt_template {str(schema.prompt_template)[:100]!r} is not a prompt template of "
                              "this server", file="schema_yaml", field="prompt_template") from None
    return schema


async def read_upload(request) -> tuple[list[bytes], dict[str, Any]]:
    """Images (form field ``image``, repeatable) and the other form fields, or the same from a JSON body."""
    ctype = request.headers.get("content-type", "").lower()
    if ctype.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        try:
            form = await request.form(max_files=64, max_fields=64, max_part_size=1024 * 1024)
        except Exception as exc:  # noqa: BLE001 - request boundary: starlette's HTTPException / MultiPartException on malformed bodies become InputError
            detail = getattr(exc, "detail", None) or getattr(exc, "message", None) or type(exc).__name__
            raise InputError(f"the form body cannot be parsed: {detail}") from None
        images, values = [], {}
        for key, value in form.multi_items():
            if key == "image":
                if isinstance(value, str):
                    raise InputError("form field 'image' must be a file part (filename and bytes), not text",
                                     field="image")
                images.append(await value.read())
            else:
                values[key] = await value.read() if hasattr(value, "read") else value
        return images, values
    if ctype.startswith("application/json"):
        try:
            data = json.loads(await request.body())
        except (ValueError, RecursionError):
            raise InputError("the JSON body cannot be parsed") from None
        if not isinstance(data, dict):
            raise InputError("the JSON body must be an object")
        raw = data.pop("image_base64", None)
        raw = raw if isinstance(raw, list) else [] if raw is None else [raw]
        return [decode_image_base64(x) for x in raw], data
    raise InputError(f"send multipart/form-data with a file field 'image' (got content-type {ctype[:60]!r})")


def check_images(images: list[bytes]) -> None:
    if not images:
        raise MissingField("send the document as a multipart file field 'image'", field="image")
    for i, data in enumerate(images):
        if not data:
            raise InputError(f"image {i + 1} is empty (0 bytes)", field="image")


def sha256s(images: list[bytes]) -> list[str]:
    return [hashlib.sha256(b).hexdigest() for b in images]


def run_ocr(images: list[bytes], prompt: str, options) -> dict:
    """``{"text": ...}``: the engine's answer to any prompt (``docextract.run_prompt``)."""
    from ..api import run_prompt

    source = images[0] if len(images) == 1 else images
    out = run_prompt(source, prompt, options.engine, options=options)
    return {"text": out.text, "_meta": {"engine": out.engine, "model": out.model, "revision": out.revision,
                                        "text_chars": len(out.text or "")}}


def run_extract(images: list[bytes], schema, options) -> dict:
    """The Result JSON of ``docextract.extract`` (several images are pages/sides of one document);
    ``schema`` may be a function that builds it (it then runs here, in the worker thread)."""
    from ..api import extract

    if callable(schema):
        schema = schema()
    source = images[0] if len(images) == 1 else images
    return extract(source, schema=schema, engine=options.engine, options=options).to_dict()


def describe_result(result: dict) -> dict:
    """What the request log keeps of a Result: engine, revision, field statuses and masked values."""
    from .logging import mask_fields

    fields = result.get("fields") or {}
    return {
        "engine": result.get("engine"), "model": result.get("model"), "revision": result.get("revision"),
        "ok": result.get("ok"),
        "fields": {k: (v or {}).get("status") for k, v in fields.items()},
        "values": mask_fields({k: (v or {}).get("raw") for k, v in fields.items()}),
        "failed_checks": [c.get("code") for c in result.get("checks") or [] if c.get("status") == "fail"][:20],
    }
