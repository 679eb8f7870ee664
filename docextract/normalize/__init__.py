"""Normalisers: one small module per value type, one uniform API.

Each module offers ``parse_<kind>(text, **options)`` returning the normalised value or raising a
:class:`~docextract.errors.FieldError` subclass (usually ``InvalidFormat``), and ``is_valid``
variants that never raise. :func:`normalize_value` dispatches on a schema field type.

>>> normalize_value("date", "2024年3月15日")
datetime.date(2024, 3, 15)
>>> normalize_value("amount", "1.234,50", options={"locale": "de"})
Decimal('1234.50')
>>> normalize_value("enum", "男", values={"male": ("男", "M"), "female": ("女", "F")})
'male'
"""

from __future__ import annotations

from typing import Any

from ..errors import FieldError, InvalidFormat

__all__ = ["normalize_value", "TYPE_NAMES"]

TYPE_NAMES = ("text", "date", "time", "amount", "integer", "decimal", "percent", "enum", "id", "phone",
              "currency", "country")


def normalize_value(type_name: str, raw: Any, *, values: dict | None = None, options: dict | None = None,
                    formats: tuple[str, ...] = ()) -> Any:
    """Normalise ``raw`` (a string as read) to the Python value of ``type_name``.

    ``options`` carries the field's (merged with the schema's and the call's) normalisation options:
    ``locale``, ``day_first``, ``year_first``, ``default_currency``, ``fullwidth``, ``uppercase``, ``region``.
    ``formats`` are the identifier formats of an ``id`` field (``cn.ric``).
    """
    o = options or {}
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise InvalidFormat("the value is empty", value=raw)
    if not isinstance(raw, str):
        raw = str(raw)
    if type_name == "text":
        from .text import clean_text
        return clean_text(raw, fullwidth=o.get("fullwidth", False), uppercase=o.get("uppercase", False))
    if type_name == "date":
        from .dates import parse_date
        return parse_date(raw, day_first=o.get("day_first"), year_first=o.get("year_first"), locale=o.get("locale"))
    if type_name == "time":
        from .dates import parse_time
        return parse_time(raw)
    if type_name == "amount":
        from .amounts import parse_amount
        return parse_amount(raw, locale=o.get("locale"))
    if type_name == "integer":
        from .numbers import parse_integer
        return parse_integer(raw, locale=o.get("locale"))
    if type_name == "decimal":
        from .numbers import parse_decimal
        return parse_decimal(raw, locale=o.get("locale"))
    if type_name == "percent":
        from .numbers import parse_percent
        return parse_percent(raw)
    if type_name == "enum":
        from .enums import parse_enum
        return parse_enum(raw, values or {})
    if type_name == "id":
        from .identifiers import normalize_id
        return normalize_id(raw, formats)
    if type_name == "phone":
        from .phone import parse_phone
        return parse_phone(raw, region=o.get("region"))
    if type_name == "currency":
        from .amounts import parse_currency
        return parse_currency(raw)
    if type_name == "country":
        from .countries import parse_country
        return parse_country(raw)
    raise FieldError(f"no normaliser for type {type_name!r}")
