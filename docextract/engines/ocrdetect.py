"""A page for RapidOCR's detector: BGR pixels, its ink, the scale text is detected at, and the text quads found.

Works on BGR numpy arrays with the sessions of :class:`docextract.engines.rapidocr._Ocr`; the engine
holds the lock. Quads come back as an ``n×4×2`` float array in the page's own pixels (see
:mod:`.ocrquads`).

>>> from PIL import Image
>>> to_bgr(Image.new("RGB", (3, 2), (255, 0, 0))).shape, to_bgr(Image.new("RGB", (3, 2), (255, 0, 0)))[0, 0].tolist()
((2, 3, 3), [0, 0, 255])
>>> det_scale(np.full((100, 400, 3), 255, dtype=np.uint8),
...           {"det_max_side": 2000, "det_max_pixels": 4_000_000, "det_text_px": 0, "det_min_side": 200})
2.0
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError

__all__ = ["to_bgr", "brightest", "ink", "text_height", "det_scale", "detect"]


def to_bgr(image) -> np.ndarray:
    """A contiguous BGR uint8 array of a PIL image (any mode)."""
    from PIL import Image

    if not isinstance(image, Image.Image):
        raise InputError(f"the rapidocr engine takes PIL images, got {type(image).__name__}")
    if image.width < 2 or image.height < 2:
        raise InputError(f"image has no readable pixels ({image.width}×{image.height})")
    if image.mode != "RGB":
        image = image.convert("RGB")
    return np.ascontiguousarray(np.asarray(image)[:, :, ::-1])


def brightest(arr: np.ndarray) -> np.ndarray:
    """Each pixel's brightest channel: ``arr.max(axis=-1)``, taken channel against channel (numpy's
    reduction over three values a pixel was twenty times slower on a page).

    >>> brightest(np.array([[[60, 60, 230], [20, 90, 20]]], dtype=np.uint8)).tolist()
    [[230, 90]]
    """
    if arr.shape[-1] < 2:
        return arr[..., 0].copy()
    out = np.maximum(arr[..., 0], arr[..., 1])
    for k in range(2, arr.shape[-1]):
        np.maximum(out, arr[..., k], out=out)
    return out


def ink(arr: np.ndarray) -> np.ndarray:
    """The page as grey ink: each pixel's brightest channel, so light coloured watermarks, stamps and
    background patterns fade to paper while black and dark print stays (grey, three channels).

    >>> ink(np.array([[[60, 60, 230], [20, 20, 20]]], dtype=np.uint8))[0, :, 0].tolist()  # pale red, black
    [230, 20]
    """
    grey = brightest(arr)
    return np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2))


def text_height(arr: np.ndarray) -> float | None:
    """A quick estimate of the glyph height in pixels (75th percentile of ink blob heights), or None."""
    import cv2

    h, w = arr.shape[:2]
    f = min(1.0, 1000 / max(h, w))
    g = cv2.cvtColor(arr, cv2.COLOR_BGR2GRAY)
    if f < 1:
        g = cv2.resize(g, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    ink = cv2.adaptiveThreshold(g, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    _, _, st, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    hs, ws, area = st[1:, cv2.CC_STAT_HEIGHT], st[1:, cv2.CC_STAT_WIDTH], st[1:, cv2.CC_STAT_AREA]
    ok = (hs >= 5) & (hs <= g.shape[0] * 0.2) & (ws <= hs * 3) & (area >= 10)
    if ok.sum() < 5:
        return None
    return float(np.percentile(hs[ok], 75)) / f


def det_scale(arr: np.ndarray, opts: dict) -> float:
    """Detection scale: glyphs about ``det_text_px`` high (when they can be measured), within
    ``det_max_side`` and ``det_max_pixels``; otherwise small images are enlarged to ``det_min_side``."""
    h, w = arr.shape[:2]
    cap = min(opts["det_max_side"] / max(h, w), (opts["det_max_pixels"] / (h * w)) ** 0.5)
    est = text_height(arr) if opts["det_text_px"] else None
    if est:
        s = min(2.0, max(0.25, opts["det_text_px"] / est))
    else:
        s = 1.0
        if min(h, w) < opts["det_min_side"]:
            s = opts["det_min_side"] / min(h, w)
    return max(min(s, cap), 1e-3)


class _LookedUp:
    """RapidOCR's detector input from a uint8 page: resized as RapidOCR does, then each channel's 256
    levels scaled by a table made with RapidOCR's own arithmetic (the same values, bit for bit; it
    computed the page in float64 and copied it twice)."""

    def __init__(self, base) -> None:
        self.base = base

    def __call__(self, img: np.ndarray) -> np.ndarray | None:
        resized = self.base.resize(img)
        if resized is None or resized.dtype != np.uint8 or resized.ndim != 3:
            return None if resized is None else self.base(img)
        levels = np.repeat(np.arange(256, dtype=np.uint8)[:, None, None], resized.shape[2], axis=2)
        table = self.base.normalize(levels)[:, 0, :].astype(np.float32)
        out = np.empty((1, resized.shape[2]) + resized.shape[:2], dtype=np.float32)
        for c in range(resized.shape[2]):
            np.take(table[:, c], resized[:, :, c], out=out[0, c])
        return out


def detect(ocr, arr: np.ndarray, opts: dict) -> np.ndarray:
    """Text quads in ``arr`` pixels (``n×4×2``), detected on a copy scaled by the engine options."""
    import cv2

    h, w = arr.shape[:2]
    s = det_scale(arr, opts)
    img = arr if abs(s - 1) < 1e-3 else cv2.resize(arr, (max(32, round(w * s)), max(32, round(h * s))),
                                                     interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    ocr.det.limit_type, ocr.det.limit_side_len = "max", 100_000  # our own scaling only (rounded to 32)
    if "get_preprocess" not in vars(ocr.det):     # installed once per set of sessions
        made = ocr.det.get_preprocess
        ocr.det.get_preprocess = lambda: _LookedUp(made())
    out = ocr.det(img)
    if out.boxes is None or len(out.boxes) == 0:
        return np.zeros((0, 4, 2), dtype=np.float32)
    sy, sx = img.shape[0] / h, img.shape[1] / w
    return (np.asarray(out.boxes, dtype=np.float32) / np.array([sx, sy], dtype=np.float32)).astype(np.float32)
