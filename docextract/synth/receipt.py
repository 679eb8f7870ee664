"""Generated till receipts in English, Malaysian style (like the SROIE scans), with ground truth;
:func:`generate_receipt_us` prints a US or Canadian header instead (name, street, City, ST ZIP, phone)
with dollars and month-first dates.

A narrow thermal-paper page in a monospaced font: merchant, registration number, address, phone,
tax ID, document number, date and time, items (name, quantity, price, amount), subtotal, tax
(GST/SST 6 % when charged), rounding to 0.05, total, cash and change.

>>> s = generate_receipt(2)
>>> t = s.truth
>>> sum(Decimal(i["amount"]) for i in t["items"]) == Decimal(t["subtotal"])
True
>>> Decimal(t["subtotal"]) + Decimal(t["tax"] or 0) + Decimal(t["rounding"] or 0) == Decimal(t["total"])
True
>>> generate_receipt_us(3).truth["merchant_address"]
'5570 W LAKE ST SPRINGFIELD, IL 62704'
"""

from __future__ import annotations

import datetime as _dt

from .common import CENT, Decimal, Sample, font, money, rng_for
from .degrade import degrade as degrade_image

__all__ = ["generate_receipt", "generate_receipt_us", "receipt_truth"]

WORDS = ("SRI", "MAJU", "JAYA", "BERSATU", "HENG", "LEONG", "KIM", "SENG", "MEWAH", "PERDANA", "INDAH", "SETIA",
         "CAHAYA", "MUTIARA", "GOLDEN", "LUCKY", "EVERGREEN", "MIN", "HUAT", "ANGSANA", "BUNGA", "RAYA")
KINDS = ("TRADING SDN BHD", "ENTERPRISE", "HARDWARE SDN BHD", "RESTAURANT", "MINI MARKET", "STATIONERY SDN BHD",
         "BOOKSTORE SDN. BHD.", "FOOD INDUSTRIES SDN BHD", "PHARMACY", "KEDAI RUNCIT")
PLACES = (("81100", "JOHOR BAHRU", "JOHOR"), ("50450", "KUALA LUMPUR", "WILAYAH PERSEKUTUAN"),
          ("47301", "PETALING JAYA", "SELANGOR"), ("40150", "SHAH ALAM", "SELANGOR"), ("43000", "KAJANG", "SELANGOR"),
          ("10200", "GEORGETOWN", "PULAU PINANG"), ("31400", "IPOH", "PERAK"), ("70200", "SEREMBAN", "NEGERI SEMBILAN"),
          ("81300", "SKUDAI", "JOHOR"), ("75100", "MELAKA", "MELAKA"))
ITEMS = (("MILO 3IN1 18S", 9, 16), ("GARDENIA BREAD", 3, 5), ("MINERAL WATER 1.5L", 1, 3), ("A4 PAPER 80GSM", 9, 15),
         ("BALL PEN BLUE", 1, 3), ("NASI LEMAK AYAM", 6, 12), ("TEH TARIK", 2, 4), ("ROTI CANAI", 1, 3),
         ("KOPI O PENG", 2, 4), ("MEE GORENG", 5, 9), ("PVC PIPE 1/2 INCH", 4, 12), ("CABLE TIE 8 INCH", 3, 7),
         ("PANADOL 10S", 6, 12), ("DETTOL 500ML", 8, 16), ("SUGAR 1KG", 2, 4), ("RICE 5KG", 15, 28),
         ("STAPLER NO.10", 4, 9), ("PAINT BRUSH 2 INCH", 3, 8), ("CHICKEN RICE", 6, 10), ("ICED LEMON TEA", 2, 5))
CASHIERS = ("ANN", "SITI", "MANIS", "KUMAR", "LIM", "AISYAH", "JASON", "NURUL")
WIDTH = 40  # characters per printed line
US_NAMES = ("BLUE HERON", "MAPLE LEAF", "GOLDEN GATE", "RED ROOSTER", "LUCKY STAR", "SILVER SPOON", "OLD TOWN")
US_KINDS = ("CAFE", "DINER", "MARKET", "GRILL", "BAKERY", "PHARMACY", "HARDWARE", "DELI")
US_STREETS = ("MAPLE", "OAK", "PINE", "CEDAR", "LAKE", "HILL", "WASHINGTON", "LINCOLN", "MAIN", "PARK")
US_PLACES = (("SPRINGFIELD", "IL", "62704"), ("AUSTIN", "TX", "78701"), ("PORTLAND", "OR", "97205"),
             ("DENVER", "CO", "80202"), ("TORONTO", "ON", "M5V 2T6"), ("COLUMBUS", "OH", "43215"))


def receipt_truth(rng) -> tuple[dict, dict]:
    """(truth, layout extras: registration, phone, tax id, doc number, cashier, cash, printed date and time)."""
    name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(KINDS)}"
    post, city, state = rng.choice(PLACES)
    addr = [f"NO.{rng.randint(1, 120)}, JALAN {rng.choice(WORDS)} {rng.randint(1, 30)}/{rng.randint(1, 9)},",
            f"TAMAN {rng.choice(WORDS)} {rng.choice(WORDS)},", f"{post} {city},", f"{state}."]
    if rng.random() < 0.4:
        addr = [addr[0], addr[1], f"{post} {city}, {state}."]
    items = []
    for _ in range(rng.randint(1, 7)):
        item, lo, hi = rng.choice(ITEMS)
        qty = rng.choice((1, 1, 1, 2, 2, 3, 4, 6))
        price = Decimal(rng.randint(lo * 20, hi * 20)) * 5 / 100
        items.append({"name": item, "quantity": str(qty), "unit_price": money(price), "amount": money(price * qty)})
    subtotal = sum(Decimal(i["amount"]) for i in items)
    tax = (subtotal * Decimal("0.06")).quantize(CENT) if rng.random() < 0.6 else None
    raw = subtotal + (tax or 0)
    total = (raw * 20).quantize(Decimal(1)) / 20
    total = total.quantize(CENT)
    rounding = total - raw
    day = _dt.date(2017, 1, 1) + _dt.timedelta(days=rng.randint(0, 2200))
    t = _dt.time(rng.randint(8, 22), rng.randint(0, 59), rng.randint(0, 59))
    truth = {"merchant_name": name, "merchant_address": " ".join(addr), "date": day.isoformat(),
             "time": t.isoformat(), "items": items, "subtotal": money(subtotal), "tax": money(tax) if tax else None,
             "rounding": money(rounding), "total": money(total), "currency": "MYR"}   # printed, also as 0.00
    date_text = rng.choice((f"{day:%d/%m/%Y}", f"{day:%d-%m-%Y}", f"{day:%d/%m/%y}", f"{day:%d %b %Y}".upper()))
    time_text = rng.choice((f"{t:%H:%M:%S}", f"{t:%H:%M}", f"{t:%I:%M:%S %p}"))
    if len(time_text) == 5:  # printed without seconds
        truth["time"] = t.replace(second=0).isoformat()
    cash = total if rng.random() < 0.3 else (total / 10 + 1).quantize(Decimal(1)) * 10
    extra = {"address_lines": addr, "reg": f"({rng.randint(100000, 999999)}-{rng.choice('AHKMPTVWX')})",
             "phone": f"TEL: 0{rng.randint(3, 9)}-{rng.randint(1000000, 9999999)}",
             "tax_id": f"GST ID: {rng.randint(10**11, 10**12 - 1)}" if tax else None,
             "doc": f"{rng.choice(('CS', 'INV', 'TD', 'OR'))}{rng.randint(10**7, 10**8 - 1)}",
             "cashier": rng.choice(CASHIERS), "cash": money(cash), "change": money(cash - total),
             "date_text": date_text, "time_text": time_text}
    return truth, extra


def _lr(left: str, right: str, width: int = WIDTH) -> str:
    return left + " " * max(1, width - len(left) - len(right)) + right


def _lines(t: dict, x: dict, rng) -> list[tuple[str, str]]:
    """(alignment, text) per printed line."""
    out = [("c", t["merchant_name"])] + [("c", x["reg"])] * bool(x["reg"]) + [("c", a) for a in x["address_lines"]]
    out.append(("c", x["phone"]))
    if x["tax_id"]:
        out.append(("c", x["tax_id"]))
    out += [("c", ""), ("c", rng.choice(("TAX INVOICE", "CASH BILL", "RECEIPT", "SIMPLIFIED TAX INVOICE"))), ("c", "")]
    out += [("l", _lr(f"No: {x['doc']}", f"Date: {x['date_text']}")),
            ("l", _lr(f"Cashier: {x['cashier']}", f"Time: {x['time_text']}")), ("l", "-" * WIDTH),
            ("l", _lr("Item", "Qty   Price  Amount")), ("l", "-" * WIDTH)]
    for it in t["items"]:
        out.append(("l", it["name"]))
        out.append(("l", _lr("", f"{it['quantity']:>3} {it['unit_price']:>7} {it['amount']:>7}")))
    out.append(("l", "-" * WIDTH))
    out.append(("l", _lr("Sub Total", t["subtotal"])))
    if t["tax"]:
        out.append(("l", _lr("GST 6%", t["tax"])))
    out.append(("l", _lr("Rounding Adj", t["rounding"] or "0.00")))
    out.append(("l", _lr("TOTAL", ("$" if t["currency"] == "USD" else "RM ") + t["total"])))
    out += [("l", _lr("Cash", x["cash"])), ("l", _lr("Change", x["change"])), ("c", ""),
            ("c", rng.choice(("THANK YOU. PLEASE COME AGAIN.", "THANK YOU!", "GOODS SOLD ARE NOT RETURNABLE")))]
    return out


def _us_header(t: dict, x: dict, rng) -> None:
    """``t`` and ``x`` made a US or Canadian shop's: name, street, City, ST ZIP, phone, dollars."""
    addr = [f"{rng.randint(10, 9999)} {rng.choice(('', 'N ', 'W '))}{rng.choice(US_STREETS)} "
            f"{rng.choice(('ST', 'AVE', 'BLVD', 'RD', 'DR'))}", "{}, {} {}".format(*rng.choice(US_PLACES))]
    t.update(merchant_name=f"{rng.choice(US_NAMES)} {rng.choice(US_KINDS)}", merchant_address=" ".join(addr),
             currency="USD")
    x.update(address_lines=addr, reg=None, tax_id=None, date_text=f"{_dt.date.fromisoformat(t['date']):%m/%d/%Y}")
    x["phone"] = f"({rng.randint(201, 989)}) 555-{rng.randint(1000, 9999)}"


def generate_receipt_us(seed: int, degrade: bool = False) -> Sample:
    """Receipt ``seed`` with a US or Canadian header (see the module's docstring)."""
    return generate_receipt(seed, degrade, _header=_us_header)


def generate_receipt(seed: int, degrade: bool = False, *, _header=None) -> Sample:
    """Receipt ``seed``; ``degrade`` photographs it (tilt, blur, light, noise, JPEG)."""
    from PIL import Image, ImageDraw

    rng = rng_for("receipt", seed)
    t, x = receipt_truth(rng)
    if _header:
        _header(t, x, rng_for("receipt_us", seed))
    lines = _lines(t, x, rng)
    size = rng.choice((22, 23, 24))
    mono, bold = font("mono", size), font("mono-bold", size + 2)
    cw = mono.getlength("M")
    margin = 36
    W = int(cw * WIDTH + 2 * margin)
    lh = int(size * 1.45)
    H = margin * 2 + lh * (len(lines) + 1)
    paper = tuple(rng.randint(238, 252) for _ in range(1)) * 3
    img = Image.new("RGB", (W, H), paper)
    d = ImageDraw.Draw(img)
    ink = (rng.randint(20, 70),) * 3
    y = margin
    for k, (align, text) in enumerate(lines):
        f = bold if k == 0 else mono
        w = f.getlength(text)
        xpos = (W - w) / 2 if align == "c" else margin
        d.text((xpos, y), text, font=f, fill=ink)
        y += lh + (6 if k == 0 else 0)
    if degrade:
        img = degrade_image(img, rng, background=rng.random() < 0.5, max_rotate=4.0)
    return Sample(img, t)
