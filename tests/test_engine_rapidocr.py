"""The embedded CPU engine (real RapidOCR models from the wheel) on generated documents."""

from __future__ import annotations

import pytest

pytest.importorskip("rapidocr")
pytest.importorskip("onnxruntime")

from docextract.engines import get_engine  # noqa: E402
from docextract.engines import rapidocr as rapid  # noqa: E402
from docextract.errors import EngineUnavailable, InputError, UnsupportedTask  # noqa: E402
from docextract.options import ExtractOptions  # noqa: E402
from docextract.parsing import parse_spotting  # noqa: E402
from docextract.synth import generate_id_card, generate_receipt  # noqa: E402
from docextract.types import EngineRequest  # noqa: E402

SPOTTING = "检测并识别图片中的文字，将文本坐标格式化输出。"
READ = "识别图片中的文字"


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def engine():
    return rapid.RapidOcrEngine()


@pytest.fixture(scope="module")
def card():
    return generate_id_card(3)


@pytest.fixture(scope="module")
def spotted(engine, card):
    return engine.run(EngineRequest(images=[card.image], prompt=SPOTTING))


def test_reads_the_id_number_of_a_clean_card_exactly(spotted, card):
    assert card.truth["id_number"] in [squash(ln.text) for ln in spotted.lines]
    assert any(card.truth["name"] in squash(ln.text) for ln in spotted.lines)


def test_spotting_output_parses_and_boxes_lie_in_the_image(spotted, card):
    w, h = card.image.size
    assert spotted.engine == "rapidocr" and spotted.extra["task"] == "spotting"
    parsed = parse_spotting(spotted.text, w, h)
    assert [p.text for p in parsed] == [ln.text for ln in spotted.lines]
    for p, ln in zip(parsed, spotted.lines):
        assert 0 <= ln.box[0] < ln.box[2] <= w and 0 <= ln.box[1] < ln.box[3] <= h
        assert all(abs(a - b) <= max(w, h) / 500 + 1 for a, b in zip(p.box, ln.box))  # 0–1000 rounding only
        assert 0 < ln.score <= 1 and ln.page == 0


def test_lines_come_in_reading_order(spotted, card):
    texts = [squash(ln.text) for ln in spotted.lines]
    name_at = next(i for i, t in enumerate(texts) if card.truth["name"] in t)
    id_at = texts.index(card.truth["id_number"])
    assert name_at < id_at
    tops = [ln.box[1] for ln in spotted.lines]
    assert tops[0] == min(tops)


def test_read_task_joins_rows(engine, card, spotted):
    out = engine.run(EngineRequest(images=[card.image], prompt=READ))
    rows = out.text.split("\n")
    name_row = next(r for r in rows if card.truth["name"] in squash(r))
    assert squash(name_row).startswith("姓名") and card.truth["id_number"] in squash(out.text)
    assert len(rows) < len(out.lines)  # labels and values on one visual row share a text line
    assert [ln.text for ln in out.lines] == [ln.text for ln in spotted.lines]


def test_other_tasks_are_refused_with_advice(engine, card):
    with pytest.raises(UnsupportedTask, match=r"only reads text.*'translate'.*hunyuan"):
        engine.run(EngineRequest(images=[card.image], prompt="把图中的文字翻译成英文"))
    with pytest.raises(UnsupportedTask, match="'extract'"):
        engine.run(EngineRequest(images=[card.image], prompt="", task="extract"))


def test_pages_carry_their_number_and_a_tilted_photo_reads_in_rows(engine, card):
    receipt = generate_receipt(3, degrade=True)  # tilted about 3°: right-hand amounts sit a line lower
    out = engine.run(EngineRequest(images=[card.image, receipt.image], prompt=READ))
    assert {ln.page for ln in out.lines} == {0, 1}
    second = [ln for ln in out.lines if ln.page == 1]
    assert all(0 <= ln.box[2] <= receipt.image.width for ln in second)
    page_texts = out.text.split("\n\n")
    assert len(page_texts) == 2
    total_row = next(r for r in page_texts[1].split("\n") if r.upper().startswith("TOTAL"))
    assert squash(total_row).endswith(receipt.truth["total"])


@pytest.mark.slow
def test_pages_on_their_side_or_upside_down_are_turned_upright(engine, card):
    from PIL import Image

    for turn in (Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_180):
        img = card.image.transpose(turn)
        lines = engine.read_page(img)
        assert card.truth["id_number"] in [squash(ln.text) for ln in lines], turn
        line = next(ln for ln in lines if squash(ln.text) == card.truth["id_number"])
        assert all(0 <= c <= max(img.size) for c in line.box)
        if turn == Image.Transpose.ROTATE_90:  # the number runs down the page in the original pixels
            assert line.box.height > 3 * line.box.width
    # the first line read is the top of the upright card (姓名), wherever it lies in the pixels
    assert "姓" in engine.read_page(card.image.transpose(Image.Transpose.ROTATE_180))[0].text


def test_a_coloured_watermark_does_not_hide_the_number(engine):
    card = generate_id_card(111, degrade=True)  # photographed, 复印无效 stamped in red across the number
    lines = [squash(ln.text) for ln in engine.read_page(card.image)]
    assert card.truth["id_number"] in lines
    assert card.truth["name"] in "".join(lines)


def test_an_upright_receipt_is_not_turned_over(engine):
    """sroie-dev 171: the line classifier calls most of its wide lines upside down; it is upright."""
    from pathlib import Path

    from PIL import Image

    scan = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "sroie-dev" / "img" / "171.jpg"
    if not scan.is_file():
        pytest.skip("shared/data/sroie-dev is absent")
    lines = engine.read_page(Image.open(scan).convert("RGB"))
    assert "Guardian Health" in lines[0].text


def test_read_region_rereads_a_crop(engine, card, spotted):
    line = next(ln for ln in spotted.lines if squash(ln.text) == card.truth["id_number"])
    text, score = engine.read_region(card.image, line.box)
    assert squash(text) == card.truth["id_number"] and 0.5 < score <= 1
    assert engine.read_region(card.image, (5, 5, 5, 40)) == ("", 0.0)


def test_the_models_are_loaded_once_and_shared(engine, spotted):
    before = rapid._Ocr.created
    other = rapid.RapidOcrEngine()
    assert other.ocr() is engine.ocr()
    via_registry = get_engine("rapidocr", ExtractOptions())
    assert via_registry.ocr() is engine.ocr() and get_engine("rapidocr") is via_registry
    other.warmup()
    assert rapid._Ocr.created == before


def test_concurrent_reads_share_the_models_safely(engine, card, spotted):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: engine.read_page(card.image), range(2)))
    for lines in results:
        assert [(ln.text, tuple(ln.box)) for ln in lines] == [(ln.text, tuple(ln.box)) for ln in spotted.lines]


def test_availability_and_missing_models(monkeypatch):
    assert rapid.RapidOcrEngine.is_available(ExtractOptions())
    files = rapid.model_files()
    assert {p.suffix for p in files.values()} == {".onnx"}
    assert all("rapidocr" in str(p) for p in files.values())  # inside the wheel: nothing downloaded
    monkeypatch.setitem(rapid._MODELS, "rec", "no_such_model.onnx")
    with pytest.raises(EngineUnavailable, match="no_such_model.onnx.*nothing is downloaded"):
        rapid.model_files()
    assert not rapid.RapidOcrEngine.is_available()


def test_bad_options_and_inputs(engine):
    with pytest.raises(InputError, match="unknown engine option.*det_limit"):
        rapid.RapidOcrEngine(det_limit=3)
    with pytest.raises(InputError, match="PIL images"):
        engine.run(EngineRequest(images=[b"not an image"], prompt=READ))
    from PIL import Image

    blank = engine.run(EngineRequest(images=[Image.new("RGB", (300, 200), "white")], prompt=SPOTTING))
    assert blank.text == "" and blank.lines == []
    grey = engine.run(EngineRequest(images=[Image.new("L", (64, 64), 255)], prompt=READ))
    assert grey.lines == []


def test_lines_carry_the_characters_the_recogniser_nearly_read(engine):
    from docextract.engines.ocrpage import collapsed
    from docextract.synth.degrade import degrade

    import random

    image = degrade(generate_receipt(5).image, random.Random(5))
    lines = engine.read_page(image)
    alts = [(ln, a) for ln in lines for a in ln.alternatives]
    assert alts, "a photographed receipt always has some characters read with doubt"
    for ln, (k, ch, p, top) in alts:
        assert 0 <= k < len(ln.text) and ln.text[k] != " "
        assert isinstance(ch, str) and len(ch) == 1
        assert 0.05 <= p <= top <= 1.0
    assert all(ln.to_dict().get("alternatives", []) == [list(a) for a in ln.alternatives] for ln in lines)
    # indices follow the text when its whitespace is collapsed
    assert collapsed("AB  C. D", ((5, ",", 0.3, 0.6), (0, "8", 0.1, 0.9))) == ("AB C. D", ((4, ",", 0.3, 0.6), (0, "8", 0.1, 0.9)))


def test_lines_carry_their_tilt_and_the_finder_groups_a_tilted_card_by_it(engine, card):
    """A card photographed 5° anticlockwise: each line's tilt comes from its detected quad (level
    boxes hide it), and the finder's rows follow it, so the number right of its label is found."""
    import math

    from docextract.locate.layout import PageLayout

    turned = card.image.convert("RGB").rotate(5, expand=True, fillcolor=(90, 110, 120))
    lines = engine.read_page(turned)
    tilts = [ln.tilt for ln in lines if ln.tilt is not None and ln.box.width > 150]
    assert tilts and all(abs(t + math.tan(math.radians(5))) < 0.03 for t in tilts)
    assert abs(PageLayout(lines).slope + math.tan(math.radians(5))) < 0.02
    assert {ln.to_dict().get("tilt") for ln in lines} == {ln.tilt for ln in lines}
    number = next(ln for ln in lines if squash(ln.text) == card.truth["id_number"])
    label = next(ln for ln in lines if "公民身份号码" in squash(ln.text))
    layout = PageLayout(lines)
    assert layout.row_of[lines.index(number)] == layout.row_of[lines.index(label)]


def test_runner_ups_are_the_k_likeliest_other_characters_in_order():
    """The CTC decoder's wrapper keeps, per character read, the k likeliest other characters (likeliest
    first, at least min_prob, never the blank) — picked by a partition of the classes, not a full sort."""
    import numpy as np

    from docextract.engines.ocrpage import _RunnersUp

    class Decode:
        character = ["blank", "a", "b", "c", "d", "e"]

        def __call__(self, preds, *a, **k):
            return preds.argmax(axis=2)

    preds = np.zeros((1, 3, 6), dtype=np.float32)
    preds[0, 0] = [0.00, 0.50, 0.10, 0.25, 0.06, 0.09]   # reads a; runner-ups c, b, e
    preds[0, 1] = [0.90, 0.02, 0.02, 0.02, 0.02, 0.02]   # blank
    preds[0, 2] = [0.30, 0.01, 0.01, 0.02, 0.60, 0.06]   # reads d; runner-up e (blank and < 0.05 left out)
    for k, want in ((3, (((0, "c", 0.25, 0.5), (0, "b", 0.1, 0.5), (0, "e", 0.09, 0.5), (1, "e", 0.06, 0.6)))),
                    (1, ((0, "c", 0.25, 0.5),))):
        wrap = _RunnersUp(Decode())
        wrap.enabled, wrap.k = True, k
        wrap(preds)
        assert wrap.batches == [want]


def test_the_decoder_wrapper_reads_as_rapidocrs_own_decoder():
    """The wrapper finds each step's best class once and hands it to RapidOCR's CTC decoder: the same
    texts and scores (word boxes too) as the decoder alone, with and without runner-ups kept."""
    import numpy as np

    from docextract.engines.ocrpage import _RunnersUp
    from docextract.engines.rapidocr import RapidOcrEngine

    ocr = RapidOcrEngine().ocr()
    op = ocr.rec.postprocess_op
    decoder = op.decode if isinstance(op, _RunnersUp) else op
    rng = np.random.default_rng(0)
    for steps in (1, 40):
        preds = rng.random((3, steps, len(decoder.character))).astype(np.float32) ** 12
        preds[:, :, 0] += rng.random((3, steps)) > 0.6          # blanks between characters
        for words in (False, True):
            kw = {"wh_ratio_list": [1.0, 2.0, 3.0], "max_wh_ratio": 3.0}
            want = decoder(preds, words, **kw)
            wrap = _RunnersUp(decoder)
            assert repr(wrap(preds, words, **kw)) == repr(want)
            wrap.enabled = True
            assert repr(wrap(preds, words, **kw)) == repr(want) and len(wrap.batches) == 3


def test_the_sessions_keep_their_buffers_and_read_the_same_as_without(engine, card):
    """The sessions reuse their buffers between runs (a memory arena); a session without one recognises
    the same crops to the same probabilities, bit for bit."""
    import numpy as np
    import onnxruntime as ort

    ocr = engine.ocr()
    for part in (ocr.det, ocr.cls, ocr.rec):
        assert part.session.session.get_session_options().enable_cpu_mem_arena
    rng = np.random.default_rng(2)
    crops = rng.random((3, 3, 48, 160), dtype=np.float32) - 0.5
    sess = ocr.rec.session.session
    opts = ort.SessionOptions()
    opts.enable_cpu_mem_arena = False
    plain = ort.InferenceSession(str(rapid.model_files()["rec"]), opts, providers=["CPUExecutionProvider"])
    name = sess.get_inputs()[0].name
    for _ in range(2):
        assert np.array_equal(sess.run(None, {name: crops})[0], plain.run(None, {name: crops})[0])


def test_the_detector_input_is_rapidocrs_bit_for_bit():
    """The detector's input made with a table of the 256 levels equals RapidOCR's own preprocessing."""
    import numpy as np
    from rapidocr.ch_ppocr_det.utils import DetPreProcess

    from docextract.engines.ocrdetect import _LookedUp

    rng = np.random.default_rng(1)
    for shape in ((50, 203, 3), (411, 97, 3)):
        img = rng.integers(0, 256, shape, dtype=np.uint8)
        for mean, std in ((None, None), ([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])):
            want = DetPreProcess(100_000, "max", mean, std)(img)
            got = _LookedUp(DetPreProcess(100_000, "max", mean, std))(img)
            assert got.dtype == want.dtype == np.float32 and np.array_equal(got, want)


def test_brightest_is_each_pixels_largest_channel():
    import numpy as np

    from docextract.engines.ocrdetect import brightest, ink

    rng = np.random.default_rng(2)
    for shape in ((37, 53, 3), (5, 4), (9, 7, 1), (6, 6, 4), (0, 5, 3)):
        arr = rng.integers(0, 256, shape, dtype=np.uint8)
        assert np.array_equal(brightest(arr), arr.max(axis=-1))
    page = rng.integers(0, 256, (20, 30, 3), dtype=np.uint8)
    assert np.array_equal(ink(page), np.repeat(page.max(axis=2)[:, :, None], 3, axis=2))


def test_crops_are_padded_to_the_minimum_width_the_option_sets(engine, monkeypatch):
    """By default each batch reaches the recogniser at least 320 px wide (48 px high), as RapidOCR reads
    and the model was trained; ``rec_min_width`` lowers that floor so short lines cost less, and the
    lines of a clean receipt still read the same. A width that is not a whole number of pixels is refused."""
    from docextract.engines.ocrpage import recognise

    widths = []

    class Recorder:   # sees what the real session is given, and passes it on
        def __init__(self, session):
            self.session = session

        def __getattr__(self, item):
            return getattr(self.session, item)

        def __call__(self, batch):
            widths.append(batch.shape[3])
            return self.session(batch)

    ocr = engine.ocr()
    monkeypatch.setattr(ocr.rec, "session", Recorder(ocr.rec.session))
    image = generate_receipt(8).image
    narrow = rapid.RapidOcrEngine(rec_min_width=96)
    default = [ln.text for ln in engine.read_page(image)]
    assert widths and min(widths) == 320
    widths.clear()
    assert [ln.text for ln in narrow.read_page(image)] == default
    assert min(widths) < 320
    import numpy as np

    widths.clear()
    short = [np.full((40, 80, 3), 255, np.uint8)] * 2
    recognise(ocr, short, {**rapid.DEFAULTS, "rec_min_width": 0})
    assert widths == [96]            # two crops twice as wide as high: 96 px at 48 px high, no more
    for bad in (-1, 1601, 2.5, "wide", True, None):
        with pytest.raises(InputError, match="rec_min_width must be a whole number"):
            rapid.RapidOcrEngine(rec_min_width=bad)


def test_the_8_bit_detector_is_an_option_and_finds_the_same_lines(engine, card, spotted):
    """``det_int8`` runs the wheel's detector quantized to 8 bits (``docextract/data/det_int8.onnx``,
    built from exactly the installed detector); the float one stays the default. Both find the lines
    of a clean card and receipt, to the same text but for the few where a box edge moves."""
    import hashlib
    import json

    files = rapid.model_files()
    int8 = rapid.int8_detector()
    assert int8 is not None and int8.name == "det_int8.onnx"
    assert int8.stat().st_size < files["det"].stat().st_size / 2
    meta = json.loads(int8.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["source_sha256"] == hashlib.sha256(files["det"].read_bytes()).hexdigest()
    assert engine.ocr().det_file == files["det"] and engine.info()["detector"] == files["det"].name
    fast = get_engine("rapidocr", ExtractOptions(engine_options={"det_int8": True}))
    assert fast.ocr().det_file == int8 and fast.ocr() is not engine.ocr()
    assert fast.info()["detector"] == "det_int8.onnx"
    # 8-bit arithmetic differs a little between CPUs (with or without 8-bit dot products): a line or two
    # may read differently, the number may not
    fast_card = [squash(ln.text) for ln in fast.read_page(card.image)]
    assert any(card.truth["id_number"] in t for t in fast_card)
    assert len(set(fast_card) & {squash(ln.text) for ln in spotted.lines}) >= 0.75 * len(spotted.lines)
    receipt = generate_receipt(8).image
    a, b = [ln.text for ln in engine.read_page(receipt)], [ln.text for ln in fast.read_page(receipt)]
    assert len(set(a) & set(b)) >= 0.8 * len(set(a) | set(b))
    with pytest.raises(InputError, match="det_int8 must be true or false, not 'yes'"):
        rapid.RapidOcrEngine(det_int8="yes")


def test_an_8_bit_detector_built_from_another_model_is_not_used(tmp_path):
    """The float detector runs when the 8-bit one is missing, unreadable, or was built from another
    detector than the installed wheel's (its recorded SHA-256 differs)."""
    import json
    import shutil

    shipped = rapid.int8_detector()
    for name in ("det_int8.onnx", "det_int8.json"):
        shutil.copy(shipped.with_name(name), tmp_path / name)
    assert rapid.int8_detector(tmp_path) == tmp_path / "det_int8.onnx"
    meta = json.loads((tmp_path / "det_int8.json").read_text(encoding="utf-8"))
    for folder, change in (("other", lambda m: {**m, "source_sha256": "0" * 64}),
                           ("garbled", lambda m: "not json {"), ("list", lambda m: [1, 2])):
        (tmp_path / folder).mkdir()
        shutil.copy(tmp_path / "det_int8.onnx", tmp_path / folder / "det_int8.onnx")
        changed = change(meta)
        (tmp_path / folder / "det_int8.json").write_text(changed if isinstance(changed, str) else json.dumps(changed),
                                                         encoding="utf-8")
        assert rapid.int8_detector(tmp_path / folder) is None, folder
    (tmp_path / "missing").mkdir()
    shutil.copy(tmp_path / "det_int8.json", tmp_path / "missing" / "det_int8.json")
    assert rapid.int8_detector(tmp_path / "missing") is None


def test_asking_for_the_8_bit_detector_when_it_cannot_run_warns_and_reads_with_the_float_one(monkeypatch, card):
    monkeypatch.setattr(rapid, "int8_detector", lambda folder=None: None)
    with pytest.warns(RuntimeWarning, match="det_int8 is set but .*the float detector runs"):
        ocr = rapid._Ocr(None, det_int8=True)
    assert ocr.det_file == rapid.model_files()["det"]
    from docextract.engines.ocrdetect import to_bgr
    from docextract.engines.ocrpage import read_array

    texts = [squash(t) for row in read_array(ocr, to_bgr(card.image), rapid.DEFAULTS) for t, *_ in row]
    assert any(card.truth["id_number"] in t for t in texts)

