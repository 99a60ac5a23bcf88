"""What ingest hands to extract: cleaned text plus facts about the source file."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Document(BaseModel):
    """A file turned into clean text. Every extraction offset points into `text`."""

    text: str
    filename: str | None = None
    sha256: str | None = None
    media_type: str | None = None
    pages: int | None = None
    ocr_pages: int | None = None
    page_texts: list[str] = Field(
        default_factory=list, description="text per page, where the format has pages"
    )
    warnings: list[str] = Field(default_factory=list)
    missing: list[str] = Field(
        default_factory=list,
        description="what of the file is not in `text`, for staff (Vietnamese): pages skipped, timed out "
        "or unreadable; the record's `source.warnings`",
    )
    source_title: str | None = Field(
        default=None,
        description="a title the file states outside its text (HTML title, DOCX/PDF properties, a news "
        "page's 'QR CODE: …' caption): a hint for extract, never part of `text`",
    )
