"""Generated passport data pages (ICAO 9303 TD3) with their ground truth.

A page 125 × 88 mm drawn at 8 px/mm: the title, a photo, bilingual labels (Surname / 姓, Given names
/ 名, Nationality / 国籍 …) above their values, and the two 44-character lines of the
machine-readable zone at the bottom, whose check digits come from the project's own
:func:`docextract.normalize.mrz.check_digit` — so :func:`parse_mrz` of the drawn lines agrees with
the truth. The issuing state is the ICAO test state ``UTO`` or a real one, chosen by seed.

>>> s = generate_passport(3)
>>> s.image.size, sorted(s.truth)[:4]
((1000, 704), ['birth_date', 'document_number', 'expiry_date', 'given_names'])
>>> from docextract.normalize.mrz import parse_mrz
>>> data = parse_mrz(s.truth["mrz"])
>>> data.valid, data.document_number == s.truth["document_number"], data.surname == s.truth["surname"]
(True, True, True)
"""

from __future__ import annotations

import datetime as _dt

from ..normalize.mrz import check_digit
from .common import Sample, draw_photo, draw_spaced, font, rng_for
from .degrade import degrade
from .people import REFERENCE_DATE

__all__ = ["generate_passport", "td3_mrz"]

W, H = 1000, 704
INK = (22, 22, 30)
LABEL = (70, 70, 110)
#: (ICAO code, English nationality) — data, kept small: the generator needs variety, not a gazetteer
STATES = (("UTO", "UTOPIAN"), ("CHN", "CHINESE"), ("DEU", "GERMAN"), ("FRA", "FRENCH"), ("GBR", "BRITISH CITIZEN"),
          ("ESP", "SPANISH"), ("CAN", "CANADIAN"), ("MYS", "MALAYSIAN"))
SURNAMES = ("ERIKSSON", "MUELLER", "GARCIA", "MARTIN", "SMITH", "ZHANG", "WANG", "TAN", "LEE", "DUBOIS",
            "NOVAK", "SILVA", "OKAFOR", "KOWALSKI", "ROSSI", "JOHANSSON")
GIVEN = ("ANNA", "MARIA", "JOHN", "WEI", "LI NA", "PIERRE", "SOFIA", "LUCAS", "MEI LING", "DAVID", "ELENA",
         "AHMAD", "HANS PETER", "CLARA", "OMAR", "YUKI")
PLACES = ("ZENITH", "BERLIN", "PARIS", "LONDON", "MADRID", "TORONTO", "KUALA LUMPUR", "BEIJING", "SHANGHAI")
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def _printed(d: _dt.date) -> str:
    return f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"


def td3_mrz(doc_type: str, state: str, surname: str, given: str, number: str, nationality: str,
            birth: _dt.date, sex: str, expiry: _dt.date, optional: str = "") -> tuple[str, str]:
    """The two TD3 lines, check digits included.

    >>> td3_mrz("P", "UTO", "ERIKSSON", "ANNA MARIA", "L898902C3", "UTO", _dt.date(1974, 8, 12), "F",
    ...         _dt.date(2012, 4, 15), "ZE184226B")[1]
    'L898902C36UTO7408122F1204159ZE184226B<<<<<10'
    """
    names = (surname.replace(" ", "<") + "<<" + given.replace(" ", "<"))
    l1 = (f"{doc_type:<2}".replace(" ", "<") + state + names)[:44].ljust(44, "<")
    num = number.ljust(9, "<")
    opt = optional.ljust(14, "<")
    b, e = f"{birth:%y%m%d}", f"{expiry:%y%m%d}"
    opt_cd = "<" if set(opt) == {"<"} else check_digit(opt)
    head = num + check_digit(num) + nationality + b + check_digit(b) + sex + e + check_digit(e) + opt + opt_cd
    composite = head[0:10] + head[13:20] + head[21:43]
    return l1, head + check_digit(composite)


def generate_passport(seed: int, degrade: bool = False) -> Sample:
    """The data page of passport ``seed``; ``degrade`` makes it a photo (tilt, blur, light, noise, JPEG)."""
    import numpy as np
    from PIL import Image, ImageDraw

    rng = rng_for("passport", seed)
    state, nationality = rng.choice(STATES)
    surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
    sex = rng.choice("MF")
    birth = REFERENCE_DATE - _dt.timedelta(days=rng.randint(18 * 365, 70 * 365))
    issue = REFERENCE_DATE - _dt.timedelta(days=rng.randint(30, 8 * 365))
    expiry = issue.replace(year=issue.year + 10) - _dt.timedelta(days=1 if issue.day > 1 else 0)
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    number = rng.choice(letters) + "".join(rng.choice("0123456789") for _ in range(8))
    optional = "".join(rng.choice("0123456789") for _ in range(rng.choice((0, 9))))
    l1, l2 = td3_mrz("P", state, surname, given, number, state, birth, sex, expiry, optional)

    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    tone = 5 * np.sin(xx * rng.uniform(0.02, 0.04) + np.sin(yy * 0.03) * 2)
    base = np.array((238, 236, 244), dtype=np.float32) + tone[..., None] * np.array([0.6, 0.8, 1.0], dtype=np.float32)
    img = Image.fromarray(base.clip(0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    draw_spaced(d, (330, 28), "PASSPORT", font("latin-bold", 40), INK, 6)
    d.text((620, 34), "护照", font=font("sans-bold", 34), fill=INK)
    lab, val = font("sans", 17), font("latin-bold", 26)
    draw_photo(d, (40, 110, 290, 430), rng)
    rows = [(("Type / 类型", "P"), ("Country code / 国家码", state), ("Passport No. / 护照号码", number)),
            (("Surname / 姓", surname), None, None),
            (("Given names / 名", given), None, None),
            (("Nationality / 国籍", nationality), None, None),
            (("Date of birth / 出生日期", _printed(birth)), ("Sex / 性别", sex), None),
            (("Place of birth / 出生地点", rng.choice(PLACES)), None, None),
            (("Date of issue / 签发日期", _printed(issue)), ("Date of expiry / 有效期至", _printed(expiry)), None)]
    y = 104
    for row in rows:
        for col, cell in zip((320, 560, 760), row):
            if cell:
                d.text((col, y), cell[0], font=lab, fill=LABEL)
                d.text((col, y + 20), cell[1], font=val, fill=INK)
        y += 62
    mono = font("mono", 30)
    for i, line in enumerate((l1, l2)):
        draw_spaced(d, (34, 572 + i * 52), line, mono, INK, 2.2)
    truth = {"document_number": number, "surname": surname, "given_names": given, "nationality": state,
             "birth_date": birth.isoformat(), "sex": "male" if sex == "M" else "female",
             "expiry_date": expiry.isoformat(), "issue_date": issue.isoformat(), "issuing_country": state,
             "mrz": l1 + "\n" + l2}
    if degrade:
        img = _degrade(img, rng)
    return Sample(img, truth)


def _degrade(img, rng):
    return degrade(img, rng, background=True)
