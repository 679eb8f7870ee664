"""``docextract batch --ray``: the job of ``docextract batch`` on a Ray cluster, with Ray Data.

The driver lists the inputs and owns the results file (:class:`~docextract.server.jsonl.ResultsFile`,
the one ``docextract batch`` writes); a pool of :class:`~docextract.scale.worker.DocumentWorker`
actors, each holding one engine, reads, hashes and extracts the documents (``map_batches``). Every
record the driver receives is appended and fsynced at once; a record whose key is already in the
file (a batch Ray retried after its worker was killed) is dropped, so each input has exactly one
line. A killed driver loses only what was in flight: the rerun skips what is done, by content hash.

Engines and resources: ``rapidocr`` one CPU per actor, one document at a time; ``hunyuan`` one GPU
per actor (``gpus_per_actor=0.5`` puts two on a card) and ``batch_size`` pages per model call;
``vllm`` a fraction of a CPU per actor and ``threads`` requests in flight each. ``auto`` picks
hunyuan when the cluster has GPUs, vllm with a server URL, else rapidocr.

>>> plan_for("rapidocr", {"CPU": 6.0})
Plan(engine='rapidocr', actors=6, batch_size=4, threads=1, chunk=1, num_cpus=1.0, num_gpus=0.0)
>>> plan_for("hunyuan", {"CPU": 32.0, "GPU": 4.0}, gpus_per_actor=0.5).actors
8
>>> plan_for("vllm", {"CPU": 2.0}).threads
16
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import time
from functools import partial
from typing import Any, NamedTuple

from docextract.errors import EngineError, EngineUnavailable, InputError
from docextract.scale import reaper
from docextract.scale.inputs import DEFAULT_MAX_BYTES, list_inputs, read_document
from docextract.scale.worker import SKIPPED, DocumentWorker
from docextract.server.batch import _duplicate, _error_record, _Progress, _skip, _summary, open_results
from docextract.server.jsonl import ResultsFile, read_results

__all__ = ["extract_dataset", "plan_for", "Plan", "RayUnavailable", "RayJobFailed"]

#: bounds on what one call may ask for (backpressure: Ray Data keeps a few batches per actor in flight)
MAX_BATCH_SIZE = 1024
MAX_THREADS = 256
#: a batch whose worker process dies is retried this many times (default); then its documents go one by one
WORKER_RETRIES = 2


class RayUnavailable(EngineUnavailable):
    """Ray is not installed, or the cluster cannot be reached."""

    message = "Ray is not installed; install it with: pip install 'docextract[ray]'"
    code = "ray_unavailable"


class RayJobFailed(EngineError):
    """The Ray job stopped; the records written so far are kept and a rerun resumes."""

    message = "the Ray job failed"
    code = "ray_job_failed"


class Plan(NamedTuple):
    engine: str
    actors: int
    batch_size: int
    threads: int
    chunk: int
    num_cpus: float
    num_gpus: float


def plan_for(engine: str, resources: dict, *, actors: int | None = None, batch_size: int | None = None,
             threads: int | None = None, gpus_per_actor: float | None = None) -> Plan:
    """Actors, batch size, threads and resources per actor for ``engine`` on a cluster with ``resources``."""
    cpus, gpus = float(resources.get("CPU", 1)), float(resources.get("GPU", 0))
    if engine == "hunyuan":
        per = gpus_per_actor or 1.0
        if gpus < per:
            raise EngineUnavailable(f"engine 'hunyuan' needs {per:g} GPU per actor; the Ray cluster has {gpus:g} GPUs")
        size = batch_size or 8
        return Plan(engine, actors or max(1, int(gpus / per)), size, threads or 1, size, 1.0, per)
    if engine == "vllm":
        return Plan(engine, actors or 2, batch_size or 64, threads or 16, 1, 0.5, 0.0)
    return Plan(engine, actors or max(1, int(cpus)), batch_size or 4, threads or 1, 1, 1.0, 0.0)


def _import_ray():
    try:
        import ray
        import ray.data  # noqa: F401 - the [data] extra
    except ImportError as exc:
        raise RayUnavailable(f"Ray Data is not installed ({exc.name or exc}); "
                             "install it with: pip install 'docextract[ray]'") from None
    return ray


def _connect(ray, address: str | None) -> bool:
    """Join (or start) a cluster; True when this call started Ray here and should shut it down."""
    if ray.is_initialized():
        return False
    kwargs: dict[str, Any] = {"logging_level": "WARNING", "log_to_driver": True}
    if address in (None, "", "local"):
        kwargs["include_dashboard"] = False
        address = None if address is None else "local"
    try:
        ray.init(address=address, **kwargs)
    except Exception as exc:  # noqa: BLE001 - ConnectionError, bad address
        raise RayUnavailable(f"cannot reach the Ray cluster at {address or 'the default address'}: {exc}") from None
    return True


def extract_dataset(input: str | os.PathLike, schema: str = "cn_id_card", out: str | os.PathLike = "results.jsonl",
                    *, engine: str | None = None, address: str | None = None, options=None, actors: int | None = None,
                    batch_size: int | None = None, threads: int | None = None, gpus_per_actor: float | None = None,
                    doc_timeout: float = 300.0, max_bytes: int = DEFAULT_MAX_BYTES, parquet: str | None = None,
                    retry_errors: bool = False, worker_retries: int = WORKER_RETRIES,
                    progress: bool | None = None) -> int:
    """Process every input of ``input`` into ``out`` on Ray; 0 when all have a result, 4 when some failed.

    ``address``: ``None`` (``$RAY_ADDRESS``, a running local cluster, or a new one), ``"local"`` (a new
    one here), ``"auto"``, ``"host:6379"`` or ``"ray://host:10001"``. ``parquet``: also write the
    results there as Parquet (a path or URI) at the end. A batch whose worker process dies is run again
    ``worker_retries`` times, then its documents one by one; one that still kills its worker gets a
    ``worker_crashed`` error record.
    """
    from docextract.options import ExtractOptions
    from docextract.schema import load_schema

    _check_limits(actors, batch_size, threads, gpus_per_actor, doc_timeout, max_bytes)
    if not 0 <= worker_retries <= 100:
        raise InputError(f"worker_retries must be between 0 and 100, not {worker_retries}", field="worker_retries")
    schema_obj = load_schema(schema)
    inputs = list_inputs(input)
    if not inputs:
        raise InputError(f"{input}: no documents found")
    opts = ExtractOptions.build(options, engine=engine)
    ray = _import_ray()
    started = _connect(ray, address)
    try:
        plan = plan_for(_cluster_engine(opts), ray.cluster_resources(), actors=actors, batch_size=batch_size,
                        threads=threads, gpus_per_actor=gpus_per_actor)
        opts = ExtractOptions.build(opts, engine=plan.engine)
        return _run(ray, inputs, schema_obj, opts, plan, out, doc_timeout=doc_timeout, max_bytes=max_bytes,
                    parquet=parquet, retry_errors=retry_errors, retries=worker_retries, progress=progress)
    finally:
        if started:
            ray.shutdown()


def _check_limits(actors, batch_size, threads, gpus_per_actor, doc_timeout, max_bytes) -> None:
    for name, value, top in (("actors", actors, 100_000), ("batch_size", batch_size, MAX_BATCH_SIZE),
                             ("threads", threads, MAX_THREADS)):
        if value is not None and not 1 <= value <= top:
            raise InputError(f"{name} must be between 1 and {top}, not {value}", field=name)
    if gpus_per_actor is not None and not 0 < gpus_per_actor <= 8:
        raise InputError(f"gpus_per_actor must be above 0 and at most 8, not {gpus_per_actor}", field="gpus_per_actor")
    if not doc_timeout > 0:
        raise InputError(f"doc_timeout must be above 0 seconds, not {doc_timeout}", field="doc_timeout")
    if max_bytes < 1:
        raise InputError(f"max_bytes must be at least 1, not {max_bytes}", field="max_bytes")


def _cluster_engine(opts) -> str:
    """``auto`` decided for the cluster (its GPUs), not for the driver's machine."""
    if opts.engine != "auto":
        return opts.engine
    import ray

    if opts.base_url or os.environ.get("DOCEXTRACT_VLLM_URL"):
        return "vllm"
    return "hunyuan" if ray.cluster_resources().get("GPU", 0) >= 1 else "rapidocr"


def _run(ray, inputs: list[str], schema_obj, opts, plan: Plan, out, *, doc_timeout: float, max_bytes: int,
         parquet: str | None, retry_errors: bool, retries: int, progress: bool | None) -> int:
    t0 = time.perf_counter()
    counts = {"ok": 0, "error": 0, "skipped": 0, "duplicate": 0}
    with open_results(out, schema_obj.name, retry_errors) as results:
        registry = reaper.start(ray)
        worker_args = {"schema": schema_obj, "options": opts, "threads": plan.threads, "chunk": plan.chunk,
                       "doc_timeout": doc_timeout, "max_bytes": max_bytes, "done": ray.put(frozenset(results.done)),
                       "registry": registry}
        bar = _Progress(len(inputs), progress)
        seen: dict[str, str] = {}  # input -> key, as lines come back
        try:
            take = partial(_take, results=results, seen=seen, counts=counts, bar=bar)
            _pass(ray, inputs, plan, plan.batch_size, retries, worker_args, take)
            missing = [s for s in inputs if s not in seen]
            if missing:  # their batch's worker died retries + 1 times: one document per batch now
                _pass(ray, missing, plan, 1, retries, worker_args, take)
            for spec in (s for s in inputs if s not in seen):  # this document kills its worker
                take(_crashed(spec, schema_obj.name, max_bytes, retries + 1))
        except Exception as exc:  # noqa: BLE001 - translated once, here
            raise RayJobFailed(f"the Ray job stopped after {len(seen)} of {len(inputs)} inputs "
                               f"({type(exc).__name__}: {str(exc)[:500]}); the records written are kept in {out}; "
                               "run the same command again to resume") from exc
        finally:
            bar.close()
            ray.kill(registry[1])
        failed = sum(1 for r in results.done.values() if r.get("status") == "error")
    if parquet:
        write_parquet(out, parquet)
    _summary(counts, len(inputs), failed, time.perf_counter() - t0, out)
    return 4 if failed else 0


def _pass(ray, specs: list[str], plan: Plan, batch_size: int, retries: int, worker_args: dict, take) -> None:
    """One Ray Data run of ``specs`` through the actor pool; ``take`` gets each record as it arrives.

    A batch whose worker dies is retried ``retries`` times on a restarted worker, then left
    out (``max_errored_blocks``): its inputs come back without a record and the caller goes on.
    With ``batch_size`` 1 an actor holds one document at a time, so a crash takes only its own.
    """
    ctx = ray.data.DataContext.get_current()
    saved = ctx.enable_progress_bars, ctx.max_errored_blocks
    ctx.enable_progress_bars, ctx.max_errored_blocks = False, -1
    try:
        blocks = min(len(specs), max(1, math.ceil(len(specs) / batch_size)), 10_000)
        ds = ray.data.from_items([{"input": s} for s in specs], override_num_blocks=blocks)
        ds = ds.map_batches(
            DocumentWorker, batch_size=batch_size, num_cpus=plan.num_cpus, num_gpus=plan.num_gpus or None,
            compute=ray.data.ActorPoolStrategy(min_size=1, max_size=plan.actors,
                                               max_tasks_in_flight_per_actor=1 if batch_size == 1 else 2),
            batch_format="numpy", fn_constructor_kwargs=worker_args, max_task_retries=retries,
            **({"runtime_env": {"env_vars": env}} if (env := _docextract_env()) else {}))
        for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
            for raw in batch["record"]:
                take(json.loads(raw))
    finally:
        ctx.enable_progress_bars, ctx.max_errored_blocks = saved
        reaper.reap(ray, worker_args["registry"][1])


def _docextract_env() -> dict[str, str]:
    """The driver's ``DOCEXTRACT_*`` settings (model folder, vLLM URL, ...), passed on to every actor."""
    return {k: v for k, v in os.environ.items() if k.startswith("DOCEXTRACT_")}


def _crashed(spec: str, schema_name: str, max_bytes: int, tries: int) -> dict:
    """The error record of an input whose worker died every time it had it (a crash, out of memory)."""
    try:
        digest = hashlib.sha256(read_document(spec, max_bytes)).hexdigest()
    except InputError:
        digest = None
    err = EngineError(f"{spec}: its worker failed {tries} times with this document alone in its batch "
                      "(a crash inside the engine, out of memory, or an error in the worker; see the Ray logs)")
    err.code = "worker_crashed"
    return {"key": digest or f"missing:{spec}", "input": spec, "sha256": digest, "schema": schema_name,
            **_error_record(err), "seconds": 0.0}


def _take(record: dict, results: ResultsFile, seen: dict, counts: dict, bar: _Progress) -> None:
    """Write one record from a worker, unless it is done already; same-content inputs get a duplicate line."""
    path, key = record["input"], record["key"]
    if path in seen:  # a batch Ray ran again after its worker died: already written
        return
    seen[path] = key
    earlier = results.done.get(key)
    if earlier is not None and earlier.get("input") != path and not key.startswith(("missing:", "unread:")):
        _duplicate(results, {k: record[k] for k in ("key", "input", "sha256", "schema")}, earlier.get("input"),
                   counts, bar)
        return
    if earlier is not None or record["status"] == SKIPPED:
        _skip(counts, bar)
        return
    results.append(record)
    counts[record["status"]] += 1
    bar.update(record)


def write_parquet(results_path: str | os.PathLike, target: str) -> None:
    """The records of a results file as a Parquet table (``result`` and ``error`` as JSON text)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = []
    for r in read_results(results_path):
        rows.append({"key": r.get("key"), "input": r.get("input"), "sha256": r.get("sha256"),
                     "schema": r.get("schema"), "status": r.get("status"), "retriable": r.get("retriable"),
                     "seconds": r.get("seconds"), "same_as": r.get("same_as"),
                     "error_code": (r.get("error") or {}).get("code"),
                     "error": json.dumps(r["error"], ensure_ascii=False) if "error" in r else None,
                     "result": json.dumps(r["result"], ensure_ascii=False, default=str) if "result" in r else None})
    schema = pa.schema([("key", pa.string()), ("input", pa.string()), ("sha256", pa.string()),
                        ("schema", pa.string()), ("status", pa.string()), ("retriable", pa.bool_()),
                        ("seconds", pa.float64()), ("same_as", pa.string()), ("error_code", pa.string()),
                        ("error", pa.string()), ("result", pa.string())])
    try:
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), target)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"{target}: cannot write the Parquet file ({exc})") from None
