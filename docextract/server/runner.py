"""``serve()``: run the app under uvicorn, as the container does (``docextract serve``).

The port comes from ``--port``, else ``$FC_CUSTOM_LISTEN_PORT``, else 9000; the server binds first
and loads the model in FC's Initializer hook (or the first request), so it always opens its port
well inside FC's 120 s.

>>> Settings.from_env({"FC_CUSTOM_LISTEN_PORT": "9001"}, host="0.0.0.0", port=None).port  # --port not given
9001
>>> Settings.from_env({"FC_CUSTOM_LISTEN_PORT": "9001"}, port=8080).port  # --port wins
8080
"""

from __future__ import annotations

import json
from typing import Any

from .settings import Settings

__all__ = ["serve", "json_errors_protocol", "uvicorn_options"]


def json_errors_protocol():
    """uvicorn's HTTP protocol, answering requests it cannot parse (a malformed ``Content-Length``,
    a broken request line) with our JSON error body instead of plain text."""
    from uvicorn.protocols.http.auto import AutoHTTPProtocol

    class JsonErrorsProtocol(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
        def send_400_response(self, msg: str) -> None:
            body = json.dumps({"error": {"code": "bad_request", "message": f"malformed HTTP request: {msg}"}}).encode()
            head = (b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nx-fc-status: 404\r\n"
                    b"connection: close\r\ncontent-length: " + str(len(body)).encode() + b"\r\n\r\n")
            self.transport.write(head + body)
            self.transport.close()

    return JsonErrorsProtocol


def serve(host: str | None = "0.0.0.0", port: int | None = None, engine: str | None = None, *,
          warmup: bool | None = None, log_level: str = "warning", **overrides: Any) -> None:
    """Serve until SIGTERM/SIGINT; keyword overrides are :class:`Settings` fields (``max_concurrency=2``)."""
    import uvicorn

    from .app import create_app

    settings = Settings.from_env(host=host, port=port, engine=engine, warmup=warmup, **overrides)
    uvicorn.run(create_app(settings), **uvicorn_options(settings, log_level))


def uvicorn_options(settings: Settings, log_level: str = "warning") -> dict[str, Any]:
    """uvicorn's settings for docextract's server, plain or in front of vLLM (``docextract.supervisor``)."""
    return dict(host=settings.host, port=settings.port, log_level=log_level, access_log=False,
                http=json_errors_protocol(), timeout_graceful_shutdown=int(settings.prestop_timeout),
                timeout_keep_alive=75, server_header=False, date_header=False)
