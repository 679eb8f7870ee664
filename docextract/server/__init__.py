"""HTTP server and Function Compute adapter (``docextract serve``) and batch runs (``docextract batch``).

Nothing heavy is imported here: FastAPI and uvicorn load when :func:`serve` or ``create_app`` runs.
"""

from __future__ import annotations

from typing import Any

from .errors import BodyTimeout, Busy, Draining, Forbidden, MissingField, Unauthorized

__all__ = ["serve", "create_app", "run_batch", "Busy", "Draining", "Unauthorized", "Forbidden", "MissingField",
           "BodyTimeout"]


def serve(host: str | None = "0.0.0.0", port: int | None = None, engine: str | None = None, **kwargs: Any) -> None:
    """Run the server (see :func:`docextract.server.runner.serve`)."""
    from .runner import serve as _serve

    _serve(host=host, port=port, engine=engine, **kwargs)


def create_app(settings=None):
    """The ASGI app (see :func:`docextract.server.app.create_app`)."""
    from .app import create_app as _create_app

    return _create_app(settings)


def run_batch(*args: Any, **kwargs: Any) -> int:
    """Resumable batch extraction (see :func:`docextract.server.batch.run_batch`)."""
    from .batch import run_batch as _run_batch

    return _run_batch(*args, **kwargs)
