"""The try-it page at ``/`` and the ``GET /schemas`` listing it (and any client) reads.

The page is three plain files shipped in the package (``server/static``: HTML, CSS, one script; no
build step, nothing fetched from elsewhere). It talks only to the server's own JSON API
(``GET /schemas``, ``POST /extract``) and is sent with a strict Content-Security-Policy: scripts,
styles and connections from the server itself only, images also from ``blob:`` (the chosen file).

The page is on by default, off under Function Compute (a public trigger is not a demo site) unless
``DOCEXTRACT_WEB=1`` turns it on; ``DOCEXTRACT_WEB=0`` turns it off anywhere. ``/schemas`` is part of
the API and always there. With ``DOCEXTRACT_API_TOKEN`` set, the page's own files are served without
the token (a browser cannot send one when it opens a URL); the page asks for the token and sends it
with every API call.

>>> from docextract.server.settings import Settings
>>> web_enabled(Settings()), web_enabled(Settings(on_fc=True)), web_enabled(Settings(on_fc=True, web=True))
(True, False, True)
>>> [s["name"] for s in list_schema_infos()][:3]
['auto', 'cn_id_card', 'cn_id_card_back']
>>> next(s for s in list_schema_infos() if s["name"] == "receipt")["languages"]
['en', 'zh']
>>> sorted(STATIC_FILES)
['app.css', 'app.js', 'icon.svg', 'index.html']
>>> startup_line(Settings(port=9000))
'docextract serve: listening on 0.0.0.0:9000; try it in a browser at http://127.0.0.1:9000/'
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from ..errors import DocextractError

__all__ = ["install", "web_enabled", "startup_line", "list_schema_infos", "schema_info", "supports_auto", "static_file",
           "AUTO_SCHEMA", "CSP", "SECURITY_HEADERS", "STATIC_FILES", "PAGE_PATH", "SCHEMAS_PATH", "STATIC_PREFIX"]

PAGE_PATH = "/"
SCHEMAS_PATH = "/schemas"
STATIC_PREFIX = "/static/"
#: the schema name that asks the server to recognise the document type
AUTO_SCHEMA = "auto"
#: the files of the page (package data, ``docextract/server/static``) and their media types
STATIC_FILES = {
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
    "icon.svg": "image/svg+xml",
}
#: nothing inline, nothing from elsewhere, no HTML made from strings (Trusted Types with no policy: the
#: browser refuses innerHTML and the like); the chosen file is shown through a blob: URL
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; "
       "require-trusted-types-for 'script'; trusted-types 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-cache",
}


def web_enabled(settings) -> bool:
    """Whether ``/`` serves the page: the ``web`` setting, else on except inside Function Compute."""
    return (not settings.on_fc) if settings.web is None else bool(settings.web)


def startup_line(settings) -> str:
    """What ``docextract serve`` prints (on stderr) when it starts: where it listens, where the page is."""
    where = f"{settings.host}:{settings.port}"
    if not web_enabled(settings):
        return f"docextract serve: listening on {where}"
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
    host = f"[{host}]" if ":" in host else host
    return f"docextract serve: listening on {where}; try it in a browser at http://{host}:{settings.port}/"


@lru_cache(maxsize=None)
def static_file(name: str) -> bytes:
    """The bytes of one of :data:`STATIC_FILES` (read once per process)."""
    if name not in STATIC_FILES:
        raise KeyError(name)
    return resources.files("docextract.server").joinpath("static", name).read_bytes()


def supports_auto() -> bool:
    """Whether ``/extract`` accepts ``schema="auto"`` (document-type recognition).

    Asked of the server's own schema resolver, so the page offers "auto" exactly when a request
    with it would be taken, whichever way recognition is added (a resolver may answer a schema, a
    marker or None for "recognise it"; refusing is raising SchemaNotFound).
    """
    from .work import resolve_schema

    try:
        resolve_schema(AUTO_SCHEMA, None)
    except DocextractError:
        return False
    return True


def _field_info(f) -> dict:
    out = {"name": f.name, "type": f.type, "labels": {k: list(v) for k, v in f.labels.items()},
           "required": f.required}
    if f.description:
        out["description"] = f.description
    if f.fields:
        out["fields"] = [_field_info(s) for s in f.fields]
    return out


def schema_info(schema) -> dict:
    """What a client needs to offer a schema: name, title, description, version, languages, fields."""
    return {"name": schema.name, "title": schema.title, "description": schema.description,
            "version": schema.version, "languages": list(schema.languages),
            "fields": [_field_info(f) for f in schema.fields]}


def list_schema_infos() -> list[dict]:
    """Every schema ``/extract`` takes by name (built-ins and ``DOCEXTRACT_SCHEMA_PATH``), and "auto"
    first when the server recognises document types. A schema file that does not load is listed with
    its ``error`` (message, line, field; never the file's path) instead of failing the listing."""
    from ..schema import list_schemas, load_schema

    out = []
    for name in list_schemas():
        try:
            out.append(schema_info(load_schema(name)))
        except DocextractError as exc:
            error = {"code": exc.code, "message": exc.message}
            error.update({k: v for k, v in exc.context.items() if k in ("line", "field") and v is not None})
            out.append({"name": name, "error": error})
    if AUTO_SCHEMA not in {s["name"] for s in out} and supports_auto():
        out.insert(0, {"name": AUTO_SCHEMA, "title": "Recognise the document type",
                       "description": "The server picks the schema that fits the page best.",
                       "version": "", "languages": [], "fields": []})
    return out


def install(app, state) -> None:
    """Add ``GET /schemas`` to ``app``, and the page (``/`` and ``/static/*``) when it is enabled."""
    from fastapi.responses import JSONResponse, Response
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException

    @app.get(SCHEMAS_PATH)
    async def schemas():
        # loading YAML is work: off the event loop
        return JSONResponse({"schemas": await run_in_threadpool(list_schema_infos)})

    if not web_enabled(state.settings):
        return

    def _file(name: str) -> Response:
        return Response(static_file(name), media_type=STATIC_FILES[name], headers=SECURITY_HEADERS)

    @app.get(PAGE_PATH, include_in_schema=False)
    async def page():
        return _file("index.html")

    @app.get(STATIC_PREFIX + "{name}", include_in_schema=False)
    async def static(name: str):
        if name not in STATIC_FILES:
            raise HTTPException(404, f"no static file {name[:60]!r}")
        return _file(name)

    state.public_paths = frozenset({PAGE_PATH, *(STATIC_PREFIX + n for n in STATIC_FILES)})
