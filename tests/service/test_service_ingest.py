"""The service layer: one file into the store and the file store, idempotent by content; a bulk
load of folders; errors without HTTP statuses (the API maps them)."""

from __future__ import annotations

import hashlib

import pytest

import extract
from api.errors import http_status
from corpus.files import FileStore
from corpus.store import Store
from ingest.errors import NotFound, TooLarge, UnsupportedFile
from service.errors import ExtractionFailed
from service.ingest import ingest_paths, store_bytes, store_kept

TEXT = "Nghị quyết về phát triển đảng viên\nSố: 28-NQ/TU\nPhấn đấu kết nạp 500 đảng viên mới.\n".encode()


@pytest.fixture
def files(tmp_path):
    return FileStore(tmp_path / "files")


def test_store_bytes_keeps_the_original_and_stores_once(files):
    with Store(":memory:") as store:
        first = store_bytes(store, TEXT, "nq.txt", files=files)
        again = store_bytes(store, TEXT, "nq-copy.txt", files=files)
        assert first.created and not again.created
        assert again.document_id == first.document_id
        assert store.count() == 1
        assert first.sha256 == hashlib.sha256(TEXT).hexdigest()
        assert files.get(first.sha256) == TEXT
        assert files.count() == 1
        assert store.get(first.document_id)["source"]["sha256"] == first.sha256


def test_store_kept_reads_the_bytes_from_the_file_store(files):
    sha256 = files.put(TEXT)
    with Store(":memory:") as store:
        stored = store_kept(store, files, sha256, "nq.txt")
        assert stored.created and store.get(stored.document_id)["source"]["filename"] == "nq.txt"
        assert not store_kept(store, files, sha256, "nq.txt").created
        with pytest.raises(NotFound):
            store_kept(store, files, "0" * 64, "missing.txt")


def test_a_file_that_cannot_be_read_stores_nothing(files):
    noise = bytes((i * 197 + 13) % 256 for i in range(4096))
    with Store(":memory:") as store:
        with pytest.raises(UnsupportedFile):
            store_bytes(store, noise, "tep-la.bin", files=files)
        assert store.count() == 0 and files.count() == 0


def test_an_extractor_bug_is_a_named_error(files, monkeypatch):
    def broken(document, *, locality_hint=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(extract, "extract_document", broken)
    with Store(":memory:") as store, pytest.raises(ExtractionFailed, match="nq.txt") as caught:
        store_bytes(store, TEXT, "nq.txt", files=files)
    assert "boom" not in caught.value.message  # the internal exception is logged, not shown (issue 14)


def test_ingest_paths_loads_folders_and_reports_failures(tmp_path, files):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_bytes(TEXT)
    (folder / "sub" / "b.txt").write_bytes("Tin tức công tác dân vận\nHội nghị tổng kết.\n".encode())
    (folder / "bad.bin").write_bytes(bytes(range(256)) * 8)
    (folder / ".hidden.txt").write_bytes(TEXT + b"x")
    seen: list[int] = []
    with Store(":memory:") as store:
        summary = ingest_paths(store, [folder], files=files, on_total=seen.append)
        assert (summary.new, summary.known, len(summary.failures)) == (2, 0, 1)
        assert summary.failures[0].path.endswith("bad.bin")
        assert seen == [3]
        again = ingest_paths(store, [folder], files=files)
        assert (again.new, again.known) == (0, 2)
        assert store.count() == 2
    assert files.count() == 3  # the originals of what was read, the unreadable one included


def test_library_errors_carry_no_http_status_and_the_edge_maps_them():
    assert not hasattr(TooLarge("x"), "http_status")
    assert http_status(TooLarge("x")) == 413
    assert http_status(UnsupportedFile("x")) == 415
    assert http_status(NotFound("x")) == 404
    assert http_status(ExtractionFailed("x")) == 422


def test_a_task_failing_for_another_reason_runs_again_then_fails_its_job(tmp_path, files, monkeypatch):
    """A failure that is not the file's (the database away …) is retried, and after the last
    try the job says so instead of staying 'running'."""
    from service import queue

    db = str(tmp_path / "q.db")
    sha256 = files.put(TEXT)
    with Store(db) as store:
        flaky_job = store.create_job(filename="nq.txt", sha256=sha256)["id"]
        broken_job = store.create_job(filename="nq.txt", sha256=sha256)["id"]
    app = queue.celery_app("memory://")
    queue.configure_worker(queue.WorkerConfig(db=db, files=files.root))
    real, calls = queue.run_job, []

    def flaky(store, file_store, job_id, *, limits=None):
        calls.append(job_id)
        if job_id == broken_job or calls.count(job_id) <= 2:
            raise RuntimeError("connection lost")
        return real(store, file_store, job_id, limits=limits)

    monkeypatch.setattr(queue, "run_job", flaky)
    monkeypatch.setattr(queue, "MAX_RETRIES", 2)
    app.tasks[queue.TASK].apply(args=[flaky_job])
    app.tasks[queue.TASK].apply(args=[broken_job])
    queue._forget_store()
    with Store(db) as store:
        assert calls.count(flaky_job) == 3 and store.job(flaky_job)["status"] == "done"
        broken = store.job(broken_job)
        assert calls.count(broken_job) == 3
        assert broken["status"] == "failed" and broken["error"]["code"] == "internal"
