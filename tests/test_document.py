"""``Document``: the input read once — pages, source name, sha256 of the very bytes decoded, timings —
and errors that still name the file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from docextract import Document, InputError
from docextract.engines.scripted import ScriptedEngine

EX = Path(__file__).resolve().parent.parent / "examples"


def test_a_file_is_read_once_and_hashed_from_those_bytes(monkeypatch):
    path = EX / "receipt_001.jpg"
    reads = []
    real = Path.read_bytes

    def counting(self):
        reads.append(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    doc = Document.load(str(path))
    assert reads == [path]
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.source == str(path) and len(doc.pages) == 1 and doc.timings["load"] > 0


def test_errors_name_the_file_not_bytes(tmp_path):
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff not really a jpeg" * 10)
    with pytest.raises(InputError, match="broken.jpg") as info:
        Document.load(str(bad))
    assert "<bytes>" not in str(info.value) and info.value.context["source"] == str(bad)
    with pytest.raises(InputError, match="missing.jpg: file not found"):
        Document.load(str(tmp_path / "missing.jpg"))


def test_pages_of_one_document_and_the_result_carries_source_and_hash():
    from docextract import extract

    sides = [str(EX / "cn_id_card_001.jpg"), str(EX / "cn_id_card_back_001.jpg")]
    doc = Document.load(sides)
    assert len(doc.pages) == 2 and doc.sha256 is None and "cn_id_card_back_001.jpg" in doc.source
    r = extract(str(EX / "receipt_001.jpg"), schema="receipt", engine=ScriptedEngine(['{"合计": "9.00"}']),
                boxes=False)
    assert r.sha256 == hashlib.sha256((EX / "receipt_001.jpg").read_bytes()).hexdigest()
    assert r.source.endswith("receipt_001.jpg") and set(r.timings) >= {"load", "engine", "parse", "total"}


def test_a_file_over_the_size_cap_is_refused_unread_as_too_large(tmp_path):
    import os

    from docextract.errors import ImageTooLarge
    from docextract.images import MAX_FILE_BYTES

    big = tmp_path / "huge.jpg"
    with open(big, "wb") as fh:  # sparse: no disk or memory spent
        fh.truncate(MAX_FILE_BYTES + 1)
    assert os.path.getsize(big) > MAX_FILE_BYTES
    with pytest.raises(ImageTooLarge, match="huge.jpg"):
        Document.load(str(big))
