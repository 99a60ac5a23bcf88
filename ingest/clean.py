"""The last steps every extracted text goes through, whatever the format."""

from __future__ import annotations

import re

from .furniture import strip_furniture
from .legacy import restore_header_capitals
from .normalize import join_hyphenated, normalize_text

_BLANK_RUN = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Trailing spaces off every line, blank runs to one blank line, no blank start or end."""
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


def clean(text: str, *, furniture: bool = False) -> str:
    """normalize_text, a header's lost capitals (`legacy.restore_header_capitals`), optionally
    the site-furniture pass, join_hyphenated, tidy."""
    text = restore_header_capitals(normalize_text(text))
    if furniture:
        text = strip_furniture(text)
    return tidy(join_hyphenated(text))
