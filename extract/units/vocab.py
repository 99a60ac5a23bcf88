"""Unit vocabulary: units.json and organizations.json merged, the compiled patterns, and the small word sets of the parser."""

from __future__ import annotations

import re
from functools import cache

from extract.lexicon import alternation, load

_TOKEN = re.compile(r"[^\s,.;:()\"“”'‘’!?/]+")


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
    # a name may be wrapped over two lines ('Văn\nphòng Chính phủ' in texts with hard line breaks)
    for group in ("central", "committees", "youth", "mass", "state"):
        c[group] = {k: {**v, "pattern": _wrapped(v["pattern"])} for k, v in c[group].items()}
    c["bodies"] = {k: _wrapped(v) for k, v in c["bodies"].items()}
    c["not_bodies"] = list(o["not_bodies"]["forms"])
    c["party_hosts"] = {k: v for k, v in o["party_hosts"].items() if not k.startswith("_")}
    c["institutions"] = {k: v for k, v in o["institutions"].items() if not k.startswith("_")}
    return c


_WS = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
# the upper-case letters of Vietnamese (a range such as À-Ỹ would take lower-case letters in between too)
UPPER = "[" + "".join(sorted({c for c in map(chr, range(0x41, 0x1EFA)) if c.isalpha() and c.isupper()})) + "]"


def _wrapped(pattern: str) -> str:
    """A data pattern whose spaces also match one line break."""
    return pattern.replace(" ", _WS)


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
        "admin": re.compile(rf"(?:\s*\([A-ZĐ][A-ZĐ&-]{{1,11}}\))?\s+({alternation(c['admin_levels'])})(?:(?<=\.)|(?![\w])|(?<=TP)(?=HCM(?![\w])))", re.I),  # 'TPHCM' run together
        "party": re.compile(r"(Đảng ủy|Đảng bộ|Chi bộ|Đảng đoàn|Ban cán sự đảng)(?![\w])", flags),
        "khoi": re.compile(
            r"\s+Khối(?:\s+(?:các\s+)?(?:Cơ quan|Doanh nghiệp|Dân chính Đảng)(?:\s*(?:và|-|–)\s*Doanh nghiệp)?)?", flags
        ),
        "so": re.compile(r"(Sở|Bộ)\s+(?=" + UPPER + ")"),
        "named_org": re.compile(r"(" + "|".join(_spaced(k) for k in sorted(_named_forms(), key=len, reverse=True)) + r")(?![\w])", re.I),
        "not_body": re.compile(r"(?:" + "|".join(_spaced(k) for k in sorted(_cfg()["not_bodies"], key=len, reverse=True)) + r")(?![\w])", re.I),
        "party_host": re.compile(r"\s+(" + "|".join(_spaced(k) for k in sorted(c["party_hosts"], key=len, reverse=True)) + r")(?![\w])", re.I),
        "institution": re.compile(r"(" + "|".join(_spaced(k) for k in sorted(c["institutions"], key=len, reverse=True)) + r")(?![\w&])", re.I),
        # abbreviations in any case: a header in capitals reaches the parser in Title Case ('SỞ VHTTDL' → 'Sở Vhttdl')
        "agency_abbr": re.compile(r"(" + alternation(c["agency_abbreviations"]) + r")(?![\w&-])", re.I),
        "phong": re.compile(r"Phòng\s+(" + "|".join(re.escape(a).replace(r"\ \-\ ", r"\s*[-–]\s*") for a in sorted(c["agencies"] + list(c["agency_abbreviations"]), key=len, reverse=True)) + r")(?![\w&])"),
        "agency": re.compile("(" + "|".join(re.escape(a).replace(r"\ \-\ ", r"\s*[-–]\s*") for a in sorted(c["agencies"], key=len, reverse=True)) + r")(?![\w])", re.I),
        "bql": re.compile(
            r"Ban Quản lý\s+(?:các\s+)?(?:(khu chế xuất và công nghiệp|khu công nghiệp|KCN|khu kinh tế|KKT)(?![\w])|"
            r"(dự án[^,.;\n]{0,90}?)(?=\s+(?:tỉnh|thành phố|huyện|quận|xã|phường)(?![\w])|[,.;\n]|$))", flags
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

_CELL_END = frozenset(load("unit_words")["end_party_cell_name"])

_ADMIN_WORDS_UPPER = frozenset(load("unit_words")["level_words_capitalized"])


@cache
def _task_heads() -> dict[str, str]:
    return dict(load("organizations")["task_bodies"]["heads"])


def _level_of(admin: str | None) -> str | None:
    if not admin:
        return None
    return _cfg()["admin_levels"].get(admin.lower()) or _cfg()["admin_levels"].get(admin)


@cache
def _start_rx() -> re.Pattern:
    c = _cfg()
    words = [v["pattern"] for v in c["central"].values()]
    words += [re.escape(k) for k in c["combined_abbreviations"]]
    words += list(c["bodies"].values())
    words += [v["pattern"] for group in ("committees", "youth", "mass", "state") for v in c[group].values()]
    words += ["Đảng ủy", "Đảng bộ", "Chi bộ", "Đảng đoàn", "Ban cán sự đảng", "Sở", "Bộ", "Ban Quản lý", "Phòng"]
    words += [_spaced(k).replace(r"\-", r"\s*[-–]\s*") for k in _task_heads()]
    words += [_spaced(k) for k in _named_forms()]
    words += [_spaced(k) for k in c["institutions"]]
    # never inside a document symbol ('1373/QĐ-UBND', '40/KH-UBND')
    in_symbol = r"(?<![\w/])(?<!/[A-ZĐ]-)(?<!/[A-ZĐ]{2}-)(?<!/[A-ZĐ]{3}-)(?<!/[A-ZĐ]{4}-)"
    return re.compile(in_symbol + r"(?:" + "|".join(words) + r")(?![\w])", re.I)

_ALWAYS_STOP = frozenset(load("unit_words")["never_in_name"])

_STEER_BAD_START = frozenset(load("unit_words")["not_task_start"])

_PHRASE_TOKEN = re.compile(r"[^\s,;.:()\"“”!?]+|,")

_AGENCY_SYLLABLES = frozenset(load("unit_words")["agency_name_syllables"])
_GENERIC_BEFORE = re.compile(r"(?:" + "|".join(load("unit_words")["generic_determiners"]) + r")\s+$", re.I)
