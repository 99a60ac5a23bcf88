"""Finding unit mentions in a text: upper-case header lines, fused positions, generic plurals and level lists."""

from __future__ import annotations

import re
from functools import cache

from extract.lexicon import alternation, load
from extract.units.model import Mention, Spec
from extract.units.names import _FUNCTION_WORDS, _fit_place, take_name
from extract.units.parse import parse_at
from extract.units.vocab import _GENERIC_BEFORE, UPPER, _cfg, _group_key, _level_of, _patterns, _start_rx


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
    alts = [rf"{re.escape(pos)}\s+({'|'.join(re.escape(b) for b in bodies)})\s+(?=" + UPPER + ")"
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
        if parsed and _skipped_context(text, i, parsed[0]):
            pos = parsed[1]
            continue
        if parsed and (listed := _named_list(text, parsed[0], parsed[1])):
            out.extend(Mention(a, b, original[a:b], sp) for a, b, sp in listed)
            pos = listed[-1][1]
            continue
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
            for a, b, sp in _shared_head(text, spec, end):  # 'UBND huyện Cầu Kè, huyện Trà Cú'
                out.append(Mention(a, b, original[a:b], sp))
                end = b
            if spec.head == "named" and spec.inner is not None:  # the company of 'Công đoàn Công ty …' is a unit too
                im = _patterns()["institution"].search(text, i + 1, end)
                if im:
                    out.append(Mention(im.start(), end, original[im.start():end], spec.inner))
            pos = end
        else:
            pos = m.end()
    out.extend(_header_bodies(text, original, out))
    return sorted(out, key=lambda mt: mt.start)


def _header_bodies(text: str, original: str, found: list[Mention]) -> list[Mention]:
    """An official header names a body on the line under its organization ('TỈNH ỦY X' / 'BAN TUYÊN GIÁO',
    'HỘI LIÊN HIỆP PHỤ NỮ X' / 'BAN THƯỜNG VỤ'): that line is the body of the unit above it."""
    out: list[Mention] = []
    bodies = _cfg()["bodies"]
    offset = 0
    prev: tuple[int, int] | None = None  # the previous non-empty line's left column
    for n, line in enumerate(text.split("\n")):
        if n > 12:
            break
        lead = len(line) - len(line.lstrip())
        left = re.split(r"\s{3,}|\|", line.strip())[0]
        start = offset + lead
        bm = _patterns()["body"].match(text, start)
        if prev and left and bm and "\n" not in bm.group(0) and bm.end() - start >= len(left.rstrip()) - 1:
            # the unit above fills that line's left column
            above = [mt for mt in found if prev[0] <= mt.start < prev[1] and mt.end >= prev[1] - 1
                     and mt.spec.head != "body"]
            if above:
                inner = above[-1].spec
                body = _group_key(bm, bodies)
                kind = "state_body" if inner.kind == "state_body" else "committee_body"
                end = start + len(left.rstrip())
                out.append(Mention(start, end, original[start:end],
                                   Spec("body", kind, inner.level, body=body, inner=inner)))
        # 'HỘI NÔNG DÂN VIỆT NAM' / 'BAN CHẤP HÀNH TRUNG ƯƠNG': the association's central committee, not the Party's
        cc = [mt for mt in found if mt.start == start and mt.spec.head == "central"
              and mt.spec.fixed == "Ban Chấp hành Trung ương" and mt.end >= start + len(left.rstrip()) - 1]
        if prev and cc:
            above = [mt for mt in found if prev[0] <= mt.start < prev[1] and mt.end >= prev[1] - 1
                     and mt.spec.kind == "mass_organization" and mt.spec.inner is None]
            if above:
                found.remove(cc[0])
                out.append(Mention(cc[0].start, cc[0].end, cc[0].text,
                                   Spec("body", "committee_body", "central", body="Ban Chấp hành Trung ương",
                                        inner=above[-1].spec)))
        if left:
            prev = (start, start + len(left))
        offset += len(line) + 1
    return out

_LAW_BEFORE = re.compile(r"(?:" + "|".join(load("unit_words")["law_titles"]) + r")(?:\s+[\w-]+){0,5}\s+$")
_DEPUTY_BEFORE = re.compile(r"(?<![\w])(?<!Đoàn )(?<!đoàn )đại\s+biểu\s+$", re.I)


def _skipped_context(text: str, i: int, spec: Spec) -> bool:
    """A unit named inside a law's title ('Luật Tổ chức Chính phủ') or a deputy's title
    ('đại biểu Quốc hội', 'đại biểu HĐND các cấp') is no mention of the body."""
    before = text[max(0, i - 60):i]
    line = before.rsplit("\n", 1)[-1]
    law = _LAW_BEFORE.search(line)
    if law and not re.search(r"[,;:.()]", line[law.start():]):
        between = line[law.start():].split()[1:]
        if not any(w in _FUNCTION_WORDS or w in ("do", "bởi", "giao", "chủ", "trì") for w in between):
            return True  # 'Luật Tổ chức Chính phủ'; not 'Luật Quy hoạch do Bộ Kế hoạch và Đầu tư chủ trì'

    s = spec.inner or spec
    return bool(_DEPUTY_BEFORE.search(before) and spec.inner is None
                and (s.fixed == "Quốc hội" or s.head == "Hội đồng nhân dân"))


_LIST_HEAD = re.compile(r"\s+các\s+({levels})(?:\s*,\s*(?:{levels}))?\s*:?(?=\s)")


def _shared_head(text: str, spec: Spec, end: int) -> list[tuple[int, int, Spec]]:
    """'Ủy ban nhân dân huyện A, huyện B và huyện C': the head is shared by each place of the same level."""
    if not (spec.admin and spec.name) or spec.inner is not None or spec.fixed:
        return []
    out: list[tuple[int, int, Spec]] = []
    rx = re.compile(r"\s*(?:,|và)\s*(?:và\s+)?(" + re.escape(spec.admin) + r")(?=\s)", re.I)
    k = end
    while (m := rx.match(text, k)):
        name, name_end = take_name(text, m.end())
        if not name:
            break
        name, name_end = _fit_place(spec.admin, name, text, name_end)
        if not name:
            break
        out.append((m.start(1), name_end, Spec(spec.head, spec.kind, spec.level, admin=spec.admin, name=name)))
        k = name_end
    return out


def _named_list(text: str, spec: Spec, end: int) -> list[tuple[int, int, Spec]]:
    """'UBND các tỉnh: Nghệ An, Hà Tĩnh và Quảng Bình' → one unit per named place (a generic plural
    without names gives none)."""
    if spec.admin or spec.name or spec.inner is not None or spec.head in ("central", "body", "named", "task"):
        return []
    m = re.compile(_LIST_HEAD.pattern.format(levels=alternation(_cfg()["admin_levels"]))).match(text, end)
    if not m:
        return []
    admin = m.group(1).lower()
    admin = "thành phố" if admin.startswith("tp") else admin
    out: list[tuple[int, int, Spec]] = []
    k = m.end()
    while True:
        name, name_end = take_name(text, k)
        if not name:
            break
        name_start = name_end - len(name)
        name, name_end = _fit_place(admin, name, text, name_end)
        if not name:
            break
        out.append((name_start, name_end,
                    Spec(spec.head, spec.kind, _level_of(admin), admin=admin, name=name, fixed=None)))
        sep = re.match(r"\s*(?:,|và|;)\s*(?:và\s+)?(?=\S)", text[name_end:name_end + 8])
        if not sep:
            break
        k = name_end + sep.end() - 1
        if text[k] != " ":
            break
    return out if len(out) >= 2 else []


_POSITION_BEFORE = re.compile(r"(?:" + "|".join(load("unit_words")["position_titles"]) + r")\s+$")


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
