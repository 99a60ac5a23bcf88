"""The searchable store. Everything outside this package uses `corpus.store.Store`:

    >>> from corpus.store import Store
    >>> store = Store("data/vanban.db")
    >>> doc_id, created = store.add(extraction, source_bytes_sha256=sha)
    >>> store.search("phat trien dang vien", unit="Tỉnh ủy Nghệ An")["hits"]
    >>> store.rows("targets", since="2024-05-01")

`Store(url)` opens SQLite (a path, `sqlite:///…`) or PostgreSQL (`postgresql://…`).

Modules: `schema` (tables, migrations), `store` (the facade and its SQLite implementation),
`postgres` and `pgtext` (the PostgreSQL implementation: schema, tsvector search), `files` (original
files by content), `migrate` (one store copied into another), `search` and `query` (FTS5 over an
exact and a folded column), `units` (the unit tree), `references` (citations → documents),
`items` (targets/figures/deadlines as rows with stable ids), `export` (CSV/JSON/NDJSON),
`text` (folding and snippets). `data/abbreviations.json` feeds query expansion.
"""
