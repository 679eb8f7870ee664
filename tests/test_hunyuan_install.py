"""The ``hunyuan`` extra installs a working processor on every Python the project claims.

transformers 5.13–5.21 mark ``HunYuanVLImageProcessorPil`` as requiring torchvision (not a
dependency of theirs); 5.22+ do not, but need Python ≥ 3.11. The extra must therefore ask for
5.22+ wherever it can and bring torchvision along elsewhere. The second test loads the processor
the way a user's install does — ``AutoProcessor.from_pretrained(folder, backend="pil")`` in a fresh
interpreter without torchvision — with the transformers the extra resolves here.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

tomllib = pytest.importorskip("tomllib")  # Python 3.11+
ROOT = Path(__file__).resolve().parent.parent
FIRST_WITHOUT_TORCHVISION = Version("5.22")


def extra(name: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in project["optional-dependencies"][name]]


def claimed_pythons() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    claimed = SpecifierSet(project["requires-python"])
    return [v for v in ("3.9", "3.10", "3.11", "3.12", "3.13", "3.14") if Version(v) in claimed]


def resolved(python: str) -> dict[str, Requirement]:
    env = {"python_version": python, "python_full_version": python + ".0", "extra": "hunyuan"}
    return {r.name: r for r in extra("hunyuan") if r.marker is None or Marker(str(r.marker)).evaluate(env)}


@pytest.mark.parametrize("python", claimed_pythons())
def test_every_claimed_python_gets_a_processor_that_loads(python):
    reqs = resolved(python)
    assert "transformers" in reqs and "torch" in reqs
    floor = min((Version(s.version) for s in reqs["transformers"].specifier if s.operator in (">=", "==")),
                default=Version("0"))
    if Version(python) < Version("3.11"):  # transformers 5.22+ does not install there
        assert floor < FIRST_WITHOUT_TORCHVISION and "torchvision" in reqs
    else:
        assert floor >= FIRST_WITHOUT_TORCHVISION, f"Python {python}: transformers {floor} would need torchvision"


def test_the_processor_loads_without_torchvision_as_installed(tmp_path):
    pytest.importorskip("transformers")
    from importlib.metadata import version

    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert Version(version("transformers")) in resolved(here)["transformers"].specifier
    sys.path.insert(0, str(Path(__file__).parent))
    from tiny_hunyuan import build_tiny_hunyuan

    if importlib.util.find_spec("torchvision") is not None:
        pytest.skip("torchvision is installed here: a user's install without it cannot be reproduced")

    folder = build_tiny_hunyuan(tmp_path / "tiny")
    code = (
        "import importlib.util\n"
        "assert importlib.util.find_spec('torchvision') is None, 'torchvision is installed here'\n"
        "from transformers import AutoProcessor\n"
        f"p = AutoProcessor.from_pretrained({str(folder)!r}, backend='pil')\n"
        "from PIL import Image\n"
        "out = p(text=['<｜hy_place▁holder▁no▁100｜><｜hy_place▁holder▁no▁102｜><｜hy_place▁holder▁no▁101｜>x'],"
        " images=[Image.new('RGB', (64, 64))], return_tensors='pt')\n"
        "print(type(p.image_processor).__name__, tuple(out['pixel_values'].shape))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("HunYuanVLImageProcessorPil ")
