"""The extraction pipeline: spacy.blank("vi") plus Vanban's registered components.

The components (extract.components) fill a typed DocData on the Doc (extract.docdata) and place
spans; `run()` turns the finished Doc into the contract record (extract.record).

Tokenization: plain syllables (use_pyvi=False). Rules here work on characters and syllables;
pyvi's word segmentation was measured (see README, "Word segmentation") and not used.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language

from extract.components import PIPES
from extract.docdata import DocData, attach
from extract.models import Extraction
from extract.record import to_record

if TYPE_CHECKING:
    from ingest.models import Document

COMPONENTS = tuple(PIPES)


def build_nlp(*, use_pyvi: bool = False) -> Language:
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": use_pyvi}}})
    for name in COMPONENTS:
        nlp.add_pipe(name)
    nlp.initialize()  # each component loads and checks its data files
    return nlp


_LOCK = threading.Lock()


@cache
def get_nlp() -> Language:
    with _LOCK:
        return build_nlp()


def run(document: Document, *, locality_hint: str | None = None) -> Extraction:
    nlp = get_nlp()
    doc = nlp.make_doc(document.text)
    attach(doc, DocData(text=document.text, locality_hint=locality_hint,
                        source_title=getattr(document, "source_title", None)))
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return to_record(doc, document)
