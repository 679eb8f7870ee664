"""Server settings, read from environment variables (the names are the contract with ``deploy/fc``).

Everything the deployment files refer to (port, hook paths, health path, variable names) is a
constant here, and ``tests/test_deploy_files.py`` checks the Dockerfile and ``s.yaml`` against it.

>>> s = Settings.from_env({"FC_CUSTOM_LISTEN_PORT": "9100", "DOCEXTRACT_MAX_CONCURRENCY": "2"})
>>> s.port, s.max_concurrency, s.max_body_bytes
(9100, 2, 33554432)
>>> Settings.from_env({}).port
9000
>>> Settings.from_env({"DOCEXTRACT_URL_ALLOW_HOSTS": "oss.example.com, .bucket.example.com"}).url_allow_hosts
('oss.example.com', '.bucket.example.com')
>>> Settings.from_env({"DOCEXTRACT_MAX_CONCURRENCY": "lots"})
Traceback (most recent call last):
...
docextract.errors.InputError: environment variable DOCEXTRACT_MAX_CONCURRENCY='lots' is not a valid int
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from ..errors import InputError

__all__ = [
    "Settings", "DEFAULT_PORT", "PORT_ENV", "HEALTH_PATH", "INITIALIZE_PATH", "PRE_STOP_PATH", "INVOKE_PATH",
    "OCR_PATH", "EXTRACT_PATH", "ENV", "FC_MAX_SYNC_BODY", "REQUEST_OPTIONS", "SERVE_COMMAND", "CEILINGS", "env_value",
]

#: FC's default CAPort; FC tells the container its port in ``FC_CUSTOM_LISTEN_PORT``.
DEFAULT_PORT = 9000
PORT_ENV = "FC_CUSTOM_LISTEN_PORT"
#: paths fixed by Function Compute (hooks, event invocations) and ours (health, business routes)
INITIALIZE_PATH = "/initialize"
PRE_STOP_PATH = "/pre-stop"
INVOKE_PATH = "/invoke"
HEALTH_PATH = "/healthz"
OCR_PATH = "/ocr"
EXTRACT_PATH = "/extract"
#: FC's synchronous request-body limit
FC_MAX_SYNC_BODY = 32 * 1024 * 1024
#: the container command (``deploy/fc/Dockerfile`` CMD must be this plus host and port)
SERVE_COMMAND = ("docextract", "serve")

#: environment variable -> Settings attribute
ENV: dict[str, str] = {
    "DOCEXTRACT_ENGINE": "engine",
    "DOCEXTRACT_MODEL": "model",
    "DOCEXTRACT_MODEL_REVISION": "revision",
    "DOCEXTRACT_VLLM_URL": "base_url",
    "DOCEXTRACT_ENGINE_OPTIONS": "engine_options",
    "DOCEXTRACT_API_TOKEN": "api_token",
    "DOCEXTRACT_WEB": "web",
    "DOCEXTRACT_MAX_BODY_BYTES": "max_body_bytes",
    "DOCEXTRACT_MAX_INPUT_PIXELS": "max_input_pixels",
    "DOCEXTRACT_MAX_CONCURRENCY": "max_concurrency",
    "DOCEXTRACT_MAX_QUEUE": "max_queue",
    "DOCEXTRACT_QUEUE_TIMEOUT": "queue_timeout",
    "DOCEXTRACT_REQUEST_TIMEOUT": "request_timeout",
    "DOCEXTRACT_PRESTOP_TIMEOUT": "prestop_timeout",
    "DOCEXTRACT_URL_ALLOW_HOSTS": "url_allow_hosts",
    "DOCEXTRACT_URL_MAX_BYTES": "url_max_bytes",
    "DOCEXTRACT_URL_TIMEOUT": "url_timeout",
    "DOCEXTRACT_WARMUP": "warmup",
    "DOCEXTRACT_MAX_PAGES": "max_pages",
    "DOCEXTRACT_MAX_DPI": "max_dpi",
    "DOCEXTRACT_MAX_EVENTS": "max_events",
    "DOCEXTRACT_MAX_NEW_TOKENS": "max_new_tokens",
    "DOCEXTRACT_BODY_TIMEOUT": "body_timeout",
    "DOCEXTRACT_HOOKS": "hooks",
}

#: server ceilings on request options: a request may ask for less, never for more
CEILINGS = {"max_pages": "max_pages", "pdf_dpi": "max_dpi", "max_new_tokens": "max_new_tokens"}

#: ExtractOptions a request may set (form fields of /extract, keys of an /invoke event). Engine, model,
#: URLs, keys and pixel limits stay under the operator's control.
REQUEST_OPTIONS = frozenset({"language", "boxes", "day_first", "locale", "default_currency", "amount_tolerance",
                             "today", "pdf_dpi", "max_pages", "max_new_tokens",
                             "codes", "grounding", "abstain"})


@dataclass(frozen=True)
class Settings:
    """What the server does; build with :meth:`from_env` (environment) plus keyword overrides."""

    host: str = "0.0.0.0"
    port: int = DEFAULT_PORT
    engine: str = "auto"
    model: str | None = None
    revision: str | None = None
    base_url: str | None = None
    engine_options: dict = field(default_factory=dict)
    #: bearer token required on every route but the health check (unset: no auth)
    api_token: str | None = None
    #: the try-it page at ``/`` (None: on, except inside Function Compute; see ``server/web.py``)
    web: bool | None = None
    max_body_bytes: int = FC_MAX_SYNC_BODY
    max_input_pixels: int = 100_000_000
    #: engine calls running at once (a thread each) and requests allowed to wait for one
    max_concurrency: int = 4
    max_queue: int = 16
    #: seconds a queued request waits for a slot before 503
    queue_timeout: float = 30.0
    #: per-request deadline for the engine work (504 after it)
    request_timeout: float = 300.0
    #: seconds /pre-stop waits for requests in flight (FC's PreStop hook allows 90)
    prestop_timeout: float = 60.0
    #: hosts image_url may be fetched from (empty: URL fetching is off); ".example.com" = any subdomain
    url_allow_hosts: tuple[str, ...] = ()
    url_max_bytes: int = FC_MAX_SYNC_BODY
    url_timeout: float = 10.0
    #: load the engine in the background right after the port is bound (platforms without an Initializer)
    warmup: bool = False
    #: ceilings: pages per document (PDF pages and TIFF frames alike), PDF rendering dpi, events per /invoke
    max_pages: int = 20
    max_dpi: int = 300
    max_events: int = 16
    #: ceiling on the per-request ``max_new_tokens`` (the model's own default applies when a request sets none)
    max_new_tokens: int = 8192
    #: seconds the whole request body may take to arrive (408 after it)
    body_timeout: float = 60.0
    #: answer /initialize and /pre-stop outside FC without a token (inside FC they are FC's own calls)
    hooks: bool = False
    #: trust FC's x-fc-* headers (set automatically when running inside Function Compute)
    on_fc: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        """Settings from ``env`` (default ``os.environ``); keyword overrides win over the environment."""
        env = os.environ if env is None else env
        types = {f.name: f.type for f in fields(cls)}
        values: dict[str, Any] = {}
        if env.get(PORT_ENV):
            values["port"] = env_value(PORT_ENV, env[PORT_ENV], "int")
        for var, attr in ENV.items():
            if env.get(var) not in (None, ""):
                values[attr] = env_value(var, env[var], str(types[attr]))
        values["on_fc"] = bool(env.get("FC_FUNCTION_NAME") or env.get("FC_INSTANCE_ID"))
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        for name in ("max_concurrency", "max_body_bytes", "max_input_pixels", "url_max_bytes", "max_pages", "max_dpi",
                     "max_events", "max_new_tokens"):
            if getattr(self, name) < 1:
                raise InputError(f"setting {name} must be at least 1, not {getattr(self, name)}")
        if self.max_queue < 0:
            raise InputError(f"setting max_queue must be 0 or more, not {self.max_queue}")
        if self.max_dpi > 600:
            raise InputError(f"setting max_dpi must be at most 600, not {self.max_dpi}")
        for name in ("request_timeout", "queue_timeout", "prestop_timeout", "url_timeout", "body_timeout"):
            if getattr(self, name) <= 0:
                raise InputError(f"setting {name} must be positive, not {getattr(self, name)}")

    def with_(self, **changes: Any) -> "Settings":
        return replace(self, **changes)

    def base_options(self):
        """The :class:`~docextract.options.ExtractOptions` every request starts from."""
        from ..options import ExtractOptions

        return ExtractOptions.build(None, engine=self.engine, model=self.model, revision=self.revision,
                                    base_url=self.base_url, max_input_pixels=self.max_input_pixels,
                                    max_pages=self.max_pages, pdf_dpi=min(200, self.max_dpi),
                                    engine_options=dict(self.engine_options) or None)


def env_value(var: str, raw: str, type_name: str) -> Any:
    """``raw`` (environment variable ``var``) as ``type_name`` (a dataclass field's type), or an
    :class:`InputError` naming the variable.

    >>> env_value("X_PORT", " 8080 ", "int")
    8080
    >>> env_value("X_ON", "off", "bool")
    False
    """
    raw = raw.strip()
    try:
        if "bool" in type_name:
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if "int" in type_name:
            return int(raw)
        if "float" in type_name:
            return float(raw)
        if "tuple" in type_name:
            return tuple(h.strip().lower() for h in raw.split(",") if h.strip())
        if "dict" in type_name:
            value = json.loads(raw)
            if not isinstance(value, dict):
                raise ValueError(raw)
            return value
    except ValueError:
        kind = type_name.split("|")[0].strip().split("[")[0]
        raise InputError(f"environment variable {var}={raw!r} is not a valid {kind}") from None
    return raw
