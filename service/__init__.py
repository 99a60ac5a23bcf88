"""The one composition of the libraries that every shell calls (the CLI, the API, the workers):
bytes → file store → Document → Extraction → store. Imports neither FastAPI nor click.

    >>> from service import ingest
    >>> stored = ingest.store_bytes(store, data, "kh.pdf", files=FileStore("data/files"))
    >>> stored.document_id, stored.created
"""
