"""Fields a stamp or a misreading hid, read again before they are given up (the CPU engine's last look).

After the fields are found in a page's lines, the required ones that are missing and those read
but not fitting their type (an enum value that is none of its values, an identifier whose checksum
fails ...) are looked for again, in five ways, each only when needed:

1. **the crop without the stamp** — where a coloured stamp (:func:`~docextract.engines.stamps.find_stamps`)
   crosses printed lines, the engine re-reads that band with the stamp's ink taken out
   (``engine.read_lines(image, box, stamp=...)``) and the fields are found again in the new lines;
2. **the recogniser's runner-ups** — a line whose runner-up characters make it show a wanted field's
   label (民旗 → 民族), then name one of the field's values (an enum alias, a word of the lexicon its
   ``hints: lexicon`` names), is read that way;
3. **print no line covers**, for a field not read at all (:func:`~docextract.engines.stamps.unread_print`:
   a watermark across a line can hide it from the text detector; looked for up to three lines around
   the lines read, a row that starts in their columns may run past them) — read on its own with what
   is fainter than the page's print taken out (:func:`~docextract.engines.stamps.print_level`, in the
   channel the print is darkest in), else as it is, and added to the lines; a value read so is kept
   even when its check fails, where nothing else was read for its field;
4. **the page detected again with larger glyphs** (``engine.read_lines(..., zoom=ZOOM)``), for a field
   still not read on a page that shows a stamp's or watermark's words: a watermark crossing a line can
   merge the two for the detector at the first scale;
5. **a word of a closed vocabulary read alone where its hidden label's value stands**
   (:func:`labelless_value`), for a field still missing whose label no line shows: a stamp's or
   watermark's words are never taken, and such a value is trusted less again.

A required field still missing where a coloured stamp stands over it comes back with no text, the
stamp's box and ``source`` ``hidden`` (:mod:`docextract.hidden`): printed, but covered.

Before them, a value of several lines (an address) that a watermark cut short is read to its end
(:mod:`docextract.continued`).

Each step runs only while a wanted field is still missing (one derived from an identifier that fails
its check counts as missing: its own printed line is the better witness). A field found only so comes back with
``source`` ``reread``, a lower confidence (× 0.8) and, in the result, a ``<field>.reread`` check.
Text of a stamp or watermark (the lexicon's ``[stamp_words]``) never becomes a value: :func:`is_stamp_text`;
a piece of it read onto a value's start or end is taken off: :func:`stamp_ends`.

>>> from docextract.types import Line
>>> fitting_reading(Line("性别舅", alternatives=((2, "男", 0.3, 0.6),)), {"男", "女"})
'性别男'
>>> fitting_reading(Line("性别男", alternatives=((2, "舅", 0.3, 0.6),)), {"男", "女"})
'性别男'
>>> is_stamp_text("复印无效"), is_stamp_text("与原件一致"), is_stamp_text("汉")
(True, True, False)
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from .continued import continued_values
from .data import vocabulary
from .errors import DocextractError
from .hidden import hidden_fields, neighbours
from .rereadlines import per_page, stamped_lines, unread_lines, zoomed_lines
from .stamptext import is_stamp_text, stamp_ends, stamp_pattern, strip_stamp_text
from .types import FieldCandidate, Line

__all__ = ["reread_fields", "fitting_reading", "is_stamp_text", "strip_stamp_text", "stamp_ends", "vocabulary",
           "labelless_value"]

#: how much a value read again is trusted, against the page's first reading
FACTOR = 0.8


def fitting_reading(line: Line, vocab: set[str]) -> str:
    """``line``'s text with one runner-up character put in where it makes the line hold a word of
    ``vocab`` that it did not hold (the likeliest such runner-up); else the text as read."""
    text = line.text
    if not vocab or any(w in text for w in vocab):
        return text
    best = None
    for k, ch, p, *_ in getattr(line, "alternatives", ()) or ():
        if not 0 <= k < len(text):
            continue
        cand = text[:k] + ch + text[k + 1:]
        fits = any(w in cand and cand.find(w) <= k < cand.find(w) + len(w) for w in vocab)
        if fits and (best is None or p > best[0]):
            best = (p, cand)
    return best[1] if best else text


def _fits(spec, cand: FieldCandidate | None, options: dict) -> bool:
    """A candidate that reads as a value of its field's type, passes its checksums and is no stamp text."""
    from .normalize import normalize_value
    from .normalize.identifiers import validate_id

    if cand is None or not (cand.raw or "").strip() or is_stamp_text(cand.raw):
        return False
    try:
        value = normalize_value(spec.type, cand.raw, values=spec.values, options=options, formats=spec.checks)
        for fmt in spec.checks:
            validate_id(str(value), fmt)
    except DocextractError:
        return False
    return True


def _without_stamp_text(found: dict[str, FieldCandidate]) -> dict[str, FieldCandidate]:
    """``found`` with the stamp words read into a value (or a piece of them onto its ends) taken out,
    and values that are stamp text dropped."""
    out = {}
    for name, cand in found.items():
        if cand.raw and stamp_pattern().search(cand.raw):
            cand.raw = strip_stamp_text(cand.raw)
        if cand.raw and not is_stamp_text(cand.raw) and (ends := stamp_ends(cand.raw)) != cand.raw.strip():
            cand.raw = ends
        if not is_stamp_text(cand.raw) and (cand.raw or cand.items is not None or cand.raw is None):
            out[name] = cand
    return out


class _ReadOnce:
    """``engine`` whose ``read_lines`` reads a region of a page once; asked again (step 3's reading as
    it is of a band that reached no further left for faint print), it gives the lines it read then."""

    def __init__(self, engine) -> None:
        self.engine, self.seen = engine, {}
        real = engine.read_lines

        @functools.wraps(real)
        def read_lines(image, box, **kwargs):
            key = (id(image), tuple(max(0, int(round(float(v)))) for v in box), tuple(sorted(kwargs.items())))
            try:
                hash(key)
            except TypeError:       # an option that cannot be compared: read as asked
                return real(image, box, **kwargs)
            if key not in self.seen:
                self.seen[key] = real(image, box, **kwargs)
            return list(self.seen[key])

        self.read_lines = read_lines

    def __getattr__(self, item):
        return getattr(self.engine, item)


def reread_fields(engine, images: list, lines: list[Line], schema, found: dict[str, FieldCandidate], find,
                  hints_of, options_of) -> dict[str, FieldCandidate]:
    """``found`` with the fields that are missing or do not fit read again (see the module's text):
    ``find(lines) -> {name: FieldCandidate}`` finds the fields in other lines; ``hints_of(spec)`` and
    ``options_of(spec)`` give a field's hints and normalisation options."""
    def sure(name: str) -> bool:
        """Found and fitting; if derived, from a source that fits (a number failing its check tells less
        than the field's own printed line, which is looked for still)."""
        cand, spec = found.get(name), schema.field(name)
        if cand is not None and cand.source == "derived" and hints_of(spec).get("from_id"):
            spec = schema.field(hints_of(spec)["from_id"])
            cand = found.get(spec.name)
        return cand is not None and _fits(spec, cand, options_of(spec))

    wanted = [f for f in schema.fields if f.type != "list" and (f.required or f.name in found) and not sure(f.name)]
    if callable(getattr(engine, "read_lines", None)):
        engine = _ReadOnce(engine)
    out = _without_stamp_text(found)
    continued_values(engine, images, lines, schema, out, lambda ls: _without_stamp_text(find(ls)), hints_of, FACTOR)
    if not wanted or not lines:
        return out

    def missing(spec) -> bool:
        return spec.name not in out or out[spec.name].source == "derived"

    first = {(ln.text, ln.box and tuple(ln.box)) for ln in lines}
    read_again: dict = {}     # the lines the re-reads gave (step 5 looks in them)

    def adopt(variant: list[Line]) -> bool:
        """Take from the fields found in ``variant`` the wanted ones that fit; True when none is left."""
        read_again.update({k: ln for ln in variant if (k := (ln.text, ln.box and tuple(ln.box))) not in first})
        again = _without_stamp_text(find(variant))   # a stamp's words never become a value here either
        for spec in wanted:     # one that fits; one that does not where nothing was read (its check fails)
            cand = again.get(spec.name)
            if (missing(spec) or not _fits(spec, out[spec.name], options_of(spec))) and \
                    _fits(spec, cand, options_of(spec)) or spec.name not in out and cand is not None:
                if cand.confidence is not None:
                    cand.confidence = round(cand.confidence * FACTOR, 3)
                cand.source = "reread"
                out[spec.name] = cand
        return all(not missing(spec) and _fits(spec, out[spec.name], options_of(spec)) for spec in wanted)

    reads = bool(images) and callable(getattr(engine, "read_lines", None))
    base = list(lines)
    if reads:           # 1. the bands a stamp crosses, read without its ink
        redone = per_page(engine, images, base, stamped_lines)
        if redone is not None:
            base = redone
            if adopt(base):
                return out
    vocab = set().union(*(vocabulary(f, hints_of(f)) for f in wanted))    # 2. runner-ups that fit: the
    labels = {w for f in wanted for w in f.all_labels() if len(w) >= 2}     # field's label, then its value
    seconds = [replace(ln, text=fitting_reading(replace(ln, text=fitting_reading(ln, labels)), vocab))
               for ln in base]   # each keeps its box and tilt
    if any(a.text != b.text for a, b in zip(seconds, base)) and adopt(seconds):
        return out
    if reads and any(missing(spec) for spec in wanted):   # 3. for a field not read at all: print
        # that no line covers (a watermark hid it from the detector), read alone: with what is
        # fainter than the print taken out, then (a field still missing) as it is
        for faint in (True, False):
            redone = per_page(engine, images, base, functools.partial(unread_lines, faint=faint))
            if redone is not None and adopt(redone):
                return out
            if not any(missing(spec) for spec in wanted):
                break
    if reads and any(missing(spec) for spec in wanted) and any(is_stamp_text(ln.text) for ln in base):
        redone = per_page(engine, images, base, zoomed_lines)  # 4. still not read, a watermark on the
        # page: the page detected again with larger glyphs
        if redone is not None:
            adopt(redone)
    again = list(read_again.values())
    for spec in wanted:     # 5. a closed vocabulary's word read alone where a hidden label's value stands
        if missing(spec) and not any(lab in ln.text for ln in base + again for lab in spec.all_labels()):
            if (cand := labelless_value(spec, vocabulary(spec, hints_of(spec)), again, schema, out)) is not None:
                out[spec.name] = cand
    if reads and (gone := [spec.name for spec in wanted if spec.required and spec.name not in out]):
        out.update(hidden_fields(images, lines, schema, out, gone))   # a stamp over them: said where
    return out


def labelless_value(spec, vocab: set[str], read: list[Line], schema, found: dict) -> FieldCandidate | None:
    """A value of a closed vocabulary (``vocab``) for ``spec``, whose label was read nowhere (a stamp or
    a watermark hid it), from a line read again that is one of its words alone (or after what is left
    of the label: one ideograph, its last character read right or misread, or Latin letters apart from
    it), standing where the field's value stands: below the top of the field declared before it, right
    of that field's value on its row, and above the field declared after it. No stamp's or watermark's
    words are in that line. Trusted less (× 0.8 twice).

    >>> from docextract.schema import load_schema
    >>> s = load_schema("cn_id_card")
    >>> found = {"sex": FieldCandidate("男", (60, 80, 120, 100)),
    ...          "birth_date": FieldCandidate("1990年1月1日", (60, 110, 200, 130))}
    >>> labelless_value(s.field("ethnicity"), {"汉", "满"}, [Line("满", (180, 82, 196, 98), 0.9)], s, found).raw
    '满'
    >>> [labelless_value(s.field("ethnicity"), {"汉"}, [Line(t, (150, 82, 196, 98), 0.9)], s, found).raw
    ...  for t in ("区汉", "it L 汉")]
    ['汉', '汉']
    >>> [labelless_value(s.field("ethnicity"), {"汉"}, [Line(t, b, 0.9)], s, found) for t, b in
    ...  (("汉", (20, 82, 40, 98)), ("汉", (150, 140, 170, 160)), ("仅限汉", (150, 82, 196, 98)),
    ...   ("汉字", (150, 82, 196, 98)))]
    [None, None, None, None]
    """
    before, after = neighbours([f.name for f in schema.fields], spec.name, found)
    if not vocab or (before is None and after is None):
        return None
    best = chosen = None
    for ln in read:
        text = re.sub(r"\s+", "", ln.text or "")
        if ln.box is None or not text or strip_stamp_text(ln.text) != ln.text.strip() or is_stamp_text(text):
            continue
        m = re.fullmatch(r"(?:[\u3400-\u9fff]|[A-Za-z ]*[A-Za-z] )?\s*(\S+)", ln.text.strip())
        word = text if text in vocab else m[1] if m and m[1] in vocab else None
        y = ln.center[1]
        if word is None or (before is not None and (y < before.box[1] or (
                y <= before.box[3] and ln.box[0] < before.box[2]))) or (after is not None and y >= after.box[1]):
            continue
        if best is None or (ln.score or 0) > (best.score or 0):
            best = ln
            chosen = word
    if best is None:
        return None
    return FieldCandidate(raw=chosen, box=best.box, page=best.page, source="reread", evidence=best.text,
                          confidence=round((best.score or 0.5) * FACTOR * FACTOR, 3))

