"""`vanban watch DIR`: ingest the files dropped into a folder.

Files already there when the watch starts are taken first, then every file created or moved
into the folder (watchdog), once its size has stopped changing. A file that cannot be stored
is moved to `DIR/failed/` with `NAME.reason.txt` beside it (the error code and message);
files stored stay where they are (a file already stored is recognised by its sha256 and left
alone). Each file taken is an ingest run (`vanban runs`, the runs page) and each stored file
an audit entry.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import shutil
import time
from pathlib import Path
from typing import Any

from api.settings import Settings
from corpus import audit, files, runs
from ingest.errors import VanbanError
from service.ingest import extract_bytes

log = logging.getLogger(__name__)
FAILED = "failed"


class Watcher:
    def __init__(self, store: Any, settings: Settings, folder: Path, actor: str, *, locality: str | None = None,
                 settle: float = 0.5) -> None:
        self.store = store
        self.settings = settings
        self.folder = Path(folder)
        self.actor = actor
        self.locality = locality
        self.settle = settle
        self.queue: queue.Queue[Path] = queue.Queue()

    def _wanted(self, path: Path) -> bool:
        try:
            relative = path.relative_to(self.folder)
        except ValueError:
            return False
        return (
            path.is_file() and relative.parts[0] != FAILED
            and not any(part.startswith(".") for part in relative.parts)
            and not path.name.endswith((".part", ".tmp", ".crdownload"))
        )

    def existing(self) -> list[Path]:
        return sorted(p for p in self.folder.rglob("*") if self._wanted(p))

    def _settled(self, path: Path) -> bool:
        """Wait until the file stops growing (a copy in progress); False if it went away."""
        last = -1
        for _ in range(600):
            try:
                size = path.stat().st_size
            except FileNotFoundError:
                return False
            if size == last:
                return True
            last = size
            time.sleep(self.settle)
        return True

    def take(self, path: Path) -> str:
        """Ingest one file: "new", "known", "attached", "failed" or "gone"."""
        if not self._settled(path):
            return "gone"
        run_id = None
        failures: list[tuple[str, str, str]] = []
        status = "failed"
        with self.store.transaction():
            run_id = runs.start(self.store.db, "watch", self.actor, 1)
        try:
            data = path.read_bytes()
            sha256 = hashlib.sha256(data).hexdigest()
            if self.store.find_sha256(sha256) is not None:
                status = "known"
            else:
                if len(data) > self.settings.max_upload_bytes:
                    from ingest.errors import TooLarge

                    raise TooLarge(f"{path.name}: over the limit of {self.settings.max_upload_bytes:,} bytes")
                extraction = extract_bytes(data, path.name, locality=self.locality, limits=self.settings.limits())
                files.FileStore(self.settings.files_dir()).put(data)
                document_id, status = self.store.add_file(extraction, source_bytes_sha256=sha256)
                with self.store.transaction():
                    audit.record(
                        self.store.db, "upload" if status == "new" else "attach", actor=self.actor, role="editor",
                        target=f"document:{document_id}",
                        detail={"filename": path.name, "sha256": sha256, "size": len(data), "via": "watch"},
                        remote=str(self.folder),
                    )
        except VanbanError as error:
            failures.append((str(path), error.code, error.message))
            self._set_aside(path, error.code, error.message)
        except OSError as error:
            failures.append((str(path), "unreadable_file", error.strerror or str(error)))
            self._set_aside(path, "unreadable_file", error.strerror or str(error))
        with self.store.transaction():
            runs.finish(
                self.store.db, run_id, new=int(status == "new"), known=int(status == "known"),
                attached=int(status == "attached"), failures=failures,
            )
        log.info("%s: %s", path, status)
        return status

    def _set_aside(self, path: Path, code: str, message: str) -> None:
        failed = self.folder / FAILED
        failed.mkdir(exist_ok=True)
        target = failed / path.name
        counter = 1
        while target.exists():
            target = failed / f"{path.stem}-{counter}{path.suffix}"
            counter += 1
        try:
            shutil.move(str(path), target)
        except OSError:
            log.warning("could not move %s to %s", path, failed, exc_info=True)
            return
        (failed / f"{target.name}.reason.txt").write_text(f"{code}: {message}\n", encoding="utf-8")

    def run(self, *, once: bool = False, stop: Any = None, report: Any = print, ready: Any = None) -> None:
        """Take the files there, then (unless `once`) watch until interrupted or `stop()` is true.
        The folder is watched before the files already there are listed, so that a file dropped
        meanwhile is not missed; `ready()` is called once it is watched."""
        seen: dict[Path, tuple[int, int]] = {}  # one file gives several events: take each version once

        def take_once(path: Path) -> None:
            try:
                version = (path.stat().st_mtime_ns, path.stat().st_size)
            except FileNotFoundError:
                return
            if seen.get(path) == version:
                return
            report(f"{path.name}: {self.take(path)}")
            try:
                seen[path] = (path.stat().st_mtime_ns, path.stat().st_size)
            except FileNotFoundError:
                seen[path] = version

        if once:
            for path in self.existing():
                take_once(path)
            return
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_created(self, event):
                if not event.is_directory:
                    watcher.queue.put(Path(event.src_path))

            def on_moved(self, event):
                if not event.is_directory:
                    watcher.queue.put(Path(event.dest_path))

            def on_closed(self, event):
                if not event.is_directory:
                    watcher.queue.put(Path(event.src_path))

        observer = Observer()
        observer.schedule(Handler(), str(self.folder), recursive=True)
        observer.start()
        try:
            if ready is not None:
                ready()
            for path in self.existing():
                take_once(path)
            while not (stop and stop()):
                try:
                    path = self.queue.get(timeout=0.5)
                except queue.Empty:
                    continue
                if self._wanted(path):
                    take_once(path)
        finally:
            observer.stop()
            observer.join(timeout=5)
