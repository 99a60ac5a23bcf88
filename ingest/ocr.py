"""Tesseract OCR (language "vie") for images and for PDF pages without a text layer.

Pages are recognised in parallel (`Limits.ocr_workers`), each within `Limits.ocr_timeout_s`;
at most one image per worker is held in memory at a time.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache

from PIL import Image, ImageSequence, UnidentifiedImageError

from .clean import clean
from .errors import OcrTimeout, TooLarge, TooManyPages, UnreadableFile
from .limits import Limits
from .models import Document

LANGUAGE = "vie"
# Page segmentation 3 (automatic, no OSD) keeps the two header columns apart as blocks.
_CONFIG = "--psm 3"


@cache
def _tesseract() -> str | None:
    """None when tesseract with Vietnamese data is usable, else what is missing."""
    import pytesseract

    try:
        languages = pytesseract.get_languages(config="")
    except pytesseract.TesseractNotFoundError:
        return "the tesseract program is not installed (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-vie)"
    except (OSError, RuntimeError) as error:
        return f"tesseract does not run ({error})"
    if LANGUAGE not in languages:
        return "tesseract has no Vietnamese language data (Debian/Ubuntu: apt-get install tesseract-ocr-vie)"
    return None


def require_tesseract(name: str) -> None:
    problem = _tesseract()
    if problem:
        raise UnreadableFile(f"{name}: OCR is needed but {problem}")


def recognise(image: Image.Image, timeout_s: float) -> str:
    """Text of one page image. Raises OcrTimeout when tesseract takes longer than allowed."""
    import pytesseract

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # parallelism comes from our workers
    try:
        return pytesseract.image_to_string(image, lang=LANGUAGE, config=_CONFIG, timeout=timeout_s)
    except RuntimeError as error:
        if "timeout" in str(error).lower():
            raise OcrTimeout(f"OCR gave up after {timeout_s:g} s") from error
        raise UnreadableFile(f"tesseract failed: {error}") from error


def recognise_pages(
    pages: Iterable[tuple[int, Callable[[], Image.Image]]], limits: Limits, name: str
) -> tuple[dict[int, str], list[str]]:
    """OCR of (page number, image maker) pairs; returns text per page and warnings.

    An image is made only when a worker is free for it, so memory stays bounded."""
    require_tesseract(name)
    texts: dict[int, str] = {}
    warnings: list[str] = []
    workers = max(1, limits.ocr_workers)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="vanban-ocr") as pool:
        running: dict[int, Future[str]] = {}
        for number, make_image in pages:
            if len(running) >= workers:
                _collect(running, next(iter(running)), texts, warnings, name)
            running[number] = pool.submit(recognise, make_image(), limits.ocr_timeout_s)
        for number in list(running):
            _collect(running, number, texts, warnings, name)
    return texts, warnings


def _collect(
    running: dict[int, Future[str]], number: int, texts: dict[int, str], warnings: list[str], name: str
) -> None:
    future = running.pop(number)
    try:
        texts[number] = future.result()
    except OcrTimeout as error:
        warnings.append(f"{name}: page {number}: {error.message}")
        texts[number] = ""


def read(data: bytes, name: str, limits: Limits) -> Document:
    """A PNG, JPEG or TIFF image (every frame of a multi-page TIFF is a page)."""
    if not limits.ocr:
        raise UnreadableFile(f"{name}: an image needs OCR, which is turned off")
    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except Image.DecompressionBombError as error:
        raise TooLarge(f"{name}: the image is too large to read ({error})") from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise UnreadableFile(f"{name}: the image cannot be decoded ({error})") from error
    if len(frames) > limits.max_pages:
        raise TooManyPages(f"{name}: {len(frames)} pages, over the limit of {limits.max_pages}")
    texts, warnings = recognise_pages(
        ((number, lambda frame=frame: _prepare(frame)) for number, frame in enumerate(frames, 1)),
        limits,
        name,
    )
    page_texts = [clean(texts[number]) for number in range(1, len(frames) + 1)]
    if not any(page_texts):
        if warnings:
            raise OcrTimeout(f"{name}: {warnings[0]}")
        raise UnreadableFile(f"{name}: OCR found no text in the image")
    return Document(
        text="\n\n".join(text for text in page_texts if text),
        pages=len(frames),
        ocr_pages=len(frames),
        page_texts=page_texts,
        warnings=warnings,
    )


def _prepare(image: Image.Image) -> Image.Image:
    """Grayscale, and at least ~200 dpi worth of pixels for a small scan."""
    image = image.convert("L")
    if image.width < 1200:
        scale = 1200 / image.width
        image = image.resize(
            (round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS
        )
    return image
