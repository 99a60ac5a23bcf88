"""The file store: original files kept by content (the sha256 of their bytes).

A folder of `ab/cd/abcdef…` files. Writes go to a temporary name in the same folder and are
renamed into place, so a reader (another process, another machine on a shared folder) never
sees half a file and two writers of the same bytes agree. Workers read the bytes of a file
they are asked to extract from here: no file travels through the broker.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from ingest.errors import NotFound

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class FileStore:
    """Original files under `root`, addressed by the sha256 of their bytes."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):
            raise NotFound(f"{sha256!r} is not a sha256 of a stored file")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        """Keep `data` (once); its sha256."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path(sha256)
        if target.exists():
            return sha256
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return sha256

    def has(self, sha256: str) -> bool:
        try:
            return self.path(sha256).is_file()
        except NotFound:
            return False

    def get(self, sha256: str) -> bytes:
        """The bytes stored under `sha256`; NotFound when there are none."""
        path = self.path(sha256)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise NotFound(f"no original file with sha256 {sha256}") from None

    def count(self) -> int:
        if not self.root.exists():
            return 0
        return sum(1 for p in self.root.glob("??/??/*") if p.is_file() and not p.name.startswith("."))

    def copy_to(self, other: FileStore) -> int:
        """Copy the files `other` lacks into it; how many were copied."""
        copied = 0
        if not self.root.exists() or self.root.resolve() == other.root.resolve():
            return 0
        for path in self.root.glob("??/??/*"):
            if path.is_file() and not path.name.startswith(".") and not other.has(path.name):
                other.put(path.read_bytes())
                copied += 1
        return copied
