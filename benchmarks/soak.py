"""Soak test: mixed good and hostile requests against a real server for N minutes.

Starts ``docextract serve`` on 127.0.0.1 (loopback only; or uses ``--url``) with shipped defaults
plus an ``image_url`` allow-list of 127.0.0.1, and drives ``--concurrency`` clients for ``--minutes``
(at most ``--max-requests``). Reports statuses per kind of request, p50/p95 latency, the health
check's latency and the server's memory (RSS) over time::

    python benchmarks/soak.py --engine rapidocr --minutes 5 --concurrency 4
    python benchmarks/soak.py --engine scripted --minutes 1 --json soak.json

Exit status 1 if any answer was a 500, not JSON, or lost (no answer), or the server died.
"""

from __future__ import annotations

import argparse
import base64
import concurrent.futures
import io
import json
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PROMPT = "识别图片中的文字"


def _text_image(text: str, size=(520, 120)) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    font = ImageFont.truetype(font_path, 34) if Path(font_path).is_file() else ImageFont.load_default(size=34)
    img = Image.new("RGB", size, "white")
    ImageDraw.Draw(img).text((16, 36), text, fill="black", font=font)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def request_kinds(base: str) -> dict:
    """kind -> (weight, good?, function that sends one request and returns the response)."""
    words = ["INVOICE 0042 TOTAL 19.50", "RECEIPT 7 CASH 3.20", "ORDER 12 PAID 88.00", "TICKET 5 FARE 2.40"]
    images = [_text_image(w) for w in words]
    receipt = _text_image("TOTAL RM 9.00 DATE 25/12/2018", size=(640, 140))
    from docextract.synth.hostile import alias_bomb, blank_pdf, multipage_tiff, pixel_bomb_png

    giant_pdf, many_pdf, many_tiff, bomb_png = blank_pdf(2, (14400, 14400)), blank_pdf(30), multipage_tiff(200), \
        pixel_bomb_png()

    def form(path, image, name="a.jpg", **data):
        return lambda: requests.post(base + path, files={"image": (name, image, "application/octet-stream")},
                                     data=data, timeout=120)

    def invoke(payload):
        return lambda: requests.post(base + "/invoke", data=payload if isinstance(payload, bytes) else
                                     json.dumps(payload), timeout=120)

    event = {"prompt": PROMPT, "image_base64": base64.b64encode(images[0]).decode()}
    return {
        "ocr": (30, True, lambda: form("/ocr", random.choice(images), prompt=PROMPT)()),
        "extract": (15, True, form("/extract", receipt, schema="receipt", language="en")),
        "invoke": (5, True, invoke(event)),
        "alias_bomb": (4, False, form("/extract", receipt, schema_yaml=alias_bomb())),
        "giant_pdf_pages": (3, False, form("/extract", giant_pdf, "a.pdf", schema="receipt")),
        "too_many_pdf_pages": (3, False, form("/extract", many_pdf, "a.pdf", schema="receipt")),
        "tiff_200_pages": (3, False, form("/extract", many_tiff, "a.tif", schema="receipt")),
        "png_bomb": (3, False, form("/ocr", bomb_png, "a.png", prompt=PROMPT)),
        "over_ceiling": (3, False, form("/extract", receipt, schema="receipt", max_pages="1000", pdf_dpi="600")),
        "bad_locale": (3, False, form("/extract", receipt, schema="receipt", locale="zz")),
        "too_many_events": (3, False, invoke([event] * 40)),
        "pre_stop": (3, False, lambda: requests.get(base + "/pre-stop", timeout=30)),
        "url_to_self": (3, False, invoke({"prompt": PROMPT, "image_url": base + "/pre-stop"})),
        "not_json": (3, False, invoke(b"\xff{not json")),
        "not_an_image": (3, False, form("/ocr", b"hello, not an image", prompt=PROMPT)),
        "missing_template": (3, False, form("/extract", receipt, schema_yaml="name: t\nprompt_template: x.j2\n"
                                            "fields:\n  - {name: a, type: text}\n")),
    }


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def start(engine: str) -> tuple[str, subprocess.Popen]:
    """``docextract serve`` on 127.0.0.1 with shipped defaults (hooks off, no token) and 127.0.0.1 allowed
    for image_url."""
    if str(ROOT) not in sys.path:  # run as a script: python benchmarks/soak.py
        sys.path.insert(0, str(ROOT))
    from benchmarks.server_load import start as start_server

    env = {"DOCEXTRACT_URL_ALLOW_HOSTS": "127.0.0.1:*", "DOCEXTRACT_HOOKS": "off"}
    if engine == "scripted":
        env["DOCEXTRACT_ENGINE_OPTIONS"] = json.dumps({"outputs": ['{"total": "RM 9.00"}'], "delay": 0.2,
                                                       "record": False})
    return start_server(engine, slots=2, queue=8, env=env,
                        drop=("DOCEXTRACT_API_TOKEN", "DOCEXTRACT_HOOKS", "FC_FUNCTION_NAME", "FC_INSTANCE_ID"))


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def soak(base: str, pid: int | None, minutes: float, concurrency: int, max_requests: int, seed: int) -> dict:
    random.seed(seed)
    kinds = request_kinds(base)
    names = list(kinds)
    weights = [kinds[k][0] for k in names]
    answers: list[tuple[str, int | None, float, bool]] = []
    memory: list[tuple[float, float | None, float]] = []
    stop = threading.Event()
    t_start = time.monotonic()
    deadline = t_start + minutes * 60
    counter = iter(range(max_requests))
    lock = threading.Lock()

    def sampler():
        while not stop.is_set():
            t0 = time.monotonic()
            try:
                requests.get(base + "/healthz", timeout=10)
                health = time.monotonic() - t0
            except requests.RequestException:
                health = float("inf")
            memory.append((round(t0 - t_start, 1), _rss_mb(pid) if pid else None, health))
            stop.wait(2.0)

    def client(worker: int):
        rng = random.Random(seed * 1000 + worker)
        while time.monotonic() < deadline:
            with lock:
                if next(counter, None) is None:
                    return
            kind = rng.choices(names, weights)[0]
            t0 = time.monotonic()
            try:
                resp = kinds[kind][2]()
                status = resp.status_code
                try:
                    resp.json()
                    is_json = True
                except ValueError:
                    is_json = False
            except requests.RequestException:
                status, is_json = None, False
            answers.append((kind, status, time.monotonic() - t0, is_json))

    threading.Thread(target=sampler, daemon=True).start()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(client, range(concurrency)))
    stop.set()
    wall = time.monotonic() - t_start
    per_kind = {}
    for kind in names:
        mine = [a for a in answers if a[0] == kind]
        statuses: dict = {}
        for a in mine:
            statuses[str(a[1])] = statuses.get(str(a[1]), 0) + 1
        lat = [a[2] for a in mine]
        per_kind[kind] = {"good": kinds[kind][1], "n": len(mine), "statuses": statuses,
                          "p50_ms": round(pct(lat, 0.5) * 1000), "p95_ms": round(pct(lat, 0.95) * 1000)}
    good_ok = [a[2] for a in answers if kinds[a[0]][1] and a[1] == 200]
    bad = [a[2] for a in answers if not kinds[a[0]][1]]
    rss = [m[1] for m in memory if m[1] is not None]
    return {
        "wall_s": round(wall, 1), "requests": len(answers), "concurrency": concurrency,
        "statuses": {str(s): sum(1 for a in answers if a[1] == s) for s in sorted({a[1] for a in answers}, key=str)},
        "server_errors_5xx_not_503": sum(1 for a in answers if a[1] is not None and a[1] >= 500 and a[1] != 503),
        "lost": sum(1 for a in answers if a[1] is None), "not_json": sum(1 for a in answers if not a[3]),
        "good_200_p50_ms": round(pct(good_ok, 0.5) * 1000), "good_200_p95_ms": round(pct(good_ok, 0.95) * 1000),
        "bad_p50_ms": round(pct(bad, 0.5) * 1000), "bad_p95_ms": round(pct(bad, 0.95) * 1000),
        "healthz_max_ms": round(max((m[2] for m in memory), default=0) * 1000),
        "rss_mb": {"first": round(rss[0]) if rss else None, "max": round(max(rss)) if rss else None,
                   "last": round(rss[-1]) if rss else None},
        "rss_timeline": [(t, round(r) if r else None) for t, r, _ in memory[:: max(1, len(memory) // 12)]],
        "per_kind": per_kind,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engine", default="rapidocr")
    ap.add_argument("--url", default=None, help="a running server on loopback (otherwise one is started)")
    ap.add_argument("--minutes", type=float, default=3.0)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--max-requests", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--json", default=None, help="also write the report here")
    args = ap.parse_args(argv)
    if args.url and not any(h in args.url for h in ("127.0.0.1", "localhost", "[::1]")):
        raise SystemExit("the soak test only talks to loopback addresses")
    proc = None
    if args.url:
        base = args.url.rstrip("/")
    else:
        base, proc = start(args.engine)
    try:
        report = soak(base, proc.pid if proc else None, args.minutes, args.concurrency, args.max_requests, args.seed)
        report["alive_after"] = requests.get(base + "/healthz", timeout=10).status_code == 200
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    report["engine"] = args.engine
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        Path(args.json).write_text(text)
    bad = report["server_errors_5xx_not_503"] or report["lost"] or report["not_json"] or not report["alive_after"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
