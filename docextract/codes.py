"""Codes on the page: QR codes and barcodes decoded from every page, and the Chinese VAT invoice QR payload.

Decoding uses zxing-cpp (``pip install docextract[codes]``; no network). Without it :func:`read_codes`
returns nothing and says so once in a warning. :func:`parse_invoice_qr` reads the payload printed on
Chinese VAT invoices: ``01,<type>,<发票代码>,<发票号码>,<金额>,<YYYYMMDD>,<校验码>,<CRC>`` (a fully
digital 数电票 leaves the code empty and carries a 20-digit number).

>>> q = parse_invoice_qr("01,04,044031900111,12345678,100.00,20240105,12345678901234567890,ABCD,")
>>> q.invoice_code, q.invoice_number, q.amount, q.issue_date, q.check_code, q.amount_field
('044031900111', '12345678', Decimal('100.00'), datetime.date(2024, 1, 5), '12345678901234567890', 'total_amount')
>>> parse_invoice_qr("01,32,,24442000000012345678,113.00,20240105,,5A1B").invoice_code is None
True
>>> parse_invoice_qr("https://example.com") is None, parse_invoice_qr(None), parse_invoice_qr("01,04,x")
(True, None, None)
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import re
import warnings
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any

from pydantic import BaseModel

from .types import Box

__all__ = ["Code", "InvoiceQR", "read_codes", "parse_invoice_qr", "invoice_qr_types"]


class Code(BaseModel):
    """One decoded code: its format (``QRCode``, ``EAN13`` …), the payload text, pixel box and page."""

    format: str
    text: str
    box: tuple[int, int, int, int] | None = None
    page: int = 0

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")


class InvoiceQR(BaseModel):
    """The fields of a Chinese VAT invoice QR payload (strings as printed; amount and date typed)."""

    type: str
    type_name: str | None = None
    invoice_code: str | None = None
    invoice_number: str
    amount: Decimal | None = None
    issue_date: _dt.date | None = None
    check_code: str | None = None
    crc: str | None = None
    #: which printed total the amount is for this type (``total_amount`` or ``total_with_tax``)
    amount_field: str = "total_amount"


@functools.lru_cache(maxsize=1)
def invoice_qr_types() -> dict[str, dict]:
    """Invoice type codes of the QR payload (data file ``cn_invoice_qr.json``).

    >>> invoice_qr_types()["32"]["amount"]
    'total_with_tax'
    """
    text = resources.files("docextract.data").joinpath("cn_invoice_qr.json").read_text(encoding="utf-8")
    return json.loads(text)["types"]


def parse_invoice_qr(text: Any) -> InvoiceQR | None:
    """The invoice fields of a QR payload, or None when ``text`` is not one (any junk gives None)."""
    if not isinstance(text, str) or len(text) > 512:
        return None
    parts = [p.strip() for p in text.strip().split(",")]
    if len(parts) < 6 or parts[0] != "01" or not re.fullmatch(r"\d{2}", parts[1]):
        return None
    code, number, amount, date = parts[2], parts[3], parts[4], parts[5]
    if not re.fullmatch(r"\d{8}|\d{20}", number) or (code and not re.fullmatch(r"\d{10}|\d{12}", code)):
        return None
    try:
        value = Decimal(amount) if amount else None
        day = _dt.datetime.strptime(date, "%Y%m%d").date() if date else None
    except (InvalidOperation, ValueError):
        return None
    kind = invoice_qr_types().get(parts[1], {})
    check = parts[6] if len(parts) > 6 and re.fullmatch(r"\d{5,20}", parts[6]) else None
    return InvoiceQR(type=parts[1], type_name=kind.get("name"), invoice_code=code or None, invoice_number=number,
                     amount=value, issue_date=day, check_code=check, crc=(parts[7] or None) if len(parts) > 7 else None,
                     amount_field=kind.get("amount", "total_with_tax" if not code else "total_amount"))


_warned = False


def read_codes(pages: list, *, page_offset: int = 0) -> list[Code]:
    """Every QR code and barcode on ``pages`` (PIL images), in page order.

    >>> from PIL import Image
    >>> read_codes([Image.new("RGB", (50, 50), "white")])
    []
    """
    global _warned
    try:
        import zxingcpp
    except ImportError:
        if not _warned:
            warnings.warn("zxing-cpp is not installed: codes on the page are not read "
                          "(pip install 'docextract[codes]')", RuntimeWarning, stacklevel=2)
            _warned = True
        return []
    out: list[Code] = []
    for k, page in enumerate(pages):
        try:
            found = zxingcpp.read_barcodes(page.convert("L"))
        except (RuntimeError, ValueError, TypeError, MemoryError):  # a decoder failure must not lose the extraction
            continue
        for res in found:
            if not getattr(res, "valid", True) or not res.text:
                continue
            pos = res.position
            pts = [(p.x, p.y) for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)]
            out.append(Code(format=res.format.name if hasattr(res.format, "name") else str(res.format),
                            text=res.text, box=tuple(Box.from_points(pts)), page=k + page_offset))
    return out
