"""The supervisor (``docextract serve --with-vllm``) as a real process tree, with a stand-in vLLM.

The stand-in is a module importable as ``vllm.entrypoints.openai.api_server`` (put first on the
child's PYTHONPATH) that speaks what the engine uses of vLLM's HTTP API — ``/health``,
``/v1/models``, streamed chat completions — after a start-up delay, records the signals it gets
and exits on SIGTERM. Everything else is real: the supervisor process, uvicorn, the docextract
server, the vllm engine, HTTP on 127.0.0.1, signals. The real vLLM runs in test_vllm_server.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

requests = pytest.importorskip("requests")
pytest.importorskip("uvicorn")

from vllm_harness import ROOT, free_port  # noqa: E402

from docextract.errors import InputError  # noqa: E402
from docextract.supervisor import VllmSettings, vllm_command  # noqa: E402

FAKE = r'''
import argparse, json, os, signal, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

p = argparse.ArgumentParser()
for flag in ("--model", "--served-model-name", "--host", "--port", "--max-model-len", "--limit-mm-per-prompt",
             "--mm-processor-cache-gb", "--gpu-memory-utilization"):
    p.add_argument(flag)
p.add_argument("--no-enable-prefix-caching", action="store_true")
args, _ = p.parse_known_args()
mark = os.environ["FAKE_VLLM_MARK"]
with open(mark, "a") as f:
    f.write("argv " + json.dumps(sys.argv[1:]) + "\n")

def on_term(signum, frame):
    with open(mark, "a") as f:
        f.write(f"signal {signum}\n")
    sys.exit(0)

signal.signal(signal.SIGTERM, on_term)
signal.signal(signal.SIGINT, on_term)
time.sleep(float(os.environ.get("FAKE_VLLM_DELAY", "0")))

class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def send(self, status, body, ctype="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", ctype)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/health":
            self.send(200, b"")
        elif self.path == "/v1/models":
            self.send(200, {"data": [{"id": args.served_model_name, "root": args.model,
                                      "max_model_len": int(args.max_model_len)}]})
        else:
            self.send(404, {"detail": "Not Found"})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        chunks = [{"choices": [{"delta": {"content": w}}]} for w in ("o", "k")]
        chunks.append({"choices": [{"delta": {}, "finish_reason": "stop"}]})
        data = b"".join(b"data: " + json.dumps(c).encode() + b"\n\n" for c in chunks) + b"data: [DONE]\n\n"
        time.sleep(float(os.environ.get("FAKE_VLLM_ANSWER_DELAY", "0")))
        self.send(200, data, "text/event-stream")

ThreadingHTTPServer((args.host, int(args.port)), H).serve_forever()
'''


def fake_vllm(folder: Path) -> Path:
    pkg = folder / "vllm" / "entrypoints" / "openai"
    pkg.mkdir(parents=True)
    for d in (folder / "vllm", folder / "vllm" / "entrypoints", pkg):
        (d / "__init__.py").write_text("")
    (pkg / "api_server.py").write_text(FAKE)
    return folder


def weights(folder: Path) -> Path:
    folder.mkdir()
    (folder / "config.json").write_text('{"num_hidden_layers": 2}')
    (folder / "model.safetensors").write_bytes(b"\0" * 16)
    return folder


def start(tmp: Path, model: Path, **env_extra):
    port = free_port()
    mark = tmp / "vllm.mark"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(fake_vllm(tmp / "fake")), str(ROOT)]),
           "DOCEXTRACT_VLLM_PYTHON": sys.executable, "DOCEXTRACT_VLLM_PORT": str(free_port()),
           "DOCEXTRACT_MODEL": str(model), "FAKE_VLLM_MARK": str(mark), "DOCEXTRACT_VLLM_STOP_TIMEOUT": "10",
           "DOCEXTRACT_ENGINE_OPTIONS": '{"backoff": 0.05, "max_retries": 1}',
           "DOCEXTRACT_HOOKS": "on", **env_extra}  # the tests call the hooks as FC would (off by default outside FC)
    for name in ("DOCEXTRACT_API_TOKEN", "FC_FUNCTION_NAME", "FC_INSTANCE_ID", "DOCEXTRACT_VLLM_URL"):
        if name not in env_extra:
            env.pop(name, None)
    log = tmp / "supervisor.log"
    proc = subprocess.Popen([sys.executable, "-m", "docextract", "serve", "--with-vllm", "--host", "127.0.0.1",
                             "--port", str(port)], cwd=ROOT, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()[-3000:]
        try:
            requests.get(base + "/healthz", timeout=1)
            return base, proc, mark, log
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("the supervisor did not bind within 60 s")


def vllm_child(proc) -> int:
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    return int(children[0])


def stop(proc) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


def png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(buf, "PNG")
    return buf.getvalue()


def ocr(base: str, timeout: float = 30):
    return requests.post(base + "/ocr", files={"image": ("a.png", png(), "image/png")}, data={"prompt": "提取图中的文字。"},
                         timeout=timeout)


def test_command_has_upstream_flags_and_settings_come_from_the_environment():
    s = VllmSettings.from_env({"DOCEXTRACT_MODEL": "/m", "DOCEXTRACT_VLLM_PORT": "8100",
                               "DOCEXTRACT_VLLM_MAX_MODEL_LEN": "16384", "DOCEXTRACT_VLLM_ARGS": "--dtype bfloat16"})
    cmd = vllm_command(s)
    assert cmd[:3] == [s.python, "-m", "vllm.entrypoints.openai.api_server"]
    pairs = dict(zip(cmd[3::1], cmd[4::1]))
    assert (pairs["--model"], pairs["--host"], pairs["--port"], pairs["--max-model-len"]) == \
        ("/m", "127.0.0.1", "8100", "16384")
    assert pairs["--mm-processor-cache-gb"] == "0" and pairs["--limit-mm-per-prompt"] == '{"image": 4, "video": 0}'
    assert "--no-enable-prefix-caching" in cmd and cmd[-2:] == ["--dtype", "bfloat16"]
    with pytest.raises(InputError, match="DOCEXTRACT_VLLM_PORT='x' is not a valid int"):
        VllmSettings.from_env({"DOCEXTRACT_VLLM_PORT": "x"})


def test_missing_weights_fail_initialize_naming_the_folder(tmp_path):
    base, proc, mark, log = start(tmp_path, tmp_path / "no-such-weights")
    try:
        r = requests.post(base + "/initialize", timeout=30, headers={"x-fc-request-id": "init-7"})
        assert r.status_code == 503 and str(tmp_path / "no-such-weights") in r.json()["error"]["message"]
        assert r.headers["x-fc-status"] == "404"
        assert requests.get(base + "/healthz", timeout=5).status_code == 503
        assert not mark.exists()  # vLLM was never started
    finally:
        assert stop(proc) == 0
    text = log.read_text()
    assert "FC Initialize Start RequestId: init-7" in text and "FC Initialize End RequestId: init-7" in text


def test_initialize_waits_for_vllm_a_crash_fails_healthz_and_new_work(tmp_path):
    base, proc, mark, _ = start(tmp_path, weights(tmp_path / "w"), FAKE_VLLM_DELAY="2")
    try:
        t0 = time.monotonic()
        r = requests.post(base + "/initialize", timeout=60)
        assert r.status_code == 200, r.text
        assert time.monotonic() - t0 > 1.0  # it waited for vLLM's /health
        assert r.json()["engine"]["max_model_len"] == 32768
        answer = ocr(base)
        assert answer.status_code == 200 and answer.json()["text"] == "ok"
        os.killpg(vllm_child(proc), signal.SIGKILL)
        time.sleep(0.5)
        health = requests.get(base + "/healthz", timeout=5)
        assert health.status_code == 503 and "vLLM exited with code -9" in health.json()["error"]["message"]
        t0 = time.monotonic()
        late = ocr(base)
        assert late.status_code == 503 and int(late.headers["Retry-After"]) > 0 and time.monotonic() - t0 < 5
    finally:
        assert stop(proc) == 0


def test_pre_stop_drains_docextract_then_stops_vllm(tmp_path):
    import concurrent.futures

    base, proc, mark, _ = start(tmp_path, weights(tmp_path / "w"), FAKE_VLLM_ANSWER_DELAY="1.5")
    try:
        assert requests.post(base + "/initialize", timeout=60).status_code == 200
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            running = pool.submit(ocr, base)
            deadline = time.monotonic() + 30   # the request reached the server (a loaded machine is slow)
            while time.monotonic() < deadline and not running.done() and \
                    requests.get(base + "/healthz", timeout=10).json().get("in_flight", 0) < 2:   # 2: it and this one
                time.sleep(0.02)
            r = requests.get(base + "/pre-stop", timeout=60)
            assert running.result().status_code == 200  # finished on a live vLLM before it was stopped
        assert r.status_code == 200 and r.json()["drained"] is True
        assert r.json()["vllm"] == {"stopped": True, "exit_code": 0}
        assert f"signal {int(signal.SIGTERM)}" in mark.read_text()
    finally:
        assert stop(proc) == 0


def test_sigterm_drains_and_is_forwarded_to_vllm(tmp_path):
    base, proc, mark, log = start(tmp_path, weights(tmp_path / "w"))
    assert requests.post(base + "/initialize", timeout=60).status_code == 200
    child = vllm_child(proc)
    assert stop(proc) == 0
    assert f"signal {int(signal.SIGTERM)}" in mark.read_text()
    assert not Path(f"/proc/{child}").exists() or "zombie" in Path(f"/proc/{child}/status").read_text()
    assert "vLLM exit code 0" in log.read_text()


def test_unauthorised_initialize_is_refused_at_once_not_after_waiting_for_vllm(tmp_path):
    base, proc, mark, _ = start(tmp_path, weights(tmp_path / "w"), FAKE_VLLM_DELAY="20",
                                DOCEXTRACT_API_TOKEN="s3cret")
    try:
        t0 = time.monotonic()
        r = requests.post(base + "/initialize", timeout=60)
        assert r.status_code == 401 and time.monotonic() - t0 < 10  # vLLM needs 20 s: the gate answered first
        r = requests.post(base + "/initialize", timeout=60, headers={"authorization": "Bearer s3cret"})
        assert r.status_code == 200, r.text
        assert time.monotonic() - t0 > 15  # the authorised call did wait for vLLM's /health
    finally:
        assert stop(proc) == 0


def test_malformed_framing_gets_the_same_json_error_as_the_plain_server(tmp_path):
    import json
    import socket

    base, proc, mark, _ = start(tmp_path, weights(tmp_path / "w"))
    try:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"POST /invoke HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}")
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        head, body = answer.decode("latin-1").split("\r\n\r\n", 1)
        assert head.startswith("HTTP/1.1 400") and "application/json" in head.lower(), head
        assert json.loads(body)["error"]["code"] == "bad_request"
    finally:
        assert stop(proc) == 0
