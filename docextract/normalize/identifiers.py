"""Identifiers (placeholder: the normalisers helper replaces this with the full module)."""

from __future__ import annotations

import importlib
import unicodedata

from ..errors import InvalidFormat

__all__ = ["is_known_format", "normalize_id", "validate_id"]

OWN_FORMATS = {"cn.invoice_code", "cn.invoice_number", "cn.invoice_check_code", "mrz"}


def _stdnum_module(fmt: str):
    try:
        mod = importlib.import_module("stdnum." + fmt.replace("in.", "in_.").replace("is.", "is_."))
    except ImportError:
        return None
    return mod if hasattr(mod, "validate") else None


def is_known_format(fmt: str) -> bool:
    return fmt in OWN_FORMATS or _stdnum_module(fmt) is not None


def normalize_id(raw: str, formats: tuple[str, ...] = ()) -> str:
    text = unicodedata.normalize("NFKC", raw).strip().upper()
    text = "".join(ch for ch in text if ch.isalnum())
    if not text:
        raise InvalidFormat("no identifier characters", value=raw)
    return text


def validate_id(raw: str, fmt: str) -> str:
    mod = _stdnum_module(fmt)
    if mod is None:
        return normalize_id(raw)
    return mod.validate(normalize_id(raw))
