"""Indicators: which catalogued indicator a target or a figure measures, and how sure that is.

The catalogue is `extract/data/indicators.json` (code, name, unit, the phrasings that name each
indicator, and the system it comes from). A quantity is mapped by the phrasings around its
number in the text: first in the words right after it, within its phrase ("115 lớp nhận thức
về Đảng"), then in the words before it, back to the start of its clause ("kết nạp được 5.966
đảng viên"), the nearest phrasing winning. The indicator's unit must agree with the quantity's
(a rate with `%`, money with `đồng`, a count with neither), except for a figure that states
progress against a plan ("đạt 62,8% so với Nghị quyết", "vượt 12% kế hoạch"), which measures the
indicator of the count it follows. Nothing that fits leaves the quantity unmapped (None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from extract.datafiles import validated

# Confidence of a mapping by where its phrasing stands.
AFTER = 0.9  # in the phrase right after the number
BEFORE = 0.8  # before the number in its clause, no other number between
BEFORE_FAR = 0.6  # before the number, another quantity between
MIN_CONFIDENCE = 0.5

_BEFORE_SPAN = 160
_AFTER_SPAN = 70
_CLAUSE_END = re.compile(r"[.;:!?\n]\s|[;\n]")
_AFTER_STOP = re.compile(r"[,;.:()\n]|\s(?:và|với|trong đó|so với|tăng|giảm)\s")
_NUMBER = re.compile(r"\d")
_LEAD_NUMBER = re.compile(r"[\d.,]*\d\s*%?")
_SUBSET = re.compile(r"trong đó|bao gồm|gồm")
PROGRESS = re.compile(
    r"^\s*%?\s*(?:so với|kế hoạch|chỉ tiêu|dự toán|nghị quyết|mục tiêu)", re.IGNORECASE
)
_PROGRESS_BEFORE = re.compile(r"(?:đạt|vượt|bằng|hoàn thành)\s*(?:được\s*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    source: str
    phrasings: tuple[str, ...]
    share: bool = False

    @property
    def kind(self) -> str:
        """`rate` (%), `money` (đồng) or `count`."""
        return "rate" if self.unit == "%" else "money" if self.unit == "đồng" else "count"


@cache
def catalogue() -> dict[str, Indicator]:
    data = validated("indicators")
    return {
        item["code"]: Indicator(item["code"], item["name"], item["unit"], data["sources"][item["source"]],
                                tuple(p.lower() for p in item["phrasings"]), bool(item.get("share")))
        for item in data["indicators"]
    }


@cache
def _pattern() -> tuple[re.Pattern[str], dict[str, list[str]]]:
    by_phrase: dict[str, list[str]] = {}
    for ind in catalogue().values():
        for phrase in ind.phrasings:
            by_phrase.setdefault(phrase, []).append(ind.code)
    words = sorted(by_phrase, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)"), by_phrase


def uom_kind(uom: str | None) -> str:
    if uom == "%":
        return "rate"
    if uom == "đồng":
        return "money"
    return "count"


def is_progress(text: str, start: int, end: int) -> bool:
    """Whether the quantity at text[start:end] states progress against a plan or target
    ("đạt 62,8% so với Nghị quyết", "bằng 105% kế hoạch", "vượt 12% chỉ tiêu")."""
    if "%" not in text[start:end + 1]:
        return False
    after = text[end:end + 40].lower()
    before = text[max(0, start - 20):start].lower()
    return bool(PROGRESS.match(after)) and bool(_PROGRESS_BEFORE.search(before.rstrip()))


def _fits(ind: Indicator, uom: str | None, progress: bool) -> bool:
    if progress:
        return True
    kind = uom_kind(uom)
    if kind == "rate" and ind.kind == "count" and ind.share:
        return True  # a count also reported as a share ("60% số xã đạt chuẩn nông thôn mới")
    if ind.kind != kind:
        return False
    if kind == "count" and uom and ind.unit != uom:
        # a count names its noun: "đảng viên" is not "lớp"; a looser noun ("tổ chức" for
        # "tổ chức cơ sở đảng") still fits when one names the other
        return uom in ind.unit or ind.unit in uom
    return True


def map_quantity(text: str, start: int | None, end: int | None, uom: str | None) -> dict[str, Any] | None:
    """`{"code", "name", "confidence"}` of the indicator the quantity at text[start:end] measures, or None."""
    if start is None or end is None or not text:
        return None
    pattern, by_phrase = _pattern()
    progress = is_progress(text, start, end)
    # only the words around the number are read, lower-cased (a text may be a million characters long)
    base = max(0, start - _BEFORE_SPAN)
    low = text[base:end + _AFTER_SPAN + 40].lower()
    start, end = start - base, end - base

    def pick(match: re.Match[str]) -> Indicator | None:
        for code in by_phrase[match.group(0)]:
            ind = catalogue()[code]
            if _fits(ind, uom, progress):
                return ind
        return None

    # the words after the number, up to the end of its phrase
    lead = _LEAD_NUMBER.match(low, start)
    from_ = lead.end() if lead and lead.end() <= end else end
    after = low[from_:from_ + _AFTER_SPAN]
    stop = _AFTER_STOP.search(after)
    after = after[: stop.start()] if stop else after
    if not progress:
        for match in pattern.finditer(after):
            ind = pick(match)
            if ind:
                return _out(ind, AFTER)
    # the words before it, back to the start of its clause; the nearest phrasing wins
    window = low[:start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(window)), default=0)
    window = window[cut:]
    best: tuple[int, Indicator] | None = None
    for match in pattern.finditer(window):
        ind = pick(match)
        if ind and (best is None or match.end() >= best[0]):
            best = (match.end(), ind)
    if best is None:
        return None
    between = window[best[0]:]
    if _SUBSET.search(between):
        return None
    if progress:
        # "kết nạp được 5.966 đảng viên, đạt 62,8%": the count's number lies between, as it should
        return _out(best[1], BEFORE)
    confidence = BEFORE_FAR if _NUMBER.search(between) else BEFORE
    return _out(best[1], confidence) if confidence >= MIN_CONFIDENCE else None


def _out(ind: Indicator, confidence: float) -> dict[str, Any]:
    return {"code": ind.code, "name": ind.name, "confidence": confidence}


def annotate(text: str | None, *groups: list[Any]) -> None:
    """Set `indicator` on every target and figure of the groups (record items with offsets)."""
    from extract.models import IndicatorRef

    for items in groups:
        for item in items:
            found = map_quantity(text or "", item.start, item.end, item.unit_of_measure)
            item.indicator = IndicatorRef.model_validate(found) if found else None
