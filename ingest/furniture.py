"""Remove the site furniture that scraped news pages carry around the article.

Patterns are data (data/furniture.tsv); each must match a whole line, so a body sentence that
merely contains "lượt xem" or "bài viết liên quan" is never touched. The title and the date
line at the top of a page are left exactly as they are: extraction reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

# A line with this many words and some punctuation is prose: the article, not a box.
_PROSE_WORDS = 15
# A trailing box is cut only if nothing this long follows it.
_PARAGRAPH_WORDS = 40
# Short bulleted link lists at the very end of a page.
_LINK_BULLETS = "•·»›▪■►◦●▸"
_MIN_LINK_RUN = 3
_LEAD = " \t-–+*|☰" + _LINK_BULLETS
_TRAIL_CHARS = " \t\n\r\f\v\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000:▼▲▾▸"
_COUNT = re.compile(r"\(\d+\)")


def _strip_trail(line: str) -> str:
    """`line` without its trailing spaces, colons, arrows and one '(12)' count among them (a string
    scan: the regex this replaces, [\\s:]*(?:\\(\\d+\\))?[\\s:]*$, was cubic in a run of colons)."""
    line = line.rstrip(_TRAIL_CHARS)
    if line.endswith(")"):
        opening = line.rfind("(")
        if opening >= 0 and _COUNT.fullmatch(line, opening):
            line = line[:opening].rstrip(_TRAIL_CHARS)
    return line
# A menu: items apart by "|", ">", "›", "»", "▸", "/" or a wide gap …
_MENU_SPLIT = re.compile(r"\s*[|›»>▸/]\s*|\s{2,}")
_HOME = {"trang chủ", "home", "menu: trang chủ", "menu:trang chủ"}
# … that starts at the home page, or has this many short items.
_MENU_ITEMS = 3
_MENU_ITEM_WORDS = 4


@dataclass(frozen=True)
class _Patterns:
    line: re.Pattern[str]
    end: re.Pattern[str]
    counter: re.Pattern[str]
    head: re.Pattern[str]
    titles: tuple[re.Pattern[str], ...]


@cache
def _patterns() -> _Patterns:
    source = resources.files("ingest").joinpath("data", "furniture.tsv").read_text(encoding="utf-8")
    groups: dict[str, list[str]] = {"line": [], "end": [], "counter": [], "head": [], "title": []}
    for row in source.splitlines():
        if row.strip() and not row.startswith("#"):
            kind, pattern = row.split("\t", 1)
            groups[kind].append(pattern)
    titles = tuple(re.compile(p, re.IGNORECASE) for p in groups["title"])
    # a title line is furniture too
    groups["line"] += [re.sub(r"\(\?P<\w+>", "(", p) for p in groups["title"]]

    def build(kind: str) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in groups[kind]), re.IGNORECASE)

    return _Patterns(
        line=build("line"), end=build("end"), counter=build("counter"), head=build("head"), titles=titles
    )


def _key(line: str) -> str:
    return " ".join(_strip_trail(line.lstrip(_LEAD)).split())


def _is_menu(line: str) -> bool:
    """A menu or breadcrumb above the article: 'Trang chủ › Tin tức', '☰ Trang chủ  Giới thiệu …',
    'Thời sự | Chính trị | Kinh tế | Văn hóa - Xã hội' (short items joined by '|')."""
    items = [item.strip() for item in _MENU_SPLIT.split(line.strip().lstrip("☰ ")) if item.strip(" :")]
    if len(items) < 2 or any(item.endswith((".", ";", "!", "?")) for item in items):
        return False
    if any(_item_words(item) > _MENU_ITEM_WORDS * 2 for item in items):
        return False
    if items[0].casefold() in _HOME:
        return True
    short = [
        item for item in items if _item_words(item) <= _MENU_ITEM_WORDS and not any(c.isdigit() for c in item)
    ]
    return "|" in line and len(short) >= _MENU_ITEMS and len(short) >= len(items) - 1


def _is_furniture(key: str, patterns: _Patterns) -> bool:
    """A furniture line, or parts joined by '|' that are all furniture, at least one of them
    plainly so ('Tháng 1: 20 | Tháng 2: 30' alone could be a row of figures)."""
    if patterns.line.fullmatch(key) or patterns.end.fullmatch(key):
        return True
    parts = [_key(part) for part in key.split("|")]
    if len(parts) < 2 or not all(parts):
        return False
    plain = [bool(patterns.line.fullmatch(p) or patterns.end.fullmatch(p)) for p in parts]
    return any(plain) and all(
        is_plain or patterns.counter.fullmatch(p) for p, is_plain in zip(parts, plain, strict=True)
    )


def _words(line: str) -> int:
    return len(line.split())


def _is_prose(line: str) -> bool:
    """A sentence of the article: long, with punctuation (a menu has none)."""
    return _words(line) >= _PROSE_WORDS and any(mark in line for mark in ".,;:")


def _item_words(item: str) -> int:
    return sum(1 for token in item.split() if any(c.isalpha() for c in token))


def strip_furniture(text: str) -> str:
    """Drop furniture lines, then a trailing block of furniture once the article has ended."""
    patterns = _patterns()
    lines = text.split("\n")
    keys = [_key(line) for line in lines]
    is_end = [bool(k) and patterns.end.fullmatch(k) is not None for k in keys]
    first_prose = next((i for i, line in enumerate(lines) if _is_prose(line)), len(lines))
    drop = [bool(k) and _is_furniture(k, patterns) for k in keys]
    for i in range(first_prose):  # above the article: menus and site banners too
        drop[i] = drop[i] or _is_menu(lines[i]) or bool(keys[i] and patterns.head.fullmatch(keys[i]))
    _drop_counters(keys, drop, patterns.counter)

    cut = _trailing_cut(lines, is_end)
    kept = [line for i, line in enumerate(lines[:cut]) if not drop[i]]
    return "\n".join(_drop_link_list(kept))


def title_hint(text: str) -> str | None:
    """A title that furniture repeats ("QR CODE: <title>"), or None."""
    for line in text.split("\n"):
        key = _key(line)
        for pattern in _patterns().titles:
            match = pattern.fullmatch(key)
            if match:
                return match.group("title").strip()
    return None


def _drop_counters(keys: list[str], drop: list[bool], counter: re.Pattern[str]) -> None:
    """Mark ambiguous counter lines that sit next to (non-blank) furniture lines."""
    candidates = [i for i, k in enumerate(keys) if k and counter.fullmatch(k)]
    changed = True
    while changed:
        changed = False
        for i in candidates:
            if drop[i]:
                continue
            if any(drop[j] for j in _neighbours(keys, i)):
                drop[i] = changed = True


def _neighbours(keys: list[str], i: int) -> list[int]:
    found = []
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(keys) and not keys[j]:
            j += step
        if 0 <= j < len(keys):
            found.append(j)
    return found


def _trailing_cut(lines: list[str], is_end: list[bool]) -> int:
    """Index where the trailing furniture begins (len(lines) when there is none)."""
    paragraph_after = [False] * (len(lines) + 1)  # a paragraph-length line follows line i
    for i in range(len(lines) - 1, -1, -1):
        paragraph_after[i] = paragraph_after[i + 1] or _words(lines[i]) >= _PARAGRAPH_WORDS
    seen_prose = False
    for i, line in enumerate(lines):
        if is_end[i] and seen_prose and not paragraph_after[i + 1]:
            return i
        if _is_prose(line):
            seen_prose = True
    return len(lines)


def _drop_link_list(lines: list[str]) -> list[str]:
    """Drop a run of short bulleted items ("• Tự Cường") that ends the page."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    start = end
    while start and (not lines[start - 1].strip() or _is_link_item(lines[start - 1])):
        start -= 1
    items = sum(1 for line in lines[start:end] if line.strip())
    return lines[:start] if items >= _MIN_LINK_RUN else lines


def _is_link_item(line: str) -> bool:
    stripped = line.strip()
    return stripped[:1] in _LINK_BULLETS and _words(stripped) <= 12 and not stripped.endswith((".", ";", ":"))
