"""``find_fields``: schema-guided field finding in OCR lines (the CPU engine's extraction).

For each field of the schema, in this order of trust:

1. **label** — the value next to one of the field's printed labels (any language, fuzzy), right
   of it or below it, cut to the field's type (a date out of ``25/12/2018 8:13:39 PM``);
2. **hint** — what the field's ``hints`` describe: an organisation name at the top of the page
   (``kind: organisation``), an address block (``kind: address``), the MRZ (``kind: mrz``), a
   value taken from the MRZ (``mrz: surname``);
3. **type** — a value recognised by its type alone: the first date, an identifier whose checksum
   passes, a phone number, the currency of the amounts, a text matching the field's ``pattern``;
4. **derived** — with ``from_id``, a birth date or sex the card's valid ID number encodes, when its
   printed line was not read (here: no 出生 line).

Hints are documented in ``docs/schemas.md`` (section "Layout hints for the CPU engine").

>>> from docextract.types import Line
>>> from docextract.schema import load_schema
>>> from docextract.options import ExtractOptions
>>> lines = [Line("姓名张三", (10, 10, 120, 40), 0.99), Line("性别 男  民族 汉", (10, 50, 200, 80), 0.98),
...          Line("公民身份号码 11010519491231002X", (10, 300, 500, 330), 0.97)]
>>> found = find_fields(lines, load_schema("cn_id_card"), sizes=[(600, 400)], options=ExtractOptions())
>>> {k: c.raw for k, c in found.items()}
{'name': '张三', 'sex': '男', 'ethnicity': '汉', 'birth_date': '1949-12-31', 'id_number': '11010519491231002X'}
>>> sorted({c.source for c in found.values()})
['derived', 'label']
>>> found["name"].box
(65, 10, 120, 40)
"""

from __future__ import annotations

from ..kinds import kind_finder
from ..data import lexicon_scope, vocabulary
from ..normalize.asread import twin_words
from ..normalize.locale import page_date_order, read_with_lexicons
from ..textmatch import edit_distance, is_cjk
from ..types import Box, FieldCandidate, Line
from .anchors import Anchor, Piece, find_anchors, sub_box, values_near
from .blocks import (address_parts, clean_name, find_address, find_organisation, name_again_row, repair_name,
                     repair_text)
from .choose import choose, document_date, due_amount
from .derive import derive_fields, reread_ids
from .fragments import broken_anchors
from .hints import field_hints
from .ids import find_mrz, repair_id_with
from .layout import PageLayout
from .lexicon import is_stop_line, is_watermark, strip_watermark_tail, surname_reread
from .readings import row_end_comma, tidy_address
from .regions import in_column
from .scan import scan_by_type, shaped_value
from .values import extract_value, page_amounts, point_lost, printed_span, repair_amount
from ..errors import FieldError

__all__ = ["find_fields", "page_layouts"]

_HOW_FACTOR = {"inline": 1.0, "right": 0.97, "below": 0.9}


def page_layouts(lines: list[Line], sizes: list[tuple[int, int]] | None) -> list[PageLayout]:
    """One :class:`PageLayout` per page (pages without lines included)."""
    n = max([ln.page for ln in lines] + [len(sizes or []) - 1, 0]) + 1
    by_page: list[list[Line]] = [[] for _ in range(n)]
    for ln in lines:
        by_page[ln.page].append(ln)
    return [PageLayout(by_page[p], sizes[p] if sizes and p < len(sizes) else None, page=p) for p in range(n)]


def candidate(page: PageLayout, parts: list[tuple[int, int, int]], *, source: str, factor: float = 1.0,
              sep: str = " ", reread: dict[int, str] | None = None) -> FieldCandidate:
    """A candidate from ``(line, start, end)`` parts of ``page``'s lines, joined with ``sep``;
    ``reread`` gives some lines' texts a second reading of the same length."""
    texts, boxes, scores = [], [], []
    for i, a, b in parts:
        line = page.lines[i]
        texts.append((reread or {}).get(i, line.text)[a:b].strip())
        boxes.append(line.box if (a, b) == (0, len(line.text)) else sub_box(line.box, line.text, a, b))
        scores.append(page.score(i))
    conf = (sum(scores) / len(scores) if scores else 0.5) * factor
    return FieldCandidate(raw=join_texts([t for t in texts if t], sep), box=Box.union(boxes),
                          confidence=round(max(0.0, min(1.0, conf)), 3), page=page.page, source=source)


def join_texts(texts: list[str], sep: str = " ") -> str:
    """Lines of one value joined: with ``sep``, but directly between Chinese characters.

    >>> join_texts(["四川省阿坝藏族羌族自治", "州理县青山镇"]), join_texts(["TAMAN DAYA,", "81100 JOHOR"])
    ('四川省阿坝藏族羌族自治州理县青山镇', 'TAMAN DAYA, 81100 JOHOR')
    """
    chinese = any(is_cjk(c) for t in texts for c in t)
    out = ""
    for t in texts:
        if out and not (is_cjk(out[-1]) or is_cjk(t[0])):
            if not chinese or (out[-1].isalpha() and t[0].isalpha()):
                out += sep
        out += t
    return out


def _continuation(page: PageLayout, first: Piece, anchors: list[Anchor], max_lines: int) -> list[tuple[int, int, int]]:
    """Lines under a multi-line value (an address), aligned with its first line, up to the next label."""
    labelled = {a.line for a in anchors}
    x = sub_box(page.lines[first.line].box, page.lines[first.line].text, first.start, first.end)[0]
    out: list[tuple[int, int, int]] = []
    cur = first.line
    height = page.upright_height(first.line)
    for _ in range(max_lines - 1):
        below = [j for j in page.below(cur, 1, align="left", x=x) if j not in labelled
                 and (0.4 if len(page.lines[j].text.strip()) <= 2 else 0.6)    # a last character's box is tight
                 <= page.upright_height(j) / max(1, height) <= 1.4               # not a stamp or a watermark
                 and not is_watermark(page.lines[j].text) and abs(page.lines[j].box[0] - x) <= 1.5 * height
                 and page.lines[j].box[1] - page.lines[cur].box[3] <= 0.8 * height]   # under it, as its lines are
        if not below:
            break
        cur = next((j for j in below if page.lines[j].box[2] > x), below[0])   # a label's stub left of the
        if page.lines[cur].box[2] > x:                                           # value is passed over
            out.append((cur, 0, len(page.lines[cur].text)))
    return out


def _by_label(page: PageLayout, spec, hints: dict, anchors: list[Anchor], opts: dict,
              columns: dict[str, list[str]] | None = None, state: dict | None = None) -> list[tuple]:
    """Candidates next to this field's labels: ``(score, order, value, FieldCandidate)``."""
    from .scan import in_region

    out = []
    for anchor in (a for a in anchors if a.field == spec.name):
        if not in_region(page, anchor.line, hints.get("position")):
            continue
        line_text = page.lines[anchor.line].text
        if spec.type in ("text", "enum") and not is_cjk(anchor.label[0]):
            # a Latin label of a text field starts its line and is followed by a colon or by nothing:
            # "Store: X", not "THE STORE ..." nor "Company Reg. No.: 1234-X"
            after = line_text[anchor.end:].lstrip()
            if line_text[:anchor.start].strip(" *#-•") or (after and after[0] not in ":：-=|/"):
                continue
        for piece in values_near(page, anchor, anchors, direction=hints.get("direction", "any")):
            if is_watermark(piece.text):     # a stamp's or a watermark's text is never a value
                continue
            direction = hints.get("direction")
            if hints.get("column"):
                sharing = [columns[a.field] for a in anchors if a.field in (columns or {})
                           and (a.line, a.start, a.end) == (anchor.line, anchor.start, anchor.end)]
                piece = in_column(page, piece, hints["column"], sharing)
                if piece is None:
                    continue
            if piece.how == "below" and spec.type == "text" and (
                    direction not in ("below", None) or (hints.get("kind") and not direction)):
                continue  # a text below a label is only taken when asked, or for fields without a layout kind
            span = extract_value(spec, piece.text, opts)
            fixed_raw = None
            if span is None and spec.type == "id" and spec.checks:
                line = page.lines[piece.line]
                fixed = repair_id_with(line.text, line.alternatives, spec.checks[0], start=piece.start,
                                       end=piece.start + len(piece.text), guess=False)
                span, fixed_raw = ((0, len(piece.text)), fixed[0]) if fixed else (None, None)
            if span is None and spec.type == "amount" and piece.how != "below":
                fixed_raw = repair_amount(piece.text) or point_lost(piece.text, page_amounts(page, state))
                span = (0, len(piece.text)) if fixed_raw else None
            if span is None:   # nothing printed is lost: what fails its type is kept, weak, in case
                bad = printed_span(spec, piece.text) if piece.how != "below" and state is not None else None
                if bad and spec.name not in state.setdefault("printed", {}):
                    state["printed"][spec.name] = candidate(page, [(piece.line, piece.start + bad[0],
                                                            piece.start + bad[1])], source="label", factor=0.5)
                continue
            a, b = piece.start + span[0], piece.start + span[1]
            parts = [(piece.line, a, b)]
            if hints.get("lines", 1) > 1 and spec.type == "text":
                parts += _continuation(page, piece, anchors, int(hints["lines"]))
            factor = _HOW_FACTOR[piece.how] * (1.0 - 0.08 * anchor.dist) * (1.0 - 0.01 * min(anchor.rank, 20))
            if hints.get("direction") == "below" and piece.how == "below":
                factor = 1.0 - 0.08 * anchor.dist
            reread = surname_reread(page.lines[piece.line], a) if "cn_names" in hints.get("lexicon", ()) else None
            cand = candidate(page, parts, source="label", factor=factor * (0.85 if fixed_raw else 1.0),
                             reread={piece.line: reread} if reread else None)
            if fixed_raw:
                cand.raw = fixed_raw
            out.append((factor, (page.page, page.order.index(anchor.line), anchor.start + 1), cand))
            break
    return out


def _reread(page: PageLayout, parts: list[tuple[int, int, int]], hints: dict, *, commas: bool) -> dict[int, str]:
    """Second readings (:func:`~docextract.locate.readings.second_reading`) of the lines of ``parts``."""
    from .readings import second_reading

    lists = hints.get("words") or ()
    last = parts[-1][0] if parts else None
    return {i: second_reading(page.lines[i], lists, commas=commas, last=i == last) for i, _, _ in parts
            if getattr(page.lines[i], "alternatives", ())}


def find_organisation_block(pages: list[PageLayout], spec, hints: dict, found: dict, state: dict):
    for page in pages:
        if rows := find_organisation(page):
            state.setdefault("org_rows", {})[page.page] = rows
            rows = rows + name_again_row(page, rows)   # the name printed again with its branch
            # stray marks; beside the name a logo letter, a heading, a smudge read upright (taller than wide),
            # two letters under half the name's height
            tall = {r: max(page.lines[i].box.height for i in page.rows[r]) for r in rows}
            parts = [(i, 0, len(ln.text)) for r in rows for i in page.rows[r] if not (
                len(t := (ln := page.lines[i]).text.strip()) <= 3 and not any(c.isalpha() for c in t)
                or len(page.rows[r]) > 1 and (len(t) == 1 or is_stop_line(t) or ln.box.height > ln.box.width
                                              or len(t) == 2 and 2 * ln.box.height < tall[r]))]
            reread = _reread(page, parts, hints, commas=False)   # and a word printed twice, misread in one place
            reread = twin_words({i: (reread.get(i, (ln := page.lines[i]).text), ln.alternatives) for i, _, _ in parts})
            cand = candidate(page, parts, source="hint", factor=0.85, reread=reread)
            cand.raw = repair_text(repair_name(clean_name(cand.raw)))
            return cand


def find_address_block(pages: list[PageLayout], spec, hints: dict, found: dict, state: dict):
    for page in pages:
        after = state.get("org_rows", {}).get(page.page, [-1])[-1]
        rows = find_address(page, after_row=after, max_lines=int(hints.get("lines", 5)))
        if rows:
            parts = address_parts(page, rows)
            reread = _reread(page, parts, hints, commas=True)
            for i, _, end in parts:   # the last part of each row but the address's last
                if page.row_of[i] != rows[-1] and i == page.rows[page.row_of[i]][-1]:
                    t = reread.get(i, page.lines[i].text)
                    reread[i] = row_end_comma(t[:end]) + t[end:]
            cand = candidate(page, parts, source="hint", factor=0.85, reread=reread)
            cand.raw = tidy_address(repair_text(cand.raw))
            return cand


def find_mrz_block(pages: list[PageLayout], spec, hints: dict, found: dict, state: dict):
    for page in pages:
        texts = [page.lines[i].text for i in page.order]
        hit = find_mrz(texts)
        if hit:
            lines, used = hit
            boxes = [page.lines[page.order[k]].box for k in used]
            score = sum(page.score(page.order[k]) for k in used) / len(used)
            return FieldCandidate(raw="\n".join(lines), box=Box.union(boxes), confidence=round(score * 0.95, 3),
                                  page=page.page, source="hint")


def _from_mrz(pages: list[PageLayout], spec, key: str, state: dict) -> FieldCandidate | None:
    if "mrz" not in state:
        state["mrz"] = None
        for page in pages:
            hit = find_mrz([page.lines[i].text for i in page.order])
            if hit:
                from ..normalize.mrz import parse_mrz

                try:
                    state["mrz"] = (parse_mrz("\n".join(hit[0])), page,
                                    Box.union(page.lines[page.order[k]].box for k in hit[1]))
                except FieldError:
                    pass
                break
    if not state["mrz"]:
        return None
    data, page, box = state["mrz"]
    if (value := getattr(data, key, None)) in (None, ""):
        return None
    raw = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return FieldCandidate(raw=raw, box=box, confidence=0.9 if data.valid else 0.6, page=page.page, source="hint")


@lexicon_scope
def find_fields(lines: list[Line], schema, *, sizes: list[tuple[int, int]] | None = None, options=None,
                images: list | None = None, reader=None) -> dict[str, FieldCandidate]:
    """Find each field of ``schema`` in OCR ``lines`` (pixel boxes, reading order not required).

    Returns ``{field name: FieldCandidate}`` for the fields found; list fields get ``items``.
    ``images`` (the PIL pages) are accepted for engines that can re-read a crop; with ``reader``
    (``reader(page index, box) -> (text, score)``) a checksummed identifier the page's lines do not
    hold is looked for again in the band right of its label.
    """
    from .items import find_items

    pages = page_layouts(list(lines or []), sizes)
    scalar = [f for f in schema.fields if f.type != "list"]
    anchors = {p.page: find_anchors(p, scalar) for p in pages}
    hints_by_name = {f.name: field_hints(f, schema.source) for f in schema.fields}
    words = {f.name: vocabulary(f, hints_by_name[f.name]) for f in scalar}     # a field's only values
    for p in pages:  # labels a watermark broke, for the fields still without one
        anchors[p.page] = sorted(anchors[p.page] + broken_anchors(p, scalar, {a.field for a in anchors[p.page]}, words),
                                 key=lambda a: (p.order.index(a.line), a.start))
    found: dict[str, FieldCandidate] = {}
    state: dict = {}

    def hints_of(spec) -> dict:
        return hints_by_name[spec.name]

    specs = sorted(schema.fields, key=lambda f: 1 if hints_of(f).get("near") else 0)
    columns = {f.name: hints_of(f)["column"] for f in scalar if hints_of(f).get("column")}
    for spec in specs:
        hints = hints_of(spec)
        opts = schema.field_options(spec, options)
        lex = read_with_lexicons(hints.get("lexicon"), schema.hints.get("lexicon"), [ln.text for ln in lines or []])
        order = None    # a date's order, when neither schema nor call fixes it: from the page
        if spec.type == "date" and "day_first" not in opts:
            order = state.setdefault("order", page_date_order([ln.text for ln in lines or []]))
            opts = {**opts, "day_first": order[0]} if order[0] is not None else opts
        if spec.type == "list":
            cand = find_items(pages, spec, schema, anchors)
            if cand is not None:
                found[spec.name] = cand
            continue
        cands = []
        if hints.get("labels", True):
            for page in pages:
                cands.extend(_by_label(page, spec, hints, anchors[page.page], opts, columns, state))
        if hints.get("paid") and spec.type == "amount":    # the amount due: chosen on scored evidence
            cand = due_amount(pages, cands, hints)
        elif hints.get("dated") and spec.type == "date":   # the document's own date: the same
            cand = document_date(pages, cands, opts)
        else:
            cand = choose(spec, hints, cands, opts)
        if cand is None and hints.get("kind"):
            cand = kind_finder(hints["kind"])(pages, spec, hints, found, state)
        if hints.get("mrz") and (cand is None or spec.type != "text"):   # a checksummed MRZ outranks a free
            machine = _from_mrz(pages, spec, str(hints["mrz"]), state)      # reading, but for names
            cand = machine if machine is not None and (cand is None or state["mrz"][0].valid) else cand
        if cand is None and hints.get("scan", True):
            cand = scan_by_type(pages, spec, hints, opts, anchors, found)
            read = state.get("printed", {}).get(spec.name)   # one digit of the label's reading changed to pass
            cand = None if cand and read and edit_distance(cand.raw, read.raw) <= 1 else cand   # a check: a guess
        if cand is not None and "cn_ethnic_groups" in hints.get("lexicon", ()) and cand.raw:
            from ..checks.idcard import closest_ethnicity

            if snapped := closest_ethnicity(cand.raw):
                cand.raw = snapped
            elif len(cand.raw.strip()) > 4:     # no group's name is longer: another line was taken
                cand = None
        if cand is not None and cand.raw and spec.type == "text" and int(hints.get("lines", 1)) > 1:
            from ..checks.idcard import repair_ethnic_names   # an address names ethnic groups (凉山彝族自治州)

            cand.raw = repair_ethnic_names(strip_watermark_tail(cand.raw))
        if cand is not None and hints.get("words") and cand.raw and spec.type == "text":
            from .spell import repair_words   # put right: less sure

            if (fixed := repair_words(cand.raw, hints["words"], name=hints.get("kind") == "organisation")) != cand.raw:
                cand.raw, cand.confidence = fixed, cand.confidence and round(cand.confidence * 0.95, 3)
        if cand is not None:
            cand.options = {**(cand.options or {}), **lex} if lex and hints.get("kind") else cand.options
            if order and order[0] is not None:
                cand.options = {**(cand.options or {}), "day_first": order[0], "why": order[1]}
            found[spec.name] = cand
    if reader is not None:
        reread_ids(pages, schema, found, anchors, reader, hints_of)
    for name, cand in state.get("printed", {}).items():   # read at a label, failing its checks: kept
        found.setdefault(name, cand)
    for spec in (f for f in scalar if f.type == "id" and f.pattern and f.name not in found):
        if cand := shaped_value(pages, spec, {c.raw for c in found.values()}):
            found[spec.name] = cand
    derive_fields(schema, found, hints_of)
    return {f.name: found[f.name] for f in schema.fields if f.name in found}
