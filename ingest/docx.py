"""Word documents: DOCX with python-docx, legacy .doc through antiword or LibreOffice.

Body paragraphs and tables are read in document order; text boxes follow their paragraph;
section headers come first and footers last. Tables go through `tables.table_lines`, so the
two-column header of an official document reads as its left block, then its right block.
Runs set in a legacy font (".VnTime" → TCVN3, "VNI-Times" → VNI) are converted to Unicode.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from . import legacy
from .clean import clean
from .errors import TextTooLong, TooLarge, UnreadableFile, UnsupportedFile
from .limits import Limits
from .models import Document
from .tables import Row, table_lines

_CONVERT_TIMEOUT_S = 120
_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_TXBX, _R = qn("w:txbxContent"), qn("w:r")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_WRAPPERS = frozenset({qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins")})
_SKIP_RUNS_IN = frozenset({_TXBX, qn("w:del"), qn("w:moveFrom"), _FALLBACK})


def read(data: bytes, name: str, limits: Limits) -> Document:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _read_doc(data, name, limits)
    _check_uncompressed_size(data, name, limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises bare KeyError/ValueError/lxml errors
        raise UnreadableFile(f"{name}: the DOCX cannot be opened (its parts are damaged or too large)") from error
    reader = _Reader(document, name, limits.max_chars)
    lines = [*reader.section_lines("header"), *reader.body_lines(), *reader.section_lines("footer")]
    text, scheme = legacy.repair("\n".join(lines))
    warnings = (
        [f"{name}: runs in legacy fonts converted ({', '.join(sorted(reader.schemes))})"]
        if reader.schemes
        else []
    )
    if scheme:
        warnings.append(f"{name}: text converted from {scheme}")
    title = (document.core_properties.title or "").strip() or None
    # furniture too: a news page saved from the browser as a Word file keeps its menus and boxes
    return Document(text=clean(text, furniture=True), warnings=warnings, source_title=title)


def _check_uncompressed_size(data: bytes, name: str, limits: Limits) -> None:
    """A zip bomb is caught by the sizes the archive declares, before anything is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise UnreadableFile(f"{name}: the DOCX archive is damaged ({error})") from error
    if total > limits.max_docx_uncompressed:
        raise TooLarge(
            f"{name}: the DOCX unpacks to {total:,} bytes, over the limit of {limits.max_docx_uncompressed:,}"
        )


class _Reader:
    """Walks one python-docx document; remembers which legacy schemes it converted."""

    def __init__(self, document: DocxDocument, name: str = "file", max_chars: int | None = None):
        self.document = document
        self.name, self.max_chars, self.chars = name, max_chars, 0
        self.schemes: set[str] = set()
        self._style_fonts: dict[str, str | None] = {}
        self._default_font = _default_font(document)

    def body_lines(self) -> list[str]:
        return self._block_lines(self.document.element.body, self.document)

    def section_lines(self, kind: str) -> list[str]:
        lines: list[str] = []
        seen: set[int] = set()
        for section in self.document.sections:
            part = getattr(section, kind)
            if part.is_linked_to_previous or id(part._element) in seen:
                continue
            seen.add(id(part._element))
            lines.extend(self._block_lines(part._element, part))
        return lines

    def _block_lines(self, container: etree._Element, parent) -> list[str]:
        lines: list[str] = []
        for child in _blocks(container):
            if child.tag == _P:
                paragraph = Paragraph(child, parent)
                lines.append(self._paragraph_text(paragraph))
                self._count(len(lines[-1]))
                for box in _text_boxes(child):
                    lines.extend(self._block_lines(box, parent))
            else:
                lines.extend(table_lines(self._rows(child, parent)))
        return lines

    def _count(self, chars: int) -> None:
        """Characters read so far: past the limit the reading stops (a small DOCX can unpack to millions)."""
        self.chars += chars + 1
        if self.max_chars is not None and self.chars > self.max_chars:
            raise TextTooLong(f"{self.name}: the DOCX holds over {self.max_chars:,} characters of text, the limit")

    def _rows(self, table: etree._Element, parent) -> list[Row]:
        """Rows of real cells (a merged cell appears once, in its first row and column)."""
        return [
            [self._block_lines(cell, parent) for cell in row.iterchildren(_TC)] for row in _rows_of(table)
        ]

    def _paragraph_text(self, paragraph: Paragraph) -> str:
        parts = []
        for run in _runs(paragraph):
            font = (
                run.font.name or _style_font(run.style, self._style_fonts) or self._paragraph_font(paragraph)
            )
            scheme = legacy.scheme_for_font(font)
            if scheme:
                self.schemes.add(scheme)
                parts.append(legacy.convert(run.text, scheme, upper=legacy.is_heading_font(font)))
            else:
                parts.append(run.text)
        return "".join(parts)

    def _paragraph_font(self, paragraph: Paragraph) -> str | None:
        try:
            style = paragraph.style
        except (KeyError, ValueError):
            style = None
        return _style_font(style, self._style_fonts) or self._default_font


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of a body, cell, header or text box, also those wrapped in content
    controls (w:sdt) or custom XML, in document order."""
    for child in container:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


def _rows_of(table: etree._Element) -> Iterator[etree._Element]:
    for child in table:
        if child.tag == _TR:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _rows_of(child)


def _runs(paragraph: Paragraph) -> Iterator[Run]:
    """Every run of the paragraph, also inside hyperlinks, fields, content controls and
    insertions; not deleted text, not the paragraphs of a text box anchored here."""
    root = paragraph._p
    for element in root.iter(_R):
        ancestor = element.getparent()
        while ancestor is not None and ancestor is not root and ancestor.tag not in _SKIP_RUNS_IN:
            ancestor = ancestor.getparent()
        if ancestor is root:
            yield Run(element, paragraph)


def _text_boxes(paragraph: etree._Element) -> list[etree._Element]:
    """Text boxes anchored in a paragraph, without the VML copy Word keeps as a fallback."""
    return [
        box
        for box in paragraph.iter(_TXBX)
        if not any(ancestor.tag == _FALLBACK for ancestor in box.iterancestors())
    ]


def _style_font(style: BaseStyle | None, cache: dict[str, str | None]) -> str | None:
    """The font a style sets, looking through the styles it is based on."""
    chain = []
    while style is not None and len(chain) < 20:
        key = style.style_id
        if key in cache:
            font = cache[key]
            break
        chain.append(key)
        font = getattr(getattr(style, "font", None), "name", None)
        if font:
            break
        style = style.base_style
    else:
        font = None
    for key in chain:
        cache[key] = font
    return font


def _default_font(document: DocxDocument) -> str | None:
    fonts = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts")
    return fonts[0].get(qn("w:ascii")) if fonts else None


def _read_doc(data: bytes, name: str, limits: Limits) -> Document:
    """Legacy Word 97-2003: antiword if installed, else LibreOffice converts it to DOCX."""
    antiword = shutil.which("antiword")
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if not antiword and not office:
        raise UnsupportedFile(
            f"{name}: a legacy Word .doc file; this installation has neither antiword nor LibreOffice "
            "to read it (install one, or save the file as DOCX or PDF)"
        )
    with tempfile.TemporaryDirectory(prefix="vanban-doc-") as folder:
        source = Path(folder) / "input.doc"
        source.write_bytes(data)
        if antiword:
            output = _run([antiword, "-m", "UTF-8.txt", "-w", "0", str(source)], name)
            text, scheme = legacy.repair(output.decode("utf-8", errors="replace"))
            warnings = [f"{name}: read with antiword"] + (
                [f"{name}: text converted from {scheme}"] if scheme else []
            )
            return Document(text=clean(text, furniture=True), warnings=warnings)
        _run([office, "--headless", "--convert-to", "docx", "--outdir", folder, str(source)], name)
        converted = Path(folder) / "input.docx"
        if not converted.is_file():
            raise UnreadableFile(f"{name}: LibreOffice could not convert the .doc file")
        document = read(converted.read_bytes(), name, limits)
    return document.model_copy(update={"warnings": [f"{name}: converted by LibreOffice", *document.warnings]})


def _run(command: list[str], name: str) -> bytes:
    try:
        done = subprocess.run(command, capture_output=True, timeout=_CONVERT_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as error:
        raise UnreadableFile(f"{name}: {Path(command[0]).name} took over {_CONVERT_TIMEOUT_S} s") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise UnreadableFile(
            f"{name}: {Path(command[0]).name} failed ({message[-1] if message else done.returncode})"
        )
    return done.stdout
