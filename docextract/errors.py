"""The one exception tree of docextract.

Every error a user can meet is a class with a default message, so callers can catch as broadly
or as narrowly as they need::

    DocextractError
     ├── SchemaError            malformed or unknown schema (file, line, field)
     │    └── SchemaNotFound    no built-in or file of that name
     ├── PromptError            a prompt template is missing or fails to render
     ├── InputError             unreadable image / PDF / bytes, or an unusable option value
     │    ├── ImageTooLarge     too many pixels or bytes (decompression bombs)
     │    └── UnrecognizedDocument  schema="auto": the page fits none of the schemas
     ├── EngineError            anything raised by an OCR engine, translated at its boundary
     │    ├── EngineUnavailable package, weights, GPU or server missing
     │    ├── UnsupportedTask   the engine cannot honour this prompt / task
     │    └── EngineTimeout     the engine did not answer in time
     ├── OutputParseError       model text that cannot be parsed
     ├── OutputError            results that cannot be written (disk full, read-only)
     └── FieldError             a value that cannot be normalised (also a ValueError)
          ├── InvalidFormat
          ├── InvalidLength
          ├── InvalidChecksum
          └── InvalidComponent

The CLI maps these to exit codes (:data:`EXIT_CODES`), the HTTP server to statuses
(:data:`HTTP_STATUS`); both look up the most specific class first.

>>> try:
...     raise InvalidChecksum(field="id_number")
... except FieldError as exc:
...     print(exc)
id_number: the number's checksum does not match
>>> str(SchemaError("unknown type 'txt'", file="a.yaml", line=4, field="name"))
"a.yaml, line 4, field 'name': unknown type 'txt'"
>>> exit_code(SchemaNotFound())
3
"""

from __future__ import annotations

__all__ = [
    "DocextractError",
    "SchemaError",
    "SchemaNotFound",
    "PromptError",
    "InputError",
    "ImageTooLarge",
    "UnrecognizedDocument",
    "EngineError",
    "EngineUnavailable",
    "UnsupportedTask",
    "EngineTimeout",
    "OutputParseError",
    "OutputError",
    "FieldError",
    "InvalidFormat",
    "InvalidLength",
    "InvalidChecksum",
    "InvalidComponent",
    "EXIT_CODES",
    "HTTP_STATUS",
    "exit_code",
    "http_status",
]


class DocextractError(Exception):
    """Base of every docextract error."""

    message = "docextract failed"
    #: short machine-readable code used in JSON error bodies
    code = "docextract_error"

    def __init__(self, message: str | None = None, **context: object) -> None:
        self.message = message or type(self).message
        self.context = {k: v for k, v in context.items() if v is not None}
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict:
        """JSON-ready ``{"code", "message"}`` (plus context such as file, line, field)."""
        out: dict = {"code": self.code, "message": str(self)}
        out.update({k: v for k, v in self.context.items() if isinstance(v, (str, int, float))})
        return out


class SchemaError(DocextractError):
    """A schema file or object is malformed; names the file, the line and the field."""

    message = "invalid schema"
    code = "schema_error"

    def __init__(self, message: str | None = None, *, file: str | None = None, line: int | None = None,
                 field: str | None = None, **context: object) -> None:
        super().__init__(message, file=file, line=line, field=field, **context)
        self.file, self.line, self.field = file, line, field

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.line:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class SchemaNotFound(SchemaError):
    message = "no such schema"
    code = "schema_not_found"


class PromptError(DocextractError):
    message = "the prompt template could not be rendered"
    code = "prompt_error"


class InputError(DocextractError):
    """The input document (or an option) cannot be used."""

    message = "the input could not be read as an image or PDF"
    code = "bad_input"


class ImageTooLarge(InputError):
    message = "the input is too large"
    code = "too_large"


class UnrecognizedDocument(InputError):
    """``schema="auto"`` found no schema the page fits; ``scores`` holds each candidate's score."""

    message = "the document type could not be recognised"
    code = "unrecognized_document"

    def __init__(self, message: str | None = None, *, scores: dict[str, float] | None = None,
                 **context: object) -> None:
        super().__init__(message, **context)
        self.scores = dict(scores or {})

    def to_dict(self) -> dict:
        return {**super().to_dict(), "scores": self.scores}


class EngineError(DocextractError):
    message = "the OCR engine failed"
    code = "engine_error"


class EngineUnavailable(EngineError):
    message = "the OCR engine is not available"
    code = "engine_unavailable"


class UnsupportedTask(EngineError):
    message = "this engine cannot do that task"
    code = "unsupported_task"


class EngineTimeout(EngineError):
    message = "the OCR engine did not answer in time"
    code = "engine_timeout"


class OutputParseError(DocextractError):
    message = "the model output could not be parsed"
    code = "output_parse_error"


class OutputError(DocextractError):
    """Results cannot be written (the disk is full, the file is read-only)."""

    message = "the results cannot be written"
    code = "output_error"


class FieldError(DocextractError, ValueError):
    """A value that cannot be normalised; ``field`` names it when known."""

    message = "the value is not valid"
    code = "field_error"

    def __init__(self, message: str | None = None, *, field: str | None = None, value: object = None,
                 **context: object) -> None:
        super().__init__(message, field=field, **context)
        self.field, self.value = field, value

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class InvalidFormat(FieldError):
    message = "the value has an invalid format"
    code = "invalid_format"


class InvalidLength(FieldError):
    message = "the value has an invalid length"
    code = "invalid_length"


class InvalidChecksum(FieldError):
    message = "the number's checksum does not match"
    code = "invalid_checksum"


class InvalidComponent(FieldError):
    message = "one of the parts of the value is not valid"
    code = "invalid_component"


#: CLI exit codes; 1 is left for unexpected crashes, 2 for usage errors (argparse).
EXIT_CODES: dict[type[DocextractError], int] = {
    SchemaError: 3,
    PromptError: 3,
    InputError: 4,
    EngineError: 5,
    EngineUnavailable: 6,
    EngineTimeout: 7,
    UnsupportedTask: 8,
    OutputParseError: 9,
    FieldError: 10,
    OutputError: 11,
    DocextractError: 1,
}

#: HTTP statuses used by the server.
HTTP_STATUS: dict[type[DocextractError], int] = {
    SchemaNotFound: 404,
    SchemaError: 422,
    PromptError: 422,
    ImageTooLarge: 413,
    UnrecognizedDocument: 422,
    InputError: 400,
    UnsupportedTask: 422,
    EngineTimeout: 504,
    EngineUnavailable: 503,
    EngineError: 502,
    OutputParseError: 502,
    FieldError: 422,
    OutputError: 507,
    DocextractError: 500,
}


def _lookup(table: dict[type[DocextractError], int], exc: BaseException, default: int) -> int:
    for cls in type(exc).__mro__:
        if cls in table:
            return table[cls]
    return default


def exit_code(exc: BaseException) -> int:
    """The CLI exit code for an exception (1 for anything that is not a DocextractError)."""
    return _lookup(EXIT_CODES, exc, 1)


def http_status(exc: BaseException) -> int:
    """The HTTP status for an exception (500 for anything that is not a DocextractError)."""
    return _lookup(HTTP_STATUS, exc, 500)
