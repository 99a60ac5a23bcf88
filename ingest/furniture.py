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

# A line with this many words is prose: the article, not a box after it.
_PROSE_WORDS = 15
# A trailing box is cut only if nothing this long follows it.
_PARAGRAPH_WORDS = 40
# Short bulleted link lists at the very end of a page.
_LINK_BULLETS = "•·»›▪■►◦●"
_MIN_LINK_RUN = 3
_STRIP = " \t-–+*|" + _LINK_BULLETS


@dataclass(frozen=True)
class _Patterns:
    line: re.Pattern[str]
    end: re.Pattern[str]
    counter: re.Pattern[str]
    titles: tuple[re.Pattern[str], ...]


@cache
def _patterns() -> _Patterns:
    source = resources.files("ingest").joinpath("data", "furniture.tsv").read_text(encoding="utf-8")
    groups: dict[str, list[str]] = {"line": [], "end": [], "counter": [], "title": []}
    for row in source.splitlines():
        if row.strip() and not row.startswith("#"):
            kind, pattern = row.split("\t", 1)
            groups[kind].append(pattern)
    titles = tuple(re.compile(p, re.IGNORECASE) for p in groups["title"])
    # a title line is furniture too
    groups["line"] += [re.sub(r"\(\?P<\w+>", "(", p) for p in groups["title"]]

    def build(kind: str) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in groups[kind]), re.IGNORECASE)

    return _Patterns(line=build("line"), end=build("end"), counter=build("counter"), titles=titles)


def _key(line: str) -> str:
    return " ".join(line.strip(_STRIP).split())


def _words(line: str) -> int:
    return len(line.split())


def strip_furniture(text: str) -> str:
    """Drop furniture lines, then a trailing block of furniture once the article has ended."""
    patterns = _patterns()
    lines = text.split("\n")
    keys = [_key(line) for line in lines]
    is_end = [bool(k) and patterns.end.fullmatch(k) is not None for k in keys]
    drop = [
        e or (bool(k) and patterns.line.fullmatch(k) is not None) for k, e in zip(keys, is_end, strict=True)
    ]
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
    seen_prose = False
    for i, line in enumerate(lines):
        if is_end[i] and seen_prose and all(_words(rest) < _PARAGRAPH_WORDS for rest in lines[i + 1 :]):
            return i
        if _words(line) >= _PROSE_WORDS:
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
