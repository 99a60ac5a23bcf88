"""Full-text search on PostgreSQL: the same queries as FTS5, over tsvector columns.

The query layer (`corpus.query`) writes FTS5 expressions; on PostgreSQL those expressions are
translated here into conditions on two tsvector columns of `documents`, each with a GIN index:
`fts_folded` (title and text folded: no tone marks, đ→d, lower case) and `fts_exact` (title and
text in lower case, diacritics kept). Titles are weight A, text weight D, so that ranking with
weights {D, C, B, A} = {0.1, 0, 0, 1} (at most 1 each) weighs titles ten times as FTS5's bm25 weights do.

Both sides are tokenized here, in Python, exactly as FTS5's unicode61 does (runs of letters and
digits): the tsvector is built from the tokens joined by spaces, with the 'simple' configuration,
which only lower-cases. A query then matches the same words on both backends, whatever the
database's locale.

The FTS5 subset the query layer writes: `{col col} : (…)` column filters, double-quoted phrases
(`""` inside), a trailing `*` for a prefix, AND / OR / NOT and parentheses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.errors import BadQuery

_TOKEN = re.compile(r"[^\W_]+")
FOLDED_COLUMNS = frozenset({"title_folded", "text_folded"})
EXACT_COLUMNS = frozenset({"title", "text"})
RANK_WEIGHTS = "{0.1, 0.0, 0.0, 1.0}"


def tokens(text: str | None) -> str:
    """The text as FTS5 unicode61 sees it: its words in lower case, joined by spaces."""
    return " ".join(_TOKEN.findall((text or "").lower()))


# ---- parsing the FTS5 subset -------------------------------------------------------------


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    prefix: bool


@dataclass(frozen=True)
class _Op:
    op: str  # "AND", "OR", "NOT"
    left: object
    right: object


@dataclass(frozen=True)
class _Columns:
    column: str  # "fts_folded" or "fts_exact"
    body: object


_LEXER = re.compile(r'\s*+(?:(?P<string>"(?:[^"]|"")*")|(?P<star>\*)|(?P<open>\()|(?P<close>\))|(?P<cols>\{[^}]*\})'
                    r'|(?P<colon>:)|(?P<word>AND|OR|NOT))')


def _lex(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _LEXER.match(text, pos)
        if match is None or match.end() == pos:
            raise BadQuery(f"cannot search for {text!r}")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


class _Parser:
    """FTS5 precedence: NOT binds tightest, then AND, then OR."""

    def __init__(self, text: str) -> None:
        self.items = _lex(text)
        self.pos = 0

    def peek(self) -> tuple[str, str] | None:
        return self.items[self.pos] if self.pos < len(self.items) else None

    def take(self, kind: str) -> str:
        item = self.peek()
        if item is None or item[0] != kind:
            raise BadQuery(f"cannot search for this expression (expected {kind})")
        self.pos += 1
        return item[1]

    def parse(self) -> object:
        node = self.or_expr()
        if self.peek() is not None:
            raise BadQuery("cannot search for this expression (trailing input)")
        return node

    def or_expr(self) -> object:
        node = self.and_expr()
        while self.peek() == ("word", "OR"):
            self.pos += 1
            node = _Op("OR", node, self.and_expr())
        return node

    def and_expr(self) -> object:
        node = self.not_expr()
        while (item := self.peek()) is not None and (item == ("word", "AND") or item[0] in ("string", "open", "cols")):
            if item == ("word", "AND"):
                self.pos += 1
            node = _Op("AND", node, self.not_expr())
        return node

    def not_expr(self) -> object:
        node = self.primary()
        while self.peek() == ("word", "NOT"):
            self.pos += 1
            node = _Op("NOT", node, self.primary())
        return node

    def primary(self) -> object:
        item = self.peek()
        if item is None:
            raise BadQuery("cannot search for an empty expression")
        kind, value = item
        self.pos += 1
        if kind == "open":
            node = self.or_expr()
            self.take("close")
            return node
        if kind == "cols":
            names = set(value[1:-1].split())
            self.take("colon")
            if names <= FOLDED_COLUMNS:
                return _Columns("fts_folded", self.primary())
            if names <= EXACT_COLUMNS:
                return _Columns("fts_exact", self.primary())
            raise BadQuery(f"cannot search the columns {sorted(names)} together")
        if kind == "string":
            prefix = self.peek() == ("star", "*")
            if prefix:
                self.pos += 1
            return _Phrase(tuple(tokens(value[1:-1].replace('""', '"')).split()), prefix)
        raise BadQuery(f"cannot search for {value!r} here")


# ---- to SQL -------------------------------------------------------------------------------


def _tsquery(node: object) -> str | None:
    """A tsquery text for a node inside one column filter; None for a phrase with no words (it
    matches nothing, as in FTS5)."""
    if isinstance(node, _Phrase):
        if not node.words:
            return None
        lexemes = [f"'{word}'" for word in node.words]
        if node.prefix:
            lexemes[-1] += ":*"
        return "(" + " <-> ".join(lexemes) + ")"
    if isinstance(node, _Op):
        left, right = _tsquery(node.left), _tsquery(node.right)
        if node.op == "OR":
            return left if right is None else right if left is None else f"({left} | {right})"
        if node.op == "AND":
            return None if left is None or right is None else f"({left} & {right})"
        return left if right is None or left is None else f"({left} & !{right})"
    raise BadQuery("a column filter inside a column filter cannot be searched")


def condition(match: str, *, table: str = "documents") -> tuple[str, list[str]]:
    """SQL (a boolean on `table`'s row) and its parameters for an FTS5 expression."""
    return _condition(_Parser(match).parse(), table)


def _condition(node: object, table: str) -> tuple[str, list[str]]:
    if isinstance(node, _Columns):
        query = _tsquery(node.body)
        if query is None:
            return "FALSE", []
        return f"{table}.{node.column} @@ to_tsquery('simple', ?)", [query]
    if isinstance(node, _Op):
        left, left_params = _condition(node.left, table)
        right, right_params = _condition(node.right, table)
        joined = {"AND": "AND", "OR": "OR", "NOT": "AND NOT"}[node.op]
        return f"({left} {joined} {right})", left_params + right_params
    raise BadQuery("a search expression must name its columns")


def column_query(match: str) -> tuple[str, str | None]:
    """(tsvector column, tsquery text or None for nothing) of a one-column-filter expression."""
    node = _Parser(match).parse()
    if not isinstance(node, _Columns):
        raise BadQuery("only one column filter can be ranked")
    return node.column, _tsquery(node.body)


def ranked(folded: str, exact: str, phrase: str | None) -> tuple[str, list[str]]:
    """SQL selecting `(id, folded score, exact score or NULL, phrase matched)` for the documents
    the folded expression matches, in one pass (each document's vectors are read once); lower
    scores are better, as FTS5's bm25."""
    folded_column, folded_query = column_query(folded)
    exact_column, exact_query = column_query(exact)
    phrase_column, phrase_query = column_query(phrase) if phrase else ("fts_folded", None)
    if folded_query is None:
        return "SELECT id, 0.0, NULL, FALSE FROM documents WHERE FALSE", []
    exact_score = (
        f"CASE WHEN {exact_column} @@ qe THEN -ts_rank('{RANK_WEIGHTS}', {exact_column}, qe) END"
        if exact_query is not None else "NULL"
    )
    phrase_test = f"{phrase_column} @@ qp" if phrase_query is not None else "FALSE"
    return (
        f"SELECT id, -ts_rank('{RANK_WEIGHTS}', {folded_column}, qf), {exact_score}, {phrase_test}"
        " FROM documents, to_tsquery('simple', ?) qf, to_tsquery('simple', ?) qe, to_tsquery('simple', ?) qp"
        f" WHERE {folded_column} @@ qf",
        [folded_query, exact_query or "", phrase_query or ""],
    )
