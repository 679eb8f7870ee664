"""Receipt dates the CPU engine finds on photographed receipts: spelled-out months in several
languages (month names from ``docextract/data/months.yaml``), a time glued to the date by the OCR,
separators padded with a space. Each case runs the real finder and validation on real Line lists."""

from __future__ import annotations

import pytest

from docextract.errors import FieldError
from docextract.locate import find_fields
from docextract.locate.values import find_dates
from docextract.normalize.dates import misread_month_names, month_names, parse_date
from docextract.options import ExtractOptions
from docextract.schema import load_schema
from docextract.types import Line
from docextract.validation import build_result

OPTS = ExtractOptions()


def _result(*texts: str, options: ExtractOptions = OPTS):
    lines = [Line(t, (10, 10 + 40 * k, 360, 40 + 40 * k), 0.95) for k, t in enumerate(texts)]
    schema = load_schema("receipt")
    return build_result(find_fields(lines, schema, sizes=[(400, 40 * len(texts) + 60)], options=options),
                        schema, options)


def _date(*texts: str):
    return _result(*texts).fields["date"]


@pytest.mark.parametrize("texts,raw,iso", [
    # a spelled-out month in the page's language
    (("EL GRECO", "1000 Bruxelles", "jeudi 23 juin 2016", "14:42", "TOTAL", "44.50"), "23 juin 2016", "2016-06-23"),
    (("CAJERO NRO :02773", "FECHA: DIC/21/2016", "COSTO TRANSACCION : $ 1,400.00"), "DIC/21/2016", "2016-12-21"),
    (("CAJERO NRO :02773", "FECHA: NOV/25/2016", "TOTAL $ 1,400.00"), "NOV/25/2016", "2016-11-25"),
    (("Bäckerei", "Datum 12. Dez. 2019", "Summe EUR 4,20"), "12. Dez. 2019", "2019-12-12"),
    # a time glued to the date
    (("Tb1 68/1", "29Jan1520:34", "TOTAL 313.50"), "29Jan15", "2015-01-29"),
    (("Charlotte, NC 28273", "2017-02-12144638GST:1", "TOTAL $47.31"), "2017-02-12", "2017-02-12"),
    # a month name with a letter read as the digit it looks like (l as 1, O as 0)
    (("FISH", "New York, NY 10014", "Gst 1", "Ju103'12 02:34PM", "Total Due", "30.98"), "Ju103'12", "2012-07-03"),
    (("SHOP", "Date 12 N0V 2016", "TOTAL 9.00"), "12 N0V 2016", "2016-11-12"),
    (("OPTUS", "Date 16 JUL 17", "TOTAL $10.00"), "16 JUL 17", "2017-07-16"),
    (("SHOP", "Aug262017 10:15", "TOTAL $10.00"), "Aug262017", "2017-08-26"),   # the spaces not read
    # a separator padded with a space (a day printed in a two-character field)
    (("TEL:021 4877112", "Saturday 10- 9-2016 20:49:26", "TOTAL €53.20"), "10- 9-2016", "2016-09-10"),
    # what a recogniser makes of dates on degraded photos (lines read from scaled, turned, JPEG'd receipts)
    (("LE SWANN", "75012 PRIS", "001001000114/02/2018 22:09", "SOUSTOTAL 230.00"), "14/02/2018", "2018-02-14"),
    (("Jungle Jamboree", "Tuesday, Harch 27th 2018 7:51 pa", "Total Rs. 2,800.00"), "Harch 27th 2018", "2018-03-27"),
    (("Caffe", "VAT:796871659", "12 War 18 8:54 A", "Subtotal GBP 6.40"), "12 War 18", "2018-03-12"),
    (("Sushi", "New York NY 10017", "06/05/131", "Check 3528", "Total Due: 285.80"), "06/05/13", "2013-06-05"),
    (("BOBS STEAK", "DALLAS, TX", "JAN31.13", "8:01PM", "TOTAL $374.23"), "JAN31.13", "2013-01-31"),
    (("INDAH GIFT", "81100 JOHOR BAHRU", "19710/2018 20:49:59 801", "TOTAL 60.30"), "19710/2018", "2018-10-19"),
    (("Taste Of The World", "Date 5./3/2018 22 52 33", "Total RM 64.15"), "5./3/2018", "2018-03-05"),
    # the apostrophe before the two-digit year of a month glued to its day, read as a colon or lost
    # (lines of keystone-warped, blurred, shaded photos)
    (("HMSHOST", "DAKLAND INTL AIRPORT", "CHK 2900 GST 1", "DEC2314 2:52PM", "1 PIZ MARGHTA 11.49"), "DEC2314",
     "2014-12-23"),
    (("675 15th Street", "Washington DC 20005", "Chk 4781 Apr01:18 12:11P Gst 0", "12:28PM Tota1 96.86"), "Apr01:18",
     "2018-04-01"),
    (("Palo Alto, CA 94304", "Tb1 03/1 Chk 1067 Got 2", "May0814 12:42PM", "Tax 47.85"), "May0814", "2014-05-08"),
    (("BOBS STEAK & CHOP HOUSE ON LAMAR", "DALLAS, TX", "JAN31:13", "8:01PM", "TOTAL $374.23"), "JAN31:13",
     "2013-01-31"),
    # the time printed before the date, the space between lost
    (("TOTAL (GST INCL) 38.37", "CASH 40.35", "CHANGE DUE 2.00", "St:8303 Ctr2 ID:3000 TaxInv:14072", "16:5819/05/18"),
     "19/05/18", "2018-05-19"),
    # a digit of the day after a month name read as the letter it looks like
    (("ONE MILL STREET", "(978) 738-8900", "JANO9'03 9:03PM", "TOTAL DUE $129.15"), "JANO9'03", "2003-01-09"),
    (("Jungle Jamboree", "Tuesday, March Z7th 2018 7:51 pe", "BALANCE AMT Rs. 2.800.00"), "March Z7th 2018",
     "2018-03-27"),
    # both slashes after a four-digit year read as the digit they look like, a time after the date
    (("Shell Canada,", "Lan18) 513-9420", "2016705704~*16:26:26", "www.shell.ca/opinion"), "2016705704",
     "2016-05-04"),
])
def test_receipt_date_is_found(texts, raw, iso):
    fr = _date(*texts)
    assert fr.raw == raw and fr.value.isoformat() == iso


@pytest.mark.parametrize("text", ["1 SET 12.50", "1 MAY 12.50", "2 Set 10.00", "Qty 3 MAG 20,00", "12/05/20151200", "mai 2016", "Tb1 2/1",
                                  "1 MA1 12.50", "0ct 12", "MARGARITA 12.50", "SEP12.505", "Inv 1234/05/2018",
                                  "12345/2018", "HAY 12 2018", "Aug2017", "DEC2014 12:05", "JAN15:12:30",
                                  "MAY 1S 12.50", "Receipt #:5819/05/18", "16:58 5819/05/18",
                                  "TEL 2016705704", "2016705704 Visa", "2016713704 16:26", "12016705704 16:26"])
def test_no_date_where_none_is_printed(text):
    """An item quantity before a word that is also a month abbreviation is no date, nor is a run of digits."""
    assert find_dates(text, day_first=False) == []
    assert _date("SHOP", text, "TOTAL 12.50").value is None


def test_month_names_are_data():
    assert misread_month_names()["ju1"] == "jul" and month_names(misread=True)["apri1"] == 4
    assert not [w for w in misread_month_names() if w[0].isdigit()]   # a digit first would be a day
    assert "jul1" not in misread_month_names()     # "juli" misread would swallow JUL17's year
    assert parse_date("16JUL17", day_first=False).isoformat() == "2017-07-16"
    # a letter misread for its look-alike only in names of five letters or more, never giving another month
    assert misread_month_names()["harch"] == "march" and misread_month_names()["avri1"] == "avril"
    assert not [w for w in misread_month_names() if w in month_names()] and "hay" not in misread_month_names()
    names = month_names()
    assert names["juin"] == 6 and names["dic"] == 12 and names["okt"] == 10 and names["september"] == 9
    # no name stands for two months: the file is read language by language, so a clash would hide one
    import yaml
    from importlib.resources import files

    seen: dict[str, int] = {}
    for by_number in yaml.safe_load(files("docextract.data").joinpath("months.yaml").read_text("utf-8")).values():
        for number, words in by_number.items():
            for w in words:
                assert seen.setdefault(w, number) == number, w


@pytest.mark.parametrize("text", ["", "juin", "23 juin", "32 juin 2016", "23 xyzzy 2016", "€", "juin " * 3000])
def test_spelled_month_junk_is_a_clear_error(text):
    with pytest.raises(FieldError):
        parse_date(text)


@pytest.mark.parametrize("texts,iso,why", [
    # a North American phone number (area code and exchange never start with 0 or 1) reads month first
    (("CHIPOTLE", "San Rafael ca 94901", "415-507-0493", "11/10/2014", "Total 15.62"), "2014-11-10", "415-507-0493"),
    # a Malaysian mobile number has the same shape but starts with 01: the currency mark decides
    (("KEDAI MAJU", "TEL: 012-633-9933", "Date: 05/03/2018", "TOTAL RM 12.50"), "2018-03-05", "'RM'"),
])
def test_date_order_from_the_page_phone_format(texts, iso, why):
    result = _result(*texts)
    assert result.fields["date"].value.isoformat() == iso
    assert why in [c.message for c in result.checks if c.code == "date.locale"][0]
