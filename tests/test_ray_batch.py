"""``docextract batch --ray`` on a real local Ray cluster: a head node and a second node process.

Real components: Ray (``ray.cluster_utils.Cluster`` starts real raylets), Ray Data actors holding
the embedded CPU engine (rapidocr), real documents (examples/ and a few sroie-dev receipts).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="install docextract[ray] (.ci/setup does)")

from docextract.errors import InputError  # noqa: E402
from docextract.scale import RayUnavailable, extract_dataset, list_inputs, read_document  # noqa: E402
from docextract.server.jsonl import read_results  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# shared/ sits beside the repository in CI, beside the worktrees' folder on a development machine
SROIE = next((p / "shared" / "data" / "sroie-dev" / "img" for p in (ROOT.parent, ROOT.parent.parent)
              if (p / "shared" / "data" / "sroie-dev" / "img").is_dir()), ROOT / "no-sroie")


@pytest.fixture(scope="module")
def cluster():
    pytest.importorskip("docextract.engines.rapidocr", reason="the rapidocr engine is needed")
    from ray.cluster_utils import Cluster

    # no usage reports leave this machine (tests talk to loopback only); the nodes inherit this
    saved = os.environ.get("RAY_USAGE_STATS_ENABLED")
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    c = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    c.add_node(num_cpus=1)  # a second node process: actors spread over two raylets
    ray.init(address=c.address, logging_level="WARNING")
    try:
        assert len([n for n in ray.nodes() if n["Alive"]]) == 2
        yield c.address
    finally:
        ray.shutdown()
        c.shutdown()
        if saved is None:
            os.environ.pop("RAY_USAGE_STATS_ENABLED", None)
        else:
            os.environ["RAY_USAGE_STATS_ENABLED"] = saved


def real_docs(folder: Path, sroie: int = 4) -> list[Path]:
    """The sample documents of examples/ and a few sroie-dev receipts, copied to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted((ROOT / "examples").glob("*.jpg")) + sorted(SROIE.glob("*.jpg"))[:sroie]
    out = []
    for src in sources:
        dst = folder / src.name
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def pixel_bomb() -> bytes:
    """A tiny PNG whose header claims 60000×60000 pixels (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def by_input(records: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in records:
        out.setdefault(r["input"], []).append(r)
    return out


def test_exactly_once_with_poisoned_inputs_then_rerun(tmp_path, cluster):
    docs = real_docs(tmp_path / "in", sroie=2)
    (tmp_path / "in" / "corrupt.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg" * 10)
    (tmp_path / "in" / "bomb.png").write_bytes(pixel_bomb())
    (tmp_path / "in" / "huge.tif").write_bytes(os.urandom(300_000))  # over max_bytes below: refused unread
    shutil.copyfile(docs[0], tmp_path / "in" / "zz_copy.jpg")  # same content as another input
    # a list file mixing file:// URIs (read through pyarrow) and relative paths
    names = sorted(p.name for p in (tmp_path / "in").iterdir())
    listing = tmp_path / "todo.txt"
    listing.write_text("\n".join((tmp_path / "in" / n).as_uri() if i % 2 else f"in/{n}" for i, n in enumerate(names)))
    inputs = list_inputs(listing)
    assert len(inputs) == len(names) and any(s.startswith("file://") for s in inputs)

    out = tmp_path / "results.jsonl"
    code = extract_dataset(listing, schema="receipt", out=out, engine="rapidocr", actors=2, batch_size=4,
                           max_bytes=200_000, parquet=str(tmp_path / "results.parquet"), progress=False)
    records = read_results(out)
    lines = by_input(records)
    assert code == 4  # some inputs failed
    assert sorted(lines) == sorted(inputs) and all(len(v) == 1 for v in lines.values())  # exactly once
    status = {Path(k.replace("file://", "")).name: (v[0]["status"], v[0].get("error", {}).get("code"))
              for k, v in lines.items()}
    assert status.pop("corrupt.jpg") == ("error", "bad_input")
    assert status.pop("bomb.png") == ("error", "too_large")
    assert status.pop("huge.tif") == ("error", "too_large")
    assert {status[docs[0].name][0], status["zz_copy.jpg"][0]} == {"ok", "duplicate"}  # whichever came first
    assert sorted(s for s, _ in status.values()) == ["duplicate"] + ["ok"] * len(docs)
    dup = next(v[0] for v in lines.values() if v[0]["status"] == "duplicate")
    assert dup["key"] == f"{dup['sha256']}:{dup['input']}" and Path(dup["same_as"]).name in (docs[0].name, "zz_copy.jpg")
    oks = [v[0] for v in lines.values() if v[0]["status"] == "ok"]
    assert all(r["result"]["engine"] == "rapidocr" and r["sha256"] == r["key"] for r in oks)
    assert all(r["result"]["source"] == r["input"] for r in oks)
    bomb = next(v[0] for k, v in lines.items() if k.endswith("bomb.png"))
    assert "bomb.png" in bomb["error"]["message"] and not bomb["retriable"]

    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "results.parquet")
    assert table.num_rows == len(inputs) and sorted(table.column("input").to_pylist()) == sorted(inputs)

    # a rerun does nothing: every input has its line, no error may pass
    before = out.read_bytes()
    assert extract_dataset(listing, schema="receipt", out=out, engine="rapidocr", actors=2, batch_size=4,
                           max_bytes=200_000, progress=False) == 4
    assert out.read_bytes() == before
    # a new document: only it is done; with retry_errors the failed ones are redone, still one line each
    shutil.copyfile(sorted(SROIE.glob("*.jpg"))[2] if SROIE.is_dir() else ROOT / "examples" / "receipt_001.jpg",
                    tmp_path / "in" / "new.jpg")
    with open(listing, "a") as fh:
        fh.write("\nin/new.jpg\n")
    extract_dataset(listing, schema="receipt", out=out, engine="rapidocr", actors=2, batch_size=4,
                    max_bytes=200_000, retry_errors=True, progress=False)
    lines = by_input(read_results(out))
    assert len(lines) == len(inputs) + 1 and all(len(v) == 1 for v in lines.values())
    assert lines[str(tmp_path / "in" / "new.jpg")][0]["status"] in ("ok", "duplicate")


def actor_pids() -> set[int]:
    """Processes of Ray actors that run a DocumentWorker (Ray names them after the class)."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if cmd.startswith(b"ray::") and b"DocumentWorker" in cmd:
                pids.add(int(entry.name))
    return pids


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds actor processes in /proc")
def test_worker_killed_mid_run_loses_and_duplicates_nothing(tmp_path, cluster):
    docs = real_docs(tmp_path / "in", sroie=6)
    out = tmp_path / "results.jsonl"
    cmd = [sys.executable, "-m", "docextract", "batch", str(tmp_path / "in"), "--schema", "receipt", "--out", str(out),
           "--engine", "rapidocr", "--ray", cluster, "--actors", "2", "--batch-size", "2"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= 2 and actor_pids():
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before a worker could be killed: " + proc.stderr.read().decode()[-800:]
        victims = actor_pids()
        killed = sorted(victims)[0]
        written = out.read_bytes().count(b"\n")
        os.kill(killed, signal.SIGKILL)
        assert written < len(docs)
        _, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err.decode()[-3000:]
    records = read_results(out)
    lines = by_input(records)
    assert sorted(lines) == sorted(str(p) for p in docs)
    assert all(len(v) == 1 and v[0]["status"] == "ok" for v in lines.values())
    assert len(out.read_bytes().splitlines()) == len(docs)
    assert not Path(f"/proc/{killed}").exists()


def crash_on_99px(request):
    """A scripted engine's answer that kills its process on a 99×99 page (as a native crash would)."""
    if request.images and request.images[0].size == (99, 99):
        os._exit(1)
    return json.dumps({"merchant_name": os.environ.get("DOCEXTRACT_TEST_SHOP", "no env")})


def test_a_document_that_kills_its_worker_becomes_its_own_error_record(tmp_path, cluster, monkeypatch):
    from PIL import Image

    from docextract.options import ExtractOptions

    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this module
    monkeypatch.setenv("DOCEXTRACT_TEST_SHOP", "ACME")  # DOCEXTRACT_* settings reach the actors
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        Image.new("RGB", (64 + i, 32), "white").save(folder / f"ok{i}.png")
    Image.new("RGB", (99, 99), "white").save(folder / "crash.png")
    opts = ExtractOptions(engine="scripted", boxes=False, engine_options={"respond": crash_on_99px})
    out = tmp_path / "results.jsonl"
    assert extract_dataset(folder, schema="receipt", out=out, options=opts, actors=1, batch_size=4,
                           worker_retries=0, progress=False) == 4
    lines = by_input(read_results(out))
    assert sorted(lines) == sorted(str(p) for p in folder.iterdir()) and all(len(v) == 1 for v in lines.values())
    crash = lines.pop(str(folder / "crash.png"))[0]
    assert crash["status"] == "error" and crash["error"]["code"] == "worker_crashed" and not crash["retriable"]
    assert crash["key"] == crash["sha256"]
    assert {v[0]["status"] for v in lines.values()} == {"ok"}
    assert {v[0]["result"]["fields"]["merchant_name"]["value"] for v in lines.values()} == {"ACME"}
    # a rerun does not feed it to a worker again
    assert extract_dataset(folder, schema="receipt", out=out, options=opts, actors=1, progress=False) == 4
    assert len(read_results(out)) == 4


def test_per_document_timeout_and_a_stuck_worker_restarts(tmp_path):
    """No Ray needed: the actor class itself, with a scripted engine that hangs on one page size."""
    script = tmp_path / "hang.py"
    script.write_text(f"""
import json, sys, time
from PIL import Image
from docextract.options import ExtractOptions
from docextract.scale import DocumentWorker

def respond(request):
    if request.images and request.images[0].size == (99, 99):
        time.sleep(30)
    return '{{"merchant_name": "A SHOP"}}'

d = {str(tmp_path)!r}
Image.new("RGB", (64, 32), "white").save(d + "/ok.png")
Image.new("RGB", (99, 99), "white").save(d + "/hang.png")
w = DocumentWorker("receipt", ExtractOptions(engine="scripted", boxes=False, engine_options={{"respond": respond}}),
                   doc_timeout=1.0)
t0 = time.monotonic()
out = [json.loads(r) for r in w({{"input": [d + "/hang.png", d + "/ok.png"]}})["record"]]
print(json.dumps({{"seconds": time.monotonic() - t0, "records": out}}), flush=True)
w({{"input": [d + "/ok.png"]}})  # the hung document still holds the only thread: the process exits
print("not reached")
""")
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 75, run.stderr[-2000:]
    first = json.loads(run.stdout.splitlines()[0])
    status = {Path(r["input"]).name: (r["status"], r.get("error", {}).get("code"), r.get("retriable"))
              for r in first["records"]}
    assert status == {"hang.png": ("error", "engine_timeout", True), "ok.png": ("ok", None, None)}
    assert first["seconds"] < 10
    assert "not reached" not in run.stdout and "past their timeout" in run.stderr


def test_threads_send_several_documents_at_once(tmp_path):
    """The vllm set-up: one actor, many requests in flight (here a scripted engine that waits)."""
    import threading

    from PIL import Image

    from docextract.options import ExtractOptions
    from docextract.scale import DocumentWorker

    lock, now, most = threading.Lock(), [0], [0]

    def respond(request):
        with lock:
            now[0] += 1
            most[0] = max(most[0], now[0])
        time.sleep(0.3)
        with lock:
            now[0] -= 1
        return '{"merchant_name": "A SHOP"}'

    paths = []
    for i in range(8):
        Image.new("RGB", (40 + i, 30), "white").save(tmp_path / f"d{i}.png")
        paths.append(str(tmp_path / f"d{i}.png"))
    w = DocumentWorker("receipt", ExtractOptions(engine="scripted", boxes=False, engine_options={"respond": respond}),
                       threads=4)
    records = [json.loads(r) for r in w({"input": paths})["record"]]
    assert sorted(r["input"] for r in records) == paths and {r["status"] for r in records} == {"ok"}
    assert most[0] == 4


def test_missing_ray_names_the_extra(tmp_path, monkeypatch, capsys):
    from docextract.cli import main

    for name in [m for m in sys.modules if m == "ray" or m.startswith("ray.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    doc = tmp_path / "a.jpg"
    shutil.copyfile(ROOT / "examples" / "receipt_001.jpg", doc)
    with pytest.raises(RayUnavailable, match=r"docextract\[ray\]"):
        extract_dataset(doc, schema="receipt", out=tmp_path / "out.jsonl", engine="rapidocr")
    code = main(["batch", str(doc), "--schema", "receipt", "--out", str(tmp_path / "out.jsonl"), "--ray"])
    err = capsys.readouterr().err
    assert code == 6 and "pip install 'docextract[ray]'" in err and "Traceback" not in err


@pytest.mark.parametrize("spec", [None, "", "€", "x" * 10_000, "nope/*.jpg", "s3x://", "file:///no/such/folder"])
def test_junk_input_specs(spec, tmp_path):
    with pytest.raises(InputError):  # before any Ray is started
        extract_dataset(spec, schema="receipt", out=tmp_path / "o.jsonl")


def test_bad_limits_and_ray_options_without_ray(tmp_path, capsys):
    from docextract.cli import main

    doc = tmp_path / "a.jpg"
    shutil.copyfile(ROOT / "examples" / "receipt_001.jpg", doc)
    for kwargs in ({"batch_size": 0}, {"actors": -1}, {"threads": 10_000}, {"doc_timeout": 0},
                   {"gpus_per_actor": 0.0}, {"max_bytes": 0}, {"worker_retries": -1}):
        with pytest.raises(InputError, match=next(iter(kwargs))):
            extract_dataset(doc, schema="receipt", out=tmp_path / "o.jsonl", **kwargs)
    assert main(["batch", str(doc), "--schema", "receipt", "--out", str(tmp_path / "o.jsonl"), "--actors", "3"]) == 4
    assert "--actors: only with --ray" in capsys.readouterr().err
    assert read_document(doc.as_uri()) == doc.read_bytes()
    with pytest.raises(InputError, match="file not found"):
        read_document(str(tmp_path / "gone.jpg"))
