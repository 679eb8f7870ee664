"""Inputs of a Ray batch: local paths (as ``docextract batch`` finds them) and object-store URIs.

A spec is a folder, a glob, a list file (one path or URI a line) or a URI (``s3://bucket/scans/``,
``gs://…``, ``file:///…``) that pyarrow's filesystems can list. Workers read each document once,
with :func:`read_document`, refusing files over ``max_bytes`` before reading them.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.jpg").write_bytes(b"x")
>>> _ = (d / "list.txt").write_text("a.jpg\\ns3://bucket/b.png\\n# comment\\na.jpg\\n")
>>> [s.rsplit("/", 1)[-1] for s in list_inputs(str(d / "list.txt"))]
['a.jpg', 'b.png']
>>> is_uri("s3://bucket/x.jpg"), is_uri("C:/scans/x.jpg"), is_uri("scans/x.jpg")
(True, False, False)
>>> read_document(str(d / "a.jpg"))
b'x'
>>> read_document(str(d / "a.jpg"), max_bytes=0)
Traceback (most recent call last):
...
docextract.errors.ImageTooLarge: .../a.jpg: 1 bytes is over the limit of 0 bytes
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from docextract.errors import ImageTooLarge, InputError
from docextract.images import read_file
from docextract.server.batch import DOC_SUFFIXES, collect_inputs

__all__ = ["list_inputs", "read_document", "is_uri", "DEFAULT_MAX_BYTES"]

#: documents larger than this are refused before they are read (a poisoned input must not fill memory)
DEFAULT_MAX_BYTES = 256 * 1024 * 1024

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")


def is_uri(spec: str) -> bool:
    """True for ``scheme://…`` (two letters or more, so a Windows drive is a path)."""
    return bool(_URI.match(spec))


def list_inputs(spec: str | os.PathLike) -> list[str]:
    """Every input named by ``spec``, each once, in a stable order (paths as ``str``)."""
    text = os.fspath(spec) if isinstance(spec, (str, os.PathLike)) else None
    if not text or not text.strip():
        raise InputError(f"{spec!r}: give a folder, a glob, a list file or a URI")
    try:
        if is_uri(text):
            out = _list_uri(text)
        else:
            path = Path(text)
            if path.is_file() and path.suffix.lower() not in DOC_SUFFIXES and _mentions_uri(path):
                out = _read_list(path)
            else:
                out = [str(p) for p in collect_inputs(text)]
    except OSError as exc:  # a name too long, a folder we may not list
        raise InputError(f"{text[:200]}: cannot be listed ({exc.strerror or exc})") from None
    return list(dict.fromkeys(out))  # a path listed twice is one input


def _mentions_uri(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8") as fh:
            return any(is_uri(line.strip()) for line in fh)
    except (OSError, UnicodeDecodeError):
        return False  # collect_inputs says what is wrong with it


def _read_list(path: Path) -> list[str]:
    """A list file that names URIs (and maybe paths, relative to the list's folder)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if is_uri(line):
            out.append(line)
        else:
            p = Path(line).expanduser()
            out.append(str(p if p.is_absolute() else path.parent / p))
    return out


def _filesystem(uri: str):
    try:
        from pyarrow import fs
    except ImportError:  # pragma: no cover - pyarrow comes with ray
        raise InputError(f"{uri}: reading URIs needs pyarrow: pip install 'docextract[ray]'") from None
    try:
        return fs, *fs.FileSystem.from_uri(uri)
    except Exception as exc:  # noqa: BLE001 - unknown scheme, no credentials, bad bucket name
        raise InputError(f"{uri}: cannot open this URI ({exc})") from None


def _list_uri(uri: str) -> list[str]:
    fs, filesystem, path = _filesystem(uri)
    scheme = uri.split("://", 1)[0]
    try:
        info = filesystem.get_file_info(path)
        if info.type == fs.FileType.File:
            return [uri]
        if info.type != fs.FileType.Directory:
            raise InputError(f"{uri}: no such object or prefix")
        found = filesystem.get_file_info(fs.FileSelector(path, recursive=True))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - network, permissions
        raise InputError(f"{uri}: cannot list ({exc})") from None
    names = sorted(i.path for i in found if i.type == fs.FileType.File and Path(i.path).suffix.lower() in DOC_SUFFIXES)
    if scheme == "file":
        return [f"file://{n}" for n in names]
    return [f"{scheme}://{n}" for n in names]


def read_document(spec: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one input (a path or URI); :class:`ImageTooLarge` past ``max_bytes``, unread.

    A missing or unreadable input raises :class:`InputError` with code ``file_not_found``.
    """
    try:
        if is_uri(spec):
            _, filesystem, path = _filesystem(spec)
            with filesystem.open_input_file(path) as fh:
                size = fh.size()
                _check_size(spec, size, max_bytes)
                return fh.read()
        return read_file(spec, max_bytes)  # bounded for devices and pipes too
    except InputError as exc:
        if isinstance(exc, ImageTooLarge):
            raise
        raise _not_found(spec, str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - OSError, pyarrow's errors
        raise _not_found(spec, getattr(exc, "strerror", None) or str(exc)) from None


def _check_size(spec: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise ImageTooLarge(f"{spec}: {size:,} bytes is over the limit of {max_bytes:,} bytes", source=spec)


def _not_found(spec: str, why: str) -> InputError:
    err = InputError(f"{spec}: file not found or unreadable ({why})", source=spec)
    err.code = "file_not_found"  # as docextract batch: retriable, the file may come back
    return err
