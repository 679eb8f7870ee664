"""The public functions: ``extract``, ``extract_many``, ``validate``, ``ocr``, ``parse``, ``translate``, ``ask``.

Every function builds one :class:`~docextract.options.ExtractOptions` from its keyword arguments;
the CLI and the server build the same object.

>>> r = validate({"id_number": "11010519491231002X", "birth_date": "1949年12月31日", "sex": "女"},
...              schema="cn_id_card")
>>> {c.code: c.status for c in r.checks}["cn_ric_birth_date"]
'pass'
"""

from __future__ import annotations

import time
from typing import Any

from .engines import get_engine
from .errors import DocextractError, PromptError
from .images import load_pages, sha256_of, source_name
from .options import ExtractOptions
from .result import OcrResult, Result
from .schema import Schema, load_schema
from .tasks import classify_prompt
from .types import EngineOutput, EngineRequest

__all__ = ["extract", "extract_many", "validate", "ocr", "parse", "translate", "ask", "run_prompt"]


def _engine_and_options(engine: Any, options: ExtractOptions | None, overrides: dict) -> tuple[Any, ExtractOptions]:
    if isinstance(engine, str) or engine is None:
        opts = ExtractOptions.build(options, engine=engine, **overrides)
        return get_engine(opts.engine, opts), opts
    opts = ExtractOptions.build(options, **overrides)  # an engine instance given directly
    return engine, opts


def _meta(source: Any) -> dict:
    if isinstance(source, (list, tuple)):
        return {"source": ", ".join(source_name(s) for s in source)[:500],
                "sha256": sha256_of(source[0]) if len(source) == 1 else None}
    return {"source": source_name(source), "sha256": sha256_of(source)}


def extract(image: Any, schema: str | Schema = "cn_id_card", engine: Any = "auto", *,
            options: ExtractOptions | None = None, **overrides: Any) -> Result:
    """Extract a typed record from one document (a path, bytes, PIL image, PDF, or a list of pages/sides).

    ``engine`` is a name (``auto``, ``hunyuan``, ``vllm``, ``rapidocr``) or an engine instance; other
    keyword arguments are :class:`ExtractOptions` fields (``language="en"``, ``max_pixels=...``).
    """
    from .pipeline import run_extraction

    t0 = time.perf_counter()
    schema_obj = load_schema(schema)
    eng, opts = _engine_and_options(engine, options, overrides)
    pages = load_pages(image, opts)
    load_s = time.perf_counter() - t0
    result = run_extraction(eng, pages, schema_obj, opts, timings={"load": load_s}, **_meta(image))
    result.timings["total"] = time.perf_counter() - t0
    return result


def extract_many(images: list, schema: str | Schema = "cn_id_card", engine: Any = "auto", *,
                 options: ExtractOptions | None = None, batch_size: int = 8, return_exceptions: bool = False,
                 **overrides: Any) -> list[Result | DocextractError]:
    """Extract from many documents, batching engine calls; with ``return_exceptions`` a bad input
    gives its error in place of a Result instead of stopping the run."""
    from .pipeline import run_extractions

    schema_obj = load_schema(schema)
    eng, opts = _engine_and_options(engine, options, overrides)
    results: list[Result | DocextractError] = []
    for start in range(0, len(images), max(1, batch_size)):
        chunk = images[start:start + batch_size]
        page_sets, metas, slots = [], [], []
        for src in chunk:
            try:
                t0 = time.perf_counter()
                page_sets.append(load_pages(src, opts))
                metas.append({**_meta(src), "timings": {"load": time.perf_counter() - t0}})
                slots.append(None)
            except DocextractError as exc:
                if not return_exceptions:
                    raise
                slots.append(exc)
        done = iter(run_extractions(eng, page_sets, schema_obj, opts, metas) if page_sets else [])
        results.extend(slot if slot is not None else next(done) for slot in slots)
    return results


def validate(raw: dict[str, Any], schema: str | Schema = "cn_id_card", *, options: ExtractOptions | None = None,
             **overrides: Any) -> Result:
    """Normalise and check field strings that came from anywhere (another OCR, a form); no engine."""
    from .validation import build_result, candidates_from_raw

    schema_obj = load_schema(schema)
    opts = ExtractOptions.build(options, **overrides)
    known = set(schema_obj.field_names)
    extra = {k: v for k, v in (raw or {}).items() if k not in known}
    return build_result(candidates_from_raw(raw, schema_obj), schema_obj, opts, extra=extra, engine=None)


def run_prompt(image: Any, prompt: str, engine: Any = "auto", *, options: ExtractOptions | None = None,
               task: str | None = None, **overrides: Any) -> EngineOutput:
    """Send any prompt with the image(s); the engine's answer comes back as is.

    An engine that cannot honour the prompt raises :class:`~docextract.errors.UnsupportedTask`.
    """
    from .errors import UnsupportedTask

    if not isinstance(prompt, str) or not prompt.strip():
        raise PromptError("the prompt is empty")
    eng, opts = _engine_and_options(engine, options, overrides)
    task = task or classify_prompt(prompt)
    if task not in eng.tasks:
        raise UnsupportedTask(f"the {eng.name} engine cannot do '{task}' (it offers: {', '.join(sorted(eng.tasks))}); "
                              "use engine='hunyuan' or 'vllm' for this prompt")
    pages = load_pages(image, opts)
    t0 = time.perf_counter()
    out = eng.run(EngineRequest(images=pages, prompt=prompt, task=task, max_new_tokens=opts.max_new_tokens))
    if out.seconds is None:
        out.seconds = time.perf_counter() - t0
    return out


def _task(image: Any, task: str, engine: Any, options: ExtractOptions | None, overrides: dict,
          **variables: Any) -> str:
    from .parsing import clean_output
    from .prompts import render_prompt

    opts = ExtractOptions.build(options, **{k: v for k, v in overrides.items() if k != "engine"})
    prompt = render_prompt(task, language=opts.language, **variables)
    return clean_output(run_prompt(image, prompt, engine, options=opts, task=task).text)


def ocr(image: Any, engine: Any = "auto", *, options: ExtractOptions | None = None, **overrides: Any) -> OcrResult:
    """Text lines with pixel boxes (text spotting), in reading order."""
    from .parsing import parse_spotting
    from .prompts import render_prompt

    eng, opts = _engine_and_options(engine, options, overrides)
    prompt = render_prompt("spotting", language=opts.language)
    pages = load_pages(image, opts)
    t0 = time.perf_counter()
    if "extract" in eng.tasks:  # a VLM: one spotting request per page
        outs = eng.run_batch([EngineRequest(images=[p], prompt=prompt, task="spotting") for p in pages])
        lines = [ln for i, (o, p) in enumerate(zip(outs, pages)) for ln in parse_spotting(o.text, *p.size, page=i)]
        first = outs[0]
    else:
        first = eng.run(EngineRequest(images=pages, prompt=prompt, task="spotting"))
        lines = list(first.lines) if first.lines is not None else parse_spotting(first.text, *pages[0].size)
    return OcrResult(lines=lines, text="\n".join(ln.text for ln in lines), engine=first.engine or eng.name,
                     model=first.model, revision=first.revision, pages=[p.size for p in pages],
                     seconds=time.perf_counter() - t0)


def parse(image: Any, engine: Any = "auto", *, options: ExtractOptions | None = None, **overrides: Any) -> str:
    """The document as markdown (tables as HTML, formulas as LaTeX)."""
    return _task(image, "parse", engine, options, overrides)


def translate(image: Any, to: str = "en", engine: Any = "auto", *, options: ExtractOptions | None = None,
              **overrides: Any) -> str:
    """Read the text, then translate it (``to``: en, zh, ja, ko, fr, de, ...)."""
    return _task(image, "translate", engine, options, overrides, to=to)


def ask(image: Any, question: str, engine: Any = "auto", *, options: ExtractOptions | None = None,
        **overrides: Any) -> str:
    """Answer a free question about the document."""
    return _task(image, "ask", engine, options, overrides, question=question)
