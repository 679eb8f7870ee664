"""Speed of the transformers HunyuanOCR engine at full size, with random weights (nothing downloaded).

Builds the HunYuanVL architecture from the published 1.0 configuration (0.46 B vision tower,
0.54 B text model, vocabulary 120 818; reference §2.6), saves it once as safetensors in a cache
folder with a byte-level tokenizer carrying the official special tokens and chat template, then
drives the real engine (``HunyuanEngine``: processor, batched ``generate``, decoding, log-probs):

* cold start — a new Python process: import, load the model, first result;
* warm latency — one ID-card-sized image (856×540, 478 visual tokens), exactly 96 generated tokens;
* throughput — documents per second at several batch sizes (each document 96 tokens);
* peak memory — GPU ``max_memory_allocated`` (CUDA) or the process's peak RSS (CPU).

Random weights make the text meaningless but the work identical: ``min_new_tokens`` =
``max_new_tokens`` = 96 forces every sequence to the same length::

    python -m benchmarks.engine_speed --device cuda                     # H100: batches 1, 8, 32, 64
    python -m benchmarks.engine_speed --device cuda --static-cache --compile
    python -m benchmarks.engine_speed --device cpu --reduced            # 4+4 layers, batches 1, 2, 4
    python -m benchmarks.engine_speed --engine vllm                     # the same checkpoint served by vLLM
                                                                        # behind docextract (benchmarks.pair_speed)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROMPT = "提取图片中的: ['姓名', '性别', '民族', '出生', '住址', '公民身份号码'] 的字段内容，并按照 JSON 格式返回。"
VOCAB = 120818
SPECIAL_IDS = {  # the checkpoint's ids (reference §1.4)
    "<｜hy_begin▁of▁sentence｜>": 120000, "<｜hy_▁pad▁｜>": 120002, "<｜hy_Assistant｜>": 120020,
    "<｜hy_User｜>": 120021, "<｜hy_place▁holder▁no▁3｜>": 120003, "<｜hy_place▁holder▁no▁100｜>": 120118,
    "<｜hy_place▁holder▁no▁101｜>": 120119, "<｜hy_place▁holder▁no▁102｜>": 120120,
}


def config_1_0(reduced: bool) -> dict:
    """The 1.0 architecture (nested form); ``reduced`` keeps every width but only 4 text and 4 vision layers."""
    rope = {"rope_type": "xdrope", "type": "xdrope", "rope_theta": 10000.0, "alpha": 1000.0, "factor": 1.0,
            "beta_fast": 32, "beta_slow": 1, "mscale": 1.0, "mscale_all_dim": 1.0, "xdrope_section": [16, 16, 16, 16]}
    text = dict(vocab_size=VOCAB, hidden_size=1024, intermediate_size=3584, num_hidden_layers=4 if reduced else 24,
                num_attention_heads=16, num_key_value_heads=8, head_dim=128, hidden_act="silu",
                max_position_embeddings=32768, rms_norm_eps=1e-5, attention_bias=False, tie_word_embeddings=True,
                rope_parameters=rope, bos_token_id=120000, eos_token_id=120020, pad_token_id=120002)
    vision = dict(hidden_size=1152, intermediate_size=4304, num_hidden_layers=4 if reduced else 27,
                  num_attention_heads=16, num_key_value_heads=16, num_channels=3, patch_size=16, spatial_merge_size=2,
                  temporal_patch_size=1, hidden_act="gelu", rms_norm_eps=1e-5, interpolate_mode="bilinear",
                  max_image_size=2048, min_image_size=512, img_max_token_num=4096, max_vit_seq_len=16384,
                  out_hidden_size=1024, text_hidden_size=1024)
    return {"text_config": text, "vision_config": vision, "image_token_id": 120120, "im_start_id": 120118,
            "im_end_id": 120119, "im_newline_id": 120121, "tie_word_embeddings": True}


def build_checkpoint(directory: Path, reduced: bool) -> Path:
    """Random-weight full-vocabulary checkpoint (bf16 safetensors) + processor; built once."""
    if (directory / "config.json").is_file() and any(directory.glob("*.safetensors")):
        return directory
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import (HunYuanVLConfig, HunYuanVLForConditionalGeneration, HunYuanVLImageProcessorPil,
                              HunYuanVLProcessor, PreTrainedTokenizerFast)

    from docextract.engines.hunyuan import OFFICIAL_CHAT_TEMPLATE

    directory.mkdir(parents=True, exist_ok=True)
    vocab = {s: i for i, s in enumerate(sorted(pre_tokenizers.ByteLevel.alphabet()))}
    by_id = {i: t for t, i in SPECIAL_IDS.items()}
    for i in range(len(vocab), VOCAB):
        vocab[by_id.get(i, f"<filler_{i}>")] = i
    bpe = Tokenizer(models.BPE(vocab=vocab, merges=[]))
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    bpe.add_special_tokens(list(SPECIAL_IDS))
    tok = PreTrainedTokenizerFast(
        tokenizer_object=bpe, bos_token="<｜hy_begin▁of▁sentence｜>", eos_token="<｜hy_Assistant｜>",
        pad_token="<｜hy_▁pad▁｜>", chat_template=OFFICIAL_CHAT_TEMPLATE,
        extra_special_tokens={"image_token": "<｜hy_place▁holder▁no▁102｜>",
                              "image_start_token": "<｜hy_place▁holder▁no▁100｜>",
                              "image_end_token": "<｜hy_place▁holder▁no▁101｜>"})
    assert tok.image_token_id == 120120 and tok.eos_token_id == 120020
    image_processor = HunYuanVLImageProcessorPil(min_pixels=512 * 512, max_pixels=2048 * 2048)
    HunYuanVLProcessor(image_processor=image_processor, tokenizer=tok,
                       chat_template=OFFICIAL_CHAT_TEMPLATE).save_pretrained(directory)
    t0 = time.perf_counter()
    with torch.device("cpu"):
        model = HunYuanVLForConditionalGeneration(HunYuanVLConfig(**config_1_0(reduced))).to(torch.bfloat16)
    model.save_pretrained(directory)
    print(f"built {sum(p.numel() for p in model.parameters()) / 1e6:.1f} M parameters in "
          f"{time.perf_counter() - t0:.1f} s → {directory}", file=sys.stderr)
    return directory


def make_engine(path: Path, args, batch_size: int):
    from docextract.engines.hunyuan import HunyuanEngine

    return HunyuanEngine(str(path), device=args.device, batch_size=batch_size, max_batch_image_tokens=10**9,
                         repetition_guard=False, cache_implementation="static" if args.static_cache else None,
                         compile=args.compile, max_new_tokens_cap=args.tokens,
                         generate_kwargs={"min_new_tokens": args.tokens})


def id_card(seed: int = 0):
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 255, (540, 856, 3), dtype=np.uint8))


def requests_for(n: int, tokens: int):
    from docextract.types import EngineRequest

    return [EngineRequest(images=[id_card(i)], prompt=PROMPT, task="extract", max_new_tokens=tokens) for i in range(n)]


def peak_memory_mb(device: str) -> float:
    if device.startswith("cuda"):
        import torch

        return torch.cuda.max_memory_allocated() / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak(device: str) -> None:
    if device.startswith("cuda"):
        import torch

        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()


def cold_child(args) -> None:
    """Runs in a fresh process: import, load, first result; prints JSON timings."""
    t_start = time.time()
    import docextract  # noqa: F401

    t_import = time.time()
    engine = make_engine(Path(args.path), args, 1)
    t_load = time.time()
    out = engine.run(requests_for(1, args.tokens)[0])
    t_done = time.time()
    print(json.dumps({"t_start": t_start, "import": t_import - t_start, "load": t_load - t_import,
                      "first": t_done - t_load, "t_done": t_done, "tokens": out.extra["generated_tokens"]}))


def cold_start(path: Path, args) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.engine_speed", "--child-cold", "--path", str(path), "--device",
           args.device, "--tokens", str(args.tokens)] + (["--static-cache"] if args.static_cache else []) \
        + (["--compile"] if args.compile else [])
    t0 = time.time()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    info["total"] = info["t_done"] - t0
    return info


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--device", default="cuda", help="cpu | cuda | cuda:N")
    ap.add_argument("--engine", choices=["hunyuan", "vllm"], default="hunyuan",
                    help="vllm: serve the checkpoint with vLLM behind docextract (docextract serve --with-vllm)")
    ap.add_argument("--vllm-python", default=sys.executable, help="the Python that has vLLM (--engine vllm)")
    ap.add_argument("--concurrency", default="1,8,32,64", help="concurrent pages (--engine vllm)")
    ap.add_argument("--max-model-len", type=int, default=8192, help="vLLM's context (--engine vllm)")
    ap.add_argument("--reduced", action="store_true", help="4 text + 4 vision layers, small batches (CPU runs)")
    ap.add_argument("--batches", help="comma-separated batch sizes (default 1,8,32,64; reduced 1,2,4)")
    ap.add_argument("--tokens", type=int, default=96, help="generated tokens per document")
    ap.add_argument("--repeats", type=int, default=3, help="warm latency runs (median)")
    ap.add_argument("--static-cache", action="store_true", help="generate with cache_implementation='static'")
    ap.add_argument("--compile", action="store_true", help="torch.compile the model's forward")
    ap.add_argument("--cache-dir", default=os.environ.get("DOCEXTRACT_BENCH_CACHE",
                                                          str(Path.home() / ".cache" / "docextract" / "bench")))
    ap.add_argument("--no-cold", action="store_true", help="skip the cold-start subprocess")
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--child-cold", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--path", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child_cold:
        return cold_child(args)

    import torch

    if args.device.startswith("cuda") and not torch.cuda.is_available():
        sys.exit("no CUDA device here; use --device cpu --reduced")
    path = build_checkpoint(Path(args.cache_dir) / ("hunyuan-1.0-reduced" if args.reduced else "hunyuan-1.0-full"),
                            args.reduced)
    if args.engine == "vllm":
        return vllm_main(path, args)
    batches = [int(b) for b in (args.batches or ("1,2,4" if args.reduced else "1,8,32,64")).split(",")]
    results: dict = {"device": args.device, "reduced": args.reduced, "tokens": args.tokens,
                     "static_cache": args.static_cache, "compile": args.compile, "load_before": os.getloadavg()}
    if not args.no_cold:
        results["cold"] = cold_start(path, args)

    engine = make_engine(path, args, 1)
    results["image_tokens"] = engine.count_image_tokens(856, 540)
    engine.run(requests_for(1, args.tokens)[0])  # warm-up
    reset_peak(args.device)
    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        out = engine.run(requests_for(1, args.tokens)[0])
        times.append(time.perf_counter() - t0)
        assert out.extra["generated_tokens"] == args.tokens, out.extra
    results["warm"] = {"median_s": statistics.median(times), "min_s": min(times), "runs": times,
                       "peak_mb": peak_memory_mb(args.device)}

    results["throughput"] = []
    for b in batches:
        engine.batch_size = b
        reqs = requests_for(b, args.tokens)
        engine.run_batch(reqs[:min(b, 2)])  # warm the shapes a little
        reset_peak(args.device)
        t0 = time.perf_counter()
        outs = engine.run_batch(reqs)
        wall = time.perf_counter() - t0
        assert all(o.extra["generated_tokens"] == args.tokens for o in outs)
        results["throughput"].append({"batch": b, "wall_s": wall, "docs_per_s": b / wall,
                                      "tokens_per_s": b * args.tokens / wall, "peak_mb": peak_memory_mb(args.device)})
        print(f"batch {b}: {b / wall:.2f} docs/s", file=sys.stderr)
    results["load_after"] = os.getloadavg()
    print_table(results, engine)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


def vllm_main(path: Path, args) -> None:
    """The pair on a GPU: cold start, warm latency (one ID card) and throughput at several concurrencies."""
    from benchmarks.pair_speed import measure
    from benchmarks.pair_speed import print_table as pair_table

    load = os.getloadavg()
    r = measure(path, vllm_python=args.vllm_python, tokens=args.tokens, size=(856, 540), repeats=args.repeats,
                concurrency=[int(c) for c in args.concurrency.split(",")], max_model_len=args.max_model_len,
                extra_env={"DOCEXTRACT_VLLM_GPU_MEMORY_UTILIZATION": "0.85"})
    r.update(tokens=args.tokens, load_before=load)
    pair_table(r, f"vLLM · {'REDUCED ' if args.reduced else ''}HunYuanVL 1.0 random weights, bf16")
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=2))


def print_table(r: dict, engine) -> None:
    import torch
    import transformers

    dev = torch.cuda.get_device_name() if r["device"].startswith("cuda") else f"CPU ({os.cpu_count()} cores, " \
        f"{platform.processor() or platform.machine()})"
    mem = "peak GPU memory" if r["device"].startswith("cuda") else "peak RSS"
    print(f"\n{time.strftime('%Y-%m-%d')} · {dev} · torch {torch.__version__} · transformers "
          f"{transformers.__version__} · {'REDUCED (4+4 layers) ' if r['reduced'] else ''}HunYuanVL 1.0 random "
          f"weights · {engine.dtype} · sdpa · static cache {r['static_cache']} · compile {r['compile']} · "
          f"load average {r['load_before'][0]:.1f} before, {r['load_after'][0]:.1f} after\n")
    print("| measure | value |\n|---|---|")
    if "cold" in r:
        c = r["cold"]
        startup = c["total"] - c["load"] - c["first"]
        print(f"| cold start to first result | {c['total']:.1f} s (interpreter {startup:.1f} s, torch import + "
              f"model load {c['load']:.1f} s, first request {c['first']:.1f} s) |")
    w = r["warm"]
    print(f"| warm latency, 856×540 ID card ({r['image_tokens']} visual tokens), {r['tokens']} tokens | "
          f"{w['median_s']:.2f} s median, {w['min_s']:.2f} s best of {len(w['runs'])} · {mem} {w['peak_mb']:.0f} MiB |")
    print(f"\n| batch | docs/s | generated tokens/s | wall s | {mem} MiB |\n|---|---|---|---|---|")
    for t in r["throughput"]:
        print(f"| {t['batch']} | {t['docs_per_s']:.2f} | {t['tokens_per_s']:.0f} | {t['wall_s']:.1f} | "
              f"{t['peak_mb']:.0f} |")


if __name__ == "__main__":
    main()
