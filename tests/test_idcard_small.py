"""Small photographed ID-card fronts: what a stamp, a watermark or a misprint leaves of a field
(through the real finder and validation, or the real stamp finder on drawn pixels)."""

from __future__ import annotations

import pytest

from docextract.locate import find_fields
from docextract.options import ExtractOptions
from docextract.schema import load_schema
from docextract.types import Line
from docextract.validation import build_result

OPTS = ExtractOptions()


def _result(lines):
    schema = load_schema("cn_id_card")
    return build_result(find_fields(lines, schema, sizes=[(600, 400)], options=OPTS), schema, OPTS)


@pytest.mark.parametrize("number", ["110105194912310023", "11010519491231002"])
def test_sex_and_birth_date_come_from_a_number_failing_only_its_check(number):
    """The sex and birth lines were not read (a stamp over them); the ID number's check character is
    wrong or missing: the sex and birth date its digits encode still come back, derived, while the
    number itself stays as printed and invalid."""
    lines = [Line("姓名张三", (10, 10, 120, 40), 0.99), Line("民族 汉", (200, 50, 300, 80), 0.98),
             Line("住址 北京市朝阳区幸福路1号", (10, 130, 400, 160), 0.98),
             Line(f"公民身份号码 {number}", (10, 300, 560, 330), 0.97)]
    result = _result(lines)
    assert result.fields["id_number"].raw == number and result.fields["id_number"].status == "invalid"
    assert result.fields["sex"].value == "female" and result.fields["sex"].source == "derived"
    assert result.fields["birth_date"].value.isoformat() == "1949-12-31"
    assert result.fields["birth_date"].source == "derived"


def test_no_sex_from_a_number_wrong_beyond_its_check():
    """Two characters short: nothing is derived (the digits no longer say where the birth date lies)."""
    lines = [Line("姓名张三", (10, 10, 120, 40), 0.99), Line("公民身份号码 1101051949123100", (10, 300, 560, 330), 0.97)]
    result = _result(lines)
    assert result.fields["sex"].value is None and result.fields["birth_date"].value is None
