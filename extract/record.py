"""The contract record (extract.models.Extraction) from a Doc the pipeline has annotated."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from extract import indicators
from extract import units as U
from extract.docdata import data
from extract.item_units import Responsibility
from extract.lexicon import alternation, load
from extract.models import (
    Deadline,
    DocumentInfo,
    Extraction,
    Figure,
    Locality,
    Mention,
    Period,
    Person,
    Reference,
    Signer,
    Source,
    Target,
    Unit,
)
from extract.symbols import issuer_code

if TYPE_CHECKING:
    from ingest.models import Document


def to_record(doc: Doc, document: Document) -> Extraction:
    st = data(doc)
    h = st.need_header()
    text = st.text
    units_out = []
    for u in st.units:
        units_out.append(Unit.model_validate(dict(
            name=u.name, kind=u.kind, level=u.level if u.level in ("central", "province", "district", "commune", "grassroots") else None,
            locality=Locality(**u.locality) if u.locality else None, parent=u.parent,
            mentions=[Mention(start=s, end=e, text=t) for s, e, t in u.mentions],
        )))
    places = st.places or U.Places()

    def unit_name(spec: U.Spec | None) -> str | None:
        if spec is None:
            return None
        ru = U.canonical(spec, places)
        return ru.name if ru else None

    people_out = []
    for p in st.people:
        unit = None
        for title in p.positions:
            for m in U.find_mentions(title):
                name = unit_name(m.spec)
                if name and (unit is None or not title.startswith("Ủy viên")):
                    unit = name
        people_out.append(Person(name=p.name, positions=[_expand_abbr(t) for t in p.positions], unit=unit,
                                 start=p.start, end=p.end))
    refs_out = []
    for r in st.references:
        issuer = unit_name(r.issuer_spec) if r.issuer_spec else _issuer_from_symbol(r.number, places)
        refs_out.append(Reference.model_validate(dict(kind=r.kind, number=r.number, issued_on=r.issued_on, issuer=issuer,
                                                      title=r.title, start=r.start, end=r.end)))
    own_voice = h.issuer if h.kind not in (None, "news") else None  # an official document speaks of its own work
    item_unit = Responsibility.build(text, st.units, st.sentences, own_voice, h.body_start, st.places)

    targets, figures = [], []
    for q in st.quantities:
        common = dict(
            measure=q.measure, comparator=q.comparator, value=q.value, value_max=q.value_max, unit_of_measure=q.uom,
            period=Period.model_validate(dict(start=q.period_start, end=q.period_end, recurrence=q.recurrence)),
            unit=item_unit.find(q.start, q.end),
            evidence=q.evidence, start=q.start, end=q.end,
        )
        if q.role == "target":
            targets.append(Target.model_validate(dict(due=q.due, **common)))
        else:
            figures.append(Figure.model_validate(dict(as_of=q.as_of, **common)))
    indicators.annotate(text, targets, figures)
    deadlines_out = [Deadline.model_validate(dict(task=d.task, due=d.due, recurrence=d.recurrence, unit=item_unit.find(d.start),
                                                  evidence=d.evidence, start=d.start, end=d.end)) for d in st.deadlines]
    issuer = h.issuer
    info = DocumentInfo.model_validate(dict(
        kind=h.kind, number=h.number, title=h.title, issuer=issuer, issued_on=h.issued_on,
        published_on=h.published_on, place=h.place,
        signer=Signer(name=h.signer_name, position=h.signer_position) if h.signer_name else None,
        topics=[code for code, _ in st.topics],
        topic_words={code: words for code, words in st.topics},
    ))
    return Extraction(
        source=Source(filename=document.filename, sha256=document.sha256, media_type=document.media_type,
                      pages=document.pages, ocr_pages=document.ocr_pages, warnings=document.missing),
        text=text, document=info, units=units_out, people=people_out, references=refs_out,
        targets=targets, figures=figures, deadlines=deadlines_out,
    )


@cache
def _bodies() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = load("abbreviations")["bodies"]
    return re.compile(r"(?<![\w])(?:" + alternation(table) + r")(?![\w])"), table


def _expand_abbr(s: str) -> str:
    """A position's abbreviated bodies written in full ('Phó Chủ tịch UBND tỉnh')."""
    rx, table = _bodies()
    return rx.sub(lambda m: table[m.group(0)], s)


def _issuer_from_symbol(number: str | None, places: U.Places) -> str | None:
    head = issuer_code(number)
    if head == "Tỉnh ủy" and places.province:
        return f"Tỉnh ủy {places.province}"
    if head in ("Huyện ủy", "Quận ủy") and places.district:
        return f"{head} {places.district}"
    return None
