"""Document symbols, in one place: '245-KH/TU' (Party: number, type, issuer), '15/2024/QĐ-UBND' and
'1234/UBND-VX' (state: number, optional year, type, issuer). The header, the references, the masks
that keep symbols out of quantities and the issuer a citation's symbol implies all read them here."""

from __future__ import annotations

import re

from extract.lexicon import load

# '245-KH/TU', '15/2024/QĐ-UBND', '1234/UBND-VX', '858CV/ĐUK', '133-KH/TĐTN-BCNLĐ', '119- KH/TU'
SYMBOL = (
    r"(?P<num>\d{1,5}(?:\.\d{1,3}(?=/))?[a-z]?)\s*(?:(?P<sep>[-/])\s*)?(?:(?P<year>(?:19|20)\d{2})\s*[/-]\s*)?"
    r"(?P<code>[A-ZĐ\u0400-\u04FF][^\W_]*(?:[&.][^\W_]+)*(?:\s*[-/]\s*[^\W_][^\W_]*(?:[&.][^\W_]+)*){0,3})"
)

# a symbol anywhere in running text, as a span that no quantity may overlap
SYMBOL_IN_TEXT = re.compile(
    r"(?<![\w])\d{1,5}\s*+[-/]\s*+(?:(?:19|20)\d{2}\s*+/\s*+)?[A-ZĐ][A-Za-zĐđ0-9&.]*(?:\s*+[-/]\s*+[A-ZĐ0-9][\w&.]*)*"
)


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


# the issuing committee a Party symbol's last code names ('…/TU' is the province's Tỉnh ủy)
ISSUER_CODES = {"TU": "Tỉnh ủy", "HU": "Huyện ủy", "QU": "Quận ủy", "TW": None}


def issuer_code(number: str | None) -> str | None:
    """'Tỉnh ủy' for '28-NQ/TU', 'Huyện ủy' for '…/HU'; None when the symbol names no committee."""
    if not number or "/" not in number:
        return None
    return ISSUER_CODES.get(number.rsplit("/", 1)[-1].split("-")[0])
