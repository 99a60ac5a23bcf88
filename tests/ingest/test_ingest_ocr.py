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
