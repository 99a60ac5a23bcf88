"""The original files, content-addressed: `<files_dir>/<sha256[:2]>/<sha256>`.

A file is written once (to a temporary name, then renamed), never changed, and removed only
when no stored record uses it any more. Re-extraction reads documents back from here.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def path_of(files_dir: str | Path, sha256: str) -> Path:
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a sha256: {sha256!r}")
    return Path(files_dir) / sha256[:2] / sha256


def save(files_dir: str | Path, data: bytes, sha256: str | None = None) -> str:
    """Keep the bytes (once); their sha256."""
    sha256 = sha256 or hashlib.sha256(data).hexdigest()
    target = path_of(files_dir, sha256)
    if target.exists():
        return sha256
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sha256


def read(files_dir: str | Path, sha256: str) -> bytes | None:
    target = path_of(files_dir, sha256)
    return target.read_bytes() if target.is_file() else None


def remove(files_dir: str | Path, sha256: str) -> bool:
    target = path_of(files_dir, sha256)
    if target.is_file():
        target.unlink()
        return True
    return False
