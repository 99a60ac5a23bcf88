"""Is a word a well-formed Vietnamese syllable? Used to choose between text decodings.

A syllable is (onset) + vowel nucleus + (final consonant) with at most one tone mark, and a
syllable ending in c, ch, p or t carries only the sắc or nặng tone. Mis-decoded text (TCVN3
read as Windows-1252, VNI not converted) breaks these rules on most words, so the decoding
that yields the most well-formed syllables is the right one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ACUTE, _DOT = "\u0301", "\u0323"
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")

_ONSETS = "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x".split()
# Vowel groups written without tone (main vowel with its glides), from the standard rhyme table.
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê "
    "iêu yêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu"
).split()
_CODAS = "ch ng nh c m n p t".split()
_STOP_CODAS = ("c", "ch", "p", "t")


def _alternation(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


_SYLLABLE = re.compile(
    rf"(?:{_alternation(_ONSETS)})?(?:{_alternation(_NUCLEI)})(?P<coda>{_alternation(_CODAS)})?"
)
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1 << 16)
def is_syllable(word: str) -> bool:
    """True for 'Việt', 'NGHIÊNG', 'quốc'; False for 'ViÖt', 'Vieät', 'tàt' (grave on a stop)."""
    if not (word.islower() or word.isupper() or word == word.capitalize()):
        return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    match = _SYLLABLE.fullmatch(base)
    if match is None:
        return False
    if match.group("coda") in _STOP_CODAS:
        return bool(tones) and tones[0] in (_ACUTE, _DOT)
    return True


def score(text: str) -> int:
    """Well-formed syllables minus malformed letter runs: higher means more plausible Vietnamese."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    for word in _WORD.findall(text):
        total += 1 if is_syllable(word) else -1
    return total
