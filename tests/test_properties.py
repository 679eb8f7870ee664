"""Property tests: format a value the way documents print it (babel, strftime, MRZ), parse it back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from docextract.normalize.amounts import parse_amount, parse_money
from docextract.normalize.capital import parse_capital, to_capital
from docextract.normalize.dates import parse_date
from docextract.normalize.mrz import check_digit
from docextract.normalize.numbers import parse_decimal, parse_integer

AMOUNT_LOCALES = ["en_US", "en_GB", "en_IN", "de_DE", "de_CH", "fr_FR", "es_ES", "it_IT", "nl_NL", "zh_CN",
                  "zh_HK", "ja_JP", "ko_KR", "ms_MY", "pt_BR", "ru_RU", "pl_PL", "sv_SE"]
CURRENCIES = [("CNY", "zh_CN"), ("CNY", "en_US"), ("EUR", "de_DE"), ("EUR", "fr_FR"), ("EUR", "nl_NL"),
              ("USD", "en_US"), ("USD", "zh_CN"), ("GBP", "en_GB"), ("MYR", "ms_MY"), ("HKD", "zh_HK"),
              ("CHF", "de_CH"), ("INR", "en_IN"), ("SGD", "en_SG")]
DATE_LOCALES = ["en_US", "en_GB", "en_CA", "en_IN", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR", "ru_RU",
                "zh_CN", "zh_TW", "ja_JP", "ko_KR", "ms_MY", "pl_PL", "sv_SE", "tr_TR", "vi_VN", "id_ID"]

cents = st.integers(min_value=0, max_value=99_999_999_999).map(lambda c: Decimal(c).scaleb(-2))
amounts = st.one_of(cents, st.integers(min_value=0, max_value=999_999).map(lambda c: Decimal(c).scaleb(-2)))


@settings(max_examples=300, deadline=None)
@given(amounts, st.sampled_from(AMOUNT_LOCALES))
def test_amount_round_trip_with_locale(value, locale):
    text = format_decimal(value, format="#,##0.00", locale=locale)
    assert parse_amount(text, locale=locale) == value


@settings(max_examples=300, deadline=None)
@given(amounts, st.sampled_from(AMOUNT_LOCALES))
def test_amount_round_trip_without_locale(value, locale):
    """With two decimals printed, the separator inference needs no locale."""
    text = format_decimal(value, format="#,##0.00", locale=locale)
    assert parse_amount(text) == value


@settings(max_examples=300, deadline=None)
@given(amounts, st.sampled_from(CURRENCIES))
def test_money_round_trip(value, pair):
    code, locale = pair
    text = format_currency(value, code, locale=locale)
    assert parse_money(text, locale=locale) == (value, code)
    assert parse_money("-" + text, locale=locale) == (-value, code)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-10 ** 15, max_value=10 ** 15), st.sampled_from(AMOUNT_LOCALES))
def test_integer_round_trip(value, locale):
    assert parse_integer(format_decimal(value, locale=locale), locale=locale) == value


@settings(max_examples=200, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-10 ** 12, max_value=10 ** 12, places=4))
def test_plain_decimal_text_is_read_as_written(value):
    assert parse_decimal(format(value, "f")) == value


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=1, max_value=99_999_999_999_999))
def test_capital_round_trip(c):
    value = Decimal(c).scaleb(-2)
    text = to_capital(value)
    assert parse_capital(text) == value
    assert parse_capital("⊗" + text) == value
    assert parse_capital(text.replace("圆", "元")) == value


dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
short_year_dates = st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2035, 12, 31))

FORMATS = [
    ("{d:%Y-%m-%d}", {}), ("{d.year}年{d.month}月{d.day}日", {}), ("{d:%Y年%m月%d日}", {}), ("{d:%Y.%m.%d}", {}),
    ("{d:%Y/%m/%d}", {}), ("{d:%Y%m%d}", {}), ("{d:%d.%m.%Y}", {}), ("{d:%d/%m/%Y}", {"day_first": True}),
    ("{d:%m/%d/%Y}", {"locale": "en_US"}), ("{d:%d %b %Y}", {}), ("{d:%d %B %Y}", {}), ("{d:%b %d, %Y}", {}),
    ("{d:%B %d, %Y}", {}), ("{d:%d-%b-%Y}", {}), ("{d:%d %b %Y}", {"upper": True}), ("{d:%Y %m %d}", {}),
    ("{d:%A, %d %B %Y}", {}),
]


@settings(max_examples=400, deadline=None)
@given(dates, st.sampled_from(FORMATS))
def test_date_round_trip_fixed_formats(value, fmt):
    pattern, options = fmt
    options = dict(options)
    text = pattern.format(d=value)
    if options.pop("upper", False):
        text = text.upper()
    assert parse_date(text, **options) == value


@settings(max_examples=300, deadline=None)
@given(dates, st.sampled_from(DATE_LOCALES), st.sampled_from(["medium", "long", "full"]))
def test_date_round_trip_babel(value, locale, width):
    text = format_date(value, width, locale=locale)
    assert parse_date(text, locale=locale) == value


@settings(max_examples=300, deadline=None)
@given(short_year_dates, st.sampled_from(DATE_LOCALES))
def test_date_round_trip_babel_short_two_digit_years(value, locale):
    text = format_date(value, "short", locale=locale)
    assert parse_date(text, locale=locale) == value


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789", min_size=6, max_size=6), st.integers(min_value=0, max_value=5),
       st.integers(min_value=1, max_value=9))
def test_mrz_check_digit_catches_any_single_digit_error(digits, pos, delta):
    changed = digits[:pos] + str((int(digits[pos]) + delta) % 10) + digits[pos + 1:]
    assert check_digit(changed) != check_digit(digits)
