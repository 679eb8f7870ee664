"""Options hold: defaults < an explicit ``ExtractOptions`` < explicit keywords, for every option,
in the API, the CLI and the server (a real app through starlette's TestClient).

The engine is a test double at the engine boundary (``ProbeEngine``, registered like any engine):
it records the options it was built from, and the requests it was sent.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import warnings
from decimal import Decimal

import pytest

from docextract import ExtractOptions, extract
from docextract.engines import clear_cache
from docextract.engines.scripted import ScriptedEngine

#: a value different from the default for every field of ExtractOptions
VALUES = {
    "engine": "probe",
    "language": "en",
    "model": "probe-model",
    "revision": "r-7",
    "base_url": "http://127.0.0.1:9/v1",
    "api_key": "k-123",
    "timeout": 7.5,
    "max_pixels": 400_000,
    "max_input_pixels": 50_000_000,
    "pdf_dpi": 150,
    "max_pages": 3,
    "max_new_tokens": 77,
    "boxes": False,
    "day_first": False,
    "locale": "en_US",
    "default_currency": "USD",
    "amount_tolerance": Decimal("0.05"),
    "today": dt.date(2030, 1, 2),
    "engine_options": {"tag": "x"},
    "codes": False,
    "grounding": True,
    "abstain": False,
}
#: a second non-default value, for "the keyword wins over the object"
OTHER = {**VALUES, "engine": "rapidocr", "language": "zh", "model": "other", "revision": "r-8",
         "base_url": "http://127.0.0.1:8/v1", "api_key": "k-999", "timeout": 9.0, "max_pixels": 300_000,
         "max_input_pixels": 40_000_000, "pdf_dpi": 100, "max_pages": 4, "max_new_tokens": 99, "boxes": True,
         "day_first": True, "locale": "de_DE", "default_currency": "EUR", "amount_tolerance": Decimal("0.02"),
         "today": dt.date(2031, 5, 6), "engine_options": {"tag": "y"}, "codes": True, "grounding": False,
         "abstain": True}

ANSWER = json.dumps({"姓名": "张三", "Name": "张三"}, ensure_ascii=False)


class ProbeEngine(ScriptedEngine):
    """A VLM double: answers JSON to extraction, nothing to spotting; remembers its options."""

    name = "probe"
    built: list = []
    last: "ProbeEngine | None" = None

    @classmethod
    def from_options(cls, options):
        engine = cls(respond=lambda req: ANSWER if req.task == "extract" else "")
        engine.options = options
        cls.built.append(options)
        cls.last = engine
        return engine


@pytest.fixture(autouse=True)
def probe(monkeypatch):
    from docextract.engines import REGISTRY

    monkeypatch.setitem(REGISTRY, "probe", f"{__name__}:ProbeEngine")  # removed again after each test
    clear_cache()
    ProbeEngine.built.clear()
    yield ProbeEngine
    clear_cache()


@pytest.fixture(scope="module")
def png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (800, 500), "white").save(buf, "PNG")
    return buf.getvalue()


def test_every_option_is_listed_here():
    assert set(VALUES) == set(ExtractOptions.fields()) == set(OTHER)
    for name in VALUES:
        assert VALUES[name] != ExtractOptions.model_fields[name].default


def test_the_issue_case_options_object_is_not_overridden_by_engine_default(png):
    r = extract(png, schema="cn_id_card", options=ExtractOptions(engine="probe", base_url="http://127.0.0.1:9/v1"))
    assert r.engine == "probe"
    assert ProbeEngine.built[-1].base_url == "http://127.0.0.1:9/v1"


@pytest.mark.parametrize("name", list(VALUES))
def test_api_options_object_wins_over_defaults(name, png):
    opts = ExtractOptions(**{"engine": "probe", name: VALUES[name]})
    extract(png, schema="cn_id_card", options=opts)
    assert getattr(ProbeEngine.built[-1], name) == VALUES[name]


@pytest.mark.parametrize("name", list(VALUES))
def test_api_keyword_wins_over_options_object(name, png):
    opts = ExtractOptions(**{**({"engine": "probe"} if name != "engine" else {}), name: OTHER[name]})
    extract(png, schema="cn_id_card", options=opts, **{name: VALUES[name]})
    assert getattr(ProbeEngine.built[-1], name) == VALUES[name]


@pytest.mark.parametrize("call", ["extract_many", "ocr", "parse", "ask", "run_prompt", "classify"])
def test_other_functions_honour_the_options_object(call, png):
    import docextract

    opts = ExtractOptions(engine="probe", model="probe-model", max_new_tokens=77)
    fn = getattr(docextract, call)
    args = {"extract_many": ([png],), "ocr": (png,), "parse": (png,), "ask": (png, "what?"),
            "run_prompt": (png, "识别图片中的文字"), "classify": (png,)}[call]
    try:
        fn(*args, options=opts, **({"schema": "cn_id_card"} if call == "extract_many" else {}))
    except docextract.UnrecognizedDocument:  # a blank page fits no schema; the engine was still chosen
        assert call == "classify"
    assert ProbeEngine.built and ProbeEngine.built[-1].model == "probe-model"
    assert ProbeEngine.last.options.engine == "probe"


def test_options_reach_what_they_govern(png):
    """Not only the engine's construction: the prompt, the request, the spotting pass, the checks."""
    opts = ExtractOptions(engine="probe", language="en", max_new_tokens=77, boxes=False, today=dt.date(2030, 1, 2))
    extract(png, schema="cn_id_card", options=opts)
    reqs = ProbeEngine.last.requests
    assert [r.task for r in reqs] == ["extract"]  # boxes=False: no spotting pass
    assert reqs[0].max_new_tokens == 77
    assert "Name" in reqs[0].prompt and "姓名" not in reqs[0].prompt  # English labels
    # the keyword wins: boxes back on gives the spotting pass
    extract(png, schema="cn_id_card", options=opts, boxes=True)
    assert [r.task for r in ProbeEngine.last.requests][-2:] == ["extract", "spotting"]


def test_validate_honours_options_and_keywords():
    from docextract import validate

    raw = {"date": "03/04/2024", "total": "10.00"}
    assert validate(raw, schema="receipt", day_first=True).record.date == dt.date(2024, 4, 3)
    opts = ExtractOptions(day_first=False)
    assert validate(raw, schema="receipt", options=opts).record.date == dt.date(2024, 3, 4)
    assert validate(raw, schema="receipt", options=opts, day_first=True).record.date == dt.date(2024, 4, 3)


def test_engine_instance_keeps_options(png):
    eng = ScriptedEngine(respond=lambda req: ANSWER if req.task == "extract" else "")
    extract(png, "cn_id_card", eng, options=ExtractOptions(boxes=False, max_new_tokens=5))
    assert [r.max_new_tokens for r in eng.requests] == [5]


def test_positional_engine_name_still_works(png):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = extract(png, "cn_id_card", "probe", options=ExtractOptions(model="probe-model"))
    assert r.engine == "probe" and ProbeEngine.built[-1].model == "probe-model"


# --------------------------------------------------------------------------------------------------- CLI

def _flag(name: str, value) -> list[str]:
    if name == "boxes":
        return ["--no-boxes"]
    if name == "day_first":
        return ["--month-first"]
    if name == "engine_options":
        return [f"--engine-option={k}={json.dumps(v)}" for k, v in value.items()]
    if name == "default_currency":
        return ["--currency", value]
    if name in ("codes", "abstain"):
        return [f"--no-{name}"]
    if name == "grounding":
        return ["--grounding"]
    return [f"--{name.replace('_', '-')}", str(value)]


@pytest.mark.parametrize("name", list(VALUES))
def test_cli_has_a_flag_for_every_option_and_honours_it(name, png, tmp_path, capsys):
    from docextract.cli import main

    img = tmp_path / "doc.png"
    img.write_bytes(png)
    base = [] if name == "engine" else ["--engine", "probe"]
    rc = main(["extract", str(img), "--schema", "cn_id_card", *base, *_flag(name, VALUES[name])])
    assert rc == 0, capsys.readouterr().err
    assert getattr(ProbeEngine.built[-1], name) == VALUES[name]


def test_cli_validate_takes_value_options(tmp_path, capsys):
    from docextract.cli import main

    f = tmp_path / "fields.json"
    f.write_text(json.dumps({"date": "03/04/2024", "total": "10.00"}))
    assert main(["validate", str(f), "--schema", "receipt", "--month-first"]) == 0
    assert json.loads(capsys.readouterr().out)["record"]["date"] == "2024-03-04"


# ------------------------------------------------------------------------------------------------ server

SERVER_ONLY = {"engine", "model", "revision", "base_url", "engine_options", "max_input_pixels"}


@pytest.fixture()
def server_client():
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from docextract.server.app import create_app
    from docextract.server.settings import Settings

    settings = Settings(engine="probe", model="probe-model", revision="r-7", base_url="http://127.0.0.1:9/v1",
                        engine_options={"tag": "x"}, max_input_pixels=50_000_000, warmup=False)
    with TestClient(create_app(settings)) as client:
        yield client


def _form_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.isoformat() if isinstance(value, dt.date) else str(value)


@pytest.mark.parametrize("name", list(VALUES))
def test_server_honours_or_refuses_every_option(name, server_client, png):
    from docextract.server.settings import REQUEST_OPTIONS

    r = server_client.post("/extract", data={"schema": "cn_id_card", name: _form_value(VALUES[name])},
                           files={"image": ("a.png", png, "image/png")})
    if name in REQUEST_OPTIONS:
        assert r.status_code == 200, r.text
        assert getattr(ProbeEngine.built[-1], name) == VALUES[name]
    else:  # set by the server's settings, never per request: a clear error naming the option
        assert r.status_code in (400, 422), r.text
        assert name in r.json()["error"]["message"]
    if name in SERVER_ONLY:  # and the server's own setting is what the engine got
        ok = server_client.post("/extract", data={"schema": "cn_id_card"},
                                files={"image": ("a.png", png, "image/png")})
        assert ok.status_code == 200, ok.text
        assert getattr(ProbeEngine.built[-1], name) == VALUES[name]
