"""Unicode clean-up every text goes through: NFC, one tone placement, spaces, dashes.

The tone-placement fix keeps every length (both spellings are two code points in NFC), so
offsets computed on the normalized text stay valid.
"""

from __future__ import annotations

import re
import unicodedata

# Tone marks as combining characters (grave, acute, hook above, tilde, dot below).
_TONES = "\u0300\u0301\u0309\u0303\u0323"


def _build_tone_table() -> dict[str, str]:
    """Map new-style 'oà, oé, uỷ' (tone on the 2nd vowel) to traditional 'òa, óe, ủy'."""
    table: dict[str, str] = {}
    pairs = [("o", "a"), ("o", "e"), ("u", "y")]
    for first, second in pairs:
        for f_case, s_case in ((str.lower, str.lower), (str.upper, str.upper), (str.upper, str.lower)):
            f, s = f_case(first), s_case(second)
            for tone in _TONES:
                new = f + unicodedata.normalize("NFC", s + tone)
                old = unicodedata.normalize("NFC", f + tone) + s
                table[new] = old
    return table


_TONE_TABLE = _build_tone_table()
_LETTER = r"[^\W\d_]"
# Only at the end of a syllable (no final consonant) and not after "q" (quý keeps its tone).
_TONE_RE = re.compile(
    r"(?<![qQ])(" + "|".join(sorted(map(re.escape, _TONE_TABLE), key=len, reverse=True)) + r")(?!" + _LETTER + ")"
)

_SPACE_TRANSLATE = {
    0x00A0: " ", 0x2007: " ", 0x202F: " ", 0x2009: " ", 0x200A: " ", 0x2002: " ", 0x2003: " ",
    0x3000: " ", 0x00D0: "Đ", 0x200B: None, 0xFEFF: None, 0x00AD: None, 0x2060: None,
    0x2010: "-", 0x2011: "-", 0x2212: "-",
}


def fix_tone_placement(text: str) -> str:
    """'uỷ ban, hoà bình, thuỷ lợi' → 'ủy ban, hòa bình, thủy lợi'. Length preserved."""
    return _TONE_RE.sub(lambda m: _TONE_TABLE[m.group(1)], text)


def normalize_text(text: str) -> str:
    """NFC, one tone placement, odd spaces and Ð (U+00D0) mapped, line ends unified."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_SPACE_TRANSLATE)
    return fix_tone_placement(text)


_HYPHEN_BREAK = re.compile(r"(" + _LETTER + r")-\n[ \t]*(" + _LETTER + r")")


def join_hyphenated(text: str) -> str:
    """Join words split across lines with a hyphen: 'phát tri-\\nển' → 'phát triển'."""
    return _HYPHEN_BREAK.sub(r"\1\2", text)


def fold(text: str) -> str:
    """Search folding: no tone marks or diacritics, đ→d, case-folded. 'Đảng ủy' → 'dang uy'."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D").casefold()
