"""Record classes: one pydantic model per schema, built once with ``create_model`` and cached.

Every field is optional (``None`` when not found): a missing required field is reported as a
``fail`` check, not raised, so a partial extraction is never lost.

>>> from docextract.schema import load_schema
>>> Model = load_schema("cn_id_card").record_model
>>> Model.__name__
'CnIdCardRecord'
>>> r = Model(name="张三", sex="male", birth_date="1949-12-31")
>>> r.birth_date, r.sex.value
(datetime.date(1949, 12, 31), 'male')
"""

from __future__ import annotations

import enum
from typing import Annotated, Any, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

from .fieldtypes import FIELD_TYPES

__all__ = ["RecordBase", "ItemBase", "build_record_model", "python_type"]


class RecordBase(BaseModel):
    """Base of every generated record class."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False, ser_json_inf_nan="constants")

    def to_dict(self) -> dict:
        """JSON-ready values (ISO dates, decimal strings, enum values)."""
        return self.model_dump(mode="json")


class ItemBase(RecordBase):
    """Base of generated line-item classes."""


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def python_type(spec, owner: str) -> Any:
    """The Python type of a field (enums and line items become generated classes)."""
    if spec.type == "enum":
        return enum.Enum(f"{owner}{_camel(spec.name)}", {v.upper() if v.isidentifier() else f"V_{i}": v
                                                         for i, v in enumerate(spec.values)}, type=str)
    if spec.type == "list":
        item_model = _build(spec.fields, f"{owner}{_camel(spec.name)}Item", ItemBase)
        return list[item_model]
    return FIELD_TYPES[spec.type].python


def _build(fields, model_name: str, base: type) -> type:
    definitions: dict[str, Any] = {}
    for spec in fields:
        typ = python_type(spec, model_name.removesuffix("Record"))
        desc = spec.description or spec.label("en")
        extra = {"labels": {k: list(v) for k, v in spec.labels.items()}, "docextract_type": spec.type}
        if spec.required:
            extra["required_on_document"] = True
        default = [] if spec.type == "list" else None
        annotated = Annotated[Optional[typ], Field(default=default, description=desc, json_schema_extra=extra)]
        definitions[spec.name] = (annotated, default)
    return create_model(model_name, __base__=base, **definitions)


def build_record_model(schema) -> type[RecordBase]:
    """Generate the record class of ``schema`` (called once per schema by ``Schema.record_model``)."""
    model = _build(schema.fields, f"{_camel(schema.name)}Record", RecordBase)
    model.__doc__ = schema.title or schema.name
    return model
