"""Names after a unit head: places (gazetteer-checked), proper names of institutions, party-cell and agency names."""

from __future__ import annotations

import re
from functools import cache

from extract.gazetteer import gazetteer
from extract.lexicon import load
from extract.units.vocab import (
    _ADMIN_WORDS_UPPER,
    _AGENCY_SYLLABLES,
    _ALWAYS_STOP,
    _CELL_END,
    _TOKEN,
    _cfg,
    _level_of,
    _patterns,
)


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
    name = " ".join(tokens)
    if len(tokens) >= 3 and tokens[0] in FAMILY_NAMES and not _is_place(name):
        return None, pos  # 'Huyện ủy Nguyễn Văn Hùng': a person's name, no place
    return name, end


def _after_admin(text: str, pos: int) -> tuple[str | None, str | None, int]:
    """' tỉnh Bình Dương' → ('tỉnh', 'Bình Dương', end); ' huyện' → ('huyện', None, end)."""
    m = _patterns()["admin"].match(text, pos)
    if not m:
        return None, None, pos
    admin = m.group(1)
    k = m.end()
    if admin.upper() in ("TP", "TX") and text[k:k + 1] == ".":
        k += 1
    if text[k:k + 1].isupper():  # 'TP.Tam Kỳ': the name glued to the abbreviation
        name, local_end = take_name(" " + text[k:k + 200], 0)
        end = k + local_end - 1
    else:
        name, end = take_name(text, k)
    admin = {"tp": "thành phố", "tx": "thị xã", "h": "huyện"}.get(admin.lower().rstrip("."), admin.lower())
    if name:
        name, end = _fit_place(admin, name, text, end)
    return admin, name, end if name else m.end()


def _fit_place(admin: str, name: str, text: str, end: int) -> tuple[str | None, int]:
    """The place a name after a level word really names: 'tỉnh Hòa Bình - Báo …' → 'Hòa Bình',
    'xã Hạ Hòa Triển Khai' (a heading run on) → 'Hạ Hòa'; 'tỉnh Nguyễn Văn Toàn' → none (a name after
    'tỉnh' is a place only if it is one). A name the gazetteer does not know at all is kept (new or
    small places), unless it reads as a person's name."""
    from extract.people import FAMILY_NAMES
    g = gazetteer()
    start = end - len(name)
    if start < 0 or re.sub(r"\s+", " ", text[start:end]).replace("–", "-") != name.replace("–", "-"):
        return name, end  # separators differ from the joined form: leave as read
    level = _level_of(admin)

    def known(n: str) -> bool:
        if level == "province":
            return g.province(n) is not None
        if level == "city":
            return g.province(n) is not None or bool(g.district_places(n))
        return bool(g.district_places(n) or g.commune_places(n) or g.province(n))

    if known(name):
        if level in ("province", "city") and (prov := g.province(name)) and name.isupper():
            return prov, end  # 'TP.HCM' → 'Hồ Chí Minh'
        return name, end
    tokens = name.split(" ")
    for k in range(len(tokens) - 1, 0, -1):
        prefix = " ".join(tokens[:k]).rstrip(" -")
        if prefix and known(prefix):
            return prefix, start + len(prefix)
    if level == "province" or (tokens[0] in FAMILY_NAMES and len(tokens) >= 3):
        return None, end
    return name, end


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
        elif out and not out[-1][0].isdigit() and w not in _CELL_END and lower_run < 3:
            out.append(w)
            lower_run += 1
            if nxt in _CELL_END:
                break  # 'Chi cục Thủy lợi và …': a function word closes the name
        else:
            break
    while out and not (out[-1][0].isupper() or out[-1][0].isdigit()):
        # a trailing lower-case word is kept only when punctuation or a function word closes the name
        end_pos = pos + 1 + len(" ".join(out))
        after = re.match(r"\s*(\w*)", text[end_pos:end_pos + 20])
        if text[end_pos:end_pos + 1] in (",", ".", ";", "\n", "") or (after and after.group(1) in _CELL_END):
            break
        out.pop()
    if not out:
        return None, pos
    name = " ".join(out)
    if out[-1][0].isupper() and _continues_lower(text, pos + 1 + len(name)):
        return None, pos  # 'Chi bộ Trung tâm Trợ …': never a cut name
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
        if w[0].isupper() or w == "và" or (len(out) < 3 and w in _AGENCY_SYLLABLES):
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
    lower_end = pos
    for k, w in enumerate(words):
        gap = text[pos + prev_end:pos + w.start()]
        if gap not in (" ", "\t") or len(out) >= max_tokens:
            break
        tok = w.group(0)
        prev_end = w.end()
        if tok[0].isupper() or (tok[0].isdigit() and out and (not lower or lower == ["số"])):
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
            lower_end = pos + w.end()
        else:
            break
    if not out:
        return None, pos
    if len(lower) == 1 and text[lower_end:lower_end + 1] in (",", ".", ";", ":", "\n", ")", ""):
        out.extend(lower)  # 'Đại học Quốc gia,' 'Đường sắt.': a name's last word may end in lower case
        end = lower_end
    return " ".join(out), end


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


_FUNCTION_WORDS = frozenset(load("unit_words")["function_words"])


def take_whole_name(text: str, pos: int, *, max_tokens: int = 4) -> tuple[str | None, int]:
    """take_name, but never a cut name: a capitalized word that a lower-case syllable continues
    ('Công đoàn Công ty …', 'Đảng bộ Bộ đội …') is the start of a longer name, not a name; a place
    the gazetteer knows is always whole."""
    name, end = take_name(text, pos, max_tokens=max_tokens)
    if not name:
        return None, pos
    if _continues_lower(text, end) and not _is_place(name):
        return None, pos
    return name, end


def _continues_lower(text: str, end: int) -> bool:
    """A lower-case syllable other than a function word follows: the name read so far is cut."""
    nxt = re.match(r"[ \t]+([a-zà-ỹđ][\w]*)", text[end:end + 20])
    return bool(nxt and nxt.group(1) not in _FUNCTION_WORDS)
