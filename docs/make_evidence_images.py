"""Draw the pictures of docs/evidence.md with the library itself (generated documents, real CPU engine).

    python docs/make_evidence_images.py        # writes docs/images/evidence_*.jpg
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent / "images"


def with_notes(image, notes: list[tuple[str, str]], width: int = 1100):
    """``image`` scaled to ``width`` with a panel under it listing ``(status, message)`` notes."""
    from PIL import Image, ImageDraw

    from docextract.viz import load_font

    scale = width / image.size[0]
    page = image.resize((width, round(image.size[1] * scale)))
    import textwrap

    font = load_font(18)
    rows = [(status, part) for status, message in notes
            for part in textwrap.wrap(f"[{status.upper()}] {message}", 70, subsequent_indent="       ")]
    panel = Image.new("RGB", (width, 16 + 28 * len(rows)), "white")
    d = ImageDraw.Draw(panel)
    colours = {"fail": (200, 30, 30), "warn": (190, 120, 0), "pass": (30, 130, 60)}
    for k, (status, text) in enumerate(rows):
        d.text((12, 8 + 28 * k), text, font=font, fill=colours[status])
    out = Image.new("RGB", (width, page.size[1] + panel.size[1]), "white")
    out.paste(page, (0, 0))
    out.paste(panel, (0, page.size[1]))
    return out


def grounded_id_card():
    from docextract import ExtractOptions, extract
    from docextract.engines.scripted import ScriptedEngine
    from docextract.synth import generate

    s = generate("cn_id_card", 1)
    t = s.truth
    answer = {"姓名": t["name"], "性别": "男" if t["sex"] == "male" else "女", "民族": "汉", "出生": t["birth_date"],
              "住址": t["address"][:11], "公民身份号码": t["id_number"][:-2] + "0" + t["id_number"][-1]}
    r = extract(s.image, schema="cn_id_card", engine=ScriptedEngine([json.dumps(answer, ensure_ascii=False)]),
                options=ExtractOptions(boxes=False, grounding=True))
    notes = [(c.status, c.message) for c in r.checks if c.status == "warn"]
    return with_notes(r.draw(show_values=True), notes)


def qr_mismatch():
    from PIL import ImageDraw

    from docextract import extract
    from docextract.synth.invoice import generate_vat_invoice

    s = generate_vat_invoice(1, style="paper", qr_alter="invoice_number")
    r = extract(s.image, schema="cn_vat_invoice", engine="rapidocr")
    img = r.draw(show_values=True, fields=["invoice_code", "invoice_number", "issue_date", "total_amount"])
    d = ImageDraw.Draw(img)
    for code in r.codes:
        d.rectangle(code.box, outline=(200, 30, 30), width=4)
    notes = [(c.status, c.message) for c in r.checks if c.code == "qr_matches_fields"]
    notes += [("pass", f"QR payload: {c.text}") for c in r.codes]
    return with_notes(img.crop((0, 0, img.size[0], 560)), notes)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    grounded_id_card().save(OUT / "evidence_grounding.jpg", quality=85)
    qr_mismatch().save(OUT / "evidence_qr_mismatch.jpg", quality=85)


if __name__ == "__main__":
    main()
