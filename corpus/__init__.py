"""The searchable store. Everything outside this package uses `corpus.store.Store`:

    >>> from corpus.store import Store
    >>> store = Store("data/vanban.db")
    >>> doc_id, created = store.add(extraction, source_bytes_sha256=sha)
    >>> store.search("phat trien dang vien", unit="Tỉnh ủy Nghệ An")["hits"]
    >>> store.rows("targets", since="2024-05-01")

Modules: `schema` (tables, migrations), `store` (the facade), `search` and `query` (FTS5 over an
exact and a folded column), `units` (the unit tree), `references` (citations → documents),
`items` (targets/figures/deadlines as rows with stable ids), `export` (CSV/JSON/NDJSON),
`text` (folding and snippets). `data/abbreviations.json` feeds query expansion.
"""
