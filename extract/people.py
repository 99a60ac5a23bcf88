"""People and their positions: 'đồng chí <Name>, <Title>, <Title>', '<Name> - <Title>', signature blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from extract import units as U
from extract.gazetteer import gazetteer
from extract.lexicon import alternation, load
from extract.textutil import LOWER, UPPER

FAMILY_NAMES = set(load("people")["family_names"])
_NAME = rf"(?P<name>{UPPER}(?:'{UPPER})?{LOWER}*(?:\s+{UPPER}(?:'{UPPER})?{LOWER}*){{1,3}})(?!\w)"
# words that start a title, never a name: 'đồng chí Phó Bí thư …'
NOT_NAME_START = {"Phó", "Bí", "Trưởng", "Chủ", "Ủy", "Giám", "Chánh", "Tổng", "Thường", "Tỉnh", "Huyện", "Thành", "Quận",
                  "Ban", "Đảng", "Đại", "Chi", "Hội", "Bộ", "Thủ", "Thứ", "Cục", "Vụ", "Viện", "Chỉ", "Quyền", "Nguyên", "Các"}
_HONOR = re.compile(r"(?<![\w])(?:đồng chí|Đồng chí|đ/c|Đ/c|ông|Ông|bà|Bà)\s+" + _NAME)
_NAME_DASH = re.compile(_NAME + r"\s*[-–,]\s*(?=(?:" + alternation(load("people")["position_heads"]) + r")\s)")

_TITLE_TAIL = re.compile(r"(?:\s+(?:[A-ZÀ-ỸĐ][\w]*|kiểm tra|chỉ đạo|công tác)){1,4}")


_COORDINATED = re.compile(r"\s*(?:,|và)\s*" + _NAME)
_NAME_AS_PLACE = re.compile(r"(?:tỉnh|huyện|xã|phường|quận|thị xã|thành phố)\s" + _NAME)
_ADMIN_BEFORE = re.compile(r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|TP\.?)\s+$", re.I)


def _is_place(name: str) -> bool:
    """'Lâm Đồng', 'Hà Nam': a province or district the gazetteer knows is no person's name."""
    g = gazetteer()
    return bool(g.province(name) or g.district_places(name))


@dataclass
class PersonHit:
    name: str
    positions: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0
    units: list[str] = field(default_factory=list)


@cache
def _position_rx() -> re.Pattern:
    # titles are written 'Ủy viên' and 'ủy viên' alike after a name
    return re.compile(r"(?<![\w])(?:" + alternation(load("people")["position_heads"]) + r")(?![\w])", re.I)


def read_positions(text: str, pos: int) -> tuple[list[tuple[str, int, int]], int]:
    """Titles after a name: ', Phó Bí thư Thường trực Huyện ủy, Trưởng Ban …' → [(title, start, end)…]."""
    rx = _position_rx()
    out = []
    i = pos
    while True:
        m = re.match(r"\s*(?:,|-|–|\(|kiêm)?\s*", text[i:])
        j = i + (m.end() if m else 0)
        pm = rx.match(text, j)
        if not pm:
            break
        end = pm.end()
        # the unit the position belongs to, if one follows ('Trưởng Ban' + 'Ban Tổ chức Tỉnh ủy')
        parsed = None
        if pm.group(0).lower().endswith(" ban"):
            parsed = U.parse_at(text, end - 3)
        k = end + 1 if text[end:end + 1] == " " else end
        if parsed is None:
            parsed = U.parse_at(text, k) if k != end else None
        if parsed:
            end = parsed[1]
        else:
            tail = _TITLE_TAIL.match(text, end)  # matched in place: no copy of the rest of the text per hit
            if tail and pm.group(0) in ("Trưởng", "Phó Trưởng", "Trưởng Đoàn", "Phó Trưởng Đoàn", "Thành viên"):
                end = tail.end()
        title = re.sub(r"\s+", " ", text[j:end]).strip()
        if title in ("Kiêm", "kiêm", "nguyên"):
            i = end
            continue
        out.append((title, j, end))
        i = end
        if len(out) >= 5:
            break
    return out, i


def find_people(text: str) -> list[PersonHit]:
    hits: dict[str, PersonHit] = {}
    order: list[str] = []
    for rx in (_HONOR, _NAME_DASH):
        for m in rx.finditer(text):
            name = m.group("name")
            words = name.split()
            # trim trailing words that start a position ('Nguyễn Văn A Bí' cannot happen; 'Ngô Ngọc Khánh Phó')
            while len(words) > 2 and words[-1] in ("Phó", "Bí", "Trưởng", "Chủ", "Ủy", "Giám"):
                words.pop()
            name = " ".join(words)
            honorific = rx is _HONOR
            if len(words) < 2 or words[0] in NOT_NAME_START or (not honorific and words[0] not in FAMILY_NAMES):
                continue
            if not honorific and _ADMIN_BEFORE.search(text[max(0, m.start("name") - 12):m.start("name")]):
                continue  # 'huyện Thạch Thành, nguyên …': a place's name ends a unit, it names no one
            end_name = m.start("name") + len(name)
            found = [(name, m.start("name"), end_name)]
            if honorific:  # 'các đồng chí Trần Thị A, Lê Văn B và Phạm C': one honorific for the names it lists
                k = end_name
                while (cm := _COORDINATED.match(text, k)) is not None and cm.group("name").split()[0] in FAMILY_NAMES:
                    found.append((cm.group("name"), cm.start("name"), cm.end("name")))
                    k = cm.end("name")
            for person, s0, e0 in found:
                positions, _ = read_positions(text, e0)
                key = person.casefold()
                if key not in hits:
                    hits[key] = PersonHit(person, [], s0, e0)
                    order.append(key)
                for title, _s, _e in positions:
                    if title not in hits[key].positions:
                        hits[key].positions.append(title)
    # titles written before the name: 'Bí thư Đảng ủy phường Thủ Dầu Một Nguyễn Hoàng Phúc cho biết', 'Tổng Bí thư Tô Lâm'
    for pm in _position_rx().finditer(text):
        start = pm.end() - 3 if pm.group(0).lower().endswith(" ban") else pm.end() + 1
        title_unit = U.parse_at(text, start)
        end_of_title: int
        if title_unit:
            end_of_title = title_unit[1]
        else:
            if not pm.group(0)[:1].isupper() or pm.group(0) in ("Kiêm", "kiêm", "nguyên", "Thành viên", "Ủy viên"):
                continue
            end_of_title = pm.end()  # the name right after the title, no unit between
        nm = re.match(r" " + _NAME, text[end_of_title:])
        if not nm and title_unit is not None:
            # 'Chủ tịch UBND tỉnh Trần Văn Sơn': a name the gazetteer does not know, read as the unit's place
            tail = next((t for t in _NAME_AS_PLACE.finditer(text, start, end_of_title + 40)
                         if t.start("name") < end_of_title <= t.end("name")), None)
            if tail and tail.group("name").split()[0] in FAMILY_NAMES \
                    and not _is_place(tail.group("name")) and not gazetteer().commune_places(tail.group("name")):
                end_of_title = tail.start("name") - 1
                nm = re.match(r" " + _NAME, text[end_of_title:])
        if not nm:
            continue
        words = nm.group("name").split()
        while len(words) > 2 and words[-1] in ("Phó", "Bí", "Trưởng", "Chủ", "Ủy", "Giám"):
            words.pop()
        if words[0] not in FAMILY_NAMES or len(words) < 2 or _is_place(" ".join(words)):
            continue
        name = " ".join(words)
        key = name.casefold()
        title = re.sub(r"\s+", " ", text[pm.start():end_of_title])
        if key not in hits:
            s0 = end_of_title + 1
            hits[key] = PersonHit(name, [], s0, s0 + len(name))
            order.append(key)
        if title not in hits[key].positions:
            hits[key].positions.append(title)
    return [hits[k] for k in order]
