"""HunyuanOCR behind a vLLM (or any OpenAI-compatible) server: the official request, retries, batching.

Each request is one chat completion exactly as the official clients send it: an empty system
message, then the user turn with the image(s) as base64 ``data:`` URLs *before* the text, and the
official sampling settings of the model version (1.0: ``temperature 0, top_p 0.95, seed 1234,
top_k 1, repetition_penalty 1.0``; 1.5: ``temperature 0, top_p 1, top_k -1, repetition_penalty 1.08,
skip_special_tokens``). Log-probabilities are asked for, so field confidences come back when the
server gives them.

Failures are translated once: server unreachable → :class:`EngineUnavailable` ("cannot reach the vLLM
server at URL"), read timeout → :class:`EngineTimeout`, 429/5xx/connection errors are retried with
exponential backoff (bounded), other 4xx and garbage answers → :class:`EngineError` with the
server's own message. ``run_batch`` sends requests concurrently (``httpx.AsyncClient``, a semaphore).

``engine_options``: ``version``, ``concurrency`` (8), ``max_retries`` (3), ``backoff`` (0.5 s),
``max_backoff`` (8 s), ``image_format`` (``JPEG``/``PNG``), ``logprobs`` (True), ``structured_output``
(False) with ``json_schema`` (sent as ``structured_outputs: {"json": schema}`` for extraction
requests only), ``max_new_tokens_cap`` (8192), ``extra_body`` (more body fields).

>>> eng = VllmEngine("http://127.0.0.1:8000")
>>> eng.url, eng.model
('http://127.0.0.1:8000/v1/chat/completions', 'tencent/HunyuanOCR')
>>> eng.payload(EngineRequest(images=[], prompt="提取图中的文字。", task="read"))["messages"]
[{'role': 'system', 'content': ''}, {'role': 'user', 'content': [{'type': 'text', 'text': '提取图中的文字。'}]}]
"""

from __future__ import annotations

import asyncio
import codecs
import concurrent.futures
import os
import time

from ..errors import EngineError, EngineTimeout, EngineUnavailable, InputError
from ..options import DEFAULT_MAX_PIXELS, ExtractOptions
from ..tasks import DEFAULT_MAX_NEW_TOKENS, classify_prompt
from ..types import EngineOutput, EngineRequest, TokenScore
from .base import ALL_TASKS, BaseEngine
from .hunyuan_weights import DEFAULT_REPO, DEFAULT_VERSION, VERSIONS
from .imageprep import prepare_image, to_data_url

__all__ = ["VllmEngine"]

_OPTION_NAMES = {"version", "concurrency", "max_retries", "backoff", "max_backoff", "image_format", "logprobs",
                 "structured_output", "json_schema", "max_new_tokens_cap", "extra_body"}
_RETRY_STATUS = {429, 500, 502, 503, 504}


class VllmEngine(BaseEngine):
    """Client of an OpenAI-compatible chat-completions server running HunyuanOCR."""

    name = "vllm"
    tasks = ALL_TASKS

    def __init__(self, base_url: str, *, api_key: str | None = None, model: str | None = None,
                 revision: str | None = None, version: str = DEFAULT_VERSION, timeout: float = 120.0,
                 max_retries: int = 3, backoff: float = 0.5, max_backoff: float = 8.0, concurrency: int = 8,
                 max_pixels: int = DEFAULT_MAX_PIXELS, image_format: str = "JPEG", logprobs: bool = True,
                 structured_output: bool = False, json_schema: dict | None = None, max_new_tokens_cap: int = 8192,
                 extra_body: dict | None = None) -> None:
        if version not in VERSIONS:
            raise InputError(f"invalid option engine_options.version: {version!r}; choose one of {sorted(VERSIONS)}",
                             field="engine_options.version")
        if structured_output and not isinstance(json_schema, dict):
            raise InputError("invalid option engine_options.json_schema: structured_output needs a JSON Schema "
                             "object in engine_options['json_schema']", field="engine_options.json_schema")
        self.base_url = base_url.rstrip("/")
        root = self.base_url if self.base_url.endswith("/v1") else self.base_url + "/v1"
        self.url = root + "/chat/completions"
        self.api_key = api_key
        self.model = model or DEFAULT_REPO
        self.revision = revision
        self.version = version
        self.timeout = timeout
        self.max_retries, self.backoff, self.max_backoff = max(0, max_retries), backoff, max_backoff
        self.concurrency = max(1, concurrency)
        self.max_pixels = max_pixels
        self.image_format = image_format
        self.logprobs = logprobs
        self.structured_output, self.json_schema = structured_output, json_schema
        self.max_new_tokens_cap = max_new_tokens_cap
        self.extra_body = dict(extra_body or {})

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

    def info(self) -> dict:
        return {**super().info(), "base_url": self.base_url, "version": self.version,
                "concurrency": self.concurrency, "structured_output": self.structured_output}

    # -- the request ----------------------------------------------------------------------------
    def payload(self, request: EngineRequest) -> dict:
        """The chat-completions JSON body for one request."""
        if not isinstance(request.prompt, str) or not request.prompt.strip():
            raise InputError("the prompt is empty")
        task = request.task or classify_prompt(request.prompt)
        content: list[dict] = [
            {"type": "image_url", "image_url": {"url": to_data_url(prepare_image(im, self.max_pixels),
                                                                   self.image_format)}}
            for im in (request.images or [])]
        content.append({"type": "text", "text": request.prompt})
        budget = request.max_new_tokens or DEFAULT_MAX_NEW_TOKENS.get(task, 4096)
        body = {"model": self.model,
                "messages": [{"role": "system", "content": ""}, {"role": "user", "content": content}],
                "max_tokens": max(1, min(budget, self.max_new_tokens_cap)),
                **VERSIONS[self.version].openai_sampling}
        if self.logprobs:
            body["logprobs"] = True
        if self.structured_output and task == "extract":
            body["structured_outputs"] = {"json": self.json_schema}
        body.update(self.extra_body)
        return body

    # -- running --------------------------------------------------------------------------------
    def run(self, request: EngineRequest) -> EngineOutput:
        return self.run_batch([request])[0]

    def run_batch(self, requests: list[EngineRequest]) -> list[EngineOutput]:
        if not requests:
            return []
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
        async with httpx.AsyncClient(headers=headers, timeout=timeout, limits=limits) as client:
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
        for attempt in range(1, self.max_retries + 2):
            last = attempt > self.max_retries
            try:
                resp = await client.post(self.url, json=body)
            except httpx.TransportError as exc:   # timeouts included; only a slow answer is not retried
                connect_timeout = isinstance(exc, httpx.ConnectTimeout)
                if isinstance(exc, httpx.TimeoutException) and not connect_timeout:
                    raise EngineTimeout(f"the vLLM server at {self.base_url} did not answer within {self.timeout:g} s "
                                        "(raise timeout= or lower max_new_tokens)") from exc
                if last:
                    why = "connection timed out" if connect_timeout else f"{type(exc).__name__}: {exc}"
                    raise EngineUnavailable(f"cannot reach the vLLM server at {self.base_url}: {why} "
                                            f"({attempt} attempts)") from exc
                await asyncio.sleep(self._delay(attempt))
                continue
            if resp.status_code in _RETRY_STATUS and not last:
                await asyncio.sleep(self._delay(attempt, resp.headers.get("retry-after")))
                continue
            if resp.status_code >= 400:
                raise self._http_error(resp, attempt)
            return self._output(resp, time.perf_counter() - t0, attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _delay(self, attempt: int, retry_after: str | None = None) -> float:
        if retry_after:
            try:
                return min(self.max_backoff, max(0.0, float(retry_after)))
            except ValueError:
                pass
        return min(self.max_backoff, self.backoff * 2 ** (attempt - 1))

    def _http_error(self, resp, attempts: int) -> EngineError:
        message = _server_message(resp)
        where = f"the vLLM server at {self.base_url}"
        status = resp.status_code
        if status in (401, 403):
            return EngineUnavailable(f"{where} refused the request (HTTP {status}): {message}; "
                                     "set api_key= or DOCEXTRACT_VLLM_API_KEY")
        if status == 404:
            return EngineUnavailable(f"{where} has no such endpoint or model {self.model!r} (HTTP 404): {message}")
        if status == 503:
            return EngineUnavailable(f"{where} is unavailable (HTTP 503 after {attempts} attempts): {message}")
        if status in _RETRY_STATUS:
            return EngineError(f"{where} failed (HTTP {status} after {attempts} attempts): {message}")
        return EngineError(f"{where} rejected the request (HTTP {status}): {message}")

    def _output(self, resp, seconds: float, attempts: int) -> EngineOutput:
        snippet = resp.text[:200]
        try:
            data = resp.json()
        except ValueError:
            raise EngineError(f"the vLLM server at {self.base_url} answered HTTP {resp.status_code} with something "
                              f"that is not JSON: {snippet!r}") from None
        try:
            choice = data["choices"][0]
            text = choice["message"]["content"] or ""
        except (KeyError, IndexError, TypeError):
            raise EngineError(f"the vLLM server at {self.base_url} answered JSON that is not a chat completion "
                              f"(no choices[0].message.content): {snippet!r}") from None
        if not isinstance(text, str):
            raise EngineError(f"the vLLM server at {self.base_url} answered a non-text message content: {snippet!r}")
        usage = data.get("usage") or {}
        finish = choice.get("finish_reason")
        return EngineOutput(
            text=text, tokens=_tokens(choice.get("logprobs")), engine=self.name,
            model=data.get("model") or self.model, revision=self.revision, seconds=seconds,
            extra={"version": self.version, "attempts": attempts,
                   "stopped_by": {"stop": "eos", "length": "max_new_tokens"}.get(finish, finish),
                   "prompt_tokens": usage.get("prompt_tokens"), "generated_tokens": usage.get("completion_tokens")})


def _server_message(resp) -> str:
    """The error message a server put in its body (vLLM, OpenAI and FastAPI shapes), else the raw text."""
    try:
        data = resp.json()
    except ValueError:
        return resp.text.strip()[:300] or resp.reason_phrase
    if isinstance(data, dict):
        err = data.get("error")
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])
        for key in ("message", "detail", "error"):
            if data.get(key):
                return str(data[key])
    return str(data)[:300]


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
