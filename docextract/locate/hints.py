"""Layout hints: the optional ``hints:`` mapping of a schema field, read by the CPU field finder.

Unknown keys and bad values raise :class:`~docextract.errors.SchemaError` naming the schema file
and the field, like every other schema mistake. The keys are documented in ``docs/schemas.md``
("Layout hints for the CPU engine").

>>> from docextract.schema import FieldSpec
>>> field_hints(FieldSpec("total", "amount", hints={"keywords": "NETT", "prefer": "last"}))["keywords"]
['NETT']
>>> field_hints(FieldSpec("total", "amount", hints={"prefer": "most"}))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
docextract.errors.SchemaError: field 'total': hints.prefer must be one of best, first, last, ... (got 'most')
"""

from __future__ import annotations

from typing import Any

from ..data import lexicon_names
from ..errors import SchemaError
from ..kinds import KINDS
from .spell import WORD_LISTS

__all__ = ["HINT_KEYS", "field_hints", "validate_hints"]

#: every hint key, with the values it accepts (a tuple of choices, a function giving them, or a type)
HINT_KEYS: dict[str, Any] = {
    "keywords": list,            # extra words that mark the value, tried after the labels
    "exclude_keywords": list,    # a label on a line holding one of these is not this field's
    "stop_keywords": list,       # with paid: more words of a payment line (the lexicons' amount_tendered)
    "position": ("top", "bottom", "left", "right", "any"),
    "direction": ("right", "below", "any"),
    "lines": int,                # the most lines a value may span (addresses)
    "prefer": ("best", "first", "last", "largest", "smallest"),
    "fallback": ("none", "first", "last", "largest", "smallest"),   # found by type alone: which one
    "near": str,                 # another field this one is printed near (found first)
    "kind": lambda: tuple(sorted(KINDS)),   # a block kind of docextract.kinds (organisation, address, mrz ...)
    "mrz": ("surname", "given_names", "document_number", "nationality", "birth_date", "sex", "expiry_date",
            "issuing_country", "document_type", "optional_data"),
    "rounded_within": float,     # with paid: the most a rounded total differs from the exact one
    "dated": bool,               # the document's own date, chosen on scored evidence (scoring.score_dates)
    "paid": bool,                # the amount due, chosen on scored evidence (docextract.scoring.score_due)
    "scan": bool,                # look for the value by its type when no label is found (default true)
    "labels": bool,              # look for the value next to its labels (default true)
    "lexicon": list,             # lexicons to read with (data/lexicon_*.txt); cn_ethnic_groups, cn_names: lists
    "section": list,             # labels count only level with a line printing one of these (购买方)
    "column": list,              # values right of the label count only under one of these headers (税额)
    "range_of": str,             # not found or found by type alone: one end of this field's printed range
    "part": ("start", "end"),    # which end (with range_of)
    "from_id": str,              # not found: take what this field's identifier encodes (birth date, sex)
    "words": list,               # word lists misread words are repaired against (locate.spell.WORD_LISTS)
}


def validate_hints(spec, hints: dict | None = None, *, file: str | None = None) -> dict:
    """A checked copy of ``spec.hints`` (or ``hints``), word lists made lists; ``file`` names the
    schema file in errors."""
    def _err(spec, message: str) -> SchemaError:
        return SchemaError(message, file=file, line=getattr(spec, "line", None), field=spec.name)

    raw = dict(spec.hints if hints is None else hints)
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in HINT_KEYS:
            raise _err(spec, f"unknown hint {key!r}; known hints: {', '.join(sorted(HINT_KEYS))}")
        kind = HINT_KEYS[key]
        if kind is list:
            value = [value] if isinstance(value, (str, int, float)) else value
            if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
                raise _err(spec, f"hints.{key} must be a word or a list of words")
            value = [str(v) for v in value]
            known = {"words": tuple(WORD_LISTS),
                     "lexicon": (*lexicon_names(), "cn_ethnic_groups", "cn_names")}.get(key, value)
            if any(v not in known for v in value):
                raise _err(spec, f"hints.{key}: unknown {'word list' if key == 'words' else key} "
                                 f"{next(v for v in value if v not in known)!r}; known: {', '.join(known)}")
        elif kind is int:
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 20:
                raise _err(spec, f"hints.{key} must be a whole number from 1 to 20 (got {value!r})")
        elif kind is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1000:
                raise _err(spec, f"hints.{key} must be a number from 0 to 1000 (got {value!r})")
            value = float(value)
        elif kind is bool:
            if not isinstance(value, bool):
                raise _err(spec, f"hints.{key} must be true or false (got {value!r})")
        elif kind is str:
            if not isinstance(value, str):
                raise _err(spec, f"hints.{key} must be a field name (got {value!r})")
        elif value not in (kind := kind() if callable(kind) else kind):
            raise _err(spec, f"hints.{key} must be one of {', '.join(kind)} (got {value!r})")
        out[key] = value
    return out


_cache: dict[int, tuple[Any, dict]] = {}


def field_hints(spec, file: str | None = None) -> dict:
    """:func:`validate_hints` of a field, cached per FieldSpec object."""
    hit = _cache.get(id(spec))
    if hit is not None and hit[0] is spec:
        return hit[1]
    checked = validate_hints(spec, file=file)
    if len(_cache) > 4096:
        _cache.clear()
    _cache[id(spec)] = (spec, checked)
    return checked
