"""Legacy Vietnamese 8-bit encodings, TCVN3 (ABC) and VNI, converted to Unicode.

Both were font encodings: the bytes are ordinary Windows-1252 characters that a special font
(".VnTime", "VNI-Times" …) drew as Vietnamese letters. Text that lost its font therefore reads
"§¶ng céng s¶n" (TCVN3) or "Ñaûng coäng saûn" (VNI). The tables live in data/*.tsv.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Literal

from .syllables import score

Scheme = Literal["tcvn3", "vni"]
# At least one legacy-only character per this many characters before conversion is tried.
_SUSPECT_RATE = 200
# Letters such as đ ư ơ ă ĩ ũ and ạ…ỹ: only text already in Unicode has them.
_UNICODE_LETTER = re.compile("[\u0100-\u01b0\u1ea0-\u1ef9]")
SCHEMES: tuple[Scheme, ...] = ("tcvn3", "vni")


@cache
def _table(scheme: Scheme) -> dict[str, str]:
    """Legacy sequence → Unicode letter, read from data/<scheme>.tsv."""
    text = resources.files("ingest").joinpath("data", f"{scheme}.tsv").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            legacy, unicode_letter = line.split("\t")[:2]
            table[legacy] = unicode_letter
    return table


@cache
def _pattern(scheme: Scheme) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(_table(scheme), key=len, reverse=True))))


@cache
def _inverse(scheme: Scheme) -> dict[str, str]:
    inverse: dict[str, str] = {}
    for legacy, letter in _table(scheme).items():
        inverse.setdefault(letter, legacy)
    return inverse


@cache
def _suspects() -> frozenset[str]:
    """Characters of the legacy tables that Vietnamese written in Unicode never uses."""
    vietnamese = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
    chars = {c for scheme in SCHEMES for key in _table(scheme) for c in key}
    return frozenset(c for c in chars if not c.isascii() and c not in vietnamese)


def convert(text: str, scheme: Scheme, *, upper: bool = False) -> str:
    """Read `text` as `scheme`. `upper` for TCVN3 "H" fonts (.VnTimeH) that draw capitals."""
    table = _table(scheme)
    converted = _pattern(scheme).sub(lambda m: table[m.group(0)], text)
    return converted.upper() if upper else converted


@cache
def _caseless() -> frozenset[str]:
    """TCVN3 letters that have no capital form in the encoding (the toned vowels)."""
    letters = set(_table("tcvn3").values())
    return frozenset(c for c in letters if c.islower() and c.upper() not in letters)


_WORD = re.compile(r"[^\W\d_]+")
# "Ủy ban" begins the names of committees (Ủy ban nhân dân, Ủy ban Mặt trận Tổ quốc, Ủy ban
# Kiểm tra) and "Ủy viên" a title (Ủy viên Ban Thường vụ): capitalised before "nhân dân" or a
# capitalised word.
_COMMITTEE = re.compile(r"\b(?:ủy|uỷ) (?:ban|viên)(?= (?:nhân dân|[A-ZĐÂĂÊÔƠƯ]))")
_HATTED_CAPITALS = frozenset("ĂÂÊÔƠƯ")
_RANGE_SIGN = re.compile(r"(?<=\d)ữ(?=\d)")
_COLUMNS = re.compile(r"((?: {2,}|\t)+)")


@cache
def _sentence_start() -> re.Pattern[str]:
    letters = "".join(sorted(_caseless()))
    marker = r"(?:[-–+•*]|\d+(?:\.\d+)*[.)]|[IVX]+\.|[a-zđ]\))[ \t]*"
    return re.compile(rf"(^[ \t]*(?:{marker})?|[.!?…][ \t]+)([{letters}])", re.MULTILINE)


def restore_capitals(text: str) -> str:
    """Capitals that a TCVN3 text kept as plain text lost, restored.

    TCVN3 has no toned capitals: the "H" fonts drew the lower-case codes as capitals, so a
    heading copied as plain text reads "HUYệN ủY THọ XUÂN" and a sentence "ủy ban …". A word
    whose other letters (two or more) are all capitals is upper-cased, and so is a short word
    ("ủY", "Bộ") on a line (or a column of one) of capitals: a word of them with a hat or a
    tone, none in lower case. The first letter of a line or a sentence is a capital, and so
    are "Ủy ban" of a committee's name and "Ủy viên" of a title. "Số: 15/QĐ-UBND" and "Bộ
    Nội vụ" stay as they are. Apply to whole lines, not to runs cut out of a line."""
    caseless = _caseless()

    def fix_piece(piece: str) -> str:
        capitals, lower = False, False
        for word in _WORD.findall(piece):
            solid = [c for c in word if c not in caseless]
            if any(c.islower() for c in solid):
                lower = True
            elif len(solid) >= 2 and (len(solid) < len(word) or _HATTED_CAPITALS.intersection(word)):
                capitals = True

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            solid = [c for c in word if c not in caseless]
            if any(c.islower() for c in solid):
                return word
            return word.upper() if (capitals and not lower) or len(solid) >= 2 else word

        return _WORD.sub(fix, piece)

    lines = text.split("\n")
    for n, line in enumerate(lines):
        if any(c in caseless for c in line):
            # columns laid out with spaces ("SỞ NỘI VỤ      Độc lập - Tự do …") are judged apart
            lines[n] = "".join(fix_piece(piece) for piece in _COLUMNS.split(line))
    text = _sentence_start().sub(lambda m: m.group(1) + m.group(2).upper(), "\n".join(lines))
    return _COMMITTEE.sub(lambda m: m.group(0)[0].upper() + m.group(0)[1:], text)


def restore_tcvn3(text: str) -> str:
    """What a TCVN3 text kept as plain text lost: its capitals (`restore_capitals`) and the range
    sign "÷" ("3÷4%"), which shares its byte with "ữ" (no syllable puts "ữ" between digits)."""
    return _RANGE_SIGN.sub("÷", restore_capitals(text))


def encode(text: str, scheme: Scheme) -> str:
    """Unicode → legacy characters (inverse of `convert`). TCVN3 has no toned capitals: they
    are written lower case, as the "H" fonts expected."""
    inverse = _inverse(scheme)
    out = []
    for char in text:
        if char in inverse:
            out.append(inverse[char])
        elif char.lower() in inverse and char != char.lower():
            out.append(inverse[char.lower()])
        else:
            out.append(char)
    return "".join(out)


def scheme_for_font(font_name: str | None) -> Scheme | None:
    """'.VnTime', '.VnArialH' → tcvn3; 'VNI-Times' → vni; anything else → None."""
    if not font_name:
        return None
    if font_name.startswith(".Vn"):
        return "tcvn3"
    if font_name.upper().startswith("VNI-"):
        return "vni"
    return None


def is_heading_font(font_name: str | None) -> bool:
    """TCVN3 heading fonts end in 'H' (.VnTimeH) and draw every letter as a capital."""
    return bool(font_name) and scheme_for_font(font_name) == "tcvn3" and font_name.endswith("H")


def repair(text: str) -> tuple[str, Scheme | None]:
    """If `text` reads better as TCVN3 or VNI (more well-formed syllables), convert it.

    The scheme is chosen on the whole text; then a line is converted only where that does not
    make it read worse and it holds no Vietnamese letter beyond Latin-1 (legacy bytes read as
    Windows-1252 never do), so a document that mixes legacy and Unicode parts keeps both right. A line the syllables cannot settle ("Sè 45" reads as well either way) goes with
    its neighbours. Returns the text to use and the scheme applied (None: left as it is).
    """
    suspects = _suspects()
    # Legacy text has such characters in most words; a stray "÷" or "ñ" is no reason to look.
    if sum(1 for c in text if c in suspects) < max(1, len(text) // _SUSPECT_RATE):
        return text, None
    original = score(text)
    gains = {scheme: score(convert(text, scheme)) - original for scheme in SCHEMES}
    scheme = max(gains, key=lambda name: gains[name])
    if gains[scheme] <= 0:
        return text, None
    lines = text.split("\n")
    converted = [convert(line, scheme) for line in lines]
    if scheme == "tcvn3":  # a header in a capitals font (.VnTimeH) before sentence starts get capitals
        header = restore_header_capitals("\n".join(converted)).split("\n")
        restored = [restore_tcvn3(line) for line in header]
    else:
        restored = converted
    votes = [
        -1 if _UNICODE_LETTER.search(old) else score(new) - score(old)
        for old, new in zip(lines, converted, strict=True)
    ]
    decided = [vote for vote in votes if vote]
    keep_going = decided[0] > 0 if decided else True
    out = []
    for old, new, vote in zip(lines, restored, votes, strict=True):
        if vote:
            keep_going = vote > 0
        out.append(new if keep_going else old)
    return "\n".join(out), scheme


# How an official document's header and title lines start (DOMAIN.md: the issuing body above its
# parent, the national motto, the kind of document); a header typed in a TCVN3 capitals font
# (.VnTimeH) and copied as text reads all in lower case: "huyện ủy thọ xuân".
_HEADER_START = re.compile(
    r"(?:đảng bộ|đảng ủy|chi bộ|(?:tỉnh|thành|huyện|quận|thị|xã|phường) ủy|ủy ban|hội đồng nhân dân|"
    r"ban (?:chấp hành|thường vụ|chỉ đạo|tổ chức|tuyên giáo|dân vận|kiểm tra|nội chính|kinh tế)|"
    r"đảng cộng sản việt nam|cộng hòa xã hội chủ nghĩa việt nam|liên đoàn lao động|công đoàn|"
    r"đoàn tncs|(?:tỉnh|thành|huyện|quận) đoàn|mặt trận tổ quốc|hội (?:liên hiệp phụ nữ|nông dân|cựu chiến binh)|"
    r"văn phòng|sở |bộ |tổng cục|cục )"
)
_KIND_TITLE = re.compile(
    r"(?:nghị quyết|chỉ thị|kết luận|quy định|quy chế|quyết định|kế hoạch|chương trình|đề án|hướng dẫn|"
    r"thông báo|báo cáo|công văn|tờ trình|thông tri)\s*$"
)
_HEADER_LINES = 12
_MOTTO = re.compile(r"(độc lập)(\s*[-–]\s*)(tự do)(\s*[-–]\s*)(hạnh phúc)")


def restore_header_capitals(text: str) -> str:
    """A document header that lost its capitals, restored: within the first `_HEADER_LINES`
    lines, a line (or a column of one, laid out with spaces) written wholly in lower case that
    starts as an issuing body or the national motto does ("đảng bộ tỉnh thanh hóa", "ủy ban
    nhân dân"), the short line of words below it in the same place ("tỉnh long an"), or a line
    that names only the kind of document ("nghị quyết"), is put in capitals; the motto "độc
    lập - tự do - hạnh phúc" gets its three capitals. Prose never starts a line in lower case
    this early, so a header typed in capitals is left as it is, and the text keeps its length."""
    lines = text.split("\n")
    seen = 0
    above: set[int] = set()  # where pieces put in capitals start on the line above
    for n, line in enumerate(lines):
        if not line.strip():
            above = set()
            continue
        seen += 1
        if seen > _HEADER_LINES:
            break
        pieces = _COLUMNS.split(line)
        restored: set[int] = set()
        start = 0
        for k, piece in enumerate(pieces):
            words = piece.strip()
            where = start + len(piece) - len(piece.lstrip())
            start += len(piece)
            if not words or words != words.lower() or not any(c.isalpha() for c in words):
                continue
            if _MOTTO.fullmatch(words):
                pieces[k] = _MOTTO.sub(lambda m: "".join(g[:1].upper() + g[1:] for g in m.groups()), piece)
            elif _KIND_TITLE.match(words):
                pieces[k] = piece.upper()
            elif _HEADER_START.match(words) or (
                any(abs(where - x) <= 2 for x in above)
                and len(words.split()) <= 6
                and not any(c.isdigit() for c in words)
            ):
                pieces[k] = piece.upper()
                restored.add(where)
        above = restored
        lines[n] = "".join(pieces)
    return "\n".join(lines)
