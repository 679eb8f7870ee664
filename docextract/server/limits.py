"""Admission control: a bounded number of engine calls at once, a bounded queue, a deadline, draining.

Engine work runs in a thread pool with one thread per slot, so the event loop never blocks. A
slot is released when the *thread* finishes, not when the request gives up: a request that hits
its deadline gets a 504 while the engine call still holds its slot until it returns, so the
server never runs more engine calls than ``max_active``.

>>> import asyncio, time
>>> async def demo():
...     lim = Limiter(max_active=1, max_queue=0, queue_timeout=1)
...     first = asyncio.create_task(lim.run(lambda: time.sleep(0.2) or "done", timeout=5))
...     await asyncio.sleep(0.05)
...     try:
...         await lim.run(lambda: "second", timeout=5)
...     except Busy as exc:
...         busy = exc.retry_after
...     return await first, busy
>>> asyncio.run(demo())
('done', 1)
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Callable
from typing import Any

from ..errors import EngineTimeout
from .errors import Busy, Draining

__all__ = ["Limiter", "Busy", "Draining"]


class Limiter:
    """``max_active`` engine calls at once; up to ``max_queue`` more wait ≤ ``queue_timeout`` s.

    Admission is exact under bursts: a request is counted (``admitted``) synchronously, before the
    first ``await``, so no more than ``max_active + max_queue`` requests are ever inside at once.
    """

    def __init__(self, max_active: int, max_queue: int = 0, queue_timeout: float = 30.0) -> None:
        self.max_active = max_active
        self.max_queue = max_queue
        self.queue_timeout = queue_timeout
        self.active = 0
        #: requests inside: running or waiting for a slot (counted before any await)
        self.admitted = 0
        #: set by ``/pre-stop``: the gate refuses requests that arrive after it (503 ``shutting_down``); work
        #: that arrived before (still sending its body, say) is in flight and is run, not refused here
        self.draining = False
        self._sem: asyncio.Semaphore | None = None
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=max_active,
                                                          thread_name_prefix="docextract-engine")

    def _semaphore(self) -> asyncio.Semaphore:
        if self._sem is None:  # created inside the running loop
            self._sem = asyncio.Semaphore(self.max_active)
        return self._sem

    @property
    def waiting(self) -> int:
        """Requests admitted beyond the slots: those that wait for one."""
        return max(0, self.admitted - self.max_active)

    def _retry_after(self) -> int:
        return max(1, min(30, 1 + self.waiting // max(1, self.max_active)))

    async def acquire(self, wait: bool = False) -> None:
        """Take a slot; without ``wait`` a full queue answers :class:`Busy` at once.

        ``wait`` (the events of one ``/invoke`` array, which run one after another) waits for a slot
        even when the queue is full, up to ``queue_timeout``.
        """
        sem = self._semaphore()
        if not wait and self.admitted >= self.max_active + self.max_queue:
            raise Busy(f"all {self.max_active} engine slots are busy and {self.waiting} requests are waiting; "
                       "retry later", retry_after=self._retry_after())
        self.admitted += 1  # synchronously, before any await: the next request sees it
        try:
            await asyncio.wait_for(sem.acquire(), self.queue_timeout)
        except BaseException as exc:  # noqa: BLE001 - undo the count, then re-raise (cancellation too)
            self.admitted -= 1
            if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
                raise Busy(f"no engine slot became free within {self.queue_timeout:g} s; retry later",
                           retry_after=self._retry_after()) from None
            raise
        self.active += 1

    def _release(self, _future: Any = None) -> None:
        self.active -= 1
        self.admitted -= 1
        self._semaphore().release()

    async def run(self, fn: Callable[[], Any], timeout: float, wait: bool = False) -> Any:
        """Run ``fn()`` in a worker thread once a slot is free; :class:`EngineTimeout` after ``timeout`` s."""
        await self.acquire(wait)
        loop = asyncio.get_running_loop()
        try:
            future = loop.run_in_executor(self._pool, fn)
        except BaseException:  # noqa: BLE001 - release the slot, then re-raise
            self._release()
            raise
        future.add_done_callback(self._release)
        future.add_done_callback(_consume)
        t0 = time.perf_counter()
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        except (asyncio.TimeoutError, TimeoutError):
            raise EngineTimeout(f"the engine did not answer within {timeout:g} s "
                                f"(waited {time.perf_counter() - t0:.1f} s)") from None

    async def idle(self, timeout: float) -> bool:
        """Wait until no engine call runs (at most ``timeout`` s); True if idle."""
        deadline = time.monotonic() + timeout
        while self.admitted:
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(0.05)
        return True

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _consume(future: asyncio.Future) -> None:
    """Retrieve the exception of a call nobody waits for any more (avoids 'never retrieved' noise)."""
    if not future.cancelled():
        future.exception()
