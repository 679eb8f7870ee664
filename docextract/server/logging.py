"""Request logs on stdout: FC's ``FC Invoke Start/End RequestId`` markers and one JSON line per request.

Field values never appear in clear: names and identifier numbers are masked, and free text in
error messages has its digit runs masked.

>>> mask_value("张三丰")
'张**'
>>> mask_value("11010519491231002X")
'110***********002X'
>>> mask_value("Li")
'L*'
>>> mask_text("id_number: 11010519491231002X is not valid")
'id_number: 110***********002X is not valid'
>>> mask_fields({"name": "张三", "id_number": "11010519491231002X", "sex": None})
{'name': '张*', 'id_number': '110***********002X', 'sex': None}
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import time
from typing import Any

__all__ = ["mask_value", "mask_text", "mask_fields", "RequestLog", "get_logger", "fc_marker"]

_DIGITS = re.compile(r"[0-9][0-9Xx\- ]{4,}[0-9Xx]")
_lock = threading.Lock()


def mask_value(value: Any) -> Any:
    """Keep only the ends of a value: the first character of short text, 3 + 4 characters of long ids."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, dict):
        return {k: mask_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_value(v) for v in value]
    text = str(value)
    if len(text) >= 10:
        return text[:3] + "*" * (len(text) - 7) + text[-4:]
    if len(text) <= 1:
        return "*" * len(text)
    return text[0] + "*" * (len(text) - 1)


def mask_text(text: str) -> str:
    """Mask every run of 6+ digits (identifier numbers, phone numbers) inside free text."""
    return _DIGITS.sub(lambda m: mask_value(m.group(0)), text or "")


def mask_fields(values: dict | None) -> dict:
    """Masked copy of a record's field values (for logs)."""
    return {k: mask_value(v) for k, v in (values or {}).items()}


def get_logger() -> logging.Logger:
    """The ``docextract.server`` logger: bare messages on the process's stdout (FC collects it to SLS)."""
    logger = logging.getLogger("docextract.server")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.__stdout__ or sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def fc_marker(kind: str, phase: str, request_id: str) -> None:
    """Print ``FC Invoke Start RequestId: <id>`` (kind Invoke/Initialize/PreStop, phase Start/End)."""
    get_logger().info("FC %s %s RequestId: %s", kind, phase, request_id)


class RequestLog:
    """Collects what one request did and writes it as a single JSON line when it ends."""

    def __init__(self, request_id: str, method: str, path: str, **extra: Any) -> None:
        self.t0 = time.perf_counter()
        self.data: dict[str, Any] = {"request_id": request_id, "method": method, "path": path}
        self.set(**extra)

    def set(self, **values: Any) -> None:
        self.data.update({k: v for k, v in values.items() if v is not None})

    def error(self, code: str, message: str) -> None:
        self.data["error"] = {"code": code, "message": mask_text(message)[:500]}

    def emit(self, status: int) -> dict:
        self.data["status"] = status
        self.data["latency_ms"] = round((time.perf_counter() - self.t0) * 1000, 1)
        line = json.dumps(self.data, ensure_ascii=False, default=str)
        with _lock:
            get_logger().info("%s", line)
        return self.data
