"""Tesseract OCR (language "vie") for images and for PDF pages without a text layer.

Specks are removed first (`despeckle`); tesseract's words and their boxes then go through the
same layout reading as a PDF's text (`layout.lines_from_boxes`). Pages are recognised in
parallel (`Limits.ocr_workers`), each within `Limits.ocr_timeout_s`; at most one image per
worker is held in memory at a time.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from functools import cache
from statistics import median

from PIL import Image, ImageChops, ImageFilter, UnidentifiedImageError

from .clean import clean
from .errors import ImageTooLarge, OcrTimeout, TooLarge, TooManyPages, UnreadableFile
from .layout import UNREAD, Box, lines_from_boxes
from .limits import Limits
from .models import Document
from .syllables import score

LANGUAGE = "vie"
# Page segmentation 3 (automatic, no OSD) keeps the two header columns apart as blocks.
_CONFIG = "--psm 3"
# A word tesseract gives less confidence than this is noise ("O.", "—=——" beside a rule); one
# below _UNSURE is kept only when it reads as Vietnamese or holds a digit.
_GARBAGE = 20
# A word tesseract gives less than this confidence and at least this many characters is read
# again on its own, as one block of text (at most a few times a page).
_UNSURE = 50
_RUN_ON = 10
_MAX_REREADS = 5
_LINE_CONFIG = "--psm 6"
# Specks before a word ("_2." for "2."), and a Roman numeral misread with an L.
_NOISE_PREFIX = re.compile(r"^[_~`]+(?=\w)")
_ROMAN_MISREAD = re.compile(r"(I{0,3}|IV|VI{0,3})L(\.?)\s+")
# A speck: ink covering less than 20/255 (8 %) of the 9 × 9 pixels around it.
_SPECK_RADIUS = 4
_SPECK_INK = 20


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
    """Text of one page image. Raises OcrTimeout when tesseract takes longer than allowed.

    Tesseract's words with their boxes go through `layout.lines_from_boxes`, as a PDF's text
    runs do: the header's two columns are read apart and wrapped paragraphs joined again."""

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # parallelism comes from our workers
    image = despeckle(image)
    words = _words(image, _CONFIG, timeout_s)
    height = median([box.bottom - box.top for box, confidence in words if confidence >= _UNSURE] or [0])
    boxes: list[Box] = []
    rereads = 0
    for box, confidence in words:
        if confidence < _UNSURE and len(box.text) >= _RUN_ON and rereads < _MAX_REREADS:
            rereads += 1
            boxes.extend(_reread(image, box, timeout_s) or [box])
        elif _kept(box.text, confidence):
            boxes.append(replace(box, text=_NOISE_PREFIX.sub("", box.text)))
        else:  # noise holds the place of the word it hides (no column gap in the line), a line high
            boxes.append(replace(box, text=UNREAD, bottom=min(box.bottom, box.top + height)))
    return "\n".join(_roman_heading(line) for line in lines_from_boxes(boxes))


def _words(image: Image.Image, config: str, timeout_s: float) -> list[tuple[Box, float]]:
    """Tesseract's words with their boxes and confidence (0-100)."""
    import pytesseract

    try:
        data = pytesseract.image_to_data(
            image, lang=LANGUAGE, config=config, timeout=timeout_s, output_type=pytesseract.Output.DICT
        )
    except RuntimeError as error:
        if "timeout" in str(error).lower():
            raise OcrTimeout(f"OCR gave up after {timeout_s:g} s") from error
        raise UnreadableFile(f"tesseract failed: {error}") from error
    return [
        (Box(text, left, left + width, top, top + height), float(confidence))
        for text, left, top, width, height, confidence in zip(
            data["text"], data["left"], data["top"], data["width"], data["height"], data["conf"], strict=True
        )
        if text.strip()
    ]


def _roman_heading(line: str) -> str:
    """A section heading in capitals whose Roman numeral tesseract read with an "L" ("IL TÌNH
    HÌNH" for "I.", "IL. MỤC TIÊU" for "II."): an L never numbers a section, it is the dot or
    one more I."""
    match = _ROMAN_MISREAD.match(line)
    if not match or not all(c.isupper() for c in line[match.end() :] if c.isalpha()):
        return line
    numeral = match.group(1) + ("I." if match.group(2) else ".")
    return numeral + " " + line[match.end() :]


def _kept(text: str, confidence: float) -> bool:
    """Whether a word is text rather than noise: "“—" or "—ẽ.—ễễềễ" read off a dash rule."""
    if confidence >= _UNSURE:
        return True
    return confidence >= _GARBAGE and (any(c.isdigit() for c in text) or score(text) > 0)


def _reread(image: Image.Image, word: Box, timeout_s: float) -> list[Box]:
    """A run-on word tesseract was unsure of, read again alone. A rule beside a header line
    ("ĐẢNG CỘNG SẢN VIỆT NAM" underlined with dashes) makes it read "HUYỆNỦYTHỌXUÂN"."""
    margin = (word.bottom - word.top) / 2
    left, top = max(0, round(word.x0 - margin)), max(0, round(word.top - margin))
    crop = image.crop((left, top, round(word.x1 + margin), round(word.bottom + margin)))
    return [
        Box(box.text, box.x0 + left, box.x1 + left, box.top + top, box.bottom + top)
        for box, confidence in _words(crop, _LINE_CONFIG, timeout_s)
        if _kept(box.text, confidence)
    ]


def despeckle(image: Image.Image) -> Image.Image:
    """The page without the specks a scanner leaves (dust, toner): dark pixels with almost no
    ink around them (under `_SPECK_INK` in a window of 2·`_SPECK_RADIUS`+1 pixels) turn white.
    Tesseract reads such specks as dots, accents and stray letters. A letter's accent or dot
    sits next to the letter, so the window around it holds ink and it stays."""
    image = image.convert("L")
    ink = image.point(lambda v: 255 if v < 128 else 0)
    density = ink.filter(ImageFilter.BoxBlur(_SPECK_RADIUS))
    lonely = ImageChops.multiply(ink, density.point(lambda v: 255 if v < _SPECK_INK else 0))
    return Image.composite(Image.new("L", image.size, 255), image, lonely)


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
        count = getattr(image, "n_frames", 1)
        # frames and their sizes come from the headers: both limits are checked before decoding
        if count > limits.max_pages:
            raise TooManyPages(f"{name}: {count} pages, over the limit of {limits.max_pages}")
        for index in range(count):
            image.seek(index)
            _check_size(image.size, index + 1, name, limits)
    except Image.DecompressionBombError as error:
        raise TooLarge(f"{name}: the image is too large to read ({error})") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise UnreadableFile(f"{name}: the image cannot be decoded ({type(error).__name__})") from error
    texts, warnings = recognise_pages(
        ((number, lambda number=number: _prepare(_frame(image, number - 1))) for number in range(1, count + 1)),
        limits,
        name,
    )
    # furniture too: a screenshot or a scan of a news page keeps its menus and counters
    page_texts = [clean(texts[number], furniture=True) for number in range(1, count + 1)]
    if not any(page_texts):
        if warnings:
            raise OcrTimeout(f"{name}: {warnings[0]}")
        raise UnreadableFile(f"{name}: OCR found no text in the image")
    return Document(
        text="\n\n".join(text for text in page_texts if text),
        pages=count,
        ocr_pages=count,
        page_texts=page_texts,
        warnings=warnings,
    )


def _frame(image: Image.Image, index: int) -> Image.Image:
    """One frame, decoded when its page's turn comes (one at a time, not every frame first)."""
    image.seek(index)
    return image.copy()


def _prepared_size(width: int, height: int) -> tuple[int, int]:
    """The size `_prepare` gives an image of this size."""
    if 0 < width < _MIN_WIDTH:
        scale = _MIN_WIDTH / width
        return round(width * scale), round(height * scale)
    return width, height


def _check_size(size: tuple[int, int], number: int, name: str, limits: Limits) -> None:
    width, height = _prepared_size(*size)
    if width * height > limits.max_page_pixels:
        raise ImageTooLarge(
            f"{name}: page {number} is {size[0]:,} × {size[1]:,} pixels, {width * height / 1e6:,.0f} million once "
            f"scaled for OCR, over the limit of {limits.max_page_pixels / 1e6:,.0f} million"
        )


_MIN_WIDTH = 1200


def _prepare(image: Image.Image) -> Image.Image:
    """Grayscale, and at least ~200 dpi worth of pixels for a small scan."""
    image = image.convert("L")
    if image.width < 1200:
        scale = 1200 / image.width
        image = image.resize(
            (round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS
        )
    return image
