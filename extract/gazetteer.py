"""Administrative units of Viet Nam (63 provinces before 1 July 2025, 34 after), from vietnamadminunits.

Used to place a district or commune named in a text in its province. A name found in several
provinces (several have a ward called Quyết Thắng) places nothing: no guess.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

# Centrally-run cities: their party committee is a Thành ủy at province level.
CITY_PROVINCES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}
PROVINCE_ALIASES = {
    "TP.HCM": "Hồ Chí Minh", "TP. HCM": "Hồ Chí Minh", "TPHCM": "Hồ Chí Minh", "TP HCM": "Hồ Chí Minh", "HCM": "Hồ Chí Minh",
    "Thành phố Hồ Chí Minh": "Hồ Chí Minh", "Thừa Thiên Huế": "Huế", "Thừa Thiên - Huế": "Huế",
    "Bà Rịa – Vũng Tàu": "Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu": "Bà Rịa - Vũng Tàu",
}


@dataclass(frozen=True)
class Place:
    province: str
    district: str | None = None
    commune: str | None = None


@dataclass
class Gazetteer:
    provinces: set[str]
    districts: dict[str, set[Place]]  # short name (casefolded) -> places
    communes: dict[str, set[Place]]
    district_types: dict[tuple[str, str], str] = field(default_factory=dict)  # (province, district) -> 'huyện' …

    @cached_property
    def _province_keys(self) -> dict[str, str]:
        return {p.casefold(): p for p in self.provinces}

    def province(self, name: str) -> str | None:
        name = PROVINCE_ALIASES.get(name.strip(), name.strip())
        return self._province_keys.get(name.casefold())  # a lookup, not a scan of every province per call

    def district_places(self, name: str) -> set[Place]:
        return self.districts.get(name.casefold(), set())

    def commune_places(self, name: str) -> set[Place]:
        return self.communes.get(name.casefold(), set())

    def place_district(self, name: str, province: str | None = None) -> Place | None:
        places = self.district_places(name)
        if province:
            places = {p for p in places if p.province == province}
        provinces = {p.province for p in places}
        return Place(provinces.pop(), name) if len(provinces) == 1 else None

    def place_commune(self, name: str, province: str | None = None, district: str | None = None) -> Place | None:
        places = self.commune_places(name)
        if province:
            places = {p for p in places if p.province == province}
        if district:
            places = {p for p in places if p.district in (district, None)}
        provinces = {p.province for p in places}
        if len(provinces) != 1:
            return None
        districts = {p.district for p in places if p.district}
        return Place(provinces.pop(), districts.pop() if len(districts) == 1 else None, name)


    def district_type(self, name: str, province: str) -> str | None:
        """The administrative word of a district before 1 July 2025 ('huyện', 'thị xã', 'thành phố', 'quận')."""
        return self.district_types.get((province, name.casefold()))


def _db_path() -> Path | None:
    try:
        import vietnamadminunits
    except ImportError:
        return None
    path = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"
    return path if path.exists() else None


@cache
def gazetteer() -> Gazetteer:
    provinces: set[str] = set()
    districts: dict[str, set[Place]] = defaultdict(set)
    communes: dict[str, set[Place]] = defaultdict(set)
    types: dict[tuple[str, str], str] = {}
    path = _db_path()
    if path is None:
        return Gazetteer(provinces, {}, {})
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        for prov, dist, ward in conn.execute(
            "SELECT DISTINCT provinceShort, districtShort, wardShort FROM admin_units_legacy"
        ):
            provinces.add(prov)
            if dist:
                districts[dist.casefold()].add(Place(prov, dist))
            if ward:
                communes[ward.casefold()].add(Place(prov, dist, ward))
        for prov, dist, dtype in conn.execute(
            "SELECT DISTINCT provinceShort, districtShort, districtType FROM admin_units_legacy"
        ):
            if dist and dtype:
                types[(prov, dist.casefold())] = dtype.lower()
        for prov, ward in conn.execute("SELECT DISTINCT provinceShort, wardShort FROM admin_units"):
            provinces.add(prov)
            if ward:
                communes[ward.casefold()].add(Place(prov, None, ward))
    return Gazetteer(provinces, dict(districts), dict(communes), types)
