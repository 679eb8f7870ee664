"""Labels broken by the photo: a watermark or a stamp over a printed label often costs its first
character, or splits it off into a box of its own (``住`` | ``址湖北省恩施…``, ``姓`` lost: ``名段冬``).

For the fields of a page that have no label anchor, :func:`broken_anchors` looks for a Chinese
label that starts a line

- completed by a one- or two-character box just left of it on the same row (``住`` + ``址…``; a
  spaced label read a box per character, ``姓`` | ``名`` | ``武晨玉``, too), or
- missing its first or last character, when the line starts in the page's column of labels (a
  value's continuation line is indented, so ``族自治州`` under an address is not 民族's label;
  ``住云南省…`` is the address's line), or anywhere when what follows is one of the field's only
  values (``族汉``: 民族 beside 性别, its 民 under a stamp), or
- a two-character label with one character misread, followed by one of those values (``性划男``), or
  its first character alone in a box beside the value (``姓`` | ``任欣福``; ``民`` | ``汉``, not ``民`` | ``误``).

Such anchors get an edit distance of 1 (they rank below intact labels).

>>> from docextract.types import Line
>>> from docextract.schema import load_schema
>>> from docextract.locate.layout import PageLayout
>>> page = PageLayout([Line("名段冬", (150, 20, 260, 60)), Line("性别男", (120, 80, 240, 120)),
...                    Line("住", (120, 200, 150, 240)), Line("址湖北省恩施", (152, 200, 400, 240)),
...                    Line("族自治州", (210, 250, 330, 290))])
>>> s = load_schema("cn_id_card")
>>> [(a.field, page.lines[a.line].text[a.end:]) for a in broken_anchors(page, s.fields, {"sex"})]
[('name', '段冬'), ('address', '湖北省恩施')]
"""

from __future__ import annotations

from .anchors import Anchor, field_keywords
from .layout import PageLayout
from .lexicon import is_cn_surname_start
from ..textmatch import is_cjk

__all__ = ["broken_anchors"]


def _cjk_labels(spec) -> list[tuple[int, str]]:
    return [(rank, w) for rank, w in enumerate(field_keywords(spec))
            if 2 <= len(w) <= 6 and all(is_cjk(c) for c in w)]


def broken_anchors(page: PageLayout, specs, anchored: set[str], values: dict | None = None) -> list[Anchor]:
    """Anchors for broken labels of the fields not in ``anchored`` (see the module doc); ``values``:
    the words some fields' values must be (``{"ethnicity": {"汉", …}}``)."""
    intact = [w for s in specs for _, w in _cjk_labels(s)]   # every field's whole labels
    column = min((ln.box[0] for ln in page.lines if any(ln.text.startswith(w) for w in intact)),   # the labels'
                 default=None)      # column: the leftmost intact label's (one beside another, 民族, stands right)
    out: list[Anchor] = []
    for spec in specs:
        if spec.name in anchored or spec.type == "list":
            continue
        hit, vocab = None, (values or {}).get(spec.name, ())
        for i in (i for i in page.order if all(a.line != i for a in out)):
            text = page.lines[i].text.lstrip()
            lead = len(page.lines[i].text) - len(text)
            left = [j for j in page.left_of(i) if len(page.lines[j].text.strip()) <= 2
                    and page.lines[i].box[0] - page.lines[j].box[2] < 1.5 * page.line_height]
            stub = page.lines[left[0]].text.strip() if left else None
            other = any(text.startswith(w) for w in intact)     # the line starts with a field's whole label
            near = column is not None and abs(page.lines[i].box[0] - column) <= 1.5 * page.line_height
            for rank, word in _cjk_labels(spec):
                if stub is not None and word.startswith(stub) and text.startswith(word[len(stub):]):  # a split label
                    hit = Anchor(spec.name, word, i, lead, lead + len(word) - len(stub), 1, rank)
                elif stub and len(stub) == 1 == len(word) - 1 and word[0] == stub and not other and (
                        not vocab or text.strip() in vocab):    # its first character alone beside the value
                    hit = Anchor(spec.name, word, left[0], 0, len(page.lines[left[0]].text), 1, rank)
                if hit is None and not other:
                    lost = [len(p) for p in (word[1:], word[:-1]) if text.startswith(p) and len(text) > len(p)]
                    misread = [len(word)] if len(text) >= len(word) and sum(map(str.__ne__, text, word)) == 1 else []
                    named = "cn_names" in spec.hints.get("lexicon", ()) and misread and is_cn_surname_start(  # a name
                        text[len(word):]) and not is_cn_surname_start(text[len(word) - 1:])   # after: a surname first
                    fits = misread + lost if len(text) == len(word) or named else lost + misread   # a label alone too
                    ends = [n for n in fits if text[n:].strip() in vocab] or (fits if near else [])
                    hit = Anchor(spec.name, word, i, lead, lead + ends[0], 1, rank) if ends else None
                if hit:
                    break
            if hit:
                out.append(hit)
                break
    return sorted(out, key=lambda a: page.order.index(a.line))
