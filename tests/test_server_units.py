"""Server building blocks in-process: the limiter (slots, queue, deadline, draining), event parsing,
settings from the environment, and the retrying client against a real local HTTP server."""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from docextract.errors import EngineTimeout, InputError, SchemaNotFound
from docextract.server.fc import split_events
from docextract.server.limits import Busy, Limiter
from docextract.server.settings import Settings


def test_deadline_answers_504_but_the_slot_stays_taken_until_the_engine_returns():
    release = threading.Event()

    async def main():
        lim = Limiter(max_active=1, max_queue=0, queue_timeout=0.1)
        with pytest.raises(EngineTimeout):
            await lim.run(lambda: release.wait(5), timeout=0.05)
        assert lim.active == 1  # the engine call still runs: no second call may start
        with pytest.raises(Busy):
            await lim.run(lambda: "next", timeout=1)
        release.set()
        assert await lim.idle(2)
        assert await lim.run(lambda: "next", timeout=1) == "next"
        lim.shutdown()

    asyncio.run(main())


def test_queue_waits_then_busy_and_draining():
    async def main():
        lim = Limiter(max_active=1, max_queue=1, queue_timeout=5)
        first = asyncio.create_task(lim.run(lambda: time.sleep(0.2) or 1, timeout=5))
        await asyncio.sleep(0.02)
        second = asyncio.create_task(lim.run(lambda: 2, timeout=5))  # waits in the queue
        await asyncio.sleep(0.02)
        with pytest.raises(Busy) as busy:
            await lim.run(lambda: 3, timeout=5)
        assert busy.value.retry_after >= 1
        assert await first == 1 and await second == 2
        lim.draining = True     # the gate refuses what arrives now; what is already inside still runs
        assert await lim.run(lambda: 4, timeout=5) == 4
        lim.shutdown()

    asyncio.run(main())


def test_engine_exceptions_come_back_to_the_request():
    async def main():
        lim = Limiter(max_active=1)

        def boom():
            raise InputError("bad page")

        with pytest.raises(InputError, match="bad page"):
            await lim.run(boom, timeout=1)
        assert lim.active == 0
        lim.shutdown()

    asyncio.run(main())


def test_cloudevents_shapes():
    req = {"schema": "receipt", "image_base64": "aGk="}
    body = json.dumps([
        {"specversion": "1.0", "id": "kafka", "data": {"value": json.dumps(req)}},
        {"specversion": "1.0", "id": "b64", "data_base64": base64.b64encode(json.dumps(req).encode()).decode()},
        {"specversion": "1.0", "id": "direct", "data": req},
        "not an object",
        {"specversion": "1.0", "id": "junk", "data": {"body": "{not json"}},
    ]).encode()
    events = split_events(body)
    assert [e.id for e in events] == ["kafka", "b64", "direct", None, "junk"]
    assert [e.payload["schema"] for e in events[:3]] == ["receipt"] * 3
    assert all(isinstance(e.error, InputError) for e in events[3:])
    with pytest.raises(InputError, match="empty"):
        split_events(b"[]")


def test_settings_from_environment():
    s = Settings.from_env({"DOCEXTRACT_WARMUP": "yes", "DOCEXTRACT_ENGINE_OPTIONS": '{"device": "cpu"}',
                           "FC_INSTANCE_ID": "i-1", "DOCEXTRACT_REQUEST_TIMEOUT": "2.5"})
    assert (s.warmup, s.engine_options, s.on_fc, s.request_timeout) == (True, {"device": "cpu"}, True, 2.5)
    assert s.base_options().engine_options == {"device": "cpu"}
    with pytest.raises(InputError, match="DOCEXTRACT_ENGINE_OPTIONS"):
        Settings.from_env({"DOCEXTRACT_ENGINE_OPTIONS": "[1]"})
    with pytest.raises(InputError, match="max_concurrency"):
        Settings.from_env({"DOCEXTRACT_MAX_CONCURRENCY": "0"})


class _Flaky(BaseHTTPRequestHandler):
    calls: list[str] = []

    def do_POST(self):  # noqa: N802 - http.server API
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.calls.append(self.path)
        if self.path == "/extract" and len([c for c in self.calls if c == "/extract"]) <= 2:
            status, body, extra = 503, {"error": {"code": "busy", "message": "busy"}}, {"Retry-After": "0"}
        elif self.path == "/extract":
            status, body, extra = 200, {"schema": {"name": "receipt"}}, {}
        else:
            status, body, extra = 404, {"error": {"code": "schema_not_found", "message": "no schema named 'x'"}}, {}
        data = json.dumps(body).encode()
        self.send_response(status)
        for k, v in {"Content-Type": "application/json", "Content-Length": str(len(data)), **extra}.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_client_retries_busy_and_raises_the_servers_error(tmp_path):
    from docextract.server.client import Client

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        doc = tmp_path / "a.jpg"
        doc.write_bytes(b"x")
        client = Client(base, max_retries=3, backoff=0.01)
        assert client.extract_file(doc, "receipt") == {"schema": {"name": "receipt"}}
        assert _Flaky.calls.count("/extract") == 3
        with pytest.raises(SchemaNotFound):
            client.post("/ocr", data={"prompt": "x"})
        assert _Flaky.calls.count("/ocr") == 1  # a 404 is not retried
        dead = Client("http://127.0.0.1:1", max_retries=1, backoff=0.01)
        with pytest.raises(Exception) as exc:
            dead.post("/extract")
        assert exc.value.code == "connection_error"
    finally:
        httpd.shutdown()
