"""Small hostile files, made on the fly: each once cost the server gigabytes or minutes.

    from tests.hostile_files import HOSTILE
    for name, (data, expected) in HOSTILE.items(): ...

`expected` is the set of HTTP statuses a server within its limits may answer with.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"


def pdf_from_pages(pages: list[tuple[float, float, bytes]]) -> bytes:
    """A minimal PDF: one page per (width pt, height pt, content stream)."""
    objects: list[bytes] = []
    count = len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(count))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    for i, (width, height, content) in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:g} {height:g}] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>".encode()
        )
        packed = zlib.compress(content, 9)
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def wide_blank_pdf() -> bytes:
    """One blank page 14,400 pt wide (200 inches): 60,000 pixels a side at 300 dpi."""
    return pdf_from_pages([(14_400, 14_400, b"")])


def wide_scan_pdf() -> bytes:
    """The same page with a line drawn on it: not blank, so it would go to OCR."""
    return pdf_from_pages([(14_400, 14_400, b"0 0 m 14000 14000 l S")])


def blank_pages_pdf(count: int = 500) -> bytes:
    return pdf_from_pages([(595, 842, b"")] * count)


def many_runs_pdf(runs: int = 60_000) -> bytes:
    """One page of `runs` one-letter text runs, each in a place of its own."""
    parts = [b"BT /F1 2 Tf"]
    for i in range(runs):
        parts.append(b"1 0 0 1 %d %d Tm (x) Tj" % (3 * (i % 190) + 5, 3 * (i // 190) + 5))
    parts.append(b"ET")
    return pdf_from_pages([(600, 1000, b"\n".join(parts))])


def _png(width: int, height: int) -> bytes:
    """A white grayscale PNG, compressed to a few hundred bytes whatever its size."""
    raw = (b"\x00" + b"\xff" * width) * height
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def tall_png() -> bytes:
    """4 × 60,000 pixels: scaled to 1,200 wide for OCR it would be 18 billion pixels."""
    return _png(4, 60_000)


def many_frames_tiff(frames: int = 2_000) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    first = Image.new("L", (8, 8), 255)
    first.save(out, format="TIFF", save_all=True, append_images=[Image.new("L", (8, 8), 255)] * (frames - 1))
    return out.getvalue()


def colons_txt() -> bytes:
    """Runs of colons and spaces: a cubic pattern once took minutes on 2.5 KB of them."""
    line = "Trang chủ" + ":" * 2_500 + "x\n" + " " * 2_500 + ":x\n"
    return ("Tin tức\n" + line * 40).encode("utf-8")


def percent_txt(size: int = 900_000) -> bytes:
    """'100% ' over and over: one endless sentence of quantities."""
    return ("100% " * (size // 5)).encode("utf-8")


def dates_txt(size: int = 900_000) -> bytes:
    return ("ngày 1/1/2020 " * (size // 14)).encode("utf-8")


def docx_bomb(chars: int = 21_000_000) -> bytes:
    """A DOCX of a few dozen KB whose paragraphs unpack to `chars` characters."""
    paragraph = "<w:p><w:r><w:t>" + "Phát triển đảng viên mới " * 40 + "</w:t></w:r></w:p>"
    body = (paragraph * (chars // 1000)).encode()
    document = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                + body + b"</w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                   'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                   '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                   'document.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", document)
    return out.getvalue()


def bad_charset_html() -> bytes:
    """A page declaring a codec that is no text encoding, with bytes that are not UTF-8."""
    return ('<html><head><meta charset="idna"></head><body><p>Nghị quyết về phát triển đảng viên</p></body></html>'
            .encode().replace(b"</p>", b"\xff\xfe</p>"))


def real_text(chars: int) -> str:
    """Real-looking text: the sample documents one after another."""
    docs = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    parts, size, i = [], 0, 0
    while size < chars:
        parts.append(docs[i % len(docs)])
        size += len(docs[i % len(docs)]) + 2
        i += 1
    return "\n\n".join(parts)[:chars]


OK_OR_REFUSED = frozenset({201, 413, 415, 422})
REFUSED = frozenset({413, 415, 422})

HOSTILE: dict[str, tuple[Callable[[], bytes], frozenset[int]]] = {
    "wide_blank.pdf": (wide_blank_pdf, REFUSED),
    "wide_scan.pdf": (wide_scan_pdf, REFUSED),
    "blank_pages.pdf": (blank_pages_pdf, REFUSED),
    "many_runs.pdf": (many_runs_pdf, REFUSED),
    "tall.png": (tall_png, REFUSED),
    "many_frames.tiff": (many_frames_tiff, REFUSED),
    "colons.txt": (colons_txt, OK_OR_REFUSED),
    "percent.txt": (percent_txt, OK_OR_REFUSED),
    "dates.txt": (dates_txt, OK_OR_REFUSED),
    "bomb.docx": (docx_bomb, REFUSED),
    "charset.html": (bad_charset_html, OK_OR_REFUSED),
}
