"""Bodies named after their task ('Ban Chỉ đạo cải cách hành chính của Chính phủ', 'Ban Chỉ huy phòng, chống
thiên tai và tìm kiếm cứu nạn huyện X'): the task is read in lower case up to a level and place or 'của' a body."""

from __future__ import annotations

import re

from extract.lexicon import load
from extract.units.model import Spec
from extract.units.names import _after_admin
from extract.units.vocab import (
    _ALWAYS_STOP,
    _PHRASE_TOKEN,
    _STEER_BAD_START,
    _level_of,
    _patterns,
    _start_rx,
    _task_heads,
)


def parse_task_body(text: str, head: str, j: int) -> tuple[Spec, int] | None:
    """A body named after its task: 'Ban Chỉ đạo cải cách hành chính (CCHC) của Chính phủ',
    'Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn thị xã X'. The task is read in lower case
    (a line break inside it is a space, a bracketed abbreviation is skipped, a known abbreviation
    expands); it ends before a verb or preposition, with a level and place or 'của' a central body."""
    from extract.units.parse import parse_at  # the task may end in 'của' a central body

    data = load("organizations")["task_bodies"]
    abbr, stops, generic = data["abbreviations"], set(data["ends_before"]), set(data["generic_after"])
    seg = text[j:j + 400]
    stop = re.search(r"[.;:!?\"“”]|\n\s*\n|\n[-+•*]", seg)
    seg = seg[:stop.start()] if stop else seg
    seg = re.sub(r"\s*\([A-ZĐ][\wĐ&-]{1,11}\)", lambda m: " " * len(m.group(0)), seg)
    # a header line in capitals reaches here in Title Case: its task words are read in lower case
    line = seg.split("\n", 1)[0]
    line_words = re.findall(r"[^\W\d_]+", line)
    title_line = len(line_words) >= 2 and all(w[0].isupper() for w in line_words)
    seg = seg.replace("\n", " ")
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
        in_line = title_line and tm.start() < len(line)
        low = tok[0].islower() or (in_line and tok not in abbr and not _patterns()["admin"].match(text, at - 1))
        if in_line and low:
            tok = tok.lower()
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

