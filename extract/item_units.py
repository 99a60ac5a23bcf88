"""The responsible unit of a target, figure or deadline (the record's `unit`): the organization an item
is set for or speaks about. Word lists: data/item_units.json.

For the item at a position, read in this order:
1. a unit named right before the number, as in a list ('… thấp nhất là Đảng bộ Y 15 đảng viên'); an
   item of a list that names only a place ('Đảng bộ TP. A chỉ tiêu 150; B 110') shares the first
   unit's head, with the district's administrative word from the gazetteer;
2. the unit in subject position of its clause ('UBND huyện X phấn đấu …'), also after a time, an
   attribution or other adverbials set off by commas ('Năm 2024 Huyện ủy giao …', 'Theo Ban Tổ chức
   Huyện ủy, từ đầu năm, Đảng bộ huyện kết nạp …'), after 'và' or 'toàn', or the topic of 'Đối với
   X, …'. A body named again by its short form counts ('Hội phấn đấu …', 'Ủy ban Kiểm tra …', 'Ban Chỉ
   đạo'); so does 'Đại hội' for the organization whose congress the text reports, and a place for
   the unit that speaks for it ('Xã X phấn đấu …': the issuer of that place, else its party
   organization or committee, else its people's committee). The owner of a cited document ('Theo kế
   hoạch của X, …') and the agent of a passive ('do X quản lý') are taken when nothing else is.
   A deadline's clause is read past its date ('Năm 2025, Hội phấn đấu …'), and a schedule line that
   opens with a date label ('Tháng 3: …; Ủy ban Kiểm tra ban hành …') in all its clauses;
3. when the clause names no subject: a unit named at the number ('… 432 đảng viên trong toàn Đảng bộ
   xã X'), else the subject of the sentence;
4. a unit the subject gives the work to ('Huyện ủy giao Ban Tổ chức Huyện ủy hướng dẫn …', 'đề nghị
   Đảng ủy phường …', 'giao chỉ tiêu toàn Đảng bộ tỉnh …') overrides that subject;
5. the unit a speaker heads ('Đồng chí X, Bí thư Chi bộ Y, chia sẻ: …');
6. a unit that closes the sentence as its doer ('…; Ban Xây dựng Đảng chủ trì.'), or a short sentence
   after it on its line ('Văn phòng Đảng ủy chuẩn bị.');
7. the line a list item hangs from: a heading that names a unit ('1. Sở Y tế' over '- Tổ chức …',
   'Điều 2. Nhiệm vụ của Ban Chỉ đạo'), or an intro ending in ':' ('Ban Thường vụ Huyện ủy cần:');
8. a sentence that opens with a connective ('Trong đó, …') goes on about the subject before it;
9. in an official document, its issuer speaking of its own work.

Everything a document needs is built once (`Responsibility.build`); each item then reads its own
sentence, the one or two before it and at most a few dozen lines above it, so the cost stays linear.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from extract.gazetteer import gazetteer
from extract.lexicon import alternation, load
from extract.textutil import LOWER, UPPER, sentence_at
from extract.units import Places

Span = tuple[int, int, str]


@cache
def _words() -> dict:
    return load("item_units")


@cache
def _assign_rx() -> re.Pattern[str]:
    verbs = alternation(_words()["assign_verbs"])
    return re.compile(r"(?<![\w])(?i:" + verbs + r")\s+(?:cho\s+)?(?:toàn\s+)?(?=" + UPPER + ")")


@cache
def _lead_prep_rx() -> re.Pattern[str]:
    return re.compile(r"^(?:" + alternation(_words()["lead_prepositions"]) + r")(?![\w])")


@cache
def _topic_rx() -> re.Pattern[str]:
    return re.compile(r"^\s*(?:" + alternation(_words()["topic_leads"]) + r")\s*$", re.I)


@cache
def _owner_rx() -> re.Pattern[str]:
    """The end of the lead of a unit that owns a document the clause cites: '(Theo) Kế hoạch số … của'."""
    kinds = [w[:1] + w[1:].lower() for w in load("kinds")["title_words"]]
    return re.compile(r"(?:^|\s)(?:" + alternation(kinds) + r")(?![\w])[^;:]{0,40}\s(?:của|do)$", re.I)


@cache
def _speaker_title_rx() -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + alternation(_words()["speaker_titles"]) + r")\s+$")


@cache
def _speech_rx() -> re.Pattern[str]:
    return re.compile(r"[\s,]*(?:\([^()\n]{0,40}\)[\s,]*)?(?:đã\s+|cũng\s+)?(?:" + alternation(_words()["speech_verbs"])
                      + r")(?![\w])")


@cache
def _carry_rx() -> re.Pattern[str]:
    return re.compile(r"\s*(?:" + alternation(_words()["carry_openers"]) + r")(?![\w])")


@cache
def _not_predicate() -> frozenset[str]:
    return frozenset(_words()["not_predicate"])


@cache
def _after_number_rx() -> re.Pattern[str]:
    preps = alternation(_words()["after_number"])
    return re.compile(r"^[^\W\d_][^,;:.!?()\d\n]{0,40}?\s(?:" + preps + r")\s+$")


@cache
def _closing_rx() -> re.Pattern[str]:
    return re.compile(r"^\s+(?:" + alternation(_words()["closing_verbs"]) + r")\s*[.;]?\s*$")


_NUMBERING = re.compile(r"^[\s\-+•–*]*(?:(?:Điều|Mục|Phần|Chương)\s+[\dIVX]+\s*[.:\-]?|\d+(?:\.\d+)*[.)]|[a-zđ]\)|[IVX]+\.)?\s*")
_ADVERBIAL = re.compile(
    r"^\s*+(?:phấn đấu\s+)?(?:(?:trong|đến|tới|từ nay đến|đến hết|giai đoạn|nhiệm kỳ)\s+)?(?:(?:năm|tháng|quý|cuối năm|đầu năm|6 tháng đầu năm)\s+)?"
    r"[\dIVX/\-–]+(?: [\dIVX/\-–]+)*+ ?,?\s*+(?:(?:cụ thể|theo đó|trong đó) ?,?\s*+)?"
    r"|^\s*+(?:cụ thể|theo đó|trong đó|đồng thời) ?[,:]\s*+",
    re.I,
)
_DATE_LABEL = re.compile(r"[\s\-+•–*]*((?:Tháng|Quý|Năm|Ngày|Tuần)\s+[\dIVX]+(?:\s*[-–/]\s*[\dIVX]+)*)\s*:\s*")
_MARKER = (
    ("dieu", re.compile(r"^\s*(?:Điều|Mục|Phần|Chương)\s+[\dIVX]+\b")),
    ("roman", re.compile(r"^\s*[IVX]+[.)]\s")),
    ("upper", re.compile(r"^\s*[A-Z][.)]\s")),
    ("num", re.compile(r"^\s*\d+(?:\.\d+)*[.)]\s")),
    ("alpha", re.compile(r"^\s*[a-zđ][.)]\s")),
    ("dash", re.compile(r"^\s*[-+•–*]\s*")),
)
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")


def _marker(line: str) -> str:
    for kind, rx in _MARKER:
        if rx.match(line):
            return kind
    return "none"


@dataclass
class Responsibility:
    """The responsible unit of each item of one document: `find(pos)` for the item at `pos`."""

    text: str
    spans: list[Span]  # (start, end, canonical name) of every unit mention, sorted
    sentences: list[tuple[int, int]]
    own_voice: str | None = None
    body_start: int = 0
    at_place: dict[tuple[str, str], str] | None = None  # (level, place) -> the unit that speaks for it
    located: dict[str, tuple[str, str]] | None = None  # unit name -> (province, district) of a district's unit

    def __post_init__(self) -> None:
        self.real = list(self.spans)
        self.real_starts = [s for s, _e, _n in self.real]
        self.spans = sorted(self.real + list(self._short_forms()) + list(self._congress()) + list(self._places()))
        self.starts = [s for s, _e, _n in self.spans]

    @classmethod
    def build(cls, text: str, units: Iterable, sentences: list[tuple[int, int]],
              own_voice: str | None, body_start: int, places: Places | None = None) -> Responsibility:
        """From the resolved units of the units reader (names, mentions, level and locality)."""
        units = list(units)
        names = {(s, e): u.name for u in units for s, e, _t in u.mentions}
        spans = sorted((s, e, n) for (s, e), n in names.items())
        located = {}
        for u in units:
            loc = u.locality or {}
            if u.level == "district" and loc.get("district"):
                province = loc.get("province") or (places.province if places else None)
                if province:
                    located[u.name] = (province, loc["district"])
        return cls(text, spans, sentences, own_voice, body_start, _speakers(units, places, own_voice), located)

    # -- what is built once ------------------------------------------------------------------

    def _inside_real(self, i: int) -> bool:
        k = bisect.bisect_right(self.real_starts, i) - 1
        return k >= 0 and self.real[k][0] <= i < self.real[k][1]

    def _short_forms(self) -> Iterable[Span]:
        """A body named again by its short form: the body of a committee ('Ủy ban Kiểm tra'), the
        head of a body named after its task ('Ban Chỉ đạo'), an institution without its place, an
        association as 'Hội'. Each occurrence names the nearest unit before it with that form."""
        forms: dict[str, list[tuple[int, str]]] = {}
        heads = load("organizations")["task_bodies"]["heads"]
        assoc = _words()["association_short"]
        for s, _e, name in self.real:
            for form in _forms_of(name, heads, assoc["prefix"], assoc["short"]):
                forms.setdefault(form, []).append((s, name))
        if not forms:
            return []
        not_hoi = set(assoc["not_before"])
        single = {form: len({n for _s, n in cands}) == 1 for form, cands in forms.items()}
        rx = re.compile(r"(?<![\w])(?:" + alternation(list(forms)) + r")(?![\w])")
        out: list[Span] = []
        for m in rx.finditer(self.text):
            i = m.start()
            if self._inside_real(i):
                continue
            nxt = _NEXT_WORD.match(self.text, m.end())
            if nxt and nxt.group(1)[0].isupper():
                continue  # part of a longer name the reader left alone
            if m.group(0) == assoc["short"] and nxt and nxt.group(1) in not_hoi:
                continue  # 'Hội nghị', 'Hội đồng'
            cands = forms[m.group(0)]  # in text order
            k = bisect.bisect_left(cands, (i, ""))
            if k > 0:
                out.append((i, m.end(), cands[k - 1][1]))
            elif single[m.group(0)]:
                out.append((i, m.end(), cands[0][1]))
        return out

    def _congress(self) -> Iterable[Span]:
        """'Đại hội' as the subject of a clause speaks for the organization whose congress the text
        reports (the party or mass organization named nearest to the first 'Đại hội' in its sentence);
        'Hội nghị' for the body that holds the conference ('Đảng ủy xã X tổ chức hội nghị …')."""
        out: list[Span] = []
        bad = tuple(_words()["congress_not_before"])
        for word, owners in ((_words()["congress"], ("Đảng bộ", "Hội ", "Đoàn ")), (_words()["conference"], None)):
            hits = [m.start() for m in re.finditer(r"(?<![\w])" + word + r"(?![\w])", self.text, re.I)]
            owner = None
            for h in hits[:20]:
                s0, s1 = sentence_at(self.sentences, h, (h, h))
                k0, k1 = bisect.bisect_left(self.real_starts, s0), bisect.bisect_left(self.real_starts, s1)
                if owners is None:  # the subject of 'tổ chức hội nghị': the nearest unit before it
                    near = [(h - s, n) for s, _e, n in self.real[k0:k1] if s < h]
                else:
                    near = [(abs(s - h), n) for s, _e, n in self.real[k0:k1] if n.startswith(owners)]
                if near:
                    owner = min(near)[1]
                    break
            if owner is None:
                continue
            for h in hits:
                if not self.text.startswith(word, h):
                    continue  # only the capitalized word opens a clause as its subject
                after = self.text[h + len(word):h + len(word) + 14]
                m = re.match(r"\s+(" + LOWER + r"[\w]*)", after)
                if m and not after.lstrip().startswith(bad):
                    out.append((h, h + len(word), owner))
        return out

    def _places(self) -> Iterable[Span]:
        """A place as the subject ('Xã X phấn đấu …', 'Đắk Lắk phấn đấu …', 'huyện phấn đấu …') speaks
        through the unit of that place the text names: its party organization or committee, else its
        people's committee."""
        if not self.at_place:
            return []
        out: list[Span] = []
        by_name: dict[str, str] = {}
        for (lvl, place), name in self.at_place.items():
            if lvl != "bare":
                by_name.setdefault(place, name)
        admin = r"(?:[Tt]ỉnh|[Tt]hành phố|TP\.?|[Hh]uyện|[Qq]uận|[Tt]hị xã|[Xx]ã|[Pp]hường|[Tt]hị trấn)"
        names = alternation(list(by_name)) or "(?!)"
        rx = re.compile(r"(?<![\w])(?:(" + admin + r")\s+)?(" + names + r")(?![\w])"
                        r"|(?<![\w])([Tt]ỉnh|[Hh]uyện|[Qq]uận|[Tt]hị xã|[Xx]ã|[Pp]hường|[Tt]hị trấn)(?=\s+" + LOWER + ")")
        for m in rx.finditer(self.text):
            if self._inside_real(m.start()):
                continue
            if m.group(2):
                name = by_name[m.group(2)]
            else:
                name = self.at_place.get(("bare", m.group(3).lower())) or ""
            if name and self._predicate_follows(m.end()):
                out.append((m.start(), m.end(), name))
        return out

    # -- one item ----------------------------------------------------------------------------

    def find(self, pos: int, end: int | None = None) -> str | None:
        """The responsible unit of the item at [pos, end) (a quantity gives its end; a deadline not)."""
        if end is not None and (adj := self._before_number(pos)):
            return adj
        sent_start, sent_end = sentence_at(self.sentences, pos, (pos, pos))
        sent_start = self._widen(max(sent_start, self.text.rfind("\n", 0, pos) + 1))
        if end is not None and (sibling := self._sibling(sent_start, pos)) is not None:
            return sibling or None  # '' : an item of a list naming someone else, no subject carried
        seg = self.text[sent_start:pos]
        cut = max(seg.rfind(";"), seg.rfind(":"))
        clause_start = sent_start + cut + 1 if cut >= 0 else sent_start
        # a deadline's date may come first ('Năm 2025, Hội phấn đấu …'): its clause is read to its end
        upto = pos if end is not None else self._clause_end(pos, sent_end)
        subject = self._subject(clause_start, upto)
        if subject is None and end is None and (label_end := self._date_label(pos)):
            # 'Tháng 3: Sơ kết quý I; Ủy ban Kiểm tra ban hành kế hoạch …': the line is the date's task list
            subject = self._first_clause_subject(label_end, sent_end)
        if (subject is None or subject[2]) and end is not None:
            at = self._after_number(end, sent_end)
            if at:
                return at
        if (subject is None or subject[2]) and clause_start != sent_start:
            whole = self._subject(sent_start, upto)
            if whole and (subject is None or not whole[2]):
                subject = whole
        # a unit given the work after the subject; the owner of a cited document yields to any
        obj = self._assigned(subject[1] if subject and not subject[2] else sent_start, upto)
        if obj:
            return obj
        if subject:
            return subject[0]
        speaker = self._speaker(sent_start, upto)
        if speaker:
            return speaker
        closing = self._closing(pos, sent_end)
        if closing:
            return closing
        governing = self._governing(pos)
        if governing:
            return governing
        carried = self._carried(sent_start) if _carry_rx().match(self.text, sent_start) else None
        if carried:
            return carried
        return self.own_voice if pos >= self.body_start else None

    def _carried(self, sent_start: int, back: int = 2) -> str | None:
        """A sentence without a subject that opens with a connective goes on about the subject of the
        sentence before it in its paragraph ('Đảng bộ xã X phấn đấu kết nạp 30 đảng viên. Trong đó, …')."""
        i = bisect.bisect_left(self.sentences, (sent_start, -1)) - 1
        for s0, s1 in self.sentences[max(0, i - back + 1):i + 1][::-1]:
            if "\n" in self.text[s1:sent_start]:
                return None  # another line or paragraph
            found = self._subject(s0, s1)
            if found and not found[2]:
                return found[0]
            sent_start = s0
        return None

    def _sibling(self, sent_start: int, pos: int) -> str | None:
        """'Đảng bộ TP. A chỉ tiêu 150 đảng viên; B 110; C 150': an item of a list that names only a
        place shares the head of the list's first unit, for a district of the same province (its
        administrative word read from the gazetteer). An item naming a place or body the reader cannot
        name gives '' (no unit): the sentence's subject is not its unit."""
        seg = self.text[sent_start:pos]
        cut = max(seg.rfind(";"), seg.rfind(","))
        if cut < 0 or seg.rfind(":") > cut:
            return None  # after ':' a clause opens with a capital anyway
        name = seg[cut + 1:].strip()
        if not re.fullmatch(UPPER + r"[^\W\d_]*(?:\s" + UPPER + r"[^\W\d_]*){0,3}", name):  # a proper name
            return None
        if self._inside_real(pos - 1 - (len(seg) - len(seg.rstrip()))):
            return None  # a unit the reader named: the rules below read it
        if not self.located:
            return ""
        k0, k1 = bisect.bisect_left(self.real_starts, sent_start), bisect.bisect_left(self.real_starts, pos)
        for _s0, _e0, model in self.real[k0:k1]:
            where = self.located.get(model)
            if where is None:
                continue
            province, district = where
            kind = gazetteer().district_type(district, province)
            suffix = f" {kind} {district}" if kind else ""
            if not suffix or not model.endswith(suffix):
                return ""
            own = gazetteer().district_type(name, province)
            return f"{model[: -len(suffix)]} {own} {name}" if own and name != district else ""
        return ""

    def _speaker(self, start: int, pos: int) -> str | None:
        """'Đồng chí X, Bí thư Chi bộ Y, chia sẻ: … năm nay kết nạp được 3 đảng viên': a clause without a
        subject in the words of a speaker speaks for the unit the speaker heads."""
        k = bisect.bisect_left(self.starts, start)
        for s0, e0, name in self.spans[k:k + 6]:
            if s0 >= pos:
                break
            if _speaker_title_rx().search(self.text, max(start, s0 - 24), s0) and _speech_rx().match(self.text, e0, pos):
                return name
        return None

    def _date_label(self, pos: int) -> int | None:
        """The end of a date that opens the line of `pos` as a label ('Tháng 4 - 5: …', 'Quý III: …'), else None."""
        line_start = self.text.rfind("\n", 0, pos) + 1
        m = _DATE_LABEL.match(self.text, line_start)
        return m.end() if m and m.start(1) <= pos else None

    def _first_clause_subject(self, start: int, end: int) -> tuple[str, int, bool] | None:
        clause = start
        while clause < end:
            found = self._subject(clause, end)
            if found:
                return found
            semi = self.text.find(";", clause, end)
            if semi < 0:
                return None
            clause = semi + 1
        return None

    def _clause_end(self, pos: int, sent_end: int) -> int:
        semi = self.text.find(";", pos, sent_end)
        return semi if semi >= 0 else sent_end

    def _widen(self, start: int) -> int:
        """A sentence does not start inside a unit's name ('Đảng bộ TP. Buôn Ma Thuột')."""
        k = bisect.bisect_right(self.real_starts, start) - 1
        if k >= 0 and self.real[k][0] < start < self.real[k][1]:
            return self.real[k][0]
        return start

    def _subject(self, start: int, pos: int, limit: int = 8) -> tuple[str, int, bool] | None:
        """The unit in subject position among the first units of [start, pos): (name, end, weak), weak
        for the owner of a document the clause cites, taken when no unit is in subject position."""
        text = self.text
        prev_end = -1
        weak: tuple[str, int, bool] | None = None
        listable = True
        k = bisect.bisect_left(self.starts, start)
        for s0, e0, name in self.spans[k:k + limit]:
            if s0 >= pos:
                break
            if s0 < prev_end:
                continue
            raw = text[start:s0]
            lead = _ADVERBIAL.sub("", _NUMBERING.sub("", raw, count=1))
            if self._is_subject(lead, raw, e0, text[prev_end:s0] if prev_end >= 0 and listable else None):
                return name, e0, False
            owner = bool(_owner_rx().search(lead.strip()))
            # '… do Hội Nông dân huyện quản lý': the agent of a passive, as weak as an owner
            owner = owner or bool(re.search(r"(?<![\w])do$", lead.strip()) and self._predicate_follows(e0))
            if weak is None and owner:
                weak = (name, e0, True)  # 'Theo kế hoạch của X, …': X, unless the clause names its own subject
            # a unit after a preposition ('Theo X, Y phấn đấu') heads no list the next one continues
            listable = not (owner or _lead_prep_rx().match(lead.strip()))
            prev_end = e0
        return weak

    def _is_subject(self, lead: str, raw: str, end: int, gap: str | None) -> bool:
        stripped = lead.strip()
        if not stripped or re.fullmatch(r"(?:,\s*)?(?:toàn|cả|các cấp)", stripped, re.I):
            return True  # 'Năm 2023, toàn Đảng bộ huyện kết nạp …'
        if re.search(r",\s*(?:toàn|cả|các cấp)$", stripped, re.I):
            stripped = stripped[: stripped.rfind(",") + 1]
        if _topic_rx().match(stripped):
            return True  # 'Đối với Sở Y tế, …'
        words = stripped.split()
        if len(words) <= 2 and stripped[:1].isupper() and "," not in stripped and not _lead_prep_rx().match(stripped):
            return True
        tail = stripped.rsplit(",", 1)[-1] if "," in stripped else None
        if tail is not None and tail.strip() and not _ADVERBIAL.sub("", tail + ",").strip():
            stripped = stripped[: len(stripped) - len(tail)].rstrip()  # '…, năm 2025 Huyện ủy giao …'
        if not (stripped.endswith(",") or re.search(r"(?<![\w])và$", stripped)):
            return False
        if gap is not None and re.fullmatch(r"\s*(?:,|và|,\s*và)\s*", gap):
            return False  # 'Sở Y tế, Sở Tài chính triển khai': one of a list of units, no new subject
        return self._predicate_follows(end)

    def _predicate_follows(self, end: int) -> bool:
        nxt = _NEXT_WORD.match(self.text, end)
        if self.text[end:end + 2].strip().startswith("("):
            return True
        if not nxt or nxt.start(1) - end > 2:
            return False
        word = nxt.group(1)
        return word[0].islower() and word not in _not_predicate()

    def _assigned(self, start: int, pos: int) -> str | None:
        """The unit the work is given to by 'giao', 'yêu cầu', 'đề nghị' … between `start` and the item."""
        found = None
        for m in _assign_rx().finditer(self.text, start, pos):
            k = bisect.bisect_left(self.starts, m.end())
            if k < len(self.spans) and self.spans[k][0] == m.end() and self.spans[k][0] < pos:
                found = self.spans[k][2]
        return found

    def _before_number(self, pos: int) -> str | None:
        """'… là Đảng bộ Y 15 đảng viên': a unit that ends right before the number is what it counts for."""
        k = bisect.bisect_left(self.starts, pos) - 1
        for s0, e0, name in self.spans[max(0, k - 2):k + 1]:
            if e0 <= pos and re.fullmatch(r"\s{1,2}|\s*:\s*", self.text[e0:pos]) and s0 >= self.text.rfind("\n", 0, pos):
                return name
        return None

    def _after_number(self, end: int, sent_end: int) -> str | None:
        """'… 432 đảng viên trong toàn Đảng bộ xã X': a unit after the counted noun and 'của', 'trong toàn' …"""
        k = bisect.bisect_left(self.starts, end)
        if k < len(self.spans):
            s0, _e0, name = self.spans[k]
            if s0 < min(sent_end, end + 60) and _after_number_rx().match(self.text[end:s0].lstrip()):
                return name
        return None

    def _closing(self, pos: int, sent_end: int) -> str | None:
        """'…, khoảng 120 học viên; Ban Xây dựng Đảng chủ trì.': a unit that closes the sentence as its doer,
        or a short sentence after it on the same line that only names the doer ('… năm. Văn phòng chuẩn bị.')."""
        k = bisect.bisect_left(self.starts, pos)
        line_end = self.text.find("\n", pos)
        line_end = len(self.text) if line_end < 0 else line_end
        for s0, e0, name in self.spans[k:k + 4]:
            if s0 >= line_end:
                break
            if s0 < sent_end:
                if self.text[s0 - 2:s0].strip() in (";", ",") and _closing_rx().match(self.text[e0:sent_end + 1]):
                    return name
                continue
            nxt = sentence_at(self.sentences, s0, (s0, s0))
            if nxt[0] == s0 and nxt[0] <= line_end and _closing_rx().match(self.text[e0:nxt[1] + 1]):
                return name
            break
        return None

    def _governing(self, pos: int, depth: int = 3, max_lines: int = 40) -> str | None:
        """The line a list item hangs from: a heading naming a unit, or an intro that ends in ':'."""
        text = self.text
        cur = text.rfind("\n", 0, pos) + 1
        kind = _marker(text[cur:text.find("\n", cur) if text.find("\n", cur) >= 0 else len(text)])
        for _level in range(depth):
            gov = None
            k, steps = cur, 0
            while k > 0 and steps < max_lines:
                prev_start = text.rfind("\n", 0, k - 1) + 1
                line = text[prev_start:k - 1]
                k, steps = prev_start, steps + 1
                if not line.strip():
                    continue
                pk = _marker(line)
                if kind != "none" and pk == kind:
                    continue
                if kind == "none" and not line.rstrip().endswith(":"):
                    return None
                gov = (prev_start, line, pk)
                break
            if gov is None:
                return None
            g_start, line, pk = gov
            g_end = g_start + len(line)
            heading = len(line.split()) <= 14 and not line.rstrip().endswith((".", ";"))
            if not (line.rstrip().endswith(":") or heading):
                return None
            subject = self._subject(g_start, g_end)
            obj = self._assigned(subject[1] if subject else g_start, g_end)
            if obj or subject:
                return obj or (subject[0] if subject else None)
            if heading:
                for s0, _e0, name in self.spans[bisect.bisect_left(self.starts, g_start):]:
                    if s0 >= g_end:
                        break
                    m = re.search(r"(?<![\w])(?:của|cho)\s+$", text[g_start:s0])
                    if m:
                        return name
            cur, kind = g_start, pk
        return None


_LEVEL_OF_ADMIN = {"tỉnh": "province", "thành phố": "province", "huyện": "district", "quận": "district",
                   "thị xã": "district", "xã": "commune", "phường": "commune", "thị trấn": "commune"}
_SPEAKER_RANK = {"party_organization": 0, "party_committee": 0}


def _speakers(units: list, places: Places | None, issuer: str | None = None) -> dict[tuple[str, str], str]:
    """For each place a unit of the text is placed at, the unit that speaks for it: the issuer of an
    official document when it is of that place, else the party organization or committee of that place
    named most often, else its people's committee."""
    best: dict[tuple[str, str], tuple[int, int, str]] = {}
    for u in units:
        loc = u.locality or {}
        place = {"province": loc.get("province"), "district": loc.get("district"), "commune": loc.get("commune")}.get(u.level or "")
        if not place:
            continue
        rank = -1 if issuer and u.name == issuer else _SPEAKER_RANK.get(
            u.kind, 1 if u.name.startswith("Ủy ban nhân dân") else None)
        if rank is None:
            continue
        key = (u.level, place)
        cand = (rank, -len(u.mentions), u.name)
        if key not in best or cand < best[key]:
            best[key] = cand
    out = {k: v[2] for k, v in best.items()}
    if places is not None:  # 'huyện phấn đấu': the one district (commune, province) the text establishes
        for admin, level in _LEVEL_OF_ADMIN.items():
            place = {"province": places.province, "district": places.district, "commune": places.commune}[level]
            own_admin = {"province": None, "district": places.district_admin, "commune": places.commune_admin}[level]
            if place and (own_admin is None or own_admin == admin) and (level, place) in out:
                out[("bare", admin)] = out[(level, place)]
    return out


def _forms_of(name: str, task_heads: Iterable[str], assoc_prefix: str, assoc_short: str) -> list[str]:
    """The short forms a text may name a unit by again, read from its canonical name."""
    out = []
    for head in task_heads:
        if name.startswith(head + " "):
            out.append(head)
    m = re.match(r"((?:Ban|Ủy ban|Văn phòng|Thường trực)(?: \S+)*?) "
                 r"(?:Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|Thị ủy|Đảng ủy|Đảng bộ|Hội|Đoàn|Liên đoàn|Ủy ban|Hội đồng)(?![\w])", name)
    if m and len(m.group(1).split()) >= 2:
        out.append(m.group(1))
    m = re.match(r"(Trung tâm [\w ]+?) (?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn) ", name)
    if m:
        out.append(m.group(1))
    if name.startswith(assoc_prefix):
        out.append(assoc_short)
    return out
