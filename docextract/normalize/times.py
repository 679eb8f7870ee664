"""Times of day as printed on documents: ``09:01``, ``9:01 PM``, ``21时05分``, ``下午2:30``, ``14h30``.

>>> parse_time("9:01 PM"), parse_time("21时05分")
(datetime.time(21, 1), datetime.time(21, 5))
"""

from __future__ import annotations

import datetime as _dt
import re

from ..errors import InvalidComponent, InvalidFormat
from ._util import prepare

__all__ = ["parse_time"]


_AMPM = re.compile(r"^(上午|下午|中午|晚上|凌晨|早上)\s*")
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?(?:\.\d{1,6})?\s*(?:([AaPp])\.?\s*[Mm]\.?)?$")


def parse_time(s: str) -> _dt.time:
    """A ``datetime.time`` from ``09:01``, ``9:01 PM``, ``21时05分``, ``下午2:30``, ``14:30:59``, ``14h30``.

    >>> parse_time("14:30:59"), parse_time("下午2:30"), parse_time("12:05 am")
    (datetime.time(14, 30, 59), datetime.time(14, 30), datetime.time(0, 5))
    """
    text = prepare(s, "time", max_len=40)
    marker = None
    m = _AMPM.match(text)
    if m:
        marker, text = m.group(1), text[m.end():]
    text = re.sub(r"\s*[时時点點]\s*", ":", text)
    text = re.sub(r"(?<=\d)h(?=\d{2}\b)", ":", text)
    text = re.sub(r"\s*分\s*", ":", text).replace("秒", "").strip().rstrip(":")
    m = _TIME.match(text)
    if not m or (m.group(2) is None and m.group(4) is None and marker is None):
        raise InvalidFormat(f"{s!r} is not a recognised time", value=s)
    hour, minute, second = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
    pm = (m.group(4) or "").lower() == "p" or marker in ("下午", "晚上") or (marker == "中午" and hour < 11)
    am = (m.group(4) or "").lower() == "a" or marker in ("上午", "凌晨", "早上")
    if pm or am:
        if not 1 <= hour <= 12:
            raise InvalidComponent(f"hour {hour} cannot go with AM/PM in {s!r}", value=s)
        hour = hour % 12 + (12 if pm else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise InvalidComponent(f"{s!r} is not a valid time of day", value=s)
    return _dt.time(hour, minute, second)
