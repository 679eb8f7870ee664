"""A small client for a running docextract server (local or Function Compute), with retries.

Retried: connection errors, timeouts, 429, 502, 503 and 504, with exponential backoff and jitter (0.5 s doubling
up to 30 s; at least the server's ``Retry-After``); 8 retries wait about 90 s in all. Other errors raise
the server's own error class (:class:`~docextract.errors.SchemaNotFound` for a 404 ``schema_not_found``
...).

>>> Client("http://127.0.0.1:9000").url("/extract")
'http://127.0.0.1:9000/extract'
>>> Client("http://fc.example.com/extract").url("/extract")
'http://fc.example.com/extract'
>>> _error_from(404, {"error": {"code": "schema_not_found", "message": "no schema named 'x'"}})
SchemaNotFound("no schema named 'x'")
"""

from __future__ import annotations

import os
import random
import threading
import time
from pathlib import Path
from typing import Any

from .. import errors as _errors
from ..errors import DocextractError, EngineError

__all__ = ["Client", "RETRY_STATUSES"]

RETRY_STATUSES = frozenset({429, 502, 503, 504})


def _error_from(status: int, body: Any) -> DocextractError:
    err = body.get("error") if isinstance(body, dict) else None
    code = err.get("code") if isinstance(err, dict) else None
    message = err.get("message") if isinstance(err, dict) else None
    for name in _errors.__all__:
        cls = getattr(_errors, name)
        if isinstance(cls, type) and issubclass(cls, DocextractError) and cls.code == code:
            return cls(message)
    exc = EngineError(message or f"the server answered HTTP {status}")
    exc.code = code or "http_error"
    return exc


class Client:
    """``Client(endpoint).extract_file(path, schema)`` → the Result JSON; safe to share between threads."""

    def __init__(self, endpoint: str, *, token: str | None = None, timeout: float = 600.0, max_retries: int = 8,
                 backoff: float = 0.5, max_backoff: float = 30.0) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._local = threading.local()

    def url(self, path: str) -> str:
        for known in ("/extract", "/ocr", "/invoke"):
            if self.endpoint.endswith(known):
                return self.endpoint[: -len(known)] + path
        return self.endpoint + path

    def _http(self):
        client = getattr(self._local, "client", None)
        if client is None:
            import httpx

            headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
            client = self._local.client = httpx.Client(timeout=self.timeout, headers=headers, trust_env=False)
        return client

    def post(self, path: str, **kwargs: Any) -> dict:
        """POST with retries; the JSON answer, or the server's error raised."""
        import httpx

        last: DocextractError | None = None
        for attempt in range(self.max_retries + 1):
            wait = min(self.max_backoff, self.backoff * 2 ** attempt) * (0.5 + random.random())
            try:
                resp = self._http().post(self.url(path), **kwargs)
            except httpx.HTTPError as exc:
                last = EngineError(f"cannot reach {self.url(path)}: {type(exc).__name__}: {exc}")
                last.code = "connection_error"
            else:
                try:
                    body = resp.json()
                except ValueError:
                    body = None
                if resp.status_code == 200 and isinstance(body, dict):
                    return body
                last = _error_from(resp.status_code, body)
                if resp.status_code not in RETRY_STATUSES:
                    raise last
                retry_after = resp.headers.get("retry-after", "")
                if retry_after.isdigit():  # the server's hint is a floor, the backoff still grows
                    wait = max(wait, min(self.max_backoff, float(retry_after)) * (0.8 + 0.4 * random.random()))
            if attempt < self.max_retries:
                time.sleep(wait)
        raise last  # type: ignore[misc]

    def extract_file(self, path: str | os.PathLike, schema: str, **options: Any) -> dict:
        data = Path(path).read_bytes()
        return self.post("/extract", files={"image": (Path(path).name, data)}, data={"schema": schema, **options})

    def ocr_bytes(self, data: bytes, prompt: str, filename: str = "input.jpg") -> str:
        return self.post("/ocr", files={"image": (filename, data, "image/jpeg")}, data={"prompt": prompt})["text"]
