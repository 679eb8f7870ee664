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
"""

from __future__ import annotations

from .layout import PageLayout
from .text import compact, fuzzy_find

__all__ = ["section_spans", "in_section", "under_column"]


def _is_heading(page: PageLayout, i: int, words) -> bool:
    text = compact(page.lines[i].text)[0]
    for w in words:
        m = fuzzy_find(str(w), page.lines[i].text, 0)
        if m is not None and len(text) <= len(compact(str(w))[0]) + 4:
            return True
    return False


def section_spans(page: PageLayout, words) -> list[tuple[float, float]]:
    """The vertical extents (with half a line of margin) of the lines printing a section word."""
    margin = page.line_height / 2
    return [(page.lines[i].box[1] - margin, page.lines[i].box[3] + margin)
            for i in range(len(page.lines)) if _is_heading(page, i, words)]


def in_section(page: PageLayout, i: int, words, spans: list | None = None) -> bool:
    """Whether line ``i`` is level with a section word (True when the page prints none of them)."""
    spans = section_spans(page, words) if spans is None else spans
    if not spans:
        return True
    y = page.lines[i].center[1]
    return any(a <= y <= b for a, b in spans)


def under_column(page: PageLayout, j: int, words, x: float | None = None) -> bool:
    """Whether line ``j`` (or the point ``x`` of it) sits under one of the column headers ``words``:
    of the cells on a header row, the one nearest it horizontally is such a header (True when no
    header is printed)."""
    headers = [i for i in range(len(page.lines)) if _is_heading(page, i, words)]
    if not headers:
        return True
    x = page.lines[j].center[0] if x is None else x
    for h in headers:
        row = page.rows[page.row_of[h]]
        nearest = min(row, key=lambda k: abs(page.lines[k].center[0] - x))
        if nearest == h:
            return True
    return False
