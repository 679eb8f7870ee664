"""Generated passport data pages: a valid TD3 MRZ from the project's own check digits, and
recognised as ``passport`` by ``extract(img)`` with no schema, through the real CPU engine."""

from __future__ import annotations

import datetime as _dt

import pytest

from docextract import extract
from docextract.normalize.mrz import check_digit, parse_mrz
from docextract.synth import GENERATORS, generate
from docextract.synth.passport import td3_mrz


@pytest.mark.parametrize("seed", range(12))
def test_every_generated_mrz_is_valid_and_agrees_with_the_truth(seed):
    truth = generate("passport", seed).truth
    data = parse_mrz(truth["mrz"])
    assert data.format == "TD3" and data.valid, data.checks
    assert (data.document_number, data.surname, data.given_names) == (
        truth["document_number"], truth["surname"], truth["given_names"])
    assert data.birth_date.isoformat() == truth["birth_date"] and data.expiry_date.isoformat() == truth["expiry_date"]
    assert data.sex == truth["sex"] and data.issuing_country == truth["issuing_country"]


def test_td3_lines_match_the_icao_specimen_and_a_wrong_digit_is_caught():
    l1, l2 = td3_mrz("P", "UTO", "ERIKSSON", "ANNA MARIA", "L898902C3", "UTO", _dt.date(1974, 8, 12), "F",
                     _dt.date(2012, 4, 15), "ZE184226B")
    assert l1 == "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
    assert l2 == "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
    bad = l2[:9] + str((int(check_digit(l2[:9])) + 1) % 10) + l2[10:]
    assert not parse_mrz([l1, bad]).checks["document_number"]


def test_the_generator_is_registered_and_deterministic():
    assert "passport" in GENERATORS
    a, b = generate("passport", 5), generate("passport", 5)
    assert a.truth == b.truth and a.image.tobytes() == b.image.tobytes()
    assert generate("passport", 6).truth != a.truth


@pytest.mark.parametrize("seed,degrade", [(1, False), (2, True)])
def test_a_generated_passport_is_recognised_with_no_schema_by_the_cpu_engine(tmp_path, seed, degrade):
    sample = generate("passport", seed, degrade)
    path = tmp_path / "page.jpg"
    sample.image.save(path, "JPEG", quality=90)
    r = extract(str(path), engine="rapidocr")
    assert r.schema_name == "passport", r.classification
    assert r.classification.scores["passport"] == max(r.classification.scores.values())
    assert r.fields["document_number"].value == sample.truth["document_number"]
