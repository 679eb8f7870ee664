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

from .data import lexicon_folders, pattern, terms, vocabulary
from .errors import DocextractError
from .textmatch import fuzzy_find
from .types import FieldCandidate, Line

__all__ = ["reread_fields", "fitting_reading", "is_stamp_text", "strip_stamp_text", "stamp_ends", "vocabulary",
           "labelless_value"]

#: how much a value read again is trusted, against the page's first reading
FACTOR = 0.8


@functools.lru_cache(maxsize=4)
def _stamp_words(folders: str) -> tuple[re.Pattern, tuple[str, ...]]:
    """The stamp words as one pattern, and those that are plain text (``folders``: the user's lexicon
    folders, which the lists depend on)."""
    return re.compile(pattern("stamp_words")), tuple(w for w in terms("stamp_words") if not w.startswith("re:"))


def _stamp_re() -> re.Pattern:
    return _stamp_words(lexicon_folders())[0]


def is_stamp_text(text: str) -> bool:
    """Whether ``text`` holds what a stamp or a watermark says (the lexicon's ``[stamp_words]``), or is
    a piece of it (2 characters or more); a code in Latin letters inside a Chinese phrase (``仅限XYZ比赛
    使用``) does not hide a piece of it.

    Four characters or more may have one misread (``叙限TGH比赛使用``), three where a code stands inside
    them (``灵BFN比赛``).

    >>> is_stamp_text("限XYZ比"), is_stamp_text("XYZ比赛"), is_stamp_text("XYZ"), is_stamp_text("B座大厦")
    (True, True, False, False)
    >>> is_stamp_text("叙限TGH比赛使用"), is_stamp_text("复印有效"), is_stamp_text("复兴路")
    (True, True, False)
    >>> is_stamp_text("灵BFN比赛"), is_stamp_text("灵比赛"), is_stamp_text("A3栋仅")
    (True, False, False)
    """
    t = re.sub(r"\s+", "", text or "")
    core = re.sub(r"[A-Za-z0-9]+", "", t) if re.search(r"[^\x00-\x7f]", t) else t
    rx, plain = _stamp_words(lexicon_folders())
    fuzzy = 4 if core == t else 3   # a code inside the phrase tells a watermark: three characters will do
    return len(t) >= 2 and (bool(rx.search(t)) or (len(core) >= 2 and any(core in w for w in plain)) or (
        len(core) >= fuzzy and any(fuzzy_find(core, w, 1) for w in plain if len(w) >= len(core))))


def strip_stamp_text(text: str) -> str:
    """``text`` without the stamp words read into it (``汉复印无效`` → ``汉``).

    >>> strip_stamp_text("汉复印无效"), strip_stamp_text("与原件一致男"), strip_stamp_text("张三")
    ('汉', '男', '张三')
    >>> strip_stamp_text("仅限XYZ比赛使用 男")
    '男'
    """
    return _stamp_re().sub("", text or "").strip()


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


def _line_height(lines: list[Line]) -> float:
    """A line's height: the lower quartile of the boxes' (a tilted long line's box is taller)."""
    hs = sorted(ln.box.height for ln in lines if ln.box is not None)
    return float(hs[len(hs) // 4]) if hs else 24.0


def _stamped_lines(engine, image, lines: list[Line], page: int) -> list[Line] | None:
    """``lines`` of one page with the bands a stamp crosses read again without it; None if no stamp."""
    import numpy as np

    from .engines.stamps import Stamp, find_stamps

    rgb = np.asarray(image.convert("RGB"))
    height = _line_height(lines)
    step = max(1, int(max(rgb.shape[:2]) / 800 + 0.5))       # looked for on a small copy of a large page
    stamps = [Stamp(tuple(v * step for v in st.box), st.channel, st.level)
              for st in find_stamps(np.ascontiguousarray(rgb[::step, ::step]), height / step)]
    if not stamps:
        return None
    out = list(lines)
    for st in stamps:
        x1, y1, x2, y2 = st.box
        crossed = [ln for ln in out if ln.box is not None and y1 <= ln.center[1] <= y2
                   and ln.box[0] < x2 and ln.box[2] > x1]
        for ln in crossed:   # the band holds the whole of every line the stamp crosses
            x1, x2 = min(x1, ln.box[0]), max(x2, ln.box[2])
        band = (x1 - height, y1 - 0.3 * height, x2 + height, y2 + 0.3 * height)
        try:
            again = engine.read_lines(image, band, page=page, stamp=st)
        except DocextractError:   # a failed re-read leaves the page's first reading
            continue
        inside = [ln for ln in out if ln.box is not None and band[0] <= ln.center[0] <= band[2]
                  and band[1] <= ln.center[1] <= band[3]]
        out = [ln for ln in out if ln not in inside] + [
            replace(ln, text=strip_stamp_text(ln.text)) for ln in again
            if strip_stamp_text(ln.text)]
    return out


def stamp_ends(text: str) -> str:
    """``text`` without a piece of a stamp's or watermark's words read onto its start or end (a
    watermark crossing the value's line): three characters or more, or two where two stay.

    >>> stamp_ends("曾民晓务使用"), stamp_ends("复印张三"), stamp_ends("王一致"), stamp_ends("张三"), stamp_ends("汉")
    ('曾民晓', '张三', '王一致', '张三', '汉')
    """
    t = (text or "").strip()
    plain = _stamp_words(lexicon_folders())[1]
    for n in range(min(12, len(t) - 1), 1, -1):
        for rest, piece in ((t[:-n], t[-n:]), (t[n:], t[:n])):
            if (n >= 3 or len(rest) >= 2) and any(piece in w for w in plain):
                return rest.strip()
    return t


def _without_stamp_text(found: dict[str, FieldCandidate]) -> dict[str, FieldCandidate]:
    """``found`` with the stamp words read into a value (or a piece of them onto its ends) taken out,
    and values that are stamp text dropped."""
    out = {}
    for name, cand in found.items():
        if cand.raw and _stamp_re().search(cand.raw):
            cand.raw = strip_stamp_text(cand.raw)
        if cand.raw and not is_stamp_text(cand.raw) and (ends := stamp_ends(cand.raw)) != cand.raw.strip():
            cand.raw = ends
        if not is_stamp_text(cand.raw) and (cand.raw or cand.items is not None or cand.raw is None):
            out[name] = cand
    return out


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
    out = _without_stamp_text(found)
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
        redone = _per_page(engine, images, base, _stamped_lines)
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
            redone = _per_page(engine, images, base, functools.partial(_unread_lines, faint=faint))
            if redone is not None and adopt(redone):
                return out
            if not any(missing(spec) for spec in wanted):
                break
    if reads and any(missing(spec) for spec in wanted) and any(is_stamp_text(ln.text) for ln in base):
        redone = _per_page(engine, images, base, _zoomed_lines)  # 4. still not read, a watermark on the
        # page: the page detected again with larger glyphs
        if redone is not None:
            adopt(redone)
    again = list(read_again.values())
    for spec in wanted:     # 5. a closed vocabulary's word read alone where a hidden label's value stands
        if missing(spec) and not any(lab in ln.text for ln in base + again for lab in spec.all_labels()):
            if (cand := labelless_value(spec, vocabulary(spec, hints_of(spec)), again, schema, out)) is not None:
                out[spec.name] = cand
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
    names = [f.name for f in schema.fields]
    k = names.index(spec.name)
    before = next((found[n] for n in reversed(names[:k]) if n in found and found[n].box is not None), None)
    after = next((found[n] for n in names[k + 1:] if n in found and found[n].box is not None), None)
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


#: how much larger the glyphs are taken to be when a page is detected again (step 4)
ZOOM = 1.3


def _zoomed_lines(engine, image, lines: list[Line], page: int) -> list[Line] | None:
    """The whole page read again with text detected at :data:`ZOOM` times the glyph size (where a
    watermark crosses a line the detector may part them only then); None if the engine cannot."""
    import inspect

    if "zoom" not in inspect.signature(engine.read_lines).parameters:
        return None
    try:
        again = engine.read_lines(image, (0, 0, image.width, image.height), page=page, zoom=ZOOM)
    except DocextractError:
        return None
    return [ln for ln in again if strip_stamp_text(ln.text) == ln.text.strip()] or None


def _word(text: str) -> bool:
    """Whether ``text`` read alone can be a word: two characters or more, or one ideograph (汉, 男).

    >>> _word("汉"), _word("1"), _word("A"), _word("17号"), _word("")
    (True, False, False, True, False)
    """
    return len(text) > 1 or bool(re.fullmatch(r"[\u3400-\u9fff]", text))


def _per_page(engine, images: list, lines: list[Line], step) -> list[Line] | None:
    """``lines`` with each page's replaced by ``step(engine, image, its lines, page)``; None if no page changed."""
    out, changed = list(lines), False
    for p in sorted({ln.page for ln in lines}):
        if p < len(images):
            again = step(engine, images[p], [ln for ln in out if ln.page == p], p)
            if again is not None:
                out, changed = [ln for ln in out if ln.page != p] + again, True
    return out if changed else None


def _unread_lines(engine, image, lines: list[Line], page: int, faint: bool = True) -> list[Line] | None:
    """``lines`` of one page (less a watermark's words) and the lines read in the print none of them
    covers (``faint``: read first with what is fainter than the page's print taken out); None if none."""
    import numpy as np

    from .engines.stamps import Stamp, print_channel, print_level, unread_print

    rgb = np.asarray(image.convert("RGB"))
    height = _line_height(lines)
    boxes = [ln.box for ln in lines if ln.box is not None and not is_stamp_text(ln.text)]   # a
    # watermark's words cover no print
    level, channel = print_level(rgb, boxes), print_channel(rgb, boxes)
    added = []
    for x1, y1, x2, y2 in unread_print(rgb, boxes, height, level=level):
        # read for faint print, the band reaches left up to three lines, to the line read before it on
        # its row, not past the lines' left edge: a faint label (a coloured 民族) is read with its value
        left = max([b[2] for b in boxes if b[2] <= x1 and min(b[3], y2) - max(b[1], y1) > 0]
                   + [x1 - 3 * height, min(b[0] for b in boxes)]) if faint else x1
        band = (min(x1 - 0.5 * height, left), y1 - 0.3 * height, x2 + 0.5 * height, y2 + 0.3 * height)
        # read with what is fainter than the page's print taken out (a watermark across it merged
        # the two for the detector), then, where nothing was read so, as it is
        for stamp in ((None,) if level is None or not faint else
                      (Stamp(tuple(int(v) for v in band), channel, level + 12), None)):
            try:
                again = [ln for ln in engine.read_lines(image, band, page=page, stamp=stamp)
                         if strip_stamp_text(ln.text) == ln.text.strip() and _word(ln.text.strip())]
            except DocextractError:
                again = []
            if again:
                break
        added += again
    # a watermark's words read as a line of their own are left out: they stand between a label and its value
    return [ln for ln in lines if not is_stamp_text(ln.text)] + added if added else None
