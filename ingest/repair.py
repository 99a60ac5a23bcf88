"""Tone and vowel-mark confusions of OCR repaired with a syllable model of the project's texts.

Tesseract confuses the marks of Vietnamese: "đăng bộ" for "đảng bộ", "Tịnh ủy" for "Tỉnh ủy",
"chỉ bộ" for "chi bộ", "hội nghỉ" for "hội nghị", and a capital Đ for an O ("HOND"). A word
with the same letters once every mark is taken off (its skeleton: "dang") has a few spellings
the model knows; the OCR'd word is replaced by one of them

- when it is no word of the model and a spelling is seen beside the same neighbours, or it is
  not even a Vietnamese syllable ("HOND"), or
- when a spelling is far more likely beside its neighbours ("tỉnh ủy" seen, "tịnh ủy" never).

The model (`data/syllables.tsv.gz`, built by `python -m ingest.repair`) counts syllables and
pairs of neighbouring syllables in the plain-text samples (`corpus/samples`, noisy copies left
out), in the names and patterns of `extract/data`, and in the names of provinces, districts and
communes of the gazetteer (vietnamadminunits), which count `_GAZETTEER_WEIGHT` times: a unit or
place name is the strongest evidence. Marks and Đ are single characters in NFC, so a repaired
word has the length of the word it replaces and no offset after it moves.
"""

from __future__ import annotations

import gzip
import itertools
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .normalize import fix_tone_placement
from .syllables import is_syllable

DATA = Path(__file__).parent / "data" / "syllables.tsv.gz"
_WORD = re.compile(r"[^\W\d_]+")
_GAZETTEER_WEIGHT = 5
# A spelling must be seen this often to replace a word; beside a known word it must score
# this much better (natural log of the ratio of the scores) and the word must never be seen
# beside the same neighbours.
_MIN_COUNT = 2
_FAR_MORE_LIKELY = math.log(100)
_SEEN_BESIDE = 3
_LONGEST_SYLLABLE = 7  # "nghiêng"
# ... and a commoner word only by one seen this often beside them ("chỉ bộ" for "chi bộ").
_SEEN_OFTEN = 20
# A known word is replaced only by a spelling seen this many times more often beside its neighbours.
_TIMES_MORE = 10
_CONTEXT_WEIGHT = 3
# Letters tesseract reads for others in capitals: Đ as O or D.
_CAPITAL_CONFUSIONS = {"O": "Đ", "D": "Đ", "0": "Đ"}


def skeleton(word: str) -> str:
    """The letters without any mark: 'đảng' → 'dang', 'HĐND' → 'hdnd'."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class Model:
    """Counts of syllables and neighbouring pairs (lower case) in texts, and apart in names
    (the gazetteer's), which count only for a word in capitals or capitalised: "phường năm 2026"
    is no ward named "Nam", "xã đã" no commune "Đạ Tẻh"."""

    words: Counter[str] = field(default_factory=Counter)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    name_pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    spellings: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, text: str, *, name: bool = False) -> None:
        words, pairs = (self.names, self.name_pairs) if name else (self.words, self.pairs)
        for line in text.splitlines():
            previous = None
            line = fix_tone_placement(unicodedata.normalize("NFC", line))
            for match in _WORD.finditer(line):
                word = match.group().lower()
                words[word] += 1
                self.spellings[skeleton(word)].add(word)
                if previous is not None and not line[previous.end() : match.start()].strip():
                    pairs[previous.group().lower(), word] += 1
                previous = match

    def count(self, word: str, capital: bool) -> int:
        return self.words.get(word, 0) + (_GAZETTEER_WEIGHT * self.names.get(word, 0) if capital else 0)

    def context(self, word: str, before: str | None, after: str | None, capital: bool) -> int:
        total = 0
        for pair in ((before, word), (word, after)):
            if pair[0] and pair[1]:
                total += self.pairs.get(pair, 0) + (_GAZETTEER_WEIGHT * self.name_pairs.get(pair, 0) if capital else 0)
        return total

    def score(self, word: str, before: str | None, after: str | None, capital: bool) -> float:
        return math.log(self.count(word, capital) + 0.1) + _CONTEXT_WEIGHT * math.log1p(
            self.context(word, before, after, capital)
        )


def build(samples: Path, word_lists: Iterable[Path] = (), *, exclude: Iterable[str] = ()) -> Model:
    """The model of the samples (noisy copies and `exclude`d stems left out), word lists (every
    string in a JSON file) and the gazetteer's names."""
    import json

    model = Model()
    excluded = set(exclude)
    for path in sorted(samples.glob("*.txt")):
        if "noisy" not in path.stem and path.stem not in excluded:
            model.add(path.read_text(encoding="utf-8"))
    for path in word_lists:

        def strings(value):
            if isinstance(value, str):
                yield value
            elif isinstance(value, dict):
                for key, item in value.items():
                    yield key
                    yield from strings(item)
            elif isinstance(value, list):
                for item in value:
                    yield from strings(item)

        for text in strings(json.loads(path.read_text(encoding="utf-8"))):
            model.add(re.sub(r"[\\()?:|\[\]^$*+]", " ", text))
    for name in _gazetteer_names():
        model.add(name, name=True)
    return model


def _gazetteer_names() -> list[str]:
    import sqlite3

    try:
        import vietnamadminunits
    except ImportError:
        return []
    path = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"
    names: list[str] = []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        for row in conn.execute("SELECT DISTINCT province, district, ward FROM admin_units_legacy"):
            names += [name for name in row if name]
        for row in conn.execute("SELECT DISTINCT province, ward FROM admin_units"):
            names += [name for name in row if name]
    return sorted(set(names))


def save(model: Model, path: Path = DATA) -> None:
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as out:
        for kind, words, pairs in (("t", model.words, model.pairs), ("n", model.names, model.name_pairs)):
            for word, count in sorted(words.items()):
                out.write(f"{kind}\t{word}\t{count}\n")
            for (first, second), count in sorted(pairs.items()):
                out.write(f"{kind}\t{first} {second}\t{count}\n")


def load(path: Path = DATA) -> Model:
    model = Model()
    if not path.is_file():
        return model
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            kind, key, count = line.rstrip("\n").split("\t")
            words, pairs = (model.names, model.name_pairs) if kind == "n" else (model.words, model.pairs)
            if " " in key:
                first, second = key.split(" ")
                pairs[first, second] = int(count)
            else:
                words[key] = int(count)
                model.spellings[skeleton(key)].add(key)
    return model


@cache
def model() -> Model:
    return load()


def repair_text(text: str, model: Model | None = None) -> str:
    """The text with OCR's mark confusions repaired, line by line; same length."""
    model = model or globals()["model"]()
    if not model.spellings:
        return text
    text = fix_tone_placement(unicodedata.normalize("NFC", text))  # the model's spelling ("ủy", "hóa")
    return "\n".join(_repair_line(line, model) for line in text.split("\n"))


def _repair_line(line: str, model: Model) -> str:
    matches = list(_WORD.finditer(line))
    if not matches:
        return line
    out = list(line)
    words = [m.group().lower() for m in matches]
    for index, match in enumerate(matches):
        before = _neighbour(line, matches, words, index, -1)
        after = _neighbour(line, matches, words, index, 1)
        better = _better(match.group(), words[index], before, after, model)
        if better is not None:
            out[match.start() : match.end()] = _same_case(better, match.group())
            words[index] = better
    return "".join(out)


def _neighbour(line: str, matches: list[re.Match], words: list[str], index: int, step: int) -> str | None:
    other = index + step
    if not 0 <= other < len(matches):
        return None
    first, second = (matches[other], matches[index]) if step < 0 else (matches[index], matches[other])
    return words[other] if not line[first.end() : second.start()].strip() else None


def _better(original: str, word: str, before: str | None, after: str | None, model: Model) -> str | None:
    capital = original[:1].isupper()
    candidates = {c for c in model.spellings.get(skeleton(word), ()) if model.count(c, capital) >= _MIN_COUNT}
    if original.isupper() and len(original) >= 3:
        for i, letter in enumerate(original):
            if letter in _CAPITAL_CONFUSIONS:
                swapped = (original[:i] + _CAPITAL_CONFUSIONS[letter] + original[i + 1 :]).lower()
                if model.count(swapped, capital) >= _MIN_COUNT:
                    candidates.add(swapped)
    candidates = {c for c in candidates if c != word and len(c) == len(word)}
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (model.score(c, before, after, capital), c))
    known = model.count(word, capital)
    if not known:
        if not is_syllable(original) or model.context(best, before, after, capital):
            return best
        return None
    # a word that is a word is judged on the texts alone: a person's name ("Trương Minh Khải")
    # is no misreading of a ward's ("Minh Khai")
    best = max(candidates, key=lambda c: (model.score(c, before, after, False), c))
    seen, seen_best = model.context(word, before, after, False), model.context(best, before, after, False)
    if seen_best < _SEEN_BESIDE or seen * _TIMES_MORE > seen_best:
        return None
    if model.count(best, False) <= model.count(word, False) and seen_best < _SEEN_OFTEN:
        return None  # a common word ("năm", "đã") is no misreading of a rarer one ("nam", "đa")
    gain = model.score(best, before, after, False) - model.score(word, before, after, False)
    return best if gain >= _FAR_MORE_LIKELY else None


def split_run_on(word: str, model: Model | None = None) -> str | None:
    """Syllables OCR ran together, apart again: "HUYỆNỦYTHỌ" → "HUYỆN ỦY THỌ". The split into
    the fewest syllables the model knows (`_MIN_COUNT`), the commonest on a tie; None when no
    split into two or more known syllables exists. Used on OCR's words before they become text."""
    model = model or globals()["model"]()
    lower = fix_tone_placement(unicodedata.normalize("NFC", word)).lower()
    if len(lower) != len(word) or not lower.isalpha():
        return None
    best: list[tuple[int, float, list[int]] | None] = [None] * (len(lower) + 1)
    best[0] = (0, 0.0, [])
    for end in range(1, len(lower) + 1):
        for start in range(max(0, end - _LONGEST_SYLLABLE), end):
            if best[start] is None:
                continue
            count = model.count(lower[start:end], True)
            if count < _MIN_COUNT or not is_syllable(lower[start:end]):
                continue
            pieces, logs, cuts = best[start]
            candidate = (pieces + 1, logs - math.log(count), [*cuts, end])
            if best[end] is None or candidate[:2] < best[end][:2]:
                best[end] = candidate
    found = best[len(lower)]
    if found is None or found[0] < 2:
        return None
    cased = _same_case(lower, word) if word.isupper() or word.istitle() else word
    cuts = [0, *found[2]]
    return " ".join(cased[a:b] for a, b in itertools.pairwise(cuts))


def _same_case(word: str, like: str) -> str:
    """`word` in the case of `like`, letter by letter (same length)."""
    if like.isupper():
        return word.upper()
    return "".join(c.upper() if o.isupper() else c for c, o in zip(word, like, strict=True))


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    lists = sorted((root / "extract" / "data").glob("*.json"))
    built = build(root / "corpus" / "samples", lists)
    save(built)
    print(f"{DATA}: {len(built.words)} + {len(built.names)} syllables, {len(built.pairs)} + {len(built.name_pairs)} pairs")  # noqa: T201


if __name__ == "__main__":
    main()
