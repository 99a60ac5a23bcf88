"""Units as a tree: upsert from a record, infer parents, roll a unit up with what is below it.

A unit's parent is the one the record names (`parent`, e.g. Ban Thường vụ → Tỉnh ủy) or,
failing that, the nearest unit of the same family one level up in the same locality: a
Huyện ủy sits under the Tỉnh ủy/Thành ủy of its province, the Liên đoàn Lao động of a
district under that of its province. Inferred links are made again when a new unit arrives,
so the order of ingestion does not matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from ingest.normalize import fold

LEVEL_RANK = {"central": 0, "province": 1, "district": 2, "commune": 3, "grassroots": 4}
_PARTY_KINDS = {"party_committee", "party_organization"}
_LEVEL_WORDS = re.compile(
    r"(?:\s+(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|thị trấn|xã|phường))+$", re.IGNORECASE
)
_COMMITTEE_PREFIX = re.compile(r"^(Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|Thị ủy|Đảng ủy)\b")


@dataclass(frozen=True)
class UnitFacts:
    name: str
    kind: str | None
    level: str | None
    province: str | None
    district: str | None
    commune: str | None


def family(facts: UnitFacts) -> str | None:
    """What a unit can be nested under: 'party' or the folded type words ('lien doan lao dong')."""
    if facts.kind in _PARTY_KINDS:
        return "party"
    if facts.kind not in {"mass_organization", "state_body", "steering_committee"}:
        return None
    stem = facts.name
    for place in (facts.commune, facts.district, facts.province):
        if place and stem.endswith(" " + place):
            stem = stem[: -len(place) - 1]
            break
    stem = _LEVEL_WORDS.sub("", stem).strip()
    return fold(stem) or None


def guess_kind(name: str) -> str:
    """Kind of a unit known only by name (a parent or issuer no record described)."""
    if _COMMITTEE_PREFIX.match(name):
        return "party_committee"
    if name.startswith(("Ban Thường vụ", "Thường trực", "Ban Chấp hành", "Ủy ban Kiểm tra", "Ban Tổ chức")):
        return "committee_body"
    if name.startswith(("Ủy ban nhân dân", "Hội đồng nhân dân", "Sở ", "Bộ ")):
        return "state_body"
    if name.startswith(("Liên đoàn Lao động", "Công đoàn", "Hội ", "Đoàn ", "Tỉnh đoàn", "Thành đoàn")):
        return "mass_organization"
    if name.startswith(("Chi bộ", "Đảng bộ")):
        return "party_organization"
    if name.startswith("Ban Chỉ đạo"):
        return "steering_committee"
    return "other"


_BODY_PREFIX = re.compile(
    r"^(?:Ban Thường vụ|Thường trực|Ban Chấp hành|Ủy ban Kiểm tra|Ban Tổ chức|Ban Tuyên giáo và Dân vận|"
    r"Ban Tuyên giáo|Ban Dân vận|Ban Nội chính|Văn phòng) (?=(?:Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|Thị ủy|Đảng ủy)\b)"
)


def committee_of(name: str) -> str | None:
    """The committee a body's name contains: 'Ban Thường vụ Thành ủy Hải Phòng' → 'Thành ủy Hải Phòng'."""
    match = _BODY_PREFIX.match(name)
    return name[match.end() :] if match else None


def upsert_unit(db: Database, facts: UnitFacts, *, now: str) -> int:
    """The id of the unit called `facts.name`, created or completed with what `facts` adds."""
    row = db.execute(
        "SELECT id, kind, level, province, district, commune FROM units WHERE name = ?", [facts.name]
    ).fetchone()
    if row is None:
        cursor = db.execute(
            "INSERT INTO units (name, name_folded, kind, level, province, district, commune, family,"
            " parent_id, parent_explicit, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, ?)",
            [
                facts.name, fold(facts.name), facts.kind or guess_kind(facts.name), facts.level,
                facts.province, facts.district, facts.commune, family(facts), now,
            ],
        )
        return int(cursor.lastrowid or 0)
    unit_id, kind, level, province, district, commune = row
    merged = UnitFacts(
        facts.name,
        kind if kind not in (None, "other") else (facts.kind or kind),
        level or facts.level,
        province or facts.province,
        district or facts.district,
        commune or facts.commune,
    )
    if (merged.kind, merged.level, merged.province, merged.district, merged.commune) != (
        kind, level, province, district, commune,
    ):
        db.execute(
            "UPDATE units SET kind = ?, level = ?, province = ?, district = ?, commune = ?, family = ? WHERE id = ?",
            [merged.kind, merged.level, merged.province, merged.district, merged.commune, family(merged), unit_id],
        )
    return int(unit_id)


def set_explicit_parent(db: Database, child_id: int, parent_id: int) -> None:
    """Record the parent a document states, unless the child already has a stated one."""
    if child_id == parent_id or _is_descendant(db, parent_id, child_id):
        return
    db.execute(
        "UPDATE units SET parent_id = ?, parent_explicit = 1 WHERE id = ? AND parent_explicit = 0",
        [parent_id, child_id],
    )


def relink(db: Database, provinces: Iterable[str | None]) -> None:
    """Infer parents again for units without a stated parent in these provinces."""
    for province in {p for p in provinces if p}:
        rows = db.execute(
            "SELECT id, kind, level, district, commune, family, parent_id, parent_explicit FROM units"
            " WHERE province = ? AND family IS NOT NULL",
            [province],
        ).fetchall()
        by_family: dict[str, list[dict]] = {}
        for r in rows:
            unit = {"id": r[0], "kind": r[1], "rank": LEVEL_RANK.get(r[2] or "", -1), "district": r[3],
                    "commune": r[4], "family": r[5], "parent_id": r[6], "explicit": r[7]}
            by_family.setdefault(unit["family"], []).append(unit)
        for family_units in by_family.values():
            for unit in family_units:
                if unit["explicit"] or unit["rank"] < 0:
                    continue
                parent = _best_parent(unit, family_units)
                if parent is not None and parent != unit["parent_id"] and not _is_descendant(db, parent, unit["id"]):
                    db.execute("UPDATE units SET parent_id = ? WHERE id = ?", [parent, unit["id"]])


def _same_place(unit: dict, other: dict) -> bool:
    """Whether `other` covers `unit`'s place at `other`'s level (the province is already equal)."""
    if other["rank"] >= LEVEL_RANK["district"] and other["district"] != unit["district"]:
        return False
    return not (other["rank"] >= LEVEL_RANK["commune"] and other["commune"] != unit["commune"])


def _best_parent(unit: dict, units: list[dict]) -> int | None:
    """The nearest unit above in the same family and place. A party organization (Đảng bộ tỉnh X)
    sits under the committee that leads it (Tỉnh ủy X), which is at its own level."""
    best: tuple[int, int] | None = None
    organization = unit["kind"] == "party_organization"
    for other in units:
        if other["id"] == unit["id"] or other["rank"] < 0 or not _same_place(unit, other):
            continue
        if unit["family"] == "party" and other["kind"] != "party_committee":
            continue
        same_level_leader = organization and other["rank"] == unit["rank"]
        if other["rank"] >= unit["rank"] and not same_level_leader:
            continue
        candidate = (other["rank"] + (1 if same_level_leader else 0), -other["id"])
        if best is None or candidate > best:
            best = candidate
    return -best[1] if best else None


def _is_descendant(db: Database, unit_id: int, ancestor_id: int) -> bool:
    """Whether `unit_id` lies below `ancestor_id` (guards against cycles)."""
    row = db.execute(
        "WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM units WHERE id = ?"
        " UNION SELECT u.id, u.parent_id FROM units u JOIN up ON u.id = up.parent_id)"
        " SELECT 1 FROM up WHERE id = ?",
        [unit_id, ancestor_id],
    ).fetchone()
    return row is not None


def rolled_up(db: Database, unit_ids: Iterable[int]) -> list[int]:
    """The units and everything below them in the tree."""
    ids = list(unit_ids)
    if not ids:
        return []
    placeholders = ",".join("?" * len(ids))
    rows = db.execute(
        f"WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE id IN ({placeholders})"
        " UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) SELECT id FROM sub",
        ids,
    ).fetchall()
    return [r[0] for r in rows]


SQLITE_MAX_INT = 2**63 - 1


def resolve_unit_spec(db: Database, spec: str) -> list[int]:
    """Units a filter value names: an id, a unit's exact name (compared folded: any diacritics,
    any case), else a province, district or commune ('Hải Phòng', 'tỉnh Hà Giang', 'Tiên Lãng':
    the units located there, whether or not the place's own committee is stored). Never part of a
    name: 'Vinh' does not name Vĩnh Yên."""
    from corpus.places import located_units, units_at

    spec = spec.strip()
    if spec.isascii() and spec.isdigit():
        value = int(spec)
        return [value] if value <= SQLITE_MAX_INT else []
    rows = db.execute("SELECT id, name FROM units WHERE name_folded = ?", [fold(spec)]).fetchall()
    if rows:
        exact = [r[0] for r in rows if r[1].casefold() == spec.casefold()]
        return exact or [r[0] for r in rows]
    return units_at(located_units(db), spec)
