"""Topics from the project's taxonomy (data/topics.json), with the words that decided each."""

from __future__ import annotations

import re

from extract.lexicon import load


def assign(text: str, title: str | None = None, *, min_hits: int = 2) -> list[tuple[str, list[str]]]:
    """[(topic code, [deciding words])] — a topic needs `min_hits` mentions, or one in the title."""
    low = text.lower()
    title_low = (title or "").lower()
    out = []
    for code, spec in load("topics")["topics"].items():
        words = []
        hits = 0
        for w in spec["words"]:
            n = len(re.findall(r"(?<![\w])" + re.escape(w) + r"(?![\w])", low))
            if n:
                hits += n
                words.append(w)
        in_title = any(w in title_low for w in spec["words"])
        if hits >= min_hits or in_title:
            out.append((code, words))
    out.sort(key=lambda cw: -len(cw[1]))
    return out


def labels() -> dict[str, str]:
    return {code: spec["label"] for code, spec in load("topics")["topics"].items()}
