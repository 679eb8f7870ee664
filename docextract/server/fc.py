"""Function Compute event invocations: one JSON event, or the CloudEvents array a queue trigger delivers.

An event asks for a schema extraction or a prompt, with the document inline or by URL::

    {"schema": "cn_id_card", "image_base64": "...", "options": {"language": "en"}}
    {"prompt": "识别图片中的文字", "image_url": "https://bucket.oss-cn-shanghai.aliyuncs.com/a.jpg"}

Queue triggers (RocketMQ, MNS, Kafka, RabbitMQ through EventBridge) deliver a JSON array of
CloudEvents whose ``data`` carries the message body; :func:`split_events` finds the event in each.

>>> msg = {"prompt": "ocr", "image_base64": "aGk="}
>>> body = json.dumps([{"specversion": "1.0", "id": "m1", "data": {"body": json.dumps(msg)}}]).encode()
>>> [(e.id, e.payload["prompt"]) for e in split_events(body)]
[('m1', 'ocr')]
>>> split_events(b'{"schema": "receipt", "image_url": "https://x/a.png"}')[0].payload["schema"]
'receipt'
>>> decode_image_base64("data:image/png;base64,aGk=")
b'hi'
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from ..errors import ImageTooLarge, InputError
from .errors import MissingField
from .fetch import fetch_url, host_allowed, url_allowed

__all__ = ["Event", "split_events", "event_images", "decode_image_base64", "host_allowed", "url_allowed", "fetch_url",
           "EVENT_KEYS"]

EVENT_KEYS = frozenset({"schema", "schema_yaml", "prompt", "image_base64", "image_url"})
#: where message bodies sit inside the ``data`` of queue-trigger CloudEvents
_BODY_KEYS = ("body", "messageBody", "value", "message", "Message", "data")


@dataclass
class Event:
    """One event of an invocation: its id (CloudEvents ``id`` or ``None``), the request, or why it is bad."""

    id: str | None
    payload: dict | None = None
    error: InputError | None = None


def _loads(raw: Any, what: str) -> Any:
    if isinstance(raw, (bytes, bytearray)):
        try:
            raw = bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{what} is not UTF-8 JSON") from None
    try:
        return json.loads(raw)
    except RecursionError:
        raise InputError(f"{what} is nested too deeply") from None
    except (ValueError, TypeError):
        pass
    try:  # MNS may deliver base64-encoded message bodies
        return json.loads(base64.b64decode(raw, validate=True).decode("utf-8"))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, RecursionError):
        raise InputError(f"{what} is not JSON") from None


def _payload(data: Any, depth: int = 0) -> dict:
    if isinstance(data, (str, bytes, bytearray)) and depth < 4:
        return _payload(_loads(data, "the event data"), depth + 1)
    if isinstance(data, dict):
        if EVENT_KEYS & data.keys():
            return data
        for key in _BODY_KEYS:
            if key in data and depth < 4:
                return _payload(data[key], depth + 1)
    raise InputError("the event carries no docextract request: expected 'schema' or 'prompt' with "
                     "'image_base64' or 'image_url'")


def _one(raw: Any) -> Event:
    event_id = None
    try:
        if not isinstance(raw, dict):
            raise InputError(f"an event must be a JSON object, not {type(raw).__name__}")
        event_id = raw.get("id") if isinstance(raw.get("id"), (str, int)) else None
        if "specversion" in raw:  # a CloudEvent
            data = raw.get("data")
            if data is None and "data_base64" in raw:
                data = decode_image_base64(str(raw["data_base64"]))
            return Event(id=event_id, payload=_payload(data))
        return Event(id=event_id, payload=_payload(raw))
    except InputError as exc:
        return Event(id=str(event_id) if event_id is not None else None, error=exc)


def split_events(body: bytes, max_events: int | None = None) -> list[Event]:
    """The events of an ``/invoke`` body (one object, or an array of at most ``max_events``); raises
    InputError if not JSON at all, ImageTooLarge (413) for an array over the limit, before any work."""
    if not body or not body.strip():
        raise InputError("the event body is empty: send a JSON object or a CloudEvents array")
    data = _loads(body, "the event body")
    if isinstance(data, list):
        if not data:
            raise InputError("the CloudEvents array is empty")
        if max_events is not None and len(data) > max_events:
            raise ImageTooLarge(f"the CloudEvents array has {len(data)} events, more than this server's limit of "
                                f"{max_events} (DOCEXTRACT_MAX_EVENTS)")
        return [_one(item) for item in data]
    return [_one(data)]


def decode_image_base64(text: str) -> bytes:
    """Bytes of a base64 string (a ``data:...;base64,`` prefix is allowed)."""
    if not isinstance(text, str):
        raise InputError("image_base64 must be a string")
    if text.startswith("data:") and "," in text:
        text = text.split(",", 1)[1]
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise InputError("image_base64 is not valid base64") from None


async def event_images(payload: dict, *, allow: tuple[str, ...], max_bytes: int, timeout: float,
                       own_port: int | None = None) -> list[bytes]:
    """The document bytes of an event (``image_base64`` or ``image_url``, a string or a list)."""
    if "image_base64" in payload and "image_url" in payload:
        raise InputError("give either image_base64 or image_url, not both")
    if "image_base64" in payload:
        items = payload["image_base64"]
        items = items if isinstance(items, list) else [items]
        images = [decode_image_base64(x) for x in items]
    elif "image_url" in payload:
        items = payload["image_url"]
        items = items if isinstance(items, list) else [items]
        if not all(isinstance(x, str) for x in items):
            raise InputError("image_url must be a string or a list of strings")
        images = [await fetch_url(x, allow=allow, max_bytes=max_bytes, timeout=timeout, own_port=own_port)
                  for x in items]
    else:
        raise MissingField("send the document as image_base64 or image_url", field="image_base64")
    if not images:
        raise InputError("the event has an empty list of images")
    return images
