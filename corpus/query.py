"""User queries → FTS5 MATCH expressions that cannot fail.

Every word and phrase is quoted as an FTS5 string, so FTS5 syntax typed by a user
(`AND`, `*`, `(`, `-`, `:`, `^`, a stray quote) is searched as text instead of raising an
SQLite error. Supported on purpose: "a phrase" in balanced double quotes, a trailing `*` for
a prefix (`phat*`), `OR` between two words, and abbreviations expanded from
`corpus/data/abbreviations.json` (`TVTU` also finds "Thường vụ Tỉnh ủy").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corpus.text import clean_query_text
from ingest.errors import BadQuery
from ingest.normalize import fold

MAX_QUERY_CHARS = 500
MAX_TERMS = 32
_WORD = re.compile(r"\w", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')
_DATA = Path(__file__).parent / "data" / "abbreviations.json"


@dataclass(frozen=True)
class Term:
    """One thing to find: a word or phrase (as typed), maybe a prefix."""

    text: str
    prefix: bool = False
    expansion: bool = False  # an abbreviation's expansion (the store keeps these phrases' documents)


@dataclass(frozen=True)
class ParsedQuery:
    """AND of groups; each group is an OR of alternative terms."""

    groups: tuple[tuple[Term, ...], ...]

    def match(self, columns: tuple[str, ...], *, folded: bool) -> str:
        """FTS5 MATCH text restricted to `columns`, in folded or exact form."""
        parts = []
        for group in self.groups:
            alternatives = [_fts_string(term, folded=folded) for term in group]
            parts.append(alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")")
        return "{" + " ".join(columns) + "} : (" + " AND ".join(parts) + ")"


    def phrase_match(self, columns: tuple[str, ...]) -> str | None:
        """The words as one folded phrase ('phat trien dang vien'), for ranking; None for one word."""
        if len(self.groups) < 2 or any(group[0].prefix for group in self.groups):
            return None
        words = " ".join(fold(group[0].text) for group in self.groups)
        return "{" + " ".join(columns) + '} : "' + words.replace('"', '""') + '"'


@dataclass(frozen=True)
class Abbreviation:
    expansions: tuple[str, ...]
    upper_only: bool


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, Abbreviation]:
    """Folded abbreviation → its expansions, from the data file."""
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    table: dict[str, Abbreviation] = {}
    for entry in data["entries"]:
        table[fold(entry["abbr"])] = Abbreviation(tuple(entry["expansions"]), bool(entry.get("upper_only")))
    return table


def parse_query(q: str) -> ParsedQuery | None:
    """Parse a search box query; None when it is empty (list everything).

    Raises BadQuery when the query is too long or has text but nothing to search for.
    """
    q = clean_query_text(q or "").strip()
    if not q:
        return None
    if len(q) > MAX_QUERY_CHARS:
        raise BadQuery(f"query is {len(q)} characters long; the limit is {MAX_QUERY_CHARS}")
    items = _tokens(q)
    if all(kind == "op" for kind, _ in items):  # 'AND', 'OR NOT': the words themselves
        items = [("word", text) for _, text in items]
    groups: list[list[Term]] = []
    join_next = False
    for kind, text in items:
        if kind == "op":
            if text == "OR" and groups:
                join_next = True
            continue
        term = _term(text, phrase=(kind == "phrase"))
        if term is None:
            continue
        alternatives = [term, *_expand(term, phrase=(kind == "phrase"))]
        if join_next and groups:
            groups[-1].extend(alternatives)
        else:
            groups.append(alternatives)
        join_next = False
    if not groups:
        raise BadQuery(f"nothing to search for in {q!r}: type at least one word or number")
    if len(groups) > MAX_TERMS:
        raise BadQuery(f"query has {len(groups)} terms; the limit is {MAX_TERMS}")
    return ParsedQuery(tuple(tuple(_dedupe(g)) for g in groups))


def query_terms(parsed: ParsedQuery) -> list[str]:
    """Folded words of a parsed query (for highlighting outside FTS)."""
    return [fold(term.text) for group in parsed.groups for term in group]


def _tokens(q: str) -> list[tuple[str, str]]:
    """('phrase'|'word'|'op', text) in order; unbalanced quotes are dropped, not parsed."""
    items: list[tuple[str, str]] = []
    if q.count('"') % 2:
        q = q.replace('"', " ")
    pos = 0
    for match in _PHRASE.finditer(q):
        items.extend(_words(q[pos : match.start()]))
        items.append(("phrase", match.group(1)))
        pos = match.end()
    items.extend(_words(q[pos:]))
    return items


def _words(chunk: str) -> list[tuple[str, str]]:
    out = []
    for word in chunk.split():
        if word in ("AND", "OR", "NOT"):
            out.append(("op", word))
        else:
            out.append(("word", word))
    return out


def _term(text: str, *, phrase: bool) -> Term | None:
    prefix = False
    if not phrase and text.endswith("*"):
        text = text.rstrip("*")
        prefix = True
    text = text.strip()
    if not _WORD.search(text.replace("_", "")):
        return None
    return Term(text, prefix=prefix)


def _expand(term: Term, *, phrase: bool) -> list[Term]:
    if phrase or term.prefix:
        return []
    word = term.text.strip(".,;:!?()[]{}'")
    entry = abbreviations().get(fold(word))
    if entry is None or (entry.upper_only and not word.isupper()):
        return []
    return [Term(expansion, expansion=True) for expansion in entry.expansions]


def _dedupe(terms: list[Term]) -> list[Term]:
    seen: set[tuple[str, bool]] = set()
    out = []
    for term in terms:
        key = (fold(term.text), term.prefix)
        if key not in seen:
            seen.add(key)
            out.append(term)
    return out


def _fts_string(term: Term, *, folded: bool) -> str:
    text = fold(term.text) if folded else term.text
    return '"' + text.replace('"', '""') + '"' + ("*" if term.prefix else "")
