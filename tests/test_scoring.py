"""The amount due chosen by scored evidence (docextract.scoring, locate.choose.due_amount): each
consistency rule on real Line lists through the field finder, and once through the real OCR engine."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from docextract.locate import find_fields
from docextract.options import ExtractOptions
from docextract.schema import load_schema
from docextract.scoring import Feature, Printed, Scored, best, explain, row_role, score_due, sums_to
from docextract.types import Line

SIZE = [(600, 900)]


def rows(*texts_right: tuple[str, str], y0: int = 100) -> list[Line]:
    """A receipt: per row a left text and a right-aligned amount (either may be empty)."""
    out = []
    for k, (left, right) in enumerate(texts_right):
        y = y0 + 30 * k
        if left:
            out.append(Line(left, (20, y, 20 + 12 * len(left), y + 22), 0.95))
        if right:
            out.append(Line(right, (560 - 12 * len(right), y, 560, y + 22), 0.95))
    return out


def field_of(lines: list[Line], name: str = "total"):
    """The raw value the finder takes for ``name`` on a receipt of ``lines``, and why it won."""
    found = find_fields([Line("SHOP", (250, 20, 350, 50), 0.99)] + lines, load_schema("receipt"), sizes=SIZE,
                        options=ExtractOptions())
    cand = found.get(name)
    return (cand.raw, (cand.options or {}).get("evidence", "")) if cand else (None, "")


def total_of(lines: list[Line]):
    return field_of(lines, "total")


def date_of(lines: list[Line]):
    return field_of(lines, "date")


def test_cash_tendered_is_not_the_total_tendered_minus_change_is():
    # the TOTAL label unread (a fold): the amount due is what tendered - change confirms
    raw, why = total_of(rows(("Nasi lemak", "12.00"), ("Teh tarik", "3.50"), ("", "15.50"),
                             ("CASH", "50.00"), ("CHANGE", "34.50")))
    assert raw == "15.50" and "paid = tendered - change" in why and "sum = 12.00 + 3.50" in why
    # with the label read, the cash is still not taken, and the reason says why
    raw, why = total_of(rows(("Item A", "9.00"), ("TOTAL", "9.00"), ("CASH TENDERED", "50.00"),
                             ("CHANGE DUE", "41.00")))
    assert raw == "9.00" and why.startswith("chosen on evidence: label")


def test_a_rounding_line_is_not_the_total_but_the_rounded_total_is():
    raw, why = total_of(rows(("Item A", "20.00"), ("Item B", "25.34"), ("Total Incl. GST", "45.34"),
                             ("Rounding Adj", "0.01"), ("Rounding", "45.35"), ("Cash", "50.00"), ("Change", "4.65")))
    assert raw == "45.35" and "rounded from 45.34" in why
    # the adjustment alone (no rounded total printed): the labelled total stands, 0.01 never wins
    raw, _ = total_of(rows(("Item A", "20.00"), ("Total", "20.02"), ("Rounding Adj", "-0.02")))
    assert raw == "20.02"


def test_subtotal_plus_tax_outweighs_a_label_read_on_the_wrong_row():
    # a tilted photo: each value sits one row below its label, so TOTAL's row holds the tax
    raw, why = total_of(rows(("Shoes", "49.99"), ("Bag", "52.97"), ("Subtotal", ""), ("Sales Tax 8.5%", "102.96"),
                             ("Total", "8.33"), ("", "111.29"), ("Debit", ""), ("", "111.29")))
    assert raw == "111.29" and "sum = 102.96 + 8.33" in why
    assert "paid again at a payment line" in why


def test_an_amount_printed_again_at_the_card_line_is_the_total():
    raw, why = total_of(rows(("Coffee", "3.20"), ("Muffin", "2.95"), ("Tax", "0.49"), ("", "6.64"),
                             ("VISA", "6.64")))
    assert raw == "6.64" and "paid again" in why and "sum = 3.20 + 2.95 + 0.49" in why


def test_with_no_label_and_no_relation_the_finder_falls_back_to_the_largest_amount():
    raw, why = total_of(rows(("A", "3.00"), ("B", "7.25")))
    assert raw == "7.25" and why == ""      # no evidence to show: the schema's fallback took it


def test_scoring_parts():
    assert sums_to(D("6.40"), [D("9.99"), D("2.30"), D("2.30"), D("1.80")]) == [D("2.30"), D("2.30"), D("1.80")]
    assert sums_to(D("5.00"), [D("5.00"), D("0.00")]) is None       # a value and a zero: not a sum
    assert sums_to(D("5.90"), [D("15.52"), D("-9.62")]) == [D("15.52"), D("-9.62")]   # signed
    assert sums_to(D("23.56"), [D("-3.05"), D("26.61")]) == [D("-3.05"), D("26.61")]   # a credit above it
    assert row_role("Total Paid") == "tendered" and row_role("GST Summary") == "summary"
    assert row_role("") == "" and row_role("€" * 10_000) == ""
    assert best([]) is None and score_due([]) == []
    win = best([Scored("a", [Feature("label")], (0,)), Scored("b", [Feature("label")], (1,))])
    assert win.item == "b" and explain(win) == "label (+2.5)"         # a tie: the later one
    scored = score_due([Printed(D("0.00"), "", 1.0), Printed(D("7.50"))])
    assert best(scored).item.value == D("0.00")                      # a labelled 0.00 can be the total


def test_role_words_come_from_the_lexicon_files(tmp_path, monkeypatch):
    (tmp_path / "lexicon_xx.txt").write_text("[amount_tendered]\nkontant\n", encoding="utf-8")
    assert row_role("KONTANT") == ""
    monkeypatch.setenv("DOCEXTRACT_LEXICONS", str(tmp_path))
    assert row_role("KONTANT") == "tendered"


def test_through_the_real_ocr_engine_a_generated_receipt_with_cash_and_change():
    pytest.importorskip("rapidocr")
    pytest.importorskip("onnxruntime")
    import docextract
    from docextract.synth import generate_receipt
    from docextract.synth.common import rng_for
    from docextract.synth.receipt import receipt_truth

    seed = next(s for s in range(100) if receipt_truth(rng_for("receipt", s))[1]["change"] != "0.00")
    truth, extra = receipt_truth(rng_for("receipt", seed))
    sample = generate_receipt(seed)
    result = docextract.extract(sample.image, schema="receipt", engine="rapidocr")
    total = result.fields["total"]
    assert total.value == D(truth["total"]) and total.value != D(extra["cash"])
    why = [c.message for c in result.checks if c.code == "total.evidence"]
    assert why and "label" in why[0] and "paid = tendered - change" in why[0]


def test_of_two_dates_the_one_a_row_names_as_another_date_loses():
    # a fuzzy "Date" label ("Rate") above a delivery date; the sale's date is printed with its time
    raw, why = date_of(rows(("07/21/2014", "08:44:18 AM"), ("Priority Mail", "12.35"), ("Flat Rate Box", ""),
                            ("Expected Delivery: Wed 07/23/14", "")))
    assert raw == "07/21/2014" and "with time" in why
    # an expiry date printed first, the date at its label later: the label wins
    raw, why = date_of(rows(("Card exp 01/03/2027", ""), ("Item", "4.00"), ("Date: 12/02/2024", "")))
    assert raw == "12/02/2024" and why.startswith("chosen on evidence: label")


def test_a_date_printed_twice_counts_once_and_a_labelless_page_takes_the_first_date():
    raw, why = date_of(rows(("25/12/2018", ""), ("Item", "4.00"), ("Printed 26/12/2018", ""), ("25/12/2018", "")))
    assert raw == "25/12/2018" and "first date" in why
    assert date_of(rows(("Item", "4.00"))) == (None, "")


def test_a_total_printed_again_outweighs_a_later_label_on_a_tax_row():
    # "TOTAL INCLUDES GST 3.98" is the last TOTAL label; the total itself is printed at SUBTOTAL and TOTAL
    raw, why = total_of(rows(("Item A", "18.90"), ("Item B", "24.90"), ("SUBTOTAL", "43.80"), ("TOTAL", "$43.80"),
                             ("TOTAL INCLUDES GST", "$3.98")))
    assert raw == "$43.80" and "printed twice" in why
