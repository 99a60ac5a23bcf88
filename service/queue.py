"""Extraction on workers: a Celery app whose one task stores one kept file, and the sending side.

The task carries a job id only. The job (a row of the store) names the file by its sha256; the
worker reads the bytes from the shared file store, so no file travels through the broker. A
worker reaches the broker, the database and the file store; run as many as wanted, anywhere.

Delivery: tasks are acknowledged late (after they finish) and rejected back to the queue when
the process running them dies, so a killed worker's task runs again on another worker (with
Redis, once the message's visibility timeout has passed). That is safe because storing is
idempotent by content: a task run twice finds the document stored by the first run.
"""

from __future__ import annotations

import logging
import os
import resource
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from celery import Celery
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init

from corpus.files import FileStore
from corpus.store import Store
from ingest.errors import MemoryLimit, TimeLimit, VanbanError
from service import ingest as _ingest
from service.errors import QueueUnavailable
from service.ingest import Failure, Summary, files_under, store_kept

log = logging.getLogger(__name__)
TASK = "vanban.ingest"
_ingest.INTERRUPTIONS = (*_ingest.INTERRUPTIONS, SoftTimeLimitExceeded)  # a task's time limit is not a reader's failure
VISIBILITY_TIMEOUT = 3600  # seconds before Redis hands an unacknowledged task to another worker


HARD_LIMIT_GRACE_S = 10  # after the soft time limit, the task's process is killed this much later


def celery_app(broker: str, *, visibility_timeout: int = VISIBILITY_TIMEOUT, time_limit_s: float | None = None) -> Celery:
    """The Celery app for `broker` (redis://…), configured for late acknowledgement. With
    `time_limit_s`, a task still running after it is stopped (its job fails with `time_limit`) and
    its process killed `HARD_LIMIT_GRACE_S` later if it does not stop."""
    app = Celery("vanban", broker=broker, set_as_current=False)
    if time_limit_s is not None:
        app.conf.update(task_soft_time_limit=time_limit_s, task_time_limit=time_limit_s + HARD_LIMIT_GRACE_S)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": visibility_timeout},
        worker_hijack_root_logger=False,
        task_default_queue="vanban",
    )
    app.task(name=TASK, bind=True, acks_late=True, reject_on_worker_lost=True)(_ingest_task)
    return app


# ---- the worker side -----------------------------------------------------------------------


@dataclass(frozen=True)
class WorkerConfig:
    db: str
    files: Path
    limits: Any = None
    time_limit_s: float | None = None  # per file (the app's soft time limit; the job fails with time_limit)
    memory_mb: int | None = None  # address-space ceiling of each process that extracts (memory_limit)


_config: WorkerConfig | None = None
_local: dict[int, Store] = {}
_local_lock = threading.Lock()


def configure_worker(config: WorkerConfig) -> None:
    """What the worker processes store into (set before the worker starts; inherited by forks)."""
    global _config
    _config = config


def _store() -> Store:
    """This process's store (a connection is never shared across a fork)."""
    assert _config is not None, "configure_worker() was not called"
    with _local_lock:
        store = _local.get(os.getpid())
        if store is None:
            store = _local[os.getpid()] = Store(_config.db)
        return store


def run_job(store: Store, files: FileStore, job_id: str, *, limits: Any = None) -> dict[str, Any]:
    """Do one job: the kept file into the store. The job ends `done` with the document id or
    `failed` with the error (the file stays in the file store). Returns the job."""
    job = store.job(job_id)
    if job["status"] == "done":
        return job
    store.update_job(job_id, "running", attempt=True)
    try:
        stored = store_kept(store, files, job["sha256"], job["filename"], locality=job["locality"], limits=limits)
    except VanbanError as error:
        store.update_job(job_id, "failed", error=(error.code, error.message))
    except SoftTimeLimitExceeded:
        limit = _config.time_limit_s if _config else None
        error = TimeLimit(f"{job['filename'] or 'file'}: reading and extraction took over the time limit"
                          + (f" of {limit:g} s" if limit else ""))
        store.update_job(job_id, "failed", error=(error.code, error.message))
    except MemoryError:
        limit_mb = _config.memory_mb if _config else None
        error = MemoryLimit(f"{job['filename'] or 'file'}: reading and extraction need more than the memory limit"
                            + (f" of {limit_mb} MB" if limit_mb else ""))
        store.update_job(job_id, "failed", error=(error.code, error.message))
    else:
        store.update_job(job_id, "done", document_id=stored.document_id)
    return store.job(job_id)


MAX_RETRIES = 3  # a task that fails for a reason not the file's (the database away …) runs again


def _ingest_task(task: Any, job_id: str) -> dict[str, Any]:
    assert _config is not None, "configure_worker() was not called"
    try:
        job = run_job(_store(), FileStore(_config.files), job_id, limits=_config.limits)
    except Exception as error:
        log.exception("job %s: attempt %d failed", job_id, task.request.retries + 1)
        _forget_store()
        if task.request.retries >= MAX_RETRIES:
            _store().update_job(job_id, "failed", error=("internal", f"{type(error).__name__}: {error}"))
            raise
        raise task.retry(exc=error, countdown=2 ** task.request.retries) from error
    log.info("job %s %s: %s", job_id, job["status"], job["document_id"] or job["error"])
    return {"status": job["status"], "document_id": job["document_id"]}


def _forget_store() -> None:
    """Drop this process's store after an unexpected failure (its connection may be broken)."""
    with _local_lock:
        store = _local.pop(os.getpid(), None)
    if store is not None:
        try:
            store.close()
        except Exception:  # a broken connection may fail to close; it is dropped either way
            log.debug("closing a broken store failed", exc_info=True)


def _cap_memory(**_: Any) -> None:
    """In each process that runs tasks: the address space capped at the worker's memory limit (inherited
    by OCR and office converters it starts), so one file cannot take the machine's memory."""
    if _config is not None and _config.memory_mb:
        ceiling = _config.memory_mb * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > ceiling:
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def run_worker(app: Celery, config: WorkerConfig, *, concurrency: int = 1, name: str | None = None) -> None:
    """Run a worker in this process until it is stopped."""
    configure_worker(config)
    worker_process_init.connect(_cap_memory, weak=False)
    argv = ["worker", "--loglevel=INFO", f"--concurrency={concurrency}", "--queues=vanban", "--without-gossip",
            "--without-mingle"]
    if name:
        argv.append(f"--hostname={name}")
    app.worker_main(argv)


# ---- the sending side ----------------------------------------------------------------------


def enqueue(
    app: Celery, store: Store, files: FileStore, data: bytes, filename: str | None, *, locality: str | None = None
) -> dict[str, Any]:
    """Keep the file, make a job for it and send the job to the workers. A file already stored
    makes a job that is done at once (nothing is sent)."""
    sha256 = files.put(data)
    existing = store.find_sha256(sha256)
    job = store.create_job(filename=filename, sha256=sha256, locality=locality, document_id=existing)
    if existing is None:
        send(app, store, job["id"])
    return job


def send(app: Celery, store: Store, job_id: str) -> None:
    """Send a job to the workers; QueueUnavailable (and the job failed) when the broker is down."""
    try:
        app.send_task(TASK, args=[job_id], retry=True, retry_policy={"max_retries": 2, "interval_start": 0.2,
                                                                       "interval_step": 0.5, "interval_max": 1})
    except Exception as error:  # kombu raises its transport's own errors
        message = f"the queue at the broker could not be reached ({type(error).__name__}: {error})"
        store.update_job(job_id, "failed", error=("broker_unavailable", message))
        raise QueueUnavailable(message) from error


def ingest_paths_queued(
    app: Celery,
    store: Store,
    files: FileStore,
    paths: Iterable[str | Path],
    *,
    locality: str | None = None,
    on_total: Callable[[int], None] | None = None,
    on_progress: Callable[[], None] | None = None,
    poll: float = 0.5,
    timeout: float | None = None,
) -> Summary:
    """`service.ingest.ingest_paths` through the workers: every file is kept and sent as a job,
    then the jobs are followed until each is done or failed (`on_progress()` as each finishes)."""
    summary = Summary()
    sent: dict[str, str] = {}  # job id → path
    for path in files_under(paths):
        try:
            data = path.read_bytes()
        except OSError as error:
            summary.failures.append(Failure(str(path), "unreadable_file", error.strerror or str(error)))
            continue
        job = enqueue(app, store, files, data, path.name, locality=locality)
        if job["status"] == "done":
            summary.known += 1
        else:
            sent[job["id"]] = str(path)
    if on_total:
        on_total(len(sent))
    deadline = None if timeout is None else time.monotonic() + timeout
    waiting = set(sent)
    while waiting:
        for job in store.jobs(sorted(waiting)):
            if job["status"] not in ("done", "failed"):
                continue
            waiting.discard(job["id"])
            if on_progress:
                on_progress()
            if job["status"] == "done":
                summary.new += 1
            else:
                error = job["error"] or {"code": "failed", "message": "failed"}
                summary.failures.append(Failure(sent[job["id"]], error["code"], error["message"]))
        if waiting:
            if deadline is not None and time.monotonic() > deadline:
                for job_id in sorted(waiting):
                    summary.failures.append(Failure(sent[job_id], "timeout", f"job {job_id} did not finish in time"))
                break
            time.sleep(poll)
    return summary
