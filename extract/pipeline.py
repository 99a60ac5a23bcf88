"""The extraction pipeline: spacy.blank("vi") plus Vanban's registered components.

Each component reads `_text(doc)` (and what earlier components left in `doc._.vanban`), calls the
pure functions of its module, and places its findings as spans in `doc.spans[...]` and as
structured results in `doc._.vanban`. `run()` turns a finished Doc into the contract record.

Tokenization: plain syllables (use_pyvi=False). Rules here work on characters and syllables;
pyvi's word segmentation was measured (see README, "Word segmentation") and not used.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import TYPE_CHECKING, Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extract import deadlines as DL
from extract import header as H
from extract import labels as L
from extract import people as P
from extract import quantities as Q
from extract import references as R
from extract import topics as T
from extract import units as U
from extract.dates import find_dates
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
from extract.textutil import sentences

if TYPE_CHECKING:
    from ingest.models import Document

if not Doc.has_extension("vanban"):
    Doc.set_extension("vanban", default=None)


def _text(doc: Doc) -> str:
    """The document's text, built once (Doc.text joins every token each time it is read)."""
    st = _state(doc)
    if "text" not in st:
        st["text"] = doc.text
    return st["text"]


def _state(doc: Doc) -> dict[str, Any]:
    if doc._.vanban is None:
        doc._.vanban = {}
    return doc._.vanban


def _span(doc: Doc, start: int, end: int, label: str):
    return doc.char_span(start, end, label=label, alignment_mode="expand")


def _place(doc: Doc, key: str, items: list[tuple[int, int]], label: str) -> None:
    spans = [sp for s, e in items if (sp := _span(doc, s, e, label)) is not None]
    doc.spans[key] = spans


@Language.factory("vanban_header")
def make_header(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        st = _state(doc)
        h = H.analyze(_text(doc))
        source_title = st.get("source_title")
        if h.title is None and source_title and h.kind in ("news", None):
            h.title = source_title.strip()
            h.kind = h.kind or "news"
        st["header"] = h
        st["sentences"] = list(sentences(_text(doc)))
        st["dates"] = find_dates(_text(doc), h.issued_on)
        spans = [x for x in (h.number_span, h.signer_span) if x]
        _place(doc, "header", spans, "HEADER")
        return doc

    return component


@Language.factory("vanban_units")
def make_units(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        st = _state(doc)
        text = _text(doc)
        mentions = U.find_mentions(text)
        h: H.Header = st["header"]
        prefer = None
        if h.left_block:
            block = " ".join(h.left_block)
            prefer = U.establish_places(U.find_mentions(block), U.case_upper_lines(block))
        places = U.establish_places(mentions, text, st.get("locality_hint"), prefer)
        if h.issuer and places.province is None:
            issuer_mentions = U.find_mentions(h.issuer)
            p2 = U.establish_places(issuer_mentions, h.issuer)
            places.province = p2.province
        st["places"] = places
        st["unit_mentions"] = mentions
        st["units"] = U.resolve(mentions, places)
        _place(doc, "units", [(m.start, m.end) for m in mentions], "UNIT")
        return doc

    return component


@Language.factory("vanban_people")
def make_people(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        st = _state(doc)
        hits = P.find_people(_text(doc))
        h: H.Header = st["header"]
        if h.signer_name and not any(p.name.casefold() == h.signer_name.casefold() for p in hits):
            s, e = h.signer_span or (0, 0)
            hits.append(P.PersonHit(h.signer_name, [h.signer_position] if h.signer_position else [], s, e))
        st["people"] = hits
        _place(doc, "people", [(p.start, p.end) for p in hits if p.end > p.start], "PERSON")
        return doc

    return component


@Language.factory("vanban_references")
def make_references(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        st = _state(doc)
        h: H.Header = st["header"]
        refs = R.find_references(_text(doc), h.number)
        st["references"] = refs
        _place(doc, "references", [(r.start, r.end) for r in refs], "REFERENCE")
        return doc

    return component


@Language.factory("vanban_quantities")
def make_quantities(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        st = _state(doc)
        text = _text(doc)
        h: H.Header = st["header"]
        masks = [(d.start, d.end) for d in st["dates"]]
        masks += [(r.start, r.end) for r in st["references"]]
        if h.number_span:
            masks.append(h.number_span)
        masks += _symbol_masks(text)
        quantities = Q.find_quantities(text, masks)
        sents = st["sentences"]
        sections = _paragraph_intros(text, _sections(text))
        paragraphs = _paragraph_starts(text)
        previous: tuple[tuple[int, int], tuple[str, str]] | None = None
        default_due = _horizon_of_title(h.title, h.issued_on)
        last_role: tuple[int, str] | None = None  # the first role given in the latest sentence
        carried: str | None = None  # that of the sentence before it
        for q in quantities:
            sent = next(((s, e) for s, e in sents if s <= q.start < e), (q.start, q.end))
            if last_role is not None and last_role[0] != sent[0]:
                carried, last_role = last_role[1], None
            q.role = Q.classify(text, q, sent, _section_at(sections, q.start), h.kind,
                                int(h.issued_on[:4]) if h.issued_on else None, carried)
            if last_role is None:
                last_role = (sent[0], q.role)
            para = max((p for p in paragraphs if p <= q.start), default=0)
            Q.attach_time(text, q, sent, st["dates"], h.issued_on, para, default_due)
            prev = previous[1] if previous is not None and previous[0] == sent else None
            if q.meta.get("list_of") is not None and prev is not None:
                q.measure, named = prev  # an item of a short list counts what its first item counts
            else:
                q.measure, named = L.measure_of(text, q.start, q.end, q.uom, sent, prev)
                previous = (sent, (q.measure, named))
            q.evidence = text[sent[0]:sent[1]].strip()
            q.ev_start, q.ev_end = sent
        st["quantities"] = _dedupe(text, quantities, h.title)
        _place(doc, "targets", [(q.start, q.end) for q in st["quantities"] if q.role == "target"], "TARGET")
        _place(doc, "figures", [(q.start, q.end) for q in st["quantities"] if q.role == "figure"], "FIGURE")
        return doc

    return component


@Language.factory("vanban_deadlines")
def make_deadlines(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        st = _state(doc)
        h: H.Header = st["header"]
        excluded = [(r.start, r.end) for r in st["references"]]
        excluded += [(0, h.body_start)] if h.body_start else []
        if h.recipients_span:
            excluded.append(h.recipients_span)
        hits = DL.find_deadlines(_text(doc), st["dates"], st["sentences"], h.issued_on, excluded, h.kind)
        st["deadlines"] = hits
        _place(doc, "deadlines", [(d.start, d.end) for d in hits], "DEADLINE")
        return doc

    return component


@Language.factory("vanban_topics")
def make_topics(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        st = _state(doc)
        st["topics"] = T.assign(_text(doc), st["header"].title)
        return doc

    return component


COMPONENTS = ("vanban_header", "vanban_units", "vanban_people", "vanban_references", "vanban_quantities",
              "vanban_deadlines", "vanban_topics")


def build_nlp(*, use_pyvi: bool = False) -> Language:
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": use_pyvi}}})
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


_LOCK = threading.Lock()


@cache
def get_nlp() -> Language:
    with _LOCK:
        return build_nlp()


# ------------------------------------------------------------------ helpers

_SYMBOL_RX = re.compile(r"(?<![\w])\d{1,5}\s*[-/]\s*(?:(?:19|20)\d{2}\s*/\s*)?[A-ZĐ][A-Za-zĐđ0-9&.]*(?:\s*[-/]\s*[A-ZĐ0-9][\w&.]*)*")
_PHONE_RX = re.compile(r"(?<![\d])(?:\+84|0)\d{2,3}[ .]?\d{3}[ .]?\d{3,4}(?!\d)")
_TIME_RX = re.compile(r"(?<![\d])\d{1,2}\s*(?:giờ|h|:)\s*\d{0,2}(?:\s*phút)?(?![\d])")


def _symbol_masks(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _SYMBOL_RX.finditer(text)]
    spans += [(m.start(), m.end()) for m in _PHONE_RX.finditer(text)]
    spans += [(m.start(), m.end()) for m in _TIME_RX.finditer(text)]
    return spans


_SECTION_RX = re.compile(
    r"^\s*(?:(?:Điều|Mục|Chương|Phần)\s+[\dIVX]+\s*[.:\-]?|(?:[IVX]+|[A-Z]|\d+(?:\.\d+)*|[a-zđ])[.\-)])\s*([^\n]{3,90})$", re.M
)


def _sections(text: str) -> list[tuple[int, str | None]]:
    sig = Q._s()
    out: list[tuple[int, str | None]] = []
    for m in _SECTION_RX.finditer(text):
        title = m.group(1).upper()
        heading = m.group(1)
        if len(heading.split()) > 14 or (heading.rstrip().endswith((".", ";")) and not heading.isupper()):
            continue
        if re.search(r"\d", re.sub(r"(?:19|20)\d{2}", "", heading)):
            continue  # an item with a quantity, not a heading
        role = None
        if any(w in title for w in sig["target_sections"]):
            role = "target"
        if any(w in title for w in sig["figure_sections"]):
            role = "figure" if role is None or title.find("KẾT QUẢ") < title.find("MỤC TIÊU") else role
        out.append((m.start(), role))
    return out


_INTRO_RX = re.compile(r"(?:^|\n)[ \t]*(?:[-+•]\s*)?(?:một số\s+|các\s+|những\s+)?([^\n.:;]{0,60})", re.I)


def _paragraph_intros(text: str, sections: list[tuple[int, str | None]]) -> list[tuple[int, str | None]]:
    """A paragraph that opens by naming its role ('Một số chỉ tiêu chủ yếu …', 'Kết quả đạt được: …')
    governs its own sentences, as a heading would, until the paragraph ends."""
    sig = Q._s()
    out = list(sections)
    for m in re.finditer(r"(?:^|\n)([^\n]+)", text):
        start, line = m.start(1), m.group(1)
        head = " ".join(line.split()[:6]).upper()
        head = re.sub(r"^[-+•\s]*(?:MỘT SỐ|CÁC|NHỮNG)\s+", "", head)
        role = None
        if any(head.startswith(w) for w in sig["target_sections"] if w not in ("NHIỆM VỤ", "KẾ HOẠCH")):
            role = "target"
        elif any(head.startswith(w) for w in sig["figure_sections"]):
            role = "figure"
        if role is None or any(s == start for s, _ in sections):
            continue
        end = m.end(1)
        before_role = _section_at(sections, start)
        out += [(start, role), (end, before_role)]
    return sorted(out, key=lambda x: x[0])


def _section_at(sections: list[tuple[int, str | None]], pos: int) -> str | None:
    role = None
    for start, r in sections:
        if start > pos:
            break
        role = r
    return role


def _horizon_of_title(title: str | None, issued_on: str | None) -> str | None:
    """The year a document's title sets for all it asks ('Kế hoạch kết nạp đảng viên năm 2024',
    '… giai đoạn 2021 - 2025'): one year or one period's end, not before the document's own year."""
    if not title:
        return None
    found = {d.value for d in find_dates(title, issued_on) if d.value and d.kind in ("year", "range")
             and not d.context.startswith(("so với", "từ"))}
    if len(found) != 1:
        return None
    year = found.pop()
    if issued_on and year and year[:4] < issued_on[:4]:
        return None
    return year


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]


def _dedupe(text: str, quantities: list[Q.Quantity], title: str | None) -> list[Q.Quantity]:
    """One item for a quantity said twice: in the headline and again in the body, or in the same
    words (a lead repeated); items that only share a value ('100%' three times) stay apart."""
    norm_title = re.sub(r"\W+", " ", (title or "").casefold()).strip()
    seen_words: set[tuple] = set()
    headline: set[tuple] = set()
    out = []
    for q in quantities:
        value = (q.role, q.value, q.value_max, q.uom)
        words = re.findall(r"\w+", text[max(0, q.start - 40):q.start].casefold())[-3:]
        after = re.findall(r"\w+", text[q.end:q.end + 30].casefold())[:1]
        key = (*value, tuple(words), tuple(after))
        if key in seen_words or value in headline:
            headline.discard(value)
            continue
        seen_words.add(key)
        line_start = text.rfind("\n", 0, q.start) + 1
        line_end = text.find("\n", q.end)
        line = re.sub(r"\W+", " ", text[line_start:line_end if line_end >= 0 else len(text)].casefold()).strip()
        if norm_title and line and (line in norm_title or norm_title in line):
            headline.add(value)
        out.append(q)
    return out


# ------------------------------------------------------------------ record


def run(document: Document, *, locality_hint: str | None = None) -> Extraction:
    nlp = get_nlp()
    doc = nlp.make_doc(document.text)
    doc._.vanban = {"locality_hint": locality_hint, "text": document.text,
                    "source_title": getattr(document, "source_title", None)}
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return to_record(doc, document)


def to_record(doc: Doc, document: Document) -> Extraction:
    st = doc._.vanban
    h: H.Header = st["header"]
    text = _text(doc)
    units_out = []
    for u in st["units"]:
        units_out.append(Unit(
            name=u.name, kind=u.kind, level=u.level if u.level in ("central", "province", "district", "commune", "grassroots") else None,
            locality=Locality(**u.locality) if u.locality else None, parent=u.parent,
            mentions=[Mention(start=s, end=e, text=t) for s, e, t in u.mentions],
        ))
    places: U.Places = st["places"]

    def unit_name(spec: U.Spec | None) -> str | None:
        if spec is None:
            return None
        ru = U.canonical(spec, places)
        return ru.name if ru else None

    people_out = []
    for p in st["people"]:
        unit = None
        for title in p.positions:
            for m in U.find_mentions(title):
                name = unit_name(m.spec)
                if name and (unit is None or not title.startswith("Ủy viên")):
                    unit = name
        people_out.append(Person(name=p.name, positions=[_expand_abbr(t) for t in p.positions], unit=unit,
                                 start=p.start, end=p.end))
    refs_out = []
    for r in st["references"]:
        issuer = unit_name(r.issuer_spec) if r.issuer_spec else _issuer_from_symbol(r.number, places)
        refs_out.append(Reference(kind=r.kind, number=r.number, issued_on=r.issued_on, issuer=issuer, title=r.title,
                                  start=r.start, end=r.end))
    spans = sorted((s0, e0, u.name) for u in st["units"] for s0, e0, _t in u.mentions)

    sents = st["sentences"]

    def responsible(pos: int) -> str | None:
        """The unit in subject position of the clause holding `pos` ('Ban Tổ chức Huyện ủy chủ trì …')."""
        sent_start = next((a for a, b in sents if a <= pos < b), pos)
        line_start = text.rfind("\n", 0, pos) + 1
        return _subject_unit(text, spans, pos, max(sent_start, line_start) if sent_start < line_start else sent_start)

    targets, figures = [], []
    for q in st["quantities"]:
        common = dict(
            measure=q.measure, comparator=q.comparator, value=q.value, value_max=q.value_max, unit_of_measure=q.uom,
            period=Period(start=q.period_start, end=q.period_end, recurrence=q.recurrence),
            unit=responsible(q.start),
            evidence=q.evidence, start=q.start, end=q.end,
        )
        if q.role == "target":
            targets.append(Target(due=q.due, **common))
        else:
            figures.append(Figure(as_of=q.as_of, **common))
    deadlines_out = [Deadline(task=d.task, due=d.due, recurrence=d.recurrence, unit=responsible(d.start),
                              evidence=d.evidence, start=d.start, end=d.end) for d in st["deadlines"]]
    issuer = h.issuer
    info = DocumentInfo(
        kind=h.kind, number=h.number, title=h.title, issuer=issuer, issued_on=h.issued_on,
        published_on=h.published_on, place=h.place,
        signer=Signer(name=h.signer_name, position=h.signer_position) if h.signer_name else None,
        topics=[code for code, _ in st["topics"]],
        topic_words={code: words for code, words in st["topics"]},
    )
    return Extraction(
        source=Source(filename=document.filename, sha256=document.sha256, media_type=document.media_type,
                      pages=document.pages, ocr_pages=document.ocr_pages),
        text=text, document=info, units=units_out, people=people_out, references=refs_out,
        targets=targets, figures=figures, deadlines=deadlines_out,
    )


def _subject_unit(text: str, spans: list[tuple[int, int, str]], pos: int, sent_start: int) -> str | None:
    """The unit a clause opens with; a clause opening with a verb takes its sentence's subject."""
    seg = text[sent_start:pos]
    cut = max(seg.rfind(";"), seg.rfind(":"))
    clause_start = sent_start + cut + 1 if cut >= 0 else sent_start
    for start in (clause_start, sent_start) if clause_start != sent_start else (sent_start,):
        for s0, _e0, name in spans:
            if start <= s0 < pos:
                lead = re.sub(r"^[\s\-+•–]*(?:\d+(?:\.\d+)*[.)]|[a-zđ]\))?\s*", "", text[start:s0])
                if not lead.strip() or (len(lead.split()) <= 2 and lead[:1].isupper() and "," not in lead):
                    return name
                break
    return None


_ABBR = {"Ban TVTU": "Ban Thường vụ Tỉnh ủy", "TVTU": "Thường vụ Tỉnh ủy", "BTV": "Ban Thường vụ", "UBKT": "Ủy ban Kiểm tra",
         "HĐND": "Hội đồng nhân dân", "UBND": "Ủy ban nhân dân", "MTTQ": "Mặt trận Tổ quốc", "LĐLĐ": "Liên đoàn Lao động",
         "Ban TVHU": "Ban Thường vụ Huyện ủy", "BCH": "Ban Chấp hành"}


def _expand_abbr(s: str) -> str:
    for k in sorted(_ABBR, key=len, reverse=True):
        s = re.sub(rf"(?<![\w]){re.escape(k)}(?![\w])", _ABBR[k], s)
    return s


_ISSUER_CODES = {"TU": "Tỉnh ủy", "HU": "Huyện ủy", "QU": "Quận ủy", "TW": None}


def _issuer_from_symbol(number: str | None, places: U.Places) -> str | None:
    if not number or "/" not in number:
        return None
    code = number.rsplit("/", 1)[-1].split("-")[0]
    head = _ISSUER_CODES.get(code)
    if head == "Tỉnh ủy" and places.province:
        return f"Tỉnh ủy {places.province}"
    if head in ("Huyện ủy", "Quận ủy") and places.district:
        return f"{head} {places.district}"
    return None
