"""The header record the rest of the pipeline reads."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Header:
    family: str = "news"  # party | state | news | other
    kind: str | None = None
    number: str | None = None
    number_span: tuple[int, int] | None = None
    title: str | None = None
    issuer: str | None = None
    issuer_spec_text: str | None = None
    issued_on: str | None = None
    published_on: str | None = None
    place: str | None = None
    signer_name: str | None = None
    signer_position: str | None = None
    signer_span: tuple[int, int] | None = None
    header_end: int = 0
    body_start: int = 0
    recipients_span: tuple[int, int] | None = None
    left_block: list[str] = field(default_factory=list)
