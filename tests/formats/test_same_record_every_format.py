"""One document, every format staff have it in, one record.

A few samples of corpus/samples (Party documents with a two-column header and signature
block, state ones, news pages with their site furniture) are rendered by
tests/formats/render.py as a text PDF, a scanned PDF, a PNG scan, DOCX, an HTML page and
UTF-16, TCVN3, VNI and Windows-1258 text. `extract_document(load_bytes(file))` must give the
record that the plain text gives: the same kind, number, date, issuer and signer, and the same
targets and figures (value, value_max and the class of the unit, as multisets). OCR cannot
promise every digit, so a scan must instead score within 0.02 macro F1 of the plain text
against the sample's gold record. Rendered files and the plain-text records are built once
per session; OCR covers three pages in all.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from extract import extract_document
from extract.evaluate import evaluate_records, quantity_class
from extract.models import Extraction
from ingest import load_bytes, load_path

pytest.importorskip("reportlab")
from tests.formats import render  # noqa: E402

if not (render.FONT_DIR / "DejaVuSerif.ttf").is_file():
    pytest.skip(
        "no DejaVu font with Vietnamese glyphs (apt-get install fonts-dejavu-core)", allow_module_level=True
    )

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = {
    "002_nq_thanhhoa_2023": "Party resolution: two-column header, dash rule, signature block",
    "033_kh_hcm_2026": "ward Party plan: header with an empty right cell, targets in a list",
    "005_qd_binhdinh_2024": "UBND decision: state header, articles, money per person",
    "007_nq_longan_2022": "HĐND resolution: state header, articles, signature block",
    "008_tin_haiphong_2022": "news page: menu, counters, related news around the article",
    "022_tin_longan_2024": "news page: star rating, '☰' menu (a '?' in the 8-bit encodings)",
}
EXACT_FORMATS = sorted(set(render.FORMATS) - render.OCR_FORMATS)
# OCR takes seconds a page: the two-page resolution as a scanned PDF, the news page as a PNG.
OCR_CASES = [("002_nq_thanhhoa_2023", "scan.pdf"), ("008_tin_haiphong_2022", "scan.png")]
F1_TOLERANCE = 0.02

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


@cache
def sample_text(stem: str) -> str:
    return (ROOT / "corpus" / "samples" / f"{stem}.txt").read_text(encoding="utf-8")


@cache
def rendered(stem: str, fmt: str) -> bytes:
    return render.FORMATS[fmt](sample_text(stem))


@cache
def plain_record(stem: str) -> Extraction:
    return extract_document(load_path(ROOT / "corpus" / "samples" / f"{stem}.txt"))


@cache
def record_from(stem: str, fmt: str) -> Extraction:
    return extract_document(load_bytes(rendered(stem, fmt), f"{stem}.{fmt}"))


def essentials(record: Extraction) -> dict:
    """What every format must agree on."""
    document = record.document

    def quantities(items) -> Counter:
        return Counter((item.value, item.value_max, quantity_class(item.unit_of_measure)) for item in items)

    return {
        "kind": document.kind,
        "number": document.number,
        "issued_on": document.issued_on,
        "issuer": document.issuer,
        "signer": document.signer.name if document.signer else None,
        "targets": quantities(record.targets),
        "figures": quantities(record.figures),
    }


def macro_f1(stem: str, record: Extraction) -> float:
    gold = json.loads((ROOT / "corpus" / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    return evaluate_records([(stem, gold, record.model_dump(mode="json"))]).macro_f1


def test_the_samples_are_what_the_cases_say():
    assert render.Columns in {
        type(block) for page in render.parse(sample_text("002_nq_thanhhoa_2023")) for block in page
    }
    assert plain_record("002_nq_thanhhoa_2023").document.kind == "resolution"
    assert plain_record("007_nq_longan_2022").document.issuer.startswith("Hội đồng nhân dân")
    assert plain_record("008_tin_haiphong_2022").document.kind == "news"


@pytest.mark.parametrize("fmt", EXACT_FORMATS)
@pytest.mark.parametrize("stem", sorted(SAMPLES))
def test_same_record_as_plain_text(stem, fmt):
    expected = essentials(plain_record(stem))
    assert expected["targets"] or expected["figures"], "a sample without quantities proves little"
    assert essentials(record_from(stem, fmt)) == expected


def test_the_text_pdf_has_pages_with_running_header_and_footer():
    data = rendered("002_nq_thanhhoa_2023", "text.pdf")
    assert render.page_count(data) >= 2
    document = load_bytes(data, "nq.pdf")
    assert document.pages == render.page_count(data) and document.ocr_pages == 0
    assert "Trang 1/" not in document.text and render.RUNNING_HEADER not in document.text


@needs_tesseract
@pytest.mark.slow
@pytest.mark.parametrize(("stem", "fmt"), OCR_CASES)
def test_a_scan_scores_like_the_plain_text(stem, fmt):
    document = load_bytes(rendered(stem, fmt), f"{stem}.{fmt}")
    assert document.ocr_pages == document.pages >= 1
    record = extract_document(document)
    assert record.document.kind == plain_record(stem).document.kind
    assert macro_f1(stem, record) >= macro_f1(stem, plain_record(stem)) - F1_TOLERANCE


def capitals_font_header(text: str, lines: int = 2) -> str:
    """The header typed in a TCVN3 capitals font (.VnTimeH): copied as text it is lower case."""
    head = text.split("\n")
    return "\n".join(line.lower() if n < lines else line for n, line in enumerate(head))


@pytest.mark.parametrize("fmt", ["tcvn3.txt", "vni.txt", "text.pdf", "html", "docx"])
@pytest.mark.parametrize("stem", ["002_nq_thanhhoa_2023", "005_qd_binhdinh_2024", "007_nq_longan_2022"])
def test_a_header_that_lost_its_capitals_keeps_the_issuer(stem, fmt):
    document = extract_document(load_bytes(render.FORMATS[fmt](capitals_font_header(sample_text(stem))), f"h.{fmt}"))
    assert document.document.issuer == plain_record(stem).document.issuer
    assert essentials(document)["signer"] == essentials(plain_record(stem))["signer"]
