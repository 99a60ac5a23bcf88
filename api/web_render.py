"""What the staff pages show, as pure functions: Vietnamese labels, dates and numbers, the
document text with its items highlighted, and small SVG charts. No FastAPI in here.

`api/web.py` calls these and hands the results to the templates in `api/templates/`.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from corpus.items import item_rows
from extract.models import Extraction
from ingest.normalize import fold

KIND_LABELS = {
    "resolution": "Nghị quyết", "directive": "Chỉ thị", "conclusion": "Kết luận", "regulation": "Quy định",
    "decision": "Quyết định", "plan": "Kế hoạch", "program": "Chương trình", "project": "Đề án",
    "guidance": "Hướng dẫn", "notice": "Thông báo", "report": "Báo cáo", "official_letter": "Công văn",
    "submission": "Tờ trình", "law": "Luật", "ordinance": "Pháp lệnh", "decree": "Nghị định",
    "circular": "Thông tư", "joint_circular": "Thông tư liên tịch", "consolidated": "Văn bản hợp nhất",
    "news": "Tin tức", "other": "Văn bản khác",
}
UNIT_KIND_LABELS = {
    "party_committee": "Cấp ủy đảng", "committee_body": "Cơ quan của cấp ủy", "party_organization": "Tổ chức đảng",
    "mass_organization": "Đoàn thể", "state_body": "Cơ quan nhà nước", "steering_committee": "Ban chỉ đạo",
    "other": "Đơn vị khác",
}
LEVEL_LABELS = {
    "central": "Trung ương", "province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã",
    "grassroots": "Cơ sở",
}
LEVEL_ORDER = {"central": 0, "province": 1, "district": 2, "commune": 3, "grassroots": 4}
NBSP = "\u00a0"
RECURRENCE_LABELS = {"yearly": "hằng năm", "quarterly": "hằng quý", "monthly": "hằng tháng"}
COMPARATOR_SIGNS = {"eq": "", "gte": "≥ ", "gt": "> ", "lte": "≤ ", "lt": "< ", "approx": "≈ ", "range": ""}
COMPARATOR_WORDS = {
    "eq": "bằng", "gte": "ít nhất", "gt": "hơn", "lte": "không quá", "lt": "dưới", "approx": "khoảng", "range": "từ … đến",
}

# Highlight categories of the document page, in legend order: (code, label).
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("unit", "Đơn vị"),
    ("person", "Người ký, cán bộ"),
    ("reference", "Văn bản dẫn chiếu"),
    ("target", "Chỉ tiêu"),
    ("figure", "Số liệu đạt được"),
    ("deadline", "Thời hạn"),
)
_CATEGORY_ORDER = {code: rank for rank, (code, _) in enumerate(CATEGORIES)}


# ---- words and numbers ----------------------------------------------------------------------


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", "Văn bản") if kind else "Văn bản"


def format_date(value: str | None) -> str:
    """ISO at any precision → Vietnamese: '2024-04-12' → '12/04/2024', '2024-06' → 'tháng 6/2024'."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"tháng {int(parts[1])}/{parts[0]}"
    if len(parts) == 1 and parts[0].isdigit():
        return f"năm {parts[0]}"
    return value


def short_date(value: str | None) -> str:
    """For table cells: '2025', '06/2024', '12/04/2024'."""
    if not value:
        return ""
    parts = value.split("-")
    if all(p.isdigit() for p in parts) and 1 <= len(parts) <= 3:
        return "/".join(reversed(parts))
    return value


def format_number(value: float | int | None) -> str:
    """Vietnamese digits: 11117 → '11.117', 62.8 → '62,8'."""
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole, _, fraction = f"{value:,.4f}".rstrip("0").partition(".")
    return whole.replace(",", ".") + ("," + fraction if fraction else "")


def compact_number(value: float) -> str:
    """Short axis labels: 5e9 → '5 tỷ', 2.5e6 → '2,5 triệu'."""
    for size, word in ((1e9, "tỷ"), (1e6, "triệu")):
        if abs(value) >= size:
            return f"{format_number(round(value / size, 2))} {word}"
    return format_number(round(value, 2))


def format_quantity(item: dict[str, Any]) -> str:
    """'≥ 80%', '220 đảng viên', '3–4%', '≈ 5.000.000.000 đồng' from a target or figure (record or row)."""
    value = item.get("value")
    if value is None:
        return ""
    uom = item.get("unit_of_measure") or ""
    number = format_number(value)
    if item.get("value_max") is not None:
        number += "–" + format_number(item["value_max"])
    sign = COMPARATOR_SIGNS.get(item.get("comparator") or "eq", "").replace(" ", NBSP)
    suffix = uom if uom == "%" else (NBSP + uom if uom else "")
    return f"{sign}{number}{suffix}"


def recurrence_label(value: str | None) -> str:
    return RECURRENCE_LABELS.get(value or "", "")


def period_label(start: str | None, end: str | None, recurrence: str | None = None) -> str:
    """'2024 – 2025, hằng năm'."""
    span = " – ".join(format_date(v).removeprefix("năm ") for v in (start, end) if v)
    if start and end and start == end:
        span = format_date(start).removeprefix("năm ")
    return ", ".join(part for part in (span, recurrence_label(recurrence)) if part)


# ---- the highlighted text -------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A stretch of the document text to highlight."""

    start: int
    end: int
    category: str
    title: str
    anchor: str | None = None


def item_ids(record: dict[str, Any]) -> dict[str, list[str]]:
    """The export row ids of a stored record's targets, figures and deadlines, in item order
    (the same ids `/api/targets` gives, so a CSV row leads back to its words)."""
    extraction = Extraction.model_validate(record)
    rows = item_rows(
        extraction, sha256=record.get("source", {}).get("sha256") or "", document_id=int(record.get("id") or 0),
        created_at="", unit_ids={},
    )
    return {
        kind: [item.get("id") or row["id"] for row, item in zip(kind_rows, record.get(kind) or [], strict=False)]
        for kind, kind_rows in rows.items()
    }


def document_spans(record: dict[str, Any], ids: dict[str, list[str]]) -> list[Span]:
    """Every highlight of a stored record: unit mentions, people, references, targets, figures, deadlines."""
    spans: list[Span] = []
    for index, unit in enumerate(record.get("units") or []):
        for mention in unit.get("mentions") or []:
            spans.append(Span(mention["start"], mention["end"], "unit", f"Đơn vị: {unit['name']}", None))
        if unit.get("mentions"):
            first = min(unit["mentions"], key=lambda m: m["start"])
            spans.append(Span(first["start"], first["end"], "unit-anchor", "", f"unit-{index}"))
    for index, person in enumerate(record.get("people") or []):
        positions = ", ".join(person.get("positions") or [])
        spans.append(_span(person, "person", f"Người: {person['name']}" + (f" — {positions}" if positions else ""),
                           f"person-{index}"))
    for index, ref in enumerate(record.get("references") or []):
        label = " ".join(v for v in (kind_label(ref.get("kind")), ref.get("number") or "") if v)
        if ref.get("issued_on"):
            label += f" ngày {format_date(ref['issued_on'])}"
        spans.append(_span(ref, "reference", f"Văn bản dẫn chiếu: {label}", f"reference-{index}"))
    for kind, category, word, when in (
        ("targets", "target", "Chỉ tiêu", "due"), ("figures", "figure", "Số liệu", "as_of"),
    ):
        for index, item in enumerate(record.get(kind) or []):
            title = f"{word}: {format_quantity(item)}"
            if item.get("measure"):
                title += f" — {item['measure']}"
            if item.get(when):
                title += f" ({'hạn' if when == 'due' else 'tính đến'} {format_date(item[when])})"
            spans.append(_span(item, category, title, f"{category}-{ids[kind][index]}"))
    for index, item in enumerate(record.get("deadlines") or []):
        due = format_date(item.get("due")) or recurrence_label(item.get("recurrence"))
        spans.append(_span(item, "deadline", f"Thời hạn: {due}" + (f" — {item['task']}" if item.get("task") else ""),
                           f"deadline-{ids['deadlines'][index]}"))
    return [span for span in spans if span.start is not None and span.end is not None]


def _span(item: dict[str, Any], category: str, title: str, anchor: str) -> Span:
    return Span(item.get("start"), item.get("end"), category, title, anchor)  # type: ignore[arg-type]


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """The text, escaped, with each span wrapped in `<span class="hl hl-CATEGORY">`.

    Spans may nest or cross: a span that ends inside another is closed and the other reopened,
    so the HTML stays well formed. A span's anchor id goes on its first piece only. A
    zero-width 'unit-anchor' places only an id (the first mention of a unit).
    """
    size = len(text)
    cleaned = sorted(
        (s for s in spans if 0 <= s.start < s.end <= size),
        key=lambda s: (s.start, -s.end, _CATEGORY_ORDER.get(s.category, 9)),
    )
    anchors = {s.start: s.anchor for s in cleaned if s.category == "unit-anchor"}
    spans_list = [s for s in cleaned if s.category != "unit-anchor"]
    boundaries = sorted({0, size, *(s.start for s in spans_list), *(s.end for s in spans_list), *anchors})
    out: list[str] = []
    stack: list[Span] = []
    position = 0
    next_span = 0
    for boundary in boundaries:
        out.append(str(escape(text[position:boundary])))
        position = boundary
        closing = [i for i, s in enumerate(stack) if s.end == boundary]
        if closing:
            keep = [s for s in stack[closing[0]:] if s.end != boundary]
            out.append("</span>" * (len(stack) - closing[0]))
            del stack[closing[0]:]
            for span in keep:
                out.append(_open(span, first=False))
                stack.append(span)
        if boundary in anchors:
            out.append(f'<span class="anchor" id="{escape(anchors[boundary])}"></span>')
        while next_span < len(spans_list) and spans_list[next_span].start == boundary:
            span = spans_list[next_span]
            out.append(_open(span, first=True))
            stack.append(span)
            next_span += 1
    out.append(str(escape(text[position:])))
    out.append("</span>" * len(stack))
    return Markup("".join(out))


def _open(span: Span, *, first: bool) -> str:
    anchor = f' id="{escape(span.anchor)}"' if first and span.anchor else ""
    return f'<span class="hl hl-{span.category}" title="{escape(span.title)}"{anchor}>'


# ---- charts --------------------------------------------------------------------------------

NO_UNIT_OF_MEASURE = "(không rõ đơn vị tính)"


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    series: str  # "target" or "figure"
    y_max: float | None
    label: str
    href: str


@dataclass(frozen=True)
class Chart:
    unit_of_measure: str
    points: int
    svg: Markup
    title: str = ""  # the measure charted: the indicator's name, or the measure as the documents word it
    key: str = ""  # the measure's key for `?measure=` (unit pages)


@dataclass(frozen=True)
class Measure:
    """One measure of a unit's targets and figures: an indicator of the catalogue in one unit of
    measure, or (for items mapped to no indicator) one measure label in one unit of measure."""

    key: str
    title: str
    unit_of_measure: str
    indicator_code: str | None
    points: tuple[Point, ...]


@dataclass(frozen=True)
class UnitCharts:
    """What a unit page charts: the charts shown, every measure staff may choose (most points
    first), the chosen measure's key, and a `?measure=` value that names none (shown as an error)."""

    charts: list[Chart]
    measures: list[Measure]
    chosen: str | None = None
    unknown: str | None = None


def _when(row: dict[str, Any], key: str) -> float | None:
    """A fractional year for a row: its due/as_of date, else the end of its period, else the document's date."""
    for value in (row.get(key), row.get("period_end"), row.get("document_issued_on")):
        if value and value[:4].isdigit():
            parts = value.split("-")
            month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 12
            return int(parts[0]) + (month - 0.5) / 12 if len(parts) > 1 else int(parts[0]) + 0.5
    return None


def _point(row: dict[str, Any], series: str, key: str, word: str) -> Point | None:
    when = _when(row, key)
    if row.get("value") is None or when is None:
        return None
    label = f"{word}: {format_quantity(row)} — {row.get('measure') or ''} ({format_date(row.get(key) or row.get('document_issued_on'))})"
    href = f"/documents/{row['document_id']}#{series}-{row['id']}"
    top = float(row["value_max"]) if row.get("value_max") is not None else None
    return Point(when, float(row["value"]), series, top, label, href)


def _series(targets: Sequence[dict[str, Any]], figures: Sequence[dict[str, Any]]) -> Iterable[tuple[dict[str, Any], Point]]:
    """Each target and figure that has a value and a date, with its point."""
    for rows, series, key, word in ((targets, "target", "due", "Chỉ tiêu"), (figures, "figure", "as_of", "Số liệu")):
        for row in rows:
            point = _point(row, series, key, word)
            if point is not None:
                yield row, point


def chart_points(targets: Sequence[dict[str, Any]], figures: Sequence[dict[str, Any]]) -> dict[str, list[Point]]:
    """Targets and figures with a value and a date, grouped by unit of measure (the caller has
    already chosen one measure: a target page's target and the figures linked to it)."""
    groups: dict[str, list[Point]] = {}
    for row, point in _series(targets, figures):
        groups.setdefault(row.get("unit_of_measure") or NO_UNIT_OF_MEASURE, []).append(point)
    return groups


def measure_name(text: str | None) -> str:
    """A measure label as a grouping key: case folded, diacritics kept, whitespace collapsed."""
    return " ".join((text or "").casefold().split())


def _measure_group(row: dict[str, Any]) -> tuple[str, str, str] | None:
    """The measure a row belongs to: ("indicator", code, unit of measure) when it is mapped to an
    indicator, else ("measure", its label normalised, unit of measure); None without either (such a
    row is in the tables, never pooled with others on a chart by its unit of measure alone)."""
    uom = row.get("unit_of_measure") or NO_UNIT_OF_MEASURE
    if row.get("indicator_code"):
        return ("indicator", str(row["indicator_code"]), uom)
    name = measure_name(row.get("measure") or row.get("label"))
    return ("measure", name, uom) if name else None


def _measure_key(group: tuple[str, str, str]) -> str:
    return hashlib.sha256("\x1f".join(group).encode("utf-8")).hexdigest()[:12]


def measures(targets: Sequence[dict[str, Any]], figures: Sequence[dict[str, Any]]) -> list[Measure]:
    """The measures of these targets and figures that have a dated value, most points first
    (indicators before labels, then by name when equal)."""
    from extract.indicators import catalogue

    known = catalogue()
    points: dict[tuple[str, str, str], list[Point]] = {}
    spellings: dict[tuple[str, str, str], Counter[str]] = {}
    for row, point in _series(targets, figures):
        group = _measure_group(row)
        if group is None:
            continue
        points.setdefault(group, []).append(point)
        label = " ".join(str(row.get("measure") or row.get("label") or "").split())
        spellings.setdefault(group, Counter())[label] += 1
    out = []
    for group, found in points.items():
        kind, name, uom = group
        if kind == "indicator":
            title = known[name].name if name in known else name
        else:  # the measure as most of its items word it (first seen on a tie), as a heading
            worded = spellings[group].most_common(1)[0][0]
            title = worded[:1].upper() + worded[1:]
        out.append(Measure(_measure_key(group), title, uom, name if kind == "indicator" else None, tuple(found)))
    return sorted(out, key=lambda m: (-len(m.points), m.indicator_code is None, fold(m.title), m.unit_of_measure))


def chart(measure: Measure) -> Chart:
    svg = scatter_svg(measure.unit_of_measure, measure.points, title=measure.title)
    return Chart(measure.unit_of_measure, len(measure.points), svg, title=measure.title, key=measure.key)


def unit_charts(
    targets: Sequence[dict[str, Any]], figures: Sequence[dict[str, Any]], *, measure: str | None = None, limit: int = 4
) -> UnitCharts:
    """The charts of a unit page, one measure each. Without `measure`: the `limit` measures with
    the most points, leaving out measures of one single point unless no measure has more (then the
    one most used). With `measure` (a key of `measures`): that measure's chart alone; a key naming
    no measure gives the default charts and `unknown`."""
    found = measures(targets, figures)
    if measure:
        for candidate in found:
            if candidate.key == measure:
                return UnitCharts([chart(candidate)], found, chosen=candidate.key)
    several = [m for m in found if len(m.points) > 1]
    shown = several[:limit] if several else found[:1]
    return UnitCharts([chart(m) for m in shown], found, unknown=measure or None)


def charts(targets: Sequence[dict[str, Any]], figures: Sequence[dict[str, Any]], *, limit: int = 4) -> list[Chart]:
    """One chart per measure, the measures most worth showing (see `unit_charts`)."""
    return unit_charts(targets, figures, limit=limit).charts


def _nice_step(span: float, ticks: int = 4) -> float:
    raw = span / ticks if span > 0 else 1.0
    exponent = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * exponent:
            return factor * exponent
    return 10 * exponent


def scatter_svg(
    unit_of_measure: str, points: Sequence[Point], *, title: str = "", width: int = 560, height: int = 260
) -> Markup:
    """An inline SVG of one measure over time: its targets as a line through their levels at their
    due dates (a range target at its lower bound, with a bar up to its upper bound; one target alone
    as its level from the chart's start to its due date), each target marked by a small diamond,
    and its figures as filled circles. Each marker links to its words and carries its label."""
    left, right, top, bottom = 84, 14, 14, 34
    years = [p.x for p in points]
    x_min, x_max = math.floor(min(years)), math.floor(max(years)) + 1
    values = [p.y for p in points] + [p.y_max for p in points if p.y_max is not None]
    y_low = min(0.0, min(values))
    step = _nice_step(max(values) - y_low)
    y_high = max(step, math.ceil(max(values) / step) * step)
    if y_high <= max(values):
        y_high += step
    plot_w, plot_h = width - left - right, height - top - bottom

    def sx(x: float) -> float:
        return left + (x - x_min) / (x_max - x_min) * plot_w

    def sy(y: float) -> float:
        return top + (1 - (y - y_low) / (y_high - y_low)) * plot_h

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img"'
        f' aria-label="{escape(_chart_label(unit_of_measure, points, title))}"'
        ' preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">',
    ]
    tick = y_low
    while tick <= y_high + step / 1000:
        y = sy(tick)
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(compact_number(tick))}</text>')
        tick += step
    year_step = max(1, math.ceil((x_max - x_min) / 8))
    for year in range(x_min, x_max + 1):
        x = sx(year)
        parts.append(f'<line class="axis-tick" x1="{x:.1f}" x2="{x:.1f}" y1="{top + plot_h}" y2="{top + plot_h + 4}"/>')
        if year < x_max and (year - x_min) % year_step == 0:
            parts.append(f'<text class="tick" x="{sx(year + 0.5):.1f}" y="{height - 10}" text-anchor="middle">{year}</text>')
    parts.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}"/>')
    line = sorted((p for p in points if p.series == "target"), key=lambda p: (p.x, p.y))
    if line:
        vertices = [(sx(p.x), sy(p.y)) for p in line]
        if len(vertices) == 1:
            vertices.insert(0, (float(left), vertices[0][1]))
        drawn = " ".join(f"{x:.1f},{y:.1f}" for x, y in vertices)
        parts.append(f'<polyline class="target-line" points="{drawn}"/>')
    for point in sorted(points, key=lambda p: p.series != "target"):
        x, y = sx(point.x), sy(point.y)
        bar = ""
        if point.y_max is not None:
            bar = f'<line class="range range-{point.series}" x1="{x:.1f}" x2="{x:.1f}" y1="{y:.1f}" y2="{sy(point.y_max):.1f}"/>'
        if point.series == "target":
            shape = f'<path class="pt pt-target" d="M{x:.1f} {y - 6:.1f}L{x + 6:.1f} {y:.1f}L{x:.1f} {y + 6:.1f}L{x - 6:.1f} {y:.1f}Z"/>'
        else:
            shape = f'<circle class="pt pt-figure" cx="{x:.1f}" cy="{y:.1f}" r="5.5"/>'
        parts.append(f'<a href="{escape(point.href)}"><title>{escape(point.label)}</title>{bar}{shape}</a>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _chart_label(unit_of_measure: str, points: Sequence[Point], title: str = "") -> str:
    targets = sum(1 for p in points if p.series == "target")
    what = f"{title}, " if title else ""
    return (
        f"Biểu đồ theo năm, {what}đơn vị tính {unit_of_measure}: {targets} chỉ tiêu (đường nối các mức phải đạt),"
        f" {len(points) - targets} số liệu (điểm tròn)"
    )


# ---- the list of units --------------------------------------------------------------------

CENTRAL_GROUP = "Trung ương"
NO_PLACE_GROUP = "Chưa rõ địa bàn"


def units_by_province(tree: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The unit forest grouped by province (central bodies first, units without a place last),
    then by level: `[{"province", "units", "documents", "levels": [{"label", "nodes"}]}]`."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for node in tree:
        province = (node.get("locality") or {}).get("province")
        name = province or (CENTRAL_GROUP if node.get("level") == "central" else NO_PLACE_GROUP)
        groups.setdefault(name, []).append(node)

    def count(nodes: Sequence[dict[str, Any]]) -> tuple[int, int]:
        units = documents = 0
        for node in nodes:
            below = count(node["children"])
            units += 1 + below[0]
            documents += node["documents"] + below[1]
        return units, documents

    def order(name: str) -> tuple[int, str]:
        return (0 if name == CENTRAL_GROUP else 2 if name == NO_PLACE_GROUP else 1, fold(name))

    out = []
    for name in sorted(groups, key=order):
        levels: dict[str, list[dict[str, Any]]] = {}
        for node in groups[name]:
            levels.setdefault(node.get("level") or "", []).append(node)
        ranked = sorted(levels.items(), key=lambda item: LEVEL_ORDER.get(item[0], 9))
        units, documents = count(groups[name])
        out.append({
            "province": name, "units": units, "documents": documents,
            "levels": [{"label": LEVEL_LABELS.get(level, "Chưa rõ cấp"), "nodes": nodes} for level, nodes in ranked],
        })
    return out


def find_units(
    tree: Sequence[dict[str, Any]], query: str, *, limit: int = 200,
    folded: Sequence[tuple[str, dict[str, Any]]] | None = None,
) -> list[dict[str, Any]]:
    """Units whose name contains the query (diacritics and case ignored), for the search box.
    `folded`: every node with its folded name, in tree order (`folded_names`), when the caller keeps it."""
    wanted = fold(query).strip()
    found = []
    for name, node in folded if folded is not None else folded_names(tree):
        if wanted in name:
            found.append((name, node))
            if len(found) >= limit:
                break
    return [node for _, node in sorted(found, key=lambda pair: pair[0])]


def folded_names(tree: Sequence[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Every unit of the tree with its folded name, parents before their children."""
    out: list[tuple[str, dict[str, Any]]] = []

    def walk(nodes: Sequence[dict[str, Any]]) -> None:
        for node in nodes:
            out.append((fold(node["name"]), node))
            walk(node["children"])

    walk(tree)
    return out
