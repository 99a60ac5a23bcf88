"""OCR with tesseract (vie) on a page image drawn with Pillow, and on a scanned PDF page."""

from __future__ import annotations

import io
import shutil
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest import Limits, load_bytes
from ingest.errors import UnreadableFile

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")  # Debian: fonts-dejavu-core
LINES = [
    "ĐẢNG BỘ TỈNH BÌNH DƯƠNG",
    "HUYỆN ỦY DẦU TIẾNG",
    "Số 1000-CV/HU",
    "Ban Thường vụ Huyện ủy đề nghị các chi bộ",
    "tiếp tục rà soát nguồn kết nạp đảng viên,",
    "phấn đấu năm 2024 kết nạp ít nhất 25 đảng viên.",
]
EXPECTED = "\n".join(LINES)

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
needs_font = pytest.mark.skipif(
    not FONT.is_file(), reason="no DejaVu font (apt-get install fonts-dejavu-core)"
)


def page_image(dpi: int = 200) -> Image.Image:
    """Half an A5 page at `dpi`, 13 pt text."""
    width, height = int(5.8 * dpi), int(3.2 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), size=round(13 * dpi / 72))
    y = dpi // 4
    for line in LINES:
        draw.text((dpi // 4, y), line, font=font, fill=0)
        y += round(13 * dpi / 72 * 1.5)
    return image


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    page_image().save(buffer, format="PNG", dpi=(200, 200))
    return buffer.getvalue()


def similarity(text: str) -> float:
    return SequenceMatcher(None, " ".join(EXPECTED.split()), " ".join(text.split())).ratio()


@needs_tesseract
@needs_font
def test_png_is_read_by_ocr():
    doc = load_bytes(png_bytes(), "anh-chup.png")
    assert doc.media_type == "image/png"
    assert doc.pages == 1 and doc.ocr_pages == 1
    assert similarity(doc.text) > 0.9, doc.text
    assert "Huyện ủy" in doc.text and "đảng viên" in doc.text


@needs_tesseract
@needs_font
def test_scanned_pdf_page_is_read_by_ocr(tmp_path):
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path = tmp_path / "ban-chup.pdf"
    image = page_image(dpi=300)
    pdf = canvas.Canvas(str(path), pagesize=(5.8 * 72, 3.2 * 72))
    pdf.drawImage(ImageReader(image), 0, 0, width=5.8 * 72, height=3.2 * 72)
    pdf.showPage()
    pdf.save()
    doc = load_bytes(path.read_bytes(), "ban-chup.pdf", limits=Limits(ocr_workers=1))
    assert doc.pages == 1 and doc.ocr_pages == 1
    assert similarity(doc.text) > 0.9, doc.text


def test_image_with_ocr_off_is_unreadable():
    buffer = io.BytesIO()
    Image.new("L", (50, 50), 255).save(buffer, format="PNG")
    with pytest.raises(UnreadableFile, match="OCR"):
        load_bytes(buffer.getvalue(), "trang.png", limits=Limits(ocr=False))


def test_missing_tesseract_is_a_clear_error(monkeypatch):
    import pytesseract

    from ingest import ocr

    def not_installed(*args, **kwargs):
        raise pytesseract.TesseractNotFoundError()

    ocr._tesseract.cache_clear()
    monkeypatch.setattr(pytesseract, "get_languages", not_installed)
    try:
        buffer = io.BytesIO()
        Image.new("L", (50, 50), 255).save(buffer, format="PNG")
        with pytest.raises(UnreadableFile, match="tesseract program is not installed"):
            load_bytes(buffer.getvalue(), "trang.png")
    finally:
        ocr._tesseract.cache_clear()


@needs_tesseract
@needs_font
def test_a_scan_with_a_stamped_page_number_is_still_ocred(tmp_path):
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path = tmp_path / "ban-chup-so-trang.pdf"
    size = (5.8 * 72, 3.6 * 72)
    pdf = canvas.Canvas(str(path), pagesize=size)
    pdf.drawImage(ImageReader(page_image(dpi=300)), 0, 0.4 * 72, width=5.8 * 72, height=3.2 * 72)
    pdf.setFont("Helvetica", 8)
    pdf.drawString(10, 10, "Scanned copy - page 1 of 1")  # a text layer too small to be the page
    pdf.showPage()
    pdf.save()
    doc = load_bytes(path.read_bytes(), "ban-chup-so-trang.pdf", limits=Limits(ocr_workers=1))
    assert doc.ocr_pages == 1
    assert "Huyện ủy" in doc.text


def test_despeckle_removes_lone_specks_and_keeps_accents():
    from ingest.ocr import despeckle

    image = page_image()
    speckled = image.copy()
    specks = [(30, 30), (600, 25), (1100, 600)]  # margins, far from the text
    for x, y in specks:
        speckled.paste(0, (x, y, x + 2, y + 2))
    cleaned = despeckle(speckled)
    assert all(cleaned.getpixel((x, y)) == 255 for x, y in specks)
    assert cleaned.tobytes() == despeckle(image).tobytes()  # the text, accents and dots included
    assert despeckle(image).tobytes() == image.tobytes()


def tilted(image: Image.Image, degrees: float) -> Image.Image:
    return image.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


@needs_font
@pytest.mark.parametrize("degrees", [-5.0, -1.5, 0.0, 2.0, 4.0])
def test_skew_angle_levels_a_tilted_page(degrees):
    from ingest.ocr import skew_angle

    assert skew_angle(tilted(page_image(), degrees)) == pytest.approx(-degrees, abs=0.2)


@needs_tesseract
@needs_font
def test_a_page_scanned_askew_keeps_its_lines():
    """Tilted 3°, neighbouring lines would interleave were words grouped by height alone."""
    buffer = io.BytesIO()
    tilted(page_image(), 3.0).save(buffer, format="PNG")
    doc = load_bytes(buffer.getvalue(), "lech.png", limits=Limits(ocr_workers=1))
    assert similarity(doc.text) > 0.95, doc.text
    assert "phấn đấu năm 2024 kết nạp ít nhất 25 đảng viên." in doc.text


@needs_tesseract
@needs_font
def test_a_page_scanned_upside_down_is_turned_upright():
    buffer = io.BytesIO()
    page_image().rotate(180).save(buffer, format="PNG")
    doc = load_bytes(buffer.getvalue(), "nguoc.png", limits=Limits(ocr_workers=1))
    assert similarity(doc.text) > 0.9, doc.text


def test_a_page_that_times_out_is_listed_as_missing(monkeypatch):
    """Two frames; the second times out: the text holds the first, and the record says what is
    missing (for staff, in Vietnamese) rather than passing an empty page off as the whole."""
    from ingest import ocr
    from ingest.errors import OcrTimeout

    def recognise(image, timeout_s):
        if image.getpixel((0, 0)) == 0:
            raise OcrTimeout("OCR gave up after 60 s")
        return "Huyện ủy Dầu Tiếng"

    monkeypatch.setattr(ocr, "require_tesseract", lambda name: None)
    monkeypatch.setattr(ocr, "recognise", recognise)
    frames = [Image.new("L", (60, 60), 255), Image.new("L", (60, 60), 0)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:])
    doc = load_bytes(buffer.getvalue(), "hai-trang.tiff")
    assert doc.text == "Huyện ủy Dầu Tiếng" and doc.pages == 2
    assert doc.missing == ["Trang 2: nhận dạng chữ (OCR) quá thời gian cho phép, nội dung trang bị thiếu"]

    from extract import extract_document

    assert extract_document(doc).source.warnings == doc.missing


@needs_font
def test_scanned_pages_skipped_with_ocr_off_are_listed(tmp_path):
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path = tmp_path / "mot-trang-chup.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(5.8 * 72, 3.2 * 72))
    pdf.setFont("Helvetica", 12)
    pdf.drawString(20, 150, "Ban Thuong vu Huyen uy de nghi cac chi bo tiep tuc ra soat nguon ket nap.")
    pdf.showPage()
    pdf.drawImage(ImageReader(page_image(dpi=100)), 0, 0, width=5.8 * 72, height=3.2 * 72)
    pdf.showPage()
    pdf.save()
    doc = load_bytes(path.read_bytes(), "mot-trang-chup.pdf", limits=Limits(ocr=False))
    assert "Ban Thuong vu" in doc.text and doc.ocr_pages == 0
    assert len(doc.missing) == 1 and doc.missing[0].startswith("Trang 2:") and "OCR" in doc.missing[0]
