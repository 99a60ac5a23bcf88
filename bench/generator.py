"""Realistic documents in any number, varied from corpus/samples, for benchmarks.

Each sample is extracted once; a variant is a copy of that record's JSON with

- its provinces and districts swapped for others (a province's districts come with it; the
  centrally run cities only swap among themselves), in the text and in every field;
- its years shifted by the same few years everywhere (text, dates, symbols such as 15/2024/QĐ-UBND);
- the quantities of its targets and figures scaled (text and `value`);
- a new symbol (245-KH/TU → 1187-KH/TU), new person names, a topic phrase swapped for another;
- the paragraphs of its body shuffled.

Every offset (`start`, `end`, mentions) is carried through the edits, so a variant is a valid
record whose offsets point into its own text. Variant `i` of seed `s` is always the same record;
its sha256 is distinct (the store keys on it). No extraction runs per variant.

    from bench.generator import Generator
    gen = Generator.from_samples(seed=0)
    for extraction in gen.extractions(100_000): ...
"""

from __future__ import annotations

import bisect
import calendar
import hashlib
import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "samples"
_DATA = Path(__file__).parent / "data" / "variation.json"
_YEAR = r"(?<![\w.,])(?:199\d|20[0-3]\d)(?!\w|[.,]\d)"
_LEAD = re.compile(r"^(\D*?)(\d+)")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_OFFSET_LISTS = ("people", "references", "targets", "figures", "deadlines")


@lru_cache(maxsize=1)
def variation_data() -> dict[str, Any]:
    return json.loads(_DATA.read_text(encoding="utf-8"))


def extract_samples(samples: Path = SAMPLES) -> list[dict[str, Any]]:
    """The sample files, each extracted once, as JSON-ready record dicts (sorted by file name)."""
    from extract import extract_document
    from ingest import load_path

    paths = sorted(p for p in samples.iterdir() if p.is_file() and not p.name.startswith("."))
    return [extract_document(load_path(p)).model_dump(mode="json") for p in paths]


@dataclass(frozen=True)
class _Base:
    """One sample record with what its variants may change, found once."""

    record: dict[str, Any]
    fields: str  # the record without its text as compact JSON: varied as one string, then parsed
    text_hits: tuple[tuple[int, int, str], ...]  # (start, end, found) of what a variant may change
    fields_hits: tuple[tuple[int, int, str], ...]  # the same in `fields`
    provinces: tuple[str, ...]
    districts: dict[str, str]  # district → its province
    people: tuple[str, ...]
    phrases: tuple[str, ...]
    number: str | None
    cuts: tuple[int, ...]  # paragraph starts no span crosses


class Generator:
    """Variants of base records; `record(i)` is a pure function of (bases, seed, i)."""

    def __init__(self, bases: list[dict[str, Any]], *, seed: int = 0) -> None:
        if not bases:
            raise ValueError("no base records to vary")
        data = variation_data()
        self.seed = seed
        self._pools = {"province": data["provinces"], "city": data["cities"]}
        self._names = (data["family_names"], data["middle_names"], data["given_names"])
        self._phrases = tuple(data["topic_phrases"])
        self._bases = [self._prepare(b) for b in bases if b.get("text")]

    @classmethod
    def from_samples(cls, *, seed: int = 0, samples: Path = SAMPLES) -> Generator:
        return cls(extract_samples(samples), seed=seed)

    def __len__(self) -> int:
        return len(self._bases)

    # ---- preparing a base -------------------------------------------------------------------

    def _pool_of(self, province: str) -> str | None:
        for pool, places in self._pools.items():
            if province in places:
                return pool
        return None

    def _prepare(self, record: dict[str, Any]) -> _Base:
        text = record["text"]
        provinces: dict[str, None] = {}
        districts: dict[str, str] = {}
        for unit in record["units"]:
            loc = unit.get("locality") or {}
            province = loc.get("province")
            if province and self._pool_of(province) and province in text:
                provinces[province] = None
                district = loc.get("district")
                if district and district in text and district != province:
                    districts[district] = province
        people = tuple(dict.fromkeys(p["name"] for p in record["people"] if p.get("name") and len(p["name"]) > 3))
        lowered = text.lower()
        phrases = tuple(p for p in self._phrases if p.lower() in lowered)
        number = record["document"].get("number")
        keys = [*provinces, *districts, *people, *(p for p in phrases)]
        keys += [k.upper() for k in keys] + [p[:1].upper() + p[1:] for p in phrases]
        if number and number in text:
            keys.append(number)
        keys = sorted(set(keys), key=len, reverse=True)
        literal = "|".join(re.escape(k) for k in keys)
        names = rf"(?<!\w)(?:{literal})(?!\w)|" if literal else ""
        fields = json.dumps({k: v for k, v in record.items() if k != "text"}, ensure_ascii=False, separators=(",", ":"))
        in_text = re.compile(names + _YEAR)
        in_fields = re.compile(names + '(?<!":)' + _YEAR)  # a year is never a JSON number ("start":2024)
        return _Base(
            record, fields,
            tuple((m.start(), m.end(), m.group(0)) for m in in_text.finditer(text)),
            tuple((m.start(), m.end(), m.group(0)) for m in in_fields.finditer(fields)),
            tuple(provinces), districts, people, phrases, number,
            _cuts(record, text),
        )

    # ---- one variant ----------------------------------------------------------------------

    def record(self, i: int) -> dict[str, Any]:
        """Variant `i` as a record dict (validate it with `Extraction.model_validate`)."""
        base = self._bases[i % len(self._bases)]
        rng = random.Random(self.seed * 1_000_003 + i)
        mapping, year_shift, number = self._mapping(base, rng)

        def replace(found: str) -> str:
            if found in mapping:
                return mapping[found]
            if found.isdigit():  # a year
                return str(int(found) + year_shift)
            return found

        record = json.loads(_apply(base.fields, [(s, e, replace(found)) for s, e, found in base.fields_hits]))
        text = base.record["text"]
        edits = [(s, e, replace(found)) for s, e, found in base.text_hits]
        factor = rng.uniform(0.5, 2.0)
        edits += _scaled_quantities(record, text, factor)
        edits = _minimal_edits(text, edits)
        new_text = _apply(text, edits)
        new_offset = _offset_map(edits)
        _remap_offsets(record, new_offset)
        document = record["document"]
        if number:  # also when the text does not print it
            document["number"] = number
        if (document.get("issued_on") or "").endswith("-02-29") and not calendar.isleap(int(document["issued_on"][:4])):
            document["issued_on"] = document["issued_on"][:-2] + "28"
        if base.cuts and rng.random() < 0.7:
            new_text = _shuffle(record, new_text, [new_offset(c) for c in base.cuts], rng)
        record["text"] = new_text
        stem = Path(base.record["source"].get("filename") or "doc").stem
        sha256 = hashlib.sha256(f"vanban-bench:{self.seed}:{i}:".encode() + new_text.encode("utf-8")).hexdigest()
        record["source"] = {
            "filename": f"gen{i:06d}_{stem}.txt", "sha256": sha256, "media_type": "text/plain", "pages": None,
        }
        return record

    def _mapping(self, base: _Base, rng: random.Random) -> tuple[dict[str, str], int, str | None]:
        mapping: dict[str, str] = {}
        used: set[str] = set()
        for province in base.provinces:
            places = self._pools[self._pool_of(province) or "province"]
            choices = [p for p in places if p not in used] or list(places)
            new = rng.choice(choices)
            used.add(new)
            mapping[province] = new
            own = [d for d, p in base.districts.items() if p == province]
            targets = rng.sample(places[new], k=len(places[new]))
            for k, district in enumerate(own):
                mapping[district] = targets[k % len(targets)]
        family, middle, given = self._names
        for person in base.people:
            mapping[person] = f"{rng.choice(family)} {rng.choice(middle)} {rng.choice(given)}"
        if base.phrases and rng.random() < 0.6:
            old = rng.choice(base.phrases)
            new_phrase = rng.choice([p for p in self._phrases if p != old])
            mapping[old] = new_phrase
            mapping[old[:1].upper() + old[1:]] = new_phrase[:1].upper() + new_phrase[1:]
        for key in list(mapping):
            mapping.setdefault(key.upper(), mapping[key].upper())
        year_shift = rng.randint(-4, 2)
        number = None
        if base.number:
            shifted = re.sub(_YEAR, lambda m: str(int(m.group(0)) + year_shift), base.number)
            number = _LEAD.sub(lambda m: m.group(1) + str(rng.randint(1, 1999)), shifted, count=1)
            if base.number in base.record["text"]:
                mapping[base.number] = number
        return mapping, year_shift, number

    def records(self, n: int, *, start: int = 0) -> Iterator[dict[str, Any]]:
        for i in range(start, start + n):
            yield self.record(i)

    def extractions(self, n: int, *, start: int = 0) -> Iterator[Any]:
        """`n` variants as `extract.models.Extraction` records."""
        from extract.models import Extraction

        for record in self.records(n, start=start):
            yield Extraction.model_validate(record)


# ---- edits with offsets ---------------------------------------------------------------------


def _minimal_edits(text: str, edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sorted, without overlaps, each trimmed to what changes ('245-KH/TU' → '1187-KH/TU' edits
    only '245'), so that a span inside the unchanged part keeps its place."""
    out: list[tuple[int, int, str]] = []
    for start, end, new in sorted(edits):
        if out and start < out[-1][1]:
            continue
        old = text[start:end]
        if old == new:
            continue
        head = 0
        while head < min(len(old), len(new)) and old[head] == new[head]:
            head += 1
        tail = 0
        while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
            tail += 1
        out.append((start + head, end - tail, new[head : len(new) - tail]))
    return out


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    parts, pos = [], 0
    for start, end, new in edits:
        parts.append(text[pos:start])
        parts.append(new)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _offset_map(edits: list[tuple[int, int, str]]) -> Callable[[int], int]:
    """Old offset → new offset after the edits (an offset inside an edit stays inside it)."""
    ends = [end for _, end, _ in edits]
    shifts: list[int] = []
    total = 0
    for start, end, new in edits:
        total += len(new) - (end - start)
        shifts.append(total)

    def new_offset(offset: int) -> int:
        k = bisect.bisect_right(ends, offset)  # edits wholly before (or ending at) the offset
        moved = offset + (shifts[k - 1] if k else 0)
        if k < len(edits) and edits[k][0] < offset:  # inside edit k
            start = edits[k][0] + (shifts[k - 1] if k else 0)
            return start + min(offset - edits[k][0], len(edits[k][2]))
        return moved

    return new_offset


def _spans(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every dict of the record that carries `start`/`end` into the text."""
    for unit in record["units"]:
        yield from unit.get("mentions") or ()
    for name in _OFFSET_LISTS:
        yield from record.get(name) or ()


def _remap_offsets(record: dict[str, Any], new_offset: Callable[[int], int]) -> None:
    for span in _spans(record):
        if span.get("start") is not None:
            span["start"] = new_offset(span["start"])
        if span.get("end") is not None:
            span["end"] = new_offset(span["end"])


def _cuts(record: dict[str, Any], text: str) -> tuple[int, ...]:
    """Paragraph starts that no span crosses, without the first three and last two paragraphs
    (headers and the signature stay put)."""
    starts = [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
    spans = [(s["start"], s["end"]) for s in _spans(record) if s.get("start") is not None and s.get("end") is not None]
    free = [c for c in starts if not any(s < c < e for s, e in spans)]
    return tuple(free[2:-2]) if len(free) >= 7 else ()


def _shuffle(record: dict[str, Any], text: str, cuts: list[int], rng: random.Random) -> str:
    """Shuffle the paragraphs between the first and the last cut; carry offsets along."""
    blocks = [(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1)]
    order = blocks[:]
    rng.shuffle(order)
    first, last = cuts[0], cuts[-1]
    new_start: dict[int, int] = {}
    pos = first
    for start, end in order:
        new_start[start] = pos
        pos += end - start
    starts = [b[0] for b in blocks]

    for span in _spans(record):
        start, end = span.get("start"), span.get("end")
        if start is None or end is None or not first <= start < last:
            continue
        k = bisect.bisect_right(starts, start) - 1  # no span crosses a cut: it moves with its block
        moved = new_start[starts[k]] + start - starts[k]
        span["start"], span["end"] = moved, moved + (end - start)
    return text[:first] + "".join(text[s:e] for s, e in order) + text[last:]


# ---- quantities ---------------------------------------------------------------------------


_MULTIPLIERS = (1.0, 1e3, 1e6, 1e9, 1e12)
_LEADING_NUMBER = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?!\d)")


def _format_like(value: float, integral_literal: str, decimals: int) -> str:
    """`value` written as the text wrote its number: '5.966' with thousands dots, '62,8' with a decimal comma."""
    integral, _, fraction = f"{value:,.{decimals}f}".partition(".")
    integral = integral.replace(",", "." if "." in integral_literal else "")
    return integral + ("," + fraction if fraction else "")


def _scaled_quantities(record: dict[str, Any], text: str, factor: float) -> list[tuple[int, int, str]]:
    """Edits that scale each single-valued target and figure whose span starts with its number
    ('220 đảng viên', '62,8%', '5.966')."""
    edits = []
    for kind in ("targets", "figures"):
        for item in record[kind]:
            start, end, value = item.get("start"), item.get("end"), item.get("value")
            if start is None or end is None or value is None or item.get("value_max") is not None:
                continue
            match = _LEADING_NUMBER.match(text, start, end)
            if not match:
                continue
            decimals = len(match.group(2) or "")
            literal = match.group(0)
            written = float(match.group(1).replace(".", "") + ("." + match.group(2) if decimals else ""))
            ratio = value / written if written else 0.0  # '5 tỷ đồng' → 5 × 10⁹
            multiplier = next((m for m in _MULTIPLIERS if abs(ratio - m) <= 1e-9 * m), None)
            if multiplier is None:
                continue
            new_number = round(written * factor, decimals)
            if text.startswith("%", match.end()) or text.startswith(" %", match.end()):
                new_number = min(new_number, 100.0)
            if decimals == 0:
                new_number = float(max(1, int(new_number)))
            new_literal = _format_like(new_number, match.group(1), decimals)
            item["value"] = round(new_number * multiplier, 6)
            if item.get("evidence"):
                item["evidence"] = re.sub(rf"(?<![\d.,]){re.escape(literal)}(?![\d]|[.,]\d)", new_literal,
                                          item["evidence"], count=1)
            edits.append((match.start(), match.end(), new_literal))
    return edits
