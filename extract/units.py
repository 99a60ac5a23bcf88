"""Organizational units: find mentions, give each a canonical name, kind, level, locality, parent.

`find_mentions(text)` reads unit phrases with a small recursive parser (a body such as
"Ban Thường vụ" over a committee such as "Huyện ủy Tiên Lãng"); `resolve(...)` names them
canonically, fills an unqualified mention with the locality the document establishes, and
gathers all mentions of one unit into one entry. Tables live in data/units.json.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from extract.gazetteer import CITY_PROVINCES, gazetteer
from extract.lexicon import alternation, load

_TOKEN = re.compile(r"[^\s,.;:()\"“”'‘’!?/]+")


@dataclass
class Spec:
    """A parsed unit phrase, before locality resolution."""

    head: str  # 'Tỉnh ủy', 'Đảng bộ', 'Chi bộ', 'Liên đoàn Lao động', 'Ủy ban nhân dân', 'central', 'named' …
    kind: str
    level: str | None = None  # province | city | district | commune | grassroots | central
    admin: str | None = None  # the administrative word as written: tỉnh, huyện, xã …
    name: str | None = None  # locality or proper name
    fixed: str | None = None  # a canonical name settled by the text itself
    body: str | None = None
    inner: Spec | None = None


@dataclass
class Mention:
    start: int
    end: int
    text: str
    spec: Spec


@dataclass
class Places:
    province: str | None = None
    district: str | None = None
    district_admin: str | None = None
    commune: str | None = None
    commune_admin: str | None = None


@dataclass
class ResolvedUnit:
    name: str
    kind: str
    level: str | None
    locality: dict | None
    parent: str | None
    mentions: list[tuple[int, int, str]] = field(default_factory=list)


@cache
def _cfg() -> dict:
    """units.json with the organization vocabulary of organizations.json merged in (copies; the loaded data stay as read)."""
    c = dict(load("units"))
    o = load("organizations")
    named = {k: {"kind": v["kind"], "also": []} for k, v in c["named_orgs"].items()}
    for k, v in o["place_bodies"].items():
        named[k] = {"kind": v["kind"], "also": list(v.get("also", []))}
    c["named_orgs"] = named
    central = {**c["central"], **o["central_bodies"]}
    # at one position the longest name wins: 'Ban Chấp hành Trung ương Đoàn …' before 'Ban Chấp hành Trung ương'
    c["central"] = dict(sorted(central.items(), key=lambda kv: -len(kv[0])))
    c["not_bodies"] = list(o["not_bodies"]["forms"])
    c["party_hosts"] = {k: v for k, v in o["party_hosts"].items() if not k.startswith("_")}
    c["institutions"] = {k: v for k, v in o["institutions"].items() if not k.startswith("_")}
    return c


@cache
def _named_forms() -> dict[str, str]:
    """Every written form of a named organization (casefolded, single-spaced) -> its canonical key."""
    out: dict[str, str] = {}
    for key, v in _cfg()["named_orgs"].items():
        for form in [key, *v.get("also", [])]:
            out[form.casefold()] = key
    return out


@cache
def _placed_bodies() -> frozenset[str]:
    """Bodies that exist once per locality: a mention names one only with its place."""
    return frozenset(load("organizations")["place_bodies"])


def _place_name(text: str, pos: int) -> tuple[str | None, int]:
    """A name right after a body's head without an administrative word: taken only when it is a place
    the gazetteer knows ('Công an Tiên Lãng'), never a heading's next word ('Thanh tra Xét …')."""
    name, end = take_name(text, pos)
    if name and _is_place(name):
        return name, end
    return None, pos


def _is_place(name: str) -> bool:
    g = gazetteer()
    return bool(name == "Việt Nam" or g.province(name) or g.district_places(name) or g.commune_places(name))


def _spaced(form: str) -> str:
    """A literal form as a regex; its spaces match any run of white space (line breaks in headers)."""
    return re.sub(r"(?:\\ | )", r"\\s+", re.escape(form))


@cache
def _patterns() -> dict[str, re.Pattern]:
    c = _cfg()
    flags = re.I
    central = "|".join(f"(?P<c{i}>{v['pattern']})" for i, v in enumerate(c["central"].values()))
    return {
        "central": re.compile(rf"(?:{central})(?![\w])", flags),
        "combined": re.compile(rf"(?:{alternation(c['combined_abbreviations'])})(?![\w])"),
        "body": re.compile(
            "|".join(f"(?P<b{i}>{v})" for i, v in enumerate(c["bodies"].values())) + r"(?=\s)", flags
        ),
        "committee": re.compile(
            "|".join(f"(?P<k{i}>{v['pattern']})" for i, v in enumerate(c["committees"].values())) + r"(?![\w])", flags
        ),
        "youth": re.compile(
            "|".join(f"(?P<y{i}>{v['pattern']})" for i, v in enumerate(c["youth"].values())) + r"(?![\w])", flags
        ),
        "mass": re.compile(
            "|".join(f"(?P<m{i}>{v['pattern']})" for i, v in enumerate(c["mass"].values())) + r"(?![\w])", flags
        ),
        "state": re.compile(
            "|".join(f"(?P<s{i}>{v['pattern']})" for i, v in enumerate(c["state"].values())) + r"(?![\w])", flags
        ),
        "level_list": re.compile(rf"\s*(?:,|/|và|hoặc)\s*(?:{alternation(c['admin_levels'])})(?![\w])", re.I),
        "admin": re.compile(rf"(?:\s*\([A-ZĐ][A-ZĐ&-]{{1,11}}\))?\s+({alternation(c['admin_levels'])})(?![\w])", re.I),
        "party": re.compile(r"(Đảng ủy|Đảng bộ|Chi bộ|Đảng đoàn|Ban cán sự đảng)(?![\w])", flags),
        "khoi": re.compile(
            r"\s+Khối(?:\s+(?:các\s+)?(?:Cơ quan|Doanh nghiệp|Dân chính Đảng)(?:\s+và\s+Doanh nghiệp)?)?", flags
        ),
        "so": re.compile(r"(Sở|Bộ)\s+(?=[A-ZÀ-ỸĐ])"),
        "named_org": re.compile(r"(" + "|".join(_spaced(k) for k in sorted(_named_forms(), key=len, reverse=True)) + r")(?![\w])", re.I),
        "not_body": re.compile(r"(?:" + "|".join(_spaced(k) for k in sorted(_cfg()["not_bodies"], key=len, reverse=True)) + r")(?![\w])", re.I),
        "party_host": re.compile(r"\s+(" + "|".join(_spaced(k) for k in sorted(c["party_hosts"], key=len, reverse=True)) + r")(?![\w])"),
        "institution": re.compile(r"(" + "|".join(_spaced(k) for k in sorted(c["institutions"], key=len, reverse=True)) + r")(?![\w&])", re.I),
        "agency_abbr": re.compile(r"(" + alternation(c["agency_abbreviations"]) + r")(?![\w&-])"),
        "phong": re.compile(r"Phòng\s+(" + "|".join(re.escape(a).replace(r"\ \-\ ", r"\s*[-–]\s*") for a in sorted(c["agencies"] + list(c["agency_abbreviations"]), key=len, reverse=True)) + r")(?![\w&])"),
        "agency": re.compile("(" + "|".join(re.escape(a).replace(r"\ \-\ ", r"\s*[-–]\s*") for a in sorted(c["agencies"], key=len, reverse=True)) + r")(?![\w])", re.I),
        "bql": re.compile(
            r"Ban Quản lý\s+(?:các\s+)?(khu công nghiệp|KCN|khu kinh tế|KKT|dự án[^,.;\n]{0,90}?)(?=\s+(?:tỉnh|thành phố|huyện|quận|xã|phường)\s|[,.;\n]|$)", flags
        ),
        "task": re.compile(r"(" + "|".join(_spaced(k).replace(r"\-", r"\s*[-–]\s*") for k in sorted(_task_heads(), key=len, reverse=True)) + r")(?![\w])"),
    }


def _group_key(m: re.Match, table: dict) -> str:
    keys = list(table)
    for gname, value in m.groupdict().items():
        if value is not None:
            return keys[int(gname[1:])]
    raise ValueError("no group matched")


def _is_upper_start(s: str) -> bool:
    return bool(s) and s[0].isupper()


def take_name(text: str, pos: int, *, max_tokens: int = 4, allow_digits: bool = False) -> tuple[str | None, int]:
    """Capitalized words right after `pos` (one space apart): a locality or a proper name."""
    stop = set(_cfg()["name_stopwords"])
    from extract.people import FAMILY_NAMES
    tokens: list[str] = []
    end = pos
    i = pos
    while len(tokens) - tokens.count("-") < max_tokens:
        m = re.match(r"[ \t]", text[i:i + 1])
        if not m:
            break
        tm = _TOKEN.match(text, i + 1)
        if not tm:
            break
        tok = tm.group(0)
        ok = tok[0].isupper() or (allow_digits and tok[0].isdigit())
        if not ok or (tok in stop and not tokens) or (tok in _ALWAYS_STOP and not allow_digits):
            nxt_tok = _TOKEN.match(text, tm.end() + 1) if text[tm.end():tm.end() + 1] == " " else None
            ahead = [tok] + ([nxt_tok.group(0)] if nxt_tok else [])
            if not (ok and (_known_place_prefix(tokens + [tok]) or _known_place_prefix(tokens + ahead))):
                break
        if len(tokens) >= 2 and tok in FAMILY_NAMES:
            nxt = _TOKEN.match(text, tm.end() + 1)
            if nxt and nxt.group(0)[0].isupper() and text[tm.end():tm.end() + 1] == " ":
                break  # a person's name follows the place name
        if tok.isupper() and len(tok) > 1 and not allow_digits and not tokens and tok not in ("HCM",):
            break
        tokens.append(tok)
        i = tm.end()
        end = i
        hy = re.match(r" [-–] (?=[A-ZÀ-ỸĐ])", text[i:i + 4])
        if hy and len(tokens) < max_tokens and text[i + 3:i + 4].isupper():
            nxt = _TOKEN.match(text, i + 3)
            if nxt and nxt.group(0) not in _ALWAYS_STOP and not nxt.group(0).isupper():
                tokens.append("-")
                i = i + 2
    while tokens and tokens[-1] == "-":
        tokens.pop()
    if not tokens:
        return None, pos
    return " ".join(tokens), end


def _after_admin(text: str, pos: int) -> tuple[str | None, str | None, int]:
    """' tỉnh Bình Dương' → ('tỉnh', 'Bình Dương', end); ' huyện' → ('huyện', None, end)."""
    m = _patterns()["admin"].match(text, pos)
    if not m:
        return None, None, pos
    admin = m.group(1)
    k = m.end()
    if admin.upper() == "TP" and text[k:k + 1] == ".":
        k += 1
    if text[k:k + 1].isupper():  # 'TP.Tam Kỳ': the name glued to the abbreviation
        name, local_end = take_name(" " + text[k:k + 200], 0)
        end = k + local_end - 1
    else:
        name, end = take_name(text, k)
    if admin.upper().startswith("TP"):
        admin = "thành phố"
    return admin.lower(), name, end if name else m.end()


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
        what = m.group(1)
        what = c["expansions"].get(what, what)
        admin, name, end = _after_admin(text, m.end())
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
        if body in _task_heads():
            return _parse_task_body(text, body, j)
        return None
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
    if m:
        key = _group_key(m, c["mass"])
        admin, name, end = _after_admin(text, m.end())
        if admin is None:
            name, end = take_name(text, m.end())
            if not name:
                end = m.end()
        return Spec(key, "mass_organization", _level_of(admin), admin=admin, name=name), end
    m = p["state"].match(text, pos)
    if m:
        key = _group_key(m, c["state"])
        admin, name, end = _after_admin(text, m.end())
        if admin is None:
            name, end = take_name(text, m.end())
            if not name:
                end = m.end()
        return Spec(key, "state_body", _level_of(admin), admin=admin, name=name), end
    m = p["named_org"].match(text, pos)
    if m and not p["not_body"].match(text, pos):
        key = _named_forms()[re.sub(r"\s+", " ", m.group(1)).casefold()]
        admin, name, end = _after_admin(text, m.end())
        if admin is None:
            name, end = _place_name(text, m.end())
            if name is None and key in _placed_bodies():
                return None  # 'vận hành Trung tâm Phục vụ hành chính công': one in every commune, no unit
        fixed = key + (f" {admin}" if admin else "")
        return Spec("named_org", c["named_orgs"][key]["kind"], _level_of(admin), admin=admin, name=name, fixed=fixed), end
    m = p["task"].match(text, pos)
    if m:
        head = next(h for h in _task_heads() if h.casefold() == re.sub(r"\s+", " ", m.group(1)).casefold())
        parsed = _parse_task_body(text, head, m.end())
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
        if am and am.group(1) in c["agency_abbreviations"]:
            name, end = c["agency_abbreviations"][am.group(1)], am.end()
        elif am:
            end = am.end()
            name = next((a for a in c["agencies"] if a.casefold() == am.group(1).casefold()), am.group(1))
            name = name.replace("PTNT", "Phát triển nông thôn")
            name = re.sub(r"\s*[-–]\s*", " - ", name)
        else:
            name, end = _take_agency_name(text, m.end() - 1)
        if name:
            level = "central" if m.group(1) == "Bộ" else "province"
            spec = Spec("named", "state_body", level, fixed=f"{m.group(1)} {name}")
            admin, place, end2 = _after_admin(text, end)
            if admin in ("tỉnh", "thành phố") and place:
                spec.fixed += f" {admin} {place}"
                end = end2
            elif admin in ("tỉnh", "thành phố"):
                spec.admin = admin
                end = end2
            return spec, end
    return None


_CELL_END = {"và", "của", "đã", "được", "có", "là", "với", "tại", "trong", "về", "thực", "tổ", "tham", "đạt", "kết",
             "triển", "đề", "cho", "theo", "từ", "đến", "do", "thuộc", "trực", "nhận", "báo", "xây", "tiếp", "phối", "sẽ", "luôn",
             "vừa", "đang", "cùng", "các", "mới", "tiêu", "điển", "hoàn", "làm", "bầu", "gồm"}


def _take_cell_name(text: str, pos: int) -> tuple[str | None, int]:
    """A chi bộ's name: 'Quân sự', '4', 'Trường Tiểu học Hoàng Văn Thụ' (lower-case syllables inside a name)."""
    m = re.match(r"[ \t]((?:[\w-]+)(?:[ \t][\w-]+){0,9})", text[pos:])
    if not m:
        return None, pos
    words = m.group(1).split()
    out: list[str] = []
    lower_run = 0
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w[0].isupper() or w[0].isdigit():
            if w in ("Đảng",) and out:
                break
            out.append(w)
            lower_run = 0
        elif out and w not in _CELL_END and lower_run < 3 and (nxt[:1].isupper() or not nxt or nxt not in _CELL_END):
            out.append(w)
            lower_run += 1
        else:
            break
    while out and not (out[-1][0].isupper() or out[-1][0].isdigit()):
        # a trailing lower-case word is kept only when punctuation closes the name
        end_pos = pos + 1 + len(" ".join(out))
        if text[end_pos:end_pos + 1] in (",", ".", ";", "\n", ""):
            break
        out.pop()
    if not out:
        return None, pos
    name = " ".join(out)
    return name, pos + 1 + len(name)


def _take_agency_name(text: str, pos: int) -> tuple[str | None, int]:
    """'Sở Giáo dục và Đào tạo' → 'Giáo dục và Đào tạo': capitalized words, 'và' and lower-case tails."""
    m = re.match(r"\s+([A-ZÀ-ỸĐ][\w]*(?:\s+(?:[a-zà-ỹđ][\w]*|[A-ZÀ-ỸĐ][\w]*)){0,6})", text[pos:])
    if not m:
        return None, pos
    words = m.group(1).split()
    # stop at a verb-like lower-case word that follows a complete name: keep 'và X', lower-case tails of 2 words max
    out = [words[0]]
    for w in words[1:]:
        if w[0].isupper() or w == "và" or (len(out) < 3 and w in {"dục", "tạo", "vụ", "chính", "tế", "trường", "thông", "nghiệp", "hội", "xây", "dựng", "tin", "truyền", "học", "nghệ", "pháp", "an", "thương", "tư", "lao", "động", "binh", "xã", "du", "lịch", "thể", "thao", "hóa", "nông", "thôn", "đầu", "kế", "hoạch", "ngoại", "nội", "môi", "y"}):
            out.append(w)
        else:
            break
    while out and out[-1] == "và":
        out.pop()
    name = " ".join(out)
    return name, pos + m.start(1) + len(name)


def take_proper_name(text: str, pos: int, *, max_tokens: int = 6) -> tuple[str | None, int]:
    """An institution's proper name after its form: capitalized words (digits too), with at most two
    lower-case words inside it when a capitalized word follows them ('Giày da Tân Phú Hưng',
    'nông nghiệp Tường Lộc'). Ends on a capitalized word, before a person's name or a unit word."""
    from extract.people import FAMILY_NAMES
    words = list(re.finditer(r"[^\s,.;:()\"“”'‘’!?/]+", text[pos:pos + 160]))
    out: list[str] = []
    end = pos
    prev_end = 0
    lower: list[str] = []
    for k, w in enumerate(words):
        gap = text[pos + prev_end:pos + w.start()]
        if gap not in (" ", "\t") or len(out) >= max_tokens:
            break
        tok = w.group(0)
        prev_end = w.end()
        if tok[0].isupper() or (tok[0].isdigit() and out):
            if tok in _ALWAYS_STOP or tok in _ADMIN_WORDS_UPPER:
                ahead = [x.group(0) for x in words[k:k + 2]]
                if not _known_place_prefix(ahead):  # 'Năm Căn' is a place, 'Năm 2024' is not
                    break
            nxt = text[pos + w.end():pos + w.end() + 2]
            if len(out) >= 2 and tok in FAMILY_NAMES and nxt[:1] == " " and nxt[1:].isupper():
                break  # a person's name follows
            out.extend(lower)
            lower = []
            out.append(tok)
            end = pos + w.end()
        elif tok.isalpha() and len(lower) < 3 and tok not in _CELL_END:
            lower.append(tok)
        else:
            break
    if not out:
        return None, pos
    return " ".join(out), end


_ADMIN_WORDS_UPPER = {"Tỉnh", "Huyện", "Xã", "Phường", "Quận", "Thị", "TP", "TP."}


def _parse_institution(text: str, m: re.Match) -> tuple[Spec, int] | None:
    """'Trường Tiểu học Kim Thượng', 'Bệnh viện đa khoa huyện Krông Nô', 'HTX nông nghiệp Tường Lộc'."""
    c = _cfg()
    form = next(k for k in c["institutions"] if k.casefold() == re.sub(r"\s+", " ", m.group(1)).casefold())
    entry = c["institutions"][form]
    canon = entry["canonical"]
    admin, place, end = _after_admin(text, m.end())
    if admin and place:
        return Spec("named_org", entry["kind"], _level_of(admin), admin=admin, name=place, fixed=f"{canon} {admin}"), end
    name, end = take_proper_name(text, m.end())
    if not name:
        return None
    return Spec("named", entry["kind"], None, fixed=f"{canon} {name}"), end


@cache
def _task_heads() -> dict[str, str]:
    return dict(load("organizations")["task_bodies"]["heads"])


def _parse_task_body(text: str, head: str, j: int) -> tuple[Spec, int] | None:
    """A body named after its task: 'Ban Chỉ đạo cải cách hành chính (CCHC) của Chính phủ',
    'Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn thị xã X'. The task is read in lower case
    (a line break inside it is a space, a bracketed abbreviation is skipped, a known abbreviation
    expands); it ends before a verb or preposition, with a level and place or 'của' a central body."""
    data = load("organizations")["task_bodies"]
    abbr, stops, generic = data["abbreviations"], set(data["ends_before"]), set(data["generic_after"])
    seg = text[j:j + 400]
    stop = re.search(r"[.;:!?\"“”]|\n\s*\n|\n[-+•*]", seg)
    seg = seg[:stop.start()] if stop else seg
    seg = re.sub(r"\s*\([A-ZĐ][\wĐ&-]{1,11}\)", lambda m: " " * len(m.group(0)), seg).replace("\n", " ")
    words: list[str] = []
    word_ends: list[int] = []
    end = j
    tail = ""
    spec_admin: str | None = None
    spec_name: str | None = None
    comma = False
    for tm in _PHRASE_TOKEN.finditer(seg):
        tok = tm.group(0)
        at = j + tm.start()
        if tok == ",":
            if not words:
                return None
            comma = True
            continue
        if len(words) >= 24:
            return None
        low = tok[0].islower()
        if comma and not low:
            break
        if words and words[-1] != "-" and _patterns()["admin"].match(text.replace("\n", " "), at - 1) \
                and not re.match(r"xã\s+hội(?![\w])", text[at:at + 8], re.I):
            admin, name, aend = _after_admin(text.replace("\n", " "), at - 1)
            spec_admin, spec_name, end = admin, name, aend
            break
        if tok in generic:
            return None  # 'Ban Chỉ đạo CCHC cấp tỉnh': one in every province, no unit
        if tok == "của" and words:
            k = j + tm.end() + 1
            inner = parse_at(text.replace("\n", " "), k) if k < len(text) else None
            if inner and inner[0].head == "central":
                tail = f" của {inner[0].fixed}"
                end = inner[1]
            break
        if tok in stops or (not words and tok in _STEER_BAD_START):
            break
        if tok in abbr:
            words.append(abbr[tok])
        elif low or tok == "-" or tok[0].isdigit() or (words and tok[0].isupper() and tok not in _ALWAYS_STOP
                                                        and not _start_rx().match(text, at)):
            words.append((", " if comma else "") + tok)
        else:
            break
        comma = False
        end = j + tm.end()
        word_ends.append(end)
    while words and words[-1].lstrip(", ") in ("và", "-", "các", "trong") and not spec_admin and not tail:
        words.pop()
        word_ends.pop()
        end = word_ends[-1] if word_ends else j
    if len(" ".join(words).split()) < 2:
        return None
    phrase = " ".join(words).replace(" , ", ", ")
    kind = _task_heads()[head]
    fixed = f"{head} {phrase}{tail}"
    if spec_admin:
        return Spec("task", kind, _level_of(spec_admin), admin=spec_admin, name=spec_name, fixed=f"{fixed} {spec_admin}"), end
    return Spec("named", kind, "central" if tail else None, fixed=fixed), end


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
        host = _cfg()["party_hosts"][hm.group(1)]
        admin, name, end = _after_admin(text, hm.end())
        fixed = f"{head} {host}" + (f" {admin}" if admin else "")
        return Spec(head, kind, _level_of(admin) or "grassroots", admin=admin, name=name, fixed=fixed), end if admin else hm.end()
    sm = re.match(r"\s+", text[j:])
    if sm and (p["institution"].match(text, j + sm.end()) or p["named_org"].match(text, j + sm.end())):
        parsed = parse_at(text, j + sm.end(), in_body=True)
        if parsed and parsed[0].head in ("named", "named_org"):
            inner, end = parsed
            return Spec(head, kind, inner.level, inner=inner), end
    if head == "Đảng ủy":
        sm = re.match(r"\s+", text[j:])
        if sm:
            k = j + sm.end()
            if p["state"].match(text, k) or p["central"].match(text, k):
                parsed = parse_at(text, k, in_body=True)
                if parsed and parsed[0].kind == "state_body":
                    inner, end = parsed
                    return Spec(head, "party_committee", inner.level, inner=inner), end
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
        name, end = take_name(text, j, max_tokens=5)
    if head == "Chi bộ" and name is None:
        return None
    if name:
        return Spec(head, kind, "grassroots", name=name), end
    return Spec(head, kind, None), j


def _level_of(admin: str | None) -> str | None:
    if not admin:
        return None
    return _cfg()["admin_levels"].get(admin.lower()) or _cfg()["admin_levels"].get(admin)


@cache
def _start_rx() -> re.Pattern:
    c = _cfg()
    words = [v["pattern"] for v in c["central"].values()]
    words += list(c["combined_abbreviations"])
    words += list(c["bodies"].values())
    words += [v["pattern"] for group in ("committees", "youth", "mass", "state") for v in c[group].values()]
    words += ["Đảng ủy", "Đảng bộ", "Chi bộ", "Đảng đoàn", "Ban cán sự đảng", "Sở", "Bộ", "Ban Quản lý", "Phòng"]
    words += [_spaced(k).replace(r"\-", r"\s*[-–]\s*") for k in _task_heads()]
    words += [_spaced(k) for k in _named_forms()]
    words += [_spaced(k) for k in c["institutions"]]
    # never inside a document symbol ('1373/QĐ-UBND', '40/KH-UBND')
    in_symbol = r"(?<![\w/])(?<!/[A-ZĐ]-)(?<!/[A-ZĐ]{2}-)(?<!/[A-ZĐ]{3}-)(?<!/[A-ZĐ]{4}-)"
    return re.compile(in_symbol + r"(?:" + "|".join(words) + r")(?![\w])", re.I)


def _known_place_prefix(tokens: list[str]) -> bool:
    """'Mỹ Hội' starts 'Mỹ Hội Đông': a stop word inside a real place name does not end it."""
    prefix = " ".join(tokens).casefold()
    return len(tokens) >= 2 and prefix in _place_prefixes()


@cache
def _place_prefixes() -> frozenset[str]:
    g = gazetteer()
    names = {p.casefold() for p in g.provinces} | set(g.districts) | set(g.communes)
    out = set()
    for n in names:
        words = n.split()
        for k in range(2, len(words) + 1):
            out.add(" ".join(words[:k]))
    return frozenset(out)


_ALWAYS_STOP = {"Ban", "Thành", "Đảng", "Huyện", "Tỉnh", "Quận", "Ủy", "Sở", "Chi", "Hội", "Đồng", "Trưởng", "Phó", "Bí", "Chủ", "Giám",
                "UBND", "HĐND", "Nơi", "Lưu", "Kính", "TM", "KT", "Đ/c", "Ông", "Bà", "Các", "Những", "Thường", "Liên", "Nghị",
                "Chỉ", "Kế", "Ngày", "Theo", "Tại", "Trong", "Đến", "Lần", "Thứ", "Khóa", "Nhiệm", "Kỳ", "Năm", "Giai", "Về",
                "Số", "Tháng", "Quý", "Đại"}
_STEER_BAD_START = {"tự", "đã", "sẽ", "có", "được", "làm", "họp", "chỉ", "là", "và", "của", "gồm", "do", "này", "đó", "thực"}
_PHRASE_TOKEN = re.compile(r"[^\s,;.:()\"“”!?]+|,")
_GENERIC_BEFORE = re.compile(r"(?:các|những|mỗi|từng|cấp|nhiều|mọi)\s+$", re.I)


def case_upper_lines(text: str) -> str:
    """Same-length copy of `text` where ALL-CAPS lines (headers, signature blocks) are in Title Case."""
    out = []
    for line in text.split("\n"):
        letters = [c for c in line if c.isalpha()]
        if len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.85:
            line = re.sub(r"\w+", lambda m: m.group(0) if len(m.group(0)) <= 1 else m.group(0)[0] + m.group(0)[1:].lower(), line)
        out.append(line)
    return "\n".join(out)


@cache
def _fused_rx() -> re.Pattern:
    fused = load("organizations")["fused_positions"]
    alts = [rf"{re.escape(pos)}\s+({'|'.join(re.escape(b) for b in bodies)})\s+(?=[A-ZÀ-ỸĐ])"
            for pos, bodies in fused.items() if not pos.startswith("_")]
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + ")")


def _capitalize_fused_bodies(text: str) -> str:
    """Same-length copy where a body fused into a position ('Chánh văn phòng UBND tỉnh') starts upper-case."""
    def up(m: re.Match) -> str:
        k = next(i for i in range(1, (m.lastindex or 0) + 1) if m.group(i))
        a = m.start(k) - m.start()
        g = m.group(0)
        return g[:a] + g[a].upper() + g[a + 1:]
    return _fused_rx().sub(up, text)


def find_mentions(text: str) -> list[Mention]:
    """All unit mentions, left to right, longest first at each position; generic plurals skipped.

    ALL-CAPS lines are read in Title Case (same offsets), so header blocks count too."""
    original = text
    text = _capitalize_fused_bodies(case_upper_lines(text))
    out: list[Mention] = []
    pos = 0
    rx = _start_rx()
    while True:
        m = rx.search(text, pos)
        if not m:
            break
        i = m.start()
        tok = m.group(0)
        upper_ok = tok[0].isupper()
        generic = bool(_GENERIC_BEFORE.search(text[max(0, i - 12):i]))
        if re.match(r"\s+viên(?![\w])", text[m.end():m.end() + 6]):  # 'Tỉnh ủy viên' is a title, not the committee
            pos = m.end()
            continue
        parsed = parse_at(text, i) if upper_ok and not generic else None
        if parsed:
            spec, end = parsed
            # "Phó Bí thư Thường trực Huyện ủy": 'Thường trực' belongs to the title, the unit is the committee
            if spec.body == "Thường trực" and _POSITION_BEFORE.search(text[max(0, i - 24):i]) and spec.inner:
                bm = _patterns()["body"].match(text, i)
                inner_start = bm.end() + len(text[bm.end():]) - len(text[bm.end():].lstrip()) if bm else i
                out.append(Mention(inner_start, end, original[inner_start:end], spec.inner))
                pos = end
                continue
            if _generic_name(spec) or _level_list_follows(spec, text, end):
                pos = m.end()
                continue
            out.append(Mention(i, end, original[i:end], spec))
            pos = end
        else:
            pos = m.end()
    return out


_POSITION_BEFORE = re.compile(r"(?:Bí thư|Chủ tịch|Ủy viên|Trưởng ban|Chánh Văn phòng)\s+$")


def _level_list_follows(spec: Spec, text: str, end: int) -> bool:
    """'UBND phường, xã', 'Ủy ban nhân dân tỉnh, thành phố': a list of levels names no one unit."""
    s = spec.inner or spec
    if not s.admin or s.name:
        return False
    return bool(_patterns()["level_list"].match(text, end))


def _generic_name(spec: Spec) -> bool:
    s = spec.inner or spec
    if s.head in ("Sở", "Bộ"):
        return False
    return bool(s.name and s.name.split()[0].lower() in ("các", "những"))


# ---------------------------------------------------------------- resolution


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
        name, _ = take_name(text, m.end() - 1)
        if name:
            districts[(m.group(1), name)] += 1
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
            inner = Spec(base, spec.kind, spec.level, admin=spec.admin, name=spec.name)
            ru = canonical(inner, places)
            return ru
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
        return ResolvedUnit(_norm_name(fixed) if fixed.isupper() else fixed, spec.kind, spec.level, loc, None)
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
        display = "Hồ Chí Minh" if name == "Hồ Chí Minh" else name
        full = f"{spec.head} {spec.admin}" + (f" {display}" if display else "")
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
        return {"province": pl.province if pl else province, "district": name, "commune": None}
    if level == "commune":
        province = places.province if places else None
        district = places.district if places else None
        pl = g.place_commune(name, province, district)
        return {"province": pl.province if pl else province, "district": (pl.district if pl else district), "commune": name}
    return None


def resolve(mentions: list[Mention], places: Places) -> list[ResolvedUnit]:
    """One entry per unit, mentions gathered; an unqualified name merged into its one qualified form."""
    resolved = [(mt, canonical(mt.spec, places)) for mt in mentions]
    orgs = {ru.name for _, ru in resolved if ru and ru.kind != "committee_body" and ru.kind != "steering_committee"}
    expand = {}
    for short in orgs:
        longer = [n for n in orgs if n.startswith(short + " ")]
        if len(longer) == 1:
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


_BARE = {"Công đoàn", "Đoàn Thanh niên", "Đảng ủy", "Đảng bộ", "Liên đoàn Lao động", "Ủy ban nhân dân", "Hội đồng nhân dân", "Ủy ban Mặt trận Tổ quốc Việt Nam",
         "Hội Liên hiệp Phụ nữ", "Hội Nông dân", "Hội Cựu chiến binh", "Thành ủy", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"}


def _bare_generic(u: ResolvedUnit) -> bool:
    return u.name in _BARE
