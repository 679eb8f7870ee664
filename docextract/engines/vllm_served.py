"""What a vLLM server serves: the model's name, its context length, the HunyuanOCR version, and readiness.

``GET /v1/models`` answers a list of model cards; vLLM's carry ``id`` (the served name), ``root``
(the path or hub id it loaded) and ``max_model_len``. :func:`pick_model` chooses the card the client
will use and :func:`served_version` tells the HunyuanOCR generation from what the card says:

* ``root`` is a folder this process can read → its ``config.json`` (flat = 1.0, 128K context = 1.5);
* the name or root names a version (``…/v1.0``, ``HunyuanOCR-1.5``) or the pinned 1.0 commit;
* a context longer than 1.0's 32K positions can only be 1.5;
* the bare hub id ``tencent/HunyuanOCR`` (unpinned) loads the repository's root, which holds 1.5;
* otherwise nothing is known and the caller falls back to its default.

>>> card = {"id": "tencent/HunyuanOCR", "root": "tencent/HunyuanOCR", "max_model_len": 131072}
>>> served_version(card)
('1.5', 'context length 131072')
>>> served_version({"id": "ocr", "root": "/models/HunyuanOCR/v1.0", "max_model_len": 16384})
('1.0', 'served path /models/HunyuanOCR/v1.0')
>>> served_version({"id": "ocr", "root": "/nonexistent", "max_model_len": 2048})
(None, 'not told by the server')
>>> pick_model([card], None)["id"]
'tencent/HunyuanOCR'
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import EngineUnavailable
from .hunyuan_weights import DEFAULT_REPO, VERSIONS, detect_version

__all__ = ["ServedModel", "served_version", "pick_model", "read_models", "wait_ready", "unavailable",
           "RETRY_AFTER"]

#: seconds a client is told to wait (``Retry-After``) when the vLLM server is down or restarting
RETRY_AFTER = 5
#: HunyuanOCR 1.0's ``max_position_embeddings``: a longer served context is 1.5
_CONTEXT_1_0 = 32768
_V10 = re.compile(r"(?:^|[/_-])v?1\.0(?:$|[/_-])", re.IGNORECASE)
_V15 = re.compile(r"(?:^|[/_-])v?1\.5(?:$|[/_-])", re.IGNORECASE)


@dataclass(frozen=True)
class ServedModel:
    """The model card the client uses: served name, context length, version and how it was found."""

    name: str
    root: str | None = None
    max_model_len: int | None = None
    version: str | None = None
    version_source: str = "not told by the server"


def unavailable(message: str, retry_after: int = RETRY_AFTER) -> EngineUnavailable:
    """An :class:`EngineUnavailable` carrying ``retry_after`` (the HTTP server sends it as ``Retry-After``)."""
    exc = EngineUnavailable(message, retry_after=retry_after)
    exc.retry_after = retry_after
    return exc


def served_version(card: dict) -> tuple[str | None, str]:
    """``(version or None, why)`` from one ``/v1/models`` card."""
    root, name = str(card.get("root") or ""), str(card.get("id") or "")
    if root:
        try:
            folder = Path(root)
            found = detect_version(folder) if (folder / "config.json").is_file() else None
        except (OSError, ValueError):
            found = None
        if found:
            return found, f"config.json in {root}"
    for text, what in ((root, "served path"), (name, "served name")):
        if text and (_V10.search(text) or VERSIONS["1.0"].revision in text):
            return "1.0", f"{what} {text}"
        if text and _V15.search(text):
            return "1.5", f"{what} {text}"
    length = card.get("max_model_len")
    if isinstance(length, int) and length > _CONTEXT_1_0:
        return "1.5", f"context length {length}"
    if (root or name) == DEFAULT_REPO:
        return "1.5", f"unpinned {DEFAULT_REPO} (its root holds 1.5)"
    return None, "not told by the server"


def pick_model(cards: list, wanted: str | None) -> dict:
    """The card named ``wanted`` (by id or root), else the only/first one; EngineUnavailable if absent."""
    cards = [c for c in cards if isinstance(c, dict) and isinstance(c.get("id"), str)]
    if wanted:
        for card in cards:
            if wanted in (card["id"], card.get("root")):
                return card
        if cards:
            raise EngineUnavailable(f"the vLLM server does not serve {wanted!r}; it serves "
                                    f"{', '.join(repr(c['id']) for c in cards)} (set model= to one of them)")
        return {"id": wanted}
    if not cards:
        raise EngineUnavailable("the vLLM server lists no model at /v1/models")
    return cards[0]


def read_models(client, root: str, wanted: str | None, where: str | None = None) -> ServedModel:
    """Read ``{root}/models`` with an ``httpx.Client``; a server without that route gives a bare card."""
    import httpx

    where = where or root
    try:
        resp = client.get(root + "/models")
    except httpx.TimeoutException as exc:
        raise unavailable(f"the vLLM server at {where} did not list its models in time ({type(exc).__name__})") from exc
    except httpx.TransportError as exc:
        raise unavailable(f"cannot reach the vLLM server at {where}: {type(exc).__name__}: {exc}") from exc
    if resp.status_code in (401, 403):
        raise EngineUnavailable(f"the vLLM server at {where} refused /models (HTTP {resp.status_code}); "
                                "set api_key= or DOCEXTRACT_VLLM_API_KEY")
    if resp.status_code >= 500 and resp.status_code != 501:
        raise unavailable(f"the vLLM server at {where} is not ready (HTTP {resp.status_code} on /models)")
    cards: list = []
    if resp.status_code == 200:
        try:
            data = resp.json()
            cards = data.get("data") if isinstance(data, dict) and isinstance(data.get("data"), list) else []
        except ValueError:
            cards = []
    if not cards:  # not vLLM (no /models): trust the configured name, no cap, version unknown
        return ServedModel(name=wanted or DEFAULT_REPO)
    card = pick_model(cards, wanted)
    length = card.get("max_model_len")
    version, why = served_version(card)
    return ServedModel(name=card["id"], root=card.get("root"), version=version, version_source=why,
                       max_model_len=length if isinstance(length, int) and length > 0 else None)


def wait_ready(client, base_url: str, timeout: float, *, interval: float = 0.5, alive=None) -> float:
    """Poll ``{base_url}/health`` until it answers 200; seconds waited. ``alive()`` False stops at once.

    Raises :func:`unavailable` naming the URL and the last answer when ``timeout`` passes.
    """
    import httpx

    t0 = time.monotonic()
    last = "no answer"
    while True:
        if alive is not None and not alive():
            raise unavailable(f"the vLLM server at {base_url} exited before it was ready")
        try:
            resp = client.get(base_url + "/health")
            if resp.status_code == 200:
                return time.monotonic() - t0
            last = f"HTTP {resp.status_code}"
        except httpx.HTTPError as exc:
            last = type(exc).__name__
        if time.monotonic() - t0 + interval > timeout:
            raise unavailable(f"the vLLM server at {base_url} was not ready within {timeout:g} s ({last})")
        time.sleep(interval)
