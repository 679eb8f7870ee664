"""Grounding on the real dev sets: VLM answers (scripted) checked against the CPU engine's lines of real photos.

    python -m benchmarks.evidence --sets sroie,wildreceipt [--limit N] [--report out.json]

For each receipt of ``sroie-dev`` / ``wildreceipt-dev`` the VLM is the ScriptedEngine answering the
labelled truth (merchant name, address, date, total), once as is (every value right: counts right values
wrongly flagged or changed) and once per error kind with one error injected:

- ``cut``: the address cut to 45–80 % of its length (as HunyuanOCR's IE prompt does);
- ``digit``: one digit of the total or the date changed (the date still a date);
- ``invented``: the same field of another receipt of the set (a plausible value not on this page);
- ``corrected``: one letter of the merchant name changed to another (a "corrected" spelling).

The page's lines are the real CPU engine's, from the OCR cache ``benchmarks.accuracy`` keeps
(``~/.cache/docextract/bench/ocr``; read and stored there on a miss). A wrong value is *fixed* when the
result equals the label (scored as ``benchmarks.accuracy`` scores it), *caught* when a warning or failing
check names the field or the field abstained; a right value is *flagged* when a grounding warning names it
or grounding changed or dropped its text (how a right date is then normalised is not grounding's doing).
WildReceipt's labels join every box of a class (``$18.98 18.98$``): the answer is one reading of them.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time

#: set name (as ``--sets`` takes it) -> the accuracy benchmark's SUITE name
SETS = {"sroie": "sroie-dev", "wildreceipt": "wildreceipt-dev"}
FIELDS = ("merchant_name", "merchant_address", "date", "total")
KINDS = ("cut", "digit", "invented", "corrected")
#: the warnings grounding gives (a right value named by one is wrongly flagged)
GROUNDING_CODES = ("not_on_page", "differs_from_page", "readings_differ", "reading_fixed", "extended")


def _digit(value: str, rng, ok) -> str | None:
    """``value`` with one digit changed so that ``ok(new)`` still holds (a date stays a date)."""
    idx = [i for i, c in enumerate(value) if c.isdigit()]
    for _ in range(20):
        if not idx:
            return None
        i = rng.choice(idx)
        new = value[:i] + str((int(value[i]) + rng.randint(1, 9)) % 10) + value[i + 1:]
        if ok(new):
            return new
    return None


def _corrected(value: str, rng) -> str | None:
    idx = [i for i, c in enumerate(value) if c.isalpha() and c.isascii()]
    if len(idx) < 3:
        return None
    i = rng.choice(idx[1:])
    pool = [c for c in "AEIOURSTNLC" if c != value[i].upper()]
    ch = rng.choice(pool)
    return value[:i] + (ch if value[i].isupper() else ch.lower()) + value[i + 1:]


def _one_reading(field: str, label: str, joined: bool, parses) -> str | None:
    """What a VLM would answer for ``label``. WildReceipt's labels (``joined``) are the texts of every box of
    the class joined, often the same value printed twice (``$18.98 18.98$``): a date or total is the first
    box that reads as one; a name or address keeps the boxes not already inside another kept one."""
    if not joined or " " not in label:
        return label
    parts = label.split()
    if field in ("date", "total"):
        return next((p for p in parts if parses(field, p)), None)
    keep: list[str] = []
    for p in sorted(parts, key=len, reverse=True):
        if not any(_key(p) in _key(k) for k in keep):
            keep.append(p)
    return " ".join(p for p in parts if p in keep)


def _key(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _errors(gold: dict, other: dict, rng, date_ok) -> dict[str, tuple[str, str]]:
    """Per error kind: ``(field, wrong value)`` for this receipt (a kind it cannot carry is left out)."""
    out = {}
    addr = gold.get("merchant_address") or ""
    if len(addr) >= 8:
        out["cut"] = ("merchant_address", addr[:max(4, int(len(addr) * rng.uniform(0.45, 0.8)))].rstrip())
    pool = [f for f in ("total", "date") if gold.get(f)]
    if pool:
        f = rng.choice(pool)
        wrong = _digit(gold[f], rng, date_ok if f == "date" else (lambda s: True))
        if wrong:
            out["digit"] = (f, wrong)
    pool = [f for f in FIELDS if gold.get(f) and other.get(f) and other[f] != gold[f]]
    if pool:
        f = rng.choice(pool)
        out["invented"] = (f, other[f])
    if gold.get("merchant_name") and (wrong := _corrected(gold["merchant_name"], rng)):
        out["corrected"] = ("merchant_name", wrong)
    return out


def run_sets(names: list[str], limit: int | None = None, progress: bool = True) -> dict:
    import sys

    from benchmarks.accuracy import _BENCH, SCORING, SUITE, CachingEngine, compare, layout_of, load_dataset
    from docextract import ExtractOptions
    from docextract.codes import read_codes
    from docextract.document import Document
    from docextract.engines import get_engine
    from docextract.engines.scripted import ScriptedEngine
    from docextract.evidence import prime_lines
    from docextract.matching import text_key
    from docextract.normalize import normalize_value
    from docextract.pipeline import run_extraction
    from docextract.schema import load_schema
    from docextract.types import EngineRequest
    from docextract.validation import field_options

    schema = load_schema("receipt")
    opts = ExtractOptions(boxes=False, grounding=True, codes=False)
    reader = CachingEngine(get_engine("rapidocr", ExtractOptions(engine="rapidocr")), _BENCH / "ocr")
    out = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load_before": os.getloadavg()[0],
           "sets": {}}
    for short in names:
        folder = SUITE[SETS.get(short, short)][1]
        scoring = SCORING[layout_of(folder)]
        docs = load_dataset(folder, limit)
        rng = random.Random(14)
        stats = {k: {"wrong": 0, "fixed": 0, "caught": 0, "missed": []} for k in KINDS}
        right = {"values": 0, "flagged": 0, "changed": 0, "examples": []}
        read_s, ground_s, codes_s = [], [], []

        def ok(name, gold, fr, scoring=scoring):
            spec = schema.field(name)
            return compare(spec, gold, fr.raw, fr.value, field_options(spec, schema, opts),
                           gold_options=scoring.get("gold_options"), nospace=scoring.get("nospace"))

        def parses(field, s, scoring=scoring):
            try:
                return normalize_value(schema.field(field).type, s, options=scoring.get("gold_options") or {}) \
                    is not None
            except Exception:  # noqa: BLE001 - not a value of the type (an injected digit that makes no date)
                return False

        def truth_of(d, scoring=scoring):
            out = {f: _one_reading(f, str(d["gold"][f]), bool(scoring.get("nospace")), parses)
                   for f in FIELDS if d["gold"].get(f)}
            return {f: v for f, v in out.items() if v}

        def date_ok(s):
            return parses("date", s)

        for k, d in enumerate(docs):
            gold = truth_of(d)
            other = truth_of(docs[(k + 1) % len(docs)])
            doc = Document.load(d["image"], opts)
            lines = reader.run(EngineRequest(images=list(doc.pages), prompt="", task="spotting")).lines or []
            read_s.append(reader.hit_seconds or 0.0)
            prime_lines(list(doc.pages), lines)
            t0 = time.perf_counter()
            read_codes(list(doc.pages))
            codes_s.append(time.perf_counter() - t0)
            errors = _errors(gold, other, rng, date_ok)
            runs = [("right", None, None)] + [(kind, f, w) for kind, (f, w) in errors.items()]
            for kind, field, wrong in runs:
                answer = {f: (wrong if f == field else v) for f, v in gold.items()}
                eng = ScriptedEngine([json.dumps(answer, ensure_ascii=False)], record=False)
                r = run_extraction(eng, doc, schema, opts)
                ground_s.append(r.timings.get("grounding", 0.0))
                for name, value in gold.items():
                    fr = r.fields[name]
                    named = [c.code for c in r.checks if name in c.fields and c.status in ("warn", "fail")]
                    if name == field:
                        s = stats[kind]
                        s["wrong"] += 1
                        if ok(name, value, fr):
                            s["fixed"] += 1
                        elif named or fr.status == "missing":
                            s["caught"] += 1
                        elif len(s["missed"]) < 12:
                            s["missed"].append({"id": d["id"], "field": name, "truth": value, "answer": wrong,
                                                "evidence": fr.evidence})
                    elif kind == "right":
                        right["values"] += 1
                        flagged = [c for c in named if c.rsplit(".", 1)[-1] in GROUNDING_CODES]
                        changed = text_key(fr.raw) != text_key(value)  # grounding changed or dropped it
                        right["flagged"] += bool(flagged or changed)
                        right["changed"] += changed
                        if (flagged or changed) and len(right["examples"]) < 40:
                            right["examples"].append({"id": d["id"], "field": name, "truth": value,
                                                      "result": fr.raw, "checks": flagged})
            if progress:
                print(f"\r{short}: {k + 1}/{len(docs)}", end="", file=sys.stderr, flush=True)
        if progress:
            print(file=sys.stderr)
        for s in stats.values():
            s["caught_or_fixed"] = round((s["fixed"] + s["caught"]) / max(1, s["wrong"]), 3)
        right["share_flagged"] = round(right["flagged"] / max(1, right["values"]), 3)
        out["sets"][short] = {"documents": len(docs), "errors": stats, "right_values": right,
                              "seconds_per_page": {"cpu_read_lines": round(statistics.median(read_s), 3),
                                                   "grounding": round(statistics.median(ground_s), 4),
                                                   "codes": round(statistics.median(codes_s), 4)}}
    out["load_after"] = os.getloadavg()[0]
    return out
