"""Deadlines: the time limits a text sets on a task ('trước ngày 15/12/2023', 'chậm nhất ngày …',
'đến năm 2025', 'trong quý III/2023', 'giai đoạn 2021 – 2025', 'trước ngày 15/12 hằng năm')."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.dates import DateExpr
from extract.lexicon import load
from extract.textutil import sentence_at

DEADLINE_CONTEXTS = ("trước", "chậm nhất", "hạn chót", "hoàn thành", "đến hết", "đến ngày", "đến năm", "đến", "tới",
                     "giai đoạn", "trong")
PAST_MARKERS = re.compile(r"(?<![\w])(đã|vừa qua|năm qua|đạt được|được kết nạp|mới giải ngân|kết nạp được|thực hiện được)", re.I)
SCHEDULE_LINE = re.compile(
    r"^[ \t]*[-+•]?[ \t]*(?:Tháng[ \t]+(?P<month>\d{1,2})(?:[ \t]*[-–,][ \t]*(?P<month2>\d{1,2}))?|Quý[ \t]+(?P<quarter>IV|I{1,3}))[ \t]*:",
    re.M | re.I,
)
TARGET_WORDS = re.compile(r"(?<![\w])(phấn đấu|phải|cần|hoàn thành|chỉ tiêu|mục tiêu|bảo đảm|đảm bảo|tập trung)(?![\w])", re.I)
_REC_WORDS = (r"hằng quý|hàng quý|mỗi quý|theo quý|hằng tháng|hàng tháng|mỗi tháng|theo tháng|hằng năm|hàng năm|"
              r"định kỳ 6 tháng|định kỳ(?!\s+(?:hằng|hàng|mỗi|theo|6))")
_REC_TASKS = r"báo cáo|tổng hợp|gửi|nộp|đóng|cập nhật"
RECURRING_TASK = re.compile(
    rf"(?P<rec>{_REC_WORDS})(?=[^.;\n]{{0,80}}?(?:{_REC_TASKS}))|(?<![\w])(?:{_REC_TASKS})[^.;\n]{{0,60}}?(?P<rec2>{_REC_WORDS})",
    re.I,
)
_REC = {"quý": "quarterly", "tháng": "monthly", "năm": "yearly"}
PAST_SENTENCE = re.compile(
    r"(?<![\w])(nhìn lại|đạt và vượt|đã đạt|qua \d+ năm|vượt (?:mục tiêu|chỉ tiêu|kế hoạch)|có thành tích|thành tích xuất sắc)(?![\w])",
    re.I,
)
VISION = re.compile(r"(?<![\w])tầm nhìn(?:\s+(?:đến|tới))?(?:\s+năm)?\s*$", re.I)
REVIEW_BEFORE = re.compile(r"(?<![\w])(sơ kết|tổng kết|giao ban|đánh giá|kết quả|báo cáo)(?:\s+[^\s,;.]+){0,6}\s*$", re.I)
TASK_WORDS = re.compile(r"(?<![\w])(phấn đấu|nhiệm vụ|thực hiện|hoàn thành|triển khai|mục tiêu|chỉ tiêu|tập trung)(?![\w])", re.I)


@dataclass
class DeadlineHit:
    task: str
    due: str | None
    recurrence: str | None
    start: int
    end: int
    evidence: str
    ev_start: int


PLAN_KINDS = ("plan", "program", "project", "guidance", "directive", "resolution", "conclusion", "official_letter", "decision")


def find_deadlines(text: str, dates: list[DateExpr], sentences: list[tuple[int, int]], doc_date: str | None,
                   excluded: list[tuple[int, int]], doc_kind: str | None = None) -> list[DeadlineHit]:
    doc_year = int(doc_date[:4]) if doc_date else None
    out: list[DeadlineHit] = []
    seen: set[tuple] = set()
    rec_words = load("signals")["recurrence"]
    for d in dates:
        if any(a <= d.start < b for a, b in excluded):
            continue
        ctx = d.context
        if not ctx.startswith(DEADLINE_CONTEXTS) and not (d.kind in ("half", "quarter") and not ctx.startswith(("so với", "cùng kỳ"))):
            continue
        if ctx.startswith(("so với", "nhiệm kỳ", "năm học", "từ", "cùng kỳ", "tính đến", "kể từ")):
            continue
        if d.kind == "since":
            continue
        if ctx == "trong" and d.kind not in ("quarter", "half", "month", "year"):
            continue
        if ctx in ("đến", "tới") and d.kind in ("day_no_year",) and False:
            continue
        sent = sentence_at(sentences, d.start, (d.start, d.end))
        clause_start = _clause_start(text, sent[0], d.start)
        before = text[clause_start:d.start]
        # 'đến nay', past results and report periods are not deadlines
        if PAST_MARKERS.search(before) and not ctx.startswith(("giai đoạn", "trước", "chậm nhất", "hạn chót")):
            continue
        if ctx in ("trong", "đến", "đến ngày", "tới", "") and PAST_MARKERS.search(text[clause_start:sent[1]]):
            continue
        if re.search(r"(?<![\w])từ(?![\w])", text[max(clause_start, d.start - 45):d.start], re.I) and ctx != "giai đoạn":
            continue  # 'từ đầu năm đến ngày 10/3': a period, not a time limit
        if re.match(r"\s*+(?:[-+•]\s*+)?(Căn cứ|Xét|Theo đề nghị)", text[sent[0]:sent[0] + 20]):
            continue
        if PAST_SENTENCE.search(before) or _is_heading(text, sent):
            continue
        if VISION.search(text[max(0, d.start - 25):d.start]):
            continue  # 'đến năm 2030, tầm nhìn đến năm 2050': a strategy's name, not a time limit
        if d.kind in ("half", "quarter") and not ctx and doc_kind not in PLAN_KINDS:
            # in a report or news: '6 tháng cuối năm 2025' bounds the tasks it follows; a review of a past half does not
            if REVIEW_BEFORE.search(before) or not TASK_WORDS.search(before):
                continue
        # a time phrase opening a sentence ('Trong quý I, …', 'Đến ngày 31/12/2025, …') dates a report
        opening = text[clause_start:d.start].strip(" -+•\n\t")
        if len(opening.split()) <= 3 and re.match(r"\s*,", text[d.end:d.end + 2]) and not TARGET_WORDS.search(text[sent[0]:sent[1]]):
            continue
        if re.match(r"\s*+(?:[-+•]\s*+)?(Thực hiện|Căn cứ)\s+(?:\w+\s+){0,2}?(?:số|\d)", text[sent[0]:sent[0] + 40]) and d.start - sent[0] > 60:
            continue  # a preamble citing a document: its horizon is the cited document's
        recurrence = None
        window = text[clause_start:min(sent[1], d.end + 25)].lower()
        for w, r in rec_words.items():
            if w in window and not w.startswith("/"):
                recurrence = r
                break
        due = d.value
        if d.kind == "day_no_year" and recurrence:
            due = None
        elif recurrence and d.kind != "day_no_year":
            recurrence = None
        if ctx == "giai đoạn" or (d.kind == "range"):
            if doc_year and d.value and int(d.value[:4]) < doc_year:
                continue
        elif d.kind in ("year",) and doc_year and d.value and int(d.value) < doc_year:
            continue
        if d.kind == "range" and not ctx.startswith(("giai đoạn", "đến", "trong")):
            continue
        task = _task(text, clause_start, d.start, sent)
        key = (due, recurrence)
        if key in seen:
            continue
        seen.add(key)
        evidence = text[clause_start:d.end].strip()
        out.append(DeadlineHit(task, due, recurrence, d.start, d.end, evidence, clause_start + (len(text[clause_start:d.end]) - len(text[clause_start:d.end].lstrip()))))
    # a year that bounds a group of targets: 'phấn đấu năm 2024 …', 'thực hiện các chỉ tiêu năm 2023'
    for d in dates:
        if d.kind != "year" or any(a <= d.start < b for a, b in excluded) or (d.value, None) in seen:
            continue
        if d.context and not d.context.startswith(("trong", "đến", "vào")):
            continue
        if doc_year and d.value and int(d.value) < doc_year:
            continue
        sent = sentence_at(sentences, d.start, (d.start, d.end))
        stext = text[sent[0]:sent[1]]
        if not re.search(r"(?<![\w])(phấn đấu|chỉ tiêu|mục tiêu)(?![\w])", stext, re.I) or PAST_MARKERS.search(stext):
            continue
        if re.match(r"\s*+(?:[-+•]\s*+)?(Thực hiện|Căn cứ)\s", stext) or PAST_SENTENCE.search(stext):
            continue
        if re.search(r"(so với|của|từ)\s+$", text[max(sent[0], d.start - 10):d.start]):
            continue
        if REVIEW_BEFORE.search(text[_clause_start(text, sent[0], d.start):d.start]):
            continue  # 'đánh giá tình hình … năm 2022': the year under review
        seen.add((d.value, None))
        out.append(DeadlineHit(" ".join(stext.split()[:30]), d.value, None, d.start, d.end, stext.strip(), sent[0]))
    # a schedule: lines opening with 'Tháng 4 - 5:' / 'Quý I:' in a plan or a work program
    if doc_year:
        for m in SCHEDULE_LINE.finditer(text):
            if any(a <= m.start() < b for a, b in excluded):
                continue
            if m.group("month"):
                month = int(m.group("month2") or m.group("month"))
            else:
                month = {"I": 3, "II": 6, "III": 9, "IV": 12}.get(m.group("quarter").upper(), 0)
            if not 1 <= month <= 12:
                continue
            due = f"{doc_year:04d}-{month:02d}"
            if (due, None) in seen:
                continue
            seen.add((due, None))
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            task = text[m.end():line_end].strip()
            out.append(DeadlineHit(" ".join(task.split()[:30]), due, None, m.start(), m.end(), text[m.start():line_end].strip(), m.start()))
    # recurring reports with no date: 'định kỳ hằng quý báo cáo …'
    for m in RECURRING_TASK.finditer(text):
        if any(a <= m.start() < b for a, b in excluded):
            continue
        phrase = (m.group("rec") or m.group("rec2")).lower()
        rec = None if phrase.startswith("định kỳ") else _REC[phrase.split()[-1]]
        sent = sentence_at(sentences, m.start(), (m.start(), m.end()))
        if (None, rec, sent[0]) in seen or PAST_MARKERS.search(text[sent[0]:sent[1]]):
            continue
        if any(o.due is None and sent[0] <= o.start < sent[1] for o in out):
            continue  # the sentence's recurring deadline is already there ('trước ngày 15/12 hằng năm')
        clause_start = _clause_start(text, sent[0], m.start())
        ends = [i for i in (text.find(";", m.end()), text.find(".", m.end())) if i >= 0] + [sent[1]]
        clause_end = min(ends)
        seen.add((None, rec, sent[0]))
        ev = text[clause_start:clause_end].strip()
        out.append(DeadlineHit(" ".join(ev.split()[:30]), None, rec, m.start(), m.end(), ev, clause_start))
    out.sort(key=lambda d: d.start)
    return out


def _is_heading(text: str, sent: tuple[int, int]) -> bool:
    line = text[sent[0]:sent[1]].strip()
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.85 and len(line.split()) <= 14


def _clause_start(text: str, sent_start: int, pos: int) -> int:
    seg = text[sent_start:pos]
    cut = max(seg.rfind(";"), seg.rfind(":"))
    return sent_start + cut + 1 if cut >= 0 else sent_start


_CTX_TAIL = re.compile(
    r"\s*+(?:,\s*+)?(?:trước|chậm nhất(?: là)?|hạn chót|hoàn thành(?: trong| trước)?|đến hết|đến|tới|giai đoạn|trong|vào)?\s*+(?:ngày|năm|tháng)?\s*+$",
    re.I,
)


def _task(text: str, start: int, date_start: int, sent: tuple[int, int]) -> str:
    seg = text[start:date_start]
    seg = _CTX_TAIL.sub("", seg).strip(" ,-–+•\n\t")
    seg = re.sub(r"^[a-zđ]\)\s*|^\d+(\.\d+)*[.)]\s*|^[-+•]\s*", "", seg)
    if len(seg.split()) < 3:
        seg = text[sent[0]:sent[1]].strip()
    words = seg.split()
    return " ".join(words[:30])
