"""Small value types shared by every layer: boxes, text lines, engine requests and outputs.

This module imports nothing from docextract, so engines, parsers and the pipeline can all use it.

>>> line = Line(text="姓名 张三", box=(10, 20, 110, 44), score=0.98)
>>> line.center
(60.0, 32.0)
>>> Box.from_normalized((100, 200, 300, 400), width=2000, height=1000)
(200, 200, 600, 400)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

__all__ = ["Box", "Line", "TokenScore", "EngineRequest", "EngineOutput", "FieldCandidate"]


class Box(tuple):
    """A pixel box ``(x1, y1, x2, y2)`` (top-left, bottom-right), a plain tuple underneath."""

    def __new__(cls, coords) -> "Box":
        x1, y1, x2, y2 = (int(round(float(c))) for c in coords)
        return super().__new__(cls, (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)))

    @classmethod
    def from_normalized(cls, coords, *, width: int, height: int) -> "Box":
        """Denormalise HunyuanOCR's 0–1000 coordinates to pixels of a ``width`` × ``height`` image."""
        x1, y1, x2, y2 = coords
        return cls((x1 * width / 1000, y1 * height / 1000, x2 * width / 1000, y2 * height / 1000))

    @classmethod
    def from_points(cls, points) -> "Box":
        """The bounding box of a polygon given as ``[(x, y), ...]``."""
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) for p in points]
        return cls((min(xs), min(ys), max(xs), max(ys)))

    @staticmethod
    def union(boxes) -> "Box | None":
        boxes = [b for b in boxes if b is not None]
        if not boxes:
            return None
        return Box((min(b[0] for b in boxes), min(b[1] for b in boxes),
                    max(b[2] for b in boxes), max(b[3] for b in boxes)))

    @property
    def width(self) -> int:
        return self[2] - self[0]

    @property
    def height(self) -> int:
        return self[3] - self[1]

    def __repr__(self) -> str:
        return repr(tuple(self))


@dataclass
class Line:
    """One line of text read from a page, with its pixel box and an optional 0–1 score.

    ``alternatives``: characters the engine nearly read instead, as ``(index in text, character,
    its probability, the probability of the character read)`` (the CPU engine fills it in).
    ``tilt``: the slope (dy/dx) of the line's baseline, when the engine knows it (a tilted photo's
    lines have level boxes that hide it).
    """

    text: str
    box: Box | tuple | None = None
    score: float | None = None
    page: int = 0
    alternatives: tuple = ()
    tilt: float | None = None

    def __post_init__(self) -> None:
        if self.box is not None and not isinstance(self.box, Box):
            self.box = Box(self.box)

    @property
    def center(self) -> tuple[float, float]:
        if self.box is None:
            raise ValueError("line has no box")
        x1, y1, x2, y2 = self.box
        return ((x1 + x2) / 2, (y1 + y2) / 2)

    def to_dict(self) -> dict:
        out = {"text": self.text, "box": list(self.box) if self.box else None,
               "score": self.score, "page": self.page}
        if self.alternatives:
            out["alternatives"] = [list(a) for a in self.alternatives]
        if self.tilt is not None:
            out["tilt"] = self.tilt
        return out


@dataclass
class TokenScore:
    """One generated token's text and its log-probability (natural log)."""

    text: str
    logprob: float


@dataclass
class EngineRequest:
    """What an engine is asked: images (PIL, RGB) and a prompt string.

    ``task`` is a hint derived from the prompt (``extract``, ``spotting``, ``parse`` …) that an engine
    may use to size ``max_new_tokens``; engines never see schemas or records.
    """

    images: list
    prompt: str
    task: str | None = None
    max_new_tokens: int | None = None


@dataclass
class EngineOutput:
    """What an engine answers: the text, plus optional token scores and OCR lines (pixel boxes)."""

    text: str
    tokens: list[TokenScore] | None = None
    lines: list[Line] | None = None
    engine: str = ""
    model: str | None = None
    revision: str | None = None
    seconds: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class FieldCandidate:
    """A field value as found on the page, before normalisation.

    ``raw`` is the text as read for a scalar field; for a ``list`` field ``items`` holds one
    mapping of column name → candidate per line item. ``source`` says how it was found
    (``model``, ``label``, ``type``, ``hint`` ...). ``options``: normalisation options the page
    itself decided (``{"day_first": False, "why": "month first: ..."}``), used when neither the
    schema nor the call fixes them; ``why`` is shown in the result as a check, and so is
    ``evidence``: why a scored choice won (:mod:`docextract.scoring`).
    """

    raw: str | None = None
    box: Box | None = None
    confidence: float | None = None
    page: int = 0
    source: str = ""
    items: list[dict[str, "FieldCandidate"]] | None = None
    options: dict[str, Any] | None = None
    #: the printed line(s) the value was grounded in
    evidence: str | None = None
    #: other readings kept (the model's answer when the page's reading won, or the page's when not)
    alternatives: list[str] = field(default_factory=list)
    #: where each of ``alternatives`` came from (``model``, ``page``, ``qr``, ``type``), same order
    alternative_sources: list[str] = field(default_factory=list)

    def keep(self, text: Any, source: str) -> None:
        """Keep ``text`` as another reading of this value, saying where it came from.

        >>> c = FieldCandidate(raw="12345678"); c.keep("12345679", "qr"); c.alternatives, c.alternative_sources
        (['12345679'], ['qr'])
        """
        del self.alternative_sources[len(self.alternatives):]
        self.alternative_sources.extend([""] * (len(self.alternatives) - len(self.alternative_sources)))
        self.alternatives.append(str(text))
        self.alternative_sources.append(source)

    def mended(self, raw: str, read: str, factor: float = 0.8) -> "FieldCandidate":
        """A copy whose value is ``raw``, the text as ``read`` kept as the page's reading (a currency
        mark read as a digit: ``997.74`` for ``$97.74``), its confidence times ``factor``.

        >>> c = FieldCandidate(raw="997.74", confidence=0.9).mended("97.74", "997.74")
        >>> c.raw, c.confidence, c.alternatives, c.alternative_sources
        ('97.74', 0.72, ['997.74'], ['page'])
        """
        out = replace(self, raw=raw, confidence=None if self.confidence is None else round(self.confidence * factor, 4),
                      alternatives=list(self.alternatives), alternative_sources=list(self.alternative_sources))
        out.keep(read, "page")
        return out
