"""Positioned text (words or text runs with boxes) → lines, with side-by-side columns apart.

A PDF draws an official document's header as two columns on the same baselines: "ĐẢNG BỘ
TỈNH …" at the left and "ĐẢNG CỘNG SẢN VIỆT NAM" at the right. Read line by line they merge.
Here a run of lines with a wide gap at a common place is a column region (`_region`: it grows
while its lines keep to the two columns; a gap, a line across both or a title centred on the
page ends it); it is handed to `tables.table_lines`, which reads a layout region column by
column (left block, then right) and a grid of figures row by row. Lines with three or more
far-apart pieces are table rows.

A paragraph that the page's width wrapped is joined back into one line (`_wraps`): the next
line's first word would not have fitted at the end of this one, the two lines follow each
other closely, and nothing marks a break (sentence end, list marker, heading in capitals).
Extraction reads a line as a unit, so "đạt 800\nha trở lên" must become one line again; an
empty line's worth of space between two lines is kept as an empty line (it ends a title). Items
a column's width wrapped are joined too (`_join_continuations`), and `runs_on` tells whether a
page's last line runs on into the next page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from .tables import table_lines

# The text of a box of ink that OCR could not read: it keeps its place in the line (a gap where
# a word was is no column gap) and is left out of the text.
UNREAD = "\ufffc"


@dataclass(frozen=True)
class Box:
    text: str
    x0: float
    x1: float
    top: float  # distance from the top of the page
    bottom: float


@dataclass
class _Line:
    segments: list[Box]

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)


# Pieces of one line further apart than this many line heights are separate columns.
_COLUMN_GAP = 2.0
# A column region ends at a vertical gap of this many line heights.
_REGION_GAP = 3.0
# Lines whose centres or left edges are this many line heights apart are not aligned; a line
# this close to the middle of the page is centred on it.
_ALIGNED = 0.5
_CENTRED = 1.5
# Pieces closer than this share of a line height touch: joined without a space.
_TOUCHING = 0.1
# Space between two lines beyond the usual by this many line heights is an empty line.
_BLANK_LINE = 0.7
# A wrapped line is followed by the next within this many line heights, and within the usual
# space between lines plus this share of a line height (more is a paragraph's spacing).
_WRAP_GAP = 1.0
_PARAGRAPH_SPACE = 0.2
# A justified line ends within this many character widths of the right margin.
_JUSTIFIED = 1.5
# A line that starts an item or a heading is never the continuation of the line above.
_ITEM_START = re.compile(
    r"(?:[-–—+•*▪·]|\d+(?:\.\d+)*\s*[.):]|[IVXLC]+\s*[.)]|[a-zđ]\s*\)|(?:Điều|Chương|Mục|Phần)\s+(?:\d+|[IVXLC]+)\b[.:]?)(?:\s|$)"
)
# "… mỗi năm 0,3" / "- 0,5%; …": a range broken at its dash, not a list item.
_RANGE_RUNS_ON = re.compile(r"\d\n[-–]\s*\d")
_BULLET = re.compile(r"[-–—+•*▪·]\s")
# A line ending like this ends its paragraph (or is a hyphenated word, joined by `join_hyphenated`).
_BREAK_END = re.compile(r"(?:[.!?:…]|\w-)[\"”')\]]*$")


def lines_from_boxes(boxes: list[Box], *, words: bool = False) -> list[str]:
    """Reading-order lines for the boxes of one page. `words`: each box is a whole word (OCR's),
    so boxes that touch still take a space between them ("HUYỆN ỦY THỌ" set tight in capitals)."""
    lines = _group_lines(boxes)
    if not lines:
        return []
    height = median(line.bottom - line.top for line in lines) or 10.0
    for line in lines:
        touching = float("-inf") if words else height * _TOUCHING
        line.segments = _segments(line.segments, height * _COLUMN_GAP, touching)
    lines = [line for line in lines if line.segments]
    return _emit(lines, height) if lines else []


def _group_lines(boxes: list[Box]) -> list[_Line]:
    """Boxes whose vertical middles fall within each other's extent share a line."""
    lines: list[_Line] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        if not box.text.strip():
            continue
        middle = (box.top + box.bottom) / 2
        if lines and lines[-1].top <= middle <= lines[-1].bottom:
            lines[-1].segments.append(box)
        else:
            lines.append(_Line([box]))
    for line in lines:
        line.segments.sort(key=lambda b: b.x0)
    return lines


def _segments(boxes: list[Box], gap: float, touching: float) -> list[Box]:
    """Merge neighbouring boxes of a line, unless a column gap separates them; boxes that touch
    (runs of one word in two fonts) join without a space."""
    merged: list[Box] = []
    for box in boxes:
        if merged and box.x0 - merged[-1].x1 < gap:
            last = merged[-1]
            no_space = last.text.endswith(" ") or box.text.startswith(" ") or box.x0 - last.x1 < touching
            joiner = "" if no_space else " "
            merged[-1] = Box(
                last.text + joiner + box.text,
                last.x0,
                max(last.x1, box.x1),
                min(last.top, box.top),
                max(last.bottom, box.bottom),
            )
        else:
            merged.append(box)
    # an unread box touching another joins it without a space ("￼￼", "abc￼"): its mark goes
    texts = [" ".join(word for word in b.text.replace(UNREAD, " ").split()) for b in merged]
    return [Box(text, b.x0, b.x1, b.top, b.bottom) for text, b in zip(texts, merged, strict=True) if text]


def _emit(lines: list[_Line], height: float) -> list[str]:
    out: list[str] = []
    flow = [line.segments[0] for line in lines if len(line.segments) == 1]
    right_edge = max((box.x1 for box in flow), default=0.0)
    every = [box for line in lines for box in line.segments]
    page_centre = (min(box.x0 for box in every) + max(box.x1 for box in every)) / 2
    previous: Box | None = None  # the last line emitted, when it was a one-piece line
    usual_gap = _usual_gap(lines)
    blank_after = usual_gap + height * _BLANK_LINE
    wrap_gap = min(usual_gap + height * _PARAGRAPH_SPACE, height * _WRAP_GAP)
    i = 0
    while i < len(lines):
        line = lines[i]
        if i and out and line.top - lines[i - 1].bottom > blank_after:
            # an empty line's worth of space: a paragraph break the text keeps (also after the
            # empty line that ends a column region, so that a page can tell where it ended)
            out.append("")
            previous = None
        if len(line.segments) == 1:
            box = line.segments[0]
            if previous is not None and _wraps(previous, box, right_edge, height, wrap_gap):
                out[-1] += " " + box.text
            else:
                out.append(box.text)
            previous = box
            i += 1
            continue
        previous = None
        if len(line.segments) >= 3:
            out.append(" | ".join(s.text for s in line.segments))
            i += 1
        elif len(line.segments) == 2:
            end, split = _region(lines, i, height, page_centre)
            rows = [
                [_side(lines[k], split, left=True), _side(lines[k], split, left=False)] for k in range(i, end)
            ]
            # long side-by-side text is read column-wise too
            out.extend(_join_continuations(table_lines(rows, max_layout_rows=None)))
            out.append("")
            i = end
    return out


def _usual_gap(lines: list[_Line]) -> float:
    """The usual space between one line and the next on the page."""
    gaps = [below.top - above.bottom for above, below in zip(lines, lines[1:], strict=False)]
    return median([gap for gap in gaps if gap > 0] or [0.0])


def _wraps(above: Box, below: Box, right_edge: float, height: float, gap: float) -> bool:
    """Whether `below` continues the paragraph that the page's width broke at `above`: it
    follows within `gap` (more space than between the lines of a paragraph is a paragraph's
    spacing), and the line above ran to the margin."""
    words = below.text.split()
    if not words or below.top - above.bottom > gap:
        return False
    char_width = (below.x1 - below.x0) / max(len(below.text), 1)
    room = right_edge - above.x1
    if room >= char_width * (len(words[0]) + 1):
        return False  # the first word below would have fitted: the line above ended by choice
    if below.text[:1].isupper() and room > char_width * _JUSTIFIED:
        return False  # before a capital only a line that runs to the margin (a menu, a title)
    if _BREAK_END.search(above.text) or (" | " in below.text and " | " not in above.text):
        return False  # a sentence ended, or a row follows ("20/07/2022 | 10:30" under a title)
    if _ITEM_START.match(below.text) and not _RANGE_RUNS_ON.search(above.text[-1:] + "\n" + below.text[:3]):
        return False
    return _is_capitals(above.text) == _is_capitals(below.text)


def runs_on(above: list[str], below: list[str]) -> bool:
    """Whether the last line of `above` (a page) runs on into the first line of `below` (the
    next page): a paragraph the page end broke. Judged from the words, as the lines carry no
    positions any more: the line above ends mid-sentence, the line below starts no item or
    heading, neither is in capitals, and the line below starts in lower case or with a digit,
    or the line above ends with a word (not a ',' or ';' of a list) and starts no item itself.
    A page that ends with a column region (blank last line) or a table row does not run on."""
    last = above[-1] if above else ""
    first = next((line for line in below if line), "")
    if not last or not first or " | " in last or _BREAK_END.search(last) or _ITEM_START.match(first):
        return False
    if _is_capitals(last) or _is_capitals(first):
        return False
    if first[:1].islower() or first[:1].isdigit():
        return True
    return not last.endswith((",", ";")) and not _ITEM_START.match(last)


def _join_continuations(lines: list[str]) -> list[str]:
    """In a column block, a line that the column's width wrapped is joined to the one above:
    one that starts in lower case ("- Ủy ban Thường vụ Quốc" / "hội;"), and in a list of
    items ("Nơi nhận:"), one that starts no item ("- Các đồng chí Ủy viên BCH Đảng bộ" /
    "Khối,"). Rows of a grid are left alone."""
    if any(" | " in line for line in lines):
        return lines
    out: list[str] = []
    for line in lines:
        above = out[-1] if out else ""
        if above and not _BREAK_END.search(above):
            in_item = _BULLET.match(above) and not above.endswith((",", ";")) and not _ITEM_START.match(line)
            if line[:1].islower() or in_item:
                out[-1] += " " + line
                continue
        out.append(line)
    return out


def _is_capitals(text: str) -> bool:
    """A heading in capitals ("II. MỤC TIÊU"), not a numeral or a symbol ("IV/2023.")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _region(lines: list[_Line], start: int, height: float, page_centre: float) -> tuple[int, float]:
    """End (exclusive) of the column region starting at `start`, and its split position.

    The region grows while each line fits the two columns seen so far: a line of two pieces
    keeps the columns apart, a line of one piece stays clear of one of them ("- Sở Nông nghiệp
    và PTNT tỉnh," runs past the short "Nơi nhận:" above it, not into the signer's column). It
    ends at a gap, at a line across both columns, and at a line centred on the page that
    neither column is aligned with (the title "NGHỊ QUYẾT" under the header)."""
    first = lines[start].segments
    left_end, right_start = first[0].x1, first[1].x0  # how far each column reaches so far
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if len(line.segments) > 2 or line.top - lines[end - 1].bottom > height * _REGION_GAP:
            break
        if len(line.segments) == 2:
            left, right = line.segments
            if max(left_end, left.x1) >= min(right_start, right.x0):
                break
            left_end, right_start = max(left_end, left.x1), min(right_start, right.x0)
        else:
            box = line.segments[0]
            split = (left_end + right_start) / 2
            fits_left, fits_right = box.x1 < right_start, box.x0 > left_end
            if not fits_left and not fits_right:
                break
            on_left = fits_left and (not fits_right or (box.x0 + box.x1) / 2 <= split)
            column = first[0] if on_left else first[1]
            if _page_centred(box, column, page_centre, height):
                break
            if on_left:
                left_end = max(left_end, box.x1)
            else:
                right_start = min(right_start, box.x0)
        end += 1
    return end, (left_end + right_start) / 2


def _page_centred(box: Box, column: Box, page_centre: float, height: float) -> bool:
    """A one-piece line centred on the page, not aligned with its column (the centre or the left
    edge of the region's first line on that side)."""

    def centre(b: Box) -> float:
        return (b.x0 + b.x1) / 2

    tolerance = height * _ALIGNED
    aligned = abs(centre(box) - centre(column)) <= tolerance or abs(box.x0 - column.x0) <= tolerance
    return not aligned and abs(centre(box) - page_centre) <= height * _CENTRED


def _side(line: _Line, split: float, *, left: bool) -> list[str]:
    return [s.text for s in line.segments if (s.x1 <= split) == left]
