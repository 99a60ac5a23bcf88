"""Bytes of a plain-text file → str, whatever the encoding.

Order: a byte-order mark; UTF-16 recognised by its NUL pattern; strict UTF-8; otherwise the
8-bit candidates (Windows-1258, TCVN3, VNI, UTF-8 with repairs, charset-normalizer's guess)
scored by how many well-formed Vietnamese syllables each yields. Text that decoded as Unicode
but still carries TCVN3/VNI letters ("§¶ng", "Ñaûng") is converted too.
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from . import legacy
from .clean import clean
from .detect import utf16_order
from .errors import UnsupportedFile
from .furniture import title_hint
from .limits import Limits
from .models import Document
from .normalize import normalize_text
from .syllables import score

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """Decode `data`; returns (text in NFC, name of the encoding that was used)."""
    text, encoding = decode_unicode(data)
    text = unicodedata.normalize("NFC", text)
    repaired, scheme = legacy.repair(text)
    if scheme is not None:
        return repaired, scheme
    return text, encoding


def decode_unicode(data: bytes) -> tuple[str, str]:
    """Bytes → str by byte-order mark, UTF-16 pattern, UTF-8, or the best 8-bit reading."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    order = utf16_order(data[:4096])
    if order is not None:
        return data.decode(order, errors="replace"), order
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _best_8bit(data)


def _best_8bit(data: bytes) -> tuple[str, str]:
    as_1252 = data.decode("cp1252", errors="replace")
    candidates = {
        "windows-1258": data.decode("cp1258", errors="replace"),
        "tcvn3": legacy.restore_tcvn3(legacy.restore_header_capitals(legacy.convert(as_1252, "tcvn3"))),
        "vni": legacy.convert(as_1252, "vni"),
        "utf-8 (repaired)": data.decode("utf-8", errors="replace"),
    }
    guess = from_bytes(data).best()
    if guess is not None and guess.encoding not in ("cp1258", "utf_8"):
        candidates[guess.encoding] = str(guess)
    scored = {name: score(unicodedata.normalize("NFC", text)) for name, text in candidates.items()}
    best = max(scored, key=lambda name: scored[name])
    return candidates[best], best


def _looks_binary(text: str) -> bool:
    """Decoded text that is mostly control characters, replacement marks or non-characters is no text."""
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\f") or c in "\ufffd\ufffe\uffff")
    return bad > 0.05 * len(sample)


def read(data: bytes, name: str, limits: Limits) -> Document:
    """A plain-text file (also a news page saved as text: site furniture is removed)."""
    text, encoding = decode(data)
    if _looks_binary(text):
        raise UnsupportedFile(f"{name}: binary data, not text in any encoding Vanban reads (decoded as {encoding})")
    warnings = [] if encoding in ("utf-8", "utf-8-sig") else [f"{name}: decoded as {encoding}"]
    return Document(
        text=clean(text, furniture=True),
        warnings=warnings,
        source_title=title_hint(normalize_text(text)),
    )
