"""Chat completions sent to a vLLM server: concurrent, streamed, retried with backoff, failures translated once.

A :class:`Sender` posts chat-completion bodies (built by :class:`~docextract.engines.vllm.VllmEngine`)
to one server, at most ``concurrency`` at a time, and reads each answer into an
:class:`~docextract.engines.vllm_stream.Answer`; a repetition loop closes the stream at once, so the
server stops generating.

Failures are translated here, once: server unreachable, restarting or too slow →
:class:`EngineUnavailable` carrying ``retry_after`` (a slow server raises :class:`ServerTooSlow`,
also an :class:`EngineTimeout`); a request over the served context is refitted once when the
server names its limit, else :class:`InputError` naming the limit; 429/5xx/dropped connections are
retried with bounded exponential backoff (``Retry-After`` honoured); other 4xx and garbage →
:class:`EngineError` with the server's own message.

>>> backoff_delay(3, 0.5, 8.0), backoff_delay(1, 0.5, 8.0, "30"), backoff_delay(1, 0.5, 8.0, "soon")
(2.0, 8.0, 0.5)
>>> refit({"max_tokens": 4096}, "max_tokens=4096 cannot be greater than max_model_len=2048.")
{'max_tokens': 2047}
>>> Sender("http://127.0.0.1:8000/v1/chat/completions", "http://127.0.0.1:8000", "ocr").send_all([])
[]
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import time
from dataclasses import dataclass

from ..errors import EngineError, EngineTimeout, EngineUnavailable, InputError
from .repetition import TailRepetitionGuard
from .vllm_served import RETRY_AFTER, unavailable
from .vllm_stream import Answer, StreamError, server_message

__all__ = ["Sender", "ServerTooSlow", "RETRY_STATUS", "backoff_delay", "refit"]

#: HTTP statuses retried (with backoff) before giving up
RETRY_STATUS = {429, 500, 502, 503, 504}
_CONTEXT = re.compile(r"maximum context length|max_model_len|context length", re.IGNORECASE)
_IN_MESSAGES = re.compile(r"(\d+) in the messages")
_LIMIT = re.compile(r"maximum context length (?:is )?\(?(\d+)|max_model_len=(\d+)")


class ServerTooSlow(EngineUnavailable, EngineTimeout):
    """The vLLM server did not answer (or stalled) within the timeout: busy or stuck, retry later (503)."""

    message = "the vLLM server did not answer in time"
    code = "engine_slow"


def backoff_delay(attempt: int, backoff: float, max_backoff: float, retry_after: str | None = None) -> float:
    """Seconds before retry number ``attempt``: the server's ``Retry-After``, else exponential; ≤ ``max_backoff``."""
    if retry_after:
        try:
            return min(max_backoff, max(0.0, float(retry_after)))
        except ValueError:
            pass
    return min(max_backoff, backoff * 2 ** (attempt - 1))


def refit(body: dict, message: str) -> dict | None:
    """A body whose ``max_tokens`` fits the context the server named, if the prompt itself fits."""
    found = _LIMIT.search(message)
    limit = int(found.group(1) or found.group(2)) if found else None
    used = _IN_MESSAGES.search(message)
    room = (limit - int(used.group(1))) if limit and used else (limit - 1 if limit and not used else 0)
    if room < 1 or room >= body.get("max_tokens", 0):
        return None
    return {**body, "max_tokens": room}


@dataclass
class Sender:
    """Posts bodies to ``url`` and gives ``(answer, seconds, attempts)`` for each, in order.

    ``base_url`` names the server in errors; ``model`` and ``max_model_len`` are what it serves
    (named in a 404 and in a request over the context); ``guard``: repetition-guard parameters or None.
    """

    url: str
    base_url: str
    model: str
    max_model_len: int | None = None
    api_key: str | None = None
    timeout: float = 120.0
    concurrency: int = 8
    max_retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 8.0
    guard: dict | None = None

    def send_all(self, bodies: list[dict]) -> list[tuple[Answer, float, int]]:
        """Send every body (concurrently); the first failure, in order, is raised."""
        if not bodies:
            return []
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(self._send_all(bodies))
        with concurrent.futures.ThreadPoolExecutor(1) as pool:  # called from inside an event loop
            return pool.submit(asyncio.run, self._send_all(bodies)).result()

    async def _send_all(self, bodies: list[dict]) -> list[tuple[Answer, float, int]]:
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        limits = httpx.Limits(max_connections=self.concurrency, max_keepalive_connections=self.concurrency)
        timeout = httpx.Timeout(self.timeout, connect=min(10.0, self.timeout))
        semaphore = asyncio.Semaphore(self.concurrency)
        async with httpx.AsyncClient(headers=headers, timeout=timeout, limits=limits, trust_env=False) as client:
            async def one(body: dict) -> tuple[Answer, float, int]:
                async with semaphore:
                    return await self._send(client, body)

            results = await asyncio.gather(*(one(b) for b in bodies), return_exceptions=True)
        for res in results:
            if isinstance(res, BaseException):
                raise res
        return list(results)  # type: ignore[arg-type]

    async def _send(self, client, body: dict) -> tuple[Answer, float, int]:
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
                return answer, time.perf_counter() - t0, attempt
            if resp.status_code in RETRY_STATUS and not last:
                await asyncio.sleep(self._delay(attempt, resp.headers.get("retry-after")))
                continue
            message = server_message(resp)
            if resp.status_code == 400 and _CONTEXT.search(message):
                fitted = None if refitted else refit(body, message)
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

    def _delay(self, attempt: int, retry_after: str | None = None) -> float:
        return backoff_delay(attempt, self.backoff, self.max_backoff, retry_after)

    def _over_context(self, message: str) -> InputError:
        served = self.max_model_len
        limit = f"{served} tokens (max_model_len of {self.model})" if served else "its max_model_len"
        return InputError(f"the request does not fit the vLLM server's context of {limit}: {message} — send "
                          "smaller or fewer images (max_pixels) or a shorter prompt, or serve with a larger "
                          "--max-model-len", field="max_model_len")

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
        if status in RETRY_STATUS:
            return EngineError(f"{where} failed (HTTP {status} after {attempts} attempts): {message}")
        return EngineError(f"{where} rejected the request (HTTP {status}): {message}")
