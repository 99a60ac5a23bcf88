"""The type comes from the bytes: names lie, content does not."""

from __future__ import annotations

import io
import zipfile

import pytest

from ingest import load_bytes
from ingest.detect import DOC, DOCX, HTML, JPEG, PDF, PNG, TEXT, TIFF, sniff
from ingest.errors import UnsupportedFile


def _zip(names: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in names.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", PDF),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", JPEG),
        (b"II*\x00\x08\x00\x00\x00", TIFF),
        (_zip({"[Content_Types].xml": "<x/>", "word/document.xml": "<w/>"}), DOCX),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "WordDocument".encode("utf-16-le"), DOC),
        (b"<!DOCTYPE html>\n<html><body>x</body></html>", HTML),
        (b"\xef\xbb\xbf  <html lang='vi'><head>", HTML),
        ("<html><body>Đảng</body></html>".encode("utf-16"), HTML),
        ("Kế hoạch số 15".encode(), TEXT),
        (b"<b>not really html</b> but a line of text", TEXT),
    ],
)
def test_sniff(data, expected):
    assert sniff(data) == expected


def test_the_file_name_does_not_matter():
    doc = load_bytes("Thông báo số 5".encode(), "bao-cao.pdf")
    assert doc.media_type == "text/plain"


def test_a_zip_that_is_not_docx_is_unsupported():
    data = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
    with pytest.raises(UnsupportedFile) as caught:
        load_bytes(data, "van-ban.docx")
    assert "van-ban.docx" in caught.value.message
    assert "ZIP archive without word/document.xml" in caught.value.message


def test_an_ole_file_without_word_stream_is_unsupported():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "Workbook".encode("utf-16-le")
    with pytest.raises(UnsupportedFile, match="OLE"):
        load_bytes(data, "bang.xls")


def test_rtf_is_unsupported_with_advice():
    with pytest.raises(UnsupportedFile, match="RTF"):
        load_bytes(rb"{\rtf1\ansi hello}", "a.rtf")


def test_a_known_binary_type_is_named():
    gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    with pytest.raises(UnsupportedFile, match="(?i)gif"):
        load_bytes(gif, "anh.gif")
