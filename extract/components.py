"""The pipeline's components: one spaCy pipe per thing the record holds.

Each pipe has the shape of spaCy's own rule-based pipes: `initialize()` loads and checks its data
files (extract.datafiles), `match(doc)` calls the pure functions of its module and returns what it
found, `set_annotations(doc, found)` stores that in the Doc's typed data (extract.docdata) and
places spans in `doc.spans[<name>]`. Later pipes read what earlier ones stored.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract import deadlines as DL
from extract import header as H
from extract import labels as L
from extract import people as P
from extract import quantities as Q
from extract import references as R
from extract import structure as S
from extract import topics as T
from extract import units as U
from extract.datafiles import validated
from extract.dates import find_dates
from extract.docdata import DocData, data
from extract.textutil import sentence_at, sentences


def analyze_header(text: str, source_title: str | None = None) -> H.Header:
    h = H.analyze(text)
    if h.title is None and source_title and h.kind in ("news", None):
        h.title = source_title.strip()
        h.kind = h.kind or "news"
    return h


# A "sentence" longer than this (a run without full stops or line ends) is cut at spaces: the rules
# read a quantity's or a date's sentence, and an unbounded one makes them quadratic.
MAX_SENTENCE = 1_000


def bounded(spans: Iterable[tuple[int, int]], text: str, limit: int = MAX_SENTENCE) -> Iterator[tuple[int, int]]:
    for s, e in spans:
        while e - s > limit:
            cut = text.rfind(" ", s + limit // 2, s + limit)
            cut = cut if cut > s else s + limit
            yield s, cut
            s = cut
        yield s, e


def _place(doc: Doc, key: str, items: Iterable[tuple[int, int]], label: str) -> None:
    spans: list[Span] = []
    for s, e in items:
        span = doc.char_span(s, e, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[key] = spans


class VanbanPipe:
    """What every component shares: its name, its data files, and the call spaCy makes."""

    data_files: tuple[str, ...] = ()

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.initialized = False

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *,
                   nlp: Language | None = None) -> None:
        for file in self.data_files:
            validated(file)
        self.initialized = True

    def __call__(self, doc: Doc) -> Doc:
        if not self.initialized:
            self.initialize()
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> Any:  # pragma: no cover - every pipe defines it
        raise NotImplementedError

    def set_annotations(self, doc: Doc, found: Any) -> None:  # pragma: no cover
        raise NotImplementedError


class HeaderPipe(VanbanPipe):
    """Kind, number, title, issuer, date, signer; the sentences and the dates every later pipe reads."""

    data_files = ("kinds", "people", "header", "metadata")

    def match(self, doc: Doc) -> tuple[H.Header, list[tuple[int, int]], list]:
        st = data(doc)
        h = st.header if st.header is not None else analyze_header(st.text, st.source_title)  # a piece of a long
        # text comes with the whole text's header (extract.pipeline)
        return h, list(bounded(sentences(st.text), st.text)), find_dates(st.text, h.issued_on)

    def set_annotations(self, doc: Doc, found: tuple[H.Header, list[tuple[int, int]], list]) -> None:
        st = data(doc)
        st.header, st.sentences, st.dates = found
        _place(doc, "header", [x for x in (st.header.number_span, st.header.signer_span) if x], "HEADER")


class UnitsPipe(VanbanPipe):
    """Organizational units, placed in the locality the document establishes."""

    data_files = ("units", "item_units")

    def match(self, doc: Doc) -> tuple[list[U.Mention], U.Places, list[U.ResolvedUnit]]:
        st = data(doc)
        h = st.need_header()
        mentions = U.find_mentions(st.text)
        if st.places is not None:  # a piece of a long text takes the places its first piece established
            return mentions, st.places, U.resolve(mentions, st.places)
        prefer = None
        if h.left_block:
            block = " ".join(h.left_block)
            prefer = U.establish_places(U.find_mentions(block), U.case_upper_lines(block))
        places = U.establish_places(mentions, st.text, st.locality_hint, prefer)
        if h.issuer and places.province is None:
            places.province = U.establish_places(U.find_mentions(h.issuer), h.issuer).province
        return mentions, places, U.resolve(mentions, places)

    def set_annotations(self, doc: Doc, found: tuple[list[U.Mention], U.Places, list[U.ResolvedUnit]]) -> None:
        st = data(doc)
        st.unit_mentions, st.places, st.units = found
        _place(doc, "units", [(m.start, m.end) for m in st.unit_mentions], "UNIT")


class PeoplePipe(VanbanPipe):
    data_files = ("people",)

    def match(self, doc: Doc) -> list[P.PersonHit]:
        st = data(doc)
        hits = P.find_people(st.text)
        h = st.need_header()
        if h.signer_name and not any(p.name.casefold() == h.signer_name.casefold() for p in hits):
            s, e = h.signer_span or (0, 0)
            hits.append(P.PersonHit(h.signer_name, [h.signer_position] if h.signer_position else [], s, e))
        return hits

    def set_annotations(self, doc: Doc, found: list[P.PersonHit]) -> None:
        data(doc).people = found
        _place(doc, "people", [(p.start, p.end) for p in found if p.end > p.start], "PERSON")


class ReferencesPipe(VanbanPipe):
    data_files = ("kinds",)

    def match(self, doc: Doc) -> list[R.RefHit]:
        st = data(doc)
        return R.find_references(st.text, st.need_header().number)

    def set_annotations(self, doc: Doc, found: list[R.RefHit]) -> None:
        data(doc).references = found
        _place(doc, "references", [(r.start, r.end) for r in found], "REFERENCE")


class QuantitiesPipe(VanbanPipe):
    """Targets and figures: found, given a role, a time, a label, and told apart from repeats."""

    data_files = ("quantities", "signals", "labels", "abbreviations", "numbers")

    def match(self, doc: Doc) -> list[Q.Quantity]:
        st = data(doc)
        text, h = st.text, st.need_header()
        masks = [(d.start, d.end) for d in st.dates] + [(r.start, r.end) for r in st.references]
        if h.number_span:
            masks.append(h.number_span)
        masks += S.symbol_masks(text)
        quantities = Q.find_quantities(text, masks)
        _read(st, quantities)
        return S.dedupe(text, quantities, h.title)

    def set_annotations(self, doc: Doc, found: list[Q.Quantity]) -> None:
        data(doc).quantities = found
        _place(doc, "targets", [(q.start, q.end) for q in found if q.role == "target"], "TARGET")
        _place(doc, "figures", [(q.start, q.end) for q in found if q.role == "figure"], "FIGURE")


def _read(st: DocData, quantities: list[Q.Quantity]) -> None:
    """Role, time, label and evidence of each quantity, in text order (a breakdown sentence and an
    elliptic list item read what the one before them said)."""
    text, h = st.text, st.need_header()
    label_text = L.without_subjects(text, [(m.start, m.end) for m in st.unit_mentions])
    sections = S.paragraph_intros(text, S.sections(text))
    paragraphs = S.paragraph_starts(text)
    doc_year = int(h.issued_on[:4]) if h.issued_on else None
    default_due = S.horizon_of_title(h.title, h.issued_on)
    previous: tuple[tuple[int, int], tuple[str, str]] | None = None
    last_role: tuple[int, str] | None = None  # the first role given in the latest sentence
    carried: str | None = None  # that of the sentence before it
    for q in quantities:
        sent = sentence_at(st.sentences, q.start, (q.start, q.end))
        if last_role is not None and last_role[0] != sent[0]:
            carried, last_role = last_role[1], None
        q.role = Q.classify(text, q, sent, S.section_at(sections, q.start), h.kind, doc_year, carried)
        if last_role is None:
            last_role = (sent[0], q.role)
        para = paragraphs[bisect.bisect_right(paragraphs, q.start) - 1]  # paragraphs[0] is 0
        Q.attach_time(text, q, sent, st.dates, h.issued_on, para, default_due)
        prev = previous[1] if previous is not None and previous[0] == sent else None
        if q.meta.get("list_of") is not None and prev is not None:
            q.measure, _named = prev  # an item of a short list counts what its first item counts
        else:
            q.measure, named = L.measure_of(label_text, q.start, q.end, q.uom, sent, prev)
            previous = (sent, (q.measure, named))
        q.evidence = text[sent[0]:sent[1]].strip()
        q.ev_start, q.ev_end = sent


class DeadlinesPipe(VanbanPipe):
    data_files = ("signals",)

    def match(self, doc: Doc) -> list[DL.DeadlineHit]:
        st = data(doc)
        h = st.need_header()
        excluded = [(r.start, r.end) for r in st.references]
        excluded += [(0, h.body_start)] if h.body_start else []
        if h.recipients_span:
            excluded.append(h.recipients_span)
        return DL.find_deadlines(st.text, st.dates, st.sentences, h.issued_on, excluded, h.kind)

    def set_annotations(self, doc: Doc, found: list[DL.DeadlineHit]) -> None:
        data(doc).deadlines = found
        _place(doc, "deadlines", [(d.start, d.end) for d in found], "DEADLINE")


class TopicsPipe(VanbanPipe):
    data_files = ("topics",)

    def match(self, doc: Doc) -> list[tuple[str, list[str]]]:
        st = data(doc)
        return T.assign(st.text, st.need_header().title)

    def set_annotations(self, doc: Doc, found: list[tuple[str, list[str]]]) -> None:
        data(doc).topics = found


PIPES: dict[str, type[VanbanPipe]] = {
    "vanban_header": HeaderPipe,
    "vanban_units": UnitsPipe,
    "vanban_people": PeoplePipe,
    "vanban_references": ReferencesPipe,
    "vanban_quantities": QuantitiesPipe,
    "vanban_deadlines": DeadlinesPipe,
    "vanban_topics": TopicsPipe,
}


def _factory(cls: type[VanbanPipe]) -> Callable[[Language, str], VanbanPipe]:
    def make(nlp: Language, name: str) -> VanbanPipe:
        return cls(nlp, name)

    return make


def _register() -> None:
    for name, cls in PIPES.items():
        if not Language.has_factory(name):
            Language.factory(name, func=_factory(cls))


_register()
