"""The embedded CPU engine: RapidOCR (PP-OCR detection + recognition on onnxruntime), nothing downloaded.

The detection, recognition and line-orientation models ship inside the ``rapidocr`` wheel; this engine
passes their paths explicitly so RapidOCR never tries to fetch anything. It only reads text (tasks
``spotting`` and ``read``); the pipeline finds the fields in its lines (:mod:`docextract.locate`).

How a page is read: measure the glyph height and detect text boxes on a copy scaled so glyphs are
about 20 px high; cut each box out of the *original* image (straightened, 12 % padding); turn pages
lying on their side or upside down upright; recognise the crops in small batches; fix letters read
for digits inside numbers; put the lines in reading order (visual rows found along the text, so a
tilted photo keeps its rows, then left to right). ``BENCHMARKS.md`` has what each step is worth.

>>> from PIL import Image, ImageDraw
>>> img = Image.new("RGB", (360, 80), "white")
>>> ImageDraw.Draw(img).text((10, 20), "TOTAL 12.50", fill="black", font_size=36)
>>> out = RapidOcrEngine().run(EngineRequest(images=[img], prompt="", task="read"))
>>> out.text
'TOTAL 12.50'
>>> out.lines[0].box[0] < 20, out.lines[0].page
(True, 0)
"""

from __future__ import annotations

import functools
import threading
import time
import warnings
from pathlib import Path

from ..errors import EngineError, EngineUnavailable, InputError, UnsupportedTask
from ..tasks import classify_prompt
from ..types import Box, EngineOutput, EngineRequest, Line
from .base import BaseEngine
from .ocrlines import format_spotting

__all__ = ["RapidOcrEngine", "model_files", "int8_detector", "detector_file", "region_options", "DEFAULTS"]

#: engine_options and their defaults (``ExtractOptions(engine_options={...})``)
DEFAULTS = {
    "det_text_px": 20,       # detection runs on a copy scaled so that glyphs are about this high (0: off)
    "det_max_side": 2400,    # ... whose long side is at most this many pixels
    "det_max_pixels": 2_000_000,  # ... and which has at most this many pixels
    "det_min_side": 640,     # glyphs not measurable: small images are enlarged until their short side is this
    "min_score": 0.5,        # recognised lines below this confidence are dropped
    "pad": 0.12,             # crop padding around each detected box, as a share of its height
    "upright": True,         # turn pages lying on their side (90°/270°) or upside down (180°) upright
    "threads": None,         # onnxruntime intra-op threads (None: one per physical core)
    "det_int8": False,       # the detector quantized to 8 bits (docextract/data/det_int8.onnx, built from the
                             # wheel's by scripts/build_det_int8.py): detection 3x faster, a receipt ~40 % faster,
                             # box edges a little different, slightly worse on the dev sets (BENCHMARKS.md)
    "rec_batch": 6,          # crops recognised per batch (small batches waste less padding)
    "rec_min_width": 320,    # crops are padded to at least this width (px, 48 px high), as the model was
                             # trained and RapidOCR reads; 160 reads receipts 10–30 % faster, a few short
                             # lines differently, slightly worse on the dev sets (BENCHMARKS.md)
    "max_slant": 12.0,       # drop text lines slanted more than this (degrees) against the page: watermarks
    "ink": True,             # read each pixel's brightest channel: coloured watermarks and stamps fade
    "fixes": True,           # O/0, l/1, S/5 ... confusions fixed inside numbers
    "retry_below": 0.0,      # lines read with a lower score are re-read from other crops (0: never)
}

_MODELS = {"det": "PP-OCRv6_det_small.onnx", "rec": "PP-OCRv6_rec_small.onnx",
           "cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx"}


@functools.lru_cache(maxsize=8)
def int8_detector(folder: Path | None = None) -> Path | None:
    """The 8-bit detector shipped with docextract (``det_int8.onnx`` in ``folder``, by default the package's
    data), or None when it is missing or was not built from the installed wheel's detector (the
    SHA-256 of the file it was built from is kept beside it, in ``det_int8.json``): then the float
    detector runs.

    >>> p = int8_detector()
    >>> p is None or p.name
    'det_int8.onnx'
    """
    import hashlib
    import json

    out = (folder or Path(__file__).resolve().parent.parent / "data") / "det_int8.onnx"
    try:
        meta = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
        source = model_files()["det"]
        if out.is_file() and hashlib.sha256(source.read_bytes()).hexdigest() == meta.get("source_sha256"):
            return out
    except (OSError, ValueError, AttributeError, EngineUnavailable):
        pass
    return None


def detector_file(det_int8: bool) -> Path:
    """The detector model an engine with this ``det_int8`` option runs."""
    return (int8_detector() if det_int8 else None) or model_files()["det"]


def model_files() -> dict[str, Path]:
    """Paths of the model files inside the installed ``rapidocr`` wheel; ``EngineUnavailable`` if any is missing."""
    try:
        import rapidocr
    except ImportError as exc:
        raise EngineUnavailable("engine 'rapidocr' needs the rapidocr package: pip install 'docextract[rapidocr]'") \
            from exc
    root = Path(rapidocr.__file__).resolve().parent / "models"
    files = {k: root / v for k, v in _MODELS.items()}
    missing = [str(p) for p in files.values() if not p.is_file()]
    if missing:
        raise EngineUnavailable(f"engine 'rapidocr': model file(s) missing from the rapidocr wheel: "
                                f"{', '.join(missing)}; reinstall rapidocr (nothing is downloaded at run time)")
    return files


class _Ocr:
    """One set of onnxruntime sessions (detector, line classifier, recogniser), shared per process."""

    created = 0  # how many were built in this process (tests check that they are reused)

    def __init__(self, threads: int | None, det_int8: bool = False) -> None:
        from rapidocr import RapidOCR

        files = model_files()
        #: the detector model this set of sessions runs
        self.det_file = detector_file(det_int8)
        if det_int8 and self.det_file == files["det"]:
            warnings.warn("engine 'rapidocr': det_int8 is set but docextract/data/det_int8.onnx is missing or was "
                          "not built from the installed rapidocr detector (rebuild it: scripts/build_det_int8.py); "
                          "the float detector runs", RuntimeWarning, stacklevel=2)
        n = -1 if threads is None else int(threads)
        params = {"Global.log_level": "error", "Det.model_path": str(self.det_file),
                  "Rec.model_path": str(files["rec"]), "Cls.model_path": str(files["cls"]),
                  "EngineConfig.onnxruntime.intra_op_num_threads": n,
                  "EngineConfig.onnxruntime.inter_op_num_threads": 1 if n > 0 else -1,
                  # buffers kept between runs (the recogniser's output alone is ~36 MB a batch), not
                  # allocated and paged in afresh on every call; the same results, bit for bit
                  "EngineConfig.onnxruntime.enable_cpu_mem_arena": True}
        try:
            ocr = RapidOCR(params=params)
            self.det = ocr._load_det_model()
            self.cls = ocr._load_cls_model()
            self.rec = ocr._load_rec_model()
        except EngineError:
            raise
        except Exception as exc:  # noqa: BLE001 - engine boundary: backend errors become EngineError, once, here
            raise EngineUnavailable(f"engine 'rapidocr' could not load its models: {exc}") from exc
        self.lock = threading.Lock()
        type(self).created += 1


_instances: dict[tuple, _Ocr] = {}
_instances_lock = threading.Lock()


def _shared_ocr(threads: int | None, det_int8: bool = False) -> _Ocr:
    key = (threads, bool(det_int8))
    with _instances_lock:
        if key not in _instances:
            _instances[key] = _Ocr(threads, bool(det_int8))
        return _instances[key]


def region_options(options: dict) -> dict:
    """The engine options a region of a page is read with (:meth:`RapidOcrEngine.read_lines`):
    :func:`.ocrpage.region_options` (a region whose glyphs are too few to measure enlarged to four glyph
    heights), with three runner-up characters kept.

    >>> from docextract.engines.ocrdetect import det_scale
    >>> import numpy as np
    >>> det_scale(np.full((40, 200, 3), 255, np.uint8), region_options(DEFAULTS))
    2.0
    """
    from .ocrpage import region_options as sub_options

    return {**sub_options(options), "runners_up": 3}


class RapidOcrEngine(BaseEngine):
    """RapidOCR on the CPU; ``engine_options`` tune it (see :data:`DEFAULTS`)."""

    name = "rapidocr"
    tasks = frozenset({"spotting", "read"})
    model = "PP-OCRv6 small (rapidocr)"

    def __init__(self, **options) -> None:
        unknown = sorted(set(options) - set(DEFAULTS))
        if unknown:
            raise InputError(f"engine 'rapidocr': unknown engine option(s) {', '.join(unknown)}; "
                             f"known: {', '.join(sorted(DEFAULTS))}", field="engine_options")
        self.options = {**DEFAULTS, **options}
        wrong = sorted(k for k, v in DEFAULTS.items() if isinstance(v, bool) and not isinstance(self.options[k], bool))
        if wrong:
            raise InputError(f"engine 'rapidocr': {', '.join(wrong)} must be true or false, not "
                             f"{str(self.options[wrong[0]])[:40]!r}", field="engine_options")
        width = self.options["rec_min_width"]
        if isinstance(width, bool) or not isinstance(width, int) or not 0 <= width <= 1600:
            raise InputError(f"engine 'rapidocr': rec_min_width must be a whole number of pixels from 0 to 1600, "
                             f"not {str(width)[:40]!r}", field="engine_options")
        try:
            import rapidocr

            self.revision = getattr(rapidocr, "__version__", None)
        except ImportError:
            self.revision = None

    @classmethod
    def from_options(cls, options) -> "RapidOcrEngine":
        return cls(**options.engine_options)

    @classmethod
    def is_available(cls, options=None) -> bool:
        try:
            import onnxruntime  # noqa: F401
            import rapidocr  # noqa: F401
        except ImportError:
            return False
        try:
            model_files()
        except EngineUnavailable:
            return False
        return True

    def ocr(self) -> _Ocr:
        """The process-wide model sessions for this engine's thread setting (built on first use)."""
        return _shared_ocr(self.options["threads"], self.options["det_int8"])

    def warmup(self) -> None:
        from PIL import Image, ImageDraw

        img = Image.new("RGB", (160, 48), "white")
        ImageDraw.Draw(img).text((8, 10), "0123", fill="black", font_size=24)
        self.read_page(img)

    def info(self) -> dict:
        """What this engine is, its options, and the detector model file its sessions run."""
        return {**super().info(), "options": dict(self.options),
                "detector": detector_file(self.options["det_int8"]).name}

    # ------------------------------------------------------------------------------------------ run

    def run(self, request: EngineRequest) -> EngineOutput:
        task = request.task or classify_prompt(request.prompt)
        if task not in self.tasks:
            raise UnsupportedTask(f"the rapidocr engine only reads text (spotting, read); for {task!r} use "
                                  f"engine='hunyuan' or 'vllm'", task=task)
        t0 = time.perf_counter()
        lines: list[Line] = []
        texts = []
        for page, image in enumerate(request.images):
            rows = self.read_rows(image, page=page)
            page_lines = [ln for row in rows for ln in row]
            lines.extend(page_lines)
            if task == "spotting":
                texts.append(format_spotting(page_lines, *image.size))
            else:
                texts.append("\n".join(" ".join(ln.text for ln in row) for row in rows))
        sep = "\n" if task == "spotting" else "\n\n"
        return EngineOutput(text=sep.join(texts), lines=lines, engine=self.name, model=self.model,
                            revision=self.revision, seconds=time.perf_counter() - t0, extra={"task": task})

    def read_page(self, image, page: int = 0) -> list[Line]:
        """The lines of one page image (PIL), boxes in its pixels, in reading order."""
        return [ln for row in self.read_rows(image, page) for ln in row]

    def read_rows(self, image, page: int = 0) -> list[list[Line]]:
        """The lines of one page image grouped in visual rows (found along the text, so tilted photos
        work), top to bottom, each left to right; boxes in the image's pixels."""
        from . import ocrpage
        from .ocrdetect import to_bgr
        from .ocrquads import tilt

        arr = to_bgr(image)
        ocr = self.ocr()
        with ocr.lock:
            try:
                found = ocrpage.read_array(ocr, arr, self.options)
            except EngineError:
                raise
            except Exception as exc:  # noqa: BLE001 - engine boundary: backend errors become EngineError, once, here
                raise EngineError(f"engine 'rapidocr' failed on page {page + 1}: {exc}") from exc
        return [[Line(text=t, box=Box.from_points(q), score=round(s, 4), page=page, alternatives=alts,
                      tilt=tilt(q)) for t, q, s, alts in row] for row in found]

    def read_lines(self, image, box, *, page: int = 0, stamp=None, zoom: float = 1.0) -> list[Line]:
        """The lines inside the pixel ``box`` (x1, y1, x2, y2) of ``image`` (PIL), boxes in the image's
        pixels; with ``stamp`` (a :class:`~docextract.engines.stamps.Stamp`) its ink is taken out first,
        so the print it crosses is read again; ``zoom``: text detected with glyphs that many times the
        usual size (``det_text_px``), which parts lines a watermark crosses. Lines keep up to three
        runner-up characters for each character (a page's lines keep one: :meth:`read_page`)."""
        import numpy as np

        from . import ocrpage
        from .ocrdetect import ink
        from .ocrquads import tilt
        from .stamps import without_stamp

        x1, y1, x2, y2 = (max(0, int(round(float(v)))) for v in box)
        region = np.asarray(image.crop((x1, y1, min(x2, image.width), min(y2, image.height))).convert("RGB"))
        if region.shape[0] < 4 or region.shape[1] < 4:
            return []
        if stamp is None:       # the ink, grey in three channels
            arr = ink(region)
        else:
            arr = np.ascontiguousarray(np.repeat(without_stamp(region, stamp)[:, :, None], 3, axis=2))
        sub = region_options(self.options)
        if zoom != 1.0 and sub["det_text_px"]:
            sub["det_text_px"] = sub["det_text_px"] * max(0.5, min(2.0, float(zoom)))
        ocr = self.ocr()
        with ocr.lock:
            try:
                rows = ocrpage.read_array(ocr, arr, sub)
            except Exception as exc:  # noqa: BLE001 - engine boundary: backend errors become EngineError, once, here
                raise EngineError(f"engine 'rapidocr' failed to read region {tuple(box)}: {exc}") from exc
        return [Line(text=t, box=Box.from_points(q + np.array([x1, y1], dtype=np.float32)), score=round(s, 4),
                     page=page, alternatives=alts, tilt=tilt(q)) for row in rows for t, q, s, alts in row]

    def read_region(self, image, box, *, pad: float | None = None) -> tuple[str, float]:
        """Recognise one region of ``image`` (PIL) given as a pixel box ``(x1, y1, x2, y2)``.

        Returns ``(text, score)``; an empty region gives ``("", 0.0)``. Use it to re-read a crop
        found by other means (a value next to a label). A region holding several text lines is
        read line by line and joined with spaces.
        """
        from . import ocrpage
        from .ocrdetect import to_bgr

        arr = to_bgr(image)
        ocr = self.ocr()
        with ocr.lock:
            try:
                return ocrpage.read_box(ocr, arr, box, self.options if pad is None else {**self.options, "pad": pad})
            except EngineError:
                raise
            except Exception as exc:  # noqa: BLE001 - engine boundary: backend errors become EngineError, once, here
                raise EngineError(f"engine 'rapidocr' failed to read region {tuple(box)}: {exc}") from exc
