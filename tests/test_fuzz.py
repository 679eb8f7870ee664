"""Fuzzing harness (hypothesis): the schema loader, the model-output parser, the image/PDF loader and
the HTTP routes of a real server on 127.0.0.1, fed junk and mutated valid input.

Each target must give a result or a typed :class:`~docextract.errors.DocextractError` (a status below
500 from the server, with a JSON error body), within a time bound, within a memory bound, and leave
the server healthy. The default suite runs a few dozen examples per target, derandomized so CI is
reproducible. Longer, random runs::

    DOCEXTRACT_FUZZ_EXAMPLES=5000 DOCEXTRACT_FUZZ_RANDOM=1 .venv/bin/python -m pytest -q -p no:cacheprovider \\
        tests/test_fuzz.py

A failure prints the smallest input found; hypothesis replays it on the next run.
"""

from __future__ import annotations

import base64
import io
import json
import os
import resource
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docextract.errors import DocextractError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("DOCEXTRACT_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("DOCEXTRACT_FUZZ_RANDOM"),
                suppress_health_check=list(HealthCheck), database=None, print_blob=True)
#: seconds one example may take, and how much the peak RSS of this process may grow over one target
TIME_LIMIT = 10.0
MEMORY_GROWTH_MB = 600

JUNK = ["", "€", "１２３４", "\x00", "\ufeff", "　", "👍" * 50, "a" * 10_000, "[" * 2000, "{" * 2000, "null",
        "NaN", "1e999", "-0", "&a", "*a", "<<: *a", "!!python/object:os.system", "!!binary AAAA", "%YAML 9.9",
        "\t", "---\n---", "? [a, b]\n: c", "key: &k [1]\nother: *k", "${HOME}", "{{ 7*7 }}", "{% raw %}"]


def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


@pytest.fixture(scope="module", autouse=True)
def memory_bound():
    before = peak_mb()
    yield
    assert peak_mb() - before < MEMORY_GROWTH_MB, f"peak RSS grew from {before} to {peak_mb()} MB"


def timed(fn, *args, **kwargs):
    """``fn(...)``'s result or its DocextractError; anything else, or too slow, fails the example."""
    t0 = time.monotonic()
    try:
        out = fn(*args, **kwargs)
    except DocextractError as exc:
        out = exc
    assert time.monotonic() - t0 < TIME_LIMIT, f"{fn.__name__} took {time.monotonic() - t0:.1f} s"
    return out


def mutate(data, draw):
    """Flip, delete, duplicate or splice pieces of ``data`` (bytes or str)."""
    junk_piece = draw(st.sampled_from(JUNK)) if isinstance(data, str) else draw(st.binary(max_size=64))
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            return junk_piece
        i = draw(st.integers(0, len(data) - 1))
        j = draw(st.integers(i, min(len(data), i + 64)))
        op = draw(st.sampled_from(["flip", "delete", "duplicate", "insert", "truncate"]))
        if op == "flip" and isinstance(data, bytes):
            data = data[:i] + bytes([data[i] ^ (1 << draw(st.integers(0, 7)))]) + data[i + 1:]
        elif op == "delete":
            data = data[:i] + data[j:]
        elif op == "duplicate":
            data = data[:j] + data[i:j] * draw(st.integers(1, 8)) + data[j:]
        elif op == "insert":
            data = data[:i] + junk_piece + data[i:]
        else:
            data = data[:i]
    return data


# ------------------------------------------------------------------------------------ schema loader

def _schema_texts() -> list[str]:
    from docextract.schema import list_schemas

    return [p.read_text(encoding="utf-8") for p in list_schemas().values()]


SCHEMA_TEXTS = _schema_texts()


@st.composite
def schema_yaml(draw):
    kind = draw(st.sampled_from(["mutated", "junk", "text"]))
    if kind == "mutated":
        return mutate(draw(st.sampled_from(SCHEMA_TEXTS)), draw)
    if kind == "junk":
        return "name: t\nfields:\n  - name: a\n    type: text\n" + "".join(draw(st.lists(st.sampled_from(JUNK),
                                                                                                  max_size=5)))
    return draw(st.text(max_size=500))


@FUZZ
@given(text=schema_yaml())
def test_fuzz_schema_loader(text):
    from docextract.schema import Schema, load_schema_text

    out = timed(load_schema_text, text, "fuzz.yaml")
    assert isinstance(out, (Schema, DocextractError))
    if isinstance(out, Schema):
        out.record_model  # noqa: B018 - the record class builds too
        timed(out.render_prompt, "extract", "en")


# ------------------------------------------------------------------------------- model-output parser

json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                           lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids,
                                                                                     max_size=4), max_leaves=20)


@st.composite
def model_output(draw):
    kind = draw(st.sampled_from(["json", "fenced", "spotting", "junk", "text"]))
    if kind == "json":
        keys = st.sampled_from(["商户名称", "日期", "合计", "total", "date", "company", "address", "items", "x"])
        return mutate(json.dumps(draw(st.dictionaries(keys, json_values, max_size=6)), ensure_ascii=False), draw)
    if kind == "fenced":
        return "```json\n" + json.dumps(draw(json_values)) + "\n```" + draw(st.text(max_size=20))
    if kind == "spotting":
        n = draw(st.integers(0, 5))
        return "".join(f"{draw(st.text(max_size=10))}({draw(st.integers(-5, 1200))},{draw(st.integers(-5, 1200))}),"
                       f"({draw(st.integers(-5, 1200))},{draw(st.integers(-5, 1200))})" for _ in range(n))
    if kind == "junk":
        return "".join(draw(st.lists(st.sampled_from(JUNK), max_size=4)))
    return draw(st.text(max_size=300))


@FUZZ
@given(text=model_output(), schema=st.sampled_from(["receipt", "cn_id_card", "invoice"]))
def test_fuzz_model_output_parser(text, schema):
    from PIL import Image

    from docextract.api import extract
    from docextract.engines.scripted import ScriptedEngine
    from docextract.parsing import extract_json, parse_spotting
    from docextract.result import Result

    timed(extract_json, text)
    timed(extract_json, text, expect=list)
    lines = timed(parse_spotting, text, 640, 480)
    assert isinstance(lines, (list, DocextractError))
    engine = ScriptedEngine(outputs=[text])
    out = timed(extract, Image.new("RGB", (64, 48), "white"), schema=schema, engine=engine, boxes=False,
                today="2026-11-23")
    assert isinstance(out, (Result, DocextractError))
    if isinstance(out, Result):
        json.dumps(out.to_dict(), default=str)


# ---------------------------------------------------------------------------------- image/PDF loader

def _seeds() -> list[bytes]:
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (80, 60), "white")
    ImageDraw.Draw(img).text((5, 20), "SEED 42", fill="black")
    out = []
    for fmt, kw in (("PNG", {}), ("JPEG", {"quality": 80}), ("GIF", {}), ("BMP", {}), ("WEBP", {}),
                    ("TIFF", {"save_all": True, "append_images": [img, img]})):
        buf = io.BytesIO()
        img.save(buf, fmt, **kw)
        out.append(buf.getvalue())
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(200, 100)
    pdf.new_page(100, 200)
    buf = io.BytesIO()
    pdf.save(buf)
    out.append(buf.getvalue())
    return out


SEEDS = _seeds()


@st.composite
def documents(draw):
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=300))
    return mutate(draw(st.sampled_from(SEEDS)), draw)


@FUZZ
@given(data=documents())
def test_fuzz_image_and_pdf_loader(data):
    from docextract.images import load_pages
    from docextract.options import ExtractOptions

    opts = ExtractOptions(max_pixels=500_000, max_input_pixels=5_000_000, max_pages=4, pdf_dpi=150)
    pages = timed(load_pages, data, opts)
    if not isinstance(pages, DocextractError):
        assert 1 <= len(pages) <= 4
        assert all(p.mode == "RGB" and p.size[0] * p.size[1] <= 500_000 for p in pages)


# ------------------------------------------------------------------------------------- HTTP routes

@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory):
    pytest.importorskip("fastapi")
    from test_server import start_server, stop_server

    tmp = tmp_path_factory.mktemp("fuzzserver")
    base, proc, _ = start_server(tmp, {
        "DOCEXTRACT_MAX_CONCURRENCY": "2", "DOCEXTRACT_MAX_QUEUE": "4", "DOCEXTRACT_MAX_EVENTS": "4",
        "DOCEXTRACT_MAX_PAGES": "4", "DOCEXTRACT_MAX_INPUT_PIXELS": "5000000", "DOCEXTRACT_BODY_TIMEOUT": "5",
        "DOCEXTRACT_URL_ALLOW_HOSTS": "127.0.0.1:1", "DOCEXTRACT_URL_TIMEOUT": "1", "DOCEXTRACT_REQUEST_TIMEOUT": "8",
        "DOCEXTRACT_ENGINE_OPTIONS": json.dumps({"outputs": ['{"total": "RM 9.00", "date": "25/12/2018"}'], "record": False}),
    }, engine="scripted")
    yield base, proc
    stop_server(proc)


OPTION_NAMES = ["language", "boxes", "day_first", "locale", "default_currency", "amount_tolerance", "today", "pdf_dpi",
                "max_pages", "max_new_tokens", "model", "engine", "x"]
values = st.one_of(st.sampled_from(JUNK), st.text(max_size=30), st.integers(-10**6, 10**6).map(str),
                   st.sampled_from(["en", "zh", "true", "0", "600", "de_DE", "EUR", "2026-01-01", "20"]))


@st.composite
def http_requests(draw):
    """(method, path, keyword arguments for requests)."""
    path = draw(st.sampled_from(["/extract", "/ocr", "/invoke", "/healthz", "/", "/extract/x", "/%00", "/pre-stop",
                                 "/initialize"]))
    method = draw(st.sampled_from(["POST"] * 6 + ["GET", "PUT", "DELETE"]))
    headers = {}
    if draw(st.booleans()):
        headers["x-docextract-timeout"] = draw(st.sampled_from(["0", "-1", "abc", "1e9", "nan", "0.5", "inf"]))
    body = draw(st.sampled_from(["form", "json", "event", "events", "bytes"]))
    document = mutate(draw(st.sampled_from(SEEDS)), draw) if draw(st.booleans()) else draw(st.sampled_from(SEEDS))
    fields = draw(st.dictionaries(st.sampled_from(OPTION_NAMES + ["schema", "schema_yaml", "prompt"]), values,
                                  max_size=4))
    if "schema" not in fields and "schema_yaml" not in fields and draw(st.booleans()):
        fields["schema"] = draw(st.sampled_from(["receipt", "cn_id_card", "nope", "../x"]))
    if draw(st.booleans()):
        fields["schema_yaml"] = draw(schema_yaml())
        fields.pop("schema", None)
    if body == "form":
        files = [("image", ("a.bin", document, "application/octet-stream"))] * draw(st.integers(0, 2))
        return method, path, {"files": files or None, "data": fields, "headers": headers}
    if body == "json":
        payload = {**fields, "image_base64": base64.b64encode(document).decode()}
        return method, path, {"json": payload, "headers": headers}
    if body in ("event", "events"):
        event = {**fields, draw(st.sampled_from(["image_base64", "image_url", "junk"])):
                 draw(st.sampled_from([base64.b64encode(document).decode(), "http://127.0.0.1:1/a.png", "%%",
                                       "http://127.0.0.1/pre-stop", ["x"], 5]))}
        if draw(st.booleans()):
            event["prompt"] = draw(st.sampled_from(["识别图片中的文字", "", 7]))
        data = event if body == "event" else [
            {"specversion": "1.0", "id": str(i), "data": {"body": json.dumps(event)}} for i in range(draw(st.integers(0, 6)))]
        raw = json.dumps(data).encode()
        return method, path, {"data": mutate(raw, draw) if draw(st.booleans()) else raw, "headers": headers}
    return method, path, {"data": draw(st.binary(max_size=2000)), "headers": {
        **headers, "content-type": draw(st.sampled_from(["application/json", "multipart/form-data; boundary=x",
                                                          "multipart/form-data", "text/plain", "image/png", ""]))}}


def _vm_hwm_mb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        return None
    return None


@FUZZ
@given(req=http_requests())
def test_fuzz_http_routes(fuzz_server, req):
    import requests

    base, _ = fuzz_server
    method, path, kwargs = req
    t0 = time.monotonic()
    resp = requests.request(method, base + path, timeout=30, **kwargs)
    assert time.monotonic() - t0 < TIME_LIMIT + 8
    assert resp.status_code < 500 or resp.status_code in (503, 504, 507), (resp.status_code, resp.text[:500])
    body = resp.json()  # every answer is JSON
    if resp.status_code >= 400:
        assert body["error"]["code"] and body["error"]["message"]
        assert resp.headers.get("x-fc-status") == "404"
    text = resp.text
    assert "Traceback" not in text and str(ROOT) not in text and sys.prefix not in text


def test_fuzz_server_is_healthy_afterwards(fuzz_server):
    import requests

    base, proc = fuzz_server  # test_fuzz_http_routes ran before (file order)
    health = requests.get(base + "/healthz", timeout=5)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert health.json()["active"] == 0
    hwm = _vm_hwm_mb(proc.pid)
    if hwm is not None:
        assert hwm < 1500, f"server peak RSS {hwm} MB"
    ok = requests.post(base + "/extract", files={"image": ("a.png", SEEDS[0], "image/png")},
                       data={"schema": "receipt"}, timeout=30)
    assert ok.status_code == 200, ok.text
