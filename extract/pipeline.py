"""The extraction pipeline: spacy.blank("vi") plus Vanban's registered components.

The components (extract.components) fill a typed DocData on the Doc (extract.docdata) and place
spans; `run()` turns the finished Doc into the contract record (extract.record).

Tokenization: plain syllables (use_pyvi=False). Rules here work on characters and syllables;
pyvi's word segmentation was measured (see README, "Word segmentation") and not used.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
from functools import cache
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language

from extract import topics as T
from extract.components import PIPES, analyze_header
from extract.docdata import DocData, attach, data
from extract.header import Header
from extract.models import Deadline, Extraction, Figure, Person, Reference, Signer, Target, Unit
from extract.record import to_record

if TYPE_CHECKING:
    from ingest.models import Document

COMPONENTS = tuple(PIPES)


def build_nlp(*, use_pyvi: bool = False) -> Language:
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": use_pyvi}}})
    for name in COMPONENTS:
        nlp.add_pipe(name)
    nlp.initialize()  # each component loads and checks its data files
    return nlp


_LOCK = threading.Lock()


@cache
def get_nlp() -> Language:
    with _LOCK:
        return build_nlp()


# Long texts are extracted in pieces of at most PIECE_CHARS characters, cut at paragraph or line
# ends, so that the cost stays linear in the length (spaCy's tokenizer and several rules look at
# every earlier match or the whole sentence) and spaCy's max_length never applies. Every document
# of the gold sets is far shorter, and is extracted in one piece as before.
PIECE_CHARS = 20_000


def pieces(text: str, size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of `text`, each at most `size` long, cut after a paragraph,
    a line, a sentence or a space in the second half of the piece when there is one."""
    out: list[tuple[int, int]] = []
    a, n = 0, len(text)
    while n - a > size:
        cut = a + size
        for sep in ("\n\n", "\n", ". ", " "):
            i = text.rfind(sep, a + size // 2, a + size - len(sep) + 1)
            if i >= 0:
                cut = i + len(sep)
                break
        out.append((a, cut))
        a = cut
    out.append((a, n))
    return out


def _run_doc(value: DocData):
    nlp = get_nlp()
    doc = nlp.make_doc(value.text)
    attach(doc, value)
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def run(document: Document, *, locality_hint: str | None = None) -> Extraction:
    text = document.text
    source_title = getattr(document, "source_title", None)
    if len(text) <= PIECE_CHARS:
        doc = _run_doc(DocData(text=text, locality_hint=locality_hint, source_title=source_title))
        return to_record(doc, document)
    h = analyze_header(text, source_title)
    records: list[tuple[int, Extraction]] = []
    places = None
    for a, b in pieces(text):
        doc = _run_doc(DocData(text=text[a:b], locality_hint=locality_hint, source_title=source_title,
                               header=_local_header(h, a, b), places=copy.deepcopy(places)))
        places = places if places is not None else data(doc).places
        records.append((a, to_record(doc, document)))
    return _merge(records, document, h, T.assign(text, h.title))


def _local_header(h: Header, a: int, b: int) -> Header:
    """The whole text's header as seen from the piece [a, b): spans moved, or dropped outside it."""

    def inside(span: tuple[int, int] | None) -> tuple[int, int] | None:
        if span is None or span[0] < a or span[0] >= b:
            return None
        return span[0] - a, min(span[1], b) - a

    local = dataclasses.replace(h, number_span=inside(h.number_span), signer_span=inside(h.signer_span),
                                recipients_span=inside(h.recipients_span),
                                body_start=min(max(h.body_start - a, 0), b - a),
                                header_end=min(max(h.header_end - a, 0), b - a), left_block=list(h.left_block))
    if local.signer_span is None:  # the signer is added as a person by the piece that holds the signature
        local.signer_name = local.signer_position = None
    return local


def _shift(item, offset: int, fields: tuple[str, ...] = ("start", "end")):
    update = {f: getattr(item, f) + offset for f in fields if getattr(item, f) is not None}
    return item.model_copy(update=update)


def _merge(records: list[tuple[int, Extraction]], document: Document, h: Header,
           topics: list[tuple[str, list[str]]]) -> Extraction:
    """One record from the records of the pieces: offsets moved into the whole text, a unit or a
    person found in several pieces listed once, repeated quantities and deadlines kept once (as
    within one piece)."""
    units: dict[str, Unit] = {}
    people: dict[str, Person] = {}
    refs: list[Reference] = []
    quantities: dict[tuple, Target | Figure] = {}
    deadlines: dict[tuple, Deadline] = {}
    for offset, rec in records:
        for u in rec.units:
            mentions = [_shift(m, offset) for m in u.mentions]
            if u.name in units:
                units[u.name].mentions.extend(mentions)
            else:
                units[u.name] = u.model_copy(update={"mentions": mentions})
        for p in rec.people:
            key = p.name.casefold()
            if key in people:
                known = people[key]
                known.positions.extend(x for x in p.positions if x not in known.positions)
                known.unit = known.unit or p.unit
            else:
                people[key] = _shift(p, offset).model_copy(update={"positions": list(p.positions)})
        refs += [_shift(r, offset) for r in rec.references]
        for role, items in (("target", rec.targets), ("figure", rec.figures)):
            for q in items:
                quantities.setdefault((role, q.value, q.value_max, q.unit_of_measure), _shift(q, offset))
        for d in rec.deadlines:
            deadlines.setdefault((d.due, d.recurrence), _shift(d, offset))
    first = records[0][1]
    info = first.document.model_copy(update={
        "signer": Signer(name=h.signer_name, position=h.signer_position) if h.signer_name else None,
        "topics": [code for code, _ in topics], "topic_words": {code: words for code, words in topics},
    })
    return Extraction(
        source=first.source, text=document.text, document=info, units=list(units.values()),
        people=list(people.values()), references=refs,
        targets=[q for q in quantities.values() if isinstance(q, Target)],
        figures=[q for q in quantities.values() if isinstance(q, Figure)],
        deadlines=list(deadlines.values()),
    )
