"""A repeated diagonal watermark must not be taken for the page's tilt: the card's own level print
is kept, so an ID-card back covered by 仅供办理银行开户使用 is still read and recognised."""

from __future__ import annotations

import numpy as np

from docextract import extract
from docextract.engines.ocrquads import skew_angle, slanted
from docextract.synth import generate


def test_level_lines_outvoted_by_a_watermark_still_set_the_tilt():
    level = [[0, 0], [300, 6], [300, 40], [0, 34]]
    mark = [[0, 0], [150, 100], [133, 125], [-17, 25]]
    quads = np.array([level] * 3 + [mark] * 9, dtype=np.float32)
    angle = skew_angle(quads)
    assert abs(np.degrees(angle)) < 3
    assert slanted(quads, angle, 12).tolist() == [False] * 3 + [True] * 9


def test_a_page_truly_tilted_past_the_level_band_keeps_its_own_tilt():
    tilted = [[0, 0], [200, 115], [185, 141], [-15, 26]]   # 30°, every line
    assert 25 < np.degrees(skew_angle(np.array([tilted] * 5, dtype=np.float32))) < 35


def test_a_watermarked_id_card_back_is_read_and_recognised(tmp_path):
    sample = generate("cn_id_card_back", 4, degrade=True)   # the watermark once outvoted the card's print
    path = tmp_path / "back.jpg"
    sample.image.save(path, "JPEG", quality=90)
    r = extract(str(path), engine="rapidocr")
    assert r.schema_name == "cn_id_card_back"
    assert r.fields["validity_period"].raw
