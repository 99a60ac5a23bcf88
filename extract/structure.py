"""Where a quantity stands in the document: masks for symbols, phones and times, the sections
and role-naming lines that govern it, the title's horizon, and when two mentions are one item."""

from __future__ import annotations

import re

from extract import labels as L
from extract import quantities as Q
from extract.dates import find_dates
from extract.symbols import SYMBOL_IN_TEXT
from extract.textutil import is_upper_line

_PHONE_RX = re.compile(r"(?<![\d])(?:\+84|0)\d{2,3}[ .]?\d{3}[ .]?\d{3,4}(?!\d)")
_TIME_RX = re.compile(r"(?<![\d])\d{1,2}\s*(?:giờ|h|:)\s*\d{0,2}(?:\s*phút)?(?![\d])")


def symbol_masks(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in SYMBOL_IN_TEXT.finditer(text)]
    spans += [(m.start(), m.end()) for m in _PHONE_RX.finditer(text)]
    spans += [(m.start(), m.end()) for m in _TIME_RX.finditer(text)]
    return spans


_SECTION_RX = re.compile(
    r"^\s*(?:(?:Điều|Mục|Chương|Phần)\s+[\dIVX]+\s*[.:\-]?|(?:[IVX]+|[A-Z]|\d+(?:\.\d+)*|[a-zđ])[.\-)])\s*([^\n]{3,90})$", re.M
)


def sections(text: str) -> list[tuple[int, str | None]]:
    sig = Q._s()
    out: list[tuple[int, str | None]] = []
    for m in _SECTION_RX.finditer(text):
        title = m.group(1).upper()
        heading = m.group(1)
        if len(heading.split()) > 14 or (heading.rstrip().endswith((".", ";")) and not heading.isupper()):
            continue
        if re.search(r"\d", re.sub(r"(?:19|20)\d{2}", "", heading)):
            continue  # an item with a quantity, not a heading
        role = None
        if any(w in title for w in sig["target_sections"]):
            role = "target"
        if any(w in title for w in sig["figure_sections"]):
            role = "figure" if role is None or title.find("KẾT QUẢ") < title.find("MỤC TIÊU") else role
        out.append((m.start(), role))
    return out


def paragraph_intros(text: str, sections: list[tuple[int, str | None]]) -> list[tuple[int, str | None]]:
    """A paragraph that opens by naming its role ('Một số chỉ tiêu chủ yếu …', 'Kết quả đạt được: …')
    governs its own sentences, as a heading would, until the paragraph ends."""
    sig = Q._s()
    out = list(sections)
    for m in re.finditer(r"(?:^|\n)([^\n]+)", text):
        start, line = m.start(1), m.group(1)
        head = " ".join(line.split()[:6]).upper()
        head = re.sub(r"^[-+•\s]*(?:MỘT SỐ|CÁC|NHỮNG)\s+", "", head)
        role = None
        if any(head.startswith(w) for w in sig["target_sections"] if w not in ("NHIỆM VỤ", "KẾ HOẠCH")):
            role = "target"
        elif any(head.startswith(w) for w in sig["figure_sections"]):
            role = "figure"
        if role is None or any(s == start for s, _ in sections):
            continue
        end = m.end(1)
        if is_upper_line(line):
            # a heading in capitals ('CÁC CHỈ TIÊU CHỦ YẾU NHIỆM KỲ …') governs the lines under it up to the
            # next heading in capitals or the next heading that names a role of its own
            nxt = [s for s, r in sections if s > start and r is not None]
            caps = [c.start(1) for c in re.finditer(r"(?:^|\n)([^\n]+)", text[end:]) if is_upper_line(c.group(1))]
            stops = nxt + [end + c for c in caps] + [len(text)]
            end = min(stops)
        before_role = section_at(sections, start)
        out.append((start, role))
        if not any(s0 == end for s0, _ in sections):  # a heading that starts there sets its own role
            out.append((end, before_role))
    return sorted(out, key=lambda x: x[0])


def section_at(sections: list[tuple[int, str | None]], pos: int) -> str | None:
    role = None
    for start, r in sections:
        if start > pos:
            break
        role = r
    return role


def horizon_of_title(title: str | None, issued_on: str | None) -> str | None:
    """The year a document's title sets for all it asks ('Kế hoạch kết nạp đảng viên năm 2024',
    '… giai đoạn 2021 - 2025'): one year or one period's end, not before the document's own year."""
    if not title:
        return None
    found = {d.value for d in find_dates(title, issued_on) if d.value and d.kind in ("year", "range")
             and not d.context.startswith(("so với", "từ"))}
    if len(found) != 1:
        return None
    year = found.pop()
    if issued_on and year and year[:4] < issued_on[:4]:
        return None
    return year


def paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]


def dedupe(text: str, quantities: list[Q.Quantity], title: str | None) -> list[Q.Quantity]:
    """One item for a quantity said twice: in the headline and again in the body, or in the same
    words (a lead repeated); items that only share a value ('100%' three times) stay apart."""
    norm_title = re.sub(r"\W+", " ", (title or "").casefold()).strip()
    seen_words: set[tuple] = set()
    headline: dict[tuple, Q.Quantity] = {}
    out = []
    for q in quantities:
        value = (q.role, q.value, q.value_max, q.uom)
        words = re.findall(r"\w+", text[max(0, q.start - 40):q.start].casefold())[-3:]
        after = re.findall(r"\w+", text[q.end:q.end + 30].casefold())[:1]
        key = (*value, tuple(words), tuple(after))
        if value in headline:
            first = headline.pop(value)
            if key not in seen_words and L.headed(q.measure) and not L.headed(first.measure):
                first.measure = q.measure  # the body names with its head what the headline only tells
            continue
        if key in seen_words:
            continue
        seen_words.add(key)
        line_start = text.rfind("\n", 0, q.start) + 1
        line_end = text.find("\n", q.end)
        line = re.sub(r"\W+", " ", text[line_start:line_end if line_end >= 0 else len(text)].casefold()).strip()
        if norm_title and line and (line in norm_title or norm_title in line):
            headline[value] = q
        out.append(q)
    return out
