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


def test_installed_wheel_ships_schemas_and_prompts(tmp_path):
    """Build the wheel, install it into a folder, and load a built-in schema from there (not the repo)."""
    import zipfile

    from conftest import ROOT

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path / "dist"), str(ROOT)], check=True, capture_output=True, timeout=300)
    wheel = next((tmp_path / "dist").glob("docextract-*.whl"))
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "docextract/schemas/cn_vat_invoice.yaml" in names and "docextract/prompts/extract.j2" in names
        assert {f"docextract/server/static/{n}" for n in ("index.html", "app.js", "app.css")} <= set(names)  # the page
        zf.extractall(site)
    code = ("import docextract, json; s = docextract.load_schema('cn_vat_invoice');"
            "from docextract.locate.spell import repair_words;"
            "print(json.dumps([docextract.__file__, s.source, s.render_prompt('spotting'),"
            " repair_words('HARUWARE, Subang Jaga', ['en', 'my'])]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert out.returncode == 0, out.stderr
    module, source, prompt, words = __import__("json").loads(out.stdout)
    assert module.startswith(str(site)) and source.startswith(str(site))
    assert words == "HARDWARE, Subang Jaya"        # the word lists ship in the wheel too
    assert prompt == "检测并识别图片中的文字，将文本坐标格式化输出。"
