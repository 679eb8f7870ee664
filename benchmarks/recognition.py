"""Document-type recognition (``schema="auto"``): accuracy and time on labelled folders.

    python -m benchmarks.recognition [--cache DIR] [--gen DIR] [--n 25] [--report out.json]

Sets: the bundled ``examples/`` (the type is the file name's prefix), generated documents
(``docextract.synth``, degraded, ``--n`` of each kind), ``../shared/data/sroie-dev`` and
``../shared/data/wildreceipt-dev`` (all receipts; ``$DOCEXTRACT_SHARED_DATA`` points elsewhere).
Each page is read once by the CPU engine (``--cache`` keeps the lines, see
``benchmarks.accuracy.CachingEngine``); recognition runs on those lines exactly as
``extract(schema="auto")`` does, against every loaded schema. The report gives the share
recognised per set, the confusions, and recognition's time next to the reading's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DOCEXTRACT_SHARED_DATA", ROOT.parent / "shared" / "data"))
KINDS = ("cn_id_card", "cn_id_card_back", "cn_vat_invoice", "passport", "receipt")


def datasets(gen: Path, n: int, kinds=KINDS) -> dict[str, list[tuple[Path, str]]]:
    """``{set name: [(image, expected schema)]}``."""
    from docextract.synth import generate_set

    sets: dict[str, list[tuple[Path, str]]] = {}
    ex = sorted((ROOT / "examples").glob("*.jpg"))
    sets["examples"] = [(p, p.stem.rsplit("_", 1)[0]) for p in ex]
    generated = []
    for kind in kinds:
        folder = gen / kind
        if len(list(folder.glob("*.jpg"))) < n:
            generate_set(kind, n, folder, degrade=True)
        generated += [(p, kind) for p in sorted(folder.glob("*.jpg"))[:n]]
    sets["generated"] = generated
    for name, ext in (("sroie-dev", "*.jpg"), ("wildreceipt-dev", "*.jpeg")):
        folder = SHARED / name / "img"
        if folder.is_dir():
            sets[name] = [(p, "receipt") for p in sorted(folder.glob(ext))]
    return sets


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.recognition", description=__doc__.split("\n")[0])
    ap.add_argument("--cache", default=str(ROOT / "benchmarks" / "results" / "ocr-cache"))
    ap.add_argument("--gen", default=str(ROOT / "benchmarks" / "results" / "gen"))
    ap.add_argument("--n", type=int, default=25, help="generated documents of each kind")
    ap.add_argument("--limit", type=int, default=None, help="at most this many documents per set")
    ap.add_argument("--sets", default=None, help="only these sets (comma-separated names)")
    ap.add_argument("--kinds", default=",".join(KINDS), help="generated kinds (comma-separated)")
    ap.add_argument("--report", default=None)
    args = ap.parse_args(argv)

    from benchmarks.accuracy import CachingEngine
    from docextract.doctype import candidate_schemas, classify_lines
    from docextract.engines import get_engine
    from docextract.errors import UnrecognizedDocument
    from docextract.images import load_pages
    from docextract.options import ExtractOptions
    from docextract.prompts import render_prompt
    from docextract.types import EngineRequest

    opts = ExtractOptions(engine="rapidocr")
    engine = CachingEngine(get_engine("rapidocr", opts), args.cache)
    prompt = render_prompt("spotting", language=opts.language)
    schemas = candidate_schemas()
    report: dict = {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {os.cpu_count()} CPU, "
                    f"Python {platform.python_version()}", "candidates": [s.name for s in schemas], "sets": {}}
    for set_name, docs in datasets(Path(args.gen), args.n, tuple(args.kinds.split(","))).items():
        if args.sets and set_name not in args.sets.split(","):
            continue
        docs = docs[:args.limit] if args.limit else docs
        right, wrong, read_s, cls_s = 0, [], [], []
        for path, want in docs:
            pages = load_pages(str(path), opts)
            out = engine.run(EngineRequest(images=pages, prompt=prompt, task="spotting"))
            read_s.append(out.seconds or engine.hit_seconds or 0.0)
            t0 = time.perf_counter()
            try:
                got = classify_lines(out.lines or [], schemas).schema_name
            except UnrecognizedDocument as exc:
                got = f"none ({max(exc.scores.values()):.2f})"
            cls_s.append(time.perf_counter() - t0)
            if got == want:
                right += 1
            else:
                wrong.append({"file": path.name, "want": want, "got": got})
        n = len(docs)
        report["sets"][set_name] = {
            "n": n, "recognised": right, "accuracy": round(right / n, 4) if n else 0.0, "wrong": wrong,
            "read_seconds_mean": round(statistics.mean(read_s), 3) if read_s else 0.0,
            "recognise_ms_mean": round(1000 * statistics.mean(cls_s), 2) if cls_s else 0.0,
            "recognise_ms_max": round(1000 * max(cls_s), 2) if cls_s else 0.0}
        r = report["sets"][set_name]
        print(f"{set_name:<16} {right:>4}/{n:<4} {r['accuracy']:.3f}  recognise {r['recognise_ms_mean']:.1f} ms "
              f"(max {r['recognise_ms_max']:.1f}) vs reading {r['read_seconds_mean']:.2f} s", flush=True)
        for w in wrong[:10]:
            print(f"    {w['file']}: {w['got']} (want {w['want']})", file=sys.stderr)
    total = sum(s["n"] for s in report["sets"].values())
    report["accuracy"] = round(sum(s["recognised"] for s in report["sets"].values()) / max(1, total), 4)
    print(f"all {total} documents: {report['accuracy']:.3f}")
    if args.report:
        Path(args.report).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
