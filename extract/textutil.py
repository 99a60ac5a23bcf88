"""Small text helpers shared by the extractors: lines with offsets, sentences, casing."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

LETTER = r"[^\W\d_]"
# Explicit classes: the range À-Ỹ mixes upper- and lower-case letters, so it cannot stand for either.
UPPER = "[" + "".join(c for c in map(chr, range(0x41, 0x1EFF)) if c.isalpha() and c.isupper()) + "]"
LOWER = "[" + "".join(c for c in map(chr, range(0x61, 0x1EFF)) if c.isalpha() and c.islower()) + "]"


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()


def lines(text: str) -> list[Line]:
    out = []
    pos = 0
    for raw in text.split("\n"):
        out.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


_SENT_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(]?(?:" + UPPER + r"|[0-9+-]))|\n+")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of sentence-like pieces: split at . ! ? ; before a capital, and at line ends."""
    pos = 0
    for m in _SENT_END.finditer(text):
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if pos < len(text):
        yield pos, len(text)


def sentence_at(sents: list[tuple[int, int]], pos: int, default: tuple[int, int]) -> tuple[int, int]:
    """The piece of `sents` (sorted, not overlapping) that holds `pos`, else `default`; by bisection."""
    i = bisect.bisect_right(sents, (pos, float("inf"))) - 1
    if i >= 0 and sents[i][0] <= pos < sents[i][1]:
        return sents[i]
    return default


def is_upper_line(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) / len(letters) > 0.85


def smart_title(word: str) -> str:
    """'BÌNH' → 'Bình'; keeps words with digits or inner capitals (THCS) as they are when short."""
    return word[:1].upper() + word[1:].lower() if word else word


def title_case_name(s: str) -> str:
    return " ".join(smart_title(w) for w in s.split())


def sentence_case(s: str) -> str:
    s = s.strip()
    return s[:1].upper() + s[1:].lower() if s else s


def collapse(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()
