"""The README's examples run: every ```python block executes in a folder holding the files it names
(the bundled examples under those names), the YAML schema loads, and the first block's comments
hold. The CPU engine runs for real; ``hunyuan`` and ``vllm`` — a GPU or a server this machine does
not have — are replaced at the engine boundary by a double that answers each task."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from docextract.engines import REGISTRY, clear_cache
from docextract.engines.scripted import ScriptedEngine

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "examples"
README = (ROOT / "README.md").read_text(encoding="utf-8")
FILES = {"id.jpg": "cn_id_card_001.jpg", "front.jpg": "cn_id_card_001.jpg", "back.jpg": "cn_id_card_back_001.jpg",
         "receipt.jpg": "receipt_001.jpg", "page.jpg": "receipt_002.jpg", "menu.jpg": "receipt_002.jpg",
         "invoice.jpg": "cn_vat_invoice_001.jpg"}
ANSWERS = {"extract": "{}", "spotting": "", "parse": "# page", "translate": "text", "ask": "2024-01-01"}


class GpuDouble(ScriptedEngine):
    """Stands in for an engine that needs a GPU or a server; never chosen by ``auto``."""

    seen: list = []

    @classmethod
    def from_options(cls, options):
        cls.seen.append(options)
        return cls(respond=lambda req: ANSWERS.get(req.task or "", "{}"))

    @classmethod
    def is_available(cls, options) -> bool:
        return False


@pytest.fixture()
def readme_dir(tmp_path, monkeypatch):
    from PIL import Image

    for name, src in FILES.items():
        shutil.copy(EX / src, tmp_path / name)
    Image.open(EX / "cn_vat_invoice_001.jpg").convert("RGB").save(tmp_path / "invoice.pdf")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(REGISTRY, "hunyuan", f"{__name__}:GpuDouble")
    monkeypatch.setitem(REGISTRY, "vllm", f"{__name__}:GpuDouble")
    monkeypatch.delenv("DOCEXTRACT_VLLM_URL", raising=False)
    clear_cache()
    GpuDouble.seen.clear()
    yield tmp_path
    clear_cache()


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_readme_has_python_examples():
    assert len(_blocks("python")) >= 2


@pytest.mark.parametrize("k", range(len(_blocks("python"))))
def test_readme_python_block_runs(k, readme_dir):
    ns: dict = {}
    exec(compile(_blocks("python")[k], f"README.md python block {k + 1}", "exec"), ns)  # noqa: S102
    if k == 0:
        assert ns["result"].schema_name == "cn_id_card"
        assert ns["result"].classification.schema_name == "cn_id_card"
    if "ExtractOptions(engine=\"vllm\"" in _blocks("python")[k]:  # the options example means what it says
        opts = GpuDouble.seen[-1]
        assert (opts.engine, opts.base_url, opts.language) == ("vllm", "http://gpu-box:8000/v1", "zh")


def test_readme_yaml_schema_loads():
    from docextract.schema import load_schema_text

    (yaml_text,) = _blocks("yaml")
    s = load_schema_text(yaml_text, "train_ticket.yaml")
    assert s.name == "train_ticket" and "passenger_id" in s.field_names
