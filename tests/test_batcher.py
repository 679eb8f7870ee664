"""Concurrent ``run`` calls gathered into one batched ``generate`` (the transformers engine on a GPU).

The real engine with the tiny random HunYuanVL on the CPU: concurrent callers released at once are
answered from one batch, and each answer equals the one-by-one answer. The batcher's bounds (batch
size, wait) and its isolation of a failing request are checked on the batcher itself.
"""

from __future__ import annotations

import concurrent.futures
import threading
import time

import numpy as np
import pytest
from PIL import Image

from docextract.engines.batcher import Batcher
from docextract.errors import InputError
from docextract.types import EngineRequest

pytest.importorskip("transformers")

from tiny_hunyuan import build_tiny_hunyuan  # noqa: E402

from docextract.engines.hunyuan import HunyuanEngine  # noqa: E402


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory):
    return build_tiny_hunyuan(tmp_path_factory.mktemp("tiny_batcher"))


def noise(width: int, height: int, seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 255, (height, width, 3), dtype=np.uint8))


def concurrently(fn, items: list) -> list:
    barrier = threading.Barrier(len(items))

    def call(item):
        barrier.wait()
        return fn(item)

    with concurrent.futures.ThreadPoolExecutor(len(items)) as pool:
        return list(pool.map(call, items))


def test_concurrent_runs_share_one_generate_and_equal_one_by_one(tiny_dir):
    reqs = [EngineRequest(images=[noise(40 + 30 * i, 90, i)], prompt="提取图中的文字。", max_new_tokens=10)
            for i in range(4)]
    alone = HunyuanEngine(str(tiny_dir), device="cpu", gather=False)
    expected = [alone.run(r) for r in reqs]
    assert {o.extra["batch_size"] for o in expected} == {1}
    assert len({o.text for o in expected}) > 1  # the answers depend on the image
    engine = HunyuanEngine(str(tiny_dir), device="cpu", batch_size=4, batch_wait_ms=500)
    got = concurrently(engine.run, reqs)
    assert [o.extra["batch_size"] for o in got] == [4, 4, 4, 4] and engine._batcher.batches == 1
    for one, batched in zip(expected, got):
        assert batched.text == one.text
        assert [t.logprob for t in batched.tokens] == pytest.approx([t.logprob for t in one.tokens], abs=1e-3)


def test_a_bad_request_fails_alone(tiny_dir):
    engine = HunyuanEngine(str(tiny_dir), device="cpu", batch_size=3, batch_wait_ms=500)
    good = EngineRequest(images=[noise(64, 64, 1)], prompt="提取图中的文字。", max_new_tokens=4)
    bad = EngineRequest(images=[noise(64, 64, 2)], prompt="  ", max_new_tokens=4)

    def run(req):
        try:
            return engine.run(req).text
        except InputError as exc:
            return exc

    results = concurrently(run, [good, bad, good])
    assert isinstance(results[1], InputError) and "prompt is empty" in str(results[1])
    assert isinstance(results[0], str) and results[0] == results[2]


def test_batches_are_bounded_in_size_and_wait():
    sizes: list[int] = []

    def run_batch(items):
        sizes.append(len(items))
        time.sleep(0.05)
        return [i * 10 for i in items]

    b = Batcher(run_batch, max_batch=3, max_wait=0.1)
    assert concurrently(b.submit, list(range(8))) == [i * 10 for i in range(8)]
    assert max(sizes) <= 3 and sum(sizes) == 8
    t0 = time.monotonic()
    assert b.submit(5) == 50  # alone: waits max_wait for company, no longer
    assert time.monotonic() - t0 < 0.1 + 0.05 + 0.5
    b.close()
    with pytest.raises(RuntimeError, match="closed"):
        b.submit(1)
    with pytest.raises(ValueError):
        Batcher(run_batch, max_batch=0)


def test_run_batch_callers_are_gathered_too(tiny_dir):
    # the pipeline's spotting pass calls run_batch: two server requests' calls share one generate
    engine = HunyuanEngine(str(tiny_dir), device="cpu", batch_size=4, batch_wait_ms=500)
    pairs = [[EngineRequest(images=[noise(50, 60 + 10 * j, 10 * i + j)], prompt="提取图中的文字。", max_new_tokens=6)
              for j in range(2)] for i in range(2)]
    got = concurrently(engine.run_batch, pairs)
    assert [[o.extra["batch_size"] for o in outs] for outs in got] == [[4, 4], [4, 4]]
    assert engine._batcher.batches == 1
    alone = HunyuanEngine(str(tiny_dir), device="cpu", gather=False)
    assert [[o.text for o in outs] for outs in got] == [[o.text for o in alone.run_batch(p)] for p in pairs]
