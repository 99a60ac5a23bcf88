"""The issuer: the left column of capital lines read as one unit name, completed where a page lost a line."""

from __future__ import annotations

import re
from dataclasses import replace

from extract import units as U
from extract.gazetteer import CITY_PROVINCES, gazetteer
from extract.lexicon import alternation, load
from extract.textutil import (
    LOWER,
    UPPER,
    Line,
    collapse,
    is_upper_line,
    title_case_name,
)


def _issuer(left: list[str]) -> str | None:
    if not left:
        return None
    joined = " ".join(title_case_name(collapse(c)) for c in left)
    mentions = U.find_mentions(joined)
    if not mentions:
        return None
    places = U.establish_places(mentions, joined)
    last = mentions[-1]
    spec = last.spec
    # a body printed under its committee: 'TỈNH ỦY TUYÊN QUANG / BAN TUYÊN GIÁO VÀ DÂN VẬN'
    if spec.head == "body" and spec.inner is None:
        return None
    ru = U.canonical(_province_admin(spec), places)
    if ru is None:
        return None
    organ = _organ_of_organization(joined, mentions, places)
    if organ:
        return organ
    # body under its committee, e.g. 'Ban Tuyên giáo và Dân vận' + 'Tỉnh ủy Tuyên Quang'
    body_only = re.fullmatch("(" + alternation(load("header")["bodies_under_committee"]) + ")", title_case_name(left[-1]), re.I)
    if body_only and len(mentions) >= 1:
        committee = U.canonical(mentions[0].spec, places)
        if committee:
            body = next((b for b in load("units")["bodies"] if b.casefold() == body_only.group(1).casefold()), body_only.group(1))
            return f"{body} {committee.name}"
    return ru.name


def _organ_of_organization(joined: str, mentions: list[U.Mention], places: U.Places) -> str | None:
    """An organ line and its organization's line, in either order: 'BAN CHẤP HÀNH TRUNG ƯƠNG / ĐOÀN TNCS HỒ CHÍ MINH',
    'HỘI LIÊN HIỆP PHỤ NỮ TỈNH A / BAN THƯỜNG VỤ' → the organ of that organization."""
    organs = load("header")["committee_organs"]
    org = next((m for m in reversed(mentions) if m.spec.kind == "mass_organization"), None)
    if org is None:
        return None
    before, after = joined[:org.start].strip(), joined[org.end:].strip()
    organ = next((o for o in organs if o.casefold() in (before.casefold(), after.casefold())), None)
    if organ is None or (before and after):
        return None
    ru = U.canonical(_province_admin(org.spec), places)
    return f"{organ} {ru.name}" if ru else None


def _province_admin(spec: U.Spec) -> U.Spec:
    """'HỘI LIÊN HIỆP PHỤ NỮ PHÚ YÊN': a header drops 'tỉnh' before a province's name; the name keeps it."""
    if spec.admin is None and spec.name and spec.head not in ("central", "named", "named_org", "body"):
        province = gazetteer().province(spec.name)
        if province:
            admin = "thành phố" if province in CITY_PROVINCES else "tỉnh"
            return replace(spec, admin=admin, level="province")
    return spec


def _wrapped_place(ls: list[Line], i: int, text: str, place: str) -> str:
    """'Mỹ / Tho, ngày …': the place's first word wrapped to the line above, rejoined when the gazetteer knows the whole."""
    if i == 0 or not text.lstrip().startswith(place):
        return place
    prev = ls[i - 1].stripped
    if not re.fullmatch(rf"{UPPER}{LOWER}*(?:\s+{UPPER}{LOWER}*)?", prev):
        return place
    whole = f"{prev} {place}"
    g = gazetteer()
    return whole if g.province(whole) or g.district_places(whole) or g.commune_places(whole) else place


def _caps_prefix(s: str) -> tuple[str, str]:
    """'ĐẢNG ỦY XÃ TAM AN Tam An' → ('ĐẢNG ỦY XÃ TAM AN', 'Tam An'): a capital column run into the next one."""
    m = re.match(rf"^((?:{UPPER}+\s+){{2,}}{UPPER}+)\s+({UPPER}{LOWER}.*)$", s)
    return (m.group(1), m.group(2)) if m else ("", s)


def _has_locality(issuer: str) -> bool:
    """A local body names its locality ('Ủy ban nhân dân tỉnh Hưng Yên'); a central one needs none."""
    mentions = U.find_mentions(issuer)
    if not mentions:
        return True
    spec = mentions[-1].spec
    while spec.inner is not None:
        spec = spec.inner
    # only a state body is placed by its seat: a mass organization's central committee sits in Hà Nội too
    return spec.kind != "state_body" or spec.head in ("central", "named", "named_org") or bool(spec.name or spec.admin or spec.fixed)


def _complete_issuer(left: list[str], where: str) -> str | None:
    """A bare local issuer ('ỦY BAN NHÂN DÂN', its locality line lost by the page) placed in the province the
    header's date line or the portal's table names, when the gazetteer confirms a province of that name."""
    where = collapse(where)
    named = re.search(r"(?:^|\s)(?:tỉnh|thành\s+phố|tp\.?)\s+(.+)$", where, re.I)  # 'UBND tỉnh Hà Giang', 'Tỉnh An Giang'
    name = named.group(1) if named else where
    province = gazetteer().province(name)
    if province is None:
        return None
    admin = "THÀNH PHỐ" if province in CITY_PROVINCES else "TỈNH"
    display = "Hồ Chí Minh" if province == "Hồ Chí Minh" else province
    return _issuer([*left, f"{admin} {display.upper()}"])


def _is_unit_line(s: str) -> bool:
    """A line that is one unit's name and nothing else ('ỦY BAN NHÂN DÂN TỈNH BẮC NINH')."""
    t = title_case_name(collapse(s)) if is_upper_line(s) else collapse(s)
    mentions = U.find_mentions(t)
    return len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end >= len(t.rstrip(" .:"))
