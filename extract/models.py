"""The extraction record of CONTRACT.md (version 1), defined once.

Every model here is part of the public contract: fields may be added (optional),
never renamed. The API's response models and `vanban schema` use these classes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

DocKind = Literal[
    "resolution", "directive", "conclusion", "regulation", "decision", "plan", "program",
    "project", "guidance", "notice", "report", "official_letter", "submission", "law",
    "ordinance", "decree", "circular", "joint_circular", "consolidated", "news", "other",
]
UnitKind = Literal[
    "party_committee", "committee_body", "party_organization", "mass_organization",
    "state_body", "steering_committee", "other",
]
Level = Literal["central", "province", "district", "commune", "grassroots"]
Comparator = Literal["eq", "gte", "gt", "lte", "lt", "approx", "range"]
Recurrence = Literal["yearly", "quarterly", "monthly"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Source(_Model):
    filename: str | None = None
    sha256: str | None = None
    media_type: str | None = None
    pages: int | None = None
    ocr_pages: int | None = Field(default=None, description="pages read by OCR (added field)")
    warnings: list[str] = Field(
        default_factory=list,
        description="pages skipped, timed out or unreadable: the text is incomplete (added field)",
    )


class Signer(_Model):
    name: str | None = None
    position: str | None = None


class DocumentInfo(_Model):
    kind: DocKind | None = None
    number: str | None = None
    title: str | None = None
    issuer: str | None = None
    issued_on: str | None = None
    published_on: str | None = None
    place: str | None = None
    signer: Signer | None = None
    topics: list[str] = Field(default_factory=list)
    topic_words: dict[str, list[str]] = Field(
        default_factory=dict, description="per topic code, the words of the text that decided it (added field)"
    )


class Locality(_Model):
    province: str | None = None
    district: str | None = None
    commune: str | None = None


class Mention(_Model):
    start: int
    end: int
    text: str


class Unit(_Model):
    name: str
    kind: UnitKind = "other"
    level: Level | None = None
    locality: Locality | None = None
    parent: str | None = None
    mentions: list[Mention] = Field(default_factory=list)


class Person(_Model):
    name: str
    positions: list[str] = Field(default_factory=list)
    unit: str | None = None
    start: int | None = None
    end: int | None = None


class Reference(_Model):
    kind: DocKind | None = None
    number: str | None = None
    issued_on: str | None = None
    issuer: str | None = None
    title: str | None = None
    start: int | None = None
    end: int | None = None


class Period(_Model):
    start: str | None = None
    end: str | None = None
    recurrence: Recurrence | None = None


class IndicatorRef(_Model):
    code: str
    name: str
    confidence: float | None = Field(default=None, description="how sure the mapping is, 0-1 (added field)")


class _Quantity(_Model):
    measure: str | None = None
    comparator: Comparator = "eq"
    value: float | None = None
    value_max: float | None = None
    unit_of_measure: str | None = None
    period: Period = Field(default_factory=Period)
    unit: str | None = None
    evidence: str | None = None
    start: int | None = None
    end: int | None = None
    indicator: IndicatorRef | None = Field(
        default=None, description="the catalogued indicator the quantity measures, or null (added field)"
    )


class Target(_Quantity):
    due: str | None = None


class Figure(_Quantity):
    as_of: str | None = None
    target: str | None = Field(default=None, description="id of the stored target it reports on (added field)")
    link_reason: str | None = Field(default=None, description="why it was linked to `target` (added field)")
    progress: float | None = Field(
        default=None, description="percent of the linked target reached, where that means something (added field)"
    )


class Deadline(_Model):
    task: str | None = None
    due: str | None = None
    recurrence: Recurrence | None = None
    unit: str | None = None
    evidence: str | None = None
    start: int | None = None
    end: int | None = None


class ErrorInfo(_Model):
    code: str
    message: str


class Extraction(_Model):
    schema_version: int = SCHEMA_VERSION
    source: Source = Field(default_factory=Source)
    text: str | None = None
    document: DocumentInfo = Field(default_factory=DocumentInfo)
    units: list[Unit] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)


class ErrorRecord(_Model):
    """What `vanban extract` prints for a file it cannot read."""

    schema_version: int = SCHEMA_VERSION
    source: Source = Field(default_factory=Source)
    error: ErrorInfo


def json_schema() -> dict:
    return Extraction.model_json_schema()
