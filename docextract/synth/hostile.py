"""Hostile documents for tests, fuzzing and the soak benchmark: small files that would cost a
careless server a lot (page-size bombs, too many pages, pixel bombs, a YAML alias bomb).

>>> len(alias_bomb()) < 600, alias_bomb(levels=2).count("*l")
(True, 10)
>>> blank_pdf(3)[:4], len(multipage_tiff(5)) < 10_000
(b'%PDF', True)
"""

from __future__ import annotations

import io

__all__ = ["alias_bomb", "blank_pdf", "multipage_tiff", "pixel_bomb_png"]


def alias_bomb(levels: int = 9, width: int = 10) -> str:
    """A valid-looking schema whose ``description`` is an alias tree: a few hundred bytes that expand to
    ``width ** levels`` strings when anything turns the description into text."""
    rows = [f"  - &l0 [{', '.join(['x'] * width)}]"]
    rows += [f"  - &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return "name: bomb\nfields:\n  - {name: a, type: text}\ndescription:\n" + "\n".join(rows) + "\n"


def blank_pdf(pages: int, size_pt: tuple[float, float] = (595, 842)) -> bytes:
    """A PDF of ``pages`` empty pages of ``size_pt`` points (A4 by default; 14400 × 14400 is the largest)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(*size_pt)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def multipage_tiff(pages: int, size: tuple[int, int] = (64, 48)) -> bytes:
    """A TIFF of ``pages`` white frames."""
    from PIL import Image

    frames = [Image.new("L", size, 255) for _ in range(pages)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_deflate")
    return buf.getvalue()


def pixel_bomb_png(side: int = 12000) -> bytes:
    """A 1-bit PNG of ``side`` × ``side`` pixels in a few kB."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("1", (side, side)).save(buf, "PNG")
    return buf.getvalue()
