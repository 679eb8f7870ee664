"""Every public parser, fed junk: it returns a value or raises a FieldError subclass, quickly.

Never TypeError/KeyError/IndexError, never a hang: inputs include None, bytes, numbers, control
characters, emoji, random unicode, and 10 kB strings built to trip regex backtracking.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

import pytest

from docextract.errors import FieldError
from docextract.normalize import TYPE_NAMES, normalize_value
from docextract.normalize import amounts, capital, countries, dates, enums, identifiers, mrz, numbers, phone, text

SEX = {"male": ("男", "M"), "female": ("女", "F")}
TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"


def _random_unicode(rng: random.Random, n: int) -> str:
    out = []
    while len(out) < n:
        cp = rng.choice([rng.randint(0x20, 0x7E), rng.randint(0x80, 0x2FFF), rng.randint(0x3000, 0x9FFF),
                         rng.randint(0xAC00, 0xD7A3), rng.randint(0xFF00, 0xFFEF), rng.randint(0x1F300, 0x1FAFF)])
        out.append(chr(cp))
    return "".join(out)


def _junk() -> list[object]:
    rng = random.Random(20261123)
    items: list[object] = [
        None, "", " ", "\t\n", "€", "¥", "$", "元", "%", "-", "+", "()", "<", "１２３", "１２３４５６７８", "\x00",
        "\x00" * 50, "\ufeff", "\u200b" * 10, "😀", "👨‍👩‍👧" * 20, "ⓧ", "⊗整", "年月日", "0", "00000000",
        b"123", 123, 12.5, Decimal("1.5"), float("nan"), ["2024-01-01"], {"a": 1}, object(), dt.date(2024, 1, 1),
        "x" * 10_000, "1" * 10_000, "9" * 10_001, "<" * 10_000, "壹" * 3000, "一" * 3000, "年" * 3000,
        "1," * 5000, "1." * 5000, "1 " * 5000, "(" * 5000 + "1" + ")" * 5000, "-" * 10_000, "a1" * 5000,
        "2024-" * 2000, "P<" * 5000, ("A" * 44 + "\n") * 200, (TD3 + "\n") * 60, "RM" * 5000, "€1" * 5000,
        "１" * 10_000, "\n" * 10_000, "December " * 1000, "13:" * 3000, "壹佰" * 3000,
    ]
    items += [_random_unicode(rng, rng.randint(1, 40)) for _ in range(40)]
    items += [_random_unicode(rng, 2000) for _ in range(3)]
    return items


JUNK = _junk()

#: every public parser, with the extra arguments it needs
CALLS = {
    "text.clean_text": text.clean_text,
    "text.clean_text(fullwidth, upper)": lambda s: text.clean_text(s, fullwidth=True, uppercase=True),
    "text.to_halfwidth": text.to_halfwidth,
    "dates.parse_date": dates.parse_date,
    "dates.parse_date(en_US)": lambda s: dates.parse_date(s, locale="en_US"),
    "dates.parse_date(de, year_first)": lambda s: dates.parse_date(s, locale="de", year_first=True),
    "dates.parse_time": dates.parse_time,
    "dates.parse_mrz_date": dates.parse_mrz_date,
    "dates.parse_mrz_date(future)": lambda s: dates.parse_mrz_date(s, future=True),
    "amounts.parse_amount": amounts.parse_amount,
    "amounts.parse_amount(fr)": lambda s: amounts.parse_amount(s, locale="fr"),
    "amounts.parse_money": amounts.parse_money,
    "amounts.parse_money(de, EUR)": lambda s: amounts.parse_money(s, locale="de", default_currency="EUR"),
    "amounts.parse_currency": amounts.parse_currency,
    "capital.parse_capital": capital.parse_capital,
    "capital.parse_chinese_integer": capital.parse_chinese_integer,
    "capital.to_capital": capital.to_capital,
    "numbers.parse_integer": numbers.parse_integer,
    "numbers.parse_decimal": numbers.parse_decimal,
    "numbers.parse_decimal(de)": lambda s: numbers.parse_decimal(s, locale="de"),
    "numbers.parse_percent": numbers.parse_percent,
    "enums.parse_enum": lambda s: enums.parse_enum(s, SEX),
    "identifiers.normalize_id": identifiers.normalize_id,
    "identifiers.normalize_id(mrz)": lambda s: identifiers.normalize_id(s, ("mrz",)),
    "identifiers.ric_birth_date": identifiers.ric_birth_date,
    "identifiers.ric_sex": identifiers.ric_sex,
    "identifiers.ric_region": identifiers.ric_region,
    "phone.parse_phone": phone.parse_phone,
    "phone.parse_phone(CN)": lambda s: phone.parse_phone(s, region="CN"),
    "countries.parse_country": countries.parse_country,
    "mrz.parse_mrz": mrz.parse_mrz,
    "mrz.check_digit": mrz.check_digit,
}
for _fmt in ("cn.ric", "cn.uscc", "iban", "luhn", "vatin", "isbn", "in.aadhaar", "cn.invoice_code",
             "cn.invoice_number", "cn.invoice_check_code", "mrz", "no.such_format"):
    CALLS[f"identifiers.validate_id({_fmt})"] = lambda s, f=_fmt: identifiers.validate_id(s, f)
for _type in TYPE_NAMES:
    CALLS[f"normalize_value({_type})"] = lambda s, t=_type: normalize_value(t, s, values=SEX, formats=("cn.ric",))

#: predicates that must never raise and always answer a bool (or None/str for detect_currency)
NEVER_RAISE = {
    "dates.is_valid_date": dates.is_valid_date,
    "capital.is_capital": capital.is_capital,
    "enums.is_valid_enum": lambda s: enums.is_valid_enum(s, SEX),
    "identifiers.is_known_format": identifiers.is_known_format,
    "identifiers.is_valid_id(cn.ric)": lambda s: identifiers.is_valid_id(s, "cn.ric"),
    "identifiers.is_valid_id(iban)": lambda s: identifiers.is_valid_id(s, "iban"),
    "identifiers.check_digit(cn.ric)": lambda s: identifiers.check_digit(s, "cn.ric"),
    "identifiers.check_digit(luhn)": lambda s: identifiers.check_digit(s, "luhn"),
    "identifiers.ric_region_known": identifiers.ric_region_known,
    "identifiers.ric_province": identifiers.ric_province,
    "phone.is_valid_phone": phone.is_valid_phone,
    "countries.is_valid_country": countries.is_valid_country,
    "amounts.detect_currency": amounts.detect_currency,
    "amounts.is_valid_amount": amounts.is_valid_amount,
    "numbers.is_valid_number": numbers.is_valid_number,
    "mrz.find_mrz_lines": lambda s: mrz.find_mrz_lines(s.splitlines() if isinstance(s, str) else s),
}

#: generous per-call guard (the slowest real call is a few ms; this catches hangs, not regressions)
GUARD_S = 1.0


def test_every_public_parser_is_covered():
    """A new public parse_* function must be added to CALLS."""
    modules = (text, dates, amounts, capital, numbers, enums, identifiers, phone, countries, mrz)
    public = {f"{m.__name__.rsplit('.', 1)[1]}.{name}" for m in modules for name in m.__all__
              if name.startswith(("parse_", "clean_", "to_", "normalize_", "validate_", "ric_", "check_"))}
    covered = {key.split("(")[0] for key in CALLS} | {key.split("(")[0] for key in NEVER_RAISE}
    assert public <= covered, public - covered


@pytest.mark.parametrize("name", sorted(CALLS))
def test_junk_gives_a_value_or_a_field_error(name):
    fn = CALLS[name]
    for warm in ("15 mars 2024", "2024-03-15", "12.50"):  # one-off import and table-loading costs
        try:
            fn(warm)
        except FieldError:
            pass
    slowest = (0.0, None)
    for value in JUNK:
        start = time.perf_counter()
        try:
            fn(value)
        except FieldError as exc:
            assert str(exc), (name, value)
        except Exception as exc:  # noqa: BLE001 - the point of the test
            pytest.fail(f"{name}({str(value)[:40]!r}) raised {type(exc).__name__}: {exc}")
        elapsed = time.perf_counter() - start
        slowest = max(slowest, (elapsed, str(value)[:30]), key=lambda t: t[0])
    assert slowest[0] < GUARD_S, (name, slowest)


@pytest.mark.parametrize("name", sorted(NEVER_RAISE))
def test_predicates_never_raise(name):
    fn = NEVER_RAISE[name]
    for value in JUNK:
        start = time.perf_counter()
        try:
            result = fn(value)
        except Exception as exc:  # noqa: BLE001
            pytest.fail(f"{name}({str(value)[:40]!r}) raised {type(exc).__name__}: {exc}")
        assert result is None or isinstance(result, (bool, str, list)), (name, result)
        assert time.perf_counter() - start < GUARD_S, (name, str(value)[:30])


def test_junk_values_that_are_valid_give_correct_values():
    """Some 'junk' is a real value in disguise: full-width digits, a date object as text."""
    assert numbers.parse_integer("１２３") == 123
    assert amounts.parse_amount("１２３") == Decimal(123)
    assert dates.parse_date("１２３４５６７８".replace("１２３４", "２０２４").replace("５６７８", "０３１５")) == dt.date(2024, 3, 15)
    assert capital.to_capital(123) == "壹佰贰拾叁圆整"
    assert text.clean_text("\x00") == ""
    assert mrz.check_digit("<" * 10_000) == "0"
