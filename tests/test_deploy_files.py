"""deploy/fc/{Dockerfile,s.yaml,README.md} agree with the server (Docker cannot run here, so we parse them).

Expected values come from the server code (docextract.server.settings / app) and the CLI parser,
never from copies; the only literals are Function Compute's own contract values.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

from docextract.server import settings as S
from docextract.supervisor import VLLM_ENV, VllmSettings

#: every variable the images and functions may set: the server's and the supervisor's (vLLM)
KNOWN_ENV = set(S.ENV) | set(VLLM_ENV)

ROOT = Path(__file__).resolve().parent.parent
FC = ROOT / "deploy" / "fc"


def _dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = (FC / "Dockerfile").read_text(encoding="utf-8")
    lines, buf = [], ""
    for raw in text.splitlines():
        if raw.lstrip().startswith("#") and not buf:
            continue
        if raw.rstrip().endswith("\\"):
            buf += raw.rstrip()[:-1] + " "
            continue
        buf += raw
        if buf.strip():
            instr, _, args = buf.strip().partition(" ")
            lines.append((instr.upper(), args.strip()))
        buf = ""
    return lines


def _stages() -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for instr, args in _dockerfile():
        if instr == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((instr, args))
    return stages


def _runtimes() -> dict[str, list[tuple[str, str]]]:
    """The image targets: stage name -> its instructions."""
    return {s[0][1].split()[-1]: s for s in _stages() if s[0][1].split()[-1] in ("transformers", "vllm")}


def _resources() -> dict:
    data = yaml.safe_load((FC / "s.yaml").read_text(encoding="utf-8"))
    assert data["edition"].startswith("3.")
    return data["resources"]


@pytest.fixture(scope="module", params=["docextract", "docextract-transformers"])
def props(request) -> dict:
    resource = _resources()[request.param]
    assert resource["component"] == "fc3"
    return resource["props"]


def test_s_yaml_has_one_function_per_image_target():
    resources = _resources()
    assert set(resources) == {"docextract", "docextract-transformers"}
    vllm, tf = resources["docextract"]["props"], resources["docextract-transformers"]["props"]
    assert vllm["functionName"] != tf["functionName"]
    assert vllm["customContainerConfig"]["image"] == "${vars.image}"
    assert tf["customContainerConfig"]["image"] == "${vars.image_transformers}"
    assert tf["environmentVariables"]["DOCEXTRACT_ENGINE"] == "hunyuan"
    assert "DOCEXTRACT_ENGINE" not in vllm["environmentVariables"]  # the supervisor runs the vllm engine


def test_fc_contract_paths_are_what_the_server_serves():
    from docextract.server.app import create_app

    # Function Compute's fixed paths for custom containers
    assert (S.INITIALIZE_PATH, S.PRE_STOP_PATH, S.INVOKE_PATH, S.PORT_ENV) == \
        ("/initialize", "/pre-stop", "/invoke", "FC_CUSTOM_LISTEN_PORT")
    app = create_app(S.Settings(engine="scripted")).app
    routes = {(m, r.path) for r in app.routes for m in getattr(r, "methods", ()) or ()}
    for method, path in [("POST", S.INITIALIZE_PATH), ("GET", S.PRE_STOP_PATH), ("POST", S.INVOKE_PATH),
                         ("GET", S.HEALTH_PATH), ("POST", S.OCR_PATH), ("POST", S.EXTRACT_PATH)]:
        assert (method, path) in routes


def test_dockerfile_is_multistage_nonroot_and_pins_weights():
    stages = _stages()
    assert len(stages) >= 2
    names = [args.split()[-1] for instr, args in (s[0] for s in stages) if " AS " in args.upper()]
    weights = next(s for s in stages if s[0][1].upper().endswith("AS WEIGHTS"))
    run_text = " ".join(a for i, a in weights if i == "RUN")
    assert ("ARG", "MODEL_REVISION") in weights
    assert "huggingface-cli download" in run_text and '--revision "$MODEL_REVISION"' in run_text
    assert '--local-dir /models/' in run_text
    assert 'test -n "$MODEL_REVISION"' in run_text  # no silent unpinned build
    assert {"transformers", "vllm"} <= set(names) and names[-1] == "vllm"  # vLLM is the default target
    for runtime in _runtimes().values():
        copies = [a for i, a in runtime if i == "COPY"]
        assert any(a.startswith("--from=weights /models") for a in copies)
        users = [a for i, a in runtime if i == "USER"]
        assert users and users[-1] not in ("root", "0")
        # the weights layer sits below the Python environment and code
        assert copies.index(next(a for a in copies if "--from=weights" in a)) == 0


@pytest.mark.parametrize("target", ["transformers", "vllm"])
def test_dockerfile_starts_the_server_the_cli_way(target):
    from docextract.cli import build_parser

    runtime = _runtimes()[target]
    cmd = json.loads(next(a for i, a in runtime if i == "CMD"))
    assert tuple(cmd[:2]) == S.SERVE_COMMAND
    args = build_parser().parse_args(cmd[1:])
    assert args.command == "serve" and args.host == "0.0.0.0"
    assert args.with_vllm is (target == "vllm")
    # without --port the server takes FC's port variable, else the default
    assert args.port is None
    assert S.Settings.from_env({}).port == S.DEFAULT_PORT
    assert S.Settings.from_env({S.PORT_ENV: "9123"}).port == 9123
    exposed = [a for i, a in runtime if i == "EXPOSE"]
    assert exposed == [str(S.DEFAULT_PORT)]
    env_text = " ".join(a for i, a in runtime if i == "ENV")
    for name in re.findall(r"\b(DOCEXTRACT_[A-Z_]+)=", env_text):
        assert name in KNOWN_ENV, f"Dockerfile sets {name}, which neither the server nor the supervisor reads"
    assert "DOCEXTRACT_MODEL_REVISION=${MODEL_REVISION}" in env_text
    if target == "vllm":
        env = dict(re.findall(r"\b(DOCEXTRACT_VLLM_[A-Z_]+)=(\S+)", env_text))
        vs = VllmSettings.from_env(env)
        assert vs.python == "/opt/vllm/bin/python" and any(a.startswith("--from=vllm-env /opt/vllm") for i, a in
                                                           runtime if i == "COPY")


def test_dockerignore_lets_through_what_the_dockerfile_copies():
    ignore = (FC / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    assert "*" in ignore  # everything is out unless listed
    allowed = {p[1:].rstrip("/") for p in ignore if p.startswith("!")}
    for instr, args in (line for stage in _stages() for line in stage):
        if instr == "COPY" and not args.startswith("--from"):
            *sources, _dest = shlex.split(args)
            for src in sources:
                assert src in allowed, f"COPY {src} is filtered out by the .dockerignore"
                assert (ROOT / src).exists(), f"COPY {src}: no such path in the repository"


def test_s_yaml_matches_the_server(props):
    ccc = props["customContainerConfig"]
    assert props["runtime"] == "custom-container" and props["handler"]
    assert ccc["port"] == S.DEFAULT_PORT
    hc = ccc["healthCheckConfig"]
    assert hc["httpGetUrl"] == S.HEALTH_PATH
    assert 1 <= hc["timeoutSeconds"] <= 3 and 1 <= hc["periodSeconds"] <= 120 and 0 <= hc["initialDelaySeconds"] <= 120
    assert props["gpuConfig"] == {"gpuType": "fc.gpu.ada.1", "gpuMemorySize": 49152}
    assert props["memorySize"] in (32768, 65536, 98304)
    triggers = {t["triggerType"]: t for t in props["triggers"]}
    assert {"GET", "POST"} <= set(triggers["http"]["triggerConfig"]["methods"])


def test_s_yaml_hooks_and_timeouts_fit_the_server(props):
    from docextract.server.app import INITIALIZER_TIMEOUT

    life = props["instanceLifecycleConfig"]
    assert life["initializer"]["handler"] and life["preStop"]["handler"]  # empty handler = hook never called
    assert life["initializer"]["timeout"] <= min(300, INITIALIZER_TIMEOUT)
    assert life["preStop"]["timeout"] <= 90
    env = props["environmentVariables"]
    unknown = set(env) - KNOWN_ENV
    assert not unknown, f"s.yaml sets variables the server does not read: {unknown}"
    settings = S.Settings.from_env({k: str(v) for k, v in env.items() if k in S.ENV})
    vs = VllmSettings.from_env({k: str(v) for k, v in env.items()})
    assert vs.ready_timeout < life["initializer"]["timeout"]
    stop = vs.stop_timeout if "DOCEXTRACT_ENGINE" not in env else 0
    assert settings.prestop_timeout + stop < life["preStop"]["timeout"]
    assert settings.request_timeout < props["timeout"]
    assert settings.max_concurrency + settings.max_queue >= props["instanceConcurrency"]
    assert settings.max_body_bytes <= S.FC_MAX_SYNC_BODY


def test_readme_documents_exactly_the_server_variables():
    text = (FC / "README.md").read_text(encoding="utf-8")
    mentioned = set(re.findall(r"`(DOCEXTRACT_[A-Z_]+)`", text))
    assert mentioned == KNOWN_ENV, f"missing: {KNOWN_ENV - mentioned}, unknown: {mentioned - KNOWN_ENV}"
    for path in (S.INITIALIZE_PATH, S.PRE_STOP_PATH, S.INVOKE_PATH, S.HEALTH_PATH, S.OCR_PATH, S.EXTRACT_PATH):
        assert f"`{path}`" in text or f" {path}`" in text
    assert str(S.DEFAULT_PORT) in text


def test_readme_vllm_recipe_is_the_supervisors_command():
    from docextract.supervisor import vllm_command

    text = (FC / "README.md").read_text(encoding="utf-8")
    line = re.search(r"^python -m vllm\.entrypoints\.openai\.api_server .*?(?<!\\)$", text.replace("\\\n", " "),
                     re.MULTILINE)
    assert line, "the README shows no vLLM command line"
    documented = shlex.split(line.group(0))
    expected = vllm_command(VllmSettings(model="/models/hunyuan-ocr", port=8000, python="python"))
    assert documented == expected
