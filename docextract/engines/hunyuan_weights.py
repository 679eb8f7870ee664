"""HunyuanOCR versions, their official settings, the chat template, and finding the weights (no torch imported).

Both model generations live in the one repository ``tencent/HunyuanOCR``: the root held 1.0 until
2026-07-06 (last commit ``f6af82ee…``) and holds 1.5 since; see :mod:`docextract.engines.hunyuan`
for the choice of default.

>>> VERSIONS["1.5"].repetition_penalty, VERSIONS["1.0"].repetition_penalty
(1.08, 1.0)
>>> resolve_weights("/nonexistent/HunyuanOCR")
Traceback (most recent call last):
...
docextract.errors.EngineUnavailable: HunyuanOCR model folder /nonexistent/HunyuanOCR does not exist; set ...
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EngineUnavailable

__all__ = ["VersionSpec", "VERSIONS", "DEFAULT_VERSION", "DEFAULT_REPO", "resolve_weights", "detect_version",
           "cuda_present", "download_hint", "hub_offline", "OFFICIAL_CHAT_TEMPLATE", "IMAGE_PLACEHOLDER",
           "processor_with_declared_tokens"]

DEFAULT_REPO = "tencent/HunyuanOCR"


@dataclass(frozen=True)
class VersionSpec:
    """One model generation: where its weights are and how the official code decodes with it."""

    version: str
    revision: str | None          # a commit hash to pin, or None for the moving default branch
    repetition_penalty: float     # transformers / vLLM greedy decoding
    openai_sampling: dict = field(default_factory=dict)   # chat-completions body fields (incl. vLLM extras)


VERSIONS: dict[str, VersionSpec] = {
    "1.0": VersionSpec(
        "1.0", "f6af82ee007fe6091b29fb3bb287b491ead41c82", 1.0,
        {"temperature": 0.0, "top_p": 0.95, "seed": 1234, "top_k": 1, "repetition_penalty": 1.0}),
    "1.5": VersionSpec(
        "1.5", None, 1.08,
        {"temperature": 0.0, "top_p": 1.0, "top_k": -1, "repetition_penalty": 1.08, "skip_special_tokens": True}),
}
DEFAULT_VERSION = "1.0"

IMAGE_PLACEHOLDER = "<｜hy_place▁holder▁no▁100｜><｜hy_place▁holder▁no▁102｜><｜hy_place▁holder▁no▁101｜>"
#: the published chat template, used when a checkpoint ships an older one (bare image token)
OFFICIAL_CHAT_TEMPLATE = (
    "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}"
    "{% if messages[0]['content'] is string %}{% set system_message = messages[0]['content'] %}"
    "{% else %}{% set system_message = messages[0]['content']['text'] %}{% endif %}"
    "<｜hy_begin▁of▁sentence｜>{{ system_message }}<｜hy_place▁holder▁no▁3｜>"
    "{% else %}{% set loop_messages = messages %}<｜hy_begin▁of▁sentence｜>{% endif %}"
    "{% for message in loop_messages %}{% if message['role'] == 'user' %}"
    "{% if message['content'] is string %}{{ message['content'] }}{% else %}{% for content in message['content'] %}"
    "{% if content['type'] == 'image' or 'image' in content or 'image_url' in content %}" + IMAGE_PLACEHOLDER +
    "{% elif 'text' in content %}{{ content['text'] }}{% endif %}{% endfor %}{% endif %}<｜hy_User｜>"
    "{% elif message['role'] == 'assistant' %}{{ message['content'] }}<｜hy_Assistant｜>{% endif %}{% endfor %}")

_SPECIALS = {"image_token": "<｜hy_place▁holder▁no▁102｜>", "image_start_token": "<｜hy_place▁holder▁no▁100｜>",
             "image_end_token": "<｜hy_place▁holder▁no▁101｜>", "pad_token": "<｜hy_▁pad▁｜>"}


def processor_with_declared_tokens(path):
    """Build the processor for a snapshot whose tokenizer does not name its image tokens."""
    from transformers import AutoImageProcessor, AutoTokenizer, HunYuanVLProcessor

    tokenizer = AutoTokenizer.from_pretrained(path)
    for attr, token in _SPECIALS.items():
        if getattr(tokenizer, attr, None) is None or getattr(tokenizer, attr + "_id", None) is None:
            token_id = tokenizer.convert_tokens_to_ids(token)
            if token_id is None or token_id == tokenizer.unk_token_id:
                raise ValueError(f"the tokenizer in {path} has no {token} token")
            setattr(tokenizer, attr, token)
            setattr(tokenizer, attr + "_id", token_id)
    image_processor = AutoImageProcessor.from_pretrained(path, backend="pil")
    return HunYuanVLProcessor(image_processor=image_processor, tokenizer=tokenizer,
                              chat_template=getattr(tokenizer, "chat_template", None) or OFFICIAL_CHAT_TEMPLATE)


_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")


def download_hint(repo: str = DEFAULT_REPO, revision: str | None = None) -> str:
    rev = f" --revision {revision}" if revision else ""
    return ("set DOCEXTRACT_MODEL=/path/to/HunyuanOCR (a folder with config.json and *.safetensors) or run "
            f"`huggingface-cli download {repo}{rev} --local-dir ./HunyuanOCR` (or `hf download ...`) "
            "on a machine with internet and copy the folder here")


def hub_offline() -> bool:
    """HF_HUB_OFFLINE as set now (huggingface_hub itself reads it only once, at import)."""
    value = os.environ.get("HF_HUB_OFFLINE", "")
    if value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    hub = sys.modules.get("huggingface_hub.constants")
    return bool(getattr(hub, "HF_HUB_OFFLINE", False)) and value == ""


def _check_folder(path: Path, what: str) -> None:
    if not (path / "config.json").is_file():
        raise EngineUnavailable(f"{what} {path} has no config.json: not a HunyuanOCR checkpoint; {download_hint()}")
    if not any(path.glob("*.safetensors")) and not any(path.glob("*.bin")):
        raise EngineUnavailable(f"{what} {path} has config.json but no weights (*.safetensors); "
                                f"the download is incomplete; {download_hint()}")


def resolve_weights(model: str | None = None, revision: str | None = None, *, version: str = DEFAULT_VERSION,
                    cache_dir: str | None = None, download: bool | None = None) -> tuple[Path, str]:
    """``(folder, revision)`` of the weights: a local folder, or a Hugging Face snapshot at a pinned revision.

    ``model`` defaults to ``$DOCEXTRACT_MODEL`` then ``tencent/HunyuanOCR``. A snapshot already in
    the HF cache is used without contacting the Hub; otherwise it is downloaded unless
    ``download=False`` or ``HF_HUB_OFFLINE=1``. The revision returned is the snapshot's commit hash
    (``"local"`` for a plain folder without one).
    """
    model = model or os.environ.get("DOCEXTRACT_MODEL") or DEFAULT_REPO
    folder = Path(model).expanduser()
    if folder.is_dir():
        _check_folder(folder, "HunyuanOCR model folder")
        return folder, revision or (folder.name if _COMMIT.match(folder.name) else "local")
    spec = VERSIONS[version]
    rev = revision or spec.revision
    if not _REPO_ID.match(model) or model.startswith((".", "/", "~")):
        raise EngineUnavailable(f"HunyuanOCR model folder {model} does not exist; {download_hint(DEFAULT_REPO, rev)}")
    try:
        from huggingface_hub import snapshot_download
        from huggingface_hub.errors import LocalEntryNotFoundError
    except ImportError as exc:  # pragma: no cover - transformers depends on it
        raise EngineUnavailable("huggingface_hub is not installed: pip install 'docextract[hunyuan]'") from exc
    offline = download is False or hub_offline()
    ignore = ["v1.0/*", "dflash/*"]  # since 1.5 the repository also holds the 1.0 copy and a draft model
    try:
        try:  # a snapshot already in the cache is used as is, without contacting the Hub
            path = Path(snapshot_download(model, revision=rev, cache_dir=cache_dir, local_files_only=True,
                                          ignore_patterns=ignore))
        except LocalEntryNotFoundError:
            if offline:
                raise
            path = Path(snapshot_download(model, revision=rev, cache_dir=cache_dir, ignore_patterns=ignore))
    except LocalEntryNotFoundError as exc:
        why = "downloads are off (HF_HUB_OFFLINE=1)" if hub_offline() else "downloads were not allowed"
        raise EngineUnavailable(f"HunyuanOCR weights {model}@{rev or 'main'} are not in the Hugging Face cache and "
                                f"{why}; {download_hint(model, rev)}") from exc
    except Exception as exc:  # noqa: BLE001 - engine boundary: hub / torch probes mean 'not available here'
        raise EngineUnavailable(f"could not download HunyuanOCR weights {model}@{rev or 'main'} "
                                f"({type(exc).__name__}: {str(exc)[:300]}); {download_hint(model, rev)}") from exc
    _check_folder(path, "downloaded snapshot")
    return path, path.name if _COMMIT.match(path.name) else (rev or "main")


def detect_version(folder: Path) -> str | None:
    """``"1.0"`` for the legacy flat config, ``"1.5"`` for a 128K-context nested one, else None."""
    try:
        config = json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if "text_config" not in config and "num_hidden_layers" in config:
        return "1.0"
    text = config.get("text_config") or {}
    if int(text.get("max_position_embeddings") or 0) >= 131072:
        return "1.5"
    return None


def cuda_present() -> bool:
    """Whether a CUDA/ROCm GPU is usable; imports torch only when a GPU driver is visible at all."""
    torch = sys.modules.get("torch")
    if torch is None:
        if not (os.path.exists("/proc/driver/nvidia/version") or os.path.exists("/dev/kfd")
                or shutil.which("nvidia-smi")):
            return False
        try:
            import torch
        except ImportError:
            return False
    try:
        return bool(torch.cuda.is_available())
    except Exception:  # noqa: BLE001 - engine boundary: hub / torch probes mean 'not available here'
        return False
