"""What the page itself says about the values: codes decoded from it, and the model's values grounded in its lines.

Called once per document by the pipeline, after the engine answered and before the result is built:

1. with ``options.grounding`` (None: on for model engines, off for the scripted test double), each value a
   VLM returned is matched against the page's lines (:mod:`docextract.grounding`) — the engine's own
   spotting pass when it ran, else lines read by the CPU engine;
2. with ``options.codes``, QR codes and barcodes are decoded (:mod:`docextract.codes`); a field left empty
   is filled from an invoice QR code when the schema lists the ``qr_matches_fields`` rule.

>>> from docextract.schema import load_schema_text
>>> s = load_schema_text("name: t\\nfields:\\n  - {name: total, type: amount}\\n")
>>> grounding_on(object(), ExtractOptions()), grounding_on(object(), ExtractOptions(grounding=False))
(True, False)
"""

from __future__ import annotations

import hashlib
import threading
import time

from .checks import Check
from .options import ExtractOptions
from .types import FieldCandidate, Line

__all__ = ["gather_evidence", "grounding_on", "cpu_lines", "prime_lines", "vote_readings"]


def grounding_on(engine, options: ExtractOptions) -> bool:
    """Whether a VLM's values are grounded: the option, else the engine's default (``grounds_by_default``)."""
    if options.grounding is not None:
        return options.grounding
    return bool(getattr(engine, "grounds_by_default", True))


def cpu_lines(pages: list, options: ExtractOptions) -> list[Line]:
    """The pages' lines as the embedded CPU engine reads them (for grounding a remote model's answer)."""
    from .engines import get_engine

    engine = get_engine("rapidocr", ExtractOptions(engine="rapidocr"))
    lines: list[Line] = []
    for k, page in enumerate(pages):
        key = _page_key(page, k)
        with _LINES_LOCK:
            cached = _LINES.get(key)
        if cached is None:  # the same page grounded again (another schema, another answer) is not re-read
            cached = engine.read_page(page, page=k)
            with _LINES_LOCK:  # the server and batches ground in several threads
                _LINES[key] = cached
                while len(_LINES) > 16:
                    _LINES.pop(next(iter(_LINES)), None)
        lines.extend(cached)
    return lines


_LINES: dict = {}
_LINES_LOCK = threading.Lock()


def _page_key(page, k: int) -> tuple:
    return hashlib.sha1(page.tobytes()).hexdigest(), page.size, k


def prime_lines(pages: list, lines: list[Line]) -> None:
    """Give :func:`cpu_lines` the pages' lines read elsewhere (a benchmark's OCR cache), so they are not read again."""
    with _LINES_LOCK:
        for k, page in enumerate(pages):
            _LINES[_page_key(page, k)] = [ln for ln in lines if ln.page == k]
            while len(_LINES) > 16:
                _LINES.pop(next(iter(_LINES)), None)


def _fails(candidates: dict, schema, options: ExtractOptions) -> int:
    from .validation import build_result

    return sum(c.status == "fail" for c in build_result(candidates, schema, options).checks)


def vote_readings(candidates: dict[str, FieldCandidate], schema, options: ExtractOptions,
                  found: list[Check]) -> list[Check]:
    """Where the model's value and the page's line differ by a character and no checksum decided, the
    document's checks vote (cross-field sums, 大写 = 小写 …): the page's reading is taken when fewer checks
    fail with it; the other reading stays in ``alternatives``. Returns ``found`` with the votes' outcome."""
    out = []
    for check in found:
        name = check.fields[0] if check.fields else None
        cand = candidates.get(name) if name else None
        if check.code != f"{name}.readings_differ" or cand is None or not cand.alternatives:
            out.append(check)
            continue
        model, page = cand.raw, cand.alternatives[-1]
        before = _fails(candidates, schema, options)
        cand.raw = page
        if before and _fails(candidates, schema, options) < before:
            cand.alternatives[-1], cand.source = model, "page"
            cand.alternative_sources[-1:] = ["model"]
            out.append(Check(code=f"{name}.reading_fixed", status="warn", fields=[name],
                             message=f"{name}: the model read {model!r}, the page shows {page!r}, with which fewer "
                                     "of the document's checks fail: the page's reading is used"))
        else:
            cand.raw = model
            out.append(check)
    return out


def gather_evidence(engine, pages: list, candidates: dict[str, FieldCandidate], schema, options: ExtractOptions,
                    lines: list[Line], *, vlm: bool, timings: dict) -> tuple[list[Check], list, list[Line]]:
    """``(warnings, codes, lines)``: grounding (VLM answers), then codes; ``candidates`` change in place."""
    from .checks.qr import fill_from_codes
    from .codes import read_codes
    from .grounding import ground

    checks: list[Check] = []
    if vlm and pages and grounding_on(engine, options):
        t0 = time.perf_counter()
        if not lines:
            lines = cpu_lines(pages, options)
        found = ground(candidates, lines, schema, abstain=options.abstain)
        checks.extend(vote_readings(candidates, schema, options, found))
        timings["grounding"] = time.perf_counter() - t0
    codes: list = []
    if options.codes and pages:
        t0 = time.perf_counter()
        codes = read_codes(pages)
        for name in fill_from_codes(candidates, codes, schema):
            guess = candidates[name].alternatives
            how = f"only guessed from the print ({guess[0]!r}, no label)" if guess else "not read from the print"
            checks.append(Check(code=f"{name}.from_qr", status="pass", fields=[name],
                                message=f"{name} was {how}; taken from the QR code"))
        timings["codes"] = time.perf_counter() - t0
    return checks, codes, lines
