"""``FIELD_TYPES``: the one table of field types — what a schema may declare, the Python type of the
value in a record, the normaliser and the options it takes, and how the CPU finder cuts a value of
the type out of a line. A new type is one row here (plus its normaliser).

Functions are named ``"module:function"`` and imported when first used (as the engine registry
does), so this module imports nothing of docextract and every layer may read it.

>>> sorted(FIELD_TYPES)[:4]
['amount', 'country', 'currency', 'date']
>>> FIELD_TYPES["amount"].python.__name__, FIELD_TYPES["amount"].pick
('Decimal', 'last')
>>> FIELD_TYPES["date"].parser()("2024年3月15日", day_first=None)
datetime.date(2024, 3, 15)
"""

from __future__ import annotations

import datetime as _dt
import importlib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable

__all__ = ["FieldType", "FIELD_TYPES", "resolve"]


@lru_cache(maxsize=None)
def resolve(target: str) -> Callable:
    """The function named by ``"module:function"``."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class FieldType:
    """One field type."""

    name: str
    #: the value's Python type in a record (None: generated per field — enum classes, item lists)
    python: Any
    #: ``"module:function"`` turning the text as read into the value (None: not a scalar)
    parse: str | None = None
    #: normalisation options (from the field, the schema, the call) passed to it as keywords
    options: tuple[str, ...] = ()
    #: what else it takes from the field: ``values`` (enum aliases) or ``formats`` (identifier checks)
    takes: str | None = None
    #: ``"module:function"`` giving the spans of values of this type in a line (the CPU finder)
    spans: str | None = None
    #: which span a labelled line's value is: the first printed, or the last (amounts follow labels)
    pick: str = "first"
    #: confidence of a value found by its type alone, with no label
    scan_factor: float = 0.75

    def parser(self) -> Callable:
        if self.parse is None:
            raise KeyError(f"type {self.name!r} has no parser")
        return resolve(self.parse)

    def find_spans(self, text: str, options: dict | None = None) -> list[tuple[int, int]] | None:
        """Spans of values of this type in ``text`` (None when the type has no span finder)."""
        if self.spans is None:
            return None
        o = options or {}
        if self.name == "date":
            return resolve(self.spans)(text, day_first=o.get("day_first", True), year_first=o.get("year_first"))
        return resolve(self.spans)(text)


_N = "docextract.normalize."
_V = "docextract.locate.values:"

FIELD_TYPES: dict[str, FieldType] = {t.name: t for t in (
    FieldType("text", str, _N + "text:clean_text", ("fullwidth", "uppercase")),
    FieldType("date", _dt.date, _N + "dates:parse_date", ("day_first", "year_first", "locale"),
              spans=_V + "find_dates"),
    FieldType("time", _dt.time, _N + "dates:parse_time", spans=_V + "find_times"),
    FieldType("amount", Decimal, _N + "amounts:parse_amount", ("locale",), spans=_V + "find_amounts", pick="last",
              scan_factor=0.6),
    FieldType("integer", int, _N + "numbers:parse_integer", ("locale",)),
    FieldType("decimal", Decimal, _N + "numbers:parse_decimal", ("locale",)),
    FieldType("percent", Decimal, _N + "numbers:parse_percent"),
    FieldType("enum", None, _N + "enums:parse_enum", takes="values"),
    FieldType("id", str, _N + "identifiers:normalize_id", takes="formats"),
    FieldType("phone", str, _N + "phone:parse_phone", ("region",), spans=_V + "find_phones", scan_factor=0.6),
    FieldType("currency", str, _N + "amounts:parse_currency"),
    FieldType("country", str, _N + "countries:parse_country"),
    FieldType("list", None),
)}
