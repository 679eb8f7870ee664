"""A document type the built-in schemas do not cover, read with no code change: a German-language invoice
("Rechnung") described by a user's YAML schema and a user's lexicon folder (DOCEXTRACT_LEXICONS),
rendered as an image with the project's fonts and read through the real RapidOCR engine.

The schema chooses the user's lexicon (``hints: lexicon: [at]``, an Austrian issuer's words): the legal form (OHG) makes
the issuer's line an organisation and RECHNUNG a heading, not a name. The same image read with
``lexicon: [us]`` takes the heading for the issuer, so the test fails if the lexicon or the hints
mechanism is broken; without the user's folder the schema is refused, naming the file and line.
"""

from __future__ import annotations

import pytest

from docextract import extract
from docextract.errors import SchemaError
from docextract.schema import load_schema

LEXICON_AT = """\
# Austrian issuers and addresses (a user's file)
[legal_forms]
ohg
e.k.
ug

[headings]
rechnung

[address_words]
re:\\w+weg
re:\\w+platz

[places]
wien
graz

[postcodes]
re:(?<!\\d)\\d{4}(?=\\s+[A-Z][a-z])
"""

SCHEMA = """\
name: rechnung
title: Rechnung (German invoice)
languages: [de]
hints: {{lexicon: [{lexicon}]}}
fields:
  - name: issuer
    type: text
    required: true
    hints: {{kind: organisation, position: top}}
  - name: issuer_address
    type: text
    hints: {{kind: address, near: issuer, lines: 3}}
  - name: invoice_number
    type: text
    labels: {{de: [Rechnungsnummer, Rechnungsnr]}}
  - name: date
    type: date
    labels: {{de: [Datum, Rechnungsdatum]}}
  - name: total
    type: amount
    labels: {{de: [Gesamtbetrag, Summe]}}
  - name: currency
    type: currency
"""


def _invoice_image():
    from PIL import Image, ImageDraw

    from docextract.synth.common import font

    img = Image.new("RGB", (900, 620), "white")
    draw = ImageDraw.Draw(img)
    rows = [("RECHNUNG", "latin-bold", 44), ("Holzbau Brandt OHG", "latin", 28), ("Gartenweg 12", "latin", 26),
            ("1010 Wien", "latin", 26), ("Rechnungsnummer: RE-2024-0117", "latin", 26),
            ("Datum: 14.03.2024", "latin", 26), ("2 x Eichenbrett 119,00 EUR", "latin", 26),
            ("Gesamtbetrag: 238,00 EUR", "latin-bold", 28)]
    y = 30
    for text, style, size in rows:
        draw.text((50, y), text, fill="black", font=font(style, size))
        y += size + 40
    return img


@pytest.fixture(scope="module")
def user_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lexicons")
    (folder / "lexicon_at.txt").write_text(LEXICON_AT, encoding="utf-8")
    for lexicon in ("at", "us"):
        (folder / f"rechnung_{lexicon}.yaml").write_text(SCHEMA.format(lexicon=lexicon), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def results(user_folder):
    mp = pytest.MonkeyPatch()
    mp.setenv("DOCEXTRACT_LEXICONS", str(user_folder))
    try:
        image = _invoice_image()
        return {lex: extract(image, schema=str(user_folder / f"rechnung_{lex}.yaml"), engine="rapidocr")
                for lex in ("at", "us")}
    finally:
        mp.undo()


@pytest.mark.slow
def test_a_user_schema_and_lexicon_read_a_german_invoice(results):
    r = results["at"]
    values = {k: f.value for k, f in r.fields.items()}
    assert values["issuer"] == "Holzbau Brandt OHG", r.to_table()
    assert "Gartenweg 12" in values["issuer_address"] and "1010 Wien" in values["issuer_address"], r.to_table()
    assert values["invoice_number"] == "RE-2024-0117"
    assert str(values["date"]) == "2024-03-14"
    assert str(values["total"]) == "238.00" and values["currency"] == "EUR"
    # the choice of lexicon and its reason are in the result
    locale = next(c for c in r.checks if c.code == "issuer.locale")
    assert "lexicon at" in locale.message and "hints.lexicon" in locale.message


@pytest.mark.slow
def test_the_lexicon_the_schema_names_is_the_one_read(results):
    """The same page read with the US lexicon: RECHNUNG is no heading and OHG no legal form there."""
    issuer = results["us"].fields["issuer"].value
    assert issuer != "Holzbau Brandt OHG"
    assert "lexicon us" in next(c for c in results["us"].checks if c.code == "issuer.locale").message


def test_an_unknown_lexicon_is_a_schema_error_naming_file_and_line(tmp_path, monkeypatch):
    monkeypatch.delenv("DOCEXTRACT_LEXICONS", raising=False)
    path = tmp_path / "rechnung.yaml"
    path.write_text(SCHEMA.format(lexicon="at"), encoding="utf-8")
    with pytest.raises(SchemaError) as err:
        load_schema(str(path))
    assert (err.value.file, err.value.line) == (str(path), 4)
    assert "unknown lexicon 'at'" in str(err.value) and "us" in str(err.value)
    bad_field = SCHEMA.format(lexicon="us").replace("{kind: organisation, position: top}",
                                                    "{kind: organisation, lexicon: [xx]}")
    path.write_text(bad_field, encoding="utf-8")
    with pytest.raises(SchemaError, match="unknown lexicon 'xx'") as err:
        load_schema(str(path))
    assert err.value.field == "issuer" and err.value.line == 9


def test_a_pattern_refers_to_a_list_by_its_section_name_once_deep(tmp_path, monkeypatch):
    from docextract.data import LexiconRegex, pattern, use_lexicons

    (tmp_path / "lexicon_zz.txt").write_text(
        "[zz_regions]\nNorth Shore\nre:WEST(?:ERN)?\nre:{zz_regions}\n\n"
        "[address_end]\nre:,\\s*(?:{zz_regions})$\nre:{no_such_section}\n", encoding="utf-8")
    monkeypatch.setenv("DOCEXTRACT_LEXICONS", str(tmp_path))
    end = LexiconRegex(lambda: pattern("address_end"), 0)
    token = use_lexicons(["zz"])
    try:
        assert end.search("Bayside, north shore") is None     # compiled without re.I here: case as written
        assert end.search("Bayside, North Shore") and end.search("Ridge, WESTERN")
        # a reference inside a referenced list is left as written, not followed (no endless expansion)
        assert end.search("Ridge, {zz_regions}")
        assert not end.search("anything")                     # an unknown section matches nothing
    finally:
        token.var.reset(token)
