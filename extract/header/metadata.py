"""The metadata table legal-document portals print above a document.

Rows arrive as table cells flattened to text ('| Người ký | Trần Văn A |'), as 'Label: value' pairs,
or as two pairs on one line ('Số hiệu: 12/QĐ-UBND Loại văn bản: Quyết định'). The labels and the
header field each gives are data (extract/data/metadata.json).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from extract.lexicon import load

# where a portal's table may stand: before the document's own header lines
TOP_LINES = 60


@dataclass
class MetaValue:
    text: str
    start: int  # offset of the value in the full text
    end: int


@dataclass
class Metadata:
    fields: dict[str, MetaValue] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        value = self.fields.get(name)
        return value.text if value else None


@cache
def _label_rx() -> re.Pattern:
    labels = sorted(load("metadata")["labels"], key=len, reverse=True)
    alt = "|".join(r"\s+".join(re.escape(w) for w in label.split()) for label in labels)
    # a label opens a line or a cell, or follows the value of the pair before it on the same line
    return re.compile(r"(?:^|(?<=\|)|(?<=\s))(?P<label>" + alt + r")\s*(?::\s*\|?|\|)\s*", re.M)


def _field_of(label: str) -> str | None:
    labels: dict[str, str | None] = load("metadata")["labels"]
    key = re.sub(r"\s+", " ", label)
    return next((v for k, v in labels.items() if k.casefold() == key.casefold()), None)


def read(text: str) -> Metadata:
    """The fields of the first metadata table near the top (the first value of a field wins)."""
    top_end = 0
    for _ in range(TOP_LINES):
        nxt = text.find("\n", top_end)
        if nxt < 0:
            top_end = len(text)
            break
        top_end = nxt + 1
    top = text[:top_end]
    meta = Metadata()
    hits = list(_label_rx().finditer(top))
    for k, m in enumerate(hits):
        # the value runs to the next cell, the next label or the line end
        stop = len(top)
        nl = top.find("\n", m.end())
        if nl >= 0:
            stop = nl
        if k + 1 < len(hits) and hits[k + 1].start() < stop:
            stop = hits[k + 1].start()
        pipe = top.find("|", m.end(), stop)
        if pipe >= 0:
            stop = pipe
        raw = top[m.end():stop]
        value = raw.strip(" \t|:")
        if not value or m.end() > stop:
            continue
        name = _field_of(m.group("label"))
        if name is None or name in meta.fields:
            continue
        start = m.end() + raw.find(value)
        meta.fields[name] = MetaValue(value, start, start + len(value))
    return meta
