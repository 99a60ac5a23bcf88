"""Word lists and rule tables, loaded once from the data files beside the code."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


@cache
def load(name: str) -> Any:
    """The parsed JSON data file `extract/data/<name>.json` (keys starting with '_' are comments)."""
    with (DATA / f"{name}.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    if isinstance(data, dict):
        return {k: v for k, v in data.items() if not k.startswith("_")}
    return data


def alternation(words: list[str] | dict[str, Any]) -> str:
    """A regex alternation of literal words, longest first (so 'Thông tư liên tịch' beats 'Thông tư')."""
    import re

    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
