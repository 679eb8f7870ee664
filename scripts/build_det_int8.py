"""Rebuild ``docextract/data/det_int8.onnx``: the text detector of the ``rapidocr`` wheel with its
weights and activations quantized to 8 bits, which the CPU engine runs with ``det_int8=true``.

Run from the repository root with the build-time package ``onnx`` installed (it is no dependency of
docextract; onnxruntime's quantizer needs it)::

    pip install onnx
    python scripts/build_det_int8.py

How: the wheel's ``PP-OCRv6_det_small.onnx`` is converted to opset 17 (per-channel weight scales need
it), prepared (shape inference, graph fusions) and quantized statically with onnxruntime's quantizer
(QDQ, weights int8 per channel, activations uint8, min/max ranges); the same wheel and onnxruntime
give the same file, byte for byte. The activation ranges are calibrated on the detector's own inputs
while the engine reads generated documents (``docextract.synth``: every kind, clean and
photographed, seeds no benchmark set uses), never on a dev set. The source model's SHA-256 is
written beside it (``det_int8.json``): the engine uses the 8-bit detector only when the installed
wheel's detector is the one it was built from. The model is PaddleOCR's (Apache-2.0, see
``docextract/data/NOTICE-PaddleOCR.txt``).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docextract" / "data" / "det_int8.onnx"
#: generated documents the ranges are calibrated on: (kind, first seed, how many), each clean and photographed
CALIBRATION = [("receipt", 5000, 3), ("receipt_us", 5000, 3), ("cn_id_card", 5000, 3),
               ("cn_id_card_back", 5000, 2), ("cn_vat_invoice", 5000, 2), ("passport", 5000, 2)]


def detector_inputs() -> list:
    """The float32 tensors the detector is given while the engine (float detector) reads the calibration pages."""
    from docextract.engines.rapidocr import RapidOcrEngine
    from docextract.synth import generate

    engine = RapidOcrEngine(det_int8=False, threads=1)
    engine.warmup()
    session = engine.ocr().det.session.session
    run, seen = session.run, []

    def recording(names, feed, *args):
        seen.append(next(iter(feed.values())).copy())
        return run(names, feed, *args)

    session.run = recording
    try:
        for kind, first, n in CALIBRATION:
            for seed in range(first, first + n):
                for degrade in (False, True):
                    engine.read_page(generate(kind, seed, degrade=degrade).image)
    finally:
        session.run = run
    return seen


def main() -> int:
    import onnx
    import onnxruntime
    from onnx import version_converter
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    from docextract.engines.rapidocr import model_files

    src = model_files()["det"]
    inputs = detector_inputs()
    with tempfile.TemporaryDirectory() as tmp:
        converted = Path(tmp) / "det17.onnx"
        onnx.save(version_converter.convert_version(onnx.load(str(src)), 17), str(converted))
        prepared = Path(tmp) / "det17-prepared.onnx"
        here = os.getcwd()
        os.chdir(tmp)       # the pre-processing leaves scratch files in the working directory
        try:
            quant_pre_process(str(converted), str(prepared), skip_symbolic_shape=True)
        finally:
            os.chdir(here)
        name = onnx.load(str(prepared)).graph.input[0].name

        class Pages(CalibrationDataReader):
            def __init__(self) -> None:
                self.left = iter(inputs)

            def get_next(self):
                x = next(self.left, None)
                return None if x is None else {name: x}

        quantize_static(str(prepared), str(OUT), Pages(), quant_format=QuantFormat.QDQ, per_channel=True,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)
    meta = {"source": src.name, "source_sha256": hashlib.sha256(src.read_bytes()).hexdigest(),
            "onnxruntime": onnxruntime.__version__, "calibration": [list(c) for c in CALIBRATION],
            "pages": len(inputs)}
    OUT.with_suffix(".json").write_text(json.dumps(meta) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes) from {len(inputs)} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
