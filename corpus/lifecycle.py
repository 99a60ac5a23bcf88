"""Deleting a stored document and extracting a stored document again.

Both work through the store's transaction: all or nothing. Deletion removes the document's
items, units links, references (and links other documents had to it), corrections and file
entries, leaves a tombstone per item for the sync feed, and returns the sha256 of the original
files no other record uses, for the caller to remove from the file folder. Re-extraction reads
the document's first original file again with the extractor it is given, rewrites the record in
place (same id), lays the corrections over the new record and reports what changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corpus import corrections, files, staffdb, tracking
from corpus.items import ITEM_KINDS
from corpus.references import resolve_pending
from corpus.text import timestamp
from extract.models import Extraction
from ingest.errors import NotFound


def delete_document(store: Any, document_id: int, files_dir: str | Path | None = None) -> dict[str, Any]:
    """Delete a document; {"id", "items", "files_removed"}."""
    db = store.db
    with store.transaction():
        row = db.execute("SELECT sha256, number_lead FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            raise NotFound(f"no document with id {document_id}")
        now = timestamp()
        items = 0
        lost_targets, touched_targets = tracking.before_delete(db, document_id)
        for kind in ITEM_KINDS:
            ids = [r[0] for r in db.execute(f'SELECT id FROM "{kind}" WHERE document_id = ?', [document_id])]
            items += len(ids)
            for item in ids:
                db.execute(
                    "INSERT OR REPLACE INTO tombstones (kind, id, document_id, deleted_at) VALUES (?, ?, ?, ?)",
                    [kind, item, document_id, now],
                )
            db.execute(f'DELETE FROM "{kind}" WHERE document_id = ?', [document_id])
        citing = db.execute(
            'SELECT DISTINCT number_lead FROM "references" WHERE resolved_document_id = ?', [document_id]
        ).fetchall()
        db.execute('UPDATE "references" SET resolved_document_id = NULL WHERE resolved_document_id = ?', [document_id])
        db.execute('DELETE FROM "references" WHERE document_id = ?', [document_id])
        for table in ("document_units", "document_topics", "corrections", "document_fingerprints"):
            db.execute(f"DELETE FROM {table} WHERE document_id = ?", [document_id])
        shas = {row[0]} | {r[0] for r in db.execute("SELECT sha256 FROM document_files WHERE document_id = ?", [document_id])}
        db.execute("DELETE FROM document_files WHERE document_id = ?", [document_id])
        db.execute("DELETE FROM documents WHERE id = ?", [document_id])
        staffdb.bump_rewrites(db)
        db.execute(
            "INSERT OR REPLACE INTO tombstones (kind, id, document_id, deleted_at) VALUES ('documents', ?, ?, ?)",
            [str(document_id), document_id, now],
        )
        for (lead,) in citing:  # a citation that pointed here may now name another document alone
            resolve_pending(db, lead)
        tracking.after_delete(db, lost_targets, touched_targets)
        unused = sorted(
            sha for sha in shas
            if not db.execute("SELECT 1 FROM documents WHERE sha256 = ?", [sha]).fetchone()
            and not db.execute("SELECT 1 FROM document_files WHERE sha256 = ?", [sha]).fetchone()
        )
    removed = []
    if files_dir is not None:
        kept = files.FileStore(files_dir)
        for sha in unused:
            if kept.has(sha):
                kept.path(sha).unlink()
                removed.append(sha)
    return {"id": document_id, "items": items, "files_removed": removed}


def _summary(record: dict[str, Any]) -> dict[str, Any]:
    doc = record.get("document") or {}
    return {
        "header": {k: doc.get(k) for k in ("kind", "number", "title", "issuer", "issued_on")},
        "counts": {k: len(record.get(k) or []) for k in (*ITEM_KINDS, "units", "references", "people")},
    }


def reextract(
    store: Any,
    document_id: int,
    files_dir: str | Path,
    extract_bytes: Callable[[bytes, str | None], Extraction],
) -> dict[str, Any]:
    """Run the extractor again on the document's original file; what changed.

    {"id", "status": "changed" | "unchanged" | "no_file", "header": {field: [before, after]},
     "items": {kind: {"before", "after", "added", "removed"}}}
    """
    db = store.db
    with store._lock:
        row = db.execute(
            "SELECT sha256, filename, record, text FROM documents WHERE id = ?", [document_id]
        ).fetchone()
    if row is None:
        raise NotFound(f"no document with id {document_id}")
    sha256, filename, record_json, text = row
    kept = files.FileStore(files_dir)
    data = kept.get(sha256) if kept.has(sha256) else None
    if data is None:
        return {"id": document_id, "status": "no_file", "header": {}, "items": {}}
    extraction = extract_bytes(data, filename)
    before_record = json.loads(record_json) | {"text": text}
    with store.transaction():
        before_ids = {
            kind: {r[0] for r in db.execute(f'SELECT id FROM "{kind}" WHERE document_id = ?', [document_id])}
            for kind in ITEM_KINDS
        }
        for kind in ITEM_KINDS:
            db.execute(f'DELETE FROM "{kind}" WHERE document_id = ?', [document_id])
        db.execute('DELETE FROM "references" WHERE document_id = ?', [document_id])
        for table in ("document_units", "document_topics"):
            db.execute(f"DELETE FROM {table} WHERE document_id = ?", [document_id])
        store._insert(extraction, sha256, replace=document_id)
        staffdb.bump_rewrites(db)
        new_record = json.loads(db.execute("SELECT record FROM documents WHERE id = ?", [document_id]).fetchone()[0])
        # Items first come back without review marks; the corrections are laid over them again.
        after_ids_raw = {
            kind: {r[0] for r in db.execute(f'SELECT id FROM "{kind}" WHERE document_id = ?', [document_id])}
            for kind in ITEM_KINDS
        }
        for kind in ITEM_KINDS:
            db.execute(f'DELETE FROM "{kind}" WHERE document_id = ?', [document_id])
            for gone in before_ids[kind]:  # so that rebuild_rows sees what was there before
                db.execute(
                    f'INSERT INTO "{kind}" (id, document_id, item_index) VALUES (?, ?, -1)', [gone, document_id]
                )
        corrections.rebuild_rows(db, document_id, new_record)
        after_ids = {
            kind: {r[0] for r in db.execute(f'SELECT id FROM "{kind}" WHERE document_id = ?', [document_id])}
            for kind in ITEM_KINDS
        }
    before, after = _summary(before_record), _summary(extraction.model_dump(mode="json"))
    header = {k: [before["header"][k], after["header"][k]] for k in before["header"] if before["header"][k] != after["header"][k]}
    items = {
        kind: {
            "before": len(before_ids[kind]), "after": len(after_ids[kind]),
            "added": len(after_ids[kind] - before_ids[kind]), "removed": len(before_ids[kind] - after_ids[kind]),
            "extracted": len(after_ids_raw[kind]),
        }
        for kind in ITEM_KINDS
    }
    changed = bool(header) or any(v["added"] or v["removed"] for v in items.values()) or (
        before_record.get("text") != extraction.text
    )
    return {"id": document_id, "status": "changed" if changed else "unchanged", "header": header, "items": items}
