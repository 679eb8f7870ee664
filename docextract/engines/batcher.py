"""Gather concurrent ``run`` calls into one ``run_batch``: GPU batching for an in-process engine.

The HTTP server runs each request's engine work in its own thread; on one GPU those calls would
otherwise take turns through ``generate``. A :class:`Batcher` queues them; one worker thread takes
the first waiting request, waits at most ``max_wait`` seconds for more (up to ``max_batch``), and runs
them as one batch. While a batch runs, new requests queue up and form the next one, so under load
batches fill without anyone waiting longer than ``max_wait`` for company. A batch that fails is
retried one by one, so one bad request fails alone. Outputs equal one-by-one outputs (the engine's
batched greedy decoding is exact); each output records ``extra["batch_size"]``.

>>> calls = []
>>> def run_batch(items):
...     calls.append(len(items))
...     return [x.upper() for x in items]
>>> b = Batcher(run_batch, max_batch=4, max_wait=0.2)
>>> import concurrent.futures
>>> with concurrent.futures.ThreadPoolExecutor(4) as pool:
...     sorted(pool.map(b.submit, ["a", "b", "c", "d"]))
['A', 'B', 'C', 'D']
>>> calls
[4]
>>> b.close()
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import Future
from typing import Any, Callable

__all__ = ["Batcher"]


class Batcher:
    """A queue and one worker thread in front of ``run_batch(list) -> list``."""

    def __init__(self, run_batch: Callable[[list], list], *, max_batch: int = 8, max_wait: float = 0.005,
                 name: str = "batcher") -> None:
        if max_batch < 1 or max_wait < 0:
            raise ValueError("max_batch must be at least 1 and max_wait 0 or more")
        self.run_batch, self.max_batch, self.max_wait, self.name = run_batch, max_batch, max_wait, name
        self._queue: queue.Queue = queue.Queue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False
        self.batches = 0

    def submit(self, item: Any, timeout: float | None = None) -> Any:
        """Run ``item`` in the next batch and return its output (or raise its error)."""
        return self.submit_many([item], timeout)[0]

    def submit_many(self, items: list, timeout: float | None = None) -> list:
        """Queue every item at once (they join batches with other callers'); outputs in order."""
        if self._closed:
            raise RuntimeError(f"{self.name} is closed")
        self._start()
        futures = [Future() for _ in items]
        for item, future in zip(items, futures):
            self._queue.put((item, future))
        return [f.result(timeout) for f in futures]

    def close(self) -> None:
        """Stop the worker once the queue is empty (later submits raise)."""
        self._closed = True
        self._queue.put(None)

    def _start(self) -> None:
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._loop, name=self.name, daemon=True)
                self._worker.start()

    def _gather(self, first) -> tuple[list, bool]:
        batch, deadline = [first], time.monotonic() + self.max_wait
        while len(batch) < self.max_batch:
            left = deadline - time.monotonic()
            try:
                entry = self._queue.get(timeout=left) if left > 0 else self._queue.get_nowait()
            except queue.Empty:
                break
            if entry is None:
                return batch, True
            batch.append(entry)
        return batch, False

    def _loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch, stop = self._gather(first)
            self._run([e for e in batch if e[1].set_running_or_notify_cancel()])
            if stop:
                return

    def _run(self, batch: list) -> None:
        if not batch:
            return
        self.batches += 1
        try:
            outputs = self.run_batch([item for item, _ in batch])
        except BaseException as exc:  # noqa: BLE001 - handed to the callers
            if len(batch) == 1:
                batch[0][1].set_exception(exc)
                return
            for entry in batch:  # one bad request must not fail the others
                self._run([entry])
            return
        for (_, future), out in zip(batch, outputs):
            future.set_result(out)
