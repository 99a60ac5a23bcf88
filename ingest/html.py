"""HTML pages: the document body without the site around it.

trafilatura finds the body and drops menus, comments and related-news boxes. Before it runs,
elements that declare themselves navigation (nav, header, footer, ARIA tablists and menus,
breadcrumbs) are removed, and their labels are remembered so a copy of them elsewhere on the
page is dropped too. As a safeguard the densest paragraph container of the page is rendered as
well; when trafilatura kept less than most of it (a header table dropped, an article cut), that
container is used instead. Tables go through `tables.table_lines`.
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree

from . import legacy
from .clean import clean
from .errors import UnreadableFile
from .limits import Limits
from .models import Document
from .tables import Row, is_layout, table_lines
from .text import decode_unicode

# Not <form>: ASP.NET sites wrap the whole page in one. Not an article's own <header>: it holds
# the title and the date.
_NAVIGATION = etree.XPath(
    "//nav | //header[not(ancestor::article or ancestor::main)] | //footer[not(ancestor::article)]"
    " | //aside | //menu | //button | //select"
    " | //*[@role='navigation' or @role='tablist' or @role='tab' or @role='menu' or @role='menubar'"
    " or @role='banner' or @role='contentinfo' or @role='search' or @role='dialog']"
    " | //*[@aria-hidden='true'] | //*[contains(@class, 'breadcrumb') or contains(@id, 'breadcrumb')]"
)
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "iframe", "object", "canvas")
_BLOCKS = frozenset(
    "p div section article main body head h1 h2 h3 h4 h5 h6 li item list ul ol dl dt dd blockquote quote"
    " pre code center address figure figcaption caption tr row".split()
)
_CELLS = frozenset({"td", "th", "cell"})
_ROWS = frozenset({"tr", "row"})
_BREAKS = frozenset({"br", "lb"})
_CONTAINERS = frozenset({"div", "section", "article", "main", "body", "td", "blockquote"})
_PARAGRAPHS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
# A menu label is short; a body line equal to one is dropped only when it is this short.
_MENU_LABEL_WORDS = 6
# trafilatura must keep this share of the densest container's lines, or the container is used.
_MIN_COVERAGE = 0.9
# The first lines of a document (its header) must all be kept.
_HEAD_LINES = 12
# The page heading is put first unless one of the first lines already is the heading.
_HEADING_WINDOW = 5


def read(data: bytes, name: str, limits: Limits) -> Document:
    tree = _parse(data, name)
    menu_labels = _strip_navigation(tree)
    heading, title = _titles(tree)  # after navigation is gone: a logo in <header> is no title
    menu_labels.discard(heading)
    lines = _trafilatura_lines(tree)
    blocks = _densest_blocks(tree)
    if blocks:
        dense = [line for block in blocks for line in render(block)]
        # the container holds what trafilatura kept, and more: trafilatura cut something (often
        # the header table, which comes first)
        kept_enough = min(_coverage(dense, lines), _coverage(dense[:_HEAD_LINES], lines)) >= _MIN_COVERAGE
        if not kept_enough and _coverage(lines, dense) >= _MIN_COVERAGE:
            lines = dense
    lines = [line for line in lines if _key(line) not in menu_labels]
    if heading and heading not in map(_key, lines[:_HEADING_WINDOW]):
        lines.insert(0, heading)  # a news title often sits outside the article element
    text, _scheme = legacy.repair("\n".join(lines))
    text = clean(text, furniture=True)
    if not text:
        raise UnreadableFile(f"{name}: the HTML page holds no readable text")
    return Document(text=text, source_title=title)


def _parse(data: bytes, name: str) -> lxml.html.HtmlElement:
    markup = _decode(data)
    markup = _XML_DECLARATION.sub("", markup, count=1)
    try:
        tree = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as error:
        raise UnreadableFile(f"{name}: the HTML cannot be parsed ({error})") from error
    for element in tree.iter(*_INVISIBLE):
        if element.getparent() is not None:
            element.drop_tree()
    return tree


def _decode(data: bytes) -> str:
    """UTF-8 when the bytes are valid UTF-8 (pages often declare a charset they do not use),
    else the declared charset, else the plain-text decoder's best reading."""
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        match = _META_CHARSET.search(data[:4096])
        if match:
            try:
                return data.decode(match.group(1).decode("ascii"), errors="replace")
            except (LookupError, UnicodeError):  # an unknown codec, or one that is no text encoding (idna)
                pass
    return decode_unicode(data)[0]


def _titles(tree: lxml.html.HtmlElement) -> tuple[str, str | None]:
    """The page's first h1 ('' if none) and its best title (h1, og:title or <title>)."""
    found = {}
    for xpath in ("//h1", "//meta[@property='og:title']/@content", "//title"):
        for hit in tree.xpath(xpath):
            text = _key(hit if isinstance(hit, str) else hit.text_content())
            if text:
                found[xpath] = text
                break
    heading = found.get("//h1", "")
    return heading, heading or next(iter(found.values()), None)


def _strip_navigation(tree: lxml.html.HtmlElement) -> set[str]:
    """Remove navigation elements; return the short labels they held."""
    labels: set[str] = set()
    for element in _NAVIGATION(tree):
        if element.getparent() is None:
            continue
        for line in render(element):
            key = _key(line)
            if key and len(key.split()) <= _MENU_LABEL_WORDS:
                labels.add(key)
        element.drop_tree()
    return labels


def _trafilatura_lines(tree: lxml.html.HtmlElement) -> list[str]:
    result = trafilatura.bare_extraction(
        tree,
        include_tables=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        favor_recall=True,
        with_metadata=False,
    )
    body = getattr(result, "body", None)
    return render(body) if body is not None else []


def _densest_blocks(tree: lxml.html.HtmlElement) -> list[etree._Element]:
    """The element whose paragraphs hold the most text (parents score fully, grandparents
    half), preceded by any header table that sits in a wrapper of its own just before it."""
    scores: dict[etree._Element, float] = {}
    for paragraph in tree.iter(*_PARAGRAPHS):
        length = _text_length(paragraph)
        if length < 20:
            continue
        parent = _container_of(paragraph)
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + length
        grandparent = _container_of(parent)
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0) + length / 2
    if not scores:
        return []
    best = max(scores, key=lambda element: scores[element])
    blocks = [best]
    for sibling in best.itersiblings(preceding=True):
        if not isinstance(sibling.tag, str) or not _text_length(sibling):
            continue
        if not any(is_layout(_rows(table)) for table in sibling.iter("table")):
            break
        blocks.insert(0, sibling)
    return blocks


def _text_length(element: etree._Element) -> int:
    return _visible_length(element.text_content())


def _visible_length(text: str) -> int:
    """Characters other than white space (fast: no splitting of a page-sized string)."""
    return len(text) - sum(map(text.count, " \n\t\r\xa0"))


def _container_of(element: etree._Element) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag not in _CONTAINERS:
        parent = parent.getparent()
    return parent


def _coverage(reference: list[str], lines: list[str]) -> float:
    """Share of the reference's substantial lines that `lines` also holds."""
    wanted = {_key(line) for line in reference if len(_key(line)) >= 8}
    if not wanted:
        return 1.0
    have = {_key(line) for line in lines}
    return len(wanted & have) / len(wanted)


def _key(line: str) -> str:
    return " ".join(line.split())


def render(element: etree._Element) -> list[str]:
    """Block-aware text of an HTML or trafilatura-XML element: one line per paragraph, line
    break or table cell line."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            lines.append(text)
        current.clear()

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "table":
            flush()
            lines.extend(table_lines(_rows(node)))
        elif tag in _BREAKS:
            flush()
        else:
            block = tag in _BLOCKS or tag in _CELLS
            if block:
                flush()
            if node.text and tag:
                current.append(node.text)
            for child in node:
                walk(child)
            if block:
                flush()
        if node.tail:
            current.append(node.tail)

    if element.text:
        current.append(element.text)
    for child in element:
        walk(child)
    flush()
    return lines


def _rows(table: etree._Element) -> list[Row]:
    rows: list[Row] = []
    for row in table.iter(*_ROWS):
        if _owning_table(row) is not table:
            continue
        cells = [cell for cell in row if isinstance(cell.tag, str) and cell.tag in _CELLS]
        rows.append([render(cell) for cell in cells])
    return rows


def _owning_table(element: etree._Element) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent
