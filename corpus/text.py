"""Text forms the store indexes: the folded column and highlighted snippets.

The folded column must keep every length so that a match found in it points at the same
characters of the original text (that is how snippets show the original with diacritics).
"""

from __future__ import annotations

import datetime as dt
import html
import re

from ingest.normalize import fold, normalize_text


class _FoldTable(dict[int, str]):
    """`str.translate` table that folds one character at a time, keeping lengths."""

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint)
        folded = fold(char)
        value = folded if len(folded) == 1 else (char.lower() if len(char.lower()) == 1 else char)
        self[codepoint] = value
        return value


_FOLD_TABLE = _FoldTable()


def fold_index(text: str) -> str:
    """`fold` applied per character so that `len(fold_index(t)) == len(t)`: 'Đảng ủy' → 'dang uy'."""
    return text.translate(_FOLD_TABLE)


def clean_query_text(text: str) -> str:
    """The form a query is compared in: NFC, one tone placement ('uỷ' and 'ủy' are one word).

    Control characters (a NUL ends an FTS5 string early) become spaces."""
    text = "".join(" " if (ord(c) < 32 or 0x7F <= ord(c) < 0xA0) else c for c in text)
    return normalize_text(text)


MARK_START = "\x01"
MARK_END = "\x02"
_MARK_RE = re.compile(f"{MARK_START}(.*?){MARK_END}", re.S)


def marked_spans(marked: str) -> list[tuple[int, int]]:
    """Spans (in unmarked coordinates) of text between MARK_START and MARK_END."""
    spans: list[tuple[int, int]] = []
    removed = 0
    for match in _MARK_RE.finditer(marked):
        start = match.start() - removed
        end = start + len(match.group(1))
        spans.append((start, end))
        removed += 2
    return spans


def snippet_html(text: str, spans: list[tuple[int, int]], *, width: int = 240) -> str:
    """A window of `text` around the densest group of `spans`, HTML-escaped, hits in <mark>."""
    if not text:
        return ""
    if not spans:
        return _clip(text, 0, width)
    spans = _merge_adjacent(text, spans)
    best_start, best_count = spans[0][0], 0
    for i, (start, _) in enumerate(spans):
        count = sum(1 for s, e in spans[i:] if e <= start + width)
        if count > best_count:
            best_start, best_count = start, count
    window_start = _word_start(text, max(0, best_start - width // 4))
    window_end = min(len(text), window_start + width)
    window_end = _word_end(text, window_end)
    out: list[str] = ["…" if window_start > 0 else ""]
    pos = window_start
    for start, end in spans:
        if end <= window_start or start >= window_end:
            continue
        start, end = max(start, window_start), min(end, window_end)
        out.append(html.escape(text[pos:start], quote=False))
        out.append("<mark>" + html.escape(text[start:end], quote=False) + "</mark>")
        pos = end
    out.append(html.escape(text[pos:window_end], quote=False))
    if window_end < len(text):
        out.append("…")
    return _squash("".join(out))


def _merge_adjacent(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'<mark>phát</mark> <mark>triển</mark>' → '<mark>phát triển</mark>'."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _clip(text: str, start: int, width: int) -> str:
    end = _word_end(text, min(len(text), start + width))
    return _squash(html.escape(text[start:end], quote=False) + ("…" if end < len(text) else ""))


def _word_start(text: str, pos: int) -> int:
    if pos <= 0:
        return 0
    back = text.rfind(" ", max(0, pos - 20), pos)
    return back + 1 if back >= 0 else pos


def _word_end(text: str, pos: int) -> int:
    if pos >= len(text):
        return len(text)
    forward = text.find(" ", pos, pos + 20)
    return forward if forward >= 0 else pos


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def timestamp(moment: dt.datetime | None = None) -> str:
    """A UTC time in one fixed-width form, so that timestamps compare as strings."""
    moment = moment or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
