"""The recursive phrase parser: `parse_at(text, pos)` reads one unit phrase starting at `pos`."""

from __future__ import annotations

import re

from extract.units.model import Spec
from extract.units.names import (
    _after_admin,
    _continues_lower,
    _place_name,
    _take_agency_name,
    _take_cell_name,
    take_name,
    take_proper_name,
    take_whole_name,
)
from extract.units.tasks import parse_task_body
from extract.units.vocab import (
    _ALWAYS_STOP,
    _cfg,
    _group_key,
    _level_of,
    _named_forms,
    _patterns,
    _placed_bodies,
    _task_heads,
)


def _folded(form: str) -> str:
    """A written form compared with the data: single-spaced, case-folded, hyphens spaced alike."""
    return re.sub(r"\s*[-–]\s*", " - ", re.sub(r"\s+", " ", form)).casefold()


def parse_at(text: str, pos: int, *, in_body: bool = False) -> tuple[Spec, int] | None:
    """Parse a unit phrase starting exactly at `pos`; returns its Spec and end offset."""
    p = _patterns()
    c = _cfg()
    m = p["central"].match(text, pos)
    if m:
        key = _group_key(m, c["central"])
        return Spec("central", c["central"][key]["kind"], "central", fixed=key), m.end()
    m = p["combined"].match(text, pos)
    if m:
        body, committee = c["combined_abbreviations"][m.group(0)]
        if committee in c["state"]:  # 'TTHĐND tỉnh': the standing body of a council, its level after it
            admin, name, end = _after_admin(text, m.end())
            state = Spec(committee, "state_body", _level_of(admin), admin=admin, name=name)
            return Spec("body", "state_body", state.level, body=body, inner=state), end if admin else m.end()
        level = c["committees"].get(committee, {}).get("level", "grassroots")
        inner = Spec(committee, "party_committee", level)
        name, end = take_name(text, m.end())
        inner.name = name
        return Spec("body", "committee_body", level, body=body, inner=inner), end if name else m.end()
    m = p["institution"].match(text, pos)
    if m:
        parsed = _parse_institution(text, m)
        if parsed:
            return parsed
    m = p["bql"].match(text, pos)
    if m:
        what = m.group(1) or m.group(2)
        what = c["expansions"].get(what, what)
        admin, name, end = _after_admin(text, m.end())
        if admin is None and not what.startswith("dự án"):
            place, pend = _place_name(text, m.end())  # 'Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ'
            if place:
                fixed = f"Ban Quản lý các {what} {place}"
                return Spec("named", "state_body", "province", fixed=fixed), pend
        if not admin:
            return None  # 'Ban Quản lý dự án phải lập …' in a regulation: any such board, no one unit
        fixed = f"Ban Quản lý các {what}" if not what.startswith("dự án") else f"Ban Quản lý {what}"
        fixed += f" {admin}" if admin else ""
        return Spec("Ban Quản lý", "state_body", _level_of(admin) or "province", admin=admin, name=name, fixed=fixed), end
    m = p["body"].match(text, pos)
    if m and not in_body:
        body = _group_key(m, c["bodies"])
        j = m.end()
        cm = re.match(r"\s+(?:của\s+)?", text[j:])
        k = j + (cm.end() if cm else 0)
        parsed = parse_at(text, k, in_body=True) if text[k:k + 1].isupper() else None
        if parsed:
            inner, end = parsed
            kind = "steering_committee" if body == "Ban Chỉ đạo" else "committee_body"
            if inner.kind == "state_body" and kind == "committee_body":
                kind = "state_body"
            return Spec("body", kind, inner.level, body=body, inner=inner), end
        task = parse_task_body(text, body, j) if body in _task_heads() else None
        if task or not p["named_org"].match(text, pos):
            return task
        # else a named body that starts like one ('Văn phòng Điều phối nông thôn mới huyện'): read below
    m = p["committee"].match(text, pos)
    if m:
        key = _group_key(m, c["committees"])
        admin, name, end = _after_admin(text, m.end())
        if not (admin in ("tỉnh", "thành phố") and name):
            name, end = take_name(text, m.end())
        return Spec(key, "party_committee", c["committees"][key]["level"], name=name), end if name else m.end()
    m = p["party"].match(text, pos)
    if m:
        return _parse_party(text, m)
    m = p["youth"].match(text, pos)
    if m:
        key = _group_key(m, c["youth"])
        name, end = take_name(text, m.end())
        return Spec(key, "mass_organization", c["youth"][key]["level"], name=name), end if name else m.end()
    m = p["mass"].match(text, pos)
    named = p["named_org"].match(text, pos)
    if m and not (named and named.end() > m.end()):  # the longer name wins: 'Công đoàn các Khu công nghiệp'
        key = _group_key(m, c["mass"])
        im = re.compile(r"\s+(?:(cơ sở)\s+)?").match(text, m.end())
        inst = p["institution"].match(text, im.end()) if im else None
        parsed_inst = _parse_institution(text, inst) if inst else None
        if im and parsed_inst and parsed_inst[0].head == "named":  # 'Công đoàn cơ sở Công ty TNHH …'
            head = f"{key} {im.group(1)}" if im.group(1) else key
            spec = Spec("named", "mass_organization", "grassroots", fixed=f"{head} {parsed_inst[0].fixed}",
                        inner=parsed_inst[0])
            return spec, parsed_inst[1]
        admin, name, end = _after_admin(text, m.end())
        if admin is None:
            name, end = take_whole_name(text, m.end())
            if not name:
                end = m.end()
        return Spec(key, "mass_organization", _level_of(admin), admin=admin, name=name), end
    m = p["state"].match(text, pos)
    if m:
        key = _group_key(m, c["state"])
        admin, name, end = _after_admin(text, m.end())
        if admin is None:
            name, end = take_whole_name(text, m.end())
            if not name:
                end = m.end()
        return Spec(key, "state_body", _level_of(admin), admin=admin, name=name), end
    m = p["named_org"].match(text, pos)
    if m and not p["not_body"].match(text, pos):
        found = next((v for k, v in _named_forms().items() if _folded(k) == _folded(m.group(1))), None)
        if found is None:
            return None
        key = found
        admin, name, end = _after_admin(text, m.end())
        if admin is None:
            name, end = _place_name(text, m.end())
            if name is None and key in _placed_bodies():
                return None  # 'vận hành Trung tâm Phục vụ hành chính công': one in every commune, no unit
        fixed = key + (f" {admin}" if admin else "")
        return Spec("named_org", c["named_orgs"][key]["kind"], _level_of(admin), admin=admin, name=name, fixed=fixed), end
    m = p["task"].match(text, pos)
    if m:
        head = next((h for h in _task_heads() if _folded(h) == _folded(m.group(1))), "Ban Chỉ đạo")
        parsed = parse_task_body(text, head, m.end())
        if parsed:
            return parsed
    m = p["phong"].match(text, pos)
    if m:
        name = c["agency_abbreviations"].get(m.group(1), m.group(1))
        name = re.sub(r"\s*[-–]\s*", " - ", name.replace("PTNT", "Phát triển nông thôn"))
        admin, place, end = _after_admin(text, m.end())
        fixed = f"Phòng {name}" + (f" {admin}" if admin else "")
        return Spec("named_org", "state_body", "district", admin=admin, name=place, fixed=fixed), end if admin else m.end()
    m = p["so"].match(text, pos)
    if m:
        am = p["agency"].match(text, m.end()) or p["agency_abbr"].match(text, m.end())
        abbr = {k.casefold(): v for k, v in c["agency_abbreviations"].items()}
        if am and am.group(1).casefold() in abbr:
            name, end = abbr[am.group(1).casefold()], am.end()
        elif am:
            end = am.end()
            name = next((a for a in c["agencies"] if a.casefold() == am.group(1).casefold()), am.group(1))
            name = name.replace("PTNT", "Phát triển nông thôn")
            name = re.sub(r"\s*[-–]\s*", " - ", name)
        else:
            name, end = _take_agency_name(text, m.end() - 1)
            if name and _continues_lower(text, end):
                return None  # 'Bộ Tư lệnh …': never cut a name after its first syllable
            if name and (name.split()[0] in _ALWAYS_STOP or not any(w[0].islower() for w in name.split()[1:])):
                return None  # not a known agency and no agency-like name: 'Bộ Trưởng …', a heading in capitals
        if name:
            level = "central" if m.group(1) == "Bộ" else "province"
            fixed = f"{m.group(1)} {name}"
            spec = Spec("named", "state_body", level, fixed=fixed)
            admin, place, end2 = _after_admin(text, end)
            if admin in ("tỉnh", "thành phố") and place:
                spec.fixed = f"{fixed} {admin} {place}"
                end = end2
            elif admin in ("tỉnh", "thành phố"):
                spec.admin = admin
                end = end2
            return spec, end
    return None


def _parse_institution(text: str, m: re.Match) -> tuple[Spec, int] | None:
    """'Trường Tiểu học Kim Thượng', 'Bệnh viện đa khoa huyện Krông Nô', 'HTX nông nghiệp Tường Lộc'."""
    c = _cfg()
    form = next((k for k in c["institutions"] if _folded(k) == _folded(m.group(1))), None)
    if form is None:
        return None
    entry = c["institutions"][form]
    canon = entry["canonical"]
    admin, place, end = _after_admin(text, m.end())
    if admin:  # 'Bệnh viện đa khoa huyện' takes the district the document establishes
        return Spec("named_org", entry["kind"], _level_of(admin), admin=admin, name=place, fixed=f"{canon} {admin}"), end
    name, end = take_proper_name(text, m.end())
    if not name:
        return None
    return Spec("named", entry["kind"], None, fixed=f"{canon} {name}"), end



def _parse_party(text: str, m: re.Match) -> tuple[Spec, int] | None:
    p = _patterns()
    head = m.group(1)
    head = {"đảng ủy": "Đảng ủy", "đảng bộ": "Đảng bộ", "chi bộ": "Chi bộ", "đảng đoàn": "Đảng đoàn"}.get(
        head.lower(), "Ban cán sự đảng"
    )
    kind = "party_committee" if head == "Đảng ủy" else "party_organization"
    j = m.end()
    if head in ("Đảng đoàn", "Ban cán sự đảng"):
        cm = re.match(r"\s+(?:cơ quan\s+)?", text[j:])
        k = j + (cm.end() if cm else 0)
        parsed = parse_at(text, k, in_body=True)
        if parsed and parsed[0].head != "central":
            inner, end = parsed
            return Spec(head, "party_organization", inner.level, inner=inner), end
        if parsed and parsed[0].fixed in ("Quốc hội", "Chính phủ"):
            inner, end = parsed
            return Spec(head, "party_organization", "central", inner=inner), end
        return None
    hm = p["party_host"].match(text, j)
    if hm:
        host = next((v for k, v in _cfg()["party_hosts"].items() if _folded(k) == _folded(hm.group(1))), hm.group(1))
        admin, name, end = _after_admin(text, hm.end())
        fixed = f"{head} {host}" + (f" {admin}" if admin else "")
        return Spec(head, kind, _level_of(admin) or "grassroots", admin=admin, name=name, fixed=fixed), end if admin else hm.end()
    sm = re.match(r"\s+", text[j:])
    if sm and (p["institution"].match(text, j + sm.end()) or p["named_org"].match(text, j + sm.end())):
        parsed = parse_at(text, j + sm.end(), in_body=True)
        if parsed and parsed[0].head in ("named", "named_org"):
            inner, end = parsed
            return Spec(head, kind, inner.level, inner=inner), end
    if head in ("Đảng ủy", "Đảng bộ"):  # 'Đảng bộ Ủy ban nhân dân huyện X': the party organization of a state body
        sm = re.match(r"\s+", text[j:])
        if sm:
            k = j + sm.end()
            if p["state"].match(text, k) or p["central"].match(text, k):
                parsed = parse_at(text, k, in_body=True)
                if parsed and parsed[0].kind == "state_body":
                    inner, end = parsed
                    return Spec(head, kind, inner.level, inner=inner), end
    km = p["khoi"].match(text, j)
    if km:
        phrase = re.sub(r"\s+", " ", km.group(0).strip())
        admin, name, end = _after_admin(text, km.end())
        fixed = f"{head} {phrase}" + (f" {admin}" if admin else "")
        return Spec(head, kind, "province", admin=admin, name=name, fixed=fixed), end if admin else km.end()
    admin, name, end = _after_admin(text, j)
    if admin:
        return Spec(head, kind, _level_of(admin), admin=admin, name=name), end
    if head == "Chi bộ":
        name, end = _take_cell_name(text, j)
    else:
        name, end = take_whole_name(text, j, max_tokens=5)
    if head == "Chi bộ" and name is None:
        return None
    if name:
        return Spec(head, kind, "grassroots", name=name), end
    return Spec(head, kind, None), j
