"""The public functions: ``extract``, ``extract_many``, ``validate``, ``classify``, ``ocr``, ``parse``,
``translate``, ``ask``, ``run_prompt``.

Every function builds one :class:`~docextract.options.ExtractOptions` — the defaults, then an
``options=`` object, then the keywords given explicitly — as the CLI and the server do.
``schema="auto"`` (the default) recognises the document type (:mod:`docextract.doctype`).

>>> r = validate({"id_number": "11010519491231002X", "birth_date": "1949年12月31日", "sex": "女"},
...              schema="cn_id_card")
>>> {c.code: c.status for c in r.checks}["cn_ric_birth_date"]
'pass'
"""

from __future__ import annotations

import time
from typing import Any

from .document import Document
from .engines import Engine, get_engine
from .errors import DocextractError, PromptError, UnsupportedTask
from .options import ExtractOptions
from .result import OcrResult, Result
from .schema import Schema, load_schema
from .tasks import classify_prompt
from .types import EngineOutput, EngineRequest

__all__ = ["extract", "extract_many", "validate", "classify", "ocr", "parse", "translate", "ask", "run_prompt",
           "AUTO"]

#: the ``schema`` that asks docextract to recognise the document type (see :mod:`docextract.doctype`)
AUTO = "auto"


class _DefaultAuto(str):
    """``"auto"`` as the default (not passed by the caller): until the next release a page that fits no
    schema is still read as ``cn_id_card`` — the old default — with a DeprecationWarning."""


_DEFAULT = _DefaultAuto(AUTO)
#: the schema ``extract``, ``extract_many`` and ``validate`` defaulted to before ``"auto"``
OLD_DEFAULT_SCHEMA = "cn_id_card"


def _fallback(schema: Any) -> Schema | None:
    return load_schema(OLD_DEFAULT_SCHEMA) if schema is _DEFAULT else None


def _engine_and_options(engine: Any, options: ExtractOptions | None, overrides: dict) -> tuple[Any, ExtractOptions]:
    """The engine and the options in force: defaults < ``options`` < explicit keywords (``engine`` included)."""
    if engine is None or isinstance(engine, str):
        opts = ExtractOptions.build(options, engine=engine, **overrides)
        return get_engine(opts.engine, opts), opts
    opts = ExtractOptions.build(options, **overrides)  # an engine instance given directly
    return engine, opts


def _schema_or_auto(schema: Any) -> Schema | None:
    return None if schema is None or (isinstance(schema, str) and schema == AUTO) else load_schema(schema)


def extract(image: Any, schema: str | Schema | None = _DEFAULT, engine: str | Engine | None = None, *,
            options: ExtractOptions | None = None, candidates: list | None = None, **overrides: Any) -> Result:
    """Extract a typed record from one document (a path, bytes, PIL image, PDF, or a list of pages/sides).

    ``schema`` is a name, a YAML path, a :class:`Schema`, or ``"auto"`` (the default): the document type
    is recognised among ``candidates`` (default: every loaded schema) and reported in
    ``result.classification``. ``engine`` is a name (``auto``, ``hunyuan``, ``vllm``, ``rapidocr``) or an
    engine instance; other keyword arguments are :class:`ExtractOptions` fields (``language="en"``).
    Explicit keywords win over ``options``, which wins over the defaults.
    """
    from .pipeline import run_extraction

    schema_obj = _schema_or_auto(schema)
    eng, opts = _engine_and_options(engine, options, overrides)
    return run_extraction(eng, Document.load(image, opts), schema_obj, opts, candidates, fallback=_fallback(schema))


def extract_many(images: list, schema: str | Schema | None = _DEFAULT, engine: str | Engine | None = None, *,
                 options: ExtractOptions | None = None, batch_size: int = 8, return_exceptions: bool = False,
                 candidates: list | None = None, **overrides: Any) -> list[Result | DocextractError]:
    """Extract from many documents, batching engine calls; with ``return_exceptions`` a bad input
    (or, with ``schema="auto"``, an unrecognised one) gives its error in place of a Result."""
    from .pipeline import run_extraction, run_extractions

    schema_obj = _schema_or_auto(schema)
    eng, opts = _engine_and_options(engine, options, overrides)
    results: list[Result | DocextractError] = []
    for start in range(0, len(images), max(1, batch_size)):
        slots: list[Any] = []
        for src in images[start:start + batch_size]:
            try:
                slots.append(Document.load(src, opts))
            except DocextractError as exc:
                if not return_exceptions:
                    raise
                slots.append(exc)
        docs = [d for d in slots if isinstance(d, Document)]
        try:
            done = iter(run_extractions(eng, docs, schema_obj, opts, candidates, fallback=_fallback(schema))
                        if docs else [])
        except DocextractError:
            if not return_exceptions or len(docs) < 2:
                raise
            done = iter(_one_by_one(run_extraction, eng, docs, schema_obj, opts, candidates, _fallback(schema)))
        for slot in slots:
            item = next(done) if isinstance(slot, Document) else slot
            if isinstance(item, DocextractError) and not return_exceptions:
                raise item
            results.append(item)
    return results


def _one_by_one(run, eng, docs, schema, opts, candidates, fallback) -> list:
    out: list = []
    for doc in docs:
        try:
            out.append(run(eng, doc, schema, opts, candidates, fallback=fallback))
        except DocextractError as exc:
            out.append(exc)
    return out


def classify(image: Any, engine: str | Engine | None = None, *, candidates: list | None = None,
             options: ExtractOptions | None = None, **overrides: Any):
    """Recognise the document type only: a :class:`~docextract.classify.Classification` (schema name,
    score, every candidate's score). Raises :class:`~docextract.errors.UnrecognizedDocument` when the
    page fits no schema."""
    from .doctype import classify_lines
    from .pipeline import read_lines

    eng, opts = _engine_and_options(engine, options, overrides)
    doc = Document.load(image, opts)
    return classify_lines(read_lines(eng, [doc.pages], opts)[0].lines, candidates)


def validate(raw: dict[str, Any], schema: str | Schema | None = _DEFAULT, *, options: ExtractOptions | None = None,
             **overrides: Any) -> Result:
    """Normalise and check field strings that came from anywhere (another OCR, a form); no engine.

    With ``schema="auto"`` the schema whose field names cover the most keys of ``raw`` is used.
    """
    from .validation import build_result, candidates_from_raw

    schema_obj = _schema_or_auto(schema) or _schema_for_keys(raw, _fallback(schema))
    opts = ExtractOptions.build(options, **overrides)
    known = set(schema_obj.field_names)
    extra = {k: v for k, v in (raw or {}).items() if k not in known}
    return build_result(candidates_from_raw(raw, schema_obj), schema_obj, opts, extra=extra, engine=None)


def _schema_for_keys(raw: Any, fallback: Schema | None = None) -> Schema:
    from .doctype import candidate_schemas
    from .errors import InputError, UnrecognizedDocument

    if not isinstance(raw, dict):
        raise InputError(f"validate expects a mapping of field name -> text, not {type(raw).__name__}")
    keys = set(map(str, raw))
    scored = sorted(((len(keys & set(s.field_names)) / max(1, len(keys)), s.name, s) for s in candidate_schemas()),
                    key=lambda x: (-x[0], x[1]))
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        scores = {name: round(score, 4) for score, name, _ in scored}
        if fallback is not None:
            from .pipeline import warn_fallback

            warn_fallback(fallback, "the field names fit no one schema")
            return fallback
        raise UnrecognizedDocument("cannot tell the schema from the field names "
                                   f"({', '.join(sorted(keys))[:200]}); scores: "
                                   f"{', '.join(f'{n} {v:.2f}' for n, v in scores.items())}; pass schema=...",
                                   scores=scores)
    return scored[0][2]


def run_prompt(image: Any, prompt: str, engine: str | Engine | None = None, *, options: ExtractOptions | None = None,
               task: str | None = None, **overrides: Any) -> EngineOutput:
    """Send any prompt with the image(s); the engine's answer comes back as is.

    An engine that cannot honour the prompt raises :class:`~docextract.errors.UnsupportedTask`.
    """
    if not isinstance(prompt, str) or not prompt.strip():
        raise PromptError("the prompt is empty")
    eng, opts = _engine_and_options(engine, options, overrides)
    task = task or classify_prompt(prompt)
    if task not in eng.tasks:
        raise UnsupportedTask(f"the {eng.name} engine cannot do '{task}' (it offers: {', '.join(sorted(eng.tasks))}); "
                              "use engine='hunyuan' or 'vllm' for this prompt")
    pages = Document.load(image, opts).pages
    t0 = time.perf_counter()
    out = eng.run(EngineRequest(images=pages, prompt=prompt, task=task, max_new_tokens=opts.max_new_tokens))
    if out.seconds is None:
        out.seconds = time.perf_counter() - t0
    return out


def _task(image: Any, task: str, engine: Any, options: ExtractOptions | None, overrides: dict,
          **variables: Any) -> str:
    from .parsing import clean_output
    from .prompts import render_prompt

    eng, opts = _engine_and_options(engine, options, overrides)
    prompt = render_prompt(task, language=opts.language, **variables)
    return clean_output(run_prompt(image, prompt, eng, options=opts, task=task).text)


def ocr(image: Any, engine: str | Engine | None = None, *, options: ExtractOptions | None = None,
        **overrides: Any) -> OcrResult:
    """Text lines with pixel boxes (text spotting), in reading order."""
    from .pipeline import read_lines

    eng, opts = _engine_and_options(engine, options, overrides)
    pages = Document.load(image, opts).pages
    t0 = time.perf_counter()
    reading = read_lines(eng, [pages], opts)[0]
    first = reading.outputs[0] if reading.outputs else EngineOutput(text="")
    return OcrResult(lines=reading.lines, text="\n".join(ln.text for ln in reading.lines),
                     engine=first.engine or eng.name, model=first.model, revision=first.revision,
                     pages=[p.size for p in pages], seconds=time.perf_counter() - t0)


def parse(image: Any, engine: str | Engine | None = None, *, options: ExtractOptions | None = None,
          **overrides: Any) -> str:
    """The document as markdown (tables as HTML, formulas as LaTeX)."""
    return _task(image, "parse", engine, options, overrides)


def translate(image: Any, to: str = "en", engine: str | Engine | None = None, *, options: ExtractOptions | None = None,
              **overrides: Any) -> str:
    """Read the text, then translate it (``to``: en, zh, ja, ko, fr, de, ...)."""
    return _task(image, "translate", engine, options, overrides, to=to)


def ask(image: Any, question: str, engine: str | Engine | None = None, *, options: ExtractOptions | None = None,
        **overrides: Any) -> str:
    """Answer a free question about the document."""
    return _task(image, "ask", engine, options, overrides, question=question)
