"""Finding a field by its type alone, when none of its labels is printed (or read).

Dates, times, phone numbers and currencies are recognised in any line; identifiers with a
checksum format are accepted only when the checksum passes (after OCR repair); amounts only when
the field's hints ask for one (``fallback: largest``); a text field only through its
``pattern``. ``hints.position`` restricts the search to a part of the page, and
``hints.exclude_keywords`` skips lines naming something else (``Expiry``).

>>> from docextract.types import Line
>>> from docextract.schema import FieldSpec
>>> from docextract.locate.layout import PageLayout
>>> page = PageLayout([Line("INV 0012   12.03.2024", (10, 10, 300, 30), 0.9)])
>>> scan_by_type([page], FieldSpec("date", "date"), {}, {}, {0: []}, {}).raw
'12.03.2024'
"""

from __future__ import annotations

import re

from ..fieldtypes import FIELD_TYPES
from ..types import FieldCandidate
from .anchors import sub_box
from .ids import scan_ids
from .layout import PageLayout
from .lexicon import strip_watermark_tail
from .values import find_amounts
from ..errors import FieldError

__all__ = ["scan_by_type", "in_region", "shaped_value"]


def in_region(page: PageLayout, i: int, position: str | None) -> bool:
    """Whether line ``i`` lies in the part of the page ``position`` names."""
    if not position or position == "any":
        return True
    y, x = page.rel_y(i), page.rel_x(i)
    return {"top": y < 0.4, "bottom": y > 0.6, "left": x < 0.5, "right": x > 0.5}[position]


def _excluded(hints: dict, text: str) -> bool:
    from ..textmatch import fuzzy_find

    return any(fuzzy_find(w, text, 0) is not None for w in hints.get("exclude_keywords", []))


def _hit(page: PageLayout, i: int, a: int, b: int, factor: float, raw: str | None = None) -> FieldCandidate:
    line = page.lines[i]
    box = line.box if (a, b) == (0, len(line.text)) else sub_box(line.box, line.text, a, b)
    return FieldCandidate(raw=raw if raw is not None else line.text[a:b].strip(), box=box,
                          confidence=round(page.score(i) * factor, 3), page=page.page, source="type")


def birth_digits(found: dict) -> str | None:
    cand = found.get("birth_date")
    if cand is None or not cand.raw:
        return None
    from ..normalize.dates import parse_date

    try:
        return parse_date(cand.raw, year_first=True).strftime("%Y%m%d")
    except FieldError:
        return None


def scan_by_type(pages: list[PageLayout], spec, hints: dict, opts: dict, anchors: dict,
                 found: dict) -> FieldCandidate | None:
    """The value of ``spec`` recognised by its type somewhere on the pages, or None."""
    position = hints.get("position")
    prefer = hints.get("fallback", "first" if spec.type != "amount" else "none")
    if prefer == "none":
        return None
    hits: list[tuple] = []  # (sort key, FieldCandidate)
    for page in pages:
        lines = [i for i in page.order if in_region(page, i, position) and not _excluded(hints, page.lines[i].text)]
        for k, i in enumerate(lines):
            text = page.lines[i].text
            spans: list[tuple[int, int]] = []
            factor = 0.75
            typed = FIELD_TYPES[spec.type].find_spans(text, opts) if spec.type in FIELD_TYPES else None
            if typed is not None:  # dates, times, amounts, phones: FIELD_TYPES says how
                spans, factor = typed, FIELD_TYPES[spec.type].scan_factor
            elif spec.type == "text" and spec.pattern:
                spans = [m.span() for m in re.finditer(spec.pattern, text)]
            for a, b in spans:
                hits.append(((page.page, k, a), _hit(page, i, a, b, factor)))
        if spec.type == "id" and spec.checks:
            texts = [page.lines[i].text for i in lines]
            alts = [page.lines[i].alternatives for i in lines]
            for k, a, b, value, level in scan_ids(texts, spec.checks[0], birth=birth_digits(found), alternatives=alts,
                                                  guess=False):   # a digit changed unprompted: a misprint "repaired"
                hits.append(((page.page, k, a), _hit(page, lines[k], a, b, 0.85 - 0.1 * level, raw=value)))
        if spec.type == "currency":
            from ..normalize.amounts import detect_currency
            from ..normalize.locale import currency_mark

            for i in lines:
                text = page.lines[i].text
                if find_amounts(text) or currency_mark(text):
                    code = detect_currency(text, default_currency=opts.get("default_currency"))
                    if code:
                        return _hit(page, i, 0, len(text), 0.6, raw=code)
    if not hits:
        return None
    if prefer in ("largest", "smallest") and spec.type == "amount":
        from ..normalize.amounts import parse_amount

        valued = []
        for key, cand in hits:
            try:
                valued.append((parse_amount(cand.raw), key, cand))
            except FieldError:
                pass
        if valued:
            return (max if prefer == "largest" else min)(valued, key=lambda v: v[0])[2]
    return (max if prefer == "last" else min)(hits, key=lambda h: h[0])[1]


def shaped_value(pages: list[PageLayout], spec, taken: set[str]) -> FieldCandidate | None:
    r"""A line holding only a token of ``spec``'s ``pattern``, or that would with one character more
    or less at its end (17 digits for 18), no other field's value: kept weak, with its failing checks,
    when neither a label nor a checksum found the field (nothing printed is lost); the longest wins.

    >>> from docextract.types import Line
    >>> from docextract.schema import FieldSpec
    >>> page = PageLayout([Line("65282919540309067", (10, 10, 300, 30), 0.9), Line("1954", (10, 40, 90, 60))])
    >>> spec = FieldSpec("id", "id", pattern=r"^\d{17}[\dX]$")
    >>> shaped_value([page], spec, set()).raw
    '65282919540309067'
    >>> shaped_value([PageLayout([Line("65282919540309067使", (1, 1, 9, 9))])], spec, set()).raw   # a watermark's
    '65282919540309067'
    >>> spec = FieldSpec("id", "id", pattern=r"^\d{17}[\dX]$", labels={"zh": ["公民身份号码"]})
    >>> [getattr(shaped_value([PageLayout([Line(t, (1, 1, 9, 9))])], spec, set()), "raw", None)
    ...  for t in ("公民夏晨XQ420921199808167010", "TOTAL 420921199808167010")]
    ['420921199808167010', None]
    """
    starts = {w[:2] for w in spec.all_labels() if len(w) >= 2}   # or ending one after its label read wrong
    fits = [(len(t), page, i, t) for page in pages for i in page.order
            for s in [re.sub(r"[\s\-]", "", strip_watermark_tail(page.lines[i].text))]
            for t in [s, *(m[2] for m in [re.fullmatch(r"(\D+)(\d+X?)", s)] if m and m[1][:2] in starts)]
            if t not in taken and spec.fits_pattern(t)]
    _, page, i, token = max(fits, key=lambda f: f[0], default=(0, None, 0, None))
    return None if page is None else _hit(page, i, 0, len(page.lines[i].text), 0.3, raw=token)
