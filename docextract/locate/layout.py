"""Page geometry for field finding: lines grouped into visual rows, neighbours right of and below a line.

OCR engines return one box per detected text line; a printed row such as ``Date:   25/12/2018``
often comes back as two boxes. :class:`PageLayout` sorts a page's lines into rows (boxes that
overlap vertically), in reading order, so a value can be looked for right of its label on the
same row, or on the rows below it.

>>> from docextract.types import Line
>>> page = PageLayout([Line("25/12/2018", (160, 100, 300, 120)), Line("Date:", (40, 101, 90, 121)),
...                    Line("Cashier: ANN", (40, 130, 200, 150))])
>>> [[page.lines[i].text for i in row] for row in page.rows]
[['Date:', '25/12/2018'], ['Cashier: ANN']]
>>> [page.lines[i].text for i in page.right_of(1)]
['25/12/2018']
>>> [page.lines[i].text for i in page.below(1)]
['Cashier: ANN']
"""

from __future__ import annotations

from itertools import accumulate
from statistics import median

from ..types import Box, Line

__all__ = ["PageLayout", "v_overlap", "h_overlap"]


def v_overlap(a: Box, b: Box) -> float:
    """Vertical overlap of two boxes as a fraction of the smaller height."""
    inter = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, inter) / max(1, min(a[3] - a[1], b[3] - b[1]))


def h_overlap(a: Box, b: Box) -> float:
    """Horizontal overlap of two boxes as a fraction of the narrower width."""
    inter = min(a[2], b[2]) - max(a[0], b[0])
    return max(0.0, inter) / max(1, min(a[2] - a[0], b[2] - b[0]))


class PageLayout:
    """The lines of one page (with boxes), grouped into rows in reading order."""

    def __init__(self, lines: list[Line], size: tuple[int, int] | None = None, page: int = 0) -> None:
        self.page = page
        self.lines = [ln for ln in lines if ln.box is not None and ln.text and ln.text.strip()]
        heights = [ln.box.height for ln in self.lines if ln.box.height > 0]
        self.line_height = float(median(heights)) if heights else 20.0
        if size:
            self.width, self.height = size
        else:
            self.width = max((ln.box[2] for ln in self.lines), default=1)
            self.height = max((ln.box[3] for ln in self.lines), default=1)
        self.slope = self._slope()
        self.rows: list[list[int]] = self._group_rows()
        self.row_of: dict[int, int] = {i: r for r, row in enumerate(self.rows) for i in row}
        self.order: list[int] = [i for row in self.rows for i in row]

    def _slope(self) -> float:
        """The tilt of the text rows (dy/dx) of a photographed page: the width-weighted median of
        the lines' own tilts where the engine gives them, else from each line and its nearest
        neighbour to the right of about the same size and height; 0 when level or unclear."""
        own = sorted((ln.tilt, ln.box.width) for ln in self.lines if ln.tilt is not None and abs(ln.tilt) < 0.36)
        if len(own) >= 3:
            cum = list(accumulate(w for _, w in own))
            m = next(t for (t, _), c in zip(own, cum) if c >= cum[-1] / 2)
            return 0.0 if abs(m) < 0.005 else max(-0.25, min(0.25, m))
        slopes = []
        for i, a in enumerate(self.lines):
            best = None
            for j, b in enumerate(self.lines):
                gap = b.box[0] - a.box[2]
                if j == i or gap < -0.1 * a.box.width or gap > self.width / 2:
                    continue
                ha, hb = a.box.height, b.box.height
                dy = b.center[1] - a.center[1]
                if not 0.7 <= hb / max(1, ha) <= 1.4 or abs(dy) > 0.8 * max(ha, hb):
                    continue
                if best is None or gap < best[0]:
                    best = (gap, dy / max(1.0, b.center[0] - a.center[0]))
            if best is not None:
                slopes.append(best[1])
        if len(slopes) < 3:
            return 0.0
        m = median(slopes)
        return 0.0 if abs(m) < 0.005 else max(-0.1, min(0.1, m))

    def _level(self, i: int) -> Box:
        """Line ``i``'s box moved up or down by the page's tilt at its centre (rows become level)."""
        b = self.lines[i].box
        if not self.slope:
            return b
        dy = self.slope * (b[0] + b[2]) / 2
        return Box((b[0], b[1] - dy, b[2], b[3] - dy))

    def _group_rows(self) -> list[list[int]]:
        level = [self._level(i) for i in range(len(self.lines))]
        order = sorted(range(len(self.lines)), key=lambda i: ((level[i][1] + level[i][3]) / 2, level[i][0]))
        rows: list[list[int]] = []
        for i in order:
            box = level[i]
            best, best_ov = None, 0.0
            for r in rows[-3:]:
                ov = min(v_overlap(box, level[j]) for j in r)
                collide = any(h_overlap(box, level[j]) > 0.3 for j in r)
                if ov > 0.5 and not collide and ov > best_ov:
                    best, best_ov = r, ov
            if best is None:
                rows.append([i])
            else:
                best.append(i)
        rows.sort(key=lambda r: min(level[j][1] + level[j][3] for j in r))
        for above, row in zip(rows, rows[1:]):    # a line overlapping the next row more moves there
            for i in list(above):
                if len(above) < 2:
                    break
                here = min(v_overlap(level[i], level[j]) for j in above if j != i)
                if (min(v_overlap(level[i], level[j]) for j in row) > here
                        and not any(h_overlap(level[i], level[j]) > 0.3 for j in row)):
                    above.remove(i)
                    row.append(i)
        for r in rows:
            r.sort(key=lambda j: self.lines[j].box[0])
        return rows

    def text(self, i: int) -> str:
        return self.lines[i].text

    def upright_height(self, i: int) -> float:
        """Line ``i``'s height on the page's rows: its box's, less what the page's tilt adds over its
        width (a watermark tilted its own way stays tall)."""
        b = self.lines[i].box
        return max(0.5 * b.height, b.height - abs(self.slope) * b.width)

    def row_text(self, r: int, sep: str = " ") -> str:
        return sep.join(self.lines[i].text for i in self.rows[r])

    def right_of(self, i: int) -> list[int]:
        """Lines on the same row right of line ``i``, nearest first."""
        box = self.lines[i].box
        row = self.rows[self.row_of[i]]
        return [j for j in row if j != i and self.lines[j].box[0] >= box[0] + box.width * 0.5]

    def left_of(self, i: int) -> list[int]:
        box = self.lines[i].box
        row = self.rows[self.row_of[i]]
        return [j for j in reversed(row) if j != i and self.lines[j].box[2] <= box[2] - box.width * 0.5]

    def below(self, i: int, max_rows: int = 1, *, align: str = "overlap", x: float | None = None) -> list[int]:
        """Lines in the next ``max_rows`` rows under line ``i`` that overlap it horizontally
        (``align="overlap"``) or start near ``x`` (``align="left"``), nearest row first."""
        box = self.lines[i].box
        r0 = self.row_of[i]
        out: list[int] = []
        last_bottom = box[3]
        for r in range(r0 + 1, min(len(self.rows), r0 + 1 + max_rows)):
            row = self.rows[r]
            top = min(self.lines[j].box[1] for j in row)
            if top - last_bottom > 2.5 * self.line_height:
                break
            for j in row:
                b = self.lines[j].box
                if align == "left":
                    x0 = box[0] if x is None else x
                    ok = abs(b[0] - x0) <= 1.5 * self.line_height
                else:
                    ok = h_overlap(box, b) > 0.2
                if ok:
                    out.append(j)
            last_bottom = max(self.lines[j].box[3] for j in row)
        return out

    def rel_y(self, i: int) -> float:
        """Vertical position of line ``i`` on the page, 0 (top) to 1 (bottom)."""
        return self.lines[i].center[1] / max(1, self.height)

    def rel_x(self, i: int) -> float:
        return self.lines[i].center[0] / max(1, self.width)

    def score(self, i: int) -> float:
        s = self.lines[i].score
        return 0.9 if s is None else float(s)
