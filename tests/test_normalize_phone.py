"""Telephone numbers and countries."""

from __future__ import annotations

import pytest

from docextract.errors import FieldError, InvalidComponent, InvalidFormat, InvalidLength
from docextract.normalize.countries import ALPHA3, alpha2, alpha3, is_valid_country, parse_country
from docextract.normalize.phone import is_valid_phone, parse_phone


@pytest.mark.parametrize("raw, region, expected", [
    ("13800138000", "CN", "+8613800138000"),
    ("138 0013 8000", "CN", "+8613800138000"),
    ("138-0013-8000", "CHN", "+8613800138000"),
    ("+86 138 0013 8000", None, "+8613800138000"),
    ("0086 13800138000", None, "+8613800138000"),
    ("8613800138000", "CN", "+8613800138000"),
    ("010-12345678", "CN", "+861012345678"),
    ("(010) 1234 5678", "CN", "+861012345678"),
    ("0755-88886666", "CN", "+8675588886666"),
    ("0571-8765432", "CN", "+865718765432"),
    ("400-810-8888", "CN", "+864008108888"),
    ("+86 (0)10 1234 5678", None, "+861012345678"),
    ("电话：010-12345678", "CN", "+861012345678"),
    ("Tel: 03-2145 1234", "MY", "+60321451234"),
    ("95588", "CN", "95588"),
    ("(650) 253-0000", "US", "+16502530000"),
    ("1 650 253 0000", "US", "+16502530000"),
    ("2345 6789", "HK", "+85223456789"),
    ("030 1234567", "DE", "+49301234567"),
    ("13800138000", None, "13800138000"),
    ("０１０－１２３４５６７８", None, "01012345678"),
])
def test_parse_phone(raw, region, expected):
    assert parse_phone(raw, region=region) == expected
    assert is_valid_phone(raw, region=region)


@pytest.mark.parametrize("raw, region, error", [
    ("1380013800", "CN", InvalidLength),  # 10 digits, not a mobile
    ("23800138000", "CN", InvalidLength),
    ("+86 123", None, InvalidLength),
    ("12", None, InvalidLength),
    ("010-12345678 转 123", "CN", InvalidFormat),
    ("call me", None, InvalidFormat),
    ("13800138000", "XX", InvalidComponent),
    ("650 253 000", "US", InvalidLength),
])
def test_bad_phones(raw, region, error):
    with pytest.raises(error):
        parse_phone(raw, region=region)
    assert not is_valid_phone(raw, region=region)


@pytest.mark.parametrize("raw, code", [
    ("中国", "CHN"), ("CHN", "CHN"), ("CN", "CHN"), ("cn", "CHN"), ("China", "CHN"), ("P.R.China", "CHN"),
    ("P. R. CHINA", "CHN"), ("PRC", "CHN"), ("中华人民共和国", "CHN"), ("中国/CHINA", "CHN"), ("中国 CHINA", "CHN"),
    ("Hong Kong", "HKG"), ("中国香港", "HKG"), ("Macao", "MAC"), ("Taiwan", "TWN"), ("Malaysia", "MYS"),
    ("马来西亚", "MYS"), ("USA", "USA"), ("United States", "USA"), ("UK", "GBR"), ("GBR", "GBR"),
    ("United Kingdom", "GBR"), ("D", "DEU"), ("D<<", "DEU"), ("Germany", "DEU"), ("Deutschland", "DEU"),
    ("德国", "DEU"), ("Republic of Korea", "KOR"), ("日本", "JPN"), ("UTO", "UTO"), ("XXA", "XXA"),
    ("the Netherlands", "NLD"), ("Czech Republic", "CZE"),
])
def test_parse_country(raw, code):
    assert parse_country(raw) == code
    assert is_valid_country(raw)


@pytest.mark.parametrize("raw", ["Atlantis", "XX", "ZZZ", "中国/Japan", "12"])
def test_bad_countries(raw):
    with pytest.raises(FieldError):
        parse_country(raw)


def test_alpha_tables():
    assert len(ALPHA3) == len(set(ALPHA3.values())) >= 240
    assert alpha3("cn") == "CHN" and alpha2("CHN") == "CN" and alpha2("D") == "DE"
    assert alpha3("XK") is None and alpha2("UTO") is None and alpha2(None) is None
    assert all(alpha2(a3) == a2 for a2, a3 in ALPHA3.items())
