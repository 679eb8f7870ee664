"""A scripted engine: answers with given text. The test double at the engine boundary.

It lets the whole pipeline run without any model: give it the text a VLM would answer, or the
lines an OCR engine would read.

>>> from docextract.types import EngineRequest
>>> eng = ScriptedEngine(outputs=['{"姓名": "张三"}'])
>>> eng.run(EngineRequest(images=[], prompt="...")).text
'{"姓名": "张三"}'
>>> eng.prompts
['...']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..errors import EngineError
from ..types import EngineOutput, EngineRequest, Line
from .base import ALL_TASKS, BaseEngine

__all__ = ["ScriptedEngine"]


class ScriptedEngine(BaseEngine):
    """Returns ``outputs`` in turn (the last one repeats), or ``respond(request)`` if given.

    ``lines`` makes it behave like an OCR-only engine: it then offers only ``spotting`` and ``read``.
    Every prompt it receives is recorded in ``self.prompts`` (and the request in ``self.requests``)
    unless ``record=False`` (long-running servers); ``delay`` seconds per call stand in for a slow model.
    """

    name = "scripted"
    #: its answers are scripted, not read from a page: grounding only when asked (``grounding=True``)
    grounds_by_default = False

    def __init__(self, outputs: Iterable[str] | None = None, *, respond: Callable[[EngineRequest], str] | None = None,
                 lines: list[Line] | None = None, tokens=None, model: str = "scripted", revision: str | None = None,
                 delay: float = 0.0, record: bool = True):
        self.outputs = list(outputs or [])
        self.respond = respond
        self.lines = lines
        self.tokens = tokens
        self.model = model
        self.revision = revision
        self.delay = float(delay)
        self.record = record
        self.prompts: list[str] = []
        self.requests: list[EngineRequest] = []
        self.tasks = frozenset({"spotting", "read"}) if lines is not None else ALL_TASKS

    @classmethod
    def from_options(cls, options) -> "ScriptedEngine":
        return cls(**options.engine_options)

    def run(self, request: EngineRequest) -> EngineOutput:
        if self.delay > 0:
            import time

            time.sleep(self.delay)
        if self.record:
            self.prompts.append(request.prompt)
            self.requests.append(request)
        if self.lines is not None:
            text = "\n".join(line.text for line in self.lines)
            return EngineOutput(text=text, lines=list(self.lines), engine=self.name, model=self.model,
                                revision=self.revision)
        if self.respond is not None:
            text = self.respond(request)
        elif self.outputs:
            text = self.outputs.pop(0) if len(self.outputs) > 1 else self.outputs[0]
        else:
            raise EngineError("scripted engine has no output left")
        return EngineOutput(text=text, tokens=self.tokens, engine=self.name, model=self.model,
                            revision=self.revision)
