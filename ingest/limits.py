"""Limits on what one file may cost to read; the caller's settings decide them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 500
    ocr: bool = True
    ocr_timeout_s: float = 60
    ocr_workers: int = 2
    max_docx_uncompressed: int = 200 * 1024 * 1024
    # pixels of one page image to OCR: a PDF page at 300 dpi or an image after scaling, counted
    # from the page size before anything is rendered or decoded (A3 at 300 dpi is 17.4 million)
    max_page_pixels: int = 40_000_000
    # pdfium text runs (rectangles) on one PDF page; a dense page of text has a few hundred
    max_text_runs_per_page: int = 10_000
    # characters of text once read, before extraction
    max_chars: int = 3_000_000
