"""Citations → stored documents.

A reference resolves to a stored document when their symbols agree: the full symbol
(`28-NQ/TU`, compared without spaces, diacritics or case) or, for a citation that gives only
the number (`Nghị quyết số 28`), the leading number plus the kind and at least one of issuer
or date. A symbol alone does not name one document (every province has a `09-NQ/TU`), so the
place must agree as well: when the province the citation points into (its issuer's, else the
citing document's) and the cited document's province are both known, they must be the same;
otherwise the issuer names must be the same (one inside the other only for bodies without a
province, 'Ban Bí thư'); a central document (`…/TW`, `…/NĐ-CP`, `…-TTg`, no province) is named
by its symbol alone. A date in the citation must be the
document's. Anything else, or several candidates left, gives no link (never a guess). When a
document arrives, citations still unresolved that could point at it are tried again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database

from ingest.normalize import fold

_LEAD = re.compile(r"^\D*?0*(\d+)")
_CENTRAL = re.compile(r"(/tw|-cp|-ttg|/qh\d*|-ubtvqh\d*|-bct|-bbt|-tw)$")


def number_key(number: str | None) -> str | None:
    """'Số 28-NQ/TU ' → '28-nq/tu'; '03-ĐA/TU' → '03-da/tu'."""
    if not number:
        return None
    key = re.sub(r"\s+", "", fold(number))
    key = re.sub(r"^so", "", key) if key.startswith("so") and key[2:3].isdigit() else key
    return key or None


def number_lead(number: str | None) -> str | None:
    """The leading number without zeros: '03-ĐA/TU' → '3', '249/2025/NĐ-CP' → '249'."""
    if not number:
        return None
    match = _LEAD.match(number)
    return match.group(1) if match else None


@dataclass(frozen=True)
class Citation:
    document_id: int
    kind: str | None
    number_key: str | None
    number_lead: str | None
    issued_on: str | None
    issuer: str | None


def _issuer_agrees(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    fa, fb = fold(a), fold(b)
    return fa == fb or fa in fb or fb in fa


def _date_agrees(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return a.startswith(b) or b.startswith(a)


def document_province(db: Database, document_id: int) -> str | None:
    """The province of a stored document: its issuer's, else the one province of all its units."""
    row = db.execute(
        "SELECT u.province FROM document_units du JOIN units u ON u.id = du.unit_id"
        " WHERE du.document_id = ? AND du.is_issuer = 1 AND u.province IS NOT NULL",
        [document_id],
    ).fetchone()
    if row:
        return row[0]
    provinces = db.execute(
        "SELECT DISTINCT u.province FROM document_units du JOIN units u ON u.id = du.unit_id"
        " WHERE du.document_id = ? AND u.province IS NOT NULL",
        [document_id],
    ).fetchall()
    return provinces[0][0] if len(provinces) == 1 else None


def _citation_province(db: Database, citation: Citation) -> str | None:
    """The province a citation points into: its issuer's when that unit is known with one,
    else the citing document's."""
    if citation.issuer:
        row = db.execute("SELECT province FROM units WHERE name = ?", [citation.issuer]).fetchone()
        if row and row[0]:
            return row[0]
    return document_province(db, citation.document_id)


def _place_agrees(db: Database, citation: Citation, row: tuple, province: str | None) -> bool:
    cited = document_province(db, int(row[0]))
    if cited and province:  # both places known: they decide ('Ban Chấp hành Đảng bộ tỉnh' is the Tỉnh ủy)
        return cited == province
    if citation.issuer and row[3]:
        if fold(citation.issuer) == fold(row[3]):
            return True
        # one name inside the other ('Ban Bí thư' / 'Ban Bí thư Trung ương Đảng'): only without a province
        return cited is None and _issuer_agrees(citation.issuer, row[3])
    return cited is None and bool(_CENTRAL.search(row[2] or ""))


def resolve(db: Database, citation: Citation) -> int | None:
    """The id of the one stored document the citation names, or None."""
    if not citation.number_lead:
        return None
    rows = db.execute(
        "SELECT id, kind, number_key, issuer, issued_on FROM documents WHERE number_lead = ? AND id != ?",
        [citation.number_lead, citation.document_id],
    ).fetchall()
    candidates = [
        r for r in rows if not (citation.kind and r[1] and r[1] != citation.kind)
    ]
    full = citation.number_key is not None and not citation.number_key.isdigit()
    if full:
        candidates = [r for r in candidates if r[2] == citation.number_key]
    else:
        candidates = [
            r for r in candidates
            if citation.kind and r[1] == citation.kind
            and (_issuer_agrees(citation.issuer, r[3]) or _date_agrees(citation.issued_on, r[4]))
        ]
    if citation.issued_on:
        candidates = [r for r in candidates if _date_agrees(citation.issued_on, r[4])]
    if candidates:
        province = _citation_province(db, citation)
        candidates = [r for r in candidates if _place_agrees(db, citation, r, province)]
    if len(candidates) > 1 and citation.issuer:
        narrowed = [r for r in candidates if _issuer_agrees(citation.issuer, r[3])]
        candidates = narrowed or candidates
    return int(candidates[0][0]) if len(candidates) == 1 else None


def resolve_pending(db: Database, lead: str | None) -> int:
    """Try again every unresolved citation with this leading number; return how many now resolve."""
    if not lead:
        return 0
    rows = db.execute(
        'SELECT id, document_id, kind, number_key, number_lead, issued_on, issuer FROM "references"'
        " WHERE resolved_document_id IS NULL AND number_lead = ?",
        [lead],
    ).fetchall()
    resolved = 0
    for ref_id, document_id, kind, key, ref_lead, issued_on, issuer in rows:
        target = resolve(db, Citation(document_id, kind, key, ref_lead, issued_on, issuer))
        if target is not None:
            db.execute('UPDATE "references" SET resolved_document_id = ? WHERE id = ?', [target, ref_id])
            resolved += 1
    return resolved
