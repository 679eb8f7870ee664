"""Shared parts of the document generators: the sample type, fonts, seeded randomness, drawing helpers.

Fonts are the free Noto CJK fonts from Debian (``apt-get install fonts-noto-cjk``) and DejaVu
(``fonts-dejavu-core``); ``$DOCEXTRACT_SYNTH_FONT_DIR`` adds a folder to search first.

>>> rng = rng_for("cn_id_card", 7)
>>> rng.random() == rng_for("cn_id_card", 7).random()
True
>>> money(Decimal("1234.5"))
'1234.50'
"""

from __future__ import annotations

import hashlib
import os
import random
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..errors import EngineUnavailable

__all__ = ["Sample", "rng_for", "font", "find_font", "money", "text_width", "draw_spaced", "draw_photo", "Decimal",
           "CENT", "FONT_FILES"]

CENT = Decimal("0.01")


class Sample(NamedTuple):
    """A generated document: the page image (PIL RGB) and its ground truth (schema field names → values)."""

    image: object
    truth: dict


def rng_for(kind: str, seed: int) -> random.Random:
    """A ``random.Random`` seeded from the document kind and the seed (stable across Python runs)."""
    digest = hashlib.sha256(f"{kind}:{int(seed)}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def money(value: Decimal) -> str:
    """An amount with two decimals, rounded half up."""
    return str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


#: style → (file names to look for, face index inside a .ttc: 2 is Simplified Chinese in Noto CJK)
FONT_FILES = {
    "sans": (("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf"), 2),
    "sans-bold": (("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf"), 2),
    "serif": (("NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular.otf"), 2),
    "serif-bold": (("NotoSerifCJK-Bold.ttc", "NotoSerifCJKsc-Bold.otf"), 2),
    "mono": (("DejaVuSansMono.ttf",), 0),
    "mono-bold": (("DejaVuSansMono-Bold.ttf",), 0),
    "latin": (("DejaVuSans.ttf",), 0),
    "latin-bold": (("DejaVuSans-Bold.ttf",), 0),
}
_FALLBACK = {"serif": "sans", "serif-bold": "sans-bold", "sans-bold": "sans", "mono": "latin",
             "mono-bold": "latin-bold", "latin": "sans", "latin-bold": "sans-bold"}
_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk", "/usr/share/fonts/google-noto-cjk",
         "/usr/share/fonts/opentype/noto-cjk", "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
         "/usr/share/fonts/TTF", "/usr/local/share/fonts", str(Path.home() / ".fonts"))


@lru_cache(maxsize=None)
def find_font(style: str) -> tuple[str, int]:
    """``(path, face index)`` of the font for ``style`` (falling back sans-ward); ``EngineUnavailable`` if none."""
    names, index = FONT_FILES[style]
    dirs = [d for d in (os.environ.get("DOCEXTRACT_SYNTH_FONT_DIR"),) if d] + list(_DIRS)
    for d in dirs:
        for name in names:
            p = Path(d) / name
            if p.is_file():
                return str(p), index
    for root in ("/usr/share/fonts", "/usr/local/share/fonts"):  # any other layout
        for name in names:
            hits = sorted(Path(root).rglob(name)) if Path(root).is_dir() else []
            if hits:
                return str(hits[0]), index
    if style in _FALLBACK:
        return find_font(_FALLBACK[style])
    raise EngineUnavailable("the document generator needs the Noto CJK fonts: apt-get install fonts-noto-cjk "
                            "(looked for NotoSansCJK-Regular.ttc under /usr/share/fonts; set "
                            "DOCEXTRACT_SYNTH_FONT_DIR to a folder holding it)")


@lru_cache(maxsize=256)
def font(style: str, size: int):
    """A PIL font of ``style`` (see :data:`FONT_FILES`) at ``size`` pixels."""
    from PIL import ImageFont

    path, index = find_font(style)
    return ImageFont.truetype(path, int(size), index=index)


def text_width(text: str, fnt) -> float:
    return fnt.getlength(text)


def draw_spaced(draw, xy, text: str, fnt, fill, spacing: float = 0.0) -> float:
    """Draw ``text`` with ``spacing`` extra pixels between characters; returns the x after it."""
    x, y = xy
    if not spacing:
        draw.text((x, y), text, font=fnt, fill=fill)
        return x + fnt.getlength(text)
    for ch in text:
        draw.text((x, y), ch, font=fnt, fill=fill)
        x += fnt.getlength(ch) + spacing
    return x - spacing


def draw_photo(draw, box, rng) -> None:
    """A plain portrait placeholder (head and shoulders) filling ``box``, its shade drawn from ``rng``."""
    x1, y1, x2, y2 = box
    draw.rectangle(box, fill=(220, 228, 236))
    cx, w, h = (x1 + x2) / 2, x2 - x1, y2 - y1
    shade = rng.randint(120, 170)
    draw.ellipse((cx - w * 0.22, y1 + h * 0.16, cx + w * 0.22, y1 + h * 0.58), fill=(shade, shade - 10, shade - 20))
    draw.pieslice((x1 + w * 0.05, y1 + h * 0.6, x2 - w * 0.05, y2 + h * 0.45), 180, 360, fill=(60, 64, 80))
