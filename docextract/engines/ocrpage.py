"""One page through RapidOCR's models: detect, turn upright, crop from the original, recognise, order.

Works on BGR numpy arrays with the sessions of :class:`docextract.engines.rapidocr._Ocr`; the engine
holds the lock. Detection is :mod:`.ocrdetect`, the geometry of the quads :mod:`.ocrquads`; here the
crops are recognised (with each character's runners-up), weak lines re-read, and the lines grouped
into rows in reading order.

>>> collapsed("  Total  12.50 ", ((2, "T", 0.1, 0.9), (8, "_", 0.2, 0.5), (9, "1", 0.2, 0.7)))
('Total 12.50', ((0, 'T', 0.1, 0.9), (6, '1', 0.2, 0.7)))
"""

from __future__ import annotations

import numpy as np

from .ocrdetect import detect, ink
from .ocrlines import fix_digits, row_groups
from .ocrquads import crop, deskewed, rotate_quads, sideways, skew_angle, slanted

__all__ = ["recognise", "collapsed", "read_array", "region_options", "read_box"]


class _RunnersUp:
    """Wraps the recogniser's CTC decoder and keeps, for each line decoded, the characters it nearly
    read instead: ``(index in the text, character, its probability, the chosen one's)``, the ``k``
    likeliest at each character (at least ``min_prob``)."""

    def __init__(self, decode, min_prob: float = 0.05) -> None:
        self.decode, self.min_prob = decode, min_prob
        self.enabled, self.batches, self.k = False, [], 1

    def __getattr__(self, item):
        return getattr(self.decode, item)

    def __call__(self, preds, return_word_box: bool = False, **kwargs):
        idx = preds.argmax(axis=2)
        if callable(getattr(self.decode, "decode", None)):   # RapidOCR's CTC decoder, given the best class
            # and its probability found once here (it looks for each again: two more passes over all classes)
            out = self.decode.decode(idx, np.take_along_axis(preds, idx[..., None], axis=2)[..., 0],
                                     return_word_box, kwargs.get("wh_ratio_list", (1.0,)),
                                     kwargs.get("max_wh_ratio", 1.0), remove_duplicate=True)
        else:
            out = self.decode(preds, return_word_box, **kwargs)
        if not self.enabled:
            return out
        chars = self.decode.character
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
                # the k likeliest others, likeliest first (a partition, not a sort of every class)
                part = masked.argmax(axis=1)[:, None] if self.k == 1 else \
                    np.argpartition(-masked, self.k, axis=1)[:, :self.k]
                ranked = np.take_along_axis(part, np.argsort(-np.take_along_axis(masked, part, 1), axis=1), 1)
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
    ocr.rec.rec_image_shape = [3, 48, int(opts["rec_min_width"])]   # each batch's narrowest width
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
    if opts["upright"] and sideways(quads):
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


def region_options(opts: dict, glyphs: int = 4) -> dict:
    """The engine options a region of a page is read with: none turned, no ink view of its own; a
    region whose glyphs are too few to measure is enlarged to ``glyphs`` glyph heights, not to a page's
    short side (a 40-px band right of a label was enlarged 15 times, 0.2 s to detect each time).

    >>> from .ocrdetect import det_scale
    >>> opts = {"det_max_side": 2400, "det_min_side": 640, "det_max_pixels": 2_000_000, "det_text_px": 20}
    >>> det_scale(np.full((40, 330, 3), 255, np.uint8), region_options(opts, glyphs=8))
    4.0
    """
    return {**opts, "ink": False, "upright": False, "det_max_pixels": min(opts["det_max_pixels"], 600_000),
            "det_min_side": min(opts["det_min_side"], glyphs * (opts["det_text_px"] or 20))}


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
    sub = {**region_options(opts, glyphs=8), "min_score": 0.0}   # every line kept
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
