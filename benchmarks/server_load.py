"""Load on the HTTP server: latency percentiles, throughput and status counts at several concurrencies.

Starts ``docextract serve`` on 127.0.0.1 (or uses ``--url``) and posts generated text images to
``/ocr`` exactly as the existing FC client does::

    python benchmarks/server_load.py --engine rapidocr --requests 200 --concurrency 1 4 16
    python benchmarks/server_load.py --url http://127.0.0.1:9000 --requests 100 --concurrency 8
"""

from __future__ import annotations

import argparse
import concurrent.futures
import io
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def make_images(n: int) -> list[bytes]:
    from PIL import Image, ImageDraw, ImageFont

    font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    font = ImageFont.truetype(font_path, 32) if Path(font_path).is_file() else ImageFont.load_default(size=32)
    out = []
    for i in range(n):
        img = Image.new("RGB", (480, 120), "white")
        ImageDraw.Draw(img).text((20, 30), f"INVOICE {i:04d} TOTAL {i * 3}.50", fill="black", font=font)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=90)
        out.append(buf.getvalue())
    return out


def start(engine: str, slots: int, queue: int, env: dict | None = None,
          drop: tuple[str, ...] = ()) -> tuple[str, subprocess.Popen]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**{k: v for k, v in os.environ.items() if k not in drop}, "PYTHONPATH": str(ROOT),
           "DOCEXTRACT_MAX_CONCURRENCY": str(slots), "DOCEXTRACT_MAX_QUEUE": str(queue),
           "DOCEXTRACT_HOOKS": "on", **(env or {})}  # /initialize loads the engine before timing, as on FC
    proc = subprocess.Popen([sys.executable, "-m", "docextract", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--engine", engine], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            requests.get(base + "/healthz", timeout=1)
            requests.post(base + "/initialize", timeout=300)
            return base, proc
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def run(base: str, images: list[bytes], n: int, concurrency: int) -> dict:
    def one(i: int):
        t0 = time.perf_counter()
        try:
            r = requests.post(base + "/ocr", files={"image": ("input.jpg", images[i % len(images)], "image/jpeg")},
                              data={"prompt": "识别图片中的文字"}, timeout=300)
            return r.status_code, time.perf_counter() - t0
        except requests.RequestException:
            return None, time.perf_counter() - t0

    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        answers = list(pool.map(one, range(n)))
    wall = time.perf_counter() - t0
    ok = sorted(s for code, s in answers if code == 200)
    statuses: dict = {}
    for code, _ in answers:
        statuses[code] = statuses.get(code, 0) + 1

    def pct(p: float) -> float:
        return ok[min(len(ok) - 1, int(p * len(ok)))] * 1000 if ok else float("nan")

    return {"concurrency": concurrency, "requests": n, "ok": len(ok), "statuses": statuses, "wall_s": wall,
            "ok_per_s": len(ok) / wall, "p50_ms": pct(0.5), "p90_ms": pct(0.9), "p99_ms": pct(0.99),
            "mean_ms": statistics.fmean(ok) * 1000 if ok else float("nan")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", help="an already running server")
    ap.add_argument("--engine", default="rapidocr")
    ap.add_argument("--slots", type=int, default=2, help="DOCEXTRACT_MAX_CONCURRENCY of the started server")
    ap.add_argument("--queue", type=int, default=16, help="DOCEXTRACT_MAX_QUEUE of the started server")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    args = ap.parse_args()
    proc = None
    base = args.url
    if base is None:
        base, proc = start(args.engine, args.slots, args.queue)
    try:
        images = make_images(16)
        run(base, images, 4, 1)  # warm
        print(f"server {base}  engine {args.engine}  slots {args.slots}  queue {args.queue}  cpus {os.cpu_count()}")
        print(f"{'conc':>5} {'reqs':>5} {'ok':>5} {'ok/s':>7} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8}  statuses")
        for c in args.concurrency:
            r = run(base, images, args.requests, c)
            print(f"{c:>5} {r['requests']:>5} {r['ok']:>5} {r['ok_per_s']:>7.1f} {r['p50_ms']:>8.0f} "
                  f"{r['p90_ms']:>8.0f} {r['p99_ms']:>8.0f}  {r['statuses']}")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
