"""A value of several lines whose last line a watermark hid: the print right below it read again.

A field that may span lines (``hints: lines: 5``, an address) can come back cut short when a
watermark crossing its last line hides that line from the text detector: ``…滨江大道139号1`` where
the card prints ``1号楼306`` below it. The value is found and fits its type, so nothing else looks
again. Here the band right below the value's last line, one line high, in its columns, is searched
for print that no line read covers (:func:`~docextract.engines.stamps.unread_print`; a line there
that the watermark merged with the print — a piece of its words read onto it, or a box taller than
1.4 lines — covers none); only where there is some is it read on its own, with what is fainter than
the print taken out (as :mod:`docextract.reread`'s third step does), and the fields found again:
the value is replaced only by one that holds all of it and more, and a stamp's or watermark's words
never join it. The field finder, not this module, decides whether the line read
continues the value. A value lengthened so keeps ``source`` ``reread`` and is trusted less (× 0.8).

>>> extends("云南省大理 139号1", "云南省大理139号11号楼306"), extends("云南省", "云南省"), extends("云南", "广东省")
(True, False, False)
"""

from __future__ import annotations

import re

from .rereadlines import line_height, unread_lines
from .stamptext import is_stamp_text, stamp_ends, stamp_pattern
from .types import FieldCandidate, Line

__all__ = ["continued_values", "extends"]


def extends(old: str, new: str) -> bool:
    """Whether ``new`` holds all of ``old`` and more, from its start (spaces aside)."""
    a, b = re.sub(r"\s+", "", old or ""), re.sub(r"\s+", "", new or "")
    return bool(a) and len(b) > len(a) and b.startswith(a)


def _print_below(image, lines: list[Line], box, height: float) -> tuple | None:
    """The band right below ``box`` (its last line's height, in its columns) when print none of
    ``lines`` covers (a watermark's words cover none) stands in it, else None; looked for in that
    band only (cheap on large pages)."""
    import numpy as np

    from .engines.stamps import print_level, unread_print

    x1, _, x2, y2 = (float(v) for v in box)
    band = (max(0.0, x1 - height), max(0.0, y2 - height), min(float(image.width), x2 + height),
            min(float(image.height), y2 + 1.6 * height))
    if band[2] - band[0] < 2 * height or band[3] - y2 < 0.5 * height:
        return None
    rgb = np.asarray(image.crop(tuple(int(round(v)) for v in band)).convert("RGB"))
    inside = [(b[0] - band[0], b[1] - band[1], b[2] - band[0], b[3] - band[1]) for b in
              (ln.box for ln in lines if ln.box is not None and not is_stamp_text(ln.text))
              if b[2] > band[0] and b[0] < band[2] and b[3] > band[1] and b[1] < band[3]]
    below = [r for r in unread_print(rgb, inside, height, level=print_level(rgb, inside))   # what is fainter
             if r[1] + band[1] >= y2 - 0.3 * height]     # than the print (a watermark) taken out
    return band if below else None


def _merged_below(line: Line, box, height: float) -> bool:
    """Whether ``line`` stands right below ``box`` (its middle), in its columns, with a piece of a stamp's or
    watermark's words read onto its start or end or its box taller than 1.4 lines (a slanted watermark's):
    the watermark merged with print it hides."""
    b = line.box
    return b is not None and box[3] <= (b[1] + b[3]) / 2 <= box[3] + 2 * height and b[0] < box[2] \
        and b[2] > box[0] and (bool(stamp_pattern().search(line.text)) or stamp_ends(line.text) != line.text.strip()
                               or b[3] - b[1] > 1.4 * height)


def continued_values(engine, images: list, lines: list[Line], schema, found: dict[str, FieldCandidate],
                     find, hints_of, factor: float = 0.8) -> None:
    """``found``'s values of several lines (``hints: lines`` over 1) lengthened, a line at a time, where a
    line below the last one was read only now (see the module's text); ``find(lines)`` finds the fields
    in other lines; ``factor``: how much less a value lengthened so is trusted."""
    if not images or not callable(getattr(engine, "read_lines", None)):
        return
    for spec in schema.fields:
        most = int(hints_of(spec).get("lines", 1) or 1) if spec.type == "text" else 1
        for _ in range(most - 1):
            cand = found.get(spec.name)
            if cand is None or cand.box is None or not cand.raw or not 0 <= (cand.page or 0) < len(images):
                break
            p = cand.page or 0
            others = [ln for ln in lines if ln.page != p]
            height = line_height([ln for ln in lines if ln.page == p])
            mine = [ln for ln in lines if ln.page == p and not _merged_below(ln, cand.box, height)]
            band = _print_below(images[p], mine, cand.box, height)
            redone = None if band is None else unread_lines(engine, images[p], mine, p, within=band)
            again = None if redone is None else find(others + redone).get(spec.name)
            if again is None or not extends(cand.raw, again.raw) or is_stamp_text(
                    re.sub(r"\s+", "", again.raw)[len(re.sub(r"\s+", "", cand.raw)):]):
                break
            again.source = "reread"
            again.confidence = None if again.confidence is None else round(again.confidence * factor, 3)
            found[spec.name], lines = again, others + redone
