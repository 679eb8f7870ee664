"""Identifiers: Chinese ID numbers and USCC, IBAN and other stdnum formats, docextract's own formats."""

from __future__ import annotations

import datetime as dt

import pytest

from docextract.errors import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from docextract.normalize.identifiers import (
    OWN_FORMATS,
    is_known_format,
    is_valid_id,
    normalize_id,
    ric_birth_date,
    ric_province,
    ric_region,
    ric_region_known,
    ric_sex,
    validate_id,
)


@pytest.mark.parametrize("raw, compact", [
    ("11010519491231002X", "11010519491231002X"),
    ("11010519491231002x", "11010519491231002X"),
    (" 11010519491231002X ", "11010519491231002X"),
    ("110105 19491231 002X", "11010519491231002X"),  # stdnum's compact keeps inner spaces: we do not
    ("110105-19491231-002X", "11010519491231002X"),
    ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
    ("440524188001010014", "440524188001010014"),  # county code valid 1983-1993, birth 1880: accepted
    ("34052419800101001X", "34052419800101001X"),  # county missing from the table: left to ric_region_known
])
def test_valid_ric(raw, compact):
    assert validate_id(raw, "cn.ric") == compact
    assert is_valid_id(raw, "cn.ric")


@pytest.mark.parametrize("raw, error, message", [
    ("110105194912310021", InvalidChecksum, "check digit"),
    ("1101051949123100", InvalidLength, "18 characters"),
    ("110105491231002", InvalidLength, "15-digit"),
    ("11010519491331002X", InvalidChecksum, "check digit"),
    ("99052419800101001X", InvalidChecksum, "check digit"),
    ("A1010519491231002X", InvalidFormat, "17 digits"),
    ("号码11010519491231002X", InvalidFormat, "cannot be in an identifier"),
])
def test_invalid_ric(raw, error, message):
    with pytest.raises(error, match=message):
        validate_id(raw, "cn.ric")
    assert not is_valid_id(raw, "cn.ric")


def _with_check(body: str) -> str:
    from stdnum.cn import ric

    return body + ric.calc_check_digit(body + "0")


def test_ric_components_with_correct_checksums():
    with pytest.raises(InvalidComponent, match="province"):
        validate_id(_with_check("99052419800101001"), "cn.ric")  # unknown region (no province 99)
    with pytest.raises(InvalidComponent, match="impossible|not a date"):
        validate_id(_with_check("11010520991231002"), "cn.ric")  # born in the future
    with pytest.raises(InvalidComponent, match="not a date"):
        validate_id(_with_check("11010519491331002"), "cn.ric")
    with pytest.raises(InvalidComponent):
        validate_id(_with_check("11010519490229002"), "cn.ric")  # 1949 is no leap year


def test_ric_helpers():
    assert ric_birth_date("11010519491231002X") == dt.date(1949, 12, 31)
    assert ric_sex("11010519491231002X") == "female"  # digit 17 = 2
    assert ric_sex("440524188001010014") == "male"  # digit 17 = 1
    assert ric_province("11010519491231002X") == "北京市"
    assert ric_province("99052419800101001X") is None
    assert ric_region_known("11010519491231002X")
    assert not ric_region_known("34052419800101001X")  # stdnum raises KeyError here: guarded
    assert not ric_region_known("99052419800101001X")
    assert not ric_region_known(None)
    assert ric_region("11010519491231002X") == {"province": "北京市", "prefecture": "市辖区", "county": "朝阳区"}
    with pytest.raises(InvalidComponent):
        ric_birth_date("11010519491331002X")
    with pytest.raises(InvalidLength):
        ric_sex("1101051949")


@pytest.mark.parametrize("raw", ["91310106552993944D", "9144030071526726XG", "91350100M000100Y43",
                                 "91 1100 0060 0037 341L", "91110000600037341l"])
def test_valid_uscc(raw):
    assert is_valid_id(raw, "cn.uscc")


@pytest.mark.parametrize("raw, error", [("91110000600037341M", InvalidChecksum),
                                        ("9111000060003734IL", InvalidFormat),
                                        ("9111000060003734", InvalidLength)])
def test_invalid_uscc(raw, error):
    with pytest.raises(error):
        validate_id(raw, "cn.uscc")


def test_iban_and_other_stdnum_formats():
    assert validate_id("GB82 WEST 1234 5698 7654 32", "iban") == "GB82WEST12345698765432"
    assert validate_id("de89 3704 0044 0532 0130 00", "iban") == "DE89370400440532013000"
    with pytest.raises(InvalidChecksum):
        validate_id("DE89370400440532013001", "iban")
    assert validate_id("4111 1111 1111 1111", "luhn") == "4111111111111111"  # stdnum luhn would refuse spaces
    with pytest.raises(InvalidChecksum):
        validate_id("4111111111111112", "luhn")
    assert validate_id("DE 136,695,976", "vatin") == "DE136695976"
    with pytest.raises(InvalidComponent):
        validate_id("XX123", "vatin")
    assert validate_id("978-7-111-54742-6", "isbn") == "9787111547426"
    assert validate_id("234123412346", "in.aadhaar") == "234123412346"  # in. -> stdnum.in_
    assert validate_id("390.533.447-05", "br.cpf") == "39053344705"
    assert validate_id("BKCHCNBJ", "bic") == "BKCHCNBJ"


def test_own_formats():
    assert validate_id("1234567890", "cn.invoice_code") == "1234567890"
    assert validate_id("123456789012", "cn.invoice_code") == "123456789012"
    assert validate_id("12345678", "cn.invoice_number") == "12345678"
    assert validate_id("24 1120 0000 0012 3456 78", "cn.invoice_number") == "24112000000012345678"
    assert validate_id("12345 67890 12345 67890", "cn.invoice_check_code") == "12345678901234567890"
    with pytest.raises(InvalidLength, match="10 or 12"):
        validate_id("12345678901", "cn.invoice_code")
    with pytest.raises(InvalidFormat, match="all digits"):
        validate_id("1234567A", "cn.invoice_number")
    assert set(OWN_FORMATS) == {"cn.invoice_code", "cn.invoice_number", "cn.invoice_check_code", "mrz"}


def test_mrz_as_a_format():
    mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
    assert validate_id(mrz, "mrz") == mrz
    assert normalize_id(mrz.lower(), ("mrz",)) == mrz
    with pytest.raises(InvalidChecksum, match="document_number"):
        validate_id(mrz.replace("L898902C3", "L898903C3"), "mrz")


def test_known_formats():
    for fmt in ("cn.ric", "cn.uscc", "iban", "luhn", "vatin", "in.aadhaar", "is.kennitala", "cn.invoice_code", "mrz"):
        assert is_known_format(fmt), fmt
    for fmt in ("creditcard", "hk.hkid", "cn", "util", "numdb", "../etc", "", None, 3, "CN.RIC"):
        assert not is_known_format(fmt), fmt
    with pytest.raises(InvalidFormat, match="unknown identifier format"):
        validate_id("123", "creditcard")
    assert not is_valid_id("123", "creditcard")


def test_normalize_id():
    assert normalize_id(" 9131-0106 5529.9394 4d ") == "91310106552993944D"
    assert normalize_id("ＡＢ１２３") == "AB123"
    assert normalize_id("16.727.230/0001-97", ("br.cnpj",)) == "16727230000197"
    with pytest.raises(InvalidFormat):
        normalize_id("---")
    with pytest.raises(InvalidFormat):
        normalize_id("身份证11010519491231002X")
