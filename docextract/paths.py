"""Where the built-in schemas and prompt templates are.

In an installed wheel they sit inside the package (``docextract/schemas``); in a source checkout
(or an editable install) they are the repository's top-level ``schemas/`` and ``prompts/``.

>>> (builtin_dir("schemas") / "cn_id_card.yaml").is_file()
True
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["builtin_dir"]

_PACKAGE = Path(__file__).resolve().parent


def builtin_dir(name: str) -> Path:
    """The folder of built-in ``schemas`` or ``prompts``."""
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name
