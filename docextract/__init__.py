"""docextract: photos and scans of documents to typed, validated records.

>>> import docextract
>>> r = docextract.validate({"total": "RM 9.00", "date": "25/12/2018"}, schema="receipt")
>>> str(r.record.total), r.record.date.isoformat()
('9.00', '2018-12-25')

Public names are imported lazily, so ``import docextract`` stays fast and never imports torch,
transformers or rapidocr.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_EXPORTS = {
    "extract": "api", "extract_many": "api", "validate": "api", "ocr": "api", "parse": "api",
    "translate": "api", "ask": "api", "run_prompt": "api", "classify": "api",
    "Classification": "doctype", "classify_lines": "doctype", "Document": "document",
    "load_schema": "schema", "load_schema_text": "schema", "list_schemas": "schema", "add_schema_dir": "schema",
    "Schema": "schema", "FieldSpec": "schema",
    "add_prompt_dir": "prompts", "render_prompt": "prompts",
    "ExtractOptions": "options",
    "Result": "result", "FieldResult": "result", "OcrResult": "result", "FieldStatus": "result",
    "CheckStatus": "result",
    "Check": "checks",
    "Code": "codes", "read_codes": "codes", "parse_invoice_qr": "codes",
    "get_engine": "engines", "register_engine": "engines", "BaseEngine": "engines",
    "EngineOutput": "types", "EngineRequest": "types", "Line": "types", "Box": "types", "TokenScore": "types",
    "FieldCandidate": "types",
}
#: every exception class of the tree (docextract.errors), importable from the package
_EXPORTS.update({name: "errors" for name in (
    "DocextractError", "SchemaError", "SchemaNotFound", "PromptError", "InputError", "ImageTooLarge",
    "UnrecognizedDocument", "EngineError", "EngineUnavailable", "UnsupportedTask", "EngineTimeout",
    "OutputParseError", "OutputError", "FieldError", "InvalidFormat", "InvalidLength", "InvalidChecksum",
    "InvalidComponent")})

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'docextract' has no attribute {name!r}")
    module = importlib.import_module(f".{_EXPORTS[name]}", __name__)
    value = getattr(module, "register" if name == "register_engine" else name)
    globals()[name] = value
    return value


def __dir__():
    return __all__


if TYPE_CHECKING:  # pragma: no cover
    from .api import ask, extract, extract_many, ocr, parse, run_prompt, translate, validate  # noqa: F401
    from .options import ExtractOptions  # noqa: F401
    from .result import FieldResult, OcrResult, Result  # noqa: F401
    from .schema import Schema, load_schema  # noqa: F401
