"""Places a filter or a query names, and the stored units located there.

A place is a province, district or commune, as the units table records it (`province`,
`district`, `commune`, short names such as 'Hải Phòng', 'Tiên Lãng'). A name is compared folded
(diacritics and case ignored) unless it was typed with diacritics, then as typed, so 'Vinh' and
'Vĩnh' stay apart when the user wrote 'Vĩnh'. The provinces merged on 1 July 2025 are known under
both names: the new province covers the old ones ('Hải Phòng' also covers former 'Hải Dương'),
from the converter table of vietnamadminunits (the same package as `extract.gazetteer`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from extract.gazetteer import PROVINCE_ALIASES, gazetteer
from ingest.normalize import fold

_LEVEL_PREFIX = re.compile(
    r"^(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu)\s+", re.IGNORECASE
)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)  # a search compares the query with the place of every stored unit
def place_key(name: str) -> str:
    """A place name without its level word, folded: 'Thành phố Hải Phòng' → 'hai phong'."""
    name = _SPACES.sub(" ", name.strip())
    name = PROVINCE_ALIASES.get(name, name)
    name = _LEVEL_PREFIX.sub("", name)
    return fold(name).strip()


@lru_cache(maxsize=1 << 16)
def _bare(name: str) -> str:
    name = _SPACES.sub(" ", name.strip())
    name = PROVINCE_ALIASES.get(name, name)
    return _LEVEL_PREFIX.sub("", name).casefold().strip()


@cache
def merged_provinces() -> dict[str, frozenset[str]]:
    """Folded name of a province after 1 July 2025 → folded names of the provinces it covers
    (itself included). Empty when vietnamadminunits is not installed."""
    try:
        import vietnamadminunits
    except ImportError:
        return {}
    base = Path(vietnamadminunits.__file__).parent / "data"
    converter = base / "converter_2025.json"
    if not converter.exists():
        return {}
    import sqlite3

    names: dict[str, str] = {}
    with sqlite3.connect(f"file:{base / 'dataset.db'}?mode=ro", uri=True) as conn:
        for table in ("admin_units_legacy", "admin_units"):
            for key, short in conn.execute(f"SELECT DISTINCT provinceKey, provinceShort FROM {table}"):
                names[key] = short
    table = json.loads(converter.read_text(encoding="utf-8"))["DICT_PROVINCE"]
    merged: dict[str, frozenset[str]] = {}
    for new_key, old_keys in table.items():
        if new_key in names:
            merged[fold(names[new_key])] = frozenset(fold(names[k]) for k in old_keys if k in names)
    return merged


@dataclass(frozen=True)
class Located:
    """Where one stored unit is."""

    unit_id: int
    province: str | None
    district: str | None
    commune: str | None


def located_units(db: Any) -> list[Located]:
    rows = db.execute("SELECT id, province, district, commune FROM units").fetchall()
    return [Located(int(r[0]), r[1], r[2], r[3]) for r in rows]


def units_at(units: list[Located], spec: str) -> list[int]:
    """Ids of the units located in the place `spec` names (any level), [] when it names none."""
    key = place_key(spec)
    if not key:
        return []
    accented = fold(spec) != spec.casefold()
    bare = _bare(spec)
    provinces = merged_provinces().get(key, frozenset()) | {key}

    def named(value: str | None) -> bool:  # the place itself, at any level
        if not value:
            return False
        return _bare(value) == bare if accented else place_key(value) == key

    found = []
    for unit in units:
        merged = unit.province is not None and place_key(unit.province) in provinces - {key}
        if merged or named(unit.province) or named(unit.district) or named(unit.commune):
            found.append(unit.unit_id)
    return found


@cache
def _gazetteer_provinces() -> frozenset[str]:
    return frozenset(fold(p) for p in gazetteer().provinces)


def place_names(units: list[Located]) -> dict[str, int]:
    """Folded place names a query may contain → their length in words: the provinces of the
    gazetteer (before and after the merger) and every province, district and commune a stored
    unit is located in."""
    names: dict[str, int] = {}
    for name in _gazetteer_provinces() | set(merged_provinces()):
        names[name] = len(name.split())
    for unit in units:
        for value in (unit.province, unit.district, unit.commune):
            if value:
                key = place_key(value)
                if key:
                    names[key] = len(key.split())
    return names


def find_places(words: list[str], names: dict[str, int]) -> list[tuple[int, int, str]]:
    """Spans `(start, end, key)` of `words` (folded) that are place names, longest first, not
    overlapping, left to right."""
    longest = max(names.values(), default=0)
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            key = " ".join(words[i : i + size])
            if key in names:
                spans.append((i, i + size, key))
                i += size
                break
        else:
            i += 1
    return spans


_LEVEL_WORDS = (("thanh", "pho"), ("thi", "xa"), ("thi", "tran"), ("dac", "khu"), ("tinh",), ("tp",), ("huyen",),
                ("quan",), ("xa",), ("phuong",))


def with_level_words(words: list[str], start: int) -> int:
    """Where a place found at `words[start]` begins once the level words before it are counted
    ('thanh pho' in 'thanh pho hai phong')."""
    for level in _LEVEL_WORDS:
        if start >= len(level) and tuple(words[start - len(level) : start]) == level:
            return start - len(level)
    return start


def group_by_province(units: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Units (dicts with `locality`) grouped by province name; '' for units with none."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for unit in units:
        locality = unit.get("locality") or {}
        groups[locality.get("province") or ""].append(unit)
    return dict(groups)
