"""Numbers as Vietnamese texts write them: '11.117', '62,8', '1,5 tỷ', 'mười lăm', 'một trăm linh năm'."""

from __future__ import annotations

import re

from extract.lexicon import load

NUMERIC = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+\.\d{1,2}(?!\d)"
NUMERIC_RE = re.compile(NUMERIC)


def parse_numeric(s: str) -> float:
    """'11.117' → 11117, '62,8' → 62.8, '1.200,5' → 1200.5, '3.5' (one or two decimals) → 3.5."""
    s = s.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")
    elif "," in s:
        s = s.replace(",", ".")
    return float(s)


def scale_of(word: str | None) -> float:
    if not word:
        return 1.0
    return float(load("numbers")["scales"].get(word.lower(), 1))


def _words() -> dict:
    return load("numbers")


def number_word_pattern() -> str:
    w = _words()
    vocab = list(w["units"]) + w["ten"] + w["zero_tens"] + w["hundred"] + list(w["scales"]) + w["half"]
    alt = "|".join(sorted(map(re.escape, vocab), key=len, reverse=True))
    return rf"(?:{alt})(?:\s+(?:{alt}))*"


def parse_words(phrase: str) -> float | None:
    """'hai' → 2, 'mười lăm' → 15, 'hai mươi mốt' → 21, 'một trăm linh năm' → 105, 'ba nghìn' → 3000.

    Returns None when the words do not form a number ('năm' alone is read as 5 by the caller only
    next to a counted noun)."""
    w = _words()
    units, scales = w["units"], w["scales"]
    total = 0.0
    group = 0.0
    current = None  # digit waiting for 'mươi'/'trăm'
    seen = False
    for tok in phrase.lower().split():
        if tok in units:
            if current is not None:
                return None
            current = units[tok]
            seen = True
        elif tok == "mười":
            group += 10 + 0
            current = None if current is None else None
            seen = True
        elif tok == "mươi":
            if current is None:
                return None
            group += current * 10
            current = None
        elif tok in w["hundred"]:
            group += (current if current is not None else 1) * 100
            current = None
        elif tok in w["zero_tens"]:
            continue
        elif tok in scales:
            group += current or 0
            current = None
            total += (group or 1) * scales[tok]
            group = 0
        elif tok in w["half"]:
            group += 0.5
        else:
            return None
    if not seen:
        return None
    group += current or 0
    return total + group
