"""Turning what a user passes (paths, bytes, PIL images, PDFs, lists) into RGB page images.

Every page is EXIF-rotated, converted to RGB and capped at ``max_pixels`` (aspect kept).
Unreadable input raises :class:`~docextract.errors.InputError` naming the source; inputs beyond
``max_input_pixels`` raise :class:`~docextract.errors.ImageTooLarge` before being decoded.

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
import warnings
from pathlib import Path
from typing import Any

from .errors import ImageTooLarge, InputError
from .options import DEFAULT_MAX_PIXELS

__all__ = ["load_pages", "upright_rgb", "cap_pixels", "source_name", "sha256_of"]

_PDF_MAGIC = b"%PDF"


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
        raise ImageTooLarge(f"{name}: {w}×{h} = {w * h:,} pixels is over the limit of {max_input_pixels:,}",
                            source=name)
    if w < 2 or h < 2:
        raise InputError(f"{name}: image is too small ({w}×{h})", source=name)
    return upright_rgb(image, max_pixels, name)


def _open_image_bytes(data: bytes, name: str, max_input_pixels: int):
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, max_input_pixels
            img = Image.open(io.BytesIO(data))
            w, h = img.size
            if w * h > max_input_pixels:
                raise ImageTooLarge(f"{name}: {w}×{h} = {w * h:,} pixels is over the limit of "
                                    f"{max_input_pixels:,}", source=name)
            return img
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageTooLarge(f"{name}: the image is over the limit of {max_input_pixels:,} pixels "
                                f"(refused as a possible decompression bomb: {exc})", source=name) from None
        except Image.UnidentifiedImageError:
            raise InputError(f"{name}: not an image or PDF (unrecognised content)", source=name) from None
        except (OSError, ValueError, SyntaxError) as exc:
            raise InputError(f"{name}: the image cannot be read ({exc})", source=name) from None
        finally:
            Image.MAX_IMAGE_PIXELS = saved


def _render_pdf(data: bytes, name: str, dpi: int, max_pages: int, max_input_pixels: int) -> list:
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - core dependency
        raise InputError(f"{name}: reading PDFs needs pypdfium2 (pip install pypdfium2)") from None
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium raises its own PdfiumError
        raise InputError(f"{name}: the PDF cannot be opened ({exc})", source=name) from None
    try:
        n = len(pdf)
        if n == 0:
            raise InputError(f"{name}: the PDF has no pages", source=name)
        if n > max_pages:
            raise ImageTooLarge(f"{name}: the PDF has {n} pages, more than the limit of {max_pages}", source=name)
        pages = []
        for i in range(n):
            page = pdf[i]
            w_pt, h_pt = page.get_size()
            scale = dpi / 72
            if w_pt * scale * h_pt * scale > max_input_pixels:
                scale = math.sqrt(max_input_pixels / (w_pt * h_pt)) * 0.99
            pages.append(page.render(scale=scale).to_pil())
        return pages
    finally:
        pdf.close()


def _read_source(source: Any, opts: dict) -> list:
    from PIL import Image

    name = source_name(source)
    if isinstance(source, Image.Image):
        return [source]
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.exists():
            raise InputError(f"{name}: file not found", source=name)
        if path.is_dir():
            raise InputError(f"{name}: is a folder, not an image or PDF", source=name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{name}: cannot read the file ({exc.strerror})", source=name) from None
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:
        raise InputError(f"cannot read a {type(source).__name__} as a document: pass a path, bytes, a PIL "
                         "image, a PDF or a list of those")
    if not data:
        raise InputError(f"{name}: the input is empty", source=name)
    if data[:1024].lstrip().startswith(_PDF_MAGIC):
        return _render_pdf(data, name, opts["pdf_dpi"], opts["max_pages"], opts["max_input_pixels"])
    img = _open_image_bytes(data, name, opts["max_input_pixels"])
    frames = getattr(img, "n_frames", 1)
    if frames > 1 and img.format == "TIFF":
        out = []
        for i in range(min(frames, opts["max_pages"])):
            img.seek(i)
            out.append(img.copy())
        return out
    return [img]


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
        for img in _read_source(src, opts):
            pages.append(_prepare(img, opts["max_pixels"], opts["max_input_pixels"], name))
        if len(pages) > opts["max_pages"]:
            raise ImageTooLarge(f"more than {opts['max_pages']} pages in one document")
    return pages
