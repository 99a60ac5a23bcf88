"""Extraction on Celery workers over a real Redis: uploads answer 202 with jobs that finish, a
failed file is kept with its error, and a worker killed in the middle of a task leaves the file
stored once (the task runs again on another worker)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from corpus.files import FileStore
from corpus.store import Store
from service.queue import celery_app, enqueue, ingest_paths_queued, run_job

pytestmark = pytest.mark.slow
RUNNER = Path(__file__).with_name("run_worker.py")
DOC = "Nghị quyết về phát triển đảng viên\nSố: 28-NQ/TU\nPhấn đấu kết nạp 500 đảng viên mới.\n".encode()
OTHER = "Tin tức công tác dân vận\nHội nghị tổng kết công tác dân vận năm 2023.\n".encode()
SLOW = "Kế hoạch CHẬM\nPhấn đấu kết nạp 40 đảng viên.\n".encode()
NOISE = bytes((i * 197 + 13) % 256 for i in range(4096))


def start_worker(db: str, files: Path, broker: str, tmp_path: Path, name: str, **env: str) -> subprocess.Popen:
    environment = os.environ | {
        "VANBAN_DB": db, "VANBAN_FILES": str(files), "VANBAN_BROKER": broker,
        "VANBAN_BROKER_VISIBILITY_TIMEOUT": "2", **env,
    }
    log = (tmp_path / f"{name}.log").open("wb")
    return subprocess.Popen(
        [sys.executable, str(RUNNER), "--name", f"{name}@test"], env=environment, stdout=log,
        stderr=subprocess.STDOUT, start_new_session=True, cwd=tmp_path,
    )


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def broker(redis_url):
    """The session's Redis with the queue emptied for this test."""
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    client.close()
    return redis_url


def test_uploads_go_to_a_worker_and_answer_with_jobs(store_url, broker, tmp_path):
    files = tmp_path / "files"
    worker = start_worker(store_url, files, broker, tmp_path, "one")
    try:
        settings = Settings(db=store_url, files=files, broker=broker)
        with TestClient(create_app(settings)) as client:
            response = client.post(
                "/api/documents", files=[("file", ("nq.txt", DOC)), ("file", ("tin.txt", OTHER)),
                                         ("file", ("la.bin", NOISE))],
            )
            assert response.status_code == 202, response.text
            jobs = response.json()["jobs"]
            assert [job["filename"] for job in jobs] == ["nq.txt", "tin.txt", "la.bin"]
            assert {job["status"] for job in jobs} == {"queued"}

            def finished():
                states = [client.get(f"/api/jobs/{job['id']}").json() for job in jobs]
                return states if all(s["status"] in ("done", "failed") for s in states) else None

            done = wait_for(finished, 90, "the worker to finish the jobs")
            assert [s["status"] for s in done] == ["done", "done", "failed"]
            assert done[2]["error"]["code"] == "unsupported_file" and done[2]["document_id"] is None
            record = client.get(f"/api/documents/{done[0]['document_id']}").json()
            assert record["document"]["number"] == "28-NQ/TU"
            assert client.get(f"/api/documents/{done[0]['document_id']}/file").content == DOC
            assert FileStore(files).has(done[2].get("sha256") or __import__("hashlib").sha256(NOISE).hexdigest())
            again = client.post("/api/documents", files=[("file", ("nq-copy.txt", DOC))]).json()["jobs"][0]
            assert again["status"] == "done"
            assert client.get(f"/api/jobs/{again['id']}").json()["document_id"] == done[0]["document_id"]
            missing = client.get("/api/jobs/no-such-job")
            assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    finally:
        stop(worker)
    with Store(store_url) as store:
        assert store.count() == 2


def test_ingest_through_the_queue_reports_as_jobs_finish(empty_postgres, broker, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(DOC)
    (folder / "b.txt").write_bytes(OTHER)
    (folder / "c.bin").write_bytes(NOISE)
    files = tmp_path / "files"
    worker = start_worker(empty_postgres, files, broker, tmp_path, "bulk")
    progress: list[int] = []
    try:
        with Store(empty_postgres) as store:
            summary = ingest_paths_queued(
                celery_app(broker), store, FileStore(files), [folder], on_total=progress.append,
                on_progress=lambda: progress.append(-1), timeout=90,
            )
            assert (summary.new, summary.known, len(summary.failures)) == (2, 0, 1)
            assert summary.failures[0].path.endswith("c.bin") and summary.failures[0].code == "unsupported_file"
            assert progress == [3, -1, -1, -1]
            again = ingest_paths_queued(celery_app(broker), store, FileStore(files), [folder], timeout=90)
            assert (again.new, again.known) == (0, 2)
            assert store.count() == 2
    finally:
        stop(worker)


def test_a_worker_killed_mid_task_leaves_the_file_stored_once(empty_postgres, broker, tmp_path):
    files = tmp_path / "files"
    started = tmp_path / "started"
    first = start_worker(empty_postgres, files, broker, tmp_path, "first", VANBAN_TEST_STARTED=str(started))
    second = None
    try:
        with Store(empty_postgres) as store:
            job = enqueue(celery_app(broker), store, FileStore(files), SLOW, "cham.txt")
            wait_for(started.exists, 90, "the first worker to start extracting")
            assert store.job(job["id"])["status"] == "running"
            stop(first, signal.SIGKILL)  # the whole worker, in the middle of the task
            assert store.count() == 0
            second = start_worker(empty_postgres, files, broker, tmp_path, "second", VANBAN_TEST_STARTED=str(started))
            finished = wait_for(
                lambda: (j := store.job(job["id"]))["status"] in ("done", "failed") and j, 120,
                "the task to run again on the second worker",
            )
            assert finished["status"] == "done", finished
            assert finished["attempts"] == 2
            assert store.count() == 1
            # A task delivered once more (its acknowledgement lost) stores nothing new.
            store.update_job(job["id"], "queued")
            assert run_job(store, FileStore(files), job["id"])["document_id"] == finished["document_id"]
            assert store.count() == 1
    finally:
        stop(first, signal.SIGKILL)
        if second is not None:
            stop(second)


def test_a_worker_stops_a_file_at_the_time_and_memory_limits_and_goes_on(store_url, broker, tmp_path):
    """The per-file ceilings of uploads apply on workers too: a file still extracting after
    VANBAN_EXTRACT_TIMEOUT_S and one asking for more than VANBAN_EXTRACT_MEMORY_MB fail their jobs
    with named errors, and the same worker then stores the next file."""
    files = tmp_path / "files"
    started = tmp_path / "started"
    worker = start_worker(store_url, files, broker, tmp_path, "limited", VANBAN_TEST_STARTED=str(started),
                          VANBAN_EXTRACT_TIMEOUT_S="3", VANBAN_EXTRACT_MEMORY_MB="512")
    try:
        with Store(store_url) as store:
            app = celery_app(broker)
            slow = enqueue(app, store, FileStore(files), SLOW, "cham.txt")
            hungry = enqueue(app, store, FileStore(files), "Báo cáo BỘ NHỚ\nĐã kết nạp 5 đảng viên.\n".encode(), "nho.txt")
            fine = enqueue(app, store, FileStore(files), DOC, "nq.txt")

            def ended(job_id):
                return lambda: (j := store.job(job_id))["status"] in ("done", "failed") and j

            timed_out = wait_for(ended(slow["id"]), 90, "the slow file to be stopped")
            assert timed_out["status"] == "failed" and timed_out["error"]["code"] == "time_limit", timed_out
            assert "3 s" in timed_out["error"]["message"]
            too_big = wait_for(ended(hungry["id"]), 60, "the hungry file to be stopped")
            assert too_big["status"] == "failed" and too_big["error"]["code"] == "memory_limit", too_big
            stored = wait_for(ended(fine["id"]), 60, "the next file")
            assert stored["status"] == "done" and store.count() == 1
    finally:
        stop(worker)


def test_an_unreachable_broker_is_a_503_and_the_file_is_kept(store_url, tmp_path):
    from tests.services import free_port

    files = tmp_path / "files"
    settings = Settings(db=store_url, files=files, broker=f"redis://127.0.0.1:{free_port()}/0")
    with TestClient(create_app(settings)) as client:
        response = client.post("/api/documents", files=[("file", ("nq.txt", DOC))])
    assert response.status_code == 503, response.text
    assert response.json()["error"]["code"] == "broker_unavailable"
    assert FileStore(files).count() == 1
    with Store(store_url) as store:
        assert store.count() == 0
        failed = store.db.execute("SELECT status, error_code FROM jobs").fetchall()
    assert [tuple(row) for row in failed] == [("failed", "broker_unavailable")]
