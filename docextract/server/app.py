"""The ASGI app: ``/ocr``, ``/extract``, ``/invoke`` and Function Compute's hooks, as FC runs them.

``create_app(settings)`` builds a FastAPI app wrapped in :class:`~docextract.server.gate.Gate`
(request ids and FC log markers, auth, draining, the streamed body limit, JSON errors). Engine
work goes through a :class:`~docextract.server.limits.Limiter` (thread pool, queue, deadline).

>>> from fastapi.testclient import TestClient
>>> from docextract.server.settings import Settings
>>> client = TestClient(create_app(Settings(engine="scripted")))
>>> client.get("/healthz").json()["status"]
'ok'
>>> r = client.post("/extract", data={"schema": "no_such_schema"}, files={"image": ("a.png", b"x")})
>>> r.status_code, r.json()["error"]["code"], r.headers["x-fc-status"]
(404, 'schema_not_found', '404')
"""

from __future__ import annotations

import asyncio

from fastapi import Request

from ..errors import DocextractError, InputError
from .errors import Busy, MissingField, error_body, error_response, status_of
from .fc import EVENT_KEYS, event_images, split_events
from .gate import Gate
from .limits import Limiter
from .logging import fc_marker, mask_text
from .settings import (EXTRACT_PATH, HEALTH_PATH, INITIALIZE_PATH, INVOKE_PATH, OCR_PATH, PRE_STOP_PATH,
                       REQUEST_OPTIONS, Settings)
from .work import (check_images, describe_result, read_upload, request_options, run_extract, run_ocr, schema_request,
                   sha256s)

__all__ = ["create_app", "ServerState", "error_response", "INITIALIZER_TIMEOUT"]

#: FC's limit for the Initializer hook
INITIALIZER_TIMEOUT = 300.0
#: a request may ask for a shorter deadline than the server's with this header (seconds)
DEADLINE_HEADER = "x-docextract-timeout"


class ServerState:
    """What the app shares between requests: settings, the limiter, the engine, requests in flight."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.limiter = Limiter(settings.max_concurrency, settings.max_queue, settings.queue_timeout)
        self.in_flight = 0
        self.engine_info: dict | None = None
        self.init_error: dict | None = None
        self._init_lock: asyncio.Lock | None = None
        #: paths the gate serves without a token (the try-it page's files; set by ``web.install``)
        self.public_paths: frozenset[str] = frozenset()

    def load_engine(self) -> dict:
        """Create (cached per process) and warm up the engine; its ``info()``."""
        from ..engines import get_engine

        opts = self.settings.base_options()
        engine = get_engine(opts.engine, opts)
        engine.warmup()
        return engine.info()

    async def initialize(self) -> dict:
        if self._init_lock is None:
            self._init_lock = asyncio.Lock()
        async with self._init_lock:
            if self.engine_info is None:
                try:
                    self.engine_info = await asyncio.wait_for(asyncio.to_thread(self.load_engine), INITIALIZER_TIMEOUT)
                    self.init_error = None
                except DocextractError as exc:
                    self.init_error = exc.to_dict()
                    raise
        return self.engine_info


def _deadline(request, settings: Settings) -> float:
    raw = request.headers.get(DEADLINE_HEADER)
    if raw is None:
        return settings.request_timeout
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"header {DEADLINE_HEADER} must be a number of seconds, not {raw[:30]!r}") from None
    if not value > 0:
        raise InputError(f"header {DEADLINE_HEADER} must be positive")
    return min(value, settings.request_timeout)


def create_app(settings: Settings | None = None):
    """The ASGI application (FastAPI inside the FC gate)."""
    from contextlib import asynccontextmanager

    from fastapi import FastAPI
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from starlette.exceptions import HTTPException

    settings = settings or Settings.from_env()
    state = ServerState(settings)

    @asynccontextmanager
    async def lifespan(_app):
        task = asyncio.create_task(_background_warmup(state)) if settings.warmup else None
        yield
        if task is not None:
            task.cancel()
        state.limiter.shutdown()

    app = FastAPI(title="docextract", version=_version(), lifespan=lifespan)
    app.state.server = state

    @app.exception_handler(DocextractError)
    async def _docextract_error(request: Request, exc: DocextractError):
        _log_error(request, exc)
        return error_response(exc)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException):
        codes = {404: "not_found", 405: "method_not_allowed"}
        return JSONResponse({"error": {"code": codes.get(exc.status_code, "http_error"), "message": str(exc.detail)}},
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        return JSONResponse({"error": {"code": "invalid_request", "message": str(exc)[:500]}}, status_code=422)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        _log_error(request, exc)
        return error_response(exc)

    @app.get(HEALTH_PATH)
    async def healthz():
        draining = state.limiter.draining
        body = {"status": "draining" if draining else "ok", "initialized": state.engine_info is not None,
                "active": state.limiter.active, "waiting": state.limiter.waiting, "in_flight": state.in_flight}
        return JSONResponse(body, status_code=503 if draining else 200)

    @app.post(INITIALIZE_PATH)
    async def initialize():
        info = await state.initialize()
        return {"status": "ready", "engine": info}

    @app.get(PRE_STOP_PATH)
    async def pre_stop():
        state.limiter.draining = True
        waited_for = state.in_flight - 1
        deadline = asyncio.get_running_loop().time() + settings.prestop_timeout
        while state.in_flight > 1 and asyncio.get_running_loop().time() < deadline:  # 1 = this request
            await asyncio.sleep(0.05)
        left = max(0.0, deadline - asyncio.get_running_loop().time())
        drained = state.in_flight <= 1 and await state.limiter.idle(left)
        return {"status": "stopped", "drained": drained, "waited_for": waited_for, "in_flight": state.in_flight - 1}

    @app.post(OCR_PATH)
    async def ocr(request: Request):
        images, values = await read_upload(request)
        prompt = values.pop("prompt", None)
        check_images(images)
        if prompt is None:
            raise MissingField("send the prompt as a form field 'prompt'", field="prompt")
        if not isinstance(prompt, str):
            prompt = bytes(prompt).decode("utf-8", "replace")
        return await _ocr(request, images, prompt, values)

    @app.post(EXTRACT_PATH)
    async def extract(request: Request):
        images, values = await read_upload(request)
        schema = schema_request(values.pop("schema", None), values.pop("schema_yaml", None))
        opts = request_options(settings, values)
        check_images(images)
        return await _extract(request, images, schema, opts)

    @app.post(INVOKE_PATH)
    async def invoke(request: Request):
        body = await request.body()
        events = split_events(body, settings.max_events)
        if not body.lstrip().startswith(b"["):
            event = events[0]
            if event.error:
                raise event.error
            return await _event(request, event.payload, wait=False)
        results, summaries = [], []
        for event in events:
            try:
                if event.error:
                    raise event.error
                result = await _event(request, event.payload, wait=True, summaries=summaries)
                results.append({"id": event.id, "status": 200, "result": result})
            except DocextractError as exc:
                status = status_of(exc)
                results.append({"id": event.id, "status": status, "error": error_body(exc)})
                summaries.append({"id": event.id, "status": status, "error": exc.code})
        request.state.log.set(events=summaries)
        failed = sum(1 for r in results if r["status"] != 200)
        return {"results": results, "succeeded": len(results) - failed, "failed": failed}

    async def _ocr(request, images: list[bytes], prompt: str, values: dict, wait: bool = False) -> dict:
        opts = request_options(settings, values)
        request.state.log.set(prompt=mask_text(prompt)[:200], sha256=sha256s(images))
        result = await state.limiter.run(lambda: run_ocr(images, prompt, opts), _deadline(request, settings),
                                         wait=wait)
        request.state.log.set(**result.pop("_meta"))
        return result

    async def _extract(request, images: list[bytes], schema, opts, wait: bool = False) -> dict:
        # the schema is built in the worker thread, under the limiter (uploaded YAML never on the event loop)
        request.state.log.set(sha256=sha256s(images))
        result = await state.limiter.run(lambda: run_extract(images, schema, opts), _deadline(request, settings),
                                         wait=wait)
        named = result.get("schema") or {}
        request.state.log.set(schema=named.get("name"), schema_version=named.get("version"), **describe_result(result))
        return result

    async def _event(request, payload: dict, wait: bool, summaries: list | None = None) -> dict:
        unknown = set(payload) - EVENT_KEYS - REQUEST_OPTIONS - {"options", "id"}
        if unknown:
            raise InputError(f"unknown key(s) in the event: {', '.join(sorted(map(str, unknown)))}; known: "
                             f"{', '.join(sorted(EVENT_KEYS | {'options'}))} and the options "
                             f"{', '.join(sorted(REQUEST_OPTIONS))}")
        values = {k: v for k, v in payload.items() if k in REQUEST_OPTIONS}
        if isinstance(payload.get("options"), dict):
            values.update(payload["options"])
        elif payload.get("options") is not None:
            raise InputError("options must be a JSON object")
        if "prompt" in payload and ({"schema", "schema_yaml"} & payload.keys()):
            raise InputError("an event asks for either a prompt or a schema, not both")
        schema = None if "prompt" in payload else schema_request(payload.get("schema"), payload.get("schema_yaml"))
        opts = request_options(settings, values)
        images = await event_images(payload, allow=settings.url_allow_hosts, max_bytes=settings.url_max_bytes,
                                    timeout=settings.url_timeout, own_port=settings.port)
        if schema is None:
            prompt = payload["prompt"]
            if not isinstance(prompt, str):
                raise InputError("prompt must be a string", field="prompt")
            result = await _ocr(request, images, prompt, values, wait=wait)
        else:
            result = await _extract(request, images, schema, opts, wait=wait)
        if summaries is not None:
            summaries.append({"id": payload.get("id"), "status": 200, "sha256": sha256s(images)})
        return result

    app.add_exception_handler(Busy, _docextract_error)
    from .web import install as install_web

    install_web(app, state)  # GET /schemas, and the try-it page at / unless turned off
    return Gate(app, state)


def _log_error(request, exc: BaseException) -> None:
    log = getattr(request.state, "log", None)
    if log is None:
        return
    if isinstance(exc, DocextractError):
        log.error(exc.code, str(exc))
    else:
        log.error("internal_error", f"{type(exc).__name__}: {exc}")
        # where it happened, for the operator, on stderr; the message stays out (it may hold field values)
        import sys
        import traceback

        frames = "".join(traceback.format_tb(exc.__traceback__))
        print(f"internal error {type(exc).__name__} in request {log.data.get('request_id')}:\n{frames}",
              file=sys.stderr, flush=True)


async def _background_warmup(state: ServerState) -> None:
    request_id = "warmup"
    fc_marker("Initialize", "Start", request_id)
    try:
        await state.initialize()
    except Exception as exc:  # noqa: BLE001 - server boundary: the first request will try again and report the error
        state.init_error = {"code": getattr(exc, "code", "internal_error"), "message": mask_text(str(exc))}
    finally:
        fc_marker("Initialize", "End", request_id)


def _version() -> str:
    from .. import __version__

    return __version__
