"""Photo-like degradations with a seeded RNG: background, perspective, rotation, blur, light, noise, JPEG.

>>> from PIL import Image
>>> img = Image.new("RGB", (200, 100), "white")
>>> a = degrade(img, rng_for("x", 1)); b = degrade(img, rng_for("x", 1))
>>> a.size == b.size and a.tobytes() == b.tobytes()
True
"""

from __future__ import annotations

import io
import math

from .common import font, rng_for

__all__ = ["degrade", "watermark", "stamp", "box_stamp", "rng_for"]


def watermark(image, text: str, rng, *, opacity: int = 60):
    """A faint diagonal watermark repeated over the image (as people stamp copies of ID cards)."""
    from PIL import Image, ImageDraw

    w, h = image.size
    layer = Image.new("RGBA", (w * 2, h * 2), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    f = font("sans", max(14, h // 12))
    colour = rng.choice([(200, 40, 40), (60, 60, 60), (40, 80, 200)])
    step_x, step_y = int(f.getlength(text)) + h // 5, h // 4
    for y in range(0, h * 2, step_y):
        for x in range(-(y // 3) % step_x - step_x, w * 2, step_x):
            d.text((x, y), text, font=f, fill=(*colour, opacity))
    layer = layer.rotate(rng.uniform(20, 35), resample=Image.BICUBIC)
    layer = layer.crop((w // 2, h // 2, w // 2 + w, h // 2 + h))
    out = image.convert("RGBA")
    out.alpha_composite(layer)
    return out.convert("RGB")


def stamp(image, text: str, centre: tuple[float, float], rng, *, radius: int = 70, opacity: int = 150):
    """A round red seal with ``text`` around its rim and a star, pressed over ``centre`` (a stamp
    crossing printed fields, as on copies of ID cards)."""
    import math

    from PIL import Image, ImageDraw

    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    cx, cy = centre
    red = (rng.randint(190, 230), rng.randint(20, 60), rng.randint(20, 60), opacity)
    d.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=red, width=max(3, radius // 14))
    f = font("sans-bold", max(12, radius // 3))
    n = max(1, len(text))
    for k, ch in enumerate(text):       # the text along the upper rim
        ang = math.pi * (1.15 + 0.7 * k / max(1, n - 1)) if n > 1 else 1.5 * math.pi
        x, y = cx + 0.72 * radius * math.cos(ang), cy + 0.72 * radius * math.sin(ang)
        d.text((x, y), ch, font=f, fill=red, anchor="mm")
    r = radius * 0.25
    pts = [(cx + (r if k % 2 == 0 else r * 0.4) * math.cos(-math.pi / 2 + k * math.pi / 5),
            cy + 0.15 * radius + (r if k % 2 == 0 else r * 0.4) * math.sin(-math.pi / 2 + k * math.pi / 5))
           for k in range(10)]
    d.polygon(pts, fill=red)
    out = image.convert("RGBA")
    out.alpha_composite(layer)
    return out.convert("RGB")


def box_stamp(image, text: str, centre: tuple[float, float], rng, *, size: int = 40, opacity: int = 220):
    """A rectangular ink stamp (``复印无效``) pressed over ``centre``: a frame and large letters in
    red or blue ink, slightly turned, whose text runs right across the printed value under it.
    The ink darkens what it covers (black print stays black, as with real stamp ink)."""
    import numpy as np
    from PIL import Image, ImageDraw

    f = font("sans-bold", size)
    tw = int(f.getlength(text))
    pad = size // 4
    w, h = tw + 2 * pad, size + 2 * pad
    layer = Image.new("L", (w + 8, h + 8), 0)
    d = ImageDraw.Draw(layer)
    d.rectangle((4, 4, 4 + w, 4 + h), outline=255, width=max(3, size // 10))
    d.text((4 + pad, 4 + pad + size // 2), text, font=f, fill=255, anchor="lm")
    layer = layer.rotate(rng.uniform(-12, 12), resample=Image.BICUBIC, expand=True)
    red = rng.random() < 0.75
    ink = (rng.randint(175, 215), rng.randint(20, 55), rng.randint(30, 60)) if red else \
        (rng.randint(20, 50), rng.randint(50, 90), rng.randint(160, 200))
    full = Image.new("L", image.size, 0)
    full.paste(layer, (int(centre[0] - layer.width / 2), int(centre[1] - layer.height / 2)))
    a = np.asarray(full, dtype=np.float32)[..., None] / 255 * opacity / 255
    base = np.asarray(image.convert("RGB"), dtype=np.float32)
    inked = base * np.array(ink, dtype=np.float32) / 255          # ink multiplies what it covers
    return Image.fromarray((base * (1 - a) + inked * a).clip(0, 255).astype(np.uint8))


def _perspective_coeffs(src, dst):
    import numpy as np

    rows = []
    for (x, y), (u, v) in zip(dst, src):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=float)
    b = np.array([c for p in src for c in p], dtype=float)
    return np.linalg.solve(a, b).tolist()


def degrade(image, rng, *, background: bool = False, max_rotate: float = 5.0, strength: float = 1.0):
    """A degraded copy of ``image``: optionally on a desk-like background, tilted up to ``max_rotate``°,
    slightly out of plane, blurred, re-lit, noisy and JPEG-compressed. Deterministic for the RNG state."""
    import numpy as np
    from PIL import Image, ImageEnhance, ImageFilter

    img = image.convert("RGB")
    w, h = img.size
    if background:  # a photo of the document lying on something
        m = int(min(w, h) * rng.uniform(0.06, 0.16))
        base = tuple(rng.randint(40, 200) for _ in range(3))
        canvas = Image.new("RGB", (w + 2 * m, h + 2 * m), base)
        g = np.random.default_rng(rng.randrange(2**32))
        texture = g.normal(0, 12, (h + 2 * m, w + 2 * m, 1)).clip(-40, 40)
        arr = (np.asarray(canvas, dtype=np.float32) + texture).clip(0, 255).astype(np.uint8)
        canvas = Image.fromarray(arr)
        canvas.paste(img, (m, m))
        img, (w, h) = canvas, canvas.size
    # perspective: move the corners a little
    j = strength * 0.035
    dst = [(rng.uniform(0, j) * w, rng.uniform(0, j) * h), (w - rng.uniform(0, j) * w, rng.uniform(0, j) * h),
           (w - rng.uniform(0, j) * w, h - rng.uniform(0, j) * h), (rng.uniform(0, j) * w, h - rng.uniform(0, j) * h)]
    src = [(0, 0), (w, 0), (w, h), (0, h)]
    fill = img.getpixel((1, 1))
    img = img.transform((w, h), Image.PERSPECTIVE, _perspective_coeffs(src, dst), Image.BICUBIC, fillcolor=fill)
    angle = rng.uniform(-max_rotate, max_rotate) * strength
    img = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=fill)
    # light: brightness, contrast, a gradient shadow
    img = ImageEnhance.Brightness(img).enhance(1 + rng.uniform(-0.2, 0.15) * strength)
    img = ImageEnhance.Contrast(img).enhance(1 + rng.uniform(-0.25, 0.1) * strength)
    arr = np.asarray(img, dtype=np.float32)
    hh, ww = arr.shape[:2]
    theta = rng.uniform(0, 2 * math.pi)
    yy, xx = np.mgrid[0:hh, 0:ww]
    ramp = (np.cos(theta) * xx / ww + np.sin(theta) * yy / hh)
    ramp = 1 - rng.uniform(0.0, 0.25) * strength * (ramp - ramp.min()) / max(1e-6, np.ptp(ramp))
    arr = arr * ramp[..., None]
    g = np.random.default_rng(rng.randrange(2**32))
    arr = arr + g.normal(0, rng.uniform(2, 9) * strength, arr.shape)
    img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    blur = rng.uniform(0.0, 1.1) * strength
    if blur > 0.25:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=int(rng.uniform(40, 80)))
    buf.seek(0)
    return Image.open(buf).convert("RGB")
