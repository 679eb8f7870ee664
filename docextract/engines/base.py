"""The engine contract: images and a prompt string in, text (plus scores or lines) out.

Engines never see schemas or records. Each engine declares which tasks it can do; the pipeline
asks an OCR-only engine (no ``extract`` task) for text spotting and finds the fields itself.

Tasks (the official HunyuanOCR task families, see ``docextract.prompts``)::

    extract    information extraction to JSON           (VLM engines)
    spotting   text lines with coordinates              (all engines)
    read       plain text of the image                  (all engines)
    parse      document to markdown with HTML tables    (VLM engines)
    table      table to HTML                            (VLM engines)
    formula    formula to LaTeX                         (VLM engines)
    chart      chart to Mermaid / markdown              (VLM engines)
    translate  read, then translate                     (VLM engines)
    ask        a free question / any other prompt       (VLM engines)

>>> class Echo(BaseEngine):
...     name = "echo"
...     tasks = frozenset({"read"})
...     def run(self, request):
...         return EngineOutput(text=request.prompt, engine=self.name)
>>> Echo().run_batch([EngineRequest(images=[], prompt="hi")])[0].text
'hi'
"""

from __future__ import annotations

from typing import ClassVar, Protocol, runtime_checkable

from ..types import EngineOutput, EngineRequest

__all__ = ["Engine", "BaseEngine", "ALL_TASKS", "EngineOutput", "EngineRequest"]

ALL_TASKS = frozenset({"extract", "spotting", "read", "parse", "table", "formula", "chart", "translate", "ask"})


@runtime_checkable
class Engine(Protocol):
    name: str
    tasks: frozenset[str]

    def run(self, request: EngineRequest) -> EngineOutput: ...

    def run_batch(self, requests: list[EngineRequest]) -> list[EngineOutput]: ...

    def warmup(self) -> None: ...

    def info(self) -> dict: ...


class BaseEngine:
    """Convenience base: ``run_batch`` falls back to one ``run`` per request; ``warmup`` does nothing."""

    name: ClassVar[str] = "base"
    tasks: ClassVar[frozenset[str]] = frozenset()
    model: str | None = None
    revision: str | None = None

    def run(self, request: EngineRequest) -> EngineOutput:  # pragma: no cover - abstract
        raise NotImplementedError

    def run_batch(self, requests: list[EngineRequest]) -> list[EngineOutput]:
        return [self.run(r) for r in requests]

    def warmup(self) -> None:
        return None

    def supports(self, task: str | None) -> bool:
        return task is None or task in self.tasks

    def info(self) -> dict:
        return {"engine": self.name, "model": self.model, "revision": self.revision,
                "tasks": sorted(self.tasks)}
