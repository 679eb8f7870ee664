"""Label anchors: where each field's printed label is on the page, and the value next to it.

Every label and alias of every field (all languages, plus ``hints.keywords``) is searched in
every line with :func:`~docextract.textmatch.fuzzy_find`. When labels of two fields overlap in
a line (``Sub Total`` holds ``Total``) the longer label wins. The value of an anchor is the rest
of its line up to the next label (``姓名张三``, ``性别男民族汉``), else the nearest line right of it on
the same row, else the line below.

>>> from docextract.types import Line
>>> from docextract.schema import load_schema
>>> from docextract.locate.layout import PageLayout
>>> page = PageLayout([Line("性别男 民族汉", (10, 10, 200, 40)), Line("SUB TOTAL 8.00", (10, 50, 200, 80))])
>>> s = load_schema("cn_id_card")
>>> [(a.field, page.lines[a.line].text[a.start:a.end]) for a in find_anchors(page, s.fields)]
[('sex', '性别'), ('ethnicity', '民族')]
>>> a = find_anchors(page, s.fields)[0]
>>> [(v.text, v.how) for v in values_near(page, a, find_anchors(page, s.fields))]
[('男', 'inline'), ('SUB TOTAL 8.00', 'below')]
"""

from __future__ import annotations

from dataclasses import dataclass

from .layout import PageLayout
from .pieces import Piece, sub_box
from .regions import in_section, section_spans
from ..textmatch import SEPARATORS, compact, fuzzy_find

__all__ = ["Anchor", "Piece", "find_anchors", "values_near", "sub_box", "field_keywords"]


@dataclass(frozen=True)
class Anchor:
    """A label of ``field`` found in line ``line`` at characters ``start:end``."""

    field: str
    label: str
    line: int
    start: int
    end: int
    dist: int
    #: rank of the label in the field's list (0 = the main printed label); keywords come after labels
    rank: int = 0


def field_keywords(spec) -> list[str]:
    """A field's printed labels and aliases, then its ``hints.keywords``."""
    words = list(spec.all_labels())
    kw = spec.hints.get("keywords") or []
    for w in ([kw] if isinstance(kw, str) else kw):
        if str(w) not in words:
            words.append(str(w))
    return words


def _excluded(spec, text: str) -> bool:
    ex = spec.hints.get("exclude_keywords") or []
    return any(fuzzy_find(str(w), text, 0) is not None for w in ([ex] if isinstance(ex, str) else ex))


def find_anchors(page: PageLayout, specs, *, only: set[str] | None = None) -> list[Anchor]:
    """Every label anchor on ``page``, in reading order, overlaps resolved in favour of longer labels."""
    found: list[Anchor] = []
    sections = {s.name: _words(s.hints.get("section")) for s in specs if s.hints.get("section")}
    spans = {name: section_spans(page, words, [w for other in sections.values() if other != words for w in other])
             for name, words in sections.items()}
    for i in page.order:
        text = page.lines[i].text
        cands: list[Anchor] = []
        for spec in specs:
            if only is not None and spec.name not in only:
                continue
            if spec.name in spans and not in_section(page, i, (), spans[spec.name]):
                continue
            words = field_keywords(spec)
            n_labels = len(spec.all_labels())
            for rank, word in enumerate(words):
                for m in fuzzy_find(word, text, all_matches=True):
                    cands.append(Anchor(spec.name, word, i, m.start, m.end, m.dist, rank if rank < n_labels else 50))
        cands.sort(key=lambda a: (-len(compact(a.label)[0]) + 2 * a.dist, a.dist, a.rank, a.start))
        kept: list[Anchor] = []
        by_name = {s.name: s for s in specs}
        for a in cands:
            if all(a.end <= k.start or a.start >= k.end or _shared(a, k, by_name) for k in kept):
                kept.append(a)
        kept = sorted((a for a in kept if not _excluded(by_name[a.field], text)), key=lambda a: a.start)
        found.extend(_absorb(kept, text, by_name))
    return found


def _words(value) -> list[str]:
    return [str(value)] if isinstance(value, (str, int, float)) else [str(v) for v in value or []]


def _shared(a: Anchor, b: Anchor, by_name: dict) -> bool:
    """One label serving two fields told apart by their columns (``合计`` of the amount and the tax)."""
    return ((a.start, a.end) == (b.start, b.end) and a.field != b.field
            and bool(by_name[a.field].hints.get("column")) and bool(by_name[b.field].hints.get("column")))


_FIGURES = ("amount", "decimal", "integer", "percent", "date", "time")


def _absorb(anchors: list[Anchor], text: str, by_name: dict) -> list[Anchor]:
    """Drop labels that only qualify the label before them: in ``Total Sales (Incl. GST) 9.00`` the
    tax label ``GST`` is part of the total's label, since no figure stands between the two."""
    out: list[Anchor] = []
    for a in anchors:
        if out and out[-1].field != a.field and (out[-1].start, out[-1].end) != (a.start, a.end):
            prev = out[-1]
            between = text[prev.end:a.start]
            if (by_name[prev.field].type in _FIGURES and by_name[a.field].type in _FIGURES
                    and not any(c.isdigit() for c in between) and len(between) <= 24):
                continue
        out.append(a)
    return out


def values_near(page: PageLayout, anchor: Anchor, anchors: list[Anchor], *,
                direction: str = "any") -> list[Piece]:
    """Pieces of text that may hold the value of ``anchor``, nearest first.

    ``direction``: ``right`` (same line and row only), ``below`` (lines under the label), or ``any``.
    """
    text = page.lines[anchor.line].text
    same_line = sorted(a.start for a in anchors if a.line == anchor.line and a.start >= anchor.end)
    stop = same_line[0] if same_line else len(text)
    pieces: list[Piece] = []
    labelled = {a.line for a in anchors}
    if direction in ("any", "right"):
        a = anchor.end
        while a < stop and (text[a] in SEPARATORS or text[a].isspace()):
            a += 1
        b = stop
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            pieces.append(Piece(anchor.line, a, b, text[a:b], "inline"))
        if not same_line:
            for j in page.right_of(anchor.line):
                t = page.lines[j].text
                # a label on that line: its text before the label may still be ours
                starts = sorted(x.start for x in anchors if x.line == j)
                end = starts[0] if starts else len(t)
                lead = t[:end].strip()
                if lead:
                    s0 = len(t) - len(t.lstrip())
                    pieces.append(Piece(j, s0, s0 + len(t[s0:end].rstrip()), t[s0:end].rstrip(), "right"))
                if starts:
                    break
    if direction in ("any", "below"):
        for j in page.below(anchor.line, max_rows=2):
            t = page.lines[j].text
            if j in labelled:
                starts = sorted(x.start for x in anchors if x.line == j)
                if starts[0] == 0 or not t[:starts[0]].strip():
                    continue
                t = t[:starts[0]]
            pieces.append(Piece(j, 0, len(t.rstrip()), t.rstrip(), "below"))
    return pieces
