"""The records of the units reader: a parsed phrase (Spec), a mention, the places a document establishes, a resolved unit."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Spec:
    """A parsed unit phrase, before locality resolution."""

    head: str  # 'Tỉnh ủy', 'Đảng bộ', 'Chi bộ', 'Liên đoàn Lao động', 'Ủy ban nhân dân', 'central', 'named' …
    kind: str
    level: str | None = None  # province | city | district | commune | grassroots | central
    admin: str | None = None  # the administrative word as written: tỉnh, huyện, xã …
    name: str | None = None  # locality or proper name
    fixed: str | None = None  # a canonical name settled by the text itself
    body: str | None = None
    inner: Spec | None = None


@dataclass
class Mention:
    start: int
    end: int
    text: str
    spec: Spec


@dataclass
class Places:
    province: str | None = None
    district: str | None = None
    district_admin: str | None = None
    commune: str | None = None
    commune_admin: str | None = None


@dataclass
class ResolvedUnit:
    name: str
    kind: str
    level: str | None
    locality: dict | None
    parent: str | None
    mentions: list[tuple[int, int, str]] = field(default_factory=list)
