"""Runaway repetition: the official HunyuanOCR tail-repetition early stop and cleanup, in pure Python.

Greedy decoding of a small VLM sometimes falls into a loop on dense pages and would run until
``max_new_tokens`` ("tens of minutes for a single image"). The official inference code therefore

* checks the generated text for a back-to-back repeated tail during generation — first after 4000
  characters, then every 1000 — and stops the stream when found (:class:`TailRepetitionGuard`,
  :func:`has_tail_repetition`: a unit of up to 256 characters repeated at least 8 times), and
* cleans the final text by keeping a single copy of a tail unit repeated at least 10 times
  (:func:`clean_repeated_substrings`; the 1.0 code only looks at texts of 8000+ characters,
  1.5 at 2000+ — the 1.5 setting is the default here).

Reimplemented from that description. One deliberate addition: the repeated run must also cover
``min_span`` characters (200 by default), so a check that happens to land inside a legitimate
short run — a markdown rule ``|--------|``, a row of empty ``<td></td>`` cells, a dot leader —
neither stops generation nor loses text. Real loops run for thousands of characters.

>>> text = "发票号码: 42609332\\n" + "合计" * 150
>>> has_tail_repetition(text)
True
>>> len(text), len(clean_repeated_substrings("正文" * 1000 + text))
(315, 2017)
>>> clean_repeated_substrings("| a |\\n|--------|")   # short legitimate runs are kept
'| a |\\n|--------|'
"""

from __future__ import annotations

__all__ = ["has_tail_repetition", "clean_repeated_substrings", "TailRepetitionGuard", "repeated_tail"]


def repeated_tail(text: str, *, min_repeats: int, max_unit: int, min_span: int = 0,
                  min_unit: int = 1) -> tuple[int, int] | None:
    """``(unit_length, count)`` of the shortest tail unit repeated back to back ``min_repeats``+ times.

    The run (``unit_length * count`` characters) must also cover ``min_span`` characters.

    >>> repeated_tail("xyzabcabcabc", min_repeats=3, max_unit=5)
    (3, 3)
    >>> repeated_tail("abcdef", min_repeats=2, max_unit=3) is None
    True
    """
    n = len(text)
    for unit in range(max(1, min_unit), max_unit + 1):
        if unit * min_repeats > n:
            break
        tail = text[n - unit:]
        count = 1
        pos = n - unit
        while pos - unit >= 0 and text[pos - unit:pos] == tail:
            count += 1
            pos -= unit
        if count >= min_repeats and unit * count >= min_span:
            return unit, count
    return None


def has_tail_repetition(text: str, min_repeats: int = 8, max_unit: int = 256, *, window: int = 8000,
                        min_span: int = 200) -> bool:
    """True when the last ``window`` characters end in a unit (≤ ``max_unit`` chars) repeated ``min_repeats``+ times.

    >>> has_tail_repetition("ab" * 100 + "。" * 8, min_span=0)
    True
    >>> has_tail_repetition("ab" * 100 + "。" * 8)      # 8 characters are not a runaway loop
    False
    """
    return repeated_tail(text[-window:], min_repeats=min_repeats, max_unit=max_unit, min_span=min_span) is not None


def clean_repeated_substrings(text: str, *, min_length: int = 2000, min_repeats: int = 10,
                              min_span: int = 200) -> str:
    """Keep one copy of a tail unit repeated ``min_repeats``+ times; texts under ``min_length`` are untouched.

    Units of 1 to ``len(text) // 10`` characters are tried, shortest first. Use ``min_length=8000``
    for the HunyuanOCR 1.0 behaviour.

    >>> clean_repeated_substrings("前文" * 1000 + "表格" + "<td></td>" * 300).endswith("表格<td></td>")
    True
    >>> clean_repeated_substrings("短文本" + "啊" * 300)   # under min_length: unchanged
    '短文本...啊'
    """
    if not text or len(text) < min_length:
        return text
    found = repeated_tail(text, min_repeats=min_repeats, max_unit=len(text) // 10, min_span=min_span)
    if found is None:
        return text
    unit, count = found
    return text[:len(text) - unit * (count - 1)]


class TailRepetitionGuard:
    """Stateful streaming check: call :meth:`check` with the text generated so far (as it grows).

    The tail is examined once the text reaches ``first_check`` characters and then each time it has
    grown by another ``every`` characters, like the official streaming client.

    >>> guard = TailRepetitionGuard(first_check=40, every=10, min_span=20)
    >>> guard.check("普通的文字" * 3)
    False
    >>> guard.check("开头" + "循环" * 30)
    True
    >>> guard.triggered_at
    62
    """

    def __init__(self, *, first_check: int = 4000, every: int = 1000, min_repeats: int = 8, max_unit: int = 256,
                 window: int = 8000, min_span: int = 200) -> None:
        self.first_check, self.every = first_check, every
        self.min_repeats, self.max_unit, self.window, self.min_span = min_repeats, max_unit, window, min_span
        self.next_check = first_check
        self.triggered_at: int | None = None

    def due(self, length: int) -> bool:
        """Whether a text of ``length`` characters should be examined now."""
        return self.triggered_at is None and length >= self.next_check

    def check(self, text: str) -> bool:
        """True once the text ends in a runaway loop (and from then on)."""
        if self.triggered_at is not None:
            return True
        if len(text) < self.next_check:
            return False
        while self.next_check <= len(text):
            self.next_check += self.every
        if has_tail_repetition(text, self.min_repeats, self.max_unit, window=self.window, min_span=self.min_span):
            self.triggered_at = len(text)
            return True
        return False
