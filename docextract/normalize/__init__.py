"""Normalisers: one small module per value type, one uniform API.

Each module offers ``parse_<kind>(text, **options)`` returning the normalised value or raising a
:class:`~docextract.errors.FieldError` subclass (usually ``InvalidFormat``), and ``is_valid``
variants that never raise. :func:`normalize_value` looks the field type up in
:data:`~docextract.fieldtypes.FIELD_TYPES`.

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
from ..fieldtypes import FIELD_TYPES

__all__ = ["normalize_value", "TYPE_NAMES"]

#: the scalar types (every row of :data:`~docextract.fieldtypes.FIELD_TYPES` with a parser)
TYPE_NAMES = tuple(name for name, t in FIELD_TYPES.items() if t.parse is not None)


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
    ftype = FIELD_TYPES.get(type_name)
    if ftype is None or ftype.parse is None:
        raise FieldError(f"no normaliser for type {type_name!r}")
    kwargs = {k: o[k] for k in ftype.options if o.get(k) is not None}
    if ftype.takes == "values":
        return ftype.parser()(raw, values or {})
    if ftype.takes == "formats":
        return ftype.parser()(raw, formats)
    return ftype.parser()(raw, **kwargs)
