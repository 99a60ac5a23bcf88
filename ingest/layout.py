"""Positioned text (words or text runs with boxes) → lines, with side-by-side columns apart.

A PDF draws an official document's header as two columns on the same baselines: "ĐẢNG BỘ
TỈNH …" at the left and "ĐẢNG CỘNG SẢN VIỆT NAM" at the right. Read line by line they merge.
Here a run of lines with a wide gap at a common place is a column region; it is handed to
`tables.table_lines`, which reads a layout region column by column (left block, then right)
and a grid of figures row by row. Lines with three or more far-apart pieces are table rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from .tables import table_lines


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


def lines_from_boxes(boxes: list[Box]) -> list[str]:
    """Reading-order lines for the boxes of one page."""
    lines = _group_lines(boxes)
    if not lines:
        return []
    height = median(line.bottom - line.top for line in lines) or 10.0
    for line in lines:
        line.segments = _segments(line.segments, height * _COLUMN_GAP)
    return _emit(lines, height)


def has_columns(boxes: list[Box]) -> bool:
    """Whether any line of the page has pieces a column gap apart (cheap layout test)."""
    lines = _group_lines(boxes)
    if not lines:
        return False
    height = median(line.bottom - line.top for line in lines) or 10.0
    return any(len(_segments(line.segments, height * _COLUMN_GAP)) > 1 for line in lines)


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


def _segments(boxes: list[Box], gap: float) -> list[Box]:
    """Merge neighbouring boxes of a line, unless a column gap separates them."""
    merged: list[Box] = []
    for box in boxes:
        if merged and box.x0 - merged[-1].x1 < gap:
            last = merged[-1]
            joiner = "" if last.text.endswith(" ") or box.text.startswith(" ") else " "
            merged[-1] = Box(
                last.text + joiner + box.text,
                last.x0,
                max(last.x1, box.x1),
                min(last.top, box.top),
                max(last.bottom, box.bottom),
            )
        else:
            merged.append(box)
    return [Box(" ".join(b.text.split()), b.x0, b.x1, b.top, b.bottom) for b in merged]


def _emit(lines: list[_Line], height: float) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if len(line.segments) >= 3:
            out.append(" | ".join(s.text for s in line.segments))
            i += 1
        elif len(line.segments) == 2:
            end, split = _region(lines, i, height)
            rows = [
                [_side(lines[k], split, left=True), _side(lines[k], split, left=False)] for k in range(i, end)
            ]
            out.extend(table_lines(rows, max_layout_rows=None))  # long side-by-side text: columns too
            out.append("")
            i = end
        else:
            out.append(line.segments[0].text)
            i += 1
    return out


def _region(lines: list[_Line], start: int, height: float) -> tuple[int, float]:
    """End (exclusive) of the column region starting at `start`, and its split position."""
    first = lines[start].segments
    split = (first[0].x1 + first[1].x0) / 2
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if len(line.segments) > 2 or line.top - lines[end - 1].bottom > height * _REGION_GAP:
            break
        if any(s.x0 < split < s.x1 for s in line.segments):
            break
        end += 1
    return end, split


def _side(line: _Line, split: float, *, left: bool) -> list[str]:
    return [s.text for s in line.segments if (s.x1 <= split) == left]
