"""One record per document: a file whose text is a document already stored is another file of
that record, not a new record.

Two keys are kept per record. The *fingerprint* is the SHA-256 of the text folded (no tone
marks, lower case) with everything but letters and digits removed, plus the header (kind,
number, issuer, date): the same text saved as PDF, DOCX or TXT, wrapped or spaced differently,
gives the same fingerprint. The *header key* is kind, number, issuer and date when the record
has all four; a file with the same header key is the same document when its words
mostly agree (≥ 80 % of the shorter text's five-word shingles are in the other), which covers a page number or a running
header one format keeps and another drops. Nothing else merges: two documents that only share
a number (every province has a 09-NQ/TU) stay apart.
"""

from __future__ import annotations

import hashlib
import re

from sqlite_utils import Database

from corpus.references import number_key
from corpus.text import fold_index, timestamp
from extract.models import Extraction

SIMILAR = 0.8
MIN_SHINGLES = 20
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def _fold(text: str) -> str:
    return fold_index(text).lower()


def _header(extraction: Extraction) -> str:
    doc = extraction.document
    return "|".join([doc.kind or "", number_key(doc.number) or "", _fold(doc.issuer or ""), doc.issued_on or ""])


def fingerprint(extraction: Extraction) -> str:
    words = _NOT_WORD.sub("", _fold(extraction.text or ""))
    return hashlib.sha256(f"{_header(extraction)}\n{words}".encode()).hexdigest()


def keys(extraction: Extraction) -> tuple[str, str | None]:
    """(fingerprint, header key), computed once per record."""
    return fingerprint(extraction), header_key(extraction)


def header_key(extraction: Extraction) -> str | None:
    doc = extraction.document
    if not (doc.number and doc.issued_on and doc.kind and doc.issuer):
        return None
    return hashlib.sha256(_header(extraction).encode("utf-8")).hexdigest()


def _shingles(text: str) -> set[str]:
    words = _NOT_WORD.sub(" ", _fold(text or "")).split()
    return {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}


def similarity(a: str, b: str) -> float:
    """The share of the shorter text's shingles found in the other (page furniture one format
    adds does not count against it)."""
    sa, sb = _shingles(a), _shingles(b)
    if min(len(sa), len(sb)) < MIN_SHINGLES:  # too short to tell: only the exact fingerprint merges
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def find_same(db: Database, extraction: Extraction, known: tuple[str, str | None] | None = None) -> int | None:
    """The id of the stored record this extraction is another file of, or None."""
    if not (extraction.text or "").strip():
        return None
    printed, key = known or keys(extraction)
    row = db.execute(
        "SELECT document_id FROM document_fingerprints WHERE fingerprint = ? ORDER BY document_id LIMIT 1",
        [printed],
    ).fetchone()
    if row:
        return int(row[0])
    if key is None:
        return None
    candidates = db.execute(
        "SELECT f.document_id, d.text FROM document_fingerprints f JOIN documents d ON d.id = f.document_id"
        " WHERE f.header_key = ? ORDER BY f.document_id LIMIT 20",
        [key],
    ).fetchall()
    for document_id, text in candidates:
        if similarity(extraction.text or "", text or "") >= SIMILAR:
            return int(document_id)
    return None


def index(db: Database, document_id: int, extraction: Extraction, known: tuple[str, str | None] | None = None) -> None:
    """Keep a record's keys (on insert and after re-extraction)."""
    db.execute(
        "INSERT OR REPLACE INTO document_fingerprints (document_id, fingerprint, header_key) VALUES (?, ?, ?)",
        [document_id, *(known or keys(extraction))],
    )


def add_file(
    db: Database, document_id: int, sha256: str, extraction: Extraction, *, size: int | None = None,
    by: str | None = None,
) -> None:
    """Note a file of a record (its first file or another one)."""
    db.execute(
        "INSERT OR IGNORE INTO document_files (sha256, document_id, filename, media_type, size, added_at, added_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [sha256, document_id, extraction.source.filename, extraction.source.media_type, size, timestamp(), by],
    )


def files_of(db: Database, document_id: int) -> list[dict]:
    rows = db.execute(
        "SELECT sha256, filename, media_type, size, added_at, added_by FROM document_files"
        " WHERE document_id = ? ORDER BY added_at, sha256",
        [document_id],
    ).fetchall()
    keys = ("sha256", "filename", "media_type", "size", "added_at", "added_by")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def document_of_file(db: Database, sha256: str) -> int | None:
    row = db.execute("SELECT document_id FROM document_files WHERE sha256 = ?", [sha256]).fetchone()
    return int(row[0]) if row else None
