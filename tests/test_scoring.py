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


def _photo(lines: list[Line], size: tuple[int, int]):
    """The total the finder takes on the lines of a photographed receipt (texts and boxes as read), and why."""
    found = find_fields(lines, load_schema("receipt"), sizes=[size], options=ExtractOptions())
    return found["total"].raw, (found["total"].options or {}).get("evidence", "")


def test_the_amount_printed_right_before_the_change_is_what_was_tendered():
    """An Estonian bill (wildreceipt 075): KOKKU 63.00, the same in euros, 100.00 on a row naming only
    its currency, Tagasi (change) 37.00 — 100.00 - 37.00 confirms 63.00; the 100.00 given is not due."""
    lines = [
        Line('Premier Restaurants Eesti AS', (140, 57, 337, 85)),
        Line('Tallinn, A.H. Tammsaare tee, 47', (125, 69, 344, 100)),
        Line('Viru restoran', (188, 87, 284, 110)),
        Line('Viru 24', (209, 103, 265, 122)),
        Line('Reg. nr. 10190065', (173, 115, 297, 138)),
        Line('KMKR EE 100137365', (173, 128, 297, 152)),
        Line('Arve', (221, 158, 255, 178)),
        Line('Kassa #4', (92, 192, 157, 215)),
        Line('15/09/2010 16:35', (179, 197, 296, 220)),
        Line('MOUJA:', (92, 207, 140, 228)),
        Line('250, Managers M.', (178, 213, 287, 234)),
        Line('Nimetus', (91, 222, 149, 244)),
        Line('Kogus', (234, 229, 275, 249)),
        Line('Hind', (290, 231, 324, 247)),
        Line('Summa', (331, 230, 372, 247)),
        Line('Cola XL XXL_eine', (91, 251, 212, 275)),
        Line('1', (235, 259, 246, 275)),
        Line('0.00', (344, 257, 379, 275)),
        Line('Big Mac XL E', (90, 265, 185, 287)),
        Line('1', (235, 272, 247, 289)),
        Line('60.00', (283, 272, 323, 289)),
        Line('60.00', (339, 272, 380, 289)),
        Line('Ketsup', (89, 279, 140, 301)),
        Line('1', (235, 286, 247, 302)),
        Line('3.00', (289, 285, 324, 303)),
        Line('3.00', (345, 285, 380, 302)),
        Line('KOKKU', (86, 307, 170, 342)),
        Line('63.00', (303, 311, 385, 345)),
        Line('KOKKU EURO', (86, 336, 167, 356)),
        Line('4.03', (349, 341, 383, 359)),
        Line('EEK', (85, 365, 115, 386)),
        Line('100.00', (334, 370, 384, 389)),
        Line('Tagasi:', (85, 398, 140, 417)),
        Line('37.00', (341, 401, 385, 420)),
        Line('========', (323, 420, 383, 431)),
        Line('MAKSUSTATAV SUMMA:', (82, 429, 221, 450)),
        Line('63.00', (342, 431, 386, 452)),
        Line('SUMMA ILMA KM-ta:', (81, 444, 214, 466)),
        Line('52.50', (342, 446, 386, 467)),
        Line('KAIBEMAKS 20%:', (79, 461, 191, 481)),
        Line('10.50', (343, 462, 386, 482)),
        Line('Allkiri', (109, 510, 169, 531))]
    raw, why = _photo(lines, (480, 640))
    assert raw == "63.00" and "paid = tendered - change" in why


def test_a_labelled_total_plus_the_tax_after_it_is_the_amount_due():
    """Item Total 1,360.00, Tax 7% 95.20, Pay Amount 1,455.20 (wildreceipt 106): the sum of the amount at
    the total's label and the tax under it is what is due, not the labelled amount."""
    lines = [
        Line('saras', (96, 6, 210, 68)),
        Line('OUs Food Services', (102, 57, 206, 72)),
        Line('(Thailand) Co.,Ltd.', (104, 67, 205, 83)),
        Line('15, Ist Floor, Sukhuavit Soi 20,', (73, 77, 232, 94)),
        Line('Sukhunvit Road, Klongtoey', (92, 89, 217, 104)),
        Line('Bangkok 10110', (116, 100, 184, 115)),
        Line('Tel±02-401-8484', (116, 111, 192, 126)),
        Line('Fax:02-401-8485', (116, 123, 193, 136)),
        Line('TAX 1D:0105552127977', (102, 134, 204, 148)),
        Line('TAX Invoice (ABB)', (112, 146, 196, 158)),
        Line('POS ID :(02) 13 330 91 00135', (77, 155, 218, 170)),
        Line('Table: 9', (80, 182, 130, 198)),
        Line('Check: 00205', (143, 181, 226, 198)),
        Line('Open BytLame', (73, 198, 134, 210)),
        Line('Print at :SRSBKK-0', (144, 196, 238, 210)),
        Line('Open Time', (73, 209, 122, 221)),
        Line('11/11/17 21:12', (140, 208, 213, 220)),
        Line('Print Time t', (72, 220, 140, 232)),
        Line('11/11/17 21±12', (139, 220, 214, 231)),
        Line('Oty Name', (72, 241, 116, 254)),
        Line('Price', (170, 242, 198, 254)),
        Line('Total', (209, 241, 238, 254)),
        Line('Daal Tadka', (91, 264, 144, 276)),
        Line('235', (170, 263, 189, 276)),
        Line('470.00', (204, 264, 238, 276)),
        Line('Paneer Butter M 285', (90, 274, 189, 288)),
        Line('285.00', (205, 276, 239, 288)),
        Line('Aloo Methi', (90, 288, 144, 300)),
        Line('210', (169, 287, 189, 300)),
        Line('210.00', (204, 288, 240, 300)),
        Line('Phulka', (90, 298, 124, 311)),
        Line('40', (170, 298, 184, 310)),
        Line('240.00', (205, 299, 240, 312)),
        Line('Butter Naan', (90, 310, 149, 322)),
        Line('75', (170, 310, 184, 322)),
        Line('75.00', (210, 310, 240, 322)),
        Line('Tendoorl Roti', (90, 322, 159, 334)),
        Line('55', (170, 322, 183, 333)),
        Line('55.00', (210, 322, 240, 334)),
        Line('Mineral Water(L 25', (90, 333, 184, 346)),
        Line('25.00', (209, 334, 240, 348)),
        Line('Item Total:', (120, 367, 178, 380)),
        Line('1,360.00', (194, 367, 240, 382)),
        Line('Tax 7%:', (140, 379, 178, 392)),
        Line('95.20', (210, 380, 241, 395)),
        Line('Pay Amount :', (90, 404, 157, 416)),
        Line('1,455.20', (192, 406, 241, 419)),
        Line('Walk-In', (112, 416, 154, 428)),
        Line('Thank You', (130, 441, 182, 450))]
    raw, why = _photo(lines, (338, 450))
    assert raw == "1,455.20" and "sum of label" in why
