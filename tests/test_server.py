"""The HTTP server as Function Compute runs it: a real uvicorn process on 127.0.0.1, the embedded
CPU engine (rapidocr), real HTTP. One server for the module; the PreStop test runs last."""

from __future__ import annotations

import base64
import concurrent.futures
import io
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

requests = pytest.importorskip("requests")
pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

ROOT = Path(__file__).resolve().parent.parent
ENGINE = os.environ.get("DOCEXTRACT_TEST_SERVER_ENGINE", "rapidocr")
MAX_INPUT_PIXELS = 20_000_000
URL_MAX_BYTES = 300_000
SLOTS, QUEUE = 2, 6
URL_TIMEOUT = 2
READ_PROMPT = "识别图片中的文字"
SPOTTING_PROMPT = "检测并识别图片中的文字，将文本坐标格式化输出。"


# ----------------------------------------------------------------------------------------------- helpers

def _font(size: int, cjk: bool):
    from PIL import ImageFont

    candidates = ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                  "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
                  "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"] if cjk else []
    candidates += ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"]
    for path in candidates:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def has_cjk_font() -> bool:
    return any(Path(p).is_file() for p in ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                                          "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc"))


def text_image(lines: list[str], *, size: tuple[int, int] = (640, 200), font_size: int = 40, fmt: str = "JPEG") -> bytes:
    """A white image with ``lines`` of black text."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    font = _font(font_size, cjk=any(ord(c) > 127 for c in "".join(lines)))
    for i, line in enumerate(lines):
        draw.text((24, 24 + i * int(font_size * 1.6)), line, fill="black", font=font)
    buf = io.BytesIO()
    img.save(buf, fmt, quality=92) if fmt == "JPEG" else img.save(buf, fmt)
    return buf.getvalue()


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "").upper()


def server_log(log: Path, request_id: str, timeout: float = 10.0) -> str:
    """The server's stdout once the request ``request_id`` has been logged (its End marker is written
    after the response went out, so wait for it)."""
    deadline = time.monotonic() + timeout
    while True:
        text = log.read_text(encoding="utf-8")
        if f"End RequestId: {request_id}\n" in text or time.monotonic() > deadline:
            return text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tmp: Path, env_extra: dict, engine: str = ENGINE):
    """``docextract serve`` in a subprocess; (base URL, Popen, stdout log path)."""
    port = free_port()
    log = tmp / "server.out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), **env_extra}
    for name in ("DOCEXTRACT_API_TOKEN", "FC_FUNCTION_NAME", "FC_INSTANCE_ID", "DOCEXTRACT_HOOKS"):
        if name not in env_extra:
            env.pop(name, None)
    proc = subprocess.Popen([sys.executable, "-m", "docextract", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--engine", engine], cwd=ROOT, env=env, stdout=open(log, "wb"),
                            stderr=open(tmp / "server.err", "wb"))
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited: " + (tmp / "server.err").read_text()[-2000:])
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                return base, proc, log
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start within 60 s")


def stop_server(proc) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class _Files(BaseHTTPRequestHandler):
    files: dict[str, bytes] = {}

    def do_GET(self):  # noqa: N802 - http.server API
        if self.path == "/slow":
            time.sleep(URL_TIMEOUT + 1)
        if self.path == "/redirect-out":
            self.send_response(302)
            self.send_header("Location", "http://localhost:1/x.jpg")
            self.end_headers()
            return
        data = self.files.get(self.path)
        self.send_response(200 if data is not None else 404)
        self.send_header("Content-Length", str(len(data or b"")))
        self.end_headers()
        self.wfile.write(data or b"")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def files_server():
    """A plain HTTP file server on 127.0.0.1 (the image_url source)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Files)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", _Files.files
    httpd.shutdown()


@pytest.fixture(scope="module")
def server(tmp_path_factory, files_server):
    if ENGINE == "rapidocr":
        pytest.importorskip("docextract.engines.rapidocr", reason="the rapidocr engine has not landed")
    tmp = tmp_path_factory.mktemp("server")
    files_port = files_server[0].rsplit(":", 1)[1]
    base, proc, log = start_server(tmp, {
        "DOCEXTRACT_MAX_CONCURRENCY": str(SLOTS), "DOCEXTRACT_MAX_QUEUE": str(QUEUE), "DOCEXTRACT_QUEUE_TIMEOUT": "120",
        "DOCEXTRACT_MAX_INPUT_PIXELS": str(MAX_INPUT_PIXELS), "DOCEXTRACT_URL_ALLOW_HOSTS": f"127.0.0.1:{files_port}",
        "DOCEXTRACT_HOOKS": "on",
        "DOCEXTRACT_URL_MAX_BYTES": str(URL_MAX_BYTES), "DOCEXTRACT_URL_TIMEOUT": str(URL_TIMEOUT),
        "DOCEXTRACT_PRESTOP_TIMEOUT": "20",
    })
    yield base, log
    stop_server(proc)


@pytest.fixture(scope="module")
def hello_jpg() -> bytes:
    return text_image(["HELLO 2026", "OCR SERVER"])


def post_ocr(base: str, image: bytes, prompt: str = READ_PROMPT, **kwargs):
    """Exactly what the existing FC client sends."""
    return requests.post(base + "/ocr", files={"image": ("input.jpg", image, "image/jpeg")}, data={"prompt": prompt},
                         **kwargs)


def assert_error(resp, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["error"]["code"] == code, body
    assert body["error"]["message"]
    assert resp.headers["x-fc-status"] == "404"  # FC counts the call as failed only with this header
    return body["error"]


# ------------------------------------------------------------------------------------------------- tests

def test_healthz(server):
    base, _ = server
    resp = requests.get(base + "/healthz")
    assert resp.status_code == 200 and resp.json()["status"] == "ok"


def test_initialize_hook_loads_the_engine(server):
    base, log = server
    resp = requests.post(base + "/initialize", headers={"x-fc-request-id": "init-req-1"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["engine"]["engine"] == ENGINE
    assert requests.get(base + "/healthz").json()["initialized"] is True
    text = server_log(log, "init-req-1")
    assert "FC Initialize Start RequestId: init-req-1" in text and "FC Initialize End RequestId: init-req-1" in text


def test_existing_ocr_client_unchanged(server, hello_jpg):
    base, _ = server
    response = requests.post(base + "/ocr", files={"image": ("input.jpg", hello_jpg, "image/jpeg")},
                             data={"prompt": "识别图片中的文字"})
    assert response.status_code == 200, response.text
    text = squash(response.json()["text"])
    assert "HELLO2026" in text and "OCRSERVER" in text


@pytest.mark.skipif(not has_cjk_font(), reason="fonts-noto-cjk is not installed")
def test_ocr_reads_chinese(server):
    base, _ = server
    resp = post_ocr(base, text_image(["姓名 张三", "住址 北京市"]))
    assert resp.status_code == 200, resp.text
    assert "张三" in resp.json()["text"]


@pytest.mark.parametrize("prompt", [SPOTTING_PROMPT, "提取图中的文字。", "Extract the text in the image."],
                         ids=["spotting", "general-parsing-zh", "general-parsing-en"])
def test_ocr_official_text_prompts(server, prompt):
    base, _ = server
    resp = requests.post(base + "/ocr", files={"image": ("a.png", text_image(["SPOT THIS"], fmt="PNG"), "image/png")},
                         data={"prompt": prompt})
    assert resp.status_code == 200, resp.text
    assert "SPOTTHIS" in squash(resp.json()["text"])


def test_ocr_prompt_the_engine_cannot_honour(server, hello_jpg):
    base, _ = server
    err = assert_error(post_ocr(base, hello_jpg, "这张发票的金额是多少？"), 422, "unsupported_task")
    assert ENGINE in err["message"]


def test_invoke_single_event(server, hello_jpg):
    base, log = server
    event = {"prompt": READ_PROMPT, "image_base64": base64.b64encode(hello_jpg).decode()}
    resp = requests.post(base + "/invoke", data=json.dumps(event),
                         headers={"content-type": "application/octet-stream", "x-fc-request-id": "evt-1"})
    assert resp.status_code == 200, resp.text
    assert "HELLO2026" in squash(resp.json()["text"])
    text = server_log(log, "evt-1")
    assert "FC Invoke Start RequestId: evt-1" in text and "FC Invoke End RequestId: evt-1" in text


def test_invoke_cloudevents_array(server, hello_jpg):
    """A queue-trigger batch: each event gets its own entry; bad ones do not fail the others."""
    base, _ = server
    good = {"prompt": READ_PROMPT, "image_base64": base64.b64encode(hello_jpg).decode()}
    events = [
        {"specversion": "1.0", "id": "m-ok", "source": "acs:mq", "type": "mq:Topic:SendMessage",
         "data": {"topic": "docs", "body": json.dumps(good)}},
        {"specversion": "1.0", "id": "m-b64", "data": {"body": json.dumps({**good, "image_base64": "%%%"})}},
        {"specversion": "1.0", "id": "m-schema", "data": {"body": json.dumps(
            {"schema": "no_such_schema", "image_base64": good["image_base64"]})}},
        {"specversion": "1.0", "id": "m-empty", "data": {"topic": "docs"}},
        {"specversion": "1.0", "id": "m-mns", "data": {"messageBody": base64.b64encode(json.dumps(good).encode()).decode()}},
    ]
    resp = requests.post(base + "/invoke", data=json.dumps(events), headers={"content-type": "application/octet-stream"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    by_id = {r["id"]: r for r in body["results"]}
    assert [r["id"] for r in body["results"]] == [e["id"] for e in events]
    assert by_id["m-ok"]["status"] == 200 and "HELLO2026" in squash(by_id["m-ok"]["result"]["text"])
    assert by_id["m-mns"]["status"] == 200
    assert (by_id["m-b64"]["status"], by_id["m-b64"]["error"]["code"]) == (400, "bad_input")
    assert (by_id["m-schema"]["status"], by_id["m-schema"]["error"]["code"]) == (404, "schema_not_found")
    assert by_id["m-empty"]["status"] == 400
    assert (body["succeeded"], body["failed"]) == (2, 3)


def test_invoke_image_url(server, files_server, hello_jpg):
    base, _ = server
    files_url, files = files_server
    files["/hello.jpg"] = hello_jpg
    files["/big.jpg"] = b"\xff" * (URL_MAX_BYTES + 1)
    ok = requests.post(base + "/invoke", data=json.dumps({"prompt": READ_PROMPT, "image_url": files_url + "/hello.jpg"}))
    assert ok.status_code == 200, ok.text
    assert "HELLO2026" in squash(ok.json()["text"])
    other_host = files_url.replace("127.0.0.1", "localhost") + "/hello.jpg"
    err = assert_error(requests.post(base + "/invoke", data=json.dumps({"prompt": READ_PROMPT, "image_url": other_host})),
                       400, "bad_input")
    assert "allow-list" in err["message"]
    assert_error(requests.post(base + "/invoke", data=json.dumps({"prompt": READ_PROMPT, "image_url": files_url + "/big.jpg"})),
                 413, "too_large")
    # a redirect to a host that is not allowed is refused too
    err = assert_error(requests.post(base + "/invoke", data=json.dumps({"prompt": READ_PROMPT,
                                                                         "image_url": files_url + "/redirect-out"})),
                       400, "bad_input")
    assert "localhost" in err["message"]
    assert_error(requests.post(base + "/invoke", data=json.dumps({"prompt": READ_PROMPT, "image_url": files_url + "/none"})),
                 400, "bad_input")
    t0 = time.monotonic()
    err = assert_error(requests.post(base + "/invoke", data=json.dumps({"prompt": READ_PROMPT,
                                                                         "image_url": files_url + "/slow"})),
                       400, "bad_input")
    assert f"within {URL_TIMEOUT} s" in err["message"] and time.monotonic() - t0 < URL_TIMEOUT + 1


def test_extract_with_uploaded_schema_yaml(server):
    base, _ = server
    schema_yaml = ("name: ticket\nversion: '1'\nlanguages: [en]\nfields:\n"
                   "  - name: code\n    type: text\n    labels: {en: [Code]}\n")
    image = text_image(["Code: ZX81"], size=(480, 120))
    resp = requests.post(base + "/extract", files={"image": ("t.jpg", image, "image/jpeg")},
                         data={"schema_yaml": schema_yaml, "language": "en"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["schema"] == {"name": "ticket", "version": "1"}
    assert body["engine"] == ENGINE and "timings" in body
    assert squash(body["fields"]["code"]["raw"] or "") == "ZX81"


def test_extract_id_card(server, tmp_path):
    """A generated ID card through /extract; the log line masks the name and the number."""
    synth = pytest.importorskip("docextract.synth.id_card", reason="the ID card generator has not landed")
    base, log = server
    sample = synth.generate_id_card(7)
    buf = io.BytesIO()
    sample.image.save(buf, "JPEG", quality=92)
    resp = requests.post(base + "/extract", files={"image": ("card.jpg", buf.getvalue(), "image/jpeg")},
                         data={"schema": "cn_id_card"}, headers={"x-fc-request-id": "card-1"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    record = body["record"]
    for name in ("name", "sex", "ethnicity", "birth_date", "id_number"):
        assert str(record[name]) == str(sample.truth[name]), name
    assert body["schema"]["name"] == "cn_id_card" and body["engine"] == ENGINE
    ric_checks = {c["code"]: c["status"] for c in body["checks"] if c["code"].startswith("cn_ric")}
    assert ric_checks and set(ric_checks.values()) == {"pass"}, ric_checks
    line = next(ln for ln in server_log(log, "card-1").splitlines() if '"request_id": "card-1"' in ln)
    assert sample.truth["id_number"] not in line and sample.truth["name"] not in line
    assert json.loads(line)["schema"] == "cn_id_card"

    # front and back as two image parts: one document of two pages
    back = synth.generate_id_card_back(7)
    buf2 = io.BytesIO()
    back.image.save(buf2, "JPEG", quality=92)
    resp = requests.post(base + "/extract", files=[("image", ("front.jpg", buf.getvalue(), "image/jpeg")),
                                                   ("image", ("back.jpg", buf2.getvalue(), "image/jpeg"))],
                         data={"schema": "cn_id_card"})
    assert resp.status_code == 200, resp.text
    assert len(resp.json()["pages"]) == 2
    assert resp.json()["record"]["id_number"] == sample.truth["id_number"]


def _img(data=None, name="a.jpg"):
    return lambda jpg: {"image": (name, jpg if data is None else data(jpg) if callable(data) else data, "image/jpeg")}


# (name, path, request keyword arguments given the test JPEG, status, code)
BAD_REQUESTS = [
    ("not an image", "/ocr", lambda j: {"files": _img(b"this is text, not a picture")(j), "data": {"prompt": READ_PROMPT}},
     400, "bad_input"),
    ("empty file", "/ocr", lambda j: {"files": _img(b"")(j), "data": {"prompt": READ_PROMPT}}, 400, "bad_input"),
    ("truncated jpeg", "/ocr", lambda j: {"files": _img(j[: len(j) // 3])(j), "data": {"prompt": READ_PROMPT}},
     400, "bad_input"),
    ("image as text field", "/ocr", lambda j: {"data": {"image": "abc", "prompt": READ_PROMPT}}, 400, "bad_input"),
    ("no image", "/ocr", lambda j: {"data": {"prompt": READ_PROMPT}}, 422, "missing_field"),
    ("no prompt", "/ocr", lambda j: {"files": _img()(j)}, 422, "missing_field"),
    ("empty prompt", "/ocr", lambda j: {"files": _img()(j), "data": {"prompt": " "}}, 422, "prompt_error"),
    ("raw image body", "/ocr", lambda j: {"data": j, "headers": {"content-type": "image/jpeg"}}, 400, "bad_input"),
    ("multipart without name", "/ocr", lambda j: {"data": b"--zz\r\nContent-Type: text/plain\r\n\r\nabc\r\n--zz--\r\n",
                                                  "headers": {"content-type": "multipart/form-data; boundary=zz"}},
     400, "bad_input"),
    ("multipart without boundary", "/ocr", lambda j: {"data": b"abc", "headers": {"content-type": "multipart/form-data"}},
     400, "bad_input"),
    ("multipart cut short", "/ocr", lambda j: {"data": b"--zz\r\nContent-Disposition: form-data; name=image\r\n\r\nabc",
                                               "headers": {"content-type": "multipart/form-data; boundary=zz"}},
     422, "missing_field"),
    ("unknown schema", "/extract", lambda j: {"files": _img()(j), "data": {"schema": "passport_xx"}},
     404, "schema_not_found"),
    ("schema path", "/extract", lambda j: {"files": _img()(j), "data": {"schema": "../schemas/cn_id_card.yaml"}},
     404, "schema_not_found"),
    ("bad schema yaml", "/extract", lambda j: {"files": _img()(j), "data": {
        "schema_yaml": "name: t\nfields:\n  - name: a\n    type: txt\n"}}, 422, "schema_error"),
    ("broken yaml", "/extract", lambda j: {"files": _img()(j), "data": {"schema_yaml": "name: [unclosed\n"}},
     422, "schema_error"),
    ("no schema", "/extract", lambda j: {"files": _img()(j)}, 422, "missing_field"),
    ("option not allowed", "/extract", lambda j: {"files": _img()(j), "data": {"schema": "cn_id_card", "model": "/etc"}},
     400, "bad_input"),
    ("bad option value", "/extract", lambda j: {"files": _img()(j), "data": {"schema": "cn_id_card", "language": "fr"}},
     400, "bad_input"),
    ("invoke empty", "/invoke", lambda j: {"data": b""}, 400, "bad_input"),
    ("invoke not json", "/invoke", lambda j: {"data": b"\xff\xfe garbage"}, 400, "bad_input"),
    ("invoke deep json", "/invoke", lambda j: {"data": b"[" * 200_000}, 400, "bad_input"),
    ("invoke no image", "/invoke", lambda j: {"data": json.dumps({"prompt": READ_PROMPT}).encode()}, 422, "missing_field"),
    ("invoke unknown key", "/invoke", lambda j: {"data": json.dumps({"prompt": READ_PROMPT, "image_base64": "aGk=",
                                                                     "x": 1}).encode()}, 400, "bad_input"),
    ("invoke ftp url", "/invoke", lambda j: {"data": json.dumps({"prompt": READ_PROMPT,
                                                                 "image_url": "ftp://127.0.0.1/a"}).encode()},
     400, "bad_input"),
    ("invoke not an image", "/invoke", lambda j: {"data": json.dumps({"schema": "cn_id_card",
                                                                      "image_base64": "aGVsbG8="}).encode()},
     400, "bad_input"),
    ("unknown route", "/nope", lambda j: {}, 404, "not_found"),
]


@pytest.mark.parametrize("name,path,make,status,code", BAD_REQUESTS, ids=[b[0] for b in BAD_REQUESTS])
def test_bad_input_gets_its_status_and_message(server, hello_jpg, name, path, make, status, code):
    base, _ = server
    assert_error(requests.post(base + path, **make(hello_jpg)), status, code)
    assert requests.get(base + "/healthz").status_code == 200


def test_method_not_allowed(server):
    base, _ = server
    assert_error(requests.get(base + "/ocr"), 405, "method_not_allowed")


def test_decompression_bomb_is_refused(server):
    from PIL import Image

    base, _ = server
    buf = io.BytesIO()
    Image.new("1", (5000, 5000)).save(buf, "PNG")  # 25 M pixels in a few kB
    assert len(buf.getvalue()) < 100_000
    err = assert_error(post_ocr(base, buf.getvalue()), 413, "too_large")
    assert "pixels" in err["message"]


def test_body_over_the_limit_is_refused_before_it_is_read(server):
    base, _ = server
    port = int(base.rsplit(":", 1)[1])
    t0 = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"POST /ocr HTTP/1.1\r\nHost: fc\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                     b"Content-Length: 2147483648\r\n\r\n" + b"x" * 65536)
        head = sock.recv(4096).decode("latin-1")
    assert head.startswith("HTTP/1.1 413"), head
    assert "x-fc-status: 404" in head.lower()
    assert time.monotonic() - t0 < 5
    # a body that streams in (no Content-Length) is cut off at the limit too
    sent = []

    def chunks():
        for _ in range(40):
            sent.append(1)
            yield b"y" * (1 << 20)

    assert_error(requests.post(base + "/invoke", data=chunks()), 413, "too_large")
    assert requests.get(base + "/healthz").status_code == 200


def test_deadline_gives_504(server, hello_jpg):
    base, _ = server
    resp = post_ocr(base, hello_jpg, headers={"x-docextract-timeout": "0.01"})
    err = assert_error(resp, 504, "engine_timeout")
    assert "0.01" in err["message"]
    assert post_ocr(base, text_image(["AFTER TIMEOUT"])).status_code == 200


@pytest.mark.slow
def test_load_nothing_lost(server):
    """200 requests at concurrency 16 against 2 engine slots + 6 queued: every request is answered, with
    200 (and the right text) or 503 + Retry-After; nothing else."""
    base, _ = server
    words = ["ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO", "FOXTROT", "GOLF", "HOTEL"]
    images = [text_image([f"{w} {i}"], size=(360, 90), font_size=36) for i, w in enumerate(words)]

    def one(i: int):
        t0 = time.monotonic()
        try:
            resp = post_ocr(base, images[i % len(images)], timeout=120)
            return i, resp.status_code, resp.headers.get("retry-after"), resp.json(), time.monotonic() - t0
        except Exception as exc:  # noqa: BLE001 - counted as lost below
            return i, None, None, repr(exc), time.monotonic() - t0

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(one, range(200)))
    seconds = time.monotonic() - t0
    assert len(answers) == 200
    lost = [a for a in answers if a[1] is None]
    assert not lost, lost[:3]
    statuses = {a[1] for a in answers}
    assert statuses <= {200, 503}, statuses
    assert all(a[2] and a[2].isdigit() and a[3]["error"]["code"] == "busy" for a in answers if a[1] == 503)
    ok = [a for a in answers if a[1] == 200]
    assert len(ok) >= SLOTS + QUEUE  # the first ones admitted all finish (the queue wait is long enough)
    for i, _, _, body, _ in ok:
        assert words[i % len(words)] in squash(body["text"])
    busy_ms = sorted(a[4] * 1000 for a in answers if a[1] == 503)
    print(f"\nload: 200 requests at concurrency 16 in {seconds:.1f} s: {len(ok)} ok, {len(busy_ms)} busy (503, "
          f"median answer {busy_ms[len(busy_ms) // 2] if busy_ms else 0:.0f} ms)")
    assert requests.get(base + "/healthz").json()["active"] == 0


def test_logs_have_markers_and_one_json_line_per_request(server):
    base, log = server
    requests.post(base + "/ocr", files={"image": ("input.jpg", text_image(["ID 11010519491231002X"]), "image/jpeg")},
                  data={"prompt": READ_PROMPT}, headers={"x-fc-request-id": "log-1"})
    text = server_log(log, "log-1")
    lines = text.splitlines()
    starts = {ln.split("RequestId: ")[1] for ln in lines if ln.startswith("FC Invoke Start RequestId: ")}
    ends = {ln.split("RequestId: ")[1] for ln in lines if ln.startswith("FC Invoke End RequestId: ")}
    records = [json.loads(ln) for ln in lines if ln.startswith("{")]
    assert starts == ends and "log-1" in starts
    by_id = {r["request_id"]: r for r in records}
    assert set(by_id) >= starts
    mine = by_id["log-1"]
    assert mine["status"] == 200 and mine["path"] == "/ocr" and mine["latency_ms"] > 0
    assert len(mine["sha256"][0]) == 64 and mine["engine"] == ENGINE and mine["prompt"] == READ_PROMPT
    assert "11010519491231002X" not in text


def test_pre_stop_drains_then_refuses_new_work(server):
    """Runs last: the server finishes what it holds, then stops taking work."""
    base, _ = server
    slow = text_image(["DRAIN " * 6] * 8, size=(1000, 720), font_size=44)
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        in_flight = [pool.submit(post_ocr, base, slow) for _ in range(3)]
        deadline = time.monotonic() + 60    # all three arrived, one at least still held (a loaded machine is slow)
        while time.monotonic() < deadline:
            held = requests.get(base + "/healthz", timeout=30).json()["in_flight"] - 1    # 1 = this request
            if held >= 1 and held + sum(f.done() for f in in_flight) >= 3:
                break
            time.sleep(0.02)
        # a fourth request has arrived but is still sending its body when pre-stop begins: it is in flight too
        late = requests.Request("POST", base + "/ocr", files={"image": ("input.jpg", text_image(["HALF SENT"]),
                                "image/jpeg")}, data={"prompt": READ_PROMPT}).prepare()
        host, port = base.rsplit("/", 1)[1].split(":")
        sock = socket.create_connection((host, int(port)), timeout=120)
        head = "".join(f"{k}: {v}\r\n" for k, v in late.headers.items())
        sock.sendall(f"POST /ocr HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{head}\r\n".encode()
                     + late.body[:100])
        while requests.get(base + "/healthz", timeout=30).json()["in_flight"] - 1 < held + 1:
            time.sleep(0.02)     # the half-sent request is counted
        stopping = pool.submit(requests.get, base + "/pre-stop", headers={"x-fc-request-id": "stop-1"}, timeout=120)
        while requests.get(base + "/healthz", timeout=30).json()["status"] != "draining":
            time.sleep(0.02)
        sock.sendall(late.body[100:])
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        sock.close()
        stop = stopping.result()
        assert all(f.done() for f in in_flight), "pre-stop answered before the requests in flight finished"
        assert [f.result().status_code for f in in_flight] == [200, 200, 200]
        assert answer.startswith(b"HTTP/1.1 200"), answer[:300]      # served, not refused as shutting down
        assert "HALFSENT" in squash(json.loads(answer.split(b"\r\n\r\n", 1)[1])["text"])
    assert stop.status_code == 200, stop.text
    assert stop.json()["drained"] is True and stop.json()["waited_for"] >= 1
    resp = post_ocr(base, text_image(["TOO LATE"]))
    assert_error(resp, 503, "shutting_down")
    assert resp.headers["retry-after"].isdigit()
    assert requests.get(base + "/healthz").status_code == 503
