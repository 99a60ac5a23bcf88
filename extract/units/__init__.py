"""Organizational units: find mentions, give each a canonical name, kind, level, locality, parent.

`find_mentions(text)` reads unit phrases with a small recursive parser (a body such as
"Ban Thường vụ" over a committee such as "Huyện ủy Tiên Lãng"; an agency, armed force or
institution whose later syllables are lower case, "Đảng bộ Bộ đội Biên phòng tỉnh …"); `resolve(...)`
names them canonically, fills an unqualified mention with the locality the document establishes,
and gathers all mentions of one unit into one entry. Vocabulary lives in data/units.json and
data/organizations.json (sources named there).

Modules, in reading order: model (records), vocab (data and patterns), names (what follows a
head), parse (one phrase), tasks (bodies named after their task), mentions (a whole text),
resolve (places, canonical names, merging).
"""

from __future__ import annotations

from extract.units.mentions import case_upper_lines, find_mentions
from extract.units.model import Mention, Places, ResolvedUnit, Spec
from extract.units.names import take_name, take_proper_name
from extract.units.parse import parse_at
from extract.units.resolve import canonical, establish_places, resolve

__all__ = [
    "Mention", "Places", "ResolvedUnit", "Spec", "canonical", "case_upper_lines", "establish_places", "find_mentions",
    "parse_at", "resolve", "take_name", "take_proper_name",
]
