"""Grounding: each value a VLM returned is matched against the page's text lines.

Matching is tolerant of normalisation: full-width characters, case, spaces and punctuation are
ignored, and dates and amounts are compared as values (``2024-01-05`` is grounded by ``2024年01月05日``).
What becomes of a value:

- found on a line (or across two lines one above the other): ``box`` and ``evidence`` (the line's text);
- a prefix of a longer printed block (a cut address): extended to the block, warning ``<field>.extended``;
- one character away from a printed token (identifiers, amounts, dates): the two readings vote — the one
  that passes the field's checksum wins (``<field>.reading_fixed``), else the model's is kept with a
  ``<field>.readings_differ`` warning; the other reading is kept in ``alternatives``;
- text equal to a line but for a few look-alike characters (``O``/``Q``, ``L``/``I``): the line misread, grounded
  with no warning; the line's reading kept in ``alternatives``, confidence at most 0.8;
- close to printed text but not equal (a "corrected" spelling): ``<field>.differs_from_page`` warning;
- line items: each scalar cell the same way, its checks named by path (``items[2].amount.not_on_page``);
- found nowhere: ``<field>.not_on_page`` warning, confidence at most 0.2, and with ``abstain`` the
  field is left empty (status ``missing``); the model's answer stays in ``alternatives``.

>>> from docextract.schema import load_schema_text
>>> from docextract.types import FieldCandidate, Line
>>> s = load_schema_text("name: t\\nfields:\\n  - {name: date, type: date}\\n  - {name: who, type: text}\\n")
>>> lines = [Line("开票日期：2024年01月05日", (0, 0, 300, 20))]
>>> cands = {"date": FieldCandidate(raw="2024-01-05", source="model"), "who": FieldCandidate(raw="张三")}
>>> [(c.code, c.status) for c in ground(cands, lines, s)]
[('who.not_on_page', 'warn')]
>>> cands["date"].box, cands["date"].evidence, cands["who"].raw, cands["who"].alternatives
((0, 0, 300, 20), '开票日期：2024年01月05日', None, ['张三'])
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import fields, replace

from .checks import Check
from .matching import (below, chain, contains, join_lines, lines_of, locate, near, text_key,
                       tokens, typed_hit, typed_line, typed_pieces, typed_value)
from .types import Box, FieldCandidate, Line

__all__ = ["ground", "text_key", "NOT_ON_PAGE_CONFIDENCE"]

#: the most confidence a value found nowhere on the page keeps
NOT_ON_PAGE_CONFIDENCE = 0.2
_LABEL_END = re.compile(r"[:：]")
#: field types compared as values rather than as text
_VALUE_TYPES = ("date", "amount", "decimal", "percent", "integer")
#: field types whose value may run on past where the model stopped (addresses, names of firms)
_BLOCK_TYPES = ("text",)


def _set(cand: FieldCandidate, found: list[Line]) -> None:
    cand.box = Box.union(ln.box for ln in found) or cand.box
    cand.page = found[0].page
    cand.evidence = " ".join(ln.text for ln in found)
    scores = [ln.score for ln in found if ln.score is not None]
    if cand.confidence is None and scores:  # no token scores (a remote model): the line's reading score
        cand.confidence = round(min(scores), 4)


def _passes(spec, text: str) -> bool:
    from .normalize.identifiers import is_valid_id

    return all(is_valid_id(text, fmt) for fmt in spec.checks)


def _ground_one(name: str, spec, cand: FieldCandidate, lines: list[Line], keyed: list[tuple[str, Line]],
                abstain: bool, labels: frozenset = frozenset(), extend: bool = True,
                others: frozenset = frozenset()) -> list[Check]:
    vk = text_key(cand.raw)
    if not vk:
        return []
    limit = lines_of(spec)
    # 1. the value's text in a line, or in a line and the ones below it (a block over several lines); a text
    #    value may stop inside a run of digits (cut short: 朝阳街3 of 朝阳街30号), and is then extended
    best = None
    for prefix in (False, True) if extend and spec.type in _BLOCK_TYPES else (False,):
        for k, ln in keyed:
            run = chain(lines, ln, limit)
            key = ""
            for j, part in enumerate(run):
                key += text_key(part.text) if j else k
                if contains(key, vk, prefix=prefix):
                    if best is None or (j, len(key)) < best[0]:
                        best = ((j, len(key)), run[:j + 1])
                    break
        if best is not None:
            _set(cand, best[1])
            return _extend(name, spec, cand, lines, best[1], labels, others) if extend else []
    # 2. the same date / amount written another way
    if spec.type in _VALUE_TYPES:
        value = typed_value(spec, cand.raw)
        if value is not None:
            hits = [ln for ln in lines if typed_hit(spec, value, ln)]
            if hits:
                _set(cand, hits[:1])
                return []
    # 4. one character away: two readings vote
    if spec.type in _VALUE_TYPES:  # amounts, dates: the printed piece, compared digit by digit
        close = [(p, ln) for ln in lines for p in typed_pieces(spec, ln) if near(vk, text_key(p))]
    else:
        close = [(tok, ln) for k, ln in keyed for tok in tokens(k) if near(vk, tok)]
    if close and spec.type in ("id", "amount", "date", "decimal", "integer", "phone"):
        tok, ln = close[0]
        _set(cand, [ln])
        if spec.checks and _passes(spec, tok) and not _passes(spec, vk):
            cand.keep(cand.raw, "model")
            cand.raw, cand.source = tok.upper(), "page"  # identifiers: upper case, as check characters are
            return [Check(code=f"{name}.reading_fixed", status="warn", fields=[name],
                          message=f"{name}: the model read {cand.alternatives[-1]!r}, the page shows {tok.upper()!r}, "
                                  f"which passes {', '.join(spec.checks)}: the page's reading is used")]
        cand.keep(tok if spec.type in _VALUE_TYPES else tok.upper(), "page")
        cand.confidence = round(min(cand.confidence if cand.confidence is not None else 1.0, 0.5), 4)
        return [Check(code=f"{name}.readings_differ", status="warn", fields=[name],
                      message=f"{name}: the model read {cand.raw!r}, the page line reads {ln.text!r}")]
    # 5. close to printed text (a "corrected" spelling)
    if len(vk) >= 3:
        best, ratio = None, 0.0
        for _k, ln in keyed:  # each line, and each line with the ones below it
            run = chain(lines, ln, limit)
            for found in (run[:j + 1] for j in range(len(run))):
                key = "".join(text_key(f.text) for f in found)
                m = difflib.SequenceMatcher(None, vk, key, autojunk=False)
                match = sum(b.size for b in m.get_matching_blocks())
                r = 2 * match / (len(vk) + min(len(key), len(vk) + 2))
                if r > ratio:
                    best, ratio = found, r
        span = locate(join_lines(best), str(cand.raw), misread=True) if best and spec.type in _BLOCK_TYPES else None
        if span is not None and ratio >= 0.8:
            _set(cand, best)  # the line differs only by look-alike characters: the reader misread it (or the
            cand.keep(join_lines(best)[span[0]:span[1]], "page")  # model changed one: kept, less sure)
            cand.confidence = round(min(cand.confidence if cand.confidence is not None else 1.0, 0.8), 4)
            return _extend(name, spec, cand, lines, best, labels, others, span=span) if extend else []
        if best is not None and ratio >= 0.8:
            _set(cand, best)
            cand.keep(cand.evidence, "page")
            cand.confidence = round(min(cand.confidence if cand.confidence is not None else 1.0, 0.5), 4)
            return [Check(code=f"{name}.differs_from_page", status="warn", fields=[name],
                          message=f"{name}: the model answered {cand.raw!r}, the page reads {cand.evidence!r}")]
    # 6. found nowhere
    answer = cand.raw
    cand.confidence = min(cand.confidence if cand.confidence is not None else 1.0, NOT_ON_PAGE_CONFIDENCE)
    how = "left empty (abstain)" if abstain else "kept with a low confidence"
    if abstain:
        cand.keep(answer, "model")
        cand.raw, cand.box = None, None
    return [Check(code=f"{name}.not_on_page", status="warn", fields=[name],
                  message=f"{name}: the model answered {answer!r}, which is nowhere on the page; {how}")]


def _extend(name: str, spec, cand: FieldCandidate, lines: list[Line], found: list[Line],
            labels: frozenset = frozenset(), others: frozenset = frozenset(), span=None) -> list[Check]:
    """A text value that stops where the printed block goes on (a cut address) takes the rest of the block:
    the rest of its line up to the next label, and when that reaches the line's end, the lines below, as far
    as the field's ``hints.lines``, stopping at a label, a gap, or a line holding another field's value."""
    if spec.type not in _BLOCK_TYPES:
        return []
    raw = unicodedata.normalize("NFKC", str(cand.raw)).strip()
    text = join_lines(found)
    span = span or locate(text, raw)
    if span is None:
        return []
    from .locate.lexicon import is_stop_line

    end, block_field = span[1], lines_of(spec, 1) > 1
    mid_word = end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
    rest = text[end:]
    tail = re.search(r"\W*$", raw).group()
    rest = rest[len(tail):] if tail and rest.startswith(tail) else rest
    stop = re.search(r"\s{2,}|\S+[:：]", rest)
    rest = rest[:stop.start()] if stop else rest
    if text_key(rest) and ((not mid_word and not block_field) or is_stop_line(rest) or typed_line(Line(rest))):
        return []  # a one-line value ending at a word, or what follows is another value: the answer was whole
    upper = raw.upper() == raw and raw.lower() != raw
    if upper:  # the model wrote capitals: the rest in capitals too
        rest = rest.upper()
    block, found = raw + rest.rstrip(), list(found)
    if stop is None:  # the block reached the line's end: it may run on below
        nxt = below(lines, found[-1])
        limit = lines_of(spec, 1)  # only a field said to span lines runs on into the lines below
        while nxt is not None and len(found) < limit and nxt not in found and not _LABEL_END.search(nxt.text) \
                and not any((k := text_key(nxt.text)).startswith(lab) for lab in labels) \
                and not any(contains(k, o) for o in others) and not typed_line(nxt) and not is_stop_line(nxt.text) \
                and nxt.box[1] - found[-1].box[3] <= 0.5 * found[-1].box.height:  # no label, no gap
            block = join_lines([Line(block), Line(nxt.text.upper() if upper else nxt.text)])
            found.append(nxt)
            nxt = below(lines, nxt)
    if text_key(block) == text_key(raw):
        return []
    cand.keep(cand.raw, "model")
    cand.raw = block
    _set(cand, found)
    cand.confidence = round((cand.confidence if cand.confidence is not None else 1.0) * 0.7, 4)
    return [Check(code=f"{name}.extended", status="warn", fields=[name],
                  message=f"{name}: the model's answer {cand.alternatives[-1]!r} stops short of the printed "
                          f"block; extended to {block!r}")]


def ground(candidates: dict[str, FieldCandidate], lines: list[Line], schema, *, abstain: bool = True) -> list[Check]:
    """Match every value in ``candidates`` against ``lines`` (in place); the warnings it gives. Each scalar
    cell of a list field (line items) is grounded too, named by its path (``items[2].amount``)."""
    keyed = [(text_key(ln.text), ln) for ln in lines if ln.text]
    labels = frozenset(k for spec in schema.fields for lab in spec.all_labels() if len(k := text_key(lab)) >= 2)
    values = {n: k for n, c in candidates.items() if c is not None and len(k := text_key(c.raw)) >= 3}
    checks: list[Check] = []
    for spec in schema.fields:
        cand = candidates.get(spec.name)
        if cand is not None and spec.type == "list":
            checks.extend(_ground_items(spec, cand, lines, keyed, abstain, labels))
        elif cand is not None and cand.raw and str(cand.raw).strip():
            others = frozenset(k for n, k in values.items() if n != spec.name and k not in values.get(spec.name, ""))
            checks.extend(_ground_one(spec.name, spec, cand, lines, keyed, abstain, labels, others=others))
    return checks


def _ground_items(spec, cand: FieldCandidate, lines: list[Line], keyed: list, abstain: bool,
                  labels: frozenset) -> list[Check]:
    """Each cell of each line item, as a scalar (a cell is not extended: a table's next column is not its rest).
    The longest value of a row finds the row's line; the row's other cells are looked for first in that row,
    among lines no other cell of it took (an amount equal to the unit price gets its own column), then on
    the whole page. The list's box becomes the union of its grounded cells'."""
    checks: list[Check] = []
    for i, row in enumerate(cand.items or []):
        cells = [(sub, row[sub.name]) for sub in spec.fields or () if isinstance(row, dict) and sub.type != "list"
                 and row.get(sub.name) is not None and str(row[sub.name].raw or "").strip()]
        band, used = None, []
        for sub, cell in sorted(cells, key=lambda sc: -len(text_key(sc[1].raw))):
            path = f"{spec.name}[{i}].{sub.name}"
            in_row = [ln for ln in lines if band and ln.box is not None and ln.page == band[2]
                      and band[0] <= (ln.box[1] + ln.box[3]) / 2 <= band[1]]
            for pool in ([ln for ln in in_row if ln not in used], in_row):
                trial = replace(cell, alternatives=list(cell.alternatives),
                                alternative_sources=list(cell.alternative_sources))
                pool_keyed = [(text_key(ln.text), ln) for ln in pool if ln.text]
                if pool and not _ground_one(path, sub, trial, pool, pool_keyed, False, labels, extend=False) \
                        and trial.box is not None:
                    for f in fields(cell):
                        setattr(cell, f.name, getattr(trial, f.name))
                    break
            else:
                checks.extend(_ground_one(path, sub, cell, lines, keyed, abstain, labels, extend=False))
            if cell.box is not None:
                b = cell.box
                used += [ln for ln in lines if ln.box is not None and b[0] <= ln.box[0] and ln.box[2] <= b[2]
                         and b[1] <= ln.box[1] and ln.box[3] <= b[3]]
                band = band or (b[1], b[3], cell.page)
    boxes = [c.box for row in cand.items or [] if isinstance(row, dict) for c in row.values() if c.box is not None]
    cand.box = Box.union(boxes) or cand.box
    return checks
