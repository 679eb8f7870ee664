"""The CLI run as a subprocess, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docextract", *args], capture_output=True, text=True, cwd=ROOT,
                          input=stdin, timeout=120)


def test_schemas_lists_builtins():
    p = run("schemas")
    assert p.returncode == 0, p.stderr
    names = [line.split()[0] for line in p.stdout.splitlines()]
    assert {"cn_id_card", "cn_vat_invoice", "receipt", "passport"} <= set(names)


def test_prompt_and_schema_show():
    p = run("prompt", "cn_id_card", "--language", "en")
    assert p.returncode == 0
    assert p.stdout.strip().startswith("Extract the content of the fields: ['Name', 'Sex'")
    p = run("schema", "show", "receipt")
    assert p.returncode == 0 and "merchant_name" in p.stdout and '"properties"' in p.stdout


def test_validate_from_a_json_file(tmp_path):
    f = tmp_path / "fields.json"
    f.write_text(json.dumps({"id_number": "11010519491231002X", "sex": "女", "birth_date": "1949.12.31"}), "utf-8")
    p = run("validate", str(f), "--schema", "cn_id_card")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["record"]["birth_date"] == "1949-12-31"
    assert {c["code"]: c["status"] for c in out["checks"]}["cn_ric_birth_date"] == "pass"
    p = run("validate", "-", "--schema", "cn_id_card", "--format", "table", stdin='{"sex": "X"}')
    assert p.returncode == 0 and "FAIL" in p.stdout and "sex.format" in p.stdout


@pytest.mark.parametrize("args, code, words", [
    (["prompt", "no_such_schema"], 3, "no schema named 'no_such_schema'"),
    (["extract", "missing.jpg", "--engine", "scripted"], 4, "missing.jpg: file not found"),
    (["extract", "x.jpg", "--engine", "nope"], 6, "unknown engine 'nope'"),
    (["validate", "pyproject.toml"], 4, "not valid JSON"),
])
def test_errors_are_one_line_with_an_exit_code(args, code, words):
    p = run(*args)
    assert p.returncode == code, p.stderr
    assert words in p.stderr
    assert "Traceback" not in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_bad_schema_file_names_file_and_line(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("name: t\nfields:\n  - name: a\n    type: txt\n", encoding="utf-8")
    p = run("prompt", str(f))
    assert p.returncode == 3
    assert f"{f}, line 4, field 'a': unknown type 'txt'" in p.stderr


def test_debug_shows_the_traceback():
    p = run("--debug", "prompt", "no_such_schema")
    assert p.returncode != 0 and "Traceback" in p.stderr
