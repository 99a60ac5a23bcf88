"""The translation of the query layer's FTS5 expressions into PostgreSQL tsquery conditions."""

from __future__ import annotations

import pytest

from corpus import pgtext
from corpus.query import parse_query
from ingest.errors import BadQuery

FOLDED = ("title_folded", "text_folded")
EXACT = ("title", "text")


def test_tokens_are_fts5_unicode61_words_in_lower_case():
    assert pgtext.tokens("Đảng ủy 28-NQ/TU, dân_vận") == "đảng ủy 28 nq tu dân vận"
    assert pgtext.tokens(None) == ""


def test_words_phrases_prefixes_and_alternatives():
    match = parse_query('phat trien "dang vien" dân* UBND OR "uy ban"').match(FOLDED, folded=True)
    sql, params = pgtext.condition(match)
    assert sql == "documents.fts_folded @@ to_tsquery('simple', ?)"
    assert params == [
        "((((('phat') & ('trien')) & ('dang' <-> 'vien')) & ('dan':*))"
        " & ((('ubnd') | ('uy' <-> 'ban' <-> 'nhan' <-> 'dan')) | ('uy' <-> 'ban')))"
    ]


def test_exact_columns_and_not_between_column_filters():
    query = parse_query("đảng viên")
    expression = f"({query.match(EXACT, folded=False)}) NOT ({query.phrase_match(FOLDED)})"
    sql, params = pgtext.condition(expression, table="d")
    assert sql == "(d.fts_exact @@ to_tsquery('simple', ?) AND NOT d.fts_folded @@ to_tsquery('simple', ?))"
    assert params == ["(('đảng') & ('viên'))", "('dang' <-> 'vien')"]


def test_a_phrase_without_words_matches_nothing():
    assert pgtext.condition('{title_folded text_folded} : "--"') == ("FALSE", [])


def test_mixed_or_unknown_columns_are_refused():
    with pytest.raises(BadQuery):
        pgtext.condition('{title text_folded} : "a"')
    with pytest.raises(BadQuery):
        pgtext.condition('"a" AND')
