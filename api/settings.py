"""The one settings object, read from VANBAN_* environment variables (and .env) once.

Libraries never read it: the API and the command line pass its values as arguments.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from ingest import Limits

MB = 1024 * 1024


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VANBAN_", env_file=".env", extra="ignore")

    db: str = Field(
        default="data/vanban.db",
        description="the store: a SQLite file path, sqlite:///path, or postgresql://user@host:port/database",
    )
    files: Path | None = Field(
        default=None, description="folder of original files (content-addressed); default 'files' beside a SQLite store, else data/files"
    )
    broker: str | None = Field(
        default=None, description="Celery broker URL (redis://…): uploads and ingest go to `vanban worker` processes"
    )
    broker_visibility_timeout: int = Field(
        default=3600, gt=0,
        description="seconds before a task a worker took and did not finish is given to another worker (Redis)",
    )
    api_token: str | None = Field(default=None, description="when set, write routes need 'Authorization: Bearer <token>'")
    read_requires_token: bool = Field(default=False, description="also require the token on read routes")
    max_upload_bytes: int = Field(default=50 * MB, gt=0, description="largest file accepted, in bytes")
    max_files_per_upload: int = Field(default=20, gt=0, description="most files in one upload request")
    max_pages: int = Field(default=500, gt=0, description="most pages read from one file")
    ocr: bool = Field(default=True, description="read pages without a text layer with Tesseract")
    read_requires_signin: bool | None = Field(
        default=None, description="reading needs a signed-in session or a token; default: yes once any account exists"
    )
    secure_cookies: bool = Field(default=False, description="mark the session cookie Secure (serve over HTTPS)")
    sandbox: bool = Field(default=True, description="read and extract each uploaded file in a child process "
                          "with a memory ceiling and a time limit (api/sandbox.py)")
    extract_timeout_s: float = Field(default=50, gt=0, description="time limit for reading and extracting one file")
    extract_memory_mb: int = Field(default=1024, ge=256, description="address-space ceiling of the reading process")
    extract_workers: int = Field(default=2, gt=0, description="files read at the same time")
    max_chars: int = Field(default=3_000_000, gt=0, description="most characters of text read from one file")
    max_page_pixels: int = Field(default=40_000_000, gt=0, description="most pixels of one page image to OCR")
    max_text_runs_per_page: int = Field(default=10_000, gt=0, description="most text runs on one PDF page")
    body_timeout_s: float = Field(default=30, gt=0, description="longest wait for the next part of a request body")
    body_deadline_s: float = Field(default=600, gt=0, description="longest time a request body may take in all")

    @field_validator("db", mode="before")
    @classmethod
    def _db_text(cls, value: object) -> object:
        return str(value) if isinstance(value, Path) else value

    def files_dir(self) -> Path:
        """Where original files are kept: VANBAN_FILES, else a `files` folder beside the SQLite file."""
        if self.files is not None:
            return self.files
        from corpus.store import sqlite_path

        path = sqlite_path(self.db)
        if path is None or path == ":memory:":
            return Path("data/files")
        return Path(path).parent / "files"

    def limits(self) -> Limits:
        """The per-file limits ingest enforces (ingest is imported lazily: it pulls in readers)."""
        from ingest import Limits

        return Limits(max_bytes=self.max_upload_bytes, max_pages=self.max_pages, ocr=self.ocr, max_chars=self.max_chars,
                      max_page_pixels=self.max_page_pixels, max_text_runs_per_page=self.max_text_runs_per_page)

    def sandbox_limits(self):
        from api.sandbox import SandboxLimits

        return SandboxLimits(timeout_s=self.extract_timeout_s, memory_mb=self.extract_memory_mb,
                             workers=self.extract_workers)
