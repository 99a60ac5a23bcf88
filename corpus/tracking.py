"""Targets tracked to their results: which stored target each stored figure reports on.

A figure is linked to a target of another document when

- the text says so: the figure states progress against a named document ("đạt 62,8% so với
  Nghị quyết Đại hội Đảng bộ tỉnh nhiệm kỳ 2020-2025", "so với Kế hoạch số 18-KH/TU", "vượt
  12% kế hoạch") or its document cites the target's, and both measure the same indicator; or
- indicator, scope and period agree: the same indicator, the figure's unit the target's or a unit
  below it (same province, and district/commune where the target names one), and the figure's
  date within the target's period (from its start, or its document's year, to its due date and
  the year after, when the last year's results are reported).

Every link carries its reason. Progress (percent of the target reached) is computed only where it
means something: a figure that states it ("đạt 62,8% so với …" → 62.8, "vượt 12% kế hoạch" →
112); a rate against a rate to reach (at least/equal/about, not "dưới"); a count or sum against
a count or sum of the same unit of measure, for the same unit (a district's count is not a share
of the province's), a yearly target against one year's figure. Otherwise it is null.

A target keeps its latest linked figure (its own unit's first, in its own measure), the latest
progress, and `behind`: a yearly target's latest year fell short; a count reached, at the latest
figure's date, a smaller share than the share of its period gone by; a rate fell short by its
due date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from corpus.references import number_lead
from extract.indicators import is_progress
from extract.models import Extraction

TRACKED = ("targets", "figures")
BELOW = "đơn vị cấp dưới"

_CITED = re.compile(
    r"so với\s+(?P<kind>nghị quyết|kế hoạch|chương trình|đề án|chỉ tiêu|mục tiêu|dự toán)"
    r"(?P<rest>[^.;\n]{0,120})",
    re.IGNORECASE,
)
_PLAN_WORD = re.compile(r"^\s*%?\s*(?P<kind>kế hoạch|chỉ tiêu|nghị quyết|dự toán)", re.IGNORECASE)
_CITED_NUMBER = re.compile(r"^\s*(?:số\s*)?(\d+[\w/.\-Đđ]*)", re.IGNORECASE)
_TERM = re.compile(r"nhiệm kỳ\s*(\d{4})\s*[-–]\s*(\d{4})", re.IGNORECASE)
_CONGRESS = re.compile(r"đại hội", re.IGNORECASE)
_KIND_WORDS = {"nghị quyết": "resolution", "kế hoạch": "plan", "chương trình": "program", "đề án": "project"}
_SHARE_AFTER = re.compile(r"[^.;\n\d]{0,40}?(?:đạt|bằng|vượt)\s*(?:được\s*)?[\d.,]+\s*%\s*", re.IGNORECASE)
_EXCEED = re.compile(r"vượt\s*$", re.IGNORECASE)


# ---- columns written with the rows -----------------------------------------------------------


def add_columns(
    db: Database, items: dict[str, list[dict[str, Any]]], extraction: Extraction, unit_ids: dict[str, int],
    document_id: int,
) -> None:
    """Add the tracking columns (indicator, scope, date) to the target and figure rows of a record."""
    doc_scope = _document_scope(db, extraction, unit_ids, document_id)
    doc_date = extraction.document.issued_on or extraction.document.published_on
    scopes: dict[tuple[Any, Any], Scope] = {}
    for kind in TRACKED:
        for row, item in zip(items.get(kind, []), getattr(extraction, kind), strict=True):
            ind = item.indicator
            key = (row.get("unit_id"), row.get("unit"))
            if key not in scopes:
                scopes[key] = _item_scope(db, row, doc_scope)
            scope = scopes[key]
            row.update(
                indicator_code=ind.code if ind else None, indicator_name=ind.name if ind else None,
                indicator_confidence=ind.confidence if ind else None, scope_unit_id=scope[0],
                scope_province=scope[1], scope_district=scope[2], scope_commune=scope[3],
            )
            if kind == "figures":
                row.update(reported_on=item.as_of or item.period.end or doc_date, target=None, link_reason=None,
                           progress=None)
            else:
                row.update(latest_figure=None, latest_value=None, latest_on=None, progress=None, behind=None)


Scope = tuple[int | None, str | None, str | None, str | None]


def _item_scope(db: Database, row: dict[str, Any], doc_scope: Scope) -> Scope:
    """An item's unit's scope; a unit the store knows no place of takes the one its name gives
    ('Ủy ban nhân dân huyện Yên Thành'), else, when it is the document's own unit, the document's."""
    if not row.get("unit_id"):
        return doc_scope
    scope = _unit_scope(db, row["unit_id"])
    if scope[1] is None:
        place = _place_in_name(db, row.get("unit") or "")
        if place:
            return (scope[0], *place)
        if doc_scope[0] == scope[0]:
            return doc_scope
    return scope


def _unit_scope(db: Database, unit_id: int | None) -> Scope:
    if unit_id is None:
        return (None, None, None, None)
    row = db.execute("SELECT province, district, commune FROM units WHERE id = ?", [unit_id]).fetchone()
    return (unit_id, *row) if row else (unit_id, None, None, None)


def _document_scope(db: Database, extraction: Extraction, unit_ids: dict[str, int], document_id: int) -> Scope:
    """The issuer's scope; else the one province the document's units share (a news report)."""
    issuer = extraction.document.issuer
    if issuer and issuer in unit_ids:
        scope = _unit_scope(db, unit_ids[issuer])
        if scope[1]:
            return scope
    if issuer:
        place = _place_in_name(db, issuer)
        if place:
            return (unit_ids.get(issuer), *place)
    provinces = {u.locality.province for u in extraction.units if u.locality and u.locality.province}
    if len(provinces) == 1:
        return (None, provinces.pop(), None, None)
    return (unit_ids.get(issuer) if issuer else None, None, None, None)


_PROVINCE_IN_NAME = re.compile(r"\b(?:tỉnh|thành phố)\s+(?P<name>[^,()]+)$", re.IGNORECASE)
_DISTRICT_IN_NAME = re.compile(r"\b(?:huyện|quận|thị xã)\s+(?P<name>[^,()]+)$", re.IGNORECASE)


def _place_in_name(db: Database, name: str) -> tuple[str, str | None, None] | None:
    """The locality a unit's name ends with: 'Ủy ban nhân dân tỉnh Nghệ An' → Nghệ An; a district or a
    city below a province ('huyện Yên Thành') when a stored unit places it in one province. (The
    gazetteer is not loaded here: the web process stays small, extraction runs elsewhere.)"""
    from extract.gazetteer import CITY_PROVINCES

    match = _PROVINCE_IN_NAME.search(name)
    if match and (name[match.start():].lower().startswith("tỉnh") or match.group("name").strip() in CITY_PROVINCES):
        return (match.group("name").strip(), None, None)
    match = _DISTRICT_IN_NAME.search(name) or match
    if match:
        rows = db.execute("SELECT DISTINCT province FROM units WHERE district = ? AND province IS NOT NULL",
                          [match.group("name").strip()]).fetchall()
        if len(rows) == 1:
            return (rows[0][0], match.group("name").strip(), None)
    return None


# ---- linking ------------------------------------------------------------------------------


@dataclass
class _Target:
    id: str
    document_id: int
    value: float | None
    value_max: float | None
    comparator: str
    uom: str | None
    recurrence: str | None
    period_start: str | None
    period_end: str | None
    due: str | None
    scope: Scope
    doc_kind: str | None
    doc_number: str | None
    doc_issued_on: str | None
    doc_title: str | None
    doc_head: str


_TARGET_SQL = (
    "SELECT t.id, t.document_id, t.value, t.value_max, t.comparator, t.unit_of_measure, t.recurrence,"
    " t.period_start, t.period_end, t.due, t.scope_unit_id, t.scope_province, t.scope_district, t.scope_commune,"
    " d.kind, d.number, d.issued_on, d.title, substr(d.text, 1, 600)"
    " FROM targets t JOIN documents d ON d.id = t.document_id"
)


def _target(row: tuple) -> _Target:
    return _Target(row[0], row[1], row[2], row[3], row[4] or "eq", row[5], row[6], row[7], row[8], row[9],
                   (row[10], row[11], row[12], row[13]), row[14], row[15], row[16], row[17], row[18] or "")


# Only the words around a figure are read (a document may be a million characters long): a window
# from _WINDOW characters before the figure to _WINDOW after it, the figure's offsets made relative to it.
_WINDOW = 220
_LO = f"(CASE WHEN f.start > {_WINDOW} THEN f.start - {_WINDOW} ELSE 0 END)"
_FIGURE_SQL = (
    "SELECT f.id, f.document_id, f.indicator_code, f.value, f.unit_of_measure, f.recurrence, f.period_start,"
    " f.period_end, f.reported_on, f.scope_unit_id, f.scope_province, f.scope_district, f.scope_commune,"
    f' f.start - {_LO}, f."end" - {_LO}, substr(d.text, CAST({_LO} + 1 AS INTEGER), CAST(coalesce(f."end", 0) - {_LO} + ? AS INTEGER)), d.issued_on,'
    " f.target"
    " FROM figures f JOIN documents d ON d.id = f.document_id"
)


def link_document(db: Database, document_id: int) -> None:
    """Link the figures of a newly stored document, and the stored figures its targets now explain."""
    figures = db.execute(_FIGURE_SQL + " WHERE f.document_id = ? AND f.indicator_code IS NOT NULL",
                         [_WINDOW, document_id]).fetchall()
    # The stored figures a target of this document may now explain: same indicator and province, dated
    # within the target's period (or in a document citing this one). Only those are read again, so that
    # linking one document costs about the same at 100,000 stored documents as at 100.
    targets = db.execute(
        "SELECT t.indicator_code, t.scope_province, t.period_start, t.period_end, t.due, d.issued_on"
        " FROM targets t JOIN documents d ON d.id = t.document_id WHERE t.document_id = ?"
        " AND t.indicator_code IS NOT NULL", [document_id]
    ).fetchall()
    spans: dict[tuple[str, str | None], tuple[int | None, int | None]] = {}
    for code, province, p_start, p_end, due, issued in targets:
        first = _year(p_start) or _year(issued)
        last = _year(due) or _year(p_end)
        if (code, province) in spans:  # the union of the periods of the document's targets of one indicator
            old_first, old_last = spans[(code, province)]
            first = None if first is None or old_first is None else min(first, old_first)
            last = None if last is None or old_last is None else max(last, old_last)
        spans[(code, province)] = (first, last)
    seen = {row[0] for row in figures}
    for (code, province), (first, last) in spans.items():
        sql = _FIGURE_SQL + " WHERE f.indicator_code = ? AND f.document_id <> ? AND "
        params: list[Any] = [_WINDOW, code, document_id]
        if province is None:
            sql += "f.scope_province IS NULL"
        else:
            sql += "f.scope_province = ?"
            params.append(province)
        dated = []
        if first is not None:
            dated.append("substr(coalesce(f.reported_on, d.issued_on), 1, 4) >= ?")
            params.append(f"{first:04d}")
        if last is not None:
            dated.append("substr(coalesce(f.reported_on, d.issued_on), 1, 4) <= ?")
            params.append(f"{last + 1:04d}")
        if dated:
            # an undated figure or one citing this document may still name it: those are read too
            sql += (" AND ((" + " AND ".join(dated) + ") OR coalesce(f.reported_on, d.issued_on) IS NULL"
                    ' OR f.document_id IN (SELECT document_id FROM "references" WHERE resolved_document_id = ?))')
            params.append(document_id)
        for row in db.execute(sql, params).fetchall():
            if row[0] not in seen:
                seen.add(row[0])
                figures.append(row)
    touched: set[str] = set()
    cache: dict[Any, Any] = {}
    for row in figures:
        old = row[-1]
        if old:
            touched.add(old)
        if row[1] == document_id:
            best = _best_target(db, row, cache)
        else:  # a stored figure kept its best target: only this document's targets can beat it
            best = _best_target(db, row, cache, among=(document_id, old))
        if best is None:
            if old:
                db.execute("UPDATE figures SET target = NULL, link_reason = NULL, progress = NULL WHERE id = ?",
                           [row[0]])
            continue
        target_id, reason, progress = best
        touched.add(target_id)
        db.execute("UPDATE figures SET target = ?, link_reason = ?, progress = ? WHERE id = ?",
                   [target_id, reason, progress, row[0]])
    summarize(db, touched)


def _best_target(db: Database, row: tuple, cache: dict[Any, Any] | None = None,
                 among: tuple[int, str | None] | None = None) -> tuple[str, str, float | None] | None:
    """The target a figure reports on, with the reason and the progress; `cache` keeps the candidate
    targets and a document's citations between the figures of one linking. `among=(document id,
    target id)` weighs only the targets of that document and that one target (the figure's link
    before the document was stored)."""
    cache = {} if cache is None else cache
    (fid, fdoc, code, value, uom, recurrence, p_start, p_end, reported_on, s_unit, s_prov, s_dist, s_comm,
     start, end, text, doc_date) = row[:17]
    text = text or ""
    scope: Scope = (s_unit, s_prov, s_dist, s_comm)
    after = text[end:end + 200] if end is not None else ""
    before = text[max(0, (start or 0) - 200):start or 0]
    cited = _citation(text, start, end)
    fig_date = reported_on or doc_date
    if ("cites", fdoc) not in cache:
        cache[("cites", fdoc)] = {r[0] for r in db.execute(
            'SELECT resolved_document_id FROM "references" WHERE document_id = ? AND resolved_document_id IS NOT NULL',
            [fdoc]).fetchall()}
    cites = cache[("cites", fdoc)]
    if among is None:
        candidates = _candidates(db, code, fdoc, scope, cited, _year(fig_date), cites, cache)
    else:
        key = ("among", code, among[0])
        if key not in cache:
            cache[key] = [_target(r) for r in db.execute(
                _TARGET_SQL + " WHERE t.indicator_code = ? AND t.document_id = ?", [code, among[0]]).fetchall()]
        candidates = list(cache[key])
        if among[1] is not None:  # figures of one stored report often share their old target: read once
            if ("target", among[1]) not in cache:
                cache[("target", among[1])] = [
                    _target(r) for r in db.execute(_TARGET_SQL + " WHERE t.id = ?", [among[1]]).fetchall()]
            candidates += cache[("target", among[1])]
    if not candidates:
        return None
    progress_stated = start is not None and end is not None and is_progress(text, start, end)
    ranked = []
    for t in candidates:
        relation = _scope_relation(scope, t.scope)
        explicit = _explicit(cited, t, scope)
        if explicit:
            reason = f"văn bản ghi rõ: {explicit}"
            rank = 0
        elif relation and _period_agrees(fig_date, t) and (_measure_class(uom) == _measure_class(t.uom) or progress_stated):
            reason = "cùng chỉ tiêu, " + ("cùng đơn vị" if relation == "same" else BELOW) + ", trong thời hạn"
            rank = 1 if t.document_id not in cites else 0
            if t.document_id in cites:
                reason = "báo cáo dẫn văn bản đặt chỉ tiêu; " + reason
        else:
            continue
        prog = _progress(value, uom, recurrence, p_start, p_end, t, relation or "", text, start, end, before, after)
        # the nearest: same unit first, then the latest target issued on or before the figure's date
        ranked.append(((rank, relation != "same", _neg_date(t.doc_issued_on)), t.id, reason, prog))
    if not ranked:
        return None
    ranked.sort(key=lambda r: r[0])
    _, tid, reason, prog = ranked[0]
    return tid, reason, prog


# At most this many of the newest targets that agree in indicator, scope and period are weighed for
# one figure (beside those of documents it cites): the newest wins among equals anyway.
_CANDIDATES = 300


def _candidates(db: Database, code: str, fdoc: int, scope: Scope, cited: _Cited | None, year: int | None,
                cites: set[int], cache: dict[Any, Any]) -> list[_Target]:
    """The stored targets a figure can be linked to, read through the indicator/province index: a
    target of the figure's unit or province whose period holds the figure's year (what
    `_scope_relation` and `_period_agrees` can accept), the targets of documents the figure's
    document cites, and, when the figure's words name a document, the targets `_explicit` may
    accept (of any period)."""
    s_unit, s_prov = scope[0], scope[1]
    queries: list[tuple[str, list[Any]]] = []
    if cited is not None:
        sql = _TARGET_SQL + " WHERE t.indicator_code = ? AND t.document_id <> ?"
        params: list[Any] = [code, fdoc]
        if not cited.number:  # without a number the named document must share the figure's province
            sql += " AND t.scope_province = ?"
            params.append(s_prov)
        queries.append((sql, params))
    if year is not None and (s_unit is not None or s_prov is not None):
        start = "coalesce(substr(t.period_start, 1, 4), substr(d.issued_on, 1, 4))"
        end = "coalesce(substr(t.due, 1, 4), substr(t.period_end, 1, 4))"
        scoped = []  # each through its index (an OR of the two read every target of the indicator)
        params = []
        for column, value in (("scope_unit_id", s_unit), ("scope_province", s_prov)):
            if value is not None:
                scoped.append(f"SELECT rowid FROM targets WHERE indicator_code = ? AND {column} = ?")
                params.extend([code, value])
        # The newest that agree chosen first, then only their documents' heads read.
        chosen = (
            f"SELECT t.rowid FROM targets t JOIN documents d ON d.id = t.document_id WHERE t.rowid IN"
            f" ({' UNION '.join(scoped)}) AND t.document_id <> ?"
            f" AND ({start} IS NULL OR {start} <= ?) AND ({end} IS NULL OR {end} >= ?)"
            " ORDER BY d.issued_on DESC, t.id LIMIT ?"
        )
        params.extend([fdoc, f"{year:04d}", f"{year - 1:04d}", _CANDIDATES])
        queries.append((_TARGET_SQL + f" WHERE t.rowid IN ({chosen})", params))
    if cites:
        marks = ", ".join("?" * len(cites))
        queries.append((_TARGET_SQL + f" WHERE t.indicator_code = ? AND t.document_id IN ({marks})",
                        [code, *sorted(cites)]))
    found: dict[str, _Target] = {}
    for sql, params in queries:
        key = ("targets", sql, *params)
        if key not in cache:
            cache[key] = [_target(r) for r in db.execute(sql, params).fetchall()]
        for target in cache[key]:
            found.setdefault(target.id, target)
    return list(found.values())


def _measure_class(uom: str | None) -> str:
    return "rate" if uom == "%" else "money" if uom == "đồng" else "count"


def _neg_date(date: str | None) -> tuple[int, str]:
    # later documents first: sort on the inverted characters of the date
    if not date:
        return (1, "")
    return (0, "".join(chr(0x7F - ord(c)) for c in date))


@dataclass
class _Cited:
    words: str
    kind: str | None
    number: str | None
    term: tuple[str, str] | None
    congress: bool


def _citation(text: str, start: int | None, end: int | None) -> _Cited | None:
    """What the figure's words say it is measured against ("so với Nghị quyết số …")."""
    if end is None or start is None:
        return None
    after = text[end:end + 200]
    if not is_progress(text, start, end):
        # a count followed by its share: "kết nạp được 5.966 đảng viên, đạt 62,8% so với …"
        share = _SHARE_AFTER.match(after)
        if share is None:
            return None
        after = after[share.end():]
    match = _CITED.search(after[:60]) or None
    if match is None:
        plain = _PLAN_WORD.match(after)
        if not plain:
            return None
        return _Cited(plain.group(0).strip(" %"), _KIND_WORDS.get(plain.group("kind").lower()), None, None, False)
    rest = match.group("rest")
    number = _CITED_NUMBER.match(rest)
    term = _TERM.search(rest)
    words = match.group(0)[: match.end() - match.start() - len(rest) + term.end()] if term else match.group(0)[:90]
    return _Cited(
        words.strip() if term else words.rsplit(" ", 1)[0].strip(), _KIND_WORDS.get(match.group("kind").lower()),
        number_lead(number.group(1)) if number else None,
        (term.group(1), term.group(2)) if term else None, bool(_CONGRESS.search(rest)),
    )


def _explicit(cited: _Cited | None, t: _Target, scope: Scope) -> str | None:
    if cited is None:
        return None
    if cited.number:
        return f"«{cited.words}»" if number_lead(t.doc_number) == cited.number else None
    if cited.kind and t.doc_kind and cited.kind != t.doc_kind:
        return None
    if not (scope[1] and scope[1] == t.scope[1]):
        return None
    if cited.congress:
        head = (t.doc_title or "") + " " + t.doc_head
        if not _CONGRESS.search(head):
            return None
        if cited.term and not all(year in head for year in cited.term):
            return None
        return f"«{cited.words}»"
    if cited.kind is None:
        return None
    return None  # "so với kế hoạch" alone names no document: indicator, unit and period decide


def _scope_relation(fig: Scope, target: Scope) -> str | None:
    """'same' when the figure's unit is the target's, 'below' when it lies inside it, else None."""
    if fig[0] is not None and fig[0] == target[0]:
        return "same"
    if target[1] is None or fig[1] != target[1]:
        return None
    for level in (2, 3):
        if target[level] is not None and fig[level] != target[level]:
            return None
    depth_t = sum(1 for x in target[1:] if x)
    depth_f = sum(1 for x in fig[1:] if x)
    return "same" if depth_t == depth_f else "below" if depth_f > depth_t else None


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def _period_agrees(fig_date: str | None, t: _Target) -> bool:
    year = _year(fig_date)
    if year is None:
        return False
    start = _year(t.period_start) or _year(t.doc_issued_on)
    end = _year(t.due) or _year(t.period_end)
    if start is not None and year < start:
        return False
    return not (end is not None and year > end + 1)


def _progress(value: float | None, uom: str | None, recurrence: str | None, p_start: str | None,
              p_end: str | None, t: _Target, relation: str, text: str, start: int | None, end: int | None,
              before: str, after: str) -> float | None:
    if value is None:
        return None
    if start is not None and end is not None and is_progress(text, start, end):
        return round(100 + value, 2) if _EXCEED.search(before) else value
    if t.value is None or t.value <= 0 or t.comparator in ("lt", "lte"):
        return None
    if (uom == "%") != (t.uom == "%"):
        return None
    if uom == "%":
        return round(value / t.value * 100, 1)
    if uom != t.uom or relation != "same":
        return None
    if t.recurrence == "yearly":
        one_year = recurrence == "yearly" or (p_start is None or _year(p_start) == _year(p_end or p_start))
        if not one_year or p_start is None and p_end is None:
            return None
    return round(value / t.value * 100, 1)


# ---- a target's latest figure ----------------------------------------------------------------


def summarize(db: Database, target_ids: Iterable[str]) -> None:
    for tid in target_ids:
        rows = db.execute(
            "SELECT f.id, f.value, f.reported_on, f.progress, f.unit_of_measure, f.link_reason FROM figures f"
            " WHERE f.target = ?"
            " ORDER BY f.reported_on, f.id", [tid]
        ).fetchall()
        if not rows:
            db.execute("UPDATE targets SET latest_figure = NULL, latest_value = NULL, latest_on = NULL,"
                       " progress = NULL, behind = NULL WHERE id = ?", [tid])
            continue
        target = db.execute(_TARGET_SQL + " WHERE t.id = ?", [tid]).fetchone()
        measure = _measure_class(target[5]) if target else None
        # the latest figure that measures progress (a unit's own, not one below it), in the target's own
        # measure where there is one ("5.966 đảng viên", not "62,8%"); of a day's counts the largest (the total)
        chosen = max(rows, key=lambda r: (BELOW not in (r[5] or ""), r[2] or "", _measure_class(r[4]) == measure,
                                          r[3] is not None, r[1] or 0))
        measured = max(rows, key=lambda r: (r[3] is not None, BELOW not in (r[5] or ""), r[2] or "",
                                            _measure_class(r[4]) == measure, r[1] or 0))
        progress = measured[3]
        behind = _behind(_target(target), progress, measured[2]) if target else None
        db.execute("UPDATE targets SET latest_figure = ?, latest_value = ?, latest_on = ?, progress = ?, behind = ?"
                   " WHERE id = ?", [chosen[0], chosen[1], chosen[2], progress, behind, tid])


def _behind(t: _Target, progress: float | None, on: str | None) -> int | None:
    if progress is None:
        return None
    year = _year(on)
    end = _year(t.due) or _year(t.period_end)
    if year is None or end is None:
        return None
    if t.recurrence == "yearly":  # each year's result is that year's target reached or not
        return int(progress < 100)
    if t.uom == "%":
        return int(progress < 100 and year >= end)
    start = _year(t.period_start) or _year(t.doc_issued_on)
    if start is None or end <= start:
        return int(progress < 100 and year >= end)
    elapsed = min(max((year - start + 0.5) / (end - start + 1), 0.0), 1.0)
    return int(progress < elapsed * 100)


# ---- reading ------------------------------------------------------------------------------


def figure_links(db: Database, document_id: int) -> dict[int, tuple[str | None, str | None, float | None]]:
    """Figure index → (target, link_reason, progress) for a document's linked figures."""
    rows = db.execute("SELECT item_index, target, link_reason, progress FROM figures WHERE document_id = ?"
                      " AND target IS NOT NULL", [document_id]).fetchall()
    return {int(r[0]): (r[1], r[2], r[3]) for r in rows}


def overlay(record: dict[str, Any], links: dict[int, tuple[str | None, str | None, float | None]]) -> None:
    """Set `target`, `link_reason` and `progress` on the record's figures from the store's links."""
    for index, figure in enumerate(record.get("figures") or []):
        target, reason, progress = links.get(index, (None, None, None))
        figure["target"], figure["link_reason"], figure["progress"] = target, reason, progress


_CONTEXT = 160  # characters of the document shown either side of a target's words


def target_page(db: Database, target_id: str) -> dict[str, Any]:
    """A target with its document, the words it came from (and around them), its linked figures (oldest
    first) and its progress: what `GET /api/targets/{id}` and `/targets/{id}` show."""
    from ingest.errors import NotFound

    columns = ("id", "document_id", "measure", "comparator", "value", "value_max", "unit_of_measure",
               "period_start", "period_end", "recurrence", "due", "unit", "unit_id", "evidence", "start", "end",
               "indicator_code", "indicator_name", "indicator_confidence", "latest_figure", "latest_value",
               "latest_on", "progress", "behind")
    row = db.execute(f'SELECT {", ".join(f"t.{_q(c)}" for c in columns)} FROM targets t WHERE t.id = ?',
                     [target_id]).fetchone()
    if row is None:
        raise NotFound(f"no target with id {target_id!r}")
    target = dict(zip(columns, row, strict=True))
    doc = db.execute("SELECT id, kind, number, title, issuer, issued_on, text FROM documents WHERE id = ?",
                     [target["document_id"]]).fetchone()
    text = doc[6] or ""
    start, end = target["start"], target["end"]
    context = None
    if start is not None and end is not None and 0 <= start <= end <= len(text):
        lo, hi = max(0, start - _CONTEXT), min(len(text), end + _CONTEXT)
        # whole words at both ends
        lo = lo if lo == 0 else next((i + 1 for i in range(lo, start) if text[i].isspace()), start)
        hi = hi if hi == len(text) else next((i for i in range(hi, end, -1) if text[i - 1].isspace()), end)
        context = {"before": text[lo:start], "text": text[start:end], "after": text[end:hi]}
    target["indicator"] = (
        {"code": target["indicator_code"], "name": target["indicator_name"],
         "confidence": target["indicator_confidence"]} if target["indicator_code"] else None
    )
    target["behind"] = None if target["behind"] is None else bool(target["behind"])
    target["document"] = {"id": doc[0], "kind": doc[1], "number": doc[2], "title": doc[3], "issuer": doc[4],
                          "issued_on": doc[5]}
    target["context"] = context
    fig_columns = ("id", "document_id", "measure", "comparator", "value", "value_max", "unit_of_measure",
                   "as_of", "reported_on", "unit", "evidence", "link_reason", "progress")
    figures = db.execute(
        f'SELECT {", ".join(f"f.{_q(c)}" for c in fig_columns)}, d.number, d.title, d.kind, d.issued_on'
        " FROM figures f JOIN documents d ON d.id = f.document_id WHERE f.target = ?"
        " ORDER BY f.reported_on, f.document_id, f.item_index", [target_id]
    ).fetchall()
    target["figures"] = [
        dict(zip(fig_columns, r[: len(fig_columns)], strict=True))
        | {"document": {"id": r[1], "number": r[-4], "title": r[-3], "kind": r[-2], "issued_on": r[-1]}}
        for r in figures
    ]
    return target


def _q(column: str) -> str:
    return f'"{column}"' if column in ("end", "start") else column


def indicators_in_use(db: Database) -> list[dict[str, Any]]:
    from extract.indicators import catalogue

    counts: dict[str, dict[str, int]] = {}
    for kind in TRACKED:
        for code, count in db.execute(
            f"SELECT indicator_code, count(*) FROM {kind} WHERE indicator_code IS NOT NULL GROUP BY indicator_code"
        ).fetchall():
            counts.setdefault(code, {"targets": 0, "figures": 0})[kind] = int(count)
    known = catalogue()
    return [
        {"code": code, "name": known[code].name if code in known else code, **counts[code]}
        for code in sorted(counts)
    ]


def before_delete(db: Database, document_id: int) -> tuple[list[str], list[str]]:
    """What a document's deletion will leave to re-link: (its targets, the targets its figures report on)."""
    lost = [r[0] for r in db.execute("SELECT id FROM targets WHERE document_id = ?", [document_id]).fetchall()]
    touched = [r[0] for r in db.execute(
        "SELECT DISTINCT target FROM figures WHERE document_id = ? AND target IS NOT NULL", [document_id]).fetchall()]
    return lost, touched


def after_delete(db: Database, lost_targets: list[str], touched_targets: list[str]) -> None:
    """Figures that reported on a deleted target look for another; targets lose deleted figures."""
    touched = set(touched_targets) - set(lost_targets)
    for target_id in lost_targets:
        for row in db.execute(_FIGURE_SQL + " WHERE f.target = ?", [_WINDOW, target_id]).fetchall():
            best = _best_target(db, row)
            if best is None:
                db.execute("UPDATE figures SET target = NULL, link_reason = NULL, progress = NULL WHERE id = ?", [row[0]])
            else:
                db.execute("UPDATE figures SET target = ?, link_reason = ?, progress = ? WHERE id = ?",
                           [best[0], best[1], best[2], row[0]])
                touched.add(best[0])
    summarize(db, touched)


def relink_after_rewrite(db: Database, document_id: int) -> None:
    """After a document's item rows were rewritten (a correction, a re-extraction): its figures and
    targets are linked again, and figures that reported on a target now gone look for another."""
    orphans = [r[0] for r in db.execute(
        "SELECT DISTINCT f.target FROM figures f WHERE f.target IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM targets t WHERE t.id = f.target)").fetchall()]
    after_delete(db, orphans, [])
    link_document(db, document_id)
    summarize(db, [r[0] for r in db.execute("SELECT id FROM targets WHERE document_id = ?", [document_id]).fetchall()])
