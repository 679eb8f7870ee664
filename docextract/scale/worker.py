"""The Ray Data actor: builds the engine once, turns a batch of inputs into one record each.

``DocumentWorker`` is a plain class (Ray is not imported here); ``map_batches`` makes it an actor.
Each input is read once (:func:`~docextract.scale.inputs.read_document`), hashed, skipped when its
hash is already done, and extracted; its record has the fields of ``docextract batch``
(``key``, ``input``, ``sha256``, ``schema``, ``status``, ``result`` or ``error`` + ``retriable``,
``seconds``). A document that fails — corrupt, huge, a crash inside the engine, past its timeout —
becomes its own error record; the rest of the batch goes on.

A document past its timeout keeps a thread busy until it ends; when ``threads`` such threads are
still alive the worker process exits at the start of its next batch, and Ray restarts it and
retries that batch (nothing was written for it yet).

>>> from docextract.options import ExtractOptions
>>> outputs = ['{"merchant": "A SHOP"}']
>>> w = DocumentWorker("receipt", ExtractOptions(engine="scripted", engine_options={"outputs": outputs}))
>>> import json, tempfile, os
>>> d = tempfile.mkdtemp()
>>> from PIL import Image
>>> Image.new("RGB", (64, 32), "white").save(os.path.join(d, "a.png"))
>>> _ = open(os.path.join(d, "bad.png"), "wb").write(b"junk")
>>> out = w({"input": [os.path.join(d, "a.png"), os.path.join(d, "bad.png"), os.path.join(d, "gone.png")]})
>>> sorted((os.path.basename(r["input"]), r["status"], r.get("error", {}).get("code"))
...        for r in map(json.loads, out["record"]))
[('a.png', 'ok', None), ('bad.png', 'error', 'bad_input'), ('gone.png', 'error', 'file_not_found')]
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import sys
import threading
import time
from typing import Any

from docextract.errors import EngineTimeout, InputError
from docextract.scale.inputs import DEFAULT_MAX_BYTES, read_document
from docextract.server.batch import _error_record

__all__ = ["DocumentWorker", "SKIPPED"]

#: status of a row for an input already done (the driver writes nothing, or a duplicate line)
SKIPPED = "skipped"


class DocumentWorker:
    """Callable for ``Dataset.map_batches``: ``{"input": [...]}`` in, ``{"record": [json, ...]}`` out.

    ``threads`` documents (or chunks) run at once — 1 for a CPU engine, many for a vLLM server;
    ``chunk`` documents go to the engine in one call (GPU batching); each document gets
    ``doc_timeout`` seconds. ``done`` is the set of finished keys (or a Ray ObjectRef to it).
    """

    def __init__(self, schema: Any, options: Any, *, threads: int = 1, chunk: int = 1,
                 doc_timeout: float = 300.0, max_bytes: int = DEFAULT_MAX_BYTES, done: Any = None,
                 registry: tuple | None = None) -> None:
        from docextract.engines import get_engine
        from docextract.schema import load_schema

        if registry is not None:  # (name, handle) of the run's registry: see docextract.scale.reaper
            from docextract.scale.reaper import register

            register(registry[0])
        self.schema = load_schema(schema)
        self.options = options
        self.threads, self.chunk = max(1, int(threads)), max(1, int(chunk))
        self.doc_timeout, self.max_bytes = float(doc_timeout), int(max_bytes)
        if done is not None and not isinstance(done, (set, frozenset, dict, list)):
            import ray  # an ObjectRef: fetched once per actor

            done = ray.get(done)
        self.done = frozenset(done or ())
        self._stuck: list[threading.Thread] = []
        self.engine, self.engine_error = None, None
        try:
            self.engine = get_engine(options.engine, options)  # once per actor
        except Exception as exc:  # noqa: BLE001 - every input gets the reason, as in docextract batch
            self.engine_error = exc

    def __call__(self, batch: dict) -> dict:
        alive = [t for t in self._stuck if t.is_alive()]
        if len(alive) >= self.threads:
            print(f"docextract: {len(alive)} document(s) past their timeout still hold this worker; restarting it",
                  file=sys.stderr, flush=True)
            os._exit(75)  # Ray restarts the actor and retries this batch on it
        self._stuck = alive
        records, todo = [], []
        for spec in batch["input"]:
            base, data = self._read(str(spec))
            if data is None:
                records.append(base)  # a finished record: skipped, missing, too large
            else:
                todo.append((base, data))
        chunks = [todo[i:i + self.chunk] for i in range(0, len(todo), self.chunk)]
        records.extend(self._run_all(chunks))
        return {"record": [json.dumps(r, ensure_ascii=False, default=str) for r in records]}

    def _read(self, spec: str) -> tuple[dict, bytes | None]:
        """Read and hash one input: (its record's first fields, its bytes) or (a finished record, None)."""
        name = self.schema.name
        try:
            data = read_document(spec, self.max_bytes)
        except InputError as exc:
            prefix = "missing" if exc.code == "file_not_found" else "unread"
            key = f"{prefix}:{spec}"
            base = {"key": key, "input": spec, "sha256": None, "schema": name}
            if key in self.done:
                return {**base, "status": SKIPPED}, None
            return {**base, **_error_record(exc), "seconds": 0.0}, None
        digest = hashlib.sha256(data).hexdigest()
        base = {"key": digest, "input": spec, "sha256": digest, "schema": name}
        if digest in self.done or f"{digest}:{spec}" in self.done:
            return {**base, "status": SKIPPED}, None
        return base, data

    def _run_all(self, chunks: list[list[tuple[dict, bytes]]]) -> list[dict]:
        """Run ``threads`` chunks at once, each within its time; a late chunk becomes timeout records."""
        out: list[dict] = []
        done_q: queue.Queue = queue.Queue()
        pending = list(enumerate(chunks))
        running: dict[int, tuple[threading.Thread, float, list]] = {}
        while pending or running:
            while pending and len(running) < self.threads:
                i, chunk = pending.pop(0)
                t = threading.Thread(target=self._work, args=(i, chunk, done_q), daemon=True,
                                     name=f"docextract-doc-{i}")
                t.start()
                running[i] = (t, time.monotonic() + self.doc_timeout * len(chunk), chunk)
            wait = max(0.0, min(d for _, d, _ in running.values()) - time.monotonic())
            try:
                i, records = done_q.get(timeout=wait)
                if running.pop(i, None) is not None:
                    out.extend(records)
            except queue.Empty:
                now = time.monotonic()
                for i, (t, deadline, chunk) in list(running.items()):
                    if deadline <= now:
                        del running[i]
                        self._stuck.append(t)
                        err = EngineTimeout(f"no result within {self.doc_timeout:g} s per document")
                        out.extend({**base, **_error_record(err), "seconds": round(self.doc_timeout, 4)}
                                   for base, _ in chunk)
        return out

    def _work(self, i: int, chunk: list[tuple[dict, bytes]], done_q: queue.Queue) -> None:
        try:
            records = self._extract(chunk)
        except BaseException as exc:  # noqa: BLE001 - never lose the chunk's records
            records = [{**base, **_error_record(exc), "seconds": 0.0} for base, _ in chunk]
        done_q.put((i, records))

    def _extract(self, chunk: list[tuple[dict, bytes]]) -> list[dict]:
        from docextract.api import extract, extract_many

        t0 = time.perf_counter()
        if self.engine_error is not None:
            outs: list = [self.engine_error] * len(chunk)
        elif len(chunk) == 1:
            outs = [_call(extract, chunk[0][1], schema=self.schema, engine=self.engine, options=self.options)]
        else:
            try:
                outs = extract_many([data for _, data in chunk], schema=self.schema, engine=self.engine,
                                    options=self.options, batch_size=len(chunk), return_exceptions=True)
            except Exception:  # noqa: BLE001 - isolate the document that fails the whole call
                outs = [_call(extract, data, schema=self.schema, engine=self.engine, options=self.options)
                        for _, data in chunk]
        seconds = round((time.perf_counter() - t0) / len(chunk), 4)
        records = []
        for (base, _), res in zip(chunk, outs):
            if isinstance(res, BaseException):
                err = _error_record(res)
                err["error"]["message"] = err["error"]["message"].replace("<bytes>", base["input"])
                records.append({**base, **err, "seconds": seconds})
            else:
                result = res.to_dict()
                result["source"] = base["input"]
                records.append({**base, "status": "ok", "result": result, "seconds": seconds})
        return records


def _call(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - the error is the document's record
        return exc
