"""Where a required field was not read because a stamp or a watermark stands over it, say so (the CPU engine's last word
on a field it gives up).

A coloured stamp (:func:`~docextract.engines.stamps.find_stamps`) pressed over a value can hide it
wholly: read again without the stamp's ink (:mod:`docextract.reread`), nothing of the value is left;
a watermark's words read where the value stands show the same.
The field is then still missing, but the user should learn that it is printed and covered, and where,
rather than that the page lacks it. :func:`hidden_fields` gives such a field a candidate with no text,
the stamp's box (or the box of the line its words were read in), ``source`` ``hidden`` and, as its
evidence, what the stamp says where it was read; the result keeps the field ``missing`` and its check
names the stamp.

A stamp stands over a field's value when it crosses the row of the field's label, right of the label's
start; or, where no line shows the label (the stamp hid it too), when it stands where the value would:
below the top of the field found before it (right of that field's value on its row, less than one and a
half of its line heights below it) and above the field found after it (as near). Values derived from
another field (a birth date from an ID number) do not show where their own line is.

>>> from docextract.types import Box, FieldCandidate, Line
>>> found = {"sex": FieldCandidate("女", Box((60, 80, 80, 100))),
...          "birth": FieldCandidate("1973", Box((60, 110, 120, 130)))}
>>> where_hidden((100, 78, 170, 104), ["sex", "ethnicity", "birth"], "ethnicity", ("民族",), [], found)
True
>>> [where_hidden(b, ["sex", "ethnicity", "birth"], "ethnicity", ("民族",), [], found)
...  for b in ((100, 108, 170, 134), (30, 78, 70, 104), (100, 170, 170, 200))]
[False, False, False]
>>> where_hidden((150, 78, 220, 104), ["sex", "ethnicity", "birth"], "ethnicity", ("民族",),
...              [Line("民族", Box((100, 82, 140, 98)))], found)
True
"""

from __future__ import annotations

import re

from .rereadlines import line_height, page_stamps
from .stamptext import is_stamp_text
from .types import Box, FieldCandidate, Line

__all__ = ["hidden_fields", "where_hidden", "neighbours"]


def _row_of(box, line: Line) -> bool:
    """Whether ``box`` crosses ``line``'s row, reaching right of the line's start."""
    y = (line.box[1] + line.box[3]) / 2
    return box[1] <= y <= box[3] and box[2] > line.box[0]


def neighbours(names: list[str], name: str, found: dict) -> tuple:
    """The candidates of ``found`` with a box nearest before and after field ``name`` in the schema's
    order ``names`` (None where there is none): where its value stands, when its label is not read.

    >>> found = {"a": FieldCandidate("x", Box((0, 0, 9, 9))), "d": FieldCandidate("y")}
    >>> [c and c.raw for c in neighbours(["a", "b", "c", "d"], "c", found)]
    ['x', None]
    """
    k = names.index(name)
    before = next((found[n] for n in reversed(names[:k]) if n in found and found[n].box is not None), None)
    after = next((found[n] for n in names[k + 1:] if n in found and found[n].box is not None), None)
    return before, after


def where_hidden(box, names: list[str], name: str, labels, lines: list[Line], found: dict) -> bool:
    """Whether a stamp's ``box`` stands where field ``name``'s value is printed (see the module's text):
    ``names`` are the schema's fields in order, ``labels`` the field's labels, ``lines`` the page's lines,
    ``found`` the candidates found."""
    keys = [lab for lab in labels if len(lab) >= 2]
    shown = [ln for ln in lines if ln.box is not None and any(k in re.sub(r"\s+", "", ln.text or "") for k in keys)]
    if shown:
        return any(_row_of(box, ln) for ln in shown)
    before, after = neighbours(names, name, found)
    if before is None and after is None:
        return False
    y = (box[1] + box[3]) / 2
    if before is not None and (y < before.box[1] or (y <= before.box[3] and box[2] <= before.box[2])
                               or y > before.box[3] + 1.5 * (before.box[3] - before.box[1])):
        return False     # above the field before, left of its value on its row, or rows below it
    return after is None or after.box[1] - 1.5 * (after.box[3] - after.box[1]) < y < after.box[1]


def hidden_fields(images: list, lines: list[Line], schema, found: dict[str, FieldCandidate],
                  names: list[str]) -> dict[str, FieldCandidate]:
    """For each field of ``names`` (missing from ``found``) that a coloured stamp or a line of a stamp's
    or watermark's words (the lexicon's ``[stamp_words]``) covers, a candidate
    with no text, the stamp's box and page, ``source`` ``hidden`` and what the stamp says as its evidence."""
    order = [f.name for f in schema.fields]
    out: dict[str, FieldCandidate] = {}
    for p in sorted({ln.page for ln in lines}):
        if p >= len(images) or not (todo := [n for n in names if n not in found and n not in out]):
            continue
        mine = [ln for ln in lines if ln.page == p]
        boxes = [tuple(st.box) for st in page_stamps(images[p], line_height(mine))]
        boxes += [tuple(ln.box) for ln in mine if ln.box is not None and is_stamp_text(ln.text)]
        here = {n: c for n, c in found.items() if c.page == p and c.source != "derived"}   # where printed
        for name in todo:
            box = next((b for b in boxes if where_hidden(b, order, name, schema.field(name).all_labels(),
                                                         mine, here)), None)
            if box is not None:
                said = [ln.text for ln in mine if ln.box is not None and is_stamp_text(ln.text)
                        and box[0] <= ln.center[0] <= box[2] and box[1] <= ln.center[1] <= box[3]]
                out[name] = FieldCandidate(raw=None, box=Box(box), page=p, source="hidden",
                                           evidence=" ".join(said) or None)
    return out
