"""News pages: headline, dateline, and a page that prints a document in full."""

from __future__ import annotations

import re

from extract import units as U
from extract.dates import iso
from extract.header.issuer import _province_admin
from extract.header.model import Header
from extract.header.signature import _signature
from extract.lexicon import alternation, load
from extract.textutil import (
    Line,
    is_upper_line,
    sentence_case,
)

_ANY_DATE = re.compile(
    r"(?<![\d/.-])(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})(?![\d/])"
    r"|ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>(?:19|20)\d{2})",
    re.I,
)


_SITE_LINE = re.compile(
    r"^(?:BÁO\b|CỔNG\s+THÔNG\s+TIN|TRANG\s+THÔNG\s+TIN|TRANG\s+TIN|ĐÀI\s+(?:TRUYỀN|PHÁT)|Cơ\s+quan\s+của|Tiếng\s+nói\s+của|"
    r"Trang\s+chủ|Phát\s+sóng|Điện\s+tử\s+-|Xem\s+trực\s+tiếp|Print|In\s+bài|Chia\s+sẻ|Tin\s+tức|A-|Cỡ\s+chữ|Menu|Nghe\s+đọc|"
    r"[\w.-]+\.(?:vn|com|net|org)\b|"
    # photo captions and related-links blocks stand near a headline but are none
    r"\(?Ảnh\b|Nguồn\s*:|Tin\s+liên\s+quan|Bài\s+liên\s+quan|Xem\s+thêm|Tin\s+cùng\s+chuyên\s+mục|Video\s*:)",
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
