"""HunyuanOCR behind a vLLM (or any OpenAI-compatible) server: a client that follows what the server serves.

Before its first request the engine reads ``GET /v1/models`` once (:mod:`.vllm_served`): the served
model's name, its context length ``max_model_len`` (``max_tokens`` is capped to fit) and, where the
server tells, the HunyuanOCR version. Each request is one chat completion as the official clients
send it: an empty system message, the image(s) as base64 ``data:`` URLs before the text, and the
served version's official sampling settings (1.0: ``temperature 0, top_p 0.95, seed 1234, top_k 1,
repetition_penalty 1.0``; 1.5: ``temperature 0, top_p 1, top_k -1, repetition_penalty 1.08,
skip_special_tokens``); ``engine_options.version`` forces one. Answers are **streamed** and the
official tail-repetition guard watches the text: a runaway loop closes the stream at once, so the
server stops generating instead of running to ``max_tokens``.

Failures are translated once: server unreachable, restarting or too slow → :class:`EngineUnavailable`
carrying ``retry_after`` (the HTTP server answers 503 with ``Retry-After``; a slow server raises
:class:`ServerTooSlow`, also an :class:`EngineTimeout`); a request over the served context →
:class:`InputError` naming the limit; 429/5xx/dropped connections are retried with bounded
exponential backoff; other 4xx and garbage → :class:`EngineError` with the server's own message.

``engine_options``: ``version``, ``concurrency`` (8), ``max_retries`` (3), ``backoff`` (0.5 s),
``max_backoff`` (8 s), ``image_format``, ``logprobs`` (True), ``stream`` (True), ``repetition_guard``
(True, False or guard parameters), ``structured_output`` with ``json_schema``, ``max_new_tokens_cap``
(8192), ``ready_timeout`` (240 s, how long :meth:`warmup` waits for ``/health``), ``extra_body``.

>>> eng = VllmEngine("http://127.0.0.1:8000")
>>> eng.url, eng.model, eng.version
('http://127.0.0.1:8000/v1/chat/completions', 'tencent/HunyuanOCR', '1.0')
>>> eng.payload(EngineRequest(images=[], prompt="提取图中的文字。", task="read"))["messages"]
[{'role': 'system', 'content': ''}, {'role': 'user', 'content': [{'type': 'text', 'text': '提取图中的文字。'}]}]
"""

from __future__ import annotations

import asyncio
import codecs
import concurrent.futures
import os
import re
import threading
import time

from ..errors import EngineError, EngineTimeout, EngineUnavailable, InputError
from ..options import DEFAULT_MAX_PIXELS, ExtractOptions
from ..tasks import DEFAULT_MAX_NEW_TOKENS, classify_prompt
from ..types import EngineOutput, EngineRequest, TokenScore
from .base import ALL_TASKS, BaseEngine
from .hunyuan_weights import DEFAULT_REPO, DEFAULT_VERSION, VERSIONS
from .imageprep import count_image_tokens, prepare_image, to_data_url
from .repetition import TailRepetitionGuard
from .vllm_served import RETRY_AFTER, ServedModel, read_models, unavailable, wait_ready
from .vllm_stream import Answer, StreamError, server_message

__all__ = ["VllmEngine", "ServerTooSlow"]

_OPTION_NAMES = {"version", "concurrency", "max_retries", "backoff", "max_backoff", "image_format", "logprobs",
                 "structured_output", "json_schema", "max_new_tokens_cap", "extra_body", "stream",
                 "repetition_guard", "ready_timeout"}
_RETRY_STATUS = {429, 500, 502, 503, 504}
_CONTEXT = re.compile(r"maximum context length|max_model_len|context length", re.IGNORECASE)
_IN_MESSAGES = re.compile(r"(\d+) in the messages")
_LIMIT = re.compile(r"maximum context length (?:is )?\(?(\d+)|max_model_len=(\d+)")


class ServerTooSlow(EngineUnavailable, EngineTimeout):
    """The vLLM server did not answer (or stalled) within the timeout: busy or stuck, retry later (503)."""

    message = "the vLLM server did not answer in time"
    code = "engine_slow"


class VllmEngine(BaseEngine):
    """Client of an OpenAI-compatible chat-completions server running HunyuanOCR."""

    name = "vllm"
    tasks = ALL_TASKS

    def __init__(self, base_url: str, *, api_key: str | None = None, model: str | None = None,
                 revision: str | None = None, version: str | None = None, timeout: float = 120.0,
                 max_retries: int = 3, backoff: float = 0.5, max_backoff: float = 8.0, concurrency: int = 8,
                 max_pixels: int = DEFAULT_MAX_PIXELS, image_format: str = "JPEG", logprobs: bool = True,
                 structured_output: bool = False, json_schema: dict | None = None, max_new_tokens_cap: int = 8192,
                 extra_body: dict | None = None, stream: bool = True, repetition_guard: bool | dict = True,
                 ready_timeout: float = 240.0) -> None:
        if version is not None and version not in VERSIONS:
            raise InputError(f"invalid option engine_options.version: {version!r}; choose one of {sorted(VERSIONS)}",
                             field="engine_options.version")
        if structured_output and not isinstance(json_schema, dict):
            raise InputError("invalid option engine_options.json_schema: structured_output needs a JSON Schema "
                             "object in engine_options['json_schema']", field="engine_options.json_schema")
        self.base_url = base_url.rstrip("/")
        self.server_url = self.base_url[:-3] if self.base_url.endswith("/v1") else self.base_url
        self.api_root = self.server_url + "/v1"
        self.url = self.api_root + "/chat/completions"
        self.api_key = api_key
        self.wanted_model = model
        self.revision = revision
        self.forced_version = version
        self.timeout, self.ready_timeout = timeout, ready_timeout
        self.max_retries, self.backoff, self.max_backoff = max(0, max_retries), backoff, max_backoff
        self.concurrency = max(1, concurrency)
        self.max_pixels = max_pixels
        self.image_format = image_format
        self.logprobs, self.stream = logprobs, stream
        self.guard = ({} if repetition_guard is True else dict(repetition_guard)) if repetition_guard else None
        self.structured_output, self.json_schema = structured_output, json_schema
        self.max_new_tokens_cap = max_new_tokens_cap
        self.extra_body = dict(extra_body or {})
        self.served: ServedModel | None = None
        self._served_lock = threading.Lock()

    @classmethod
    def from_options(cls, options: ExtractOptions) -> "VllmEngine":
        base_url = options.base_url or os.environ.get("DOCEXTRACT_VLLM_URL")
        if not base_url:
            raise EngineUnavailable("no vLLM server given: pass base_url= (CLI --base-url) or set "
                                    "DOCEXTRACT_VLLM_URL=http://host:8000")
        extra = dict(options.engine_options)
        unknown = sorted(set(extra) - _OPTION_NAMES)
        if unknown:
            raise InputError(f"invalid option engine_options.{unknown[0]}: unknown to the vllm engine; "
                             f"accepted: {', '.join(sorted(_OPTION_NAMES))}", field=f"engine_options.{unknown[0]}")
        return cls(base_url, api_key=options.api_key or os.environ.get("DOCEXTRACT_VLLM_API_KEY"),
                   model=options.model or os.environ.get("DOCEXTRACT_VLLM_MODEL"), revision=options.revision,
                   timeout=options.timeout, max_pixels=options.max_pixels, **extra)

    @classmethod
    def is_available(cls, options: ExtractOptions | None = None) -> bool:
        """True when a server URL is configured (the server itself is not contacted)."""
        options = options or ExtractOptions()
        return bool(options.base_url or os.environ.get("DOCEXTRACT_VLLM_URL"))

    # -- what the server serves -----------------------------------------------------------------
    @property
    def model(self) -> str:
        return self.served.name if self.served else (self.wanted_model or DEFAULT_REPO)

    @property
    def version(self) -> str:
        """The forced version, else the one the server told, else the project default."""
        return self.forced_version or (self.served and self.served.version) or DEFAULT_VERSION

    def _client(self, timeout: float):
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        return httpx.Client(headers=headers, timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
                            trust_env=False)

    def discover(self) -> ServedModel:
        """Read ``/v1/models`` once (again only after a failure): served name, context length, version."""
        with self._served_lock:
            if self.served is None:
                with self._client(min(30.0, self.timeout)) as client:
                    self.served = read_models(client, self.api_root, self.wanted_model, self.base_url)
        return self.served

    def warmup(self) -> None:
        """Wait (≤ ``ready_timeout``) until the server answers ``/health``, then read what it serves."""
        with self._client(5.0) as client:
            wait_ready(client, self.server_url, self.ready_timeout)
        self.discover()

    def info(self) -> dict:
        served = self.served
        return {**super().info(), "base_url": self.base_url, "version": self.version,
                "version_source": "engine_options.version" if self.forced_version else
                (served.version_source if served and served.version else "default"),
                "max_model_len": served.max_model_len if served else None, "stream": self.stream,
                "concurrency": self.concurrency, "structured_output": self.structured_output}

    # -- the request ----------------------------------------------------------------------------
    def payload(self, request: EngineRequest) -> dict:
        """The chat-completions JSON body for one request (``max_tokens`` fitted to the served context)."""
        if not isinstance(request.prompt, str) or not request.prompt.strip():
            raise InputError("the prompt is empty")
        task = request.task or classify_prompt(request.prompt)
        images = [prepare_image(im, self.max_pixels) for im in (request.images or [])]
        content: list[dict] = [{"type": "image_url", "image_url": {"url": to_data_url(im, self.image_format)}}
                               for im in images]
        content.append({"type": "text", "text": request.prompt})
        budget = min(request.max_new_tokens or DEFAULT_MAX_NEW_TOKENS.get(task, 4096), self.max_new_tokens_cap)
        limit = self.served.max_model_len if self.served else None
        if limit:
            estimate = len(request.prompt.encode("utf-8")) // 3 + sum(count_image_tokens(*im.size, self.max_pixels)
                                                                     for im in images) + 16
            budget = min(budget, limit - estimate if limit - estimate >= 64 else limit - 1)
        body = {"model": self.model,
                "messages": [{"role": "system", "content": ""}, {"role": "user", "content": content}],
                "max_tokens": max(1, budget), **VERSIONS[self.version].openai_sampling}
        if self.logprobs:
            body["logprobs"] = True
        if self.structured_output and task == "extract":
            body["structured_outputs"] = {"json": self.json_schema}
        if self.stream:
            body.update(stream=True, stream_options={"include_usage": True})
        body.update(self.extra_body)
        return body

    # -- running --------------------------------------------------------------------------------
    def run(self, request: EngineRequest) -> EngineOutput:
        return self.run_batch([request])[0]

    def run_batch(self, requests: list[EngineRequest]) -> list[EngineOutput]:
        if not requests:
            return []
        self.discover()
        bodies = [self.payload(r) for r in requests]
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(self._send_all(bodies))
        with concurrent.futures.ThreadPoolExecutor(1) as pool:  # called from inside an event loop
            return pool.submit(asyncio.run, self._send_all(bodies)).result()

    async def _send_all(self, bodies: list[dict]) -> list[EngineOutput]:
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        limits = httpx.Limits(max_connections=self.concurrency, max_keepalive_connections=self.concurrency)
        timeout = httpx.Timeout(self.timeout, connect=min(10.0, self.timeout))
        semaphore = asyncio.Semaphore(self.concurrency)
        async with httpx.AsyncClient(headers=headers, timeout=timeout, limits=limits, trust_env=False) as client:
            async def one(body: dict) -> EngineOutput:
                async with semaphore:
                    return await self._send(client, body)

            results = await asyncio.gather(*(one(b) for b in bodies), return_exceptions=True)
        for res in results:
            if isinstance(res, BaseException):
                raise res
        return list(results)  # type: ignore[arg-type]

    async def _send(self, client, body: dict) -> EngineOutput:
        import httpx

        t0 = time.perf_counter()
        refitted = False
        for attempt in range(1, self.max_retries + 2):
            last = attempt > self.max_retries
            try:
                resp, answer = await asyncio.wait_for(self._attempt(client, body), self.timeout)
            except (asyncio.TimeoutError, httpx.TimeoutException) as exc:
                if isinstance(exc, httpx.ConnectTimeout) and not last:
                    await asyncio.sleep(self._delay(attempt))
                    continue
                slow = ServerTooSlow(f"the vLLM server at {self.base_url} did not answer within {self.timeout:g} s "
                                     "(busy or stuck; retry later, or raise timeout= / lower max_new_tokens)",
                                     retry_after=RETRY_AFTER)
                slow.retry_after = RETRY_AFTER
                raise slow from exc
            except httpx.TransportError as exc:  # refused, reset, or the server died mid-answer
                if last:
                    raise unavailable(f"cannot reach the vLLM server at {self.base_url}: {type(exc).__name__}: "
                                      f"{exc} ({attempt} attempts)") from exc
                await asyncio.sleep(self._delay(attempt))
                continue
            except StreamError as exc:
                if (exc.status or 0) >= 500 and not last:
                    await asyncio.sleep(self._delay(attempt))
                    continue
                raise EngineError(f"the vLLM server at {self.base_url} failed while answering: {exc}") from None
            if answer is not None:
                return self._output(answer, time.perf_counter() - t0, attempt)
            if resp.status_code in _RETRY_STATUS and not last:
                await asyncio.sleep(self._delay(attempt, resp.headers.get("retry-after")))
                continue
            message = server_message(resp)
            if resp.status_code == 400 and _CONTEXT.search(message):
                fitted = None if refitted else self._refit(body, message)
                if fitted is not None:
                    body, refitted = fitted, True
                    continue
                raise self._over_context(message)
            raise self._http_error(resp, message, attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _attempt(self, client, body: dict):
        """``(error response, None)`` or ``(None, Answer)``; a repetition loop closes the stream early."""
        answer = Answer(guard=TailRepetitionGuard(**self.guard) if self.guard is not None else None)
        async with client.stream("POST", self.url, json=body) as resp:
            if resp.status_code >= 400:
                await resp.aread()
                return resp, None
            if not resp.headers.get("content-type", "").startswith("text/event-stream"):
                await resp.aread()
                self._complete(answer, resp)
                return None, answer
            async for line in resp.aiter_lines():
                if not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    break
                if answer.feed(data):
                    break  # leaving the block closes the connection: the server aborts the request
        if answer.chunks == 0:
            raise EngineError(f"the vLLM server at {self.base_url} closed the stream without an answer")
        return None, answer

    def _complete(self, answer: Answer, resp) -> None:
        snippet = resp.text[:200]
        try:
            data = resp.json()
        except ValueError:
            raise EngineError(f"the vLLM server at {self.base_url} answered HTTP {resp.status_code} with something "
                              f"that is not JSON: {snippet!r}") from None
        try:
            answer.complete(data)
        except (KeyError, IndexError, TypeError):
            raise EngineError(f"the vLLM server at {self.base_url} answered JSON that is not a chat completion "
                              f"(no choices[0].message.content): {snippet!r}") from None

    def _refit(self, body: dict, message: str) -> dict | None:
        """A body whose ``max_tokens`` fits the context the server named, if the prompt itself fits."""
        found = _LIMIT.search(message)
        limit = int(found.group(1) or found.group(2)) if found else None
        used = _IN_MESSAGES.search(message)
        room = (limit - int(used.group(1))) if limit and used else (limit - 1 if limit and not used else 0)
        if room < 1 or room >= body.get("max_tokens", 0):
            return None
        return {**body, "max_tokens": room}

    def _over_context(self, message: str) -> InputError:
        served = self.served.max_model_len if self.served else None
        limit = f"{served} tokens (max_model_len of {self.model})" if served else "its max_model_len"
        return InputError(f"the request does not fit the vLLM server's context of {limit}: {message} — send "
                          "smaller or fewer images (max_pixels) or a shorter prompt, or serve with a larger "
                          "--max-model-len", field="max_model_len")

    def _delay(self, attempt: int, retry_after: str | None = None) -> float:
        if retry_after:
            try:
                return min(self.max_backoff, max(0.0, float(retry_after)))
            except ValueError:
                pass
        return min(self.max_backoff, self.backoff * 2 ** (attempt - 1))

    def _http_error(self, resp, message: str, attempts: int) -> EngineError:
        where = f"the vLLM server at {self.base_url}"
        status = resp.status_code
        if status in (401, 403):
            return EngineUnavailable(f"{where} refused the request (HTTP {status}): {message}; "
                                     "set api_key= or DOCEXTRACT_VLLM_API_KEY")
        if status == 404:
            return EngineUnavailable(f"{where} has no such endpoint or model {self.model!r} (HTTP 404): {message}")
        if status in (429, 503):
            return unavailable(f"{where} is unavailable (HTTP {status} after {attempts} attempts): {message}")
        if status in _RETRY_STATUS:
            return EngineError(f"{where} failed (HTTP {status} after {attempts} attempts): {message}")
        return EngineError(f"{where} rejected the request (HTTP {status}): {message}")

    def _output(self, answer: Answer, seconds: float, attempts: int) -> EngineOutput:
        usage = answer.usage or {}
        stopped_by = {"stop": "eos", "length": "max_new_tokens"}.get(answer.finish, answer.finish)
        return EngineOutput(
            text=answer.text, tokens=_tokens({"content": answer.logprobs}) if answer.logprobs else None,
            engine=self.name, model=answer.model or self.model, revision=self.revision, seconds=seconds,
            extra={"version": self.version, "attempts": attempts, "stopped_by": stopped_by,
                   "prompt_tokens": usage.get("prompt_tokens"),
                   "generated_tokens": usage.get("completion_tokens") if stopped_by != "repetition" else None})


def _tokens(logprobs) -> list[TokenScore] | None:
    """Per-token text and log-probability from ``choices[0].logprobs.content``.

    Token bytes (when given) are decoded incrementally, so a character split over several tokens is
    attributed to the token that completes it.

    >>> _tokens({"content": [{"token": "金", "logprob": -0.1, "bytes": [233, 135]},
    ...                      {"token": "", "logprob": -0.2, "bytes": [145]}]})
    [TokenScore(text='', logprob=-0.1), TokenScore(text='金', logprob=-0.2)]
    """
    if not isinstance(logprobs, dict) or not isinstance(logprobs.get("content"), list):
        return None
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    out: list[TokenScore] = []
    for entry in logprobs["content"]:
        if not isinstance(entry, dict) or entry.get("logprob") is None:
            return None
        raw = entry.get("bytes")
        text = decoder.decode(bytes(raw)) if isinstance(raw, list) else str(entry.get("token", ""))
        out.append(TokenScore(text=text, logprob=max(float(entry["logprob"]), -1e4)))
    if out:
        out[-1].text += decoder.decode(b"", final=True)
    return out
