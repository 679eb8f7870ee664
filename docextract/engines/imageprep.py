"""Images for the HunyuanOCR engines: orientation, RGB, a pixel cap, and the visual-token count.

Pure PIL and arithmetic (no torch), so the cost of an image is known before any model runs.
HunyuanOCR resizes every image to multiples of 32 pixels within ``[min_pixels, max_pixels]``
(:func:`smart_resize`), cuts it into 16×16 patches and merges 2×2 patches into one LLM token, plus
one newline token per merged row and a begin and an end token.

>>> count_image_tokens(800, 600)                       # width, height
496
>>> count_image_tokens(2480, 3508)                     # A4 at 300 dpi, 1.0 cap of 2048²
4106
>>> count_image_tokens(2480, 3508, max_pixels=4096 * 4096)
8692
>>> count_image_tokens(2480, 3508, max_pixels=1024 * 1024)
1028
"""

from __future__ import annotations

import base64
import io
import math

from ..errors import InputError

__all__ = ["smart_resize", "capped_size", "image_grid", "count_image_tokens", "prepare_image", "to_data_url",
           "DEFAULT_MIN_PIXELS", "DEFAULT_MAX_PIXELS", "PATCH_SIZE", "MERGE_SIZE"]

DEFAULT_MIN_PIXELS = 512 * 512
DEFAULT_MAX_PIXELS = 2048 * 2048
PATCH_SIZE = 16
MERGE_SIZE = 2


def smart_resize(height: int, width: int, factor: int = PATCH_SIZE * MERGE_SIZE, min_pixels: int = DEFAULT_MIN_PIXELS,
                 max_pixels: int = DEFAULT_MAX_PIXELS) -> tuple[int, int]:
    """``(height, width)`` the image processor resizes to: multiples of ``factor``, pixel count within bounds.

    >>> smart_resize(1080, 1920)
    (1088, 1920)
    >>> smart_resize(100, 300)                         # small images are upscaled to min_pixels
    (320, 896)
    """
    if min(height, width) < 1:
        raise InputError(f"image has no pixels ({width}×{height})")
    if max(height, width) / min(height, width) > 200:
        raise InputError(f"image aspect ratio {width}×{height} is over 200:1; crop or pad it first")
    h_bar = round(height / factor) * factor
    w_bar = round(width / factor) * factor
    if h_bar * w_bar > max_pixels:
        beta = math.sqrt((height * width) / max_pixels)
        h_bar = max(factor, math.floor(height / beta / factor) * factor)
        w_bar = max(factor, math.floor(width / beta / factor) * factor)
    elif h_bar * w_bar < min_pixels:
        beta = math.sqrt(min_pixels / (height * width))
        h_bar = math.ceil(height * beta / factor) * factor
        w_bar = math.ceil(width * beta / factor) * factor
    return h_bar, w_bar


def capped_size(width: int, height: int, max_pixels: int | None) -> tuple[int, int]:
    """``(width, height)`` after :func:`prepare_image`'s downscale to at most ``max_pixels`` (aspect kept).

    >>> capped_size(4000, 3000, 1_000_000)
    (1154, 866)
    """
    if not max_pixels or width * height <= max_pixels:
        return width, height
    scale = math.sqrt(max_pixels / (width * height))
    return max(1, int(width * scale)), max(1, int(height * scale))


def image_grid(width: int, height: int, max_pixels: int = DEFAULT_MAX_PIXELS, min_pixels: int = DEFAULT_MIN_PIXELS,
               patch_size: int = PATCH_SIZE, merge_size: int = MERGE_SIZE) -> tuple[int, int]:
    """The ViT patch grid ``(rows, cols)`` of an image as the engines send it (capped, then resized).

    >>> image_grid(1024, 1024)
    (64, 64)
    """
    min_pixels = min(min_pixels, max_pixels)
    width, height = capped_size(width, height, max_pixels)
    h, w = smart_resize(height, width, patch_size * merge_size, min_pixels, max_pixels)
    return h // patch_size, w // patch_size


def count_image_tokens(width: int, height: int, max_pixels: int = DEFAULT_MAX_PIXELS,
                       min_pixels: int = DEFAULT_MIN_PIXELS, patch_size: int = PATCH_SIZE,
                       merge_size: int = MERGE_SIZE) -> int:
    """LLM tokens one image takes: ``(rows/2) * (cols/2 + 1) + 2`` merged patches, newlines, begin/end.

    >>> count_image_tokens(1920, 1080), count_image_tokens(300, 100)
    (2076, 292)
    """
    gh, gw = image_grid(width, height, max_pixels, min_pixels, patch_size, merge_size)
    return (gh // merge_size) * (gw // merge_size + 1) + 2


def prepare_image(image, max_pixels: int | None = None):
    """An upright RGB PIL image of at most ``max_pixels`` pixels (EXIF orientation applied, alpha on white).

    >>> from PIL import Image
    >>> prepare_image(Image.new("RGBA", (4000, 2000)), max_pixels=2_000_000).size
    (2000, 1000)
    >>> prepare_image(Image.new("RGB", (3001, 1999)), 1_234_567).size == capped_size(3001, 1999, 1_234_567)
    True
    """
    from PIL import Image

    from ..images import upright_rgb

    if not isinstance(image, Image.Image):
        raise InputError(f"engines take PIL images, got {type(image).__name__}")
    return upright_rgb(image, max_pixels)


def to_data_url(image, fmt: str = "JPEG", quality: int = 95) -> str:
    """A ``data:`` URL of the image (JPEG by default, like the official clients; PNG is lossless).

    >>> from PIL import Image
    >>> to_data_url(Image.new("RGB", (8, 8)), "PNG")[:22]
    'data:image/png;base64,'
    """
    fmt = fmt.upper().replace("JPG", "JPEG")
    buf = io.BytesIO()
    if fmt == "JPEG":
        image.save(buf, format="JPEG", quality=quality)
    else:
        image.save(buf, format=fmt)
    return f"data:image/{fmt.lower()};base64,{base64.b64encode(buf.getvalue()).decode('ascii')}"
