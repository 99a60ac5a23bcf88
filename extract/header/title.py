"""The title: the type word and its subject, a subject with no type word, a portal heading's subject."""

from __future__ import annotations

import re

from extract.gazetteer import gazetteer
from extract.header.issuer import _is_unit_line
from extract.header.model import Header
from extract.header.patterns import SYMBOL, _kinds, _split_columns
from extract.lexicon import alternation, load
from extract.textutil import (
    Line,
    collapse,
    is_upper_line,
    title_case_name,
)

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
                if re.match(r"^(Căn cứ|Kính gửi|I\.|1\.|Điều 1|Phần\s+(?:thứ|[IVXLC\d])|Chương\s+[IVXLC\d]|Thực hiện|Ngày|Trong|Qua)", t) and subject:
                    break
                if subject and is_upper_line(t) and not is_upper_line(subject[0]):
                    break  # the issuing body repeated in capitals ('HỘI ĐỒNG NHÂN DÂN TỈNH …') ends the subject
                if subject and is_upper_line(subject[-1]) and not is_upper_line(t) and t[:1].isupper():
                    break  # a capital subject ends where running text begins ('về …' in lower case continues it)
                if subject and is_upper_line(t) and _is_unit_line(t):
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
    issuer_repeated = k < len(ls) and _is_unit_line(ls[k].stripped)
    if not subject or k >= len(ls) or not ls[k].stripped[:1].isupper():
        return None
    if is_upper_line(ls[k].stripped) and not issuer_repeated:
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
