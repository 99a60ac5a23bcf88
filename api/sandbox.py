"""Reading and extraction of one file in a separate process, under a memory ceiling and a time limit.

Each file gets a fresh process forked from a warm server process (multiprocessing's
"forkserver", with spaCy, the rules and the readers loaded once in `api.sandbox_warm`), so a
file costs a fork, not an import, and whatever it leaves behind (memory, a stuck library) goes
with its process. In the child the address space is capped (RLIMIT_AS, inherited by Tesseract
and LibreOffice); the parent waits at most the time limit and then kills the child's whole
process group. At most `workers` files are read at once; the web server's own process only
waits on a pipe, so it keeps answering while a file is read.

The standard library does it: the process pools that support a per-task kill were measured or
read first (pebble is LGPL; billiard's pool stalled after a hard time limit in a trial here;
loky and concurrent.futures cannot stop one task).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ingest.errors import MemoryLimit, TimeLimit, UnreadableFile, VanbanError

log = logging.getLogger(__name__)
_PRELOAD = ["api.sandbox_warm"]


@dataclass(frozen=True)
class SandboxLimits:
    timeout_s: float = 50.0
    memory_mb: int = 1024
    workers: int = 2


class Sandbox:
    def __init__(self, limits: SandboxLimits = SandboxLimits()) -> None:
        self.limits = limits
        self._slots = threading.BoundedSemaphore(max(1, limits.workers))
        self._context: Any = None
        self._lock = threading.Lock()

    def _ctx(self):
        with self._lock:
            if self._context is None:
                ctx = multiprocessing.get_context("forkserver")
                ctx.set_forkserver_preload(_PRELOAD)
                self._context = ctx
            return self._context

    def warm(self) -> None:
        """Start the fork server (it loads the readers and the pipeline) before the first file."""
        self.run("warm-up", os.getpid)

    def run(self, name: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """func(*args, **kwargs) in a child process; its result, or its VanbanError raised here.
        TimeLimit or MemoryLimit when the child goes past a limit; UnreadableFile when it dies."""
        with self._slots:
            ctx = self._ctx()
            receiver, sender = ctx.Pipe(duplex=False)
            memory = self.limits.memory_mb * 1024 * 1024
            process = ctx.Process(target=_child, args=(sender, memory, func, args, kwargs), daemon=True,
                                  name=f"vanban-read {name}"[:60])
            process.start()
            sender.close()
            try:
                if not receiver.poll(self.limits.timeout_s):
                    raise TimeLimit(f"{name}: reading and extraction took over the time limit of "
                                    f"{self.limits.timeout_s:g} s")
                try:
                    kind, payload = receiver.recv()
                except EOFError:
                    process.join(1)
                    code = process.exitcode
                    log.warning("reading %s: the worker process ended with %s", name, code)
                    if code in (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS):
                        raise MemoryLimit(f"{name}: reading and extraction stopped at the memory limit of "
                                          f"{self.limits.memory_mb:,} MB") from None
                    raise UnreadableFile(f"{name}: the file could not be read (the reading process ended)") from None
            finally:
                _kill(process)
                receiver.close()
        if kind == "ok":
            return payload
        if kind == "error":
            raise payload
        if kind == "memory":
            raise MemoryLimit(f"{name}: reading and extraction need more than the memory limit of "
                              f"{self.limits.memory_mb:,} MB")
        log.warning("reading %s failed in the worker: %s", name, payload)
        raise UnreadableFile(f"{name}: the file could not be read")


def _kill(process) -> None:
    if process.is_alive() or process.exitcode is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the child and what it started (tesseract …)
        except (ProcessLookupError, PermissionError):
            pass
        process.kill()
    process.join(5)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # leftovers of a child that ended on its own
    except (ProcessLookupError, PermissionError):
        pass


def _child(sender, memory: int, func: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    try:
        os.setpgid(0, 0)
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        result = func(*args, **kwargs)
        sender.send(("ok", result))
    except VanbanError as error:
        sender.send(("error", error))
    except MemoryError:
        sender.send(("memory", None))
    except BaseException as error:  # reported by name only; the parent logs it
        sender.send(("crash", f"{type(error).__name__}: {error}"[:500]))
    finally:
        sender.close()


@cache
def sandbox(limits: SandboxLimits) -> Sandbox:
    """One sandbox per set of limits, shared by the requests of a server."""
    return Sandbox(limits)
