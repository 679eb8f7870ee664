"""Generated documents: deterministic per seed, and their ground truth is valid and self-consistent."""

from __future__ import annotations

import datetime as _dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from stdnum.cn import ric, uscc

from docextract.api import validate
from docextract.errors import EngineUnavailable, InputError
from docextract.normalize.capital import parse_capital, to_capital
from docextract.normalize.identifiers import ric_region, ric_region_known
from docextract.synth import GENERATORS, SCHEMA_OF, common, generate, generate_set
from docextract.synth.id_card import card_person
from docextract.synth.invoice import invoice_truth
from docextract.synth.people import rng_for
from docextract.synth.receipt import receipt_truth

ROOT = Path(__file__).resolve().parent.parent
TODAY = _dt.date(2026, 1, 1)


@pytest.mark.parametrize("kind", sorted(GENERATORS))
@pytest.mark.parametrize("degrade", [False, True])
def test_same_seed_same_document(kind, degrade):
    a, b = generate(kind, 11, degrade), generate(kind, 11, degrade)
    assert a.truth == b.truth
    assert a.image.size == b.image.size and a.image.tobytes() == b.image.tobytes()
    c = generate(kind, 12, degrade)
    assert c.truth != a.truth
    assert a.image.mode == "RGB" and min(a.image.size) >= 400


@pytest.mark.parametrize("kind", sorted(set(GENERATORS) - set(SCHEMA_OF)))
def test_truth_passes_every_check_of_its_schema(kind):
    for seed in range(8):
        truth = generate(kind, seed).truth
        result = validate(truth, schema=kind, today=TODAY)
        bad = [(c.code, c.message) for c in result.checks if c.status != "pass"]
        assert not bad, (seed, bad)
        assert set(truth) <= set(result.fields), set(truth) - set(result.fields)


def test_misprinted_cards_print_what_the_checks_catch(tmp_path):
    """cn_id_card_hard: a wrong check character, 17 digits, or a stamp over a valid card; the truth
    is what is printed, so exactly the ID number's checks fail on the first two."""
    codes = {}
    for seed in range(6):
        truth = generate("cn_id_card_hard", seed).truth
        result = validate(truth, schema="cn_id_card", today=TODAY)
        codes[seed % 3] = {c.code for c in result.checks if c.status == "fail"}
        assert len(truth["id_number"]) == (17 if seed % 3 == 1 else 18)
    assert codes[2] == set()                                   # stamped: a valid card
    assert codes[0] and all(c.startswith("id_number") or c.startswith("cn_ric") for c in codes[0])
    assert codes[1] and all(c.startswith("id_number") or c.startswith("cn_ric") for c in codes[1])
    stamped, plain = generate("cn_id_card_hard", 2), generate("cn_id_card", 2)
    assert stamped.truth == plain.truth and stamped.image.tobytes() != plain.image.tobytes()
    generate_set("cn_id_card_hard", 1, tmp_path)
    assert json.loads((tmp_path / "000.json").read_text(encoding="utf-8"))["schema"] == "cn_id_card"


def test_id_numbers_are_valid_and_agree_with_the_card():
    for seed in range(300):
        p = card_person(seed)
        number = p["id_number"]
        assert ric.is_valid(number), number
        assert ric_region_known(number), number
        assert number[6:14] == p["birth_date"].replace("-", "")
        assert (int(number[16]) % 2 == 1) == (p["sex"] == "male")
        region = ric_region(number)
        assert p["address"].startswith(region["province"]) and region["county"] in p["address"]
        assert p["issuing_authority"].endswith(("公安局", "分局"))


def test_invoice_arithmetic_and_capital_numerals():
    for seed in range(60):
        for style in ("paper", "digital"):
            t = invoice_truth(rng_for("test", seed), style)
            items = t["items"]
            for it in items:
                amount, rate = Decimal(it["amount"]), Decimal(it["tax_rate"].rstrip("%")) / 100
                assert Decimal(it["tax"]) == (amount * rate).quantize(Decimal("0.01"))
                assert abs(Decimal(it["quantity"]) * Decimal(it["unit_price"]) - amount) < Decimal("0.01")
                assert it["name"].startswith("*") and it["name"].count("*") == 2
            assert sum(Decimal(i["amount"]) for i in items) == Decimal(t["total_amount"])
            assert sum(Decimal(i["tax"]) for i in items) == Decimal(t["total_tax"])
            total = Decimal(t["total_with_tax"])
            assert Decimal(t["total_amount"]) + Decimal(t["total_tax"]) == total
            assert parse_capital(t["total_with_tax_capital"]) == total
            assert t["total_with_tax_capital"] == to_capital(total)
            assert uscc.is_valid(t["buyer_tax_id"]) and uscc.is_valid(t["seller_tax_id"])
            yy = t["issue_date"][2:4]
            if style == "digital":
                assert t["invoice_code"] is None and len(t["invoice_number"]) == 20
                assert t["invoice_number"].startswith(yy)
            else:
                assert len(t["invoice_code"]) in (10, 12) and len(t["invoice_number"]) == 8
                assert t["check_code"] is None or len(t["check_code"]) == 20


def test_receipt_arithmetic():
    for seed in range(100):
        t, extra = receipt_truth(rng_for("test", seed))
        sub, total = Decimal(t["subtotal"]), Decimal(t["total"])
        assert sum(Decimal(i["amount"]) for i in t["items"]) == sub
        assert sub + Decimal(t["tax"] or 0) + Decimal(t["rounding"] or 0) == total
        assert total % Decimal("0.05") == 0 and abs(Decimal(t["rounding"] or 0)) <= Decimal("0.02")
        assert Decimal(extra["cash"]) - total == Decimal(extra["change"]) >= 0
        assert t["merchant_address"] == " ".join(extra["address_lines"])


def test_generate_set_and_cli(tmp_path):
    paths = generate_set("cn_id_card_back", 2, tmp_path / "a", seed=5)
    assert [p.name for p in paths] == ["000.jpg", "001.jpg"]
    data = json.loads((tmp_path / "a" / "001.json").read_text(encoding="utf-8"))
    assert data == {"schema": "cn_id_card_back", **generate("cn_id_card_back", 6).truth}
    out = subprocess.run([sys.executable, "-m", "docextract.synth", "--kind", "receipt", "--n", "1", "--out",
                          str(tmp_path / "b"), "--degrade", "--prefix", "receipt_"], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["receipt_000.jpg", "receipt_000.json"]
    bad = subprocess.run([sys.executable, "-m", "docextract.synth", "--kind", "spaceship", "--out", str(tmp_path)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert bad.returncode == 2 and "invalid choice" in bad.stderr
    with pytest.raises(InputError, match="no generator for 'spaceship'"):
        generate("spaceship", 1)


def test_missing_fonts_are_named(monkeypatch):
    common.find_font.cache_clear()
    common.font.cache_clear()
    monkeypatch.setattr(common, "_DIRS", ())
    monkeypatch.setitem(common.FONT_FILES, "sans", (("NoSuchFont.ttc",), 2))
    monkeypatch.setitem(common.FONT_FILES, "mono", (("NoSuchMono.ttf",), 0))
    monkeypatch.setitem(common.FONT_FILES, "latin", (("NoSuchLatin.ttf",), 0))
    try:
        with pytest.raises(EngineUnavailable, match="fonts-noto-cjk"):
            common.find_font("mono")
    finally:
        common.find_font.cache_clear()
        common.font.cache_clear()


def test_examples_are_generated_documents_with_truth():
    folder = ROOT / "examples"
    if not folder.is_dir():
        pytest.skip("no examples folder")
    images = sorted(p for p in folder.iterdir() if p.suffix == ".jpg")
    assert images, "examples/ has no sample images"
    for img in images:
        truth = json.loads(img.with_suffix(".json").read_text(encoding="utf-8"))
        kind = truth.pop("schema")
        assert kind in GENERATORS and img.stem.startswith(kind)
        result = validate(truth, schema=kind, today=TODAY)
        assert not [c for c in result.checks if c.status == "fail"], img.name
    assert sum(p.stat().st_size for p in folder.iterdir()) < 1_000_000
