"""Resolution: the places a document establishes, canonical names with locality and parent, one entry per unit."""

from __future__ import annotations

import re
from collections import Counter

from extract.gazetteer import CITY_PROVINCES, gazetteer
from extract.lexicon import load
from extract.units.model import Mention, Places, ResolvedUnit, Spec
from extract.units.names import _fit_place, take_name
from extract.units.vocab import _cfg


def establish_places(mentions: list[Mention], text: str, hint: str | None = None,
                     prefer: Places | None = None) -> Places:
    """The province, district and commune a document establishes (one each, or none).

    `prefer` holds what the document's own issuer establishes: it settles a level the body
    names several candidates for."""
    g = gazetteer()
    provinces: Counter[str] = Counter()
    districts: Counter[tuple[str, str]] = Counter()
    communes: Counter[tuple[str, str]] = Counter()
    for mt in mentions:
        s = mt.spec.inner or mt.spec
        if not s.name:
            continue
        if s.level in ("province", "city") and (prov := g.province(s.name)):
            provinces[prov] += 1
        elif s.level in ("district", "city") and s.head not in ("named",):
            districts[(s.admin or _ADMIN_OF_HEAD.get(s.head, "thành phố"), s.name)] += 1
        elif s.level == "commune":
            communes[(s.admin or "xã", s.name)] += 1
    for m in re.finditer(r"(?<![\w])(tỉnh|thành phố|TP\.?)\s+", text):
        name, _ = take_name(text, m.end() - 1)
        if name and (prov := g.province(name)):
            provinces[prov] += 1
    for m in re.finditer(r"(?<![\w])(huyện|quận|thị xã)\s+", text):
        name, end = take_name(text, m.end() - 1)
        if name:
            name, _ = _fit_place(m.group(1), name, text, end)  # 'huyện Trần Văn Nam' names a person, no district
        if name:
            districts[(m.group(1), name)] += 1
    for m in re.finditer(r"(?<![\w])(?<!thị )(xã|phường|thị trấn)\s+", text):
        name, end = take_name(text, m.end() - 1)
        if name:
            name, _ = _fit_place(m.group(1), name, text, end)
        if name:
            communes[(m.group(1), name)] += 1
    if hint and (prov := g.province(hint)):
        provinces[prov] += 3
    places = Places()
    district_names = {n for _, n in districts}
    if len(district_names) == 1:
        admin, dname = next(iter(districts))
        places.district, places.district_admin = dname, admin
    commune_names = {n for _, n in communes}
    if len(commune_names) == 1:
        admin, cname = next(iter(communes))
        places.commune, places.commune_admin = cname, admin
    if len(provinces) == 1:
        places.province = next(iter(provinces))
    # a district or commune the gazetteer places in one province places its own units there (see _loc),
    # but it does not establish that province for the document's unqualified 'tỉnh' mentions
    if prefer is not None:  # the issuer's own locality settles what the body leaves open
        if prefer.province is None and (prefer.district or prefer.commune):
            # the issuer's own district or commune does establish its province ('UBND HUYỆN VÂN ĐỒN')
            pl = g.place_district(prefer.district) if prefer.district else g.place_commune(prefer.commune or "")
            if pl:
                prefer = Places(pl.province, prefer.district, prefer.district_admin, prefer.commune, prefer.commune_admin)
        if prefer.province and places.province is None:
            places.province = prefer.province
        if prefer.district and places.district is None:
            places.district, places.district_admin = prefer.district, prefer.district_admin
        if prefer.commune and places.commune is None:
            places.commune, places.commune_admin = prefer.commune, prefer.commune_admin
    return places

_ADMIN_OF_HEAD = {"Huyện ủy": "huyện", "Quận ủy": "quận", "Thị ủy": "thị xã", "Huyện đoàn": "huyện", "Quận đoàn": "quận",
                  "Thị đoàn": "thị xã", "Thành ủy": "thành phố", "Thành đoàn": "thành phố"}


def _norm_name(name: str | None) -> str | None:
    if not name:
        return name
    return " ".join(w[:1].upper() + w[1:].lower() if w.isupper() and len(w) > 1 and not re.search(r"\d|-", w) and w not in ("THCS", "THPT", "TNCS", "HCM") else w for w in name.split())


def canonical(spec: Spec, places: Places) -> ResolvedUnit | None:
    """Canonical name, kind, level, locality and parent of one parsed unit phrase."""
    g = gazetteer()
    same = load("organizations")["same_unit"].get(spec.head, {})
    if spec.admin in same and spec.inner is None:  # 'Đoàn TNCS Hồ Chí Minh tỉnh' is the Tỉnh đoàn
        head = same[spec.admin]
        spec = Spec(head, spec.kind, _cfg()["youth"][head]["level"], name=spec.name)
    if spec.head == "body" or (spec.inner is not None and spec.head in ("Đảng đoàn", "Ban cán sự đảng", "Đảng ủy", "Đảng bộ", "Chi bộ")):
        inner = canonical(spec.inner, places) if spec.inner else None
        if inner is None:
            return None
        prefix = spec.body if spec.head == "body" else spec.head
        return ResolvedUnit(f"{prefix} {inner.name}", spec.kind, inner.level, inner.locality,
                            inner.name if spec.head == "body" else None)
    if spec.head == "central":
        return ResolvedUnit(spec.fixed or "", spec.kind, "central", None, None)
    name = _norm_name(spec.name)
    if spec.head == "named_org":
        base = spec.fixed or ""
        if spec.admin:
            base = base[: -len(spec.admin)].strip()
            return canonical(Spec(base, spec.kind, spec.level, admin=spec.admin, name=spec.name), places)
        full = f"{base} {name}" if name else base
        return ResolvedUnit(full, spec.kind, spec.level if spec.level not in ("city",) else None, None, None)
    if spec.head == "named":
        fixed = spec.fixed or ""
        if fixed.startswith("Sở ") and not re.search(r" (tỉnh|thành phố) ", fixed) and places.province:
            admin = "thành phố" if places.province in CITY_PROVINCES else "tỉnh"
            display = "Hồ Chí Minh" if places.province == "Hồ Chí Minh" else places.province
            return ResolvedUnit(f"{fixed} {admin} {display}", spec.kind, "province", _loc(g, places.province, "province"), None)
        return ResolvedUnit(fixed, spec.kind, spec.level, None, None)
    if spec.fixed:  # Khối, Ban Quản lý: as written
        if name is None and spec.admin in ("tỉnh", "thành phố") and places.province:
            name = "Hồ Chí Minh" if places.province == "Hồ Chí Minh" else places.province
        elif name is None and spec.admin and spec.admin == places.district_admin:
            name = places.district  # the one district the document establishes
        elif name is None and spec.admin and spec.admin == places.commune_admin:
            name = places.commune
        fixed = spec.fixed + (f" {name}" if name else "")
        loc = None
        prov = g.province(name) if name else None
        if prov:
            loc = {"province": prov, "district": None, "commune": None}
        elif name and spec.level in ("district", "commune"):
            loc = _loc(g, name, spec.level, places)
        return ResolvedUnit((_norm_name(fixed) or fixed) if fixed.isupper() else fixed, spec.kind, spec.level, loc, None)
    level = spec.level
    if spec.head in ("Tỉnh ủy", "Tỉnh đoàn"):
        name = name or places.province
        loc = _loc(g, name, "province")
        return ResolvedUnit(_join(spec.head, name), spec.kind, "province", loc, None)
    if spec.head in ("Thành ủy", "Thành đoàn"):
        prov = g.province(name) if name else None
        if name is None and places.province in CITY_PROVINCES:
            prov = places.province
        if prov and prov in CITY_PROVINCES or (prov and not name):
            display = "Thành phố Hồ Chí Minh" if prov == "Hồ Chí Minh" else prov
            return ResolvedUnit(_join(spec.head, display), spec.kind, "province", _loc(g, prov, "province"), None)
        if name:
            return ResolvedUnit(_join(spec.head, name), spec.kind, "district", _loc(g, name, "district", places), None)
        return ResolvedUnit(spec.head, spec.kind, None, None, None)
    if level == "district" and spec.head in ("Huyện ủy", "Quận ủy", "Thị ủy", "Huyện đoàn", "Quận đoàn", "Thị đoàn"):
        name = name or places.district
        return ResolvedUnit(_join(spec.head, name), spec.kind, "district", _loc(g, name, "district", places), None)
    if spec.admin:
        lvl = {"city": "province"}.get(level or "", level)
        if spec.admin == "thành phố" and name and g.province(name) is None and level == "city":
            lvl = "district"
        if name is None:
            if spec.admin == "thành phố" and places.province not in CITY_PROVINCES:
                if places.district_admin == "thành phố":
                    name, lvl = places.district, "district"
                else:
                    lvl = "district"
            elif lvl == "province" or (spec.admin == "thành phố" and places.province in CITY_PROVINCES):
                name = places.province
                lvl = "province"
            elif lvl == "district" and places.district_admin == spec.admin:
                name = places.district
            elif lvl == "commune" and places.commune_admin == spec.admin:
                name = places.commune
        if spec.admin == "thành phố" and name and g.province(name):
            lvl = "province"
        shown: str | None = name
        full = f"{spec.head} {spec.admin}" + (f" {shown}" if shown else "")
        return ResolvedUnit(full, spec.kind, lvl, _loc(g, name, lvl, places) if name else None, None)
    if spec.head == "Chi bộ":
        loc = _loc(g, places.commune, "commune", places) if places.commune else None
        return ResolvedUnit(f"Chi bộ {name}", spec.kind, "grassroots", loc, None)
    if name:
        return ResolvedUnit(f"{spec.head} {name}", spec.kind, "grassroots" if spec.kind.startswith("party") else None,
                            None, None)
    return ResolvedUnit(spec.head, spec.kind, level if level not in ("city",) else None, None, None)


def _join(head: str, name: str | None) -> str:
    return f"{head} {name}" if name else head


def _loc(g, name: str | None, level: str | None, places: Places | None = None) -> dict | None:
    if not name or not level:
        return None
    if level == "province":
        prov = g.province(name) or name
        return {"province": prov, "district": None, "commune": None}
    if level == "district":
        province = places.province if places else None
        pl = g.place_district(name, province) or (g.place_district(name) if province is None else None)
        # a district the gazetteer does not confirm stays unplaced: no fallback to the document's province
        return {"province": pl.province if pl else None, "district": name, "commune": None}
    if level == "commune":
        province = places.province if places else None
        district = places.district if places else None
        pl = g.place_commune(name, province, district)
        return {"province": pl.province if pl else None, "district": pl.district if pl else None, "commune": name}
    return None


def resolve(mentions: list[Mention], places: Places) -> list[ResolvedUnit]:
    """One entry per unit, mentions gathered; an unqualified name merged into its one qualified form."""
    resolved = [(mt, canonical(mt.spec, places)) for mt in mentions]
    orgs = {ru.name for _, ru in resolved if ru and ru.kind != "committee_body" and ru.kind != "steering_committee"}
    expand = {}
    parents = {ru.parent for _, ru in resolved if ru and ru.parent}
    for short in orgs | parents:
        longer = [n for n in orgs if n.startswith(short + " ")]
        if len(longer) == 1 and (short not in ("Đảng ủy", "Đảng bộ") or _own_locality(longer[0], short, places)):
            # a bare 'Đảng ủy' is any party committee: it takes only the one of the locality the document establishes
            expand[short] = longer[0]
    units: dict[str, ResolvedUnit] = {}
    for mt, ru in resolved:
        if ru is None or not ru.name:
            continue
        if ru.parent in expand:
            long_parent = expand[ru.parent]
            ru.name = ru.name[: len(ru.name) - len(ru.parent)] + long_parent
            ru.parent = long_parent
        key = ru.name.casefold()
        if key in units:
            units[key].mentions.append((mt.start, mt.end, mt.text))
        else:
            ru.mentions.append((mt.start, mt.end, mt.text))
            units[key] = ru
    # 'Đảng ủy Khối' → 'Đảng ủy Khối các Cơ quan và Doanh nghiệp tỉnh' when that is the only longer form
    names = list(units)
    for short in names:
        longer = [n for n in names if n != short and n.startswith(short + " ") and n in units]
        if len(longer) == 1 and short in units:
            target = units[longer[0]]
            target.mentions.extend(units.pop(short).mentions)
    # parents named by canonical form; re-point parents merged away
    final = list(units.values())
    for u in final:
        if u.parent and u.parent.casefold() not in units:
            for n in units:
                if n.startswith(u.parent.casefold() + " "):
                    u.parent = units[n].name
                    break
    # a nested body whose parent is a bare head with a bare-headed body: drop bare generic heads
    return [u for u in final if not _bare_generic(u)]

def _own_locality(name: str, head: str, places: Places) -> bool:
    own = {f"{head} {places.commune_admin} {places.commune}" if places.commune else "",
           f"{head} {places.district_admin} {places.district}" if places.district else ""}
    return name in own


_BARE = frozenset(load("unit_words")["bare_heads"])


_UNNAMED_LOWER_LEVEL = re.compile(r"\s(?:huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)$")


def _bare_generic(u: ResolvedUnit) -> bool:
    """A bare head, or a district/commune-level body the document does not name ('Công an xã' in a law,
    'UBND phường' where no ward is established): every such body, no one unit."""
    return u.name in _BARE or bool(_UNNAMED_LOWER_LEVEL.search(u.name))
