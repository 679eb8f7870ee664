"""The server against hostile input (issue 12): a real ``docextract serve`` on 127.0.0.1 with default
limits (no token, not on FC), the scripted engine at the engine boundary, real HTTP and raw sockets.

Each test names the numbered case of the issue it covers."""

from __future__ import annotations

import base64
import concurrent.futures
import io
import json
import re
import socket
import sys
import time
from pathlib import Path

import pytest

from test_server import READ_PROMPT, assert_error, start_server, stop_server, text_image

from docextract.synth.hostile import alias_bomb, blank_pdf, multipage_tiff

requests = pytest.importorskip("requests")

ROOT = Path(__file__).resolve().parent.parent
MAX_EVENTS = 4
BODY_TIMEOUT = 1.5
#: a 9-level alias tree: a few hundred bytes that expand to 10**9 strings
ALIAS_BOMB = alias_bomb()
tiff = multipage_tiff


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Defaults as shipped (hooks off, no token), image_url allowed from any port of 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("hostile")
    base, proc, log = start_server(tmp, {
        "DOCEXTRACT_URL_ALLOW_HOSTS": "127.0.0.1:*", "DOCEXTRACT_MAX_EVENTS": str(MAX_EVENTS),
        "DOCEXTRACT_BODY_TIMEOUT": str(BODY_TIMEOUT), "DOCEXTRACT_ENGINE_OPTIONS": json.dumps({"outputs": ["{}"]}),
    }, engine="scripted")
    yield base
    stop_server(proc)


def post_extract(base: str, image: bytes, name: str = "a.png", **data):
    fields = data if "schema_yaml" in data else {"schema": "receipt", **data}
    return requests.post(base + "/extract", files={"image": (name, image, "application/octet-stream")},
                         data=fields, timeout=30)


def healthy(base: str) -> bool:
    resp = requests.get(base + "/healthz", timeout=5)
    return resp.status_code == 200 and resp.json()["status"] == "ok"


# -------------------------------------------------------------------------------- 1. YAML alias bomb

def test_1_alias_bomb_is_refused_at_once_and_health_stays_fast(hostile):
    assert len(ALIAS_BOMB) < 600
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        bomb = pool.submit(post_extract, hostile, text_image(["X"]), schema_yaml=ALIAS_BOMB)
        time.sleep(0.05)
        t0 = time.monotonic()
        assert healthy(hostile)
        health_s = time.monotonic() - t0
        resp = bomb.result(timeout=20)
    err = assert_error(resp, 422, "schema_error")
    assert "alias" in err["message"] and err["line"] == 6  # the first alias
    assert health_s < 1.0


def test_1_alias_bomb_in_the_loader():
    from docextract.errors import SchemaError
    from docextract.schema import load_schema_text

    t0 = time.monotonic()
    with pytest.raises(SchemaError, match="aliases"):
        load_schema_text(ALIAS_BOMB, "bomb.yaml")
    assert time.monotonic() - t0 < 2


def test_1_schema_building_waits_its_turn_under_the_limiter(tmp_path):
    """Uploaded YAML is built in a worker under the admission limit: when every slot and the queue are
    taken, even a bad schema gets 503, not a build on the event loop."""
    base, proc, _ = start_server(tmp_path, {
        "DOCEXTRACT_MAX_CONCURRENCY": "1", "DOCEXTRACT_MAX_QUEUE": "0",
        "DOCEXTRACT_ENGINE_OPTIONS": json.dumps({"outputs": ["{}"], "delay": 2.0})}, engine="scripted")
    try:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            busy = pool.submit(post_extract, base, text_image(["X"]))
            deadline = time.monotonic() + 10
            while requests.get(base + "/healthz").json()["active"] < 1 and time.monotonic() < deadline:
                time.sleep(0.02)
            assert_error(post_extract(base, text_image(["X"]), schema_yaml=ALIAS_BOMB), 503, "busy")
            assert busy.result().status_code == 200
        assert_error(post_extract(base, text_image(["X"]), schema_yaml=ALIAS_BOMB), 422, "schema_error")
    finally:
        stop_server(proc)


# -------------------------------------------------------------------------------- 2. page-size bombs

_PEAK = """
import sys
sys.path.insert(0, {root!r})
from docextract.images import load_pages
from docextract.options import ExtractOptions
pages = load_pages(open({path!r}, "rb").read(), ExtractOptions(pdf_dpi={dpi}, max_pages=50))
# VmHWM: this process's own peak (ru_maxrss would include the forking parent's on Linux)
hwm = next(int(ln.split()[1]) for ln in open("/proc/self/status") if ln.startswith("VmHWM:"))
print(len(pages), max(p.size[0] * p.size[1] for p in pages), hwm // 1024)
"""


def _peak(tmp_path, pdf: bytes, dpi: int) -> tuple[int, int, int]:
    import subprocess

    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to measure peak memory")
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([sys.executable, "-c", _PEAK.format(root=str(ROOT), path=str(path), dpi=dpi)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    n, biggest, peak_mb = map(int, out.stdout.split())
    return n, biggest, peak_mb


def test_2_giant_pdf_pages_are_rendered_within_the_pixel_budget(tmp_path):
    from docextract.options import DEFAULT_MAX_PIXELS

    pdf = blank_pdf(4, (14400, 14400))
    assert len(pdf) < 2000
    n, biggest, peak_mb = _peak(tmp_path, pdf, 200)
    assert n == 4 and biggest <= DEFAULT_MAX_PIXELS
    assert peak_mb < 300, f"peak RSS {peak_mb} MB"  # rendering at full size first took about 390 MB a page


def test_2_high_dpi_is_rendered_within_the_pixel_budget(tmp_path):
    n, _, peak_mb = _peak(tmp_path, blank_pdf(12), 600)
    assert n == 12 and peak_mb < 400, f"peak RSS {peak_mb} MB"


# ------------------------------------------------------------------- 3. options cannot lift server limits

@pytest.mark.parametrize("option,value", [("max_pages", "1000"), ("pdf_dpi", "600"), ("max_new_tokens", "100000")])
def test_3_request_options_cannot_raise_server_ceilings(hostile, option, value):
    err = assert_error(post_extract(hostile, blank_pdf(1), "a.pdf", **{option: value}), 400, "bad_input")
    assert err["field"] == option and "ceiling" in err["message"]
    lower = {"max_pages": "2", "pdf_dpi": "100", "max_new_tokens": "512"}[option]
    assert post_extract(hostile, blank_pdf(1), "a.pdf", **{option: lower}).status_code == 200  # lower is fine


def test_3_pdf_over_the_page_ceiling_is_refused(hostile):
    err = assert_error(post_extract(hostile, blank_pdf(25), "a.pdf"), 413, "too_large")
    assert "25 pages" in err["message"]


def test_3_invoke_array_over_the_event_ceiling_is_refused_before_any_work(hostile):
    event = {"prompt": READ_PROMPT, "image_base64": base64.b64encode(text_image(["X"])).decode()}
    t0 = time.monotonic()
    resp = requests.post(hostile + "/invoke", data=json.dumps([event] * (MAX_EVENTS + 1)), timeout=30)
    err = assert_error(resp, 413, "too_large")
    assert "DOCEXTRACT_MAX_EVENTS" in err["message"] and time.monotonic() - t0 < 5
    ok = requests.post(hostile + "/invoke", data=json.dumps([event] * MAX_EVENTS), timeout=30)
    assert ok.status_code == 200 and ok.json()["succeeded"] == MAX_EVENTS


# ------------------------------------------------------------------------ 4. nobody can stop the service

def test_4_hooks_are_off_outside_fc_without_a_token(hostile):
    for method, path in (("get", "/pre-stop"), ("post", "/initialize")):
        err = assert_error(getattr(requests, method)(hostile + path, timeout=10), 403, "forbidden")
        assert "DOCEXTRACT_HOOKS" in err["message"]
    assert healthy(hostile)
    assert post_extract(hostile, text_image(["STILL WORKING"])).status_code == 200


def test_4_image_url_cannot_reach_this_server_itself(hostile):
    for url in (hostile + "/pre-stop", hostile.replace("127.0.0.1", "localhost") + "/healthz"):
        resp = requests.post(hostile + "/invoke", data=json.dumps({"prompt": READ_PROMPT, "image_url": url}),
                             timeout=30)
        err = assert_error(resp, 400, "bad_input")
        assert "itself" in err["message"] or "allow-list" in err["message"]
    assert healthy(hostile)


def test_4_hooks_with_a_token_or_turned_on():
    from fastapi.testclient import TestClient

    from docextract.server.app import create_app
    from docextract.server.settings import Settings

    with TestClient(create_app(Settings(engine="scripted", api_token="t0ken", prestop_timeout=1))) as client:
        assert_error(client.get("/pre-stop"), 401, "unauthorized")
        assert client.get("/healthz").json()["status"] == "ok"
        assert client.get("/pre-stop", headers={"Authorization": "Bearer t0ken"}).json()["status"] == "stopped"
    with TestClient(create_app(Settings(engine="scripted", hooks=True, prestop_timeout=1))) as client:
        assert client.get("/pre-stop").status_code == 200
        assert client.get("/healthz").status_code == 503


# ------------------------------------------------------------------------ 5. exact admission under bursts

def test_5_limiter_counts_admissions_synchronously():
    import asyncio
    import threading

    from docextract.server.limits import Busy, Limiter

    release = threading.Event()

    async def main():
        lim = Limiter(max_active=2, max_queue=4, queue_timeout=10)
        seen = []

        async def one():
            try:
                return await lim.run(lambda: release.wait(10), timeout=20)
            except Busy as exc:
                seen.append(lim.waiting)
                return exc

        tasks = [asyncio.create_task(one()) for _ in range(64)]
        await asyncio.sleep(0.2)
        assert lim.admitted == 6 and lim.waiting == 4 and max(seen) <= 4
        release.set()
        answers = await asyncio.gather(*tasks)
        lim.shutdown()
        return answers

    answers = asyncio.run(main())
    assert sum(1 for a in answers if a is True) == 6
    assert sum(1 for a in answers if isinstance(a, Busy)) == 58


def test_5_admission_is_exact_under_a_burst_of_64(tmp_path):
    slots, queue, delay = 2, 4, 2.0
    base, proc, _ = start_server(tmp_path, {
        "DOCEXTRACT_MAX_CONCURRENCY": str(slots), "DOCEXTRACT_MAX_QUEUE": str(queue),
        "DOCEXTRACT_ENGINE_OPTIONS": json.dumps({"outputs": ["burst"], "delay": delay})}, engine="scripted")
    image = text_image(["BURST"], size=(200, 60), font_size=30)
    try:
        def one(_):
            t0 = time.monotonic()
            resp = requests.post(base + "/ocr", files={"image": ("a.jpg", image, "image/jpeg")},
                                 data={"prompt": READ_PROMPT}, timeout=60)
            return resp.status_code, resp.json(), time.monotonic() - t0

        with concurrent.futures.ThreadPoolExecutor(64) as pool:
            answers = list(pool.map(one, range(64)))
    finally:
        stop_server(proc)
    statuses = [a[0] for a in answers]
    assert set(statuses) <= {200, 503}, statuses
    waiting = [int(re.search(r"(\d+) requests are waiting", a[1]["error"]["message"]).group(1))
               for a in answers if a[0] == 503]
    assert waiting and max(waiting) <= queue, waiting
    ok = statuses.count(200)
    assert ok >= slots + queue
    if max(a[2] for a in answers if a[0] == 503) < delay:  # the whole burst came before any call finished
        assert ok == slots + queue, statuses


# ---------------------------------------------------------------- 6. multi-page TIFF: same rule as PDFs

def test_6_tiff_over_the_page_limit_is_refused_like_a_pdf(hostile):
    err = assert_error(post_extract(hostile, tiff(200), "a.tif"), 413, "too_large")
    pdf_err = assert_error(post_extract(hostile, blank_pdf(25), "a.pdf"), 413, "too_large")
    assert "200 pages, more than the limit of 20" in err["message"]
    assert err["message"].split(":", 1)[1].replace("200", "N") == pdf_err["message"].split(":", 1)[1].replace("25", "N")
    resp = post_extract(hostile, tiff(3), "a.tif")
    assert resp.status_code == 200 and len(resp.json()["pages"]) == 3


def test_6_load_pages_refuses_tiff_frames_over_max_pages():
    from docextract.errors import ImageTooLarge
    from docextract.images import load_pages
    from docextract.options import ExtractOptions

    with pytest.raises(ImageTooLarge, match="30 pages"):
        load_pages(tiff(30), ExtractOptions(max_pages=20))
    assert len(load_pages(tiff(20), ExtractOptions(max_pages=20))) == 20


# ---------------------------------------------------------------------------- 7. options checked early

@pytest.mark.parametrize("option,value", [("locale", "zz"), ("amount_tolerance", "-5"), ("default_currency", "ZZZ"),
                                          ("max_new_tokens", "0"), ("today", "yesterday")])
def test_7_bad_option_values_get_400_naming_the_option(hostile, option, value):
    err = assert_error(post_extract(hostile, text_image(["X"]), **{option: value}), 400, "bad_input")
    assert err["field"] == option and option in err["message"]


def test_7_invoke_options_are_checked_before_fetching_or_running():
    from docextract.errors import InputError
    from docextract.server.settings import Settings
    from docextract.server.work import request_options

    for values in ({"locale": "zz"}, {"amount_tolerance": -5}, {"max_pages": 21}, {"pdf_dpi": 301}):
        with pytest.raises(InputError) as exc:
            request_options(Settings(engine="scripted"), values)
        assert exc.value.context["field"] == next(iter(values))


# --------------------------------------------------------------------------------------- 8. the rest

def test_8_missing_prompt_template_never_prints_install_paths(hostile):
    schema = ("name: t\nprompt_template: no_such_template.j2\nfields:\n  - {name: a, type: text}\n")
    err = assert_error(post_extract(hostile, text_image(["X"]), schema_yaml=schema), 422, "schema_error")
    assert err["field"] == "prompt_template"
    text = json.dumps(err)
    for path in {str(ROOT), sys.prefix, sys.base_prefix, str(Path(sys.executable).parent)}:
        assert path not in text, (path, text)


def test_8_event_errors_in_an_array_never_print_install_paths(hostile):
    schema = "name: t\nprompt_template: no_such_template.j2\nfields:\n  - {name: a, type: text}\n"
    event = {"schema_yaml": schema, "image_base64": base64.b64encode(text_image(["X"])).decode()}
    resp = requests.post(hostile + "/invoke", data=json.dumps([event]), timeout=30)
    assert resp.status_code == 200
    err = resp.json()["results"][0]
    assert err["status"] == 422 and err["error"]["field"] == "prompt_template"
    assert str(ROOT) not in resp.text and sys.prefix not in resp.text


def _raw(base: str, data: bytes, wait: float = 10.0) -> str:
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        sock.sendall(data)
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except socket.timeout:
            pass
    return b"".join(chunks).decode("latin-1")


def test_8_a_body_that_stalls_gets_408(hostile):
    t0 = time.monotonic()
    answer = _raw(hostile, b"POST /invoke HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           b"Content-Length: 1000\r\n\r\n{\"prompt\": ")
    assert answer.startswith("HTTP/1.1 408"), answer[:300]
    assert time.monotonic() - t0 < BODY_TIMEOUT + 3
    assert json.loads(answer.split("\r\n\r\n", 1)[1])["error"]["code"] == "body_timeout"
    assert healthy(hostile)


def test_8_malformed_content_length_gets_a_json_error(hostile):
    answer = _raw(hostile, b"POST /invoke HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}")
    assert answer.startswith("HTTP/1.1 400"), answer[:300]
    head, body = answer.split("\r\n\r\n", 1)
    assert "application/json" in head.lower()
    assert json.loads(body)["error"]["code"] == "bad_request"
    assert healthy(hostile)


def test_8_extract_from_dev_zero_is_bounded():
    import subprocess

    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    t0 = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "docextract", "extract", "/dev/zero", "--engine", "scripted"],
                         capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 4, out.stderr
    assert "/dev/zero" in out.stderr and "bytes" in out.stderr and "Traceback" not in out.stderr
    assert time.monotonic() - t0 < 30


def test_8_batch_disk_full_is_reported_and_leaves_no_torn_line(tmp_path):
    import resource
    import subprocess

    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(3):
        (docs / f"d{i}.png").write_bytes(text_image([f"DOC {i}"], fmt="PNG"))
    out = tmp_path / "results.jsonl"
    filler = "".join(json.dumps({"key": f"filler-{i}", "status": "ok"}) + "\n" for i in range(5))
    out.write_text(filler)
    limit = len(filler) + 40  # the next record is longer: it is cut mid-line by the file size limit

    def small_disk():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    cmd = [sys.executable, "-m", "docextract", "batch", str(docs), "--schema", "receipt", "--out", str(out),
           "--engine", "scripted", "--concurrency", "1"]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT, preexec_fn=small_disk)
    assert first.returncode == 11, first.stderr
    assert "disk is full" in first.stderr and "unexpected" not in first.stderr
    assert out.read_text() == filler  # the partial line is gone
    second = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert second.returncode in (0, 4), second.stderr
    lines = out.read_text().splitlines()
    inputs = [json.loads(ln)["input"] for ln in lines if "input" in json.loads(ln)]
    assert sorted(Path(p).name for p in inputs) == ["d0.png", "d1.png", "d2.png"]


# ------------------------------------------------------------------ issue 13: no import circles in server/

def test_server_modules_import_one_way():
    """Every ``from .x import`` in docextract/server (lazy ones inside functions too) forms no cycle."""
    import ast

    folder = ROOT / "docextract" / "server"
    graph = {}
    for path in folder.glob("*.py"):
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                deps.add(node.module.split(".")[0])
        graph[path.stem] = deps - {path.stem}

    def cycle_from(start, node, seen):
        for dep in graph.get(node, ()):
            if dep == start:
                return [node, dep]
            if dep not in seen:
                seen.add(dep)
                found = cycle_from(start, dep, seen)
                if found:
                    return [node, *found]
        return None

    cycles = [c for m in graph if (c := cycle_from(m, m, set()))]
    assert not cycles, cycles


def test_images_never_write_pil_globals():
    """Limits are passed explicitly: loading never assigns ``PIL.Image.MAX_IMAGE_PIXELS`` (a process-wide
    value the threaded server would race on). Every write to the module's attributes is recorded."""
    import types

    from PIL import Image

    from docextract.errors import ImageTooLarge
    from docextract.images import load_pages
    from docextract.options import ExtractOptions

    writes: list[str] = []

    class Watched(types.ModuleType):
        def __setattr__(self, name, value):
            writes.append(name)
            super().__setattr__(name, value)

    buf = io.BytesIO()
    Image.new("1", (3000, 2000)).save(buf, "PNG")
    original = Image.__class__
    Image.__class__ = Watched
    try:
        with pytest.raises(ImageTooLarge):
            load_pages(buf.getvalue(), ExtractOptions(max_input_pixels=1_000_000))
        assert load_pages(buf.getvalue(), ExtractOptions(max_input_pixels=10_000_000, max_pixels=100_000))
        assert load_pages(blank_pdf(1), ExtractOptions(max_pixels=100_000))
    finally:
        Image.__class__ = original
    assert "MAX_IMAGE_PIXELS" not in writes, writes
