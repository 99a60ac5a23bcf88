"""Dates, months, quarters, years and periods as Vietnamese texts write them, resolved to ISO."""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass, field

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
DASH = r"\s*[-–—]\s*"
YEAR = r"(?:19|20)\d{2}"


@dataclass
class DateExpr:
    start: int
    end: int
    text: str
    kind: str  # day | day_no_year | month | quarter | half | year | range | since
    value: str | None = None  # ISO at the precision given (range: the end)
    range_start: str | None = None
    context: str = ""  # the word(s) before: 'trước', 'chậm nhất', 'đến', 'giai đoạn', 'nhiệm kỳ', 'so với' …
    meta: dict = field(default_factory=dict)


def iso(year: int | str, month: int | str | None = None, day: int | str | None = None) -> str | None:
    y = int(year)
    if not 1900 <= y <= 2100:
        return None
    if month is None:
        return f"{y:04d}"
    m = int(month)
    if not 1 <= m <= 12:
        return None
    if day is None:
        return f"{y:04d}-{m:02d}"
    d = int(day)
    if not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None  # 31/4 or 29/2 of a common year is no date
    return f"{y:04d}-{m:02d}-{d:02d}"


_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("day_words", re.compile(r"ngày\s*(\d{1,2})\s+tháng\s*(\d{1,2})\s+năm\s*(" + YEAR + r")", re.I)),
    ("day", re.compile(r"(?<![\d/.-])(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?\2\s?(" + YEAR + r")(?![\d/])")),
    ("day", re.compile(r"(?<![\d/.-])(\d{1,2})\s*(/)\s*(\d{1,2})\s*/\s*(" + YEAR + r")(?![\d/])")),
    ("quarter", re.compile(r"quý\s+(IV|I{1,3}|[1-4])(?:\s*(?:/|-|năm)\s*(" + YEAR + r"))?(?![\w/])", re.I)),
    ("half", re.compile(r"(6|sáu)\s+tháng\s+(đầu|cuối)\s+năm(?:\s+(" + YEAR + r"))?", re.I)),
    ("month", re.compile(r"tháng\s+(\d{1,2})\s*(?:/|-|năm)\s*(" + YEAR + r")(?![\d/])", re.I)),
    ("range", re.compile(r"(" + YEAR + r")" + DASH + r"(" + YEAR + r")(?!\d)")),
    ("range_words", re.compile(r"từ\s+năm\s+(" + YEAR + r")\s+đến\s+(?:năm\s+)?(" + YEAR + r")", re.I)),
    ("since", re.compile(r"từ\s+(?:năm\s+|đầu\s+năm\s+)?(" + YEAR + r")\s+(?:đến\s+nay|tới\s+nay|đến\s+hiện\s+nay)", re.I)),
    ("day_no_year", re.compile(
        r"(?:(?<=ngày )|(?<=ngày)|(?<=sáng )|(?<=chiều )|(?<=tối )|(?<=trưa )|(?<=đêm )|(?<=hôm )|(?<=Ngày )|(?<=Sáng )|(?<=Chiều )|(?<=Tối ))"
        r"(\d{1,2})\s?([/-])\s?(\d{1,2})(?![\d/-]|\s?[/-]\s?\d)")),
    ("year", re.compile(r"(?:năm|Năm|NĂM)\s+(" + YEAR + r")(?![\d/-]|\s*[-–—]\s*\d)")),
]

_CONTEXT = re.compile(
    r"(trước\s+\d{1,2}\s*(?:h|giờ|:)\s*\d{0,2}\s*(?:′|'|phút)?\s*,?\s*ngày|trước\s+ngày|trước|chậm\s+nhất(?:\s+là)?(?:\s+ngày|\s+vào)?|hạn\s+chót|hoàn\s+thành\s+trong|hoàn\s+thành\s+trước|"
    r"đến\s+hết|đến\s+ngày|đến\s+năm|đến|tới|giai\s+đoạn|nhiệm\s+kỳ|năm\s+học|so\s+với(?:\s+cùng\s+kỳ)?(?:\s+giai\s+đoạn)?|"
    r"trong|từ|định\s+kỳ|vào|cùng\s+kỳ|tính\s+đến|kể\s+từ)\s*(?:ngày|năm|tháng)?\s*$",
    re.I,
)


def find_dates(text: str, doc_date: str | None = None) -> list[DateExpr]:
    """Every date-like expression, left to right, without overlaps (the earlier, longer match wins)."""
    found: list[DateExpr] = []
    starts: list[int] = []  # the spans taken so far: sorted and not overlapping, so their ends are sorted too
    ends: list[int] = []
    doc_year = int(doc_date[:4]) if doc_date else None

    def free(s: int, e: int) -> bool:
        i = bisect.bisect_right(ends, s)  # the first taken span ending after s
        return i == len(ends) or starts[i] >= e

    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            expr = _build(kind, m, doc_year)
            if expr is None:
                continue
            i = bisect.bisect_left(starts, m.start())
            starts.insert(i, m.start())
            ends.insert(i, m.end())
            found.append(expr)
    found.sort(key=lambda d: d.start)
    for d in found:
        before = text[max(0, d.start - 40):d.start]
        cm = _CONTEXT.search(before)
        d.context = re.sub(r"\s+", " ", cm.group(1).lower()) if cm else ""
    return found


def _build(kind: str, m: re.Match, doc_year: int | None) -> DateExpr | None:
    text = m.group(0)
    s, e = m.start(), m.end()
    if kind == "day_words":
        v = iso(m.group(3), m.group(2), m.group(1))
        return DateExpr(s, e, text, "day", v) if v else None
    if kind == "day":
        v = iso(m.group(4), m.group(3), m.group(1))
        return DateExpr(s, e, text, "day", v) if v else None
    if kind == "day_no_year":
        day, month = int(m.group(1)), int(m.group(3))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        v = iso(doc_year, month, day) if doc_year else None
        return DateExpr(s, e, text, "day_no_year", v, meta={"day": day, "month": month})
    if kind == "quarter":
        q = ROMAN[m.group(1).upper()]
        year = m.group(2) or doc_year
        v = iso(year, q * 3) if year else None
        return DateExpr(s, e, text, "quarter", v, range_start=iso(year, q * 3 - 2) if year else None)
    if kind == "half":
        first = m.group(2).lower() == "đầu"
        year = m.group(3) or doc_year
        v = iso(year, 6 if first else 12) if year else None
        return DateExpr(s, e, text, "half", v, range_start=iso(year, 1 if first else 7) if year else None)
    if kind == "month":
        v = iso(m.group(2), m.group(1))
        return DateExpr(s, e, text, "month", v) if v else None
    if kind in ("range", "range_words"):
        a, b = int(m.group(1)), int(m.group(2))
        if not a <= b <= a + 30:
            return None
        return DateExpr(s, e, text, "range", iso(b), range_start=iso(a))
    if kind == "since":
        return DateExpr(s, e, text, "since", None, range_start=iso(m.group(1)))
    if kind == "year":
        return DateExpr(s, e, text, "year", iso(m.group(1)))
    return None
