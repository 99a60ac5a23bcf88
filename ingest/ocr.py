"""Tesseract OCR (language "vie") for images and for PDF pages without a text layer.

Specks are removed first (`despeckle`), the page is set level (`deskew`) and, when it reads
poorly, turned upright with tesseract's orientation detection; tesseract's words and their boxes
then go through the same layout reading as a PDF's text (`layout.lines_from_boxes`), and the
marks OCR confuses are repaired (`repair.repair_text`). Pages are recognised in
parallel (`Limits.ocr_workers`), each within `Limits.ocr_timeout_s`; at most one image per
worker is held in memory at a time.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
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
from .repair import repair_text, split_run_on
from .syllables import is_syllable, score

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
# A word of letters this long that is no syllable may be syllables run together.
_RUN_TOGETHER = 6
_MAX_REREADS = 5
_LINE_CONFIG = "--psm 7"
# A line read again is cut out with this many line heights above and below it.
_REREAD_MARGIN = 0.25
# Ink parted by this many line heights of white is in two columns.
_COLUMN_WHITE = 2.0
# Specks before a word ("_2." for "2."), and a Roman numeral misread with an L.
_NOISE_PREFIX = re.compile(r"^[_~`]+(?=\w)")
_ROMAN_MISREAD = re.compile(r"(I{0,3}|IV|VI{0,3})L(\.?)\s+")
# A speck: ink covering less than 20/255 (8 %) of the 9 × 9 pixels around it.
_SPECK_RADIUS = 4
_SPECK_INK = 20
# Skew is measured on the page shrunk to this width, within ±_MAX_SKEW degrees; a page within
# _LEVEL degrees of level is left as it is.
_SKEW_WIDTH = 600
_MAX_SKEW = 8.0
_LEVEL = 0.1
# A page reads poorly when fewer than this share of its words are sure, or its sure words score
# below this share as Vietnamese syllables; OSD must be this confident to turn it.
_POOR_SHARE = 0.5
_OSD_SURE = 2.0


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
    image = deskew(despeckle(image))
    words = _words(image, _CONFIG, timeout_s)
    if _reads_poorly(words):  # upside down or turned a quarter: tesseract's OSD says which
        turned = _upright(image, timeout_s)
        if turned is not None:
            image = deskew(turned)
            words = _words(image, _CONFIG, timeout_s)
    height = median([box.bottom - box.top for box, confidence, _ in words if confidence >= _UNSURE] or [0])
    # a line holding a run-on word tesseract was unsure of is read again, piece by piece
    unsure = [line for box, confidence, line in words if len(box.text) >= _RUN_ON and _run_on(box.text, confidence)]
    rereads: dict[tuple[int, int, int], list[Box] | None] = {}
    for line in dict.fromkeys(unsure):
        if len(rereads) < _MAX_REREADS:
            rereads[line] = _reread(image, [box for box, _, key in words if key == line], height, timeout_s)
    boxes: list[Box] = []
    for box, confidence, line in words:
        if rereads.get(line) is not None:
            boxes.extend(rereads[line] or [])  # the line's new words, in place of its first word
            rereads[line] = []
        elif _kept(box.text, confidence):
            boxes.append(replace(box, text=_apart(_NOISE_PREFIX.sub("", box.text))))
        else:  # noise holds the place of the word it hides (no column gap in the line), a line high
            boxes.append(replace(box, text=UNREAD, bottom=min(box.bottom, box.top + height)))
    return repair_text("\n".join(_roman_heading(line) for line in lines_from_boxes(boxes, words=True)))


def _words(image: Image.Image, config: str, timeout_s: float) -> list[tuple[Box, float, tuple[int, int, int]]]:
    """Tesseract's words with their boxes, confidence (0-100) and line (block, paragraph, line)."""
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
        (Box(text, left, left + width, top, top + height), float(confidence), (block, paragraph, line))
        for text, left, top, width, height, confidence, block, paragraph, line in zip(
            data["text"],
            data["left"],
            data["top"],
            data["width"],
            data["height"],
            data["conf"],
            data["block_num"],
            data["par_num"],
            data["line_num"],
            strict=True,
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


def _apart(text: str) -> str:
    """A word of Vietnamese syllables run together ("HUYỆNỦYTHỌ", "đoànviên") split into them
    (`repair.split_run_on`); a foreign or ASCII word ("Facebook") is left whole."""
    text = unicodedata.normalize("NFC", text)  # tesseract may give combining marks
    if len(text) < _RUN_TOGETHER or text.isascii() or not text.isalpha() or is_syllable(text):
        return text
    return split_run_on(text) or text


def _run_on(text: str, confidence: float) -> bool:
    """A long word tesseract was unsure of, or one of letters only that is no syllable (no
    Vietnamese syllable has ten letters): words run together ("HUYẤNỦYTHQXUÂN")."""
    return confidence < _UNSURE or (text.isalpha() and not is_syllable(text))


def _reread(image: Image.Image, line: list[Box], height: float, timeout_s: float) -> list[Box] | None:
    """A line holding a run-on word tesseract was unsure of, read again piece by piece: a rule
    beside a header line ("ĐẢNG CỘNG SẢN VIỆT NAM" underlined with dashes) makes tesseract read
    "HUYỆNỦYTHỌXUÂN" or "EIIUMINSUY…" across both columns. The line is cut where a column's
    worth of white (`_COLUMN_WHITE` line heights) parts its ink, and each piece read alone.
    None when the pieces give nothing (the words stay as first read)."""
    import numpy as np

    margin, above = max(2.0, height / 2), max(2.0, height * _REREAD_MARGIN)  # little of the lines around
    left = max(0, round(min(b.x0 for b in line) - margin))
    top = max(0, round(min(b.top for b in line) - above))
    right = min(image.width, round(max(b.x1 for b in line) + margin))
    bottom = min(image.height, round(max(b.bottom for b in line) + above))
    crop = image.crop((left, top, right, bottom))
    inked = (np.asarray(crop.convert("L")) < 128).any(axis=0)
    pieces: list[tuple[int, int]] = []
    gap = max(height * _COLUMN_WHITE, 1.0)
    for x in np.flatnonzero(inked).tolist():
        if pieces and x - pieces[-1][1] <= gap:
            pieces[-1] = (pieces[-1][0], x)
        else:
            pieces.append((x, x))
    found: list[Box] = []
    for start, end in pieces:
        x0 = max(0, round(start - margin))
        piece = crop.crop((x0, 0, min(crop.width, round(end + margin + 1)), crop.height))
        words = _words(piece, _LINE_CONFIG, timeout_s)
        if not words or median(confidence for _, confidence, _ in words) < _UNSURE:
            continue  # a rule read alone is unsure noise ("Lư", "NV" for a row of dashes)
        found += [
            Box(_apart(box.text), box.x0 + x0 + left, box.x1 + x0 + left, box.top + top, box.bottom + top)
            for box, confidence, _ in words
            if _kept(box.text, confidence) and any(c.isalnum() for c in box.text)
        ]
    return found or None


def skew_angle(image: Image.Image) -> float:
    """The angle (degrees, anticlockwise) that sets the lines of a page level.

    The page shrunk to `_SKEW_WIDTH` pixels is turned through ±`_MAX_SKEW`° and the angle kept
    where the rows' ink changes most sharply from row to row (text lines level with the rows:
    dark rows of letters, white rows between them), in steps of 0.5° and then 0.05°."""
    import numpy as np

    if image.width < _SKEW_WIDTH // 2:
        return 0.0
    scale = _SKEW_WIDTH / image.width
    small = image.convert("L").resize((_SKEW_WIDTH, max(1, round(image.height * scale))), Image.Resampling.BILINEAR)
    ink = small.point(lambda v: 255 if v < 155 else 0)

    def sharpness(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0), dtype=np.float32)
        return float(np.square(np.diff(rows.sum(axis=1))).sum())

    coarse = max(np.arange(-_MAX_SKEW, _MAX_SKEW + 1e-9, 0.5), key=sharpness)
    return round(float(max(np.arange(coarse - 0.5, coarse + 0.5 + 1e-9, 0.05), key=sharpness)), 2)


def deskew(image: Image.Image) -> Image.Image:
    """The page turned so that its lines run level (`skew_angle`); white fills the corners."""
    angle = skew_angle(image)
    if abs(angle) < _LEVEL:
        return image
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


def _reads_poorly(words: list[tuple[Box, float, tuple[int, int, int]]]) -> bool:
    """Too few words tesseract is sure of, sure words that read as no Vietnamese, or words
    standing taller than wide: what a page upside down or on its side gives (tesseract reads a
    page turned a quarter as vertical lines, whose boxes no layout can order)."""
    sure = [box.text for box, confidence, _ in words if confidence >= _UNSURE]
    if len(sure) < _POOR_SHARE * max(len(words), 1):
        return True
    long = [box for box, _, _ in words if len(box.text) >= 3]
    if sum(box.bottom - box.top > box.x1 - box.x0 for box in long) > _POOR_SHARE * len(long):
        return True
    return score(" ".join(sure)) < _POOR_SHARE * len(sure)


def _upright(image: Image.Image, timeout_s: float) -> Image.Image | None:
    """The page turned upright when tesseract's orientation detection (OSD) is sure it is
    upside down or on its side; None when it is upright or OSD cannot tell."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(image, config="--psm 0", timeout=timeout_s, output_type=pytesseract.Output.DICT)
    except RuntimeError as error:
        if "timeout" in str(error).lower():
            raise OcrTimeout(f"OCR gave up after {timeout_s:g} s") from error
        return None  # too few characters, or no OSD data: read the page as it is
    except pytesseract.TesseractError:
        return None
    rotate = int(osd.get("rotate", 0)) % 360
    if rotate == 0 or float(osd.get("orientation_conf", 0)) < _OSD_SURE:
        return None
    return image.rotate(-rotate, expand=True, fillcolor=255)


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
) -> tuple[dict[int, str], list[str], list[str]]:
    """OCR of (page number, image maker) pairs; returns text per page, warnings for the log and
    the pages missing from the text, for staff (a page that timed out or tesseract could not
    read is left empty).

    An image is made only when a worker is free for it, so memory stays bounded."""
    require_tesseract(name)
    texts: dict[int, str] = {}
    warnings: list[str] = []
    missing: list[str] = []
    workers = max(1, limits.ocr_workers)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="vanban-ocr") as pool:
        running: dict[int, Future[str]] = {}
        for number, make_image in pages:
            if len(running) >= workers:
                _collect(running, next(iter(running)), texts, (warnings, missing), name)
            running[number] = pool.submit(recognise, make_image(), limits.ocr_timeout_s)
        for number in list(running):
            _collect(running, number, texts, (warnings, missing), name)
    return texts, warnings, missing


def _collect(
    running: dict[int, Future[str]],
    number: int,
    texts: dict[int, str],
    notes: tuple[list[str], list[str]],
    name: str,
) -> None:
    future = running.pop(number)
    warnings, missing = notes
    try:
        texts[number] = future.result()
    except OcrTimeout as error:
        warnings.append(f"{name}: page {number}: {error.message}")
        missing.append(f"Trang {number}: nhận dạng chữ (OCR) quá thời gian cho phép, nội dung trang bị thiếu")
        texts[number] = ""
    except UnreadableFile as error:
        warnings.append(f"{name}: page {number}: {error.message}")
        missing.append(f"Trang {number}: không nhận dạng được chữ, nội dung trang bị thiếu")
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
    texts, warnings, missing = recognise_pages(
        ((number, lambda number=number: _prepare(_frame(image, number - 1))) for number in range(1, count + 1)),
        limits,
        name,
    )
    # furniture too: a screenshot or a scan of a news page keeps its menus and counters
    page_texts = [clean(texts[number], furniture=True) for number in range(1, count + 1)]
    if not any(page_texts):
        if warnings:
            error = OcrTimeout if "gave up" in warnings[0] else UnreadableFile
            raise error(f"{name}: {warnings[0]}")
        raise UnreadableFile(f"{name}: OCR found no text in the image")
    return Document(
        text="\n\n".join(text for text in page_texts if text),
        pages=count,
        ocr_pages=count,
        page_texts=page_texts,
        warnings=warnings,
        missing=missing,
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
