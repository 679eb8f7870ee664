"""Turning what a user passes (paths, bytes, PIL images, PDFs, lists) into RGB page images.

Every page is EXIF-rotated, converted to RGB and capped at ``max_pixels`` (aspect kept).
Unreadable input raises :class:`~docextract.errors.InputError` naming the source; inputs beyond
``max_input_pixels`` raise :class:`~docextract.errors.ImageTooLarge` before being decoded.

Memory is budgeted before anything is allocated: a file is read only up to :data:`MAX_FILE_BYTES`;
PDF pages are rendered straight at the scale that fits ``max_pixels`` (never at full size first);
large JPEGs are decoded at a reduced scale; a document with more than ``max_pages`` pages (PDF
pages and multi-page TIFF frames alike) is refused with ImageTooLarge (HTTP 413), never cut
short. Limits are passed explicitly: nothing global (such as ``PIL.Image.MAX_IMAGE_PIXELS``) is
changed, so threads can load documents side by side.

>>> from PIL import Image
>>> pages = load_pages(Image.new("RGB", (4000, 3000), "white"), max_pixels=1_000_000)
>>> pages[0].size
(1154, 866)
>>> load_pages(b"not an image")
Traceback (most recent call last):
...
docextract.errors.InputError: <bytes>: not an image or PDF (unrecognised content)
"""

from __future__ import annotations

import hashlib
import io
import math
import os
from pathlib import Path
from typing import Any

from .errors import ImageTooLarge, InputError
from .options import DEFAULT_MAX_PIXELS

__all__ = ["load_pages", "upright_rgb", "cap_pixels", "source_name", "sha256_of", "read_file", "MAX_FILE_BYTES"]

_PDF_MAGIC = b"%PDF"
#: a file (or a device, a pipe) is read up to this many bytes; a larger one is refused
MAX_FILE_BYTES = 100 * 1024 * 1024


def source_name(source: Any) -> str:
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return "<bytes>"
    return f"<{type(source).__name__}>"


def sha256_of(source: Any) -> str | None:
    """Content hash of bytes or a file (None for in-memory images)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return hashlib.sha256(bytes(source)).hexdigest()
    if isinstance(source, (str, os.PathLike)) and Path(source).is_file():
        h = hashlib.sha256()
        with open(source, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    return None


def cap_pixels(image, max_pixels: int):
    """Downscale ``image`` so that width × height ≤ ``max_pixels`` (aspect kept)."""
    w, h = image.size
    if w * h <= max_pixels:
        return image
    scale = math.sqrt(max_pixels / (w * h))
    size = (max(1, int(w * scale)), max(1, int(h * scale)))
    from PIL import Image

    return image.resize(size, Image.Resampling.LANCZOS)


def upright_rgb(image, max_pixels: int | None = None, name: str = "image"):
    """``image`` turned upright (EXIF), in RGB (transparency on white) and capped at ``max_pixels``."""
    from PIL import Image, ImageOps

    try:
        image = ImageOps.exif_transpose(image)
        if image.mode != "RGB":
            if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
                rgba = image.convert("RGBA")
                image = Image.new("RGB", rgba.size, "white")
                image.paste(rgba, mask=rgba.getchannel("A"))
            else:
                image = image.convert("RGB")
        image.load()
    except (OSError, ValueError, SyntaxError) as exc:
        raise InputError(f"{name}: the image data is damaged ({exc})", source=name) from None
    return cap_pixels(image, max_pixels) if max_pixels else image


def _prepare(image, max_pixels: int, max_input_pixels: int, name: str):
    w, h = image.size
    if w * h > max_input_pixels:
        raise _too_many_pixels(name, w, h, max_input_pixels)
    if w < 2 or h < 2:
        raise InputError(f"{name}: image is too small ({w}×{h})", source=name)
    return upright_rgb(image, max_pixels, name)


def _too_many_pixels(name: str, w: int, h: int, limit: int) -> ImageTooLarge:
    return ImageTooLarge(f"{name}: {w}×{h} = {w * h:,} pixels is over the limit of {limit:,}", source=name)


def _open_image_bytes(data: bytes, name: str, max_input_pixels: int, max_pixels: int):
    """Open (header only) and check the size; a large JPEG is set to decode near ``max_pixels``."""
    from PIL import Image

    try:
        img = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:  # over twice PIL's own (process-wide) limit
        raise ImageTooLarge(f"{name}: the image is over the limit of {max_input_pixels:,} pixels "
                            "(refused as a possible decompression bomb)", source=name) from None
    except Image.UnidentifiedImageError:
        raise InputError(f"{name}: not an image or PDF (unrecognised content)", source=name) from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise InputError(f"{name}: the image cannot be read ({exc})", source=name) from None
    w, h = img.size
    if w * h > max_input_pixels:
        raise _too_many_pixels(name, w, h, max_input_pixels)
    if img.format == "JPEG" and w * h > 2 * max_pixels:
        scale = math.sqrt(max_pixels / (w * h))
        try:  # decode at 1/2, 1/4 or 1/8 scale, still at least the size the page is capped to
            img.draft("RGB", (max(1, math.ceil(w * scale)), max(1, math.ceil(h * scale))))
        except (OSError, ValueError):
            pass
    return img


def _render_pdf(data: bytes, name: str, dpi: int, max_pages: int, max_pixels: int):
    """Every page at ``dpi``, or smaller where that would exceed ``max_pixels``: the scale is computed
    from the page size before rendering, so no page is ever rendered larger (one page at a time)."""
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - core dependency
        raise InputError(f"{name}: reading PDFs needs pypdfium2 (pip install pypdfium2)") from None
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - decoder boundary: PdfiumError and friends become InputError
        raise InputError(f"{name}: the PDF cannot be opened ({exc})", source=name) from None
    try:
        n = len(pdf)
        if n == 0:
            raise InputError(f"{name}: the PDF has no pages", source=name)
        if n > max_pages:
            raise ImageTooLarge(f"{name}: the document has {n} pages, more than the limit of {max_pages}",
                                source=name)
        for i in range(n):
            try:
                page = pdf[i]
                w_pt, h_pt = page.get_size()
                if not (w_pt > 0 and h_pt > 0 and math.isfinite(w_pt * h_pt)):
                    raise InputError(f"{name}: page {i + 1} has no usable size ({w_pt}×{h_pt} pt)", source=name)
                scale = min(dpi / 72, math.sqrt(max_pixels / (w_pt * h_pt)))
                if w_pt * scale < 2 or h_pt * scale < 2:
                    raise InputError(f"{name}: page {i + 1} is too small or too narrow to read "
                                     f"({w_pt:g}×{h_pt:g} pt)", source=name)
                bitmap = page.render(scale=scale)
                try:  # an RGB copy of its own, so the renderer's buffer goes now
                    image = bitmap.to_pil().convert("RGB")
                finally:
                    bitmap.close()
                    page.close()
            except InputError:
                raise
            except Exception as exc:  # noqa: BLE001 - PdfiumError and friends
                raise InputError(f"{name}: page {i + 1} cannot be rendered ({exc})", source=name) from None
            yield image
            del image
    finally:
        pdf.close()


def read_file(path: str | os.PathLike, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, refusing (before reading) a file over ``limit`` bytes; a device or a
    pipe is read only up to ``limit`` bytes."""
    name = os.fspath(path)
    if not name.strip():
        raise InputError("an empty path: pass a file's path, bytes, a PIL image or a PDF", source=name)
    p = Path(path)
    if not p.exists():
        raise InputError(f"{name}: file not found", source=name)
    if p.is_dir():
        raise InputError(f"{name}: is a folder, not an image or PDF", source=name)
    try:
        with open(p, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > limit:
                raise ImageTooLarge(f"{name}: {size:,} bytes is over the limit of {limit:,} bytes", source=name)
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{name}: cannot read the file ({exc.strerror})", source=name) from None
    if len(data) > limit:
        raise ImageTooLarge(f"{name}: more than {limit:,} bytes (not a regular file?)", source=name)
    return data


def _read_source(source: Any, opts: dict):
    """The pages of one source, one at a time (a page is prepared before the next is decoded)."""
    from PIL import Image

    name = source_name(source)
    if isinstance(source, Image.Image):
        yield source
        return
    if isinstance(source, (str, os.PathLike)):
        data = read_file(source)
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:
        raise InputError(f"cannot read a {type(source).__name__} as a document: pass a path, bytes, a PIL "
                         "image, a PDF or a list of those")
    if not data:
        raise InputError(f"{name}: the input is empty", source=name)
    budget = min(opts["max_pixels"], opts["max_input_pixels"])
    if data[:1024].lstrip().startswith(_PDF_MAGIC):
        yield from _render_pdf(data, name, opts["pdf_dpi"], opts["max_pages"], budget)
        return
    img = _open_image_bytes(data, name, opts["max_input_pixels"], budget)
    if img.format != "TIFF":  # frames of GIF, WebP, PNG or MPO are animation or previews, not pages
        yield img
        return
    try:
        frames = img.n_frames
    except (OSError, ValueError, SyntaxError) as exc:
        raise InputError(f"{name}: the TIFF cannot be read ({exc})", source=name) from None
    if frames > opts["max_pages"]:
        raise ImageTooLarge(f"{name}: the document has {frames} pages, more than the limit of {opts['max_pages']}",
                            source=name)
    if frames == 1:
        yield img
        return
    for i in range(frames):
        try:
            img.seek(i)
        except (OSError, ValueError, EOFError) as exc:
            raise InputError(f"{name}: page {i + 1} of the TIFF cannot be read ({exc})", source=name) from None
        w, h = img.size
        if w * h > opts["max_input_pixels"]:
            raise _too_many_pixels(f"{name} page {i + 1}", w, h, opts["max_input_pixels"])
        yield upright_rgb(img, budget, name)  # each frame capped before the next is decoded


def load_pages(source: Any, options=None, *, max_pixels: int | None = None) -> list:
    """Every page of ``source`` (a path, bytes, PIL image, PDF, or a list of those) as RGB images."""
    opts = {
        "max_pixels": max_pixels or getattr(options, "max_pixels", DEFAULT_MAX_PIXELS),
        "max_input_pixels": getattr(options, "max_input_pixels", 100_000_000),
        "pdf_dpi": getattr(options, "pdf_dpi", 200),
        "max_pages": getattr(options, "max_pages", 20),
    }
    sources = list(source) if isinstance(source, (list, tuple)) else [source]
    if not sources:
        raise InputError("no input document was given")
    pages = []
    for src in sources:
        name = source_name(src)
        try:
            for img in _read_source(src, opts):
                pages.append(_prepare(img, opts["max_pixels"], opts["max_input_pixels"], name))
        except (InputError, MemoryError, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - decoders raise anything on damaged data (found by fuzzing)
            raise InputError(f"{name}: the image data is damaged ({type(exc).__name__})", source=name) from None
        if len(pages) > opts["max_pages"]:
            raise ImageTooLarge(f"more than {opts['max_pages']} pages in one document")
    return pages
