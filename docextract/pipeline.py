"""Running an engine over page images and turning its answer into a :class:`Result`.

A VLM engine (one that offers the ``extract`` task) gets the schema's information-extraction
prompt and answers JSON; an OCR-only engine gets the spotting prompt and the fields are found in
its lines by :func:`docextract.locate.find_fields`. Either way the same validation follows.

>>> from docextract.engines.scripted import ScriptedEngine
>>> from docextract.schema import load_schema_text
>>> s = load_schema_text("name: t\\nfields:\\n  - {name: total, type: amount, labels: {zh: 总金额}}\\n")
>>> eng = ScriptedEngine(['```json\\n{"总金额": "￥77.10元"}\\n```'])
>>> r = run_extraction(eng, [], s, ExtractOptions(boxes=False))
>>> r.record.total, eng.prompts[0]
(Decimal('77.10'), "提取图片中的: ['总金额'] 的字段内容，并按照 JSON 格式返回。")
"""

from __future__ import annotations

import time
from typing import Any

from .checks import Check
from .errors import DocextractError, OutputParseError
from .keymap import map_output
from .options import ExtractOptions
from .parsing import clean_output, extract_json, normalize_key, parse_spotting, token_confidence
from .result import Result
from .types import Box, EngineOutput, EngineRequest, FieldCandidate, Line

__all__ = ["run_extraction", "run_extractions", "extraction_request", "result_from_output", "attach_boxes"]


def _is_vlm(engine) -> bool:
    return "extract" in getattr(engine, "tasks", ())


def extraction_request(engine, pages: list, schema, options: ExtractOptions) -> EngineRequest:
    """The request an engine gets for ``schema``: the extraction prompt, or spotting for OCR-only engines."""
    if _is_vlm(engine):
        return EngineRequest(images=pages, prompt=schema.render_prompt("extract", options.language),
                             task="extract", max_new_tokens=options.max_new_tokens)
    from .prompts import render_prompt

    return EngineRequest(images=pages, prompt=render_prompt("spotting", language=options.language), task="spotting")


def _lines_of(out: EngineOutput, pages: list) -> list[Line]:
    if out.lines is not None:
        return list(out.lines)
    if not pages:
        return []
    w, h = pages[0].size
    return parse_spotting(out.text, w, h)


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


def result_from_output(out: EngineOutput, engine, pages: list, schema, options: ExtractOptions,
                       lines: list[Line] | None = None, **meta: Any) -> Result:
    """Parse one engine answer for ``schema`` and validate it."""
    from .validation import build_result

    checks: list[Check] = []
    extra: dict[str, Any] = {}
    t0 = time.perf_counter()
    if _is_vlm(engine):
        text = clean_output(out.text)
        try:
            data = extract_json(text)
            candidates, extra = map_output(data, schema)
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
        lines = lines or []
        if lines:
            attach_boxes(candidates, lines)
    else:
        from .locate import find_fields

        text = out.text
        lines = _lines_of(out, pages)
        region = getattr(engine, "read_region", None)
        reader = (lambda k, box: region(pages[k], box)) if callable(region) else None
        candidates = find_fields(lines, schema, sizes=[p.size for p in pages], options=options, images=pages,
                                 reader=reader)
    timings = dict(meta.pop("timings", {}))
    if out.seconds is not None:
        timings.setdefault("engine", out.seconds)
    result = build_result(candidates, schema, options, checks=checks, raw_output=text, engine=out.engine or
                          getattr(engine, "name", None), model=out.model, revision=out.revision, lines=lines,
                          pages=[p.size for p in pages], extra=extra, images=list(pages), **meta)
    timings["parse"] = time.perf_counter() - t0
    result.timings = {**timings, **result.timings}
    return result


def _spotting_lines(engine, page_sets: list[list], options: ExtractOptions) -> list[list[Line]]:
    """A spotting pass per document (VLM engines), so fields get pixel boxes."""
    from .prompts import render_prompt

    if not options.boxes or not _is_vlm(engine) or "spotting" not in engine.tasks:
        return [[] for _ in page_sets]
    prompt = render_prompt("spotting", language=options.language)
    requests = [EngineRequest(images=[p], prompt=prompt, task="spotting") for pages in page_sets for p in pages]
    outs = engine.run_batch(requests) if requests else []
    result, i = [], 0
    for pages in page_sets:
        doc_lines: list[Line] = []
        for page_no, page in enumerate(pages):
            w, h = page.size
            doc_lines.extend(parse_spotting(clean_output(outs[i].text), w, h, page=page_no))
            i += 1
        result.append(doc_lines)
    return result


def run_extractions(engine, page_sets: list[list], schema, options: ExtractOptions,
                    metas: list[dict] | None = None) -> list[Result]:
    """Extract several documents with one batched engine call."""
    metas = metas or [{} for _ in page_sets]
    t0 = time.perf_counter()
    requests = [extraction_request(engine, pages, schema, options) for pages in page_sets]
    try:
        outs = engine.run_batch(requests) if len(requests) > 1 else [engine.run(requests[0])]
    except DocextractError:
        raise
    engine_s = (time.perf_counter() - t0) / max(1, len(requests))
    t1 = time.perf_counter()
    line_sets = _spotting_lines(engine, page_sets, options)
    spot_s = (time.perf_counter() - t1) / max(1, len(requests))
    results = []
    for out, pages, lines, meta in zip(outs, page_sets, line_sets, metas):
        timings = {**meta.pop("timings", {}), "engine": out.seconds if out.seconds is not None else engine_s}
        if lines:
            timings["spotting"] = spot_s
        results.append(result_from_output(out, engine, pages, schema, options, lines=lines, timings=timings, **meta))
    return results


def run_extraction(engine, pages: list, schema, options: ExtractOptions, **meta: Any) -> Result:
    """Extract one document (its pages go to the engine together)."""
    return run_extractions(engine, [pages], schema, options, [meta])[0]
