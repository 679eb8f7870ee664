"""``docextract demo``: extract every sample document in a folder and score it against its truth.

A sample is an image (``.jpg``/``.png``/``.pdf``) with a JSON file of the same stem holding the
expected field values. The schema comes from the JSON's ``"schema"`` key, or from the file name
(``cn_id_card_001.jpg`` → ``cn_id_card``). Expected values are normalised by the same pipeline
(:func:`docextract.validate`) before comparing, so ``"1949年12月31日"`` equals ``1949-12-31``.

>>> schema_for(Path("receipt_002.jpg"), {})
'receipt'
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

__all__ = ["find_samples", "schema_for", "compare", "run_demo"]

_SUFFIXES = (".jpg", ".jpeg", ".png", ".pdf")


def schema_for(image: Path, truth: dict) -> str | None:
    if isinstance(truth.get("schema"), str):
        return truth["schema"]
    from .schema import list_schemas

    stem = image.stem
    best = None
    for name in list_schemas():
        if stem == name or stem.startswith(name + "_") or stem.startswith(name + "-"):
            if best is None or len(name) > len(best):
                best = name
    return best


def find_samples(folder: Path) -> list[tuple[Path, dict, str]]:
    samples = []
    for image in sorted(p for p in folder.iterdir() if p.suffix.lower() in _SUFFIXES):
        truth_file = image.with_suffix(".json")
        truth = json.loads(truth_file.read_text(encoding="utf-8")) if truth_file.is_file() else {}
        truth = truth.get("fields", truth) if isinstance(truth.get("fields"), dict) else truth
        schema = schema_for(image, truth)
        if schema:
            samples.append((image, truth, schema))
    return samples


def _comparable(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split()).upper()
    return value


def compare(result, truth: dict) -> dict[str, bool]:
    """Field name -> whether the extracted value equals the (normalised) expected one."""
    from .api import validate

    expected = validate({k: v for k, v in truth.items() if k != "schema"}, schema=result.schema_name).record
    got = result.record
    out = {}
    for name in result.fields:
        want = getattr(expected, name, None)
        if name not in truth or want in (None, []):
            continue
        if isinstance(want, list):  # line items: compare the dumped rows
            out[name] = got.model_dump(mode="json")[name] == expected.model_dump(mode="json")[name]
        else:
            out[name] = _comparable(getattr(got, name)) == _comparable(want)
    return out


def run_demo(folder: str | Path = "examples", engine: str = "rapidocr", fmt: str = "table") -> int:
    from .api import extract

    folder = Path(folder)
    if not folder.is_dir():
        from .errors import InputError

        raise InputError(f"{folder}: no such folder of sample documents")
    samples = find_samples(folder)
    if not samples:
        from .errors import InputError

        raise InputError(f"{folder}: no sample documents (an image plus a JSON of expected fields)")
    total = correct = 0
    rows = []
    for image, truth, schema in samples:
        t0 = time.perf_counter()
        result = extract(image, schema=schema, engine=engine)
        seconds = time.perf_counter() - t0
        scores = compare(result, truth)
        total += len(scores)
        correct += sum(scores.values())
        rows.append((image.name, schema, sum(scores.values()), len(scores), seconds))
        if fmt == "table":
            print(result.to_table())
            wrong = [k for k, ok in scores.items() if not ok]
            print(f"→ {image.name}: {sum(scores.values())}/{len(scores)} fields as expected"
                  + (f" (differ: {', '.join(wrong)})" if wrong else "") + f", {seconds:.2f} s\n")
        else:
            print(json.dumps({"file": image.name, "result": result.to_dict(), "match": scores}, ensure_ascii=False))
    if fmt == "table":
        print(f"{'sample':<28} {'schema':<16} {'fields':>7} {'seconds':>8}")
        for name, schema, ok, n, s in rows:
            print(f"{name:<28} {schema:<16} {ok:>3}/{n:<3} {s:>8.2f}")
        print(f"overall: {correct}/{total} fields as expected ({100 * correct / max(1, total):.1f} %)")
    return 0
