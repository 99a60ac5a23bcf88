"""Query parameters several API routes share."""

from __future__ import annotations

import re

from ingest.errors import BadQuery

_YEAR = re.compile(r"^\d{4}$")


def year_range(year: str | None, date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """`year=YYYY` as `from=YYYY&to=YYYY`; BadQuery for a year that is not four digits or given
    together with from/to."""
    if year is None or year.strip() == "":
        return date_from, date_to
    year = year.strip()
    if not (year.isascii() and _YEAR.match(year)):
        raise BadQuery(f"year={year!r} is not a year; use four digits, e.g. year=2024")
    if date_from or date_to:
        raise BadQuery("give either year= or from=/to=, not both")
    return year, year
