"""Schema files: built-ins load; every malformed schema names the file, the line and the field."""

from __future__ import annotations

import textwrap

import pytest

from docextract import errors
from docextract.schema import add_schema_dir, list_schemas, load_schema, load_schema_text

GOOD = """\
name: train_ticket
version: "2"
title: Train ticket
fields:
  - name: ticket_number
    type: text
    labels: {zh: 票号, en: Ticket number}
  - name: price
    type: amount
    labels: {zh: [票价, 金额]}
  - name: seat_class
    type: enum
    values:
      first: [一等座]
      second: [二等座]
"""


def load(text: str):
    return load_schema_text(textwrap.dedent(text), "ticket.yaml")


def test_good_schema_builds_fields_labels_and_record():
    s = load(GOOD)
    assert s.name == "train_ticket" and s.version == "2"
    assert s.field("price").labels["zh"] == ("票价", "金额")
    assert s.field("seat_class").values == {"first": ("一等座",), "second": ("二等座",)}
    rec = s.record_model(price="12.5", seat_class="first")
    assert str(rec.price) == "12.5" and rec.seat_class.value == "first"
    assert s.record_model is s.record_model  # built once, cached


@pytest.mark.parametrize("text, line, field, words", [
    ("name: t\nfields:\n  - name: a\n    type: [\n", 5, None, "YAML syntax"),
    ("name: t\nfields:\n  - name: a\n    type: txt\n", 4, "a", "unknown type 'txt'"),
    ("name: t\nfields:\n  - name: a\n  - name: a\n", 4, "a", "duplicate field"),
    ("name: t\nfields:\n  - name: a\n    type: id\n    checks: [cn.nonsense]\n", 5, "a", "unknown check 'cn.nonsense'"),
    ("name: t\nfields:\n  - name: a\n    type: enum\n", 3, "a", "needs 'values'"),
    ("name: t\nfields:\n  - name: a\n    type: enum\n    values: {x: [A], y: [a]}\n", 5, "a", "given for both"),
    ("name: t\nfields:\n  - name: a\n    typo: 1\n", 4, "a", "unknown key 'typo'"),
    ("name: t\nfields:\n  - name: Bad-Name\n", 3, None, "lower_snake_case"),
    ("name: t\nfields:\n  - name: a\n    type: list\n", 3, "a", "needs 'fields'"),
    ("name: t\nfields:\n  - name: a\n    pattern: '(['\n", 4, "a", "regular expression"),
    ("name: t\nfields:\n  - name: a\nchecks:\n  - rule: no_such_rule\n", 5, None, "unknown check rule"),
    ("name: t\nname: u\nfields: []\n", 2, None, "duplicate key 'name'"),
    ("name: t\nfields: []\n", 2, None, "non-empty list"),
    ("- just\n- a list\n", 1, None, "YAML mapping"),
])
def test_malformed_schema_names_file_line_and_field(text, line, field, words):
    with pytest.raises(errors.SchemaError) as info:
        load_schema_text(text, "bad.yaml")
    exc = info.value
    assert exc.file == "bad.yaml"
    assert exc.line == line, str(exc)
    assert exc.field == field
    assert words in str(exc)
    assert str(exc).startswith("bad.yaml, line")


def test_rule_parameter_naming_an_unknown_field_is_rejected():
    text = ("name: t\nfields:\n  - name: id_number\n    type: id\n"
            "checks:\n  - rule: cn_ric_birth_date\n    id_field: id_number\n    birth_field: dob\n")
    with pytest.raises(errors.SchemaError, match="unknown field 'dob'") as info:
        load_schema_text(text, "bad.yaml")
    assert info.value.line == 6


def test_builtins_are_listed_and_load():
    names = list_schemas()
    for expected in ("cn_id_card", "cn_id_card_back", "cn_vat_invoice", "invoice", "receipt", "passport"):
        assert expected in names
        schema = load_schema(expected)
        assert schema.fields and schema.json_schema()["type"] == "object"


def test_load_by_path_and_user_folder(tmp_path):
    path = tmp_path / "train_ticket.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_schema(str(path)).name == "train_ticket"
    add_schema_dir(tmp_path)
    assert load_schema("train_ticket").title == "Train ticket"
    assert "train_ticket" in list_schemas()


def test_unknown_schema_lists_the_available_ones():
    with pytest.raises(errors.SchemaNotFound, match="cn_id_card"):
        load_schema("no_such_schema")
    with pytest.raises(errors.SchemaNotFound, match="not found"):
        load_schema("missing/file.yaml")
    with pytest.raises(errors.SchemaError):
        load_schema(42)


def test_non_utf8_file_is_a_schema_error(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("name: t\nfields:\n  - name: caf\xe9\n".encode("latin-1"))
    with pytest.raises(errors.SchemaError, match="UTF-8"):
        load_schema(str(path))


@pytest.mark.parametrize("hint", ["near: missing_field", "from_id: nope", "range_of: until", "range_of: [a, b]"])
def test_hints_naming_a_field_must_name_one_of_the_schema(hint):
    text = f"""
name: form
fields:
  - name: amount
    type: amount
  - name: until
    type: date
    hints: {{{hint}}}
"""
    with pytest.raises(errors.SchemaError, match=r"hints\.(near|from_id|range_of) must name another field") as err:
        load_schema_text(text, "form.yaml")
    assert err.value.field == "until" and err.value.line == 6 and "form.yaml" in str(err.value)
    assert load_schema_text(text.replace(hint, "range_of: amount")).field("until").hints == {"range_of": "amount"}
