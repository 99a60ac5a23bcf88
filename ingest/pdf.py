"""PDF: the text layer, page by page, without running headers, footers and page numbers.

Two extractors, chosen per page. pypdfium2 is the fast path: its text runs with their boxes
feed `layout.lines_from_boxes`, which keeps side-by-side columns (an official header or
signature block) apart and joins the lines of a paragraph that the page width wrapped. A page
that draws many vector paths probably holds a ruled table: there pdfplumber's words and table
finder feed the same `lines_from_boxes` and `tables.table_lines`. Pages without a text layer
go to OCR (`ocr.py`).
"""

from __future__ import annotations

import io
import itertools
import math
import re
from collections import Counter

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from . import legacy
from .clean import tidy
from .errors import PageTooLarge, TooManyPages, TooManyTextRuns, UnreadableFile
from .furniture import strip_furniture
from .layout import Box, lines_from_boxes, runs_on
from .limits import Limits
from .models import Document
from .normalize import join_hyphenated, normalize_text
from .ocr import recognise_pages
from .tables import table_lines

# Fewer visible characters than this and the page has no text layer.
_MIN_TEXT_CHARS = 8
# A page mostly covered by an image, with no more text than a stamp or a page number, is a scan.
_SCAN_TEXT_CHARS = 200
_SCAN_IMAGE_SHARE = 0.5
# A page with this many vector paths probably draws a ruled table.
_TABLE_PATHS = 12
_OCR_DPI = 300
# Running headers and footers are looked for among this many lines at each end of a page,
# and must repeat (digits aside) on at least this share of the pages.
_EDGE_LINES = 2
_REPEAT_SHARE = 0.5
_PAGE_NUMBER = re.compile(
    r"(?:(?:trang|page)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|trên|of|của)\s*\d{1,4})?", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+")
_IGNORED_TITLES = {"untitled", "microsoft word", ""}
_PAGE_MARK = "\f"


def read(data: bytes, name: str, limits: Limits) -> Document:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        reason = "it is password-protected" if "password" in str(error).lower() else str(error)
        raise UnreadableFile(f"{name}: the PDF cannot be opened ({reason})") from error
    try:
        count = len(pdf)
        if count > limits.max_pages:
            raise TooManyPages(f"{name}: {count} pages, over the limit of {limits.max_pages}")
        raw_pages, (warnings, missing), ocr_pages = _extract(pdf, data, name, limits)
        title = (pdf.get_metadata_dict().get("Title") or "").strip()
    finally:
        pdf.close()

    # a legacy-font text layer is converted before normalization, which drops U+00AD (TCVN3 "ư")
    repaired, scheme = legacy.repair("\n".join(line for page in raw_pages for line in page))
    if scheme:
        lines = iter(repaired.split("\n"))
        raw_pages = [[next(lines) for _ in page] for page in raw_pages]
        warnings.append(f"{name}: text converted from {scheme}")
    pages = [[normalize_text(line).strip() for line in page] for page in raw_pages]
    pages = strip_running_lines(pages)
    page_texts = _page_texts(pages)
    if page_texts:  # a header in a TCVN3 capitals font reads in lower case
        page_texts[0] = legacy.restore_header_capitals(page_texts[0])
    text = _join_pages(page_texts, [runs_on(above, below) for above, below in itertools.pairwise(pages)])
    if not text:
        reason = "and OCR is turned off" if not limits.ocr else "and OCR found nothing"
        raise UnreadableFile(f"{name}: the PDF has no text layer {reason}")
    return Document(
        text=text,
        pages=count,
        ocr_pages=ocr_pages,
        page_texts=page_texts,
        warnings=warnings,
        missing=missing,
        source_title=None if title.lower() in _IGNORED_TITLES else title,
    )


def _page_texts(pages: list[list[str]]) -> list[str]:
    """Clean text per page. Site furniture (a news page printed to PDF keeps its menus, counters
    and related news) is looked for over the whole document, so that the boxes after the
    article go wherever the page breaks fall."""
    marked = strip_furniture(f"\n{_PAGE_MARK}\n".join("\n".join(lines) for lines in pages))
    parts = marked.split(_PAGE_MARK)
    parts += [""] * (len(pages) - len(parts))  # pages after a cut are left empty
    return [tidy(join_hyphenated(part)) for part in parts]


def _join_pages(page_texts: list[str], runs_on_next: list[bool]) -> str:
    """The pages' texts a blank line apart, or a space apart where a paragraph runs on to the
    next page (so that its sentence stays one)."""
    text, previous = "", None
    for index, page in enumerate(page_texts):
        if not page:
            continue
        if text:
            text += " " if previous == index - 1 and runs_on_next[previous] else "\n\n"
        text += page
        previous = index
    return text


def _extract(
    pdf: pdfium.PdfDocument, data: bytes, name: str, limits: Limits
) -> tuple[list[list[str]], tuple[list[str], list[str]], int]:
    """Lines of every page (OCR'd where needed), warnings for the log and pages missing from the
    text (for staff), and how many pages were OCR'd."""
    pages: list[list[str]] = []
    layout_pages: list[int] = []
    scanned: list[int] = []
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        _check_runs(textpage, index, name, limits)
        boxes = _pdfium_boxes(textpage, page.get_height())
        visible = len("".join("".join(box.text for box in boxes).split()))
        if visible < _MIN_TEXT_CHARS or (
            visible < _SCAN_TEXT_CHARS and _image_share(page) > _SCAN_IMAGE_SHARE
        ):
            if not visible and not any(True for _ in page.get_objects(max_depth=1)):
                pages.append([])  # a blank page: nothing to render or recognise
            else:
                if limits.ocr:
                    _check_pixels(page, index, name, limits)
                scanned.append(index)
                pages.append([])
        elif _path_count(page) >= _TABLE_PATHS:
            layout_pages.append(index)
            pages.append([])
        else:
            pages.append(lines_from_boxes(boxes))
        textpage.close()
        page.close()

    if layout_pages:
        with pdfplumber.open(io.BytesIO(data)) as plumber:
            for index in layout_pages:
                pages[index] = plumber_lines(plumber.pages[index])

    warnings: list[str] = []
    missing: list[str] = []
    if scanned and limits.ocr:
        texts, warnings, missing = recognise_pages(
            ((index + 1, lambda index=index: _render(pdf, index)) for index in scanned), limits, name
        )
        for index in scanned:
            pages[index] = texts[index + 1].splitlines()
    elif scanned:
        warnings.append(f"{name}: {len(scanned)} page(s) without a text layer were skipped (OCR is off)")
        numbers = ", ".join(str(index + 1) for index in scanned)
        missing.append(f"Trang {numbers}: trang ảnh quét không có lớp chữ, bị bỏ qua vì nhận dạng chữ (OCR) đang tắt")
    return pages, (warnings, missing), len(scanned) if limits.ocr else 0


def _check_runs(textpage: pdfium.PdfTextPage, index: int, name: str, limits: Limits) -> None:
    runs = textpage.count_rects()
    if runs > limits.max_text_runs_per_page:
        raise TooManyTextRuns(
            f"{name}: page {index + 1} has {runs:,} text runs, over the limit of {limits.max_text_runs_per_page:,}"
        )


def _check_pixels(page: pdfium.PdfPage, index: int, name: str, limits: Limits) -> None:
    """A page to OCR is rendered at _OCR_DPI: its size in points says how many pixels that makes."""
    width, height = page.get_width() * _OCR_DPI / 72, page.get_height() * _OCR_DPI / 72
    if width * height > limits.max_page_pixels:
        raise PageTooLarge(
            f"{name}: page {index + 1} measures {page.get_width():,.0f} × {page.get_height():,.0f} pt, "
            f"{width * height / 1e6:,.0f} million pixels at {_OCR_DPI} dpi, over the limit of "
            f"{limits.max_page_pixels / 1e6:,.0f} million"
        )


def _pdfium_boxes(textpage: pdfium.PdfTextPage, page_height: float) -> list[Box]:
    """pdfium's text runs, one box per run of a line (a column or a change of font splits it)."""
    boxes = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top)
        # pdfium marks a hyphen that breaks a word at the end of a line as U+0002 or U+FFFE
        text = text.replace("\ufffe", "-").replace("\x02", "-").replace("\r", "").replace("\n", " ")
        boxes.append(Box(text, left, right, page_height - top, page_height - bottom))
    return boxes


def _image_share(page: pdfium.PdfPage) -> float:
    """The largest share of the page that one image covers."""
    area = page.get_width() * page.get_height() or 1.0
    largest = 0.0
    for image in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        bounds = getattr(image, "get_bounds", None) or image.get_pos  # pypdfium2 5 / 4
        left, bottom, right, top = bounds()
        largest = max(largest, (right - left) * (top - bottom) / area)
    return largest


def _path_count(page: pdfium.PdfPage) -> int:
    return sum(1 for _ in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_PATH], max_depth=2))


def _render(pdf: pdfium.PdfDocument, index: int):
    page = pdf[index]
    try:
        return page.render(scale=_OCR_DPI / 72, grayscale=True).to_pil()
    finally:
        page.close()


def plumber_lines(page: pdfplumber.page.Page) -> list[str]:
    """Lines of a page where layout matters: ruled tables as tables, columns kept apart."""
    tables = page.find_tables()
    regions = [table.bbox for table in tables]
    words = [
        word
        for word in page.extract_words(keep_blank_chars=False, use_text_flow=False)
        if not any(_inside(word, bbox) for bbox in regions)
    ]
    boxes = [Box(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in words]
    # each table is placed as a block at its own height
    blocks: list[tuple[float, list[str]]] = [(table.bbox[1], _table_lines(table)) for table in tables]
    lines: list[str] = []
    pending = sorted(blocks, key=lambda block: block[0])
    flow = sorted(boxes, key=lambda b: b.top)
    for top, table_text in pending:
        before = [b for b in flow if b.top < top]
        flow = [b for b in flow if b.top >= top]
        lines.extend(lines_from_boxes(before))
        lines.extend(table_text)
    lines.extend(lines_from_boxes(flow))
    return lines


def _inside(word: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    middle_x, middle_y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return x0 <= middle_x <= x1 and top <= middle_y <= bottom


def _table_lines(table) -> list[str]:
    rows = [[(cell or "").split("\n") for cell in row] for row in table.extract()]
    return table_lines(rows)


def strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers ("Trang 2/5", "- 3 -") and lines repeated at the top or bottom of most
    pages (digits aside), looking only at the first and last few lines of each page."""

    def edges(lines: list[str]) -> list[int]:
        filled = [i for i, line in enumerate(lines) if line]
        return sorted(set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:]))

    key = lambda line: _DIGITS.sub("#", line.casefold())  # noqa: E731
    seen = Counter()
    for lines in pages:
        seen.update({key(lines[i]) for i in edges(lines)})
    needed = max(2, math.ceil(len(pages) * _REPEAT_SHARE))
    running = {k for k, n in seen.items() if n >= needed}

    cleaned = []
    for lines in pages:
        drop = {i for i in edges(lines) if key(lines[i]) in running or _PAGE_NUMBER.fullmatch(lines[i])}
        # with a running line goes the empty line that set it apart from the body
        for i in list(drop):
            j = i + 1 if i < len(lines) / 2 else i - 1
            if 0 <= j < len(lines) and lines[j] == "":
                drop.add(j)
        cleaned.append([line for i, line in enumerate(lines) if i not in drop])
    return cleaned
