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

Sending, retries and the translation of failures are :mod:`.vllm_send`'s: server unreachable,
restarting or too slow → :class:`EngineUnavailable` carrying ``retry_after`` (a slow server raises
:class:`ServerTooSlow`); a request over the served context → :class:`InputError` naming the limit.

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

import codecs
import os
import threading

from ..errors import EngineUnavailable, InputError
from ..options import DEFAULT_MAX_PIXELS, ExtractOptions
from ..tasks import DEFAULT_MAX_NEW_TOKENS, classify_prompt
from ..types import EngineOutput, EngineRequest, TokenScore
from .base import ALL_TASKS, BaseEngine
from .hunyuan_weights import DEFAULT_REPO, DEFAULT_VERSION, VERSIONS
from .imageprep import count_image_tokens, prepare_image, to_data_url
from .vllm_send import Sender, ServerTooSlow
from .vllm_served import ServedModel, read_models, wait_ready
from .vllm_stream import Answer

__all__ = ["VllmEngine", "ServerTooSlow"]

_OPTION_NAMES = {"version", "concurrency", "max_retries", "backoff", "max_backoff", "image_format", "logprobs",
                 "structured_output", "json_schema", "max_new_tokens_cap", "extra_body", "stream",
                 "repetition_guard", "ready_timeout"}


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
        sender = Sender(self.url, self.base_url, self.model, self.served.max_model_len if self.served else None,
                        api_key=self.api_key, timeout=self.timeout, concurrency=self.concurrency,
                        max_retries=self.max_retries, backoff=self.backoff, max_backoff=self.max_backoff,
                        guard=self.guard)
        return [self._output(answer, seconds, attempts) for answer, seconds, attempts in sender.send_all(bodies)]

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
