"""The outer ASGI layer: what every request goes through before and after the routes.

- request id from ``x-fc-request-id`` (generated otherwise), FC's ``FC Invoke Start/End RequestId``
  lines (``Initialize`` for the Initializer hook, ``PreStop`` for the PreStop hook), one JSON log line;
- ``x-fc-status: 404`` on every error response (FC counts the call as failed only with it);
- draining: after ``/pre-stop`` new work gets 503;
- bearer-token auth when ``DOCEXTRACT_API_TOKEN`` is set (the health check stays open);
- lifecycle hooks (``/initialize``, ``/pre-stop``) only where they belong: inside FC they are FC's own
  calls and are refused when they come through the public HTTP trigger; elsewhere they answer only
  with the bearer token, or when ``DOCEXTRACT_HOOKS=on`` turns them on, and 403 otherwise;
- the body limit, enforced while the body streams in (a declared ``Content-Length`` over the limit is
  refused before reading anything, a malformed one gets a JSON 400), and a deadline for the whole body
  (``DOCEXTRACT_BODY_TIMEOUT``, 408);
- a crash anywhere becomes a JSON 500 and the server goes on.

>>> Unauthorized().to_dict()
{'code': 'unauthorized', 'message': 'missing or wrong bearer token (Authorization: Bearer <token>)'}
>>> _HOOKS[PRE_STOP_PATH]
'PreStop'
"""

from __future__ import annotations

import asyncio
import hmac
import uuid

from ..errors import DocextractError, ImageTooLarge, InputError
from .errors import BodyTimeout, Draining, Forbidden, Unauthorized, error_response
from .logging import RequestLog, fc_marker
from .settings import HEALTH_PATH, INITIALIZE_PATH, PRE_STOP_PATH

__all__ = ["Gate", "Unauthorized", "Forbidden"]


class _ClientGone(Exception):
    pass


_HOOKS = {INITIALIZE_PATH: "Initialize", PRE_STOP_PATH: "PreStop"}


class Gate:
    """Wraps the FastAPI app (``app``) with the FC contract; ``state`` is the shared ServerState."""

    def __init__(self, app, state) -> None:
        self.app = app
        self.state = state
        self.settings = state.settings

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        path = scope.get("path", "")
        request_id = headers.get("x-fc-request-id") or uuid.uuid4().hex
        quiet = path == HEALTH_PATH
        kind = _HOOKS.get(path, "Invoke")
        log = RequestLog(request_id, scope.get("method", ""), path, qualifier=headers.get("x-fc-qualifier"),
                         version=headers.get("x-fc-version-id"))
        scope.setdefault("state", {})["log"] = log
        sent = {"status": None}

        async def send_wrapped(message) -> None:
            if message["type"] == "http.response.start":
                sent["status"] = message["status"]
                extra = [(b"x-request-id", request_id.encode("latin-1"))]
                if message["status"] >= 400:
                    extra.append((b"x-fc-status", b"404"))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        if not quiet:
            fc_marker(kind, "Start", request_id)
        self.state.in_flight += 1
        try:
            refusal = self._refusal(path, headers)
            if refusal is not None:
                raise refusal
            body = await self._read_body(receive, headers)
            await self.app(scope, _replay(body, receive), send_wrapped)
        except _ClientGone:
            log.error("client_gone", "the client disconnected before sending the whole body")
            sent["status"] = sent["status"] or 499
        except Exception as exc:  # noqa: BLE001 - the server must answer whatever happened
            if sent["status"] is None:
                if isinstance(exc, DocextractError):
                    log.error(exc.code, str(exc))
                else:
                    log.error("internal_error", f"{type(exc).__name__}: {exc}")
                try:
                    await error_response(exc)(scope, receive, send_wrapped)
                except Exception:  # noqa: BLE001 - the client is gone
                    sent["status"] = sent["status"] or 499
        finally:
            self.state.in_flight -= 1
            if not quiet:
                log.emit(sent["status"] or 500)
                fc_marker(kind, "End", request_id)

    def _refusal(self, path: str, headers: dict) -> DocextractError | None:
        if path == HEALTH_PATH:
            return None
        if path in self.state.public_paths:  # the try-it page's own files (see web.install)
            return None
        if path in _HOOKS and self.settings.on_fc:
            # FC marks public HTTP-trigger traffic; hooks only come from the platform itself
            if headers.get("x-fc-control-path") == "/http-invoke":
                return Forbidden()
            return None
        token = self.settings.api_token
        if path in _HOOKS and not token and not self.settings.hooks:
            return Forbidden("lifecycle hooks are off outside Function Compute: set DOCEXTRACT_API_TOKEN (the hooks "
                             "then need the token) or DOCEXTRACT_HOOKS=on")
        if token:
            given = headers.get("authorization", "")
            scheme, _, value = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
                return Unauthorized()
        if self.state.limiter.draining and path != PRE_STOP_PATH:
            return Draining(retry_after=5)
        return None

    async def _read_body(self, receive, headers: dict) -> bytes:
        limit = self.settings.max_body_bytes
        declared = headers.get("content-length", "").strip()
        if declared and not declared.isdigit():
            raise InputError(f"the Content-Length header is not a number of bytes: {declared[:40]!r}")
        if declared.isdigit() and int(declared) > limit:
            raise ImageTooLarge(f"the request body of {int(declared):,} bytes is over the limit of {limit:,} bytes; "
                                "put large documents in OSS and send image_url")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.body_timeout
        chunks, size = [], 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except (asyncio.TimeoutError, TimeoutError):
                raise BodyTimeout(f"the request body did not arrive within {self.settings.body_timeout:g} s "
                                  f"({size:,} bytes came)") from None
            if message["type"] == "http.disconnect":
                raise _ClientGone()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise ImageTooLarge(f"the request body is over the limit of {limit:,} bytes; "
                                    "put large documents in OSS and send image_url")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _replay(body: bytes, receive):
    done = False

    async def replayed():
        nonlocal done
        if not done:
            done = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
