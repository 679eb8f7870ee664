"""Parts of a page a label must lie in: a form's section, a table's column.

- ``section: [购买方, 购方]`` — the field's labels count only on lines level with a line printing
  one of these words (the 购买方 / 销售方 blocks of a VAT invoice hold the same 名称 and 纳税人识别号
  labels; the section word is often printed vertically beside its block);
- ``column: [税额]`` — of the values right of the field's label, only those under that column
  header count (``合计 ¥541.33 ¥70.38``: the tax is the one under 税额).

>>> from docextract.types import Line
>>> from docextract.locate.layout import PageLayout
>>> page = PageLayout([Line("购买方", (10, 100, 40, 200)), Line("名称:ACME", (60, 110, 300, 130)),
...                    Line("销售方", (10, 300, 40, 400)), Line("名称:XYZ", (60, 310, 300, 330))])
>>> [page.lines[i].text for i in range(4) if in_section(page, i, ["购买方"])]
['购买方', '名称:ACME']
>>> side = PageLayout([Line("购买方信息", (10, 100, 40, 200)), Line("名称:ACME", (60, 110, 300, 130)),
...                    Line("销售方信息", (400, 100, 430, 200)), Line("名称:XYZ", (450, 110, 700, 130))])
>>> spans = section_spans(side, ["购买方"], others=["销售方"])
>>> [side.lines[i].text for i in range(4) if in_section(side, i, (), spans)]
['购买方信息', '名称:ACME']
"""

from __future__ import annotations

from .layout import PageLayout
from .pieces import Piece, sub_box
from ..textmatch import compact, fuzzy_find
from .values import find_amounts

__all__ = ["section_spans", "in_section", "under_column", "header_x", "in_column"]


def _is_heading(page: PageLayout, i: int, words) -> bool:
    text = compact(page.lines[i].text)[0]
    return any(fuzzy_find(str(w), page.lines[i].text, 0) is not None and len(text) <= len(compact(str(w))[0]) + 4
               for w in words)


def section_spans(page: PageLayout, words, others=()) -> list[tuple[float, float, float, float]]:
    """The regions ``(x0, y0, x1, y1)`` of the sections headed by a line printing one of ``words``:
    level with that line (a line's height of margin: a vertical heading is often read a little
    shorter than its block), from its left edge to the next heading of ``others`` on its right
    (blocks side by side, as on a fully digital invoice), or the page's edge."""
    margin = page.line_height
    heads = [i for i in range(len(page.lines)) if _is_heading(page, i, words)]
    rivals = [i for i in range(len(page.lines)) if others and _is_heading(page, i, others)] if others else []
    out = []
    for h in heads:
        b = page.lines[h].box
        y0, y1 = b[1] - margin, b[3] + margin
        right = [page.lines[r].box[0] for r in rivals if r != h and page.lines[r].box[0] > b[2]
                 and page.lines[r].box[1] < y1 and page.lines[r].box[3] > y0]
        out.append((b[0] - margin, y0, min(right, default=float("inf")), y1))
    return out


def in_section(page: PageLayout, i: int, words, spans: list | None = None) -> bool:
    """Whether line ``i``'s centre lies in a section headed by one of ``words`` (True when the page
    prints none of them)."""
    spans = section_spans(page, words) if spans is None else spans
    x, y = page.lines[i].center
    return not spans or any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in spans)


def under_column(page: PageLayout, j: int, words, x: float | None = None) -> bool:
    """Whether line ``j`` (or the point ``x`` of it) sits under one of the column headers ``words``:
    of the cells on a header row, the one nearest it horizontally is such a header (True when no
    header is printed)."""
    headers = [i for i in range(len(page.lines)) if _is_heading(page, i, words)]
    x = page.lines[j].center[0] if x is None else x
    return not headers or any(min(page.rows[page.row_of[h]], key=lambda k: abs(page.lines[k].center[0] - x)) == h
                              for h in headers)


def header_x(page: PageLayout, words) -> float | None:
    """The horizontal centre of the first column header printing one of ``words``, or None."""
    for i in range(len(page.lines)):
        if _is_heading(page, i, words):
            return page.lines[i].center[0]
    return None


def in_column(page: PageLayout, piece, words, sharing: list | None = None):
    """``piece`` if it lies under one of the column headers ``words``; of a piece holding several
    figures (``合计 ¥541.33 ¥70.38`` read as one line), the figure that does: by their order when
    as many fields share the label as there are figures (their headers' order left to right),
    else by where the figure falls in the line."""
    if piece.how != "inline":
        return piece if under_column(page, piece.line, words) else None
    line = page.lines[piece.line]
    spans = find_amounts(piece.text)
    xs = [header_x(page, w) for w in sharing or []]
    if len(spans) >= 2 and len(spans) == len(xs) and None not in xs and header_x(page, words) in xs:
        a, b = spans[sorted(xs).index(header_x(page, words))]
        return Piece(piece.line, piece.start + a, piece.start + b, piece.text[a:b], piece.how)
    for a, b in spans:
        box = sub_box(line.box, line.text, piece.start + a, piece.start + b)
        if under_column(page, piece.line, words, x=(box[0] + box[2]) / 2):
            return Piece(piece.line, piece.start + a, piece.start + b, piece.text[a:b], piece.how)
    return None
