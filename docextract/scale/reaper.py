"""Workers left behind: Ray Data does not stop an actor that Ray is still restarting as its dataset ends.

Such an actor (its batch ran out of retries) comes back after the pool is gone and keeps its CPU or
GPU, so the next pass over the same cluster could wait for it forever. Every
:class:`~docextract.scale.worker.DocumentWorker` therefore registers its handle with a small named
actor of the run, and the driver kills whatever registered once a pass is over.

>>> w = Workers()
>>> w.add("handle"); w.take(), w.take()
(['handle'], [])
"""

from __future__ import annotations

import uuid

__all__ = ["Workers", "start", "register", "reap"]


class Workers:
    """The handles of a run's workers (a Ray actor with no resources)."""

    def __init__(self) -> None:
        self.handles: list = []

    def add(self, handle) -> None:
        self.handles.append(handle)

    def take(self) -> list:
        out, self.handles = self.handles, []
        return out


def start(ray):
    """(name, handle) of a new registry for one run."""
    name = f"docextract-workers-{uuid.uuid4().hex[:12]}"
    return name, ray.remote(num_cpus=0)(Workers).options(name=name).remote()


def register(name: str) -> None:
    """Called by a worker as it starts (again): its handle goes to the registry ``name``."""
    import ray

    try:
        ray.get_actor(name).add.remote(ray.get_runtime_context().current_actor)
    except Exception:  # noqa: BLE001 - bookkeeping must never stop a worker
        pass


def reap(ray, registry) -> None:
    """Kill every worker registered so far (already dead ones are skipped by Ray)."""
    for handle in ray.get(registry.take.remote()):
        try:
            ray.kill(handle, no_restart=True)
        except Exception:  # noqa: BLE001 - gone already
            pass
