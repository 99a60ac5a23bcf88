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

        return Limits(max_bytes=self.max_upload_bytes, max_pages=self.max_pages, ocr=self.ocr)
