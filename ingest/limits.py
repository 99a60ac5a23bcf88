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
