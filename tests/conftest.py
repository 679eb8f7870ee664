"""Shared fixtures: paths, the shared data folder, a pinned 'today', small images."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SROIE = SHARED / "data" / "sroie-dev"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sroie_dir() -> Path:
    if not (SROIE / "img").is_dir():
        pytest.skip("../shared/data/sroie-dev is not present")
    return SROIE


@pytest.fixture(scope="session")
def today() -> dt.date:
    return dt.date(2026, 11, 23)


@pytest.fixture()
def page():
    """A blank white page image (the scripted engine ignores pixels)."""
    from PIL import Image

    return Image.new("RGB", (856, 540), "white")
