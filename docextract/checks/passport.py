"""Passport rules: the machine-readable zone's check digits, and MRZ values against the visual zone.

>>> mrz = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\\n"
...        "L898902C36UTO7408122F1204159ZE184226B<<<<<10")
>>> ctx = CheckContext(values={"mrz": mrz})
>>> [c.status for c in run_rule("mrz_check_digits", ctx, {})]
['pass', 'pass', 'pass', 'pass', 'pass']
>>> latin_name("Eriksson / 埃里克松"), latin_name("ANNA<MARIA")
('ERIKSSON', 'ANNA MARIA')
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from typing import Any

from . import CheckContext, rule, run_rule  # noqa: F401  (run_rule: used by the doctests)
from ..errors import FieldError

__all__ = ["MRZ_FIELDS", "latin_name", "mrz_check_digits", "mrz_matches_fields"]

#: schema fields compared with the MRZ by default (MrzData attributes of the same names)
MRZ_FIELDS = ("document_number", "surname", "given_names", "nationality", "birth_date", "sex", "expiry_date",
              "issuing_country")
#: readable names of the ICAO 9303 check digits, by MrzData.checks key
_DIGIT_NAMES = {"document_number": "document number", "birth_date": "date of birth", "expiry_date": "date of expiry",
                "personal_number": "personal number", "optional_data": "optional data", "composite": "composite"}


def latin_name(text: Any) -> str:
    """A name reduced to what an MRZ can hold: A–Z without accents, words separated by single spaces."""
    t = unicodedata.normalize("NFKD", str(text or ""))
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).upper()
    t = t.replace("ß", "SS").replace("Æ", "AE").replace("Ø", "OE").replace("Å", "AA")
    return " ".join(re.sub(r"[^A-Z]+", " ", t).split())


def _sex(value: Any) -> str | None:
    v = str(getattr(value, "value", value) or "").strip().casefold()
    return {"m": "male", "male": "male", "男": "male", "f": "female", "female": "female", "女": "female",
            "x": "unspecified", "<": "unspecified", "unspecified": "unspecified"}.get(v)


def _country(value: Any) -> str | None:
    """A comparable country code: the ``country`` normaliser's code, or the upper-cased text."""
    if value in (None, ""):
        return None
    text = str(value).strip().upper().replace("<", "")
    try:
        from ..normalize.countries import parse_country

        return str(parse_country(text)).upper()
    except FieldError:  # an ICAO-only code (UTO, XXA, D) the normaliser does not know: compare as printed
        return text


def _parse(ctx: CheckContext, mrz_field: str):
    from ..errors import FieldError
    from ..normalize.mrz import parse_mrz

    text = ctx.value(mrz_field)
    if not isinstance(text, str) or not text.strip():
        return None, None
    try:
        return parse_mrz(text), None
    except FieldError as exc:
        return None, ctx.result("fail", f"{mrz_field} cannot be read as a machine-readable zone: {exc.message}",
                                [mrz_field])


@rule("mrz_check_digits")
def mrz_check_digits(ctx: CheckContext, *, mrz_field: str = "mrz"):
    """Each ICAO 9303 check digit of the MRZ (document number, birth date, expiry, optional data, composite)."""
    data, error = _parse(ctx, mrz_field)
    if error is not None or data is None:
        return error
    out = []
    for key, ok in data.checks.items():
        what = _DIGIT_NAMES.get(key, key.replace("_", " "))
        verdict = "matches" if ok else "does not match (a misread character?)"
        out.append(ctx.result("pass" if ok else "fail", f"MRZ check digit of the {what} {verdict}", [mrz_field]))
    return out


def _same(name: str, mrz_value: Any, value: Any) -> bool | None:
    """True/False when comparable, None when either side is empty."""
    if mrz_value in (None, "") or value in (None, ""):
        return None
    if name in ("surname", "given_names"):
        a, b = latin_name(mrz_value), latin_name(value)
        if not a or not b:
            return None
        # the MRZ truncates long names; a visual name with both scripts ("张/ZHANG") reduces to its Latin part
        return a == b or (len(a) >= 10 and b.startswith(a))
    if name in ("nationality", "issuing_country"):
        return _country(mrz_value) == _country(value)
    if name == "sex":
        s = _sex(value)
        return None if s is None else _sex(mrz_value) == s
    if isinstance(mrz_value, _dt.date) or isinstance(value, _dt.date):
        return mrz_value == value
    a = "".join(ch for ch in str(mrz_value).upper() if ch.isalnum())
    b = "".join(ch for ch in unicodedata.normalize("NFKC", str(value)).upper() if ch.isalnum())
    return a == b


def _show(v: Any) -> str:
    return v.isoformat() if isinstance(v, _dt.date) else str(getattr(v, "value", v))


@rule("mrz_matches_fields")
def mrz_matches_fields(ctx: CheckContext, *, mrz_field: str = "mrz", fields: list | None = None):
    """MRZ values equal the printed (visual-zone) fields of the same names; a mismatch warns.

    ``fields`` lists the schema fields to compare (default: every one of :data:`MRZ_FIELDS` present
    in the schema, or in the values when there is no schema).
    """
    data, error = _parse(ctx, mrz_field)
    if error is not None or data is None:
        return None  # mrz_check_digits reports an unreadable MRZ
    if fields is None:
        names = [n for n in MRZ_FIELDS if (n in ctx.schema.field_names if ctx.schema is not None else n in ctx.values)]
    else:
        names = [fields] if isinstance(fields, str) else list(fields)
    out, agreed = [], []
    for name in names:
        mrz_value, value = getattr(data, name, None), ctx.value(name)
        same = _same(name, mrz_value, value)
        if same is None:
            continue
        if same:
            agreed.append(name)
        else:
            out.append(ctx.result("warn", f"{name} reads {_show(value)!r} but the MRZ says {_show(mrz_value)!r}",
                                  [name, mrz_field]))
    if agreed and not out:
        out.append(ctx.result("pass", f"the MRZ agrees with {', '.join(agreed)}", [*agreed, mrz_field]))
    return out or None
