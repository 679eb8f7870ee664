"""Line items (``list`` fields), best effort: the rows between a table header and the totals.

The header is the first row where the labels of at least two columns are printed (``Qty``,
``Price``, ``Amount``; ``数量``, ``单价``, ``金额``). Each following row, up to a row holding a label of
another field (``Total``, ``合计``), becomes an item: numbers go to the numeric column whose header
is nearest horizontally, text to the text column whose header is nearest (the first text column
when only one is printed); a row with text only starts the name of the next item (receipts often
print the name on its own line above the figures).

>>> from docextract.types import Line
>>> from docextract.schema import load_schema
>>> from docextract.locate.layout import PageLayout
>>> from docextract.locate.anchors import find_anchors
>>> rows = [("Description", 10), ("Qty", 200), ("Price", 260), ("Amount", 330),
...         ("Teh Tarik", 10), ("2", 205), ("1.50", 260), ("3.00", 330),
...         ("Total", 10), ("3.00", 330)]
>>> ys = [0, 0, 0, 0, 30, 30, 30, 30, 60, 60]
>>> page = PageLayout([Line(t, (x, y, x + 60, y + 20)) for (t, x), y in zip(rows, ys)])
>>> s = load_schema("receipt")
>>> anchors = {0: find_anchors(page, [f for f in s.fields if f.type != "list"])}
>>> c = find_items([page], s.field("items"), s, anchors)
>>> [{k: v.raw for k, v in item.items()} for item in c.items]
[{'name': 'Teh Tarik', 'quantity': '2', 'unit_price': '1.50', 'amount': '3.00'}]
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..types import Box, FieldCandidate
from .layout import PageLayout
from ..textmatch import fuzzy_find
from ..normalize.locale import currency_regex

__all__ = ["find_items"]

_NUMERIC = ("amount", "decimal", "integer", "percent")
_NUMBER = currency_regex(r"^[\s(]*[-−]?\s*(?:{marks}|[A-Z]{0,3}\$?)?\s*\d[\d,]*(?:\.\d+)?\s*%?[)\s]*[A-Z]?$", re.I)


def _header(page: PageLayout, spec) -> tuple[int, dict[str, float]] | None:
    for r, row in enumerate(page.rows):
        cols: dict[str, float] = {}
        for i in row:
            text = page.lines[i].text
            for sub in spec.fields:
                for label in sub.all_labels():
                    m = fuzzy_find(label, text)
                    if m is not None and sub.name not in cols:
                        box = page.lines[i].box
                        n = max(1, len(text))
                        cols[sub.name] = box[0] + (box[2] - box[0]) * (m.start + m.end) / (2 * n)
                        break
        if len(cols) >= 2:
            return r, cols
    return None


def find_items(pages: list[PageLayout], spec, schema, anchors: dict) -> FieldCandidate | None:
    """The line items of list field ``spec``, or None when no table header is found."""
    text_cols = [s.name for s in spec.fields if s.type not in _NUMERIC]
    for page in pages:
        head = _header(page, spec)
        if head is None:
            continue
        r0, cols = head
        num_cols = {k: x for k, x in cols.items() if spec.subfield(k).type in _NUMERIC}
        txt_cols = {k: x for k, x in cols.items() if k not in num_cols}
        # rows holding another field's label end the table; an item's words that only resemble
        # one ("CABLE TIE" ~ "Time") do not
        stop_rows = {page.row_of[a.line] for a in anchors.get(page.page, []) if page.row_of[a.line] > r0
                     and a.dist == 0}
        items: list[dict[str, FieldCandidate]] = []
        pending: list[int] = []
        for r in range(r0 + 1, len(page.rows)):
            if r in stop_rows:
                break
            numbers = [i for i in page.rows[r] if _NUMBER.match(page.lines[i].text)   # under a numeric header
                       and min(cols, key=lambda k: abs(cols[k] - page.lines[i].center[0])) in num_cols]  # (M330)
            texts = [i for i in page.rows[r] if i not in numbers]
            if not numbers or not num_cols:
                pending.extend(texts)
                continue
            item: dict[str, FieldCandidate] = {}
            for i in numbers:   # each numeric column takes the first number nearest its header
                col = min(num_cols, key=lambda k: abs(num_cols[k] - page.lines[i].center[0]))
                item.setdefault(col, _cand(page, [i]))
            by_col: dict[str, list[int]] = {}
            for i in sorted(texts, key=lambda j: page.lines[j].box[0]):
                cx = page.lines[i].center[0]
                col = min(txt_cols, key=lambda k: abs(txt_cols[k] - cx)) if len(txt_cols) >= 2 else None
                by_col.setdefault(col or (text_cols[0] if text_cols else ""), []).append(i)
            if text_cols and (pending or text_cols[0] in by_col):
                by_col[text_cols[0]] = pending + by_col.get(text_cols[0], [])
            item.update({col: _cand(page, idx) for col, idx in by_col.items() if col and idx})
            pending = []
            items.append({s.name: item[s.name] for s in spec.fields if s.name in item})
        for a, b in zip(items, items[1:]):   # two glyphs stacked in a column read as one line (项卷: 项 / 卷)
            for col in [k for k in text_cols if k in a and k not in b and re.fullmatch(r"[^\x00-\x7f]{2}", a[k].raw)]:
                c, under = a[col], Box.union(x.box for x in b.values())
                if under is not None and c.box[1] < (under[1] + under[3]) / 2 < c.box[3]:
                    mid = (c.box[1] + c.box[3]) // 2
                    a[col] = replace(c, raw=c.raw[0], box=Box((c.box[0], c.box[1], c.box[2], mid)))
                    b[col] = replace(c, raw=c.raw[1], box=Box((c.box[0], mid, c.box[2], c.box[3])))
        if items:
            box = Box.union(c.box for it in items for c in it.values())
            return FieldCandidate(items=items, box=box, page=page.page, source="label",
                                  confidence=round(min(c.confidence for it in items for c in it.values()), 3))
    return None


def _cand(page: PageLayout, idx: list[int]) -> FieldCandidate:
    raw = " ".join(page.lines[i].text.strip() for i in idx)
    score = sum(page.score(i) for i in idx) / len(idx)
    return FieldCandidate(raw=raw, box=Box.union(page.lines[i].box for i in idx), confidence=round(score * 0.8, 3),
                          page=page.page, source="label")
