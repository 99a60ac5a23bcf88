"""`vanban eval-links`: how well targets are tracked to their results, on documents with gold links.

The gold (`gold.json` beside a `docs/` folder) lists targets and figures by document stem, kind
and value with the indicator a person settled, and the links from figures to targets. The
documents are extracted and stored in a fresh in-memory store (in name order, and the links must
not depend on it); then

- link precision: the share of the links the store made that the gold has,
- link recall: the share of the gold links the store made,
- indicator accuracy: the share of gold items whose extracted indicator is the gold one (an item
  not extracted counts as wrong; a null in gold is right only when nothing is mapped).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Key = tuple[str, str, float]  # stem, kind, value


@dataclass
class LinkReport:
    documents: int = 0
    links_found: int = 0
    links_gold: int = 0
    links_right: int = 0
    items_gold: int = 0
    items_right: int = 0
    wrong_links: list[str] = field(default_factory=list)
    missed_links: list[str] = field(default_factory=list)
    wrong_indicators: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.links_right / self.links_found if self.links_found else 1.0

    @property
    def recall(self) -> float:
        return self.links_right / self.links_gold if self.links_gold else 1.0

    @property
    def indicator_accuracy(self) -> float:
        return self.items_right / self.items_gold if self.items_gold else 1.0


def _close(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))


def evaluate(root: Path, *, reverse: bool = False) -> LinkReport:
    from corpus.store import Store
    from extract import extract_document
    from ingest import load_path

    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
    paths = sorted((root / "docs").glob("*.txt"), reverse=reverse)
    report = LinkReport(documents=len(paths))
    with Store(":memory:") as store:
        ids: dict[str, int] = {}
        for path in paths:
            ids[path.stem], _ = store.add(extract_document(load_path(path)))
        rows: dict[str, list[dict[str, Any]]] = {}
        for kind in ("targets", "figures"):
            sql = (f'SELECT t.id, d.filename, t.value, t.indicator_code{", t.target" if kind == "figures" else ""}'
                   f' FROM "{kind}" t JOIN documents d ON d.id = t.document_id')
            rows[kind] = [
                {"id": r[0], "stem": Path(r[1]).stem, "value": r[2], "indicator": r[3],
                 "target": r[4] if kind == "figures" else None}
                for r in store.db.execute(sql).fetchall()
            ]
    by_id = {row["id"]: row for kind in rows for row in rows[kind]}

    def find(stem: str, kind: str, value: float) -> dict[str, Any] | None:
        return next((r for r in rows[kind] if r["stem"] == stem and _close(r["value"], value)), None)

    for stem, kind, value, code in gold["items"]:
        report.items_gold += 1
        row = find(stem, kind, value)
        if row is not None and row["indicator"] == code:
            report.items_right += 1
        else:
            report.wrong_indicators.append(f"{stem} {kind} {value}: {row['indicator'] if row else 'not extracted'}"
                                           f" (gold {code})")
    gold_links = {(f[0], f[1], t[0], t[1]) for f, t in (tuple(pair) for pair in gold["links"])}
    made = set()
    for fig in rows["figures"]:
        if fig["target"] and fig["target"] in by_id:
            target = by_id[fig["target"]]
            made.add((fig["stem"], fig["value"], target["stem"], target["value"]))
    report.links_gold = len(gold_links)
    report.links_found = len(made)

    def matches(a: tuple, b: tuple) -> bool:
        return a[0] == b[0] and _close(a[1], b[1]) and a[2] == b[2] and _close(a[3], b[3])

    for link in made:
        if any(matches(link, g) for g in gold_links):
            report.links_right += 1
        else:
            report.wrong_links.append(f"{link[0]} {link[1]} → {link[2]} {link[3]}")
    for g in gold_links:
        if not any(matches(link, g) for link in made):
            report.missed_links.append(f"{g[0]} {g[1]} → {g[2]} {g[3]}")
    return report


def format_report(report: LinkReport, *, details: bool = False) -> str:
    lines = [
        f"documents {report.documents}",
        f"links      precision {report.precision:.3f}  recall {report.recall:.3f}"
        f"  (made {report.links_found}, gold {report.links_gold}, right {report.links_right})",
        f"indicators accuracy  {report.indicator_accuracy:.3f}  ({report.items_right}/{report.items_gold})",
    ]
    if details:
        lines += [f"  wrong link: {x}" for x in sorted(report.wrong_links)]
        lines += [f"  missed link: {x}" for x in sorted(report.missed_links)]
        lines += [f"  wrong indicator: {x}" for x in report.wrong_indicators]
    return "\n".join(lines)
