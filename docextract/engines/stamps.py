"""Coloured stamps over printed text: where they lie on a page, and the page with their ink taken out.

A stamp (``复印无效``, a company seal) is pressed in one strong colour, red or blue, over black print.
:func:`find_stamps` finds the places where such ink forms a shape larger than a line of text (a
frame, a ring, big letters); :func:`without_stamp` turns a region grey in the colour channel where
the stamp's ink is light (red ink is light in the red channel, black print is dark in all three)
and whitens everything as light as the stamp, so the print under it can be read again.
:func:`unread_print` finds print that no line read covers (a watermark across it hid it from the
text detector), to be read again on its own; :func:`print_level` tells print from a fainter watermark.

Works on RGB ``uint8`` numpy arrays (``np.asarray(pil_image)``).

>>> import numpy as np
>>> page = np.full((200, 400, 3), 235, np.uint8)
>>> page[40:80, 20:120] = (20, 20, 20)                        # black print
>>> page[30:34, 100:260] = page[86:90, 100:260] = (200, 40, 50)  # a red frame over it
>>> page[30:90, 100:104] = page[30:90, 256:260] = (200, 40, 50)
>>> [s.box for s in find_stamps(page, line_height=20)]
[(100, 30, 260, 90)]
>>> grey = without_stamp(page, find_stamps(page, line_height=20)[0])
>>> int(grey[60, 50]), int(grey[32, 200]), int(grey[60, 200])   # print stays, the frame and paper are white
(0, 255, 255)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .ocrdetect import brightest

__all__ = ["Stamp", "find_stamps", "stamp_ink", "without_stamp", "unread_print", "print_level", "print_channel"]


@dataclass(frozen=True)
class Stamp:
    """A stamp on a page: its pixel box, the channel its ink is lightest in (0 R, 1 G, 2 B) and
    that channel's level on its strokes."""

    box: tuple[int, int, int, int]
    channel: int
    level: float


def stamp_ink(rgb: np.ndarray, min_chroma: int = 45) -> np.ndarray:
    """Mask of strongly coloured red or blue pixels (a stamp's ink; black, grey and paper are not).

    >>> stamp_ink(np.array([[[200, 40, 50], [20, 20, 20], [40, 60, 190], [235, 235, 230]]], np.uint8)).tolist()
    [[True, False, True, False]]
    """
    a = rgb.astype(np.int16)
    r, g, b = a[..., 0], a[..., 1], a[..., 2]
    red = (r - np.maximum(g, b) >= min_chroma)
    blue = (b - np.maximum(r, g) >= min_chroma)
    return red | blue


def find_stamps(rgb: np.ndarray, line_height: float, *, max_share: float = 0.25) -> list[Stamp]:
    """Stamps on a page: strokes of red or blue ink that join into a shape at least 1.25 line heights
    tall and wide, drawn thinly (not a solid coloured surface such as a desk under a photo), and not
    larger than ``max_share`` of the page. Ink is joined across gaps of a quarter line height, or
    (none found so) of half a line height into a shape one line height tall: a faded stamp's letters
    stand further apart and its frame may not show."""
    ink = stamp_ink(rgb)
    if ink.sum() < line_height * line_height:
        return []
    for join, tall in ((0.25, 1.25), (0.5, 1.0)):   # none found: a faded stamp's letters, further apart
        out = _stamp_shapes(rgb, ink, line_height, join, tall, max_share)     # and their frame lost
        if out:
            break
    return out


def _stamp_shapes(rgb: np.ndarray, ink: np.ndarray, line_height: float, join: float, tall: float,
                  max_share: float) -> list[Stamp]:
    """The stamps of :func:`find_stamps` with the ink joined over gaps of ``join`` line heights, at
    least ``tall`` line heights tall."""
    import cv2

    h, w = rgb.shape[:2]
    k = max(3, int(line_height * join))
    joined = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    n, labels, st, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, bw, bh, area = (int(v) for v in st[i])
        if bw < 1.25 * line_height or bh < tall * line_height or bw * bh > max_share * w * h:
            continue
        part = labels[y:y + bh, x:x + bw] == i
        strokes = ink[y:y + bh, x:x + bw] & part
        if strokes.sum() > 0.45 * bw * bh:      # a solid surface, not ink strokes
            continue
        colours = rgb[y:y + bh, x:x + bw][strokes].astype(np.float32)
        channel = int(np.argmax(colours.mean(axis=0)))
        out.append(Stamp((x, y, x + bw, y + bh), channel, float(np.percentile(colours[:, channel], 25))))
    return out


def without_stamp(rgb: np.ndarray, stamp: Stamp) -> np.ndarray:
    """``rgb`` as grey (one channel, ``uint8``) with ``stamp``'s ink removed: its light channel, with
    everything at least nearly as light as the stamp's strokes made white and the rest stretched."""
    grey = rgb[..., stamp.channel].astype(np.float32)
    white = max(32.0, stamp.level - 12)
    black = min(float(np.percentile(grey, 1)), white - 16)
    out = (grey - black) * (255.0 / max(1.0, white - black))
    return out.clip(0, 255).astype(np.uint8)


def _box_pixels(image: np.ndarray, boxes: list) -> np.ndarray:
    """The pixels of ``image`` (grey or RGB) inside ``boxes`` (x1, y1, x2, y2), one row each."""
    shape = (-1,) + image.shape[2:]
    parts = [image[max(0, int(b[1])):max(0, int(b[3])), max(0, int(b[0])):max(0, int(b[2]))].reshape(shape)
             for b in boxes]
    return np.concatenate(parts) if parts else np.empty((0,) + image.shape[2:], image.dtype)


def print_level(rgb: np.ndarray, boxes: list) -> float | None:
    """The grey level (each pixel's brightest channel) halfway between the page's print, as dark as
    the darkest twentieth of the lines read (``boxes``), and its paper (the page's median): print is
    darker, a faint watermark or shadow lighter. None where no box holds a pixel.

    >>> page = np.full((60, 200, 3), 240, np.uint8)
    >>> page[10:30, 10:90] = 30
    >>> print_level(page, [(5, 5, 95, 35)]), print_level(page, []), print_level(page, [(300, 0, 310, 5)])
    (135.0, None, None)
    """
    grey = brightest(rgb) if rgb.ndim == 3 else rgb
    inked = _box_pixels(grey, boxes)
    if not inked.size:
        return None
    return float((np.percentile(inked, 5) + np.median(grey)) / 2)


def print_channel(rgb: np.ndarray, boxes: list) -> int:
    """The colour channel (0 R, 1 G, 2 B) the print of the lines read (``boxes``) is darkest in, its
    darkest fifth taken: read in it, coloured print (a blue label) stays as dark as black print; 1
    where no box holds a pixel.

    >>> page = np.full((40, 100, 3), 240, np.uint8)
    >>> page[10:30, 10:50] = (40, 90, 170)     # blue print
    >>> print_channel(page, [(5, 5, 55, 35)]), print_channel(page, [])
    (0, 1)
    """
    px = _box_pixels(rgb, boxes)
    if not len(px):
        return 1
    most = brightest(px)
    dark = px[most <= np.percentile(most, 20)]
    return int(np.argmin(dark.mean(axis=0)))


def unread_print(rgb: np.ndarray, boxes: list, line_height: float, *, most: int = 6,
                 level: float | None = None) -> list[list[int]]:
    """Boxes ``[x1, y1, x2, y2]`` of dark print (each pixel's brightest channel, so coloured marks
    fade; with ``level``, only pixels darker than it: :func:`print_level`) of about a line's height
    that none of ``boxes`` (the lines read, grown by a fifth of a line) covers, inside the rows the
    lines span and starting inside their columns; glyphs on one row are joined; the ``most`` largest.

    >>> page = np.full((200, 400, 3), 235, np.uint8)
    >>> page[40:60, 20:120] = page[120:140, 40:90] = page[120:140, 100:130] = 20    # three pieces of print
    >>> unread_print(page, [(15, 35, 125, 65), (300, 150, 380, 170)], line_height=20)
    [[41, 120, 131, 140]]
    """
    import cv2

    if not boxes:
        return []
    h = max(4.0, float(line_height))
    grey = np.ascontiguousarray(brightest(rgb))
    ink = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, int(2 * h) | 1, 30) > 0
    if level is not None:
        ink &= grey < level
    xs = [v for b in boxes for v in (b[0], b[2])]
    ys = [v for b in boxes for v in (b[1], b[3])]
    top, bottom, left, right = min(ys) - 3 * h, max(ys) + 3 * h, min(xs), max(xs)
    m = 0.2 * h
    for x1, y1, x2, y2 in boxes:
        ink[int(max(0, y1 - m)):int(max(0, y2 + m)), int(max(0, x1 - m)):int(max(0, x2 + m))] = False   # (a box
        # above or left of ``rgb``, a crop of a page, covers none of it)
    joined = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_CLOSE,
                              np.ones((max(3, int(h / 4)), max(3, int(h / 2))), np.uint8))
    n, _, st, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    found = sorted([int(x), int(y), int(x + w), int(y + bh)] for x, y, w, bh, _ in st[1:]
                   if 0.5 * h <= bh <= 2 * h and w >= 0.5 * h and ink[y:y + bh, x:x + w].sum() >= 0.08 * w * bh)
    rows: list[list[int]] = []
    for b in found:      # glyphs of one row, less than 1.5 lines apart, are one piece of print
        for r in rows:
            if min(r[3], b[3]) - max(r[1], b[1]) > 0.5 * min(r[3] - r[1], b[3] - b[1]) and b[0] - r[2] < 1.5 * h:
                r[:] = [min(r[0], b[0]), min(r[1], b[1]), max(r[2], b[2]), max(r[3], b[3])]
                break
        else:
            rows.append(list(b))
    # a row counts where it starts inside the lines' columns, at most three lines above or below
    # them; it may run on past them (a number longer than the lines above it)
    rows = [r for r in rows if r[0] < right and r[2] > left and r[1] < bottom and r[3] > top]
    return sorted(rows, key=lambda r: -(r[2] - r[0]) * (r[3] - r[1]))[:most]
