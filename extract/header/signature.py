"""The signer: the name under the position lines of the signature block."""

from __future__ import annotations

import re

from extract.header.model import Header
from extract.header.patterns import (
    _TYPE_LINE,
    PERSON_NAME,
    POSITION_LINE,
    RECIPIENTS,
    SIGN_ROLE,
    SIGNED_MARK,
    _split_columns,
)
from extract.textutil import (
    Line,
    collapse,
    title_case_name,
)


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
                if re.fullmatch(r"\s*\|\s*", ls[k].text) or _TYPE_LINE.match(ls[k].stripped):
                    break  # a cell bar or an annex's type line stands between: the name is not under the signature
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
