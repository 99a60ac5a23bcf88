"""The store on PostgreSQL: `PostgresStore`, the same features as the embedded SQLite store.

The shared code of `corpus.store.Store` (and `search`, `export`, `units`, `references`,
`docindex`) runs its SQL through `PgDatabase.execute`, which takes SQLite's `?` placeholders and
rewrites the few SQLite idioms the store uses (`group_concat`, `json_each`, `rowid`, a unary
`+` that keeps SQLite off an index). Full-text search runs on tsvector columns with GIN indexes
(`corpus.pgtext`). Text columns compare bytewise (`COLLATE "C"`), as SQLite's do, so orders
agree on both backends whatever the database's locale.

The driver is pg8000 (pure Python, BSD licence). Connections run in autocommit; the store's
writes take an explicit transaction, and an advisory lock serializes writers across processes
and machines (the unit tree is re-linked on every write, as SQLite's single writer did).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from corpus import pgtext
from corpus.store import Store
from ingest.errors import BadQuery

log = logging.getLogger(__name__)
SCHEMA_VERSION = 7
WRITE_LOCK = 0x76616E62  # 'vanb': the advisory lock writers take
_RETURNING_ID = {"documents", "units", "references"}
_TEXT = 'TEXT COLLATE "C"'
INSERT_BATCH = 100  # rows per INSERT statement


# ---- the connection -------------------------------------------------------------------------


_GROUP_CONCAT = re.compile(r"group_concat\(([^()]*)\)")
_JSON_EACH = re.compile(r"SELECT value FROM json_each\(\?\)")
_INSERT = re.compile(r'^\s*INSERT INTO "?(\w+)"?', re.IGNORECASE)


def translate(sql: str) -> str:
    """SQLite SQL of the store → PostgreSQL SQL (placeholders stay `?`)."""
    sql = _GROUP_CONCAT.sub(r"string_agg(CAST(\1 AS TEXT), ',')", sql)
    sql = _JSON_EACH.sub("SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(? AS json)) AS value", sql)
    sql = re.sub(r"\browid\b", "id", sql)
    sql = sql.replace("+unit_id", "unit_id")
    return sql


@dataclass
class _Result:
    rows: list[tuple]
    description: list[tuple] | None
    lastrowid: int | None

    def fetchone(self) -> tuple | None:
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list[tuple]:
        return self.rows


class PgDatabase:
    """`execute(sql, params)` with `?` placeholders on a pg8000 connection."""

    is_postgres = True

    def __init__(self, url: str) -> None:
        parts = urlsplit(url.replace("postgresql+pg8000://", "postgresql://"))
        if not parts.path.strip("/"):
            raise BadQuery(f"store address {url!r} names no database (postgresql://user@host:port/database)")
        self._connect_args = {
            "user": unquote(parts.username or "postgres"),
            "password": unquote(parts.password) if parts.password else None,
            "host": parts.hostname or "127.0.0.1",
            "port": parts.port or 5432,
            "database": unquote(parts.path.strip("/")),
            "application_name": "vanban",
        }
        self.in_transaction = False
        self.conn = self._connect()

    def _connect(self) -> Any:
        import pg8000.dbapi

        conn = pg8000.dbapi.connect(**self._connect_args)
        conn.autocommit = True
        # The planner does not count what a sequential scan pays to unpack each row's tsvector
        # (tens of microseconds a document): for a broad query it picks one over the GIN index
        # and the search costs 2-4 times more (measured at 2,000 documents). The store's queries
        # are written for its indexes, so this connection prefers them.
        conn.execute_simple("SET enable_seqscan = off")
        return conn

    def execute(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> _Result:
        """Run one statement. A connection the server closed (a restart, a failover) is opened
        again and the statement sent once more, outside a transaction only (inside one, the
        transaction is lost and the error goes to the caller, who rolls back)."""
        from pg8000.exceptions import InterfaceError

        try:
            return self._execute(sql, params)
        except (InterfaceError, OSError):  # pg8000 lets a reset socket's OSError through as it is
            if self.in_transaction:
                raise
            try:
                self.conn.close()
            except Exception:  # the socket is gone already
                pass
            self.conn = self._connect()
            return self._execute(sql, params)

    def _execute(self, sql: str, params: list[Any] | tuple[Any, ...]) -> _Result:
        from pg8000.dbapi import convert_paramstyle

        sql = translate(sql)
        match = _INSERT.match(sql)
        returning = bool(match and match.group(1) in _RETURNING_ID and "RETURNING" not in sql.upper())
        if returning:
            sql += " RETURNING id"
        if params:
            # PostgreSQL text holds no NUL character (SQLite's does; none is ever stored).
            values = [v.replace("\x00", "") if isinstance(v, str) and "\x00" in v else v for v in params]
            statement, values = convert_paramstyle("qmark", sql, values)
            context = self.conn.execute_unnamed(statement, vals=values)
        else:
            context = self.conn.execute_unnamed(sql)
        rows = [tuple(row) for row in context.rows] if context.rows is not None else []
        description = [(column["name"],) for column in context.columns] if context.columns else None
        lastrowid = int(rows[0][0]) if returning and rows else None
        return _Result(rows, description, lastrowid)

    def executescript(self, sql: str) -> None:
        self.conn.execute_simple(sql)

    def close(self) -> None:
        from pg8000.exceptions import InterfaceError

        try:
            self.conn.close()
        except (InterfaceError, OSError):  # the server closed it first
            log.debug("closing a connection the server had closed", exc_info=True)


# ---- the schema ----------------------------------------------------------------------------


def _quantity(extra: str) -> str:
    return f"""(
    id {_TEXT} PRIMARY KEY,
    document_id BIGINT REFERENCES documents(id),
    item_index BIGINT,
    measure {_TEXT}, comparator {_TEXT}, value DOUBLE PRECISION, value_max DOUBLE PRECISION,
    unit_of_measure {_TEXT}, period_start {_TEXT}, period_end {_TEXT}, recurrence {_TEXT},
    unit {_TEXT}, unit_id BIGINT REFERENCES units(id), evidence {_TEXT},
    start BIGINT, "end" BIGINT, created_at {_TEXT}, {extra} {_TEXT}
)"""


_V1 = f"""
CREATE TABLE IF NOT EXISTS documents (
    id BIGSERIAL PRIMARY KEY,
    sha256 {_TEXT} NOT NULL UNIQUE,
    filename {_TEXT}, media_type {_TEXT}, kind {_TEXT}, number {_TEXT}, number_key {_TEXT},
    number_lead {_TEXT}, title {_TEXT}, title_folded {_TEXT}, issuer {_TEXT}, issued_on {_TEXT},
    published_on {_TEXT}, year BIGINT, place {_TEXT}, signer_name {_TEXT}, signer_position {_TEXT},
    topics {_TEXT}, text {_TEXT}, text_folded {_TEXT}, record {_TEXT}, created_at {_TEXT} NOT NULL,
    fts_folded TSVECTOR, fts_exact TSVECTOR
);
CREATE INDEX IF NOT EXISTS documents_issued_on ON documents (issued_on);
CREATE INDEX IF NOT EXISTS documents_kind ON documents (kind);
CREATE INDEX IF NOT EXISTS documents_year ON documents (year);
CREATE INDEX IF NOT EXISTS documents_number_lead ON documents (number_lead);
CREATE INDEX IF NOT EXISTS documents_created_at ON documents (created_at);
CREATE INDEX IF NOT EXISTS documents_fts_folded ON documents USING GIN (fts_folded);
CREATE INDEX IF NOT EXISTS documents_fts_exact ON documents USING GIN (fts_exact);

CREATE TABLE IF NOT EXISTS units (
    id BIGSERIAL PRIMARY KEY,
    name {_TEXT} NOT NULL UNIQUE,
    name_folded {_TEXT}, kind {_TEXT}, level {_TEXT}, province {_TEXT}, district {_TEXT},
    commune {_TEXT}, family {_TEXT}, parent_id BIGINT REFERENCES units(id), parent_explicit BIGINT,
    created_at {_TEXT}
);
CREATE INDEX IF NOT EXISTS units_parent_id ON units (parent_id);
CREATE INDEX IF NOT EXISTS units_province ON units (province);
CREATE INDEX IF NOT EXISTS units_name_folded ON units (name_folded);

CREATE TABLE IF NOT EXISTS document_units (
    document_id BIGINT REFERENCES documents(id),
    unit_id BIGINT REFERENCES units(id),
    mentions BIGINT, is_issuer BIGINT,
    PRIMARY KEY (document_id, unit_id)
);
CREATE INDEX IF NOT EXISTS document_units_unit_id ON document_units (unit_id);

CREATE TABLE IF NOT EXISTS targets {_quantity("due")};
CREATE TABLE IF NOT EXISTS figures {_quantity("as_of")};
CREATE TABLE IF NOT EXISTS deadlines (
    id {_TEXT} PRIMARY KEY,
    document_id BIGINT REFERENCES documents(id),
    item_index BIGINT, task {_TEXT}, due {_TEXT}, recurrence {_TEXT}, unit {_TEXT},
    unit_id BIGINT REFERENCES units(id), evidence {_TEXT}, start BIGINT, "end" BIGINT, created_at {_TEXT}
);
""" + "".join(
    f"CREATE INDEX IF NOT EXISTS {table}_{column} ON {table} ({column});\n"
    for table in ("targets", "figures", "deadlines")
    for column in ("document_id", "unit_id", "created_at")
) + f"""
CREATE TABLE IF NOT EXISTS "references" (
    id BIGSERIAL PRIMARY KEY,
    document_id BIGINT REFERENCES documents(id),
    item_index BIGINT, kind {_TEXT}, number {_TEXT}, number_key {_TEXT}, number_lead {_TEXT},
    issued_on {_TEXT}, issuer {_TEXT}, title {_TEXT}, start BIGINT, "end" BIGINT,
    resolved_document_id BIGINT REFERENCES documents(id)
);
CREATE INDEX IF NOT EXISTS references_document_id ON "references" (document_id);
CREATE INDEX IF NOT EXISTS references_number_lead ON "references" (number_lead);
CREATE INDEX IF NOT EXISTS references_resolved ON "references" (resolved_document_id);
"""

_V2 = f"""
CREATE TABLE IF NOT EXISTS document_topics (
    document_id BIGINT REFERENCES documents(id),
    topic {_TEXT},
    PRIMARY KEY (document_id, topic)
);
CREATE INDEX IF NOT EXISTS document_topics_topic ON document_topics (topic);
INSERT INTO document_topics (document_id, topic)
    SELECT d.id, j.value FROM documents d, json_array_elements_text(CAST(d.topics AS json)) j
    WHERE d.topics IS NOT NULL ON CONFLICT DO NOTHING;
"""

_V3 = f"""
CREATE TABLE IF NOT EXISTS jobs (
    id {_TEXT} PRIMARY KEY,
    filename {_TEXT}, sha256 {_TEXT} NOT NULL, locality {_TEXT}, status {_TEXT} NOT NULL,
    document_id BIGINT, error_code {_TEXT}, error_message {_TEXT}, attempts BIGINT,
    created_at {_TEXT} NOT NULL, updated_at {_TEXT}
);
CREATE INDEX IF NOT EXISTS jobs_status ON jobs (status);
"""

def _v4() -> str:
    from corpus.schema import TRACKING_COLUMNS

    types = {str: _TEXT, int: "BIGINT", float: "DOUBLE PRECISION"}
    sql = ""
    for table, columns in TRACKING_COLUMNS.items():
        for column, kind in columns.items():
            sql += f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {types[kind]};\n"
        sql += f"CREATE INDEX IF NOT EXISTS {table}_indicator ON {table} (indicator_code, scope_province);\n"
    return sql + "CREATE INDEX IF NOT EXISTS figures_target ON figures (target);\n"


_V4 = _v4()

_V5 = "".join(
    f"CREATE INDEX IF NOT EXISTS {table}_indicator_unit ON {table} (indicator_code, scope_unit_id);\n"
    for table in ("targets", "figures")
)
_V6 = "CREATE INDEX IF NOT EXISTS targets_behind ON targets (behind);\n"
_V7 = "CREATE INDEX IF NOT EXISTS document_units_unit_issuer ON document_units (unit_id, is_issuer, document_id);\n" + "".join(
    f"CREATE INDEX IF NOT EXISTS {table}_unit_document ON {table} (unit_id, document_id);\n"
    f"CREATE INDEX IF NOT EXISTS {table}_document_unit ON {table} (document_id, unit_id, item_index);\n"
    for table in ("targets", "figures", "deadlines")
) + "".join(
    f"CREATE INDEX IF NOT EXISTS {table}_indicator_order ON {table} (indicator_code, document_id, item_index);\n"
    for table in ("targets", "figures")
) + "CREATE INDEX IF NOT EXISTS targets_behind_order ON targets (behind, document_id, item_index);\n" \
    "DROP INDEX IF EXISTS targets_behind;\n"

MIGRATIONS: dict[int, str] = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5, 6: _V6, 7: _V7}
TABLES = ("jobs", "document_topics", "references", "deadlines", "figures", "targets", "document_units", "units", "documents")


def migrate(db: PgDatabase) -> int:
    """Apply every migration newer than the database (under the writers' lock); the version."""
    db.execute("SELECT pg_advisory_lock(?)", [WRITE_LOCK])
    try:
        db.executescript(
            f'CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, applied_at {_TEXT})'
        )
        version = int(db.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise RuntimeError(
                f"database schema version {version} is newer than this program's {SCHEMA_VERSION}; upgrade Vanban"
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            db.executescript("BEGIN;\n" + MIGRATIONS[target] + "\nCOMMIT;")
            db.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                [target, dt.datetime.now(dt.UTC).isoformat()],
            )
    finally:
        db.execute("SELECT pg_advisory_unlock(?)", [WRITE_LOCK])
    return SCHEMA_VERSION


# ---- the store -----------------------------------------------------------------------------


class PostgresStore(Store):
    """The store in a PostgreSQL database (`postgresql://user[:password]@host[:port]/database`)."""

    backend = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = str(url)
        self.db = PgDatabase(self.url)
        self._lock = threading.RLock()
        with self._lock:
            migrate(self.db)

    def close(self) -> None:
        with self._lock:
            self.db.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """All or nothing; one writer at a time across processes (an advisory transaction lock)."""
        with self._lock:
            self.db.execute("BEGIN")
            self.db.in_transaction = True
            try:
                self.db.execute("SELECT pg_advisory_xact_lock(?)", [WRITE_LOCK])
                yield
                self.db.execute("COMMIT")
            except BaseException:
                self.db.in_transaction = False
                try:
                    self.db.execute("ROLLBACK")
                except Exception:  # a lost connection rolled the transaction back itself
                    log.warning("rollback failed", exc_info=True)
                raise
            finally:
                self.db.in_transaction = False

    def _insert_rows(self, table: str, rows: list[dict[str, Any]]) -> int | None:
        if not rows:
            return None
        columns = list(rows[0])
        names = ", ".join(f'"{c}"' for c in columns)
        values = ", ".join("?" * len(columns))
        extra: Callable[[dict[str, Any]], list[Any]] = lambda row: []  # noqa: E731
        if table == "documents":
            names += ", fts_folded, fts_exact"
            values += (
                ", setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'D')"
                ", setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'D')"
            )

            def extra(row: dict[str, Any]) -> list[Any]:
                return [
                    pgtext.tokens(row.get("title_folded")), pgtext.tokens(row.get("text_folded")),
                    pgtext.tokens(row.get("title")), pgtext.tokens(row.get("text")),
                ]

        last = None
        for start in range(0, len(rows), INSERT_BATCH):  # several rows a statement: a round trip each
            chunk = rows[start : start + INSERT_BATCH]
            sql = f'INSERT INTO "{table}" ({names}) VALUES ' + ", ".join(f"({values})" for _ in chunk)
            params = [value for row in chunk for value in [*(row[c] for c in columns), *extra(row)]]
            last = self.db.execute(sql, params).lastrowid
        return last if len(rows) == 1 else None

    def truncate(self) -> None:
        """Empty every table and restart the ids (for tests)."""
        with self._lock:
            self.db.execute(
                "TRUNCATE " + ", ".join(f'"{t}"' for t in TABLES) + " RESTART IDENTITY CASCADE"
            )
