"""The shipped examples (``docextract demo``) give every expected field, read by the real CPU engine:
a change that costs one of them fails here, not only in the demo's printout."""

from __future__ import annotations

from pathlib import Path

import pytest

from docextract import extract
from docextract.demo import compare, find_samples

SAMPLES = find_samples(Path(__file__).resolve().parent.parent / "examples")


@pytest.mark.parametrize("image, truth, schema", SAMPLES, ids=[s[0].name for s in SAMPLES])
def test_each_example_gives_its_expected_fields(image, truth, schema):
    result = extract(image, schema=schema, engine="rapidocr")
    scores = compare(result, truth)
    assert scores and all(scores.values()), {k: (result.fields[k].raw, truth.get(k)) for k, ok in scores.items() if not ok}


def test_there_are_examples_of_each_kind():
    assert {s[2] for s in SAMPLES} >= {"cn_id_card", "cn_id_card_back", "cn_vat_invoice", "receipt"}
