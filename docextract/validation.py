"""From raw field strings to a checked, typed :class:`~docextract.result.Result` (no engine involved).

Each field is normalised by its type, its identifier formats are verified, document rules run,
and the record is built. Nothing is raised for bad values: they become ``fail`` checks while the
raw text is kept.

>>> from docextract.schema import load_schema_text
>>> s = load_schema_text('''name: t
... fields:
...   - {name: total, type: amount, required: true}
...   - {name: tax_id, type: id, checks: [cn.uscc]}
... ''')
>>> r = build_result({"total": FieldCandidate(raw="￥1,234.50"), "tax_id": FieldCandidate(raw="91310106552993944D")}, s)
>>> r.record.total, [(c.code, c.status) for c in r.checks]
(Decimal('1234.50'), [('tax_id.cn.uscc', 'pass')])
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from .checks import Check, CheckContext, run_rule
from .errors import FieldError
from .normalize import normalize_value
from .options import ExtractOptions
from .result import FieldResult, Result
from .schema import field_options
from .types import FieldCandidate

__all__ = ["build_result", "field_options", "candidates_from_raw"]



def candidates_from_raw(raw: dict[str, Any], schema) -> dict[str, FieldCandidate]:
    """Candidates from user-given strings (``validate``); list fields take lists of dicts."""
    from .parsing import flatten_value

    out: dict[str, FieldCandidate] = {}
    names = set(schema.field_names)
    for key, val in (raw or {}).items():
        if key not in names:
            continue
        spec = schema.field(key)
        if spec.type == "list":
            rows = val if isinstance(val, list) else []
            out[key] = FieldCandidate(source="input", items=[
                {k: FieldCandidate(raw=flatten_value(v), source="input") for k, v in row.items()}
                for row in rows if isinstance(row, dict)])
        else:
            out[key] = FieldCandidate(raw=flatten_value(val), source="input")
    return out


def _invalid(fr: FieldResult, checks: list[Check], code: str, error: str, message: str, path: str) -> None:
    """Mark a field invalid, report a failing check, and halve the reading's confidence."""
    fr.status, fr.error = "invalid", error
    checks.append(Check(code=code, status="fail", message=message, fields=[path]))
    if fr.confidence is not None:
        fr.confidence = round(fr.confidence * 0.5, 4)


def _mark_restored(pattern: str, value: str) -> str | None:
    """``value`` with the mark that ``pattern`` (or one of its alternatives) opens with put back, when that
    makes it fit: a recogniser drops a small mark at the edge of a line (``*餐饮服务*餐费`` read without
    its first ``*``). None when no mark does.

    >>> _mark_restored(r"\\*[^*]+\\*.+|[^*]+", "餐饮服务*餐费"), _mark_restored(r"\\*[^*]+\\*.+|[^*]+", "餐费")
    ('*餐饮服务*餐费', None)
    >>> _mark_restored(r"#\\d{4}", "1458"), _mark_restored(r"[A-Z]\\d+", "12"), _mark_restored(r"\\*.+", "")
    ('#1458', None, None)
    """
    marks = re.findall(r"(?:^|\|)\^?(\\[^\w\s]|[^\w\s\\()\[\].^$|?+*{])", pattern)
    return next((m[-1] + value for m in marks if value and re.fullmatch(pattern, m[-1] + value)), None)


def _default_order(fr: FieldResult, raw: str, opts: dict, checks: list[Check], path: str) -> None:
    """A date that reads otherwise month first, read day first (the default) because nothing fixed the
    order: said in a warning, with the other reading (the page's own reason, where it had one, is its
    ``<field>.locale`` check instead)."""
    try:
        other = normalize_value("date", raw, options={**opts, "day_first": False})
    except FieldError:
        return
    if other != fr.value:
        checks.append(Check(code=f"{path}.locale", status="warn", fields=[path], message=f"{path}: {raw!r} read "
                            f"day first ({fr.value}), the default: neither the call, the schema nor the page (an "
                            f"unambiguous date, a currency mark, a place) fixes the order; month first it is {other}"))


def _normalise(spec, cand: FieldCandidate | None, opts: dict, checks: list[Check], path: str) -> FieldResult:
    fr = FieldResult(name=spec.name)
    if cand is not None:
        fr.raw, fr.confidence, fr.page, fr.source = cand.raw, cand.confidence, cand.page, cand.source
        fr.box = tuple(cand.box) if cand.box is not None else None
        fr.evidence, fr.alternatives = cand.evidence, list(cand.alternatives)
        fr.alternative_sources = (list(cand.alternative_sources) + [""] * len(fr.alternatives))[:len(fr.alternatives)]
    raw = fr.raw
    if cand is not None and cand.source == "reread" and raw:   # the page's first reading lost it
        checks.append(Check(code=f"{path}.reread", status="warn", fields=[path], message=f"{path}: read again "
                            "from its crop (a stamp or mark crossed it, or the recogniser's runner-up characters)"))
    if cand is not None and cand.options:   # what the page decided (its date order), with its reason
        opts = {**opts, **{k: v for k, v in cand.options.items()
                           if k not in ("why", "evidence", "lexicon", "misread", "by")}}
        if cand.options.get("misread") and raw and cand.options.get("by"):   # a digit misread (docextract.digitread)
            checks.append(Check(code=f"{path}.digit_read", status="warn", fields=[path], message=f"{path}: read "
                                f"{cand.options['misread']!r}, a digit taken for its look-alike as the page's "
                                f"amounts show ({cand.options['by']}): {raw}"))
        elif cand.options.get("misread") and raw:   # a currency mark read as a digit (docextract.markread.mark_read)
            checks.append(Check(code=f"{path}.mark_read", status="warn", fields=[path], message=f"{path}: read "
                                f"{cand.options['misread']!r}, its first character taken for a currency mark: {raw}"))
        if cand.options.get("evidence") and raw:   # why this candidate won (docextract.scoring)
            checks.append(Check(code=f"{path}.evidence", status="pass", message=f"{path}: {cand.options['evidence']}",
                                fields=[path]))
        if cand.options.get("why") and raw:
            checks.append(Check(code=f"{path}.locale", status="pass", message=f"{path}: {cand.options['why']}",
                                fields=[path]))
    if raw is None or not str(raw).strip():
        fr.raw = None
        if spec.required:
            checks.append(Check(code=f"{path}.required", status="fail",
                                message=f"required field '{path}' ({spec.label('en')}) was not found" + (
                                    "" if cand is None or cand.source != "hidden" else ": a stamp or watermark" + (
                                        f" ({cand.evidence})" if cand.evidence else "") + " covers where it is "
                                    f"printed, at {tuple(round(v) for v in cand.box)}"), fields=[path]))
        return fr
    # printed words that stand for "no value" rather than a bad value: 长期 (no expiry), 免税 / *** (exempt)
    for option in ("no_expiry", "not_applicable"):
        words = [str(v) for v in (opts.get(option) or [])]
        if words and any(word in raw for word in words):
            fr.status = option
            return fr
    try:
        fr.value = normalize_value(spec.type, raw, values=spec.values, options=opts, formats=spec.checks)
        fr.status = "ok"
    except FieldError as exc:
        _invalid(fr, checks, f"{path}.format", exc.message, f"{path}: {exc.message} (read {raw!r})", path)
        return fr
    if spec.type == "date" and opts.get("day_first") is None and not opts.get("locale"):
        _default_order(fr, raw, opts, checks, path)
    if spec.pattern and isinstance(fr.value, str) and not re.fullmatch(spec.pattern, fr.value):
        m = re.search(spec.pattern, fr.value)   # a mark around the value (ⓧ before capital numerals) dropped
        rest = fr.value[:m.start()] + fr.value[m.end():] if m else ""
        restored = _mark_restored(spec.pattern, fr.value)
        if m and re.fullmatch(spec.pattern, m.group()) and not re.search(r"\w", rest):
            fr.value = m.group()
        elif restored:
            fr.value = restored
            checks.append(Check(code=f"{path}.pattern", status="warn", fields=[path], message=f"{path}: the "
                                f"{restored[0]!r} its pattern opens with was not read; put back ({restored!r})"))
        else:
            fr.status, fr.error = "invalid", f"does not match the pattern {spec.pattern}"
            checks.append(Check(code=f"{path}.pattern", status="fail",
                                message=f"{path}: {fr.value!r} does not match {spec.pattern}", fields=[path]))
    for fmt in spec.checks:
        from .normalize.identifiers import validate_id

        try:
            validate_id(str(fr.value), fmt)
        except FieldError as exc:
            _invalid(fr, checks, f"{path}.{fmt}", exc.message, f"{path}: {exc.message} ({fmt})", path)
        else:
            checks.append(Check(code=f"{path}.{fmt}", status="pass", message=f"{path} is a valid {fmt}",
                                fields=[path]))
            if fr.confidence is not None:  # a passing checksum is strong evidence the reading is right
                fr.confidence = round(max(fr.confidence, 0.99), 4)
    return fr


def _infer_currency(schema, fields: dict[str, FieldResult], opts_for) -> None:
    from .normalize.amounts import detect_currency

    for spec in schema.fields:
        if spec.type != "currency" or fields[spec.name].raw:
            continue
        found = None
        for other in schema.fields:
            if other.type == "amount" and fields[other.name].raw:
                found = detect_currency(fields[other.name].raw)
                if found:
                    break
        found = found or opts_for(spec).get("default_currency")
        if found:
            fr = fields[spec.name]
            fr.raw, fr.value, fr.status, fr.source = None, found, "ok", "inferred"


def build_result(candidates: dict[str, FieldCandidate], schema, options: ExtractOptions | None = None,
                 **meta: Any) -> Result:
    """Normalise candidates, run field and document checks, build the record; ``meta`` fills Result fields."""
    from .digitread import mend_addends

    options = options or ExtractOptions()
    candidates = mend_addends(candidates, schema)   # a subtotal or a tax misread, the total's sum shows it
    checks: list[Check] = list(meta.pop("checks", []))
    fields: dict[str, FieldResult] = {}
    values: dict[str, Any] = {}
    raws: dict[str, Any] = {}
    for spec in schema.fields:
        cand = candidates.get(spec.name)
        opts = field_options(spec, schema, options)
        if spec.type == "list":
            fr = FieldResult(name=spec.name, items=[])
            if cand is not None:
                fr.box = tuple(cand.box) if cand.box is not None else None
                fr.source, fr.page, fr.confidence = cand.source, cand.page, cand.confidence
            rows, raw_rows = [], []
            for i, item in enumerate((cand.items or []) if cand else []):
                row_fr = {sub.name: _normalise(sub, item.get(sub.name), field_options(sub, schema, options), checks,
                                               f"{spec.name}[{i}].{sub.name}") for sub in spec.fields}
                fr.items.append(row_fr)
                rows.append({k: v.value for k, v in row_fr.items()})
                raw_rows.append({k: v.raw for k, v in row_fr.items()})
            fr.value, fr.status = rows, "ok" if rows else "missing"
            if not rows and spec.required:
                checks.append(Check(code=f"{spec.name}.required", status="fail",
                                    message=f"required field '{spec.name}' has no items", fields=[spec.name]))
            fields[spec.name], values[spec.name], raws[spec.name] = fr, rows, raw_rows
            continue
        fr = _normalise(spec, cand, opts, checks, spec.name)
        fields[spec.name], values[spec.name], raws[spec.name] = fr, fr.value, fr.raw
    _infer_currency(schema, fields, lambda s: field_options(s, schema, options))
    for name, fr in fields.items():
        values[name] = fr.value
    ctx = CheckContext(values=values, raw=raws, schema=schema, today=options.effective_today(),
                       tolerance=options.amount_tolerance, codes=list(meta.get("codes") or []))
    for spec in schema.checks:
        checks.extend(run_rule(spec.rule, ctx, dict(spec.params), spec.severity))
    if ctx.codes:  # a code that disagrees with the print: its reading is kept beside the printed one
        from .checks.qr import keep_qr_readings

        keep_qr_readings(fields, checks, ctx.codes, schema)
    record = _build_record(schema, values, fields, checks)
    return Result(schema_name=schema.name, schema_version=schema.version, record=record, fields=fields,
                  checks=checks, **meta)


def _build_record(schema, values: dict[str, Any], fields: dict[str, FieldResult], checks: list[Check]):
    model = schema.record_model
    data = dict(values)
    for _ in range(len(data) + 1):
        try:
            return model(**data)
        except ValidationError as exc:  # should not happen after normalisation; never lose the rest
            bad = str(exc.errors()[0]["loc"][0])
            if bad not in data:
                raise
            checks.append(Check(code=f"{bad}.type", status="fail",
                                message=f"{bad}: value {data[bad]!r} does not fit the record type", fields=[bad]))
            data[bad] = [] if isinstance(data[bad], list) else None
            fields[bad].status = "invalid"
    return model()
