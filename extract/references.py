"""Cited documents: 'Chỉ thị số 33 ngày 18/3/2019 của Ban Bí thư', 'Nghị quyết 28 của BTV Thành ủy',
'Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15'. One entry per cited document."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract import units as U
from extract.dates import find_dates
from extract.header import SYMBOL, parse_symbol
from extract.lexicon import alternation, load


@dataclass
class RefHit:
    kind: str
    number: str
    issued_on: str | None
    issuer_spec: U.Spec | None
    issuer_text: str | None
    title: str | None
    start: int
    end: int


def _rx() -> re.Pattern:
    words = load("kinds")["reference_words"]
    return re.compile(
        r"(?<![\w])(?P<word>" + alternation(words) + r")"
        r"(?P<named>(?:\s+(?:\w+)){1,12}?)??"
        r"\s*(?:số\s*|số:\s*|No\.?\s*)?(?P<sym>" + SYMBOL + r"|\d{1,4}(?![\d/,.]))",
    )


_SHORT_NUM = re.compile(r"^\d{1,4}$")
_YEARISH = re.compile(r"^(?:19|20)\d{2}$")


def find_references(text: str, own_number: str | None = None) -> list[RefHit]:
    words = load("kinds")["reference_words"]
    out: dict[tuple[str, str], RefHit] = {}
    order: list[tuple[str, str]] = []
    for m in _rx().finditer(text):
        word = m.group("word")
        kind = words[word]
        named = m.group("named")
        sym = m.group("sym")
        # a law cites its name before 'số'; other kinds need the number right after the word
        if named and kind not in ("law", "decree", "circular", "ordinance"):
            continue
        if named and not re.search(r"số\s*$", text[m.start("sym") - 6:m.start("sym")]):
            continue
        if _SHORT_NUM.match(sym):
            if _YEARISH.match(sym) and not re.search(r"số\s*$", text[max(0, m.start("sym") - 5):m.start("sym")]):
                continue
            number = sym
        else:
            sm = re.match(SYMBOL, sym)
            if not sm:
                continue
            number, _ = parse_symbol(sm, "party" if re.match(r"\d+[a-z]?\s*-", sym) else "state")
            code = sm.group("code")
            if not re.match(r"[A-ZĐ]", code):
                continue
        if own_number and re.sub(r"\s", "", number) == own_number:
            continue
        end = m.end()
        tail = text[end:end + 260]
        issued_on = None
        dm = re.match(r"\s*+(?:,\s*+)?(?:ngày|ban hành ngày)\s*", tail)
        if dm:
            dates = find_dates(tail[dm.end():dm.end() + 40])
            if dates and dates[0].start == 0 and dates[0].kind == "day":
                issued_on = dates[0].value
                end += dm.end() + dates[0].end
                tail = text[end:end + 260]
        issuer_spec = issuer_text = None
        im = re.match(r"\s*+(?:,\s*+)?của\s+", tail)
        if im:
            k = end + im.end()
            trg = re.match(r"(?:Trưởng|Thủ trưởng|Chủ tịch|Giám đốc|Bộ trưởng)\s+", text[k:])
            if trg:
                k += trg.end()
            parsed = U.parse_at(text, k)
            if parsed:
                issuer_spec, iend = parsed
                issuer_text = text[k:iend]
                end = iend
                tail = text[end:end + 260]
        title = None
        tm = re.match(r"\s*+(?:,\s*+)?(?:về\s+việc|về|V/v|Về)\s*[\"“]?([^\"”.;\n]{5,200}?)[\"”]?(?=[.;\n]|,\s+(?:nâng|với|góp|tạo|đã|đồng|đề|ban)|\s*$)",
                      tail)
        if tm:
            title = ("về " if tail.lstrip(" ,").startswith("về") else "") + tm.group(1).strip()
            title = title.strip()
            if tail.lstrip(" ,").startswith(("Về", "V/v")):
                title = tail.lstrip(" ,").split(" ", 1)[0] + " " + tm.group(1).strip()
        else:
            qm = re.match(r"\s*(?:về\s*)?[\"“]([^\"”]{5,200})[\"”]", tail)
            if qm:
                title = qm.group(1).strip()
        key = (kind, _lead(number))
        if key in out:
            hit = out[key]
            if len(number) > len(hit.number):
                hit.number = number
            hit.issued_on = hit.issued_on or issued_on
            if hit.issuer_spec is None and issuer_spec is not None:
                hit.issuer_spec, hit.issuer_text = issuer_spec, issuer_text
            hit.title = hit.title or title
            continue
        out[key] = RefHit(kind, number, issued_on, issuer_spec, issuer_text, title, m.start(), end)
        order.append(key)
    return [out[k] for k in order]


def _lead(number: str) -> str:
    m = re.match(r"0*(\d+)", number)
    return m.group(1) if m else number
