"""Speed and reading quality of the embedded CPU engine (rapidocr); prints tables.

    python benchmarks/cpu_speed.py                       # seconds per image: ID cards, receipts, invoices
    python benchmarks/cpu_speed.py --lines 50            # line reading on the first 50 sroie-dev receipts
    python benchmarks/cpu_speed.py --lines 200 -o pad=0.2 -o fixes=false   # with engine options
    python benchmarks/cpu_speed.py -o det_int8=true      # the detector quantized to 8 bits

Speed: generated documents (``docextract.synth``, clean and degraded) and real receipt scans, after
one warm-up; each image read ``--repeat`` times, the median kept.

Line reading on ``shared/data/sroie-dev`` (real receipts with ground-truth text lines): each labelled
line is compared with the OCR lines lying mostly inside its box (joined left to right), upper-cased,
whitespace collapsed. ``exact`` counts lines read verbatim, ``nospace`` ignores spaces, ``chars`` is
1 - CER. ``company``/``address`` count receipts whose labelled company name / address appears
verbatim (spaces ignored) in the OCR text read in order.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

from docextract.textmatch import edit_distance

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SROIE = ROOT.parent / "shared" / "data" / "sroie-dev"


def _engine(opts: dict):
    from docextract.engines.rapidocr import RapidOcrEngine

    if opts.get("stock"):
        return StockRapidOcr()
    return RapidOcrEngine(**opts)


class StockRapidOcr:
    """RapidOCR called as its README shows (its own defaults), for comparison (``-o stock=true``)."""

    def __init__(self) -> None:
        from rapidocr import RapidOCR

        from docextract.engines.rapidocr import model_files

        files = model_files()
        self.ocr = RapidOCR(params={"Global.log_level": "error", "Det.model_path": str(files["det"]),
                                    "Rec.model_path": str(files["rec"]), "Cls.model_path": str(files["cls"])})

    def warmup(self) -> None:
        from PIL import Image

        self.read_rows(Image.new("RGB", (64, 32), "white"))

    def read_rows(self, image):
        import numpy as np

        from docextract.engines.ocrlines import order_lines
        from docextract.types import Box, Line

        out = self.ocr(np.asarray(image.convert("RGB"))[:, :, ::-1])
        if out.txts is None:
            return []
        lines = [Line(t, Box.from_points(b), float(sc)) for b, t, sc in zip(out.boxes, out.txts, out.scores)]
        return [[ln] for ln in order_lines(lines)]

    def read_page(self, image):
        return [ln for row in self.read_rows(image) for ln in row]


def parse_opts(items: list[str]) -> dict:
    out = {}
    for item in items:
        k, _, v = item.partition("=")
        low = v.lower()
        out[k] = (True if low == "true" else False if low == "false" else None if low == "none"
                  else int(v) if v.lstrip("-").isdigit() else float(v) if v.replace(".", "", 1).isdigit() else v)
    return out


def timed(engine, image, repeat: int) -> tuple[float, int, float]:
    """(median wall seconds, lines, median CPU seconds of this process) for one image."""
    times, cpus, n = [], [], 0
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        n = len(engine.read_page(image))
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(times), n, statistics.median(cpus)


def speed(opts: dict, repeat: int, n: int) -> None:
    from PIL import Image

    from docextract.synth import generate

    engine = _engine(opts)
    engine.warmup()
    kinds = [("cn_id_card", False), ("cn_id_card", True), ("cn_id_card_back", False), ("receipt", False),
             ("receipt", True), ("cn_vat_invoice", False)]
    print(f"{'document':<28} {'size':>11} {'lines':>6} {'median s':>9} {'max s':>7} {'cpu s':>6}")

    def row(label: str, rows: list) -> None:
        print(f"{label:<28} {'%dx%d' % rows[0][3]:>11} {statistics.median(r[1] for r in rows):>6.0f} "
              f"{statistics.median(r[0] for r in rows):>9.2f} {max(r[0] for r in rows):>7.2f} "
              f"{statistics.median(r[2] for r in rows):>6.2f}")

    for kind, degrade in kinds:
        rows = []
        for seed in range(n):
            img = generate(kind, seed, degrade=degrade).image
            rows.append((*timed(engine, img, repeat), img.size))
        row(f"{kind}{' (degraded)' if degrade else ''}", rows)
    if SROIE.is_dir():
        rows = []
        for p in sorted((SROIE / "img").glob("*.jpg"))[:n]:
            img = Image.open(p).convert("RGB")
            rows.append((*timed(engine, img, repeat), img.size))
        row("sroie-dev receipt scan", rows)
    print(f"(median of {repeat} reads per image, {n} images per row; cpu s = CPU time of this process, all threads)")


def _norm(s: str) -> str:
    return " ".join(s.upper().split())


def gt_lines(csv_path: Path) -> list[tuple[tuple[float, float, float, float], str]]:
    out = []
    for row in csv_path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = row.split(",", 8)
        if len(parts) < 9 or not parts[8].strip():
            continue
        xs, ys = [float(v) for v in parts[0:8:2]], [float(v) for v in parts[1:8:2]]
        out.append(((min(xs), min(ys), max(xs), max(ys)), parts[8]))
    return out


def _inside(ocr_box, gt_box) -> float:
    ix = max(0.0, min(ocr_box[2], gt_box[2]) - max(ocr_box[0], gt_box[0]))
    iy = max(0.0, min(ocr_box[3], gt_box[3]) - max(ocr_box[1], gt_box[1]))
    area = max(1.0, (ocr_box[2] - ocr_box[0]) * (ocr_box[3] - ocr_box[1]))
    return ix * iy / area


def score_page(lines, gts) -> dict:
    exact = nospace = chars = total_chars = 0
    for gbox, gtext in gts:
        mine = sorted((ln for ln in lines if _inside(ln.box, gbox) >= 0.5), key=lambda ln: ln.box[0])
        got, want = _norm(" ".join(ln.text for ln in mine)), _norm(gtext)
        if not mine:  # a labelled piece ("1", "X", "19.00") inside one OCR line that covers its whole row
            host = [ln for ln in lines if _inside(gbox, ln.box) >= 0.5]
            if host and re.search(r"(?<![0-9A-Z])" + re.escape(want.replace(" ", "")) + r"(?![0-9A-Z])",
                                  _norm(host[0].text).replace(" ", "")):
                got = want
        exact += got == want
        nospace += got.replace(" ", "") == want.replace(" ", "")
        chars += edit_distance(got, want)
        total_chars += len(want)
    return {"lines": len(gts), "exact": exact, "nospace": nospace, "errors": chars, "chars": total_chars}


def line_accuracy(opts: dict, n: int, verbose: bool = False) -> dict:
    from PIL import Image

    engine = _engine(opts)
    engine.warmup()
    tot = {"lines": 0, "exact": 0, "nospace": 0, "errors": 0, "chars": 0, "company": 0, "address": 0,
           "pages": 0, "seconds": 0.0, "cpu": 0.0}
    for p in sorted((SROIE / "img").glob("*.jpg"))[:n]:
        img = Image.open(p).convert("RGB")
        t0, c0 = time.perf_counter(), time.process_time()
        rows = engine.read_rows(img)
        tot["seconds"] += time.perf_counter() - t0
        tot["cpu"] += time.process_time() - c0
        lines = [ln for row in rows for ln in row]
        s = score_page(lines, gt_lines(SROIE / "box" / f"{p.stem}.csv"))
        for k, v in s.items():
            tot[k] += v
        key = json.loads((SROIE / "key" / f"{p.stem}.json").read_text(encoding="utf-8"))
        text = _norm(" ".join(ln.text for ln in lines)).replace(" ", "")
        for field, name in (("company", "company"), ("address", "address")):
            ok = _norm(key.get(name, "")).replace(" ", "") in text
            tot[field] += ok
            if verbose and not ok:
                print(f"{p.stem} {field}: want {key.get(name)!r}", file=sys.stderr)
        tot["pages"] += 1
    return tot


def print_accuracy(opts: dict, tot: dict) -> None:
    pages = max(1, tot["pages"])
    print(f"{'options':<40} {'exact':>6} {'nospace':>8} {'chars':>6} {'company':>8} {'address':>8} "
          f"{'s/page':>7} {'cpu s':>6}")
    print(f"{json.dumps(opts) if opts else 'defaults':<40} {100 * tot['exact'] / tot['lines']:>5.1f}% "
          f"{100 * tot['nospace'] / tot['lines']:>7.1f}% {100 * (1 - tot['errors'] / tot['chars']):>5.1f}% "
          f"{100 * tot['company'] / pages:>7.1f}% {100 * tot['address'] / pages:>7.1f}% "
          f"{tot['seconds'] / pages:>7.2f} {tot['cpu'] / pages:>6.2f}")
    print(f"({tot['pages']} receipts, {tot['lines']} labelled lines)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=0, metavar="N", help="line reading on N sroie-dev receipts")
    ap.add_argument("-o", "--option", action="append", default=[], help="engine option NAME=VALUE")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--n", type=int, default=5, help="images per kind for the speed table")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    opts = parse_opts(args.option)
    if args.lines:
        if not SROIE.is_dir():
            print(f"{SROIE} is absent: no line-reading figures", file=sys.stderr)
            return 1
        print_accuracy(opts, line_accuracy(opts, args.lines, args.verbose))
    else:
        speed(opts, args.repeat, args.n)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
