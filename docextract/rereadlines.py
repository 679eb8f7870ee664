"""A page's lines read again where its first reading missed print (the steps of
:func:`~docextract.reread.reread_fields` that ask the engine): the bands a coloured stamp crosses read
without its ink (:func:`stamped_lines`), the print no line covers read alone (:func:`unread_lines`), and
the page detected again with larger glyphs (:func:`zoomed_lines`); :func:`per_page` runs one of them on
each page. A stamp's or watermark's words read in them are left out.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .errors import DocextractError
from .stamptext import is_stamp_text, strip_stamp_text
from .types import Line

__all__ = ["page_stamps", "stamped_lines", "unread_lines", "zoomed_lines", "per_page", "ZOOM"]


def line_height(lines: list[Line]) -> float:
    """A line's height: the lower quartile of the boxes' (a tilted long line's box is taller)."""
    hs = sorted(ln.box.height for ln in lines if ln.box is not None)
    return float(hs[len(hs) // 4]) if hs else 24.0


def page_stamps(image, height: float) -> list:
    """The coloured stamps on a page (:func:`~docextract.engines.stamps.find_stamps`) whose lines are
    ``height`` pixels high, looked for on a small copy of a large page; boxes in the page's pixels."""
    import numpy as np

    from .engines.stamps import Stamp, find_stamps

    rgb = np.asarray(image.convert("RGB"))
    step = max(1, int(max(rgb.shape[:2]) / 800 + 0.5))
    return [Stamp(tuple(v * step for v in st.box), st.channel, st.level)
            for st in find_stamps(np.ascontiguousarray(rgb[::step, ::step]), height / step)]


def stamped_lines(engine, image, lines: list[Line], page: int) -> list[Line] | None:
    """``lines`` of one page with the bands a stamp crosses read again without it; None if no stamp."""
    height = line_height(lines)
    stamps = page_stamps(image, height)
    if not stamps:
        return None
    out = list(lines)
    for st in stamps:
        x1, y1, x2, y2 = st.box
        crossed = [ln for ln in out if ln.box is not None and y1 <= ln.center[1] <= y2
                   and ln.box[0] < x2 and ln.box[2] > x1]
        for ln in crossed:   # the band holds the whole of every line the stamp crosses
            x1, x2 = min(x1, ln.box[0]), max(x2, ln.box[2])
        band = (x1 - height, y1 - 0.3 * height, x2 + height, y2 + 0.3 * height)
        try:
            again = engine.read_lines(image, band, page=page, stamp=st)
        except DocextractError:   # a failed re-read leaves the page's first reading
            continue
        inside = [ln for ln in out if ln.box is not None and band[0] <= ln.center[0] <= band[2]
                  and band[1] <= ln.center[1] <= band[3]]
        out = [ln for ln in out if ln not in inside] + [
            replace(ln, text=strip_stamp_text(ln.text)) for ln in again
            if strip_stamp_text(ln.text)]
    return out


#: how much larger the glyphs are taken to be when a page is detected again (step 4)
ZOOM = 1.3


def zoomed_lines(engine, image, lines: list[Line], page: int) -> list[Line] | None:
    """The whole page read again with text detected at :data:`ZOOM` times the glyph size (where a
    watermark crosses a line the detector may part them only then); None if the engine cannot."""
    import inspect

    if "zoom" not in inspect.signature(engine.read_lines).parameters:
        return None
    try:
        again = engine.read_lines(image, (0, 0, image.width, image.height), page=page, zoom=ZOOM)
    except DocextractError:
        return None
    return [ln for ln in again if strip_stamp_text(ln.text) == ln.text.strip()] or None


def _word(text: str) -> bool:
    """Whether ``text`` read alone can be a word: two characters or more, or one ideograph (汉, 男).

    >>> _word("汉"), _word("1"), _word("A"), _word("17号"), _word("")
    (True, False, False, True, False)
    """
    return len(text) > 1 or bool(re.fullmatch(r"[\u3400-\u9fff]", text))


def per_page(engine, images: list, lines: list[Line], step) -> list[Line] | None:
    """``lines`` with each page's replaced by ``step(engine, image, its lines, page)``; None if no page changed."""
    out, changed = list(lines), False
    for p in sorted({ln.page for ln in lines}):
        if p < len(images):
            again = step(engine, images[p], [ln for ln in out if ln.page == p], p)
            if again is not None:
                out, changed = [ln for ln in out if ln.page != p] + again, True
    return out if changed else None


def unread_lines(engine, image, lines: list[Line], page: int, faint: bool = True, within=None) -> list[Line] | None:
    """``lines`` of one page (less a watermark's words) and the lines read in the print none of them
    covers (``faint``: read first with what is fainter than the page's print taken out; ``within``: only
    print that reaches into that box, looked for in its rows only: the page's full width, three lines
    above and below it); None if none."""
    import numpy as np

    from .engines.stamps import Stamp, print_channel, print_level, unread_print

    rgb = np.asarray(image.convert("RGB"))
    height = line_height(lines)
    boxes = [ln.box for ln in lines if ln.box is not None and not is_stamp_text(ln.text)]   # a
    # watermark's words cover no print
    level, channel = print_level(rgb, boxes), print_channel(rgb, boxes)    # the page's print and paper
    top = 0 if within is None else max(0, int(within[1] - 3 * height))     # a piece of print (at most
    bottom = len(rgb) if within is None else max(top, int(within[3] + 3 * height) + 1)   # two lines
    # high) that reaches into ``within`` is found alike in these rows
    if bottom - top < 4:
        return None
    found = [(x1, y1 + top, x2, y2 + top) for x1, y1, x2, y2 in unread_print(
        rgb[top:bottom], [(b[0], b[1] - top, b[2], b[3] - top) for b in boxes], height, level=level)]
    added = []
    for x1, y1, x2, y2 in found:
        if within is not None and not (x1 < within[2] and x2 > within[0] and y1 < within[3] and y2 > within[1]):
            continue
        # read for faint print, the band reaches left up to three lines, to the line read before it on
        # its row, not past the lines' left edge: a faint label (a coloured 民族) is read with its value
        left = max([b[2] for b in boxes if b[2] <= x1 and min(b[3], y2) - max(b[1], y1) > 0]
                   + [x1 - 3 * height, min(b[0] for b in boxes)]) if faint else x1
        band = (min(x1 - 0.5 * height, left), y1 - 0.3 * height, x2 + 0.5 * height, y2 + 0.3 * height)
        # read with what is fainter than the page's print taken out (a watermark across it merged
        # the two for the detector), then, where nothing was read so, as it is
        for stamp in ((None,) if level is None or not faint else
                      (Stamp(tuple(int(v) for v in band), channel, level + 12), None)):
            try:
                again = [ln for ln in engine.read_lines(image, band, page=page, stamp=stamp)
                         if strip_stamp_text(ln.text) == ln.text.strip() and _word(ln.text.strip())]
            except DocextractError:
                again = []
            if again:
                break
        added += again
    # a watermark's words read as a line of their own are left out: they stand between a label and its value
    return [ln for ln in lines if not is_stamp_text(ln.text)] + added if added else None
