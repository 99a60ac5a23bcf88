"""What the pipeline's components leave on a Doc, typed.

Each component fills its own fields of one `DocData` held in the Doc extension `doc._.vanban`;
later components and the record builder (`extract.record`) read them through `data(doc)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from spacy.tokens import Doc

if TYPE_CHECKING:
    from extract.dates import DateExpr
    from extract.deadlines import DeadlineHit
    from extract.header import Header
    from extract.people import PersonHit
    from extract.quantities import Quantity
    from extract.references import RefHit
    from extract.units import Mention, Places, ResolvedUnit

EXTENSION = "vanban"


@dataclass
class DocData:
    text: str
    locality_hint: str | None = None
    source_title: str | None = None
    # vanban_header
    header: Header | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)
    # vanban_units
    places: Places | None = None
    unit_mentions: list[Mention] = field(default_factory=list)
    units: list[ResolvedUnit] = field(default_factory=list)
    # vanban_people, vanban_references
    people: list[PersonHit] = field(default_factory=list)
    references: list[RefHit] = field(default_factory=list)
    # vanban_quantities, vanban_deadlines, vanban_topics
    quantities: list[Quantity] = field(default_factory=list)
    deadlines: list[DeadlineHit] = field(default_factory=list)
    topics: list[tuple[str, list[str]]] = field(default_factory=list)

    def need_header(self) -> Header:
        if self.header is None:
            raise RuntimeError("vanban_header must run before this component")
        return self.header


if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)


def data(doc: Doc) -> DocData:
    """The Doc's DocData, created on first use (Doc.text joins every token each time it is read)."""
    value = getattr(doc._, EXTENSION)
    if value is None:
        value = DocData(text=doc.text)
        setattr(doc._, EXTENSION, value)
    return cast(DocData, value)


def attach(doc: Doc, value: DocData) -> None:
    setattr(doc._, EXTENSION, value)
