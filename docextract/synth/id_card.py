"""Generated second-generation Chinese ID cards (居民身份证), front and back, with their ground truth.

The layout follows the real card (85.6 × 54 mm, drawn at 10 px/mm): blue labels 姓名 / 性别 / 民族 /
出生 / 住址 / 公民身份号码 in their printed places, black values, the photo on the right, a pale
guilloche background; the back has the emblem, the title, 签发机关 and 有效期限. Every person is
consistent (the ID number encodes the region, birth date and sex, with a valid check digit).

>>> s = generate_id_card(7)
>>> s.image.size, sorted(s.truth)
((856, 540), ['address', 'birth_date', 'ethnicity', 'id_number', 'name', 'sex'])
>>> generate_id_card(7).truth == s.truth
True
>>> b = generate_id_card_back(7)
>>> b.truth["validity_period"].startswith(b.truth["valid_from"].replace("-", "."))
True
"""

from __future__ import annotations

import datetime as _dt
import math

from .common import Sample, draw_photo, draw_spaced, font, rng_for
from .degrade import degrade, watermark
from .people import REFERENCE_DATE, issuing_authority, person

__all__ = ["generate_id_card", "generate_id_card_back", "generate_id_card_hard", "card_person", "misprint_id"]

W, H = 856, 540
LABEL = (40, 110, 170)
INK = (24, 24, 28)
WATERMARKS = ("仅供办理银行开户使用", "仅限本人办理业务使用", "复印无效", "仅供入职登记使用", "此复印件仅供备案")
STAMPS = ("复印无效", "仅限比赛使用", "与原件一致", "核对无误")


def card_person(seed: int) -> dict:
    """The person on card ``seed`` (front and back share it), plus the card's validity period."""
    from ..checks.idcard import expected_validity_years
    from ..checks.common import add_years

    rng = rng_for("cn_id_card", seed)
    p = person(rng)
    birth = _dt.date.fromisoformat(p["birth_date"])
    # issued at 16 or later, recently enough that the card is still valid
    for _ in range(50):
        start = REFERENCE_DATE - _dt.timedelta(days=rng.randint(30, 12 * 365))
        age = start.year - birth.year - ((start.month, start.day) < (birth.month, birth.day))
        years = expected_validity_years(age)
        if age >= 16 and (years is None or add_years(start, years) > REFERENCE_DATE + _dt.timedelta(days=5 * 365)):
            break
    end = None if years is None else add_years(start, years)
    p["valid_from"], p["valid_until"] = start.isoformat(), (end.isoformat() if end else None)
    p["validity_period"] = f"{start:%Y.%m.%d}-{end:%Y.%m.%d}" if end else f"{start:%Y.%m.%d}-长期"
    p["issuing_authority"] = issuing_authority(p["_region"])
    return p


def _background(rng, tint=(236, 240, 236)):
    import numpy as np
    from PIL import Image

    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    base = np.array(tint, dtype=np.float32)
    a, b = rng.uniform(0.01, 0.02), rng.uniform(0.015, 0.03)
    waves = (np.sin(xx * a + np.sin(yy * b) * 3) + np.sin(yy * a * 1.7 + np.cos(xx * b * 0.8) * 2)) / 2
    rings = np.sin(np.hypot(xx - W * 0.45, yy - H * 0.55) * 0.09)
    pattern = 6 * waves + 4 * rings
    tone = np.stack([pattern * 0.6, pattern * 0.9, pattern * 1.2], -1)
    grad = (xx / W)[..., None] * np.array([-6, 2, 10], dtype=np.float32)
    return Image.fromarray((base + tone + grad).clip(0, 255).astype(np.uint8))


def _rounded_card(img, rng):
    from PIL import Image, ImageDraw

    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, W - 1, H - 1), radius=32, fill=255)
    out = Image.new("RGB", img.size, (250, 250, 250))
    out.paste(img, mask=mask)
    return out


def _finish(img, rng, degrade_it: bool):
    img = _rounded_card(img, rng)
    if degrade_it:
        if rng.random() < 0.5:
            img = watermark(img, rng.choice(WATERMARKS), rng, opacity=rng.randint(40, 80))
        img = degrade(img, rng, background=True)
    return img


def _wrap(text: str, per_line: int) -> list[str]:
    return [text[i:i + per_line] for i in range(0, len(text), per_line)]


def misprint_id(number: str, how: str) -> str:
    """``number`` as a faulty card or a careless copy prints it: ``"check"`` a wrong check
    character, ``"short"`` a digit missing (17 characters).

    >>> misprint_id("11010519491231002X", "check"), misprint_id("11010519491231002X", "short")
    ('110105194912310020', '11010519491231002')
    """
    if how == "check":
        wrong = "0" if number[-1] != "0" else "1"
        return number[:-1] + wrong
    if how == "short":
        return number[:-1]
    raise ValueError(how)


def generate_id_card_hard(seed: int, degrade: bool = False) -> Sample:
    """A front whose printing a reader must not lose: by seed, an ID number with a wrong check
    character, one with 17 digits, or a red stamp over the sex and ethnicity line (and a
    watermark); the truth holds what is printed."""
    how = ("check", "short", "stamp")[seed % 3]
    return generate_id_card(seed, degrade, _misprint=how)


def generate_id_card(seed: int, degrade: bool = False, _misprint: str | None = None) -> Sample:
    """The front (人像面) of card ``seed``; ``degrade`` makes it a photo (tilt, blur, light, noise, JPEG, watermark)."""
    from PIL import ImageDraw

    p = dict(card_person(seed))
    if _misprint in ("check", "short"):
        p["id_number"] = misprint_id(p["id_number"], _misprint)
    rng = rng_for("cn_id_card/draw", seed)
    img = _background(rng)
    d = ImageDraw.Draw(img)
    lab, val, num = font("sans", 24), font("sans", 29), font("mono-bold", 34)
    lx, vx = 76, 164
    draw_spaced(d, (lx, 62), "姓名", lab, LABEL, 24)
    d.text((vx, 56), p["name"], font=font("sans", 32), fill=INK)
    draw_spaced(d, (lx, 124), "性别", lab, LABEL, 24)
    d.text((vx, 118), "男" if p["sex"] == "male" else "女", font=val, fill=INK)
    draw_spaced(d, (304, 124), "民族", lab, LABEL, 24)
    d.text((392, 118), p["ethnicity"], font=val, fill=INK)
    draw_spaced(d, (lx, 186), "出生", lab, LABEL, 24)
    b = _dt.date.fromisoformat(p["birth_date"])
    x = vx
    for part, unit in ((str(b.year), "年"), (str(b.month), "月"), (str(b.day), "日")):
        d.text((x, 180), part, font=val, fill=INK)
        x += val.getlength(part) + 10
        d.text((x, 186), unit, font=lab, fill=LABEL)
        x += lab.getlength(unit) + 14 + (8 if unit == "年" else 0)
    draw_spaced(d, (lx, 248), "住址", lab, LABEL, 24)
    for i, line in enumerate(_wrap(p["address"], 11)[:4]):
        d.text((vx, 242 + i * 40), line, font=val, fill=INK)
    d.text((lx, 440), "公民身份号码", font=lab, fill=LABEL)
    draw_spaced(d, (292, 432), p["id_number"], num, INK, 3)
    draw_photo(d, (570, 66, 790, 336), rng)
    truth = {k: p[k] for k in ("name", "sex", "ethnicity", "birth_date", "address", "id_number")}
    if _misprint == "stamp":
        from .degrade import box_stamp, stamp

        x = rng.choice((rng.randint(170, 200), rng.randint(380, 410)))   # over the sex or the ethnicity
        if rng.random() < 0.5:
            img = stamp(img, rng.choice(STAMPS), (x, rng.randint(125, 150)), rng, radius=rng.randint(60, 80),
                        opacity=rng.randint(140, 200))
        else:   # a box stamp whose letters cross the value
            img = box_stamp(img, rng.choice(STAMPS), (x + rng.randint(0, 30), rng.randint(128, 142)), rng,
                            size=rng.randint(34, 44), opacity=rng.randint(190, 240))
    return Sample(_finish(img, rng, degrade), truth)


def _emblem(d, cx: float, cy: float, r: float) -> None:
    red, gold = (200, 30, 30), (240, 200, 60)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=red)
    d.ellipse((cx - r * 0.82, cy - r * 0.82, cx + r * 0.82, cy + r * 0.82), outline=gold, width=3)
    pts = []
    for k in range(10):
        ang = -math.pi / 2 + k * math.pi / 5
        rad = r * (0.42 if k % 2 == 0 else 0.17)
        pts.append((cx + rad * math.cos(ang), cy - r * 0.12 + rad * math.sin(ang)))
    d.polygon(pts, fill=gold)
    for k in range(5):
        x0, x1 = cx - r * 0.5 + k * r * 0.22, cx - r * 0.38 + k * r * 0.22
        d.rectangle((x0, cy + r * 0.38, x1, cy + r * 0.58), fill=gold)


def generate_id_card_back(seed: int, degrade: bool = False) -> Sample:
    """The back (国徽面) of card ``seed``: issuing authority and validity period."""
    from PIL import ImageDraw

    p = card_person(seed)
    rng = rng_for("cn_id_card_back/draw", seed)
    img = _background(rng, tint=(240, 238, 228))
    d = ImageDraw.Draw(img)
    _emblem(d, 150, 140, 88)
    draw_spaced(d, (290, 70), "中华人民共和国", font("serif-bold", 40), INK, 10)
    draw_spaced(d, (270, 150), "居民身份证", font("sans-bold", 66), INK, 14)
    lab, val = font("sans", 25), font("sans", 28)
    d.text((176, 392), "签发机关", font=lab, fill=INK)
    d.text((312, 388), p["issuing_authority"], font=val, fill=INK)
    d.text((176, 450), "有效期限", font=lab, fill=INK)
    d.text((312, 446), p["validity_period"], font=val, fill=INK)
    truth = {k: p[k] for k in ("issuing_authority", "validity_period", "valid_from", "valid_until")}
    return Sample(_finish(img, rng, degrade), truth)
