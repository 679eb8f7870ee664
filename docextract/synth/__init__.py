"""Synthetic documents with known ground truth: Chinese ID cards (front and back), VAT invoices, receipts,
passport data pages.

Every generator takes a seed (the same seed gives the same document) and ``degrade`` (make it look
photographed or scanned), and returns a :class:`Sample` ``(image, truth)`` whose truth uses the
field names of the built-in schema of that name.

    python -m docextract.synth --kind cn_id_card --n 20 --out DIR [--degrade]

>>> sorted(GENERATORS)
['cn_id_card', 'cn_id_card_back', 'cn_id_card_hard', 'cn_vat_invoice', 'passport', 'receipt', 'receipt_us']
>>> image, truth = generate("receipt", 1)
>>> truth["currency"], image.mode
('MYR', 'RGB')
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError
from .common import Sample
from .id_card import generate_id_card, generate_id_card_back, generate_id_card_hard
from .invoice import generate_vat_invoice
from .passport import generate_passport
from .receipt import generate_receipt, generate_receipt_us

__all__ = ["GENERATORS", "SCHEMA_OF", "REVISIONS", "Sample", "generate", "generate_set", "generate_id_card",
           "generate_id_card_back", "generate_id_card_hard", "generate_vat_invoice", "generate_receipt",
           "generate_passport", "generate_receipt_us"]

#: kind → generator ``(seed, degrade=False) -> Sample``; a kind is the name of the built-in schema its
#: truth fills, but for the variants of :data:`SCHEMA_OF`
SCHEMA_OF = {"cn_id_card_hard": "cn_id_card", "receipt_us": "receipt"}
#: kind → how many times its drawing changed (a cached generated set of an older drawing is not reused)
REVISIONS = {"cn_id_card_hard": 2}
GENERATORS = {"cn_id_card": generate_id_card, "cn_id_card_back": generate_id_card_back,
              "cn_id_card_hard": generate_id_card_hard,
              "cn_vat_invoice": generate_vat_invoice, "receipt": generate_receipt,
              "passport": generate_passport, "receipt_us": generate_receipt_us}


def generate(kind: str, seed: int, degrade: bool = False) -> Sample:
    """One document of ``kind`` (a schema name in :data:`GENERATORS`)."""
    if kind not in GENERATORS:
        raise InputError(f"no generator for {kind!r}; choose one of: {', '.join(sorted(GENERATORS))}", field="kind")
    return GENERATORS[kind](seed, degrade=degrade)


def generate_set(kind: str, n: int, out_dir, seed: int = 0, degrade: bool = False, *, prefix: str = "",
                 quality: int = 90) -> list[Path]:
    """Write ``n`` documents as ``NNN.jpg`` + ``NNN.json`` (``{"schema": kind, **truth}``) into ``out_dir``.

    Seeds are ``seed``, ``seed + 1``, …; returns the image paths.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        sample = generate(kind, seed + i, degrade)
        stem = f"{prefix}{i:03d}"
        img_path = out / f"{stem}.jpg"
        sample.image.save(img_path, "JPEG", quality=quality)
        truth = {"schema": SCHEMA_OF.get(kind, kind), **sample.truth}
        (out / f"{stem}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        paths.append(img_path)
    return paths
