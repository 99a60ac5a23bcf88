"""Scans read as well as typed text: words kept in order, Vanban against plain tesseract.

First pages of a few `corpus/samples` (a Party resolution with a two-column header, a state
decision, a news page) are rendered as a text PDF (tests/formats/render.py), rasterised at
150, 200 and 300 dpi, given scanner noise and specks, and turned 0°, 1°, 1.5°, 3° and 5°
(alternately clockwise and anticlockwise); at 200 dpi the page is also scanned upside down.

"Words kept in order" is the longest common subsequence of the page's words (the text PDF's
text layer as `ingest` reads it) and the OCR'd words, over the page's words: a word read wrong,
lost, or moved out of its place counts as lost. Words are compared after NFC and one tone
placement, without the punctuation around them. Plain tesseract is `tesseract -l vie` on the
same image (pytesseract.image_to_string, its default page segmentation); Vanban is
`ingest.load_bytes` on the image as a PNG, with one OCR worker, its mark repair using a syllable
model built without the samples read here (held out). Seconds per page are wall time of each,
on a machine shared with other jobs.

    python -m bench scans            # every dpi and skew (a few minutes on 2 cores)
    VANBAN_BENCH_QUICK=1 python -m bench scans   # 200 dpi only
"""

from __future__ import annotations

import io
import os
import random
import time
from difflib import SequenceMatcher
from pathlib import Path
from statistics import mean
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ["002_nq_thanhhoa_2023", "005_qd_binhdinh_2024", "008_tin_haiphong_2022"]
DPIS = [150, 200, 300]
SKEWS = [0.0, 1.0, 1.5, 3.0, 5.0]
UPSIDE_DOWN_DPI = 200


def words(text: str) -> list[str]:
    from ingest.normalize import normalize_text

    out = []
    for token in normalize_text(text).split():
        word = token.strip(".,;:!?()[]{}\"'“”‘’«»-–—…|*•")
        if word:
            out.append(word)
    return out


def kept_in_order(source: list[str], read: list[str]) -> float:
    """Share of the source's words found in the read text in the same order (LCS / source)."""
    if not source:
        return 1.0
    matcher = SequenceMatcher(None, source, read, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(source)


def scan(page_pdf_image, *, skew: float, upside_down: bool, seed: int):
    """Noise, specks and a turn, as an office scanner adds them."""
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    image = page_pdf_image.convert("L")
    if skew:
        image = image.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    if upside_down:
        image = image.rotate(180)
    noise = Image.effect_noise(image.size, 24).filter(ImageFilter.GaussianBlur(0.6))
    image = Image.blend(image, noise, 0.06)
    pixels = image.load()
    for _ in range(image.width * image.height // 50000):
        x, y = rng.randrange(image.width - 2), rng.randrange(image.height - 2)
        for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1)):
            pixels[x + dx, y + dy] = rng.randrange(0, 90)
    return image


def _pages() -> list[tuple[str, bytes, list[str]]]:
    """(sample, one-page text PDF, the page's words) for the first page of each sample."""
    import pypdfium2 as pdfium

    from ingest import load_bytes
    from tests.formats import render

    pages = []
    for stem in SAMPLES:
        text = (ROOT / "corpus" / "samples" / f"{stem}.txt").read_text(encoding="utf-8")
        pdf = render.text_pdf(text, font_size=12, running="", min_pages=1)
        document = pdfium.PdfDocument(pdf)
        single = pdfium.PdfDocument.new()
        single.import_pages(document, [0])
        buffer = io.BytesIO()
        single.save(buffer)
        single.close()
        document.close()
        data = buffer.getvalue()
        pages.append((stem, data, words(load_bytes(data, f"{stem}.pdf").text)))
    return pages


def _raster(pdf: bytes, dpi: int):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return document[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def _held_out_repair_model() -> None:
    """OCR repair with a syllable model that has not seen the pages read here."""
    from ingest import repair

    held_out = repair.build(
        ROOT / "corpus" / "samples", sorted((ROOT / "extract" / "data").glob("*.json")), exclude=SAMPLES
    )
    repair.model = lambda: held_out


def run() -> dict[str, Any]:
    import pytesseract

    from ingest import Limits, load_bytes
    from ingest.ocr import LANGUAGE, require_tesseract

    require_tesseract("bench")
    _held_out_repair_model()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    quick = bool(os.environ.get("VANBAN_BENCH_QUICK"))
    cases = [(dpi, skew, False) for dpi in ([200] if quick else DPIS) for skew in SKEWS]
    cases.append((UPSIDE_DOWN_DPI, 0.0, True))
    pages = _pages()
    rows = []
    for dpi, skew, upside_down in cases:
        vanban, plain, vanban_s, plain_s = [], [], [], []
        for index, (stem, pdf, source) in enumerate(pages):
            turn = skew if index % 2 == 0 else -skew
            image = scan(_raster(pdf, dpi), skew=turn, upside_down=upside_down, seed=index)
            png = io.BytesIO()
            image.save(png, format="PNG", dpi=(dpi, dpi))
            started = time.perf_counter()
            document = load_bytes(png.getvalue(), f"{stem}.png", limits=Limits(ocr_workers=1))
            vanban_s.append(time.perf_counter() - started)
            vanban.append(kept_in_order(source, words(document.text)))
            started = time.perf_counter()
            text = pytesseract.image_to_string(image, lang=LANGUAGE)
            plain_s.append(time.perf_counter() - started)
            plain.append(kept_in_order(source, words(text)))
        rows.append(
            {
                "dpi": dpi,
                "skew": skew,
                "upside_down": upside_down,
                "vanban": mean(vanban),
                "tesseract": mean(plain),
                "vanban_worst": min(vanban),
                "vanban_s_per_page": mean(vanban_s),
                "tesseract_s_per_page": mean(plain_s),
            }
        )
    return {"samples": SAMPLES, "rows": rows}


def report(result: dict[str, Any]) -> str:
    lines = [
        f"Scans: words kept in order, first pages of {', '.join(result['samples'])}",
        "  dpi   skew        vanban (worst)   tesseract   s/page vanban  s/page tesseract",
    ]
    for row in result["rows"]:
        skew = "upside down" if row["upside_down"] else f"{row['skew']:g}°"
        lines.append(
            f"  {row['dpi']:>3}   {skew:<11} {row['vanban']:6.1%} ({row['vanban_worst']:6.1%})   "
            f"{row['tesseract']:6.1%}      {row['vanban_s_per_page']:5.2f}          {row['tesseract_s_per_page']:5.2f}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(run()))
