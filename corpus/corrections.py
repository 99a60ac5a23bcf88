"""Corrections by people to the targets, figures and deadlines the extractor found.

A person confirms an item, corrects some of its fields, rejects it, or adds one the extractor
missed (pointing at the words by their offsets). Each act is a row of `corrections`, kept for
good, with a snapshot of the item as it stood. The stored record (`documents.record`) stays
the extractor's output; what readers see is that record with the corrections laid over it in
order (`overlay`), and the item tables behind exports are rebuilt from that view
(`rebuild_rows`). Because the corrections live apart from the extractor's output, re-extraction
replaces the record and the same corrections are laid over the new one: an item is found again
by its id (kind, offsets, rank); a confirmed or corrected item the new extractor no longer finds
is kept from its snapshot; a rejected one stays out.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError
from sqlite_utils import Database

from corpus import tracking
from corpus.items import ITEM_KINDS, item_id, item_rows
from corpus.text import timestamp
from extract.models import Deadline, Extraction, Figure, Target
from ingest.errors import BadQuery, NotFound

ACTIONS = ("confirm", "correct", "reject", "add")
_MODELS = {"targets": Target, "figures": Figure, "deadlines": Deadline}
_QUANTITY_FIELDS = {"measure", "comparator", "value", "value_max", "unit_of_measure", "period", "unit", "evidence"}
FIELDS = {
    "targets": _QUANTITY_FIELDS | {"due"},
    "figures": _QUANTITY_FIELDS | {"as_of"},
    "deadlines": {"task", "due", "recurrence", "unit", "evidence"},
}
_REVIEW = {"confirm": "confirmed", "correct": "corrected", "add": "added"}


def _check_kind(kind: str) -> None:
    if kind not in ITEM_KINDS:
        raise BadQuery(f"{kind!r} is not an item kind; use one of {', '.join(ITEM_KINDS)}")


def _rows(db: Database, document_id: int) -> list[tuple]:
    return db.execute(
        "SELECT id, kind, item_id, action, fields, snapshot, by, at FROM corrections WHERE document_id = ? ORDER BY id",
        [document_id],
    ).fetchall()


def _identified(record: dict[str, Any]) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """(id, item) per kind, ids as the item tables give them."""
    extraction = Extraction.model_validate(record)
    sha256 = (record.get("source") or {}).get("sha256") or ""
    rows = item_rows(extraction, sha256=sha256, document_id=0, created_at="", unit_ids={})
    out = {}
    for kind in ITEM_KINDS:
        items = record.get(kind) or []
        out[kind] = [(row["id"], dict(item)) for row, item in zip(rows[kind], items, strict=True)]
    return out


def _validated(kind: str, item: dict[str, Any]) -> dict[str, Any]:
    try:
        model = _MODELS[kind].model_validate({k: v for k, v in item.items() if k not in ("id", "reviewed")})
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in error.errors()[:5]
        )
        raise BadQuery(f"invalid {kind[:-1]}: {problems}") from None
    return model.model_dump(mode="json")


def _merge(kind: str, base: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in fields.items():
        if key == "period" and isinstance(value, dict):
            merged["period"] = {**(base.get("period") or {}), **value}
        else:
            merged[key] = value
    return _validated(kind, merged)


def overlay(db: Database, document_id: int, record: dict[str, Any]) -> dict[str, Any]:
    """The record with its corrections laid over it; every item carries its `id`, reviewed items
    carry `reviewed` ({"by", "at", "action"})."""
    if not any(kind in record for kind in ITEM_KINDS):
        return record
    acts = _rows(db, document_id)
    if not acts:  # the common case: the ids are those of the item rows, in order
        out = dict(record)
        for kind in ITEM_KINDS:
            items = record.get(kind) or []
            ids = [r[0] for r in db.execute(
                f'SELECT id FROM "{kind}" WHERE document_id = ? AND item_index >= 0 ORDER BY item_index', [document_id]
            )]
            if len(ids) != len(items):
                break
            out[kind] = [{**item, "id": iid} for iid, item in zip(ids, items, strict=True)]
        else:
            return out
    current = _identified(record)
    for _, kind, target_id, action, fields_json, snapshot_json, by, at in acts:
        items = current.get(kind)
        if items is None:
            continue
        fields = json.loads(fields_json or "{}")
        snapshot = json.loads(snapshot_json) if snapshot_json else None
        found = next((i for i, (iid, _) in enumerate(items) if iid == target_id), None)
        review = {"by": by, "at": at, "action": _REVIEW.get(action)}
        if action == "reject":
            if found is not None:
                items.pop(found)
            continue
        if action == "add":
            base: dict[str, Any] = {}
        elif found is not None:
            base = items[found][1]
        elif snapshot is not None:
            base = snapshot
        else:
            continue
        try:
            item = _merge(kind, base, fields) if fields else dict(base)
        except BadQuery:
            continue
        item["reviewed"] = review
        if found is not None and action != "add":
            items[found] = (target_id, item)
        else:
            items.append((target_id, item))
    out = dict(record)
    for kind, items in current.items():
        out[kind] = [{**item, "id": iid} for iid, item in items]
    return out


def rebuild_rows(db: Database, document_id: int, record: dict[str, Any] | None = None) -> None:
    """Rewrite the document's item rows from its record and corrections; items gone get a tombstone."""
    if record is None:
        row = db.execute("SELECT record FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            raise NotFound(f"no document with id {document_id}")
        record = json.loads(row[0])
    view = overlay(db, document_id, record)
    extraction = Extraction.model_validate(view)
    unit_ids = dict(
        db.execute(
            "SELECT u.name, u.id FROM document_units du JOIN units u ON u.id = du.unit_id WHERE du.document_id = ?",
            [document_id],
        ).fetchall()
    )
    now = timestamp()
    for kind in ITEM_KINDS:
        for item in view.get(kind) or []:
            name = item.get("unit")
            if name and name not in unit_ids:
                found = db.execute("SELECT id FROM units WHERE name = ?", [name]).fetchone()
                if found:
                    unit_ids[name] = found[0]
    rows = item_rows(extraction, sha256=(view.get("source") or {}).get("sha256") or "", document_id=document_id,
                     created_at=now, unit_ids=unit_ids)
    tracking.add_columns(db, rows, extraction, unit_ids, document_id)
    for kind in ITEM_KINDS:
        before = {r[0] for r in db.execute(f'SELECT id FROM "{kind}" WHERE document_id = ?', [document_id])}
        db.execute(f'DELETE FROM "{kind}" WHERE document_id = ?', [document_id])
        after = set()
        for row, item in zip(rows[kind], view.get(kind) or [], strict=True):
            row["id"] = item["id"]
            reviewed = item.get("reviewed") or {}
            row.update(reviewed_action=reviewed.get("action"), reviewed_by=reviewed.get("by"),
                       reviewed_at=reviewed.get("at"))
            after.add(row["id"])
            columns = list(row)
            db.execute(
                f'INSERT OR REPLACE INTO "{kind}" ({", ".join(f"[{c}]" for c in columns)})'
                f" VALUES ({', '.join('?' * len(columns))})",
                [row[c] for c in columns],
            )
        for gone in before - after:
            db.execute(
                "INSERT OR REPLACE INTO tombstones (kind, id, document_id, deleted_at) VALUES (?, ?, ?, ?)",
                [kind, gone, document_id, now],
            )
        if after:
            db.execute(
                f"DELETE FROM tombstones WHERE kind = ? AND id IN ({', '.join('?' * len(after))})", [kind, *after]
            )
    tracking.relink_after_rewrite(db, document_id)


def _current(db: Database, document_id: int) -> dict[str, Any]:
    row = db.execute("SELECT record, text FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise NotFound(f"no document with id {document_id}")
    record = json.loads(row[0])
    record["text"] = row[1]
    return record


def document_of_item(db: Database, kind: str, target_id: str) -> int:
    _check_kind(kind)
    row = db.execute(f'SELECT document_id FROM "{kind}" WHERE id = ?', [target_id]).fetchone()
    if row is None:
        raise NotFound(f"no {kind[:-1]} with id {target_id!r}")
    return int(row[0])


def _fields(kind: str, fields: Any) -> dict[str, Any]:
    if fields is None:
        return {}
    if not isinstance(fields, dict):
        raise BadQuery("'fields' must be an object of record fields")
    unknown = sorted(set(fields) - FIELDS[kind] - {"start", "end"})
    if unknown:
        raise BadQuery(f"fields not correctable on {kind}: {', '.join(unknown)}; use {', '.join(sorted(FIELDS[kind]))}")
    return dict(fields)


def correct(
    db: Database, kind: str, target_id: str, action: str, fields: Any = None, *, by: str | None
) -> tuple[int, dict[str, Any] | None]:
    """Confirm, correct or reject a stored item: (document id, the item as it now stands or None)."""
    _check_kind(kind)
    if action not in ("confirm", "correct", "reject"):
        raise BadQuery(f"action {action!r}: use confirm, correct or reject")
    document_id = document_of_item(db, kind, target_id)
    fields = _fields(kind, fields)
    if "start" in fields or "end" in fields:
        raise BadQuery("an item's offsets cannot be corrected; reject it and add one at the right words")
    if action == "correct" and not fields:
        raise BadQuery("'correct' needs 'fields' with the corrected values")
    record = _current(db, document_id)
    view = overlay(db, document_id, record)
    item = next((i for i in view.get(kind) or [] if i["id"] == target_id), None)
    if item is None:
        raise NotFound(f"no {kind[:-1]} with id {target_id!r}")
    if action == "correct":
        _merge(kind, item, fields)  # refuse bad values before anything is written
    snapshot = {k: v for k, v in item.items() if k not in ("id", "reviewed")}
    db.execute(
        "INSERT INTO corrections (document_id, kind, item_id, action, fields, snapshot, by, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [document_id, kind, target_id, action, json.dumps(fields if action == "correct" else {}, ensure_ascii=False),
         json.dumps(snapshot, ensure_ascii=False), by, timestamp()],
    )
    rebuild_rows(db, document_id, {k: v for k, v in record.items() if k != "text"} | {"text": None})
    after = overlay(db, document_id, record)
    return document_id, next((i for i in after.get(kind) or [] if i["id"] == target_id), None)


def add(db: Database, document_id: int, kind: str, fields: Any, *, by: str | None) -> dict[str, Any]:
    """Add an item the extractor missed; it must point at the words (start, end in the text)."""
    _check_kind(kind)
    fields = _fields(kind, fields)
    record = _current(db, document_id)
    text = record.get("text") or ""
    start, end = fields.get("start"), fields.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise BadQuery(f"an added item needs 'start' and 'end', offsets into the text (0 ≤ start < end ≤ {len(text)})")
    fields.setdefault("evidence", text[start:end])
    _validated(kind, fields)
    count = db.execute("SELECT count(*) FROM corrections WHERE document_id = ?", [document_id]).fetchone()[0]
    new_id = item_id((record.get("source") or {}).get("sha256") or "", kind, start, end, 100_000 + int(count))
    db.execute(
        "INSERT INTO corrections (document_id, kind, item_id, action, fields, snapshot, by, at)"
        " VALUES (?, ?, ?, 'add', ?, NULL, ?, ?)",
        [document_id, kind, new_id, json.dumps(fields, ensure_ascii=False), by, timestamp()],
    )
    rebuild_rows(db, document_id, {k: v for k, v in record.items() if k != "text"})
    after = overlay(db, document_id, record)
    return next(i for i in after[kind] if i["id"] == new_id)


def history(db: Database, document_id: int) -> list[dict[str, Any]]:
    keys = ("id", "kind", "item_id", "action", "fields", "snapshot", "by", "at")
    return [
        dict(zip(keys, row, strict=True)) | {"fields": json.loads(row[4] or "{}")} for row in _rows(db, document_id)
    ]
