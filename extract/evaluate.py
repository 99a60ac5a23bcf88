"""Score extraction records against gold records (CONTRACT.md, "Gold records").

Matching rules, per category, micro-averaged over the documents:
- document: each header field the gold settles (kind, number, title, issuer, issued_on,
  published_on, place, signer name) is one item; a predicted value for a field the gold
  leaves null is a false positive;
- units by normalized name or alias; people by name; references by kind and leading number;
- targets and figures by value, value_max and the class of the unit of measure (%, money, count);
- deadlines by due.
Gold items marked "optional" are neither missed nor, when found, counted as wrong; with
`strict=True` they count as ordinary items (the report prints both).

Beyond matching, two qualities of the matched items that staff copy by hand are scored:
- labels: a matched target or figure whose gold record has a measure counts as labelled when the
  predicted measure shares syllables with the gold one at F1 >= 0.5;
- target due: a matched target counts when its due equals the gold due (both null included);
- item units: a matched target, figure or deadline whose gold names its responsible unit counts when
  the predicted `unit` is that unit (normalized name).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.normalize import fix_tone_placement

CATEGORIES = ("document", "units", "people", "references", "targets", "figures", "deadlines")
HEADER_FIELDS = ("kind", "number", "title", "issuer", "issued_on", "published_on", "place", "signer")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else (1.0 if not self.fp else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Ratio:
    ok: int = 0
    total: int = 0

    def add(self, other: Ratio) -> None:
        self.ok += other.ok
        self.total += other.total

    @property
    def value(self) -> float:
        return self.ok / self.total if self.total else 1.0


QUALITIES = ("target_labels", "figure_labels", "target_due", "item_units")


class NothingPaired(ValueError):
    """No document in the docs folder has a gold record: a run that would score nothing."""


@dataclass
class DocResult:
    stem: str
    scores: dict[str, Score]
    misses: dict[str, list[Any]] = field(default_factory=dict)
    extras: dict[str, list[Any]] = field(default_factory=dict)
    error: str | None = None
    qualities: dict[str, Ratio] = field(default_factory=dict)
    label_misses: list[tuple[str, str | None, str | None]] = field(default_factory=list)


@dataclass
class EvalReport:
    totals: dict[str, Score]
    documents: list[DocResult]
    qualities: dict[str, Ratio] = field(default_factory=dict)
    strict: EvalReport | None = None

    @property
    def macro_f1(self) -> float:
        return sum(self.totals[c].f1 for c in CATEGORIES) / len(CATEGORIES)


def norm_name(text: str | None) -> str:
    if not text:
        return ""
    text = fix_tone_placement(unicodedata.normalize("NFC", text))
    text = re.sub(r"[\s\u00a0]+", " ", text).strip(" .,;:")
    return text.casefold()


def norm_title(text: str | None) -> str:
    text = norm_name(text)
    text = re.sub(r"[\"“”'‘’«».,;:()\-–]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def leading_number(number: str | None) -> str | None:
    if not number:
        return None
    m = re.match(r"\s*0*(\d+)", number)
    return m.group(1) if m else norm_name(number)


def quantity_class(uom: str | None) -> str:
    if uom == "%":
        return "%"
    if uom and norm_name(uom) in {"đồng", "vnđ", "vnd"}:
        return "money"
    return "count"


def _num(v: Any) -> float | None:
    return None if v is None else round(float(v), 4)


_SYLLABLE = re.compile(r"[^\W_]+|%")


def syllables(text: str | None) -> list[str]:
    """The syllables of a label, abbreviations written in full on both sides ('HTX' = 'hợp tác xã')."""
    from extract.labels import expand

    return _SYLLABLE.findall(norm_name(expand(text or "")))


def label_f1(gold: str | None, pred: str | None) -> float:
    """Syllable overlap (a multiset F1) of two measure labels."""
    g, p = syllables(gold), syllables(pred)
    if not g or not p:
        return 0.0
    rest = list(p)
    common = 0
    for s in g:
        if s in rest:
            rest.remove(s)
            common += 1
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def _affinity(g: dict, p: dict) -> float:
    """How well a predicted item that matches fits its gold item beyond the match: label, then due."""
    score = label_f1(g.get("measure") or g.get("task"), p.get("measure") or p.get("task"))
    if (g.get("due") or None) == (p.get("due") or None):
        score += 0.5
    return score


def _match(
    gold: list[dict], pred: list[dict], same: Callable[[dict, dict], bool], strict: bool = False
) -> tuple[Score, list, list, list[tuple[dict, dict]]]:
    """Pair gold with predicted items; among several candidates the best fitting one is taken."""
    score = Score()
    used: set[int] = set()
    missed = []
    pairs = []
    for g in gold:
        optional = bool(g.get("optional")) and not strict
        candidates = [i for i, p in enumerate(pred) if i not in used and same(g, p)]
        if not candidates:
            if not optional:
                score.fn += 1
                missed.append(g)
            continue
        hit = max(candidates, key=lambda i: _affinity(g, pred[i]))
        used.add(hit)
        if not optional:
            score.tp += 1
            pairs.append((g, pred[hit]))
    extras = [p for i, p in enumerate(pred) if i not in used]
    score.fp += len(extras)
    return score, missed, extras, pairs


def _same_unit(g: dict, p: dict) -> bool:
    names = {norm_name(g.get("name"))} | {norm_name(a) for a in g.get("aliases") or []}
    return norm_name(p.get("name")) in names


def _same_person(g: dict, p: dict) -> bool:
    return norm_name(g.get("name")) == norm_name(p.get("name"))


def _same_reference(g: dict, p: dict) -> bool:
    return g.get("kind") == p.get("kind") and leading_number(g.get("number")) == leading_number(p.get("number"))


def _same_quantity(g: dict, p: dict) -> bool:
    return (
        _num(g.get("value")) == _num(p.get("value"))
        and _num(g.get("value_max")) == _num(p.get("value_max"))
        and quantity_class(g.get("unit_of_measure")) == quantity_class(p.get("unit_of_measure"))
    )


def _same_deadline(g: dict, p: dict) -> bool:
    return (g.get("due") or None) == (p.get("due") or None)


def _header_items(doc: dict) -> dict[str, str]:
    items = {}
    for key in HEADER_FIELDS:
        value = doc.get(key)
        if key == "signer":
            value = (value or {}).get("name")
        if value in (None, "", []):
            continue
        items[key] = norm_title(value) if key in ("title", "issuer", "place", "signer") else str(value)
    return items


def _same_title(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return bool(short) and short in long_ and len(short) >= 0.8 * len(long_)


def score_document(gold: dict, pred: dict, strict: bool = False) -> DocResult:
    scores: dict[str, Score] = {}
    misses: dict[str, list] = {}
    extras: dict[str, list] = {}
    g_items = _header_items(gold.get("document") or {})
    p_items = _header_items(pred.get("document") or {})
    header = Score()
    for key in HEADER_FIELDS:
        g, p = g_items.get(key), p_items.get(key)
        if g is None and p is None:
            continue
        ok = g is not None and p is not None and (_same_title(g, p) if key == "title" else g == p)
        if ok:
            header.tp += 1
            continue
        if g is not None:
            header.fn += 1
            misses.setdefault("document", []).append({key: g})
        if p is not None:
            header.fp += 1
            extras.setdefault("document", []).append({key: p})
    scores["document"] = header
    same = {
        "units": _same_unit, "people": _same_person, "references": _same_reference,
        "targets": _same_quantity, "figures": _same_quantity, "deadlines": _same_deadline,
    }
    qualities = {q: Ratio() for q in QUALITIES}
    label_misses = []
    for cat, fn in same.items():
        s, m, e, pairs = _match(gold.get(cat) or [], pred.get(cat) or [], fn, strict)
        scores[cat] = s
        if m:
            misses[cat] = m
        if e:
            extras[cat] = e
        if cat in ("targets", "figures"):
            labels = qualities["target_labels" if cat == "targets" else "figure_labels"]
            for gold_item, pred_item in pairs:
                if gold_item.get("measure"):
                    labels.total += 1
                    if label_f1(gold_item["measure"], pred_item.get("measure")) >= 0.5:
                        labels.ok += 1
                    else:
                        label_misses.append((cat, gold_item["measure"], pred_item.get("measure")))
        if cat in ("targets", "figures", "deadlines"):
            for gold_item, pred_item in pairs:
                if gold_item.get("unit"):
                    qualities["item_units"].total += 1
                    if norm_name(gold_item["unit"]) == norm_name(pred_item.get("unit")):
                        qualities["item_units"].ok += 1
                    else:
                        label_misses.append(("unit", gold_item["unit"], pred_item.get("unit")))
        if cat == "targets":
            for gold_item, pred_item in pairs:
                qualities["target_due"].total += 1
                if (gold_item.get("due") or None) == (pred_item.get("due") or None):
                    qualities["target_due"].ok += 1
                else:
                    label_misses.append(("due", gold_item.get("due"), pred_item.get("due")))
    return DocResult(stem="", scores=scores, misses=misses, extras=extras, qualities=qualities,
                     label_misses=label_misses)


def pair_files(gold_dir: Path, docs_dir: Path) -> list[tuple[Path, Path]]:
    docs = {p.stem: p for p in sorted(docs_dir.iterdir()) if p.is_file()}
    pairs = []
    for gold in sorted(gold_dir.glob("*.json")):
        if gold.stem in docs:
            pairs.append((gold, docs[gold.stem]))
    return pairs


def evaluate_records(pairs: Iterable[tuple[str, dict, dict]], strict: bool = False) -> EvalReport:
    """Score (stem, gold, predicted) records; the report also carries the strict scoring
    (optional gold items counted as ordinary ones) unless it is itself the strict one."""
    pairs = list(pairs)
    totals = {c: Score() for c in CATEGORIES}
    qualities = {q: Ratio() for q in QUALITIES}
    results = []
    for stem, gold, pred in pairs:
        res = score_document(gold, pred, strict)
        res.stem = stem
        for c in CATEGORIES:
            totals[c].add(res.scores[c])
        for q in QUALITIES:
            qualities[q].add(res.qualities[q])
        results.append(res)
    report = EvalReport(totals=totals, documents=results, qualities=qualities)
    if not strict:
        report.strict = evaluate_records(pairs, strict=True)
    return report


def evaluate_dirs(gold_dir: str | Path, docs_dir: str | Path) -> EvalReport:
    """Extract every file in docs_dir that has a gold record in gold_dir, and score it."""
    from extract import extract_document
    from ingest import load_path

    gold_dir, docs_dir = Path(gold_dir), Path(docs_dir)
    records = []
    paired = pair_files(gold_dir, docs_dir)
    if not paired:
        raise NothingPaired(f"no file in {docs_dir} has a gold record (same stem) in {gold_dir}")
    for gold_path, doc_path in paired:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        extraction = extract_document(load_path(doc_path))
        records.append((gold_path.stem, gold, extraction.model_dump(mode="json")))
    return evaluate_records(records)


def format_report(report: EvalReport) -> str:
    lines = [f"{'category':<12}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for c in CATEGORIES:
        s = report.totals[c]
        lines.append(f"{c:<12}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
    lines.append(f"{'macro F1':<12}{'':>14}{report.macro_f1:>7.3f}   ({len(report.documents)} documents)")
    if report.strict is not None:
        lines.append(f"{'  optional items counted':<26}{report.strict.macro_f1:>7.3f}")
    for q in QUALITIES:
        r = report.qualities.get(q)
        if r is not None:
            lines.append(f"{q.replace('_', ' '):<26}{r.value:>7.3f}   ({r.ok}/{r.total} matched items)")
    return "\n".join(lines)


def format_details(report: EvalReport) -> str:
    """Per-document misses and extras, for working on the rules."""
    out = []
    for d in report.documents:
        if not d.misses and not d.extras and not d.label_misses:
            continue
        out.append(f"== {d.stem}")
        for cat in CATEGORIES:
            for m in d.misses.get(cat, []):
                out.append(f"  MISS {cat}: {_brief(m)}")
            for e in d.extras.get(cat, []):
                out.append(f"  EXTRA {cat}: {_brief(e)}")
        for what, g, p in d.label_misses:
            out.append(f"  LABEL {what}: gold {g!r} got {p!r}")
    return "\n".join(out)


def _brief(item: dict) -> str:
    keys = ("name", "kind", "number", "value", "value_max", "unit_of_measure", "due", "measure", "task", "evidence")
    if len(item) == 1:
        return json.dumps(item, ensure_ascii=False)
    return json.dumps({k: item[k] for k in keys if item.get(k) is not None}, ensure_ascii=False)


TABLE_HEADER = (
    "| set | docs | macro F1 | optional counted | document | units | people | references | targets | figures "
    "| deadlines | target labels | figure labels | target due | item units |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def markdown_row(name: str, report: EvalReport) -> str:
    """One row of the README's accuracy table, produced by `vanban eval --row NAME`."""
    cells = [name, str(len(report.documents)), f"{report.macro_f1:.3f}",
             f"{report.strict.macro_f1:.3f}" if report.strict is not None else "–"]
    cells += [f"{report.totals[c].f1:.3f}" for c in CATEGORIES]
    cells += [f"{report.qualities[q].value:.3f}" for q in QUALITIES]
    return "| " + " | ".join(cells) + " |"
