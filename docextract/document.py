"""``Document``: what the pipeline receives — the pages, where they came from, their hash, timings.

Built once by the API from the user's input and passed down; nothing below opens the source again.

>>> from PIL import Image
>>> import io
>>> buf = io.BytesIO(); Image.new("RGB", (40, 20), "white").save(buf, "PNG")
>>> doc = Document.load(buf.getvalue())
>>> doc.source, len(doc.pages), doc.sha256[:8], sorted(doc.timings)
('<bytes>', 1, ..., ['load'])
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .images import MAX_FILE_BYTES, load_pages, source_name

__all__ = ["Document"]


@dataclass
class Document:
    """One document: its page images (RGB, capped), source name, sha256 of its bytes, timings (seconds)."""

    pages: list
    source: str | None = None
    sha256: str | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @classmethod
    def load(cls, source: Any, options: Any = None) -> "Document":
        """Read ``source`` (path, bytes, PIL image, PDF, or a list of pages/sides) once."""
        from .errors import ImageTooLarge, InputError

        t0 = time.perf_counter()
        many = isinstance(source, (list, tuple))
        parts = list(source) if many else [source]
        if not parts:
            raise InputError("no input document was given")
        max_pages = getattr(options, "max_pages", 20)
        pages, digests = [], []
        for part in parts:
            data, digest = _read_once(part)
            digests.append(digest)
            try:
                pages.extend(load_pages(data if data is not None else part, options))
            except InputError as exc:  # the file's bytes were decoded: name the file, not "<bytes>"
                if data is not None:
                    name = source_name(part)
                    exc.message = exc.message.replace("<bytes>", name, 1)
                    exc.args = (exc.message,)
                    exc.context["source"] = name
                raise
            if len(pages) > max_pages:
                raise ImageTooLarge(f"more than {max_pages} pages in one document")
        name = ", ".join(source_name(p) for p in parts)[:500] if many else source_name(source)
        return cls(pages=pages, source=name, sha256=digests[0] if len(parts) == 1 else None,
                   timings={"load": time.perf_counter() - t0})


def _read_once(part: Any) -> tuple[bytes | None, str | None]:
    """``(a file's bytes, read here once, or None; the sha256 of the input's bytes)``. A missing or
    unreadable file is left to :func:`~docextract.images.load_pages`, which reports it by name."""
    if isinstance(part, (bytes, bytearray, memoryview)):
        data = bytes(part)
        return None, hashlib.sha256(data).hexdigest() if data else None
    if isinstance(part, (str, os.PathLike)) and Path(part).is_file():
        try:
            if Path(part).stat().st_size > MAX_FILE_BYTES:  # load_pages refuses it by name, unread
                return None, None
            data = Path(part).read_bytes()
        except OSError:
            return None, None
        return (data, hashlib.sha256(data).hexdigest()) if data else (None, None)
    return None, None
