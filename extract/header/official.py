"""Official documents: number, date and place, issuer block, title and signer, in the order a header prints them."""

from __future__ import annotations

import re

from extract.dates import iso
from extract.header import metadata
from extract.header.issuer import _caps_prefix, _complete_issuer, _has_locality, _issuer, _wrapped_place
from extract.header.model import Header
from extract.header.patterns import (
    ADOPTED,
    DATE_LINE,
    INDEPENDENCE,
    NUMBER_COLUMN,
    NUMBER_LINE,
    PARTY_MOTTO,
    STATE_MOTTO,
    SYMBOL,
    YOUTH_MOTTO,
    _kinds,
    _page_heading,
    _split_columns,
    _symbol_match,
    parse_symbol,
)
from extract.header.signature import _looks_like_name, _plain_name, _signature
from extract.header.title import _bare_subject, _title_block
from extract.lexicon import alternation, load
from extract.textutil import (
    Line,
    collapse,
    is_upper_line,
    title_case_name,
)


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
        nxt = ls[i + 1] if i + 1 < len(ls) else None
        sm = re.match(r"\s*" + SYMBOL, nxt.text) if nxt is not None else None
        if re.fullmatch(r"\s*Số\s*[:.]?\s*\|?\s*", line.text, re.I) and nxt is not None and sm and "/" in sm.group(0):
            # 'Số:' and its symbol on two lines of one cell
            h.number, h.kind = parse_symbol(sm, h.family)
            h.number_span = (nxt.start + sm.start("num"), nxt.start + sm.end())
            num_line_idx = i + 1
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
                place = _wrapped_place(ls, i, line.text, place)
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
