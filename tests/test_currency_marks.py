"""Issue 18, knowledge as data: the currency marks the CPU engine's finder accepts beside an amount
come from ``locales.yaml`` (the package's and the user's), not from code — a user adds a country's
marks and its amounts are found, with no code change (all through the real finder)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from docextract.errors import SchemaError
from docextract.locate import find_fields
from docextract.locate.values import AMOUNT_RE, find_amounts, repair_amount
from docextract.normalize.locale import (choose_lexicons, currency_mark, currency_marks, locales,
                                         mark_currencies, page_date_order)
from docextract.options import ExtractOptions
from docextract.schema import load_schema
from docextract.types import Line
from docextract.validation import build_result

OPTS = ExtractOptions()


def _receipt(total: str) -> list[Line]:
    return [Line("CAFE CENTRAL", (10, 10, 300, 40), 0.95), Line("Kaffee", (10, 60, 200, 90), 0.95),
            Line("4.50", (300, 60, 380, 90), 0.95), Line("TOTAL", (10, 110, 200, 140), 0.95),
            Line(total, (280, 110, 380, 140), 0.95)]


def _total_and_currency(total: str) -> tuple[str | None, str | None]:
    schema = load_schema("receipt")
    found = find_fields(_receipt(total), schema, sizes=[(400, 200)], options=OPTS)
    result = build_result(found, schema, OPTS)
    return (found["total"].raw if "total" in found else None), result.fields["currency"].value


@pytest.mark.parametrize("printed, currency", [("S$ 12.50", "SGD"), ("RMB 12.50", "CNY"), ("¥12.50", "CNY"),
                                               ("￥12.50", "CNY"), ("Rs. 2,800.00", "INR"), ("₱ 150.00", "PHP"),
                                               ("HK$ 12.50", "HKD"), ("RM9.00", "MYR"), ("Rs118.00", "INR")])
def test_the_finder_reads_every_mark_of_the_locales_file(printed, currency):
    """Marks of locales.yaml, those the code used to list (S$, RMB, ¥) and those it never did
    (Rs., ₱), the rupee's glued without a period (Rs118.00, an Indian restaurant's bill): the total keeps
    its mark, the currency field names its code."""
    assert _total_and_currency(printed) == (printed, currency)


def test_a_mark_is_a_whole_token_and_longest_first():
    found = [[t[a:b] for a, b in find_amounts(t)] for t in ("FARM 1.00", "RMB 5.00", "S$ 4.00", "NZ$ 3.00",
                                                             "CASH $ 20.00", "xRM 2.00")]
    assert found == [["1.00"], ["RMB 5.00"], ["S$ 4.00"], ["3.00"], ["$ 20.00"], ["2.00"]]
    marks = currency_marks()
    assert marks.index("RMB") < marks.index("RM") and marks.index("HK$") < marks.index("$")
    assert repair_amount("S$ 20 00") == "S$20.00" and repair_amount("RMB 7.U0") == "RMB 7.00"


def test_amount_re_stays_a_working_public_pattern():
    assert [m.group() for m in AMOUNT_RE.finditer("TOTAL RM 9.00 CASH US$ 10.00")] == ["RM 9.00", "US$ 10.00"]
    assert "MYR" in AMOUNT_RE.pattern and AMOUNT_RE.compiled is AMOUNT_RE.compiled    # compiled once


def test_the_marks_without_a_date_order_decide_no_date_order_nor_lexicon():
    """The cn entry (RMB, CNY, ¥) has no day_first and no lexicon: a Chinese VAT invoice's ¥ leaves
    the date order to the page's dates and reads every lexicon, as before."""
    assert locales()["cn"].get("day_first") is None
    assert page_date_order(["合计 ¥541.33", "05/03/18"]) == (None, "")
    assert choose_lexicons(None, None, ["合计 ¥541.33 ¥70.38", "价税合计 (小写) ￥611.71"]) == (None, "")
    assert page_date_order(["RMB 5.00", "RM 9.00", "05/03/18"])[0] is True     # my still decides


@pytest.mark.parametrize("junk, mark, amounts", [
    (None, None, None), ("", None, []), ("€", "€", []), ("１２．５０", None, []), ("€１２．５０", "€", []),
    ("RM" * 5000, None, []), ("x" * 10_000 + " $ 1.00", "$", ["$ 1.00"]), ("RM 1.00 " * 1250, "RM", ["RM 1.00"] * 1250)])
def test_junk_to_the_mark_readers(junk, mark, amounts):
    """None, empty, a bare mark, full-width digits, 10 kB strings: an answer, no error, quickly."""
    assert currency_mark(junk) == mark
    if junk is not None:
        assert [junk[a:b] for a, b in find_amounts(junk)] == amounts and repair_amount(junk) is None
    assert mark_currencies()["rm"] == "MYR" and "€" in currency_marks()


USER_CODE = """
import json
from docextract.locate import find_fields
from docextract.options import ExtractOptions
from docextract.schema import load_schema
from docextract.types import Line
from docextract.validation import build_result
schema, out = load_schema("receipt"), []
for total in ("CHF 12.50", "Fr. 12.50"):
    lines = [Line("CAFE CENTRAL", (10, 10, 300, 40), 0.95), Line("TOTAL", (10, 110, 200, 140), 0.95),
             Line(total, (280, 110, 380, 140), 0.95)]
    found = find_fields(lines, schema, sizes=[(400, 200)], options=ExtractOptions())
    result = build_result(found, schema, ExtractOptions())
    out.append([found["total"].raw, str(result.fields["total"].value), result.fields["currency"].value])
print(json.dumps(out))
"""


def test_a_user_adds_currency_marks_without_code(tmp_path):
    """``ch: {currency: CHF, marks: [CHF, Fr.]}`` in the user's locales.yaml: ``CHF 12.50`` and
    ``Fr. 12.50`` are found with their marks and name CHF; without the file the marks are not read."""
    import json

    (tmp_path / "locales.yaml").write_text("ch: {currency: CHF, marks: [CHF, Fr.], day_first: true}\n",
                                           encoding="utf-8")
    env = {**os.environ, "DOCEXTRACT_LEXICONS": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", USER_CODE], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [["CHF 12.50", "12.50", "CHF"], ["Fr. 12.50", "12.50", "CHF"]]
    env.pop("DOCEXTRACT_LEXICONS")
    out = subprocess.run([sys.executable, "-c", USER_CODE], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [["12.50", "12.50", "CHF"], ["12.50", "12.50", None]]


def test_the_marks_follow_the_user_folders_in_one_process(tmp_path, monkeypatch):
    (tmp_path / "locales.yaml").write_text("ch: {currency: CHF, marks: [Fr.]}\n", encoding="utf-8")
    assert currency_mark("Fr. 12.50") is None
    monkeypatch.setenv("DOCEXTRACT_LEXICONS", str(tmp_path))
    assert currency_mark("Fr. 12.50") == "Fr." and [m.group() for m in AMOUNT_RE.finditer("Fr. 12.50")] == ["Fr. 12.50"]
    monkeypatch.delenv("DOCEXTRACT_LEXICONS")
    assert currency_mark("Fr. 12.50") is None


@pytest.mark.parametrize("text, says", [
    ("ch: [CHF, Fr.]\n", "'ch': an entry must be a mapping"),
    ("ch: {currency: CHF, marks: CHF}\n", "marks must be a list"),
    ("ch: {currency: CHF, marks: ['']}\n", "marks must be a list"),
    ("ch: {currency: CHF, marks: [12]}\n", "marks must be a list"),
    ("ok: {currency: CHF}\nch: {currency: Swiss franc, marks: [CHF]}\n", "line 2: 'ch': currency must be"),
    ("ch: {currency: CHF, marks: [CHF], day_first: maybe}\n", "day_first"),
    ("ch: {currency: CHF, signs: ['(unclosed']}\n", "signs"),
    ("- ch\n", "must map country codes"),
    ("ch: {currency: CHF, marks: [CHF]\n", "locales.yaml"),
    ("a: &x {currency: CHF}\nb: *x\n", "aliases"),
])
def test_a_broken_user_locales_file_is_a_typed_error_naming_it(tmp_path, monkeypatch, text, says):
    (tmp_path / "locales.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DOCEXTRACT_LEXICONS", str(tmp_path))
    with pytest.raises(SchemaError, match="locales.yaml") as err:
        find_fields(_receipt("12.50"), load_schema("receipt"), sizes=[(400, 200)], options=OPTS)
    assert says in str(err.value) and str(tmp_path) in str(err.value)
