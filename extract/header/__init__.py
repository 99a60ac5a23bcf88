"""The document header: kind, number, issuer, date and place, title, signer; news title and dateline.

Official documents (Party: ĐẢNG CỘNG SẢN VIỆT NAM, state: CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM) carry a
two-column header that may arrive as separate lines, side by side on one line, or as table cells
flattened to lines; news pages carry a title line and a dateline.
"""

from __future__ import annotations

import re

from extract.header import metadata
from extract.header.model import Header
from extract.header.news import _news
from extract.header.official import _embedded_document, _from_metadata, _official
from extract.header.patterns import (
    _HEADING,
    DATE_LINE,
    NUMBER_COLUMN,
    PRINTED_MOTTOS,
    SYMBOL,
    YOUTH_MOTTO,
    _split_columns,
    kind_from_code,
    parse_symbol,
)
from extract.header.signature import sentence_case_position
from extract.header.title import _heading_subject, lower_keep_names
from extract.lexicon import load
from extract.textutil import Line, lines

__all__ = ["Header", "SYMBOL", "analyze", "kind_from_code", "lower_keep_names", "mask_mottos", "parse_symbol",
           "sentence_case_position"]


def mask_mottos(text: str) -> str:
    """Same-length copy of `text` with the printed mottos blanked (line breaks and cell bars kept), so a motto
    wrapped over lines or cells beside the issuer never joins the issuer's name."""
    out = list(text)
    for rx in PRINTED_MOTTOS:
        for m in rx.finditer(text):
            for k in range(m.start(), m.end()):
                if out[k] not in "\n|":
                    out[k] = " "
    return "".join(out)


def analyze(text: str) -> Header:
    h = Header()
    meta = metadata.read(text)
    ls = lines(mask_mottos(text))
    top_text = "\n".join(line.text for line in lines(text)[:60])
    if PRINTED_MOTTOS[0].search(top_text):
        h.family = "party"
    elif PRINTED_MOTTOS[1].search(top_text):
        h.family = "state"
    elif YOUTH_MOTTO.search(top_text):
        h.family = "party"
    else:
        head = "\n".join(line.text for line in ls[:15])
        cols = [c for line in ls[:15] for c in _split_columns(line.text)]
        nm = next((m for c in cols if (m := NUMBER_COLUMN.match(c))), None)
        if nm and DATE_LINE.search(head):
            h.family = "party" if re.match(r"\d+[a-z]?\s*-", nm.group(0)[nm.start("num") - nm.start():]) else "state"
    embedded = _embedded_document(ls) if h.family == "news" else None
    if embedded is not None:
        h.family = "other"  # a news page carrying a document: the document's own header lines settle its fields
    if h.family in ("party", "state", "other"):
        _official(text, ls, h, embedded or 0)
        _from_metadata(meta, h)
        if h.number is None and h.issued_on is None and h.issuer is None:
            h = Header()  # a motto-like line but no header behind it (a site's menu or footer): a news page
    if h.family == "news":
        _news(text, ls, h)
    _from_page_heading(ls, h)
    return h




def _from_page_heading(ls: list[Line], h: Header) -> None:
    """A saved page's own heading names the document: it settles kind and number when it does."""
    first = next((line for line in ls[:3] if line.stripped), None)
    if first is None or len(first.stripped.split()) > 60:
        return
    m = _HEADING.match(first.stripped)
    if not m or (h.family == "news" and h.published_on):
        return
    if h.title is None and h.family != "news":
        h.title = _heading_subject(first.stripped)
    words = load("kinds")["reference_words"]
    word = next((w for w in words if w.casefold() == m.group("word").casefold()), None)
    kind = words.get(word) if word else None
    sm = re.match(SYMBOL, m.group("sym"))
    if kind is None or sm is None or not re.search(r"\d", sm.group(0)) or "/" not in sm.group(0):
        return
    number = re.sub(r"\s+", "", sm.group(0)).rstrip(".")
    h.kind, h.number = kind, number
    if h.family == "news":
        h.family = "state" if re.search(r"\d/", number) else "party"
        h.title = None
