"""A consistent copy of the store and its original files, taken while the server runs.

The database is copied with SQLite's online backup (a snapshot of one moment, whatever other
connections write meanwhile); the original files are content-addressed and never change, so
copying those the snapshot names after it is consistent too.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

from corpus.files import FileStore


def backup(db_path: str | Path, files_dir: str | Path | None, destination: str | Path) -> dict[str, Any]:
    """Write `destination/vanban.db` and `destination/files/`; what was copied."""
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    target = destination / "vanban.db"
    source = sqlite3.connect(str(db_path), timeout=30)
    try:
        copy = sqlite3.connect(str(target))
        try:
            source.backup(copy)
            shas = {row[0] for row in copy.execute("SELECT sha256 FROM documents")}
            try:
                shas |= {row[0] for row in copy.execute("SELECT sha256 FROM document_files")}
            except sqlite3.OperationalError:
                pass
            documents = copy.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            copy.close()
    finally:
        source.close()
    copied = missing = 0
    if files_dir is not None:
        originals, copies = FileStore(files_dir), FileStore(destination / "files")
        for sha in sorted(shas):
            if not originals.has(sha):
                missing += 1
                continue
            original, kept = originals.path(sha), copies.path(sha)
            if not kept.exists():
                kept.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(original, kept)
            copied += 1
    return {"database": str(target), "documents": documents, "files": copied, "files_missing": missing}
