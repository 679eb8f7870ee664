"""Generated Chinese VAT invoices: the paper-style 增值税专用/普通发票 and the fully digital 数电票.

Both carry line items (``*类别*名称``, spec, unit, quantity, unit price, amount, rate, tax), the totals,
and the total with tax in figures and in capital numerals (大写). The arithmetic is exact: each tax
is its amount × rate rounded to the fen, the totals are the sums, and 大写 spells the total.

>>> s = generate_vat_invoice(3)
>>> t = s.truth
>>> Decimal(t["total_amount"]) + Decimal(t["total_tax"]) == Decimal(t["total_with_tax"])
True
>>> sum(Decimal(i["amount"]) for i in t["items"]) == Decimal(t["total_amount"])
True
>>> generate_vat_invoice(3, style="digital").truth["invoice_code"] is None
True
"""

from __future__ import annotations

import datetime as _dt

from .common import CENT, Decimal, Sample, draw_spaced, font, money, rng_for
from .degrade import degrade as degrade_image
from .people import REFERENCE_DATE, company_name, regions

__all__ = ["generate_vat_invoice", "invoice_truth", "uscc", "invoice_qr_payload", "draw_qr", "QR_ALTERABLE"]

#: (category, product, spec choices, unit, rate %, price range)
PRODUCTS = (
    ("餐饮服务", "餐费", ("",), "次", 6, (80, 2000)),
    ("信息技术服务", "软件开发服务", ("",), "项", 6, (2000, 50000)),
    ("信息技术服务", "技术服务费", ("",), "项", 6, (500, 20000)),
    ("现代服务", "咨询服务费", ("",), "次", 6, (1000, 30000)),
    ("纸制品", "复印纸", ("A4 70g", "A4 80g", "A3 80g"), "箱", 13, (90, 260)),
    ("计算机配套产品", "无线鼠标", ("M330", "G304", "MX3"), "个", 13, (40, 400)),
    ("电子计算机", "笔记本电脑", ("ThinkPad E14", "MateBook 14", "X1 Carbon"), "台", 13, (3500, 12000)),
    ("办公设备", "激光打印机", ("M1136", "P1108", "HL-2260"), "台", 13, (800, 3000)),
    ("日用杂品", "垃圾袋", ("45*50cm", "60*80cm"), "卷", 13, (3, 20)),
    ("运输服务", "国内道路货物运输服务", ("",), "次", 9, (300, 6000)),
    ("住宿服务", "住宿费", ("",), "天", 6, (200, 900)),
    ("水冰雪", "自来水", ("",), "吨", 9, (2, 6)),
    ("酒", "葡萄酒", ("750ml",), "瓶", 13, (60, 600)),
)
BROWN, INK = (150, 70, 50), (20, 20, 24)
_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc(rng, region: str) -> str:
    """A unified social credit code (GB 32100) with valid organisation-code and final check characters."""
    from stdnum.cn import uscc as std

    org = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    vals = [int(c) if c.isdigit() else ord(c) - 55 for c in org]
    c9 = 11 - sum(v * w for v, w in zip(vals, (3, 7, 9, 10, 5, 8, 4, 2))) % 11
    org += "X" if c9 == 10 else "0" if c9 == 11 else str(c9)
    body = "91" + region + org
    return body + std.calc_check_digit(body)


def invoice_truth(rng, style: str) -> dict:
    """The fields of one invoice (strings, amounts with two decimals), arithmetic consistent."""
    from ..normalize.capital import to_capital

    start = _dt.date(2023, 1, 1) if style == "digital" else _dt.date(2020, 1, 1)
    issue = start + _dt.timedelta(days=rng.randint(0, (REFERENCE_DATE - start).days))
    seller_region, buyer_region = rng.choice(regions()), rng.choice(regions())
    special = rng.random() < 0.5
    items = []
    for _ in range(rng.randint(1, 4)):
        cat, prod, specs, unit, rate, (lo, hi) = rng.choice(PRODUCTS)
        qty = Decimal(rng.choice((1, 1, 1, 2, 3, 5, 10, 12, 20))) if unit not in ("项",) else Decimal(1)
        if rng.random() < 0.25 and qty > 1:   # price derived from the amount: many decimals
            amount = Decimal(rng.randint(lo * 100, hi * 100) * int(qty)) / 100
            price = (amount / qty).quantize(Decimal("0.00000001")).normalize()
        else:
            price = Decimal(rng.randint(lo * 100, hi * 100)) / 100
            amount = (price * qty).quantize(CENT)
        tax = (amount * rate / 100).quantize(CENT)
        items.append({"name": f"*{cat}*{prod}", "spec": rng.choice(specs) or None, "unit": unit,
                      "quantity": str(qty), "unit_price": f"{price:f}", "amount": money(amount),
                      "tax_rate": f"{rate}%", "tax": money(tax)})
    total = sum(Decimal(i["amount"]) for i in items)
    total_tax = sum(Decimal(i["tax"]) for i in items)
    kind = "增值税专用发票" if special else "普通发票"
    t = {"title": f"电子发票（{kind}）" if style == "digital" else ("增值税专用发票" if special else "增值税普通发票"),
         "invoice_code": None, "invoice_number": None, "issue_date": issue.isoformat(), "check_code": None,
         "buyer_name": company_name(rng, buyer_region[2] or buyer_region[1][:2]),
         "buyer_tax_id": uscc(rng, buyer_region[0]),
         "seller_name": company_name(rng, seller_region[2] or seller_region[1][:2]),
         "seller_tax_id": uscc(rng, seller_region[0]), "items": items,
         "total_amount": money(total), "total_tax": money(total_tax), "total_with_tax": money(total + total_tax),
         "total_with_tax_capital": to_capital(total + total_tax)}
    yy = f"{issue.year % 100:02d}"
    if style == "digital":
        t["invoice_number"] = yy + seller_region[0][:2] + "".join(str(rng.randrange(10)) for _ in range(16))
    else:
        area = seller_region[0][:4]
        t["invoice_code"] = (area + yy + "1" + rng.choice("1234") + "30" if special else
                             "0" + area + yy + "".join(str(rng.randrange(10)) for _ in range(3)) + "11")
        t["invoice_number"] = "".join(str(rng.randrange(10)) for _ in range(8))
        if not special:
            t["check_code"] = "".join(str(rng.randrange(10)) for _ in range(20))
    return t


def _cols(x0: int, widths: list[int]) -> list[int]:
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    return xs


def _items_table(d, t: dict, x0: int, y0: int, widths: list[int], rows: int, row_h: int, jitter) -> int:
    """Draw the item grid (header, rows, 合计); returns its bottom y."""
    xs = _cols(x0, widths)
    head = ("货物或应税劳务、服务名称" if t["invoice_code"] else "项目名称", "规格型号", "单位", "数量", "单价", "金额",
            "税率" if t["invoice_code"] else "税率/征收率", "税额")
    hf, vf = font("sans", 19), font("serif", 21)
    for i, h in enumerate(head):
        w = hf.getlength(h)
        d.text((xs[i] + (widths[i] - w) / 2, y0 + 8), h, font=hf, fill=BROWN)
    y = y0 + 40
    for item in t["items"]:
        jx, jy = jitter()
        vals = (item["name"], item["spec"] or "", item["unit"], item["quantity"], item["unit_price"], item["amount"],
                item["tax_rate"], item["tax"])
        for i, v in enumerate(vals):
            if i >= 3:  # numbers right-aligned
                d.text((xs[i + 1] - 8 - vf.getlength(v) + jx, y + jy), v, font=vf, fill=INK)
            else:
                f = vf
                while f.size > 14 and f.getlength(v) > widths[i] - 10:
                    f = font("serif", f.size - 1)
                d.text((xs[i] + 6 + jx, y + jy + (vf.size - f.size) // 2), v, font=f, fill=INK)
        y += row_h
    bottom = y0 + 40 + rows * row_h
    d.text((xs[0] + 60, bottom + 6), "合        计", font=hf, fill=BROWN)
    for i, key in ((5, "total_amount"), (7, "total_tax")):
        v = "¥" + t[key]
        d.text((xs[i + 1] - 8 - vf.getlength(v), bottom + 6), v, font=vf, fill=INK)
    return bottom + 40


def _party(d, x: int, y: int, who: str, name: str, tax_id: str, digital: bool) -> None:
    lf, vf = font("sans", 19), font("serif", 22)
    if digital:
        d.text((x, y), "名称：", font=lf, fill=BROWN)
        d.text((x + 60, y - 2), name, font=vf, fill=INK)
        d.text((x, y + 44), "统一社会信用代码/纳税人识别号：", font=lf, fill=BROWN)
        d.text((x + 300, y + 42), tax_id, font=vf, fill=INK)
        return
    for k, (label, value) in enumerate((("名        称：", name), ("纳税人识别号：", tax_id),
                                        ("地 址、电 话：", ""), ("开户行及账号：", ""))):
        d.text((x, y + k * 34), label, font=lf, fill=BROWN)
        if value:
            d.text((x + 150, y + k * 34 - 2), value, font=vf, fill=INK)


#: fields of the QR payload a variant may alter (``generate_vat_invoice(..., qr_alter=...)``)
QR_ALTERABLE = ("invoice_code", "invoice_number", "issue_date", "amount", "check_code")


def _alter_digits(text: str) -> str:
    """The same string with its last digit changed (one wrong digit)."""
    for i in range(len(text) - 1, -1, -1):
        if text[i].isdigit():
            return text[:i] + str((int(text[i]) + 1) % 10) + text[i + 1:]
    return text


def invoice_qr_payload(t: dict, alter: str | None = None) -> str:
    """The QR payload of invoice truth ``t``: ``01,<type>,<code>,<number>,<amount>,<YYYYMMDD>,<check>,<CRC>``;
    ``alter`` (one of :data:`QR_ALTERABLE`) changes that field by one digit.

    >>> t = generate_vat_invoice(3, style="paper").truth
    >>> p = invoice_qr_payload(t).split(",")
    >>> p[3] == t["invoice_number"], invoice_qr_payload(t, "invoice_number").split(",")[3] != t["invoice_number"]
    (True, True)
    """
    import zlib

    digital = t["invoice_code"] is None
    special = "专用" in t["title"]
    kind = ("31" if special else "32") if digital else ("01" if special else "04")
    amount = t["total_with_tax"] if digital else t["total_amount"]
    parts = {"invoice_code": t["invoice_code"] or "", "invoice_number": t["invoice_number"],
             "amount": amount, "issue_date": t["issue_date"].replace("-", ""), "check_code": t["check_code"] or ""}
    if alter is not None:
        if alter not in QR_ALTERABLE:
            raise ValueError(f"qr_alter must be one of {', '.join(QR_ALTERABLE)}, not {alter!r}")
        if alter == "issue_date":
            day = _dt.date.fromisoformat(t["issue_date"]) - _dt.timedelta(days=1)
            parts["issue_date"] = day.strftime("%Y%m%d")
        else:
            parts[alter] = _alter_digits(parts[alter])
    body = ",".join(("01", kind, parts["invoice_code"], parts["invoice_number"], parts["amount"],
                     parts["issue_date"], parts["check_code"]))
    return f"{body},{zlib.crc32(body.encode()) & 0xFFFF:04X}"


def draw_qr(img, payload: str, xy: tuple[int, int], module: int = 4) -> None:
    """Draw ``payload`` as a QR code (segno, error level M) with its top-left corner at ``xy``."""
    import segno
    from PIL import ImageDraw

    d = ImageDraw.Draw(img)
    x0, y0 = xy
    matrix = segno.make_qr(payload, error="m").matrix
    d.rectangle((x0 - 2 * module, y0 - 2 * module, x0 + (len(matrix) + 2) * module, y0 + (len(matrix) + 2) * module),
                fill=(255, 255, 255))
    for y, row in enumerate(matrix):
        for x, on in enumerate(row):
            if on:
                d.rectangle((x0 + x * module, y0 + y * module, x0 + (x + 1) * module - 1, y0 + (y + 1) * module - 1),
                            fill=INK)


def generate_vat_invoice(seed: int, degrade: bool = False, style: str | None = None, *, qr: bool = True,
                         qr_alter: str | None = None) -> Sample:
    """Invoice ``seed``: ``style`` ``"paper"`` (代码 + 8-digit 号码) or ``"digital"`` (20-digit 号码);
    chosen by the seed if None. ``qr`` prints the invoice's QR code (top left); ``qr_alter`` names a
    field the code then gets wrong by one digit (a variant for tests of ``qr_matches_fields``)."""
    from PIL import Image, ImageDraw

    rng = rng_for("cn_vat_invoice", seed)
    style = style or ("digital" if rng.random() < 0.5 else "paper")
    t = invoice_truth(rng, style)
    digital = style == "digital"
    W, H = (1400, 940) if digital else (1480, 960)
    img = Image.new("RGB", (W, H), (255, 255, 255) if digital else (252, 250, 240))
    d = ImageDraw.Draw(img)
    off = (rng.randint(-6, 6), rng.randint(-4, 4)) if not digital else (0, 0)   # printer misalignment
    def jitter():
        return off[0] + rng.randint(-1, 1), off[1] + rng.randint(-1, 1)
    title_f = font("serif-bold" if not digital else "sans-bold", 38)
    tw = title_f.getlength(t["title"])
    tx = (W - tw) / 2 - (150 if digital else 20)
    draw_spaced(d, (tx, 40), t["title"], title_f, (170, 40, 30) if digital else BROWN, 3)
    d.line((tx, 92, tx + tw + 50, 92), fill=BROWN, width=2)
    d.line((tx, 97, tx + tw + 50, 97), fill=BROWN, width=2)
    lf, vf = font("sans", 20), font("serif", 22)
    meta = [("发票号码：", t["invoice_number"]), ("开票日期：", f"{t['issue_date'][:4]}年{t['issue_date'][5:7]}月"
                                                              f"{t['issue_date'][8:10]}日")]
    if t["invoice_code"]:
        meta.insert(0, ("发票代码：", t["invoice_code"]))
    if t["check_code"]:
        cc = t["check_code"]
        meta.append(("校 验 码：", " ".join(cc[i:i + 5] for i in range(0, 20, 5))))
    for k, (label, value) in enumerate(meta):
        d.text((W - 430, 36 + k * 32), label, font=lf, fill=BROWN)
        d.text((W - 320 + off[0], 34 + k * 32 + off[1]), value, font=vf, fill=INK)
    if not digital:  # QR code and machine number on the left
        for _ in range(120):  # the draws of the old dotted stand-in kept, so every other part stays as it was
            x, y = rng.randrange(50, 160, 8), rng.randrange(30, 140, 8)
            if not qr:
                d.rectangle((x, y, x + 7, y + 7), fill=INK)
        d.text((50, 150), "机器编号：" + "".join(str(rng.randrange(10)) for _ in range(12)), font=font("sans", 17),
               fill=BROWN)
    if qr:
        draw_qr(img, invoice_qr_payload(t, qr_alter), (50, 24) if not digital else (50, 30), 4 if digital else 3)
    x0, x1 = 40, W - 40
    top = 190
    party_h = 150 if not digital else 120
    d.rectangle((x0, top, x1, H - 90), outline=BROWN, width=2)
    d.line((x0, top + party_h, x1, top + party_h), fill=BROWN, width=2)
    if digital:
        mid = W // 2
        d.line((mid, top, mid, top + party_h), fill=BROWN, width=2)
        for x, label in ((x0, "购买方信息"), (mid, "销售方信息")):
            d.line((x + 40, top, x + 40, top + party_h), fill=BROWN, width=1)
            for k, ch in enumerate(label):
                d.text((x + 10, top + 6 + k * 22), ch, font=font("sans", 18), fill=BROWN)
        _party(d, x0 + 56, top + 20, "购买方", t["buyer_name"], t["buyer_tax_id"], True)
        _party(d, mid + 56, top + 20, "销售方", t["seller_name"], t["seller_tax_id"], True)
    else:
        d.line((x0 + 40, top, x0 + 40, top + party_h), fill=BROWN, width=1)
        for k, ch in enumerate("购买方"):
            d.text((x0 + 10, top + 20 + k * 36), ch, font=font("sans", 20), fill=BROWN)
        d.line((x1 - 520, top, x1 - 520, top + party_h), fill=BROWN, width=1)
        d.text((x1 - 510, top + 10), "密\n码\n区", font=font("sans", 20), fill=BROWN)
        for k in range(4):
            code = "".join(rng.choice("0123456789+-*/<>") for _ in range(27))
            d.text((x1 - 470, top + 12 + k * 34), code, font=font("mono", 20), fill=INK)
        _party(d, x0 + 56, top + 12, "购买方", t["buyer_name"], t["buyer_tax_id"], False)
    widths = [330, 150, 80, 110, 170, 170, 110, 0]
    widths[-1] = (x1 - x0) - sum(widths[:-1])
    y_items = top + party_h
    bottom = _items_table(d, t, x0, y_items, widths, 6, 38, jitter)
    for x in _cols(x0, widths)[1:-1]:
        d.line((x, y_items, x, bottom), fill=BROWN, width=1)
    d.line((x0, y_items + 40, x1, y_items + 40), fill=BROWN, width=1)
    d.line((x0, bottom, x1, bottom), fill=BROWN, width=2)
    d.text((x0 + 16, bottom + 14), "价税合计（大写）", font=lf, fill=BROWN)
    d.text((x0 + 220, bottom + 12), "ⓧ " + t["total_with_tax_capital"], font=vf, fill=INK)
    d.text((x1 - 420, bottom + 14), "（小写）", font=lf, fill=BROWN)
    d.text((x1 - 330, bottom + 12), "¥" + t["total_with_tax"], font=vf, fill=INK)
    d.line((x0, bottom + 56, x1, bottom + 56), fill=BROWN, width=2)
    if not digital:
        _party(d, x0 + 56, bottom + 66, "销售方", t["seller_name"], t["seller_tax_id"], False)
        for k, ch in enumerate("销售方"):
            d.text((x0 + 10, bottom + 76 + k * 36), ch, font=font("sans", 20), fill=BROWN)
        d.line((x0 + 40, bottom + 56, x0 + 40, H - 90), fill=BROWN, width=1)
    else:
        d.text((x0 + 16, bottom + 70), "备注", font=lf, fill=BROWN)
    people = ["收款人：", "复核：", "开票人：" + rng.choice(("王芳", "李娜", "张伟", "刘洋", "陈静"))]
    for k, p in enumerate(people if not digital else people[2:]):
        d.text((x0 + 40 + k * 360, H - 70), p, font=lf, fill=BROWN)
    if degrade:
        img = degrade_image(img, rng, max_rotate=3.0, strength=0.8)
    return Sample(img, t)
