"""Measure labels: what a register would call the quantity, in the text's own words.

A label is built from the clause that holds the number:
- a rate or an amount ('%', money) is named by the words before it ('tỷ lệ hộ nghèo giảm còn 2%',
  'vốn đầu tư toàn xã hội đạt 2.859 tỷ đồng'), or after it when nothing names it before
  ('97% người dân tham gia BHYT');
- a count is its counted noun with what qualifies it after ('215 đảng viên là học sinh') and, when that
  says little, the verb phrase before ('cấp ủy các cấp kiểm tra 1.200 đảng viên');
- a clause that names nothing but a time or a place ('năm 2023 là 92,5%', 'tỉnh An Giang 92%') is an
  elliptic item of a list and takes the label of the item before it with its own time or place.
Signal words that frame the number (đạt, là, khoảng, phấn đấu …) are left out. The word lists are in
data/labels.json.
"""

from __future__ import annotations

import re
from functools import cache

from extract.lexicon import alternation, load

_MAX_WORDS = 12


@cache
def _cfg() -> dict:
    return load("labels")


@cache
def _rx() -> dict[str, re.Pattern[str]]:
    c = _cfg()
    return {
        # a clause boundary inside a sentence: punctuation, or a conjunction that starts a new item
        "boundary": re.compile(r"[;:()\[\]\n“”\"]|\s[-–]\s|(?<![\w])(?:" + alternation(c["clause_openers"]) + r")(?![\w])", re.I),
        "lead": re.compile(r"^(?:\s*(?:" + alternation(c["leading_words"]) + r")(?![\w])[\s,]*)+", re.I),
        "trail": re.compile(r"(?:[\s,]*(?<![\w])(?:" + alternation(c["trailing_words"]) + r"))+\s*$", re.I),
        "head": re.compile(r"(?<![\w])(?:" + alternation(c["measure_heads"]) + r")(?![\w])", re.I),
        "stop_after": re.compile(r"(?<![\w])(?:" + alternation(c["stop_after"]) + r")(?![\w])|[;:.()\[\]\n]|\.\.\.|…", re.I),
        "plan": re.compile(r"\s*+(?:" + alternation(c["plan_words"]) + r")(?![\w])[^,;.()\n]{0,40}", re.I),
        "time_place": re.compile(
            r"^(?:(?i:" + alternation(c["time_place_words"]) + r")(?![\w])|[\d/.\-–]+|[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\w.]*|\s|,)*$"
        ),
    }


_SUBJECT_VERB = re.compile(r"\s+(?:(?:đã|sẽ|cần|phải|cũng|tiếp tục)\s+)*(?:phấn đấu|đề ra|bảo đảm|đảm bảo|bố trí|lãnh đạo|chỉ đạo|"
                           r"đặt mục tiêu|xác định|quyết tâm)(?![\w])(?:\s+(?:đến|trong)\s+năm\s+\d{4}\s*,?)?")


def without_subjects(text: str, units: list[tuple[int, int]]) -> str:
    """A same-length copy of `text` where a unit that is the subject of an aim ('Ủy ban Kiểm tra phấn
    đấu …', 'Sở Y tế bảo đảm …') is blanked with its verb: who sets a target is not what it counts."""
    out = list(text)
    for s, e in units:
        m = _SUBJECT_VERB.match(text, e)
        if m:
            out[s:m.end()] = " " * (m.end() - s)
    return "".join(out)


@cache
def _persons_rx() -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + alternation(_cfg()["person_nouns"]) + r")(?![\w])", re.I)


def _person_before(text: str, sent_start: int, start: int) -> str | None:
    """The last person noun of the sentence before `start` ('đảng viên', 'hội viên' …), lower case."""
    found = None
    for m in _persons_rx().finditer(text, max(sent_start, start - 400), start):
        found = m.group(0).lower()
    return found


def headed(label: str | None) -> bool:
    """A label that opens with the head of an indicator name ('tỷ lệ …', 'tốc độ …', 'số …')."""
    return bool(label) and bool(_rx()["head"].match(label or ""))


def _words(s: str) -> list[str]:
    return s.split()


def _last_item_end(seg: str) -> int:
    """The end of the last match of \\d[^\\s,]*[^,;]*?,\\s in `seg` (0 when none), found from the
    right in one pass: the pattern run with finditer once per quantity was cubic in a long sentence.

    A match ends after a comma and a space and crosses no other comma, so the last one ends at the
    last such comma `c` that a digit after the comma `p` before it reaches: a digit past the last
    ';' between them, or one that reaches it without a space (the digit's first run may hold ';')."""
    c = len(seg)
    while True:
        c = seg.rfind(",", 0, c)
        if c < 0:
            return 0
        if c + 1 >= len(seg) or not seg[c + 1].isspace():
            continue
        p = seg.rfind(",", 0, c)
        lo = p
        semi = seg.rfind(";", p + 1, c)
        if semi >= 0:
            lo = max(p, max((i for i in range(semi, p, -1) if seg[i].isspace()), default=p))
        if any(ch.isdecimal() for ch in seg[lo + 1:c]):
            return c + 2


_NAME_DASH = re.compile(r"(?<![\w])[A-ZĐ" + "ÂĂÊÔƠƯÁÀẢÃẠ" + r"][^\W\d_]*$")
_NAME_AFTER = re.compile(r"[A-ZĐ" + "ÂĂÊÔƠƯÁÀẢÃẠ" + r"][^\W\d_]*(?![\w])")
# 'Qua phân loại, có 221 đơn …', 'Theo báo cáo, …': an adverbial set off by a comma names nothing counted
_LEAD_ADVERBIAL = re.compile(r"\s*+(?:Qua|Theo|Sau|Tại|Với|Nhờ)\s[^,\d]{1,30},\s*+")
_LEAD_TIME = re.compile(r"\s*+(?:(?:trong\s+)?(?:năm|tháng|quý)\s+[\dIVX/]++|[^,\d]{0,25}?(?:năm|tháng) \d+[^,]*+),\s*+", re.I)


def _clause_before(text: str, start: int, sent_start: int) -> str:
    seg = text[sent_start:start]
    # an abbreviation in brackets belongs to the name before it ('chỉ số năng lực cạnh tranh (PCI) năm 2024')
    seg = _ABBR_ASIDE.sub(lambda a: " " * len(a.group(0)), seg)
    cut = 0
    for m in _rx()["boundary"].finditer(seg):
        if m.group(0).strip() in ("-", "–") and _NAME_DASH.search(seg[:m.start()]) and _NAME_AFTER.match(seg, m.end()):
            continue  # a dash inside a name ('Bà Rịa - Vũng Tàu', 'Kinh tế - Xã hội') ends no clause
        cut = m.end()
    cut = max(cut, _last_item_end(seg))  # not past the item before: '… 55 nghìn tổ chức đảng, hơn 308 nghìn …'
    seg = seg[cut:]
    lead = _LEAD_TIME.match(seg) or _LEAD_ADVERBIAL.match(seg)
    return seg[lead.end():] if lead else seg


_ABBR_ASIDE = re.compile(r"\s?\([A-ZĐ][A-ZĐ0-9&./-]{1,11}\)")
_ASIDE = re.compile(r"\s*\([^()\n]{1,80}\)(?=\s+[^\W\d_])")


def _phrase_after(text: str, end: int, sent_end: int) -> str:
    """What qualifies the counted thing: up to a stop word, a digit, or punctuation other than a
    comma (a comma goes on when the next piece holds no number: 'trường mầm non, mẫu giáo … đạt chuẩn')."""
    seg = text[end:sent_end]
    aside = _ASIDE.match(seg)
    if aside:  # '221 đơn (196 khiếu nại, 25 tố cáo) thuộc thẩm quyền …': what qualifies it follows the aside
        seg = seg[aside.end():]
    m = _rx()["stop_after"].search(seg)
    if m:
        seg = seg[: m.start()]
    digit = re.search(r"\d", seg)
    if digit:
        seg = seg[: digit.start()]
        comma = seg.rfind(",")
        if comma >= 0:
            seg = seg[:comma]
    return seg


def _clean_before(seg: str) -> str:
    rx = _rx()
    seg = re.sub(r"\s+", " ", seg).strip()
    prev = None
    while prev != seg:
        prev = seg
        seg = rx["lead"].sub("", seg).strip()
        seg = _TIME_LEAD.sub("", seg).strip(" ,")
        seg = rx["trail"].sub("", seg).strip(" ,-–")
    return seg


# 'đến ngày 31/10/2021 …', 'Từ nay đến cuối năm, …', 'đến năm 2025': a time before the words that name the thing
_TIME_LEAD = re.compile(
    r"^(?:từ nay\s+)?(?:(?:đến|tới|trong|từ|vào)\s+)?(?:(?:hết|cuối|đầu)\s+)?(?:ngày|năm|tháng|quý)\s+[\dIVX][\dIVX/.\-]*(?![\w/])\s*,?"
    r"|^(?:từ nay\s+)?(?:đến|tới)\s+(?:hết|cuối)\s+năm(?![\w])\s*,?", re.I)


def _from_head(seg: str) -> str:
    """From the last measure head ('tỷ lệ', 'tốc độ', 'số' …) on, when the clause has one."""
    last = None
    for m in _rx()["head"].finditer(seg):
        last = m
    return seg[last.start():] if last else seg


def _only_time_or_place(seg: str) -> bool:
    return bool(seg.strip()) and bool(_rx()["time_place"].match(seg.strip())) or not seg.strip()


def _cap(words: list[str], n: int = _MAX_WORDS, from_end: bool = False) -> str:
    head = _rx()["head"].match(" ".join(words)) if from_end and n == _MAX_WORDS and len(words) > n else None
    if head:  # a label that opens with its head ('tỷ lệ …') keeps the head and the words nearest the number
        k = len(head.group(0).split())
        return " ".join(words[:k] + words[-(n - k):])
    return " ".join(words[-n:] if from_end else words[:n])


@cache
def _expansions() -> tuple[re.Pattern[str], dict[str, str]]:
    table = load("abbreviations")["expansions"]
    return re.compile(r"(?<![\w])(?:" + alternation(table) + r")(?![\w])"), table


def expand(label: str) -> str:
    """Abbreviations written in full: 'HTX đang hoạt động' → 'hợp tác xã đang hoạt động'."""
    rx, table = _expansions()
    return rx.sub(lambda m: table[m.group(0)], label)


def measure_of(text: str, start: int, end: int, uom: str | None, sent: tuple[int, int],
               previous: tuple[str, str] | None = None) -> tuple[str, str]:
    label, named = _measure(text, start, end, uom, sent, previous)
    return expand(label), named


def _measure(text: str, start: int, end: int, uom: str | None, sent: tuple[int, int],
             previous: tuple[str, str] | None = None) -> tuple[str, str]:
    """The label of the quantity text[start:end] in sentence `sent`, and the words before it that
    named it. `previous` is that pair for the quantity before it in the same sentence: an elliptic
    list item ('năm 2023 là 92,5%') takes its label, a second count of one verb ('kiểm tra 12 tổ chức
    đảng và 150 đảng viên') its verb phrase."""
    before_raw = _clause_before(text, start, sent[0])
    before = _clean_before(before_raw)
    after_raw = _phrase_after(text, end, sent[1])
    defining = _DEFINING.match(text, end, sent[1]) if uom not in ("%", "đồng", None) else None
    if defining and not after_raw.strip():
        # '150 đảng viên là học sinh, sinh viên': 'là' right after the counted noun says which ones
        after_raw = re.sub(r"(?:\s+(?:và|hoặc|cùng))+\s*$", "", "là " + _phrase_after(text, defining.end(), sent[1]))
    after_words = [w for w in _words(after_raw) if not re.fullmatch(r"/\s*\w+|[\d.,%/]+", w)]
    while after_words and after_words[-1].strip(",") in ("và", "với", "hoặc", "cùng", "của", "cho"):
        after_words.pop()  # '5 tập thể và 9 cá nhân': the conjunction belongs to the next item
    plan = _rx()["plan"].match(text[end:sent[1]])
    elliptic = _only_time_or_place(before)
    named = _from_head(before) if before and not elliptic else ""
    if uom == "%" and plan and (rate := _plan_rate(before_raw, plan.group(0))):
        return rate, named
    if uom in ("%", "đồng") or uom is None:
        if named and not plan:
            if len(named.split()) <= 2 and previous:
                return named + " " + previous[0], named  # 'tỷ lệ' of what the item before counted
            if uom == "%" and not headed(named) and after_words and after_words[0][:1].islower() \
                    and after_words[0] not in _cfg()["not_after_heads"] and len(after_words) >= 2:
                # 'kết nạp 3,25% đảng viên mới trên tổng số đảng viên': a share of what follows, by what precedes
                return _cap(_words(named)[-4:] + after_words, _MAX_WORDS), named
            return _cap(_words(named), from_end=True), named
        if not plan and after_words and after_words[0][:1].islower() and after_words[0] not in _cfg()["not_after_heads"]:
            label = _cap(after_words, 10)
            if uom == "%" and not headed(label):
                label = "tỷ lệ " + label  # '97% người dân tham gia BHYT': the rate of those it names
            return label, ""
        if previous and elliptic and not plan:
            return _join_elliptic(previous[0], before), previous[1]
        if not named and not previous:
            # the clause is only a verb ('…, đạt 246% kế hoạch'): the sentence before it names the thing
            named = _from_head(_clean_before(_rx()["boundary"].sub(" ", text[sent[0]:start - len(before_raw)])))
        if plan:
            base = named or (previous[0] if previous else "")
            return (" ".join((base + " " + plan.group(0).strip()).split()[-_MAX_WORDS:]), named)
        return _cap(_words(named), from_end=True) or before or (uom or ""), named
    # a count: its noun and what qualifies it, and the verb phrase when that says little
    owner = _OWNER_COUNT.search(text[max(sent[0], start - 200):start])
    if owner and not after_words:
        # 'Đảng bộ xã X hiện có 61 chi bộ với 1.384 đảng viên': the members of the body the sentence is about
        return f"{uom} của {' '.join(owner.group(1).split()[:8])}", named
    counted = re.match(r"(?:tổng số|số lượng|tổng|số)\s+(?=" + re.escape(uom) + r"(?![\w]))", named, re.I) if named else None
    if counted:
        return _cap(_words(named[counted.end():]) + after_words[:4], _MAX_WORDS), named  # 'Tổng số vụ khiếu nại … là 63 vụ'
    if uom in _cfg()["stand_in_nouns"] and (person := _person_before(text, sent[0], start)):
        uom = person  # 'kỷ luật 3 đảng viên, khiển trách 2 đồng chí': the 'đồng chí' are đảng viên
    label = uom + (" " + _cap(after_words, 10) if after_words else "")
    verb = named or (previous[1] if previous and not before else "")
    if verb and (len(after_words) < 3 or len(verb.split()) <= 2):
        label = label + " " + _cap(_words(verb), 5, from_end=True)
    elif previous and elliptic and before and not after_words:
        return _join_elliptic(previous[0], before), previous[1]
    return label.strip(), verb


_DEFINING = re.compile(r"\s+là\s+(?=(?:người\s+|những\s+)?" + "[a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]" + r")")
_OWNER_COUNT = re.compile(r"(?:^|(?<=,\s)|(?<=\n))([A-ZĐ" + "ÂĂÊÔƠƯÁÀẢÃẠỦ" + r"][^,;:\n\d]{2,60}?)\s+(?:hiện\s+)?(?:có|gồm)\s+"
                          r"[\d.,]+\s+[^,;:\d\n]{1,40}?\s+(?:với|và)\s+$")
_PLAN_HEAD = re.compile(r"^(?:so\s+với\s+)?(?:các\s+)?(kế hoạch|chỉ tiêu|dự toán|mục tiêu|nghị quyết)(?![\w])", re.I)
_RATE_VERB = re.compile(r"(?<![\w])(đạt|bằng|hoàn thành)(?:\s+(?:được|khoảng|gần|trên|hơn|xấp xỉ))?\s*$", re.I)


def _plan_rate(before_raw: str, plan: str) -> str | None:
    """'… đạt 28,4% kế hoạch năm': the rate of completion against a plan, named by its verb and the
    plan ('tỷ lệ đạt so với kế hoạch năm'); a rate against a year ('tăng 9% so với năm 2022') is not
    one, nor a share by which a plan is exceeded ('thu ngân sách vượt 5% dự toán': what exceeds it
    names it)."""
    plan = " ".join(plan.split())
    head = _PLAN_HEAD.match(plan)
    if not head:
        return None
    verb = _RATE_VERB.search(before_raw)
    if verb is None and before_raw.strip() and not before_raw.rstrip().endswith(","):
        return None  # another verb frames the number ('tăng 5% kế hoạch …' is no completion rate)
    rest = plan[head.start(1):]
    return " ".join(f"tỷ lệ {verb.group(1).lower() if verb else 'đạt'} so với {rest}".split()[:_MAX_WORDS])


def _join_elliptic(previous: str, own: str) -> str:
    """'tỷ lệ bao phủ bảo hiểm y tế năm 2022' + 'năm 2023' → 'tỷ lệ bao phủ bảo hiểm y tế năm 2023'."""
    base = re.sub(r"\s*(?:(?:năm|tháng|quý)\s+[\dIVX/]+|(?i:tỉnh|thành phố|huyện|xã|phường)\s+[A-ZĐ][\w\s-]*)\s*$", "",
                  previous).strip()
    return (base + " " + own.strip()).strip() if own.strip() else previous
