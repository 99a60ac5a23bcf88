"""Ingest runs: every batch of files brought in (command line, watched folder, web upload) is
kept with its counts and the files that failed and why, so that a failure is not lost."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from corpus.text import timestamp


def start(db: Database, source: str, actor: str | None, files: int = 0) -> int:
    cursor = db.execute(
        "INSERT INTO runs (source, actor, started_at, files, new, known, attached, failed) VALUES (?, ?, ?, ?, 0, 0, 0, 0)",
        [source, actor, timestamp(), files],
    )
    return int(cursor.lastrowid)


def finish(
    db: Database, run_id: int, *, new: int, known: int, attached: int, failures: list[tuple[str, str, str]],
    files: int | None = None,
) -> None:
    db.execute(
        "UPDATE runs SET finished_at = ?, new = ?, known = ?, attached = ?, failed = ?, files = coalesce(?, files)"
        " WHERE id = ?",
        [timestamp(), new, known, attached, len(failures), files, run_id],
    )
    for path, code, message in failures:
        db.execute(
            "INSERT INTO run_failures (run_id, path, code, message) VALUES (?, ?, ?, ?)", [run_id, path, code, message]
        )


def listing(db: Database, limit: int = 100) -> list[dict[str, Any]]:
    keys = ("id", "source", "actor", "started_at", "finished_at", "files", "new", "known", "attached", "failed")
    rows = db.execute(f"SELECT {', '.join(keys)} FROM runs ORDER BY id DESC LIMIT ?", [limit]).fetchall()
    out = [dict(zip(keys, row, strict=True)) for row in rows]
    for run in out:
        run["failures"] = [
            {"path": p, "code": c, "message": m}
            for p, c, m in db.execute(
                "SELECT path, code, message FROM run_failures WHERE run_id = ? ORDER BY id", [run["id"]]
            )
        ]
    return out
