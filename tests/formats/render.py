"""A sample's plain text turned into the files staff actually have.

`corpus/samples/*.txt` lay an official document out with spaces: the header and the signature
block are two columns side by side ("ĐẢNG BỘ TỈNH …      ĐẢNG CỘNG SẢN VIỆT NAM"). `parse`
reads such a run of lines as a two-column region and every other line as a paragraph; each
renderer then draws the regions the way its format does (a borderless table in PDF and DOCX,
a <table> in HTML) and the paragraphs as paragraphs.

    text_pdf     reportlab, DejaVu Serif, A4, running header and "Trang N/M" footer
    scanned_pdf  the text PDF rasterised, with light noise and skew, wrapped with no text layer
    png_scan     one page of that scan as PNG (the font shrinks until the text fits one page)
    docx         python-docx, regions as 2-column tables
    html         a news portal page: menu, breadcrumb, related news and footer around <article>
    utf16 · tcvn3 · vni · cp1258   the text in those encodings (a symbol the 8-bit ones lack,
                                   "★" or "☰", becomes "?" as converters write it)

Used by tests/formats and bench/formats.py; needs the dev extra (reportlab) and
fonts-dejavu-core.
"""

from __future__ import annotations

import html as html_lib
import io
import random
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian: fonts-dejavu-core
RUNNING_HEADER = "Văn bản điện tử - lưu hành nội bộ"

# Two parts of a line this many spaces apart are two columns; a line indented this far with
# nothing on its left belongs to the right column.
_GAP = re.compile(r"\s{3,}")
_COLUMN_GAP = re.compile(r"\s{2,}")
_RIGHT_INDENT = 20
_PIPE_ROW = re.compile(r"\|.*\|")  # "| ĐẢNG BỘ TỈNH QUẢNG NAM | ĐẢNG CỘNG SẢN VIỆT NAM |"
_PAGE_BREAK = "\f"


@dataclass(frozen=True)
class Columns:
    """Side-by-side text: (left, right) per line, either side may be ''."""

    rows: tuple[tuple[str, str], ...]


Block = str | Columns  # a paragraph (one line of the sample), a two-column region, or BLANK
Page = list[Block]
BLANK = ""  # an empty line between runs of lines: space in a PDF, an empty paragraph in DOCX


def parse(text: str) -> list[Page]:
    """Pages (split at form feeds) of blocks; empty lines between runs of lines become BLANK."""
    pages: list[Page] = []
    for page_text in text.split(_PAGE_BREAK):
        blocks: Page = []
        for run in re.split(r"\n[ \t]*\n", page_text.strip("\n")):
            lines = [line.rstrip() for line in run.split("\n") if line.strip()]
            if not lines:
                continue
            if blocks:
                blocks.append(BLANK)
            if any(_is_columnar(line) for line in lines):
                blocks.append(Columns(tuple(_split(line) for line in lines)))
            else:
                blocks.extend(line.strip() for line in lines)
        pages.append(blocks)
    return pages


def _is_columnar(line: str) -> bool:
    content = line.strip()
    return (
        bool(_GAP.search(content))
        or len(line) - len(line.lstrip()) >= _RIGHT_INDENT
        or bool(_PIPE_ROW.fullmatch(content))
    )


def _split(line: str) -> tuple[str, str]:
    """(left, right) of a line in a column region; there two spaces already part the columns
    ("- Các quận ủy, huyện ủy, đảng ủy trực thuộc,  Trịnh Thị Xuân Mai")."""
    content = line.strip()
    if _PIPE_ROW.fullmatch(content):
        cells = [cell.strip() for cell in content.strip("|").split("|")]
        return cells[0], " ".join(cells[1:]).strip()
    indent = len(line) - len(line.lstrip())
    parts = _COLUMN_GAP.split(content, maxsplit=1)
    if len(parts) == 2:
        return parts[0], " ".join(parts[1].split())
    return ("", parts[0]) if indent >= _RIGHT_INDENT else (parts[0], "")


def is_title(line: str) -> bool:
    """A kind-of-document title ("NGHỊ QUYẾT", "KẾ HOẠCH"): short, in capitals, unnumbered;
    official documents center it."""
    letters = [c for c in line if c.isalpha()]
    return 0 < len(line) <= 40 and all(c.isupper() for c in letters) and not re.match(r"[\dIVX]+\.", line)


# ---- PDF ---------------------------------------------------------------------------------------


@cache
def _fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not (FONT_DIR / "DejaVuSerif.ttf").is_file():
        raise FileNotFoundError(f"no DejaVu fonts in {FONT_DIR} (apt-get install fonts-dejavu-core)")
    pdfmetrics.registerFont(TTFont("Serif", str(FONT_DIR / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont("Serif-Bold", str(FONT_DIR / "DejaVuSerif-Bold.ttf")))


def text_pdf(text: str, *, font_size: float = 13, running: str = RUNNING_HEADER, min_pages: int = 2) -> bytes:
    """An A4 PDF with a text layer; a form feed in `text` starts a new page. A text too short
    for `min_pages` is set larger (up to 16 pt; official documents use 13–14 pt), so that the
    running header and "Trang N/M" footer repeat."""
    while True:
        pdf = _build_pdf(text, font_size, running)
        if font_size >= 16 or page_count(pdf) >= min_pages:
            return pdf
        font_size += 1


def _build_pdf(text: str, font_size: float, running: str) -> bytes:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import (
        KeepTogether,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    _fonts()
    body = ParagraphStyle(
        "body",
        fontName="Serif",
        fontSize=font_size,
        leading=font_size * 1.4,
        alignment=TA_JUSTIFY,
        spaceAfter=font_size * 0.3,
    )
    title = ParagraphStyle("title", parent=body, fontName="Serif-Bold", alignment=TA_CENTER)
    cell = ParagraphStyle(
        "cell",
        parent=body,
        fontSize=font_size - 1,
        leading=(font_size - 1) * 1.3,
        alignment=TA_CENTER,
        spaceAfter=0,
    )
    width, height = A4

    class NumberedCanvas(Canvas):
        """Draws "Trang N/M" once the page count is known (reportlab's two-state recipe)."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont("Serif", 9)
                self.drawCentredString(width / 2, 12 * mm, f"Trang {self._pageNumber}/{len(self._pages)}")
                super().showPage()
            super().save()

    def running_header(canvas, _doc):
        canvas.setFont("Serif", 9)
        canvas.drawString(30 * mm, height - 12 * mm, running)

    story = []
    for number, page in enumerate(parse(text)):
        if number:
            story.append(PageBreak())
        for block in page:
            if isinstance(block, Columns):
                (left_style, right_style), widths = _fit_columns(block, cell, width - 50 * mm)
                rows = [
                    [Paragraph(_xml(left), left_style), Paragraph(_xml(right), right_style)]
                    for left, right in block.rows
                ]
                table = Table(rows, colWidths=widths)
                table.setStyle(
                    TableStyle(
                        [
                            ("VALIGN", (0, 0), (-1, -1), "TOP"),
                            ("TOPPADDING", (0, 0), (-1, -1), 0),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                        ]
                    )
                )
                # a typist keeps a signature block on one page
                story.append(KeepTogether([table]))
            elif block == BLANK:
                story.append(Spacer(1, body.leading))
            else:
                story.append(Paragraph(_xml(block), title if is_title(block) else body))
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=30 * mm,
        rightMargin=20 * mm,
        topMargin=22 * mm,
        bottomMargin=22 * mm,
        title="",
        author="",
        invariant=True,
    ).build(story, onFirstPage=running_header, onLaterPages=running_header, canvasmaker=NumberedCanvas)
    return buffer.getvalue()


def is_signature(block: Columns) -> bool:
    return any(left.lower().startswith("nơi nhận") for left, _ in block.rows)


def _fit_columns(block: Columns, style, available: float):
    """Cell styles (left, right) and widths. The header table gives 40 % of the width to the
    issuer and 60 % to the motto and date, centred; the signature block 55 % to "Nơi nhận",
    left-aligned, and 45 % to the signer. The font shrinks (down to 9 pt) until every line fits
    its cell, as a typist sets it; a longer one wraps."""
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth

    signature = is_signature(block)
    widths = [available * 0.55, available * 0.45] if signature else [available * 0.4, available * 0.6]
    size = style.fontSize
    while size > 9 and any(
        stringWidth(row[side], style.fontName, size) + 14 > widths[side]
        for row in block.rows
        for side in (0, 1)
    ):
        size -= 0.5
    right = ParagraphStyle(f"cell{size}", parent=style, fontSize=size, leading=size * 1.3)
    left = ParagraphStyle(f"left{size}", parent=right, alignment=TA_LEFT) if signature else right
    return (left, right), widths


def _xml(text: str) -> str:
    return html_lib.escape(text, quote=False)


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def page_images(pdf: bytes, *, dpi: int = 200, seed: int = 0) -> list:
    """Every page as a grayscale scan: rasterised at `dpi`, turned a fraction of a degree, with
    sensor noise and a few specks."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    document = pdfium.PdfDocument(pdf)
    images = []
    try:
        for index in range(len(document)):
            page = document[index]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            image = image.rotate(rng.uniform(-0.4, 0.4), resample=Image.Resampling.BICUBIC, fillcolor=255)
            noise = Image.effect_noise(image.size, 24).filter(ImageFilter.GaussianBlur(0.6))
            image = Image.blend(image, noise, 0.06)
            pixels = image.load()
            for _ in range(image.width * image.height // 50000):
                x, y = rng.randrange(image.width - 2), rng.randrange(image.height - 2)
                for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1)):
                    pixels[x + dx, y + dy] = rng.randrange(0, 90)
            images.append(image)
    finally:
        document.close()
    return images


def scanned_pdf(text: str, *, dpi: int = 200, font_size: float = 12) -> bytes:
    """The text PDF (12 pt: OCR costs seconds a page) as a scanner makes it: page images only,
    no text layer."""
    images = page_images(text_pdf(text, font_size=font_size), dpi=dpi)
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buffer.getvalue()


def png_scan(text: str, *, dpi: int = 200) -> bytes:
    """One page scanned to PNG; the font shrinks (13 pt down to 9 pt) until the text fits."""
    for font_size in (13, 12, 11, 10, 9):
        pdf = text_pdf(text, font_size=font_size, running="", min_pages=1)
        if page_count(pdf) == 1:
            break
    else:
        raise ValueError("the text does not fit one page even at 9 pt")
    buffer = io.BytesIO()
    page_images(pdf, dpi=dpi)[0].save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


# ---- DOCX and HTML -----------------------------------------------------------------------------


def docx(text: str) -> bytes:
    import docx as python_docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = python_docx.Document()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(13)
    for number, page in enumerate(parse(text)):
        if number:
            document.add_page_break()
        for block in page:
            if isinstance(block, Columns):
                table = document.add_table(rows=len(block.rows), cols=2)
                for row, pair in zip(table.rows, block.rows, strict=True):
                    for cell, value in zip(row.cells, pair, strict=True):
                        cell.text = value
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                document.add_paragraph()
            elif block == BLANK:
                document.add_paragraph()  # typists space a document with empty paragraphs
            else:
                paragraph = document.add_paragraph(block)
                paragraph.alignment = (
                    WD_ALIGN_PARAGRAPH.CENTER if is_title(block) else WD_ALIGN_PARAGRAPH.JUSTIFY
                )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_MENU = ("Trang chủ", "Giới thiệu", "Tin tức - Sự kiện", "Xây dựng Đảng", "Văn bản", "Liên hệ")
_RELATED = (
    ("Hội nghị Ban Chấp hành Đảng bộ lần thứ 12 bàn nhiệm vụ 6 tháng cuối năm", "12/07/2022"),
    ("Trao 25 suất quà cho hộ nghèo dịp Tết Nguyên đán", "05/07/2022"),
    ("Ra quân làm 3,5 km đường giao thông nông thôn đợt 3", "28/06/2022"),
)


def html(text: str, *, site: str = "Cổng thông tin điện tử huyện") -> bytes:
    """A portal page: header with menu, breadcrumb, the text as <article>, related news, footer."""
    e = html_lib.escape
    article = []
    for page in parse(text):
        for block in page:
            if isinstance(block, Columns):
                rows = "".join(
                    f"<tr><td>{e(left)}</td><td>{e(right)}</td></tr>" for left, right in block.rows
                )
                article.append(f'<table class="header"><tbody>{rows}</tbody></table>')
            elif block != BLANK:
                article.append(f"<p>{e(block)}</p>")
    menu = "".join(f'<li><a href="/m{i}">{e(item)}</a></li>' for i, item in enumerate(_MENU))
    related = "".join(
        f'<li><a href="/tin/{i}">{e(title)}</a> <span class="date">({date})</span></li>'
        for i, (title, date) in enumerate(_RELATED)
    )
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{e(site)} - Chi tiết</title>
<link rel="stylesheet" href="/static/site.css"><script>var views = 2341;</script></head>
<body>
<header class="site-header"><div class="logo">{e(site.upper())}</div>
<nav class="menu"><ul>{menu}</ul></nav>
<form class="search"><input name="q" placeholder="Tìm kiếm"><button>Tìm</button></form></header>
<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/tin-tuc">Tin tức - Sự kiện</a></div>
<div class="container"><main class="content">
<article class="detail">
{chr(10).join(article)}
</article>
<div class="share">Chia sẻ: <a>Facebook</a> <a>Zalo</a> | <a>In bài viết</a></div>
<section class="related"><h3>Tin liên quan</h3><ul>{related}</ul></section>
</main>
<aside class="sidebar"><h3>Xem nhiều</h3><ul><li><a>Kết nạp 45 đảng viên trong công nhân</a></li>
<li><a>Hội nghị sơ kết 6 tháng đầu năm</a></li></ul>
<div class="counter">Đang truy cập: 37<br>Hôm nay: 512<br>Tổng lượt truy cập: 1.204.887</div></aside>
</div>
<footer><p>{e(site)}. Địa chỉ: số 1 đường Trần Hưng Đạo. Điện thoại: 0225.3873.123</p>
<p>Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p></footer>
</body></html>
"""
    return page.encode("utf-8")


# ---- encodings ---------------------------------------------------------------------------------


def utf16(text: str) -> bytes:
    return text.encode("utf-16")  # with a byte-order mark, as Notepad's "Unicode"


def tcvn3(text: str) -> bytes:
    from ingest.legacy import encode

    return encode(unicodedata.normalize("NFC", text), "tcvn3").encode("cp1252", errors="replace")


def vni(text: str) -> bytes:
    from ingest.legacy import encode

    return encode(unicodedata.normalize("NFC", text), "vni").encode("cp1252", errors="replace")


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: a letter it has precomposed as one byte, any other as the
    base letter (with its hat or horn) followed by a combining tone mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
        tones = "".join(c for c in parts if c in _TONE_MARKS)
        out += (base + tones).encode("cp1258", errors="replace")
    return bytes(out)


FORMATS = {
    "text.pdf": text_pdf,
    "scan.pdf": scanned_pdf,
    "scan.png": png_scan,
    "docx": docx,
    "html": html,
    "utf16.txt": utf16,
    "tcvn3.txt": tcvn3,
    "vni.txt": vni,
    "cp1258.txt": cp1258,
}
OCR_FORMATS = frozenset({"scan.pdf", "scan.png"})
