"""Function Compute specifics on a real server process: bearer-token auth, hooks inside FC, FC headers.

The engine is the scripted test double (this module is about the HTTP layer, not OCR)."""

from __future__ import annotations

import json

import pytest

from test_server import READ_PROMPT, assert_error, server_log, start_server, stop_server, text_image

requests = pytest.importorskip("requests")

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def fc_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fcserver")
    base, proc, log = start_server(tmp, {
        "DOCEXTRACT_API_TOKEN": TOKEN, "FC_FUNCTION_NAME": "docextract", "FC_INSTANCE_ID": "i-1",
        "DOCEXTRACT_ENGINE_OPTIONS": json.dumps({"outputs": ["scripted answer"]}),
    }, engine="scripted")
    yield base, log
    stop_server(proc)


def auth(token: str = TOKEN) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_token_required_except_health(fc_server):
    base, _ = fc_server
    image = text_image(["TOKEN"])
    files = {"image": ("input.jpg", image, "image/jpeg")}
    assert requests.get(base + "/healthz").status_code == 200
    resp = requests.post(base + "/ocr", files=files, data={"prompt": READ_PROMPT})
    assert_error(resp, 401, "unauthorized")
    assert resp.headers["www-authenticate"] == "Bearer"
    assert_error(requests.post(base + "/ocr", files=files, data={"prompt": READ_PROMPT}, headers=auth("wrong")),
                 401, "unauthorized")
    assert_error(requests.post(base + "/invoke", data=b"{}", headers={"Authorization": TOKEN}), 401, "unauthorized")
    ok = requests.post(base + "/ocr", files=files, data={"prompt": READ_PROMPT}, headers=auth())
    assert ok.status_code == 200 and ok.json() == {"text": "scripted answer"}


def test_hooks_from_fc_need_no_token_but_not_from_the_public_trigger(fc_server):
    base, log = fc_server
    resp = requests.post(base + "/initialize", headers={"x-fc-request-id": "fc-init", "x-fc-control-path": "/initialize"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["engine"]["engine"] == "scripted"
    public = requests.get(base + "/pre-stop", headers={"x-fc-control-path": "/http-invoke"})
    assert_error(public, 403, "forbidden")
    # the server still takes work: the refused pre-stop did not start draining
    assert requests.get(base + "/healthz").json()["status"] == "ok"
    assert "FC Initialize Start RequestId: fc-init" in server_log(log, "fc-init")


def test_fc_headers_are_logged(fc_server):
    base, log = fc_server
    resp = requests.post(base + "/invoke", headers={**auth(), "x-fc-request-id": "canary-1", "x-fc-qualifier": "prod",
                                                    "x-fc-version-id": "2"},
                         data=json.dumps({"prompt": READ_PROMPT, "image_base64": ""}))
    assert_error(resp, 400, "bad_input")
    assert resp.headers["x-request-id"] == "canary-1"
    assert not [h for h in resp.headers if h.lower().startswith("x-fc-") and h.lower() != "x-fc-status"]
    record = next(json.loads(ln) for ln in server_log(log, "canary-1").splitlines()
                  if ln.startswith("{") and '"canary-1"' in ln)
    assert (record["qualifier"], record["version"], record["status"]) == ("prod", "2", 400)
    assert record["error"]["code"] == "bad_input"


def test_url_fetching_is_off_unless_configured(fc_server):
    base, _ = fc_server
    err = assert_error(requests.post(base + "/invoke", headers=auth(),
                                     data=json.dumps({"prompt": READ_PROMPT, "image_url": "http://127.0.0.1/x.jpg"})),
                       400, "bad_input")
    assert "DOCEXTRACT_URL_ALLOW_HOSTS" in err["message"]
