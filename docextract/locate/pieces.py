"""The smallest pieces of the finder, shared by anchors and regions: a piece of a line, a part of a box.

>>> from docextract.types import Box
>>> sub_box(Box((0, 0, 100, 10)), "abcdefghij", 2, 5)
(20, 0, 50, 10)
"""

from __future__ import annotations

from dataclasses import dataclass

from ..types import Box

__all__ = ["Piece", "sub_box"]


@dataclass(frozen=True)
class Piece:
    """A piece of text that may hold a value: ``text`` is line ``line``'s characters ``start:end``."""

    line: int
    start: int
    end: int
    text: str
    how: str  # "inline" | "right" | "below"


def sub_box(box: Box, text: str, start: int, end: int) -> Box:
    """The part of a line's box holding characters ``start:end`` (proportional to character count)."""
    n = max(1, len(text))
    w = box[2] - box[0]
    return Box((box[0] + w * start / n, box[1], box[0] + w * end / n, box[3]))
