"""Quantities (numbers with what they count) and their reading as targets or figures.

A quantity is a number next to '%', money ('1,5 tỷ đồng') or a counted noun ('5.966 đảng viên',
'hai lớp'); dates, document numbers, durations, ordinals, ages and phone numbers are not.
Whether it is a target (to reach) or a figure (reached) is read from the signals before it in
its sentence (data/signals.json), then from its section, then from the kind of document.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from extract.dates import DateExpr
from extract.lexicon import alternation, load
from extract.numbers import NUMERIC, number_word_pattern, parse_numeric, parse_words, scale_of

MULT = r"(?:nghìn\s+tỷ|ngàn\s+tỷ|nghìn|ngàn|triệu|tỷ|tỉ)(?![\w])"
DASH = r"\s*(?:-|–|—|÷|đến|tới)\s*"


@dataclass
class Quantity:
    start: int
    end: int
    text: str
    value: float
    value_max: float | None
    comparator: str
    uom: str | None
    measure: str | None = None
    role: str = "figure"  # target | figure
    period_start: str | None = None
    period_end: str | None = None
    recurrence: str | None = None
    due: str | None = None
    as_of: str | None = None
    unit: str | None = None
    evidence: str = ""
    ev_start: int = 0
    ev_end: int = 0
    meta: dict = field(default_factory=dict)


def _q() -> dict:
    return load("quantities")


def _s() -> dict:
    return load("signals")


_CACHE: dict[str, re.Pattern] = {}


def _rx() -> re.Pattern:
    if "main" not in _CACHE:
        num = rf"(?:{NUMERIC})"
        _CACHE["main"] = re.compile(
            rf"(?<![\w.,/-])(?P<a>{num})\s*(?P<pa>%)?(?:\s*/\s*(?P<den0>\d+(?:\.\d{{3}})*(?:,\d+)?)(?=\s*(?:%|{MULT}|đồng)))?(?:{DASH}(?P<b>{num}))?\s*(?P<mult>{MULT})?\s*(?P<pct>%)?(?:\s*/\s*(?P<den>\d+(?:\.\d{{3}})*))?"
        )
        _CACHE["words"] = re.compile(rf"(?<![\w])(?P<w>{number_word_pattern()})\s+(?P<noun>{alternation(_q()['counted_nouns'])})(?![\w])", re.I)
        _CACHE["noun"] = re.compile(r"[ \t]*([^\W\d_][\w-]*)(?:[ \t]+([^\W\d_][\w-]*))?(?:[ \t]+([^\W\d_][\w-]*))?")
        _CACHE["counted_any"] = re.compile(rf"(?<![\w])(?:{alternation(_q()['counted_nouns'])})(?![\w])")
        _CACHE["counted"] = re.compile(rf"[ \t]*+({alternation(_q()['counted_nouns'])})(?![\w])", re.I)
    return _CACHE["main"]


_AFTER_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2},[ \t]+$")


def find_quantities(text: str, masks: list[tuple[int, int]]) -> list[Quantity]:
    rx = _rx()
    out: list[Quantity] = []
    not_nouns = set(_q()["not_nouns"])
    ordinal_rx = re.compile(r"(?<![\w])(?:" + alternation(_q()["ordinal_before"]) + r")\s*(?:số\s*)?[:.]?\s*$", re.I)

    masked = overlap_test(masks)

    for m in rx.finditer(text):
        s, e = m.start(), m.start() + len(m.group(0).rstrip())
        if masked(s, e):
            continue
        a = m.group("a")
        before = text[max(0, s - 25):s]
        if ordinal_rx.search(before) and not re.search(r"(?:thiểu|đa|tổng|đại|phần|con|ký|hệ|tần|dân|chỉ)\s+số\s*$", before, re.I) \
                and not re.search(r"(?:hằng|hàng|mỗi|bình quân)\s+(?:năm|tháng|quý)\s*$", before, re.I):
            continue
        if re.search(r"[\w]-\s*$|#\s*$|[A-ZĐ]\s$|\d[.,]\s*$", before) and not (
                _AFTER_YEAR.search(before) and not re.fullmatch(r"(?:19|20)\d{2}", a)):
            continue  # (but 'Đến năm 2025, 100% xã …': a year and its comma, then the number)
        # phone numbers and codes: a leading zero on a long number
        if re.match(r"0\d{2,}", a.replace(".", "")) and len(a.replace(".", "")) >= 4:
            continue
        if re.match(r"^\s*[.)]\s", text[e:e + 3]) and (s == 0 or text[s - 1] == "\n"):
            continue  # list numbering '1. ' at a line start
        if s > 0 and re.search(r"(^|\n)\s*$", text[max(0, s - 4):s]) and re.match(r"[.)]", text[e:e + 1]):
            continue
        pct = bool(m.group("pct") or m.group("pa"))
        mult = m.group("mult")
        b = m.group("b")
        den = m.group("den") or m.group("den0")
        try:
            va = parse_numeric(a)
            vb = parse_numeric(b) if b else None
        except ValueError:
            continue
        if b and re.search(r"[-–—]", text[m.end("a"):m.start("b")]) and not pct and vb is not None and vb < va:
            continue  # '20-9' style: not a range
        after = text[e:e + 60]
        uom = None
        noun_end = e
        if pct:
            uom = "%"
        else:
            money = re.match(r"[ \t]*(đồng(?![ \t]+chí)|VNĐ|VND|đ)(?![\w])", after)
            if money:
                uom = "đồng"
                noun_end = e + money.end()
            else:
                cm = _CACHE["counted"].match(after)
                if cm:
                    uom = cm.group(1) if cm.group(1).isupper() else cm.group(1).lower()  # 'HTX' stays as written
                    noun_end = e + cm.end()
                else:
                    nm = _CACHE["noun"].match(after)
                    if nm and nm.group(1) and nm.group(1).lower() not in not_nouns and nm.group(1)[0].islower():
                        uom = nm.group(1).lower()
                        noun_end = e + nm.end(1)
        if uom is None and not mult and not den and not re.match(r"[ \t]*,[ \t]*\d|[^.;\n]{0,20}tuổi", text[e:e + 24]):
            uom = _noun_before(text, s, e)
        if uom is None:
            continue
        if va == 1 and re.search(r"(?<![\w])(của|mỗi|trên|cho)\s*$", text[max(0, s - 8):s]):
            continue  # 'bình quân của 01 HTX': the unit an average is taken over
        if uom == "lượt" and re.match(r"[ \t]*(xem|thích|chia sẻ|truy cập|bình luận)", text[noun_end:noun_end + 12]):
            continue  # page furniture: view and like counters
        if uom == "đồng" and va == 0:
            continue  # 'hàng 0 đồng' names a programme
        if uom == "đồng" and re.match(r"[ \t]*/[ \t]*(người|khóa|lượt|suất|hộ|tháng|buổi|ngày)(?![ \t]*/[ \t]*năm)", text[noun_end:noun_end + 12]) \
                and not re.search(r"(?<![\w])(thu nhập|lương|doanh thu|lợi nhuận)(?![\w])", text[max(0, s - 60):s], re.I):
            continue  # a per-person norm or allowance, not a reported or targeted amount
        if re.match(r"\s*(tuổi|năm|tháng|ngày|giờ|phút)(?![\w])", after):
            continue
        scale = scale_of(re.sub(r"\s+", " ", mult).split()[-1]) * (1000 if mult and mult.split()[0] in ("nghìn", "ngàn") and len(mult.split()) > 1 else 1) if mult else 1.0
        if uom == "đồng" or (mult and not pct):
            va = _scaled(va, scale)
            vb = _scaled(vb, scale) if vb is not None else None
        if den and not pct:
            vb = None
        value_max = vb if b else None
        comparator = "range" if value_max is not None else _comparator(text, s, noun_end)
        out.append(Quantity(s, noun_end, text[s:noun_end], va, value_max, comparator, uom,
                            meta={"fraction": bool(den) and not pct} if den else {}))
    taken = overlap_test([(q.start, q.end) for q in out])
    opens = [i for i, c in enumerate(text) if c == "("] if "(" in text else []
    closes = [i for i, c in enumerate(text) if c == ")"] if ")" in text else []
    digits = _digit_counts(text) if opens else []
    for m in _CACHE["words"].finditer(text):
        if masked(m.start(), m.end()) or taken(m.start(), m.end()):
            continue
        k = bisect.bisect_left(opens, m.start())
        o = opens[k - 1] if k else -1
        j = bisect.bisect_left(closes, m.start())
        if o > (closes[j - 1] if j else -1):
            a, b, _ = slice(o - 25, m.start()).indices(len(text))
            if b > a and digits[b] > digits[a]:
                continue  # an amount restated in words: '52.800 triệu đồng (năm mươi hai tỷ, …)'
        w = m.group("w").lower()
        if w in ("một", "mốt", "năm", "tư", "không", "lăm", "nhăm") or w.split()[0] in ("lăm", "nhăm", "mươi", "linh", "lẻ"):
            continue
        v = parse_words(w)
        if v is None or v < 2:
            continue
        out.append(Quantity(m.start(), m.end(), m.group(0), v, None, _comparator(text, m.start(), m.end()), m.group("noun").lower()))
    out.sort(key=lambda q: q.start)
    out += _short_list_items(text, out, masked)
    out.sort(key=lambda q: q.start)
    return out


def overlap_test(spans: list[tuple[int, int]]):
    """A test `(s, e) -> bool`: does [s, e) overlap one of `spans`? Logarithmic per call."""
    spans = sorted(spans)
    starts = [a for a, _ in spans]
    reach: list[int] = []  # the furthest end among the spans up to each index
    for _, b in spans:
        reach.append(max(b, reach[-1]) if reach else b)

    def overlaps(s: int, e: int) -> bool:
        j = bisect.bisect_left(starts, e)  # spans starting before e
        return j > 0 and reach[j - 1] > s

    return overlaps


def _digit_counts(text: str) -> list[int]:
    """counts[i]: how many digits text[:i] holds."""
    counts = [0]
    n = 0
    for c in text:
        n += c.isdecimal()  # what \d matches
        counts.append(n)
    return counts


_LIST_ITEM = re.compile(
    r"[ \t]*[;,][ \t]*(?:và[ \t]+)?(?P<name>[A-ZĐ][^\d;,.()\n]{1,40}?)[ \t]+(?P<num>\d{1,3}(?:\.\d{3})+|\d+)(?=[ \t]*(?:[;,.]|$|\n|[ \t]+và[ \t]))"
)


_ITEM_REST = re.compile(r"[^;,\n.]*")


def _short_list_items(text: str, found: list[Quantity], masked) -> list[Quantity]:
    """'… chỉ tiêu phát triển 150 đảng viên mới; Hội An 110; Điện Bàn 150; …': after a counted
    quantity, items of a list that are a name and a bare number count the same thing (two items at
    least, so that a lone 'Điều 5' is no list)."""
    out: list[Quantity] = []
    starts = {q.start for q in found}
    for q in found:
        if q.uom in (None, "%", "đồng") or q.meta.get("list_of") is not None:
            continue
        items = []
        pos = q.end
        # the rest of the item that holds the quantity ('150 đảng viên mới')
        rest = _ITEM_REST.match(text, pos)  # in place: no copy of the rest of the text per quantity
        pos = rest.end() if rest else pos
        while True:
            m = _LIST_ITEM.match(text, pos)
            if not m or m.start("num") in starts or masked(m.start("num"), m.end("num")):
                break
            items.append(m)
            pos = m.end()
        if len(items) < 2:
            continue
        for m in items:
            out.append(Quantity(m.start("num"), m.end("num"), m.group("num"), parse_numeric(m.group("num")), None, "eq",
                                q.uom, meta={"list_of": q.start, "evidence_start": m.start("name")}))
    return out


def _noun_before(text: str, start: int, end: int) -> str | None:
    """A number after its noun closes its clause: 'Tổng số đảng viên 94.306', 'khiển trách 3;'.
    The counted noun stands within the three words before it."""
    if not re.match(r"[ \t]*(?:[,;.)]|$|\n|và\s)", text[end:end + 4]):
        return None
    window = text[max(0, start - 40):start]
    window = window[max(window.rfind(","), window.rfind(";"), window.rfind("("), window.rfind(":")) + 1:]
    words = window.split()[-4:]
    if not words or words[-1].lower() in ("năm", "tháng", "ngày", "số", "khóa", "lần", "thứ", "đợt", "quý", "điều", "khoản"):
        return None
    tail = " ".join(words)
    found = list(_CACHE["counted_any"].finditer(tail))
    m = found[-1] if found else None
    if m is None or not m.group(0)[:1].islower():
        return None
    return m.group(0).lower()


def _scaled(value: float, scale: float) -> float:
    """value × scale without binary noise: 4.319,847 tỷ → 4319847000000, not 4319846999999.999."""
    from decimal import Decimal

    return float(Decimal(repr(value)) * Decimal(repr(scale)))


def _comparator(text: str, start: int, end: int) -> str:
    before = text[max(0, start - 30):start].lower()
    after = text[end:end + 60].lower()
    for phrase, comp in _s()["after_comparators"].items():
        if re.match(r"[\w\s,]{0,40}?" + re.escape(phrase), after) and not re.match(r"[^,;.]*[,;.]", after[: after.find(phrase)]):
            return comp
    best = None
    for phrase, comp in _s()["comparators"].items():
        m = re.search(r"(?<![\w])" + re.escape(phrase) + r"\s*$", before)
        if m and (best is None or len(phrase) > len(best[0])):
            best = (phrase, comp)
    if best:
        if best[0] == "từ":
            return "gte" if "trở lên" in after[:40] else "eq"
        return best[1]
    return "eq"


def classify(text: str, q: Quantity, sent: tuple[int, int], section: str | None, doc_kind: str | None,
             doc_year: int | None = None, carried: str | None = None) -> str:
    """'target' or 'figure' for a quantity in sentence `sent`; `carried` is the role of the sentence
    before, which a breakdown ('Trong đó, …', 'Cụ thể: …') without signals of its own continues."""
    s0 = sent[0]
    # signals inside a closed parenthesis '(chỉ tiêu 350 đảng viên)' speak for that aside only
    before = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), text[s0:q.start].lower())
    # a target reached ('vượt 12% mục tiêu đề ra', 'chỉ tiêu Nghị quyết đạt cao') is said of a result
    before = _REACHED.sub(lambda m: " " * len(m.group(0)), before)
    after = text[q.end:sent[1]].lower()
    after = re.split(r"\d", after, maxsplit=1)[0]
    t_pos = _last_signal(before, _s()["target_before"])
    f_pos = _last_signal(before, _s()["figure_strong"])
    sentence = text[s0:sent[1]].lower()
    if q.uom == "chỉ tiêu":
        return "target" if re.search(r"(?<![\w])giao\s*$", before) else "figure"  # 'được giao 1.863 chỉ tiêu'; 'đề ra 16 chỉ tiêu'
    if t_pos < 0 and f_pos < 0 and carried and _BREAKDOWN.match(sentence):
        return carried
    if _last_signal(before, _s()["strong_target"]) < 0 and doc_year and _PAST_BASELINE.search(sentence):
        if any(not y or int(y) < doc_year for y in _PAST_BASELINE.findall(sentence)):
            return "figure"  # measured against a past year: a result
    if re.match(r"\s*+[\w\s]{0,30}?(trở lên|trở xuống)", after):
        t_pos = max(t_pos, len(before))
    strong_target = _last_signal(before, _s()["strong_target"])
    figure_after_target = f_pos > strong_target >= 0 and len(before[strong_target:f_pos].split()) > 3
    if re.match(r"\s*(so với (nghị quyết|kế hoạch|chỉ tiêu|cùng kỳ|dự toán|mục tiêu)|kế hoạch|chỉ tiêu|dự toán|mục tiêu)", after) and (
        strong_target < 0 or figure_after_target
    ):
        return "figure"  # a share of a plan reached: 'đạt 100,1% kế hoạch', 'vượt 12% mục tiêu'
    if q.meta.get("fraction") and t_pos < 0 and doc_kind not in _PLAN_KINDS:
        return "figure"  # 'thu ngân sách 45.799/36.875 tỷ đồng': reached against planned

    clause = before[max(before.rfind(";"), before.rfind(":")) + 1:]
    if strong_target < 0 and _SHARE_OF_PLAN.search(text[s0:sent[1]].lower()) and not _last_signal(clause, _s()["target_before"]) >= 0:
        return "figure"  # the sentence measures itself against a plan: what it counts was reached
    if re.search(r"(?<![\w])(qua|sau)\s+\d+\s+năm", before):
        return "figure"
    if t_pos >= 0 and t_pos >= f_pos:
        return "target"
    if t_pos >= 0 and len(before[t_pos:f_pos].split()) <= 3:
        return "target"  # 'phấn đấu vượt dự toán': the figure word belongs to the target's verb
    if q.uom == "%" and q.value == 100 and re.match(r"[^;.]{0,80}?(?<![\w])(phải|đều phải)(?![\w])", after):
        return "target"
    if f_pos >= 0 and strong_target >= 0 and doc_year and re.search(r"(?<![\w])năm\s+(\d{4})", sentence) and min(
        int(y) for y in re.findall(r"(?<![\w])năm\s+(\d{4})", sentence)
    ) > doc_year:
        return "target"  # an estimate inside a goal for a year still to come ('năm 2026 … mục tiêu … ước đạt')
    if f_pos >= 0:
        return "figure"
    if doc_year and strong_target < 0 and t_pos < 0:
        years = [int(y) for y in re.findall(r"(?<![\d/-])((?:19|20)\d{2})(?![\d/-])", text[s0:sent[1]])]
        if years and max(years) < doc_year:
            return "figure"  # a sentence about a past year reports
        future = [int(y) for y in re.findall(r"(?<![\w])năm\s+((?:19|20)\d{2})(?![\d/-]|\s*[-–]\s*\d)", text[s0:sent[1]], re.I)]
        if future and min(future) > doc_year and not re.search(r"(?<![\w])(đã|được|đạt được|kết quả|ước)(?![\w])", before):
            return "target"  # a sentence about a year still to come sets out what to reach
    if section is None and list_intro_role(text, s0) == "target":
        section = "target"
    if section == "target" and not re.search(r"(?<![\w])(đã|đã được|được \d)(?![\w])", before):
        return "target"
    if section == "figure":
        return "figure"
    if doc_kind in ("plan", "resolution", "directive", "program", "project", "submission") and not re.search(
        r"(?<![\w])(đã|được|đạt được|kết quả|qua|năm qua|vừa qua|hiện có|hiện nay)(?![\w])", before
    ):
        return "target"  # what a plan or resolution states without a signal is what it sets out to reach
    if doc_kind == "conclusion" and re.search(r"(đến năm|phấn đấu|bảo đảm|đảm bảo|100%|phải|cần)", text[s0:sent[1]].lower()):
        return "target"
    return "figure"


_REACHED = re.compile(
    r"(?<![\w])(?:vượt|đạt|hoàn thành|về đích)\s+(?:và\s+vượt\s+)?(?:[\d.,]+\s*%\s*)?(?:so với\s+)?(?:các\s+)?"
    r"(?:chỉ tiêu|mục tiêu|kế hoạch|nghị quyết|dự toán)(?:\s+(?:đã\s+)?(?:đề ra|được giao|năm|nghị quyết))?"
    r"|(?<![\w])(?:chỉ tiêu|mục tiêu)(?:\s+\w+){0,2}\s+(?:đạt|vượt)\s+(?:cao|và vượt|khá|kế hoạch)"
    r"|(?<![\w])chương trình mục tiêu(?:\s+quốc gia)?"  # a programme's name, not a goal set here
)
_BREAKDOWN = re.compile(r"\s*+(?:[-+•]\s*+)?(?:trong đó|cụ thể|bao gồm|gồm|riêng)(?![\w])")
_PAST_BASELINE = re.compile(r"so với (?:cùng kỳ|năm\s+((?:19|20)\d{2})|năm trước)")

_PLAN_KINDS = ("plan", "resolution", "directive", "program", "project", "submission")

_SHARE_OF_PLAN = re.compile(
    r"(?<![\w])(?:đạt|vượt|bằng)\s+[\d.,]+\s*%\s*(?:so với\s+)?(?:kế hoạch|chỉ tiêu|dự toán|nghị quyết|mục tiêu)"
)



def _last_signal(before: str, signals: list[str]) -> int:
    """Offset of the last signal in `before`; 'đạt 62% chỉ tiêu' (a share of a target) is not a target signal."""
    best = -1
    for m in _signal_rx(tuple(signals)).finditer(before):
        if re.search(r"\d\s*%?\s*$", before[max(0, m.start() - 8):m.start()]):
            continue
        if before.startswith("vượt", m.start()) and before[max(0, m.start() - 6):m.start()].endswith("không "):
            continue
        if re.search(r"(?<![\w])(?:vượt|đạt|hoàn thành|về đích)\s+(?:và\s+vượt\s+)?$", before[max(0, m.start() - 20):m.start()]) and (
            before.startswith(("chỉ tiêu", "mục tiêu", "kế hoạch"), m.start())
        ):
            continue  # 'vượt chỉ tiêu', 'đạt mục tiêu': a target reached, said of a result
        best = max(best, m.start())
    return best


@cache
def _signal_rx(signals: tuple[str, ...]) -> re.Pattern:
    # a lookahead alternation so that overlapping signals ('đạt', 'đạt được') all report their start
    return re.compile(r"(?<![\w])(?=(?:" + alternation(list(signals)) + r")(?![\w]))")


def list_intro_role(text: str, sent_start: int) -> str | None:
    """A list item takes the role of its intro line ('… phấn đấu đạt các chỉ tiêu sau:')."""
    k = sent_start
    for _ in range(8):  # walk back over sibling items to the intro
        line_start = text.rfind("\n", 0, max(0, k - 1)) + 1
        line = text[line_start:k].strip()
        if not line:
            k = line_start
            if k <= 0:
                break
            continue
        if line.endswith(":"):
            low = line.lower()
            if _last_signal(low, _s()["target_before"]) >= 0:
                return "target"
            return None
        if not re.match(r"^([-+•–]|\d+[.)]|[a-zđ]\))\s", line):
            return None
        k = line_start
        if k <= 0:
            break
    return None


def attach_time(text: str, q: Quantity, sent: tuple[int, int], dates: list[DateExpr], doc_date: str | None,
                para_start: int, default_due: str | None = None) -> None:
    """Period, recurrence and due / as_of from the dates of the sentence (or, for a period, the paragraph).

    A target's due, when no 'đến/trước …' bounds it: the year its own clause names ('năm 2023 là 92,5%',
    'kết nạp 170 đảng viên trong năm 2023'), else the year the sentence or an earlier sentence of the
    paragraph states ('Năm 2024, … phấn đấu …'), else the period's end, else the document's own horizon
    (`default_due`: the year or period of its title)."""
    # dates come sorted by start: the sentence's and the paragraph's are found by bisection
    lo = bisect.bisect_left(dates, sent[0], key=_start)
    in_sent = dates[lo:bisect.bisect_left(dates, sent[1], key=_start)]
    sent_text = text[sent[0]:sent[1]].lower()
    own = re.match(r"[ \t]*/[ \t]*(năm|quý|tháng)(?![\w])", text[q.end:q.end + 10])
    if own:
        q.recurrence = {"năm": "yearly", "quý": "quarterly", "tháng": "monthly"}[own.group(1)]
    else:
        for word, rec in _s()["recurrence"].items():
            if word.startswith("/"):
                continue  # '/năm' belongs to its own number only
            if word in sent_text:
                q.recurrence = rec
                break
    period = next((d for d in in_sent if d.kind in ("range", "since") and not d.context.startswith(("so với", "nhiệm kỳ", "năm học"))), None)
    if period is None:
        para_lo = bisect.bisect_left(dates, para_start, key=_start)
        period = next((d for i in range(lo - 1, para_lo - 1, -1) if (d := dates[i]).kind in ("range", "since")
                       and not d.context.startswith(("so với", "nhiệm kỳ", "năm học"))), None)
    if period is not None:
        q.period_start = period.range_start
        q.period_end = period.value if period.kind == "range" else doc_date
    horizon = next((d for d in in_sent if d.context.startswith(("đến", "trước", "chậm nhất", "trong")) and d.value), None)
    when = horizon.value if horizon else (q.period_end if period is not None and period.kind == "range" else None)
    if q.role == "target":
        q.due = when or _year_of_clause(text, q, in_sent) or _year_before(dates, para_start, q.start, sent[0]) or default_due
    else:
        point = next((d for d in in_sent if d.kind in ("day", "month") and d.context.startswith(("tính đến", "đến"))), None)
        q.as_of = point.value if point else None


def _start(item) -> int:
    return item.start


def _usable(d: DateExpr) -> bool:
    return bool(d.value) and d.kind in ("year", "range", "quarter", "half", "month", "day") and not d.context.startswith(
        ("so với", "cùng kỳ", "từ", "kể từ", "năm học"))


def _year_of_clause(text: str, q: Quantity, in_sent: list[DateExpr]) -> str | None:
    """The time its own clause gives: the nearest date before it with no other number between,
    or the first one after it before the clause ends."""
    before = [d for d in in_sent if d.end <= q.start and _usable(d)]
    if before:
        d = before[-1]
        if not re.search(r"[;]|\d\s*%", text[d.end:q.start]):
            return d.value
    after = [d for d in in_sent if d.start >= q.end and _usable(d)]
    if after and not re.search(r"[;,(]|\d", text[q.end:after[0].start]):
        return after[0].value
    years = {d.value for d in in_sent if _usable(d) and d.kind == "year"}
    return years.pop() if len(years) == 1 else None


def _year_before(dates: list[DateExpr], para_start: int, pos: int, sent_start: int) -> str | None:
    """A year an earlier sentence of the paragraph sets ('Năm 2024, Đảng bộ tỉnh đề ra …')."""
    years = {d.value for d in dates if para_start <= d.start < sent_start and d.kind == "year" and _usable(d)}
    return years.pop() if len(years) == 1 else None


