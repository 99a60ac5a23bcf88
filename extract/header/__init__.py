"""The document header: kind, number, issuer, date and place, title, signer; news title and dateline.

Official documents (Party: ĐẢNG CỘNG SẢN VIỆT NAM, state: CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM) carry a
two-column header that may arrive as separate lines, side by side on one line, or as table cells
flattened to lines; news pages carry a title line and a dateline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from extract import units as U
from extract.dates import iso
from extract.gazetteer import CITY_PROVINCES, gazetteer
from extract.header import metadata
from extract.lexicon import alternation, load
from extract.textutil import (
    LOWER,
    UPPER,
    Line,
    collapse,
    is_upper_line,
    lines,
    sentence_case,
    title_case_name,
)

PARTY_MOTTO = re.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM", re.I)
STATE_MOTTO = re.compile(r"CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM", re.I)
# the mottos as a header prints them: in capitals, possibly wrapped over lines ('CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM');
# a site's name in running case ('báo điện tử Đảng Cộng sản Việt Nam') is no motto
PRINTED_MOTTOS = (
    re.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM"),
    re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM"),
    re.compile(r"Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc", re.I),
)
YOUTH_MOTTO = re.compile(r"ĐOÀN\s+(?:TNCS|THANH\s+NIÊN\s+CỘNG\s+SẢN)\s+HỒ\s+CHÍ\s+MINH\s*\|?\s*$", re.I | re.M)
INDEPENDENCE = re.compile(r"Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc", re.I)

# '245-KH/TU', '15/2024/QĐ-UBND', '1234/UBND-VX', '858CV/ĐUK', '133-KH/TĐTN-BCNLĐ', '119- KH/TU'
SYMBOL = (
    r"(?P<num>\d{1,5}(?:\.\d{1,3}(?=/))?[a-z]?)\s*(?:(?P<sep>[-/])\s*)?(?:(?P<year>(?:19|20)\d{2})\s*[/-]\s*)?"
    r"(?P<code>[A-ZĐ\u0400-\u04FF][^\W_]*(?:[&.][^\W_]+)*(?:\s*[-/]\s*[^\W_][^\W_]*(?:[&.][^\W_]+)*){0,3})"
)
NUMBER_LINE = re.compile(r"(?<![\w])Số\s*[:.]?\s*" + SYMBOL, re.I)
# the number line of a header column: 'Số: 15/QĐ-UBND', 'Nghị quyết số: 87/2025/UBTVQH15'
NUMBER_COLUMN = re.compile(r"^\s*(?:[^\W\d_]+(?:\s+[^\W\d_]+){0,3}\s+)?Số\s*[:.]?\s*" + SYMBOL, re.I)
DATE_LINE = re.compile(
    r"(?:(?P<place>[^\s,][^\n,]{1,59}?)\s*+,\s*+)?ngày\s*+(?P<d>\d{1,2})\s*+tháng\s*+(?P<m>\d{1,2})\s*+năm\s*+(?P<y>(?:19|20)\d{2})", re.I
)
NEWS_DATE = re.compile(
    r"^(?:.{0,40}?)(?:Thứ\s+\w+|Chủ\s+nhật)?[\s,]*+(?:Ngày\s*+)?(?:đăng\s*+:?|Cập nhật\s*+:?|Ngày đăng\s*+:?)?\s*+"
    r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})\b(?P<rest>.{0,30})$",
    re.I,
)
NEWS_DATE_WORDS = re.compile(
    r"^(?:(?:Thứ\s+\w+|Chủ\s+nhật)[\s,]*)?Ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>(?:19|20)\d{2})\s*(?P<rest>.{0,20})$", re.I
)
ADOPTED = re.compile(
    r"thông\s+qua\s+(?:ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>(?:19|20)\d{2}))", re.I
)
SIGN_ROLE = re.compile(r"^\s*(T/M|TM\.?|K/T|KT\.?|T/L|TL\.?|TUQ\.?|Q\.|Q/|THỪA LỆNH|THAY MẶT)\s*", re.I)
POSITION_LINE = re.compile(
    r"^\s*(?:(?:T/M|TM\.?|K/T|KT\.?|T/L|TL\.?|TUQ\.?|Q\.)\s*)?(PHÓ\s+)?(BÍ\s+THƯ|CHỦ\s+TỊCH|TRƯỞNG\s+BAN|CHÁNH\s+VĂN\s+PHÒNG|"
    r"GIÁM\s+ĐỐC|CHỦ\s+NHIỆM|TRƯỞNG\s+ĐOÀN|THỨ\s+TRƯỞNG|BỘ\s+TRƯỞNG|THỦ\s+TƯỚNG|TỔNG\s+BÍ\s+THƯ|CHÁNH\s+ÁN|VIỆN\s+TRƯỞNG|TRƯỞNG\s+PHÒNG|"
    r"PHÓ\s+TRƯỞNG\s+BAN|THƯỜNG\s+TRỰC|BAN\s+THƯỜNG\s+VỤ|ỦY\s+BAN\s+NHÂN\s+DÂN|ĐẢNG\s+ỦY|CHI\s+ỦY|ỦY\s+BAN\s+KIỂM\s+TRA|"
    r"BAN\s+CHẤP\s+HÀNH|HỘI\s+ĐỒNG\s+NHÂN\s+DÂN|TỈNH\s+ỦY|HUYỆN\s+ỦY|THÀNH\s+ỦY|BAN\s+CHỈ\s+ĐẠO|CHỦ\s+TỌA|THƯ\s+KÝ|"
    r"TRƯỞNG\s+PHÒNG|CỤC\s+TRƯỞNG|VỤ\s+TRƯỞNG)\b.*$",
    re.I,
)
SIGNED_MARK = re.compile(r"^\s*[\[(]?\s*(?:đã\s+ký|ký(?:\s+tên)?(?:,\s*đóng\s+dấu)?|ký\s+số|signed)\s*[\])]?\s*$", re.I)
PERSON_NAME = re.compile(r"^\s*(?:(?:Đại tá|Thượng tá|Thiếu tướng|Trung tướng|PGS\.?\s*TS\.?|TS\.?|ThS\.?|GS\.?)\s+)?"
                         rf"((?:{UPPER}['’]|{UPPER}(?:'{UPPER})?{LOWER}*|{UPPER}+)(?:\s+(?:{UPPER}(?:'{UPPER})?{LOWER}*|{UPPER}+)){{1,4}})\s*$")
RECIPIENTS = re.compile(r"^\s*Nơi\s+nhận\s*:?", re.I)


@dataclass
class Header:
    family: str = "news"  # party | state | news | other
    kind: str | None = None
    number: str | None = None
    number_span: tuple[int, int] | None = None
    title: str | None = None
    issuer: str | None = None
    issuer_spec_text: str | None = None
    issued_on: str | None = None
    published_on: str | None = None
    place: str | None = None
    signer_name: str | None = None
    signer_position: str | None = None
    signer_span: tuple[int, int] | None = None
    header_end: int = 0
    body_start: int = 0
    recipients_span: tuple[int, int] | None = None
    left_block: list[str] = field(default_factory=list)


def _kinds() -> dict:
    return load("kinds")


def kind_from_code(code: str, family: str) -> str | None:
    """The type code of a symbol ('KH' in 245-KH/TU, 'QĐ' in 15/QĐ-UBND) read by the family's conventions."""
    table = _kinds()["party_codes"] if family == "party" else _kinds()["state_codes"]
    key = code.upper().replace("Đ", "Đ")
    key = re.sub(r"\d+$", "", key)
    return table.get(key)


def parse_symbol(m: re.Match, family: str) -> tuple[str, str | None]:
    """(number as printed without spaces, kind implied by its type code)."""
    sep, year, code = m.group("sep"), m.group("year"), m.group("code")
    code = re.sub(r"\s+", "", code).rstrip(".")
    number = re.sub(r"\s+", "", m.group(0)).rstrip(".")
    kind = None
    parts = re.split(r"[-/]", code)
    if sep == "-" and not year:  # Party: 28-NQ/TU
        kind = kind_from_code(parts[0], "party")
    elif sep == "/" or year:  # state: 15/QĐ-UBND, 15/2024/QĐ-UBND, 1234/UBND-VX
        kind = kind_from_code(parts[0], "state") if len(parts) > 1 or year else None
        if kind is None and len(parts) >= 2:
            kind = "official_letter"
        if kind is None and len(parts) == 1 and not year:
            kind = "official_letter" if family == "state" else kind_from_code(parts[0], family)
    elif sep is None:  # 858CV/ĐUK
        kind = kind_from_code(parts[0], "party")
    return number, kind


def _split_columns(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"\s{3,}|\t+|\s*\|\s*", line) if c.strip()]


def mask_mottos(text: str) -> str:
    """Same-length copy of `text` with the printed mottos blanked (line breaks and cell bars kept), so a motto
    wrapped over lines or cells beside the issuer never joins the issuer's name."""
    out = list(text)
    for rx in PRINTED_MOTTOS:
        for m in rx.finditer(text):
            for k in range(m.start(), m.end()):
                if out[k] not in "\n|":
                    out[k] = " "
    return "".join(out)


def analyze(text: str) -> Header:
    h = Header()
    meta = metadata.read(text)
    ls = lines(mask_mottos(text))
    top_text = "\n".join(line.text for line in lines(text)[:60])
    if PRINTED_MOTTOS[0].search(top_text):
        h.family = "party"
    elif PRINTED_MOTTOS[1].search(top_text):
        h.family = "state"
    elif YOUTH_MOTTO.search(top_text):
        h.family = "party"
    else:
        head = "\n".join(line.text for line in ls[:15])
        cols = [c for line in ls[:15] for c in _split_columns(line.text)]
        nm = next((m for c in cols if (m := NUMBER_COLUMN.match(c))), None)
        if nm and DATE_LINE.search(head):
            h.family = "party" if re.match(r"\d+[a-z]?\s*-", nm.group(0)[nm.start("num") - nm.start():]) else "state"
    embedded = _embedded_document(ls) if h.family == "news" else None
    if embedded is not None:
        h.family = "other"  # a news page carrying a document: the document's own header lines settle its fields
    if h.family in ("party", "state", "other"):
        _official(text, ls, h, embedded or 0)
        _from_metadata(meta, h)
    else:
        _news(text, ls, h)
    _from_page_heading(ls, h)
    return h


def _from_metadata(meta: metadata.Metadata, h: Header) -> None:
    """What the portal's table settles and the printed header left open: signer, date, number, the issuer's place."""
    signer = meta.fields.get("signer")
    if h.signer_name is None and signer and _plain_name(signer.text) and _looks_like_name(signer.text):
        h.signer_name = title_case_name(signer.text) if signer.text.isupper() else signer.text
        h.signer_span = (signer.start, signer.end)
    issued = meta.get("issued_on")
    dm = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})", issued or "")
    if h.issued_on is None and dm:
        h.issued_on = iso(dm.group(3), dm.group(2), dm.group(1))
    number = meta.fields.get("number")
    if h.number is None and number:
        sm = re.fullmatch(SYMBOL, number.text)
        if sm:
            h.number, code_kind = parse_symbol(sm, h.family)
            h.number_span = (number.start, number.end)
            h.kind = h.kind or code_kind
    if h.issuer and not _has_locality(h.issuer):
        where = meta.get("issuer")
        completed = _complete_issuer(h.left_block, where) if where else None
        h.issuer = completed or h.issuer


def _page_heading(ls: list[Line], i: int, col: str) -> bool:
    """The first line of a saved page that names the document ('Nghị quyết số 254/2025/QH15 …')."""
    return i == 0 and bool(_HEADING.match(col))


_HEADING = re.compile(r"^\s*(?P<word>" + alternation(load("kinds")["reference_words"]) + r")(?:\s+[^\W\d_]+){0,6}?\s+(?:số\s*:?\s*)?(?P<sym>" + SYMBOL + ")", re.I)


def _from_page_heading(ls: list[Line], h: Header) -> None:
    """A saved page's own heading names the document: it settles kind and number when it does."""
    first = next((line for line in ls[:3] if line.stripped), None)
    if first is None or len(first.stripped.split()) > 60:
        return
    m = _HEADING.match(first.stripped)
    if not m or (h.family == "news" and h.published_on):
        return
    if h.title is None and h.family != "news":
        h.title = _heading_subject(first.stripped)
    words = load("kinds")["reference_words"]
    word = next((w for w in words if w.casefold() == m.group("word").casefold()), None)
    kind = words.get(word) if word else None
    sm = re.match(SYMBOL, m.group("sym"))
    if kind is None or sm is None or not re.search(r"\d", sm.group(0)) or "/" not in sm.group(0):
        return
    number = re.sub(r"\s+", "", sm.group(0)).rstrip(".")
    h.kind, h.number = kind, number
    if h.family == "news":
        h.family = "state" if re.search(r"\d/", number) else "party"
        h.title = None


# a portal's heading: '<Type> <number> [năm 2024] <subject> do <issuer> ban hành'
_PORTAL_HEADING = re.compile(
    r"^\s*(?:" + alternation(load("kinds")["reference_words"]) + r")\s+(?:số\s*:?\s*)?" + SYMBOL.replace("?P<", "?P<h_")
    + r"(?:\s+năm\s+(?:19|20)\d{2})?\s+(?P<subject>\S.{4,300}?)\s+do\s+\S.{2,120}?\s+ban\s+hành\s*$")


def _heading_subject(line: str) -> str | None:
    """The subject a portal's heading gives the document it shows."""
    m = _PORTAL_HEADING.match(line)
    if not m:
        return None
    subject = m.group("subject").strip(" ,.")
    return subject[:1].upper() + subject[1:]


def _embedded_document(ls: list[Line]) -> int | None:
    """Where the issuer block of a document a page carries begins: a line that is only '<Place>, ngày … năm …'
    with a type word in capitals a few lines below it ('ĐỀ CƯƠNG TUYÊN TRUYỀN', 'KẾ HOẠCH'); the issuer is
    the block of capital lines right above the date line."""
    type_rx = re.compile(r"^\s*(?:" + alternation(_kinds()["title_words"]) + r")(?:\s|$)")
    for i, line in enumerate(ls[:40]):
        m = DATE_LINE.match(line.stripped)
        if not m or not m.group("place") or m.end() < len(line.stripped.rstrip(" .")):
            continue
        below = [x.stripped for x in ls[i + 1:i + 8] if x.stripped][:4]
        if not any(type_rx.match(t) and is_upper_line(t) for t in below):
            return None
        k = i
        while k > 0 and (is_upper_line(ls[k - 1].stripped) or not ls[k - 1].stripped):
            k -= 1
        return k
    return None


def _official(text: str, ls: list[Line], h: Header, first: int = 0) -> None:
    # number: the top-most "Số …" line (a copy block below carries its own number)
    num_line_idx = None
    for i, line in enumerate(ls[:30]):
        for col in _split_columns(line.text) or [line.text]:
            m = NUMBER_COLUMN.search(col)
            if m and not re.search(r"ngày\s*$", col[: m.start()], re.I) and not _page_heading(ls, i, col):
                start = line.start + line.text.find(m.group(0))
                h.number, code_kind = parse_symbol(_symbol_match(m), h.family)
                h.number_span = (start, start + len(m.group(0)))
                h.kind = code_kind
                num_line_idx = i
                break
        if num_line_idx is not None:
            break
    # date and place
    date_idx = None
    for i, line in enumerate(ls[:30]):
        joined = line.text
        if re.search(r"ngày(?:\s*\d{1,2})?(?:\s*tháng(?:\s*\d{1,2})?)?\s*\|?\s*$", joined, re.I) and i + 1 < len(ls):
            joined = joined.rstrip(" |") + " " + ls[i + 1].text  # a date wrapped over two lines of a cell
        m = DATE_LINE.search(joined)
        if m and (m.group("place") or (i < 12 and len(joined.strip()) <= 60)):
            v = iso(m.group("y"), m.group("m"), m.group("d"))
            if v:
                h.issued_on = v
                place = (m.group("place") or "").strip()
                place = _split_columns(place)[-1] if place else ""
                place = re.sub(r"^.*?(?:Hạnh phúc|Số\s*:?\s*\S+)\s*", "", place, flags=re.I).strip(" -–,*")
                place = _caps_prefix(place)[1]
                if place and len(place.split()) <= 6 and not re.search(r"\d", place):
                    h.place = title_case_name(place) if place.isupper() else place
                date_idx = i
                break
    # left column: capital lines before the number line, minus the mottos
    anchor = num_line_idx if num_line_idx is not None else (date_idx or 0)
    left: list[str] = []
    for line in ls[first: anchor + 1]:
        cols = _split_columns(line.text) or [line.stripped]
        if len(cols) > 1 and line.text[: len(line.text) - len(line.text.lstrip())].__len__() < 10:
            cols = cols[:1]  # two columns side by side: the issuer is the left one
        for col in cols:
            if PARTY_MOTTO.search(col) or STATE_MOTTO.search(col) or INDEPENDENCE.search(col) or YOUTH_MOTTO.search(col):
                continue
            dm = DATE_LINE.search(col)
            if dm and dm.group("place"):  # 'ĐẢNG ỦY XÃ A A, ngày …': the issuer line and the date line side by side
                col = _caps_prefix(dm.group("place").strip())[0]
            if NUMBER_LINE.search(col) or DATE_LINE.search(col) or not is_upper_line(col):
                continue
            if re.fullmatch(r"[\s*\-–—_=]+", col):
                continue
            if re.search(r"\b(MẬT|KHẨN|HỎA TỐC|DỰ THẢO)\b", col) and len(col.split()) <= 3:
                continue
            left.append(col)
    top_text = "\n".join(line.text for line in ls[:anchor + 1])
    organs = load("header")["committee_organs"]
    if YOUTH_MOTTO.search(top_text) and collapse(" ".join(left)).casefold() in (o.casefold() for o in organs):
        left = [*left, "ĐOÀN TNCS HỒ CHÍ MINH"]  # the organ under the youth union's motto is the union's organ
    h.left_block = left
    h.issuer = _issuer(left)
    if h.issuer and h.place and not _has_locality(h.issuer):
        h.issuer = _complete_issuer(left, h.place) or h.issuer
    # type title and subject line after the number/date lines
    marks = [k for k in (num_line_idx, date_idx) if k is not None]
    _title_block(ls, min(marks) if marks else 0, h)
    if h.title is None and marks:
        h.title = _bare_subject(ls, max(marks) + 1)
    _signature(ls, h)
    if h.issued_on is None:  # laws and resolutions carry their date at the end: '… thông qua ngày 10 tháng 12 năm 2025'
        tail = text[-4000:]
        m = ADOPTED.search(tail)
        if m:
            h.issued_on = iso(m.group("y"), m.group("m"), m.group("d"))


def _symbol_match(m: re.Match) -> re.Match:
    """Re-run the symbol pattern on the matched text without 'Số:' (for number/ kind parsing)."""
    s = m.group(0)
    sm = re.search(SYMBOL, s[m.start("num") - m.start():])
    return sm or m


def _issuer(left: list[str]) -> str | None:
    if not left:
        return None
    joined = " ".join(title_case_name(collapse(c)) for c in left)
    mentions = U.find_mentions(joined)
    if not mentions:
        return None
    places = U.establish_places(mentions, joined)
    last = mentions[-1]
    spec = last.spec
    # a body printed under its committee: 'TỈNH ỦY TUYÊN QUANG / BAN TUYÊN GIÁO VÀ DÂN VẬN'
    if spec.head == "body" and spec.inner is None:
        return None
    ru = U.canonical(_province_admin(spec), places)
    if ru is None:
        return None
    organ = _organ_of_organization(joined, mentions, places)
    if organ:
        return organ
    # body under its committee, e.g. 'Ban Tuyên giáo và Dân vận' + 'Tỉnh ủy Tuyên Quang'
    body_only = re.fullmatch("(" + alternation(load("header")["bodies_under_committee"]) + ")", title_case_name(left[-1]), re.I)
    if body_only and len(mentions) >= 1:
        committee = U.canonical(mentions[0].spec, places)
        if committee:
            body = next((b for b in load("units")["bodies"] if b.casefold() == body_only.group(1).casefold()), body_only.group(1))
            return f"{body} {committee.name}"
    return ru.name


def _organ_of_organization(joined: str, mentions: list[U.Mention], places: U.Places) -> str | None:
    """An organ line and its organization's line, in either order: 'BAN CHẤP HÀNH TRUNG ƯƠNG / ĐOÀN TNCS HỒ CHÍ MINH',
    'HỘI LIÊN HIỆP PHỤ NỮ TỈNH A / BAN THƯỜNG VỤ' → the organ of that organization."""
    organs = load("header")["committee_organs"]
    org = next((m for m in reversed(mentions) if m.spec.kind == "mass_organization"), None)
    if org is None:
        return None
    before, after = joined[:org.start].strip(), joined[org.end:].strip()
    organ = next((o for o in organs if o.casefold() in (before.casefold(), after.casefold())), None)
    if organ is None or (before and after):
        return None
    ru = U.canonical(_province_admin(org.spec), places)
    return f"{organ} {ru.name}" if ru else None


def _province_admin(spec: U.Spec) -> U.Spec:
    """'HỘI LIÊN HIỆP PHỤ NỮ PHÚ YÊN': a header drops 'tỉnh' before a province's name; the name keeps it."""
    if spec.admin is None and spec.name and spec.head not in ("central", "named", "named_org", "body"):
        province = gazetteer().province(spec.name)
        if province:
            admin = "thành phố" if province in CITY_PROVINCES else "tỉnh"
            return replace(spec, admin=admin, level="province")
    return spec


def _caps_prefix(s: str) -> tuple[str, str]:
    """'ĐẢNG ỦY XÃ TAM AN Tam An' → ('ĐẢNG ỦY XÃ TAM AN', 'Tam An'): a capital column run into the next one."""
    m = re.match(rf"^((?:{UPPER}+\s+){{2,}}{UPPER}+)\s+({UPPER}{LOWER}.*)$", s)
    return (m.group(1), m.group(2)) if m else ("", s)


def _has_locality(issuer: str) -> bool:
    """A local body names its locality ('Ủy ban nhân dân tỉnh Hưng Yên'); a central one needs none."""
    mentions = U.find_mentions(issuer)
    if not mentions:
        return True
    spec = mentions[-1].spec
    while spec.inner is not None:
        spec = spec.inner
    # only a state body is placed by its seat: a mass organization's central committee sits in Hà Nội too
    return spec.kind != "state_body" or spec.head in ("central", "named", "named_org") or bool(spec.name or spec.admin or spec.fixed)


def _complete_issuer(left: list[str], where: str) -> str | None:
    """A bare local issuer ('ỦY BAN NHÂN DÂN', its locality line lost by the page) placed in the province the
    header's date line or the portal's table names, when the gazetteer confirms a province of that name."""
    name = re.sub(r"^(?:tỉnh|thành\s+phố|tp\.?)\s+", "", collapse(where), flags=re.I)
    province = gazetteer().province(name)
    if province is None:
        return None
    admin = "THÀNH PHỐ" if province in CITY_PROVINCES else "TỈNH"
    display = "Hồ Chí Minh" if province == "Hồ Chí Minh" else province
    return _issuer([*left, f"{admin} {display.upper()}"])


def _title_block(ls: list[Line], start: int, h: Header) -> None:
    # the type word alone on its line, or opening a line in capitals ('CHƯƠNG TRÌNH HÀNH ĐỘNG', 'ĐỀ CƯƠNG TUYÊN TRUYỀN')
    type_rx = re.compile(r"^\s*(" + alternation(_kinds()["title_words"]) + r")(?:\s+(?P<rest>\S.*?))?\s*$")
    i = start
    limit = min(len(ls), start + 25)
    while i < limit:
        s = ls[i].stripped
        m = type_rx.match(s)
        if m and m.group("rest") and (not is_upper_line(m.group("rest")) or _is_unit_line(m.group("rest"))):
            m = None
        if m:
            h.kind = _kinds()["title_words"][m.group(1)]
            subject = [m.group("rest")] if m.group("rest") else []
            j = i + 1
            while j < len(ls) and len(subject) < 4:
                t = ls[j].stripped
                if not t or re.fullmatch(r"[-–—_=*.\s]+", t):
                    if subject:
                        break
                    j += 1
                    continue
                if re.match(r"^(Căn cứ|Kính gửi|I\.|1\.|Điều 1|Phần|Chương|Thực hiện|Ngày|Trong|Qua)", t) and subject:
                    break
                if subject and is_upper_line(t) and not is_upper_line(subject[0]):
                    break  # the issuing body repeated in capitals ('HỘI ĐỒNG NHÂN DÂN TỈNH …') ends the subject
                if subject and is_upper_line(subject[-1]) and not is_upper_line(t) and t[:1].isupper():
                    break  # a capital subject ends where running text begins ('về …' in lower case continues it)
                if subject and _is_unit_line(t):
                    break  # the issuer repeated above the preamble, in the subject's own capitals
                subject.append(t)
                j += 1
            if subject:
                # the title: the type word and the subject line ('Kế hoạch nâng cao chất lượng …')
                type_word = m.group(1)[:1] + m.group(1)[1:].lower()
                subj = collapse(" ".join(lower_keep_names(t) if is_upper_line(t) else t for t in subject))
                subj = subj[:1].lower() + subj[1:] if subj[:1].isupper() and not subj[:2].isupper() else subj
                h.title = f"{type_word} {subj}"
            h.body_start = ls[j].start if j < len(ls) else ls[-1].end
            h.header_end = ls[i].start
            return
        vv = re.match(r"^\s*V/v\.?\s*:?\s*(.+)$", s, re.I)
        if vv:
            h.title = _vv_title(ls, i, vv.group(1))
            h.kind = h.kind or "official_letter"
            if h.kind not in ("official_letter",) and h.number and re.search(r"-CV/|/[A-ZĐ]+-[A-ZĐ]", h.number):
                h.kind = "official_letter"
            h.body_start = ls[i + 1].start if i + 1 < len(ls) else ls[i].end
            return
        i += 1
    for k, line in enumerate(ls[:30]):
        vv = re.search(r"V/v\.?\s*:?\s*(.+)$", line.text, re.I)
        if vv:
            h.title = _vv_title(ls, k, vv.group(1))
            h.kind = h.kind or "official_letter"
            return


def _bare_subject(ls: list[Line], start: int) -> str | None:
    """A subject printed in capitals right under the number and date lines with no type word above it
    (the page dropped the 'KẾ HOẠCH' line): the capital lines up to the running text."""
    k = start
    while k < len(ls) and (not ls[k].stripped or re.fullmatch(r"[-–—_=*.|\s]+", ls[k].stripped)):
        k += 1
    subject: list[str] = []
    while k < len(ls) and len(subject) < 4:
        t = ls[k].stripped.strip(" |")
        if not t or not is_upper_line(t) or _is_unit_line(t) or re.match(r"^(?:[IVXLC]+|\d+|[A-Z])[.)]\s", t):
            break
        subject.append(t)
        k += 1
    if not subject or k >= len(ls) or is_upper_line(ls[k].stripped) or not ls[k].stripped[:1].isupper():
        return None
    title = lower_keep_names(collapse(" ".join(subject)))
    return title[:1].upper() + title[1:]


_ADMIN_WORDS = re.compile(r"(?<!\w)(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+", re.I)


def lower_keep_names(s: str) -> str:
    """A line in capitals in lower case, its proper names kept: places the gazetteer knows after their
    administrative word ('tỉnh Hưng Yên'), the fixed names of data/header.json, Roman ordinals ('khóa XIII')."""
    low = s.lower()
    g = gazetteer()
    out = low
    for m in _ADMIN_WORDS.finditer(low):
        words = low[m.end():].split()
        for n in range(min(4, len(words)), 0, -1):
            cand = " ".join(w.strip(",.;:()") for w in words[:n])
            if cand != " ".join(words[:n]).rstrip(",.;:") and n > 1:
                continue
            name = title_case_name(cand)
            if g.province(name) or g.district_places(name) or g.commune_places(name):
                out = out[:m.end()] + name + out[m.end() + len(cand):]
                break
    for proper in load("header")["proper_names"]:
        out = re.sub(rf"(?<!\w){re.escape(proper.lower())}(?!\w)", proper, out)
    return re.sub(r"\b(thứ|khóa|khoá) ([ivxlc]+)\b", lambda r: f"{r.group(1)} {r.group(2).upper()}", out)


def _is_unit_line(s: str) -> bool:
    """A line that is one unit's name and nothing else ('ỦY BAN NHÂN DÂN TỈNH BẮC NINH')."""
    t = title_case_name(collapse(s)) if is_upper_line(s) else collapse(s)
    mentions = U.find_mentions(t)
    return len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end >= len(t.rstrip(" .:"))


def _vv_title(ls: list[Line], i: int, first: str) -> str:
    """The subject of a công văn: 'V/v …' and its lower-case continuation lines (left column only)."""
    parts = [_split_columns(first)[0]]
    k = i + 1
    while k < len(ls) and len(parts) < 4:
        nxt = _split_columns(ls[k].text)
        if not nxt or not nxt[0][:1].islower():
            break
        parts.append(nxt[0])
        k += 1
    return collapse(" ".join(parts))


def _signature(ls: list[Line], h: Header) -> None:
    """The signer: the name line under the position lines near the end (before or after 'Nơi nhận')."""
    n = len(ls)
    rec = next((i for i in range(n - 1, max(-1, n - 120), -1) if RECIPIENTS.match(ls[i].text)), None)
    if rec is not None:
        end = rec + 1
        while end < n and (ls[end].stripped.startswith(("-", "+", "•")) or not ls[end].stripped):
            end += 1
        h.recipients_span = (ls[rec].start, ls[min(end, n - 1)].end)
    candidates = range(n - 1, max(-1, n - 90), -1)
    position = None
    for i in candidates:
        raw = ls[i].text
        cols = _signature_cols(raw)
        for col in reversed(cols):
            pm = PERSON_NAME.match(col)
            if not pm:
                continue
            signed_above = any(SIGNED_MARK.match(c) for k in range(i - 1, max(-1, i - 3), -1)
                               for c in (_split_columns(ls[k].text) or [""]))
            if not (_looks_like_name(pm.group(1)) or (signed_above and _plain_name(pm.group(1)))):
                continue
            # a position line must stand within the few lines above
            for k in range(i - 1, max(-1, i - 7), -1):
                pcols = _signature_cols(ls[k].text)
                for pc in reversed(pcols):
                    if POSITION_LINE.match(pc) and not SIGNED_MARK.match(pc):
                        position = pc
                        break
                if position:
                    break
            if position:
                name = pm.group(1)
                h.signer_name = title_case_name(name) if name.isupper() else name
                role = SIGN_ROLE.sub("", position).strip()
                h.signer_position = sentence_case_position(role)
                start = ls[i].start + raw.find(col)
                h.signer_span = (start, start + len(col))
                return


def _signature_cols(raw: str) -> list[str]:
    """The columns of a signature-block line: wide gaps and table bars part them; a recipients item with the
    signature column run into it ('- Lưu Văn phòng. Nguyễn Văn A', '- Ban Thường vụ (báo cáo), BÍ THƯ') gives its tail too."""
    cols = [c.strip() for c in re.split(r"\s{2,}|\t+|\s*\|\s*", raw) if c.strip()] or [raw.strip()]
    out: list[str] = []
    for col in cols:
        out.append(col)
        tail = re.match(r"^[-+•].*?[.,;)]\s+(\S.*)$", col)
        if tail:
            out.append(tail.group(1))
    return out


_NOT_NAME_WORDS = {"phụ", "lục", "mẫu", "biểu", "danh", "mục", "nơi", "nhận", "bảng", "chương", "phần", "điều", "phụ lục"}


def _plain_name(s: str) -> bool:
    """Two to five words that could be a name: no numbering, no heading words ('PHỤ LỤC I')."""
    words = s.split()
    if not 2 <= len(words) <= 5 or any(w.lower() in _NOT_NAME_WORDS for w in words):
        return False
    return not any(re.fullmatch(r"[IVXLC]+", w) for w in words)


def _looks_like_name(s: str) -> bool:
    words = s.split()
    if not 2 <= len(words) <= 5:
        return False
    from extract.people import FAMILY_NAMES

    first = words[0].capitalize() if words[0].isupper() else words[0]
    return first in FAMILY_NAMES


def sentence_case_position(role: str) -> str:
    """'PHÓ BÍ THƯ' → 'Phó Bí thư'; 'KT. CHỦ TỊCH' → 'Chủ tịch'."""
    role = collapse(role)
    if not role.isupper():
        return role
    low = role.lower()
    fixes = {"bí thư": "Bí thư", "chủ tịch": "Chủ tịch", "phó": "Phó", "trưởng ban": "Trưởng ban", "giám đốc": "Giám đốc",
             "chủ nhiệm": "Chủ nhiệm", "chánh văn phòng": "Chánh Văn phòng"}
    out = low
    for k, v in fixes.items():
        out = re.sub(rf"\b{k}\b", v, out)
    for proper in ("Quốc hội", "Chính phủ", "Ủy ban nhân dân", "Hội đồng nhân dân", "Tỉnh ủy", "Huyện ủy", "Thành ủy",
                   "Quận ủy", "Đảng ủy", "Ban Thường vụ", "Ủy ban Kiểm tra", "Mặt trận Tổ quốc", "Ban Chấp hành", "Nhà nước"):
        out = re.sub(rf"(?<!\w){proper.lower()}(?!\w)", proper, out)
    return out[:1].upper() + out[1:]


_ANY_DATE = re.compile(
    r"(?<![\d/.-])(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})(?![\d/])"
    r"|ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>(?:19|20)\d{2})",
    re.I,
)
_SITE_LINE = re.compile(
    r"^(?:BÁO\b|CỔNG\s+THÔNG\s+TIN|TRANG\s+THÔNG\s+TIN|TRANG\s+TIN|ĐÀI\s+(?:TRUYỀN|PHÁT)|Cơ\s+quan\s+của|Tiếng\s+nói\s+của|"
    r"Trang\s+chủ|Phát\s+sóng|Điện\s+tử\s+-|Xem\s+trực\s+tiếp|Print|In\s+bài|Chia\s+sẻ|Tin\s+tức|A-|Cỡ\s+chữ|Menu|Nghe\s+đọc|"
    r"[\w.-]+\.(?:vn|com|net|org)\b)",
    re.I,
)


def _dateline(s: str) -> str | None:
    """The publication date of a short dateline ('Thứ Sáu, 12/04/2024, 07:15', 'Đăng ngày: 07-06-2022 | …')."""
    m = _ANY_DATE.search(s)
    if not m:
        return None
    words = len(s.split())
    after = s[m.end():]
    sentence = s.rstrip().endswith(".") or re.match(r"\s*,\s*(?:\S+\s+){4,}", after) is not None and "|" not in s
    if words > 18 or sentence:
        return None
    if m.group("d"):
        return iso(m.group("y"), m.group("m"), m.group("d"))
    return iso(m.group("y2"), m.group("m2"), m.group("d2"))


def _news(text: str, ls: list[Line], h: Header) -> None:
    top: list[str] = []
    for line in ls:
        s = line.stripped
        if not s:
            continue
        if len(s.split()) > 30 or len(top) >= 14:
            break  # the body has begun
        top.append(s)
    date_idx = None
    for k, s in enumerate(top):
        v = _dateline(s)
        if v:
            h.published_on = h.issued_on = v
            date_idx = k
            break
    candidates = [k for k, s in enumerate(top) if k != date_idx and _title_like(s) and _dateline(s) is None]
    title = None
    if date_idx is not None:
        above = [k for k in candidates if k < date_idx]
        below = [k for k in candidates if k > date_idx]
        if not above and date_idx > 0 and _title_like(top[date_idx - 1].rstrip(".")):
            above = [date_idx - 1]  # the headline right above its dateline may end with a full stop
        pick = above[-1] if above else (below[0] if below else None)
        title = top[pick] if pick is not None else None
    elif candidates:
        # no dateline: menus and banners stand above, the headline is the last short line before the body
        title = top[candidates[-1]]
    if title is None:
        qr = re.search(r"^QR CODE:\s*(.+)$", text, re.M | re.I)
        if qr:
            title = qr.group(1).strip()
    if title:
        title = title.rstrip(". ")
        h.title = sentence_case(title) if is_upper_line(title) else title
    h.kind = "news"  # a page with neither a printed header nor a metadata table is a news report
    _signature(ls, h)
    h.signer_name = None  # news carry a byline, not a signature
    _full_text_reprint(text, h)


_FULL_TEXT = re.compile(r"(?<!\w)(?:đăng|giới thiệu|trích đăng)\s+toàn\s+văn(?!\w)", re.I)
_ADOPTED_DAY = re.compile(r"thông\s+qua[^.\n]{0,80}?ngày\s+(?P<d>\d{1,2})\s*[-/.]\s*(?P<m>\d{1,2})(?!\s*[-/.]\s*\d)", re.I)


def _full_text_reprint(text: str, h: Header) -> None:
    """A page that says it prints a document in full ('đăng toàn văn Nghị quyết …') under a headline naming that
    document is the document: its kind from the headline, its date the day it was adopted (a day without a year
    takes the page's year), the unit whose congress adopted it as its issuer; the page's date is the copy's."""
    if not h.title or not _FULL_TEXT.search(text[:3000]):
        return
    words = load("kinds")["reference_words"]
    m = re.match(r"(" + alternation([w for w in words if not w.isupper()]) + r")\s+(?P<rest>.+)$", h.title)
    if not m:
        return
    kind = words[m.group(1)]
    year = h.published_on[:4] if h.published_on else None
    h.kind = kind
    adopted = _ADOPTED_DAY.search(text[:3000])
    h.issued_on = iso(year, adopted.group("m"), adopted.group("d")) if adopted and year else None
    h.published_on = None
    congress = re.match(r"Đại\s+hội\s+(?:đại\s+biểu\s+)?(?P<unit>.+?)\s+lần\s+thứ\b", m.group("rest"), re.I)
    if congress:
        mentions = U.find_mentions(congress.group("unit"))
        if mentions and mentions[0].start == 0:
            ru = U.canonical(_province_admin(mentions[0].spec), U.establish_places(mentions, congress.group("unit")))
            h.issuer = ru.name if ru else None


def _title_like(s: str) -> bool:
    """A headline: 5–40 words, no site name, menu, breadcrumb or byline."""
    words = s.split()
    if not 4 <= len(words) <= 40 or _SITE_LINE.match(s):
        return False
    if s.count("|") >= 2 or s.count("»") >= 1 or s.count(">") >= 2 or s.count("›") >= 1 or s.count("[") >= 2:
        return False
    if len(re.findall(r"\S\s{2,}\S", s)) >= 2:
        return False  # a menu laid out with wide gaps
    if s.endswith((",", ";")) or (s.endswith((".", ":")) and not is_upper_line(s)):
        return False
    return True
