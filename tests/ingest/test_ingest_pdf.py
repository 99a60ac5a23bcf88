"""PDFs drawn with reportlab at test time: header columns, running headers/footers, tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import Limits, load_bytes, load_path
from ingest.errors import TooManyPages, UnreadableFile

canvas = pytest.importorskip("reportlab.pdfgen.canvas")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian: fonts-dejavu-core
if not (FONT_DIR / "DejaVuSerif.ttf").is_file():
    pytest.skip(
        "no DejaVu font with Vietnamese glyphs (apt-get install fonts-dejavu-core)", allow_module_level=True
    )
pdfmetrics.registerFont(TTFont("Serif", str(FONT_DIR / "DejaVuSerif.ttf")))
pdfmetrics.registerFont(TTFont("Serif-Bold", str(FONT_DIR / "DejaVuSerif-Bold.ttf")))

UNITS = [
    "Chi bộ ấp Bến Súc",
    "Đảng ủy xã Định Hiệp",
    "Chi bộ Công ty Cao su",
    "Đảng ủy thị trấn",
    "Chi bộ trường Tiểu học",
]
DEEDS = [
    "rà soát quần chúng ưu tú",
    "mở lớp cảm tình Đảng",
    "kết nạp đảng viên mới",
    "kiện toàn cấp ủy",
    "sơ kết nghị quyết",
]
RUNNING = "Huyện ủy Dầu Tiếng - Báo cáo sơ kết công tác xây dựng Đảng"


def sentence(page: int, line: int) -> str:
    unit, deed = UNITS[(page + line) % 5], DEEDS[(page * 3 + line) % 5]
    return f"{unit} đã {deed} trong tháng {line + 1} với {page * 100 + line} lượt tham gia."


def draw_report(path: Path, pages: int = 4) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for page in range(1, pages + 1):
        pdf.setFont("Serif", 9)
        pdf.drawString(60, height - 30, RUNNING)
        y = height - 70
        if page == 1:
            pdf.setFont("Serif-Bold", 11)
            pdf.drawCentredString(150, y, "ĐẢNG BỘ TỈNH BÌNH DƯƠNG")
            pdf.drawCentredString(420, y, "ĐẢNG CỘNG SẢN VIỆT NAM")
            y -= 16
            pdf.drawCentredString(150, y, "HUYỆN ỦY DẦU TIẾNG")
            pdf.setFont("Serif", 11)
            pdf.drawCentredString(420, y - 4, "Dầu Tiếng, ngày 28 tháng 7 năm 2023")
            y -= 16
            pdf.drawCentredString(150, y, "*")
            y -= 16
            pdf.drawCentredString(150, y, "Số 45-BC/HU")
            y -= 30
            pdf.setFont("Serif-Bold", 13)
            pdf.drawCentredString(width / 2, y, "BÁO CÁO")
            y -= 26
        pdf.setFont("Serif", 11)
        for line in range(10):
            pdf.drawString(60, y, sentence(page, line))
            y -= 17
        if page == 2:
            pdf.drawString(60, y, "Công tác tạo nguồn gắn với phát tri-")
            pdf.drawString(60, y - 17, "ển tổ chức đảng trong doanh nghiệp.")
            y -= 34
        if page == 3:
            _ruled_table(pdf, y - 10)
            y -= 90
        if page == pages:
            _signature(pdf, y - 20)
        pdf.setFont("Serif", 9)
        pdf.drawCentredString(width / 2, 40, f"Trang {page}/{pages}")
        pdf.showPage()
    pdf.save()


def _ruled_table(pdf, top: float) -> None:
    columns = [60, 110, 330, 480]
    rows = [("STT", "Đơn vị", "Chỉ tiêu"), ("1", "Xã Định An", "120"), ("2", "Xã Long Hòa", "95")]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            pdf.drawString(columns[c] + 4, top - 14 - r * 20, cell)
    for r in range(len(rows) + 1):
        pdf.line(columns[0], top - r * 20, columns[-1], top - r * 20)
    for x in columns:
        pdf.line(x, top, x, top - len(rows) * 20)


def _signature(pdf, top: float) -> None:
    left = ["Nơi nhận:", "- Ban Thường vụ Tỉnh ủy,", "- Lưu Văn phòng Huyện ủy."]
    right = ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "", "Nguyễn Văn An"]
    for i, text in enumerate(left):
        pdf.drawString(60, top - i * 15, text)
    for i, text in enumerate(right):
        if text:
            pdf.drawCentredString(420, top - i * 15, text)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "bao-cao.pdf"
    draw_report(path)
    return path


@pytest.fixture(scope="module")
def doc(report):
    return load_path(report)


def test_pages_and_source(doc):
    assert doc.media_type == "application/pdf"
    assert doc.pages == 4
    assert doc.ocr_pages == 0
    assert len(doc.page_texts) == 4
    assert doc.text == "\n\n".join(doc.page_texts)


def test_running_header_and_page_numbers_are_removed(doc):
    assert RUNNING not in doc.text
    assert "Trang " not in doc.text
    assert all(not page.startswith(("Huyện ủy Dầu Tiếng -", "Trang")) for page in doc.page_texts)


def test_every_body_line_is_kept(doc):
    for page in range(1, 5):
        for line in range(10):
            assert sentence(page, line) in doc.page_texts[page - 1]
    assert doc.page_texts[1].startswith(sentence(2, 0))


def test_two_column_header_reads_left_block_then_right_block(doc):
    assert doc.page_texts[0].startswith(
        "ĐẢNG BỘ TỈNH BÌNH DƯƠNG\nHUYỆN ỦY DẦU TIẾNG\n*\nSố 45-BC/HU\n\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM\nDầu Tiếng, ngày 28 tháng 7 năm 2023\n\nBÁO CÁO\n"
    )


def test_hyphenated_line_break_is_joined(doc):
    assert "gắn với phát triển tổ chức đảng" in doc.text.replace("\n", " ")


def test_ruled_table_rows(doc):
    assert "STT | Đơn vị | Chỉ tiêu\n1 | Xã Định An | 120\n2 | Xã Long Hòa | 95" in doc.page_texts[2]


def test_signature_block_columns(doc):
    assert doc.page_texts[3].endswith(
        "Nơi nhận:\n- Ban Thường vụ Tỉnh ủy,\n- Lưu Văn phòng Huyện ủy.\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\nNguyễn Văn An"
    )


def test_page_cap(report):
    with pytest.raises(TooManyPages, match="4 pages"):
        load_path(report, limits=Limits(max_pages=3))


def test_damaged_pdf_is_unreadable():
    with pytest.raises(UnreadableFile, match="hong.pdf"):
        load_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "hong.pdf")


def test_pdf_without_text_layer_and_ocr_off(tmp_path):
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.rect(100, 100, 200, 300, fill=1)
    pdf.showPage()
    pdf.save()
    with pytest.raises(UnreadableFile, match="no text layer"):
        load_path(path, limits=Limits(ocr=False))


def test_legacy_font_text_layer_is_converted_line_by_line(tmp_path):
    from ingest.legacy import encode

    path = tmp_path / "tcvn3.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Serif", 11)
    lines = [sentence(1, i) for i in range(4)] + [sentence(2, i) for i in range(4)]
    for i, line in enumerate(lines):  # the first half in TCVN3 (a legacy font), the rest in Unicode
        pdf.drawString(60, 800 - i * 18, encode(line, "tcvn3") if i < 4 else line)
    pdf.showPage()
    pdf.save()
    doc = load_path(path)
    assert doc.text.split("\n") == lines
    assert any("tcvn3" in warning for warning in doc.warnings)


def test_paragraphs_wrapped_by_the_page_are_lines_again_across_page_breaks(tmp_path):
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A6
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = ParagraphStyle(
        "body", fontName="Serif", fontSize=10, leading=13, alignment=TA_JUSTIFY, spaceAfter=4
    )
    paragraphs = [f"{sentence(1, n)} {sentence(2, n)} {sentence(3, n)}" for n in range(6)]
    paragraphs.insert(
        3, "- Diện tích sản xuất nông nghiệp ứng dụng công nghệ cao của huyện đạt 800 ha trở lên."
    )
    path = tmp_path / "dai.pdf"
    SimpleDocTemplate(str(path), pagesize=A6).build([Paragraph(text, style) for text in paragraphs])
    doc = load_path(path)
    assert doc.pages >= 3
    # every paragraph is one line, also those that a page break cut
    assert [line for line in doc.text.split("\n") if line] == paragraphs
