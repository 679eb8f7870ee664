"""The geometry of text quads: padding, straightened crops, quarter turns, page tilt, slant, levelling.

A quad is a ``4×2`` float array of a text box's corners (top-left, top-right, bottom-right,
bottom-left) in image pixels, as RapidOCR's detector finds them; ``quads`` is an ``n×4×2`` stack.
Pure numpy (OpenCV only for :func:`crop`); used by :mod:`.ocrpage` and :mod:`.rapidocr`.

>>> import numpy as np
>>> q = np.array([[10, 10], [110, 10], [110, 30], [10, 30]], dtype=np.float32)
>>> padded(q, 0.25).round(1).tolist()
[[5.0, 5.0], [115.0, 5.0], [115.0, 35.0], [5.0, 35.0]]
>>> rotate_quads(q[None], 1, (100, 200))[0].tolist()     # 90° clockwise back to a 100×200 (h×w) frame
[[10.0, 89.0], [10.0, -11.0], [30.0, -11.0], [30.0, 89.0]]
"""

from __future__ import annotations

import numpy as np

__all__ = ["padded", "crop", "sideways", "rotate_quads", "NEAR_LEVEL", "skew_angle", "tilt", "slanted", "deskewed"]


def padded(quad: np.ndarray, pad: float) -> np.ndarray:
    """``quad`` grown outwards by ``pad`` × its height on every side (along its own axes)."""
    tl, tr, br, bl = quad.astype(np.float32)
    h = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    if pad <= 0 or h < 1:
        return quad.astype(np.float32)
    u = (tr - tl) / max(1e-6, np.linalg.norm(tr - tl))
    v = (bl - tl) / max(1e-6, np.linalg.norm(bl - tl))
    d = pad * h
    return np.array([tl - d * u - d * v, tr + d * u - d * v, br + d * u + d * v, bl - d * u + d * v],
                    dtype=np.float32)


def crop(arr: np.ndarray, quad: np.ndarray, pad: float = 0.0) -> np.ndarray:
    """The straightened crop of ``quad`` (padded) out of ``arr``; tall crops are turned to read across."""
    import cv2

    q = padded(quad, pad)
    w = int(max(np.linalg.norm(q[0] - q[1]), np.linalg.norm(q[2] - q[3])))
    h = int(max(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[1] - q[2])))
    w, h = max(w, 4), max(h, 4)
    dst = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(q, dst)
    out = cv2.warpPerspective(arr, m, (w, h), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)
    if h >= 1.5 * w:
        out = np.ascontiguousarray(np.rot90(out))
    return out


def sideways(quads: np.ndarray) -> bool:
    """Most clearly line-shaped text boxes run down the page: it lies on its side."""
    if len(quads) < 3:
        return False
    w = np.linalg.norm(quads[:, 1] - quads[:, 0], axis=1)
    h = np.linalg.norm(quads[:, 3] - quads[:, 0], axis=1)
    tall, wide = int((h > 2.5 * w).sum()), int((w > 2.5 * h).sum())
    return tall >= 3 and tall > wide


def rotate_quads(quads: np.ndarray, k: int, shape: tuple[int, int]) -> np.ndarray:
    """Map quads found in ``np.rot90(img, -k)`` (``k`` quarter turns clockwise) back to ``img`` of ``shape`` (h, w)."""
    h, w = shape
    q = quads.astype(np.float32).copy()
    x, y = q[..., 0].copy(), q[..., 1].copy()
    if k % 4 == 1:    # rotated clockwise: (x, y) in the rotated frame came from (y, h - 1 - x)
        q[..., 0], q[..., 1] = y, h - 1 - x
    elif k % 4 == 2:
        q[..., 0], q[..., 1] = w - 1 - x, h - 1 - y
    elif k % 4 == 3:
        q[..., 0], q[..., 1] = w - 1 - y, x
    return q


#: a photographed page is rarely tilted more than this; lines beyond it are a watermark's when
#: enough lines lie within it (see :func:`skew_angle`)
NEAR_LEVEL = np.radians(20)


def skew_angle(quads: np.ndarray) -> float:
    """The page tilt in radians: the length-weighted median slope of the top edges of long text boxes.

    When a repeated diagonal watermark outnumbers the page's own lines, the near-level lines still
    decide (if they carry a fifth of the length): the document's print is level or slightly tilted,
    a watermark runs across it.

    >>> level = [[0, 0], [200, 4], [200, 34], [0, 30]]
    >>> mark = [[0, 0], [150, 100], [133, 125], [-17, 25]]       # 34° up the page
    >>> round(float(np.degrees(skew_angle(np.array([level] * 2 + [mark] * 6, dtype=np.float32)))), 1)
    1.1
    >>> round(float(np.degrees(skew_angle(np.array([mark] * 6, dtype=np.float32)))), 1)
    33.7
    """
    if len(quads) == 0:
        return 0.0
    d = quads[:, 1] - quads[:, 0]
    length = np.hypot(d[:, 0], d[:, 1])
    height = np.linalg.norm(quads[:, 3] - quads[:, 0], axis=1)
    ok = length > 2.5 * np.maximum(height, 1)
    if ok.sum() < 2:
        return 0.0
    angles = np.arctan2(d[:, 1], d[:, 0])
    near = ok & (np.abs(angles) <= NEAR_LEVEL)
    if near.sum() >= 2 and length[near].sum() >= 0.2 * length[ok].sum():
        ok = near
    ang, w = angles[ok], length[ok]
    order = np.argsort(ang)
    cum = np.cumsum(w[order])
    return float(ang[order][np.searchsorted(cum, cum[-1] / 2)])


def tilt(quad: np.ndarray) -> float | None:
    """The slope (dy/dx) of a text quad's top edge, rounded; None when it runs more up than across.

    >>> tilt(np.array([[0, 10], [200, 0], [201, 30], [1, 40]]))
    -0.05
    """
    dx, dy = (float(v) for v in quad[1] - quad[0])
    return round(dy / dx, 4) if dx > abs(dy) else None


def slanted(quads: np.ndarray, angle: float, max_deg: float) -> np.ndarray:
    """Mask of line-shaped quads whose direction differs from the page's ``angle`` by over ``max_deg``°.

    >>> level = [[0, 0], [100, 0], [100, 20], [0, 20]]
    >>> steep = [[0, 0], [87, 50], [77, 67], [-10, 17]]        # 30° up the page, like a watermark
    >>> slanted(np.array([level, level, steep], dtype=np.float32), 0.0, 12).tolist()
    [False, False, True]
    """
    d = quads[:, 1] - quads[:, 0]
    length = np.hypot(d[:, 0], d[:, 1])
    height = np.linalg.norm(quads[:, 3] - quads[:, 0], axis=1)
    diff = np.abs((np.arctan2(d[:, 1], d[:, 0]) - angle + np.pi / 2) % np.pi - np.pi / 2)
    return (length > 2.5 * np.maximum(height, 1)) & (diff > np.radians(max_deg))


def deskewed(quads: np.ndarray, angle: float) -> np.ndarray:
    """Quads rotated by ``-angle`` (about the origin), so tilted text lines become level."""
    if abs(angle) < 0.003 or len(quads) == 0:
        return quads
    c, s = np.cos(angle), np.sin(angle)
    x, y = quads[..., 0], quads[..., 1]
    return np.stack([c * x + s * y, -s * x + c * y], axis=-1)
