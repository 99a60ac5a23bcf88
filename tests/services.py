"""Real PostgreSQL and Redis servers for the tests, started from Debian's packages on loopback,
on free ports, in temporary directories, and stopped afterwards (nothing is left running).

PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` system user
that Debian's package creates, and its commands run through `runuser`.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen | None, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port} within {timeout} s")


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@contextmanager
def postgres_server() -> Iterator[str]:
    """A new cluster in a temporary directory of its own (the `postgres` user must reach it, so not
    under pytest's private one), removed afterwards; yields the URL of an empty database `vanban`."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (Debian package 'postgresql'; `make test` installs it)")
    root = Path(tempfile.mkdtemp(prefix="vanban-pg-"))
    try:
        with _postgres_in(bin_dir, root) as url:
            yield url
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def _postgres_in(bin_dir: Path, root: Path) -> Iterator[str]:
    data = root / "pgdata"
    run_as: list[str] = []
    if os.geteuid() == 0:
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres", "postgres")
        os.chmod(root, 0o700)
    subprocess.run(
        [*run_as, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "--no-locale",
         "-E", "UTF8", "--no-sync"],
        check=True, capture_output=True,
    )
    port = free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    subprocess.run(
        [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-o", options, "-w", "start"],
        check=True, capture_output=True,
    )
    try:
        _wait_for_port(port, None, 30, "PostgreSQL")
        subprocess.run(
            [*run_as, str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "vanban"],
            check=True, capture_output=True,
        )
        yield f"postgresql://postgres@127.0.0.1:{port}/vanban"
    finally:
        subprocess.run(
            [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True
        )


@contextmanager
def redis_server(root: Path) -> Iterator[str]:
    """A Redis server with its files under `root`; yields its URL."""
    executable = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(executable).exists():
        raise RuntimeError("Redis is not installed (Debian package 'redis-server'; `make test` installs it)")
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    process = subprocess.Popen(
        [executable, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(root), "--save", "",
         "--appendonly", "no", "--protected-mode", "yes", "--daemonize", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, process, 30, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
