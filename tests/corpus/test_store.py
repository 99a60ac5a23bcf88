"""Adding and reading records: idempotency, all-or-nothing writes, schema versions."""

from __future__ import annotations

import pytest

from corpus import schema
from corpus.store import Store
from ingest.errors import NotFound


def _counts(store: Store) -> dict[str, int]:
    tables = ("documents", "units", "document_units", "targets", "figures", "deadlines", "references")
    return {t: store.db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


RECORD_TEXT = "Nghị quyết về phát triển đảng viên. Phấn đấu kết nạp 500 đảng viên mới trước ngày 15/12/2025."


def _full_record(make_record, unit, **kwargs):
    return make_record(
        RECORD_TEXT,
        number="28-NQ/TU",
        title="Nghị quyết về phát triển đảng viên",
        issuer="Ban Thường vụ Tỉnh ủy Bình Dương",
        units=[unit("Ban Thường vụ Tỉnh ủy Bình Dương", "committee_body", "province", "Bình Dương",
                    parent="Tỉnh ủy Bình Dương")],
        targets=[{"measure": "kết nạp đảng viên mới", "comparator": "gte", "value": 500, "unit_of_measure": "đảng viên",
                  "due": "2025", "evidence": "Phấn đấu kết nạp 500 đảng viên mới", "start": 36, "end": 70}],
        deadlines=[{"task": "kết nạp", "due": "2025-12-15", "evidence": "trước ngày 15/12/2025", "start": 71, "end": 92}],
        references=[{"kind": "directive", "number": "33-CT/TW"}],
        **kwargs,
    )


def test_adding_the_same_file_twice_changes_nothing(store, make_record, unit):
    first = store.add(_full_record(make_record, unit))
    before = _counts(store)
    second = store.add(_full_record(make_record, unit))
    assert first == (1, True)
    assert second == (1, False)
    assert _counts(store) == before


def test_identity_is_the_source_bytes_hash(store, make_record, unit):
    record = _full_record(make_record, unit)
    doc_id, created = store.add(record, source_bytes_sha256="ab" * 32)
    assert created
    assert store.find_sha256("ab" * 32) == doc_id
    assert store.add(record, source_bytes_sha256="ab" * 32) == (doc_id, False)
    assert store.get(doc_id)["source"]["sha256"] == "ab" * 32


def test_a_failed_add_changes_nothing(store, monkeypatch, make_record, unit):
    store.add(make_record("Một văn bản khác về công tác dân vận.", title="Khác"))
    before = _counts(store)

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_add_references", boom)
    with pytest.raises(RuntimeError):
        store.add(_full_record(make_record, unit))
    assert _counts(store) == before
    assert store.search("phát triển")["total"] == 0
    monkeypatch.undo()
    assert store.add(_full_record(make_record, unit))[1] is True


def test_get_returns_the_record_with_text_and_links(store, make_record, unit):
    doc_id, _ = store.add(_full_record(make_record, unit))
    got = store.get(doc_id)
    assert got["id"] == doc_id
    assert got["text"] == RECORD_TEXT
    assert got["document"]["number"] == "28-NQ/TU"
    assert got["targets"][0]["value"] == 500
    assert set(got["links"]["units"]) == {"Ban Thường vụ Tỉnh ủy Bình Dương"}
    assert got["links"]["references"] == [None]


def test_get_unknown_id_is_not_found(store):
    with pytest.raises(NotFound):
        store.get(42)


def test_schema_is_versioned_and_reopening_keeps_data(tmp_path, make_record, unit):
    path = tmp_path / "sub" / "v.db"
    with Store(path) as first:
        first.add(_full_record(make_record, unit))
        assert schema.current_version(first.db) == schema.SCHEMA_VERSION
    with Store(path) as again:
        assert again.count() == 1
        versions = again.db.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
        assert versions == [(v,) for v in range(1, schema.SCHEMA_VERSION + 1)]  # each applied once


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    with Store(path) as store:
        store.db.execute("INSERT INTO schema_version (version, applied_at) VALUES (999, 'future')")
    with pytest.raises(RuntimeError, match="newer"):
        Store(path)


def test_recent_lists_newest_first(store, make_record):
    store.add(make_record("Văn bản một.", title="Một"))
    store.add(make_record("Văn bản hai.", title="Hai"))
    assert [d["title"] for d in store.recent()] == ["Hai", "Một"]


def test_a_version_1_store_is_migrated_with_its_data(tmp_path, make_record):
    """Build a store at schema 1 (as the first release wrote it), then open it with this code."""
    path = tmp_path / "old.db"
    with Store(path) as current:
        current.add(make_record("Nghị quyết cũ.", topics=["party_building"]))
        current.db.execute("DROP TABLE document_topics")
        current.db.execute("DELETE FROM schema_version WHERE version > 1")
        assert schema.current_version(current.db) == 1
    with Store(path) as migrated:
        assert schema.current_version(migrated.db) == schema.SCHEMA_VERSION
        assert migrated.search(topic="party_building")["total"] == 1
        assert migrated.search("")["facets"]["topic"] == {"party_building": 1}


def _without_staff(value):
    """A record or row without what only the SQLite store keeps so far (corpus.staffdb: the files of
    a record, item ids and review marks)."""
    if isinstance(value, list):
        return [_without_staff(v) for v in value]
    if not isinstance(value, dict):
        return value
    drop = {"files", "reviewed", "reviewed_action", "reviewed_by", "reviewed_at"}
    out = {k: _without_staff(v) for k, v in value.items() if k not in drop}
    for kind in ("targets", "figures", "deadlines"):
        if isinstance(out.get(kind), list):
            out[kind] = [{k: v for k, v in item.items() if k != "id"} for item in out[kind]]
    return out


def test_migrate_store_copies_everything_into_postgresql(tmp_path, empty_postgres, make_record, unit):
    """The embedded store moved up: same ids, links, search and exports; checked by counts."""
    from corpus.migrate import TargetNotEmpty, copy_store, counts

    tree = [unit("Tỉnh ủy Nghệ An", "party_committee", "province", "Nghệ An"),
            unit("Huyện ủy Nam Đàn", "party_committee", "district", "Nghệ An", "Nam Đàn")]
    with Store(tmp_path / "small.db") as source, Store(empty_postgres) as target:
        first, _ = source.add(make_record(
            "Nghị quyết số 28-NQ/TU về phát triển đảng viên.", number="28-NQ/TU", title="Nghị quyết phát triển đảng viên",
            units=tree, issuer="Tỉnh ủy Nghệ An",
            targets=[{"measure": "kết nạp", "comparator": "gte", "value": 500, "unit_of_measure": "đảng viên",
                      "unit": "Huyện ủy Nam Đàn", "evidence": "500", "start": 0, "end": 3}],
        ))
        second, _ = source.add(make_record(
            "Kế hoạch thực hiện Nghị quyết số 28-NQ/TU.", kind="plan", units=tree[1:],
            references=[{"kind": "resolution", "number": "28-NQ/TU", "start": 19, "end": 38}],
        ))
        source.create_job(filename="a.txt", sha256="a" * 64)
        copied = copy_store(source, target)
        assert copied == counts(source) and copied["documents"] == 2 and copied["jobs"] == 1
        for document_id in (first, second):
            assert target.get(document_id) == _without_staff(source.get(document_id))
        assert target.units_tree() == source.units_tree()
        assert target.rows("targets") == [_without_staff(row) for row in source.rows("targets")]
        lite, server = source.search("phat trien dang vien"), target.search("phat trien dang vien")
        assert [h["id"] for h in server["hits"]] == [h["id"] for h in lite["hits"]] == [first]
        third, created = target.add(make_record("Báo cáo kết quả mới.", kind="report"))
        assert created and third == 3  # the id sequence continues after the copied ids
        with pytest.raises(TargetNotEmpty):
            copy_store(source, target)


def test_postgresql_store_opens_its_connection_again_after_the_server_closed_it(empty_postgres, make_record):
    with Store(empty_postgres) as store, Store(empty_postgres) as other:
        first, _ = store.add(make_record("Nghị quyết về phát triển đảng viên."))
        backend = store.db.execute("SELECT pg_backend_pid()").fetchone()[0]
        other.db.execute("SELECT pg_terminate_backend(?)", [backend])
        assert store.get(first)["id"] == first  # a read after the server dropped the connection
        assert store.db.execute("SELECT pg_backend_pid()").fetchone()[0] != backend
        second, created = store.add(make_record("Kế hoạch mới."))
        assert created and store.count() == 2
