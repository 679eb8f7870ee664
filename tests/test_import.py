"""``import docextract`` stays light: no torch, transformers, rapidocr or fastapi."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("torch", "transformers", "rapidocr", "onnxruntime", "fastapi", "cv2")


def test_import_does_not_load_heavy_packages():
    code = ("import sys, docextract; docextract.load_schema('cn_id_card'); docextract.validate({}, 'receipt');"
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_public_names_resolve():
    import docextract

    for name in docextract.__all__:
        assert getattr(docextract, name) is not None
