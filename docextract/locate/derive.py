"""Fields taken from other fields when their own line was not read (the CPU engine's last step).

- ``from_id: id_number`` — a birth date or sex that the identifier encodes (failing only its check character too);
- ``range_of: validity_period`` with ``part: start|end`` — one end of a printed range
  (``2021.11.26-2031.11.26``, ``2015.03.01-长期``), replacing a value found by type alone.

>>> from docextract.schema import FieldSpec
>>> range_part(FieldSpec("until", "date"), FieldCandidate(raw="2021.11.26-2031.11.26", confidence=0.9), "end").raw
'2031.11.26'
>>> range_part(FieldSpec("until", "date"), FieldCandidate(raw="2015.03.01-长期", confidence=0.9), "end").raw
'长期'
>>> range_part(FieldSpec("from", "date"), FieldCandidate(raw="2021-11-26 - 2031-11-26"), "start").raw
'2021-11-26'
>>> range_part(FieldSpec("from", "date"), FieldCandidate(raw="2021.11.26"), "start") is None
True
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..data import LexiconRegex, pattern
from ..errors import EngineError
from ..types import Box, FieldCandidate
from .values import is_plausible

__all__ = ["derive_fields", "from_id", "range_part", "reread_ids"]

_RANGE = LexiconRegex(lambda: r"^\s*(?:—|–|-{1,2}|~|～|" + pattern("range_words") + r")\s*(?=\S)", re.I)


def derive_fields(schema, found: dict[str, FieldCandidate], hints_of) -> None:
    """Fill ``found`` (in place) with the fields the hints derive from others."""
    for spec in schema.fields:
        hints, read = hints_of(spec), found.get(spec.name)   # not read, or read in part (1973年)
        if (source := hints.get("from_id")) in found and (read is None or spec.type == "date"
                                                           and not is_plausible(spec, read.raw)):
            got = from_id(spec, found[source], tuple(schema.field(source).checks))
            if got and (read is None or got.raw.replace("-", "").startswith(re.sub(r"\D", "", read.raw or ""))):
                found[spec.name] = replace(got, evidence=read and f"the identifier's; {read.raw!r} read at its label")
        whole = hints.get("range_of")
        if whole and whole in found and (spec.name not in found or found[spec.name].source == "type"):
            if (derived := range_part(spec, found[whole], hints.get("part", "start"))) is not None:
                found[spec.name] = derived


def range_part(spec, whole: FieldCandidate, part: str) -> FieldCandidate | None:
    """The ``start`` or ``end`` of the range printed in ``whole``: its first or last date, or the
    words after its only date (``长期``); None if it prints no range."""
    from .values import find_dates

    text = whole.raw or ""
    spans = find_dates(text, day_first=None, year_first=True)
    if not spans or (len(spans) == 1 and not _RANGE.search(text[spans[0][1]:])):
        return None
    if part == "start" or len(spans) > 1:
        raw = text[slice(*spans[0 if part == "start" else -1])]
    else:
        raw = _RANGE.sub("", text[spans[0][1]:]).strip()
    conf = None if whole.confidence is None else round(whole.confidence * 0.95, 3)
    return FieldCandidate(raw=raw, box=whole.box, confidence=conf, page=whole.page, source="derived")


def from_id(spec, id_cand: FieldCandidate, formats: tuple[str, ...]) -> FieldCandidate | None:
    """A birth date (``date`` field) or sex (``enum`` field with ``male``/``female``) that a valid
    identifier of one of ``formats`` (its field's ``checks``), else one wrong only in its check character, encodes:
    what the document prints, when the printed line was not read.

    >>> from docextract.schema import FieldSpec
    >>> number = FieldCandidate(raw="11010519491231002X", confidence=0.9)
    >>> from_id(FieldSpec("birth", "date"), number, ("cn.ric",)).raw
    '1949-12-31'
    >>> from_id(FieldSpec("sex", "enum", values={"male": ("M",), "female": ("F",)}), number, ("cn.ric",)).raw
    'female'
    """
    from ..normalize.identifiers import id_facts
    facts = next((f for f in (id_facts(id_cand.raw or "", fmt, check=c) for c in (True, False) for fmt in formats)
                  if f), {})
    if spec.type == "date" and facts.get("birth_date"):
        raw = facts["birth_date"].isoformat()
    elif spec.type == "enum" and {"male", "female"} <= set(spec.values or {}) and facts.get("sex"):
        raw = facts["sex"]
    else:
        return None
    conf = None if id_cand.confidence is None else round(id_cand.confidence * 0.9, 3)
    return FieldCandidate(raw=raw, box=id_cand.box, confidence=conf, page=id_cand.page, source="derived")


def reread_ids(pages, schema, found: dict[str, FieldCandidate], anchors: dict, reader, hints_of) -> None:
    """Identifier fields with a checksum that were not found: the band right of their label re-read
    with ``reader(page, box) -> (text, score)`` (the engine's crop reader) and scanned for a number
    whose checksum passes (a watermark over the number can hide it from the page's detection); one
    repaired to pass it is taken only when the page's lines do not hold it already (a misprint stays),
    else one of the field's shape whose check fails, weak (nothing printed is lost)."""
    from .ids import scan_ids
    from .scan import birth_digits

    for spec in schema.fields:
        if spec.name in found or spec.type != "id" or not spec.checks or hints_of(spec).get("labels") is False:
            continue
        for page, a in ((p, x) for p in pages for x in anchors.get(p.page, []) if x.field == spec.name):
            b = page.lines[a.line].box
            box = (b[0] + (b[2] - b[0]) * a.end / max(1, len(page.lines[a.line].text)), b[1] - 0.6 * b.height,
                   page.width, b[3] + 0.6 * b.height)
            try:
                text, score = reader(page.page, box)
            except EngineError:   # a failed re-read leaves the field missing, as before
                continue
            if hits := scan_ids([text], spec.checks[0], birth=birth_digits(found)):
                _, start, end, value, level = hits[0]
                read = re.sub(r"\s", "", text[start:end])   # a digit changed to pass the check of what the
                if level and any(read in re.sub(r"\s", "", ln.text) for ln in page.lines):   # page holds: a guess
                    continue
            elif shaped := [t for s in (text, re.sub(r"\s", "", text)) for t in re.findall(r"\d+X?", s)
                            if spec.fits_pattern(t)]:   # a number of the field's shape failing its check: kept,
                value = shaped[0]   # weak; as printed apart from what stands beside it, else with its spaces out
            else:
                continue
            found[spec.name] = FieldCandidate(raw=value, box=Box(box), page=page.page, source="reread",
                                              confidence=round(score * (0.8 if hits else 0.3), 3))
            break
