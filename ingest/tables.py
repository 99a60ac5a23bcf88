"""Tables as lines of text, shared by the HTML and DOCX readers.

Official documents use borderless tables for layout: the header (issuer and number on the
left, the national motto and place/date on the right) and the signature block ("Nơi nhận"
left, signer right). Such a table is read column by column, the left block first, so each
side stays together. A table of data (many rows or columns, numbers, an "STT" column) is
read row by row, one line per row with cells joined by " | ".
"""

from __future__ import annotations

import re

Cell = list[str]  # the lines of one cell
Row = list[Cell]

_MAX_LAYOUT_COLUMNS = 3
_MAX_LAYOUT_ROWS = 12
_NUMERIC = re.compile(r"[\d\s.,%/()+\-–]*\d[\d\s.,%/()+\-–]*")
_INDEX_HEADERS = {"stt", "tt", "số tt", "số thứ tự", "no", "no."}


def is_layout(rows: list[Row], *, max_rows: int | None = _MAX_LAYOUT_ROWS) -> bool:
    """A small table of words: the header or the signature block of a document.
    `max_rows=None` drops the size test (side-by-side text columns on a PDF page)."""
    rows = _without_empty(rows)
    if not rows or (max_rows is not None and len(rows) > max_rows):
        return False
    if max(len(row) for row in rows) > _MAX_LAYOUT_COLUMNS:
        return False
    if _text(rows[0][0]).lower() in _INDEX_HEADERS:
        return False
    return not any(_NUMERIC.fullmatch(_text(cell)) for row in rows for cell in row if _text(cell))


def table_lines(rows: list[Row], *, max_layout_rows: int | None = _MAX_LAYOUT_ROWS) -> list[str]:
    """The table as lines: column blocks for a layout table, one line per row otherwise."""
    rows = _without_empty(rows)
    if is_layout(rows, max_rows=max_layout_rows):
        return _column_blocks(rows)
    lines = []
    for row in rows:
        cells = [_text(cell) for cell in row]
        if any(cells):
            lines.append(" | ".join(cell for cell in cells if cell))
    return lines


def _column_blocks(rows: list[Row]) -> list[str]:
    width = max(len(row) for row in rows)
    lines: list[str] = []
    for column in range(width):
        block = [line for row in rows if column < len(row) for line in row[column] if line.strip()]
        if block:
            if lines:
                lines.append("")
            lines.extend(block)
    return lines


def _without_empty(rows: list[Row]) -> list[Row]:
    """Rows and columns that hold some text (spacer columns and blank rows go)."""
    rows = [row for row in rows if any(_text(cell) for cell in row)]
    width = max((len(row) for row in rows), default=0)
    used = [c for c in range(width) if any(c < len(row) and _text(row[c]) for row in rows)]
    return [[row[c] if c < len(row) else [] for c in used] for row in rows]


def _text(cell: Cell) -> str:
    return " ".join(" ".join(cell).split())
