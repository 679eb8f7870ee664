"""The server's own errors and the one function that turns any error into a JSON response.

This module sits below every other server module (it imports only :mod:`docextract.errors`), so
the gate, the routes, the event parser and the limiter share it without importing each other.

Error messages never show where docextract is installed: :func:`scrub_paths` replaces the
package's folder and the interpreter's prefixes with ``<install>``.

>>> Unauthorized().to_dict()
{'code': 'unauthorized', 'message': 'missing or wrong bearer token (Authorization: Bearer <token>)'}
>>> status_of(BodyTimeout()), status_of(Busy()), status_of(MissingField(field="image"))
(408, 503, 422)
>>> import docextract.errors as e, os
>>> scrub_paths("no template in " + os.path.dirname(e.__file__) + "/x.j2")
'no template in <install>/docextract/x.j2'
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import DocextractError, FieldError, InputError, http_status

__all__ = ["MissingField", "Unauthorized", "Forbidden", "Busy", "Draining", "BodyTimeout", "error_response",
           "error_body", "status_of", "scrub_paths"]


class MissingField(FieldError):
    """A required form field or event key is absent (HTTP 422)."""

    message = "this field is required"
    code = "missing_field"


class Unauthorized(DocextractError):
    """No bearer token, or the wrong one (HTTP 401 with ``WWW-Authenticate: Bearer``)."""

    message = "missing or wrong bearer token (Authorization: Bearer <token>)"
    code = "unauthorized"
    status = 401


class Forbidden(DocextractError):
    """A lifecycle hook called from where it does not belong (HTTP 403)."""

    message = "this path is reserved for Function Compute's lifecycle hooks"
    code = "forbidden"
    status = 403


class Busy(DocextractError):
    """Every slot is taken and the queue is full: 503 with ``Retry-After``."""

    message = "the server is busy; retry later"
    code = "busy"
    status = 503

    def __init__(self, message: str | None = None, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Draining(Busy):
    """The server is stopping (after ``/pre-stop``): 503."""

    message = "the server is shutting down and takes no new work"
    code = "shutting_down"


class BodyTimeout(InputError):
    """The request body did not arrive in time (HTTP 408)."""

    message = "the request body did not arrive in time"
    code = "body_timeout"
    status = 408


def status_of(exc: BaseException) -> int:
    """The HTTP status of an error: the class's own ``status``, else the table in :mod:`docextract.errors`."""
    status = getattr(type(exc), "status", None)
    return status if isinstance(status, int) else http_status(exc)


def _install_roots() -> list[str]:
    roots = {str(Path(__file__).resolve().parent.parent.parent), sys.prefix, sys.base_prefix, sys.exec_prefix}
    roots |= {os.path.realpath(r) for r in roots}
    return sorted((r for r in roots if r and r != os.sep), key=len, reverse=True)


_ROOTS = _install_roots()


def scrub_paths(text: str) -> str:
    """``text`` with the installation's folders replaced by ``<install>``."""
    for root in _ROOTS:
        text = text.replace(root, "<install>")
    return text


def _scrub(value):
    return scrub_paths(value) if isinstance(value, str) else value


def error_body(exc: BaseException) -> dict:
    """``{"code", "message", ...}`` of an error, paths scrubbed (a crash says only "internal server error")."""
    if isinstance(exc, DocextractError):
        return {k: _scrub(v) for k, v in exc.to_dict().items()}
    return {"code": "internal_error", "message": "internal server error"}


def error_response(exc: BaseException, status: int | None = None, headers: dict | None = None):
    """``{"error": {"code", "message", ...}}`` with the error's status (500 for a crash), paths scrubbed."""
    from starlette.responses import JSONResponse

    body = error_body(exc)
    status = status or (status_of(exc) if isinstance(exc, DocextractError) else 500)
    headers = dict(headers or {})
    if isinstance(getattr(exc, "retry_after", None), int):  # busy, or e.g. the vLLM server down or restarting
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, Unauthorized):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, BodyTimeout):  # the rest of the body may still come: do not read it as a request
        headers["Connection"] = "close"
    return JSONResponse({"error": body}, status_code=status, headers=headers)
