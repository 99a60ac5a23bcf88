"""Topics from the project's taxonomy (data/topics.json), with the words that decided each."""

from __future__ import annotations

import re
from functools import cache

from extract.lexicon import alternation, load


@cache
def _patterns() -> dict[str, re.Pattern]:
    return {code: re.compile(r"(?<![\w])(" + alternation(spec["words"]) + r")(?![\w])")
            for code, spec in load("topics")["topics"].items()}


def assign(text: str, title: str | None = None, *, min_hits: int = 2) -> list[tuple[str, list[str]]]:
    """[(topic code, [deciding words])] — a topic needs `min_hits` mentions, or one in the title."""
    low = text.lower()
    title_low = (title or "").lower()
    out = []
    for code, spec in load("topics")["topics"].items():
        found = [m.group(1) for m in _patterns()[code].finditer(low)]
        hits = len(found)
        words = sorted(set(found), key=found.index)
        in_title = any(w in title_low for w in spec["words"])
        if hits >= min_hits or in_title:
            out.append((code, words))
    out.sort(key=lambda cw: -len(cw[1]))
    return out


def labels() -> dict[str, str]:
    return {code: spec["label"] for code, spec in load("topics")["topics"].items()}
