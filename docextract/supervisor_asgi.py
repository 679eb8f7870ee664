"""The ASGI layer the supervisor puts around docextract's app: it answers for vLLM's state.

* ``GET /healthz`` → 503 ``vllm_down`` once vLLM has exited (FC's health check then replaces the instance);
* ``POST /initialize`` → waits for vLLM's ``/health`` (a daemon thread, so shutdown never waits on it),
  then the app's own initialisation (the vllm engine reads ``/v1/models``); 503 naming the cause otherwise;
* ``/ocr``, ``/extract``, ``/invoke`` → 503 + ``Retry-After`` at once while vLLM is down, no hanging;
* ``GET /pre-stop`` → the app drains first; only if it accepted the call (200) is vLLM stopped, and the
  answer gains ``"vllm": {"stopped": true, "exit_code": N}``;
* with ``warm=True`` (local runs) the engine is initialised in the background once vLLM is ready.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading

from .errors import EngineUnavailable

__all__ = ["Supervised"]

_BUSINESS = ("/ocr", "/extract", "/invoke")


async def _json(send, status: int, body: dict, headers: dict | None = None) -> None:
    data = json.dumps(body, ensure_ascii=False).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    raw += [(k.lower().encode(), str(v).encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": data})


async def _in_thread(fn, *args):
    """``fn(*args)`` in a daemon thread (never joined at shutdown, unlike asyncio's executor threads)."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def run() -> None:
        try:
            result, failed = fn(*args), None
        except Exception as exc:  # noqa: BLE001 - server boundary: handed on to the awaiting coroutine / reported at first request
            result, failed = None, exc
        try:
            loop.call_soon_threadsafe(lambda: future.done() or (future.set_exception(failed) if failed
                                                                else future.set_result(result)))
        except RuntimeError:  # the loop is gone (shutdown)
            pass

    threading.Thread(target=run, daemon=True).start()
    return await future


class Supervised:
    """ASGI wrapper of docextract's app that answers for vLLM's state (health, initialize, pre-stop).

    With ``warm=True`` (local runs) the engine is initialised in the background once vLLM is ready.
    """

    def __init__(self, app, vllm, *, warm: bool = False) -> None:
        self.app, self.vllm, self.warm = app, vllm, warm

    async def _warm_up(self) -> None:
        try:
            await _in_thread(self.vllm.wait_ready, self.vllm.settings.ready_timeout)
            await self.app.state.initialize()
        except Exception as exc:  # noqa: BLE001 - server boundary: handed on to the awaiting coroutine / reported at first request
            print(f"[supervisor] not ready: {exc}", file=sys.stderr, flush=True)

    async def _lifespan(self, scope, receive, send) -> None:
        task = None

        async def watch():
            nonlocal task
            message = await receive()
            if message["type"] == "lifespan.startup":
                task = asyncio.create_task(self._warm_up())
            elif message["type"] == "lifespan.shutdown" and task is not None:
                task.cancel()
            return message

        await self.app(scope, watch, send)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan" and self.warm:
            await self._lifespan(scope, receive, send)
            return
        path = scope.get("path", "") if scope["type"] == "http" else ""
        failure = self.vllm.failure() if path else None
        if path == "/healthz" and failure is not None:
            await _json(send, 503, {"status": "vllm_down", "error": failure.to_dict()})
        elif path == "/initialize" and scope["method"] == "POST" and self._admitted(scope):
            try:
                await _in_thread(self.vllm.wait_ready, self.vllm.settings.ready_timeout)
            except EngineUnavailable as exc:  # answered here, with FC's markers around it like the app's
                from .server.logging import fc_marker

                rid = dict(scope.get("headers") or []).get(b"x-fc-request-id", b"initialize").decode("latin-1")
                fc_marker("Initialize", "Start", rid)
                print(f"[supervisor] /initialize failed: {exc}", file=sys.stderr, flush=True)
                await _json(send, 503, {"error": exc.to_dict()}, {"x-fc-status": "404"})
                fc_marker("Initialize", "End", rid)
                return
            await self.app(scope, receive, send)
        elif path.startswith(_BUSINESS) and failure is not None and not self.vllm.stopping:
            retry = str(getattr(failure, "retry_after", 30))
            await _json(send, 503, {"error": failure.to_dict()}, {"Retry-After": retry, "x-fc-status": "404"})
        elif path == "/pre-stop":
            await self._pre_stop(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    def _admitted(self, scope) -> bool:
        """Whether the app's gate lets this hook call through; a refused one is answered by the app at
        once, never after waiting for vLLM (an unauthorised client must not hold a connection)."""
        refusal = getattr(self.app, "_refusal", None)
        if refusal is None:
            return True
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        return refusal(scope.get("path", ""), headers) is None

    async def _pre_stop(self, scope, receive, send) -> None:
        messages: list[dict] = []

        async def keep(message):
            messages.append(message)

        await self.app(scope, receive, keep)
        start = next((m for m in messages if m["type"] == "http.response.start"), None)
        if start is None or start["status"] != 200:  # refused (auth): vLLM keeps running
            for message in messages:
                await send(message)
            return
        code = await _in_thread(self.vllm.stop)
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        try:
            data = json.loads(body)
            data["vllm"] = {"stopped": True, "exit_code": code}
        except ValueError:
            data = {"status": "stopped", "vllm": {"stopped": True, "exit_code": code}}
        headers = {k.decode(): v.decode() for k, v in start["headers"] if k.lower() not in (b"content-length",
                                                                                          b"content-type")}
        await _json(send, 200, data, headers)
