"""One page through RapidOCR's models: detect, turn upright, crop from the original, recognise, order.

Works on BGR numpy arrays with the sessions of :class:`docextract.engines.rapidocr._Ocr`; the engine
holds the lock. Quads are ``4×2`` float arrays (top-left, top-right, bottom-right, bottom-left).

>>> import numpy as np
>>> q = np.array([[10, 10], [110, 10], [110, 30], [10, 30]], dtype=np.float32)
>>> padded(q, 0.25).round(1).tolist()
[[5.0, 5.0], [115.0, 5.0], [115.0, 35.0], [5.0, 35.0]]
>>> rotate_quads(q[None], 1, (100, 200))[0].tolist()     # 90° clockwise back to a 100×200 (h×w) frame
[[10.0, 89.0], [10.0, -11.0], [30.0, -11.0], [30.0, 89.0]]
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from .ocrlines import fix_digits, row_groups

__all__ = ["to_bgr", "detect", "crop", "padded", "recognise", "read_array", "read_box", "rotate_quads", "skew_angle",
           "tilt", "slanted", "det_scale", "text_height", "ink", "deskewed"]


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


def ink(arr: np.ndarray) -> np.ndarray:
    """The page as grey ink: each pixel's brightest channel, so light coloured watermarks, stamps and
    background patterns fade to paper while black and dark print stays (grey, three channels).

    >>> ink(np.array([[[60, 60, 230], [20, 20, 20]]], dtype=np.uint8))[0, :, 0].tolist()  # pale red, black
    [230, 20]
    """
    grey = arr.max(axis=2)
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


def detect(ocr, arr: np.ndarray, opts: dict) -> np.ndarray:
    """Text quads in ``arr`` pixels (``n×4×2``), detected on a copy scaled by the engine options."""
    import cv2

    h, w = arr.shape[:2]
    s = det_scale(arr, opts)
    img = arr if abs(s - 1) < 1e-3 else cv2.resize(arr, (max(32, round(w * s)), max(32, round(h * s))),
                                                     interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    ocr.det.limit_type, ocr.det.limit_side_len = "max", 100_000  # our own scaling only (rounded to 32)
    out = ocr.det(img)
    if out.boxes is None or len(out.boxes) == 0:
        return np.zeros((0, 4, 2), dtype=np.float32)
    sy, sx = img.shape[0] / h, img.shape[1] / w
    return (np.asarray(out.boxes, dtype=np.float32) / np.array([sx, sy], dtype=np.float32)).astype(np.float32)


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


class _RunnersUp:
    """Wraps the recogniser's CTC decoder and keeps, for each line decoded, the characters it nearly
    read instead: ``(index in the text, character, its probability, the chosen one's)``, the ``k``
    likeliest at each character (at least ``min_prob``)."""

    def __init__(self, decode, min_prob: float = 0.05) -> None:
        self.decode, self.min_prob = decode, min_prob
        self.enabled, self.batches, self.k = False, [], 1

    def __getattr__(self, item):
        return getattr(self.decode, item)

    def __call__(self, preds, *args, **kwargs):
        out = self.decode(preds, *args, **kwargs)
        if not self.enabled:
            return out
        chars = self.decode.character
        idx = preds.argmax(axis=2)
        for b in range(preds.shape[0]):
            sel = np.ones(idx.shape[1], dtype=bool)
            sel[1:] = idx[b, 1:] != idx[b, :-1]
            sel &= idx[b] != 0
            steps = np.nonzero(sel)[0]
            found = []
            if len(steps) and all(len(chars[i]) == 1 for i in idx[b, steps]):
                probs = preds[b, steps]
                chosen = idx[b, steps]
                masked = probs.copy()
                masked[np.arange(len(steps)), chosen] = -1.0
                ranked = np.argsort(-masked, axis=1)[:, :self.k]
                for k, (others, first) in enumerate(zip(ranked, chosen)):
                    for other in others:
                        if other != 0 and probs[k, other] >= self.min_prob:     # 0: the blank
                            found.append((k, chars[other], round(float(probs[k, other]), 3),
                                          round(float(probs[k, first]), 3)))
            self.batches.append(tuple(found))
        return out


def recognise(ocr, crops: list, opts: dict, *, runners_up: bool | int = False) -> list[tuple]:
    """``(text, score)`` for each crop, in order; ``(text, score, runners-up)`` with ``runners_up``
    (a number: that many runner-ups per character, else one)."""
    if not crops:
        return []
    from rapidocr.ch_ppocr_rec import TextRecInput

    ocr.rec.rec_batch_num = int(opts["rec_batch"])
    if not isinstance(ocr.rec.postprocess_op, _RunnersUp):   # installed once per set of sessions
        ocr.rec.postprocess_op = _RunnersUp(ocr.rec.postprocess_op)
    capture = ocr.rec.postprocess_op
    capture.enabled, capture.batches = bool(runners_up), []
    capture.k = 1 if runners_up is True else max(1, int(runners_up or 1))
    try:
        out = ocr.rec(TextRecInput(img=crops))
    finally:
        capture.enabled = False
    pairs = [(str(t), float(s)) for t, s in zip(out.txts, out.scores)]
    if not runners_up:
        return pairs
    # the recogniser reads the crops sorted by their width / height ratio
    order = np.argsort(np.array([c.shape[1] / float(c.shape[0]) for c in crops]))
    per: list[tuple] = [()] * len(crops)
    for pos, found in zip(order, capture.batches):
        per[pos] = found
    return [(t, s, a) for (t, s), a in zip(pairs, per)]


def collapsed(text: str, runners_up: tuple) -> tuple[str, tuple]:
    """``text`` with its whitespace collapsed, and the runners-up indices moved to match."""
    out, where = [], {}
    for k, ch in enumerate(text):
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
            continue
        where[k] = len(out)
        out.append(ch)
    joined = "".join(out).rstrip()
    return joined, tuple((where[k], *rest) for k, *rest in runners_up if k in where)


def _flipped_share(ocr, crops: list) -> float:
    """Share of the widest crops that the line classifier calls upside down (confidently)."""
    if not crops:
        return 0.0
    widest = sorted(range(len(crops)), key=lambda i: -crops[i].shape[1] / max(1, crops[i].shape[0]))[:12]
    res = ocr.cls([crops[i] for i in widest]).cls_res
    return sum(1 for label, score in res if "180" in str(label) and score > 0.8) / len(widest)


def _reads_better_flipped(ocr, crops: list, opts: dict) -> bool:
    """The recogniser is surer of the widest lines turned 180° (the line classifier alone errs)."""
    widest = sorted(range(len(crops)), key=lambda i: -crops[i].shape[1] / max(1, crops[i].shape[0]))[:6]
    sample = [crops[i] for i in widest]
    both = recognise(ocr, sample + [np.ascontiguousarray(np.rot90(c, 2)) for c in sample], opts)
    as_is = sum(sc for _, sc in both[:len(sample)]) / len(sample)
    turned = sum(sc for _, sc in both[len(sample):]) / len(sample)
    return turned > as_is + 0.05


def _sideways(quads: np.ndarray) -> bool:
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


def _variants(page: np.ndarray, quad: np.ndarray, pad: float) -> list[np.ndarray]:
    """Other crops of one line: more margin, and a contrast-stretched copy."""
    wide = crop(page, quad, pad + 0.2)
    tight = crop(page, quad, max(0.0, pad - 0.08)).astype(np.float32)
    lo, hi = np.percentile(tight, 2), np.percentile(tight, 98)
    stretched = ((tight - lo) * (255.0 / max(1.0, hi - lo))).clip(0, 255).astype(np.uint8)
    return [wide, stretched]


def _retry(ocr, page, quads, texts, opts):
    """Re-read lines recognised with a score below ``retry_below`` from other crops; keep the surest reading."""
    weak = [i for i, (_, s) in enumerate(texts) if s < opts["retry_below"]]
    if not weak:
        return texts
    variants = [(i, v) for i in weak for v in _variants(page, quads[i], opts["pad"])]
    again = recognise(ocr, [v for _, v in variants], opts)
    out = list(texts)
    for (i, _), (t, sc) in zip(variants, again):
        if t.strip() and sc > out[i][1]:
            out[i] = (t, sc)
    return out


def _turn(arr: np.ndarray, k: int) -> np.ndarray:
    return arr if k % 4 == 0 else np.ascontiguousarray(np.rot90(arr, -k))


def read_array(ocr, arr: np.ndarray, opts: dict) -> list[list[tuple[str, np.ndarray, float, tuple]]]:
    """Visual rows of ``(text, quad in arr pixels, score, runners-up)``, in reading order of the
    upright page (runners-up: see :class:`_RunnersUp`)."""
    if opts["ink"]:
        arr = ink(arr)
    k = 0
    quads = detect(ocr, arr, opts)
    if opts["upright"] and _sideways(quads):
        k = 1
        quads = detect(ocr, _turn(arr, 1), opts)
    if opts["max_slant"] and len(quads):  # watermarks and stamps run across the text at an angle
        quads = quads[~slanted(quads, skew_angle(quads), opts["max_slant"])]
    page = _turn(arr, k)
    crops = [crop(page, q, opts["pad"]) for q in quads]
    if opts["upright"] and _flipped_share(ocr, crops) > 0.5 and _reads_better_flipped(ocr, crops, opts):
        k += 2
        page = _turn(arr, k)
        quads = rotate_quads(quads, 2, page.shape[:2])[:, [2, 3, 0, 1]]
        crops = [np.ascontiguousarray(np.rot90(c, 2)) for c in crops]
    read = recognise(ocr, crops, opts, runners_up=opts.get("runners_up", True))
    texts = [(t, sc) for t, sc, _ in read]
    if opts["retry_below"] > 0:
        texts = _retry(ocr, page, quads, texts, opts)
    keep = [i for i, (t, s) in enumerate(texts) if t.strip() and s >= opts["min_score"]]
    level = deskewed(quads, skew_angle(quads))  # rows of a tilted photo are found along its text lines
    boxes = [(level[i][:, 0].min(), level[i][:, 1].min(), level[i][:, 0].max(), level[i][:, 1].max()) for i in keep]
    back = rotate_quads(quads, k, arr.shape[:2]) if k else quads
    rows = []
    for row in row_groups(boxes):
        out = []
        for j in row:
            i = keep[j]
            text, alts = collapsed(texts[i][0], read[i][2] if texts[i][0] == read[i][0] else ())
            out.append((fix_digits(text) if opts["fixes"] else text, back[i], texts[i][1], alts))
        rows.append(out)
    return rows


def read_box(ocr, arr: np.ndarray, box, opts: dict) -> tuple[str, float]:
    """Read the region ``box`` (x1, y1, x2, y2) of ``arr``: line by line if several lines are found."""
    h, w = arr.shape[:2]
    x1, y1, x2, y2 = (int(round(float(v))) for v in box)
    x1, x2 = sorted((max(0, min(w, x1)), max(0, min(w, x2))))
    y1, y2 = sorted((max(0, min(h, y1)), max(0, min(h, y2))))
    if x2 - x1 < 2 or y2 - y1 < 2:
        return "", 0.0
    if opts["ink"]:
        arr = ink(arr)
    m = int(round(opts["pad"] * (y2 - y1)))
    region = np.ascontiguousarray(arr[max(0, y1 - m):min(h, y2 + m), max(0, x1 - m):min(w, x2 + m)])
    sub = {**opts, "ink": False, "upright": False, "min_score": 0.0,
           "det_max_pixels": min(opts["det_max_pixels"], 600_000)}
    found = [ln for row in read_array(ocr, region, sub) for ln in row]
    if len(found) > 1:
        texts = [f[0] for f in found]
        return " ".join(texts), float(min(f[2] for f in found))
    quad = np.array([[0, 0], [region.shape[1], 0], [region.shape[1], region.shape[0]], [0, region.shape[0]]],
                    dtype=np.float32)
    whole = recognise(ocr, [crop(region, quad)], opts)[0]
    if found and found[0][2] > whole[1]:
        return found[0][0], float(found[0][2])
    text = " ".join(whole[0].split())
    return (fix_digits(text) if opts["fixes"] else text), float(whole[1])
