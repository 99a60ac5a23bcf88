"""The data files of extract/data, checked against their schemas when a component initializes.

Every file is a JSON object that names where its words come from (`_source`); files with a fixed
shape have a pydantic model below. A malformed file stops the pipeline at `initialize()` with the
file and the field named, not in the middle of a document.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extract.lexicon import DATA, load

WordList = list[str]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Signals(_Data):
    target_before: WordList
    target_after: WordList
    figure_before: WordList
    figure_strong: WordList
    strong_target: WordList = Field(default_factory=list)
    comparators: dict[str, str]
    after_comparators: dict[str, str]
    recurrence: dict[str, str]
    target_sections: WordList
    figure_sections: WordList


class Quantities(_Data):
    counted_nouns: WordList
    not_nouns: WordList
    ordinal_before: WordList


class Labels(_Data):
    clause_openers: WordList
    leading_words: WordList
    trailing_words: WordList
    measure_heads: WordList
    stop_after: WordList
    time_place_words: WordList
    not_after_heads: WordList
    plan_words: WordList
    person_nouns: WordList = Field(default_factory=list)
    stand_in_nouns: WordList = Field(default_factory=list)


class Abbreviations(_Data):
    expansions: dict[str, str]
    bodies: dict[str, str]


class IndicatorEntry(_Data):
    code: str
    name: str
    unit: str
    source: str
    phrasings: WordList
    share: bool = False


class Indicators(_Data):
    indicators: list[IndicatorEntry]
    sources: dict[str, str]


SCHEMAS: dict[str, type[_Data]] = {
    "indicators": Indicators,
    "signals": Signals,
    "quantities": Quantities,
    "labels": Labels,
    "abbreviations": Abbreviations,
}


class DataFileError(ValueError):
    """A data file of extract/data that does not have the shape its component reads."""


@cache
def validated(name: str) -> Any:
    """The data file `name`, checked: a named source, and the schema of SCHEMAS when it has one."""
    path = DATA / f"{name}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataFileError(f"{path.name}: {exc}") from exc
    if not isinstance(raw, dict) or not str(raw.get("_source", "")).strip():
        raise DataFileError(f"{path.name}: a JSON object with a '_source' that names where its words come from")
    schema = SCHEMAS.get(name)
    if schema is not None:
        try:
            schema.model_validate(load(name))
        except ValidationError as exc:
            raise DataFileError(f"{path.name}: {exc}") from exc
    return load(name)


def all_names() -> list[str]:
    return sorted(p.stem for p in DATA.glob("*.json"))
