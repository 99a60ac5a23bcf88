"""Targets, figures and deadlines of a record as flat rows with ids that never change.

A row id is a hash of the document's sha256, the item kind, its offsets and its rank among
items at the same offsets (its index where offsets are missing), so ingesting the same file
into a fresh store gives the same ids, and an exported row can be traced forever.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

from extract.models import Deadline, Extraction, Figure, Target

ITEM_KINDS = ("targets", "figures", "deadlines")

# Export columns, in order. The first five and `unit`, `evidence` are common to every kind.
COLUMNS: dict[str, tuple[str, ...]] = {
    "targets": (
        "id", "document_id", "document_number", "document_issuer", "document_kind", "document_issued_on", "measure",
        "comparator", "value", "value_max", "unit_of_measure", "period_start", "period_end",
        "recurrence", "due", "unit", "evidence", "start", "end", "created_at",
        "indicator_code", "latest_value", "latest_on", "progress", "behind",
    ),
    "figures": (
        "id", "document_id", "document_number", "document_issuer", "document_kind", "document_issued_on", "measure",
        "comparator", "value", "value_max", "unit_of_measure", "period_start", "period_end",
        "recurrence", "as_of", "unit", "evidence", "start", "end", "created_at",
        "indicator_code", "target", "link_reason", "progress",
    ),
    "deadlines": (
        "id", "document_id", "document_number", "document_issuer", "document_kind", "document_issued_on", "task",
        "due", "recurrence", "unit", "evidence", "start", "end", "created_at",
    ),
}
# Who confirmed, corrected or added an item (corpus.corrections), on every kind; null when no one did.
REVIEW_COLUMNS = ("reviewed_action", "reviewed_by", "reviewed_at")
COLUMNS = {kind: (*columns, *REVIEW_COLUMNS) for kind, columns in COLUMNS.items()}


def item_id(sha256: str, kind: str, start: int | None, end: int | None, rank: int) -> str:
    key = f"{sha256}:{kind}:{start}:{end}:{rank}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def item_rows(
    extraction: Extraction, *, sha256: str, document_id: int, created_at: str, unit_ids: dict[str, int]
) -> dict[str, list[dict[str, Any]]]:
    """Rows for the targets, figures and deadlines tables."""
    out: dict[str, list[dict[str, Any]]] = {}
    for kind in ITEM_KINDS:
        items: list[Target] | list[Figure] | list[Deadline] = getattr(extraction, kind)
        seen: Counter[tuple[int | None, int | None]] = Counter()
        rows = []
        for index, item in enumerate(items):
            offsets = (item.start, item.end)
            rank = seen[offsets] if item.start is not None else index
            seen[offsets] += 1
            row: dict[str, Any] = {
                "id": item_id(sha256, kind, item.start, item.end, rank),
                "document_id": document_id,
                "item_index": index,
                "unit": item.unit,
                "unit_id": unit_ids.get(item.unit) if item.unit else None,
                "evidence": item.evidence,
                "start": item.start,
                "end": item.end,
                "created_at": created_at,
            }
            if isinstance(item, Deadline):
                row.update(task=item.task, due=item.due, recurrence=item.recurrence)
            else:
                row.update(
                    measure=item.measure, comparator=item.comparator, value=item.value,
                    value_max=item.value_max, unit_of_measure=item.unit_of_measure,
                    period_start=item.period.start, period_end=item.period.end,
                    recurrence=item.period.recurrence,
                )
                if isinstance(item, Target):
                    row["due"] = item.due
                else:
                    row["as_of"] = item.as_of
            rows.append(row)
        out[kind] = rows
    return out
