"""HunyuanOCR through transformers (≥ 5.13, ``hunyuan_vl``): one model per process, batched greedy decoding.

**Default weights: HunyuanOCR 1.0, pinned** to ``tencent/HunyuanOCR@f6af82ee…`` (the last commit
whose repository root held 1.0). Why not 1.5 by default: (1) on 2026-07-06 the repository root was
replaced in place by 1.5 and no tag marks either release, so the only revision we can pin with a
known commit hash is the 1.0 one — an unpinned default would silently change weights and
recommended settings under users; (2) this library's main task is information extraction, and the
published IE prompt and IE scores (cards 92.29, receipts 92.53) are 1.0's — 1.5's fixed task list
has no IE prompt. 1.5 is fully supported: ``engine_options={"version": "1.5"}`` (give
``revision=<commit>`` to pin it; the resolved snapshot commit is recorded either way).

Settings per version (official): 1.0 greedy with ``repetition_penalty=1.0``; 1.5 greedy with
``repetition_penalty=1.08``. Both get the official tail-repetition early stop. Every
:class:`EngineOutput` records the model, the revision (snapshot commit) and the version.

Prompts use the checkpoint's chat template (empty system message, image before the text); a
snapshot whose template lacks the image start/end wrappers is rendered with the official template.

``engine_options``: ``version`` (``"1.0"``/``"1.5"``), ``device`` (``auto``/``cuda``/``cpu``/``cuda:1``),
``dtype`` (``auto``/``bfloat16``/``float16``/``float32``), ``batch_size``, ``max_batch_image_tokens``,
``attn_implementation`` (``sdpa``), ``gather`` (True: concurrent ``run`` calls share one batched ``generate``,
waiting at most ``batch_wait_ms``, 5 ms), ``max_new_tokens_cap`` (8192), ``repetition_guard`` (``True``/``False``
or guard parameters), ``cache_implementation`` (``"static"``), ``compile``, ``cache_dir``, ``generate_kwargs``.

>>> HunyuanEngine.default_revision("1.0")
'f6af82ee007fe6091b29fb3bb287b491ead41c82'
>>> HunyuanEngine.name, "extract" in HunyuanEngine.tasks
('hunyuan', True)
"""

from __future__ import annotations

import os
import time

from ..errors import EngineError, InputError
from ..options import ExtractOptions
from ..tasks import DEFAULT_MAX_NEW_TOKENS, classify_prompt
from ..types import EngineOutput, EngineRequest, TokenScore
from .base import ALL_TASKS, BaseEngine
from .batcher import Batcher
from .hunyuan_load import chat_template, dtype_name, load, pick_device, pixel_bounds
from .hunyuan_plan import Item, plan
from .hunyuan_weights import (DEFAULT_REPO, DEFAULT_VERSION, OFFICIAL_CHAT_TEMPLATE, VERSIONS, cuda_present,
                              detect_version, resolve_weights)
from .imageprep import count_image_tokens, prepare_image

__all__ = ["HunyuanEngine", "OFFICIAL_CHAT_TEMPLATE", "DEFAULT_REPO", "DEFAULT_VERSION", "VERSIONS"]

_OPTION_NAMES = {"version", "device", "dtype", "batch_size", "max_batch_image_tokens", "attn_implementation",
                 "max_new_tokens_cap", "repetition_guard", "cache_implementation", "compile", "cache_dir",
                 "generate_kwargs", "min_pixels", "gather", "batch_wait_ms"}


class HunyuanEngine(BaseEngine):
    """HunyuanOCR via transformers; ``HunyuanEngine.from_options(ExtractOptions(model="/path"))``."""

    name = "hunyuan"
    tasks = ALL_TASKS

    def __init__(self, model: str | None = None, *, revision: str | None = None, version: str | None = None,
                 device: str = "auto", dtype: str = "auto", batch_size: int | None = None,
                 max_batch_image_tokens: int = 65536, attn_implementation: str = "sdpa",
                 max_new_tokens_cap: int = 8192, repetition_guard: bool | dict = True, max_pixels: int | None = None,
                 min_pixels: int | None = None, cache_implementation: str | None = None, compile: bool = False,
                 cache_dir: str | None = None, generate_kwargs: dict | None = None, gather: bool = True,
                 batch_wait_ms: float = 5.0) -> None:
        if version is not None and version not in VERSIONS:
            raise InputError(f"invalid option engine_options.version: {version!r}; choose one of {sorted(VERSIONS)}",
                             field="engine_options.version")
        self.path, self.revision = resolve_weights(model, revision, version=version or DEFAULT_VERSION,
                                                   cache_dir=cache_dir)
        self.model = model or os.environ.get("DOCEXTRACT_MODEL") or DEFAULT_REPO
        self.version = version or detect_version(self.path) or DEFAULT_VERSION
        self.settings = VERSIONS[self.version]
        self.max_new_tokens_cap = max_new_tokens_cap
        self.max_batch_image_tokens = max_batch_image_tokens
        self.guard = ({} if repetition_guard is True else dict(repetition_guard)) if repetition_guard else None
        self.generate_kwargs = dict(generate_kwargs or {})
        self.cache_implementation = cache_implementation
        self._load(device, dtype, attn_implementation, compile)
        self.batch_size = batch_size or (16 if self.device.type == "cuda" else 4)
        # concurrent run() calls (server threads) share one batched generate
        # (gathered up to 4 GPU batches at a time; hunyuan_plan.plan splits them by size and budget)
        self._batcher = Batcher(self._run_now, max_batch=4 * self.batch_size,
                                max_wait=max(0.0, batch_wait_ms) / 1000, name="hunyuan-batcher") if gather else None
        self._configure_processor(max_pixels, min_pixels)

    # -- construction ---------------------------------------------------------------------------
    @classmethod
    def from_options(cls, options: ExtractOptions) -> "HunyuanEngine":
        extra = dict(options.engine_options)
        unknown = sorted(set(extra) - _OPTION_NAMES)
        if unknown:
            raise InputError(f"invalid option engine_options.{unknown[0]}: unknown to the hunyuan engine; "
                             f"accepted: {', '.join(sorted(_OPTION_NAMES))}", field=f"engine_options.{unknown[0]}")
        return cls(options.model, revision=options.revision, max_pixels=options.max_pixels, **extra)

    @classmethod
    def is_available(cls, options: ExtractOptions | None = None) -> bool:
        """A CUDA GPU (unless ``device="cpu"`` is asked for) and weights on disk; never downloads, never loads."""
        options = options or ExtractOptions()
        eo = options.engine_options
        if str(eo.get("device", "auto")) != "cpu" and not cuda_present():
            return False
        try:
            resolve_weights(options.model, options.revision, version=eo.get("version") or DEFAULT_VERSION,
                            cache_dir=eo.get("cache_dir"), download=False)
        except (EngineError, KeyError):
            return False
        return True

    @staticmethod
    def default_revision(version: str = DEFAULT_VERSION) -> str | None:
        return VERSIONS[version].revision

    def _load(self, device: str, dtype: str, attn: str, compile_model: bool) -> None:
        import torch

        self.device = pick_device(device)
        dtype = dtype_name(dtype, self.device.type)
        self.dtype = getattr(torch, dtype)
        self._model, self._lock, self.processor = load(self.path, self.device, dtype, attn, compile_model)
        self.tokenizer = self.processor.tokenizer
        self.tokenizer.padding_side = "left"
        self._template = chat_template(self.processor)

    def _configure_processor(self, max_pixels: int | None, min_pixels: int | None) -> None:
        self.min_pixels, self.max_pixels = pixel_bounds(self.processor, max_pixels, min_pixels)
        ip = self.processor.image_processor
        self.patch_size, self.merge_size = ip.patch_size, ip.merge_size

    # -- public helpers -------------------------------------------------------------------------
    def count_image_tokens(self, width: int, height: int) -> int:
        """Visual tokens an image of ``width`` × ``height`` costs with this engine's pixel bounds."""
        return count_image_tokens(width, height, self.max_pixels, self.min_pixels, self.patch_size, self.merge_size)

    def build_prompt(self, prompt: str, n_images: int = 1) -> str:
        """The official chat-formatted prompt: empty system message, the images, then the text."""
        content = [{"type": "image"} for _ in range(n_images)] + [{"type": "text", "text": prompt}]
        messages = [{"role": "system", "content": ""}, {"role": "user", "content": content}]
        return self.processor.apply_chat_template(messages, tokenize=False, chat_template=self._template)

    def prepare(self, requests: list[EngineRequest]):
        """The exact model inputs (``input_ids``, ``pixel_values`` …) for one batch of requests."""
        items = [self._item(i, r) for i, r in enumerate(requests)]
        return self._inputs(items)

    def warmup(self) -> None:
        """Load kernels (and compile) with one short generation, so the first real request is fast."""
        from PIL import Image

        self.run(EngineRequest(images=[Image.new("RGB", (256, 256), "white")], prompt="提取图中的文字。",
                               task="read", max_new_tokens=2))

    def info(self) -> dict:
        return {**super().info(), "version": self.version, "path": str(self.path), "device": str(self.device),
                "dtype": str(self.dtype).replace("torch.", ""), "batch_size": self.batch_size,
                "gather": self._batcher is not None,
                "max_pixels": self.max_pixels}

    # -- running --------------------------------------------------------------------------------
    def run(self, request: EngineRequest) -> EngineOutput:
        return self.run_batch([request])[0]

    def run_batch(self, requests: list[EngineRequest]) -> list[EngineOutput]:
        """Concurrent callers' requests are gathered into shared batches (``gather``, ``batch_wait_ms``)."""
        if self._batcher is not None:
            return self._batcher.submit_many(list(requests))
        return self._run_now(requests)

    def _run_now(self, requests: list[EngineRequest]) -> list[EngineOutput]:
        items = [self._item(i, r) for i, r in enumerate(requests)]
        outputs: list[EngineOutput | None] = [None] * len(items)
        for group in plan(items, self.batch_size, self.max_batch_image_tokens):
            for item, out in zip(group, self._generate_split(group)):
                outputs[item.index] = out
        return outputs  # type: ignore[return-value]

    def _item(self, index: int, request: EngineRequest) -> Item:
        if not isinstance(request.prompt, str) or not request.prompt.strip():
            raise InputError("the prompt is empty")
        images = [prepare_image(im, self.max_pixels) for im in (request.images or [])]
        tokens = sum(self.count_image_tokens(*im.size) for im in images)
        task = request.task or classify_prompt(request.prompt)
        budget = request.max_new_tokens or DEFAULT_MAX_NEW_TOKENS.get(task, 4096)
        return Item(index, self.build_prompt(request.prompt, len(images)), images, tokens,
                     max(1, min(budget, self.max_new_tokens_cap)))

    def _inputs(self, items: list[Item]):
        images = [im for it in items for im in it.images]
        try:
            inputs = self.processor(text=[it.text for it in items], images=images or None, padding=True,
                                    return_tensors="pt")
        except (ValueError, TypeError) as exc:
            raise EngineError(f"the HunyuanOCR processor rejected the input: {exc}") from exc
        inputs = inputs.to(self.device)
        if "pixel_values" in inputs:
            inputs["pixel_values"] = inputs["pixel_values"].to(self.dtype)
        return inputs

    def _generate_split(self, items: list[Item]) -> list[EngineOutput]:
        """Generate; on GPU out-of-memory retry the batch in halves before giving up."""
        import torch

        try:
            return self._generate(items)
        except torch.OutOfMemoryError as exc:
            torch.cuda.empty_cache()
            if len(items) == 1:
                raise EngineError(f"out of GPU memory for one image of {items[0].image_tokens} visual tokens; "
                                  "lower max_pixels or max_new_tokens") from exc
            half = len(items) // 2
            return self._generate_split(items[:half]) + self._generate_split(items[half:])

    def _generate(self, items: list[Item]) -> list[EngineOutput]:
        import torch
        from transformers import LogitsProcessorList, StoppingCriteriaList

        from .hunyuan_generate import ChosenTokenLogprobs, TailRepetitionStop, token_texts

        with self._lock:
            t0 = time.perf_counter()
            inputs = self._inputs(items)
            prompt_len = inputs["input_ids"].shape[1]
            recorder = ChosenTokenLogprobs()
            stopper = TailRepetitionStop(self.tokenizer, prompt_len, len(items), **self.guard) if self.guard else None
            kwargs = dict(max_new_tokens=items[0].max_new_tokens, do_sample=False, num_beams=1,
                          repetition_penalty=self.settings.repetition_penalty, temperature=None, top_p=None,
                          top_k=None, pad_token_id=self.tokenizer.pad_token_id)
            if self.cache_implementation:
                kwargs["cache_implementation"] = self.cache_implementation
            kwargs.update(self.generate_kwargs)
            try:
                with torch.inference_mode():
                    sequences = self._model.generate(
                        **inputs, **kwargs, logits_processor=LogitsProcessorList([recorder]),
                        stopping_criteria=StoppingCriteriaList([stopper] if stopper else []))
            except torch.OutOfMemoryError:
                raise
            except (RuntimeError, ValueError, IndexError) as exc:
                raise EngineError(f"HunyuanOCR generation failed: {exc}") from exc
            logprobs = recorder.finish(sequences)
            generated = sequences[:, prompt_len:].cpu()
            seconds = time.perf_counter() - t0
        eos = self._eos_ids()
        outputs = []
        for row, item in enumerate(items):
            ids = generated[row].tolist()
            stopped_by = "max_new_tokens"
            end = len(ids)
            if stopper is not None and stopper.stopped_at[row] is not None:
                end, stopped_by = stopper.stopped_at[row], "repetition"
            cut = next((i for i, t in enumerate(ids[:end]) if t in eos), None)
            if cut is not None:
                end, stopped_by = cut, "eos"
            ids = ids[:end]
            pieces = token_texts(self.tokenizer, ids)
            text = self.tokenizer.decode(ids, skip_special_tokens=True, clean_up_tokenization_spaces=False)
            tokens = [TokenScore(p, float(lp)) for p, lp in zip(pieces, logprobs[row, :end].tolist())]
            outputs.append(EngineOutput(
                text=text, tokens=tokens, engine=self.name, model=self.model, revision=self.revision,
                seconds=seconds / len(items),
                extra={"version": self.version, "stopped_by": stopped_by, "generated_tokens": len(ids),
                       "prompt_tokens": int(inputs["attention_mask"][row].sum()), "image_tokens": item.image_tokens,
                       "batch_size": len(items), "batch_seconds": seconds, "device": str(self.device)}))
        return outputs

    def _eos_ids(self) -> set[int]:
        eos = self._model.generation_config.eos_token_id
        ids = set(eos if isinstance(eos, (list, tuple)) else [eos] if eos is not None else [])
        if self.tokenizer.eos_token_id is not None:
            ids.add(self.tokenizer.eos_token_id)
        return ids
