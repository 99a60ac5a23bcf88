"""Header patterns: the mottos, document symbols ('245-KH/TU', '15/2024/QĐ-UBND') and their type codes, date and signature lines."""

from __future__ import annotations

import re

from extract.lexicon import alternation, load
from extract.symbols import SYMBOL, _kinds, kind_from_code, parse_symbol  # noqa: F401
from extract.textutil import (
    LOWER,
    UPPER,
    Line,
)

PARTY_MOTTO = re.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM", re.I)


STATE_MOTTO = re.compile(r"CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM", re.I)


# the mottos as a header prints them: in capitals, possibly wrapped over lines ('CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM');
# a site's name in running case ('báo điện tử Đảng Cộng sản Việt Nam') is no motto
# (or in any case when it fills its line or cell)
def _motto(words: str) -> re.Pattern:
    caps = r"\s+".join(words.upper().split())
    alone = r"(?i:(?:^|(?<=\|))[ \t]*" + r"\s+".join(words.split()) + r"(?=[ \t]*(?:\||$)))"
    return re.compile(caps + "|" + alone, re.M)


PRINTED_MOTTOS = (
    _motto("Đảng Cộng sản Việt Nam"),
    re.compile(_motto("Cộng hòa xã hội chủ nghĩa Việt Nam").pattern.replace("HÒA", "H(?:ÒA|OÀ)"), re.M),
    re.compile(r"Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc", re.I),
)


YOUTH_MOTTO = re.compile(r"ĐOÀN\s+(?:TNCS|THANH\s+NIÊN\s+CỘNG\s+SẢN)\s+HỒ\s+CHÍ\s+MINH\s*\|?\s*$", re.I | re.M)


INDEPENDENCE = re.compile(r"Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc", re.I)


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


def _split_columns(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"\s{3,}|\t+|\s*\|\s*", line) if c.strip()]


def _symbol_match(m: re.Match) -> re.Match:
    """Re-run the symbol pattern on the matched text without 'Số:' (for number/ kind parsing)."""
    s = m.group(0)
    sm = re.search(SYMBOL, s[m.start("num") - m.start():])
    return sm or m


_TYPE_LINE = re.compile(r"^\s*(?:" + alternation(load("kinds")["title_words"]) + r")\s*$")


def _page_heading(ls: list[Line], i: int, col: str) -> bool:
    """The first line of a saved page that names the document ('Nghị quyết số 254/2025/QH15 …')."""
    return i == 0 and bool(_HEADING.match(col))



_HEADING = re.compile(r"^\s*(?P<word>" + alternation(load("kinds")["reference_words"]) + r")(?:\s+[^\W\d_]+){0,6}?\s+(?:số\s*:?\s*)?(?P<sym>" + SYMBOL + ")", re.I)
