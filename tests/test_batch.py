"""``docextract batch``: one line per input, resumable after a crash (even kill -9), remote fan-out.

Real components: the embedded CPU engine (rapidocr) in-process and in a real server process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docextract.errors import InputError
from docextract.server.batch import collect_inputs, run_batch
from docextract.server.jsonl import read_results
from test_server import start_server, stop_server, text_image

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def rapidocr():
    pytest.importorskip("docextract.engines.rapidocr", reason="the rapidocr engine has not landed")
    return "rapidocr"


def make_docs(folder: Path, n: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        p = folder / f"doc{i:03d}.jpg"
        p.write_bytes(text_image([f"SHOP {i:03d}", f"TOTAL {i}.50"], size=(420, 140), font_size=32))
        paths.append(p)
    return paths


def by_input(records: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in records:
        out.setdefault(r["input"], []).append(r)
    return out


def test_collect_inputs(tmp_path):
    docs = make_docs(tmp_path / "in" / "sub", 2)
    (tmp_path / "in" / "readme.txt").write_text("not a document")
    assert collect_inputs(tmp_path / "in") == docs
    assert collect_inputs(str(tmp_path / "in" / "**" / "*.jpg")) == docs
    listing = tmp_path / "list.txt"
    listing.write_text("in/sub/doc001.jpg\n\n# skipped\nin/sub/doc000.jpg\n", encoding="utf-8")
    assert collect_inputs(listing) == [tmp_path / "in/sub/doc001.jpg", tmp_path / "in/sub/doc000.jpg"]
    with pytest.raises(InputError, match="no such folder"):
        collect_inputs(tmp_path / "nope")


@pytest.mark.slow
def test_resume_skips_done_and_drops_a_torn_line(tmp_path, rapidocr):
    docs = make_docs(tmp_path / "in", 3)
    (tmp_path / "in" / "broken.jpg").write_bytes(b"not a jpeg at all")
    (tmp_path / "in" / "same.jpg").write_bytes(docs[0].read_bytes())  # same content as doc000
    out = tmp_path / "results.jsonl"
    code = run_batch(tmp_path / "in", schema="receipt", out=out, engine=rapidocr, concurrency=2, progress=False)
    records = read_results(out)
    assert code == 4, [r.get("error") for r in records]  # one input failed
    lines = by_input(records)
    assert sorted(lines) == sorted(str(p) for p in collect_inputs(tmp_path / "in"))
    assert all(len(v) == 1 for v in lines.values())
    assert [r["status"] for r in lines[str(docs[1])]] == ["ok"]
    assert lines[str(docs[1])][0]["result"]["engine"] == "rapidocr"
    broken = lines[str(tmp_path / "in" / "broken.jpg")][0]
    assert broken["status"] == "error" and broken["error"]["code"] == "bad_input" and not broken["retriable"]
    assert lines[str(tmp_path / "in" / "same.jpg")][0]["status"] == "duplicate"

    # a crash in the middle of writing a line, and a new document since
    with open(out, "ab") as fh:
        fh.write(b'{"key": "abc", "input": "x", "status": "o')
    make_docs(tmp_path / "in", 1, start=3)
    run_batch(tmp_path / "in", schema="receipt", out=out, engine=rapidocr, progress=False)
    records = read_results(out)
    assert out.read_bytes().endswith(b"\n")
    lines = by_input(records)
    assert len(records) == 6 and all(len(v) == 1 for v in lines.values())
    assert lines[str(tmp_path / "in" / "doc003.jpg")][0]["status"] == "ok"
    with pytest.raises(InputError, match="schema"):  # results of another schema do not mix
        run_batch(tmp_path / "in", schema="cn_id_card", out=out, engine=rapidocr, progress=False)


@pytest.mark.slow
def test_kill_9_mid_run_then_rerun_completes_exactly_once(tmp_path, rapidocr):
    docs = make_docs(tmp_path / "in", 10)
    out = tmp_path / "results.jsonl"
    cmd = [sys.executable, "-m", "docextract", "batch", str(tmp_path / "in"), "--schema", "receipt", "--out", str(out),
           "--engine", rapidocr, "--concurrency", "1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the batch finished before it could be killed: " + proc.stderr.read().decode()[-500:]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = read_results(out)
    assert 3 <= len(before) < len(docs)

    rerun = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert "already done" in rerun.stderr
    records = read_results(out)
    lines = by_input(records)
    assert sorted(lines) == sorted(str(p) for p in docs)
    assert all(len(v) == 1 and v[0]["status"] == "ok" for v in lines.values())
    assert len(out.read_bytes().splitlines()) == len(docs)  # no garbage line either
    assert [r["key"] for r in records[: len(before)]] == [r["key"] for r in before]  # earlier lines untouched


@pytest.mark.slow
def test_remote_batch_retries_a_busy_server(tmp_path, rapidocr):
    """Four requests at once against a server with one slot and no queue: 503s are retried until done."""
    base, proc, _ = start_server(tmp_path, {"DOCEXTRACT_MAX_CONCURRENCY": "1", "DOCEXTRACT_MAX_QUEUE": "0"},
                                 engine=rapidocr)
    try:
        docs = make_docs(tmp_path / "in", 5)
        listing = tmp_path / "todo.txt"
        listing.write_text("\n".join(str(p) for p in docs) + "\n", encoding="utf-8")
        out = tmp_path / "remote.jsonl"
        code = run_batch(listing, schema="receipt", out=out, endpoint=base, concurrency=4, progress=False)
        assert code == 0
        lines = by_input(read_results(out))
        assert sorted(lines) == sorted(str(p) for p in docs)
        assert all(len(v) == 1 and v[0]["status"] == "ok" for v in lines.values())
        assert {v[0]["result"]["engine"] for v in lines.values()} == {"rapidocr"}
        # everything is done: a rerun sends nothing
        assert run_batch(listing, schema="receipt", out=out, endpoint=base, concurrency=4, progress=False) == 0
        assert len(read_results(out)) == len(docs)
    finally:
        stop_server(proc)
