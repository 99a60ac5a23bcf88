"""The one settings object, read from VANBAN_* environment variables (and .env) once.

Libraries never read it: the API and the command line pass its values as arguments.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from ingest import Limits

MB = 1024 * 1024


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VANBAN_", env_file=".env", extra="ignore")

    db: Path = Field(default=Path("data/vanban.db"), description="SQLite file of the store")
    api_token: str | None = Field(default=None, description="when set, write routes need 'Authorization: Bearer <token>'")
    read_requires_token: bool = Field(default=False, description="also require the token on read routes")
    max_upload_bytes: int = Field(default=50 * MB, gt=0, description="largest file accepted, in bytes")
    max_files_per_upload: int = Field(default=20, gt=0, description="most files in one upload request")
    max_pages: int = Field(default=500, gt=0, description="most pages read from one file")
    ocr: bool = Field(default=True, description="read pages without a text layer with Tesseract")
    files: Path | None = Field(
        default=None, description="folder of original files (content-addressed); default 'files' beside the database"
    )
    read_requires_signin: bool | None = Field(
        default=None, description="reading needs a signed-in session or a token; default: yes once any account exists"
    )
    secure_cookies: bool = Field(default=False, description="mark the session cookie Secure (serve over HTTPS)")

    def files_dir(self) -> Path:
        """Where original files are kept: VANBAN_FILES, else a `files` folder beside the database."""
        if self.files is not None:
            return self.files
        return Path("data/files") if str(self.db) == ":memory:" else Path(self.db).parent / "files"

    def limits(self) -> Limits:
        """The per-file limits ingest enforces (ingest is imported lazily: it pulls in readers)."""
        from ingest import Limits

        return Limits(max_bytes=self.max_upload_bytes, max_pages=self.max_pages, ocr=self.ocr)
