"""Mapping the keys of a model's JSON answer back to schema fields.

HunyuanOCR returns the printed labels it was given as keys, sometimes with other spacing, case,
punctuation, the other language, or nested (``{"购买方": {"名称": …}}``). Unknown keys are kept.

>>> from docextract.schema import load_schema_text
>>> s = load_schema_text('''name: t
... fields:
...   - {name: name, type: text, labels: {zh: 姓名, en: Name}}
...   - {name: total, type: amount, labels: {zh: [价税合计（小写）, 小写], en: Total}}
... ''')
>>> found, extra = map_output({"姓 名": "张三", "价税合计(小写)": "¥88.00", "备注": "x"}, s)
>>> found["name"].raw, found["total"].raw, extra
('张三', '¥88.00', {'备注': 'x'})
"""

from __future__ import annotations

from typing import Any

from .parsing import flatten_value, normalize_key
from .types import FieldCandidate

__all__ = ["label_index", "map_output"]


def label_index(fields) -> dict[str, str]:
    """normalised label / field name -> field name (first declaration wins on a clash)."""
    index: dict[str, str] = {}
    for spec in fields:
        for key in (*spec.all_labels(), spec.name, spec.name.replace("_", " ")):
            index.setdefault(normalize_key(key), spec.name)
    return index


def _lookup(index: dict[str, str], key: Any) -> str | None:
    nk = normalize_key(key)
    if not nk:
        return None
    if nk in index:
        return index[nk]
    # a label with a suffix/prefix the model added ("出生日期" for "出生", "发票号码:" ...)
    best = None
    for label, name in index.items():
        if len(label) >= 2 and (nk.startswith(label) or nk.endswith(label)) and len(nk) - len(label) <= 4:
            if best is None or len(label) > len(best[0]):
                best = (label, name)
    return best[1] if best else None


def _items(value: Any, spec) -> list[dict[str, FieldCandidate]]:
    rows = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
    index = label_index(spec.fields)
    out = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        item: dict[str, FieldCandidate] = {}
        for key, val in row.items():
            name = _lookup(index, key)
            text = flatten_value(val)
            if name and text is not None and name not in item:
                item[name] = FieldCandidate(raw=text, source="model")
        if item:
            out.append(item)
    return out


def map_output(data: dict, schema) -> tuple[dict[str, FieldCandidate], dict[str, Any]]:
    """Field candidates from a parsed JSON answer, and the keys that matched no field."""
    index = label_index(schema.fields)
    specs = {f.name: f for f in schema.fields}
    found: dict[str, FieldCandidate] = {}
    extra: dict[str, Any] = {}

    def visit(obj: dict, prefix: str) -> None:
        for key, val in obj.items():
            name = _lookup(index, prefix + str(key)) or (_lookup(index, key) if prefix else None)
            if name is None and isinstance(val, dict):
                visit(val, prefix + str(key))
                continue
            if name is None or name in found:
                extra[prefix + str(key)] = val
                continue
            spec = specs[name]
            if spec.type == "list":
                items = _items(val, spec)
                if items:
                    found[name] = FieldCandidate(items=items, source="model")
                elif val not in (None, "", []):
                    extra[prefix + str(key)] = val
                continue
            text = flatten_value(val)
            if text is not None:
                found[name] = FieldCandidate(raw=text, source="model")

    visit(data, "")
    return found, extra
