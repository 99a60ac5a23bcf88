"""Long texts: extracted in pieces, in time linear in their length, with offsets into the whole text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from extract import extract_document
from extract.components import MAX_SENTENCE
from extract.pipeline import PIECE_CHARS, pieces
from extract.textutil import sentence_at
from ingest import load_path
from ingest.models import Document

SAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "samples"


def _long_text(n: int) -> str:
    docs = [load_path(p).text for p in sorted(SAMPLES.iterdir())[:30]]
    parts, size, i = [], 0, 0
    while size < n:
        parts.append(docs[i % len(docs)])
        size += len(docs[i % len(docs)]) + 2
        i += 1
    return "\n\n".join(parts)[:n]


def test_pieces_cover_the_text_and_cut_at_line_ends():
    text = _long_text(3 * PIECE_CHARS + 123)
    cuts = pieces(text)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(b == c for (_, b), (c, _) in zip(cuts, cuts[1:], strict=False))
    assert all(0 < b - a <= PIECE_CHARS for a, b in cuts)
    assert all(text[b - 1] == "\n" for _, b in cuts[:-1])


def test_pieces_of_a_text_without_spaces():
    cuts = pieces("x" * (PIECE_CHARS * 2 + 5))
    assert [b - a for a, b in cuts] == [PIECE_CHARS, PIECE_CHARS, 5]


def test_sentence_at_finds_the_holding_piece():
    sents = [(0, 5), (7, 12), (12, 20)]
    assert sentence_at(sents, 8, (-1, -1)) == (7, 12)
    assert sentence_at(sents, 12, (-1, -1)) == (12, 20)
    assert sentence_at(sents, 6, (-1, -1)) == (-1, -1)
    assert sentence_at(sents, 25, (-1, -1)) == (-1, -1)


def test_a_long_text_keeps_offsets_into_the_whole_text():
    text = _long_text(5 * PIECE_CHARS)
    rec = extract_document(Document(text=text))
    assert rec.text == text
    assert rec.targets and rec.figures and rec.deadlines and rec.units and rec.references
    for item in [*rec.targets, *rec.figures, *rec.deadlines, *rec.references]:
        assert 0 <= item.start < item.end <= len(text)
    for q in [*rec.targets, *rec.figures]:
        assert text[q.start:q.end].strip() and q.evidence in text
    for u in rec.units:
        for m in u.mentions:
            assert text[m.start:m.end] == m.text
    late = [m.start for u in rec.units for m in u.mentions if m.start > 4 * PIECE_CHARS]
    assert late, "mentions in the last piece are found and moved to whole-text offsets"
    assert len({u.name for u in rec.units}) == len(rec.units)


def test_one_piece_text_is_the_same_as_before_pieces_existed():
    doc = load_path(sorted(SAMPLES.iterdir())[0])
    assert len(doc.text) < PIECE_CHARS
    a = extract_document(doc)
    b = extract_document(Document(text=doc.text + "\n\n" + "Nội dung bổ sung.\n" * (PIECE_CHARS // 18)))
    assert a.document.number == b.document.number and a.document.kind == b.document.kind
    assert {t.value for t in a.targets} <= {t.value for t in b.targets}


@pytest.mark.slow
def test_over_a_million_characters_is_extracted():
    text = _long_text(1_400_000)
    rec = extract_document(Document(text=text))  # spaCy's max_length (1,000,000) no longer applies
    assert len(rec.text) == 1_400_000 and rec.units


@pytest.mark.parametrize("text", [
    "100% " * 4000,
    "ngày 1/1/2020 " * 2000,
    "hai đảng viên ( " * 2000,
    "Nghị quyết số 12-NQ/TW " * 1000,
    "Ủy ban nhân dân tỉnh Bình Dương, " * 800,
])
def test_hostile_repetitions_are_linear(text):
    """Doubling a hostile text at most roughly doubles the time (quadratic passes would quadruple it)."""
    extract_document(Document(text=text[:1000]))
    timings = []
    for k in (1, 2):
        t0 = time.perf_counter()
        extract_document(Document(text=text * k))
        timings.append(time.perf_counter() - t0)
    assert timings[1] < 3.2 * timings[0] + 0.3, timings


def test_an_endless_sentence_is_cut():
    from extract.components import bounded

    text = "chữ " * 5000
    cuts = list(bounded([(0, len(text))], text))
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(b - a <= MAX_SENTENCE for a, b in cuts)
