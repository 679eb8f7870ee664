"""``Result``: the typed record, per-field detail (raw text, value, confidence, box, page) and checks.

>>> from docextract import validate
>>> r = validate({"name": "张三", "sex": "男"}, schema="cn_id_card")
>>> r.fields["sex"].raw, r.fields["sex"].value, r.record.sex.value
('男', 'male', 'male')
>>> [c.code for c in r.checks if c.status == "fail"][:2]
['ethnicity.required', 'birth_date.required']
>>> r.to_dict()["schema"]
{'name': 'cn_id_card', 'version': '1.0'}
"""

from __future__ import annotations

import json
import warnings
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .checks import Check, Status
from .codes import Code
from .doctype import Classification
from .records import RecordBase
from .types import Line

__all__ = ["FieldResult", "Result", "OcrResult", "FieldStatus", "CheckStatus"]

#: what became of a field: found and valid, not found, found but not valid, or a printed "no end date" /
#: "not applicable" word (长期, 免税) kept as such
FieldStatus = Literal["ok", "missing", "invalid", "no_expiry", "not_applicable"]
#: a check's outcome
CheckStatus = Status


def _short(value: Any, width: int = 40) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


class _Failed(list):
    """``Result.failed`` was a method: calling the list still works, with a DeprecationWarning."""

    def __call__(self) -> list:
        warnings.warn("Result.failed is a property now; use result.failed, not result.failed()",
                      DeprecationWarning, stacklevel=2)
        return list(self)


class FieldResult(BaseModel):
    """One field as read and as normalised."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    name: str
    #: the text as read (None when the field was not found)
    raw: str | None = None
    #: the normalised value (date, Decimal, enum value, ...; None when missing or invalid)
    value: Any = None
    confidence: float | None = None
    #: pixel box (x1, y1, x2, y2) on ``page``
    box: tuple[int, int, int, int] | None = None
    page: int = 0
    status: FieldStatus = "missing"
    error: str | None = None
    #: how the value was found: model, label, type, hint, inferred, input
    source: str = ""
    #: the printed line(s) the value was found in (grounding)
    evidence: str | None = None
    #: other readings kept: the model's answer when the page's reading won or the field abstained, or the page's
    alternatives: list[str] = []
    #: where each of ``alternatives`` came from: ``model`` (the VLM's answer), ``page`` (the printed line), ``qr``
    alternative_sources: list[str] = []
    #: line items of a list field, one mapping of column -> FieldResult per item
    items: list[dict[str, "FieldResult"]] | None = None

    def to_dict(self) -> dict:
        return self.model_dump(mode="json", exclude_none=False)


class OcrResult(BaseModel):
    """Text lines with pixel boxes, from ``docextract.ocr``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    lines: list[Line]
    text: str
    engine: str = ""
    model: str | None = None
    revision: str | None = None
    pages: list[tuple[int, int]] = []
    seconds: float | None = None

    def to_dict(self) -> dict:
        return {"text": self.text, "lines": [ln.to_dict() for ln in self.lines], "engine": self.engine,
                "model": self.model, "revision": self.revision, "pages": [list(p) for p in self.pages],
                "seconds": self.seconds}


class Result(BaseModel):
    """What ``extract`` and ``validate`` return."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    schema_name: str
    schema_version: str = "1"
    record: RecordBase
    fields: dict[str, FieldResult]
    checks: list[Check] = []
    raw_output: str | None = None
    engine: str | None = None
    model: str | None = None
    revision: str | None = None
    #: OCR lines the fields were found in (OCR-only engines, or the spotting pass of a VLM)
    lines: list[Line] = []
    #: (width, height) of each page as the engine saw it
    pages: list[tuple[int, int]] = []
    timings: dict[str, float] = {}
    #: keys in the model's answer that match no field (kept, never dropped)
    extra: dict[str, Any] = {}
    source: str | None = None
    sha256: str | None = None
    #: ``schema="auto"``: which schema was recognised, how sure, every candidate's score
    classification: Classification | None = None
    #: QR codes and barcodes decoded from the pages (any schema)
    codes: list[Code] = []
    #: images of the pages, kept for drawing (not serialised)
    images: list[Any] = Field(default_factory=list, exclude=True, repr=False)

    @property
    def ok(self) -> bool:
        """True when no check failed."""
        return not any(c.status == "fail" for c in self.checks)

    @property
    def failed(self) -> list[Check]:
        """The checks that failed (a property, like :attr:`ok`)."""
        return _Failed(c for c in self.checks if c.status == "fail")

    def to_dict(self) -> dict:
        """JSON-ready: schema name and version, engine, model revision, timings, record, fields, checks."""
        return {
            "schema": {"name": self.schema_name, "version": self.schema_version},
            "engine": self.engine, "model": self.model, "revision": self.revision,
            "ok": self.ok,
            "record": self.record.model_dump(mode="json"),
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "checks": [c.model_dump(mode="json") for c in self.checks],
            "raw_output": self.raw_output,
            "extra": json.loads(json.dumps(self.extra, default=str, ensure_ascii=False)),
            "pages": [list(p) for p in self.pages],
            "lines": [ln.to_dict() for ln in self.lines],
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "source": self.source, "sha256": self.sha256,
            "classification": self.classification.to_dict() if self.classification else None,
            "codes": [c.to_dict() for c in self.codes],
        }

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)

    def to_table(self) -> str:
        """A plain-text table: field, value, raw text, confidence, status; then the checks.

        >>> from docextract import validate
        >>> print(validate({"total": "RM 9.00"}, schema="receipt").to_table().splitlines()[0])
        receipt (no engine)
        """
        rows = [("field", "value", "raw", "conf", "status")]
        for name, fr in self.fields.items():
            value = fr.value
            if fr.items is not None:
                value = f"{len(fr.items)} item(s)"
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            conf = "" if fr.confidence is None else f"{fr.confidence:.2f}"
            rows.append((name, _short(value), _short(fr.raw, 30), conf, fr.status))
        widths = [max(len(str(r[i])) for r in rows) for i in range(5)]
        out = [f"{self.schema_name} ({self.engine or 'no engine'})"]
        out += ["  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
        out.append("")
        for c in self.checks:
            mark = {"pass": "ok  ", "warn": "WARN", "fail": "FAIL"}[c.status]
            out.append(f"[{mark}] {c.code}: {c.message}")
        return "\n".join(out)

    def _repr_html_(self) -> str:
        from .viz import result_html

        return result_html(self)

    def draw(self, **kwargs: Any):
        """The first page (or ``page=``) with each field's box and name drawn on it (a PIL image)."""
        from .viz import draw_result

        return draw_result(self, **kwargs)
