"""Loading documents: paths, bytes, PIL images, PDFs, lists; bad input gets a clear InputError."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from docextract.errors import ImageTooLarge, InputError
from docextract.images import load_pages
from docextract.options import ExtractOptions


def _jpeg(size=(300, 200), color="red", exif_orientation=None) -> bytes:
    img = Image.new("RGB", size, color)
    buf = io.BytesIO()
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        img.save(buf, "JPEG", exif=exif)
    else:
        img.save(buf, "JPEG")
    return buf.getvalue()


def _pdf(pages: int) -> bytes:
    imgs = [Image.new("RGB", (595, 842), c) for c in ("white", "gray", "black")[:pages]]
    buf = io.BytesIO()
    imgs[0].save(buf, "PDF", save_all=True, append_images=imgs[1:], resolution=72)
    return buf.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG claiming huge dimensions (a decompression bomb), with almost no data."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 10)) + chunk(b"IEND", b"")


def test_path_bytes_pil_and_list(tmp_path):
    data = _jpeg()
    path = tmp_path / "a.jpg"
    path.write_bytes(data)
    for src in (str(path), path, data, Image.open(io.BytesIO(data))):
        pages = load_pages(src)
        assert len(pages) == 1 and pages[0].mode == "RGB" and pages[0].size == (300, 200)
    assert len(load_pages([path, data])) == 2


def test_exif_orientation_is_applied():
    pages = load_pages(_jpeg((300, 200), exif_orientation=6))  # rotated 90°: stored landscape, shown portrait
    assert pages[0].size == (200, 300)


def test_transparent_png_gets_a_white_background():
    img = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    page = load_pages(buf.getvalue())[0]
    assert page.mode == "RGB" and page.getpixel((5, 5)) == (255, 255, 255)


def test_pdf_pages_are_rendered_at_the_requested_dpi():
    pages = load_pages(_pdf(3), ExtractOptions(pdf_dpi=100))
    assert len(pages) == 3
    assert pages[0].size == (827, 1170)  # A4 at 100 dpi
    assert pages[2].getpixel((10, 10)) == (0, 0, 0)


def test_large_images_are_downscaled_to_max_pixels():
    page = load_pages(Image.new("RGB", (6000, 4000)), ExtractOptions(max_pixels=1_000_000))[0]
    assert page.size[0] * page.size[1] <= 1_000_000 and abs(page.size[0] / page.size[1] - 1.5) < 0.01


@pytest.mark.parametrize("source, words", [
    (b"", "empty"),
    (b"hello world", "not an image"),
    (b"%PDF-1.4 garbage", "PDF cannot be opened"),
    (_jpeg()[:200], "cannot be read"),
    (12345, "cannot read a int"),
    ([], "no input"),
])
def test_bad_input_is_an_input_error(source, words):
    with pytest.raises(InputError, match=words):
        load_pages(source)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        load_pages(tmp_path / "nope.jpg")
    with pytest.raises(InputError, match="is a folder"):
        load_pages(tmp_path)
    for blank in ("", "   "):  # not the current folder, not a file named "   "
        with pytest.raises(InputError, match="an empty path"):
            load_pages(blank)


def test_decompression_bomb_is_refused_before_decoding():
    with pytest.raises(ImageTooLarge, match="over the limit"):
        load_pages(_png_header_only(50_000, 50_000))


def test_too_many_pages():
    with pytest.raises(ImageTooLarge, match="more than the limit of 2"):
        load_pages(_pdf(3), ExtractOptions(max_pages=2))
