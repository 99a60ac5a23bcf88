"""A file's type from its first bytes (magic numbers), never from its name."""

from __future__ import annotations

import io
import re
import zipfile

import puremagic

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
HTML = "text/html"
TEXT = "text/plain"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
IMAGES = frozenset({PNG, JPEG, TIFF})

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(
    rb"\s*+(?:<\?xml[^>]*+>\s*+)?(?:<!--.*?-->\s*+)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|table)\b",
    re.IGNORECASE | re.DOTALL,
)
# Bytes that never occur in text: C0 controls other than tab, line feed, form feed, carriage
# return and escape/substitute, which old editors leave behind.
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 26, 27))


def sniff(data: bytes) -> str | None:
    """The media type Vanban reads `data` as, or None when it is no type Vanban reads."""
    head = data[:4096]
    if b"%PDF-" in data[:1024]:
        return PDF
    for magic, media_type in _IMAGE_MAGIC:
        if head.startswith(magic):
            return media_type
    if head.startswith(b"PK\x03\x04"):
        names = _zip_names(data)
        if names is None:  # damaged: its local headers still name the parts
            return DOCX if b"word/document.xml" in data else None
        return DOCX if "word/document.xml" in names else None
    if head.startswith(_OLE):
        return DOC if _WORD_STREAM in data else None
    if head.startswith(b"{\\rtf"):
        return None
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_order(head) is not None
    if not utf16 and not looks_like_text(head):
        return None
    sample = _ascii_view(head)
    return HTML if _HTML_START.match(sample) else TEXT


def describe(data: bytes) -> str:
    """What the bytes look like, for error messages: 'a ZIP archive without word/document.xml'."""
    if not data:
        return "an empty file"
    if data.startswith(b"PK\x03\x04"):
        names = _zip_names(data)
        if names is None:
            return "a damaged ZIP archive"
        shown = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
        return f"a ZIP archive without word/document.xml (holds {shown or 'nothing'})"
    if data.startswith(_OLE):
        return "an OLE compound file that holds no Word document (Excel or PowerPoint?)"
    if data.startswith(b"{\\rtf"):
        return "an RTF document (save it as DOCX or PDF)"
    try:
        matches = puremagic.magic_string(data[:8192])
    except puremagic.PureError:
        matches = []
    if matches:
        return f"{matches[0].name} ({matches[0].mime_type or matches[0].extension})"
    return f"unrecognized bytes starting {data[:8].hex(' ')}"


def looks_like_text(head: bytes) -> bool:
    """No NUL or other control bytes that text never holds (a few stray ones are tolerated)."""
    if not head:
        return False
    if head.startswith(_BOMS):
        return True
    if b"\x00" in head:
        return False
    controls = len(head) - len(head.translate(None, _BINARY_BYTES))
    return controls <= len(head) // 200


def utf16_order(head: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when a BOM-less sample has NULs in every other byte."""
    even, odd = head[0::2], head[1::2]
    if len(head) < 8:
        return None
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _ascii_view(head: bytes) -> bytes:
    """The sample with UTF-16 NULs and BOMs dropped, enough to look for markup."""
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    return head.replace(b"\x00", b"")


def _zip_names(data: bytes) -> list[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
