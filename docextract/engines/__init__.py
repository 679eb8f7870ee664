"""Engine registry: names map to ``"module:Class"`` strings, imported only when first used.

``import docextract`` therefore never imports torch, transformers or rapidocr.

>>> sorted(REGISTRY)
['hunyuan', 'rapidocr', 'scripted', 'vllm']
>>> engine = get_engine("scripted", ExtractOptions(engine_options={"outputs": ["{}"]}))
>>> engine.name
'scripted'
>>> get_engine("nope")
Traceback (most recent call last):
...
docextract.errors.EngineUnavailable: unknown engine 'nope'; choose one of: auto, hunyuan, rapidocr, scripted, vllm
"""

from __future__ import annotations

import importlib
import os
import threading

from ..errors import EngineError, EngineUnavailable
from ..options import ExtractOptions
from .base import ALL_TASKS, BaseEngine, Engine, EngineOutput, EngineRequest

__all__ = [
    "REGISTRY", "AUTO_ORDER", "register", "engine_class", "get_engine", "resolve_auto", "available_engines",
    "clear_cache", "Engine", "BaseEngine", "EngineOutput", "EngineRequest", "ALL_TASKS",
]

REGISTRY: dict[str, str] = {
    "hunyuan": "docextract.engines.hunyuan:HunyuanEngine",
    "vllm": "docextract.engines.vllm:VllmEngine",
    "rapidocr": "docextract.engines.rapidocr:RapidOcrEngine",
    "scripted": "docextract.engines.scripted:ScriptedEngine",
}

#: ``engine="auto"`` tries these in order; the first whose ``is_available(options)`` is true wins.
AUTO_ORDER = ("hunyuan", "vllm", "rapidocr")

_cache: dict[tuple, Engine] = {}
_lock = threading.Lock()


def register(name: str, target: str) -> None:
    """Add an engine: ``register("mine", "mypkg.engine:MyEngine")``."""
    REGISTRY[name] = target


def engine_class(name: str) -> type:
    if name not in REGISTRY:
        choices = ", ".join(["auto", *sorted(REGISTRY)])
        raise EngineUnavailable(f"unknown engine {name!r}; choose one of: {choices}")
    module_name, _, attr = REGISTRY[name].partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        extra = name if name in ("hunyuan", "vllm", "rapidocr") else "all"
        raise EngineUnavailable(
            f"engine {name!r} needs packages that are not installed ({exc.name or exc}); "
            f"install them with: pip install 'docextract[{extra}]'") from exc
    return getattr(module, attr)


def resolve_auto(options: ExtractOptions | None = None) -> str:
    """The engine ``auto`` stands for: hunyuan with a GPU and weights, vllm with a server URL, else rapidocr."""
    options = options or ExtractOptions()
    for name in AUTO_ORDER:
        if name == "vllm" and not (options.base_url or os.environ.get("DOCEXTRACT_VLLM_URL")):
            continue
        try:
            cls = engine_class(name)
        except EngineUnavailable:
            continue
        check = getattr(cls, "is_available", None)
        try:
            if check is None or check(options):
                return name
        except Exception:  # noqa: BLE001 - engine boundary: availability probes / start-up errors translated here
            continue
    raise EngineUnavailable("no engine is available: install 'docextract[rapidocr]' for the embedded CPU engine")


def available_engines(options: ExtractOptions | None = None) -> dict[str, bool]:
    """Which registered engines could run here (without loading any model)."""
    options = options or ExtractOptions()
    out = {}
    for name in REGISTRY:
        try:
            cls = engine_class(name)
            check = getattr(cls, "is_available", None)
            out[name] = bool(check(options)) if check else True
        except Exception:  # noqa: BLE001 - engine boundary: availability probes / start-up errors translated here
            out[name] = False
    return out


def _cache_key(name: str, options: ExtractOptions) -> tuple:
    return (name, options.model, options.revision, options.base_url, options.api_key, options.timeout,
            options.max_pixels, repr(sorted(options.engine_options.items(), key=lambda kv: kv[0])))


def get_engine(name: str = "auto", options: ExtractOptions | None = None) -> Engine:
    """An engine instance, created once per process per configuration and then reused."""
    options = options or ExtractOptions()
    if name == "auto":
        name = resolve_auto(options)
    key = _cache_key(name, options)
    with _lock:
        engine = _cache.get(key)
        if engine is None:
            cls = engine_class(name)
            try:
                engine = cls.from_options(options) if hasattr(cls, "from_options") else cls()
            except EngineError:
                raise
            except Exception as exc:  # noqa: BLE001 - engine boundary: availability probes / start-up errors translated here
                raise EngineUnavailable(f"engine {name!r} could not start: {exc}") from exc
            _cache[key] = engine
    return engine


def clear_cache() -> None:
    with _lock:
        _cache.clear()
