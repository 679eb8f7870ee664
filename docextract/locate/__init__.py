"""Schema-guided field finding in OCR lines, for OCR-only engines (RapidOCR on CPU).

:func:`find_fields` takes the text lines an engine read (with pixel boxes) and a schema, and
returns a :class:`~docextract.types.FieldCandidate` for each field it finds: next to a printed
label, by a layout hint of the schema, or by the value's type. See :mod:`.finder`.

>>> from docextract.types import Line
>>> from docextract.schema import load_schema
>>> found = find_fields([Line("TOTAL: 9.00", (10, 10, 200, 30), 0.99)], load_schema("receipt"), sizes=[(400, 600)])
>>> found["total"].raw, found["total"].source
('9.00', 'label')
"""

from .finder import find_fields, page_layouts
from .hints import HINT_KEYS, validate_hints

__all__ = ["find_fields", "page_layouts", "HINT_KEYS", "validate_hints"]
