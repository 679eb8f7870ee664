"""OCR lines to text: reading order by visual rows, HunyuanOCR's spotting format, digit-confusion fixes.

Pure Python (no numpy), shared by the OCR-only engines.

>>> lines = [Line("12.50", (300, 12, 360, 30)), Line("TOTAL", (10, 10, 90, 32)), Line("Thank you", (10, 50, 120, 70))]
>>> [ln.text for ln in order_lines(lines)]
['TOTAL', '12.50', 'Thank you']
>>> read_text(lines)
'TOTAL 12.50\\nThank you'
>>> format_spotting(order_lines(lines)[:1], 400, 100)
'TOTAL(25,100),(225,320)'
>>> fix_digits("Date: 2O18-O1-3l  TOTAL 1O.5O  SOLD 3")
'Date: 2018-01-31  TOTAL 10.50  SOLD 3'
"""

from __future__ import annotations

import re

from ..types import Line

__all__ = ["row_groups", "order_lines", "read_text", "format_spotting", "fix_digits"]


def row_groups(boxes: list) -> list[list[int]]:
    """Indices of ``boxes`` ``(x1, y1, x2, y2)`` grouped into visual rows (top to bottom, each left to right).

    A box joins a row when it overlaps the row's vertical span by at least half of the smaller height.

    >>> row_groups([(0, 0, 10, 10), (20, 2, 30, 12), (0, 20, 10, 30)])
    [[0, 1], [2]]
    """
    order = sorted(range(len(boxes)), key=lambda i: ((boxes[i][1] + boxes[i][3]) / 2, boxes[i][0]))
    rows: list[dict] = []
    for i in order:
        x1, y1, x2, y2 = boxes[i]
        h = max(1.0, y2 - y1)
        best, best_ov = None, 0.0
        for row in rows[-4:]:  # rows close above are the only candidates
            ov = min(y2, row["y2"]) - max(y1, row["y1"])
            need = 0.5 * min(h, row["h"])
            if ov >= need and ov > best_ov and not any(_h_overlap(boxes[i], boxes[j]) for j in row["idx"]):
                best, best_ov = row, ov
        if best is None:
            rows.append({"idx": [i], "y1": y1, "y2": y2, "h": h})
        else:
            best["idx"].append(i)
            best["y1"] = (best["y1"] * (len(best["idx"]) - 1) + y1) / len(best["idx"])
            best["y2"] = (best["y2"] * (len(best["idx"]) - 1) + y2) / len(best["idx"])
            best["h"] = max(1.0, best["y2"] - best["y1"])
    rows.sort(key=lambda r: (r["y1"] + r["y2"]) / 2)
    return [sorted(r["idx"], key=lambda i: boxes[i][0]) for r in rows]


def _h_overlap(a, b) -> bool:
    """Whether two boxes overlap horizontally by more than a third of the narrower one."""
    ov = min(a[2], b[2]) - max(a[0], b[0])
    return ov > min(a[2] - a[0], b[2] - b[0]) / 3


def order_lines(lines: list[Line]) -> list[Line]:
    """Lines in reading order (rows top to bottom, left to right within a row); lines without a box last."""
    boxed = [ln for ln in lines if ln.box is not None]
    rest = [ln for ln in lines if ln.box is None]
    out = []
    for page in sorted({ln.page for ln in boxed}):
        on_page = [ln for ln in boxed if ln.page == page]
        out.extend(on_page[i] for row in row_groups([ln.box for ln in on_page]) for i in row)
    return out + rest


def read_text(lines: list[Line]) -> str:
    """Plain text: one visual row per line, the lines of a row joined with a space."""
    boxed = [ln for ln in lines if ln.box is not None]
    rows = [" ".join(boxed[i].text for i in row) for row in row_groups([ln.box for ln in boxed])]
    rows += [ln.text for ln in lines if ln.box is None]
    return "\n".join(rows)


def format_spotting(lines: list[Line], width: int, height: int) -> str:
    """HunyuanOCR's spotting text: ``text(x1,y1),(x2,y2)`` per line, coordinates scaled to 0–1000, concatenated."""
    parts = []
    for ln in lines:
        if ln.box is None:
            continue
        x1, y1, x2, y2 = ln.box
        sx, sy = 1000 / max(1, width), 1000 / max(1, height)
        c = [min(1000, max(0, round(v))) for v in (x1 * sx, y1 * sy, x2 * sx, y2 * sy)]
        parts.append(f"{ln.text}({c[0]},{c[1]}),({c[2]},{c[3]})")
    return "".join(parts)


_TOKEN = re.compile(r"\S+")
_CORE = re.compile(r"^(RM|MYR|S\$|\$|¥|￥|USD|SGD|CNY)?([0-9OolI|SZB.,:/\-]+?X?)([%)]?)$")
_SAFE = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})
_RISKY = {"S": "5", "Z": "2", "B": "8"}


def _fix_token(tok: str) -> str:
    m = _CORE.match(tok)
    if not m:
        return tok
    prefix, core, suffix = m.groups()
    digits = sum(c.isdigit() for c in core)
    letters = sum(c.isalpha() or c == "|" for c in core.rstrip("X"))
    if digits < 2 or letters == 0 or letters > digits + 1:
        return tok
    out = list(core[:-1].translate(_SAFE) + core[-1] if core.endswith("X") else core.translate(_SAFE))
    for k, c in enumerate(out):
        if c in _RISKY and 0 < k < len(out) - 1 and out[k - 1].isdigit() and out[k + 1].isdigit():
            out[k] = _RISKY[c]
    return (prefix or "") + "".join(out) + suffix


def fix_digits(text: str) -> str:
    """Letters misread for digits inside a number: O/o→0, l/I/|→1; S→5, Z→2, B→8 only between two digits.

    A whitespace-separated token is only touched when, after an optional currency prefix, it holds at
    least two real digits and nothing but digits, the confusable letters, number punctuation and a
    final X (ID numbers), so words ("SOLD", "BOX", "NO.5S") stay as they are.

    >>> fix_digits("44O3O5l99OO1O1OO1X"), fix_digits("RM12.5O"), fix_digits("NO.5S JALAN"), fix_digits("l0")
    ('44030519900101001X', 'RM12.50', 'NO.5S JALAN', 'l0')
    """
    return _TOKEN.sub(lambda m: _fix_token(m.group(0)), text)
