"""Cited documents: 'Chỉ thị số 33 ngày 18/3/2019 của Ban Bí thư', 'Nghị quyết 28 của BTV Thành ủy',
'Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15'. One entry per cited document."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from extract import units as U
from extract.dates import find_dates
from extract.lexicon import load
from extract.symbols import SYMBOL, kind_from_code, parse_symbol

_HEAD_TITLE = re.compile(r"(?:Trưởng|Thủ trưởng|Chủ tịch|Giám đốc|Bộ trưởng)\s+")


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


def _word_rx(words: list[str] | dict[str, str]) -> str:
    """The type words as an alternation whose syllables may be broken over lines ('Tờ\ntrình')."""
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in sorted(words, key=len, reverse=True))


@cache
def _rx() -> re.Pattern:
    words = load("kinds")["reference_words"]
    return re.compile(
        r"(?<![^\W\d])(?P<word>" + _word_rx(words) + r")"
        r"(?P<named>(?:\s+(?:\w+)){1,12}?)??"
        r"\s*(?:số\s*|số:\s*|No\.?\s*)?(?P<sym>" + SYMBOL + r"|\d{1,4}(?![\d/,.])(?!\s+(?:tháng|quý|tuần|lần|kỳ)(?!\w)))",
    )


@cache
def _lower_rx() -> re.Pattern:
    """A type word in lower case is a citation only when 'số' and a full symbol follow: 'báo cáo số 84/BC-TTT'."""
    words = [w for w in load("kinds")["reference_words"] if not w.isupper() and len(w) > 3]
    return re.compile(r"(?<![\w])(?P<word>" + _word_rx([w.lower() for w in words]) + r")"
                      r"(?P<named>)\s+số\s*:?\s*(?P<sym>" + SYMBOL + r")")


# a symbol after 'số' with no type word before it: its type code names the kind ('số 217/TB-UBND')
_BARE = re.compile(r"(?<![\w])[Ss]ố\s*:?\s*(?P<sym>" + SYMBOL + r")")
# words that may stand between a type word and 'số' ('Chương trình hành động số 10-CTr/TU', 'Nghị quyết liên tịch số')
_QUALIFIER = re.compile(r"^(?:\s+[a-zà-ỹđ]+){1,3}\s*$")


_SHORT_NUM = re.compile(r"^\d{1,4}$")
_YEARISH = re.compile(r"^(?:19|20)\d{2}$")


def _kind_of(word: str) -> str | None:
    words = load("kinds")["reference_words"]
    key = re.sub(r"\s+", " ", word)
    return words.get(key) or next((k for w, k in words.items() if w.casefold() == key.casefold()), None)


def _code_kind(sym: str) -> str | None:
    """The kind a symbol's type code names by the tables ('TB' in 217/TB-UBND → notice), else None."""
    sm = re.match(SYMBOL, sym)
    if not sm or "/" not in sym:
        return None
    family = "party" if re.match(r"\d+[a-z]?\s*-", sym) else "state"
    code = re.split(r"[-/]", re.sub(r"\s+", "", sm.group("code")))[0]
    return kind_from_code(code, family)


def _candidates(text: str) -> Iterator[tuple[str, re.Match]]:
    """(kind, match) for every citation form, left to right; a skipped match does not hide a later word."""
    found: list[tuple[int, str, re.Match]] = []
    rx = _rx()
    pos = 0
    while (m := rx.search(text, pos)) is not None:
        kind = _kind_of(m.group("word"))
        pos = m.end() if kind and _accept(text, m, kind) else m.end("word")
        if kind and _accept(text, m, kind):
            found.append((m.start(), kind, m))
    taken = [(m.start(), m.end()) for _s, _k, m in found]
    for m in _lower_rx().finditer(text):
        kind = _kind_of(m.group("word"))
        if kind and all(m.end() <= a or m.start() >= b for a, b in taken):
            found.append((m.start(), kind, m))
            taken.append((m.start(), m.end()))
    for m in _BARE.finditer(text):
        code_kind = _code_kind(m.group("sym"))
        if code_kind and all(m.end("sym") <= a or m.start("sym") >= b for a, b in taken):
            found.append((m.start(), code_kind, m))
    found.sort(key=lambda x: x[0])
    for _s, kind, m in found:
        # 'văn bản' is any document: the type code says which ('văn bản số 45/TB-UBND' is a notice)
        if "word" in m.re.groupindex and re.fullmatch(r"văn\s+bản", m.group("word"), re.I):
            kind = _code_kind(m.group("sym")) or kind
        yield kind, m


def _accept(text: str, m: re.Match, kind: str) -> bool:
    """A type word and its number: a name between them is allowed for laws, or a qualifier ('hành động')
    when the symbol's type code confirms the kind."""
    named = m.group("named")
    if not named:
        return True
    if not re.search(r"số\s*:?\s*$", text[m.start("sym") - 6:m.start("sym")]):
        return False
    if kind in ("law", "decree", "circular", "ordinance"):
        return True
    return bool(_QUALIFIER.match(named)) and _code_kind(m.group("sym")) == kind


def _issued_on(text: str, end: int) -> tuple[str | None, int]:
    """The date after a citation ('ngày 18/3/2019', ', ngày 24 tháng 3 năm 2014' over lines) and where it ends."""
    dm = re.match(r"\s*+(?:,\s*+)?(?:ban hành\s+)?(?=ngày)", text[end:end + 60])
    if not dm:
        return None, end
    k = end + dm.end()
    window = text[k:k + 60]
    dates = find_dates(window)
    if dates and dates[0].start == 0 and dates[0].kind == "day":
        return dates[0].value, k + dates[0].end
    sub = re.match(r"ngày\s*", window)
    dates = find_dates(window[sub.end():]) if sub else []
    if sub and dates and dates[0].start == 0 and dates[0].kind == "day":
        return dates[0].value, k + sub.end() + dates[0].end
    return None, end


def find_references(text: str, own_number: str | None = None) -> list[RefHit]:
    out: dict[tuple[str, str], RefHit] = {}
    order: list[tuple[str, str]] = []
    for kind, m in _candidates(text):
        sym = m.group("sym")
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
        issued_on, end = _issued_on(text, m.end())
        tail = text[end:end + 260]
        issuer_spec = issuer_text = None
        im = re.match(r"\s*+(?:,\s*+)?của\s+", tail)
        if im:
            k = end + im.end()
            trg = _HEAD_TITLE.match(text, k)  # in place: no copy of the rest of the text per citation
            if trg:
                k = trg.end()
            parsed = U.parse_at(text, k)
            if parsed:
                issuer_spec, iend = parsed
                issuer_text = text[k:iend]
                end = iend
                tail = text[end:end + 260]
        title = _title(tail)
        key = _same_cited(out, kind, number) or (kind, number)
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


def _title(tail: str) -> str | None:
    """The subject after a citation: 'về việc …', 'V/v …', or a quoted name."""
    tm = re.match(r"\s*+(?:,\s*+)?(?:về\s+việc|về|V/v|Về)\s*[\"“]?([^\"”.;\n]{5,200}?)[\"”]?(?=[.;\n]|,\s+(?:nâng|với|góp|tạo|đã|đồng|đề|ban)|\s*$)",
                  tail)
    if tm:
        title = ("về " if tail.lstrip(" ,").startswith("về") else "") + tm.group(1).strip()
        title = title.strip()
        if tail.lstrip(" ,").startswith(("Về", "V/v")):
            title = tail.lstrip(" ,").split(" ", 1)[0] + " " + tm.group(1).strip()
        return title
    qm = re.match(r"\s*(?:về\s*)?[\"“]([^\"”]{5,200})[\"”]", tail)
    return qm.group(1).strip() if qm else None


def _same_cited(out: dict[tuple[str, str], RefHit], kind: str, number: str) -> tuple[str, str] | None:
    """The key of a hit this citation repeats: the same symbol, or a bare number ('Nghị quyết 28') and a full
    symbol with that number ('Nghị quyết số 28-NQ/TU'); two full symbols sharing a number are two documents."""
    for key, hit in out.items():
        if key[0] != kind or _lead(hit.number) != _lead(number):
            continue
        if _SHORT_NUM.match(hit.number) or _SHORT_NUM.match(number) or _norm(hit.number) == _norm(number):
            return key
    return None


def _norm(number: str) -> str:
    return re.sub(r"\s+", "", number).casefold()


def _lead(number: str) -> str:
    m = re.match(r"0*(\d+)", number)
    return m.group(1) if m else number
