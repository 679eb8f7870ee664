"""The transformers HunyuanOCR engine, driven for real with a tiny random HunYuanVL checkpoint (CPU).

The checkpoint is built offline once per session (tests/tiny_hunyuan.py). Random weights give
meaningless text, so these tests check the flow: the exact prompt tokens, batching, the pixel cap,
token log-probabilities, stopping, recorded revisions and the errors for missing weights.
"""

from __future__ import annotations

import json
import math
import shutil
import threading

import numpy as np
import pytest

pytest.importorskip("transformers")
torch = pytest.importorskip("torch")

from PIL import Image  # noqa: E402

from docextract.engines import get_engine  # noqa: E402
from docextract.engines.hunyuan import HunyuanEngine  # noqa: E402
from docextract.engines.hunyuan_weights import cuda_present  # noqa: E402
from docextract.errors import EngineUnavailable, InputError  # noqa: E402
from docextract.options import ExtractOptions  # noqa: E402
from docextract.types import EngineRequest  # noqa: E402

from tiny_hunyuan import BOS, LEGACY_TEMPLATE, USER, build_tiny_hunyuan, placeholder  # noqa: E402

COMMIT_1_0 = "f6af82ee007fe6091b29fb3bb287b491ead41c82"


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory):
    return build_tiny_hunyuan(tmp_path_factory.mktemp("tiny_hunyuan"))


@pytest.fixture(scope="module")
def engine(tiny_dir):
    return HunyuanEngine.from_options(ExtractOptions(model=str(tiny_dir)))


def noise(width: int, height: int, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 255, (height, width, 3), dtype=np.uint8))


def requests3(max_new_tokens: int = 12) -> list[EngineRequest]:
    sizes = [(200, 120), (60, 100), (90, 90)]
    prompts = ["提取图中的文字。", "Parse the table in the image into HTML.", "输出 Key 的值。"]
    return [EngineRequest(images=[noise(w, h, i)], prompt=p, max_new_tokens=max_new_tokens)
            for i, ((w, h), p) in enumerate(zip(sizes, prompts))]


def test_prompt_is_the_official_template_token_for_token(engine):
    image = noise(200, 120)
    inputs = engine.prepare([EngineRequest(images=[image], prompt="提取图中的文字。")])
    tok = engine.tokenizer
    n_image = engine.count_image_tokens(200, 120)
    expected = (tok.convert_tokens_to_ids([BOS, placeholder(3), placeholder(100)])
                + [tok.convert_tokens_to_ids(placeholder(102))] * n_image
                + [tok.convert_tokens_to_ids(placeholder(101))]
                + tok.encode("提取图中的文字。", add_special_tokens=False)
                + [tok.convert_tokens_to_ids(USER)])
    assert inputs["input_ids"][0].tolist() == expected
    # 200×120 is over the tiny checkpoint's 128² pixels → 160×96 → 6×10 patches → 3×(5+1) merged + 2
    assert inputs["image_grid_thw"].tolist() == [[1, 6, 10]]
    assert n_image == 3 * (5 + 1) + 2
    # two pages of one document: both images, in order, before the text
    two = engine.build_prompt("q", 2)
    assert two.count(placeholder(100)) == 2 and two.index(placeholder(101)) < two.index("q")


def test_older_snapshot_without_wrapped_template_or_token_names(tiny_dir, tmp_path, engine):
    legacy = tmp_path / "legacy"
    shutil.copytree(tiny_dir, legacy)
    (legacy / "chat_template.jinja").write_text(LEGACY_TEMPLATE, encoding="utf-8")
    cfg = json.loads((legacy / "tokenizer_config.json").read_text(encoding="utf-8"))
    for key in ("extra_special_tokens", "image_token", "image_start_token", "image_end_token"):
        cfg.pop(key, None)
    (legacy / "tokenizer_config.json").write_text(json.dumps(cfg, ensure_ascii=False), encoding="utf-8")
    old = HunyuanEngine(str(legacy))
    assert old.build_prompt("提取图中的文字。") == engine.build_prompt("提取图中的文字。")
    req = EngineRequest(images=[noise(90, 90)], prompt="提取图中的文字。", max_new_tokens=6)
    assert old.run(req).text == engine.run(req).text


def test_batch_of_different_sizes_equals_one_by_one(engine):
    reqs = requests3()
    batched = engine.run_batch(reqs)
    assert [o.extra["batch_size"] for o in batched] == [3, 3, 3]
    assert len({o.text for o in batched}) > 1  # the outputs depend on the input
    for req, out in zip(reqs, batched):
        single = engine.run(req)
        assert single.extra["batch_size"] == 1
        assert single.text == out.text
        assert [t.text for t in single.tokens] == [t.text for t in out.tokens]
        assert [t.logprob for t in single.tokens] == pytest.approx([t.logprob for t in out.tokens], abs=1e-3)


def test_batches_are_planned_by_size_and_budget(tiny_dir):
    eng = HunyuanEngine(str(tiny_dir), batch_size=2)
    reqs = requests3(6) + [EngineRequest(images=[noise(64, 64)], prompt="提取图中的文字。", max_new_tokens=4)]
    outs = eng.run_batch(reqs)
    assert [o.extra["generated_tokens"] for o in outs] == [6, 6, 6, 4]
    assert sorted(o.extra["batch_size"] for o in outs) == [1, 1, 2, 2]   # 3 with 6 tokens → 2+1; 1 with 4
    small_first = sorted(outs[:3], key=lambda o: o.extra["image_tokens"])
    assert small_first[0].extra["batch_size"] == 2 and small_first[-1].extra["batch_size"] == 1


def test_max_pixels_caps_the_visual_tokens(tiny_dir, engine):
    big = noise(400, 300)
    capped = HunyuanEngine.from_options(ExtractOptions(model=str(tiny_dir), max_pixels=48 * 48))
    assert engine.max_pixels == 128 * 128  # the checkpoint's own cap wins over the larger default option
    full_n, capped_n = engine.count_image_tokens(400, 300), capped.count_image_tokens(400, 300)
    assert capped_n < full_n
    image_id = engine.tokenizer.convert_tokens_to_ids(placeholder(102))
    for eng, n in ((engine, full_n), (capped, capped_n)):
        inputs = eng.prepare([EngineRequest(images=[big], prompt="x")])
        assert int((inputs["input_ids"] == image_id).sum()) == n
        _, gh, gw = inputs["image_grid_thw"][0].tolist()
        assert gh * gw * 16 * 16 <= eng.max_pixels
    out = capped.run(EngineRequest(images=[big], prompt="x", max_new_tokens=2))
    assert out.extra["image_tokens"] == capped_n


def test_tokens_and_logprobs_match_a_forward_pass(engine):
    req = requests3(10)[0]
    out = engine.run(req)
    assert out.extra["stopped_by"] == "max_new_tokens"
    assert len(out.tokens) == out.extra["generated_tokens"] == 10
    assert "".join(t.text for t in out.tokens) == out.text
    assert all(t.logprob <= 0 and math.isfinite(t.logprob) for t in out.tokens)
    # recompute: the log-probability of each generated token given everything before it
    inputs = engine.prepare([req])
    gen_ids = torch.tensor([engine.tokenizer.encode(out.text, add_special_tokens=False)])
    full = {**inputs, "input_ids": torch.cat([inputs["input_ids"], gen_ids], 1),
            "attention_mask": torch.ones(1, inputs["input_ids"].shape[1] + 10, dtype=torch.long),
            "mm_token_type_ids": torch.cat([inputs["mm_token_type_ids"], torch.zeros_like(gen_ids)], 1)}
    with torch.no_grad():
        logits = engine._model(**full).logits[0, inputs["input_ids"].shape[1] - 1:-1]
    expected = torch.log_softmax(logits.float(), -1).gather(1, gen_ids[0][:, None]).squeeze(1)
    assert [t.logprob for t in out.tokens] == pytest.approx(expected.tolist(), abs=1e-3)


def test_token_budget_from_task_capped_and_request_wins(tiny_dir):
    eng = HunyuanEngine(str(tiny_dir), max_new_tokens_cap=7)
    img = [noise(90, 90)]
    assert eng.run(EngineRequest(images=img, prompt="提取图中的文字。", task="read")).extra["generated_tokens"] == 7
    assert eng.run(EngineRequest(images=img, prompt="提取图中的文字。", max_new_tokens=3)).extra["generated_tokens"] == 3


def test_token_texts_attribute_multibyte_characters(engine):
    from docextract.engines.hunyuan_generate import token_texts

    text = "金额：￥77.10元"
    ids = engine.tokenizer.encode(text, add_special_tokens=False) + [engine.tokenizer.eos_token_id]
    pieces = token_texts(engine.tokenizer, ids)
    assert len(pieces) == len(ids) and "".join(pieces) == text
    assert pieces[:3] == ["", "", "金"]  # three UTF-8 bytes, one byte token each
    assert pieces[-1] == ""             # a special token adds no text


def test_repetition_stop_unit_on_token_text(engine):
    from docextract.engines.hunyuan_generate import TailRepetitionStop

    tok = engine.tokenizer
    prompt = tok.encode("提取图中的文字。", add_special_tokens=False)

    def run(text: str) -> tuple[list[bool], list]:
        ids = tok.encode(text, add_special_tokens=False)
        stop = TailRepetitionStop(tok, len(prompt), 1, first_check=40, every=10, min_span=30, check_tokens=1)
        flags = [bool(stop(torch.tensor([prompt + ids[:n]]), None)[0]) for n in range(1, len(ids) + 1)]
        return flags, stop.stopped_at

    flags, stopped_at = run("姓名：张三 公民身份号码：" + "循环" * 40)
    assert flags[-1] and stopped_at[0] is not None and stopped_at[0] < len(flags)
    flags, stopped_at = run("中华人民共和国居民身份证，签发机关：北京市公安局西城分局，有效期限：2016.01.01-2036.01.01。")
    assert not any(flags) and stopped_at == [None]


def test_repetition_guard_stops_a_looping_generation(tiny_dir):
    req = requests3(48)[1]  # the tiny model loops on one character
    free = HunyuanEngine(str(tiny_dir), repetition_guard=False).run(req)
    assert free.extra["generated_tokens"] == 48 and free.extra["stopped_by"] == "max_new_tokens"
    guarded = HunyuanEngine(str(tiny_dir), repetition_guard={"first_check": 16, "every": 8, "min_span": 12}).run(req)
    assert guarded.extra["stopped_by"] == "repetition"
    assert 12 <= guarded.extra["generated_tokens"] < 32
    assert free.text.startswith(guarded.text) and len(guarded.tokens) == guarded.extra["generated_tokens"]


def test_revision_model_and_version_recorded(tiny_dir, tmp_path, engine):
    out = engine.run(EngineRequest(images=[noise(64, 64)], prompt="x", max_new_tokens=2))
    assert (out.engine, out.model, out.revision, out.extra["version"]) == ("hunyuan", str(tiny_dir), "local", "1.0")
    pinned = HunyuanEngine.from_options(ExtractOptions(model=str(tiny_dir), revision="v-test",
                                                       engine_options={"version": "1.5"}))
    out = pinned.run(EngineRequest(images=[], prompt="hello", max_new_tokens=2))  # text-only request
    assert (out.revision, out.extra["version"], pinned.settings.repetition_penalty) == ("v-test", "1.5", 1.08)
    # a snapshot in the Hugging Face cache, found offline at the pinned 1.0 commit
    cache = tmp_path / "hub"
    snap = cache / "models--tencent--HunyuanOCR" / "snapshots" / COMMIT_1_0
    shutil.copytree(tiny_dir, snap)
    opts = ExtractOptions(engine_options={"cache_dir": str(cache), "device": "cpu"})
    assert HunyuanEngine.is_available(opts)
    cached = HunyuanEngine.from_options(opts)
    out = cached.run(EngineRequest(images=[noise(64, 64)], prompt="x", max_new_tokens=2))
    assert (out.model, out.revision) == ("tencent/HunyuanOCR", COMMIT_1_0)


def test_missing_weights_say_how_to_get_them(tmp_path, monkeypatch):
    with pytest.raises(EngineUnavailable) as err:
        HunyuanEngine.from_options(ExtractOptions(model=str(tmp_path / "nope")))
    msg = str(err.value)
    assert str(tmp_path / "nope") in msg and "DOCEXTRACT_MODEL=" in msg and "huggingface-cli download" in msg
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("DOCEXTRACT_MODEL", raising=False)
    opts = ExtractOptions(engine_options={"cache_dir": str(tmp_path / "empty-cache")})
    with pytest.raises(EngineUnavailable) as err:
        get_engine("hunyuan", opts)
    msg = str(err.value)
    assert "tencent/HunyuanOCR@" + COMMIT_1_0 in msg and "HF_HUB_OFFLINE=1" in msg
    assert f"huggingface-cli download tencent/HunyuanOCR --revision {COMMIT_1_0}" in msg
    assert not HunyuanEngine.is_available(ExtractOptions(engine_options={"cache_dir": str(tmp_path), "device": "cpu"}))
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "config.json").write_text("{}")
    with pytest.raises(EngineUnavailable, match="no weights"):
        HunyuanEngine(str(tmp_path / "half"))


def test_availability_needs_a_gpu_unless_cpu_is_asked_for(tiny_dir):
    assert HunyuanEngine.is_available(ExtractOptions(model=str(tiny_dir))) == cuda_present()
    assert HunyuanEngine.is_available(ExtractOptions(model=str(tiny_dir), engine_options={"device": "cpu"}))


def test_bad_options_and_input(tiny_dir, engine):
    with pytest.raises(InputError, match="engine_options.bogus"):
        HunyuanEngine.from_options(ExtractOptions(model=str(tiny_dir), engine_options={"bogus": 1}))
    with pytest.raises(InputError, match="version"):
        HunyuanEngine(str(tiny_dir), version="2.0")
    with pytest.raises(InputError, match="engine_options.dtype"):
        HunyuanEngine(str(tiny_dir), dtype="int3")
    with pytest.raises(InputError, match="engine_options.device"):
        HunyuanEngine(str(tiny_dir), device="gpu")
    if not torch.cuda.is_available():
        with pytest.raises(EngineUnavailable, match="no CUDA GPU"):
            HunyuanEngine(str(tiny_dir), device="cuda")
    with pytest.raises(InputError, match="prompt is empty"):
        engine.run(EngineRequest(images=[noise(64, 64)], prompt="  "))


def test_concurrent_callers_share_one_model_safely(tiny_dir, engine):
    other = HunyuanEngine(str(tiny_dir), batch_size=1)
    assert other._model is engine._model and other._lock is engine._lock
    reqs = requests3(6)
    expected = [engine.run(r).text for r in reqs]
    got: dict[int, str] = {}
    threads = [threading.Thread(target=lambda i=i: got.__setitem__(i, (other if i % 2 else engine).run(reqs[i]).text))
               for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [got[i] for i in range(3)] == expected
    engine.warmup()


def test_extract_end_to_end_with_the_tiny_model(tiny_dir):
    import docextract

    page = noise(856, 540)
    engine = HunyuanEngine(str(tiny_dir), max_new_tokens_cap=16)  # the spotting pass would ask for 4096
    result = docextract.extract(page, schema="cn_id_card", engine=engine)
    assert result.engine == "hunyuan" and result.revision == "local" and result.model == str(tiny_dir)
    assert result.raw_output and len(result.raw_output) <= 16  # the model's own (garbage) text
    assert any(c.code == "output.parse" and c.status == "fail" for c in result.checks)
    assert not result.ok and result.timings["engine"] > 0
    by_name = docextract.extract(page, schema="cn_id_card", engine="hunyuan", model=str(tiny_dir),
                                 max_new_tokens=16, boxes=False)
    assert by_name.raw_output == result.raw_output and by_name.revision == "local"
