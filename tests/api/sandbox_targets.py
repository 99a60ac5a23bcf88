"""Functions the sandbox tests run in a child process (importable by name, as the sandbox needs)."""

from __future__ import annotations

import time


def spin(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "done"


def hog(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))  # one block: refused at once above the ceiling


def crash() -> None:
    import os
    import signal

    os.kill(os.getpid(), signal.SIGSEGV)


def fail() -> None:
    raise KeyError("internal detail")
