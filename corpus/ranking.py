"""How good the search's order is: nDCG@k over a judged query set (`corpus/data/queries.json`).

Each query is run as typed and folded (no diacritics, as staff often type), and scored against
the grades (0–2) a reader gave the documents, named by the stem of their file. nDCG uses the
gain 2^grade − 1 and a log2 discount; the ideal order is the judged documents by grade.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.normalize import fold

QUERIES = Path(__file__).parent / "data" / "queries.json"


@dataclass(frozen=True)
class Judged:
    query: str
    judgments: dict[str, int]


@dataclass(frozen=True)
class QueryScore:
    query: str
    typed: float
    folded: float


@dataclass(frozen=True)
class RankingReport:
    k: int
    scores: list[QueryScore]

    @property
    def typed(self) -> float:
        return sum(s.typed for s in self.scores) / len(self.scores) if self.scores else 0.0

    @property
    def folded(self) -> float:
        return sum(s.folded for s in self.scores) / len(self.scores) if self.scores else 0.0


def load_queries(path: Path = QUERIES) -> list[Judged]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Judged(q["query"], {str(k): int(v) for k, v in q["judgments"].items()}) for q in data["queries"]]


def ndcg(ranked: list[str], judgments: dict[str, int], k: int = 10) -> float:
    """nDCG@k of `ranked` (document names, best first) against graded `judgments`."""

    def dcg(grades: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]))

    ideal = dcg(sorted(judgments.values(), reverse=True))
    if ideal == 0:
        return 1.0
    return dcg([judgments.get(name, 0) for name in ranked]) / ideal


def evaluate(store: Any, names: dict[int, str], queries: list[Judged], *, k: int = 10) -> RankingReport:
    """Run each query (as typed and folded) on `store`; `names` maps document id → file stem."""
    scores = []
    for judged in queries:
        per_form = []
        for text in (judged.query, fold(judged.query)):
            hits = store.search(text, per_page=k)["hits"]
            per_form.append(ndcg([names.get(hit["id"], "") for hit in hits], judged.judgments, k))
        scores.append(QueryScore(judged.query, per_form[0], per_form[1]))
    return RankingReport(k, scores)


def format_report(report: RankingReport, *, details: bool = False) -> str:
    lines = []
    if details:
        for score in report.scores:
            lines.append(f"{score.typed:.3f}  {score.folded:.3f}  {score.query}")
    lines.append(
        f"search nDCG@{report.k} over {len(report.scores)} judged queries:"
        f" as typed {report.typed:.3f}, folded {report.folded:.3f}"
    )
    return "\n".join(lines)
