"""Running an engine over documents and turning its answers into :class:`Result` objects, one way.

A VLM engine (one that offers the ``extract`` task) gets the schema's information-extraction
prompt and answers JSON; an OCR-only engine reads the page's lines and the fields are found in
them by :func:`docextract.locate.find_fields`. With ``schema=None`` (``"auto"``) the page's lines
are read first, the document type is recognised from them (:mod:`docextract.doctype`), and the
same lines are reused for the extraction. Each result is built once, from what each step returned.

>>> from docextract.engines.scripted import ScriptedEngine
>>> from docextract.schema import load_schema_text
>>> s = load_schema_text("name: t\\nfields:\\n  - {name: total, type: amount, labels: {zh: 总金额}}\\n")
>>> eng = ScriptedEngine(['```json\\n{"总金额": "￥77.10元"}\\n```'])
>>> r = run_extraction(eng, Document(pages=[]), s, ExtractOptions(boxes=False))
>>> r.record.total, eng.prompts[0]
(Decimal('77.10'), "提取图片中的: ['总金额'] 的字段内容，并按照 JSON 格式返回。")
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .checks import Check
from .document import Document
from .errors import OutputParseError, UnrecognizedDocument, UnsupportedTask
from .evidence import gather_evidence
from .keymap import map_output
from .options import ExtractOptions
from .parsing import clean_output, extract_json, normalize_key, parse_spotting, token_confidence
from .result import Result
from .types import Box, EngineOutput, EngineRequest, FieldCandidate, Line

__all__ = ["run_extraction", "run_extractions", "extraction_request", "attach_boxes", "output_lines",
           "read_lines", "Reading", "Document"]


def _is_vlm(engine) -> bool:
    return "extract" in getattr(engine, "tasks", ())


def _spotting_prompt(options: ExtractOptions) -> str:
    from .prompts import render_prompt

    return render_prompt("spotting", language=options.language)


def extraction_request(engine, pages: list, schema, options: ExtractOptions) -> EngineRequest:
    """The request an engine gets for ``schema``: the extraction prompt, or spotting for OCR-only engines."""
    if _is_vlm(engine):
        return EngineRequest(images=pages, prompt=schema.render_prompt("extract", options.language),
                             task="extract", max_new_tokens=options.max_new_tokens)
    return EngineRequest(images=pages, prompt=_spotting_prompt(options), task="spotting")


def output_lines(out: EngineOutput, pages: list, page: int = 0) -> list[Line]:
    """The one place an engine's spotting answer becomes lines: its own lines, else its text parsed
    against the size of ``pages[0]`` (numbered ``page``).

    >>> from PIL import Image
    >>> out = EngineOutput(text="总金额(10,20),(500,80)")
    >>> [(ln.text, tuple(ln.box), ln.page) for ln in output_lines(out, [Image.new("RGB", (1000, 1000))], page=1)]
    [('总金额', (10, 20, 500, 80), 1)]
    """
    if out.lines is not None:
        return list(out.lines)
    if not pages:
        return []
    w, h = pages[0].size
    return parse_spotting(clean_output(out.text), w, h, page=page)


@dataclass
class Reading:
    """A document's lines as read by the engine, the answer(s) they came from and how long it took."""

    lines: list[Line]
    outputs: list[EngineOutput] = field(default_factory=list)
    seconds: float = 0.0


def read_lines(engine, page_sets: list[list], options: ExtractOptions) -> list[Reading]:
    """Each document's lines: a VLM reads page by page (one batched call), an OCR engine document by document."""
    if "spotting" not in getattr(engine, "tasks", ()):
        raise UnsupportedTask(f"the {getattr(engine, 'name', 'given')} engine cannot read a page's lines "
                              "(spotting), which recognising the document type needs; pass schema=...")
    prompt = _spotting_prompt(options)
    t0 = time.perf_counter()
    if not _is_vlm(engine):
        readings = []
        for pages in page_sets:
            t1 = time.perf_counter()
            out = engine.run(EngineRequest(images=pages, prompt=prompt, task="spotting"))
            seconds = out.seconds if out.seconds is not None else time.perf_counter() - t1
            readings.append(Reading(output_lines(out, pages), [out], seconds))
        return readings
    requests = [EngineRequest(images=[p], prompt=prompt, task="spotting") for pages in page_sets for p in pages]
    outs = engine.run_batch(requests) if requests else []
    each = (time.perf_counter() - t0) / max(1, len(page_sets))
    readings, i = [], 0
    for pages in page_sets:
        mine = outs[i:i + len(pages)]
        i += len(pages)
        lines = [ln for k, (o, p) in enumerate(zip(mine, pages)) for ln in output_lines(o, [p], page=k)]
        readings.append(Reading(lines, mine, each))
    return readings


def attach_boxes(candidates: dict[str, FieldCandidate], lines: list[Line]) -> None:
    """Give each candidate without a box the box of the line(s) its text was read from."""
    keyed = [(normalize_key(line.text), line) for line in lines if line.box is not None]

    def find(text: str | None):
        nk = normalize_key(text or "")
        if len(nk) < 2:
            return None, None
        hits = [line for k, line in keyed if k and (nk in k or (len(k) >= 2 and k in nk))]
        if not hits:
            return None, None
        exact = [line for line in hits if normalize_key(line.text) == nk]
        chosen = exact[:1] or [line for line in hits if normalize_key(line.text) in nk] or hits[:1]
        return Box.union(line.box for line in chosen), chosen[0].page

    for cand in candidates.values():
        if cand.items:
            for item in cand.items:
                for sub in item.values():
                    if sub.box is None:
                        sub.box, page = find(sub.raw)
                        sub.page = page or 0
            cand.box = cand.box or Box.union(s.box for item in cand.items for s in item.values())
        elif cand.box is None:
            cand.box, page = find(cand.raw)
            cand.page = page or 0


def _vlm_candidates(out: EngineOutput, schema, lines: list[Line]) -> tuple[dict, dict, list[Check], str]:
    checks: list[Check] = []
    extra: dict[str, Any] = {}
    text = clean_output(out.text)
    try:
        candidates, extra = map_output(extract_json(text), schema)
        if not candidates:
            checks.append(Check(code="output.fields", status="warn",
                                message="the model answered JSON, but none of its keys matched a field"))
    except OutputParseError as exc:
        candidates = {}
        checks.append(Check(code="output.parse", status="fail", message=str(exc)))
    for cand in candidates.values():
        cand.confidence = token_confidence(out.tokens, text, cand.raw)
        for item in cand.items or []:
            for sub in item.values():
                sub.confidence = token_confidence(out.tokens, text, sub.raw)
    if lines:
        attach_boxes(candidates, lines)
    return candidates, extra, checks, text


def _ocr_candidates(engine, pages: list, lines: list[Line], schema, options: ExtractOptions) -> dict:
    from .locate import find_fields

    region = getattr(engine, "read_region", None)
    read: dict = {}   # a region is read once per document, though the fields are found again after a re-read

    def reader(k: int, box) -> tuple[str, float]:
        key = (k, tuple(round(float(v)) for v in box))
        if key not in read:
            read[key] = region(pages[k], box)
        return read[key]

    def find(ls: list[Line]) -> dict:
        return find_fields(ls, schema, sizes=[p.size for p in pages], options=options, images=pages,
                           reader=reader if callable(region) else None)

    from .locate.hints import field_hints
    from .reread import reread_fields

    return reread_fields(engine, pages, lines, schema, find(lines), find, lambda f: field_hints(f, schema.source),
                         lambda f: schema.field_options(f, options))


def warn_fallback(fallback, why: str) -> None:
    """The one-release path for callers who relied on the old default schema."""
    import warnings

    warnings.warn(f"{why}; read as {fallback.name!r}, the default schema before schema='auto' became the "
                  "default. This fallback ends in the next release: pass schema=... explicitly.",
                  DeprecationWarning, stacklevel=4)


def run_extractions(engine, docs: list[Document], schema, options: ExtractOptions,
                    candidates: Any = None, *, fallback=None) -> list[Result]:
    """Extract several documents with batched engine calls; ``schema=None`` recognises each one's type
    among ``candidates`` (default: every loaded schema). A page that fits none raises
    :class:`~docextract.errors.UnrecognizedDocument`, or is read with ``fallback`` (deprecated path)."""
    from .doctype import candidate_schemas, classify_lines
    from .validation import build_result

    started = time.perf_counter()
    vlm = _is_vlm(engine)
    page_sets = [d.pages for d in docs]
    timings = [dict(d.timings) for d in docs]
    readings: list[Reading | None] = [None] * len(docs)
    if schema is None or not vlm:  # the page's lines first: recognition, and an OCR engine's fields
        readings = list(read_lines(engine, page_sets, options))
        for t, r in zip(timings, readings):
            t["engine" if not vlm else "spotting"] = r.seconds
    classifications = [None] * len(docs)
    schemas = [schema] * len(docs)
    if schema is None:
        pool = candidate_schemas(candidates)  # loaded once for every document, Schema objects kept as given
        by_name = {s.name: s for s in pool}
        for k, r in enumerate(readings):
            t0 = time.perf_counter()
            try:
                classifications[k] = classify_lines(r.lines, pool)
                schemas[k] = by_name[classifications[k].schema_name]
            except UnrecognizedDocument as exc:
                if fallback is None:
                    raise
                warn_fallback(fallback, str(exc))
                schemas[k] = fallback
            timings[k]["classify"] = time.perf_counter() - t0
    outs: list[EngineOutput] = [r.outputs[0] for r in readings] if not vlm else []
    if vlm:
        requests = [extraction_request(engine, pages, s, options) for pages, s in zip(page_sets, schemas)]
        t0 = time.perf_counter()
        outs = engine.run_batch(requests) if len(requests) > 1 else [engine.run(requests[0])]
        each = (time.perf_counter() - t0) / max(1, len(requests))
        for t, out in zip(timings, outs):
            t["engine"] = out.seconds if out.seconds is not None else each
        if schema is not None and options.boxes and "spotting" in engine.tasks:
            readings = list(read_lines(engine, page_sets, options))
            for t, r in zip(timings, readings):
                t["spotting"] = r.seconds
    results = []
    for doc, out, s, reading, cls, t in zip(docs, outs, schemas, readings, classifications, timings):
        t0 = time.perf_counter()
        lines = reading.lines if reading is not None else []
        checks: list[Check] = []
        extra: dict[str, Any] = {}
        if vlm:
            cands, extra, checks, text = _vlm_candidates(out, s, lines)
        else:
            cands, text = _ocr_candidates(engine, doc.pages, lines, s, options), out.text
        t["parse"] = time.perf_counter() - t0
        found, codes, lines = gather_evidence(engine, list(doc.pages), cands, s, options, lines, vlm=vlm, timings=t)
        checks.extend(found)
        t["total"] = t.get("load", 0.0) + (time.perf_counter() - started) / max(1, len(docs))
        results.append(build_result(cands, s, options, checks=checks, raw_output=text,
                                    engine=out.engine or getattr(engine, "name", None), model=out.model,
                                    revision=out.revision, lines=lines, pages=[p.size for p in doc.pages],
                                    extra=extra, images=list(doc.pages), source=doc.source, sha256=doc.sha256,
                                    timings=t, classification=cls, codes=codes))
    return results


def run_extraction(engine, doc: Document, schema, options: ExtractOptions, candidates: Any = None, *,
                   fallback=None) -> Result:
    """Extract one document (its pages go to the engine together)."""
    if isinstance(doc, list):  # the old signature took the page images
        import warnings

        warnings.warn("run_extraction takes a Document now: run_extraction(engine, Document(pages), ...)",
                      DeprecationWarning, stacklevel=2)
        doc = Document(pages=doc)
    return run_extractions(engine, [doc], schema, options, candidates, fallback=fallback)[0]
