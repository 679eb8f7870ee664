"""The vLLM / OpenAI-compatible engine against a real HTTP server on 127.0.0.1.

The server (``http.server`` in a thread) records every request and answers from a script:
chat completions, errors, slow answers and garbage.
"""

from __future__ import annotations

import base64
import io
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

pytest.importorskip("httpx")

from docextract.engines import get_engine  # noqa: E402
from docextract.engines.vllm import VllmEngine  # noqa: E402
from docextract.errors import EngineError, EngineTimeout, EngineUnavailable, InputError  # noqa: E402
from docextract.options import ExtractOptions  # noqa: E402
from docextract.types import EngineRequest  # noqa: E402

EXTRACT = "提取图片中的: ['姓名', '性别'] 的字段内容，并按照 JSON 格式返回。"


def completion(text: str, logprobs: list | None = None, finish: str = "stop") -> dict:
    choice = {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish}
    if logprobs is not None:
        choice["logprobs"] = {"content": logprobs}
    return {"id": "chatcmpl-1", "object": "chat.completion", "model": "tencent/HunyuanOCR", "choices": [choice],
            "usage": {"prompt_tokens": 300, "completion_tokens": 7, "total_tokens": 307}}


def sse(pieces: list[str], finish: str = "stop", logprobs: list | None = None) -> bytes:
    """A streamed chat completion as server-sent events (one chunk per piece, usage last)."""
    events = [{"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}], "model": "served"}]
    for i, piece in enumerate(pieces):
        choice = {"index": 0, "delta": {"content": piece}, "finish_reason": finish if i == len(pieces) - 1 else None}
        if logprobs is not None:
            choice["logprobs"] = {"content": [logprobs[i]]}
        events.append({"choices": [choice], "model": "served"})
    events.append({"choices": [], "usage": {"prompt_tokens": 30, "completion_tokens": len(pieces)}})
    return b"".join(b"data: " + json.dumps(e).encode() + b"\n\n" for e in events) + b"data: [DONE]\n\n"


class FakeServer:
    """Answers POSTs from ``script`` (one entry per request; the last repeats) or ``respond(body)``.

    An entry is ``(status, payload[, headers[, delay]])``; a payload that is a generator is streamed
    chunk by chunk (``text/event-stream``) until it ends or the client closes the connection.
    ``models`` (a list of cards) is served at ``GET /v1/models``; ``health`` lists the statuses of
    successive ``GET /health`` answers (the last repeats).
    """

    def __init__(self):
        self.requests: list[dict] = []
        self.gets: list[str] = []
        self.script: list[tuple] = []
        self.respond = None
        self.models: list | None = None
        self.health = [200]
        self.in_flight = 0
        self.max_in_flight = 0
        self.streamed = 0
        self.client_closed = threading.Event()
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status, data: bytes, headers: dict):
                self.send_response(status)
                headers = {"content-type": "application/json", **headers}
                if "text/event-stream" not in headers["content-type"]:
                    headers["content-length"] = str(len(data))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                with server.lock:
                    server.gets.append(self.path)
                    health = server.health.pop(0) if len(server.health) > 1 else server.health[0]
                if self.path == "/v1/models" and server.models is not None:
                    self.reply(200, json.dumps({"object": "list", "data": server.models}).encode(), {})
                elif self.path == "/health":
                    self.reply(health, b"", {})
                else:
                    self.reply(404, b'{"detail": "Not Found"}', {})

            def do_POST(self):
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length))
                with server.lock:
                    server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                    entry = server.respond(body) if server.respond else (
                        server.script.pop(0) if len(server.script) > 1 else server.script[0])
                status, payload, headers, delay = (list(entry) + [{}, 0.0][len(entry) - 2:])[:4]
                try:
                    time.sleep(delay)
                    if hasattr(payload, "__next__"):  # stream until the generator ends or the client leaves
                        self.reply(status, b"", {"content-type": "text/event-stream", **headers})
                        for chunk in payload:
                            self.wfile.write(chunk)
                            self.wfile.flush()
                            server.streamed += 1
                        return
                    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                    self.reply(status, data, headers)
                except (BrokenPipeError, ConnectionResetError):
                    server.client_closed.set()
                finally:
                    with server.lock:
                        server.in_flight -= 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def server():
    srv = FakeServer()
    yield srv
    srv.close()


def engine_for(server, **kw) -> VllmEngine:
    kw.setdefault("backoff", 0.01)
    return VllmEngine(server.url, **kw)


def test_exact_payload_of_the_official_request(server):
    server.script = [(200, completion('{"姓名": "张三"}'))]
    eng = VllmEngine.from_options(ExtractOptions(base_url=server.url + "/v1/", api_key="sekret", timeout=30))
    page = Image.new("RGB", (856, 540), "white")
    out = eng.run(EngineRequest(images=[page], prompt=EXTRACT, task="extract"))
    assert out.text == '{"姓名": "张三"}' and out.engine == "vllm" and out.model == "tencent/HunyuanOCR"
    assert (out.extra["stopped_by"], out.extra["attempts"], out.extra["generated_tokens"]) == ("eos", 1, 7)
    (req,) = server.requests
    assert req["path"] == "/v1/chat/completions"
    assert req["headers"]["Authorization"] == "Bearer sekret"
    body = req["body"]
    url = body["messages"][1]["content"][0]["image_url"]["url"]
    assert url.startswith("data:image/jpeg;base64,")
    sent = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
    assert (sent.format, sent.size) == ("JPEG", (856, 540))
    assert body == {
        "model": "tencent/HunyuanOCR",
        "messages": [{"role": "system", "content": ""},
                     {"role": "user", "content": [{"type": "image_url", "image_url": {"url": url}},
                                                  {"type": "text", "text": EXTRACT}]}],
        "max_tokens": 1024,
        "temperature": 0.0, "top_p": 0.95, "seed": 1234, "top_k": 1, "repetition_penalty": 1.0,
        "logprobs": True, "stream": True, "stream_options": {"include_usage": True},
    }


def test_version_1_5_settings_pixel_cap_and_several_pages(server):
    server.script = [(200, completion("x"))]
    eng = engine_for(server, version="1.5", max_pixels=100_000, image_format="PNG", logprobs=False)
    pages = [Image.new("RGB", (1000, 800), "white"), Image.new("RGBA", (50, 40))]
    eng.run(EngineRequest(images=pages, prompt="检测并识别图片中的文字，将文本坐标格式化输出。", max_new_tokens=50_000))
    body = server.requests[0]["body"]
    content = body["messages"][1]["content"]
    assert [c["type"] for c in content] == ["image_url", "image_url", "text"]
    first = Image.open(io.BytesIO(base64.b64decode(content[0]["image_url"]["url"].split(",", 1)[1])))
    assert first.format == "PNG" and first.size[0] * first.size[1] <= 100_000
    assert body["max_tokens"] == 8192  # capped
    assert {k: body[k] for k in ("temperature", "top_p", "top_k", "repetition_penalty", "skip_special_tokens")} == \
        {"temperature": 0.0, "top_p": 1.0, "top_k": -1, "repetition_penalty": 1.08, "skip_special_tokens": True}
    assert "logprobs" not in body and "seed" not in body


def test_retries_429_and_503_then_succeeds(server):
    server.script = [(429, {"error": {"message": "slow down"}}, {"Retry-After": "0"}),
                     (503, {"object": "error", "message": "warming up"}),
                     (200, completion("ok"))]
    out = engine_for(server).run(EngineRequest(images=[], prompt="提取图中的文字。"))
    assert out.text == "ok" and out.extra["attempts"] == 3 and len(server.requests) == 3


def test_retries_are_bounded(server):
    server.script = [(500, {"object": "error", "message": "CUDA error: out of memory", "code": 500})]
    with pytest.raises(EngineError, match=r"HTTP 500 after 3 attempts\): CUDA error: out of memory"):
        engine_for(server, max_retries=2).run(EngineRequest(images=[], prompt="q"))
    assert len(server.requests) == 3


def test_client_error_carries_the_server_message_without_retry(server):
    server.script = [(400, {"object": "error", "message": "image_url is not a valid data URL", "code": 400})]
    with pytest.raises(EngineError) as err:
        engine_for(server).run(EngineRequest(images=[], prompt="q"))
    assert not isinstance(err.value, EngineUnavailable)
    assert "HTTP 400" in str(err.value) and "not a valid data URL" in str(err.value) and len(server.requests) == 1
    server.script = [(404, {"detail": "The model `nope` does not exist."})]
    with pytest.raises(EngineUnavailable, match="The model `nope` does not exist"):
        engine_for(server, model="nope").run(EngineRequest(images=[], prompt="q"))


def test_timeout_is_engine_timeout(server):
    server.script = [(200, completion("late"), {}, 2.0)]
    with pytest.raises(EngineTimeout, match="did not answer within 0.3 s"):
        engine_for(server, timeout=0.3).run(EngineRequest(images=[], prompt="q"))


def test_server_down_names_the_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    eng = VllmEngine(url, backoff=0.01, max_retries=2)
    with pytest.raises(EngineUnavailable, match=f"cannot reach the vLLM server at {url}: ConnectError"):
        eng.run(EngineRequest(images=[], prompt="q"))


def test_garbage_answers_are_clear_errors(server):
    server.script = [(200, b"<html>502 Bad Gateway</html>")]
    with pytest.raises(EngineError, match="not JSON: '<html>502 Bad Gateway</html>'"):
        engine_for(server).run(EngineRequest(images=[], prompt="q"))
    server.script = [(200, {"result": "hello"})]
    with pytest.raises(EngineError, match=r"not a chat completion \(no choices\[0\].message.content\)"):
        engine_for(server).run(EngineRequest(images=[], prompt="q"))


def test_logprobs_become_token_scores(server):
    # "张" is E5 BC A0: split over two tokens; the second completes it
    content = [{"token": "{\"", "logprob": -0.01, "bytes": [123, 34]},
               {"token": "\\xe5\\xbc", "logprob": -0.5, "bytes": [229, 188]},
               {"token": "\\xa0", "logprob": -0.25, "bytes": [160]},
               {"token": "\"}", "logprob": 0.0, "bytes": [34, 125]}]
    server.script = [(200, completion('{"张"}', content))]
    out = engine_for(server).run(EngineRequest(images=[], prompt="q"))
    assert [(t.text, t.logprob) for t in out.tokens] == [('{"', -0.01), ("", -0.5), ("张", -0.25), ('"}', 0.0)]
    assert "".join(t.text for t in out.tokens) == out.text


def test_run_batch_is_concurrent_and_bounded(server):
    server.respond = lambda body: (200, completion(body["messages"][1]["content"][-1]["text"].upper()), {}, 0.3)
    eng = engine_for(server, concurrency=3)
    reqs = [EngineRequest(images=[], prompt=f"q{i}") for i in range(6)]
    t0 = time.perf_counter()
    outs = eng.run_batch(reqs)
    elapsed = time.perf_counter() - t0
    assert [o.text for o in outs] == [f"Q{i}" for i in range(6)]  # in request order
    assert server.max_in_flight == 3
    assert elapsed < 6 * 0.3  # not one after another


def test_run_batch_raises_the_first_failure(server):
    server.respond = lambda body: ((400, {"message": "bad image"}) if body["messages"][1]["content"][-1]["text"] == "q1"
                                   else (200, completion("fine")))
    with pytest.raises(EngineError, match="bad image"):
        engine_for(server).run_batch([EngineRequest(images=[], prompt=f"q{i}") for i in range(3)])


def test_run_batch_inside_an_event_loop(server):
    import asyncio

    server.script = [(200, completion("from a loop"))]

    async def main():
        return engine_for(server).run(EngineRequest(images=[], prompt="q"))

    assert asyncio.run(main()).text == "from a loop"


def test_structured_output_only_when_asked_and_only_for_extraction(server):
    schema = {"type": "object", "properties": {"姓名": {"type": "string"}}, "required": ["姓名"]}
    server.script = [(200, completion('{"姓名": "张三"}'))]
    eng = engine_for(server, structured_output=True, json_schema=schema)
    eng.run(EngineRequest(images=[], prompt=EXTRACT, task="extract"))
    eng.run(EngineRequest(images=[], prompt="检测并识别图片中的文字，将文本坐标格式化输出。"))
    engine_for(server, json_schema=schema).run(EngineRequest(images=[], prompt=EXTRACT, task="extract"))
    bodies = [r["body"] for r in server.requests]
    assert bodies[0]["structured_outputs"] == {"json": schema}
    assert "structured_outputs" not in bodies[1] and "structured_outputs" not in bodies[2]
    with pytest.raises(InputError, match="json_schema"):
        VllmEngine(server.url, structured_output=True)


def test_options_env_and_availability(server, monkeypatch):
    monkeypatch.delenv("DOCEXTRACT_VLLM_URL", raising=False)
    assert not VllmEngine.is_available(ExtractOptions())
    with pytest.raises(EngineUnavailable, match="DOCEXTRACT_VLLM_URL"):
        VllmEngine.from_options(ExtractOptions())
    monkeypatch.setenv("DOCEXTRACT_VLLM_URL", server.url)
    assert VllmEngine.is_available(ExtractOptions())
    eng = get_engine("vllm", ExtractOptions(model="hy-ocr", engine_options={"concurrency": 2, "version": "1.5"}))
    assert (eng.url, eng.model, eng.concurrency, eng.version) == (server.url + "/v1/chat/completions", "hy-ocr", 2,
                                                                  "1.5")
    with pytest.raises(InputError, match="engine_options.bogus"):
        VllmEngine.from_options(ExtractOptions(engine_options={"bogus": 1}))
    with pytest.raises(InputError, match="prompt is empty"):
        eng.run(EngineRequest(images=[], prompt=""))


def test_extract_end_to_end_with_confidences(server):
    import docextract

    answer = '```json\n{"姓名": "张三", "性别": "女", "民族": "汉", "出生": "1949年12月31日", ' \
             '"住址": "北京市西城区", "公民身份号码": "11010519491231002X"}\n```'
    # one token per character, the name's characters less certain than the rest
    logprobs = [{"token": ch, "logprob": -0.7 if ch in "张三" else -0.01, "bytes": list(ch.encode())} for ch in answer]
    server.respond = lambda body: (200, completion(answer, logprobs))
    page = Image.new("RGB", (856, 540), "white")
    # a blank page: grounding (on by default for model engines) would leave every value empty; off here
    result = docextract.extract(page, schema="cn_id_card", engine="vllm", base_url=server.url, boxes=False,
                                grounding=False)
    assert result.engine == "vllm" and result.raw_output == answer
    assert result.record.id_number == "11010519491231002X"
    assert result.fields["name"].confidence == pytest.approx(0.4966, abs=1e-3)
    assert result.fields["sex"].confidence == pytest.approx(0.990, abs=1e-3)
    assert result.ok, result.failed()


# -- following the server: /v1/models, versions, context, streaming, faults ------------------------

def test_reads_models_once_caps_max_tokens_and_follows_the_served_version(server):
    server.models = [{"id": "hy-ocr", "object": "model", "root": "tencent/HunyuanOCR", "max_model_len": 2048}]
    server.script = [(200, completion("ok"))]
    eng = engine_for(server)
    page = Image.new("RGB", (300, 200), "white")
    eng.run(EngineRequest(images=[page], prompt="提取图中的文字。", task="read"))
    eng.run(EngineRequest(images=[], prompt="提取图中的文字。", task="read", max_new_tokens=100))
    assert server.gets.count("/v1/models") == 1  # read once
    first, second = (r["body"] for r in server.requests)
    assert first["model"] == second["model"] == "hy-ocr"
    assert first["max_tokens"] + 16 + 292 <= 2048 and first["max_tokens"] > 1000  # room left for the prompt
    assert second["max_tokens"] == 100
    assert (first["repetition_penalty"], first["top_k"], first["skip_special_tokens"]) == (1.08, -1, True)
    info = eng.info()
    assert (info["version"], info["max_model_len"], info["model"]) == ("1.5", 2048, "hy-ocr")
    assert "unpinned" in info["version_source"]


def test_forced_version_wins_and_a_served_1_0_folder_is_detected(server, tmp_path):
    folder = tmp_path / "HunyuanOCR"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"num_hidden_layers": 24, "hidden_size": 1024}))
    server.models = [{"id": "tencent/HunyuanOCR", "root": str(folder), "max_model_len": 16384}]
    server.script = [(200, completion("ok"))]
    eng = engine_for(server)
    eng.run(EngineRequest(images=[], prompt="q"))
    assert (eng.version, server.requests[-1]["body"]["seed"]) == ("1.0", 1234)
    assert eng.info()["version_source"] == f"config.json in {folder}"
    forced = engine_for(server, version="1.5")
    forced.run(EngineRequest(images=[], prompt="q"))
    assert server.requests[-1]["body"]["repetition_penalty"] == 1.08
    assert forced.info()["version_source"] == "engine_options.version"


def test_a_model_the_server_does_not_serve_is_named(server):
    server.models = [{"id": "a"}, {"id": "b"}]
    with pytest.raises(EngineUnavailable, match="does not serve 'c'; it serves 'a', 'b'"):
        engine_for(server, model="c").run(EngineRequest(images=[], prompt="q"))


def test_max_tokens_refitted_once_when_the_server_names_its_context(server):
    # a server without /v1/models (so nothing to cap by) answers with vLLM's message
    msg = "max_tokens=4096 cannot be greater than max_model_len=2048. Please request fewer output tokens."
    server.script = [(400, {"object": "error", "message": msg, "code": 400}), (200, completion("fits"))]
    out = engine_for(server).run(EngineRequest(images=[], prompt="提取图中的文字。", task="read", max_new_tokens=4096))
    assert out.text == "fits"
    assert [r["body"]["max_tokens"] for r in server.requests] == [4096, 2047]


def test_a_request_over_the_context_is_a_clear_4xx_naming_the_limit(server):
    from docextract.errors import http_status

    server.models = [{"id": "tencent/HunyuanOCR", "root": "/srv/m", "max_model_len": 2048}]
    msg = ("This model's maximum context length is 2048 tokens. However, your prompt contains 5000 input tokens, "
           "which exceeds this limit even without any output tokens.")
    server.script = [(400, {"object": "error", "message": msg, "code": 400})]
    with pytest.raises(InputError, match=r"context of 2048 tokens \(max_model_len of tencent/HunyuanOCR\)") as err:
        engine_for(server).run(EngineRequest(images=[], prompt="q"))
    assert http_status(err.value) == 400 and err.value.context["field"] == "max_model_len"
    assert len(server.requests) == 1


def test_streamed_answer_with_scores_and_usage(server):
    pieces = ['{"', "姓名", '": "', "张三", '"}']
    lp = [{"token": p, "logprob": -0.1, "bytes": list(p.encode())} for p in pieces]
    server.script = [(200, sse(pieces, logprobs=lp), {"content-type": "text/event-stream"})]
    out = engine_for(server).run(EngineRequest(images=[], prompt=EXTRACT, task="extract"))
    assert out.text == '{"姓名": "张三"}' and out.model == "served"
    assert [t.text for t in out.tokens] == pieces
    assert (out.extra["stopped_by"], out.extra["generated_tokens"], out.extra["prompt_tokens"]) == ("eos", 5, 30)


def test_a_repetition_loop_closes_the_stream_early(server):
    def endless():
        yield b'data: {"choices": [{"delta": {"content": "\\u5f00\\u5934"}}]}\n\n'
        while True:  # a model stuck in a loop, one token at a time, up to max_tokens (8192) and beyond
            yield b'data: {"choices": [{"delta": {"content": "\\u5faa\\u73af"}}]}\n\n'
            time.sleep(0.002)

    server.respond = lambda body: (200, endless(), {"content-type": "text/event-stream"})
    eng = engine_for(server, repetition_guard={"first_check": 400, "every": 100})
    t0 = time.perf_counter()
    out = eng.run(EngineRequest(images=[], prompt="提取图中的文字。", task="read"))
    assert out.extra["stopped_by"] == "repetition" and out.text.startswith("开头循环循环")
    assert 400 <= len(out.text) <= 700 and time.perf_counter() - t0 < 5
    assert server.client_closed.wait(5)  # the server saw the client go: it stops generating
    assert server.streamed < 1000


def test_an_error_inside_the_stream_is_an_engine_error(server):
    data = b'data: {"choices": [{"delta": {"content": "a"}}]}\n\ndata: {"error": {"message": "engine dead", ' \
           b'"code": 400}}\n\n'
    server.script = [(200, data, {"content-type": "text/event-stream"})]
    with pytest.raises(EngineError, match="failed while answering: engine dead"):
        engine_for(server).run(EngineRequest(images=[], prompt="q"))


def test_unreachable_and_slow_servers_are_unavailable_with_retry_after(server):
    from docextract.engines.vllm import ServerTooSlow
    from docextract.errors import http_status

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(EngineUnavailable) as err:
        VllmEngine(f"http://127.0.0.1:{port}", backoff=0.01).run(EngineRequest(images=[], prompt="q"))
    assert err.value.retry_after == 5 and http_status(err.value) == 503
    server.script = [(200, completion("late"), {}, 2.0)]
    with pytest.raises(ServerTooSlow) as err:
        engine_for(server, timeout=0.3).run(EngineRequest(images=[], prompt="q"))
    assert isinstance(err.value, EngineTimeout) and http_status(err.value) == 503 and err.value.retry_after == 5
    server.script = [(503, {"message": "restarting"}, {"Retry-After": "0"})]
    with pytest.raises(EngineUnavailable, match="HTTP 503 after 2 attempts") as err:
        engine_for(server, max_retries=1).run(EngineRequest(images=[], prompt="q"))
    assert err.value.retry_after == 5


def test_warmup_waits_for_health_then_reads_the_models(server):
    server.health = [503, 503, 200]
    server.models = [{"id": "m", "max_model_len": 4096}]
    eng = engine_for(server, ready_timeout=10)
    eng.warmup()
    assert server.gets.count("/health") == 3 and eng.info()["max_model_len"] == 4096
    server.health = [503]
    with pytest.raises(EngineUnavailable, match=r"not ready within 0.6 s \(HTTP 503\)"):
        engine_for(server, ready_timeout=0.6).warmup()


@pytest.mark.parametrize("junk", ["", "€", "[]", "null", '{"choices": null}', '{"choices": ["x"]}', "x" * 10_000,
                                  '{"choices": [{"delta": {"content": 5}}]}', '{"error": "plain"}', "１２３"])
def test_junk_stream_events_are_ignored_or_clear_errors(junk):
    from docextract.engines.vllm_stream import Answer, StreamError

    ans = Answer()
    try:
        assert ans.feed(junk) is False
    except StreamError as exc:
        assert str(exc)
    assert ans.text == ""


@pytest.mark.parametrize("card", [{}, {"id": None}, {"id": "x", "root": "\0bad", "max_model_len": "big"},
                                  {"id": "€", "root": "€" * 10_000, "max_model_len": -1}, {"id": "１.５"}])
def test_junk_model_cards_tell_no_version(card):
    from docextract.engines.vllm_served import pick_model, served_version

    version, why = served_version(card)
    assert version is None and why
    if isinstance(card.get("id"), str):
        with pytest.raises(EngineUnavailable, match="does not serve 'wanted'"):
            pick_model([card, None, "x"], "wanted")
    else:  # no usable card at all: the configured name is trusted, and without one it is an error
        assert pick_model([card, None, "x"], "wanted") == {"id": "wanted"}
        with pytest.raises(EngineUnavailable, match="lists no model"):
            pick_model([card], None)
