"""Reading limits checked before the costly step, each a named error; no library exception leaves ingest."""

from __future__ import annotations

import time

import pytest

from ingest import Limits, load_bytes
from ingest.errors import (
    ImageTooLarge,
    PageTooLarge,
    TextTooLong,
    TooManyPages,
    TooManyTextRuns,
    UnreadableFile,
    VanbanError,
)
from tests import hostile_files as H


def test_a_huge_page_to_ocr_is_refused_before_rendering():
    t0 = time.monotonic()
    with pytest.raises(PageTooLarge, match="wide_scan.pdf: page 1 .* over the limit of 40 million"):
        load_bytes(H.wide_scan_pdf(), "wide_scan.pdf")
    assert time.monotonic() - t0 < 2


def test_a_blank_page_is_not_rendered_whatever_its_size():
    with pytest.raises(UnreadableFile, match="no text layer"):
        load_bytes(H.wide_blank_pdf(), "wide_blank.pdf")


def test_the_page_pixel_limit_is_a_setting():
    small = H.pdf_from_pages([(595, 842, b"0 0 m 500 500 l S")])  # A4 at 300 dpi: 8.7 million pixels
    with pytest.raises(PageTooLarge):
        load_bytes(small, "a4.pdf", limits=Limits(max_page_pixels=5_000_000))


def test_too_many_text_runs_on_a_page():
    with pytest.raises(TooManyTextRuns, match="60,000 text runs"):
        load_bytes(H.many_runs_pdf(), "runs.pdf")


def test_an_image_too_large_once_scaled_is_refused_before_decoding():
    with pytest.raises(ImageTooLarge, match="4 × 60,000 pixels"):
        load_bytes(H.tall_png(), "tall.png")


def test_frames_are_counted_before_decoding():
    with pytest.raises(TooManyPages, match="2000 pages"):
        load_bytes(H.many_frames_tiff(), "frames.tiff")


def test_characters_after_reading():
    with pytest.raises(TextTooLong, match="over the limit of 1,000"):
        load_bytes(("Nghị quyết về phát triển đảng viên. " * 100).encode(), "a.txt", limits=Limits(max_chars=1_000))


def test_a_docx_that_unpacks_to_millions_of_characters_stops_early():
    t0 = time.monotonic()
    with pytest.raises(TextTooLong, match="bomb.docx"):
        load_bytes(H.docx_bomb(), "bomb.docx")
    assert time.monotonic() - t0 < 10


def test_a_charset_that_is_no_text_encoding_is_read_anyway():
    doc = load_bytes(H.bad_charset_html(), "page.html")
    assert "phát triển đảng viên" in doc.text


def test_a_library_exception_becomes_a_named_error_without_its_text(monkeypatch):
    import ingest.text

    def broken(data, name, limits):
        raise NotImplementedError("zip version 99 internal detail")

    monkeypatch.setattr(ingest.text, "read", broken)
    with pytest.raises(VanbanError) as caught:
        load_bytes(b"Nghi quyet so 1", "a.txt")
    assert isinstance(caught.value, UnreadableFile)
    assert "a.txt" in caught.value.message and "internal detail" not in caught.value.message
