"""The try-it page's server side, in process: ``GET /schemas``, the page's files and headers, the
setting that turns the page off (and its default under Function Compute), the token gate."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from docextract.server import web  # noqa: E402
from docextract.server.app import create_app  # noqa: E402
from docextract.server.settings import Settings  # noqa: E402

MEMO = """\
name: memo
title: "Memo <img src=x onerror=alert(1)>"
languages: [en]
fields:
  - name: note
    type: text
    labels: {en: [Note]}
  - name: lines
    type: list
    fields:
      - name: amount
        type: amount
"""


@pytest.fixture()
def schema_dir(tmp_path, monkeypatch):
    (tmp_path / "memo.yaml").write_text(MEMO, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("name: broken\nfields:\n  - name: a\n    type: txt\n", encoding="utf-8")
    monkeypatch.setenv("DOCEXTRACT_SCHEMA_PATH", str(tmp_path))
    return tmp_path


def client(**settings) -> TestClient:
    return TestClient(create_app(Settings(engine="scripted", **settings)))


def test_schemas_lists_builtins_and_user_schemas(schema_dir):
    resp = client().get("/schemas")
    assert resp.status_code == 200
    schemas = {s["name"]: s for s in resp.json()["schemas"]}
    assert {"cn_id_card", "cn_vat_invoice", "receipt", "passport", "memo", "broken"} <= set(schemas)
    receipt = schemas["receipt"]
    assert receipt["title"] and receipt["languages"] == ["en", "zh"] and receipt["version"]
    assert [f["name"] for f in receipt["fields"]][:2] == ["merchant_name", "merchant_address"]
    items = next(f for f in receipt["fields"] if f["name"] == "items")
    assert items["type"] == "list" and {f["name"] for f in items["fields"]} >= {"name", "amount"}
    memo = schemas["memo"]
    assert memo["title"] == "Memo <img src=x onerror=alert(1)>"  # data, escaped by whoever shows it
    assert memo["fields"][0] == {"name": "note", "type": "text", "labels": {"en": ["Note"]}, "required": False}
    # a schema file that does not load is listed with its error, without the path of the file
    broken = schemas["broken"]
    assert broken["error"]["code"] == "schema_error" and "unknown type 'txt'" in broken["error"]["message"]
    assert broken["error"]["line"] == 4 and str(schema_dir) not in resp.text


def test_auto_is_listed_exactly_when_the_resolver_takes_it(schema_dir, monkeypatch):
    names = [s["name"] for s in client().get("/schemas").json()["schemas"]]
    assert ("auto" in names) == web.supports_auto()
    # once the server's resolver takes schema="auto" (document-type recognition), it is offered first
    from docextract.errors import SchemaNotFound
    from docextract.server import work

    real = work.resolve_schema
    monkeypatch.setattr(work, "resolve_schema", lambda name, text: None if name == "auto" else real(name, text))
    listed = client().get("/schemas").json()["schemas"]
    assert listed[0]["name"] == "auto" and listed[0]["title"] and listed[0]["fields"] == []
    def refusing(name, text):
        if name == "auto":
            raise SchemaNotFound("no schema named 'auto'")
        return real(name, text)

    monkeypatch.setattr(work, "resolve_schema", refusing)
    assert "auto" not in [s["name"] for s in client().get("/schemas").json()["schemas"]]


def test_page_and_files_with_their_headers():
    c = client()
    page = c.get("/")
    assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp
    assert "require-trusted-types-for 'script'" in csp and "trusted-types 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    for name, ctype in (("app.js", "text/javascript"), ("app.css", "text/css"), ("icon.svg", "image/svg+xml")):
        resp = c.get("/static/" + name)
        assert resp.status_code == 200 and resp.headers["content-type"].startswith(ctype)
        assert resp.headers["content-security-policy"] == csp
    missing = c.get("/static/../settings.py")
    assert missing.status_code == 404
    assert c.get("/static/nothing.js").json()["error"]["code"] == "not_found"


def test_page_has_nothing_inline_and_nothing_from_elsewhere():
    html = web.static_file("index.html").decode()
    script = web.static_file("app.js").decode()
    css = web.static_file("app.css").decode()
    # CSP allows no inline script or style: every <script> has a src, no style= or on...= attributes
    assert re.findall(r"<script\b[^>]*>", html) == ['<script src="static/app.js" defer>']
    assert "<style" not in html and not re.search(r"\sstyle=", html) and not re.search(r"\son[a-z]+=", html)
    # nothing fetched from another origin, in any of the files
    for text in (html, script, css):
        assert not re.search(r"(https?:)?//[a-z0-9]", text.replace("http://www.w3.org/2000/svg", "")), text[:80]
        assert "@import" not in text
    # data goes in as text only
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script
    # the token lives in a variable of the script only
    for store in ("localStorage", "sessionStorage", "document.cookie", "indexedDB"):
        assert store not in script


def test_web_setting_and_function_compute_default(monkeypatch):
    assert client().get("/").status_code == 200
    off = client(web=False)
    assert off.get("/").status_code == 404 and off.get("/static/app.js").status_code == 404
    assert off.get("/schemas").status_code == 200  # the listing is API, not page
    assert client(on_fc=True).get("/").status_code == 404
    assert client(on_fc=True, web=True).get("/").status_code == 200
    assert Settings.from_env({"DOCEXTRACT_WEB": "0"}).web is False
    assert Settings.from_env({"DOCEXTRACT_WEB": "1", "FC_FUNCTION_NAME": "f"}).web is True
    assert web.web_enabled(Settings.from_env({"FC_FUNCTION_NAME": "f"})) is False


def test_token_is_asked_for_by_the_api_not_the_page_files():
    c = client(api_token="s3cret")
    assert c.get("/").status_code == 200 and c.get("/static/app.js").status_code == 200
    assert c.get("/schemas").status_code == 401
    assert c.get("/static/nothing.js").status_code == 401  # only the page's own files are open
    assert c.get("/schemas", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert c.post("/", content=b"x").status_code == 405
