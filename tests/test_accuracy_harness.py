"""benchmarks/accuracy.py: the report's structure on real receipts, its scoring rules, and an
accuracy floor on clean generated ID cards (all through docextract.extract with the CPU engine)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from benchmarks import accuracy
from docextract.schema import load_schema


def test_compare_rules():
    s = load_schema("receipt")
    opts = {"day_first": True}
    assert accuracy.compare(s.field("date"), "25/12/2018", "2018-12-25", None, opts)
    assert accuracy.compare(s.field("total"), "RM 9.00", "9.0", None, opts)
    assert accuracy.compare(s.field("total"), "9.00", None, Decimal("9.00"), opts)
    assert not accuracy.compare(s.field("total"), "9.00", "9.01", None, opts)
    assert accuracy.compare(s.field("merchant_name"), "ABC  HO trading", "abc ho TRADING", None, opts)
    assert not accuracy.compare(s.field("merchant_name"), "ABC HO TRADING", None, None, opts)
    assert accuracy.compare(s.field("merchant_name"), "", None, None, opts)   # absent and not found
    ids = load_schema("cn_id_card")
    assert accuracy.compare(ids.field("sex"), "male", "男", None, {})


def test_summary_counts():
    rows = [{"id": "a", "seconds": 1.0, "fields": {"x": {"gold": "1", "raw": "1", "ok": True}}},
            {"id": "b", "seconds": 3.0, "fields": {"x": {"gold": "2", "raw": "9", "ok": False}}},
            {"id": "c", "seconds": 2.0, "fields": {"x": {"gold": "3", "raw": None, "ok": False}}}]
    r = accuracy.summarise(rows, ["x"], engine="e", schema_name="s")
    assert r["fields"]["x"] == {"n": 3, "gold": 3, "predicted": 2, "correct": 1, "precision": 0.5,
                                "recall": 0.3333, "f1": 0.4, "exact_match": 0.3333}
    assert r["seconds_per_doc"] == {"mean": 2.0, "median": 2.0, "max": 3.0}


def test_missing_data_is_a_clear_exit(tmp_path):
    with pytest.raises(SystemExit, match="no labelled documents"):
        accuracy.load_dataset(tmp_path)


@pytest.mark.slow
def test_smoke_on_three_receipts(sroie_dir, tmp_path, capsys):
    pytest.importorskip("rapidocr")
    out = tmp_path / "report.json"
    assert accuracy.main(["--data", str(sroie_dir), "--schema", "receipt", "--engine", "rapidocr", "--limit", "3",
                          "--report", str(out), "--quiet"]) == 0
    table = capsys.readouterr().out
    assert "merchant_address" in table and "mean exact match" in table
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["n_docs"] == 3 and report["errors"] == 0
    assert set(report["fields"]) == {"merchant_name", "merchant_address", "date", "total"}
    for f in report["fields"].values():
        assert f["n"] == 3
        for key in ("precision", "recall", "f1", "exact_match"):
            assert 0.0 <= f[key] <= 1.0
    assert 0.0 <= report["mean_exact_match"] <= 1.0
    assert report["fields"]["date"]["exact_match"] == 1.0      # dates of these three are read right
    assert 0 < report["seconds_per_doc"]["mean"] < 120
    assert [d["id"] for d in report["docs"]] == ["000", "001", "002"]


@pytest.mark.slow
def test_clean_generated_id_cards_reach_95_percent(tmp_path):
    pytest.importorskip("rapidocr")
    synth = pytest.importorskip("docextract.synth")
    synth.generate_set("cn_id_card", 5, tmp_path, seed=40)
    from docextract.engines import get_engine
    from docextract.options import ExtractOptions

    opts = ExtractOptions(engine="rapidocr")
    report = accuracy.evaluate(accuracy.load_dataset(tmp_path), "cn_id_card", get_engine("rapidocr", opts), opts)
    assert report["n_docs"] == 5 and report["errors"] == 0
    assert report["mean_exact_match"] >= 0.95, json.dumps(report["fields"], indent=1)


def _score(tmp_path, kind: str, n: int, seed: int, degrade: bool) -> dict:
    pytest.importorskip("rapidocr")
    synth = pytest.importorskip("docextract.synth")
    synth.generate_set(kind, n, tmp_path, seed=seed, degrade=degrade)
    from docextract.engines import get_engine
    from docextract.options import ExtractOptions

    opts = ExtractOptions(engine="rapidocr")
    report = accuracy.evaluate(accuracy.load_dataset(tmp_path), kind, get_engine("rapidocr", opts), opts)
    assert report["n_docs"] == n and report["errors"] == 0
    return report


@pytest.mark.slow
def test_photographed_generated_id_cards_reach_85_percent(tmp_path):
    # tilted, blurred, noisy, JPEG, watermarked "仅供…使用" copies; seeds not used for tuning
    report = _score(tmp_path, "cn_id_card", 10, 700, degrade=True)
    assert report["mean_exact_match"] >= 0.85, json.dumps(report["fields"], indent=1)


@pytest.mark.slow
@pytest.mark.parametrize("degrade", [False, True])
def test_generated_vat_invoices_reach_90_percent_of_fields(tmp_path, degrade):
    report = _score(tmp_path, "cn_vat_invoice", 4, 710, degrade=degrade)
    fields = {k: v for k, v in report["fields"].items() if k != "items"}
    mean = sum(v["exact_match"] for v in fields.values()) / len(fields)
    assert mean >= 0.9, json.dumps(report["fields"], indent=1)
    for key in ("buyer_name", "seller_name", "seller_tax_id", "total_tax", "total_with_tax"):
        assert fields[key]["exact_match"] >= 0.75, key     # the section and column hints at work


def test_wildreceipt_layout_and_scoring(tmp_path):
    """The WildReceipt layout (img/*.jpeg, key/*.json, box/*.json) is read; names compare without
    spaces and punctuation, labelled dates month first (any of several joined boxes), and a field
    is scored only where the key holds it."""
    for sub in ("img", "key", "box"):
        (tmp_path / sub).mkdir()
    for i, key in enumerate([{"company": "KOREANRESTAURANT", "date": "02/03/16, 02/03/2016"}, {"total": "9.50"}]):
        (tmp_path / "img" / f"00{i}.jpeg").write_bytes(b"x")
        (tmp_path / "key" / f"00{i}.json").write_text(json.dumps(key), encoding="utf-8")
        (tmp_path / "box" / f"00{i}.json").write_text("[]", encoding="utf-8")
    assert accuracy.layout_of(tmp_path) == "wildreceipt"
    docs = accuracy.load_dataset(tmp_path)
    assert docs[0]["gold"] == {"merchant_name": "KOREANRESTAURANT", "date": "02/03/16, 02/03/2016"}
    assert {k: [d["id"] for d in v] for k, v in accuracy.halves(docs).items()} == {"even": ["000"], "odd": ["001"]}
    s, wild = load_schema("receipt"), accuracy.SCORING["wildreceipt"]
    kw = {"gold_options": wild["gold_options"], "nospace": wild["nospace"]}
    assert accuracy.compare(s.field("merchant_name"), "KOREANRESTAURANT", "Korean Restaurant", None, {}, **kw)
    assert not accuracy.compare(s.field("merchant_name"), "KOREANRESTAURANT", "Korean Restaurant", None, {})
    import datetime as dt
    assert accuracy.compare(s.field("date"), "02/03/16, 02/03/2016", "02/03/16", dt.date(2016, 2, 3), {}, **kw)
    assert not accuracy.compare(s.field("date"), "02/03/16, 02/03/2016", "02/03/16", dt.date(2016, 3, 2), {}, **kw)
    total = s.field("total")    # a total's boxes joined: the amount they print, currency glued on or not
    assert accuracy.compare(total, "$53.82 $53.82", "53.82", None, {}, **kw)
    assert accuracy.compare(total, "R288.40", "288.40", None, {}, **kw)
    assert not accuracy.compare(total, "$53.82 $53.82", "5.38", None, {}, **kw)
    assert not accuracy.compare(total, "12BALDUE 37.00", "12", None, {}, **kw)
    assert not accuracy.compare(total, "$53.82 $53.82", "53.82", None, {})
    assert accuracy.SCORING["wildreceipt"]["labelled_only"] and not accuracy.SCORING["sroie"]["labelled_only"]


def test_suite_lists_the_three_kinds_of_sets():
    names = list(accuracy.SUITE)
    assert names[:2] == ["sroie-dev", "wildreceipt-dev"]
    assert any(accuracy.SUITE[n][1][0] == "cn_id_card_hard" for n in names[2:])
    rows = accuracy.format_suite({"x": {"n_docs": 2, "mean_exact_match": 0.5, "seconds_per_doc": {"mean": 1.0},
                                        "fields": {"date": {"exact_match": 0.5}},
                                        "halves": {"even": {"n_docs": 1, "mean_exact_match": 1.0,
                                                            "seconds_per_doc": {"mean": 1.0},
                                                            "fields": {"date": {"exact_match": 1.0}}}}}})
    assert "| x | 2 | 0.500 | date 0.500 | 1.00 |" in rows and "x even" in rows
