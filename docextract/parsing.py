"""Parsing model output: JSON objects, printed-label keys, spotting lines, token confidences.

HunyuanOCR answers an extraction prompt with a JSON object, often inside a ```json fence, with
keys exactly as the printed labels were given. Real answers also come with text around them,
single quotes, full-width punctuation or a runaway repeated tail; all of that is tolerated here.

>>> extract_json('```json\\n{"单价": "3.00", "里程数": "26.1km"}\\n```')
{'单价': '3.00', '里程数': '26.1km'}
>>> extract_json("结果：{'姓名'：'张三'，'性别'：'男'}")
{'姓名': '张三', '性别': '男'}
>>> [(l.text, tuple(l.box)) for l in parse_spotting("姓名(100,50),(300,80)张三(310,50),(400,80)", 1000, 500)]
[('姓名', (100, 25, 300, 40)), ('张三', (310, 25, 400, 40))]
>>> normalize_key(" Date of Birth： ")
'dateofbirth'
"""

from __future__ import annotations

import ast
import json
import math
import re
import unicodedata
from typing import Any

from .errors import OutputParseError
from .types import Box, Line, TokenScore

__all__ = ["extract_json", "normalize_key", "parse_spotting", "clean_output", "token_confidence", "flatten_value"]

_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.S)
_FULLWIDTH = str.maketrans({"｛": "{", "｝": "}", "：": ":", "，": ",", "“": '"', "”": '"', "‘": "'", "’": "'",
                            "［": "[", "］": "]", "＂": '"'})
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_SPOT_TAIL = re.compile(r"\((\d{1,4}),\s*(\d{1,4})\),\s*\((\d{1,4}),\s*(\d{1,4})\)")
_REF_QUAD = re.compile(r"<ref>(.*?)</ref>\s*<quad>\((\d+),(\d+)\),\((\d+),(\d+)\)</quad>", re.S)
_KEY_STRIP = re.compile(r"[\s\W_]+", re.U)


def clean_output(text: str) -> str:
    """Strip and apply the official tail-repetition cleanup."""
    from .engines.repetition import clean_repeated_substrings

    return clean_repeated_substrings((text or "").strip())


def _balanced(text: str, start: int) -> str | None:
    """The JSON object/array starting at ``start`` (string-aware bracket matching), or None if unclosed."""
    open_ch = text[start]
    close_ch = "}" if open_ch == "{" else "]"
    depth, in_str, quote, esc = 0, False, "", False
    for i in range(start, len(text)):
        ch = text[i]
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == quote:
                in_str = False
        elif ch in "\"'":
            in_str, quote = True, ch
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return text[start:i + 1] if ch == close_ch else None
    return None


def _loads(candidate: str) -> Any:
    for attempt in (candidate, _TRAILING_COMMA.sub(r"\1", candidate)):
        try:
            return json.loads(attempt)
        except (ValueError, RecursionError):  # deeply nested junk (found by tests/test_fuzz.py)
            pass
        try:
            return ast.literal_eval(attempt)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            pass
    return None


def extract_json(text: str, *, expect: type = dict) -> Any:
    """The first JSON object (or array with ``expect=list``) in model text; :class:`OutputParseError` if none."""
    if not isinstance(text, str) or not text.strip():
        raise OutputParseError("the model returned no text")
    if len(text) > 2_000_000:
        raise OutputParseError("the model output is too long to parse (over 2 MB)")
    candidates = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    opener = "{" if expect is dict else "["
    for cand in candidates:
        for variant in (cand, cand.translate(_FULLWIDTH)):
            stripped = variant.strip()
            data = _loads(stripped) if stripped[:1] == opener else None
            if isinstance(data, expect):
                return data
            pos = variant.find(opener)
            tries = 0
            while pos != -1 and tries < 20:
                block = _balanced(variant, pos)
                if block is not None:
                    data = _loads(block)
                    if isinstance(data, expect):
                        return data
                pos = variant.find(opener, pos + 1)
                tries += 1
    kind = "object" if expect is dict else "array"
    preview = text.strip().replace("\n", " ")[:120]
    raise OutputParseError(f"no JSON {kind} found in the model output: {preview!r}")


def normalize_key(key: Any) -> str:
    """A label reduced for matching: NFKC, case-folded, without spaces and punctuation."""
    return _KEY_STRIP.sub("", unicodedata.normalize("NFKC", str(key)).casefold())


def flatten_value(value: Any) -> str | None:
    """A scalar model value as a string (numbers kept as written, lists joined with spaces)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(value)
    if isinstance(value, (list, tuple)):
        parts = [flatten_value(v) for v in value]
        return " ".join(p for p in parts if p) or None
    if isinstance(value, dict):
        parts = [flatten_value(v) for v in value.values()]
        return " ".join(p for p in parts if p) or None
    text = str(value).strip()
    return text or None


def parse_spotting(text: str, width: int, height: int, page: int = 0) -> list[Line]:
    """Lines from spotting output: ``text(x1,y1),(x2,y2)...``, ``<ref>…</ref><quad>…</quad>`` or a JSON array.

    Coordinates are HunyuanOCR's 0–1000 grid; they come back as pixels of a ``width`` × ``height`` page.
    """
    text = (text or "").strip()
    lines: list[Line] = []
    if text.startswith("[") or text.startswith("```"):
        try:
            items = extract_json(text, expect=list)
        except OutputParseError:
            items = []
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                box = item.get("box") or item.get("bbox")
                if isinstance(box, list) and len(box) == 4 and all(isinstance(v, (int, float)) for v in box):
                    lines.append(Line(item["text"], Box.from_normalized(box, width=width, height=height),
                                      page=page))
        if lines:
            return lines
    for m in _REF_QUAD.finditer(text):
        coords = [int(v) for v in m.groups()[1:]]
        lines.append(Line(m.group(1).strip(), Box.from_normalized(coords, width=width, height=height), page=page))
    if lines:
        return lines
    pos = 0
    for m in _SPOT_TAIL.finditer(text):
        label = text[pos:m.start()].strip()
        pos = m.end()
        if not label:
            continue
        coords = [min(1000, int(v)) for v in m.groups()]
        lines.append(Line(label, Box.from_normalized(coords, width=width, height=height), page=page))
    return lines


def token_confidence(tokens: list[TokenScore] | None, output: str, value: str | None) -> float | None:
    """Confidence of ``value`` from the generated tokens that spell it in ``output``.

    The tokens' texts are laid end to end over the output; the value's first occurrence selects
    the overlapping tokens, whose mean log-probability gives ``exp(mean)`` in 0–1.

    >>> toks = [TokenScore('{"a": "', -0.01), TokenScore('12', -0.2), TokenScore('34', -0.4), TokenScore('"}', 0.0)]
    >>> round(token_confidence(toks, '{"a": "1234"}', "1234"), 3)
    0.741
    """
    if not tokens or not value:
        return None
    joined = "".join(t.text for t in tokens)
    start = joined.find(value)
    if start == -1:
        start = output.find(value)
        if start == -1 or joined != output:
            return None
    end = start + len(value)
    pos, picked = 0, []
    for tok in tokens:
        nxt = pos + len(tok.text)
        if nxt > start and pos < end:
            picked.append(tok.logprob)
        pos = nxt
        if pos >= end:
            break
    if not picked:
        return None
    return max(0.0, min(1.0, math.exp(sum(picked) / len(picked))))
