"""Chinese resident identity card rules (GB 11643-1999; 居民身份证法 Art. 5).

The ID number's checksum is a field-level check (``checks: [cn.ric]``); these rules compare the
number with the other printed fields, and check the ethnicity and the back side's validity period.

>>> import datetime as dt
>>> ctx = CheckContext(values={"id_number": "11010519491231002X", "birth_date": dt.date(1949, 12, 31),
...                            "sex": "female"})
>>> [c.status for c in run_rule("cn_ric_birth_date", ctx, {}) + run_rule("cn_ric_sex", ctx, {})]
['pass', 'pass']
>>> normalize_ethnicity("汉族"), normalize_ethnicity("维吾尔"), normalize_ethnicity("火星")
('汉', '维吾尔', None)
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from typing import Any

from ..data import terms
from ..errors import InvalidFormat
from . import CheckContext, rule, run_rule  # noqa: F401  (run_rule: used by the doctests)
from .common import add_years, is_no_expiry, no_expiry_words, parse_period, years_between

__all__ = ["ETHNICITIES", "normalize_ethnicity", "closest_ethnicity", "repair_ethnic_names", "expected_validity_years",
           "cn_ric_birth_date", "cn_ric_sex", "cn_ric_region", "cn_ethnicity", "cn_id_validity_period",
           "cn_issuing_authority"]

#: the 56 officially recognised ethnic groups, as printed on the card (without 族), official order
#: (docextract/data/lexicon_cn.txt, the list the field finder reads too)
ETHNICITIES = terms("ethnic_groups")
_ETHNICITY_SET = frozenset(ETHNICITIES)
_LOOKALIKE = dict(e.split() for e in terms("ethnic_lookalikes"))
#: traditional-character spellings seen on scans of older cards / OCR output
_TRADITIONAL = {"漢": "汉", "維吾爾": "维吾尔", "滿": "满", "東鄉": "东乡", "納西": "纳西", "景頗": "景颇",
                "柯爾克孜": "柯尔克孜", "達斡爾": "达斡尔", "畬": "畲", "烏孜別克": "乌孜别克", "俄羅斯": "俄罗斯",
                "鄂溫克": "鄂温克", "塔塔爾": "塔塔尔", "獨龍": "独龙", "鄂倫春": "鄂伦春", "門巴": "门巴",
                "僳僳": "傈僳"}


def normalize_ethnicity(text: Any) -> str | None:
    """The official short name (``汉``) of a printed ethnicity, with or without ``族``; ``None`` if unknown."""
    if not isinstance(text, str):
        return None
    t = "".join(unicodedata.normalize("NFKC", text).split())
    t = t.removeprefix("民族").lstrip(":：")
    t = _TRADITIONAL.get(t, t)
    if t in _ETHNICITY_SET:
        return t
    if t.endswith("族"):
        t = _TRADITIONAL.get(t[:-1], t[:-1])
        if t in _ETHNICITY_SET:
            return t
    return None


def closest_ethnicity(text: str) -> str | None:
    """The ethnic group ``text`` names, allowing ``族`` and the recogniser's look-alikes
    (``[ethnic_lookalikes]`` of the lexicon); None if none or unsure.

    >>> closest_ethnicity("汊"), closest_ethnicity("维吾尓"), closest_ethnicity("仏佬")   # 仫佬 or 仡佬: unsure
    ('汉', '维吾尔', None)
    """
    import re

    t = re.sub(r"\s+", "", text or "").removesuffix("族")
    fixed = "".join(_LOOKALIKE.get(c, c) for c in t)
    for v in (t, fixed, fixed[:1] if fixed and fixed == fixed[0] * len(fixed) else ""):   # 漢汉: read twice
        if v in _ETHNICITY_SET:
            return v
    for g in sorted(ETHNICITIES, key=len, reverse=True):
        if len(g) > 1 and t.startswith(g):
            return g
    near = [g for g in ETHNICITIES if len(g) == len(fixed) >= 2 and sum(a != b for a, b in zip(g, fixed)) == 1]
    return near[0] if len(near) == 1 else None   # one character misread in a longer name (维吾尓)


def repair_ethnic_names(text: str) -> str:
    """``text`` (an address) with a look-alike read for a one-character ethnic group's name before
    ``族`` put right (``[ethnic_lookalikes]``): ``凉山舞族自治州`` → ``凉山彝族自治州``.

    >>> repair_ethnic_names("四川省凉山舞族自治州冕宁县"), repair_ethnic_names("藏族羌族自治州")
    ('四川省凉山彝族自治州冕宁县', '藏族羌族自治州')
    """
    import re

    return re.sub("(.)(?=族)", lambda m: _LOOKALIKE.get(m.group(1), m.group(1))
                  if m.group(1) not in _ETHNICITY_SET else m.group(1), text or "")


def _ric(ctx: CheckContext, id_field: str) -> str | None:
    """The ID number, compacted, if it has the 18-character shape (else the field check reports it)."""
    v = ctx.value(id_field)
    if not isinstance(v, str):
        return None
    n = "".join(unicodedata.normalize("NFKC", v).split()).upper()
    if len(n) != 18 or not n[:17].isdigit() or not (n[17].isdigit() or n[17] == "X"):
        return None
    return n


@rule("cn_ric_birth_date")
def cn_ric_birth_date(ctx: CheckContext, *, id_field: str = "id_number", birth_field: str = "birth_date"):
    """The printed birth date equals digits 7–14 of the ID number."""
    from ..normalize.identifiers import ric_birth_date

    n, printed = _ric(ctx, id_field), ctx.value(birth_field)
    if n is None or not isinstance(printed, _dt.date):
        return None
    fields = [birth_field, id_field]
    try:
        coded = ric_birth_date(n)
    except (ValueError, KeyError):  # InvalidComponent is a ValueError
        return ctx.result("fail", f"digits 7–14 of {id_field} ({n[6:14]}) are not a date; the printed "
                                  f"{birth_field} is {printed.isoformat()}", fields)
    if coded == printed:
        return ctx.result("pass", f"{birth_field} {printed.isoformat()} matches the ID number", fields)
    return ctx.result("fail", f"{birth_field} is {printed.isoformat()} but the ID number encodes "
                              f"{coded.isoformat()} (digits {n[6:14]})", fields)


_SEX_WORDS = {"male": "male", "m": "male", "男": "male", "female": "female", "f": "female", "女": "female"}


@rule("cn_ric_sex")
def cn_ric_sex(ctx: CheckContext, *, id_field: str = "id_number", sex_field: str = "sex"):
    """The printed sex matches the parity of digit 17 of the ID number (odd = male, even = female)."""
    from ..normalize.identifiers import ric_sex

    n, printed = _ric(ctx, id_field), ctx.value(sex_field)
    if n is None or printed in (None, ""):
        return None
    printed_sex = _SEX_WORDS.get(str(getattr(printed, "value", printed)).strip().casefold())
    if printed_sex is None:
        return None  # not a sex the rule understands (the enum check reports it)
    coded = ric_sex(n)
    fields = [sex_field, id_field]
    parity = "odd" if int(n[16]) % 2 else "even"
    if coded == printed_sex:
        return ctx.result("pass", f"{sex_field} {printed_sex} matches digit 17 of the ID number ({n[16]}, {parity})",
                          fields)
    return ctx.result("fail", f"{sex_field} is {printed_sex} but digit 17 of the ID number is {n[16]} ({parity}), "
                              f"which means {coded}", fields)


@rule("cn_ric_region")
def cn_ric_region(ctx: CheckContext, *, id_field: str = "id_number"):
    """Digits 1–6 are a known GB/T 2260 region code (warn if not: codes get retired, or a digit was misread)."""
    from ..normalize.identifiers import ric_region, ric_region_known

    n = _ric(ctx, id_field)
    if n is None:
        return None
    if ric_region_known(n):
        try:
            parts = ric_region(n)
        except (ValueError, KeyError):
            parts = {}
        place = "".join(v for k, v in parts.items() if v and v not in ("市辖区", "县"))
        return ctx.result("pass", f"region code {n[:6]} is known{f' ({place})' if place else ''}", [id_field])
    return ctx.result("warn", f"region code {n[:6]} of the ID number is not in the GB/T 2260 table "
                              "(a retired code, or a misread digit)", [id_field])


@rule("cn_ethnicity")
def cn_ethnicity(ctx: CheckContext, *, field: str = "ethnicity"):
    """The ethnicity is one of the 56 official names (``汉`` or ``汉族``); warn otherwise."""
    v = ctx.value(field)
    if not isinstance(v, str) or not v.strip():
        return None
    canon = normalize_ethnicity(v)
    if canon is None:
        return ctx.result("warn", f"{field} {v!r} is not one of the 56 official ethnic groups", [field])
    return ctx.result("pass", f"{field} {canon} is an official ethnic group", [field])


# ----------------------------------------------------------------------------------------------- back side

def expected_validity_years(age_at_issue: int) -> int | None:
    """Validity by age at issue (Art. 5): under 16 → 5 years, 16–25 → 10, 26–45 → 20, 46+ → ``None`` (长期).

    >>> [expected_validity_years(a) for a in (15, 16, 25, 26, 45, 46)]
    [5, 10, 10, 20, 20, None]
    """
    if age_at_issue < 16:
        return 5
    if age_at_issue <= 25:
        return 10
    if age_at_issue <= 45:
        return 20
    return None


def _period(ctx: CheckContext, from_field: str, until_field: str, period_field: str | None):
    """(start, end, fields used); end is None for 长期; start None when unknown; raises InvalidFormat."""
    words = no_expiry_words(ctx, until_field) + no_expiry_words(ctx, period_field)
    start, end = ctx.value(from_field), ctx.value(until_field)
    fields = [from_field, until_field]
    no_end = is_no_expiry(ctx.raw.get(until_field), words)
    if isinstance(start, _dt.date) and (isinstance(end, _dt.date) or no_end):
        return start, (None if no_end else end), fields, True
    text = ctx.value(period_field) if period_field else None
    if isinstance(text, str) and text.strip():
        s, e = parse_period(text, words)
        return s, e, [period_field], True
    return None, None, fields, False


@rule("cn_id_validity_period")
def cn_id_validity_period(ctx: CheckContext, *, from_field: str = "valid_from", until_field: str = "valid_until",
                          period_field: str | None = None, birth_field: str | None = None,
                          id_field: str | None = None):
    """The validity period lasts exactly 5, 10 or 20 years (same month and day) or is 长期.

    With ``birth_field`` or ``id_field`` (a front-and-back schema), the length must also fit the
    holder's age at issue (Art. 5), and the card cannot start before the birth date.
    """
    try:
        start, end, fields, found = _period(ctx, from_field, until_field, period_field)
    except InvalidFormat as exc:
        return ctx.result("fail", f"{period_field}: {exc.message} (read {ctx.value(period_field)!r})",
                          [period_field] if period_field else [])
    if not found or start is None:
        return None
    out = []
    if start > ctx.today + _dt.timedelta(days=1):
        out.append(ctx.result("fail", f"the card is valid from {start.isoformat()}, a date in the future", fields))
    if end is None:
        years: int | None = None
        out.append(ctx.result("pass", f"valid from {start.isoformat()} without expiry (长期)", fields))
    else:
        years = next((y for y in (5, 10, 20) if add_years(start, y) == end
                      or (start.month, start.day) == (2, 29) and end == _dt.date(start.year + y, 3, 1)), None)
        if years is None:
            span = f"{start.isoformat()} to {end.isoformat()}"
            return [ctx.result("fail", f"the validity period {span} is not 5, 10 or 20 years to the day", fields)]
        out.append(ctx.result("pass", f"the validity period {start.isoformat()} to {end.isoformat()} "
                                      f"is {years} years", fields))
    birth = ctx.value(birth_field) if birth_field else None
    src = [birth_field]
    if not isinstance(birth, _dt.date) and id_field:
        src = [id_field]
        from ..normalize.identifiers import ric_birth_date

        raw_id = ctx.value(id_field)
        try:
            birth = ric_birth_date("".join(str(raw_id).split()).upper()) if raw_id else None
        except (ValueError, KeyError):
            birth = None
    if isinstance(birth, _dt.date):
        if start < birth:
            out.append(ctx.result("fail", f"the card is valid from {start.isoformat()}, before the holder's birth "
                                          f"date {birth.isoformat()}", [*fields, *src]))
            return out
        age = years_between(birth, start)
        want = expected_validity_years(age)
        got = "长期" if years is None else f"{years} years"
        exp = "长期" if want is None else f"{want} years"
        if want != years:
            out.append(ctx.result("warn", f"the holder was {age} at issue ({start.isoformat()}), so the card should "
                                          f"be valid for {exp}, but it is valid for {got}", [*fields, *src]))
        else:
            out.append(ctx.result("pass", f"a {got} validity fits the holder's age at issue ({age})",
                                  [*fields, *src]))
    return out


_AUTHORITY_ENDINGS = ("公安局", "分局", "公安处", "公安厅", "出入境管理局", "公安分局")


@rule("cn_issuing_authority")
def cn_issuing_authority(ctx: CheckContext, *, field: str = "issuing_authority"):
    """签发机关 names a public security bureau (ends with 公安局 / 分局 …); warn otherwise (a misread?)."""
    v = ctx.value(field)
    if not isinstance(v, str) or not v.strip():
        return None
    text = "".join(unicodedata.normalize("NFKC", v).split())
    if text.endswith(_AUTHORITY_ENDINGS):
        return ctx.result("pass", f"{field} {text} is a public security bureau", [field])
    return ctx.result("warn", f"{field} {text!r} does not end with 公安局 or 分局, as an issuing authority does",
                      [field])
