"""Loading HunyuanOCR through transformers: device and dtype, one model per process and configuration, the processor.

Used by :class:`~docextract.engines.hunyuan.HunyuanEngine`; torch and transformers are imported
inside the functions, so importing this module stays cheap. Engines asking for the same weights,
device, dtype, attention and compilation share one model and the lock that serialises its
``generate`` calls.

>>> dtype_name("auto", "cpu"), dtype_name("bf16", "cuda"), dtype_name("torch.float16", "cpu")
('float32', 'bfloat16', 'float16')
>>> dtype_name("int3", "cpu")
Traceback (most recent call last):
...
docextract.errors.InputError: invalid option engine_options.dtype: choose one of auto, bf16, ...
"""

from __future__ import annotations

import importlib.util
import threading

from ..errors import EngineError, EngineUnavailable, InputError
from .hunyuan_weights import IMAGE_PLACEHOLDER, OFFICIAL_CHAT_TEMPLATE, processor_with_declared_tokens

__all__ = ["DTYPES", "pick_device", "dtype_name", "load", "chat_template", "pixel_bounds"]

#: accepted ``engine_options.dtype`` spellings → torch dtype names
DTYPES = {"bfloat16": "bfloat16", "bf16": "bfloat16", "float16": "float16", "fp16": "float16", "half": "float16",
          "float32": "float32", "fp32": "float32", "float": "float32"}
_MODELS: dict[tuple, tuple] = {}
_MODELS_LOCK = threading.Lock()


def pick_device(device: str):
    """The ``torch.device`` for ``engine_options.device`` (``auto``: CUDA when torch sees a GPU, else CPU)."""
    import torch

    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    try:
        chosen = torch.device(device)
    except (RuntimeError, TypeError) as exc:
        raise InputError(f"invalid option engine_options.device: {device!r} ({exc})",
                         field="engine_options.device") from None
    if chosen.type == "cuda" and not torch.cuda.is_available():
        raise EngineUnavailable(f"device {device!r} was asked for but torch sees no CUDA GPU here; "
                                "use device='cpu' (slow) or the vllm engine")
    return chosen


def dtype_name(dtype: str, device_type: str) -> str:
    """The torch dtype name for ``engine_options.dtype`` (``auto``: bf16 or fp16 on a GPU, fp32 on the CPU)."""
    if dtype == "auto":
        if device_type == "cuda":
            import torch

            dtype = "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
        else:
            dtype = "float32"
    name = DTYPES.get(str(dtype).replace("torch.", ""))
    if name is None:
        raise InputError(f"invalid option engine_options.dtype: choose one of auto, {', '.join(sorted(DTYPES))}",
                         field="engine_options.dtype")
    return name


def load(path, device, dtype: str, attn: str, compile_model: bool) -> tuple:
    """``(model, its lock, processor)`` for the weights at ``path``; the model is loaded once per process."""
    import torch
    from transformers import AutoModelForImageTextToText, AutoProcessor

    key = (str(path), str(device), dtype, attn, bool(compile_model))
    try:
        with _MODELS_LOCK:
            if key not in _MODELS:
                kwargs = {"dtype": getattr(torch, dtype), "attn_implementation": attn}
                if device.type == "cuda" and importlib.util.find_spec("accelerate"):
                    kwargs["device_map"] = str(device)  # straight onto the GPU
                model = AutoModelForImageTextToText.from_pretrained(path, **kwargs)
                model.to(device).eval()
                if compile_model:
                    model.forward = torch.compile(model.forward)
                _MODELS[key] = (model, threading.Lock())
            model, lock = _MODELS[key]
        try:
            processor = AutoProcessor.from_pretrained(path, backend="pil")
        except ValueError as exc:  # older snapshots: image special tokens not declared in tokenizer_config
            if "missing required attribute" not in str(exc):
                raise
            processor = processor_with_declared_tokens(path)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise EngineError(f"could not load HunyuanOCR from {path}: {exc}") from exc
    return model, lock, processor


def chat_template(processor) -> str | None:
    """None when the checkpoint's own template wraps the image in its start/end tokens, else the official one."""
    probe = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "x"}]}]
    try:
        rendered = processor.apply_chat_template(probe, tokenize=False)
    except Exception:  # noqa: BLE001 - engine boundary: probing the backend's chat template (no template at all)
        rendered = ""
    return None if IMAGE_PLACEHOLDER in rendered else OFFICIAL_CHAT_TEMPLATE


def pixel_bounds(processor, max_pixels: int | None, min_pixels: int | None) -> tuple[int, int]:
    """Set the image processor's ``(min_pixels, max_pixels)``: the checkpoint's, narrowed by the options."""
    from transformers.image_utils import SizeDict

    ip = processor.image_processor
    size = ip.size
    ckpt_max = size["longest_edge"] if isinstance(size, dict) else size.longest_edge
    ckpt_min = size["shortest_edge"] if isinstance(size, dict) else size.shortest_edge
    max_pixels = min(ckpt_max, max_pixels) if max_pixels else ckpt_max
    min_pixels = min(min_pixels or ckpt_min, max_pixels)
    ip.size = SizeDict(shortest_edge=min_pixels, longest_edge=max_pixels)
    return min_pixels, max_pixels
