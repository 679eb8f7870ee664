"""``docextract batch``: many documents into one JSON-lines file, resumably, nothing lost.

INPUT is a folder (searched recursively), a glob (``'scans/**/*.jpg'``) or a text file listing one
path per line. Every input gets exactly one line: its Result, or an error record with the reason.
A rerun skips what is done (by content hash) and redoes only inputs whose error may pass (engine
timeouts, a busy or unreachable server) — or every error with ``retry_errors``. Lines are
appended, flushed and fsynced one by one (see :mod:`docextract.server.jsonl`).

Locally the engine gets ``concurrency`` documents per call (``extract_many``); with ``endpoint``
that many requests go to a running server at once, with retries and backoff.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> for name in ("b.png", "a.jpg", "notes.txt"):
...     _ = (d / name).write_bytes(b"x")
>>> [p.name for p in collect_inputs(str(d))]
['a.jpg', 'b.png']
>>> _ = (d / "list.txt").write_text("b.png\\n# a comment\\n\\na.jpg\\n")
>>> [p.name for p in collect_inputs(str(d / "list.txt"))]
['b.png', 'a.jpg']
"""

from __future__ import annotations

import glob
import hashlib
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import DocextractError, InputError
from .jsonl import ResultsFile

__all__ = ["run_batch", "collect_inputs", "open_results", "DOC_SUFFIXES", "RETRIABLE_CODES"]

DOC_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp", ".gif", ".pdf"})
#: error codes worth another try on a rerun (the input itself was not at fault)
RETRIABLE_CODES = frozenset({"engine_timeout", "engine_unavailable", "engine_error", "busy", "shutting_down",
                             "http_error", "connection_error", "internal_error", "file_not_found"})


def collect_inputs(spec: str | os.PathLike) -> list[Path]:
    """The documents named by a folder, a glob, a list file or a single document path."""
    text = os.fspath(spec)
    path = Path(text)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOC_SUFFIXES)
    if path.is_file():
        if path.suffix.lower() in DOC_SUFFIXES:
            return [path]
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            raise InputError(f"{text}: neither a document nor a UTF-8 list of paths") from None
        out = []
        for line in lines:
            line = line.strip()
            if line and not line.startswith("#"):
                p = Path(line).expanduser()
                out.append(p if p.is_absolute() else path.parent / p)
        return out
    if glob.has_magic(text):
        return sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
    raise InputError(f"{text}: no such folder, file or glob")


def _hash(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def _error_record(exc: BaseException) -> dict:
    if isinstance(exc, DocextractError):
        err = exc.to_dict()
    else:
        err = {"code": "internal_error", "message": f"{type(exc).__name__}: {exc}"}
    return {"status": "error", "error": err, "retriable": err["code"] in RETRIABLE_CODES}


class _Progress:
    """tqdm on a terminal, one plain line per input otherwise."""

    def __init__(self, total: int, enabled: bool | None) -> None:
        self.total, self.n = total, 0
        self.bar = None
        tty = sys.stderr.isatty() if enabled is None else enabled
        if tty:
            try:
                from tqdm import tqdm

                self.bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True)
            except ImportError:  # pragma: no cover - tqdm is optional
                self.bar = None

    def update(self, record: dict) -> None:
        self.n += 1
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix_str(record["status"], refresh=False)
        else:
            reason = f" ({record['error']['code']})" if record["status"] == "error" else ""
            print(f"[{self.n}/{self.total}] {record['status']}{reason} {record['input']}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_batch(input: str | os.PathLike, schema: str = "cn_id_card", out: str | os.PathLike = "results.jsonl",
              engine: str | None = None, endpoint: str | None = None, concurrency: int = 4, *,
              options=None, retry_errors: bool = False, progress: bool | None = None, token: str | None = None,
              request_timeout: float = 600.0, max_retries: int = 8) -> int:
    """Process every input of ``input`` into ``out``; 0 when every input has a result, 4 when some failed."""
    from ..options import ExtractOptions
    from ..schema import load_schema

    if concurrency < 1:
        raise InputError(f"concurrency must be at least 1, not {concurrency}")
    if endpoint and engine:
        raise InputError("give either --engine (run here) or --endpoint (send to a server), not both")
    schema_obj = load_schema(schema)
    inputs = collect_inputs(input)
    if not inputs:
        raise InputError(f"{input}: no documents found (looked for {', '.join(sorted(DOC_SUFFIXES))})")
    opts = ExtractOptions.build(options, engine=engine)
    t0 = time.perf_counter()
    counts = {"ok": 0, "error": 0, "skipped": 0, "duplicate": 0}
    with open_results(out, schema_obj.name, retry_errors) as results:
        bar = _Progress(len(inputs), progress)
        if endpoint:
            from .client import Client

            worker = Client(endpoint, token=token or os.environ.get("DOCEXTRACT_API_TOKEN"), timeout=request_timeout,
                            max_retries=max_retries).extract_file
            process = _remote(worker, schema_obj.name, concurrency)
        else:
            process = _local(schema_obj, opts, concurrency)
        try:
            for record in process(_pending(inputs, results, schema_obj.name, counts, bar)):
                results.append(record)
                counts[record["status"]] += 1
                bar.update(record)
        finally:
            bar.close()
        failed = sum(1 for r in results.done.values() if r.get("status") == "error")
    _summary(counts, len(inputs), failed, time.perf_counter() - t0, out)
    return 4 if failed else 0


@contextmanager
def open_results(out: str | os.PathLike, schema_name: str, retry_errors: bool = False) -> Iterator[ResultsFile]:
    """The results file, locked, without the records a rerun redoes (errors that may pass, or all errors
    with ``retry_errors``); refuses a file that holds another schema's results."""
    redo = (lambda r: r.get("status") == "error") if retry_errors else (lambda r: bool(r.get("retriable")))
    with ResultsFile(out, redo=redo) as results:
        other = {r.get("schema") for r in results.done.values()} - {None, schema_name}
        if other:
            raise InputError(f"{out}: holds results for schema {', '.join(sorted(other))}, not {schema_name}; "
                             "write to another --out file")
        yield results


def _pending(inputs: list[Path], results: ResultsFile, schema_name: str, counts: dict, bar: _Progress):
    """Inputs still to do, as partial records; writes duplicate records and skips done ones."""
    first_path: dict[str, str] = {}
    for path in inputs:
        digest = _hash(path)
        key = digest or f"missing:{path}"
        base = {"key": key, "input": str(path), "sha256": digest, "schema": schema_name}
        earlier = first_path.get(key)
        if earlier is None and key in results.done and results.done[key].get("input") != str(path):
            earlier = results.done[key].get("input")
        if earlier is not None:  # the same content as another input: one line saying so
            _duplicate(results, base, earlier, counts, bar)
            continue
        if key in results.done:
            _skip(counts, bar)
            continue
        first_path[key] = str(path)
        if digest is None:
            err = InputError(f"{path}: file not found or unreadable")
            err.code = "file_not_found"
            yield {**base, **_error_record(err), "_error": True}
            continue
        yield base


def _duplicate(results: ResultsFile, base: dict, same_as: str, counts: dict, bar: _Progress) -> None:
    """One ``duplicate`` line (key ``sha256:input``) for an input with the content of ``same_as``."""
    record = {**base, "key": f"{base['key']}:{base['input']}", "status": "duplicate", "same_as": same_as}
    if record["key"] in results.done:
        _skip(counts, bar)
    else:
        results.append(record)
        counts["duplicate"] += 1
        bar.update(record)


def _skip(counts: dict, bar: _Progress) -> None:
    counts["skipped"] += 1
    bar.n += 1
    if bar.bar is not None:
        bar.bar.update(1)


def _local(schema_obj, opts, concurrency: int):
    """In-process: ``concurrency`` documents per engine call, one line each as soon as the call ends."""
    from ..api import extract, extract_many

    def run(items):
        chunk: list[dict] = []
        for item in items:
            if item.pop("_error", False):
                yield item
                continue
            chunk.append(item)
            if len(chunk) >= concurrency:
                yield from _run_chunk(chunk)
                chunk = []
        if chunk:
            yield from _run_chunk(chunk)

    def _run_chunk(chunk: list[dict]):
        t0 = time.perf_counter()
        try:
            outs = extract_many([c["input"] for c in chunk], schema=schema_obj, options=opts,
                                batch_size=len(chunk), return_exceptions=True)
        except Exception:  # noqa: BLE001 - isolate the document that fails the whole call
            outs = []
            for c in chunk:
                try:
                    outs.append(extract(c["input"], schema=schema_obj, options=opts))
                except Exception as exc:  # noqa: BLE001 - per-document isolation: the error is that document's record
                    outs.append(exc)
        seconds = round((time.perf_counter() - t0) / len(chunk), 4)
        for c, res in zip(chunk, outs):
            if isinstance(res, BaseException):
                yield {**c, **_error_record(res), "seconds": seconds}
            else:
                yield {**c, "status": "ok", "result": res.to_dict(), "seconds": seconds}

    return run


def _remote(worker, schema_name: str, concurrency: int):
    """``concurrency`` requests at once; records come back in completion order."""

    def call(item: dict) -> dict:
        t0 = time.perf_counter()
        try:
            result = worker(item["input"], schema_name)
            return {**item, "status": "ok", "result": result, "seconds": round(time.perf_counter() - t0, 4)}
        except Exception as exc:  # noqa: BLE001 - a record, never a stopped run
            return {**item, **_error_record(exc), "seconds": round(time.perf_counter() - t0, 4)}

    def run(items):
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="docextract-batch") as pool:
            running: set = set()
            for item in items:
                if item.pop("_error", False):
                    yield item
                    continue
                running.add(pool.submit(call, item))
                if len(running) >= concurrency:
                    finished, running = wait(running, return_when=FIRST_COMPLETED)
                    for f in finished:
                        yield f.result()
            for f in list(running):
                yield f.result()

    return run


def _summary(counts: dict, total: int, failed: int, seconds: float, out: Any) -> None:
    done_now = counts["ok"] + counts["error"]
    rate = f", {done_now / seconds:.2f} docs/s" if done_now and seconds > 0 else ""
    print(f"{total} inputs: {counts['ok']} ok, {counts['error']} failed, {counts['skipped']} already done, "
          f"{counts['duplicate']} duplicate content; {seconds:.1f} s{rate}. Results: {out}"
          + (f". {failed} inputs have an error record (the next run redoes those whose error may pass)"
             if failed else ""),
          file=sys.stderr, flush=True)
