"""One chat completion from an OpenAI-compatible server, streamed or not, into one :class:`Answer`.

A streamed answer arrives as server-sent events (``data: {chunk}`` lines, ``data: [DONE]`` last);
each chunk's ``choices[0].delta.content`` adds text and ``choices[0].logprobs.content`` adds token
scores; with ``stream_options.include_usage`` a last chunk carries ``usage``. :class:`Answer`
gathers them and runs the repetition guard as the text grows: once the tail repeats, the caller
stops reading and closes the stream, and the server aborts the request.

>>> ans = Answer(guard=TailRepetitionGuard(first_check=40, every=10, min_span=20))
>>> ans.feed('{"choices": [{"delta": {"content": "开头"}}]}')
False
>>> ans.feed('{"choices": [{"delta": {"content": "' + "循环" * 30 + '"}}]}')
True
>>> ans.finish, ans.text[:4]
('repetition', '开头循环')
>>> Answer().feed('{"error": {"message": "boom", "code": 500}}')
Traceback (most recent call last):
...
docextract.engines.vllm_stream.StreamError: boom
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .repetition import TailRepetitionGuard

__all__ = ["Answer", "StreamError", "server_message"]


class StreamError(Exception):
    """An error object the server sent inside the stream (after a 200 status)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Answer:
    """Text, token log-probabilities, finish reason and usage of one completion as it arrives."""

    guard: TailRepetitionGuard | None = None
    parts: list = field(default_factory=list)
    logprobs: list | None = field(default_factory=list)
    finish: str | None = None
    usage: dict = field(default_factory=dict)
    model: str | None = None
    chunks: int = 0
    _length: int = 0
    _text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self.parts)
        return self._text

    def feed(self, data: str) -> bool:
        """Take one event's data; True when generation should stop now (repetition)."""
        try:
            chunk = json.loads(data)
        except ValueError:
            raise StreamError(f"the stream carried something that is not JSON: {data[:200]!r}") from None
        if not isinstance(chunk, dict):
            raise StreamError(f"the stream carried a JSON {type(chunk).__name__}, not a chunk object")
        if "error" in chunk:
            err = chunk["error"]
            msg = err.get("message") if isinstance(err, dict) else err
            code = err.get("code") if isinstance(err, dict) else None
            raise StreamError(str(msg)[:500], code if isinstance(code, int) else None)
        self.chunks += 1
        self.model = chunk.get("model") or self.model
        if isinstance(chunk.get("usage"), dict):
            self.usage = chunk["usage"]
        choices = chunk.get("choices") or []
        if not choices or not isinstance(choices[0], dict):
            return False
        choice = choices[0]
        delta = choice.get("delta") or choice.get("message") or {}
        piece = delta.get("content") if isinstance(delta, dict) else None
        if isinstance(piece, str) and piece:
            self.parts.append(piece)
            self._length += len(piece)
            self._text = None
        self._add_logprobs(choice.get("logprobs"))
        if choice.get("finish_reason"):
            self.finish = choice["finish_reason"]
        if self.guard is not None and self.guard.due(self._length) and self.guard.check(self.text):
            self.finish = "repetition"
            return True
        return False

    def _add_logprobs(self, logprobs) -> None:
        if self.logprobs is None:
            return
        content = logprobs.get("content") if isinstance(logprobs, dict) else None
        if isinstance(content, list):
            self.logprobs.extend(content)
        elif self.parts:  # text came without scores: none for the answer
            self.logprobs = None

    def complete(self, data: dict) -> None:
        """Take a whole (non-streamed) chat completion body."""
        choice = data["choices"][0]
        text = choice["message"]["content"] or ""
        if not isinstance(text, str):
            raise TypeError("message content is not text")
        self.parts, self._text, self._length = [text], text, len(text)
        self.logprobs = []
        self._add_logprobs(choice.get("logprobs"))  # parts is never empty here: no scores → None
        self.finish = choice.get("finish_reason")
        self.usage = data.get("usage") or {}
        self.model = data.get("model")


def server_message(resp) -> str:
    """The error message a server put in its body (vLLM, OpenAI and FastAPI shapes), else the raw text."""
    try:
        data = resp.json()
    except ValueError:
        return resp.text.strip()[:300] or resp.reason_phrase
    if isinstance(data, dict):
        err = data.get("error")
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])
        for key in ("message", "detail", "error"):
            if data.get(key):
                return str(data[key])
    return str(data)[:300]
